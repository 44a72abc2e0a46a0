"""One class open for work: what the app edits, saves and shows.

Every change is saved before it is shown (a score typed is a score kept), and
the placement, groups and profile are recomputed from what was saved. Undo
takes the mistake back: it records a retraction of the score just saved, so
every rule (due, stalled, slipped, the timeline, exports) reads the history as
if it had never been typed, while the store keeps both lines. Redo takes the
retraction back in turn, and the score counts again, with its own date.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, insort
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from grouper.core.coaches import GroupCoaching, suggest_coaches
from grouper.core.dates import next_school_day
from grouper.core.detours import detour_of, find_detour
from grouper.core.errors import GrouperError
from grouper.core.goals import GoalLine, goal_line, target_problem
from grouper.core.grouping import Plan
from grouper.core.models import (
    Absence,
    ClassSettings,
    ConstraintKind,
    Detour,
    DetourTaken,
    Goal,
    LockedPlan,
    Override,
    Pathway,
    Score,
    Stage,
    Student,
    TierChange,
)
from grouper.core.placement import Placement, current_values, place_student
from grouper.core.planning import plan_placed
from grouper.core.plans import PlanChange, latest_locked, plan_changes
from grouper.core.progress import Progress, class_progress, stalled_ids, student_progress
from grouper.core.report import plan_dict
from grouper.core.rotation import Rotation, mark_meetings, rotation_for
from grouper.core.score_entry import Entry
from grouper.core.tiers import REVIEW_AFTER, Dose, dose, tier_on
from grouper.store import NewScore, Store


@dataclass(frozen=True, slots=True)
class Change:
    """One score change, enough to undo or redo it."""

    student: str
    check: str
    before: int | None
    after: int | None
    #: The score saved for it.
    seq: int | None = None

    @property
    def repeat(self) -> bool:
        """The same value again: a re-assessment with the same result, saved as a new dated score."""
        return self.before == self.after and self.after is not None


@dataclass(frozen=True, slots=True)
class DetourStart:
    """What ``start_detour`` did: the detour, its stage, any detours it ended, and whether anything changed."""

    detour: Detour
    stage: Stage
    ended: tuple[DetourTaken, ...]
    changed: bool


@dataclass
class _History:
    """Changes to undo and redo, each with the entry (by seq) whose retraction takes it back or brings it back."""

    undo: list[tuple[Change, int]] = field(default_factory=list)
    redo: list[tuple[Change, int]] = field(default_factory=list)


class ClassSession:
    def __init__(self, store: Store, name: str, today: dt.date, plan_day: dt.date | None = None) -> None:
        self.store = store
        self.name = name
        self.today = today
        #: The day the plan is for: the next school day, or the day a command asked for (--date).
        self.plan_day = plan_day or next_school_day(today)
        self.record = store.load_class(name)
        self.values = current_values(self.record)
        #: Each student's scores in entry order (``record.scores`` is only ever appended to, here).
        self._scores_of: dict[str, list[Score]] = {}
        for score in self.record.scores:
            self._scores_of.setdefault(score.student, []).append(score)
        self._history = _History()
        self.placements: dict[str, Placement] = {}
        self._place_all()
        # The plan and each student's progress are worked out when first asked for (a command that
        # only saves a score never needs them), and kept up to date after every change from then on.
        self._plan_now: Plan | None = None
        self._progress_now: dict[str, Progress] | None = None

    @property
    def plan(self) -> Plan:
        """Tomorrow's plan (the plan day's), as of every change so far."""
        if self._plan_now is None:
            self._plan_now = self._plan()
        return self._plan_now

    @property
    def progress(self) -> dict[str, Progress]:
        """Stalled / slipped / due and the stage timeline, per student, as of today."""
        if self._progress_now is None:
            self._progress_now = class_progress(self.record, self.today)
        return self._progress_now

    def new_day(self, today: dt.date) -> None:
        """The app stayed open past midnight: scores are dated the new day, groups are for the next."""
        self.today = today
        self.plan_day = next_school_day(today)
        self._plan_now = None
        self._progress_now = None

    @property
    def pathway(self) -> Pathway:
        return self.record.pathway

    @property
    def students(self) -> list[Student]:
        return [s for s in self.record.students if s.active]

    @property
    def read_only(self) -> bool:
        return not self.store.writable

    def _place_all(self) -> None:
        self.placements = {
            s.id: place_student(s, self.values[s.id], self.record.pathway) for s in self.students
        }

    def _plan(self) -> Plan:
        placements = [self.placements[s.id] for s in self.students]
        # The class's keep-apart / keep-together sets, moves and pins are kept too.
        return plan_placed(self.record, placements, self.plan_day)

    def value(self, student: str, check: str) -> int | None:
        return self.values[student].get(check)

    def latest(self, student: str, check: str) -> Score | None:
        found = None
        for s in self._scores_of.get(student, ()):
            if s.student == student and s.check == check and (found is None or s.order() > found.order()):
                found = s
        return found

    # --- changes -------------------------------------------------------------

    def _save(self, student: str, check: str, value: int | None, note: str = "", day: dt.date | None = None) -> Score:
        saved = self.store.add_scores(self.name, [NewScore(student, check, value, day or self.today, note)])
        score = saved[0]
        self.record.scores.append(score)
        self._scores_of.setdefault(student, []).append(score)
        latest = self.latest(student, check)
        self._replan(student, check, None if latest is None else latest.value)
        return score

    def _replan(self, student: str, check: str, value: int | None) -> None:
        """``value`` now counts for the student's check: place them again, regroup, judge their progress."""
        if value is None:
            self.values[student].pop(check, None)
        else:
            self.values[student][check] = value
        s = self.record.student(student)
        self.placements[student] = place_student(s, self.values[student], self.record.pathway)
        if self._plan_now is not None:
            self._plan_now = self._plan()
        self._judge(student)

    def _judge(self, student: str) -> None:
        """The student's progress again, once it has been asked for (after a score, a detour or a goal)."""
        if self._progress_now is not None:
            self._progress_now[student] = student_progress(
                self.record.student(student), self._scores_of.get(student, []), self.record.pathway,
                self.record.settings, self.today,
                [t for t in self.record.detours if t.student == student],
                [g for g in self.record.goals if g.student == student],
            )

    def enter(
        self, student: str, check: str, value: int | None, note: str = "", day: dt.date | None = None
    ) -> Change | None:
        """Save a score (None clears the cell). Returns the change, or None if nothing was saved.

        A value typed is an assessment even when it repeats the one before: it is saved as a
        new dated score (it clears *due* and counts for *stalled*). Only clearing a cell that is
        already empty, with no note, saves nothing.
        """
        before = self.value(student, check)
        if before is None and value is None and not note:
            return None
        score = self._save(student, check, value, note, day)
        change = Change(student, check, before, value, score.seq)
        self._history.undo.append((change, score.seq))
        self._history.redo.clear()
        return change

    def undo(self) -> Change | None:
        """Take the last change back: a retraction of its score is recorded, nothing is deleted.

        The history then reads as if the score had never been typed: *due*, *last scored*,
        *stalled* and the timeline are what they were before it.
        """
        if not self._history.undo:
            return None
        change, entry = self._history.undo[-1]
        retraction = self.store.retract(self.name, entry)
        self._history.undo.pop()
        self._history.redo.append((change, retraction.seq))
        self.record.retractions.append(retraction)
        self._count(change, False)
        return change

    def redo(self) -> Change | None:
        """Bring the change just undone back: its retraction is taken back (recorded too), the score counts again."""
        if not self._history.redo:
            return None
        change, entry = self._history.redo[-1]
        retraction = self.store.retract(self.name, entry)
        self._history.redo.pop()
        self._history.undo.append((change, retraction.seq))
        self.record.retractions.append(retraction)
        self._count(change, True)
        return change

    def take_back(self, score: Score) -> Change:
        """Take back one score that counts (``grouper score --undo``): recorded as a retraction, never deleted.

        The change returned goes from the value that counted to the one that counts now.
        """
        before = self.value(score.student, score.check)
        retraction = self.store.retract(self.name, score.seq)
        self.record.retractions.append(retraction)
        self._count(Change(score.student, score.check, before, None, score.seq), False)
        return Change(score.student, score.check, before, self.value(score.student, score.check), score.seq)

    def last_saved(self) -> Score | None:
        """The score saved last (the highest entry number) that still counts, if any."""
        return max(self.record.scores, key=lambda s: s.seq, default=None)

    def _count(self, change: Change, counts: bool) -> None:
        """The change's score counts again (a redo), or no longer does (an undo); then replan from what counts."""
        assert change.seq is not None
        found, into = (self.record.retracted, self.record.scores) if counts else (
            self.record.scores, self.record.retracted)
        score = _pop_seq(found, change.seq)
        if score is not None:
            insort(into, score, key=_seq)
            mine = self._scores_of.setdefault(change.student, [])
            if counts:
                insort(mine, score, key=_seq)
            else:
                _pop_seq(mine, change.seq)
        latest = self.latest(change.student, change.check)
        self._replan(change.student, change.check, None if latest is None else latest.value)

    def is_absent(self, student: str) -> bool:
        return student in self.record.absent_on(self.plan_day)

    def toggle_absent(self, student: str) -> bool:
        """Mark a student away (or back) for the plan day; returns True when now absent."""
        absent = not self.is_absent(student)
        self.store.set_absent(self.name, [student], self.plan_day, absent)
        if absent:
            self.record.absences.append(Absence(student, self.plan_day))
        else:
            self.record.absences = [
                a for a in self.record.absences if not (a.student == student and a.date == self.plan_day)
            ]
        self._plan_now = None  # planned again when next asked for
        return absent

    def import_students(self, students: Sequence[Student]) -> None:
        """Save students from a roster file (the import screen reopens the class after)."""
        self.store.upsert_students(self.name, students, self.today)  # a new student joins today

    def import_scores(self, entries: Sequence[Entry]) -> None:
        """Save every score from a scores file at once: all of them or, on a fault, none."""
        self.store.add_scores(self.name, [NewScore(e.student.id, e.check.id, e.value, e.date, e.note)
                                          for e in entries])

    def update_settings(self, settings: ClassSettings) -> None:
        self.store.update_settings(self.name, settings)
        self.record.settings = settings
        self._plan_now = None  # planned again when next asked for
        self._progress_now = None

    # --- plans kept ------------------------------------------------------------

    def plan_data(self) -> dict[str, Any]:
        """The live plan as the CLI's JSON has it (what a locked plan keeps)."""
        return mark_meetings(plan_dict(self.record, self.plan, self.progress), self.plan, self.rotation().days[0])

    def last_locked(self) -> LockedPlan | None:
        """The plan locked most recently for a day up to the plan day."""
        return latest_locked(self.record.plans, self.plan_day)

    def changes(self) -> list[PlanChange]:
        """Who moved up or down the path, or to another group, since the last locked plan."""
        locked = self.last_locked()
        if locked is None:
            return []
        # Comparing needs only stages and members: not the rotation that plan_data adds for a lock.
        return plan_changes(locked.plan, plan_dict(self.record, self.plan, self.progress), self.pathway)

    def lock_plan(self, locked_at: str) -> bool:
        """Keep the plan for the plan day exactly as it is now; True when it replaced an earlier lock."""
        plan = LockedPlan(self.plan_day, locked_at, self.plan_data())
        replaced = self.store.lock_plan(self.name, plan)
        self.record.plans = [p for p in self.record.plans if p.date != self.plan_day] + [plan]
        self.record.plans.sort(key=lambda p: p.date)
        return replaced

    def add_note(self, student: str, text: str, written_at: str) -> object:
        """Keep a dated note about a student (what was noticed in a conference, a next step)."""
        from grouper.core.models import Note

        note = Note(student, self.today, text.strip(), written_at)
        self.store.add_note(self.name, note)
        self.record.notes.append(note)
        return note

    def history(self, student: str, check: str) -> list[Score]:
        """Every score of one check, oldest first (same day: in the order entered)."""
        return sorted((s for s in self._scores_of.get(student, ()) if s.check == check),
                      key=lambda s: (s.date, s.seq))

    def needing_attention(self) -> list[Progress]:
        """Students with a marker, in roster order."""
        return [p for sid, p in self.progress.items() if p.needs_attention and sid in self.placements]

    def stage_counts(self) -> list[int]:
        """Students at each stage (and, last, past the end): the class profile."""
        counts = [0] * (len(self.record.pathway.stages) + 1)
        for p in self.placements.values():
            counts[p.stage_index] += 1
        return counts

    def peer_coaches(self) -> list[GroupCoaching]:
        """Suggested peer coaches for each group of the live plan (present, not stalled)."""
        return suggest_coaches(self.plan, self.record.pathway, self.values, stalled_ids(self.progress))

    def rotation(self, days: int = 1) -> Rotation:
        """Which groups of the live plan meet on the plan day (and the days after), and why."""
        return rotation_for(self.record, self.plan, stalled_ids(self.progress), days)

    # --- the teacher's own choices ------------------------------------------------

    def override_for(self, student: str) -> Override | None:
        """What holds a student in a group by hand: the plan day's move, else a pin."""
        found = [o for o in self.record.overrides if o.student == student and o.date in (None, self.plan_day)]
        return min(found, key=lambda o: o.date is None, default=None)

    def move_student(self, student: str, stage: str, pin: bool = False) -> None:
        """Put a student in the group teaching ``stage``: for the plan day, or (``pin``) until unpinned."""
        self.store.set_override(self.name, Override(student, stage, None if pin else self.plan_day))
        self._reload_choices()

    def clear_override(self, student: str) -> Override | None:
        """Back to the computed group: the plan day's move goes first, then the pin."""
        current = self.override_for(student)
        if current is not None:
            self.store.clear_override(self.name, student, current.date)
            self._reload_choices()
        return current

    # --- detours ----------------------------------------------------------------

    def detour_now(self, student: str) -> Detour | None:
        """The detour the student is on at their current stage (None: the main route)."""
        p = self.progress.get(student)
        return None if p is None else detour_of(self.pathway, p.placement.stage_id, p.detour)

    def start_detour(self, student: str, detour: str) -> DetourStart:
        """Take the student on one of their current stage's detours (by id, or the start of its id or label).

        Starting the detour they are already on changes nothing; starting another ends the one they were on.
        """
        placement = self.placements[student]
        name = self.record.student(student).name
        if placement.stage_index >= len(self.pathway.stages):
            raise GrouperError(f"{name} has mastered every stage: there is no detour to take")
        stage = self.pathway.stages[placement.stage_index]
        chosen = find_detour(stage, detour)
        if self.progress[student].detour == chosen.id:
            return DetourStart(chosen, stage, (), False)
        ended = self.store.start_detour(self.name, DetourTaken(student, stage.id, chosen.id, self.today))
        self._reload_detours(student)
        return DetourStart(chosen, stage, tuple(ended), True)

    def end_detour(self, student: str) -> tuple[DetourTaken, ...]:
        """End by hand the detour the student is on (today); empty when they were on none."""
        if self.progress[student].detour is None:
            return ()
        ended = self.store.end_detour(self.name, student, self.today, self.placements[student].stage_id)
        self._reload_detours(student)
        return tuple(ended)

    def _reload_detours(self, student: str) -> None:
        self.record.detours = self.store.load_class(self.name).detours
        self._plan_now = None
        self._judge(student)

    # --- goals ------------------------------------------------------------------

    def goals_of(self, student: str) -> tuple[GoalLine, ...]:
        """The student's goals with their lines and the rule's status, in the order they were set."""
        return self.progress[student].goals

    def set_goal(
        self, student: str, check: str, target: int, by: dt.date, started: dt.date | None = None
    ) -> tuple[GoalLine, Goal | None]:
        """Set (or replace) a student's goal on a check: ``target`` by ``by``, the line from ``started`` (today)."""
        goal = Goal(student, check, target, by, started or self.today)
        line = goal_line(goal, self._scores_of.get(student, []))
        problem = target_problem(line, self.pathway.check_label(check))
        if problem is not None:
            raise GrouperError(f"{self.record.student(student).name}{problem}; nothing was saved")
        replaced = self.store.set_goal(self.name, goal)
        self._keep_goals([*self._other_goals(student, check), goal], student)  # as the store now has them
        return line, replaced

    def clear_goal(self, student: str, check: str) -> Goal | None:
        """Take a student's goal on a check off (None: there was none)."""
        old = self.store.clear_goal(self.name, student, check)
        if old is not None:
            self._keep_goals(self._other_goals(student, check), student)
        return old

    def _other_goals(self, student: str, check: str) -> list[Goal]:
        return [g for g in self.record.goals if (g.student, g.check) != (student, check)]

    # --- tiers -------------------------------------------------------------------

    def tier_now(self, student: str) -> TierChange | None:
        """The student's tier change in force today (None: Tier 1, never changed)."""
        return tier_on(self.record.tiers, student, self.today)

    def set_tier(
        self, student: str, tier: int, intervention: str = "", sessions_per_week: int | None = None,
        start: dt.date | None = None, review: dt.date | None = None, reason: str = "",
    ) -> TierChange:
        """Put the student at ``tier`` from ``start`` (today); Tier 2 and 3 name the intervention.

        The review defaults to six weeks on. Nothing is replaced: the change is a new line.
        """
        day = start or self.today
        if tier in (2, 3) and review is None:
            review = day + REVIEW_AFTER
        change = TierChange(student, tier, day, intervention.strip(), sessions_per_week, review, reason.strip())
        self.store.set_tier(self.name, change)
        self.record.tiers = [*self.record.tiers, change]  # the store appends it: no need to read the file again
        return change

    def dose_of(self, change: TierChange) -> Dose:
        """Sessions delivered (from the plans locked, the student there) against sessions planned, to today."""
        away = {(a.student, a.date) for a in self.record.absences}
        return dose(change, self.record.plans, away, self.today)

    def _keep_goals(self, goals: list[Goal], student: str) -> None:
        self.record.goals = goals
        self._judge(student)

    def _reload_choices(self) -> None:
        saved = self.store.load_class(self.name)
        self.record.overrides = saved.overrides
        self.record.keep_apart, self.record.keep_together = saved.keep_apart, saved.keep_together
        self._plan_now = None  # planned again when next asked for

    def set_rule(self, kind: ConstraintKind, students: list[str], add: bool) -> bool:
        """Add (or take off) a keep-apart / keep-together rule; the plan follows at once."""
        changed = self.store.set_constraint(self.name, kind, students, add)
        self._reload_choices()
        return changed


def _seq(score: Score) -> int:
    return score.seq


def _pop_seq(scores: list[Score], seq: int) -> Score | None:
    """Take the score with entry number ``seq`` out of a list kept in entry order (any order: found anyway)."""
    i = bisect_left(scores, seq, key=_seq)
    if i < len(scores) and scores[i].seq == seq:
        return scores.pop(i)
    for j, s in enumerate(scores):  # not in order after all (scores imported out of order)
        if s.seq == seq:
            return scores.pop(j)
    return None
