"""grouper roster import-oneroster: the school's OneRoster export, imported again and again."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from cli_helpers import Cli, assert_error, snapshot, students_of, write_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "oneroster"


def roster(cli: Cli, store: Path, cls: str = "Empty") -> dict[str, tuple[str, bool, str | None, str | None]]:
    """id -> (name, active, sourced_id, number) as the class export holds them."""
    return {
        sid: (s["name"], s["active"], s.get("sourced_id"), s.get("number"))
        for sid, s in students_of(cli.bundle(store, cls)).items()
    }


def test_without_class_lists_the_classes(cli: Cli, empty: Path) -> None:
    before = snapshot(empty)
    r = cli.ok("roster", "import-oneroster", FIXTURES / "v1p1", store=empty)
    lines = r.out.splitlines()
    assert lines[0].endswith("v1p1: OneRoster 1.1, bulk, 3 classes")
    assert lines[1].split() == ["code", "title", "students"]
    assert [line.split()[0] for line in lines[2:5]] == ["G1-R7", "G1-M7", "G2-R"]
    assert [line.split()[-1] for line in lines[2:5]] == ["6", "2", "1"]  # teachers and the parent are not counted
    assert "Grade 1 Reading - Room 7" in lines[2]
    assert "--class CODE --into CLASS" in lines[-1]
    assert snapshot(empty) == before  # listing writes nothing


def test_import_then_reimport_is_idempotent(cli: Cli, empty: Path) -> None:
    r = cli.ok("roster", "import-oneroster", FIXTURES / "v1p1", "--class", "G1-R7", "--into", "Empty", store=empty)
    assert r.out.strip() == "Empty: from G1-R7 (Grade 1 Reading - Room 7): 6 added, 0 updated, 0 left unchanged, " \
                            "0 made inactive"
    assert roster(cli, empty) == {
        "1001": ("Zoë Ng", True, "u-zoe", "1001"),
        "1002": ("José O'Neil", True, "u-jose", "1002"),
        "1003": ("Mary-Kate O’Brien", True, "u-mk", "1003"),
        "1004": ("محمد علي", True, "u-mo", "1004"),
        "1005": ("Ana Lopez", True, "u-ana", "1005"),
        "1006": ("Bo Li", True, "u-bo", "1006"),
    }
    before = snapshot(empty)
    r = cli.ok("roster", "import-oneroster", FIXTURES / "v1p1", "--class", "grade 1 reading - room 7",
               "--into", "empty", store=empty)
    assert "0 added, 0 updated, 6 left unchanged, 0 made inactive" in r.out
    assert snapshot(empty) == before  # nothing to change: nothing written


def test_withdrawn_student_is_made_inactive_and_leaves_the_groups_but_keeps_history(cli: Cli, empty: Path) -> None:
    cli.ok("roster", "import-oneroster", FIXTURES / "v1p1", "--class", "G1-R7", "--into", "Empty", store=empty)
    cli.ok("score", "Empty", "Bo Li", "cap", "9", store=empty)
    cli.ok("note", "Empty", "Bo Li", "reads with a finger", store=empty)
    r = cli.ok("roster", "import-oneroster", FIXTURES / "v1p1-week2", "--class", "G1-R7", "--into", "Empty",
               store=empty)
    assert "1 added, 1 updated, 4 left unchanged, 1 made inactive" in r.out
    assert "No longer enrolled (out of the groups, scores and notes kept): Bo Li" in r.out
    students = roster(cli, empty)
    assert students["1006"] == ("Bo Li", False, "u-bo", "1006")
    assert students["1002"][0] == "José O'Neil-Díaz"
    assert students["1008"] == ("Léa Martin", True, "u-lea", "1008")
    bundle = cli.bundle(empty, "Empty")
    assert [s["value"] for s in bundle["scores"] if s["student"] == "1006"] == [9]
    assert [n["text"] for n in bundle["notes"]] == ["reads with a finger"]
    plan = cli.groups(empty, "Empty")
    members = [s["id"] for g in plan["groups"] for s in g["students"]]
    assert "1006" not in members and sorted(members) == ["1001", "1002", "1003", "1004", "1005", "1008"]


def test_v1p2_preferred_names_roles_and_a_student_in_two_classes(cli: Cli, empty: Path) -> None:
    cli.ok("class", "new", "Maths", "--pathway", "early-numeracy", store=empty)
    r = cli.ok("roster", "import-oneroster", FIXTURES / "v1p2", "--class", "G1-R7", "--into", "Empty", store=empty)
    assert "3 added" in r.out
    # The aide's student enrolment does not make them a student; Theo's enrolment ended on 2026-10-30.
    assert {sid: v[0] for sid, v in roster(cli, empty).items()} == {
        "1001": "Zoë Ng", "1011": "Kate Smith", "1005": "Ana Lopez"
    }
    cli.ok("roster", "import-oneroster", FIXTURES / "v1p2", "--class", "Grade 1 Maths - Room 7", "--into", "Maths",
           store=empty)
    assert {sid: v[2] for sid, v in roster(cli, empty, "Maths").items()} == {"1005": "u-ana", "1011": "u-kat"}


def test_ended_enrolment_makes_a_student_inactive_on_a_later_day(cli: Cli, empty: Path) -> None:
    args = ("roster", "import-oneroster", FIXTURES / "v1p2", "--class", "G1-R7", "--into", "Empty")
    assert "4 added" in cli.ok(*args, store=empty, env={"GROUPER_TODAY": "2026-10-01"}).out
    r = cli.ok(*args, store=empty)
    assert "0 added, 0 updated, 3 left unchanged, 1 made inactive" in r.out and "Theo Brown" in r.out


def test_delta_with_tobedeleted_only_changes_what_it_names(cli: Cli, empty: Path) -> None:
    cli.ok("roster", "import-oneroster", FIXTURES / "v1p2", "--class", "G1-R7", "--into", "Empty", store=empty)
    listing = cli.ok("roster", "import-oneroster", FIXTURES / "v1p2-delta", store=empty).out
    assert "OneRoster 1.2, delta, 1 class" in listing and "c-g1r" in listing
    r = cli.ok("roster", "import-oneroster", FIXTURES / "v1p2-delta", "--class", "c-g1r", "--into", "Empty",
               store=empty)
    assert r.out.splitlines()[0] == "Empty: from c-g1r: 1 added, 1 updated, 1 left unchanged, 1 made inactive"
    assert roster(cli, empty) == {
        "1001": ("Zoë Ng", False, "u-zoe", "1001"),
        "1011": ("Katie Smith", True, "u-kat", "1011"),
        "1005": ("Ana Lopez", True, "u-ana", "1005"),
        "1010": ("Nia Okafor", True, "u-nia", "1010"),
    }


def test_a_zip_made_from_the_folder_imports_the_same(cli: Cli, empty: Path, tmp_path: Path) -> None:
    archive = tmp_path / "oneroster-export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for file in sorted((FIXTURES / "v1p1").iterdir()):
            z.write(file, f"export/{file.name}")
    r = cli.ok("roster", "import-oneroster", archive, "--class", "G1-M7", "--into", "Empty", store=empty)
    assert "2 added" in r.out
    assert sorted(v[2] or "" for v in roster(cli, empty).values()) == ["u-ana", "u-zoe"]


def test_dry_run_saves_nothing(cli: Cli, empty: Path) -> None:
    before = snapshot(empty)
    r = cli.ok("roster", "import-oneroster", FIXTURES / "v1p1", "--class", "G1-R7", "--into", "Empty", "--dry-run",
               store=empty)
    assert "6 added" in r.out and "Dry run: nothing was saved." in r.out
    assert snapshot(empty) == before


def test_hand_typed_roster_is_linked_not_doubled(cli: Cli, empty: Path, tmp_path: Path) -> None:
    cli.ok("roster", "import", "Empty", write_text(tmp_path / "r.csv", "name,tags\nZoë Ng,ELL\nAna Lopez,\n"),
           store=empty)
    r = cli.ok("roster", "import-oneroster", FIXTURES / "v1p1", "--class", "G1-M7", "--into", "Empty", store=empty)
    assert "0 added, 2 updated" in r.out
    students = students_of(cli.bundle(empty, "Empty"))
    assert {s["name"]: (s["sourced_id"], s["tags"]) for s in students.values()} == {
        "Zoë Ng": ("u-zoe", ["ELL"]), "Ana Lopez": ("u-ana", [])
    }


@pytest.mark.parametrize(
    "file, old, new, needles",
    [
        ("users.csv", "sourcedId,status", "SourcedId,status",
         ("users.csv: no column 'sourcedId' (headers are case-sensitive: found 'SourcedId')",)),
        ("enrollments.csv", ",userSourcedId,", ",userSourcedID,", ("enrollments.csv", "'userSourcedId'")),
        ("classes.csv", ",title,", ",Title,", ("classes.csv", "'title'")),
    ],
)
def test_a_misspelled_header_is_a_short_error_and_nothing_is_written(
    cli: Cli, empty: Path, tmp_path: Path, file: str, old: str, new: str, needles: tuple[str, ...]
) -> None:
    folder = Path(shutil.copytree(FIXTURES / "v1p1", tmp_path / "pkg"))
    path = folder / file
    path.write_bytes(path.read_bytes().replace(old.encode(), new.encode(), 1))
    before = snapshot(empty)
    r = cli("roster", "import-oneroster", folder, "--class", "G1-R7", "--into", "Empty", store=empty)
    assert_error(r, 1, *needles)
    assert snapshot(empty) == before


def test_missing_files_and_wrong_paths_are_short_errors(cli: Cli, empty: Path, tmp_path: Path) -> None:
    folder = Path(shutil.copytree(FIXTURES / "v1p1", tmp_path / "pkg"))
    (folder / "enrollments.csv").unlink()
    assert_error(cli("roster", "import-oneroster", folder, store=empty), 1, "no enrollments.csv")
    v12 = Path(shutil.copytree(FIXTURES / "v1p2", tmp_path / "v12"))
    (v12 / "roles.csv").unlink()
    assert_error(cli("roster", "import-oneroster", v12, store=empty), 1, "users.csv", "no column 'role'", "roles.csv")
    assert_error(cli("roster", "import-oneroster", tmp_path / "nope", store=empty), 1, "no such file or folder")
    csv_file = FIXTURES / "v1p1" / "users.csv"
    assert_error(cli("roster", "import-oneroster", csv_file, store=empty), 1, "give the folder")
    not_zip = write_text(tmp_path / "roster.zip", "hello")
    assert_error(cli("roster", "import-oneroster", not_zip, store=empty), 1, "not a folder or a .zip")


def test_class_and_into_mistakes(cli: Cli, empty: Path) -> None:
    pkg = FIXTURES / "v1p1"
    assert_error(cli("roster", "import-oneroster", pkg, "--class", "G1-R7", store=empty), 2, "--into CLASS")
    assert_error(cli("roster", "import-oneroster", pkg, "--class", "G9", "--into", "Empty", store=empty), 1,
                 "no class 'G9'", "G1-R7 (Grade 1 Reading - Room 7)")
    assert_error(cli("roster", "import-oneroster", pkg, "--class", "G1-R7", "--into", "Nope", store=empty), 1,
                 "no class named 'Nope'")


def test_a_number_the_school_removed_is_removed_here_too(cli: Cli, empty: Path, tmp_path: Path) -> None:
    cli.ok("roster", "import-oneroster", FIXTURES / "v1p1", "--class", "G1-M7", "--into", "Empty", store=empty)
    folder = Path(shutil.copytree(FIXTURES / "v1p1", tmp_path / "pkg"))
    users = folder / "users.csv"
    users.write_bytes(users.read_bytes().replace(b",Ana,Lopez,,1005,", b",Ana,Lopez,,,"))
    r = cli.ok("roster", "import-oneroster", folder, "--class", "G1-M7", "--into", "Empty", store=empty)
    assert "0 added, 1 updated, 1 left unchanged" in r.out
    assert roster(cli, empty)["1005"] == ("Ana Lopez", True, "u-ana", None)  # the id stays: scores name it
