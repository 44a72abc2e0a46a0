"""Spreadsheets in and out: wide scores files, the class grid as CSV, and the whole-class bundle."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli_helpers import (
    CLASS,
    LITERACY_CHECKS,
    NAMES,
    ROSTER,
    TODAY,
    Cli,
    assert_error,
    expected_place,
    latest,
    parse_csv,
    placements,
    snapshot,
    write_text,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "oneroster"

# --- wide scores in -------------------------------------------------------------------


def test_wide_file_one_column_per_check_with_dates(cli: Cli, room: Path, tmp_path: Path) -> None:
    text = (
        "Student;Letters named (of 54);lsnd;Date\n"  # a semicolon file from a European Excel
        "Zoë Ng;52;24;2026-11-19\n"
        "محمد;;;\n"  # nothing typed for him yet: no scores, no error
        "Anabel;3;;\n"
    )
    path = write_text(tmp_path / "term.csv", text, bom=True, crlf=True)
    r = cli.ok("scores", "import", CLASS, path, store=room)
    assert r.out.strip() == "Room 7: imported 3 scores for 2 students (one column per check)"
    bundle = cli.bundle(room)
    assert latest(bundle, "z1", "lid")["value"] == 52  # type: ignore[index]
    assert latest(bundle, "z1", "lsnd")["date"] == "2026-11-19"  # type: ignore[index]
    assert latest(bundle, "a2", "lid")["date"] == TODAY  # type: ignore[index]  # no date: today
    assert placements(cli.groups(room))["z1"] == ("phonemes", "needs-assessment")


def test_wide_file_by_student_id_with_date_option(cli: Cli, room: Path, tmp_path: Path) -> None:
    path = write_text(tmp_path / "term.csv", "id,cap,lid\nb1,,\na2,10,\neq,12,51\n")
    r = cli.ok("scores", "import", CLASS, path, "--date", "2026-11-02", store=room)
    assert r.out.strip() == "Room 7: imported 3 scores for 2 students (one column per check)"
    bundle = cli.bundle(room)
    saved = {(s["student"], s["check"], s["value"]) for s in bundle["scores"] if s["date"] == "2026-11-02"}
    assert saved == {("a2", "cap", 10), ("eq", "cap", 12), ("eq", "lid", 51)}


def test_wide_file_is_all_or_nothing(cli: Cli, room: Path, tmp_path: Path) -> None:
    text = "Student,cap,lid\nZoë Ng,12,54\nBo Li,13,\nAna Lopez,,fifty\n"
    path = write_text(tmp_path / "term.csv", text)
    before = snapshot(room)
    r = cli("scores", "import", CLASS, path, store=room)
    assert_error(r, 1, "Nothing was imported.", max_lines=3)
    assert r.err_lines[0] == (f"{path}: line 3, column 'cap': a score cannot be above 12 "
                              "(Print concepts shown (of 12) is scored 0 to 12)")
    assert r.err_lines[1] == (f"{path}: line 4, column 'lid': 'fifty' is not a whole number "
                              "(Letters named (of 54) is scored 0 to 54)")
    assert snapshot(room) == before


def test_wide_file_with_a_column_that_is_no_check(cli: Cli, room: Path, tmp_path: Path) -> None:
    path = write_text(tmp_path / "term.csv", "Student,cap,Total\nZoë Ng,12,30\n")
    before = snapshot(room)
    assert_error(cli("scores", "import", CLASS, path, store=room), 1, "'Total'", "early-literacy")
    assert snapshot(room) == before
    future = write_text(tmp_path / "ok.csv", "Student,cap\nZoë Ng,12\n")
    assert_error(cli("scores", "import", CLASS, future, "--date", "2027-01-04", store=room), 1, "future")


# --- the grid out ---------------------------------------------------------------------


def grid(cli: Cli, store: Path, *extra: str) -> tuple[str, list[dict[str, str]]]:
    out = cli.ok("export", CLASS, "--format", "grid", *extra, store=store).out
    assert out.startswith("\ufeff") and "\r\n" in out  # Excel: a BOM for UTF-8, CRLF rows
    return out, parse_csv(out.removeprefix("\ufeff"))


def test_grid_is_students_by_checks_with_latest_scores_and_stage(cli: Cli, room_store: Path) -> None:
    _, rows = grid(cli, room_store)
    header = list(rows[0])
    assert header[:5] == ["Student ID", "Student", "Tags", "Stage", "Status"]
    assert header[5:] == [f"{label} [{cid}]" for cid, label in _labels(cli, room_store)]
    assert [r["Student ID"] for r in rows] == [sid for sid, _, _ in ROSTER]
    by_id = {r["Student ID"]: r for r in rows}
    assert by_id["z1"]["Letters named (of 54) [lid]"] == "30"
    assert by_id["z1"]["Letter sounds (of 26) [lsnd]"] == "25"
    assert by_id["z1"]["Tags"] == "ELL" and by_id["jo"]["Tags"] == "ELL; IEP"
    assert by_id["b1"]["Status"] == "complete"
    assert all(by_id["b1"][h] == str(top) for h, (_, top, _) in zip(header[5:], LITERACY_CHECKS, strict=True))
    for sid, row in by_id.items():
        assert row["Status"] == expected_place(sid)[1]


def test_grid_cells_never_run_as_formulas(cli: Cli, room_store: Path) -> None:
    out, rows = grid(cli, room_store)
    names = {r["Student ID"]: r["Student"] for r in rows}
    assert names["eq"] == "'" + NAMES["eq"] and names["at"] == "'" + NAMES["at"] and names["pl"] == "'" + NAMES["pl"]
    assert names["zh"] == NAMES["zh"] and names["sc"] == NAMES["sc"]  # nothing else is touched
    for line in out.removeprefix("\ufeff").splitlines():
        for cell in line.split(","):
            assert not cell.lstrip('"').startswith(("=", "+", "@")), line


def test_grid_leaves_out_inactive_students_and_shows_numbers(cli: Cli, empty: Path) -> None:
    cli.ok("roster", "import-oneroster", FIXTURES / "v1p1", "--class", "G1-R7", "--into", "Empty", store=empty)
    cli.ok("roster", "import-oneroster", FIXTURES / "v1p1-week2", "--class", "G1-R7", "--into", "Empty",
           store=empty)
    out = cli.ok("export", "Empty", "--format", "grid", store=empty).out
    rows = parse_csv(out.removeprefix("\ufeff"))
    assert "Bo Li" not in out
    assert [(r["Student ID"], r["Student number"]) for r in rows][:2] == [("1001", "1001"), ("1002", "1002")]


def test_grid_as_of_a_date_and_to_a_file(cli: Cli, room: Path, tmp_path: Path) -> None:
    _, rows = grid(cli, room, "--date", "2026-11-16")
    assert {r["Student ID"]: r["Stage"] for r in rows}["a1"] == "Letter names and sounds"  # a1's lid came on the 17th
    target = tmp_path / "grid.csv"
    cli.ok("export", CLASS, "--format", "grid", "-o", target, store=room)
    assert target.read_bytes().startswith(b'\xef\xbb\xbf"Student ID","Student",')  # every cell quoted


def _labels(cli: Cli, store: Path) -> list[tuple[str, str]]:
    pathway: dict[str, Any] = cli.bundle(store)["pathway"]
    return [(c["id"], c["label"]) for s in pathway["stages"] for c in s["checks"]]


# --- the whole class for another teacher ------------------------------------------------


def test_class_bundle_keeps_roster_links_for_another_teacher(cli: Cli, empty: Path, tmp_path: Path) -> None:
    cli.ok("roster", "import-oneroster", FIXTURES / "v1p1", "--class", "G1-R7", "--into", "Empty", store=empty)
    cli.ok("roster", "import-oneroster", FIXTURES / "v1p1-week2", "--class", "G1-R7", "--into", "Empty",
           store=empty)
    bundle_file = tmp_path / "room7.json"
    cli.ok("class", "export", "Empty", "-o", bundle_file, store=empty)
    other = tmp_path / "other-store"
    cli.ok("class", "import", bundle_file, "--name", "From Marta", store=other)
    students = json.loads(bundle_file.read_text(encoding="utf-8"))["students"]
    assert cli.bundle(other, "From Marta")["students"] == students
    assert {s["id"]: s["active"] for s in students}["1006"] is False
    # The other teacher's next import from the school links to the same students.
    r = cli.ok("roster", "import-oneroster", FIXTURES / "v1p1-week2", "--class", "G1-R7", "--into", "From Marta",
               store=other)
    assert "0 added, 0 updated, 7 left unchanged, 0 made inactive" in r.out  # Bo Li stays inactive
