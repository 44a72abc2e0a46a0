"""Spreadsheet files as they come (issue #17): Excel's dates, check labels as headers, tags split by commas."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import CLASS, Cli, assert_error, latest, snapshot, students_of, write_text


def _prefer(cli: Cli, order: str) -> None:
    """The teacher's config.toml says how to read 04/05/2026."""
    cli.config.mkdir(parents=True, exist_ok=True)
    (cli.config / "config.toml").write_text(f'theme = ""\ndate_order = "{order}"\n', encoding="utf-8")


def _import_dates(cli: Cli, store: Path, path: Path) -> dict[tuple[str, str], str]:
    """Import ``path``; (student, check) -> date of each score it added."""
    before = {s["seq"] for s in cli.bundle(store)["scores"]}
    cli.ok("scores", "import", CLASS, path, store=store)
    return {(s["student"], s["check"]): s["date"] for s in cli.bundle(store)["scores"] if s["seq"] not in before}


# --- each form, in the long format and the wide format ---------------------------------


@pytest.mark.parametrize("written", ["19/11/2026", "11/19/2026", "19.11.2026"])
def test_a_long_scores_file_takes_each_date_form_excel_writes(
    cli: Cli, room: Path, tmp_path: Path, written: str
) -> None:
    text = f"student,check,score,date\nZoë Ng,lid,40,{written}\nBo Li,lid,30,2026-11-18\n"  # ISO beside it
    path = write_text(tmp_path / "scores.csv", text)
    assert _import_dates(cli, room, path) == {("z1", "lid"): "2026-11-19", ("b1", "lid"): "2026-11-18"}


@pytest.mark.parametrize("written", ["19/11/2026", "11/19/2026", "19.11.2026"])
def test_a_wide_scores_file_takes_each_date_form_excel_writes(
    cli: Cli, room: Path, tmp_path: Path, written: str
) -> None:
    text = f"Student;lid;Date\nZoë Ng;40;{written}\nBo Li;30;2026-11-18\n"  # a European Excel's semicolons
    path = write_text(tmp_path / "term.csv", text, crlf=True, bom=True)
    assert _import_dates(cli, room, path) == {("z1", "lid"): "2026-11-19", ("b1", "lid"): "2026-11-18"}


# --- whose order: the file's, else the teacher's -----------------------------------------


def test_the_day_month_order_is_taken_from_a_date_in_the_file_that_shows_it(
    cli: Cli, room: Path, tmp_path: Path
) -> None:
    # 02/11 alone could be either; 13/11 can only be day first, so 02/11 is 2 November.
    day_first = "student,check,score,date\nZoë Ng,lid,40,02/11/2026\nBo Li,lid,30,13/11/2026\n"
    dates = _import_dates(cli, room, write_text(tmp_path / "dmy.csv", day_first))
    assert dates == {("z1", "lid"): "2026-11-02", ("b1", "lid"): "2026-11-13"}
    # and a wide file whose 11/13 shows month first reads 11/02 as 2 November too
    month_first = "id,cap,date\na1,5,11/02/2026\nz1,6,11/13/2026\n"
    dates = _import_dates(cli, room, write_text(tmp_path / "mdy.csv", month_first))
    assert dates == {("a1", "cap"): "2026-11-02", ("z1", "cap"): "2026-11-13"}


def test_the_file_shows_its_order_even_against_the_preference(cli: Cli, room: Path, tmp_path: Path) -> None:
    _prefer(cli, "mdy")
    text = "student,check,score,date\nZoë Ng,lid,40,02/11/2026\nBo Li,lid,30,13/11/2026\n"
    dates = _import_dates(cli, room, write_text(tmp_path / "dmy.csv", text))
    assert dates == {("z1", "lid"): "2026-11-02", ("b1", "lid"): "2026-11-13"}


@pytest.mark.parametrize(("order", "written"), [("dmy", "02.11.2026"), ("mdy", "11/02/2026")])
def test_a_file_that_does_not_show_its_order_is_read_by_the_date_order_preference(
    cli: Cli, room: Path, tmp_path: Path, order: str, written: str
) -> None:
    _prefer(cli, order)
    path = write_text(tmp_path / "scores.csv", f"student,check,score,date\nZoë Ng,lid,40,{written}\nBo Li,lid,30,\n")
    assert _import_dates(cli, room, path) == {("z1", "lid"): "2026-11-02", ("b1", "lid"): "2026-11-20"}


# --- refused, never guessed ---------------------------------------------------------------


@pytest.mark.parametrize("layout", ["long", "wide"])
def test_an_ambiguous_file_without_a_preference_is_refused_naming_the_line_and_nothing_is_written(
    cli: Cli, room: Path, tmp_path: Path, layout: str
) -> None:
    text = (
        "student,check,score,date\nZoë Ng,lid,40,2026-11-02\nBo Li,lid,30,04/05/2026\n"
        if layout == "long"
        else "student,lid,date\nZoë Ng,40,2026-11-02\nBo Li,30,04/05/2026\n"
    )
    path = write_text(tmp_path / "scores.csv", text)
    before = snapshot(room)
    r = cli("scores", "import", CLASS, path, store=room)
    assert_error(
        r, 1,
        f"{path}: line 3: ",
        f"'04/05/2026' could be 4 May or 5 April; add date_order = \"dmy\" or \"mdy\" to config.toml ({cli.config})",
        "Nothing was imported.",
    )
    assert snapshot(room) == before


def test_a_file_mixing_day_first_and_month_first_is_refused_naming_the_line(
    cli: Cli, room: Path, tmp_path: Path
) -> None:
    _prefer(cli, "dmy")  # a preference never settles a file that contradicts itself
    text = "student,check,score,date\nZoë Ng,lid,40,13/11/2026\nBo Li,lid,30,01/01/2026\nAna Lopez,cap,5,11/14/2026\n"
    path = write_text(tmp_path / "scores.csv", text)
    before = snapshot(room)
    r = cli("scores", "import", CLASS, path, store=room)
    assert_error(
        r, 1,
        f"{path}: line 4: '11/14/2026' is month first, but line 2 ('13/11/2026') is day first",
        "Nothing was imported.",
    )
    assert snapshot(room) == before


def test_a_two_digit_year_is_refused_in_plain_words(cli: Cli, room: Path, tmp_path: Path) -> None:
    path = write_text(tmp_path / "scores.csv", "student,lid,date\nZoë Ng,40,19/11/2026\nBo Li,30,19/11/26\n")
    before = snapshot(room)
    r = cli("scores", "import", CLASS, path, store=room)
    assert_error(r, 1, f"{path}: line 3: column 'date': '19/11/26' has a two-digit year; write the year in full")
    assert snapshot(room) == before


def test_a_bad_date_order_preference_is_said_and_not_used(cli: Cli, room: Path, tmp_path: Path) -> None:
    _prefer(cli, "ymd")
    path = write_text(tmp_path / "scores.csv", "student,check,score,date\nZoë Ng,lid,40,04/05/2026\n")
    r = cli("scores", "import", CLASS, path, store=room)
    assert r.code == 1, str(r)
    assert r.err_lines[0] == (
        f'{cli.config / "config.toml"}: date_order "ymd" ignored; write "dmy" (30/11/2026) or "mdy" (11/30/2026)'
    )
    assert "line 2: '04/05/2026' could be 4 May or 5 April" in r.err


# --- check labels as the headers of a wide file ---------------------------------------------


def test_a_wide_file_takes_check_labels_as_headers(cli: Cli, room: Path, tmp_path: Path) -> None:
    text = "Student,Letters named,letter_sounds,PRINT-concepts_shown\nZoë Ng,52,24,11\n"
    path = write_text(tmp_path / "term.csv", text)
    r = cli.ok("scores", "import", CLASS, path, store=room)
    assert r.out.strip() == "Room 7: imported 3 scores for 1 students (one column per check)"
    bundle = cli.bundle(room)
    assert [latest(bundle, "z1", c)["value"] for c in ("lid", "lsnd", "cap")] == [52, 24, 11]  # type: ignore[index]


def test_a_wide_header_that_fits_two_checks_is_refused_naming_it(cli: Cli, room: Path, tmp_path: Path) -> None:
    path = write_text(tmp_path / "term.csv", "Student,Letters\nZoë Ng,52\n")
    before = snapshot(room)
    r = cli("scores", "import", CLASS, path, store=room)
    assert_error(r, 1, f"{path}: line 1: column 'Letters' could be lid, lsnd")
    assert snapshot(room) == before


# --- tags as a spreadsheet lists them ----------------------------------------------------------


def test_roster_tags_split_on_commas_as_on_semicolons(cli: Cli, empty: Path, tmp_path: Path) -> None:
    text = 'id,name,tags\nn1,New Kid,"ELL, IEP"\nn2,Other Kid,IEP;Gifted\nn3,Third Kid,"ELL; IEP, ELL"\n'
    cli.ok("roster", "import", "Empty", write_text(tmp_path / "roster.csv", text), store=empty)
    students = students_of(cli.bundle(empty, "Empty"))
    assert [students[s]["tags"] for s in ("n1", "n2", "n3")] == [["ELL", "IEP"], ["IEP", "Gifted"], ["ELL", "IEP"]]
