"""The exact best plan by an integer model, for plans the hand-written search cannot prove.

``constrained`` searches the plans of one class by hand and proves a few rules
in hundredths of a second; with many students kept apart or together in full
groups, and for a grade team's block (adults who differ in how many they take
and what they teach), it cannot prove the best plan in time. This module states
the same problem as a model for CP-SAT (Google OR-Tools' constraint solver) and
lets it prove the optimum. OR-Tools is imported only here, and only when such a
plan is asked for: the plan of a class without rules never loads it.

The problem, in the terms of ``constrained``: students have stages; some are
*fixed* to a stage (a move or a pin); sets are kept apart or together. Groups
are *seats* (a slot of the class plan, or one adult of a block), each with the
most students it takes and the stages it may not be taught at. A group is
taught at one stage, no higher than any member's own except a fixed member's
(who sits at their fixed stage), and costs the total distance between each
member's stage and the group's. The plan minimises, in this order: students
left without a group (only when the seats cannot hold them all), moves and
pins given up, sets given up, the total cost, the groups used, the largest.

The model stays small at grade scale: students in no rule matter only by their
stage, so the model counts how many of each stage are taught at each stage, and
how many sit in each seat's group, not a yes/no per student. Students kept
together are one unit. Keep-apart sets are added only as plans break them (most
hold anyway, and each one left out makes its students countable). Seats that
are interchangeable (the slots of a class, adults with the same limits) are
ordered to cut symmetric plans. Every rule is kept if any plan keeps them all;
only otherwise are rules weighed as prices (the soft model).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any, Literal

Kind = Literal["keep-apart", "keep-together"]

#: How long the solver may take to prove a plan, in seconds: a block's plan (a grade of 150 takes
#: one to five seconds here), and a class plan, which the app makes as scores come in.
TIME_LIMIT = 20.0
CLASS_TIME_LIMIT = 2.0


def solver_installed() -> bool:
    """Whether OR-Tools can be imported (it is a dependency; a broken install falls back to the search)."""
    from importlib.util import find_spec

    try:
        return find_spec("ortools") is not None
    except (ImportError, ValueError):
        return False


@dataclass(frozen=True, slots=True)
class Seat:
    """A group that may be formed: a slot of a class plan, or an adult in a block."""

    #: The most students the group takes.
    cap: int
    #: Stage indices the group may not be taught at.
    banned: frozenset[int] = frozenset()
    #: Seats with the same ``kind`` are interchangeable (ordered to cut symmetric plans).
    kind: int = 0


@dataclass(frozen=True, slots=True)
class Exact:
    """The solver's plan: groups as (seat, stage taught, member positions), by seat order."""

    groups: tuple[tuple[int, int, tuple[int, ...]], ...]
    cost: int
    unplaced: tuple[int, ...] = ()
    dropped_fixed: frozenset[int] = frozenset()
    dropped_constraints: frozenset[int] = frozenset()
    #: Whether the solver proved no better plan exists (False: it ran out of time).
    proven: bool = True
    #: (groups, largest) for comparison with other plans.
    extra: tuple[int, int] = field(default=(0, 0))


def solve_exact(
    stages: Sequence[int],
    fixed: Mapping[int, int],
    constraints: Sequence[tuple[Kind, frozenset[int]]],
    min_size: int,
    seats: Sequence[Seat],
    *,
    order: Sequence[int] | None = None,
    allow_unplaced: bool = False,
    time_limit: float = TIME_LIMIT,
) -> Exact | None:
    """The best plan (see the module's words), or None when no plan exists at all.

    ``order`` is the order free students fill the groups in, within a stage
    (positions; default: by position): the same students sit together as in the
    class plan's sorted runs. Without ``allow_unplaced`` every student is placed.
    Every rule is tried as a hard rule first (the common case, and a much
    smaller problem); only when that has no plan, or leaves students out, may
    rules be given up.
    """
    if not stages:
        return Exact((), 0)
    key = (
        tuple(stages), tuple(sorted(fixed.items())), tuple(constraints), min_size, tuple(seats),
        None if order is None else tuple(order), allow_unplaced,
    )
    with _recent_lock:
        known = _recent.get(key)
        if known is not None:
            _recent.move_to_end(key)
            return known
    found = _every_rule_kept(stages, fixed, constraints, min_size, seats, allow_unplaced, order, time_limit)
    # With students left out, giving a rule up may seat more of them (or keep a pin): students come first.
    if (fixed or constraints) and (found is None or found.unplaced):
        soft = _Model(stages, fixed, constraints, min_size, seats, allow_unplaced, soft=True).solve(order, time_limit)
        if found is None or (soft is not None and _rank(soft) < _rank(found)):
            found = soft
    if found is not None and found.proven:
        with _recent_lock:
            _recent[key] = found
            while len(_recent) > _RECENT:
                _recent.popitem(last=False)
    return found


#: The last plans proven, by their whole input: the app plans again after every score, and a
#: score that moves no one along the path asks the same question (the solver is not asked twice).
_RECENT = 16
_recent: OrderedDict[tuple[object, ...], Exact] = OrderedDict()
_recent_lock = threading.Lock()  # the app plans a block in a worker thread


def forget_recent() -> None:
    """Forget the plans kept (the benchmarks time the solver itself)."""
    with _recent_lock:
        _recent.clear()


def _every_rule_kept(
    stages: Sequence[int],
    fixed: Mapping[int, int],
    constraints: Sequence[tuple[Kind, frozenset[int]]],
    min_size: int,
    seats: Sequence[Seat],
    allow_unplaced: bool,
    order: Sequence[int] | None,
    time_limit: float,
) -> Exact | None:
    """The best plan keeping every rule, or None when none does.

    Keep-apart sets are added as plans break them: most hold in the best plan
    without them, and a student in no set left counts only by their stage, which
    makes the model far smaller. A plan best without some sets that keeps them
    all anyway is the best with them (a rule only takes plans away).
    """
    together = [c for c in constraints if c[0] == "keep-together"]
    apart = [c for c in constraints if c[0] == "keep-apart"]
    # Sets of students at nearly the same stage are the ones likely to be broken: start with them.
    active: list[tuple[Kind, frozenset[int]]] = []
    deadline = time.monotonic() + time_limit
    proven = True
    found: Exact | None = None
    while True:
        left = max(0.05, deadline - time.monotonic())
        model = _Model(stages, fixed, together + active, min_size, seats, allow_unplaced, soft=False)
        if found is not None:
            model.hint(found)
        found = model.solve(order, left)
        if found is None:
            return None
        proven &= found.proven
        group_of = {x: g for g, _, ms in found.groups for x in ms}
        broken = [c for c in apart if c not in active and not _apart(c[1], group_of)]
        if not broken:
            return replace(found, proven=proven)
        active += broken


def _apart(group: frozenset[int], group_of: Mapping[int, int]) -> bool:
    """Whether a plan keeps a keep-apart set (students without a group break nothing)."""
    at = [group_of[x] for x in group if x in group_of]
    return len(set(at)) == len(at)


def _rank(plan: Exact) -> tuple[int, ...]:
    """The order plans are judged in (the module's words)."""
    return (len(plan.unplaced), len(plan.dropped_fixed), len(plan.dropped_constraints), plan.cost, *plan.extra)


@dataclass(frozen=True, slots=True)
class _Unit:
    """Students who sit in one group (one student, or a set kept together), and where they may sit.

    ``options`` maps a stage the group may be taught at to (the unit's cost there,
    whether that keeps a fix): a unit is taught at or below its lowest member's
    stage, or, when fixed, at the fixed stage only (in a soft model a fixed
    student may also be given up and sit by their own stage).
    """

    members: tuple[int, ...]
    options: dict[int, tuple[int, bool]]


def _units(
    stages: Sequence[int],
    fixed: Mapping[int, int],
    constraints: Sequence[tuple[Kind, frozenset[int]]],
    soft: bool,
) -> list[_Unit] | None:
    """The students in rules as units (None: the hard rules contradict each other)."""
    constrained: set[int] = set(fixed)
    for _, group in constraints:
        constrained |= group
    parent = {x: x for x in constrained}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    if not soft:
        for kind, group in constraints:
            if kind == "keep-together":
                first, *rest = sorted(group)
                for x in rest:
                    parent[root(x)] = root(first)
    by_root: dict[int, list[int]] = {}
    for x in sorted(constrained):
        by_root.setdefault(root(x), []).append(x)
    units = []
    for members in sorted(by_root.values()):
        fixes = {fixed[x] for x in members if x in fixed}
        low = min(stages[x] for x in members if x not in fixed) if any(x not in fixed for x in members) else None
        options: dict[int, tuple[int, bool]] = {}
        if not fixes or soft:
            own_low = min(stages[x] for x in members)
            for t in range(own_low + 1):
                options[t] = (sum(stages[x] - t for x in members), False)
        if fixes:
            if len(fixes) > 1 and not soft:
                return None  # one group cannot be taught at two stages
            (f,) = fixes if len(fixes) == 1 else (min(fixes),)
            if low is not None and low < f:
                if not soft:
                    return None  # a student kept with a moved one would be taught above their need
            else:
                options[f] = (sum(abs(stages[x] - f) for x in members), True)
        units.append(_Unit(tuple(members), options))
    return units


class _Model:
    """One CP-SAT model of the problem; ``soft`` lets rules be given up at a price."""

    def __init__(
        self,
        stages: Sequence[int],
        fixed: Mapping[int, int],
        constraints: Sequence[tuple[Kind, frozenset[int]]],
        min_size: int,
        seats: Sequence[Seat],
        allow_unplaced: bool,
        soft: bool,
    ) -> None:
        from ortools.sat.python import cp_model  # heavy: only when a plan needs it

        self.cp = cp_model
        self.stages, self.seats, self._fixed = stages, seats, fixed
        n = len(stages)
        self.top = top = max([*stages, *fixed.values()])
        self.m: Any = cp_model.CpModel()
        m = self.m
        G = len(seats)
        units = _units(stages, fixed, constraints, soft)
        self.possible = units is not None
        if units is None:
            return
        self.units = units
        unit_of = {x: u for u, unit in enumerate(units) for x in unit.members}
        self.constrained = set(unit_of)
        self.counts = counts = [0] * (top + 1)
        for x in range(n):
            if x not in unit_of:
                counts[stages[x]] += 1

        # y[g][t]: seat g forms a group taught at stage t (at most one t; none: the seat is empty).
        self.y: list[list[Any]] = [
            [m.new_bool_var(f"y{g}_{t}") if t not in seat.banned else None for t in range(top + 1)]
            for g, seat in enumerate(seats)
        ]
        y = self.y
        self.used: list[Any] = []
        used = self.used
        for g in range(G):
            on = m.new_bool_var(f"used{g}")
            m.add(sum(v for v in y[g] if v is not None) == on)
            used.append(on)
        cost_terms: list[Any] = []
        at_stage: dict[tuple[int, int], list[Any]] = {}  # (g, t) -> weighted members taught there
        left: list[Any] = []
        # Students in no rule matter only by their stage: how many of stage s are taught at t
        # (``free_at``), and how many sit in seat g's group taught at t (``free_in``). Which of
        # them sit in which group at t changes nothing, so the model does not choose it.
        self.free_at: dict[tuple[int, int], Any] = {}
        self.free_in: dict[tuple[int, int], Any] = {}
        for t in range(top + 1):
            seats_t = [g for g in range(G) if y[g][t] is not None]
            stages_t = [s for s in range(t, top + 1) if counts[s]]
            if not seats_t or not stages_t:
                continue
            total_t = sum(counts[s] for s in stages_t)
            for g in seats_t:
                most = min(total_t, seats[g].cap)
                v = m.new_int_var(0, most, f"f{g}_{t}")
                m.add(v <= most * y[g][t])
                self.free_in[g, t] = v
                at_stage.setdefault((g, t), []).append(v)
            # Whether any group is taught at t. Bounding each stage's students taught at t by it (not
            # only by the seats' room) is what makes the bound strong: fractional groups spread over
            # every stage no longer hold everyone at their own stage for free.
            any_at = m.new_bool_var(f"z{t}")
            m.add(any_at <= sum(y[g][t] for g in seats_t))
            for g in seats_t:
                m.add_implication(y[g][t], any_at)
            for s in stages_t:
                v = m.new_int_var(0, counts[s], f"F{s}_{t}")
                m.add(v <= counts[s] * any_at)
                self.free_at[s, t] = v
                if s > t:
                    cost_terms.append((s - t) * v)
            m.add(sum(self.free_at[s, t] for s in stages_t) == sum(self.free_in[g, t] for g in seats_t))
        for s, c in enumerate(counts):
            if not c:
                continue
            terms = [self.free_at[s, t] for t in range(s + 1) if (s, t) in self.free_at]
            if allow_unplaced:
                lv = m.new_int_var(0, c, f"left{s}")
                left.append(lv)
                terms.append(lv)
            m.add(sum(terms) == c)
        # Units: one yes/no per seat and stage they may be taught at.
        self.place: list[list[Any]] = []  # unit -> per seat: sits there
        self.w: dict[tuple[int, int, int], Any] = {}  # (unit, seat, stage) -> sits there, taught at that stage
        kept_terms: list[Any] = []
        fixes = 0
        for u, unit in enumerate(units):
            row, everywhere = [], []
            size = len(unit.members)
            for g, seat in enumerate(seats):
                lits = []
                if size <= seat.cap:
                    for t, (price, keeps) in unit.options.items():
                        if t > top or y[g][t] is None:
                            continue
                        v = m.new_bool_var(f"w{u}_{g}_{t}")
                        self.w[u, g, t] = v
                        lits.append(v)
                        at_stage.setdefault((g, t), []).append(size * v)
                        if price:
                            cost_terms.append(price * v)
                        if keeps:
                            kept_terms.append(v)
                at = m.new_bool_var(f"x{u}_{g}")
                m.add(at == sum(lits))
                row.append(at)
                everywhere += lits
            if any(keeps for _, keeps in unit.options.values()):
                fixes += 1
            if allow_unplaced:
                gone = m.new_bool_var(f"gone{u}")
                left.append(size * gone)
                everywhere.append(gone)
            m.add_exactly_one(everywhere)
            self.place.append(row)
        fixed_penalty = [fixes - sum(kept_terms)] if soft and fixes else []

        self.sizes: list[Any] = []
        sizes = self.sizes
        for g, seat in enumerate(seats):
            sv = m.new_int_var(0, seat.cap, f"size{g}")
            total = []
            for t in range(top + 1):
                if y[g][t] is None:
                    continue
                here = at_stage.get((g, t), [])
                # The group's size is within the seat's limits at the stage it is taught at.
                m.add(sum(here) <= seat.cap * y[g][t])
                m.add(sum(here) >= min_size * y[g][t])
                total += here
            m.add(sv == sum(total))
            sizes.append(sv)

        self.dropped: list[Any] = []
        for ci, (kind, group) in enumerate(constraints):
            if kind == "keep-together" and not soft:
                continue  # its students are one unit
            members = sorted({unit_of[x] for x in group})
            if len(members) < len(group) and not soft:
                self.possible = False  # two students kept apart are also kept together
                return
            drop = m.new_bool_var(f"drop{ci}") if soft else None
            if drop is not None:
                self.dropped.append(drop)
            for g in range(G):
                if kind == "keep-apart":
                    # Per stage too: a much tighter bound than per seat (no half-groups sharing one).
                    rules = [m.add(sum(self.place[v][g] for v in members) <= 1)]
                    for t, lit in enumerate(y[g]):
                        here = [self.w[v, g, t] for v in members if (v, g, t) in self.w]
                        if lit is not None and len(here) > 1:
                            rules.append(m.add(sum(here) <= lit))
                else:
                    rules = [m.add(self.place[a][g] == self.place[b][g]) for a, b in pairwise(members)]
                if drop is not None:
                    for rule in rules:
                        rule.only_enforce_if(drop.negated())

        # Interchangeable seats in order: by stage taught, then the bigger first; empty ones last.
        taught = []
        for g in range(G):
            tv = m.new_int_var(0, top + 1, f"t{g}")
            m.add(tv == sum(t * v for t, v in enumerate(y[g]) if v is not None) + (top + 1) * (1 - used[g]))
            taught.append(tv)
        for g in range(G - 1):
            if seats[g].kind != seats[g + 1].kind:
                continue
            m.add(taught[g] <= taught[g + 1])
            same = m.new_bool_var(f"same{g}")
            m.add(taught[g] == taught[g + 1]).only_enforce_if(same)
            m.add(taught[g] < taught[g + 1]).only_enforce_if(same.negated())
            m.add(sizes[g] >= sizes[g + 1]).only_enforce_if(same)

        self.largest = largest = m.new_int_var(0, n, "largest")
        m.add_max_equality(largest, sizes)
        self.cost = sum(cost_terms)
        w_groups = n + 1
        w_cost = (G + 1) * w_groups
        self.objective = w_cost * self.cost + w_groups * sum(used) + largest
        # What is given up, weighed lexicographically: sets, then moves and pins, then students.
        self.penalty: Any = 0
        w_next = 1
        for penalty, most in ((self.dropped, len(self.dropped)), (fixed_penalty, fixes), (left, n)):
            if penalty:
                self.penalty += w_next * sum(penalty)
                w_next *= most + 1

    def hint(self, plan: Exact) -> None:
        """Start the search from ``plan`` (an earlier model's best): most of it usually still holds."""
        if not self.possible:
            return
        m = self.m
        stage_of = {g: t for g, t, _ in plan.groups}
        group_of = {x: g for g, _, ms in plan.groups for x in ms}
        for g, row in enumerate(self.y):
            for t, v in enumerate(row):
                if v is not None:
                    m.add_hint(v, stage_of.get(g) == t)
        for (u, g, t), v in self.w.items():
            first = self.units[u].members[0]
            m.add_hint(v, group_of.get(first) == g and stage_of.get(g) == t)
        free_in: dict[tuple[int, int], int] = {}
        free_at: dict[tuple[int, int], int] = {}
        for g, t, ms in plan.groups:
            for x in ms:
                if x not in self.constrained:
                    free_in[g, t] = free_in.get((g, t), 0) + 1
                    free_at[self.stages[x], t] = free_at.get((self.stages[x], t), 0) + 1
        for key, v in self.free_in.items():
            m.add_hint(v, free_in.get(key, 0))
        for key, v in self.free_at.items():
            m.add_hint(v, free_at.get(key, 0))

    def solve(self, order: Sequence[int] | None, time_limit: float) -> Exact | None:
        if not self.possible:
            return None
        cp = self.cp
        solver = cp.CpSolver()
        solver.parameters.max_time_in_seconds = time_limit
        solver.parameters.num_workers = 1  # the same input always gives the same plan
        solver.parameters.linearization_level = 2  # a much tighter bound on this problem (10x faster proofs)
        first = cp.OPTIMAL
        if not isinstance(self.penalty, int):
            # First the least given up, proven; then the best plan giving up no more.
            self.m.minimize(self.penalty)
            first = solver.solve(self.m)
            if first not in (cp.OPTIMAL, cp.FEASIBLE):
                return None
            self.m.add(self.penalty <= round(solver.objective_value))
        self.m.minimize(self.objective)
        status = solver.solve(self.m)
        if status not in (cp.OPTIMAL, cp.FEASIBLE):
            return None
        value = solver.value
        # Free students fill the seats in ``order`` within each stage.
        queue: dict[int, list[int]] = {}
        rank: dict[int, int] = {}
        for x in order if order is not None else range(len(self.stages)):
            rank[x] = len(rank)
            if x not in self.constrained:
                queue.setdefault(self.stages[x], []).append(x)
        taught = {g: next(t for t, v in enumerate(self.y[g]) if v is not None and value(v))
                  for g in range(len(self.seats)) if value(self.used[g])}
        # At each stage taught, the free students taken lowest stage first, shared out in seat order.
        runs: dict[int, list[int]] = {}
        for t in sorted(set(taught.values())):
            run = runs.setdefault(t, [])
            for s in range(t, self.top + 1):
                k = value(self.free_at[s, t]) if (s, t) in self.free_at else 0
                if k:
                    run += queue[s][:k]
                    del queue[s][:k]
        free_in = {g: value(self.free_in[g, t]) if (g, t) in self.free_in else 0 for g, t in taught.items()}
        if not any(queue.values()):
            # Everyone free is placed: then any way of filling each group's free places with students
            # at or above its stage costs the same, and filling the groups in stage order from the
            # students sorted by stage is one of them (a stage-6 reader is never the one sent to the
            # letters group when a stage-3 student would cost the same). Runs are as the class plan's.
            ranked = sorted((x for run in runs.values() for x in run), key=lambda x: (self.stages[x], rank[x]))
            filled: dict[int, list[int]] = {}
            for g in sorted(taught, key=lambda g: (taught[g], g)):
                filled[g], ranked = ranked[: free_in[g]], ranked[free_in[g]:]
            if all(self.stages[x] >= taught[g] for g, xs in filled.items() for x in xs):
                # Each group takes its own run back below, in seat order within a stage.
                runs = {t: [x for g in sorted(taught) if taught[g] == t for x in filled[g]] for t in runs}
        groups = []
        for g, t in taught.items():
            members = [x for u, unit in enumerate(self.units) if value(self.place[u][g]) for x in unit.members]
            k = free_in[g]
            members += runs[t][:k]
            del runs[t][:k]
            groups.append((g, t, tuple(members)))
        unplaced = [x for rest in queue.values() for x in rest]
        unplaced += [x for u, unit in enumerate(self.units) if not any(value(v) for v in self.place[u])
                     for x in unit.members]
        kept = {x: t for _, t, ms in groups for x in ms}
        return Exact(
            tuple(groups),
            int(value(self.cost)),
            tuple(sorted(unplaced)),
            frozenset(x for x, f in self._fixed.items() if kept.get(x) != f),
            frozenset(ci for ci, v in enumerate(self.dropped) if value(v)),
            status == cp.OPTIMAL and first == cp.OPTIMAL,
            (len(groups), value(self.largest)),
        )
