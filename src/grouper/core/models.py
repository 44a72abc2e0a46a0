"""The things a teacher talks about: pathways, students, scores and class settings.

Pathways and settings are pydantic models because they arrive from files people
write by hand and must be checked field by field. Students and scores are plain
frozen dataclasses: a class holds tens of thousands of scores and they are built
on every load, so they stay cheap; files that carry them are validated at the
boundary (see ``bundle.py``). The one thing every model does on construction is
show control characters in people's text as visible symbols (``text.py``), so no
name, note or label can ever command the terminal it is shown on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    field_validator,
    model_validator,
)

from .errors import GrouperError
from .text import visible, visible_lines

#: Ids are short slugs a teacher can type: letters, digits, ``-``, ``_`` and ``.``.
Slug = Annotated[
    str,
    StringConstraints(strict=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=64),
]
#: Labels and teaching points: control characters shown as symbols (``text.visible_lines``).
Text = Annotated[
    str,
    StringConstraints(strict=True, strip_whitespace=True, min_length=1, max_length=500),
    AfterValidator(visible_lines),
]

#: The stage id used for students who have mastered every stage.
COMPLETE = "complete"


class Check(BaseModel):
    """A quick assessment item: a score 0..max, mastered at ``mastery`` or above."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    label: Text
    max: StrictInt = Field(ge=1, le=100_000)
    mastery: StrictInt = Field(ge=0)

    @model_validator(mode="after")
    def _mastery_within_scale(self) -> Check:
        if self.mastery > self.max:
            raise ValueError(f"mastery {self.mastery} is above max {self.max}")
        return self

    def meets(self, value: int) -> bool:
        """Whether a score shows mastery of this check."""
        return value >= self.mastery


class Stage(BaseModel):
    """One step on the path, with the teaching point for a group working there."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    label: Text
    focus: Text
    checks: tuple[Check, ...] = Field(min_length=1)


class Pathway(BaseModel):
    """An ordered progression (a CLIP). Order of ``stages`` is order on the path."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    name: Text
    subject: Text | None = None
    description: Annotated[str, StringConstraints(strict=True, max_length=4000), AfterValidator(visible_lines)] = ""
    stages: tuple[Stage, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_unique(self) -> Pathway:
        seen_stage: set[str] = set()
        seen_check: dict[str, str] = {}
        reserved = {COMPLETE}
        for stage in self.stages:
            if stage.id in reserved:
                raise ValueError(f"stage id '{stage.id}' is reserved; choose another")
            if stage.id in seen_stage:
                raise ValueError(f"stage id '{stage.id}' is used twice")
            seen_stage.add(stage.id)
            for check in stage.checks:
                if check.id in seen_check:
                    raise ValueError(
                        f"check id '{check.id}' is used twice "
                        f"(stages '{seen_check[check.id]}' and '{stage.id}')"
                    )
                seen_check[check.id] = stage.id
        return self

    @cached_property
    def _checks_by_id(self) -> dict[str, tuple[int, Check]]:
        # Looked up on every keystroke, so built once per pathway.
        return {c.id: (i, c) for i, s in enumerate(self.stages) for c in s.checks}

    def check_index(self) -> dict[str, tuple[int, Check]]:
        """Map each check id to (stage index, check)."""
        return self._checks_by_id

    def check(self, check_id: str) -> Check:
        return self.check_index()[check_id][1]

    def stage_of(self, check_id: str) -> int:
        return self.check_index()[check_id][0]

    def all_checks(self) -> list[Check]:
        return [c for s in self.stages for c in s.checks]

    def stage_id(self, index: int) -> str:
        """The stage id at ``index``, or ``"complete"`` past the last stage."""
        return self.stages[index].id if index < len(self.stages) else COMPLETE

    def stage_label(self, index: int) -> str:
        return self.stages[index].label if index < len(self.stages) else "Complete"

    def index_of(self, stage_id: str) -> int | None:
        """The index of a stage id (``complete`` is past the last stage), or None for an unknown id."""
        if stage_id == COMPLETE:
            return len(self.stages)
        return next((i for i, s in enumerate(self.stages) if s.id == stage_id), None)


class ClassSettings(BaseModel):
    """How the teacher wants groups formed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min_size: StrictInt = Field(default=2, ge=1, le=100)
    max_size: StrictInt = Field(default=6, ge=1, le=100)
    max_groups: StrictInt = Field(default=5, ge=1, le=50)
    #: A student is *stalled* after this many calendar days at one stage...
    stall_days: StrictInt = Field(default=21, ge=1, le=365)
    #: ...with at least this many scores entered at that stage since arriving.
    stall_scores: StrictInt = Field(default=3, ge=1, le=100)
    #: A check is *due* when the current stage has had no score for this many days.
    due_days: StrictInt = Field(default=14, ge=1, le=365)
    #: How many groups the teacher can see in a day (the rotation).
    slots_per_day: StrictInt = Field(default=3, ge=1, le=10)
    #: Every group is seen at least once in this many group days.
    max_gap_days: StrictInt = Field(default=2, ge=1, le=10)
    #: Days with no small groups (assemblies, trips), as ISO dates: the rotation skips them.
    no_group_days: tuple[str, ...] = ()

    @field_validator("no_group_days")
    @classmethod
    def _iso_days(cls, days: tuple[str, ...]) -> tuple[str, ...]:
        for d in days:
            dt.date.fromisoformat(d)  # a ValueError names the bad day
        return tuple(sorted(set(days)))

    @property
    def no_group_dates(self) -> frozenset[dt.date]:
        return frozenset(dt.date.fromisoformat(d) for d in self.no_group_days)

    @model_validator(mode="after")
    def _sizes_ordered(self) -> ClassSettings:
        if self.min_size > self.max_size:
            raise ValueError(f"min_size {self.min_size} is above max_size {self.max_size}")
        return self


@dataclass(frozen=True, slots=True)
class Student:
    """A student on the roster. ``name`` is kept exactly as the teacher typed it.

    An inactive student has left the class: out of the groups, the grid and the
    profile, but kept with their history. ``sourced_id`` links the student to
    the school's roster (OneRoster ``sourcedId``) so a later import updates them
    instead of adding a twin; ``number`` is the school's student number
    (OneRoster ``identifier``). Both are None for students typed in by hand.
    """

    id: str
    name: str
    tags: tuple[str, ...] = ()
    active: bool = True
    sourced_id: str | None = None
    number: str | None = None

    def __post_init__(self) -> None:
        # A name or tag holding an ESC would command the terminal: kept as visible symbols instead.
        if not self.name.isprintable() or not all(t.isprintable() for t in self.tags):
            object.__setattr__(self, "name", visible(self.name))
            object.__setattr__(self, "tags", tuple(visible(t) for t in self.tags))


@dataclass(frozen=True, slots=True)
class Score:
    """One result of one check on one day. ``value`` None is a cleared cell.

    ``seq`` is the entry order within the class, so two scores on the same day
    are ordered by when they were typed, not by clock time.
    """

    student: str
    check: str
    value: int | None
    date: dt.date
    seq: int
    note: str = ""

    def __post_init__(self) -> None:
        if self.note and not self.note.isprintable():
            object.__setattr__(self, "note", visible_lines(self.note))  # never a terminal command

    def order(self) -> tuple[dt.date, int]:
        return (self.date, self.seq)


@dataclass(frozen=True, slots=True)
class Absence:
    """A student who will not be there on ``date``: left out of that day's groups."""

    student: str
    date: dt.date


#: The kinds of rule a class keeps about who sits with whom.
ConstraintKind = Literal["keep-apart", "keep-together"]
KEEP_APART: Literal["keep-apart"] = "keep-apart"
KEEP_TOGETHER: Literal["keep-together"] = "keep-together"


@dataclass(frozen=True, slots=True)
class Override:
    """The teacher's own choice of group for one student.

    ``stage`` is the stage id (or ``"complete"``) of the group the student sits
    in. With a ``date`` it is a *move*, for that day's plan only; without one it
    is a *pin*, for every plan until the student is unpinned.
    """

    student: str
    stage: str
    date: dt.date | None = None

    @property
    def kind(self) -> Literal["move", "pin"]:
        return "pin" if self.date is None else "move"


@dataclass(frozen=True, slots=True)
class LockedPlan:
    """A plan the teacher locked for ``date``, kept exactly as ``grouper groups --json`` showed it."""

    date: dt.date
    locked_at: str
    plan: dict[str, Any]


#: Longest note about a student (the same limit as a note kept with a score).
NOTE_MAX = 2000


class NoteError(GrouperError):
    """A note that cannot be kept: said in plain words (exit code 1)."""


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _instant(written_at: str) -> dt.timedelta:
    """When a note was typed, comparable whatever its clock offset (a time without one is read as UTC)."""
    when = dt.datetime.fromisoformat(written_at)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when - _EPOCH


@dataclass(frozen=True, slots=True)
class Note:
    """What the teacher noticed about a student on ``date`` ("reversed b/d twice in the conference").

    ``text`` is kept stripped of surrounding spaces; it may run over several lines.
    ``written_at`` is the ISO timestamp of when it was typed, so notes of one day
    keep the order they were written in.
    """

    student: str
    date: dt.date
    text: str
    written_at: str

    def __post_init__(self) -> None:
        if not isinstance(self.student, str) or not self.student.strip():
            raise NoteError("a note needs the student it is about")
        if not isinstance(self.date, dt.date) or isinstance(self.date, dt.datetime):
            raise NoteError("a note needs a date like 2026-11-23")
        if not isinstance(self.text, str):
            raise NoteError("a note must be text")
        text = self.text.strip()
        if not text:
            raise NoteError("the note is empty; write what you noticed")
        if len(text) > NOTE_MAX:
            raise NoteError(f"the note is {len(text)} characters long; the most is {NOTE_MAX}")
        if not isinstance(self.written_at, str):
            raise NoteError("a note needs the time it was written, like 2026-11-23T15:30:00")
        try:
            _instant(self.written_at)
        except ValueError:
            shown = self.written_at if len(self.written_at) <= 40 else self.written_at[:40] + "…"
            raise NoteError(f"'{shown}' is not a time like 2026-11-23T15:30:00 (when the note was written)") from None
        object.__setattr__(self, "text", visible_lines(text))  # frozen: set once, here

    def order(self) -> tuple[dt.date, dt.timedelta]:
        """Oldest first: by the day it is about, then by when it was typed."""
        return (self.date, _instant(self.written_at))


def oldest_first(notes: list[Note]) -> list[Note]:
    """Notes by day, then by when they were typed; notes typed in the same instant keep their order."""
    return sorted(notes, key=Note.order)


def newest_first(notes: list[Note]) -> list[Note]:
    """The reverse of ``oldest_first``: the last note typed comes first."""
    return oldest_first(notes)[::-1]


Status = Literal["working", "needs-assessment", "complete"]


@dataclass(slots=True)
class ClassRecord:
    """Everything grouper knows about one class, as plain values."""

    name: str
    pathway: Pathway
    settings: ClassSettings = field(default_factory=ClassSettings)
    students: list[Student] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)
    absences: list[Absence] = field(default_factory=list)
    #: Plans the teacher locked, one per day at most (``plans.LockedPlan``).
    plans: list[LockedPlan] = field(default_factory=list)
    #: Dated notes about students, in the order they were kept (see ``notes_for``).
    notes: list[Note] = field(default_factory=list)
    #: Sets of students (ids) never to sit in the same group, and sets always to sit together.
    keep_apart: list[frozenset[str]] = field(default_factory=list)
    keep_together: list[frozenset[str]] = field(default_factory=list)
    #: Moves (one day) and pins (until unpinned): at most one per student and date.
    overrides: list[Override] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.name = visible(self.name)  # shown in every title and file name: never a terminal command

    def student(self, student_id: str) -> Student:
        for s in self.students:
            if s.id == student_id:
                return s
        raise KeyError(student_id)

    def absent_on(self, day: dt.date) -> set[str]:
        return {a.student for a in self.absences if a.date == day}

    def constraints(self, kind: ConstraintKind) -> list[frozenset[str]]:
        """The keep-apart or keep-together sets."""
        return self.keep_apart if kind == KEEP_APART else self.keep_together

    def notes_for(self, student_id: str) -> list[Note]:
        """One student's notes, oldest first (by date, then by when they were typed)."""
        return oldest_first([n for n in self.notes if n.student == student_id])
