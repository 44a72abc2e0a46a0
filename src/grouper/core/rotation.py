"""The rotation: which of the planned groups the teacher meets on each coming day.

A class has more groups than the teacher has small-group slots in a day, so
the groups take turns. The rules, in order:

1. **Daily**: the group(s) furthest back on the path (the lowest stage of any
   group) and every group with a stalled student meet every day groups meet.
2. **Due**: every other group is seen at least every ``max_gap_days`` group
   days. A group's *gap* on a day is the number of group days since it last
   met, counting that day, so with ``max_gap_days`` 2 a group seen on Monday
   is due on Wednesday (``gap`` 2) and must meet then.
3. **Slot free**: slots left over go to the longest unseen groups (ties:
   furthest back on the path, then plan order). Slots are never left empty
   while a group is waiting: a small group is the point of the day.

Daily and due groups together may not fit in ``slots_per_day``: then the day
carries a plain-words warning naming the group(s) that wait, and the choice
is deterministic: daily before due, then furthest back on the path, then the
longest gap, then plan order.

**Group days** are the school days (Monday to Friday) that are not no-group
days. No-group days (assemblies, trips, test days) have no meetings and do not
count towards a gap; weekends are never school days. Gaps are therefore the
same whether a group was last seen on Friday or on Thursday with a no-group
Friday.

**Group identity.** Groups are relabelled ("Group 1", "Group 2", ...) every time
the plan is recomputed, and their members shift with every absence and every
new score, so neither label nor member list survives from one day to the next.
A group is known by its *key*: the id of its focus stage, with ``#2``, ``#3``...
for the second and later groups at the same stage in plan order (``blend``,
``blend#2``). The key names the need being taught, which is what the teacher
rotates through; it is stable while the number of groups at a stage stays the
same. The guarantees are about the groups as planned: when an absence changes
who is in ``blend`` today, ``blend`` keeps its place in the rotation; a key that
is not in today's plan keeps its history until it comes back.

**History** (``last_met``) maps a key to the day the group last met. A group not
in it has not met yet; its wait starts on the group day it is first planned
(it is counted as if it met on the group day before), so a new class or a new
group is not an emergency on its first day, and becomes due ``max_gap_days``
group days later like any other. A date on or after a day being planned means
the group already met that day (gap 0: not due, last in line for a free slot).
``Rotation.last_met`` is the history after the
window, ready to be kept: it records that anchor day for a group still waiting
for its first meeting, so planning one day at a time gives the same turns as
planning the days together.

This module is pure data: it renders nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from grouper.core.dates import day_words, school_days_between
from grouper.core.grouping import Group, Plan
from grouper.core.models import ClassRecord, LockedPlan

DEFAULT_SLOTS_PER_DAY = 3
DEFAULT_MAX_GAP_DAYS = 2

NO_GROUP_DAY = "no-group day"
DAILY_FURTHEST_BACK = "daily: furthest back"
DAILY_STALLED = "daily: stalled student"
SLOT_FREE = "slot free"
WAITS_NO_SLOT = "waits: no slot left"


@dataclass(frozen=True, slots=True)
class Turn:
    """One group on one day: whether it meets and why."""

    group: Group
    key: str
    meets: bool
    #: Short words: "daily: furthest back", "due: not seen for 2 days", "slot free",
    #: or for a group not meeting "no-group day", "waits: no slot left" (it had to meet: see the
    #: day's warning), "waits: not seen for 1 day".
    reason: str
    #: Group days since the group last met, counting this day (on a no-group day: not counting it;
    #: 0 when the history says it met on this day).
    gap: int
    daily: bool
    due: bool


@dataclass(frozen=True, slots=True)
class RotationDay:
    date: dt.date
    no_groups: bool
    #: The groups meeting, furthest back on the path first.
    meeting: tuple[Turn, ...]
    #: The groups not meeting, in plan order.
    not_meeting: tuple[Turn, ...]
    #: Plain words when the groups that must meet do not fit in the slots.
    warnings: tuple[str, ...]

    @property
    def meeting_labels(self) -> tuple[str, ...]:
        return tuple(t.group.label for t in self.meeting)

    def meets(self, group: Group) -> bool:
        """Whether ``group`` (one of the groups the rotation was planned for) meets this day."""
        return any(t.group is group for t in self.meeting)


@dataclass(frozen=True, slots=True)
class Rotation:
    days: tuple[RotationDay, ...]
    #: The key of each planned group, in the order the groups were given.
    keys: tuple[str, ...]
    #: The history after the window (see the module notes), every key given kept.
    last_met: dict[str, dt.date]

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(w for day in self.days for w in day.warnings)


def group_keys(groups: Sequence[Group]) -> tuple[str, ...]:
    """The rotation key of each group: its stage id, then ``#2``, ``#3``... for later groups at that stage."""
    return tuple(_keys_of_stages([g.stage_id for g in groups]))


def school_days(start: dt.date, days: int) -> tuple[dt.date, ...]:
    """``days`` school days (Monday to Friday) from ``start`` (included when it is one)."""
    out: list[dt.date] = []
    day = start
    while len(out) < days:
        if day.weekday() < 5:
            out.append(day)
        day += dt.timedelta(days=1)
    return tuple(out)


def short_day(day: dt.date) -> str:
    """A date in a narrow column: ``Thu 26``."""
    return f"{day.strftime('%a')} {day.day}"


def turn_words(turn: Turn | None, no_groups: bool) -> str:
    """One group on one day in two words, a symbol first (never colour alone): the week view's cell."""
    if no_groups:
        return "– none"
    if turn is None:
        return ""
    if turn.meets:
        return "▶ " + ("daily" if turn.daily else "due" if turn.due else "free")
    return "· waits" if turn.due or turn.daily else "· rests"


def week_rows(rotation: Rotation) -> list[tuple[Group, tuple[str, ...]]]:
    """Each group, furthest back first, with its cell words for each day of the rotation."""
    if not rotation.days:
        return []
    first = rotation.days[0]
    groups = sorted((t.group for t in (*first.meeting, *first.not_meeting)), key=lambda g: (g.stage_index, g.label))
    rows = []
    for g in groups:
        cells = []
        for day in rotation.days:
            turn = next((t for t in (*day.meeting, *day.not_meeting) if t.group is g), None)
            cells.append(turn_words(turn, day.no_groups))
        rows.append((g, tuple(cells)))
    return rows


#: What the week view's cells mean.
TURN_LEGEND = ("▶ meets: daily (furthest back or a stalled student), due (not seen for a while) or free "
               "(a slot was free) · waits / rests: not that day · – none: a no-group day")


def _weekdays_between(after: dt.date, before: dt.date) -> int:
    """School days strictly between ``after`` and ``before``."""
    return school_days_between(after + dt.timedelta(days=1), before)


def _group_days_between(after: dt.date, before: dt.date, no_group: frozenset[dt.date]) -> int:
    """Group days strictly between ``after`` and ``before``."""
    skipped = sum(1 for d in no_group if after < d < before and d.weekday() < 5)
    return _weekdays_between(after, before) - skipped


def _group_day_before(day: dt.date, no_group: frozenset[dt.date]) -> dt.date:
    d = day - dt.timedelta(days=1)
    while d.weekday() >= 5 or d in no_group:
        d -= dt.timedelta(days=1)
    return d


def _waits(labels: Sequence[str]) -> str:
    if len(labels) == 1:
        return f"{labels[0]} waits"
    return f"{', '.join(labels[:-1])} and {labels[-1]} wait"


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def plan_rotation(
    groups: Sequence[Group],
    start: dt.date,
    days: int = 1,
    *,
    stalled: Collection[str] = frozenset(),
    slots_per_day: int = DEFAULT_SLOTS_PER_DAY,
    max_gap_days: int = DEFAULT_MAX_GAP_DAYS,
    last_met: Mapping[str, dt.date] | None = None,
    no_group_days: Collection[dt.date] = (),
) -> Rotation:
    """Which of ``groups`` meet on each of ``days`` school days from ``start``.

    ``groups`` are the planned groups (the same every day of the window),
    ``stalled`` the ids of stalled students, ``last_met`` the history (key ->
    day last met, may be empty) and ``no_group_days`` every day the teacher
    marked as having no groups (past ones too: they do not count in a gap).
    """
    if slots_per_day < 1:
        raise ValueError(f"slots_per_day must be at least 1, not {slots_per_day}")
    if max_gap_days < 1:
        raise ValueError(f"max_gap_days must be at least 1, not {max_gap_days}")
    if days < 0:
        raise ValueError(f"days must not be negative, not {days}")
    history = dict(last_met or {})
    no_group = frozenset(no_group_days)
    keys = group_keys(groups)
    window = school_days(start, days)
    stalled_ids = frozenset(stalled)
    lowest = min((g.stage_index for g in groups), default=0)
    furthest = [g.stage_index == lowest for g in groups]
    has_stalled = [any(m.student.id in stalled_ids for m in g.members) for g in groups]
    daily = [a or b for a, b in zip(furthest, has_stalled, strict=True)]

    # The day each group's wait is counted from: its last meeting, or for a group that has
    # not met yet the group day before the window (so its wait starts on the first day).
    first = window[0] if window else start
    anchor = _group_day_before(first, no_group)
    since_day = [history.get(key, anchor) for key in keys]
    met: set[int] = set()

    out: list[RotationDay] = []
    for day in window:
        if day in no_group:
            off = tuple(
                Turn(g, keys[i], False, NO_GROUP_DAY, _group_days_between(since_day[i], day, no_group), daily[i],
                     False)
                for i, g in enumerate(groups)
            )
            out.append(RotationDay(day, True, (), off, ()))
            continue
        # Group days since the last meeting, counting this one (0: it met on this day already).
        gaps = [_group_days_between(last, day, no_group) + (day > last) for last in since_day]
        due = [not daily[i] and gaps[i] >= max_gap_days for i in range(len(groups))]
        must = sorted(
            (i for i in range(len(groups)) if daily[i] or due[i]),
            key=lambda i: (not daily[i], groups[i].stage_index, -gaps[i], i),
        )
        chosen = must[:slots_per_day]
        left_out = must[slots_per_day:]
        warnings: tuple[str, ...] = ()
        if left_out:
            warnings = (
                f"{day_words(day)}: {len(must)} groups must meet but there "
                f"{'is 1 slot' if slots_per_day == 1 else f'are {slots_per_day} slots'}: "
                f"{_waits([groups[i].label for i in sorted(left_out)])}",
            )
        else:
            free = sorted(
                (i for i in range(len(groups)) if not (daily[i] or due[i])),
                key=lambda i: (-gaps[i], groups[i].stage_index, i),
            )
            chosen += free[: slots_per_day - len(chosen)]
        chosen_set = set(chosen)
        turns: list[Turn] = []
        for i, g in enumerate(groups):
            if i in chosen_set:
                if furthest[i] and has_stalled[i]:
                    reason = f"{DAILY_FURTHEST_BACK}, stalled student"
                elif furthest[i]:
                    reason = DAILY_FURTHEST_BACK
                elif has_stalled[i]:
                    reason = DAILY_STALLED
                elif due[i]:
                    reason = f"due: not seen for {_days(gaps[i])}"
                else:
                    reason = SLOT_FREE
            elif daily[i] or due[i]:
                reason = WAITS_NO_SLOT
            else:
                reason = f"waits: not seen for {_days(gaps[i])}"
            turns.append(Turn(g, keys[i], i in chosen_set, reason, gaps[i], daily[i], due[i]))
        order = sorted(chosen, key=lambda i: (groups[i].stage_index, i))
        meeting = tuple(turns[i] for i in order)
        out.append(RotationDay(day, False, meeting, tuple(t for t in turns if not t.meets), warnings))
        for i in chosen:
            since_day[i] = day
            met.add(i)

    if window:
        for i, key in enumerate(keys):
            # A group that has not met yet keeps when its wait started, so planning day by day adds up.
            if i in met or key not in history:
                history[key] = since_day[i]
    return Rotation(tuple(out), keys, history)


def _keys_of_stages(stages: Sequence[str]) -> list[str]:
    seen: dict[str, int] = {}
    keys = []
    for stage in stages:
        n = seen.get(stage, 0) + 1
        seen[stage] = n
        keys.append(stage if n == 1 else f"{stage}#{n}")
    return keys


def last_met_from_plans(plans: Sequence[LockedPlan], before: dt.date) -> dict[str, dt.date]:
    """When each group last met, read from the plans the teacher locked before ``before``.

    A locked plan is the plan the teacher walked in with, so it is the record of
    which groups were seen that day: the groups it says ``meets``, or every group
    for a plan locked before the rotation existed (no ``meets`` in it). A group
    it planned but did not see, with no meeting before, counts from the school
    day before that plan, so its wait goes on growing.
    """
    last: dict[str, dt.date] = {}
    for plan in sorted(plans, key=lambda p: p.date):
        if plan.date >= before:
            continue
        groups = plan.plan.get("groups", [])
        keys = _keys_of_stages([str(g.get("stage", "")) for g in groups])
        for key, g in zip(keys, groups, strict=True):
            if g.get("meets", True):
                last[key] = plan.date
            elif key not in last:
                # Planned but not seen: it has been waiting since the day before, and keeps waiting.
                last[key] = plan.date - dt.timedelta(days=1 if plan.date.weekday() else 3)
    return last


def rotation_for(
    record: ClassRecord, plan: Plan, stalled: Collection[str] = frozenset(), days: int = 1
) -> Rotation:
    """The rotation for ``plan``'s groups from its date, with the class's settings and locked-plan history."""
    settings = record.settings
    return plan_rotation(
        plan.groups,
        plan.date,
        days,
        stalled=stalled,
        slots_per_day=settings.slots_per_day,
        max_gap_days=settings.max_gap_days,
        last_met=last_met_from_plans(record.plans, plan.date),
        no_group_days=settings.no_group_dates,
    )


def rotation_dict(rotation: Rotation) -> dict[str, Any]:
    """The rotation as plain data (``grouper plan --json``)."""

    def turn(t: Turn) -> dict[str, Any]:
        return {"label": t.group.label, "stage": t.group.stage_id, "key": t.key, "reason": t.reason}

    return {
        "days": [
            {
                "date": d.date.isoformat(),
                "no_groups": d.no_groups,
                "meeting": [turn(t) for t in d.meeting],
                "not_meeting": [turn(t) for t in d.not_meeting],
                "warnings": list(d.warnings),
            }
            for d in rotation.days
        ],
    }


def mark_meetings(data: dict[str, Any], plan: Plan, day: RotationDay) -> dict[str, Any]:
    """Add ``meets`` to each group of ``plan`` as data (``plan_dict``): a locked plan then records who was seen."""
    for group, g in zip(plan.groups, data.get("groups", []), strict=True):
        g["meets"] = day.meets(group)
    return data
