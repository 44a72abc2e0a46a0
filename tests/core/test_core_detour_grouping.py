"""Students on a detour are grouped with others on the same detour: the exact optimum, against brute force."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter

from brute import best_with_routes
from core_helpers import placed_on
from hypothesis import given, settings
from hypothesis import strategies as st

from grouper.core import detour_split
from grouper.core.detour_split import DETOUR_MISMATCH, best_detour_split, choose_route
from grouper.core.grouping import EXTENSION_FOCUS, TOO_MANY_ON_DETOURS, Plan, plan_groups
from grouper.core.models import ClassSettings, Override, Pathway, Student
from grouper.core.placement import Placement
from grouper.formats.validation import check_pathway

#: Detours of each stage (stage 3 has none).
DETOURS = {0: ["d0a", "d0b"], 1: ["d1a", "d1b"], 2: ["d2a"], 3: []}


def _pathway(detours: dict[int, list[str]]) -> Pathway:
    return check_pathway(
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
                    ],
                    "detours": [{"id": d, "label": f"Detour {d}", "focus": f"Detour focus {d}"} for d in ds],
                }
                for i, ds in sorted(detours.items())
            ],
        }
    )


PATHWAY = _pathway(DETOURS)
N_STAGES = len(PATHWAY.stages)
DAY = dt.date(2026, 11, 24)


def placed(sid: str, stage: int, needs: tuple[str, ...] | None = None, name: str | None = None) -> Placement:
    """A placement at ``stage`` (``N_STAGES`` = complete) still needing ``needs`` there."""
    return placed_on(PATHWAY, sid, stage, needs, name)


def sizes(plan: Plan) -> list[int]:
    return [len(g.members) for g in plan.groups]


def own_route(p: Placement, detours: dict[str, str]) -> tuple[int, str] | None:
    """The rule of the brief, written out again: a detour of the student's own stage, else the main route."""
    d = detours.get(p.student.id)
    if d is not None and p.stage_index < N_STAGES and d in DETOURS[p.stage_index]:
        return (p.stage_index, d)
    return None


def recomputed_cost(plan: Plan, detours: dict[str, str]) -> int:
    total = 0
    for g in plan.groups:
        route = None if g.detour is None else (g.stage_index, g.detour)
        for m in g.members:
            total += abs(m.stage_index - g.stage_index) + (DETOUR_MISMATCH if own_route(m, detours) != route else 0)
    return total


def check_groups(plan: Plan, detours: dict[str, str]) -> None:
    """What a teacher reads off each group: its route, focus, order and labels."""
    for g in plan.groups:
        if g.detour is None:
            want = PATHWAY.stages[g.stage_index].focus if g.stage_index < N_STAGES else EXTENSION_FOCUS
        else:
            assert g.detour in DETOURS[g.stage_index]
            detour = PATHWAY.stages[g.stage_index].detour(g.detour)
            assert detour is not None
            want = detour.focus
        assert g.focus == want
        # The route is the one most members match; ties to the main route, then the first detour.
        main = sum(1 for m in g.members if own_route(m, detours) is None)
        on = Counter(r[1] for m in g.members if (r := own_route(m, detours)) is not None and r[0] == g.stage_index)
        best = max([main, *on.values()])
        if main == best:
            assert g.detour is None
        else:
            assert g.detour == next(d for d in DETOURS[g.stage_index] if on[d] == best)
    keys = [(g.stage_index, g.detour is not None) for g in plan.groups]
    assert keys == sorted(keys)
    assert [g.label for g in plan.groups] == [f"Group {i}" for i in range(1, len(plan.groups) + 1)]


# --- what a teacher would notice ---------------------------------------------


def test_two_stalled_students_on_one_detour_get_their_own_group() -> None:
    placements = [placed(f"m{i}", 1) for i in range(3)] + [placed("x", 1), placed("y", 1)]
    detours = {"x": "d1b", "y": "d1b"}
    plan = plan_groups(placements, PATHWAY, ClassSettings(min_size=2), DAY, detours=detours)
    assert [sorted(m.student.id for m in g.members) for g in plan.groups] == [["m0", "m1", "m2"], ["x", "y"]]
    main, detour = plan.groups
    assert (main.detour, main.focus) == (None, "Focus 1")
    assert (detour.detour, detour.focus, detour.stage_id) == ("d1b", "Detour focus d1b", "st1")
    assert plan.cost == 0
    assert plan.warnings == ()
    assert dict(plan.detours) == detours


def test_one_student_alone_on_a_detour_sits_in_a_main_group_and_pays_one() -> None:
    placements = [placed(f"m{i}", 1) for i in range(3)] + [placed("x", 1)]
    plan = plan_groups(placements, PATHWAY, ClassSettings(min_size=2), DAY, detours={"x": "d1a"})
    (g,) = plan.groups
    assert g.detour is None
    assert g.focus == "Focus 1"
    assert plan.cost == DETOUR_MISMATCH
    assert dict(plan.detours) == {"x": "d1a"}


def test_detour_group_wins_when_most_of_the_group_is_on_it() -> None:
    # Three on d0a and one main student: one group of four, on the detour; the main student pays.
    placements = [placed("a", 0), placed("b", 0), placed("c", 0), placed("m", 0)]
    detours = {"a": "d0a", "b": "d0a", "c": "d0a"}
    plan = plan_groups(placements, PATHWAY, ClassSettings(min_size=2, max_size=6, max_groups=1), DAY, detours=detours)
    (g,) = plan.groups
    assert g.detour == "d0a"
    assert plan.cost == 1


def test_no_detours_gives_the_same_plan_as_before() -> None:
    stages = [3, 0, 1, 1, 2, 0, 4, 2, 2, 1, 0, 3, 1]
    placements = [placed(f"s{i:02d}", s) for i, s in enumerate(stages)]
    before = plan_groups(placements, PATHWAY, ClassSettings(), DAY, {"s03"})
    assert plan_groups(placements, PATHWAY, ClassSettings(), DAY, {"s03"}, detours={}) == before
    assert all(g.detour is None for g in before.groups)
    assert dict(before.detours) == {}


def test_unknown_detours_and_detours_of_other_stages_are_ignored() -> None:
    stages = [0, 0, 1, 1, 2, N_STAGES]
    placements = [placed(f"s{i}", s) for i, s in enumerate(stages)]
    before = plan_groups(placements, PATHWAY, ClassSettings(), DAY, {"s1"})
    odd = {"s0": "nowhere", "s2": "d0a", "s5": "d2a", "s1": "d0a", "ghost": "d1a"}  # s1 absent, ghost not in class
    assert plan_groups(placements, PATHWAY, ClassSettings(), DAY, {"s1"}, detours=odd) == before


def test_a_detour_student_taught_at_another_stage_pays_the_mismatch() -> None:
    # Max one group: the stage-0 main student sets the stage; the stage-1 detour student pays 1 + 1.
    placements = [placed("m", 0), placed("x", 1)]
    plan = plan_groups(placements, PATHWAY, ClassSettings(min_size=1, max_size=6, max_groups=1), DAY,
                       detours={"x": "d1a"})
    (g,) = plan.groups
    assert (g.stage_index, g.detour) == (0, None)
    assert plan.cost == 2


def test_size_warnings_still_hold_with_detours() -> None:
    detours = {"s00": "d0a", "s01": "d0a"}
    many = plan_groups([placed(f"s{i:02d}", 0) for i in range(31)], PATHWAY, ClassSettings(), DAY, detours=detours)
    assert max(sizes(many)) == 7 and len(many.warnings) == 1 and "31" in many.warnings[0]
    few = plan_groups([placed("s00", 0), placed("s01", 2)], PATHWAY, ClassSettings(min_size=4), DAY, detours=detours)
    assert sizes(few) == [2] and len(few.warnings) == 1 and "Only 2" in few.warnings[0]
    seven = [placed(f"s{i:02d}", 0) for i in range(7)]
    odd = plan_groups(seven, PATHWAY, ClassSettings(min_size=4, max_size=6), DAY, detours=detours)
    assert sorted(sizes(odd)) == [3, 4]
    assert odd.effective.min_size == 3
    assert len(odd.warnings) == 1 and "7 students" in odd.warnings[0]
    assert odd.cost == recomputed_cost(odd, detours)


def test_broken_rules_keep_the_constrained_search_and_choose_routes_after() -> None:
    placements = [placed(f"m{i}", 1) for i in range(3)] + [placed("x", 1), placed("y", 1)]
    detours = {"x": "d1b", "y": "d1b"}
    plan = plan_groups(
        placements, PATHWAY, ClassSettings(min_size=2), DAY, detours=detours, keep_apart=[frozenset({"x", "y"})]
    )
    assert not any({"x", "y"} <= {m.student.id for m in g.members} for g in plan.groups)
    assert all(g.detour is None for g in plan.groups)  # one detour student per group: main route is cheaper
    assert plan.cost == recomputed_cost(plan, detours) == 2
    check_groups(plan, detours)


def test_rules_the_exact_plan_keeps_leave_it_alone() -> None:
    placements = [placed(f"m{i}", 1) for i in range(3)] + [placed("x", 1), placed("y", 1)]
    detours = {"x": "d1b", "y": "d1b"}
    free = plan_groups(placements, PATHWAY, ClassSettings(min_size=2), DAY, detours=detours)
    kept = plan_groups(
        placements, PATHWAY, ClassSettings(min_size=2), DAY, detours=detours,
        keep_together=[frozenset({"x", "y"})], overrides=[Override("m0", "st1")],
    )
    assert [g.members for g in kept.groups] == [g.members for g in free.groups]
    assert [g.detour for g in kept.groups] == [None, "d1b"]
    assert kept.cost == 0


def test_too_many_detour_classes_fall_back_with_a_warning() -> None:
    wide = {0: [f"w{i:02d}" for i in range(14)], 1: []}
    pathway = _pathway(wide)
    placements = [Placement(Student(f"s{i:02d}", f"S {i:02d}"), 0, "st0", "working", ("c0a",)) for i in range(14)]
    placements += [Placement(Student(f"m{i:02d}", f"M {i:02d}"), 1, "st1", "working", ("c1a",)) for i in range(16)]
    detours = {f"s{i:02d}": f"w{i:02d}" for i in range(14)}
    plan = plan_groups(placements, pathway, ClassSettings(), DAY, detours=detours)
    assert plan.warnings == (TOO_MANY_ON_DETOURS,)
    assert sorted(m.student.id for g in plan.groups for m in g.members) == sorted(p.student.id for p in placements)
    assert all(2 <= k <= 6 for k in sizes(plan))
    # best_split's groups of six by stage, then each group's route: six students each alone on
    # their detour make a group on the first of their detours (one match beats none on the main route).
    assert [(g.stage_index, g.detour, len(g.members)) for g in plan.groups] == [
        (0, None, 6), (0, "w00", 6), (0, "w06", 6), (1, None, 6), (1, None, 6)
    ]
    stage_cost = sum(m.stage_index - g.stage_index for g in plan.groups for m in g.members)
    assert stage_cost == 4
    assert plan.cost == stage_cost + DETOUR_MISMATCH * (2 + 5 + 5)


def test_choose_route_ties_go_to_main_then_the_first_detour() -> None:
    assert choose_route(1, [1, 1], [None, 0]) == (None, 1)
    assert choose_route(1, [1, 1, 1], [1, 0, None]) == (None, 2)
    assert choose_route(1, [1, 1, 1, 1], [1, 0, 1, 0]) == (0, 2)
    assert choose_route(1, [1, 2, 2], [0, None, None]) == (None, 1)
    assert choose_route(1, [1, 1, 2], [0, 0, None]) == (0, 1)
    assert choose_route(0, [1, 1], [0, 0]) == (None, 2)  # a detour of stage 1 is no route at stage 0


def test_best_detour_split_directly() -> None:
    assert best_detour_split([], [], 2, 6, 5) == detour_split.DetourSplit((), 0)
    assert best_detour_split([0] * 7, [0] + [None] * 6, 4, 6, 5) is None
    found = best_detour_split([1, 1, 1, 1, 1], [None, None, None, 1, 1], 2, 6, 5)
    assert found is not None
    assert found.cost == 0
    assert set(found.groups) == {(1, None, (0, 1, 2)), (1, 1, (3, 4))}


# --- properties against a brute force ---------------------------------------


@st.composite
def classes(draw: st.DrawFn, max_n: int = 8) -> tuple[list[Placement], set[str], ClassSettings, dict[str, str]]:
    n = draw(st.integers(0, max_n))
    top = draw(st.integers(0, N_STAGES))
    placements = []
    detours: dict[str, str] = {}
    for i in range(n):
        stage = draw(st.integers(0, top))
        needs = None
        if stage < N_STAGES:
            checks = [c.id for c in PATHWAY.stages[stage].checks]
            needs = tuple(draw(st.lists(st.sampled_from(checks), min_size=1, max_size=2, unique=True)))
        name = draw(st.sampled_from(["Ana", "ana", "Bo", "Zoë", "Li"]))
        placements.append(placed(f"id{i}", stage, needs, name))
        # Mostly the stage's own detours (so classes of detour students form), sometimes another's or none.
        own = DETOURS.get(stage, [])
        choice = draw(st.sampled_from([None, None, *own, *own, *own, "d2a", "nowhere"]))
        if choice is not None:
            detours[f"id{i}"] = choice
    absent = set(draw(st.lists(st.sampled_from([p.student.id for p in placements]), unique=True))) if n else set()
    lo = draw(st.integers(1, 4))
    hi = draw(st.integers(lo, 6))
    return placements, absent, ClassSettings(min_size=lo, max_size=hi, max_groups=draw(st.integers(1, 4))), detours


def brute_force(
    present: list[Placement], detours: dict[str, str], s: ClassSettings
) -> tuple[tuple[int, int, int] | None, int, int]:
    """The brute-force optimum with the relaxed sizes, as in test_core_grouping."""
    n = len(present)
    g, hi, lo = s.max_groups, s.max_size, s.min_size
    if n > g * hi:
        hi = math.ceil(n / g)
    if 0 < n < lo:
        lo = n
    if n == 0:
        return None, lo, hi
    stages = [p.stage_index for p in present]
    routes = [own_route(p, detours) for p in present]
    for floor in range(lo, 0, -1):
        best = best_with_routes(stages, routes, DETOURS, floor, hi, g, DETOUR_MISMATCH)
        if best is not None:
            return best, floor, hi
    raise AssertionError("no split even with groups of one")


@settings(max_examples=300, deadline=None)
@given(classes())
def test_plan_with_detours_is_the_exact_optimum(
    case: tuple[list[Placement], set[str], ClassSettings, dict[str, str]],
) -> None:
    placements, absent, s, detours = case
    plan = plan_groups(placements, PATHWAY, s, DAY, absent, detours=detours)
    present = [p for p in placements if p.student.id not in absent]

    grouped = Counter(m.student.id for g in plan.groups for m in g.members)
    assert grouped == Counter(p.student.id for p in present)
    assert dict(plan.detours) == {
        p.student.id: r[1] for p in present if (r := own_route(p, detours)) is not None
    }

    best, lo, hi = brute_force(present, detours, s)
    assert (plan.effective.min_size, plan.effective.max_size) == (lo, hi)
    if best is None:
        assert plan.groups == ()
        return
    lens = sizes(plan)
    assert all(lo <= k <= hi for k in lens)
    assert len(lens) <= s.max_groups
    assert bool(plan.warnings) == ((lo, hi) != (s.min_size, s.max_size))
    for g in plan.groups:
        assert g.stage_index == min(m.stage_index for m in g.members)
    assert plan.cost == recomputed_cost(plan, detours)
    assert (plan.cost, len(lens), max(lens)) == best
    check_groups(plan, detours)
    # The same input always gives the same plan.
    assert plan_groups(placements[::-1], PATHWAY, s, DAY, absent, detours=detours).groups == plan.groups


@settings(max_examples=100, deadline=None)
@given(classes(max_n=12))
def test_the_detour_programme_agrees_with_brute_force_on_its_own(
    case: tuple[list[Placement], set[str], ClassSettings, dict[str, str]],
) -> None:
    placements, _, s, detours = case
    present = placements[:8]
    stages = sorted(p.stage_index for p in present)
    present.sort(key=lambda p: p.stage_index)
    routes = [own_route(p, detours) for p in present]
    ranks = [None if r is None else DETOURS[r[0]].index(r[1]) for r in routes]
    found = best_detour_split(stages, ranks, s.min_size, s.max_size, s.max_groups)
    best = best_with_routes(stages, routes, DETOURS, s.min_size, s.max_size, s.max_groups, DETOUR_MISMATCH)
    if best is None:
        assert found is None or not present
        return
    assert found is not None
    lens = [len(ms) for _, _, ms in found.groups]
    assert (found.cost, len(lens), max(lens)) == best
    assert sorted(x for _, _, ms in found.groups for x in ms) == list(range(len(present)))
