"""A class holds at most 2,000 students, and an imported file at most 200,000 rows: beyond, a plain refusal.

A school-sized roster or a file of a million rows once took a gigabyte of
memory and then minutes for every ``grouper groups``. Now each file kind that
comes in (a roster, a scores file in either layout, a OneRoster users.csv or
enrollments.csv, a class bundle) is refused in one line naming the file and the
limit, reading stops at the first row past it, and nothing is written. Right
at the limit, a class still imports.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_helpers import CLASS, Cli, assert_error, snapshot, write_text

from grouper.core.limits import MAX_ROWS, MAX_STUDENTS

ROWS_REFUSED = f"more than {MAX_ROWS:,} rows; grouper reads at most {MAX_ROWS:,} rows from one file"


def too_many(count: int) -> str:
    return f"that would make {count:,} students in one class; a class holds at most {MAX_STUDENTS:,}"


def roster(path: Path, count: int, first: int = 0) -> Path:
    return write_text(path, "id,name\n" + "".join(f"k{i},Student {i}\n" for i in range(first, first + count)))


def refused(cli: Cli, store: Path, line: str, *command: object) -> None:
    before = snapshot(store)
    r = cli(*command, store=store)
    assert_error(r, 1, max_lines=1)
    assert r.err_lines == [line], str(r)
    assert snapshot(store) == before


def test_a_roster_of_more_rows_than_a_file_may_hold_is_refused(cli: Cli, empty: Path, tmp_path: Path) -> None:
    path = roster(tmp_path / "district.csv", MAX_ROWS + 1)
    refused(cli, empty, f"{path}: {ROWS_REFUSED}", "roster", "import", "Empty", path)


def test_a_class_takes_2000_students_and_not_one_more(cli: Cli, empty: Path, tmp_path: Path) -> None:
    whole = roster(tmp_path / "school.csv", MAX_STUDENTS + 1)
    refused(cli, empty, f"{whole}: {too_many(MAX_STUDENTS + 1)}; nothing was imported",
            "roster", "import", "Empty", whole)
    full = roster(tmp_path / "full.csv", MAX_STUDENTS)
    r = cli.ok("roster", "import", "Empty", full, store=empty)
    assert f"{MAX_STUDENTS} added" in r.out
    again = cli.ok("roster", "import", "Empty", full, store=empty)  # the same list again: all unchanged
    assert f"{MAX_STUDENTS} unchanged" in again.out
    one_more = roster(tmp_path / "new-student.csv", 1, first=MAX_STUDENTS)
    refused(cli, empty, f"{one_more}: {too_many(MAX_STUDENTS + 1)}; nothing was imported",
            "roster", "import", "Empty", one_more)
    groups = cli.groups(empty, "Empty")
    assert len(groups["placements"]) == MAX_STUDENTS


@pytest.mark.parametrize("layout", ["long", "wide"])
def test_a_scores_file_of_more_rows_than_a_file_may_hold_is_refused(
    cli: Cli, room: Path, tmp_path: Path, layout: str
) -> None:
    if layout == "long":
        text = "student,check,score,date\n" + "z1,lid,30,2026-11-16\n" * (MAX_ROWS + 1)
    else:
        text = "id,lid,date\n" + "z1,30,2026-11-16\n" * (MAX_ROWS + 1)
    path = write_text(tmp_path / f"{layout}.csv", text)
    refused(cli, room, f"{path}: {ROWS_REFUSED}", "scores", "import", CLASS, path)


def oneroster(
    folder: Path, students: int, *, users_rows: int | None = None, enrollment_rows: int | None = None
) -> Path:
    """A OneRoster 1.1 folder: one class (G1-R7) with ``students`` students enrolled, padded to the given rows."""
    folder.mkdir()
    (folder / "classes.csv").write_text("sourcedId,title,classCode\nc-1,Grade 1 Reading,G1-R7\n", encoding="utf-8")
    users = ["sourcedId,givenName,familyName,role"]
    users += [f"u{i},Student,{i},student" for i in range(users_rows if users_rows is not None else students)]
    (folder / "users.csv").write_text("\n".join(users) + "\n", encoding="utf-8")
    count = enrollment_rows if enrollment_rows is not None else students
    enrollments = ["sourcedId,classSourcedId,userSourcedId,role"]
    enrollments += [f"e{i},c-1,u{i % max(students, 1)},student" for i in range(count)]
    (folder / "enrollments.csv").write_text("\n".join(enrollments) + "\n", encoding="utf-8")
    return folder


def test_oneroster_files_of_more_rows_than_a_file_may_hold_are_refused(cli: Cli, empty: Path, tmp_path: Path) -> None:
    users = oneroster(tmp_path / "users-big", 3, users_rows=MAX_ROWS + 1)
    refused(cli, empty, f"{users / 'users.csv'}: {ROWS_REFUSED}",
            "roster", "import-oneroster", users, "--class", "G1-R7", "--into", "Empty")
    enrollments = oneroster(tmp_path / "enrollments-big", 3, enrollment_rows=MAX_ROWS + 1)
    refused(cli, empty, f"{enrollments / 'enrollments.csv'}: {ROWS_REFUSED}",
            "roster", "import-oneroster", enrollments, "--class", "G1-R7", "--into", "Empty")
    zipped = shutil.make_archive(str(tmp_path / "school"), "zip", users)
    refused(cli, empty, f"{zipped}:users.csv: {ROWS_REFUSED}", "roster", "import-oneroster", zipped)


def test_a_oneroster_class_of_more_students_than_a_class_holds_is_refused(
    cli: Cli, empty: Path, tmp_path: Path
) -> None:
    package = oneroster(tmp_path / "package", MAX_STUDENTS + 1)
    refused(cli, empty, f"{package}: class 'G1-R7': {too_many(MAX_STUDENTS + 1)}; nothing was imported",
            "roster", "import-oneroster", package, "--class", "G1-R7", "--into", "Empty")


def test_a_class_bundle_of_more_students_than_a_class_holds_is_refused(
    cli: Cli, room: Path, room_bundle: dict[str, object], tmp_path: Path
) -> None:
    bundle = dict(room_bundle)
    students = list(bundle["students"])  # type: ignore[call-overload]
    students += [{"id": f"k{i}", "name": f"Student {i}"} for i in range(MAX_STUDENTS + 1 - len(students))]
    bundle["students"] = students
    path = tmp_path / "school.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    refused(cli, room, f"{path}: {too_many(MAX_STUDENTS + 1)}", "class", "import", path, "--name", "Whole school")
    bundle["students"] = students[:MAX_STUDENTS]
    path.write_text(json.dumps(bundle), encoding="utf-8")
    r = cli.ok("class", "import", path, "--name", "Full class", store=room)
    assert f"{MAX_STUDENTS} students" in r.out
