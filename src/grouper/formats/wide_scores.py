"""Scores kept in a spreadsheet: one row per student, one column per check.

Teachers who tracked a term in Excel or Google Sheets have exactly this shape,
so it is read as it is instead of making them unpivot it. The format is told
from the header: ``check`` and ``score`` columns mean the long format (one row
per score, ``scores_csv``); anything else is wide. Every cell is checked and
any bad one rejects the whole file, naming its line and column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from grouper.core.dates import NO_PREFERENCE, DatePreference, FileOrder
from grouper.core.errors import NOTHING_IMPORTED, error_list, shown
from grouper.core.models import Check, ClassRecord, Student
from grouper.core.score_entry import Entry, EntryError, check_date, parse_value, resolve_student
from grouper.formats.csvfile import CsvError, CsvRow, CsvTable, header_key
from grouper.formats.scores_csv import cell_date, entries_from_csv, file_date_order

#: Columns that name the student by id or school number (header keys), best first.
ID_COLUMNS = ("id", "studentid", "studentnumber", "number")
#: Columns that name the student by name.
NAME_COLUMNS = ("student", "name", "studentname")
DATE = "date"

Format = Literal["long", "wide"]


def detect_format(table: CsvTable) -> Format:
    """``long`` when the header has a check or score column (its own errors then say what is missing), else ``wide``."""
    return "long" if {"check", "score"} & set(table.columns) else "wide"


def scores_from_csv(
    record: ClassRecord, table: CsvTable, today: dt.date, default_day: dt.date,
    dates: DatePreference = NO_PREFERENCE,
) -> tuple[Format, list[Entry]]:
    """Every score in a long or wide scores CSV, or an error listing the bad cells (nothing partial).

    ``dates`` is the teacher's day/month order, for a file whose dates do not show it.
    """
    fmt = detect_format(table)
    if fmt == "long":
        return fmt, entries_from_csv(record, table, today, default_day, dates)
    return fmt, WideSheet(record, table).entries(today, default_day, dates)


def checks_for_header(key: str, checks: Sequence[Check]) -> list[Check]:
    """The checks a column header (a header key) can name: one, none, or several (refused by the caller).

    A check's id, its label, ``label [id]`` (what the grid export writes), or the start of its
    id or label (``Letters named`` for ``Letters named (of 54)``, as the long format's check
    column takes it); an exact id or label wins over a start.
    """
    exact = [
        c for c in checks if key in (header_key(c.id), header_key(c.label)) or key.endswith(f"[{header_key(c.id)}]")
    ]
    if exact or not key:
        return exact
    return [c for c in checks if header_key(c.id).startswith(key) or header_key(c.label).startswith(key)]


@dataclass(frozen=True, slots=True)
class _Who:
    """How rows name their student: by id or number (``key``), by name, or by first and last name."""

    key: str | None
    by_id: bool


class WideSheet:
    """A wide scores table read against a class: which column is whom, and which is which check."""

    def __init__(self, record: ClassRecord, table: CsvTable) -> None:
        self.record = record
        self.table = table
        cols = set(table.columns)
        id_col = next((k for k in ID_COLUMNS if k in cols), None)
        name_col = next((k for k in NAME_COLUMNS if k in cols), None)
        parts = {"firstname", "lastname"} <= cols
        if id_col is None and name_col is None and not parts:
            raise CsvError(
                f"{table.source}: line 1: no student column; a scores file needs a 'student' (name) or 'id' column, "
                f"and 'check' and 'score' columns or one column per check"
            )
        self.who = _Who(id_col, True) if id_col else _Who(name_col, False)
        reserved = {*ID_COLUMNS, *NAME_COLUMNS, "firstname", "lastname", DATE}
        self.checks: dict[str, Check] = {}
        unknown = []
        for key in table.columns:
            if key in reserved:
                continue
            check = self._check_for(key)
            if check is None:
                unknown.append(table.header(key))
            else:
                self._add_column(key, check)
        if unknown:
            ids = ", ".join(c.id for c in record.pathway.all_checks())
            listed = ", ".join(f"'{shown(u)}'" for u in unknown[:5]) + (" ..." if len(unknown) > 5 else "")
            raise CsvError(
                f"{table.source}: line 1: column(s) {listed} name no check of pathway '{record.pathway.id}'\n"
                f"Name each check column by its id or label ({ids}); a date column is optional."
            )
        if not self.checks:
            raise CsvError(f"{table.source}: line 1: no check columns (and no 'check' and 'score' columns)")

    def _add_column(self, key: str, check: Check) -> None:
        """Read column ``key`` as ``check``, unless another column already is that check."""
        twin = next((k for k, c in self.checks.items() if c.id == check.id), None)
        if twin is not None:
            # Both would be imported and the later would silently win: the teacher must say which is meant.
            both = f"'{shown(self.table.header(twin))}' and '{shown(self.table.header(key))}'"
            raise CsvError(f"{self.table.source}: line 1: columns {both} are both check {check.id}; keep one")
        self.checks[key] = check

    def _check_for(self, key: str) -> Check | None:
        found = checks_for_header(key, self.record.pathway.all_checks())
        if len(found) > 1:
            ids = ", ".join(c.id for c in found)
            raise CsvError(f"{self.table.source}: line 1: column '{shown(self.table.header(key))}' could be {ids}")
        return found[0] if found else None

    def student(self, row: CsvRow) -> Student:
        c = row.cells
        active = [s for s in self.record.students if s.active]
        if self.who.by_id:
            text = c.get(self.who.key or "", "")
            for attr in ("id", "number") if self.who.key in ("id", "studentid") else ("number", "id"):
                same = [s for s in active if getattr(s, attr) == text]
                if len(same) == 1:
                    return same[0]
            column = shown(self.table.header(self.who.key or ""))
            raise EntryError(f"column '{column}': no student with id or number '{shown(text)}' in {self.record.name}")
        if self.who.key is not None:
            name = c.get(self.who.key, "")
        else:
            name = " ".join(p for p in (c.get("firstname", ""), c.get("lastname", "")) if p)
        if not name:
            raise EntryError("no student named")
        return resolve_student(self.record, name)

    def entries(self, today: dt.date, default_day: dt.date, dates: DatePreference = NO_PREFERENCE) -> list[Entry]:
        order = file_date_order(self.table, dates)
        entries: list[Entry] = []
        errors: list[str] = []
        seen: dict[tuple[str, dt.date], int] = {}
        for row in self.table.rows:
            where = f"{self.table.source}: line {row.line}"
            try:
                student = self.student(row)
                day = self._day(row, default_day, today, order)
            except EntryError as e:
                errors.append(f"{where}: {e}")
                continue
            if (student.id, day) in seen:
                errors.append(f"{where}: {student.name} on {day.isoformat()} is also on line {seen[student.id, day]}")
                continue
            seen[student.id, day] = row.line
            for key, check in self.checks.items():
                cell = row.cells.get(key, "")
                if not cell:
                    continue
                try:
                    entries.append(Entry(student, check, parse_value(cell, check), day))
                except EntryError as e:
                    errors.append(f"{where}, column '{shown(self.table.header(key))}': {e}")
        if errors:
            raise CsvError(error_list(errors, "more bad cell(s)", NOTHING_IMPORTED))
        if not entries:
            raise CsvError(f"{self.table.source}: no scores in the file")
        return entries

    def _day(self, row: CsvRow, default_day: dt.date, today: dt.date, order: FileOrder) -> dt.date:
        text = row.cells.get(DATE, "")
        if not text:
            return check_date(default_day, today)
        try:
            day = cell_date(order, row.line, text)
        except EntryError as e:
            raise EntryError(f"column '{shown(self.table.header(DATE))}': {e}") from None
        return check_date(day, today)
