"""Reading a OneRoster 1.1 or 1.2 CSV package (a folder or a .zip) from the school's systems.

Schools already keep their class lists in a student information system that
exports 1EdTech OneRoster CSV, so a teacher should not retype them. Headers are
matched exactly, as the CSV binding says (``SourcedId`` is not ``sourcedId``):
a file that spells them otherwise is refused with the file and column named,
never half read. Only what grouper needs is read: manifest.csv (version, bulk
or delta), users.csv, classes.csv, enrollments.csv, and roles.csv where 1.2
keeps each user's role. Nothing here writes anything; ``oneroster_merge`` turns
a package into changes to a class's roster.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from grouper.core.errors import NOTHING_IMPORTED, GrouperError, error_list, shown
from grouper.core.text import typable, visible
from grouper.formats.csvfile import csv_rows

NEEDED = ("users.csv", "classes.csv", "enrollments.csv")
KNOWN = ("manifest.csv", *NEEDED, "roles.csv")
#: The columns read from each file: all must be there, spelled exactly.
REQUIRED = {
    "users.csv": ("sourcedId", "givenName", "familyName"),
    "classes.csv": ("sourcedId", "title"),
    "enrollments.csv": ("sourcedId", "classSourcedId", "userSourcedId", "role"),
    "roles.csv": ("userSourcedId", "role"),
    "manifest.csv": ("propertyName", "value"),
}
#: The title shown for a class a delta's enrolments name but its classes.csv does not.
DELTA_ONLY = "(not in this delta's classes.csv)"
_DELETED = {"tobedeleted", "inactive"}  # "inactive" is OneRoster 1.0's word for it


class OneRosterError(GrouperError):
    """A package grouper cannot use, said in plain words naming the file (exit code 1)."""


@dataclass(frozen=True, slots=True)
class OrUser:
    sourced_id: str
    line: int
    given: str
    family: str
    preferred_given: str = ""
    preferred_family: str = ""
    identifier: str = ""
    #: The 1.1 ``role`` column; empty in 1.2, where roles.csv holds it.
    role: str = ""
    deleted: bool = False

    @property
    def display_name(self) -> str:
        """What the teacher sees: the preferred first (and family) name when the school has one."""
        parts = (self.preferred_given or self.given, self.preferred_family or self.family)
        return " ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class OrClass:
    sourced_id: str
    title: str
    code: str = ""
    deleted: bool = False


@dataclass(frozen=True, slots=True)
class OrEnrollment:
    sourced_id: str
    line: int
    class_id: str
    user_id: str
    role: str
    deleted: bool = False
    begin: dt.date | None = None
    end: dt.date | None = None

    def runs_on(self, day: dt.date | None) -> bool | None:
        """True while the enrolment runs on ``day``, False once it has ended, None before it begins."""
        if day is None:
            return True
        if self.end is not None and self.end < day:
            return False
        return None if self.begin is not None and self.begin > day else True


@dataclass
class Package:
    """The parts of a OneRoster package grouper uses."""

    source: str
    version: str
    #: file stem ("users", "enrollments"...) -> "bulk", "delta" or "absent" (manifest.csv; bulk without one)
    modes: dict[str, str]
    users: dict[str, OrUser] = field(default_factory=dict)
    classes: list[OrClass] = field(default_factory=list)
    enrollments: list[OrEnrollment] = field(default_factory=list)
    #: 1.2: user -> whether roles.csv gives them an active student role; None when users.csv has ``role``.
    student_role: dict[str, bool] | None = None
    #: file name -> where it was read from, for messages ("roster.zip:users.csv").
    sources: dict[str, str] = field(default_factory=dict)

    def where(self, name: str, line: int) -> str:
        return f"{self.sources.get(name, name)}: line {line}"

    def delta(self, stem: str) -> bool:
        return self.modes.get(stem) == "delta"

    def is_student(self, user: OrUser) -> bool:
        """A student by their own role: 1.1 in users.csv, 1.2 in roles.csv.

        A delta roles.csv only lists changed roles, so a user it leaves out keeps the
        role they had: their student enrolment is taken as it.
        """
        if self.student_role is None:
            return user.role.casefold() == "student"
        return self.student_role.get(user.sourced_id, self.delta("roles"))

    def members(self, cls: OrClass, day: dt.date | None = None) -> tuple[dict[str, OrEnrollment], set[str]]:
        """Student enrolments of a class on ``day``: (user id -> live enrolment, ids whose enrolment ended).

        An enrolment ends when it is ``tobedeleted``, its endDate has passed, or its user
        or class is ``tobedeleted``; one whose beginDate is still to come is neither.
        """
        live: dict[str, OrEnrollment] = {}
        ended: set[str] = set()
        for e in self.enrollments:
            if e.class_id != cls.sourced_id or e.role.casefold() != "student":
                continue
            user = self.users.get(e.user_id)
            runs = e.runs_on(day)
            if e.deleted or cls.deleted or (user is not None and user.deleted) or runs is False:
                ended.add(e.user_id)
            elif runs and (user is None or self.is_student(user)):
                live.setdefault(e.user_id, e)
        return live, ended - set(live)

    def summaries(self, day: dt.date | None = None) -> list[tuple[OrClass, int]]:
        """Each class still running, with how many students are enrolled in it on ``day``.

        A delta names only the classes that changed; the others its enrolments name are
        listed by sourcedId, with how many enrolments start in this delta.
        """
        classes = [c for c in self.classes if not c.deleted]
        known = {c.sourced_id for c in self.classes}
        for e in self.enrollments:
            if e.class_id not in known:
                known.add(e.class_id)
                classes.append(OrClass(e.class_id, DELTA_ONLY))
        return [(c, len(self.members(c, day)[0])) for c in classes]

    def find_class(self, text: str) -> OrClass:
        """The class ``text`` names: its classCode, sourcedId or title (any case), never a guess."""
        key = text.strip().casefold()
        for attr in ("code", "sourced_id", "title"):
            hits = [c for c in self.classes if key and getattr(c, attr).casefold() == key]
            if len(hits) == 1:
                return hits[0]
            if hits:
                listed = ", ".join(f"{c.code or c.sourced_id} ({c.title})" for c in hits[:6])
                raise OneRosterError(f"{self.source}: '{text}' could be {listed}; give the class code")
        if self.delta("classes") or self.modes.get("classes") == "absent":
            # A delta lists only the classes that changed: a class's sourcedId still finds its enrolments.
            if any(e.class_id == text.strip() for e in self.enrollments):
                return OrClass(text.strip(), DELTA_ONLY)
            named = ", ".join(dict.fromkeys(e.class_id for e in self.enrollments[:50]))
            raise OneRosterError(
                f"{self.source}: no class '{text}' in this delta; give the class's sourcedId"
                + (f" (its enrolments name {named})" if named else "")
            )
        listed = ", ".join(f"{c.code or c.sourced_id} ({c.title})" for c in self.classes[:8])
        more = f" and {len(self.classes) - 8} more" if len(self.classes) > 8 else ""
        if not self.classes:
            raise OneRosterError(f"{self.source}: no classes in classes.csv")
        raise OneRosterError(f"{self.source}: no class '{text}' in classes.csv; the classes are {listed}{more}")


# --- parsing ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Table:
    source: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, str]], ...]


def _table(name: str, source: str, text: str, required: tuple[str, ...]) -> _Table:
    """A CSV with its exact header; a missing, doubled or differently spelled column is named."""
    reader = csv_rows(text, source, OneRosterError)
    _, cells = next(reader, (1, []))
    header = tuple(h.strip() for h in cells)
    for col in required:
        if col not in header:
            near = [h for h in header if h.casefold() == col.casefold()]
            hint = f" (headers are case-sensitive: found '{shown(near[0])}')" if near else ""
            raise OneRosterError(f"{source}: no column '{col}'{hint}\n{name} needs: {', '.join(required)}")
    twice = next((h for i, h in enumerate(header) if h and h in header[:i]), None)
    if twice is not None:
        # Which of the two is meant cannot be known; reading either could enrol the wrong student.
        raise OneRosterError(f"{source}: line 1: column '{shown(twice)}' appears twice")
    rows = []
    for line, cells in reader:
        if any(c.strip() for c in cells):
            # Every cell is shown somewhere (a title, a name, a code in a message): visible, as a name is.
            # The links between the files are ids: kept as they are, and refused when not typable.
            rows.append((line, {h: (_cell(h, cells[i]) if i < len(cells) else "") for i, h in enumerate(header) if h}))
    return _Table(source, header, tuple(rows))


def _cell(column: str, text: str) -> str:
    text = text.strip()
    return text if column.endswith(("sourcedId", "SourcedId")) else visible(text)


def _deleted(cells: dict[str, str], where: str, errors: list[str]) -> bool:
    status = cells.get("status", "").casefold()
    if status and status != "active" and status not in _DELETED:
        errors.append(f"{where}: column 'status': '{shown(cells['status'])}' is not active or tobedeleted")
    return status in _DELETED


def _unique(table: _Table, errors: list[str]) -> None:
    seen: dict[str, int] = {}
    for line, c in table.rows:
        sid = c.get("sourcedId", "")
        if not sid:
            errors.append(f"{table.source}: line {line}: column 'sourcedId' is empty")
        elif sid in seen:
            errors.append(f"{table.source}: line {line}: sourcedId '{shown(sid)}' is also on line {seen[sid]}")
        elif len(sid) > 255:
            errors.append(f"{table.source}: line {line}: sourcedId is longer than 255 characters")
        elif not typable(sid):
            errors.append(f"{table.source}: line {line}: sourcedId holds a control or invisible character")
        seen.setdefault(sid, line)


def parse_package(files: Mapping[str, tuple[str, str]], source: str) -> Package:
    """Check a package and read it into a ``Package``; any bad file or row rejects it whole."""
    modes = _modes(files)
    version = modes.pop("oneroster.version", "")
    wanted = [name for name in NEEDED if modes.get(name.removesuffix(".csv")) != "absent"]
    for name in wanted:
        if name not in files:
            raise OneRosterError(f"{source}: no {name} (a OneRoster package needs {', '.join(NEEDED)})")
    tables: dict[str, _Table] = {}
    for name in wanted:
        tables[name] = _table(name, *files[name], REQUIRED[name])
        modes.setdefault(name.removesuffix(".csv"), "bulk")
    users = tables.get("users.csv")
    in_users = users is None or "role" in users.header
    if not in_users and "roles.csv" not in files:
        raise OneRosterError(
            f"{files['users.csv'][0]}: no column 'role', and no roles.csv beside it\n"
            "(OneRoster 1.1 keeps each user's role in users.csv, 1.2 in roles.csv)"
        )
    package = Package(source, version or ("1.1" if in_users else "1.2"), modes)
    package.sources = {name: where for name, (where, _) in files.items()}
    errors: list[str] = []
    if users is not None:
        _users(package, users, errors)
    if "classes.csv" in tables:
        _classes(package, tables["classes.csv"], errors)
    if "enrollments.csv" in tables:
        _enrollments(package, tables["enrollments.csv"], errors)
    if not in_users:
        _roles(package, _table("roles.csv", *files["roles.csv"], REQUIRED["roles.csv"]), errors)
    if errors:
        raise OneRosterError(error_list(errors, closing=NOTHING_IMPORTED))
    return package


def _modes(files: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    """manifest.csv's version and each file's mode (bulk, delta, absent); {} without a manifest."""
    if "manifest.csv" not in files:
        return {}
    table = _table("manifest.csv", *files["manifest.csv"], REQUIRED["manifest.csv"])
    modes: dict[str, str] = {}
    for line, c in table.rows:
        prop, value = c["propertyName"], c["value"]
        if prop == "oneroster.version":
            modes[prop] = value
        elif prop.startswith("file."):
            mode = value.casefold()
            if mode not in ("bulk", "delta", "absent"):
                raise OneRosterError(
                    f"{table.source}: line {line}: {shown(prop)} is '{shown(value)}' (bulk, delta or absent)"
                )
            modes[prop.removeprefix("file.")] = mode
    return modes


def _users(package: Package, table: _Table, errors: list[str]) -> None:
    _unique(table, errors)
    for line, c in table.rows:
        where = f"{table.source}: line {line}"
        user = OrUser(
            c["sourcedId"], line, c["givenName"], c["familyName"],
            # 1.2's CSV binding says preferredGivenName; the REST model's preferredFirstName is taken too.
            c.get("preferredGivenName") or c.get("preferredFirstName", ""),
            c.get("preferredFamilyName") or c.get("preferredLastName", ""),
            c.get("identifier", ""), c.get("role", ""), _deleted(c, where, errors),
        )
        if len(user.identifier) > 64:
            errors.append(f"{where}: column 'identifier' is longer than 64 characters")
        package.users.setdefault(user.sourced_id, user)


def _classes(package: Package, table: _Table, errors: list[str]) -> None:
    _unique(table, errors)
    for line, c in table.rows:
        where = f"{table.source}: line {line}"
        package.classes.append(OrClass(c["sourcedId"], c["title"], c.get("classCode", ""), _deleted(c, where, errors)))


def _enrollments(package: Package, table: _Table, errors: list[str]) -> None:
    _unique(table, errors)
    classes = {c.sourced_id for c in package.classes}
    for line, c in table.rows:
        where = f"{table.source}: line {line}"
        e = OrEnrollment(c["sourcedId"], line, c["classSourcedId"], c["userSourcedId"], c["role"],
                         _deleted(c, where, errors), _day(c, "beginDate", where, errors),
                         _day(c, "endDate", where, errors))
        if not e.user_id or not e.class_id:
            errors.append(f"{where}: columns 'classSourcedId' and 'userSourcedId' must not be empty")
        elif not typable(e.user_id) or not typable(e.class_id):
            errors.append(f"{where}: classSourcedId or userSourcedId holds a control or invisible character")
        elif e.class_id not in classes and package.modes.get("classes") == "bulk":
            errors.append(f"{where}: classSourcedId '{shown(e.class_id)}' is not in classes.csv")
        elif e.user_id not in package.users and package.modes.get("users") == "bulk" and not e.deleted:
            errors.append(f"{where}: userSourcedId '{shown(e.user_id)}' is not in users.csv")
        package.enrollments.append(e)


def _day(cells: dict[str, str], column: str, where: str, errors: list[str]) -> dt.date | None:
    """An enrolment's beginDate or endDate (a date, or the date part of a date-time)."""
    text = cells.get(column, "")
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        errors.append(f"{where}: column '{column}': '{shown(text)}' is not a date like 2026-09-01")
        return None


def _roles(package: Package, table: _Table, errors: list[str]) -> None:
    """1.2: a user is a student when one of their live roles is ``student``."""
    student_role: dict[str, bool] = {}
    for line, c in table.rows:
        deleted = _deleted(c, f"{table.source}: line {line}", errors)
        uid = c["userSourcedId"]
        is_student = not deleted and c["role"].casefold() == "student"
        student_role[uid] = student_role.get(uid, False) or is_student
    package.student_role = student_role
