"""The integer model (``exact.solve_exact``) against a brute force and against models written differently.

Small problems are checked against every set partition and every way to seat its
groups (``brute.exact_key``); a grade-sized block and a rule-heavy class are
checked against a second CP-SAT model with one yes/no per student and group, and,
without rules, against a dynamic programme that never calls a solver.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Sequence
from functools import cache
from itertools import pairwise
from typing import Any

import pytest
from brute import exact_key
from hypothesis import given, settings
from hypothesis import strategies as st

from grouper.core import constrained, exact
from grouper.core.exact import Exact, Kind, Seat, solve_exact
from grouper.core.grouping import plan_groups
from grouper.core.models import Check, ClassSettings, Pathway, Stage, Student
from grouper.core.placement import Placement

Rules = list[tuple[Kind, frozenset[int]]]


def holds(kind: str, group: frozenset[int], where: dict[int, int]) -> bool:
    """A set kept: together means every member in one group (or all left out); apart, no two placed together."""
    if kind == "keep-together":
        return len({where.get(x, -1) for x in group}) == 1
    at = [where[x] for x in group if x in where]
    return len(set(at)) == len(at)


def checked(
    found: Exact,
    stages: Sequence[int],
    fixed: dict[int, int],
    rules: Rules,
    min_size: int,
    seats: Sequence[Seat],
    allow_unplaced: bool = False,
) -> tuple[int, int, int, int, int, int]:
    """Assert the plan is one it may give, keeps what it claims to; its key, recomputed from the groups."""
    where: dict[int, int] = {}
    cost = 0
    used = [g for g, _, _ in found.groups]
    assert len(set(used)) == len(used), "two groups in one seat"
    for g, t, members in found.groups:
        seat = seats[g]
        assert members, "an empty group"
        assert min_size <= len(members) <= seat.cap
        assert t not in seat.banned
        for x in members:
            assert x not in where, f"student {x} in two groups"
            where[x] = g
            assert stages[x] >= t or fixed.get(x) == t, f"student {x} taught above their stage"
            cost += abs(stages[x] - t)
    assert sorted([*where, *found.unplaced]) == list(range(len(stages)))
    if not allow_unplaced:
        assert found.unplaced == ()
    taught = {x: t for _, t, ms in found.groups for x in ms}
    assert found.dropped_fixed == {x for x, f in fixed.items() if taught.get(x) != f}
    for ci, (kind, group) in enumerate(rules):
        if ci not in found.dropped_constraints:
            assert holds(kind, group, where), f"rule {ci} ({kind} {sorted(group)}) claimed kept but broken"
    assert found.cost == cost
    largest = max((len(ms) for _, _, ms in found.groups), default=0)
    assert found.extra == (len(found.groups), largest)
    return (len(found.unplaced), len(found.dropped_fixed), len(found.dropped_constraints), cost,
            len(found.groups), largest)


# --- against the brute force --------------------------------------------------------------------


def seats_of(limits: Sequence[tuple[int, frozenset[int]]]) -> list[Seat]:
    """Seats as a block makes them: the same limits are one kind, and sit next to each other."""
    kinds = {lim: k for k, lim in enumerate(dict.fromkeys(limits))}
    return [Seat(cap, banned, kinds[cap, banned]) for cap, banned in sorted(limits, key=lambda lim: kinds[lim])]


@st.composite
def problems(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 7))
    stages = draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
    limits = [(draw(st.integers(1, n)), frozenset(draw(st.lists(st.integers(0, 4), max_size=2))))
              for _ in range(draw(st.integers(1, 3)))]
    seats = seats_of(limits)
    fixed = {x: draw(st.integers(0, 4)) for x in draw(st.lists(st.integers(0, n - 1), unique=True, max_size=2))}
    rules: Rules = []
    if n >= 2:
        for _ in range(draw(st.integers(0, 3))):
            kind = draw(st.sampled_from(["keep-apart", "keep-apart", "keep-together"]))
            group = frozenset(draw(st.lists(st.integers(0, n - 1), unique=True, min_size=2, max_size=3)))
            rules.append((kind, group))
        if draw(st.booleans()):
            # The same pair kept apart and together: only the soft model can plan it.
            pair = frozenset(draw(st.lists(st.integers(0, n - 1), unique=True, min_size=2, max_size=2)))
            rules += [("keep-apart", pair), ("keep-together", pair)]
    return {
        "stages": stages,
        "fixed": fixed,
        "rules": rules,
        "min_size": draw(st.integers(1, 2)),
        "seats": seats,
        "allow_unplaced": draw(st.booleans()),
    }


def compare(case: dict[str, Any]) -> None:
    stages, fixed, rules, lo, seats = case["stages"], case["fixed"], case["rules"], case["min_size"], case["seats"]
    allow = case["allow_unplaced"]
    found = solve_exact(stages, fixed, rules, lo, seats, allow_unplaced=allow)
    best = exact_key(stages, fixed, rules, lo, [(s.cap, s.banned) for s in seats], allow)
    if best is None:
        assert found is None
        return
    assert found is not None
    assert found.proven
    assert checked(found, stages, fixed, rules, lo, seats, allow) == best


@settings(max_examples=250, deadline=None)
@given(problems())
def test_the_model_is_the_exact_optimum_of_every_small_problem(case: dict[str, Any]) -> None:
    compare(case)


@pytest.mark.parametrize("allow", [False, True])
def test_a_pair_kept_both_apart_and_together_gives_one_rule_up(allow: bool) -> None:
    rules: Rules = [("keep-apart", frozenset({0, 1})), ("keep-together", frozenset({0, 1}))]
    found = solve_exact([1, 1, 2], {}, rules, 1, [Seat(3), Seat(3)], allow_unplaced=allow)
    assert found is not None and len(found.dropped_constraints) == 1
    assert found.unplaced == ()
    compare({"stages": [1, 1, 2], "fixed": {}, "rules": rules, "min_size": 1, "seats": [Seat(3), Seat(3)],
             "allow_unplaced": allow})


def test_with_too_few_seats_the_fewest_are_left_out() -> None:
    stages = [0, 0, 1, 2, 2, 3]
    seats = [Seat(2), Seat(2, frozenset({0}))]
    assert solve_exact(stages, {}, [], 1, seats) is None  # six students, room for four
    found = solve_exact(stages, {}, [], 1, seats, allow_unplaced=True)
    assert found is not None and len(found.unplaced) == 2
    assert checked(found, stages, {}, [], 1, seats, True) == exact_key(stages, {}, [], 1, [(2, frozenset()),
                                                                                          (2, frozenset({0}))], True)


def test_a_rule_is_given_up_before_a_student_is_left_out() -> None:
    """Two kept together, two adults who take one each: both get a group, the rule gives way."""
    rules: Rules = [("keep-together", frozenset({0, 1}))]
    case = {"stages": [1, 1, 2], "fixed": {}, "rules": rules, "min_size": 1,
            "seats": [Seat(1), Seat(1), Seat(1)], "allow_unplaced": True}
    compare(case)
    case["seats"] = [Seat(1), Seat(1)]  # room for two of three: one left out, not the pair
    compare(case)


def test_a_pin_is_kept_before_a_free_student_when_someone_must_be_left_out() -> None:
    case = {"stages": [2, 2], "fixed": {0: 0}, "rules": [], "min_size": 1, "seats": [Seat(1)],
            "allow_unplaced": True}
    compare(case)


# --- a grade-sized block, against a model written another way -----------------------------------

#: A realistic spread over 8 stages: most students in the middle, a few at each end.
SPREAD = [3, 8, 14, 18, 19, 16, 12, 10]


def grade(seed: int, classes: int = 6, size: int = 25) -> tuple[list[int], list[int]]:
    """Stages of ``classes`` x ``size`` students and each student's class."""
    rnd = random.Random(seed)
    stages = rnd.choices(range(len(SPREAD)), weights=SPREAD, k=classes * size)
    return stages, [x // size for x in range(classes * size)]


def class_rules(seed: int, stages: Sequence[int], of_class: Sequence[int], apart: int, together: int) -> Rules:
    """Pairs within a class, no student in two: ``apart`` kept apart (any two), ``together`` kept
    together (two friends at the same stage, as a teacher would pair them)."""
    rnd = random.Random(seed)
    by_class: dict[int, list[int]] = {}
    for x, c in enumerate(of_class):
        by_class.setdefault(c, []).append(x)
    for members in by_class.values():
        rnd.shuffle(members)
    rules: Rules = []
    kinds: list[Kind] = ["keep-together"] * together + ["keep-apart"] * apart
    for i, kind in enumerate(kinds):
        members = by_class[i % len(by_class)]
        a = members.pop()
        b = next((y for y in members if stages[y] == stages[a]), members[0]) if kind == "keep-together" \
            else members[0]
        members.remove(b)
        rules.append((kind, frozenset({a, b})))
    return rules


def independent(
    stages: Sequence[int], rules: Rules, min_size: int, seats: Sequence[Seat], time_limit: float = 120.0
) -> tuple[int, int, int]:
    """(cost, groups, largest) at best, from a model written another way: a yes/no for each student, seat
    and teaching stage, no counts per stage and no units (a set kept together is one equality per seat).
    Students in no rule with the same stage are interchangeable, so they take seats in seat order."""
    from ortools.sat.python import cp_model

    m = cp_model.CpModel()
    n, G, top = len(stages), len(seats), max(stages)
    z = [{t: m.new_bool_var(f"z{g}_{t}") for t in range(top + 1) if t not in seat.banned}
         for g, seat in enumerate(seats)]
    w = {(i, g, t): m.new_bool_var(f"w{i}_{g}_{t}") for i in range(n) for g in range(G) for t in z[g]
         if t <= stages[i]}
    x = [[m.new_bool_var(f"x{i}_{g}") for g in range(G)] for i in range(n)]
    size = []
    for g, seat in enumerate(seats):
        m.add_at_most_one(z[g].values())
        for i in range(n):
            m.add(x[i][g] == sum(w[i, g, t] for t in z[g] if (i, g, t) in w))
        for t, lit in z[g].items():
            for i in range(n):
                if (i, g, t) in w:
                    m.add_implication(w[i, g, t], lit)
        sv = m.new_int_var(0, seat.cap, f"size{g}")
        m.add(sv == sum(x[i][g] for i in range(n)))
        on = sum(z[g].values())
        m.add(sv >= min_size * on)
        m.add(sv <= seat.cap * on)
        size.append(sv)
    for i in range(n):
        m.add_exactly_one(x[i])
    for kind, group in rules:
        for g in range(G):
            if kind == "keep-apart":
                m.add(sum(x[i][g] for i in group) <= 1)
            else:
                first, *rest = sorted(group)
                for i in rest:
                    m.add(x[i][g] == x[first][g])
    ruled = {i for _, group in rules for i in group}
    seat_of = [sum(g * x[i][g] for g in range(G)) for i in range(n)]
    free_by_stage: dict[int, list[int]] = {}
    for i in range(n):
        if i not in ruled:
            free_by_stage.setdefault(stages[i], []).append(i)
    for same in free_by_stage.values():
        for a, b in pairwise(same):
            m.add(seat_of[a] <= seat_of[b])
    # Seats with the same limits in order of the stage they teach (an empty seat last).
    taught = [sum(t * v for t, v in z[g].items()) + (top + 1) * (1 - sum(z[g].values())) for g in range(G)]
    for g in range(G - 1):
        if (seats[g].cap, seats[g].banned) == (seats[g + 1].cap, seats[g + 1].banned):
            m.add(taught[g] <= taught[g + 1])
    cost = sum((stages[i] - t) * v for (i, _, t), v in w.items())
    groups = sum(v for zg in z for v in zg.values())
    largest = m.new_int_var(0, n, "largest")
    m.add_max_equality(largest, size)
    m.minimize(cost * (G + 1) * (n + 1) + groups * (n + 1) + largest)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 2
    status = solver.solve(m)
    assert status == cp_model.OPTIMAL, solver.status_name(status)
    return (int(solver.value(cost)), int(solver.value(groups)), int(solver.value(largest)))


def dp_best(stages: Sequence[int], min_size: int, seats: Sequence[Seat]) -> tuple[int, int, int] | None:
    """(cost, groups, largest) at best without rules, by a dynamic programme (no solver).

    With the students sorted by stage, groups ordered by the stage they are taught at take
    contiguous runs. Each run is taught at the highest stage at or below its first (lowest)
    student that its seat allows. Seats with the same limits are interchangeable, so the state
    is (students placed, seats left of each kind). The largest group is bounded from outside:
    the least bound that still reaches the best (cost, groups), found by halving.
    """
    order = sorted(stages)
    n = len(order)
    kinds = Counter((s.cap, s.banned) for s in seats)
    types = list(kinds)
    prefix = [0]
    for s in order:
        prefix.append(prefix[-1] + s)
    taught_at = [[next((s for s in range(order[i], -1, -1) if s not in banned), None) for i in range(n)]
                 for _, banned in types]

    def solve(bound: int) -> tuple[int, int] | None:
        @cache
        def go(i: int, left: tuple[int, ...]) -> tuple[int, int] | None:
            if i == n:
                return (0, 0)
            best = None
            for k, (cap, _) in enumerate(types):
                t = taught_at[k][i]
                if not left[k] or t is None:
                    continue
                rest = (*left[:k], left[k] - 1, *left[k + 1:])
                for j in range(i + min_size, min(n, i + min(cap, bound)) + 1):
                    after = go(j, rest)
                    if after is not None:
                        option = (prefix[j] - prefix[i] - (j - i) * t + after[0], 1 + after[1])
                        if best is None or option < best:
                            best = option
            return best

        return go(0, tuple(kinds[k] for k in types))

    best = solve(n)
    if best is None:
        return None
    lo, hi = 1, n  # solve(hi) reaches best; a smaller bound never does better
    while lo < hi:
        mid = (lo + hi) // 2
        if solve(mid) == best:
            hi = mid
        else:
            lo = mid + 1
    return (*best, lo)


def grade_seats() -> list[Seat]:
    """Eight adults, as a block gives them: five who take up to 25, two who take 10, one who does not
    teach the first two stages."""
    return [Seat(25, kind=0)] * 5 + [Seat(10, kind=1)] * 2 + [Seat(25, frozenset({0, 1}), kind=2)]


def test_a_grade_of_150_with_20_rules_is_proven_and_certified_by_the_dynamic_programme() -> None:
    """Rules only take plans away, so the best plan without them is a floor: a plan that keeps every
    rule (checked here) and reaches that floor is the best, whatever solved it."""
    stages, of_class = grade(1)
    rules = class_rules(1, stages, of_class, apart=16, together=4)
    assert len(rules) == 20 and len({x for _, g in rules for x in g}) == 40
    seats = grade_seats()
    found = solve_exact(stages, {}, rules, 4, seats, order=range(len(stages)), time_limit=120)
    assert found is not None and found.proven
    assert found.dropped_constraints == frozenset() and found.unplaced == ()
    key = checked(found, stages, {}, rules, 4, seats)
    assert key[3:] == dp_best(stages, 4, seats) == (12, 8, 25)


def test_a_grade_of_150_without_rules_matches_the_dynamic_programme() -> None:
    stages, _ = grade(2)
    seats = grade_seats()
    found = solve_exact(stages, {}, [], 4, seats, time_limit=120)
    assert found is not None and found.proven
    assert checked(found, stages, {}, [], 4, seats)[3:] == dp_best(stages, 4, seats)


@pytest.mark.parametrize("seed", range(4))
def test_rules_that_cost_something_match_a_model_written_differently(seed: int) -> None:
    """18 students, four adults of three kinds, four pairs kept apart and three together, drawn at random
    (so they do cost stages): the same (cost, groups, largest) as the per-student model."""
    rnd = random.Random(seed)
    stages = [rnd.randint(0, 5) for _ in range(18)]
    xs = list(range(18))
    rnd.shuffle(xs)
    rules: Rules = [("keep-apart", frozenset(xs[i:i + 2])) for i in range(0, 8, 2)]
    rules += [("keep-together", frozenset(xs[i:i + 2])) for i in range(8, 14, 2)]
    seats = [Seat(6, kind=0)] * 2 + [Seat(5, frozenset({0}), kind=1), Seat(4, kind=2)]
    found = solve_exact(stages, {}, rules, 2, seats, time_limit=120)
    assert found is not None and found.proven and found.dropped_constraints == frozenset()
    key = checked(found, stages, {}, rules, 2, seats)
    assert key[3:] == independent(stages, rules, 2, seats)
    assert key[3:] >= dp_best(stages, 2, seats)  # type: ignore[operator]


@pytest.mark.parametrize("seed", range(12))
def test_small_grades_without_rules_match_the_dynamic_programme(seed: int) -> None:
    rnd = random.Random(seed)
    stages = [rnd.randint(0, 5) for _ in range(rnd.randint(1, 18))]
    limits = [(rnd.randint(2, 8), frozenset(rnd.sample(range(6), rnd.randint(0, 2)))) for _ in range(rnd.randint(1, 4))]
    seats = seats_of(limits)
    lo = rnd.randint(1, 2)
    found = solve_exact(stages, {}, [], lo, seats)
    expected = dp_best(stages, lo, seats)
    if expected is None:
        assert found is None
        return
    assert found is not None
    assert checked(found, stages, {}, [], lo, seats)[3:] == expected


# --- a class with many rules ---------------------------------------------------------------------

DAY = dt.date(2026, 11, 24)
PATHWAY = Pathway(
    id="lit",
    name="Literacy",
    stages=tuple(
        Stage(id=f"st{i}", label=f"Stage {i}", focus=f"Focus {i}",
              checks=(Check(id=f"c{i}", label=f"Check {i}", max=10, mastery=8),))
        for i in range(6)
    ),
)


def test_a_class_of_30_with_20_rules_is_proven_and_keeps_every_rule() -> None:
    assert constrained.MANY_RULES <= 20
    rnd = random.Random(17)
    stages = rnd.choices(range(7), weights=[2, 5, 7, 6, 5, 3, 2], k=30)
    placements = [
        Placement(Student(f"s{i}", f"Kid {i}"), s, PATHWAY.stage_id(s), "working" if s < 6 else "complete",
                  (f"c{s}",) if s < 6 else ())
        for i, s in enumerate(stages)
    ]
    rules: Rules = []
    friends = list(range(30))
    rnd.shuffle(friends)
    while len(rules) < 5:  # five pairs of friends at one stage, kept together
        a = friends.pop()
        b = next((y for y in friends if stages[y] == stages[a]), None)
        if b is not None:
            friends.remove(b)
            rules.append(("keep-together", frozenset({a, b})))
    together_with = {x: g for _, g in rules for x in g}
    while len(rules) < 20:  # fifteen pairs kept apart (a student may be in several)
        a, b = rnd.sample(range(30), 2)
        pair = frozenset({a, b})
        split = a not in together_with or together_with.get(a) != together_with.get(b)
        if split and ("keep-apart", pair) not in rules:
            rules.append(("keep-apart", pair))
    apart = [frozenset(f"s{x}" for x in g) for k, g in rules if k == "keep-apart"]
    together = [frozenset(f"s{x}" for x in g) for k, g in rules if k == "keep-together"]
    s = ClassSettings(min_size=3, max_size=6, max_groups=6)
    p = plan_groups(placements, PATHWAY, s, DAY, set(), keep_apart=apart, keep_together=together)
    assert not any("better plan" in w for w in p.warnings), p.warnings
    assert p.unhonoured == ()
    where = {m.student.id: gi for gi, g in enumerate(p.groups) for m in g.members}
    assert all(len({where[x] for x in g}) == 2 for g in apart)
    assert all(len({where[x] for x in g}) == 1 for g in together)
    assert all(3 <= len(g.members) <= 6 for g in p.groups) and len(p.groups) <= 6
    assert p.cost == sum(m.stage_index - g.stage_index for g in p.groups for m in g.members)
    largest = max(len(g.members) for g in p.groups)
    assert (p.cost, len(p.groups), largest) == independent(stages, rules, 3, [Seat(6)] * 6)


def test_solver_installed() -> None:
    assert exact.solver_installed()


def test_the_same_question_twice_is_answered_from_memory_and_forgetting_solves_again() -> None:
    from grouper.core.exact import forget_recent

    stages = [0, 0, 1, 1, 2, 2, 3, 3]
    rules: Rules = [("keep-apart", frozenset({0, 1})), ("keep-apart", frozenset({2, 3}))]
    first = solve_exact(stages, {}, rules, 2, [Seat(4)] * 3)
    again = solve_exact(stages, {}, rules, 2, [Seat(4)] * 3)
    assert first is not None and again is first  # what the app gets after a score that moves no one
    other = solve_exact(stages, {}, rules[:1], 2, [Seat(4)] * 3)
    assert other is not first
    forget_recent()
    fresh = solve_exact(stages, {}, rules, 2, [Seat(4)] * 3)
    assert fresh is not first and fresh == first


def test_among_plans_of_equal_cost_no_reader_is_sent_to_the_letters_group() -> None:
    # Rooms 7 and 8 of the demo, two adults, one taking at most 12. With the big group taught at
    # Phonemic awareness, sending a stage-7 reader to the letters group instead of a stage-3
    # student costs the same in total: the plan fills the groups from the students sorted by stage.
    from grouper.core.block import Block, plan_block, read_adult
    from grouper.core.dates import next_school_day
    from grouper.session.demo import sample_records

    today = dt.date(2026, 12, 6)
    rooms = [r for r in sample_records(today) if r.name in ("Grade 1 — Room 7", "Grade 1 — Room 8")]
    block = Block("Two rooms", tuple(r.name for r in rooms), (read_adult("Ms Lee"), read_adult("Mr Ortiz; most 12")))
    plan = plan_block(block, rooms, next_school_day(today))
    low, high = sorted(plan.groups, key=lambda g: g.stage_index)
    assert plan.proven and (low.stage_index, high.stage_index) == (1, 3)
    assert all(m.placement.stage_index <= high.stage_index + 1 for m in low.members)
