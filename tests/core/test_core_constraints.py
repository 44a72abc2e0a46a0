"""The teacher's own rules: moves, pins, keep-apart and keep-together, kept by an exact optimiser.

The optimiser is proved against a brute force over every way to split a small
class into groups, with random stages, sizes, sets and overrides.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections import Counter
from typing import Any

import pytest
from brute import set_partitions
from hypothesis import given, settings
from hypothesis import strategies as st

from grouper.core import constrained, exact
from grouper.core.grouping import Plan, plan_groups
from grouper.core.models import (
    KEEP_APART,
    KEEP_TOGETHER,
    Check,
    ClassRecord,
    ClassSettings,
    Override,
    Pathway,
    Score,
    Stage,
    Student,
)
from grouper.core.placement import Placement
from grouper.core.planning import plan_for
from grouper.core.report import plan_dict
from grouper.core.rules import RuleError, check_rules, contradiction, resolve_stage, rules_dict
from grouper.formats.bundle import BundleError, bundle_to_record, record_to_bundle
from grouper.formats.validation import check_pathway

PATHWAY = check_pathway(
    {
        "id": "lit",
        "name": "Literacy",
        "stages": [
            {
                "id": f"st{i}",
                "label": f"Stage {i}",
                "focus": f"Focus {i}",
                "checks": [{"id": f"c{i}", "label": f"Check {i}", "max": 10, "mastery": 8}],
            }
            for i in range(4)
        ],
    }
)
N_STAGES = len(PATHWAY.stages)  # index N_STAGES is "complete"
DAY = dt.date(2026, 11, 24)
OTHER_DAY = dt.date(2026, 11, 25)


def placed(sid: str, stage: int, name: str | None = None) -> Placement:
    student = Student(sid, name or f"Student {sid}")
    if stage >= N_STAGES:
        return Placement(student, N_STAGES, "complete", "complete")
    return Placement(student, stage, PATHWAY.stage_id(stage), "working", (f"c{stage}",))


def plan(stages: list[int], absent: set[str] = frozenset(), **kw: Any) -> Plan:
    rules = {k: kw.pop(k) for k in ("keep_apart", "keep_together", "overrides") if k in kw}
    placements = [placed(f"s{i}", s) for i, s in enumerate(stages)]
    return plan_groups(placements, PATHWAY, ClassSettings(**kw), DAY, absent, **rules)


def ids(*names: str) -> frozenset[str]:
    return frozenset(names)


def group_of(p: Plan) -> dict[str, int]:
    return {m.student.id: gi for gi, g in enumerate(p.groups) for m in g.members}


def sid_groups(p: Plan) -> list[list[str]]:
    return [[m.student.id for m in g.members] for g in p.groups]


# --- no rules: the plan of old, exactly -------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, N_STAGES), max_size=14), st.integers(1, 3), st.integers(3, 6), st.integers(1, 4))
def test_rules_that_already_hold_change_nothing(stages: list[int], lo: int, hi: int, groups: int) -> None:
    before = plan(stages, min_size=lo, max_size=hi, max_groups=groups)
    # Sets drawn from groups the plan already made, and pins to the stage each student is taught at.
    together = [frozenset(m.student.id for m in g.members) for g in before.groups if len(g.members) >= 2][:1]
    apart = [frozenset(g.members[0].student.id for g in before.groups)] if len(before.groups) >= 2 else []
    pins = [Override(m.student.id, g.stage_id) for g in before.groups[:1] for m in g.members[:1]]
    after = plan(stages, min_size=lo, max_size=hi, max_groups=groups, keep_together=together, keep_apart=apart,
                 overrides=pins)
    assert sid_groups(after) == sid_groups(before)
    assert (after.cost, after.warnings, after.effective) == (before.cost, before.warnings, before.effective)
    assert after.unhonoured == ()
    assert [o.honoured for o in after.overrides] == [True] * len(pins)
    assert plan(stages, min_size=lo, max_size=hi, max_groups=groups, keep_apart=[], overrides=[]) == before


# --- the brute force ---------------------------------------------------------------


def effective_sizes(n: int, s: ClassSettings) -> tuple[int, int]:
    """The sizes the plan may use, relaxed as README says when the settings cannot all hold."""
    lo, hi, g = s.min_size, s.max_size, s.max_groups
    if n > g * hi:
        hi = math.ceil(n / g)
    if 0 < n < lo:
        lo = n
    while n and not any(k * lo <= n <= k * hi for k in range(1, g + 1)):
        lo -= 1
    return lo, hi


def day_rules(
    present: list[Placement], sets: list[tuple[str, frozenset[str]]], overrides: list[Override]
) -> tuple[dict[int, int], list[tuple[str, frozenset[int]]]]:
    """The rules as they apply on DAY to the students present, by position."""
    pos = {p.student.id: i for i, p in enumerate(present)}
    fixed: dict[int, int] = {}
    for o in overrides:  # pins first, so a move that day wins
        if o.date is None and o.student in pos:
            fixed[pos[o.student]] = [PATHWAY.stage_id(i) for i in range(N_STAGES + 1)].index(o.stage)
    for o in overrides:
        if o.date == DAY and o.student in pos:
            fixed[pos[o.student]] = [PATHWAY.stage_id(i) for i in range(N_STAGES + 1)].index(o.stage)
    kept: list[tuple[str, frozenset[int]]] = []
    for kind, group in sets:
        there = frozenset(pos[x] for x in group if x in pos)
        if len(there) >= 2 and (kind, there) not in kept:
            kept.append((kind, there))
    return fixed, kept


def holds(kind: str, group: frozenset[int], where: dict[int, int]) -> bool:
    at = [where[x] for x in group]
    return len(set(at)) == (1 if kind == KEEP_TOGETHER else len(at))


def brute_force(
    stages: list[int], fixed: dict[int, int], sets: list[tuple[str, frozenset[int]]], lo: int, hi: int, g: int
) -> tuple[int, int, int, int, int] | None:
    """(overrides broken, sets broken, cost, groups, largest) at best over every split and teaching stage."""
    best = None
    for part in set_partitions(len(stages)):
        if len(part) > g or any(not lo <= len(b) <= hi for b in part):
            continue
        where = {x: gi for gi, b in enumerate(part) for x in b}
        broken_sets = sum(not holds(kind, group, where) for kind, group in sets)
        # Each group is taught at its lowest member or at a stage one of its members is fixed to.
        per_group = []
        for b in part:
            options = []
            for t in {min(stages[x] for x in b)} | {fixed[x] for x in b if x in fixed}:
                kept = [x for x in b if fixed.get(x) == t]
                if any(stages[x] < t for x in b if x not in kept):
                    continue  # someone not moved there would be taught above their need
                broken = sum(1 for x in b if x in fixed and fixed[x] != t)
                options.append((broken, sum(abs(stages[x] - t) for x in b)))
            per_group.append(options)
        if any(not o for o in per_group):
            continue

        for broken_fixed, cost in combos(per_group):
            key = (broken_fixed, broken_sets, cost, len(part), max(len(b) for b in part))
            if best is None or key < best:
                best = key
    return best


def combos(per_group: list[list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """Every way to pick one option per group, summed: (overrides broken, cost)."""
    if not per_group:
        return [(0, 0)]
    return [(a + c, b + d) for a, b in per_group[0] for c, d in combos(per_group[1:])]


@st.composite
def ruled_classes(draw: st.DrawFn, max_n: int = 8) -> dict[str, Any]:
    n = draw(st.integers(1, max_n))
    top = draw(st.integers(0, N_STAGES))
    placements = [placed(f"id{i}", draw(st.integers(0, top)), draw(st.sampled_from(["Ana", "Bo", "Zoë"])))
                  for i in range(n)]
    every = [p.student.id for p in placements]
    absent = set(draw(st.lists(st.sampled_from(every), unique=True, max_size=2)))
    sets = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from([KEEP_APART, KEEP_APART, KEEP_TOGETHER]))
        sets.append((kind, frozenset(draw(st.lists(st.sampled_from(every), min_size=2, max_size=3, unique=True))))
                    if n >= 2 else None)
    sets = [s for s in sets if s is not None]
    overrides = []
    for sid in draw(st.lists(st.sampled_from(every), unique=True, max_size=3)):
        stage = PATHWAY.stage_id(draw(st.integers(0, N_STAGES)))
        overrides.append(Override(sid, stage, draw(st.sampled_from([None, DAY, OTHER_DAY]))))
    lo = draw(st.integers(1, 3))
    hi = draw(st.integers(lo, 5))
    return {
        "placements": placements,
        "absent": absent,
        "sets": sets,
        "overrides": overrides,
        "settings": ClassSettings(min_size=lo, max_size=hi, max_groups=draw(st.integers(1, 4))),
    }


@settings(max_examples=200, deadline=None)
@given(ruled_classes())
def test_plan_is_the_exact_optimum_with_rules(case: dict[str, Any]) -> None:
    placements, absent, s = case["placements"], case["absent"], case["settings"]
    sets, overrides = case["sets"], case["overrides"]
    p = plan_groups(
        placements,
        PATHWAY,
        s,
        DAY,
        absent,
        keep_apart=[g for kind, g in sets if kind == KEEP_APART],
        keep_together=[g for kind, g in sets if kind == KEEP_TOGETHER],
        overrides=overrides,
    )
    by_id = {pl.student.id: pl for pl in placements}
    present = [pl for pl in placements if pl.student.id not in absent]
    # The brute force numbers students in the plan's own order, so its rules line up.
    order = [m.student.id for g in p.groups for m in g.members]
    assert Counter(order) == Counter(pl.student.id for pl in present)
    present = [by_id[sid] for sid in order]
    if not present:
        assert p.groups == () and p.overrides == () and p.unhonoured == ()
        return
    stages = [pl.stage_index for pl in present]
    fixed, kept = day_rules(present, sets, overrides)
    lo, hi = effective_sizes(len(present), s)
    assert (p.effective.min_size, p.effective.max_size) == (lo, hi)

    where = {}
    x = 0
    for gi, g in enumerate(p.groups):
        assert lo <= len(g.members) <= hi
        for _ in g.members:
            where[x] = gi
            x += 1
    assert len(p.groups) <= s.max_groups

    # Each group is taught at a fixed member's stage, else at its lowest member; no one who is not
    # fixed there is taught above their stage; the cost is the teacher's sum.
    cost = 0
    for gi, g in enumerate(p.groups):
        members = [x for x in where if where[x] == gi]
        at_fixed = [x for x in members if fixed.get(x) == g.stage_index]
        if not at_fixed:
            assert g.stage_index == min(stages[x] for x in members)
        assert all(stages[x] >= g.stage_index for x in members if x not in at_fixed)
        assert g.stage_id == PATHWAY.stage_id(g.stage_index)
        cost += sum(abs(stages[x] - g.stage_index) for x in members)
        assert g.pinned | g.moved == {present[x].student.id for x in at_fixed}
    assert p.cost == cost
    assert [g.stage_index for g in p.groups] == sorted(g.stage_index for g in p.groups)

    # What the plan says it kept is what it kept, and it names exactly what it did not keep.
    broken_fixed = {present[x].student.id for x, t in fixed.items() if p.groups[where[x]].stage_index != t}
    listed = {u.students[0].id for u in p.unhonoured if u.kind in ("move", "pin")}
    assert listed == broken_fixed
    assert {o.student.id for o in p.overrides} == {present[x].student.id for x in fixed}
    for o in p.overrides:
        assert o.honoured == (o.student.id not in broken_fixed)
    broken_sets = sorted(sorted(present[x].student.id for x in g) for kind, g in kept if not holds(kind, g, where))
    listed_sets = sorted(sorted(s.id for s in u.students) for u in p.unhonoured if u.kind not in ("move", "pin"))
    assert listed_sets == broken_sets
    assert len([w for w in p.warnings if w.startswith("Could not")]) == len(p.unhonoured)

    best = brute_force(stages, fixed, kept, lo, hi, s.max_groups)
    assert best is not None
    got = (len(broken_fixed), len(broken_sets), p.cost, len(p.groups), max(len(g.members) for g in p.groups))
    assert got == best


@settings(max_examples=60, deadline=None)
@given(ruled_classes(max_n=12), st.randoms(use_true_random=False))
def test_plan_with_rules_does_not_depend_on_input_order(case: dict[str, Any], rnd: random.Random) -> None:
    kw = {
        "keep_apart": [g for kind, g in case["sets"] if kind == KEEP_APART],
        "keep_together": [g for kind, g in case["sets"] if kind == KEEP_TOGETHER],
        "overrides": case["overrides"],
    }
    first = plan_groups(case["placements"], PATHWAY, case["settings"], DAY, case["absent"], **kw)
    shuffled = case["placements"][:]
    rnd.shuffle(shuffled)
    other = plan_groups(shuffled, PATHWAY, case["settings"], DAY, case["absent"], **kw)
    assert sid_groups(other) == sid_groups(first)
    # Rules and names are listed in roster order, which the shuffle changed; what they say does not change.
    assert (other.cost, len(other.warnings)) == (first.cost, len(first.warnings))
    assert set(other.overrides) == set(first.overrides)
    assert {(u.kind, frozenset(u.students)) for u in other.unhonoured} == {
        (u.kind, frozenset(u.students)) for u in first.unhonoured
    }


# --- rules a teacher sees ---------------------------------------------------------------


def test_keep_apart_splits_a_stage_at_the_least_cost() -> None:
    # Four at stage 1: one group, until two of them are kept apart.
    assert sid_groups(plan([1, 1, 1, 1])) == [["s0", "s1", "s2", "s3"]]
    p = plan([1, 1, 1, 1], keep_apart=[ids("s0", "s1")])
    where = group_of(p)
    assert where["s0"] != where["s1"]
    assert p.cost == 0 and len(p.groups) == 2
    assert p.unhonoured == () and p.warnings == ()


def test_keep_apart_costs_a_stage_when_no_second_group_fits() -> None:
    # Stages 0 0 2 2 in at most two groups: the pair at stage 0 must split, so one sits with the 2s.
    p = plan([0, 0, 2, 2], keep_apart=[ids("s0", "s1")], max_groups=2, min_size=2)
    assert group_of(p)["s0"] != group_of(p)["s1"]
    assert p.cost == 4  # two groups taught at 0, each with a stage-2 student
    assert len(p.groups) == 2


def test_keep_together_pulls_a_student_down() -> None:
    p = plan([0, 0, 3, 3], keep_together=[ids("s0", "s2")], min_size=1)
    where = group_of(p)
    assert where["s0"] == where["s2"]
    g = p.groups[where["s0"]]
    assert g.stage_index == 0


def test_a_pin_forms_a_group_at_its_stage_and_reports_its_cost() -> None:
    p = plan([0, 0, 2, 2], overrides=[Override("s2", "st0")], min_size=1)
    where = group_of(p)
    g = p.groups[where["s2"]]
    assert g.stage_id == "st0" and g.mark("s2") == "pinned" and g.pinned == {"s2"}
    (o,) = p.overrides
    assert (o.kind, o.stage_id, o.date, o.honoured, o.cost, o.direction) == ("pin", "st0", None, True, 2, "below")
    assert o.group == g.label
    assert p.cost == 2


def test_a_move_up_is_above_the_student_and_is_for_its_day_only() -> None:
    moved = [Override("s0", "st3", DAY)]
    p = plan([0, 0, 3, 3], overrides=moved)
    g = p.groups[group_of(p)["s0"]]
    assert g.stage_id == "st3" and g.mark("s0") == "moved" and g.moved == {"s0"}
    (o,) = p.overrides
    assert (o.kind, o.honoured, o.cost, o.direction, o.date) == ("move", True, 3, "above", DAY)
    # Another day, the move does not apply.
    placements = [placed(f"s{i}", s) for i, s in enumerate([0, 0, 3, 3])]
    other = plan_groups(placements, PATHWAY, ClassSettings(), OTHER_DAY, overrides=moved)
    assert other.overrides == () and other.cost == 0


def test_a_move_outranks_a_pin_on_its_day() -> None:
    p = plan([1, 1, 1, 1], overrides=[Override("s0", "st0"), Override("s0", "st2", DAY)], min_size=1)
    (o,) = p.overrides
    assert (o.kind, o.stage_id) == ("move", "st2")
    assert p.groups[group_of(p)["s0"]].stage_id == "st2"


def test_rules_about_absent_students_are_left_out() -> None:
    p = plan([1, 1, 1, 1], {"s1"}, keep_apart=[ids("s0", "s1")], overrides=[Override("s1", "st0")])
    assert len(p.groups) == 1 and p.overrides == () and p.unhonoured == ()
    # Three kept apart with one away: the other two still are.
    p = plan([1, 1, 1, 1], {"s2"}, keep_apart=[ids("s0", "s1", "s2")], min_size=1)
    assert group_of(p)["s0"] != group_of(p)["s1"]


def test_a_keep_together_set_larger_than_a_group_is_named() -> None:
    p = plan([1, 1, 1, 1], keep_together=[ids("s0", "s1", "s2")], max_size=2, min_size=1)
    (u,) = p.unhonoured
    assert u.kind == KEEP_TOGETHER
    assert [s.id for s in u.students] == ["s0", "s1", "s2"]
    assert "Could not keep Student s0, Student s1 and Student s2 together: 3 students are more than a group holds" \
        in p.warnings[-1]


def test_too_many_to_keep_apart_is_named_and_the_rest_still_plans() -> None:
    p = plan([1, 1, 1, 2], keep_apart=[ids("s0", "s1", "s2")], max_groups=2, min_size=1)
    assert [u.kind for u in p.unhonoured] == [KEEP_APART]
    assert "3 students need 3 groups, and at most 2 are formed" in p.warnings[-1]
    assert sum(len(g.members) for g in p.groups) == 4


def test_a_pair_named_when_it_conflicts_with_another_rule() -> None:
    # Kept together and kept apart at once (a file written by hand): one of them gives way.
    p = plan([0, 1, 2], keep_apart=[ids("s0", "s1")], keep_together=[ids("s0", "s1")], min_size=1)
    assert len(p.unhonoured) == 1
    assert p.warnings[-1].startswith("Could not keep Student s0 and Student s1")


def test_pins_that_cannot_all_hold_give_way_first_and_are_named() -> None:
    # One group a day, two pins to different stages: one pin cannot hold.
    p = plan([1, 1, 1], overrides=[Override("s0", "st0"), Override("s1", "st2")], max_groups=1)
    assert [u.kind for u in p.unhonoured] == ["pin"]
    assert sum(o.honoured for o in p.overrides) == 1
    assert any(w.startswith("Could not keep Student s") and "pinned" in w for w in p.warnings)


def test_a_move_to_a_stage_no_group_can_reach_is_not_kept() -> None:
    # Groups of at least two, and no one else at or above stage 3: no stage-3 group can form.
    p = plan([0, 0, 1], overrides=[Override("s0", "st3", DAY)], min_size=2)
    (u,) = p.unhonoured
    assert (u.kind, u.students[0].id) == ("move", "s0")
    (o,) = p.overrides
    assert not o.honoured and o.group == p.groups[group_of(p)["s0"]].label
    assert "Could not move Student s0 to a Stage 3 group on Tue 24 Nov" in p.warnings[0]


def test_forty_students_three_pairs_two_pins_plan_without_hanging() -> None:
    rnd = random.Random(7)
    stages = [rnd.randint(0, N_STAGES) for _ in range(40)]
    pairs = [ids(f"s{2 * i}", f"s{2 * i + 17}") for i in range(3)]
    pins = [Override("s5", "st1"), Override("s30", "st3")]
    p = plan(stages, keep_apart=pairs, overrides=pins)  # the defaults: 5 groups, so groups of 8
    where = group_of(p)
    assert all(len({where[x] for x in pair}) == 2 for pair in pairs)
    assert all(o.honoured for o in p.overrides)
    assert p.unhonoured == ()
    assert not any("too many rules" in w for w in p.warnings)


def test_too_much_to_prove_by_hand_is_proven_by_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(constrained.best_honouring, "__defaults__", (3,))
    rnd = random.Random(3)
    stages = [rnd.randint(0, N_STAGES) for _ in range(20)]
    pairs = [ids(f"s{i}", f"s{i + 10}") for i in range(4)]
    p = plan(stages, keep_apart=pairs, min_size=2, max_size=4)
    where = group_of(p)
    assert not any("too many rules" in w for w in p.warnings)
    assert all(len({where[x] for x in pair}) == 2 for pair in pairs)
    monkeypatch.setattr(constrained.best_honouring, "__defaults__", (10_000_000,))
    monkeypatch.setattr(exact, "solver_installed", lambda: False)
    by_hand = plan(stages, keep_apart=pairs, min_size=2, max_size=4)
    assert (by_hand.cost, len(by_hand.groups)) == (p.cost, len(p.groups))


def test_too_much_to_prove_still_keeps_the_rules_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(constrained.best_honouring, "__defaults__", (3,))
    monkeypatch.setattr(exact, "solver_installed", lambda: False)  # no solver to fall back on
    rnd = random.Random(3)
    stages = [rnd.randint(0, N_STAGES) for _ in range(20)]
    pairs = [ids(f"s{i}", f"s{i + 10}") for i in range(4)]
    p = plan(stages, keep_apart=pairs, min_size=2, max_size=4)
    where = group_of(p)
    assert any("too many rules to check every plan" in w for w in p.warnings)
    kept = [pair for pair in pairs if len({where[x] for x in pair}) == 2]
    assert len(kept) + len(p.unhonoured) == len(pairs)
    assert p.cost == sum(abs(m.stage_index - g.stage_index) for g in p.groups for m in g.members)


def test_the_fallback_repair_keeps_sets_by_swapping() -> None:
    stages = [0, 0, 0, 0, 1, 1, 1, 1]
    loose = constrained.Solution(((0, (0, 1, 2, 3)), (1, (4, 5, 6, 7))), 4, 4)
    rules: list[tuple[constrained.Kind, frozenset[int]]] = [("keep-apart", frozenset({0, 1}))]
    fixed = constrained._repair(loose, stages, {}, rules)
    where = {x: gi for gi, (_, ms) in enumerate(fixed.groups) for x in ms}
    assert where[0] != where[1]
    assert sorted(len(ms) for _, ms in fixed.groups) == [4, 4]


# --- the plan as data ---------------------------------------------------------------------


def record_with(stages: list[int]) -> ClassRecord:
    pathway = Pathway(
        id="lit",
        name="Literacy",
        stages=tuple(
            Stage(id=f"st{i}", label=f"Stage {i}", focus=f"Focus {i}",
                  checks=(Check(id=f"c{i}", label=f"Check {i}", max=10, mastery=8),))
            for i in range(N_STAGES)
        ),
    )
    students = [Student(f"s{i}", f"Kid {i}") for i in range(len(stages))]
    scores = []
    seq = 1
    for s, stage in zip(students, stages, strict=True):
        for i in range(stage):
            scores.append(Score(s.id, f"c{i}", 9, dt.date(2026, 11, 16), seq))
            seq += 1
    return ClassRecord("Room 7", pathway, ClassSettings(min_size=1), students, scores)


def test_plan_dict_adds_marks_overrides_and_unhonoured_and_keeps_every_key() -> None:
    record = record_with([0, 0, 2, 2])
    before = plan_dict(record, plan_for(record, DAY))
    record.overrides = [Override("s2", "st0"), Override("s0", "st3", DAY)]
    record.keep_together = [ids("s0", "s1", "s2", "s3")]
    record.settings = ClassSettings(min_size=1, max_size=2)
    data = plan_dict(record, plan_for(record, DAY))
    assert set(before) | {"overrides", "unhonoured"} == set(data)
    member = data["groups"][0]["students"][0]
    assert {"id", "name", "stage", "status", "needs", "pinned", "moved"} <= set(member)
    assert {o["student"]: (o["kind"], o["stage"], o["date"], o["honoured"], o["cost"], o["direction"])
            for o in data["overrides"]} == {
        "s0": ("move", "st3", "2026-11-24", True, 3, "above"),
        "s2": ("pin", "st0", None, True, 2, "below"),
    }
    assert data["unhonoured"] == [
        {"kind": "keep-together", "students": ["Kid 0", "Kid 1", "Kid 2", "Kid 3"], "ids": ["s0", "s1", "s2", "s3"]}
    ]
    marks = {s["id"]: (s["pinned"], s["moved"]) for g in data["groups"] for s in g["students"]}
    assert marks == {"s0": (False, True), "s1": (False, False), "s2": (True, False), "s3": (False, False)}
    json.dumps(data)  # plain data all the way down


def test_overrides_survive_regrouping_after_new_scores() -> None:
    record = record_with([0, 0, 1, 1, 2, 2])
    record.overrides = [Override("s0", "st2")]
    record.keep_apart = [ids("s2", "s3")]
    first = plan_for(record, DAY)
    assert first.groups[group_of(first)["s0"]].stage_id == "st2"
    # New scores move s0 up two stages and s4 down to stage 0 (a cleared cell): the pin and the pair still hold.
    seq = len(record.scores) + 1
    record.scores += [Score("s0", "c0", 10, DAY, seq), Score("s0", "c1", 10, DAY, seq + 1),
                      Score("s4", "c0", None, DAY, seq + 2)]
    again = plan_for(record, DAY)
    where = group_of(again)
    assert again.groups[where["s0"]].stage_id == "st2" and again.groups[where["s0"]].mark("s0") == "pinned"
    assert where["s2"] != where["s3"]
    (o,) = again.overrides
    assert (o.honoured, o.cost, o.direction) == (True, 0, "at")
    assert sid_groups(again) != sid_groups(first)


# --- rules in files -------------------------------------------------------------------------


def test_bundles_carry_rules_and_old_bundles_have_none() -> None:
    record = record_with([0, 1, 2])
    old = record_to_bundle(record)
    assert not {"keep_apart", "keep_together", "overrides"} & set(old)  # a class without rules exports as before
    assert bundle_to_record(old, "old.json").overrides == []
    record.keep_apart = [ids("s2", "s0")]
    record.keep_together = [ids("s1", "s2")]
    record.overrides = [Override("s1", "complete"), Override("s0", "st1", DAY)]
    data = json.loads(json.dumps(record_to_bundle(record)))
    assert data["keep_apart"] == [["s0", "s2"]]
    assert data["overrides"] == [{"student": "s1", "stage": "complete", "date": None},
                                 {"student": "s0", "stage": "st1", "date": "2026-11-24"}]
    back = bundle_to_record(data, "room.json")
    assert (back.keep_apart, back.keep_together, back.overrides) == (
        record.keep_apart, record.keep_together, record.overrides)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"keep_apart": [["s0", "nobody"]]}, "room.json: keep-apart 1: no student with id 'nobody'"),
        ({"keep_together": [["s0", "s0"]]}, "keep-together 1: keep-together needs at least two different students"),
        ({"keep_apart": [["s0", "s1"]], "keep_together": [["s1", "s0"]]}, "'s0' and 's1' are both kept apart and"),
        ({"overrides": [{"student": "s0", "stage": "nowhere"}]}, "override 1: pathway 'lit' has no stage 'nowhere'"),
        ({"overrides": [{"student": "s0", "stage": "st1"}, {"student": "s0", "stage": "st2", "date": None}]},
         "override 2: student 's0' already has a pin"),
        ({"overrides": [{"student": "s0", "stage": "st1", "date": 5}]}, "must be a date like 2026-11-23"),
        ({"keep_apart": "s0 s1"}, "'keep_apart' must be a list"),
    ],
)
def test_bad_rules_in_a_bundle_are_named(change: dict[str, Any], words: str) -> None:
    data = record_to_bundle(record_with([0, 1, 2]))
    data.update(change)
    with pytest.raises(BundleError) as e:
        bundle_to_record(data, "room.json")
    assert words in str(e.value)
    assert "Traceback" not in str(e.value) and "pydantic" not in str(e.value)


def test_resolve_stage_by_id_or_label_start() -> None:
    assert resolve_stage(PATHWAY, "st2") == 2
    assert resolve_stage(PATHWAY, "ST2") == 2
    assert resolve_stage(PATHWAY, "comp") == N_STAGES
    with pytest.raises(RuleError, match="could be"):
        resolve_stage(PATHWAY, "stage")
    with pytest.raises(RuleError, match="no stage 'x'"):
        resolve_stage(PATHWAY, "x")


def test_contradictions_are_found_through_chains() -> None:
    together = [ids("a", "b"), ids("b", "c")]
    assert contradiction(KEEP_APART, ids("a", "c"), [], together) == ("a", "c")
    assert contradiction(KEEP_TOGETHER, ids("c", "d"), [ids("a", "d")], together) == ("a", "d")
    assert contradiction(KEEP_APART, ids("a", "d"), [], together) is None


def test_check_rules_and_the_listing() -> None:
    record = record_with([0, 1, 2])
    record.keep_apart = [ids("s2", "s0")]
    record.overrides = [Override("s1", "st3"), Override("s0", "st1", DAY), Override("s2", "st0", dt.date(2026, 11, 1))]
    check_rules(record, "")
    data = rules_dict(record, from_day=DAY)
    assert data["keep_apart"] == [[{"id": "s0", "name": "Kid 0"}, {"id": "s2", "name": "Kid 2"}]]
    assert [o["student"] for o in data["pins"]] == ["s1"]
    assert [(o["student"], o["date"]) for o in data["moves"]] == [("s0", "2026-11-24")]  # past moves left out
    record.overrides.append(Override("ghost", "st0"))
    with pytest.raises(RuleError, match="override 4: no student with id 'ghost'"):
        check_rules(record, "")
