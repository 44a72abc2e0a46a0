"""Dated notes about a student: what the teacher noticed in a reading conference.

A note is matched to its student the same way a score is (id, name, or the
start of a name; an ambiguous name is an error naming the candidates), and is
about something already seen, so a day in the future is refused.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from grouper.core.models import ClassRecord, Note, NoteError, newest_first
from grouper.core.score_entry import resolve_student


def new_note(record: ClassRecord, student: str, text: str, day: dt.date, today: dt.date, written_at: str) -> Note:
    """A checked note from what the teacher typed, ready to keep."""
    found = resolve_student(record, student)
    if day > today:
        raise NoteError(f"{day.isoformat()} is in the future; a note is about something already noticed")
    return Note(found.id, day, text, written_at)


def notes_newest_first(record: ClassRecord, student_id: str | None = None) -> list[Note]:
    """The class's notes (or one student's), the most recent first."""
    notes = record.notes if student_id is None else [n for n in record.notes if n.student == student_id]
    return newest_first(notes)


def student_name(record: ClassRecord, student_id: str) -> str:
    try:
        return record.student(student_id).name
    except KeyError:
        return student_id


def note_dict(record: ClassRecord, note: Note) -> dict[str, Any]:
    """A note as ``grouper notes --json`` prints it, with the student's name."""
    return {
        "student": note.student,
        "name": student_name(record, note.student),
        "date": note.date.isoformat(),
        "text": note.text,
        "written_at": note.written_at,
    }
