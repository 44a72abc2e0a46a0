"""Roster files as school systems export them: "Student Name", "Student ID", "Student Number"."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import Cli, assert_error, write_text


def test_student_name_and_student_id_headers_are_read(cli: Cli, empty: Path, tmp_path: Path) -> None:
    path = write_text(tmp_path / "sis.csv", "Student ID,Student Name,Grade\nS-101,Ana Lopez,2\nS-102,Ben Ito,2\n")
    r = cli.ok("roster", "import", "Empty", path, store=empty)
    assert r.out.strip() == "Empty: 2 added, 0 updated, 0 unchanged"
    students = cli.bundle(empty, "Empty")["students"]
    assert [(s["id"], s["name"]) for s in students] == [("S-101", "Ana Lopez"), ("S-102", "Ben Ito")]
    again = cli.ok("roster", "import", "Empty", path, store=empty)
    assert again.out.strip() == "Empty: 0 added, 0 updated, 2 unchanged"


def test_student_number_is_the_id_with_first_and_last_names(cli: Cli, empty: Path, tmp_path: Path) -> None:
    path = write_text(tmp_path / "sis.csv", "Student Number;Surname;Given Name\n4411;Ng;Zoë\n")
    cli.ok("roster", "import", "Empty", path, store=empty)
    students = cli.bundle(empty, "Empty")["students"]
    assert [(s["id"], s["name"]) for s in students] == [("4411", "Zoë Ng")]


def test_a_file_with_no_name_column_names_the_headers_it_has(cli: Cli, empty: Path, tmp_path: Path) -> None:
    path = write_text(tmp_path / "sis.csv", "Student ID,Grade\nS-1,2\n")
    r = cli("roster", "import", "Empty", path, store=empty)
    assert_error(r, 1, "sis.csv: line 1", "Student Name", "found: Student ID, Grade")
    assert cli.bundle(empty, "Empty")["students"] == []
