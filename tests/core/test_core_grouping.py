"""Tomorrow's groups: the exact optimum under the teacher's size settings."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random
from collections import Counter

import pytest
from brute import set_partitions
from core_helpers import placed_on
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from grouper.core.grouping import EXTENSION_FOCUS, Plan, Split, best_split, plan_groups
from grouper.core.models import ClassSettings, Student
from grouper.core.placement import Placement, place_student
from grouper.formats.validation import check_pathway, check_settings

PATHWAY = check_pathway(
    {
        "id": "lit",
        "name": "Literacy",
        "stages": [
            {
                "id": f"st{i}",
                "label": f"Stage {i}",
                "focus": f"Focus {i}",
                "checks": [
                    {"id": f"c{i}a", "label": f"Check {i}a", "max": 10, "mastery": 8},
                    {"id": f"c{i}b", "label": f"Check {i}b", "max": 10, "mastery": 8},
                    {"id": f"c{i}c", "label": f"Check {i}c", "max": 10, "mastery": 8},
                ],
            }
            for i in range(4)
        ],
    }
)
N_STAGES = len(PATHWAY.stages)
DAY = dt.date(2026, 11, 24)


def placed(sid: str, stage: int, needs: tuple[str, ...] | None = None, name: str | None = None) -> Placement:
    """A placement at ``stage`` (``N_STAGES`` = complete) still needing ``needs`` there."""
    return placed_on(PATHWAY, sid, stage, needs, name)


def plan_for(stages: list[int], absent: set[str] = frozenset(), **kw: int) -> Plan:
    placements = [placed(f"s{i:02d}", s) for i, s in enumerate(stages)]
    return plan_groups(placements, PATHWAY, ClassSettings(**kw), DAY, absent)


def sizes(plan: Plan) -> list[int]:
    return [len(g.members) for g in plan.groups]


def stage_lists(plan: Plan) -> list[list[int]]:
    return [[m.stage_index for m in g.members] for g in plan.groups]


# --- settings ---------------------------------------------------------------


def test_settings_defaults() -> None:
    s = ClassSettings()
    assert (s.min_size, s.max_size, s.max_groups) == (2, 6, 5)


@pytest.mark.parametrize(
    ("kw", "words"),
    [
        ({"min_size": 0}, "greater than or equal to 1"),
        ({"min_size": 4, "max_size": 3}, "min_size 4 is above max_size 3"),
        ({"max_groups": 0}, "greater than or equal to 1"),
        ({"max_size": "6"}, "valid integer"),
    ],
)
def test_settings_validate(kw: dict, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        check_settings(kw)


def test_settings_min_equal_max_is_allowed() -> None:
    assert check_settings({"min_size": 4, "max_size": 4}) == ClassSettings(min_size=4, max_size=4)


# --- best_split directly ----------------------------------------------------


def test_best_split_empty_and_infeasible() -> None:
    assert best_split([], 2, 6, 5) == Split((), 0)
    assert best_split([0] * 7, 4, 6, 5) is None
    assert best_split([0] * 7, 1, 1, 5) is None


def test_best_split_cuts_at_stage_changes() -> None:
    assert best_split([0, 0, 0, 2, 2, 2], 2, 6, 5) == Split((3, 3), 0)


def test_best_split_prefers_fewer_groups_then_smaller_largest() -> None:
    assert best_split([1, 1, 1, 1], 2, 6, 5) == Split((4,), 0)
    assert best_split([0] * 8, 2, 6, 5) == Split((4, 4), 0)


def test_best_split_accepts_cost_to_save_groups_only_when_forced() -> None:
    # Two groups of one are not allowed with min 2, so the pair is taught at stage 0.
    assert best_split([0, 3], 2, 6, 5) == Split((2,), 3)
    assert best_split([0, 3], 1, 6, 5) == Split((1, 1), 0)
    assert best_split([0, 3], 1, 6, 1) == Split((2,), 3)


# --- plan_groups: the rules a teacher sees ----------------------------------


def test_groups_by_stage_with_focus_and_labels() -> None:
    plan = plan_for([2, 0, 2, 0, 0, 2])
    assert [g.label for g in plan.groups] == ["Group 1", "Group 2"]
    assert [g.stage_id for g in plan.groups] == ["st0", "st2"]
    assert [g.focus for g in plan.groups] == ["Focus 0", "Focus 2"]
    assert stage_lists(plan) == [[0, 0, 0], [2, 2, 2]]
    assert plan.cost == 0
    assert plan.warnings == ()
    assert plan.date == DAY


def test_focus_is_the_lowest_member_and_cost_counts_the_gap() -> None:
    # Three students cannot make two groups of at least two: one group, taught at stage 0.
    plan = plan_for([0, 1, 3])
    (g,) = plan.groups
    assert g.stage_index == 0
    assert g.stage_id == "st0"
    assert plan.cost == (1 - 0) + (3 - 0)


def test_absent_students_are_left_out_and_listed() -> None:
    plan = plan_for([0, 0, 1, 1, 1], absent={"s00", "s03"})
    grouped = [m.student.id for g in plan.groups for m in g.members]
    assert sorted(grouped) == ["s01", "s02", "s04"]
    assert [(u.student.id, u.reason) for u in plan.unplaced] == [("s00", "absent"), ("s03", "absent")]
    # Placements still list everyone, so the screen can show absent students' stages.
    assert len(plan.placements) == 5


def test_everyone_absent_gives_no_groups_and_no_crash() -> None:
    plan = plan_for([0, 1], absent={"s00", "s01"})
    assert plan.groups == ()
    assert len(plan.unplaced) == 2
    assert plan.cost == 0


def test_empty_class() -> None:
    plan = plan_groups([], PATHWAY, ClassSettings(), DAY)
    assert (plan.groups, plan.unplaced, plan.warnings, plan.cost) == ((), (), (), 0)


def test_too_many_students_raises_group_size_with_warning() -> None:
    plan = plan_for([0] * 31)  # 5 groups of 6 hold 30
    assert len(plan.groups) <= 5
    assert max(sizes(plan)) == 7
    assert plan.effective.max_size == 7
    assert len(plan.warnings) == 1
    assert "31" in plan.warnings[0] and "7" in plan.warnings[0]


def test_fewer_than_min_size_present_is_one_group_with_warning() -> None:
    plan = plan_for([0, 2, 3], min_size=4)
    assert sizes(plan) == [3]
    assert plan.groups[0].stage_index == 0
    assert len(plan.warnings) == 1
    assert "Only 3" in plan.warnings[0]


def test_single_student_present() -> None:
    plan = plan_for([1, 1], absent={"s00"})
    assert sizes(plan) == [1]
    assert len(plan.warnings) == 1


def test_infeasible_sizes_relax_min_size_with_warning() -> None:
    plan = plan_for([0] * 7, min_size=4, max_size=6)
    assert sorted(sizes(plan)) == [3, 4]
    assert plan.effective.min_size == 3
    assert len(plan.warnings) == 1
    assert "7 students" in plan.warnings[0] and "3" in plan.warnings[0]


def test_big_stage_is_split_when_over_max_size() -> None:
    plan = plan_for([1] * 9)
    assert sorted(sizes(plan)) == [4, 5]
    assert plan.cost == 0
    assert plan.warnings == ()


def test_students_who_mastered_everything_get_an_extension_group() -> None:
    plan = plan_for([0, 0, N_STAGES, N_STAGES])
    last = plan.groups[-1]
    assert last.stage_id == "complete"
    assert last.stage_index == N_STAGES
    assert last.focus == EXTENSION_FOCUS
    assert last.needs == {}


def test_needs_count_members_in_pathway_order() -> None:
    placements = [
        placed("a", 1, ("c1c", "c1a")),
        placed("b", 1, ("c1b",)),
        placed("c", 1, ("c1c",)),
        placed("d", 2, ("c2a",)),  # joins stage 1's group only if forced
    ]
    plan = plan_groups(placements, PATHWAY, ClassSettings(min_size=1, max_size=6, max_groups=1), DAY)
    (g,) = plan.groups
    assert list(g.needs.items()) == [("c1a", 1), ("c1b", 1), ("c1c", 2), ("c2a", 1)]


def test_needs_from_real_placements() -> None:
    a = place_student(Student("a", "Ana"), {"c0a": 2}, PATHWAY)  # below c0a, c0b and c0c unscored
    b = place_student(Student("b", "Bo"), {"c0a": 9, "c0b": 9, "c0c": 1}, PATHWAY)
    plan = plan_groups([a, b], PATHWAY, ClassSettings(), DAY)
    assert list(plan.groups[0].needs.items()) == [("c0a", 1), ("c0b", 1), ("c0c", 2)]


def test_within_a_stage_same_needs_sit_together() -> None:
    placements = [
        placed("a", 0, ("c0a",), "Ada"),
        placed("b", 0, ("c0b",), "Ben"),
        placed("c", 0, ("c0a",), "Cai"),
        placed("d", 0, ("c0b",), "Dee"),
    ]
    plan = plan_groups(placements, PATHWAY, ClassSettings(min_size=2, max_size=2, max_groups=5), DAY)
    assert [sorted(m.student.id for m in g.members) for g in plan.groups] == [["a", "c"], ["b", "d"]]


def test_same_needs_sit_together_whichever_check_was_below() -> None:
    x = place_student(Student("x", "Xia"), {"c0a": 1, "c0b": 9}, PATHWAY)  # below c0a, c0c unscored
    y = place_student(Student("y", "Yul"), {"c0c": 1, "c0b": 9}, PATHWAY)  # below c0c, c0a unscored
    z = place_student(Student("z", "Zed"), {"c0a": 9, "c0b": 1, "c0c": 9}, PATHWAY)  # below c0b
    assert set(x.needs) == set(y.needs) == {"c0a", "c0c"}
    plan = plan_groups([x, y, z], PATHWAY, ClassSettings(), DAY)
    order = [m.student.id for g in plan.groups for m in g.members]
    assert abs(order.index("x") - order.index("y")) == 1, order


def test_same_input_same_plan() -> None:
    stages = [3, 0, 1, 1, 2, 0, 4, 2, 2, 1, 0, 3]
    assert plan_for(stages) == plan_for(stages)


# --- properties against a brute force ---------------------------------------


def test_set_partitions_counts_are_bell_numbers() -> None:
    assert [len(set_partitions(n)) for n in range(9)] == [1, 1, 2, 5, 15, 52, 203, 877, 4140]


def brute_force(stages: list[int], s: ClassSettings) -> tuple[tuple[int, int, int] | None, int, int]:
    """The (cost, groups, largest) optimum over all set partitions, and the sizes it needed."""
    n = len(stages)
    g, hi, lo = s.max_groups, s.max_size, s.min_size
    if n > g * hi:
        hi = math.ceil(n / g)
    if 0 < n < lo:
        lo = n
    if n == 0:
        return None, lo, hi
    for floor in range(lo, 0, -1):
        best = None
        for part in set_partitions(n):
            if len(part) > g:
                continue
            lens = [len(b) for b in part]
            if min(lens) < floor or max(lens) > hi:
                continue
            cost = 0
            for b in part:
                low = min(stages[i] for i in b)
                cost += sum(stages[i] - low for i in b)
            key = (cost, len(part), max(lens))
            if best is None or key < best:
                best = key
        if best is not None:
            return best, floor, hi
    raise AssertionError("no split even with groups of one")


@st.composite
def classes(draw: st.DrawFn, max_n: int = 8) -> tuple[list[Placement], set[str], ClassSettings]:
    n = draw(st.integers(0, max_n))
    # A narrow spread of stages makes ties (and so the tie-breaks) common.
    top = draw(st.integers(0, N_STAGES))
    placements = []
    for i in range(n):
        stage = draw(st.integers(0, top))
        needs = None
        if stage < N_STAGES:
            checks = [c.id for c in PATHWAY.stages[stage].checks]
            needs = tuple(draw(st.lists(st.sampled_from(checks), min_size=1, max_size=3, unique=True)))
        name = draw(st.sampled_from(["Ana", "ana", "Bo", "Zoë", "Émile", "Li"]))
        placements.append(placed(f"id{i}", stage, needs, name))
    absent = set(draw(st.lists(st.sampled_from([p.student.id for p in placements]), unique=True))) if n else set()
    lo = draw(st.integers(1, 4))
    hi = draw(st.integers(lo, 6))
    settings_ = ClassSettings(min_size=lo, max_size=hi, max_groups=draw(st.integers(1, 4)))
    return placements, absent, settings_


@settings(max_examples=200, deadline=None)
@given(classes())
def test_plan_is_the_exact_optimum(case: tuple[list[Placement], set[str], ClassSettings]) -> None:
    placements, absent, s = case
    plan = plan_groups(placements, PATHWAY, s, DAY, absent)
    present = [p for p in placements if p.student.id not in absent]
    stages = [p.stage_index for p in present]

    # Every present student is in exactly one group; absent ones in none, and listed.
    grouped = Counter(m.student.id for g in plan.groups for m in g.members)
    assert grouped == Counter(p.student.id for p in present)
    assert {u.student.id for u in plan.unplaced} == absent
    assert all(u.reason == "absent" for u in plan.unplaced)

    best, lo, hi = brute_force(stages, s)
    assert (plan.effective.min_size, plan.effective.max_size, plan.effective.max_groups) == (lo, hi, s.max_groups)
    if best is None:
        assert plan.groups == ()
        return
    lens = sizes(plan)
    assert all(lo <= k <= hi for k in lens)
    assert len(lens) <= s.max_groups
    # A warning is given exactly when the teacher's settings had to bend.
    bent = (lo, hi) != (s.min_size, s.max_size)
    assert bool(plan.warnings) == bent

    # Cost as the teacher would add it up, and the optimum.
    recomputed = sum(m.stage_index - g.stage_index for g in plan.groups for m in g.members)
    assert plan.cost == recomputed
    assert (plan.cost, len(lens), max(lens)) == best

    # Focus is the lowest member; labels run Group 1..k in stage order.
    for g in plan.groups:
        assert g.stage_index == min(m.stage_index for m in g.members)
        assert g.stage_id == PATHWAY.stage_id(g.stage_index)
    assert [g.label for g in plan.groups] == [f"Group {i}" for i in range(1, len(lens) + 1)]
    assert [g.stage_index for g in plan.groups] == sorted(g.stage_index for g in plan.groups)

    # Needs: counts of members still needing each check, in pathway order.
    order = [c.id for c in PATHWAY.all_checks()]
    for g in plan.groups:
        want = Counter(c for m in g.members for c in m.needs)
        assert g.needs == dict(want)
        assert list(g.needs) == sorted(g.needs, key=order.index)


@settings(max_examples=100, deadline=None)
@given(classes(max_n=14), st.randoms(use_true_random=False))
def test_plan_does_not_depend_on_input_order(
    case: tuple[list[Placement], set[str], ClassSettings], rnd: random.Random
) -> None:
    placements, absent, s = case
    first = plan_groups(placements, PATHWAY, s, DAY, absent)
    again = plan_groups(placements, PATHWAY, s, DAY, absent)
    assert again == first
    shuffled = placements[:]
    rnd.shuffle(shuffled)
    other = plan_groups(shuffled, PATHWAY, s, DAY, absent)
    assert sorted(stage_lists(other)) == sorted(stage_lists(first))
    assert stage_lists(other) == stage_lists(first)
    assert [[m.student.id for m in g.members] for g in other.groups] == [
        [m.student.id for m in g.members] for g in first.groups
    ]
    assert (other.cost, other.warnings, other.effective) == (first.cost, first.warnings, first.effective)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(0, 6), min_size=1, max_size=40),
    st.integers(1, 6),
    st.integers(0, 6),
    st.integers(1, 6),
)
def test_large_classes_keep_sizes_and_group_counts(stages: list[int], lo: int, extra: int, groups: int) -> None:
    stages = [min(s, N_STAGES) for s in stages]
    s = ClassSettings(min_size=lo, max_size=lo + extra, max_groups=groups)
    plan = plan_for(stages, **dataclasses.asdict(s))
    assert sum(sizes(plan)) == len(stages)
    assert len(plan.groups) <= groups
    eff = plan.effective
    assert all(eff.min_size <= k <= eff.max_size for k in sizes(plan))
    assert eff.max_size == max(s.max_size, math.ceil(len(stages) / groups))
