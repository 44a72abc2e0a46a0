"""The things a teacher talks about: pathways, students, scores and class settings.

Every model here is a plain frozen dataclass, and this module imports nothing
but the standard library: a command that only reads a class and plans its
groups never loads pydantic. Data from outside (a pathway file, a bundle, the
teacher's settings) is checked with pydantic at the boundary
(``validation.py``, ``bundle.py``) before it becomes one of these; a class
file the store wrote itself carries a seal saying it was checked
(``store/codec.py``). The one thing every model with people's text does on
construction is show control characters as visible symbols (``text.py``), so
no name, note or label can ever command the terminal it is shown on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from grouper.core.errors import GrouperError
from grouper.core.text import class_name, visible, visible_lines

#: The stage id used for students who have mastered every stage.
COMPLETE = "complete"


#: The screening seasons, in school-year order: beginning, middle and end of year.
SEASONS = ("boy", "moy", "eoy")
SEASON_WORDS = {"boy": "beginning of year", "moy": "middle of year", "eoy": "end of year"}


@dataclass(frozen=True, slots=True)
class Cut:
    """A check's benchmark cut scores for one screening season (a pathway's ``[stages.checks.benchmark]``).

    At or above ``benchmark``: at or above benchmark; below it but at or above ``lower``: below;
    under ``lower``: well below (None: no lower cut published, so never well below).
    """

    season: str
    lower: int | None
    benchmark: int


@dataclass(frozen=True, slots=True)
class Check:
    """A quick assessment item: a score 0..max, mastered at ``mastery`` or above."""

    id: str
    label: str
    max: int
    mastery: int
    #: Expected growth per week (score points): every student gets a default goal line from their
    #: first score of the check at its stage, rising this much a week to mastery (None: no default line).
    growth_per_week: float | None = None
    #: Benchmark cut scores per screening season (empty: the check is not a screener).
    benchmark: tuple[Cut, ...] = ()
    #: The items the check is made of (the letters, sounds or words), when it lists them: its
    #: score is then the number of them correct, so ``max`` is how many there are.
    items: tuple[str, ...] = ()

    def cut(self, season: str) -> Cut | None:
        return next((c for c in self.benchmark if c.season == season), None)

    def meets(self, value: int) -> bool:
        """Whether a score shows mastery of this check."""
        return value >= self.mastery


@dataclass(frozen=True, slots=True)
class Detour:
    """Another route to a stage's learning, for a student the main route is not moving.

    The CLIP's detour: the same learning taught another way (other materials, smaller
    steps, another modality), often with a closer check of its own; the student loops
    back onto the path when the stage is mastered.
    """

    id: str
    label: str
    focus: str
    #: Finer, quicker checks used while on the detour (they never decide the stage's mastery).
    checks: tuple[Check, ...] = ()


@dataclass(frozen=True, slots=True)
class Stage:
    """One step on the path, with the teaching point for a group working there."""

    id: str
    label: str
    focus: str
    checks: tuple[Check, ...]
    #: The other routes a teacher may take a student on who is not progressing here.
    detours: tuple[Detour, ...] = ()

    def detour(self, detour_id: str) -> Detour | None:
        return next((d for d in self.detours if d.id == detour_id), None)


@dataclass(frozen=True)
class Pathway:
    """An ordered progression (a CLIP). Order of ``stages`` is order on the path.

    Built from checked data only (``validation.check_pathway``): ids are unique
    and every check's mastery is within its scale.
    """

    id: str
    name: str
    subject: str | None = None
    description: str = ""
    stages: tuple[Stage, ...] = ()
    #: When each screening season starts: (season, "MM-DD") in school-year order (empty: no seasons).
    seasons: tuple[tuple[str, str], ...] = ()
    # Looked up on every keystroke, so built once per pathway.
    _checks_by_id: dict[str, tuple[int, Check]] = field(init=False, repr=False, compare=False, hash=False)

    _closer_by_id: dict[str, tuple[int, Check]] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        index = {c.id: (i, c) for i, s in enumerate(self.stages) for c in s.checks}
        object.__setattr__(self, "_checks_by_id", index)
        closer = {c.id: (i, c) for i, s in enumerate(self.stages) for d in s.detours for c in d.checks}
        object.__setattr__(self, "_closer_by_id", closer)

    def check_index(self) -> dict[str, tuple[int, Check]]:
        """Map each check id to (stage index, check)."""
        return self._checks_by_id

    def check(self, check_id: str) -> Check:
        return self.check_index()[check_id][1]

    def stage_of(self, check_id: str) -> int:
        return self.check_index()[check_id][0]

    def all_checks(self) -> list[Check]:
        """The main route's checks, in path order: the ones that place a student."""
        return [c for s in self.stages for c in s.checks]

    def scoreable(self, check_id: str) -> Check | None:
        """Any check a score may be kept for, the main route's or a detour's closer one (None: no such check)."""
        found = self._checks_by_id.get(check_id) or self._closer_by_id.get(check_id)
        return None if found is None else found[1]

    def check_label(self, check_id: str) -> str:
        """A check's label (a closer check's too); its id if the pathway no longer has it."""
        found = self.scoreable(check_id)
        return found.label if found is not None else check_id

    def scoreable_checks(self) -> list[Check]:
        """Every check a score may be kept for: the main route's, then the detours' closer checks."""
        return [*self.all_checks(), *(c for _, _, c in self.detour_checks())]

    def detour_checks(self) -> list[tuple[Stage, Detour, Check]]:
        """Every detour's closer checks, with the stage and detour they belong to."""
        return [(s, d, c) for s in self.stages for d in s.detours for c in d.checks]

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


@dataclass(frozen=True, slots=True)
class ClassSettings:
    """How the teacher wants groups formed.

    The limits on each number are checked where settings come in
    (``validation.check_settings``, the settings dialog, the command line).
    """

    min_size: int = 2
    max_size: int = 6
    max_groups: int = 5
    #: A student is *stalled* after this many calendar days at one stage...
    stall_days: int = 21
    #: ...with at least this many scores entered at that stage since arriving.
    stall_scores: int = 3
    #: A check is *due* when the current stage has had no score for this many days.
    due_days: int = 14
    #: How many groups the teacher can see in a day (the rotation).
    slots_per_day: int = 3
    #: Every group is seen at least once in this many group days.
    max_gap_days: int = 2
    #: Days with no small groups (assemblies, trips), as ISO dates in order: the rotation skips them.
    no_group_days: tuple[str, ...] = ()

    @property
    def no_group_dates(self) -> frozenset[dt.date]:
        return frozenset(dt.date.fromisoformat(d) for d in self.no_group_days)


@dataclass(frozen=True, slots=True)
class Student:
    """A student on the roster. ``name`` is kept exactly as the teacher typed it.

    An inactive student has left the class: out of the groups, the grid and the
    profile, but kept with their history. ``sourced_id`` links the student to
    the school's roster (OneRoster ``sourcedId``) so a later import updates them
    instead of adding a twin; ``number`` is the school's student number
    (OneRoster ``identifier``). Both are None for students typed in by hand.
    ``joined`` is the day the student was added to the class: *due* counts from
    it. None for students kept before grouper recorded it (see ``progress``).
    """

    id: str
    name: str
    tags: tuple[str, ...] = ()
    active: bool = True
    sourced_id: str | None = None
    number: str | None = None
    joined: dt.date | None = None

    def __post_init__(self) -> None:
        # A name or tag holding an ESC would command the terminal: kept as visible symbols instead.
        if not self.name.isprintable() or not all(t.isprintable() for t in self.tags):
            object.__setattr__(self, "name", visible(self.name))
            object.__setattr__(self, "tags", tuple(visible(t) for t in self.tags))
        # The school's codes are shown too (the import report, the student view): the same rule.
        if self.number is not None and not self.number.isprintable():
            object.__setattr__(self, "number", visible(self.number))
        if self.sourced_id is not None and not self.sourced_id.isprintable():
            object.__setattr__(self, "sourced_id", visible(self.sourced_id))


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
class Retraction:
    """A score taken back (undo): it stays in the record, but no rule counts it any more.

    ``retracts`` is the ``seq`` of the entry taken back: a score, or another
    retraction (a redo takes the undo back, so the score counts again). A
    retraction has its own ``seq`` in the class's entry order, after what it
    takes back; ``retracted_at`` is the ISO time it was made. Nothing is ever
    deleted: the mistake and its retraction are both kept.
    """

    seq: int
    retracts: int
    retracted_at: str


def taken_back(retractions: Iterable[tuple[int, int]]) -> set[int]:
    """The entries (by seq) that do not count: taken back by a retraction that itself counts.

    ``retractions`` are (seq, retracts) pairs. A retraction can be taken back
    in turn (a redo), so the newest are read first: each one that still
    counts takes back the entry it names.
    """
    dead: set[int] = set()
    for seq, retracts in sorted(retractions, reverse=True):
        if seq not in dead:
            dead.add(retracts)
    return dead


def retraction_problem(retractions: Iterable[Retraction], score_seqs: Iterable[int]) -> str | None:
    """Why a class's retractions do not fit its scores, in words (naming the first wrong one), or None.

    Each has an entry number of its own, used by nothing else, and takes back an earlier entry:
    a score or another retraction.
    """
    taken = set(score_seqs)
    for i, r in enumerate(sorted(retractions, key=lambda r: r.seq), start=1):
        if type(r.seq) is not int or type(r.retracts) is not int:
            return f"retraction {i}: its entry numbers are not whole numbers"
        if r.seq in taken:
            return f"retraction {i}: entry number (seq) {r.seq} is used twice"
        if r.retracts not in taken or r.retracts >= r.seq:
            return f"retraction {i}: it takes back entry {r.retracts}, which is not an earlier score or retraction"
        if not isinstance(r.retracted_at, str):
            return f"retraction {i}: it needs the time it was made"
        taken.add(r.seq)
    return None


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


@dataclass(frozen=True, slots=True)
class DetourTaken:
    """The teacher took a student on a detour of ``stage`` on ``started``.

    ``ended`` is the day the teacher ended it (None: not ended by hand). The loop
    back, mastering the stage, is not stored: it is read from the scores
    (``detours.spells``), so a score taken back takes the loop back with it.
    """

    student: str
    stage: str
    detour: str
    started: dt.date
    ended: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Goal:
    """A target score on one check by a date, set for a student on ``started`` (``--from``).

    The goal line runs from the student's latest score of the check on or before
    ``started`` to ``target`` on ``by`` (``goals.goal_line``).
    """

    student: str
    check: str
    target: int
    by: dt.date
    started: dt.date


@dataclass(frozen=True, slots=True)
class TierChange:
    """A student's tier of support from ``date`` (MTSS): 1 core teaching, 2 or 3 an intervention.

    Changes are kept, never replaced: the latest one on or before a day is the tier that day,
    and each one is a phase-change line on the student's chart.
    """

    student: str
    tier: int
    date: dt.date
    #: The intervention's name (Tier 2 and 3; "" at Tier 1).
    intervention: str = ""
    #: Planned sessions a week (None: not said).
    sessions_per_week: int | None = None
    #: When the team looks again (None at Tier 1).
    review: dt.date | None = None
    reason: str = ""


#: Longest note about a student (the same limit as a note kept with a score).
NOTE_MAX = 2000


def note_problem(text: str) -> str | None:
    """Why a note (about a student, or kept with a score) is too long, in words, or None when it fits."""
    if len(text) > NOTE_MAX:
        return f"the note is {len(text)} characters long; the most is {NOTE_MAX}"
    return None


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
        too_long = note_problem(text)
        if too_long:
            raise NoteError(too_long)
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
    #: Scores taken back (undone), in entry order: kept, never counted (``scores`` holds only the
    #: ones that count, so every rule, export and screen reads the history as if the mistake had
    #: not been made).
    retracted: list[Score] = field(default_factory=list)
    #: Every retraction made (undo and redo), in entry order.
    retractions: list[Retraction] = field(default_factory=list)
    #: Detours the teacher took students on, in the order they were started.
    detours: list[DetourTaken] = field(default_factory=list)
    #: Goals set for students (one per student and check: a new one replaces the old).
    goals: list[Goal] = field(default_factory=list)
    #: Tier changes, in the order they were made (MTSS).
    tiers: list[TierChange] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.name = class_name(self.name)  # shown in every title and file name: never a terminal command

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
