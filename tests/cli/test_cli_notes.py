"""grouper note and grouper notes: what the teacher noticed in a reading conference, and reading it back."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import CLASS, TODAY, Cli, assert_error, snapshot


def notes(cli: Cli, store: Path, *args: str, cls: str = CLASS) -> list[dict[str, Any]]:
    """``grouper notes CLASS ... --json`` as data."""
    return json.loads(cli.ok("notes", cls, *args, "--json", store=store).out)  # type: ignore[no-any-return]


# --- keeping a note ------------------------------------------------------------


@pytest.mark.parametrize("student", ["z1", "zoe", "ZOË n", "  Zoë Ng  "])
def test_note_finds_the_student_and_says_so_in_one_line(cli: Cli, room: Path, student: str) -> None:
    r = cli.ok("note", CLASS, student, "reversed b/d twice", store=room)
    assert r.out.splitlines() == ["Room 7: note kept for Zoë Ng on Fri 20 Nov: reversed b/d twice"]
    assert r.err == ""


def test_note_then_notes_shows_it_with_every_field(cli: Cli, room: Path) -> None:
    before = dt.datetime.now().astimezone()
    cli.ok("note", CLASS, "zoe", "  self-corrected on 'was'  ", store=room)
    (only,) = notes(cli, room)
    assert set(only) == {"student", "name", "date", "text", "written_at"}
    assert (only["student"], only["name"], only["date"], only["text"]) == (
        "z1", "Zoë Ng", TODAY, "self-corrected on 'was'"
    )
    written = dt.datetime.fromisoformat(only["written_at"])
    assert written.tzinfo is not None and before - dt.timedelta(seconds=1) <= written <= dt.datetime.now().astimezone()
    listing = cli.ok("notes", CLASS, store=room).out.splitlines()
    assert listing[0].split() == ["date", "student", "note"]
    assert listing[1].split() == ["Fri", "20", "Nov", "Zoë", "Ng", "self-corrected", "on", "'was'"]


def test_an_earlier_day_and_several_lines_are_kept(cli: Cli, room: Path) -> None:
    r = cli.ok("note", CLASS, "jo", "Retell: beginning and end\nNext: the middle", "--date", "2026-11-18", store=room)
    assert r.out.splitlines() == ["Room 7: note kept for José O'Neil on Wed 18 Nov: Retell: beginning and end…"]
    (only,) = notes(cli, room)
    assert (only["date"], only["text"]) == ("2026-11-18", "Retell: beginning and end\nNext: the middle")
    assert "Next: the middle" in cli.ok("notes", CLASS, store=room).out


def test_names_and_notes_are_printed_as_typed_never_as_markup(cli: Cli, room: Path) -> None:
    r = cli.ok("note", CLASS, "br", "[red]said the sounds[/red]", store=room)
    assert "note kept for [bold]Ana[/bold] on" in r.out and r.out.rstrip().endswith("[red]said the sounds[/red]")
    shown = cli.ok("notes", CLASS, store=room).out
    assert "[bold]Ana[/bold]" in shown and "[red]said the sounds[/red]" in shown
    assert notes(cli, room)[0]["name"] == "[bold]Ana[/bold]"


# --- reading them back -----------------------------------------------------------


def test_notes_are_newest_first_by_day_then_by_when_typed(cli: Cli, room: Path) -> None:
    for who, text, day in (
        ("zoe", "Monday's", "2026-11-16"),
        ("anabel", "Friday's, first typed", TODAY),
        ("zoe", "Wednesday's, typed last of all", "2026-11-18"),
        ("bo li", "Friday's, typed after", TODAY),
    ):
        cli.ok("note", CLASS, who, text, "--date", day, store=room)
    expected = ["Friday's, typed after", "Friday's, first typed", "Wednesday's, typed last of all", "Monday's"]
    assert [n["text"] for n in notes(cli, room)] == expected
    lines = cli.ok("notes", CLASS, store=room).out.splitlines()[1:]
    assert [" ".join(line.split()[:3]) for line in lines] == ["Fri 20 Nov", "Fri 20 Nov", "Wed 18 Nov", "Mon 16 Nov"]
    assert ["typed after" in lines[0], "Bo Li" in lines[0], "Anabel Cruz" in lines[1]] == [True, True, True]


def test_notes_for_one_student(cli: Cli, room: Path) -> None:
    cli.ok("note", CLASS, "zoe", "first about Zoë", "--date", "2026-11-17", store=room)
    cli.ok("note", CLASS, "a1", "about Ana", store=room)
    cli.ok("note", CLASS, "zoe", "second about Zoë", store=room)
    assert [n["text"] for n in notes(cli, room, "zoe")] == ["second about Zoë", "first about Zoë"]
    assert [n["student"] for n in notes(cli, room, "Ana Lopez")] == ["a1"]
    shown = cli.ok("notes", CLASS, "z1", store=room).out
    assert "second about Zoë" in shown and "about Ana" not in shown


def test_no_notes_yet_is_said_plainly(cli: Cli, room: Path) -> None:
    assert notes(cli, room) == []
    r = cli.ok("notes", CLASS, store=room)
    assert r.out.splitlines() == ["No notes yet in Room 7. Keep one with: grouper note CLASS STUDENT TEXT"]
    cli.ok("note", CLASS, "zoe", "about Zoë", store=room)
    r = cli.ok("notes", CLASS, "bo li", store=room)
    assert r.out.splitlines() == ["No notes yet about Bo Li in Room 7. Keep one with: grouper note CLASS STUDENT TEXT"]


# --- refusals: plain words, the right exit code, nothing written -----------------------


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("Room 9", "zoe", "x"), 1, "no class named 'Room 9'"),
        ((CLASS, "xavier", "x"), 1, "no student 'xavier' in Room 7"),
        ((CLASS, "ana", "x"), 1, "'ana' could be Ana Lopez (a1), Anabel Cruz (a2)"),
        ((CLASS, "zoe", "   "), 1, "the note is empty"),
        ((CLASS, "zoe", "x" * 2001), 1, "the note is 2001 characters long; the most is 2000"),
        ((CLASS, "zoe", "x", "--date", "20/11/2026"), 2, "--date '20/11/2026' is not a date like 2026-11-23"),
        ((CLASS, "zoe", "x", "--date", "2026-11-21"), 1, "2026-11-21 is in the future"),
        ((CLASS, "zoe"), 2, "the following arguments are required: TEXT"),
    ],
)
def test_a_bad_note_is_refused_and_nothing_is_written(
    cli: Cli, room: Path, args: tuple[str, ...], code: int, words: str
) -> None:
    before = snapshot(room)
    r = cli("note", *args, store=room)
    assert_error(r, code, words)
    assert r.out == ""
    assert snapshot(room) == before


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("Room 9",), 1, "no class named 'Room 9'"),
        ((CLASS, "xavier"), 1, "no student 'xavier' in Room 7"),
        ((CLASS, "zoe", "bo"), 2, "unrecognized arguments: bo"),
    ],
)
def test_bad_notes_listings_are_refused(cli: Cli, room: Path, args: tuple[str, ...], code: int, words: str) -> None:
    before = snapshot(room)
    assert_error(cli("notes", *args, store=room), code, words)
    assert snapshot(room) == before


# --- a class bundle carries its notes -------------------------------------------------


def test_export_and_import_carry_the_notes(cli: Cli, room: Path, tmp_path: Path) -> None:
    cli.ok("note", CLASS, "zoe", "Zoë: «b» and «d»\nnext: sky-writing", "--date", "2026-11-18", store=room)
    cli.ok("note", CLASS, "br", "[bold] stays text", store=room)
    out = tmp_path / "room7.json"
    cli.ok("class", "export", CLASS, "-o", out, store=room)
    exported = json.loads(out.read_text(encoding="utf-8"))["notes"]
    assert [(n["student"], n["date"]) for n in exported] == [("z1", "2026-11-18"), ("br", TODAY)]
    other = tmp_path / "other-store"
    cli.ok("class", "import", out, store=other)
    assert notes(cli, other) == notes(cli, room)
    assert [n["text"] for n in notes(cli, other, "zoe")] == ["Zoë: «b» and «d»\nnext: sky-writing"]


def test_a_bundle_from_before_notes_imports_with_none(cli: Cli, room: Path, tmp_path: Path) -> None:
    bundle = cli.bundle(room)
    del bundle["notes"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    other = tmp_path / "other-store"
    cli.ok("class", "import", path, store=other)
    assert notes(cli, other) == []
    cli.ok("note", CLASS, "zoe", "the first note in an old class", store=other)
    assert [n["text"] for n in notes(cli, other)] == ["the first note in an old class"]


def test_a_bundle_note_about_an_unknown_student_is_refused(cli: Cli, room: Path, tmp_path: Path) -> None:
    bundle = cli.bundle(room)
    bundle["notes"] = [{"student": "ghost", "date": TODAY, "text": "who?", "written_at": f"{TODAY}T15:00:00+00:00"}]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    other = tmp_path / "other-store"
    assert_error(cli("class", "import", path, store=other), 1, "bad.json: note 1: no student with id 'ghost'")
    assert not (other / "classes").exists() or not any((other / "classes").iterdir())
