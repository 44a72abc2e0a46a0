"""Dated notes about a student: checked when made, in order when read, carried by a class bundle."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import pytest

from grouper.core.errors import GrouperError
from grouper.core.models import NOTE_MAX, Check, ClassRecord, Note, NoteError, Pathway, Stage, Student
from grouper.core.notes import new_note, note_dict, notes_newest_first
from grouper.core.score_entry import EntryError
from grouper.formats.bundle import BundleError, bundle_to_record, record_to_bundle

DAY = dt.date(2026, 11, 20)
AT = "2026-11-20T15:30:00+00:00"

PATHWAY = Pathway(
    id="lit",
    name="Early reading",
    stages=(
        Stage(
            id="letters",
            label="Letters",
            focus="Name the letters",
            checks=(Check(id="lid", label="Letters named", max=54, mastery=50),),
        ),
    ),
)


def record(*notes: Note) -> ClassRecord:
    students = [Student("z1", "Zoë Ng"), Student("a1", "Ana Lopez"), Student("a2", "Anabel Cruz"),
                Student("br", "[bold]Ana[/bold]")]
    return ClassRecord("Room 7", PATHWAY, students=students, notes=list(notes))


def at(hour: int, minute: int = 0, offset: int = 0) -> str:
    tz = dt.timezone(dt.timedelta(hours=offset))
    return dt.datetime(2026, 11, 20, hour, minute, tzinfo=tz).isoformat()


# --- a note on its own -------------------------------------------------------


def test_text_is_kept_stripped_with_its_lines() -> None:
    note = Note("z1", DAY, "  reversed b/d twice\n  self-corrected on 'was'  \n", AT)
    assert note.text == "reversed b/d twice\n  self-corrected on 'was'"
    assert (note.student, note.date, note.written_at) == ("z1", DAY, AT)


def test_a_note_cannot_be_changed_once_made() -> None:
    note = Note("z1", DAY, "x", AT)
    with pytest.raises(dataclasses.FrozenInstanceError):
        note.text = "y"  # type: ignore[misc]


@pytest.mark.parametrize("text", ["", "   ", "\n\t \n"])
def test_an_empty_note_is_refused_in_plain_words(text: str) -> None:
    with pytest.raises(NoteError, match="the note is empty") as info:
        Note("z1", DAY, text, AT)
    assert isinstance(info.value, GrouperError) and info.value.exit_code == 1


def test_the_length_limit_counts_what_is_kept() -> None:
    assert len(Note("z1", DAY, "x" * NOTE_MAX, AT).text) == NOTE_MAX == 2000
    assert len(Note("z1", DAY, "  " + "x" * NOTE_MAX + "  ", AT).text) == NOTE_MAX
    with pytest.raises(NoteError, match="2001 characters long; the most is 2000"):
        Note("z1", DAY, "x" * (NOTE_MAX + 1), AT)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("", DAY, "x", AT), "needs the student"),
        (("z1", "2026-11-20", "x", AT), "needs a date"),
        (("z1", dt.datetime(2026, 11, 20, 9), "x", AT), "needs a date"),
        (("z1", DAY, 52, AT), "must be text"),
        (("z1", DAY, "x", "after lunch"), "'after lunch' is not a time like 2026-11-23T15:30:00"),
        (("z1", DAY, "x", None), "needs the time it was written"),
    ],
)
def test_bad_parts_are_refused_in_plain_words(args: tuple[Any, ...], words: str) -> None:
    with pytest.raises(NoteError, match=words):
        Note(*args)


# --- a class's notes -----------------------------------------------------------


def test_a_class_has_no_notes_until_one_is_kept() -> None:
    assert ClassRecord("Room 7", PATHWAY).notes == []
    assert record().notes_for("z1") == []


def test_notes_for_is_one_students_notes_oldest_first() -> None:
    late = Note("z1", DAY, "late", at(15))
    early = Note("z1", DAY, "early", at(9))
    before = Note("z1", DAY - dt.timedelta(days=3), "days before, typed today", at(16))
    other = Note("a1", DAY, "someone else", at(12))
    r = record(late, other, early, before)
    assert [n.text for n in r.notes_for("z1")] == ["days before, typed today", "early", "late"]
    assert [n.text for n in r.notes_for("a1")] == ["someone else"]
    assert r.notes_for("nobody") == []
    assert [n.text for n in r.notes] == ["late", "someone else", "early", "days before, typed today"]  # as kept


def test_same_day_notes_follow_the_clock_not_the_text_of_the_time() -> None:
    # 10:00 in Auckland (+13) is 21:00 the day before in UTC: earlier than 09:00 UTC.
    nz = Note("z1", DAY, "typed in Auckland", at(10, offset=13))
    utc = Note("z1", DAY, "typed in London", at(9))
    assert [n.text for n in record(utc, nz).notes_for("z1")] == ["typed in Auckland", "typed in London"]


def test_newest_first_lists_the_last_typed_first_even_within_one_second() -> None:
    first = Note("z1", DAY, "first", AT)
    second = Note("a1", DAY, "second, same second", AT)
    older = Note("z1", DAY - dt.timedelta(days=1), "yesterday", at(17))
    r = record(first, older, second)
    assert [n.text for n in notes_newest_first(r)] == ["second, same second", "first", "yesterday"]
    assert [n.text for n in notes_newest_first(r, "z1")] == ["first", "yesterday"]


# --- making a note from what was typed ------------------------------------------


@pytest.mark.parametrize("who", ["z1", "zoe", "ZOË n", "  Zoë Ng "])
def test_new_note_finds_the_student_like_a_score_does(who: str) -> None:
    note = new_note(record(), who, " reads 'was' as 'saw' ", DAY, DAY, AT)
    assert note == Note("z1", DAY, "reads 'was' as 'saw'", AT)


def test_new_note_names_the_candidates_of_an_ambiguous_name() -> None:
    with pytest.raises(EntryError, match=r"'ana' could be Ana Lopez \(a1\), Anabel Cruz \(a2\)"):
        new_note(record(), "ana", "x", DAY, DAY, AT)
    with pytest.raises(EntryError, match="no student 'xavier' in Room 7"):
        new_note(record(), "xavier", "x", DAY, DAY, AT)


def test_new_note_refuses_a_day_still_to_come() -> None:
    assert new_note(record(), "z1", "x", DAY - dt.timedelta(days=5), DAY, AT).date == DAY - dt.timedelta(days=5)
    with pytest.raises(NoteError, match="2026-11-21 is in the future"):
        new_note(record(), "z1", "x", DAY + dt.timedelta(days=1), DAY, AT)


def test_note_dict_carries_the_name_exactly_as_typed() -> None:
    note = Note("br", DAY, "line one\nline two", AT)
    assert note_dict(record(note), note) == {
        "student": "br",
        "name": "[bold]Ana[/bold]",
        "date": "2026-11-20",
        "text": "line one\nline two",
        "written_at": AT,
    }


# --- the class bundle -----------------------------------------------------------


def bundle_with_notes(*notes: dict[str, Any]) -> dict[str, Any]:
    data = record_to_bundle(record())
    data["notes"] = list(notes)
    return data


def test_notes_travel_in_a_bundle_unchanged() -> None:
    notes = (
        Note("z1", DAY, "Zoë: «b» and «d»\nnext: sky-writing", at(9, offset=-5)),
        Note("br", DAY - dt.timedelta(days=1), "[red]not markup[/red]", AT),
    )
    original = record(*notes)
    data = json.loads(json.dumps(record_to_bundle(original), ensure_ascii=False))
    assert data["notes"][0] == {
        "student": "z1",
        "date": "2026-11-20",
        "text": "Zoë: «b» and «d»\nnext: sky-writing",
        "written_at": "2026-11-20T09:00:00-05:00",
    }
    back = bundle_to_record(data, "room7.json")
    assert back == original
    assert back.notes_for("br")[0].text == "[red]not markup[/red]"


def test_a_bundle_from_before_notes_loads_with_none() -> None:
    data = record_to_bundle(record())
    del data["notes"]
    assert bundle_to_record(data, "old.json").notes == []


def test_a_bundle_note_about_an_unknown_student_is_refused() -> None:
    data = bundle_with_notes({"student": "z1", "date": "2026-11-20", "text": "ok", "written_at": AT},
                             {"student": "ghost", "date": "2026-11-20", "text": "who?", "written_at": AT})
    with pytest.raises(BundleError, match=r"^room7\.json: note 2: no student with id 'ghost'$"):
        bundle_to_record(data, "room7.json")


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"text": "   "}, "must not be empty"),
        ({"text": "x" * 2001}, "is too long"),
        ({"date": "20/11/2026"}, "must be a date like 2026-11-23"),
        ({"written_at": "teatime"}, "note 1: 'teatime' is not a time like"),
        ({"mood": "happy"}, "is not a known field"),
    ],
)
def test_a_bad_bundle_note_is_named_in_plain_words(change: dict[str, Any], words: str) -> None:
    note = {"student": "z1", "date": "2026-11-20", "text": "ok", "written_at": AT, **change}
    with pytest.raises(BundleError) as info:
        bundle_to_record(bundle_with_notes(note), "room7.json")
    message = str(info.value)
    assert message.startswith("room7.json: ") and words in message
    assert "pydantic" not in message and "Input should" not in message and len(message.splitlines()) == 1
