"""A scores CSV (one row per score: student, check, score, optional date and note) as checked scores.

Every row goes through the same rule as a typed score (``entry_from_words``), and a file
with any bad row is rejected whole, naming the lines.
"""

from __future__ import annotations

import datetime as dt

from grouper.core.dates import NO_PREFERENCE, DatePreference, DateProblem, FileOrder, date_order
from grouper.core.errors import NOTHING_IMPORTED, error_list
from grouper.core.models import ClassRecord
from grouper.core.score_entry import Entry, EntryError, entry_from_words
from grouper.formats.csvfile import CsvError, CsvTable


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
