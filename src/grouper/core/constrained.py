"""The exact best plan when the teacher's own rules must hold.

The teacher may *fix* a student's group (a move for one day, or a pin): that
student sits in a group taught at the chosen stage, whatever their own stage.
They may keep sets of students *apart* (no two in one group) or *together*
(all in one group). The plan is judged exactly as ``grouping`` judges it: the
total distance between each student's stage and their group's stage, then the
number of groups, then the largest group, with sizes within the settings.

Sorting everyone by stage and cutting the list no longer finds the optimum:
two students kept apart may both belong in the same run. But most students are
*free* (in no rule), and for them the old argument still holds. List a plan's
groups by the stage they are taught at; swapping two free students so the
lower-stage one sits in the lower group changes no cost and breaks no rule, so
in some best plan the free students, sorted by stage, fall into the groups as
consecutive runs. A plan is then a sequence of groups in stage order, each a
run of free students plus some of the few *units* (students in a rule; students
kept together make one unit). The search runs over (free students seated, units
seated, groups used). Each group is taught at the lowest stage still waiting
(or at a fixed unit's stage): taught higher, it would strand that student, as
every later group is taught higher still.

The search is a depth-first branch and bound over those states with memory:
a budget starts at a lower bound (the best plan with no rule at all, counting
every fixed student at their fixed cost, which a dynamic programme over the
sorted stages gives) and rises to the cost of the first plan that fits, which
is then the exact best. Plans that differ only by swapping a lone student kept
apart with a free student (at no cost) are searched once. For a class of 40 with
a few pairs and pins this takes a few hundredths of a second.

Some inputs (many pairs in a class whose groups are all full) can take long. The
search then stops after ``EFFORT`` steps (about a second) and settles for the
first plan a greedy dive finds, or failing that the plan without the sets,
repaired by swaps; ``Honoured.proven`` is then False and the plan says so.

When not every rule can hold, ``best_honouring`` gives up as few as possible:
first the fewest moves and pins, then the fewest keep-apart and keep-together
sets, and among the plans that honour the rest it returns the best one.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations, pairwise
from typing import Literal

#: Above every cost and stage index.
_BIG = 1 << 30

_DONE, _STUCK = 1, 2

#: How many candidate groups the exact search may weigh before it settles for a good plan.
EFFORT = 100_000

Kind = Literal["keep-apart", "keep-together"]


class _TooLong(Exception):
    """The exact search used up its effort."""


@dataclass(slots=True)
class Effort:
    """A budget of search steps shared by every search for one plan."""

    limit: int = EFFORT
    used: int = 0

    def spend(self, steps: int = 1) -> None:
        self.used += steps
        if self.used > self.limit:
            raise _TooLong


@dataclass(frozen=True, slots=True)
class Solution:
    """Groups as (stage taught, member positions), in stage order, and how good they are."""

    groups: tuple[tuple[int, tuple[int, ...]], ...]
    cost: int
    largest: int

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.cost, len(self.groups), self.largest)


#: A candidate group: (lower bound of the whole plan through it, cost of the group, units, run length, size).
_Move = tuple[int, int, int, int, int]


class _Search:
    """One search: the students, their rules and the sizes, prepared for the state space."""

    def __init__(
        self,
        stages: Sequence[int],
        fixed: Mapping[int, int],
        together: Sequence[frozenset[int]],
        apart: Sequence[frozenset[int]],
        min_size: int,
        max_size: int,
        max_groups: int,
    ) -> None:
        self.stages = stages
        self.n = n = len(stages)
        self.min_size, self.max_size, self.max_groups = min_size, max_size, max_groups
        self.possible = True

        # Units: students in any rule, those kept together merged into one.
        parent = list(range(n))

        def root(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        constrained: set[int] = set(fixed)
        for group in together:
            members = sorted(group)
            constrained.update(members)
            for a, b in pairwise(members):
                parent[root(a)] = root(b)
        for group in apart:
            constrained.update(group)
        by_root: dict[int, list[int]] = {}
        for x in sorted(constrained):
            by_root.setdefault(root(x), []).append(x)
        self.units = units = sorted(by_root.values(), key=lambda ms: ms[0])
        self.m = m = len(units)
        unit_of = {x: u for u, ms in enumerate(units) for x in ms}

        self.size = [len(ms) for ms in units]
        self.fix = [-1] * m  # the stage a fixed unit's group is taught at
        self.fcost = [0] * m  # a fixed unit's cost (it depends on no one else)
        self.nsum = [0] * m  # a free-standing unit's stage total
        self.cap = [0] * m  # the highest stage a group holding the unit may be taught at
        for u, ms in enumerate(units):
            if self.size[u] > max_size:
                self.possible = False
            at = {fixed[x] for x in ms if x in fixed}
            if len(at) > 1:
                self.possible = False
                at = {min(at)}
            if at:
                (s,) = at
                if any(x not in fixed and stages[x] < s for x in ms):
                    self.possible = False  # a student kept with a moved one would be taught above their need
                self.fix[u] = self.cap[u] = s
                self.fcost[u] = sum(abs(stages[x] - s) for x in ms)
            else:
                self.nsum[u] = sum(stages[x] for x in ms)
                self.cap[u] = min(stages[x] for x in ms)
        self.conflict = [0] * m
        for group in apart:
            us = [unit_of[x] for x in group]
            if len(set(us)) < len(us):
                self.possible = False  # two students kept apart are also kept together
            for u in us:
                for v in us:
                    if u != v:
                        self.conflict[u] |= 1 << v
        self.singles = [u for u in range(m) if self.size[u] == 1 and self.fix[u] < 0]
        # Students fixed to the same stage and in no other rule are interchangeable (each costs the
        # same wherever they sit at that stage): they are seated in order, so each split is tried once.
        self.before = [-1] * m
        last: dict[int, int] = {}
        for u in range(m):
            if self.fix[u] >= 0 and self.size[u] == 1 and not self.conflict[u]:
                self.before[u] = last.get(self.fix[u], -1)
                last[self.fix[u]] = u

        self.free = free = sorted((x for x in range(n) if x not in constrained), key=lambda x: (stages[x], x))
        self.fst = fst = [stages[x] for x in free]
        self.nf = nf = len(free)
        self.prefix = prefix = [0]
        for s in fst:
            prefix.append(prefix[-1] + s)
        self.full = (1 << m) - 1

        # Who is left, as counts per stage packed in one integer (a field per stage), so a
        # set of students left is a sum and a dictionary key.
        self.values = values = sorted(set(stages) | {f for f in self.fix if f >= 0})
        self.vindex = vindex = {v: a for a, v in enumerate(values)}
        self.width = width = n.bit_length() + 1
        self.free_sig = free_sig = [0] * (nf + 1)
        for i in range(nf - 1, -1, -1):
            free_sig[i] = free_sig[i + 1] + (1 << (width * vindex[fst[i]]))
        self.unit_sig = [
            sum(1 << (width * vindex[self.fix[u] if self.fix[u] >= 0 else stages[x]]) for x in ms)
            for u, ms in enumerate(units)
        ]
        self.floors: dict[int, list[int]] = {}
        #: (i, units seated, groups used) -> (exact best (cost, groups, largest) or None, bound, choice)
        self.memo: dict[tuple[int, int, int], tuple[tuple[int, int, int] | None, int, tuple[int, int]]] = {}

    # -- lower bounds ------------------------------------------------------------

    def _split_floors(self, sig: int) -> list[int]:
        """For g = 0..max_groups: the least cost of a plan of at most g groups with no rule at all."""
        row_of: list[int] = []
        field = (1 << self.width) - 1
        for v in self.values:
            row_of.extend([v] * (sig & field))
            sig >>= self.width
        total = len(row_of)
        pre = [0]
        for v in row_of:
            pre.append(pre[-1] + v)
        lo, hi = self.min_size, self.max_size
        row = [0] + [_BIG] * total
        out = [0 if total == 0 else _BIG]
        for _ in range(self.max_groups):
            new = [_BIG] * (total + 1)
            for q in range(total):
                here = row[q]
                if here >= _BIG:
                    continue
                low = row_of[q]
                for pos in range(q + lo, min(total, q + hi) + 1):
                    c = here + pre[pos] - pre[q] - (pos - q) * low
                    if c < new[pos]:
                        new[pos] = c
            row = new
            out.append(min(out[-1], row[total]))
        return out

    def floor(self, sig: int, fixed_cost: int, groups: int) -> int:
        """A lower bound on seating the students ``sig`` counts in at most ``groups`` groups.

        Fixed students count at their fixed stage (their group may then be taught
        lower than it must, so this never overestimates), plus their fixed cost.
        """
        known = self.floors.get(sig)
        if known is None:
            known = self.floors[sig] = self._split_floors(sig)
        least = known[groups]
        return _BIG if least >= _BIG else least + fixed_cost

    def _units_sig(self, comp: int) -> int:
        return sum(self.unit_sig[u] for u in range(self.m) if comp >> u & 1)

    def _fixed_left(self, comp: int) -> int:
        return sum(self.fcost[u] for u in range(self.m) if comp >> u & 1)

    def root_floor(self) -> int:
        return self.floor(self.free_sig[0] + self._units_sig(self.full), self._fixed_left(self.full), self.max_groups)

    # -- the state space -----------------------------------------------------------

    def _taught_at(self, i: int, comp: int) -> int:
        t = self.fst[i] if i < self.nf else _BIG
        for u in range(self.m):
            if comp >> u & 1 and self.cap[u] < t:
                t = self.cap[u]
        return t

    def _left(self, i: int, comp: int) -> int:
        return sum(self.size[u] for u in range(self.m) if comp >> u & 1) + self.nf - i

    def moves(self, i: int, mask: int, k: int, limit: int, effort: Effort) -> tuple[list[_Move], int]:
        """The next group's candidates whose bound is at most ``limit``, and the least bound above it."""
        m, size, fix, cap, conflict = self.m, self.size, self.fix, self.cap, self.conflict
        fst, nf, prefix, free_sig, unit_sig = self.fst, self.nf, self.prefix, self.free_sig, self.unit_sig
        min_size, max_size, floor, singles = self.min_size, self.max_size, self.floor, self.singles
        before = self.before
        comp = self.full ^ mask
        waiting = [u for u in range(m) if comp >> u & 1]
        groups_left = self.max_groups - k
        fixed_total = self._fixed_left(comp)
        comp_sig = self._units_sig(comp)
        t = self._taught_at(i, comp)
        free_witness = i < nf and fst[i] == t
        # Units that may join a group taught at t: fixed ones at t, any free-standing one.
        cands = [u for u in waiting if fix[u] == t or fix[u] < 0]
        ucost = {u: (self.nsum[u] - size[u] * t if fix[u] < 0 else 0) for u in cands}
        state_sig = free_sig[i] + comp_sig
        at_t = 1 << (self.width * self.vindex[t])
        found: list[_Move] = []
        over = _BIG

        def leaf(sub: int, sz: int, acc: int, fixed_in: int, witness: bool, sub_sig: int) -> None:
            nonlocal over
            if not (witness or free_witness):
                return
            lo = max(min_size - sz, 0 if witness else 1, 1 if sz == 0 else 0)
            hi = min(max_size - sz, nf - i)
            # Only runs in a canonical order, so plans that differ by a swap costing nothing
            # are searched once. A lone student kept apart, left out of this group though no
            # one they must avoid is in it, could swap with the run's last free student when
            # that one is at their stage or above: so the run stops below their stage. A lone
            # student whose partners already have groups is as free as the rest: they join
            # only once every free student below their stage has.
            for u in singles:
                if comp >> u & 1:
                    if not sub >> u & 1:
                        if not conflict[u] & sub:
                            hi = min(hi, bisect_left(fst, cap[u], i) - i)
                    elif not conflict[u] & comp:
                        lo = max(lo, bisect_left(fst, cap[u], i) - i)
            rest_sig = comp_sig - sub_sig
            rest_fixed = fixed_total - fixed_in
            for r in range(lo, hi + 1):
                j = i + r
                here = acc + fixed_in + prefix[j] - prefix[i] - r * t
                bound = here + floor(free_sig[j] + rest_sig, rest_fixed, groups_left - 1)
                if bound > limit:
                    over = min(over, bound)
                else:
                    found.append((bound, here, sub, r, sz + r))
            effort.spend()

        def grow(at: int, sub: int, sz: int, acc: int, fixed_in: int, witness: bool, banned: int, sub_sig: int) -> None:
            nonlocal over
            leaf(sub, sz, acc, fixed_in, witness, sub_sig)
            for idx in range(at, len(cands)):
                u = cands[idx]
                if banned >> u & 1 or sz + size[u] > max_size:
                    continue
                prev = before[u]
                if prev >= 0 and comp >> prev & 1 and not sub >> prev & 1:
                    continue  # an interchangeable student before this one is still waiting
                more = acc + ucost[u]
                # Whoever joins is taught at t: count them as students of stage t (at the cost
                # already added) and bound everyone left, this group included.
                relabelled = state_sig - sub_sig - unit_sig[u] + (sz + size[u]) * at_t
                bound = more + floor(relabelled, fixed_total, groups_left)
                if bound > limit:
                    over = min(over, bound)
                    continue
                grow(
                    idx + 1,
                    sub | 1 << u,
                    sz + size[u],
                    more,
                    fixed_in + self.fcost[u],
                    witness or fix[u] == t or cap[u] == t,
                    banned | conflict[u],
                    sub_sig + unit_sig[u],
                )

        grow(0, 0, 0, 0, 0, False, 0, 0)
        return found, over

    def _ending(self, i: int, mask: int, k: int) -> int:
        """DONE when no one is left, STUCK when the rest cannot fit in the groups left, else 0."""
        left = self._left(i, self.full ^ mask)
        if left == 0:
            return _DONE
        groups_left = self.max_groups - k
        if groups_left == 0 or left > groups_left * self.max_size:
            return _STUCK
        return 0

    def best(self, i: int, mask: int, k: int, budget: int, effort: Effort) -> tuple[tuple[int, int, int] | None, int]:
        """The best way to seat everyone not yet seated if it costs at most ``budget``.

        Returns (best, 0), or (None, bound) with a bound above ``budget`` under which
        no way exists (``_BIG``: no way at all).
        """
        key = (i, mask, k)
        hit = self.memo.get(key)
        if hit is not None:
            exact, bound, _ = hit
            if exact is not None:
                return (exact, 0) if exact[0] <= budget else (None, exact[0])
            if bound > budget:
                return None, bound
        ending = self._ending(i, mask, k)
        if ending == _DONE:
            self.memo[key] = ((0, 0, 0), 0, (0, 0))
            return (0, 0, 0), 0
        if ending == _STUCK:
            self.memo[key] = (None, _BIG, (0, 0))
            return None, _BIG
        comp = self.full ^ mask
        least = self.floor(self.free_sig[i] + self._units_sig(comp), self._fixed_left(comp), self.max_groups - k)
        if least > budget:
            self.memo[key] = (None, least, (0, 0))
            return None, least
        moves, over = self.moves(i, mask, k, budget, effort)
        found: tuple[int, int, int] | None = None
        choice = (0, 0)
        for _, here, sub, r, sz in moves:
            rest, rest_bound = self.best(i + r, mask | sub, k + 1, budget - here, effort)
            if rest is None:
                over = min(over, here + rest_bound)
                continue
            cand = (here + rest[0], rest[1] + 1, max(sz, rest[2]))
            if found is None or cand < found:
                found, choice = cand, (sub, r)
        if found is not None:
            self.memo[key] = (found, 0, choice)
            return found, 0
        self.memo[key] = (None, over, (0, 0))
        return None, over

    def exact(self, start: int, effort: Effort) -> Solution | None:
        """The best plan: raise the budget from ``start`` until a plan fits under it.

        The best plan found under a budget is the exact best, and a pass that finds
        none says the least cost it saw above the budget, which is the next budget.
        """
        budget = max(start, self.root_floor())
        while budget < _BIG:
            result, bound = self.best(0, 0, 0, budget, effort)
            if result is not None:
                return self._solution(result[0])
            budget = bound
        return None

    def _solution(self, cost: int) -> Solution:
        groups = []
        i = mask = k = 0
        largest = 0
        while self._left(i, self.full ^ mask):
            t = self._taught_at(i, self.full ^ mask)
            _, _, (sub, r) = self.memo[(i, mask, k)]
            members = [x for u in range(self.m) if sub >> u & 1 for x in self.units[u]] + self.free[i : i + r]
            groups.append((t, tuple(members)))
            largest = max(largest, len(members))
            i, mask, k = i + r, mask | sub, k + 1
        return Solution(tuple(groups), cost, largest)

    def dive(self, effort: Effort) -> Solution | None:
        """A good plan fast: the most promising group first, backing up on dead ends.

        At each step the candidates are fetched in widening bands of their bound, so
        the cheap ones are weighed before the dear ones are even listed.
        """
        dead: set[tuple[int, int, int]] = set()
        path: list[tuple[int, int, int, int, int]] = []  # (i, mask, k, units, run)

        def go(i: int, mask: int, k: int) -> bool:
            ending = self._ending(i, mask, k)
            if ending:
                return ending == _DONE
            if (i, mask, k) in dead:
                return False
            comp = self.full ^ mask
            least = self.floor(self.free_sig[i] + self._units_sig(comp), self._fixed_left(comp), self.max_groups - k)
            done, slack = least - 1, 0
            while done < _BIG - 1 and least < _BIG:
                limit = min(least + slack, _BIG - 1)
                moves, over = self.moves(i, mask, k, limit, effort)
                for bound, _, sub, r, _ in sorted(moves):
                    if bound <= done:
                        continue
                    path.append((i, mask, k, sub, r))
                    if go(i + r, mask | sub, k + 1):
                        return True
                    path.pop()
                if over >= _BIG:
                    break
                done, slack = limit, max(over - least, 2 * slack + 1)
            dead.add((i, mask, k))
            return False

        try:
            if not go(0, 0, 0):
                return None
        except _TooLong:
            return None
        groups = []
        cost = largest = 0
        for i, mask, _, sub, r in path:
            t = self._taught_at(i, self.full ^ mask)
            members = [x for u in range(self.m) if sub >> u & 1 for x in self.units[u]] + self.free[i : i + r]
            groups.append((t, tuple(members)))
            largest = max(largest, len(members))
            cost += sum(abs(self.stages[x] - t) for x in members)
        return Solution(tuple(groups), cost, largest)


def solve(
    stages: Sequence[int],
    fixed: Mapping[int, int],
    together: Sequence[frozenset[int]],
    apart: Sequence[frozenset[int]],
    min_size: int,
    max_size: int,
    max_groups: int,
    effort: Effort | None = None,
) -> Solution | None:
    """The best plan in which every rule holds, or None when none does.

    ``stages[x]`` is student x's stage; ``fixed`` maps a student to the stage
    their group must be taught at; ``together`` and ``apart`` are sets of
    students. The same input always gives the same plan. Raises ``_TooLong``
    when ``effort`` runs out.
    """
    effort = effort or Effort(_BIG)
    if not stages:
        return Solution((), 0, 0)
    search = _Search(stages, fixed, together, apart, min_size, max_size, max_groups)
    if not search.possible:
        return None
    start = 0
    if together or apart:
        # The same plan without the sets is a quick, tight lower bound (and a quick "no").
        loose = solve(stages, fixed, (), (), min_size, max_size, max_groups, effort)
        if loose is None:
            return None
        start = loose.cost
    return search.exact(start, effort)


def dive(
    stages: Sequence[int],
    fixed: Mapping[int, int],
    together: Sequence[frozenset[int]],
    apart: Sequence[frozenset[int]],
    min_size: int,
    max_size: int,
    max_groups: int,
    effort: Effort,
) -> Solution | None:
    """A plan in which every rule holds, found greedily (not always the best), or None."""
    if not stages:
        return Solution((), 0, 0)
    search = _Search(stages, fixed, together, apart, min_size, max_size, max_groups)
    if not search.possible:
        return None
    return search.dive(effort)


@dataclass(frozen=True, slots=True)
class Honoured:
    """The best plan found, which rules it had to give up, and whether it is proven best."""

    solution: Solution
    #: Students whose move or pin could not hold.
    dropped_fixed: frozenset[int]
    #: Positions (in the ``constraints`` given) of the sets that could not hold.
    dropped_constraints: frozenset[int]
    #: False when the search ran out of effort and settled for a good plan.
    proven: bool = True


def _hopeless(kind: Kind, group: frozenset[int], max_size: int, max_groups: int) -> bool:
    """A set no plan can honour, whatever else holds."""
    return len(group) > max_size if kind == "keep-together" else len(group) > max_groups


#: What ``solve`` and ``dive`` take, before the effort.
_Args = tuple[Sequence[int], dict[int, int], list[frozenset[int]], list[frozenset[int]], int, int, int]


def best_honouring(
    stages: Sequence[int],
    fixed: Mapping[int, int],
    constraints: Sequence[tuple[Kind, frozenset[int]]],
    min_size: int,
    max_size: int,
    max_groups: int,
    effort: int = EFFORT,
) -> Honoured:
    """The best plan giving up the fewest rules: first moves and pins, then sets.

    The sizes must allow some plan (``grouping`` relaxes them first), so giving
    up every rule always leaves one. When the exact search runs out of effort,
    the plan returned is a good one that is not proven best (``proven`` False).
    """
    if by_model_first(constraints, fixed):
        proved = _by_model(stages, fixed, constraints, min_size, max_size, max_groups)
        if proved is not None:
            return proved
    fixed_students = sorted(fixed)
    everything = range(len(constraints))
    hopeless = frozenset(
        i for i, (kind, group) in enumerate(constraints) if _hopeless(kind, group, max_size, max_groups)
    )
    hopeful = [i for i in everything if i not in hopeless]
    budget = Effort(effort)
    tried: dict[tuple[tuple[int, ...], frozenset[int]], Solution | None] = {}

    def args(drop_fixed: tuple[int, ...], drop: frozenset[int]) -> _Args:
        kept = [(kind, g) for i, (kind, g) in enumerate(constraints) if i not in drop]
        return (
            stages,
            {x: s for x, s in fixed.items() if x not in drop_fixed},
            [g for kind, g in kept if kind == "keep-together"],
            [g for kind, g in kept if kind == "keep-apart"],
            min_size,
            max_size,
            max_groups,
        )

    def attempt(drop_fixed: tuple[int, ...], drop: frozenset[int]) -> Solution | None:
        memo_key = (drop_fixed, drop)
        if memo_key not in tried:
            tried[memo_key] = solve(*args(drop_fixed, drop), effort=budget)
        return tried[memo_key]

    # The fewest moves and pins to give up. With no set kept this is a small search that
    # always runs to the end; adding sets only makes a plan harder to find.
    every_set = frozenset(everything)
    fixed_options: list[tuple[int, ...]] = []
    for d in range(len(fixed_students) + 1):
        fixed_options = [c for c in combinations(fixed_students, d) if solve(*args(c, every_set)) is not None]
        if fixed_options:
            break
    try:
        for d in range(len(hopeful) + 1):
            best: Honoured | None = None
            for drop_fixed in fixed_options:
                for drop in combinations(hopeful, d):
                    dropped = hopeless | frozenset(drop)
                    sol = attempt(drop_fixed, dropped)
                    if sol is not None and (best is None or sol.key < best.solution.key):
                        best = Honoured(sol, frozenset(drop_fixed), dropped)
            if best is not None:
                return best
    except _TooLong:
        pass
    # Too long to prove by hand: the integer model proves it (``exact``), unless it is not installed.
    proved = _by_model(stages, fixed, constraints, min_size, max_size, max_groups)
    if proved is not None:
        return proved
    # Not even that: a greedy dive with every set, else the plan without sets, repaired.
    drop_fixed = fixed_options[0]
    sol = dive(*args(drop_fixed, hopeless), effort=Effort(effort // 2))
    if sol is not None:
        return Honoured(sol, frozenset(drop_fixed), hopeless, proven=False)
    loose = solve(*args(drop_fixed, every_set))
    assert loose is not None  # fixed_options only holds options that have a plan
    keep = {x: s for x, s in fixed.items() if x not in drop_fixed}
    rules = [(kind, g) for i, (kind, g) in enumerate(constraints) if i not in hopeless]
    repaired = _repair(loose, stages, keep, rules)
    broken = {i for i in hopeful if not _holds(constraints[i], repaired)}
    return Honoured(repaired, frozenset(drop_fixed), hopeless | broken, proven=False)


#: With this many rules (sets, moves and pins) the hand-written search rarely proves a full class in
#: time: the integer model is asked first.
MANY_RULES = 10


def by_model_first(constraints: Sequence[object], fixed: Mapping[int, int]) -> bool:
    return len(constraints) + len(fixed) >= MANY_RULES


def _by_model(
    stages: Sequence[int],
    fixed: Mapping[int, int],
    constraints: Sequence[tuple[Kind, frozenset[int]]],
    min_size: int,
    max_size: int,
    max_groups: int,
) -> Honoured | None:
    """The exact best plan from the integer model, as ``best_honouring`` gives it (None: no solver here)."""
    from grouper.core.exact import CLASS_TIME_LIMIT, Seat, solve_exact, solver_installed

    if not solver_installed():
        return None
    found = solve_exact(
        stages, fixed, constraints, min_size, [Seat(max_size)] * max_groups, time_limit=CLASS_TIME_LIMIT
    )
    if found is None:
        return None
    groups = tuple(sorted(((t, tuple(sorted(ms))) for _, t, ms in found.groups), key=lambda g: (g[0], g[1])))
    largest = max((len(ms) for _, ms in groups), default=0)
    return Honoured(
        Solution(groups, found.cost, largest), found.dropped_fixed, found.dropped_constraints, found.proven
    )


def _holds(rule: tuple[Kind, frozenset[int]], sol: Solution) -> bool:
    kind, group = rule
    where = [gi for gi, (_, ms) in enumerate(sol.groups) for x in ms if x in group]
    return len(set(where)) == (1 if kind == "keep-together" else len(where))


def _repair(
    sol: Solution, stages: Sequence[int], fixed: Mapping[int, int], rules: Sequence[tuple[Kind, frozenset[int]]]
) -> Solution:
    """Swap students between groups, best swap first, while it breaks fewer rules (then costs less).

    Fixed students stay where they are and sizes never change. Used only when the
    exact search takes too long, so it aims for good, not best.
    """
    groups = [list(ms) for _, ms in sol.groups]
    fixed_at = [next((fixed[x] for x in ms if x in fixed), None) for ms in groups]
    where = {x: gi for gi, ms in enumerate(groups) for x in ms}
    rules_of: dict[int, list[int]] = {}
    for ri, (_, group) in enumerate(rules):
        for x in group:
            rules_of.setdefault(x, []).append(ri)

    def group_cost(gi: int) -> int | None:
        ms = groups[gi]
        t = fixed_at[gi]
        if t is None:
            t = min(stages[x] for x in ms)
        elif any(x not in fixed and stages[x] < t for x in ms):
            return None
        return sum(abs(stages[x] - t) for x in ms)

    def rule_broken(ri: int) -> bool:
        kind, group = rules[ri]
        at = [where[x] for x in group]
        return len(set(at)) != (1 if kind == "keep-together" else len(at))

    costs = [group_cost(gi) or 0 for gi in range(len(groups))]
    broken = sum(rule_broken(ri) for ri in range(len(rules)))
    for _ in range(2 * len(stages)):
        if not broken:
            break
        best: tuple[tuple[int, int], int, int, int, int] | None = None
        total = sum(costs)
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                for ia, x in enumerate(groups[a]):
                    for ib, y in enumerate(groups[b]):
                        if x in fixed or y in fixed or (x not in rules_of and y not in rules_of):
                            continue
                        touched = set(rules_of.get(x, ())) | set(rules_of.get(y, ()))
                        before = sum(rule_broken(ri) for ri in touched)
                        groups[a][ia], groups[b][ib], where[x], where[y] = y, x, b, a
                        after = sum(rule_broken(ri) for ri in touched)
                        ca, cb = group_cost(a), group_cost(b)
                        groups[a][ia], groups[b][ib], where[x], where[y] = x, y, a, b
                        if ca is None or cb is None:
                            continue
                        cand = (broken - before + after, total - costs[a] - costs[b] + ca + cb)
                        if cand < (broken, total) and (best is None or cand < best[0]):
                            best = (cand, a, ia, b, ib)
        if best is None:
            break
        (broken, _), a, ia, b, ib = best
        x, y = groups[a][ia], groups[b][ib]
        groups[a][ia], groups[b][ib], where[x], where[y] = y, x, b, a
        costs[a], costs[b] = group_cost(a) or 0, group_cost(b) or 0
    taught = []
    for gi, ms in enumerate(groups):
        t = fixed_at[gi]
        taught.append((min(stages[x] for x in ms) if t is None else t, tuple(ms)))
    taught.sort(key=lambda g: g[0])
    return Solution(tuple(taught), sum(costs), max((len(ms) for ms in groups), default=0))
