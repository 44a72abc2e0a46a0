"""Turning what a teacher typed (``zoe lid 52``) or a scores CSV into checked scores.

Nothing is guessed: an unknown or ambiguous student or check, a value off the
check's scale, or a date in the future is an error naming the candidates, and
a file with any bad row is rejected whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .csvfile import CsvError, CsvTable
from .dates import NO_PREFERENCE, DatePreference, DateProblem, FileOrder, date_order
from .errors import NOTHING_IMPORTED, GrouperError, error_list, shown
from .matching import find_check, find_student
from .models import Check, ClassRecord, Student, note_problem
from .scores import typed_score


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
    m = find_check(text, record.pathway.all_checks())
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


def file_date_order(table: CsvTable, dates: DatePreference) -> FileOrder:
    """How the file's ``date`` column (long or wide) is read: its own day/month order, else the teacher's."""
    return date_order(((r.line, r.cells.get("date", "")) for r in table.rows), dates)


def cell_date(order: FileOrder, line: int, text: str) -> dt.date:
    """The date cell of one line of a scores file."""
    try:
        return order.date(line, text)
    except DateProblem as e:
        raise EntryError(str(e)) from None


def entries_from_csv(
    record: ClassRecord, table: CsvTable, today: dt.date, default_day: dt.date, dates: DatePreference = NO_PREFERENCE
) -> list[Entry]:
    """All rows of a scores CSV, or an error listing the bad lines (nothing partial)."""
    required = {"student", "check", "score"}
    missing = sorted(required - set(table.columns))
    if missing:
        raise CsvError(
            f"{table.source}: line 1: missing column(s) {', '.join(missing)} "
            f"(needs student, check, score; optional date, note)"
        )
    order = file_date_order(table, dates)
    entries: list[Entry] = []
    errors: list[str] = []
    for row in table.rows:
        c = row.cells
        try:
            day = cell_date(order, row.line, c["date"]) if c.get("date") else default_day
            entries.append(
                entry_from_words(record, c["student"], c["check"], c["score"], day, today, c.get("note", ""))
            )
        except EntryError as e:
            errors.append(f"{table.source}: line {row.line}: {e}")
    if errors:
        raise CsvError(error_list(errors, "more bad line(s)", NOTHING_IMPORTED))
    if not entries:
        raise CsvError(f"{table.source}: no scores in the file")
    return entries
