"""Bringing a class list in from a CSV, again and again without duplicates.

Teachers re-import the same list after a new student arrives, so a row that
matches a student already on the roster (by id, else by exact name) updates
them instead of adding a twin. Any bad row rejects the whole file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from grouper.core.errors import error_list
from grouper.core.limits import class_size_problem
from grouper.core.models import Student
from grouper.core.text import visible
from grouper.formats.csvfile import CsvError, CsvRow, CsvTable


@dataclass
class RosterMerge:
    """What an import changes: the students to save and counts to report."""

    students: list[Student] = field(default_factory=list)
    added: list[Student] = field(default_factory=list)
    updated: list[Student] = field(default_factory=list)
    unchanged: list[Student] = field(default_factory=list)


#: The longest name, id and tag a class bundle takes: anything imported must export and import again.
MAX_NAME, MAX_ID, MAX_TAG = 200, 64, 40


#: The roster's columns and the headers school systems give them (as ``header_key`` reads them:
#: ``Student ID``, ``student_id`` and ``STUDENT-ID`` are all ``studentid``), best first.
ROSTER_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("name", "studentname", "fullname"),
    "firstname": ("firstname", "givenname"),
    "lastname": ("lastname", "surname", "familyname"),
    "id": ("id", "studentid", "studentnumber", "sisid"),
    "tags": ("tags", "tag"),
}


def roster_key(header: str) -> str | None:
    """The roster column a header key names (``studentnumber`` is the ``id``), or None."""
    return next((key for key, names in ROSTER_HEADERS.items() if header in names), None)


def _roster_columns(table: CsvTable) -> CsvTable:
    """The table with each roster column under its own key; of two headers for one, the better one is read."""
    chosen: dict[str, str] = {}
    for key, names in ROSTER_HEADERS.items():
        column = next((n for n in names if n in table.columns), None)
        if column is not None:
            chosen[key] = column
    if all(k == c for k, c in chosen.items()):
        return table
    rows = tuple(CsvRow(r.line, {k: r.cells.get(c, "") for k, c in chosen.items()}) for r in table.rows)
    return replace(table, columns=tuple(chosen), rows=rows, headers=tuple(table.header(c) for c in chosen.values()))


def _tags(text: str) -> tuple[str, ...]:
    """``ELL; IEP`` and ``ELL, IEP`` (as a spreadsheet joins a list) are both two tags."""
    return tuple(dict.fromkeys(visible(t.strip()) for t in re.split(r"[;,]", text) if t.strip()))


def _read_row(c: dict[str, str], has_name: bool, has_parts: bool) -> tuple[str | None, str, tuple[str, ...]] | str:
    """(id, name, tags) of one row, or what is wrong with it.

    The name is made visible here, as the student record will hold it, so a
    re-import of the same file finds the student instead of adding a twin.
    """
    if has_name and c.get("name"):
        name = c["name"]
    elif has_parts:
        name = " ".join(p for p in (c.get("firstname", ""), c.get("lastname", "")) if p)
    else:
        name = ""
    if not name:
        return "no name"
    if len(name) > MAX_NAME:
        return f"name is longer than {MAX_NAME} characters"
    sid = c.get("id") or None
    if sid is not None and len(sid) > MAX_ID:
        return f"id is longer than {MAX_ID} characters"
    if sid is not None and not sid.isprintable():
        return "id holds a control or invisible character; ids are codes typed on a keyboard"
    tags = _tags(c.get("tags", ""))
    if any(len(t) > MAX_TAG for t in tags):
        return f"a tag is longer than {MAX_TAG} characters"
    return sid, visible(name), tags


def roster_rows(table: CsvTable) -> list[tuple[int, str | None, str, tuple[str, ...] | None]]:
    """(line, id, name, tags) per row; tags None when the file has no tags column."""
    found = ", ".join(table.headers) or "none"
    table = _roster_columns(table)
    cols = set(table.columns)
    has_name = "name" in cols
    has_parts = "firstname" in cols and "lastname" in cols
    if not has_name and not has_parts:
        raise CsvError(
            f"{table.source}: line 1: needs a 'name' (or 'Student Name') column, or 'first_name' and 'last_name' "
            f"columns (found: {found})"
        )
    rows = []
    errors = []
    for row in table.rows:
        read = _read_row(row.cells, has_name, has_parts)
        if isinstance(read, str):
            errors.append(f"{table.source}: line {row.line}: {read}")
            continue
        sid, name, tags = read
        rows.append((row.line, sid, name, tags if "tags" in cols else None))
    _check_duplicates(table.source, rows, errors)
    if errors:
        raise CsvError(error_list(errors))
    return rows


def same_name(name: str) -> str:
    """The key two spellings of one name share: Zoë typed as one character or as e and a combining mark."""
    return unicodedata.normalize("NFC", name)


def _check_duplicates(source: str, rows: Sequence[tuple[int, str | None, str, object]], errors: list[str]) -> None:
    ids: dict[str, int] = {}
    names: dict[str, int] = {}
    for line, sid, name, _ in rows:
        if sid is not None:
            if sid in ids:
                errors.append(f"{source}: line {line}: id '{sid}' is also on line {ids[sid]}")
            ids[sid] = line
        else:
            if same_name(name) in names:
                errors.append(
                    f"{source}: line {line}: '{name}' is also on line {names[same_name(name)]}; "
                    "add an id column to tell them apart"
                )
            names[same_name(name)] = line


def merge_roster(existing: Sequence[Student], table: CsvTable) -> RosterMerge:
    """Match each row to the roster (id, else exact name) and say what changes.

    A file that would take the class past ``MAX_STUDENTS`` is refused; one with
    more rows than that is refused before a row is read (each row is a student).
    """
    _check_size(table, len(table.rows))
    rows = roster_rows(table)
    by_id = {s.id: s for s in existing}
    by_name: dict[str, list[Student]] = {}
    for s in existing:
        by_name.setdefault(same_name(s.name), []).append(s)
    taken = set(by_id) | {sid for _, sid, _, _ in rows if sid is not None}
    counter = len(existing)
    merge = RosterMerge()
    for line, sid, name, tags in rows:
        old = by_id.get(sid) if sid is not None else None
        if old is None and sid is None:
            same = by_name.get(same_name(name), [])
            if len(same) > 1:
                raise CsvError(f"{table.source}: line {line}: '{name}' matches {len(same)} students; add an id column")
            old = same[0] if same else None
        if old is None:
            new_id = sid
            if new_id is None:
                while True:
                    counter += 1
                    new_id = f"s{counter}"
                    if new_id not in taken:
                        break
            taken.add(new_id)
            student = Student(new_id, name, tags or ())
            merge.added.append(student)
            merge.students.append(student)
            continue
        # replace(): a roster link and student number from a OneRoster import survive a CSV re-import.
        student = replace(old, name=name, tags=old.tags if tags is None else tags, active=True)
        if student == old:
            merge.unchanged.append(old)
        else:
            merge.updated.append(student)
            merge.students.append(student)
    _check_size(table, len(existing) + len(merge.added))
    return merge


def _check_size(table: CsvTable, count: int) -> None:
    problem = class_size_problem(count)
    if problem is not None:
        raise CsvError(f"{table.source}: {problem}; nothing was imported")
