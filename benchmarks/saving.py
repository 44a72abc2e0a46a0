"""Saving (4): one score into a class with a full year of history.

The store is opened once and kept open, and each figure adds one score with
``Store.add_scores``. Figures 4 and 4b save as a command does (validation,
the TinyDB update, one atomic write of the whole class file with fsync, the
backup link and its pruning); 4c saves as the app does, appending to the
class's score journal. The baseline writes the same class's data with a
plain ``json.dumps`` + write + fsync into the same folder, alternately with
the store's saves.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from .common import Config, Figure, alternate, paired, timed
from .data import END, literacy, make_class, wide_pathway

CLASS = "Full year"


def _plain_save(path: Path, data: object) -> None:
    blob = json.dumps(data).encode("utf-8")
    with open(path, "wb") as f:
        f.write(blob)
        f.flush()
        os.fsync(f.fileno())


def saving(cfg: Config) -> list[Figure]:
    from grouper.store import NewScore, Store
    from grouper.store.backups import KEEP_LAST

    dates = 10 if cfg.quick else 40
    record = make_class(CLASS, wide_pathway(), 30, dates=dates, every_check=True, seed=4)
    scores = len(record.scores)
    alone, crowded = cfg.scratch / "save-alone", cfg.scratch / "save-crowded"
    for root in (alone, crowded):
        shutil.rmtree(root, ignore_errors=True)
    with Store(alone, writable=True) as store:
        store.create_class(record)
    with Store(crowded, writable=True) as store:
        for i in range(40):
            store.create_class(make_class(f"Other class {i + 1}", literacy(), 30, dates=2 if cfg.quick else 10, seed=i))
        store.create_class(record)
    student, check = record.students[0].id, record.pathway.all_checks()[0]
    counter = iter(range(10**9))

    def add(store: Store) -> float:
        value = next(counter) % (check.max + 1)
        return timed(lambda: store.add_scores(CLASS, [NewScore(student, check.id, value, END)]))

    plain = alone / "plain.json"
    repeats = cfg.repeats(35, 5)
    with Store(alone, writable=True) as one, Store(crowded, writable=True) as many:
        # Steady state, as in a class in use: the file is read and cached, and the rotation already
        # holds its last KEEP_LAST backups, so every save also prunes (unlinks) the oldest one.
        for _ in range(KEEP_LAST + 1):
            add(one), add(many)
        data = json.loads(next((alone / "classes").glob("*.json")).read_bytes())
        saves, plain_runs = alternate(lambda: add(one), lambda: timed(lambda: _plain_save(plain, data)), repeats)
        crowded_runs, alone_runs = alternate(lambda: add(many), lambda: add(one), repeats)
    with Store(alone, writable=True, journal=True) as app_store:
        add(app_store)  # the first save starts the journal
        journal_runs, plain_again = alternate(
            lambda: add(app_store), lambda: timed(lambda: _plain_save(plain, data)), repeats
        )
    size = (next((alone / "classes").glob("*.json"))).stat().st_size
    what = f"{scores:,} scores, a {size / 1e6:.1f} MB class file"
    return [
        Figure("4", f"save one score ({scores:,} scores in the class)", unit="s", target=1.5,
               **paired(saves, plain_runs), baseline_name="json.dumps + write + fsync of the same data", note=what,
               runs={"measured": saves, "baseline": plain_runs}),
        Figure("4b", "save one score, 40 other classes in the store", unit="s", target=1.2,
               **paired(crowded_runs, alone_runs), baseline_name="the same save, no other classes",
               runs={"measured": crowded_runs, "baseline": alone_runs}),
        Figure("4c", "save one score as the app does (score journal)", unit="s", target=None,
               **paired(journal_runs, plain_again),
               baseline_name="json.dumps + write + fsync of the same data", note="one appended line and fsync",
               runs={"measured": journal_runs, "baseline": plain_again}),
    ]
