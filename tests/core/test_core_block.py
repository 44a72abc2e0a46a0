"""The grade team's block (``block.plan_block``) on small classes built by hand.

Each class is a ``ClassRecord`` with scores that put its students at known
stages; the block's plan is read the way a teacher reads it: who goes to which
adult, at which stage, and who has no group and why.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

import pytest

from grouper.core.block import Adult, Block, BlockError, BlockPlan, plan_block, read_adult
from grouper.core.models import Absence, Check, ClassRecord, ClassSettings, Override, Pathway, Score, Stage, Student

DAY = dt.date(2026, 11, 24)
N_STAGES = 4


def pathway(pid: str = "lit", prefix: str = "st") -> Pathway:
    return Pathway(
        id=pid,
        name=f"Path {pid}",
        stages=tuple(
            Stage(id=f"{prefix}{i}", label=f"Stage {i}", focus=f"Focus {i}",
                  checks=(Check(id=f"{prefix}c{i}", label=f"Check {i}", max=10, mastery=8),))
            for i in range(N_STAGES)
        ),
    )


def record(name: str, stages: Sequence[int], path: Pathway | None = None, **settings: int) -> ClassRecord:
    """A class whose student ``{name[0]}{i}`` has mastered every check below ``stages[i]``."""
    path = path or pathway()
    tag = name[0].lower()
    students = [Student(f"{tag}{i}", f"{name} kid {i}") for i in range(len(stages))]
    scores = []
    seq = itertools.count(1)
    for s, stage in zip(students, stages, strict=True):
        for i in range(stage):
            scores.append(Score(s.id, path.stages[i].checks[0].id, 9, dt.date(2026, 11, 16), next(seq)))
    return ClassRecord(name, path, ClassSettings(**settings), students, scores)


def block(*records: ClassRecord, staff: Sequence[str] = ("Ms Lee", "Mr Ortiz"), **sizes: int) -> Block:
    return Block("Walk to read", tuple(r.name for r in records), tuple(read_adult(t) for t in staff),
                 sizes.get("min_size"), sizes.get("max_size"))


def where(plan: BlockPlan) -> dict[tuple[str, str], tuple[str, int]]:
    """(class, student id) -> (adult, stage taught)."""
    return {m.key: (g.adult.name, g.stage_index) for g in plan.groups for m in g.members}


def cost_of(plan: BlockPlan) -> int:
    return sum(abs(m.placement.stage_index - g.stage_index) for g in plan.groups for m in g.members)


def test_two_classes_are_pooled_and_each_student_keeps_their_class() -> None:
    a = record("Alpha", [0, 0, 1, 1])
    b = record("Beta", [0, 1, 2, 2])
    plan = plan_block(block(a, b), [a, b], DAY)
    placed = where(plan)
    assert set(placed) == {("Alpha", f"a{i}") for i in range(4)} | {("Beta", f"b{i}") for i in range(4)}
    assert {m.class_name for g in plan.groups for m in g.members} == {"Alpha", "Beta"}
    # Each group mixes the classes by stage: the two stage-0 students of both classes sit together.
    stage0 = {m.key for g in plan.groups for m in g.members if g.stage_index == 0}
    assert {("Alpha", "a0"), ("Alpha", "a1"), ("Beta", "b0")} <= stage0
    assert plan.cost == cost_of(plan)
    assert plan.unplaced == () and plan.proven
    assert all(g.stage_id == f"st{g.stage_index}" and g.focus == f"Focus {g.stage_index}" for g in plan.groups)
    assert len({g.adult.name for g in plan.groups}) == len(plan.groups)  # one group per adult


def test_an_adults_most_is_kept() -> None:
    a = record("Alpha", [1] * 6)
    plan = plan_block(block(a, staff=("Ms Lee; most 2", "Mr Ortiz"), max_size=6), [a], DAY)
    sizes = {g.adult.name: len(g.members) for g in plan.groups}
    assert sizes.get("Ms Lee", 0) <= 2 and sum(sizes.values()) == 6
    assert plan.unplaced == ()


def test_an_adult_who_does_not_teach_a_stage_teaches_below_it_at_its_cost() -> None:
    a = record("Alpha", [2, 2, 2])
    plan = plan_block(block(a, staff=("Ms Lee; not st2",), min_size=1, max_size=6), [a], DAY)
    (g,) = plan.groups
    assert g.adult.name == "Ms Lee" and g.stage_index == 1 and g.stage_id == "st1"
    assert plan.cost == 3 == cost_of(plan)
    # With a second adult who does teach stage 2, the group goes to them at no cost.
    both = plan_block(block(a, staff=("Ms Lee; not st2", "Mr Ortiz"), min_size=1, max_size=6), [a], DAY)
    assert {g.adult.name for g in both.groups} == {"Mr Ortiz"} and both.cost == 0
    assert [a.name for a in both.free] == ["Ms Lee"]


def test_a_stage_no_adult_teaches_at_or_below_leaves_the_student_out_with_the_reason() -> None:
    a = record("Alpha", [0, 0, 2, 2])
    plan = plan_block(block(a, staff=("Ms Lee; not st0", "Mr Ortiz; not st0"), min_size=1), [a], DAY)
    gone = {u.seated.key: u.reason for u in plan.unplaced}
    assert set(gone) == {("Alpha", "a0"), ("Alpha", "a1")}
    assert all("no adult teaches Stage 0" in why for why in gone.values())
    assert {m.key for g in plan.groups for m in g.members} == {("Alpha", "a2"), ("Alpha", "a3")}
    assert any("have no group" in w for w in plan.warnings)


def test_kept_apart_in_a_class_stays_apart_in_the_block() -> None:
    a = record("Alpha", [1, 1, 1, 1])
    b = record("Beta", [1, 1])
    free = plan_block(block(a, b, min_size=1), [a, b], DAY)
    assert len(free.groups) == 1  # all at one stage: one group, until two are kept apart
    a.keep_apart = [frozenset({"a0", "a1"})]
    plan = plan_block(block(a, b, min_size=1), [a, b], DAY)
    placed = where(plan)
    assert placed[("Alpha", "a0")][0] != placed[("Alpha", "a1")][0]
    assert not any(w.startswith("Could not") for w in plan.warnings)


def test_kept_together_stays_together_and_the_student_below_sets_the_stage() -> None:
    a = record("Alpha", [0, 3, 3, 3])
    b = record("Beta", [0, 0, 3])
    a.keep_together = [frozenset({"a0", "a1"})]
    plan = plan_block(block(a, b, min_size=2, max_size=4), [a, b], DAY)
    placed = where(plan)
    assert placed[("Alpha", "a0")] == placed[("Alpha", "a1")]
    assert placed[("Alpha", "a1")][1] == 0
    assert plan.cost == cost_of(plan) and not any(w.startswith("Could not") for w in plan.warnings)


def test_a_pin_puts_the_student_in_the_group_at_that_stage() -> None:
    a = record("Alpha", [0, 0, 2, 2])
    b = record("Beta", [2, 2])
    a.overrides = [Override("a2", "st0")]
    plan = plan_block(block(a, b, min_size=1), [a, b], DAY)
    g = plan.group_of("Alpha", "a2")
    assert g is not None and g.stage_index == 0 and g.marks[("Alpha", "a2")] == "pinned"
    assert plan.cost == cost_of(plan) == 2
    # A move for another day does nothing today.
    a.overrides = [Override("a2", "st0", DAY + dt.timedelta(days=1))]
    assert plan_block(block(a, b, min_size=1), [a, b], DAY).group_of("Alpha", "a2").stage_index == 2  # type: ignore[union-attr]


def test_absent_students_have_no_group_and_are_named_absent() -> None:
    a = record("Alpha", [0, 1, 1])
    b = record("Beta", [1, 2])
    b.absences = [Absence("b1", DAY)]
    plan = plan_block(block(a, b, min_size=1), [a, b], DAY)
    assert [(u.seated.key, u.reason) for u in plan.unplaced] == [(("Beta", "b1"), "absent")]
    assert ("Beta", "b1") not in where(plan)
    # Another day, they are back.
    assert ("Beta", "b1") in where(plan_block(block(a, b, min_size=1), [a, b], DAY + dt.timedelta(days=1)))


def test_when_every_adult_is_full_the_rest_have_no_room() -> None:
    a = record("Alpha", [0, 0, 1, 1, 2])
    b = record("Beta", [2, 3, 3])
    plan = plan_block(block(a, b, staff=("Ms Lee; most 3", "Mr Ortiz; most 2"), min_size=1), [a, b], DAY)
    assert sum(len(g.members) for g in plan.groups) == 5
    assert len(plan.unplaced) == 3
    assert all(u.reason.startswith("no room") and "at most 5 of the 8" in u.reason for u in plan.unplaced)
    assert any("3 student(s) have no group" in w for w in plan.warnings)
    sizes = {g.adult.name: len(g.members) for g in plan.groups}
    assert sizes == {"Ms Lee": 3, "Mr Ortiz": 2}


def test_when_adults_without_a_limit_cannot_hold_everyone_the_groups_widen_with_a_warning() -> None:
    a = record("Alpha", [0, 1, 1, 2, 2, 3, 3])
    plan = plan_block(block(a, max_size=3, min_size=1), [a], DAY)
    assert plan.unplaced == () and plan.max_size == 4
    assert all(len(g.members) <= 4 for g in plan.groups)
    assert any("groups of up to 4 are used" in w for w in plan.warnings)


def test_groups_widen_just_enough_for_the_adults_whose_own_limit_stops_them_sooner() -> None:
    # Twelve students, groups of at most 2, two adults who take at most 3: the adult with no limit
    # takes the other 6 (not 12 / 3 = 4 each, which would leave two students without a group).
    a = record("Alpha", [0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3])
    staff = ("Ms Lee", "Mr Ortiz; most 3", "Mrs Patel; most 3")
    plan = plan_block(block(a, staff=staff, max_size=2, min_size=1), [a], DAY)
    assert plan.unplaced == () and plan.max_size == 6
    assert any("groups of up to 6 are used" in w for w in plan.warnings)
    sizes = {g.adult.name: len(g.members) for g in plan.groups}
    assert sizes["Mr Ortiz"] <= 3 and sizes["Mrs Patel"] <= 3 and sum(sizes.values()) == 12


def test_a_student_kept_with_others_is_seated_before_the_rule_when_room_is_short() -> None:
    """Two adults who take one each and three students, two of them kept together: two get a group
    (the rule gives way), not one."""
    a = record("Alpha", [1, 1, 2])
    a.keep_together = [frozenset({"a0", "a1"})]
    plan = plan_block(block(a, staff=("Ms Lee; most 1", "Mr Ortiz; most 1"), min_size=1), [a], DAY)
    assert len(plan.unplaced) == 1 and len(plan.groups) == 2
    assert any(w.startswith("Could not keep") and "together" in w for w in plan.warnings)


def test_classes_on_different_stages_are_refused_naming_both() -> None:
    a = record("Alpha", [0, 1])
    b = record("Beta", [0, 1], pathway("num", prefix="n"))
    with pytest.raises(BlockError) as caught:
        plan_block(block(a, b), [a, b], DAY)
    assert "'Alpha'" in str(caught.value) and "'Beta'" in str(caught.value)
    # The same stage ids on another pathway are the same stages: allowed.
    c = record("Gamma", [0, 1], pathway("lit2"))
    assert plan_block(block(a, c), [a, c], DAY).unplaced == ()


def test_a_stage_an_adult_names_that_is_not_on_the_pathway_is_refused() -> None:
    a = record("Alpha", [0, 1])
    with pytest.raises(BlockError, match="Ms Lee"):
        plan_block(block(a, staff=("Ms Lee; not dragons",)), [a], DAY)


def test_the_plan_does_not_depend_on_the_order_the_classes_are_given_in() -> None:
    a = record("Alpha", [0, 1, 1, 2, 3, 3])
    b = record("Beta", [0, 0, 2, 2, 3])
    a.keep_apart = [frozenset({"a1", "a2"})]
    one = plan_block(block(a, b, min_size=2, max_size=4), [a, b], DAY)
    other = plan_block(block(b, a, min_size=2, max_size=4), [b, a], DAY)
    assert where(one) == where(other)
    assert one.cost == other.cost


def test_an_adult_with_no_group_is_free() -> None:
    a = record("Alpha", [1, 1, 1])
    plan = plan_block(block(a, staff=("Ms Lee", "Mr Ortiz", "Mx Kay"), min_size=1, max_size=6), [a], DAY)
    assert len(plan.groups) == 1
    assert {x.name for x in plan.free} | {plan.groups[0].adult.name} == {"Ms Lee", "Mr Ortiz", "Mx Kay"}
    assert len(plan.free) == 2


@pytest.mark.parametrize(
    ("text", "words"),
    [("Ms Lee; most lots", "'most' needs a whole number"), ("; room 4", "needs a name first"),
     ("Ms Lee; floor 2", "'floor 2' is not")],
)
def test_adults_that_cannot_be_read_are_named(text: str, words: str) -> None:
    with pytest.raises(BlockError) as caught:
        read_adult(text)
    assert words in str(caught.value) and text in str(caught.value)


def test_an_adult_read_back() -> None:
    assert read_adult("Mr Ortiz; room 12; most 8; not st0 st1") == Adult("Mr Ortiz", "12", 8, ("st0", "st1"))
