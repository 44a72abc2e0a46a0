"""grouper score, scores import, absent and present: what a teacher types after school."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cli_helpers import (
    CLASS,
    NEXT_SCHOOL_DAY,
    TODAY,
    Cli,
    assert_error,
    latest,
    member_ids,
    placements,
    snapshot,
    write_text,
)

# --- one score -------------------------------------------------------------


@pytest.mark.parametrize("student", ["z1", "  Zoë Ng  ", "zoe", "ZOË n"])
def test_student_by_id_name_or_unique_prefix(cli: Cli, room: Path, student: str) -> None:
    r = cli.ok("score", CLASS, student, "lsnd", "20", store=room)
    assert r.out.startswith("Saved: Zoë Ng · lsnd (Letter sounds (of 26)) = 20 of 26 on Fri 20 Nov"), str(r)


@pytest.mark.parametrize("check", ["LID", "letters n"])
def test_check_by_id_or_unique_label_prefix(cli: Cli, room: Path, check: str) -> None:
    r = cli.ok("score", CLASS, "a2", check, "7", store=room)
    assert r.out.startswith("Saved: Anabel Cruz · lid (Letters named (of 54)) = 7 of 54 on Fri 20 Nov"), str(r)


def test_score_is_stored_with_date_and_note(cli: Cli, room: Path) -> None:
    cli.ok("score", CLASS, "zoe", "lsnd", "20", "--date", "2026-11-19", "--note", "self-corrected twice", store=room)
    score = latest(cli.bundle(room), "z1", "lsnd")
    assert score is not None
    # The 2026-11-16 score of 25 is older, so this one counts now.
    assert (score["value"], score["date"], score["note"]) == (20, "2026-11-19", "self-corrected twice")


def test_moving_up_is_reported_and_the_groups_follow(cli: Cli, room: Path) -> None:
    r = cli.ok("score", CLASS, "zoe", "lid", "52", store=room)
    assert r.out.splitlines() == [
        "Saved: Zoë Ng · lid (Letters named (of 54)) = 52 of 54 ✓ mastery on Fri 20 Nov",
        "moved up: Letter names and sounds (working on it) → Phonemic awareness (not yet checked)",
    ]
    assert placements(cli.groups(room))["z1"] == ("phonemes", "needs-assessment")


def test_staying_put_says_where_the_student_is(cli: Cli, room: Path) -> None:
    r = cli.ok("score", CLASS, "zoe", "lid", "40", store=room)
    assert r.out.splitlines()[1] == "now at: Letter names and sounds (working on it)"


def test_clearing_a_cell_that_has_no_score_saves_nothing_and_says_so(cli: Cli, room: Path) -> None:
    cli.ok("score", CLASS, "anabel", "cap", "clear", store=room)
    before = snapshot(room)
    r = cli.ok("score", CLASS, "anabel", "cap", "clear", store=room)
    assert r.out.strip() == "Anabel Cruz · Print concepts shown (of 12) has no score to clear; nothing was saved"
    assert snapshot(room) == before


def test_clear_puts_the_placement_back_to_needs_assessment(cli: Cli, room: Path) -> None:
    r = cli.ok("score", CLASS, "anabel", "cap", "clear", store=room)
    assert r.out.splitlines() == [
        "Saved: Anabel Cruz · cap (Print concepts shown (of 12)) = cleared on Fri 20 Nov",
        "now at: Concepts of print (not yet checked)",
    ]
    plan = cli.groups(room)
    assert placements(plan)["a2"] == ("print", "needs-assessment")
    bundle = cli.bundle(room)
    assert latest(bundle, "a2", "cap")["value"] is None  # type: ignore[index]
    # History is kept: the old 4 is still there, under the clearing.
    assert [s["value"] for s in bundle["scores"] if s["student"] == "a2"] == [4, None]


def test_clear_can_move_a_student_back(cli: Cli, room: Path) -> None:
    r = cli.ok("score", CLASS, "zoe", "cap", "CLEAR", store=room)
    assert r.out.splitlines()[1] == (
        "moved back: Letter names and sounds (working on it) → Concepts of print (not yet checked)"
    )


@pytest.mark.parametrize(
    "value, needles",
    [
        ("55", ["a score cannot be above 54", "0 to 54"]),
        ("-1", ["a score cannot be below 0", "0 to 54"]),
        ("abc", ["'abc'", "0 to 54"]),
        ("", ["0 to 54"]),
    ],
    ids=["above-max", "negative", "text", "empty"],
)
def test_bad_value_names_the_range_and_writes_nothing(cli: Cli, room: Path, value: str, needles: list[str]) -> None:
    before = snapshot(room)
    r = cli("score", CLASS, "zoe", "lid", value, store=room)
    assert_error(r, 1, *needles)
    assert r.out == ""
    assert snapshot(room) == before


def test_minus_3_gets_the_sentence_the_app_says(cli: Cli, room: Path) -> None:
    # The same words as the grid and the quick-entry prompt (tests/ui/test_ui_score_range.py).
    r = cli("score", CLASS, "zoe", "lid", "-3", store=room)
    assert_error(r, 1)
    assert r.err_lines[0].endswith("a score cannot be below 0 (Letters named (of 54) is scored 0 to 54)"), str(r)
    assert "lid" not in r.err  # the check's label, not its id


def test_a_long_note_with_a_score_is_refused_in_the_words_of_grouper_note(cli: Cli, room: Path) -> None:
    with_score = cli("score", CLASS, "zoe", "lid", "40", "--note", "x" * 2001, store=room)
    alone = cli("note", CLASS, "zoe", "x" * 2001, store=room)
    assert_error(with_score, 1, "the note is 2001 characters long; the most is 2000")
    assert_error(alone, 1, "the note is 2001 characters long; the most is 2000")


@pytest.mark.parametrize(
    "student, needles",
    [
        ("an", ["'an' could be", "Ana Lopez (a1)", "Anabel Cruz (a2)"]),
        ("xavier", ["no student 'xavier'", CLASS]),
    ],
    ids=["ambiguous", "unknown"],
)
def test_ambiguous_or_unknown_student_writes_nothing(cli: Cli, room: Path, student: str, needles: list[str]) -> None:
    before = snapshot(room)
    r = cli("score", CLASS, student, "cap", "11", store=room)
    assert_error(r, 1, *needles)
    assert snapshot(room) == before


def test_ambiguous_check_lists_the_candidates(cli: Cli, room: Path) -> None:
    before = snapshot(room)
    r = cli("score", CLASS, "zoe", "letter", "11", store=room)
    assert_error(r, 1, "'letter'", "Letters named (of 54) (lid)", "Letter sounds (of 26) (lsnd)")
    assert snapshot(room) == before


def test_unknown_check_names_the_pathway(cli: Cli, room: Path) -> None:
    r = cli("score", CLASS, "zoe", "mult", "11", store=room)
    assert_error(r, 1, "'mult'", "Early literacy (K-1)")  # the pathway by its name, not its id


def test_future_date_is_refused(cli: Cli, room: Path) -> None:
    day = "2026-11-21"  # tomorrow
    before = snapshot(room)
    r = cli("score", CLASS, "zoe", "lid", "52", "--date", day, store=room)
    assert_error(r, 1, day, "future")
    assert snapshot(room) == before


# --- a file of scores ---------------------------------------------------------


def test_scores_import_saves_every_row(cli: Cli, room: Path, tmp_path: Path) -> None:
    text = (
        "Student;CHECK;Score;Date;Note\n"
        "Zoë Ng;lid;52;2026-11-19;\n"
        "zoe;Letter s;24;;two left\n"
        "محمد;cap;10;2026-11-20;\n"
    )
    path = write_text(tmp_path / "scores.csv", text, bom=True, crlf=True)
    r = cli.ok("scores", "import", CLASS, path, store=room)
    assert r.out.strip() == "Room 7: imported 3 scores for 2 students"
    bundle = cli.bundle(room)
    assert latest(bundle, "z1", "lsnd")["date"] == TODAY  # type: ignore[index]  # no date: today
    assert latest(bundle, "z1", "lsnd")["note"] == "two left"  # type: ignore[index]
    got = placements(cli.groups(room))
    assert got["z1"] == ("phonemes", "needs-assessment")
    assert got["ar"] == ("letters", "needs-assessment")


def test_scores_import_is_all_or_nothing(cli: Cli, room: Path, tmp_path: Path) -> None:
    text = (
        "student,check,score,date\n"
        "Zoë Ng,lid,52,2026-11-19\n"  # good
        "Anabel,cap,13,\n"  # line 3: cap is 0..12
        "Bo Li,cap,12,\n"  # good
        "xavier,cap,3,\n"  # line 5: no such student
        "an,cap,3,\n"  # line 6: ambiguous
        "Bo Li,cap,3,2026-12-01\n"  # line 7: future
        "Bo Li,cap,3,01/12/2026\n"  # line 8: not a date
    )
    path = write_text(tmp_path / "scores.csv", text)
    before = snapshot(room)
    r = cli("scores", "import", CLASS, path, store=room)
    assert_error(r, 1, "Nothing was imported.", max_lines=7)
    for line, needle in [(3, "0 to 12"), (5, "'xavier'"), (6, "Anabel Cruz"), (7, "future"), (8, "01/12/2026")]:
        assert any(f"scores.csv: line {line}:" in e and needle in e for e in r.err_lines), (line, str(r))
    assert not any("line 2:" in e or "line 4:" in e for e in r.err_lines), str(r)
    assert snapshot(room) == before


def test_scores_import_needs_its_columns(cli: Cli, room: Path, tmp_path: Path) -> None:
    path = write_text(tmp_path / "scores.csv", "student,check\nZoë Ng,lid\n")
    before = snapshot(room)
    r = cli("scores", "import", CLASS, path, store=room)
    assert_error(r, 1, "scores.csv", "line 1", "score")
    assert snapshot(room) == before


# --- who is away ------------------------------------------------------------


def unplaced(plan: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {u["id"]: (u["name"], u["reason"]) for u in plan["unplaced"]}


def test_absent_then_present(cli: Cli, room: Path) -> None:
    r = cli.ok("absent", CLASS, "zoe", "Bo Li", "[bold]Ana[/bold]", store=room)
    assert r.out.strip() == "Room 7: marked absent on Mon 23 Nov: Zoë Ng, Bo Li, [bold]Ana[/bold]"
    plan = cli.groups(room)
    assert plan["date"] == NEXT_SCHOOL_DAY
    assert unplaced(plan) == {
        "z1": ("Zoë Ng", "absent"),
        "b1": ("Bo Li", "absent"),
        "br": ("[bold]Ana[/bold]", "absent"),
    }
    members = member_ids(plan)
    assert not {"z1", "b1", "br"} & set(members)
    assert len(members) == 10 == len(set(members))

    r = cli.ok("present", CLASS, "zoe", store=room)
    assert r.out.strip() == "Room 7: marked present on Mon 23 Nov: Zoë Ng"
    plan = cli.groups(room)
    assert set(unplaced(plan)) == {"b1", "br"}
    assert member_ids(plan).count("z1") == 1


def test_absent_on_another_day_leaves_tomorrow_alone(cli: Cli, room: Path) -> None:
    cli.ok("absent", CLASS, "zoe", "--date", "2026-11-24", store=room)
    assert cli.groups(room)["unplaced"] == []
    plan = cli.groups(room, CLASS, "--date", "2026-11-24")
    assert plan["date"] == "2026-11-24"
    assert unplaced(plan) == {"z1": ("Zoë Ng", "absent")}
    assert "z1" not in member_ids(plan)


def test_absent_with_an_ambiguous_name_marks_nobody(cli: Cli, room: Path) -> None:
    before = snapshot(room)
    r = cli("absent", CLASS, "zoe", "an", store=room)
    assert_error(r, 1, "Ana Lopez (a1)", "Anabel Cruz (a2)")
    assert snapshot(room) == before
