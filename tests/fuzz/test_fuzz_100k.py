"""A year of a school's data in one file: 100,000-row roster and scores CSVs through the real command.

What is promised is that they import whole (or are refused with a message: a
roster of a whole school is more students than a class holds),
with no traceback, and that the class opens afterwards. How long it takes is
measured and reported at the end of the run ("large-file import times"), never
asserted: the machine CI runs on decides that, not grouper.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import GROUPER, Cli, Result, write_text

ROWS = 100_000
STUDENTS = [(f"k{i}", name) for i, name in enumerate(
    ["Zoë Ng", "Ana Lopez", "Anabel Cruz", "José O'Neil", "محمد", "王小明", "Bo Li", "=HYPERLINK(\"x\")",
     "Siobhán Ní Bhriain", "Nguyễn Văn An", "Ama Mensah", "Lukas Müller"], start=1)]
CHECKS = (("cap", 12), ("lid", 54), ("lsnd", 26), ("blend", 10), ("seg", 10), ("hfw", 50), ("cvc", 20))


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    if not GROUPER.exists():
        pytest.skip(f"the grouper console script is not installed next to this Python ({GROUPER})")
    return Cli(tmp_path / "home", tmp_path / "config")


def timed(record_property: Callable[[str, object], None], run: Callable[[], Result]) -> Result:
    start = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - start
    record_property("seconds", round(seconds, 2))
    print(f"{seconds:.2f} s")
    return result


def test_a_roster_of_100k_rows_is_refused_whole(cli: Cli, tmp_path: Path, record_property: Callable[..., None]) -> None:
    """A whole school is more students than a class holds (2,000): refused in one line, nothing written."""
    store = tmp_path / "store"
    cli.ok("class", "new", "Whole school", "--pathway", "early-literacy", store=store)
    before = json.loads(cli.ok("class", "export", "Whole school", store=store).out)
    rows = "".join(f"s{i},Student {i} {STUDENTS[i % len(STUDENTS)][1]},{'ELL' if i % 7 == 0 else ''}\n"
                   for i in range(ROWS))
    path = write_text(tmp_path / "school.csv", "id,name,tags\n" + rows)
    r = timed(record_property, lambda: cli("roster", "import", "Whole school", path, store=store))
    assert r.code == 1 and "Traceback" not in r.err, str(r)[:2000]
    assert r.err_lines == [f"{path}: that would make {ROWS:,} students in one class; a class holds at most 2,000; "
                           "nothing was imported"], str(r)[:2000]
    assert json.loads(cli.ok("class", "export", "Whole school", store=store).out) == before


def test_a_long_scores_file_of_100k_rows_imports_whole(cli: Cli, tmp_path: Path,
                                                       record_property: Callable[..., None]) -> None:
    store = tmp_path / "store"
    cli.ok("class", "new", "Room 7", "--pathway", "early-literacy", store=store)
    roster = "id,name\n" + "".join(f'{sid},"{name.replace(chr(34), chr(34) * 2)}"\n' for sid, name in STUDENTS)
    cli.ok("roster", "import", "Room 7", write_text(tmp_path / "roster.csv", roster), store=store)
    rnd = random.Random(20261120)
    first = dt.date(2024, 9, 2)
    lines = ["student,check,score,date,note"]
    for i in range(ROWS):
        sid, name = STUDENTS[i % len(STUDENTS)]
        check, top = CHECKS[rnd.randrange(len(CHECKS))]
        who = sid if i % 2 else '"' + name.replace('"', '""') + '"'  # half by id, half by name, as files mix them
        lines.append(f"{who},{check},{rnd.randint(0, top)},{first + dt.timedelta(days=i % 800)},")
    path = write_text(tmp_path / "scores.csv", "\n".join(lines) + "\n")
    r = timed(record_property, lambda: cli("scores", "import", "Room 7", path, store=store))
    assert r.code == 0 and "Traceback" not in r.err, str(r)[:2000]
    assert f"imported {ROWS} scores for {len(STUDENTS)} students" in r.out
    plan = json.loads(cli.ok("groups", "Room 7", "--json", store=store).out)
    assert len(plan["placements"]) == len(STUDENTS)
