"""The rotation: which planned groups the teacher meets on each coming group day."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grouper.core.grouping import Group, plan_groups
from grouper.core.models import ClassSettings, Student
from grouper.core.placement import Placement, place_student
from grouper.core.rotation import (
    Rotation,
    RotationDay,
    day_words,
    group_keys,
    plan_rotation,
    school_days,
)
from grouper.formats.validation import check_pathway

MON = dt.date(2026, 11, 23)  # a Monday
TUE, WED, THU, FRI = (MON + dt.timedelta(days=n) for n in range(1, 5))
PREV_THU, PREV_FRI = dt.date(2026, 11, 19), dt.date(2026, 11, 20)


def member(sid: str, stage: int) -> Placement:
    return Placement(Student(sid, sid.title()), stage, f"s{stage}", "working")


def grp(number: int, stage: int, *members: str, stage_id: str | None = None) -> Group:
    sid = stage_id or f"s{stage}"
    people = tuple(member(m, stage) for m in members) or (member(f"kid{number}", stage),)
    return Group(f"Group {number}", stage, sid, f"focus {sid}", people, {})


def groups_at(*stages: int) -> list[Group]:
    return [grp(n, s) for n, s in enumerate(stages, start=1)]


def labels(day: RotationDay) -> list[str]:
    return [t.group.label for t in day.meeting]


def reasons(day: RotationDay) -> dict[str, str]:
    return {t.group.label: t.reason for t in (*day.meeting, *day.not_meeting)}


def waiting_in(warning: str) -> set[str]:
    """The labels a warning says wait: '...: Group 3 and Group 4 wait'."""
    tail = warning.rsplit(": ", 1)[1]
    tail = re.sub(r" waits?$", "", tail)
    return set(re.split(r", | and ", tail))


# --- identity and calendar ---------------------------------------------------------------------


def test_group_key_is_the_stage_id_with_an_ordinal_for_later_groups_at_that_stage() -> None:
    groups = [grp(1, 0, stage_id="sounds"), grp(2, 1, stage_id="blend"), grp(3, 1, stage_id="blend"),
              grp(4, 1, stage_id="blend"), grp(5, 3, stage_id="complete")]
    assert group_keys(groups) == ("sounds", "blend", "blend#2", "blend#3", "complete")
    # Labels and members play no part: the same needs give the same keys on another day.
    relabelled = [grp(n + 10, g.stage_index, "someone-else", stage_id=g.stage_id) for n, g in enumerate(groups)]
    assert group_keys(relabelled) == group_keys(groups)
    assert plan_rotation(groups, MON).keys == group_keys(groups)


def test_school_days_skip_weekends_and_include_a_school_day_start() -> None:
    assert school_days(MON, 5) == (MON, TUE, WED, THU, FRI)
    assert school_days(dt.date(2026, 11, 21), 2) == (MON, TUE)  # from a Saturday
    assert school_days(FRI, 2) == (FRI, dt.date(2026, 11, 30))
    assert school_days(MON, 0) == ()
    assert [d.date for d in plan_rotation(groups_at(0), dt.date(2026, 11, 22), 3).days] == [MON, TUE, WED]


def test_day_words() -> None:
    assert day_words(THU) == "Thu 26 Nov"


# --- daily groups ------------------------------------------------------------------------------


def test_the_group_furthest_back_meets_every_day() -> None:
    rot = plan_rotation(groups_at(0, 1, 2, 3), MON, 5, slots_per_day=2, max_gap_days=10)
    for day in rot.days:
        assert labels(day)[0] == "Group 1"
        assert reasons(day)["Group 1"] == "daily: furthest back"
        assert day.meeting[0].daily and not day.meeting[0].due
        assert len(day.meeting) == 2
    # The second slot rotates through the others, longest unseen first.
    assert [labels(d)[1] for d in rot.days] == ["Group 2", "Group 3", "Group 4", "Group 2", "Group 3"]


def test_every_group_at_the_lowest_stage_is_furthest_back() -> None:
    groups = [grp(1, 1, stage_id="blend"), grp(2, 1, stage_id="blend"), grp(3, 2)]
    rot = plan_rotation(groups, MON, 3, slots_per_day=2, max_gap_days=10)
    for day in rot.days:
        assert labels(day) == ["Group 1", "Group 2"]
        assert reasons(day)["Group 2"] == "daily: furthest back"


def test_a_group_with_a_stalled_student_meets_every_day() -> None:
    groups = [grp(1, 0, "ana"), grp(2, 1, "ben"), grp(3, 2, "cy"), grp(4, 3, "dee", "eli")]
    rot = plan_rotation(groups, MON, 5, stalled={"eli"}, slots_per_day=2, max_gap_days=10)
    for day in rot.days:
        assert labels(day) == ["Group 1", "Group 4"]
        assert reasons(day)["Group 4"] == "daily: stalled student"
        assert reasons(day)["Group 2"].startswith("waits: not seen for")
    both = plan_rotation(groups, MON, stalled={"ana"}).days[0]
    assert reasons(both)["Group 1"] == "daily: furthest back, stalled student"


def test_a_stalled_student_who_is_not_in_any_group_changes_nothing() -> None:
    groups = groups_at(0, 1, 2)
    assert plan_rotation(groups, MON, 3, stalled={"nobody"}) == plan_rotation(groups, MON, 3)


# --- gaps --------------------------------------------------------------------------------------


def test_a_group_is_due_when_its_gap_reaches_max_gap_days() -> None:
    groups = groups_at(0, 1, 2)
    history = {"s1": MON, "s2": PREV_FRI}
    day = plan_rotation(groups, TUE, slots_per_day=2, last_met=history).days[0]
    # Group 3 last met on Friday: Monday and Tuesday make a gap of 2.
    assert labels(day) == ["Group 1", "Group 3"]
    assert reasons(day) == {"Group 1": "daily: furthest back", "Group 3": "due: not seen for 2 days",
                            "Group 2": "waits: not seen for 1 day"}
    turns = {t.group.label: t for t in (*day.meeting, *day.not_meeting)}
    assert (turns["Group 3"].gap, turns["Group 3"].due) == (2, True)
    assert (turns["Group 2"].gap, turns["Group 2"].due) == (1, False)
    # A day earlier the same group was only 1 group day back: not due yet.
    monday = plan_rotation(groups, MON, slots_per_day=3, last_met={"s2": PREV_FRI}).days[0]
    assert reasons(monday)["Group 3"] == "slot free"


def test_gaps_count_group_days_only_not_weekends_or_no_group_days() -> None:
    groups = groups_at(0, 1)
    history = {"s1": PREV_THU}
    # Thursday -> Tuesday: Friday, Monday and Tuesday are group days.
    plain = plan_rotation(groups, TUE, slots_per_day=2, max_gap_days=3, last_met=history).days[0]
    assert reasons(plain)["Group 2"] == "due: not seen for 3 days"
    # With Friday and Monday marked no-group days only Tuesday counts.
    off = plan_rotation(groups, TUE, slots_per_day=2, max_gap_days=3, last_met=history,
                        no_group_days=[PREV_FRI, MON]).days[0]
    assert reasons(off)["Group 2"] == "slot free"
    assert off.meeting[1].gap == 1


def test_free_slots_go_to_the_longest_unseen_then_the_furthest_back() -> None:
    groups = groups_at(0, 1, 2, 3)
    history = {"s1": PREV_FRI, "s2": PREV_THU, "s3": PREV_THU}
    day = plan_rotation(groups, MON, slots_per_day=2, max_gap_days=5, last_met=history).days[0]
    assert labels(day) == ["Group 1", "Group 3"]  # gap 2 beats gap 1; of the two at gap 2, stage 2 first
    assert reasons(day)["Group 3"] == "slot free"
    three = plan_rotation(groups, MON, slots_per_day=3, max_gap_days=5, last_met=history).days[0]
    assert labels(three) == ["Group 1", "Group 3", "Group 4"]


def test_history_on_or_after_a_day_means_the_group_already_met_that_day() -> None:
    groups = groups_at(0, 1, 2)
    day = plan_rotation(groups, MON, slots_per_day=2, max_gap_days=1, last_met={"s1": WED, "s2": MON}).days[0]
    assert {t.group.label: t.gap for t in (*day.meeting, *day.not_meeting)} == {"Group 1": 1, "Group 2": 0,
                                                                                 "Group 3": 0}
    # Gap 0 is never due, even with max_gap_days 1, and is last in line for a free slot.
    assert day.warnings == () and labels(day) == ["Group 1", "Group 2"]
    assert reasons(day)["Group 2"] == "slot free"
    tuesday = plan_rotation(groups, TUE, slots_per_day=3, max_gap_days=1, last_met={"s2": MON}).days[0]
    assert reasons(tuesday)["Group 3"] == "due: not seen for 1 day"


def test_max_gap_one_makes_every_group_due_every_day() -> None:
    rot = plan_rotation(groups_at(0, 1, 2), MON, 3, max_gap_days=1)
    for day in rot.days:
        assert labels(day) == ["Group 1", "Group 2", "Group 3"]
        assert reasons(day)["Group 2"] == "due: not seen for 1 day"
    assert rot.warnings == ()
    tight = plan_rotation(groups_at(0, 1, 2, 3), MON, 2, max_gap_days=1)
    assert tight.warnings == ("Mon 23 Nov: 4 groups must meet but there are 3 slots: Group 4 waits",
                              "Tue 24 Nov: 4 groups must meet but there are 3 slots: Group 4 waits")


# --- too many groups that must meet ------------------------------------------------------------


def test_when_the_groups_that_must_meet_exceed_the_slots_the_day_says_which_wait() -> None:
    groups = [grp(1, 0, "a"), grp(2, 1, "b"), grp(3, 2, "c"), grp(4, 3, "d"), grp(5, 4, "e")]
    day = plan_rotation(groups, THU, stalled={"b", "c", "d"}).days[0]
    assert day.warnings == ("Thu 26 Nov: 4 groups must meet but there are 3 slots: Group 4 waits",)
    assert labels(day) == ["Group 1", "Group 2", "Group 3"]  # furthest back first
    assert reasons(day)["Group 4"] == "waits: no slot left"
    assert reasons(day)["Group 5"] == "waits: not seen for 1 day"  # not due: no warning for it


def test_daily_groups_come_before_due_groups_and_the_wording_fits_the_numbers() -> None:
    groups = [grp(1, 0, "a"), grp(2, 1, "b"), grp(3, 2, "c"), grp(4, 3, "d")]
    history = {"s1": PREV_THU, "s2": PREV_THU}  # both due on Monday
    day = plan_rotation(groups, MON, stalled={"d"}, slots_per_day=2, last_met=history).days[0]
    assert labels(day) == ["Group 1", "Group 4"]
    assert day.warnings == ("Mon 23 Nov: 4 groups must meet but there are 2 slots: Group 2 and Group 3 wait",)
    one = plan_rotation(groups, MON, stalled={"d"}, slots_per_day=1, last_met=history).days[0]
    assert labels(one) == ["Group 1"]
    assert one.warnings == ("Mon 23 Nov: 4 groups must meet but there is 1 slot: "
                            "Group 2, Group 3 and Group 4 wait",)


def test_of_the_due_groups_the_furthest_back_wins_then_the_longest_gap() -> None:
    groups = groups_at(0, 1, 2, 2)
    history = {"s1": PREV_FRI, "s2": PREV_THU, "s2#2": dt.date(2026, 11, 16)}
    day = plan_rotation(groups, TUE, slots_per_day=2, last_met=history).days[0]
    assert labels(day) == ["Group 1", "Group 2"]
    assert waiting_in(day.warnings[0]) == {"Group 3", "Group 4"}
    day = plan_rotation(groups, TUE, slots_per_day=3, last_met=history).days[0]
    assert labels(day) == ["Group 1", "Group 2", "Group 4"]  # gap 7 before gap 3 at the same stage


# --- no-group days, slots, order ---------------------------------------------------------------


def test_no_group_days_have_no_meetings_and_do_not_count_towards_a_gap() -> None:
    groups = groups_at(0, 1, 2, 3)
    rot = plan_rotation(groups, MON, 4, slots_per_day=2, no_group_days={TUE, dt.date(2027, 1, 1)})
    assert [d.date for d in rot.days] == [MON, TUE, WED, THU]
    off = rot.days[1]
    assert off.no_groups and off.meeting == () and off.warnings == ()
    assert set(reasons(off).values()) == {"no-group day"}
    # Wednesday and Thursday turn out exactly as Tuesday and Wednesday would without the day off.
    plain = plan_rotation(groups, MON, 3, slots_per_day=2)
    assert [labels(d) for d in (rot.days[0], rot.days[2], rot.days[3])] == [labels(d) for d in plain.days]
    assert [[t.gap for t in d.not_meeting] for d in (rot.days[2], rot.days[3])] == [
        [t.gap for t in d.not_meeting] for d in plain.days[1:]
    ]


def test_a_no_group_day_has_no_warning_even_when_groups_are_overdue() -> None:
    rot = plan_rotation(groups_at(0, 1, 2, 3), MON, stalled={"kid2", "kid3", "kid4"}, slots_per_day=1,
                        no_group_days=[MON])
    assert rot.days[0].no_groups and rot.warnings == ()


def test_never_more_than_the_slots_and_every_group_meets_when_there_is_room() -> None:
    groups = groups_at(0, 1, 2, 3)
    for slots in range(1, 7):
        for day in plan_rotation(groups, MON, 5, slots_per_day=slots, max_gap_days=4).days:
            assert len(day.meeting) == min(slots, len(groups))
    roomy = plan_rotation(groups, MON, slots_per_day=10).days[0]
    assert reasons(roomy) == {"Group 1": "daily: furthest back", "Group 2": "slot free", "Group 3": "slot free",
                              "Group 4": "slot free"}
    assert roomy.not_meeting == ()


def test_meeting_groups_are_ordered_furthest_back_first_and_the_rest_in_plan_order() -> None:
    groups = [grp(1, 0, "a"), grp(2, 1, "b"), grp(3, 2, "c"), grp(4, 3, "d")]
    day = plan_rotation(groups, MON, stalled={"d"}, slots_per_day=3, last_met={"s2": PREV_THU}).days[0]
    # Chosen as daily (1, 4), due (3); shown by stage.
    assert labels(day) == ["Group 1", "Group 3", "Group 4"]
    assert [t.group.label for t in day.not_meeting] == ["Group 2"]
    assert day.meeting_labels == ("Group 1", "Group 3", "Group 4")
    assert day.meets(groups[2]) and not day.meets(groups[1])


def test_no_groups_at_all() -> None:
    rot = plan_rotation([], MON, 3)
    assert [(d.meeting, d.not_meeting, d.warnings) for d in rot.days] == [((), (), ())] * 3
    assert rot.keys == () and rot.last_met == {}


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="slots_per_day"):
        plan_rotation(groups_at(0), MON, slots_per_day=0)
    with pytest.raises(ValueError, match="max_gap_days"):
        plan_rotation(groups_at(0), MON, max_gap_days=0)
    with pytest.raises(ValueError, match="days"):
        plan_rotation(groups_at(0), MON, -1)


# --- history -----------------------------------------------------------------------------------


def test_a_new_rotation_is_not_an_emergency_on_its_first_day() -> None:
    groups = groups_at(0, 1, 2, 3, 4)
    rot = plan_rotation(groups, MON, 5)
    assert rot.warnings == ()
    assert [labels(d) for d in rot.days] == [
        ["Group 1", "Group 2", "Group 3"],
        ["Group 1", "Group 4", "Group 5"],
        ["Group 1", "Group 2", "Group 3"],
        ["Group 1", "Group 4", "Group 5"],
        ["Group 1", "Group 2", "Group 3"],
    ]
    assert rot.days[1].meeting[1].reason == "due: not seen for 2 days"


def test_the_history_after_the_window_records_meetings_and_when_new_groups_started_waiting() -> None:
    groups = groups_at(0, 1, 2, 3)
    rot = plan_rotation(groups, MON, 1, slots_per_day=2, last_met={"gone": PREV_THU})
    assert rot.last_met == {"s0": MON, "s1": MON, "s2": PREV_FRI, "s3": PREV_FRI, "gone": PREV_THU}
    # The day before the start is found past weekends and no-group days.
    rot = plan_rotation(groups, TUE, 1, slots_per_day=2, no_group_days=[MON])
    assert rot.last_met["s3"] == PREV_FRI
    assert plan_rotation(groups, MON, 0).last_met == {}


@settings(max_examples=100, deadline=None)
@given(
    stages=st.lists(st.integers(0, 4), min_size=1, max_size=7),
    stalled_flags=st.lists(st.booleans(), min_size=7, max_size=7),
    slots=st.integers(1, 4),
    gap=st.integers(1, 4),
    off=st.sets(st.integers(0, 9), max_size=4),
    met=st.lists(st.one_of(st.none(), st.integers(0, 6)), min_size=7, max_size=7),
)
def test_planning_day_by_day_gives_the_same_turns_as_planning_the_days_together(
    stages: list[int], stalled_flags: list[bool], slots: int, gap: int, off: set[int], met: list[int | None]
) -> None:
    groups = groups_at(*sorted(stages))
    stalled = {f"kid{n}" for n in range(1, len(groups) + 1) if stalled_flags[n - 1]}
    window = school_days(MON, 10)
    no_group = [window[i] for i in off]
    keys = group_keys(groups)
    history = {k: MON - dt.timedelta(days=m) for k, m in zip(keys, met, strict=False) if m is not None}
    common = {"stalled": stalled, "slots_per_day": slots, "max_gap_days": gap, "no_group_days": no_group}
    together = plan_rotation(groups, MON, 10, last_met=history, **common)  # type: ignore[arg-type]
    one_by_one: list[RotationDay] = []
    for day in window:
        rot = plan_rotation(groups, day, 1, last_met=history, **common)  # type: ignore[arg-type]
        one_by_one.extend(rot.days)
        history = rot.last_met
    assert tuple(one_by_one) == together.days
    assert history == together.last_met


# --- the guarantees ----------------------------------------------------------------------------


def check_day(
    day: RotationDay, groups: Sequence[Group], daily: set[int], gaps: list[int], slots: int, max_gap: int
) -> None:
    """The promises for one day, from the test's own count of who is daily and how long each waited."""
    if day.no_groups:
        assert day.meeting == () and day.warnings == ()
        assert len(day.not_meeting) == len(groups)
        return
    assert len(day.meeting) == min(slots, len(groups)) <= slots
    assert [t.group for t in day.meeting] == sorted((t.group for t in day.meeting), key=lambda g: g.stage_index)
    assert sorted(g.label for g in groups) == sorted(t.group.label for t in (*day.meeting, *day.not_meeting))
    must = {i for i in range(len(groups)) if i in daily or gaps[i] >= max_gap}
    assert bool(day.warnings) == (len(must) > slots)
    waiting = waiting_in(day.warnings[0]) if day.warnings else set()
    meeting = set(day.meeting_labels)
    for i, g in enumerate(groups):
        if i in must:
            # A daily or due group meets, or the day says it waits.
            assert (g.label in meeting) != (g.label in waiting)
        if i in daily and g.label not in meeting:
            # Daily groups come first: one only waits when the daily groups alone fill the slots.
            assert len(daily) > slots
    if day.warnings:
        assert meeting <= {groups[i].label for i in must}
        assert len(day.warnings) == 1 and day.warnings[0].startswith(day_words(day.date) + ": ")


@settings(max_examples=150, deadline=None)
@given(
    stages=st.lists(st.integers(0, 4), min_size=1, max_size=8),
    stalled_flags=st.lists(st.booleans(), min_size=8, max_size=8),
    slots=st.integers(1, 5),
    max_gap=st.integers(1, 4),
    off=st.sets(st.integers(0, 19), max_size=6),
)
def test_fixed_groups_over_20_days_keep_every_promise(
    stages: list[int], stalled_flags: list[bool], slots: int, max_gap: int, off: set[int]
) -> None:
    groups = groups_at(*sorted(stages))
    lowest = min(stages)
    stalled = {f"kid{n}" for n in range(1, len(groups) + 1) if stalled_flags[n - 1]}
    daily = {i for i, g in enumerate(groups) if g.stage_index == lowest or g.members[0].student.id in stalled}
    window = school_days(MON, 20)
    rot = plan_rotation(groups, MON, 20, stalled=stalled, slots_per_day=slots, max_gap_days=max_gap,
                        no_group_days=[window[i] for i in off])
    assert [d.date for d in rot.days] == list(window)
    since = [0] * len(groups)  # a new rotation: every group's wait starts on the first day
    worst = [0] * len(groups)
    for day in rot.days:
        if day.no_groups:
            check_day(day, groups, daily, since, slots, max_gap)
            continue
        gaps = [s + 1 for s in since]
        check_day(day, groups, daily, gaps, slots, max_gap)
        for i, g in enumerate(groups):
            if day.meets(g):
                worst[i] = max(worst[i], gaps[i])
                since[i] = 0
            else:
                since[i] += 1
    others = len(groups) - len(daily)
    if len(daily) + math.ceil(others / max_gap) <= slots:
        # The slots can hold the rotation: it never warns, and every group is seen within max_gap group days.
        assert rot.warnings == ()
        meeting_days = 20 - len(off)
        assert all(max(w, s) <= max_gap for w, s in zip(worst, since, strict=True)) or meeting_days == 0
        for i in daily:
            assert all(d.meets(groups[i]) for d in rot.days if not d.no_groups)
    if len(daily) > slots:
        assert all(d.warnings for d in rot.days if not d.no_groups)


MINI = check_pathway(
    {
        "id": "mini",
        "name": "Mini",
        "stages": [
            {"id": "sounds", "label": "Letter sounds", "focus": "Sounds",
             "checks": [{"id": "snd", "label": "Sounds", "max": 26, "mastery": 24}]},
            {"id": "blend", "label": "Blending", "focus": "Blend",
             "checks": [{"id": "bl", "label": "Blends", "max": 10, "mastery": 8}]},
            {"id": "words", "label": "Sight words", "focus": "Words",
             "checks": [{"id": "hfw", "label": "Words", "max": 50, "mastery": 45}]},
        ],
    }
)
FULL = {"snd": 26, "bl": 10, "hfw": 50}


def values_at(stage: int) -> dict[str, int]:
    """Check values that place a student at ``stage`` (3: every stage mastered)."""
    ids = ["snd", "bl", "hfw"]
    values = {c: FULL[c] for c in ids[:stage]}
    if stage < 3:
        values[ids[stage]] = 0
    return values


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_20_simulated_days_with_absences_keep_the_promises_for_the_groups_as_planned(data: st.DataObject) -> None:
    """Each day: who is present changes, some students move on, the plan is recomputed and one day rotated.

    Group identity is the key (focus stage id plus an ordinal), so a group whose members shift keeps its
    place in the rotation; the promises are checked for each day's groups as planned, with the test's own
    count of group days since each key last met (a key never met waits from the day it first appears).
    """
    n = data.draw(st.integers(3, 16), label="students")
    students = [Student(f"p{i:02d}", f"Pupil {i}") for i in range(n)]
    stage = {s.id: data.draw(st.integers(0, 3)) for s in students}
    stalled = set(data.draw(st.sets(st.sampled_from([s.id for s in students]), max_size=3), label="stalled"))
    slots = data.draw(st.integers(1, 4), label="slots")
    max_gap = data.draw(st.integers(1, 4), label="max_gap")
    class_settings = ClassSettings(min_size=1, max_size=data.draw(st.integers(2, 5)), max_groups=6)
    window = school_days(MON, 20)
    no_group = {window[i] for i in data.draw(st.sets(st.integers(0, 19), max_size=5), label="no-group days")}
    history: dict[str, dt.date] = {}
    last_index: dict[str, int] = {}  # key -> index of the group day it last met (or its wait started)
    group_day = 0
    for day in window:
        absent = data.draw(st.sets(st.sampled_from([s.id for s in students]), max_size=n // 2))
        for sid in data.draw(st.sets(st.sampled_from([s.id for s in students]), max_size=2)):
            stage[sid] = min(3, stage[sid] + 1)  # some students move on
        placements = [place_student(s, values_at(stage[s.id]), MINI) for s in students]
        plan = plan_groups(placements, MINI, class_settings, day, absent)
        groups = list(plan.groups)
        rot: Rotation = plan_rotation(groups, day, 1, stalled=stalled, slots_per_day=slots,
                                      max_gap_days=max_gap, last_met=history, no_group_days=no_group)
        (today,) = rot.days
        assert today.date == day
        keys = rot.keys
        lowest = min((g.stage_index for g in groups), default=0)
        daily = {i for i, g in enumerate(groups)
                 if g.stage_index == lowest or any(m.student.id in stalled for m in g.members)}
        if day in no_group:
            assert today.no_groups
            # Nothing met: the history only gains when new groups started waiting (before today).
            assert {k: v for k, v in rot.last_met.items() if k in history} == history
            assert all(rot.last_met[k] < day for k in keys)
            check_day(today, groups, daily, [0] * len(groups), slots, max_gap)
        else:
            assert not today.no_groups
            gaps = [group_day - last_index.get(k, group_day - 1) for k in keys]
            check_day(today, groups, daily, gaps, slots, max_gap)
            for i, k in enumerate(keys):
                turn = next(t for t in (*today.meeting, *today.not_meeting) if t.key == k)
                assert turn.gap == gaps[i]
                if today.meets(groups[i]):
                    last_index[k] = group_day
                    assert rot.last_met[k] == day
                else:
                    last_index.setdefault(k, group_day - 1)
            group_day += 1
        for k in keys:
            last_index.setdefault(k, group_day - 1)
        history = rot.last_met


def test_the_history_is_read_from_the_plans_the_teacher_locked() -> None:
    from grouper.core.models import LockedPlan
    from grouper.core.rotation import last_met_from_plans

    def locked(day: str, groups: list[tuple[str, bool | None]]) -> LockedPlan:
        data = [{"stage": s} if meets is None else {"stage": s, "meets": meets} for s, meets in groups]
        return LockedPlan(dt.date.fromisoformat(day), f"{day}T15:00:00+00:00", {"groups": data})

    plans = [
        locked("2026-11-16", [("letters", None), ("blend", None), ("blend", None)]),  # before the rotation: all met
        locked("2026-11-17", [("letters", True), ("blend", False), ("blend", True), ("words", False)]),
        locked("2026-11-23", [("letters", True), ("blend", True)]),  # the day being planned: not history
    ]
    assert last_met_from_plans(plans, dt.date(2026, 11, 23)) == {
        "letters": dt.date(2026, 11, 17),
        "blend": dt.date(2026, 11, 16),
        "blend#2": dt.date(2026, 11, 17),
        "words": dt.date(2026, 11, 16),  # planned on the 17th but not seen: waiting since the day before
    }
