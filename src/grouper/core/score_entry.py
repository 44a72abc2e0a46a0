"""Turning what a teacher typed (``zoe lid 52``) into a checked score.

A scores file is read row by row through ``entry_from_words`` (``grouper.formats.scores_csv``).

Nothing is guessed: an unknown or ambiguous student or check, a value off the
check's scale, or a date in the future is an error naming the candidates, and
a file with any bad row is rejected whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from grouper.core.errors import GrouperError, shown
from grouper.core.matching import find_scoreable, find_student
from grouper.core.models import Check, ClassRecord, Student, note_problem
from grouper.core.scores import typed_score


class EntryError(GrouperError):
    pass


@dataclass(frozen=True, slots=True)
class Entry:
    """A score ready to save: resolved student and check, checked value."""

    student: Student
    check: Check
    value: int | None
    date: dt.date
    note: str = ""


def _names(items: Sequence[Student] | Sequence[Check], limit: int = 6) -> str:
    shown = [f"{getattr(i, 'name', None) or getattr(i, 'label', '')} ({i.id})" for i in items[:limit]]
    more = len(items) - limit
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def resolve_student(record: ClassRecord, text: str) -> Student:
    m = find_student(text, [s for s in record.students if s.active])
    if m.found is not None:
        return m.found
    if m.candidates:
        raise EntryError(f"'{shown(text)}' could be {_names(m.candidates)}; type more of the name or the id")
    raise EntryError(f"no student '{shown(text)}' in {record.name}")


def resolve_check(record: ClassRecord, text: str) -> Check:
    m = find_scoreable(text, record.pathway)
    if m.found is not None:
        return m.found
    if m.candidates:
        raise EntryError(f"check '{shown(text)}' could be {_names(m.candidates)}")
    raise EntryError(f"no check '{shown(text)}' in {record.pathway.name}")


def parse_value(text: str, check: Check) -> int:
    value, problem = typed_score(check, text)
    if value is None:
        raise EntryError(problem or f"'{shown(text)}' is not a score")
    return value


def check_date(day: dt.date, today: dt.date) -> dt.date:
    if day > today:
        raise EntryError(f"{day.isoformat()} is in the future; scores are for work already done")
    return day


def entry_from_words(
    record: ClassRecord, student: str, check: str, value: str, day: dt.date, today: dt.date, note: str = ""
) -> Entry:
    """One score from the command line or the quick-entry prompt."""
    s = resolve_student(record, student)
    c = resolve_check(record, check)
    too_long = note_problem(note)
    if too_long:
        raise EntryError(too_long)
    return Entry(s, c, parse_value(value, c), check_date(day, today), note)
