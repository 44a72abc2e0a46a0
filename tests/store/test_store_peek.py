"""The app's first look at a class (``store.peek``): the names and scores the checked class has.

It reads files with json alone (no pydantic: that is its point), so it is
checked against the store's own reading of the same class, journal included,
and anything it cannot read gives None (the full load then reports it).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from store_helpers import make_record

from grouper.config.resources import sample_class_files
from grouper.core.placement import current_values
from grouper.session.demo import make_demo_store, sample_records
from grouper.store import NewScore, Store
from grouper.store.peek import ClassLook, look_at_bundle, look_at_store

TODAY = dt.date(2026, 11, 23)


def expected(store: Store, name: str) -> tuple[list[tuple[str, str]], dict[str, dict[str, int]], list[str]]:
    record = store.load_class(name)
    active = [(s.id, s.name) for s in record.students if s.active]
    values = current_values(record)
    return active, {sid: values[sid] for sid, _ in active}, [c.id for c in record.pathway.all_checks()]


def seen(look: ClassLook) -> tuple[list[tuple[str, str]], dict[str, dict[str, int]], list[str]]:
    return list(look.students), look.values, [c.id for stage in look.stages for c in stage.checks]


def test_each_sample_class_looks_as_the_store_reads_it() -> None:
    root = make_demo_store(TODAY)
    try:
        with Store(root, writable=False) as store:
            for name in store.class_names():
                look = look_at_store(root, name.upper())  # any case, as the config may hold it
                assert look is not None and look.name == name
                assert seen(look) == expected(store, name)
            assert look_at_store(root, "no such class") == look_at_store(root, store.class_names()[0])
    finally:
        import shutil

        shutil.rmtree(root)


def test_a_sample_bundle_looks_like_the_class_it_becomes() -> None:
    first = sample_records(TODAY)[0]
    look = look_at_bundle(sample_class_files()[0])
    assert look is not None and look.name == first.name
    values = current_values(first)
    assert list(look.students) == [(s.id, s.name) for s in first.students if s.active]
    assert look.values == {sid: values[sid] for sid, _ in look.students}


def test_the_journals_newest_scores_are_in_the_look(tmp_path: Path) -> None:
    root = tmp_path / "store"
    with Store(root) as store:
        store.create_class(make_record())
    store = Store(root, journal=True)
    store.add_scores("Room 7", [NewScore("s1", "letters-named", 33, TODAY)])
    store.add_scores("Room 7", [NewScore("s1", "letters-named", None, TODAY)])  # cleared again
    store.add_scores("Room 7", [NewScore("s2", "blends", 7, TODAY)])
    try:
        assert (root / "classes" / "room-7.journal").exists()
        look = look_at_store(root, "Room 7")
        assert look is not None
        assert seen(look) == expected(store, "Room 7")
        assert "letters-named" not in look.values["s1"] and look.values["s2"]["blends"] == 7
        assert all(sid != "s3" for sid, _ in look.students)  # inactive: not in the grid
    finally:
        store.close()


def test_what_it_cannot_read_gives_none(tmp_path: Path) -> None:
    root = tmp_path / "store"
    assert look_at_store(root, None) is None  # no store
    with Store(root) as store:
        store.create_class(make_record())
    class_file = root / "classes" / "room-7.json"
    good = class_file.read_bytes()
    for bad in (b"", b"{not json", b"[]", json.dumps({"meta": {}}).encode()):
        class_file.write_bytes(bad)
        assert look_at_store(root, None) is None
    class_file.write_bytes(good)
    (root / "index.json").write_bytes(b'{"classes": {}}')
    assert look_at_store(root, None) is None  # no classes: the welcome screen, not a look
    bundle = tmp_path / "bundle.json"
    bundle.write_text('{"class": {"name": "x"}}')
    assert look_at_bundle(bundle) is None


def test_names_with_control_characters_are_shown_as_symbols(tmp_path: Path) -> None:
    root = tmp_path / "store"
    with Store(root) as store:
        store.create_class(make_record())
    class_file = root / "classes" / "room-7.json"
    data = json.loads(class_file.read_bytes())
    next(iter(data["students"].values()))["name"] = "Zoë\x1b[2J"
    class_file.write_bytes(json.dumps(data).encode())
    look = look_at_store(root, None)
    assert look is not None and look.students[0][1] == "Zoë␛[2J"


def test_the_first_look_loads_neither_pydantic_nor_the_store() -> None:
    code = (
        "import sys, grouper.ui.app, grouper.ui.screens.opening, grouper.store.peek, grouper.cli.launch\n"
        "print(sorted(m for m in ('pydantic', 'tinydb', 'filelock', 'grouper.store.store') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
