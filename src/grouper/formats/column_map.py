"""Which column of a teacher's file is which: the mapping behind the app's import screen.

The importers read columns by their headers (``name``, ``first name``, a check's
id or label...). A file from a school system or a spreadsheet often says
``Pupil`` or ``Letter ID (Sept)`` instead. The import screen shows how each
column will be read, lets the teacher change it with the keyboard, and hands the
importers the same table with the columns renamed to what they expect, so every
rule and message of the importers still holds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from grouper.core.models import Pathway
from grouper.formats.csvfile import CsvError, CsvRow, CsvTable, header_key
from grouper.formats.roster import roster_key
from grouper.formats.wide_scores import DATE, ID_COLUMNS, NAME_COLUMNS, checks_for_header, detect_format

Kind = Literal["roster", "scores"]


@dataclass(frozen=True, slots=True)
class Role:
    """What a column can be read as: ``key`` is the header the importer reads."""

    key: str
    words: str


IGNORE = Role("", "not read")
ROSTER_ROLES = (Role("name", "name"), Role("firstname", "first name"), Role("lastname", "last name"),
                Role("id", "student id"), Role("tags", "tags"))
LONG_ROLES = (Role("student", "student"), Role("check", "check"), Role("score", "score"), Role("date", "date"),
              Role("note", "note"))
WIDE_FIXED = (Role("student", "student name"), Role("id", "student id or number"),
              Role("firstname", "first name"), Role("lastname", "last name"), Role(DATE, "date"))


def check_roles(pathway: Pathway) -> tuple[Role, ...]:
    return tuple(Role(header_key(c.id), f"check {c.id} ({c.label})") for c in pathway.all_checks())


def roles_for(kind: Kind, long: bool, pathway: Pathway) -> tuple[Role, ...]:
    """Every way a column can be read, in the order the screen cycles through them (not read first)."""
    if kind == "roster":
        return (IGNORE, *ROSTER_ROLES)
    if long:
        return (IGNORE, *LONG_ROLES)
    return (IGNORE, *WIDE_FIXED, *check_roles(pathway))


def _check_key(column: str, pathway: Pathway) -> str | None:
    """The check a column's header names as the importer reads it (none when it fits two: the teacher picks)."""
    found = checks_for_header(column, pathway.all_checks())
    return header_key(found[0].id) if len(found) == 1 else None


def guess_kind(table: CsvTable, pathway: Pathway) -> Kind:
    """Scores when the file has check and score columns or a column per check; a roster otherwise."""
    if detect_format(table) == "long" or any(_check_key(c, pathway) for c in table.columns):
        return "scores"
    return "roster"


def guess(table: CsvTable, kind: Kind, pathway: Pathway) -> dict[str, Role]:
    """How the importer would read each column, by its header alone."""
    long = detect_format(table) == "long"
    known = {r.key: r for r in roles_for(kind, long, pathway)}
    out: dict[str, Role] = {}
    for column in table.columns:
        key = column
        if kind == "roster":
            key = roster_key(column) or column
        elif kind == "scores" and not long:
            if column in ID_COLUMNS:
                key = "id"
            elif column in NAME_COLUMNS:
                key = "student"
            else:
                key = _check_key(column, pathway) or column
        role = known.get(key, IGNORE) if key else IGNORE
        out[column] = IGNORE if role in out.values() else role
    return out


def remap(table: CsvTable, mapping: dict[str, Role]) -> CsvTable:
    """The table with each column renamed to its role's header; columns not read are left out."""
    chosen = [(column, role) for column, role in mapping.items() if role is not IGNORE and role.key]
    seen: dict[str, str] = {}
    for column, role in chosen:
        if role.key in seen:
            raise CsvError(f"{table.source}: columns '{table.header(seen[role.key])}' and '{table.header(column)}' "
                           f"are both read as {role.words}; choose one")
        seen[role.key] = column
    rows = tuple(CsvRow(r.line, {role.key: r.cells.get(column, "") for column, role in chosen}) for r in table.rows)
    return replace(table, columns=tuple(role.key for _, role in chosen), rows=rows,
                   headers=tuple(table.header(column) for column, _ in chosen))
