"""What importing one OneRoster class does to a grouper class's roster.

The school sends the same package again every week, so an import is keyed by
``sourcedId``: a student already linked is updated, never doubled. A student
whose enrolment has ended (left out of a bulk file, or ``tobedeleted`` in a
delta) is made inactive: out of the groups, but never deleted, so their scores
and notes stay. Students the teacher typed in by hand are linked when their id
or student number, else their exact name, fits one student in the package;
otherwise they are left alone. Any row that cannot be used rejects the import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from grouper.core.errors import NOTHING_IMPORTED, error_list, shown
from grouper.core.limits import class_size_problem
from grouper.core.models import Student
from grouper.formats.oneroster import OneRosterError, OrClass, OrUser, Package
from grouper.formats.roster import MAX_NAME, RosterMerge


@dataclass
class OneRosterMerge(RosterMerge):
    """A roster merge that also makes students who left inactive; what happened to each, for the report."""

    inactivated: list[Student] = field(default_factory=list)

    def keep(self, old: Student | None, new: Student) -> None:
        """File ``new`` under the right heading (``old`` is the student as saved, None if new)."""
        if old is None:
            self.added.append(new)
        elif new == old:
            self.unchanged.append(old)
            return
        elif old.active and not new.active:
            self.inactivated.append(new)
        else:
            self.updated.append(new)
        self.students.append(new)


def _from_user(old: Student, user: OrUser) -> Student:
    return replace(old, name=user.display_name, number=user.identifier or None, sourced_id=user.sourced_id)


class _Ids:
    """New student ids: the school's student number when free and typable, else s1, s2..."""

    def __init__(self, existing: Sequence[Student]) -> None:
        self.taken = {s.id for s in existing}
        self.counter = len(existing)

    def new(self, user: OrUser) -> str:
        number = user.identifier
        # Only a typable number becomes an id: one holding a space, ESC or an invisible mark is not one.
        if number and number.isprintable() and " " not in number and number not in self.taken:
            self.taken.add(number)
            return number
        while True:
            self.counter += 1
            sid = f"s{self.counter}"
            if sid not in self.taken:
                self.taken.add(sid)
                return sid


def _names(user: OrUser) -> set[str]:
    return {user.display_name, f"{user.given} {user.family}".strip()}


def _hand_typed_match(unlinked: list[Student], user: OrUser, shared: set[str]) -> Student | None:
    """The one hand-typed student this user is: same id or number, else the same exact name.

    A name two users of the class share (``shared``) links nobody: that would be a guess.
    """
    if user.identifier:
        same = [s for s in unlinked if user.identifier in (s.id, s.number)]
        if same:
            return same[0] if len(same) == 1 else None
    names = _names(user)
    if names & shared:
        return None
    same = [s for s in unlinked if s.name in names]
    return same[0] if len(same) == 1 else None


def _shared_names(users: list[OrUser]) -> set[str]:
    seen: set[str] = set()
    shared: set[str] = set()
    for user in users:
        names = _names(user)
        shared |= names & seen
        seen |= names
    return shared


def merge_class(
    existing: Sequence[Student], package: Package, cls: OrClass, class_name: str, day: dt.date | None = None
) -> OneRosterMerge:
    """The changes that bring ``existing`` in line with ``cls``'s student enrolments on ``day``."""
    live, ended = package.members(cls, day)
    _check_size(package, cls, len(live))  # each live enrolment is a student of the class
    errors: list[str] = []
    linked = {s.sourced_id: s for s in existing if s.sourced_id is not None}
    unlinked = [s for s in existing if s.sourced_id is None]
    ids = _Ids(existing)
    merge = OneRosterMerge()
    shared = _shared_names([u for uid in live if (u := package.users.get(uid)) is not None])
    for uid, enrolment in live.items():
        user = package.users.get(uid)
        old = linked.get(uid)
        where = package.where("enrollments.csv", enrolment.line)
        if user is None:  # a delta enrolment of someone whose user row has not changed
            if old is None:
                errors.append(f"{where}: user '{shown(uid)}' is neither in users.csv nor in {class_name}")
            else:
                merge.keep(old, replace(old, active=True))
            continue
        name = user.display_name
        if not name:
            where = package.where("users.csv", user.line)
            errors.append(f"{where}: user '{shown(uid)}' has no givenName or familyName")
            continue
        if len(name) > MAX_NAME:
            errors.append(f"{package.where('users.csv', user.line)}: the name is longer than {MAX_NAME} characters")
            continue
        if old is None:
            old = _hand_typed_match(unlinked, user, shared)
            if old is not None:
                unlinked.remove(old)
        if old is None:
            merge.keep(None, Student(ids.new(user), name, (), True, uid, user.identifier or None))
        else:
            merge.keep(old, replace(_from_user(old, user), active=True))
    bulk = not package.delta("enrollments") or cls.deleted
    for uid, old in linked.items():
        if uid in live:
            continue
        user = package.users.get(uid)
        if bulk or uid in ended or (user is not None and user.deleted):
            merge.keep(old, replace(old, active=False))
        elif user is not None and user.display_name:  # a delta that only renames
            merge.keep(old, _from_user(old, user))
        else:
            merge.unchanged.append(old)
    if errors:
        raise OneRosterError(error_list(errors, closing=NOTHING_IMPORTED))
    _check_size(package, cls, len(existing) + len(merge.added))
    return merge


def _check_size(package: Package, cls: OrClass, count: int) -> None:
    problem = class_size_problem(count)
    if problem is not None:
        shown_class = shown(cls.code or cls.sourced_id)
        raise OneRosterError(f"{package.source}: class '{shown_class}': {problem}; nothing was imported")
