"""The grade team's block: several classes pooled, each adult teaching one group.

A block ("walk to read", WIN time) names its classes and its staff. Its plan
pools every present student of those classes and finds the exact best groups
for the adults, judged as a class plan is (the stage mismatch, then the number
of groups, then the largest), within the block's group sizes and each adult's
own limits: the most students they take, and stages they should not teach (a
group is then taught at a stage they do teach, below its members', at that
cost). ``exact`` proves the plan.

The classes' own rules carry across the rooms, because they name students and
stages, not groups or rooms: students kept apart or together stay so in the
block; a pin, and a move for the day, put the student in the block's group
taught at that stage. What does not carry: a class's group sizes and number of
groups (the block's sizes and its staff decide those). Students on a detour are
grouped by stage; each group's route (the main one or a detour of its stage)
is then chosen for most of its members, as in a class plan under rules.

A block's classes must share their stages (the same pathway, or pathways with
the same stage ids in the same order): a block cannot group students whose
stages mean different things.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from grouper.core.detour_split import choose_route
from grouper.core.errors import GrouperError
from grouper.core.exact import Exact, Kind, Seat, solve_exact
from grouper.core.grouping import EXTENSION_FOCUS, names
from grouper.core.limits import MAX_GROUP_SIZE
from grouper.core.matching import fold
from grouper.core.models import KEEP_APART, KEEP_TOGETHER, ClassRecord, Pathway
from grouper.core.placement import Placement, place_class
from grouper.core.progress import current_detours
from grouper.core.rules import day_overrides
from grouper.core.text import class_name

#: The most adults (groups) in one block, and the most classes.
MAX_STAFF = 40
MAX_CLASSES = 40


def clean_label(text: str) -> str:
    """A name or room as kept: visible, NFC, no surrounding spaces."""
    return class_name(text).strip()


class BlockError(GrouperError):
    """A block that cannot be made or planned, said in plain words (exit code 1)."""


@dataclass(frozen=True, slots=True)
class Adult:
    """One adult in the block: they teach one group."""

    name: str
    room: str = ""
    #: The most students they take (None: the block's largest group size).
    most: int | None = None
    #: Stage ids they should not teach.
    not_stages: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Block:
    name: str
    classes: tuple[str, ...]
    staff: tuple[Adult, ...]
    #: Group sizes; None takes the classes' own (the smallest minimum, the largest maximum).
    min_size: int | None = None
    max_size: int | None = None


@dataclass(frozen=True, slots=True)
class Seated:
    """A student in the block: their class and their place on the path."""

    class_name: str
    placement: Placement

    @property
    def key(self) -> tuple[str, str]:
        return (self.class_name, self.placement.student.id)


@dataclass(frozen=True, slots=True)
class BlockGroup:
    adult: Adult
    stage_index: int
    stage_id: str
    focus: str
    members: tuple[Seated, ...]
    #: check id -> how many members still need it, in pathway order.
    needs: dict[str, int]
    #: The detour the group is taught on, or None for the main route.
    detour: str | None = None
    #: Members sitting here by a pin or a move: (class, student id) -> "pinned" / "moved".
    marks: Mapping[tuple[str, str], str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BlockUnplaced:
    seated: Seated
    reason: str


@dataclass(frozen=True, slots=True)
class BlockPlan:
    block: Block
    date: dt.date
    pathway: Pathway
    groups: tuple[BlockGroup, ...]
    unplaced: tuple[BlockUnplaced, ...]
    warnings: tuple[str, ...]
    cost: int
    #: Whether the plan is proven the best (False only when the solver ran out of time).
    proven: bool
    #: Adults left without a group (the plan needs fewer groups than there are adults).
    free: tuple[Adult, ...]
    min_size: int
    max_size: int

    def group_of(self, class_name: str, student_id: str) -> BlockGroup | None:
        for g in self.groups:
            if any(m.key == (class_name, student_id) for m in g.members):
                return g
        return None


# -- making a block ----------------------------------------------------------------


def read_adult(text: str) -> Adult:
    """An adult as typed: ``Ms Lee`` or ``Mr Ortiz; room 12; most 8; not letters sounds``.

    The name comes first; then, each after a semicolon, ``room R``, ``most N``
    (the most students they take) and ``not STAGE...`` (stage ids they should
    not teach). A BlockError names what cannot be read.
    """
    parts = [p.strip() for p in text.split(";")]
    name = clean_label(parts[0]) if parts[0] else ""
    if not name:
        raise BlockError(f"'{text}': an adult needs a name first (like 'Ms Lee; room 12; most 8')")
    room, most = "", None
    not_stages: tuple[str, ...] = ()
    for part in parts[1:]:
        if not part:
            continue
        word, _, rest = part.partition(" ")
        word, rest = fold(word), rest.strip()
        if word == "room" and rest:
            room = clean_label(rest)
        elif word == "most" and rest:
            if not rest.isdigit() or not 1 <= int(rest) <= MAX_GROUP_SIZE:
                raise BlockError(f"'{text}': 'most' needs a whole number of students from 1 to {MAX_GROUP_SIZE}")
            most = int(rest)
        elif word == "not" and rest:
            not_stages = tuple(dict.fromkeys(rest.replace(",", " ").split()))
        else:
            raise BlockError(
                f"'{text}': '{part}' is not 'room R', 'most N' or 'not STAGE...' (say them after the name, "
                "each after a semicolon)"
            )
    return Adult(name, room, most, not_stages)


def adult_words(adult: Adult) -> str:
    """An adult as ``read_adult`` reads it back."""
    parts = [adult.name]
    if adult.room:
        parts.append(f"room {adult.room}")
    if adult.most is not None:
        parts.append(f"most {adult.most}")
    if adult.not_stages:
        parts.append("not " + " ".join(adult.not_stages))
    return "; ".join(parts)


def block_problem(block: Block) -> str | None:
    """Why a block cannot be kept (its own shape, before its classes are read), or None."""
    if not isinstance(block.name, str) or not clean_label(block.name):
        return "a block needs a name"
    if not block.classes:
        return "a block needs at least one class"
    if len(block.classes) > MAX_CLASSES:
        return f"a block holds at most {MAX_CLASSES} classes"
    if len({fold(c) for c in block.classes}) < len(block.classes):
        return "a class is named twice"
    if not block.staff:
        return "a block needs at least one adult"
    if len(block.staff) > MAX_STAFF:
        return f"a block holds at most {MAX_STAFF} adults"
    seen: set[str] = set()
    for a in block.staff:
        if not clean_label(a.name):
            return "every adult needs a name"
        if fold(a.name) in seen:
            return f"'{a.name}' is named twice"
        seen.add(fold(a.name))
        if a.most is not None and not 1 <= a.most <= MAX_GROUP_SIZE:
            return f"{a.name}: the most students must be from 1 to {MAX_GROUP_SIZE}"
    for label, value in (("smallest", block.min_size), ("largest", block.max_size)):
        if value is not None and not 1 <= value <= MAX_GROUP_SIZE:
            return f"the {label} group size must be from 1 to {MAX_GROUP_SIZE}"
    if block.min_size is not None and block.max_size is not None and block.min_size > block.max_size:
        return f"the smallest group size ({block.min_size}) is above the largest ({block.max_size})"
    return None


def shared_pathway(records: Sequence[ClassRecord]) -> Pathway:
    """The pathway the block plans on: every class's, if they share stage ids; else a BlockError naming two."""
    first = records[0]
    ids = [s.id for s in first.pathway.stages]
    for r in records[1:]:
        if [s.id for s in r.pathway.stages] != ids:
            raise BlockError(
                f"'{first.name}' is on {first.pathway.name} and '{r.name}' on {r.pathway.name}, whose stages "
                "differ: a block groups classes on the same stages"
            )
    return first.pathway


def resolve_staff(block: Block, pathway: Pathway) -> Block:
    """The block with each adult's stages named by id (typed as an id, or the start of an id or label);
    a BlockError names a stage the pathway does not have."""
    from dataclasses import replace

    from grouper.core.rules import RuleError, resolve_stage

    staff = []
    for a in block.staff:
        ids = []
        for text in a.not_stages:
            try:
                ids.append(pathway.stage_id(resolve_stage(pathway, text)))
            except RuleError as e:
                raise BlockError(f"block '{block.name}': {a.name}: {e}") from None
        staff.append(replace(a, not_stages=tuple(dict.fromkeys(ids))))
    return replace(block, staff=tuple(staff))


# -- planning ------------------------------------------------------------------------


def plan_block(block: Block, records: Sequence[ClassRecord], day: dt.date) -> BlockPlan:
    """The exact best groups of the block's present students for its adults on ``day``."""
    problem = block_problem(block)
    if problem:
        raise BlockError(f"block '{block.name}': {problem}")
    pathway = shared_pathway(records)
    block = resolve_staff(block, pathway)
    warnings: list[str] = []
    pool: list[Seated] = []
    unplaced: list[BlockUnplaced] = []
    detours: dict[tuple[str, str], str] = {}
    for r in records:
        absent = r.absent_on(day)
        for p in place_class(r):
            seat = Seated(r.name, p)
            if p.student.id in absent:
                unplaced.append(BlockUnplaced(seat, "absent"))
            else:
                pool.append(seat)
        for sid, d in current_detours(r).items():
            detours[(r.name, sid)] = d
    order = {c.id: i for i, c in enumerate(pathway.all_checks())}
    pool.sort(key=lambda s: (
        s.placement.stage_index, tuple(sorted(order.get(c, 0) for c in s.placement.needs)),
        s.placement.student.name.casefold(), s.class_name.casefold(), s.placement.student.id,
    ))
    n = len(pool)
    min_size = block.min_size if block.min_size is not None else min(r.settings.min_size for r in records)
    max_size = block.max_size if block.max_size is not None else max(r.settings.max_size for r in records)
    min_size = min(min_size, max_size)
    caps = [min(a.most, max_size) if a.most is not None else max_size for a in block.staff]
    room = sum(caps)
    if n > room:
        # Widen the groups of the adults who have no limit of their own below it, just enough.
        def held(width: int) -> int:
            return sum(min(width, a.most) if a.most is not None else width for a in block.staff)

        wider = max_size
        while held(wider) < n and wider < MAX_GROUP_SIZE:
            wider += 1
        if wider > max_size:
            caps = [min(wider, a.most) if a.most is not None else wider for a in block.staff]
            warnings.append(
                f"{n} students are present but {len(block.staff)} adults with groups of at most {max_size} "
                f"take only {room}: groups of up to {wider} are used."
            )
            max_size = wider
    if 0 < n < min_size:
        warnings.append(f"Only {n} student(s) present, fewer than the smallest group size {min_size}: one group.")
        min_size = n

    stages = [s.placement.stage_index for s in pool]
    position = {s.key: x for x, s in enumerate(pool)}
    fixed, kinds, constraints = _rules(records, pathway, day, position, warnings)
    stage_at = {pathway.stage_id(i): i for i in range(len(pathway.stages) + 1)}
    # Interchangeable adults (same limits) sit next to each other, so the model orders them.
    limits = [(caps[i], frozenset(stage_at[s] for s in a.not_stages)) for i, a in enumerate(block.staff)]
    kinds_of = {lim: k for k, lim in enumerate(dict.fromkeys(limits))}
    seat_order = sorted(range(len(block.staff)), key=lambda i: (kinds_of[limits[i]], i))
    seats = [Seat(limits[i][0], limits[i][1], kinds_of[limits[i]]) for i in seat_order]

    found: Exact | None = None
    if n <= sum(seat.cap for seat in seats):
        # Everyone placed if at all possible: smaller groups before anyone is left without one.
        for smaller in range(min_size, 0, -1):
            found = solve_exact(stages, fixed, constraints, smaller, seats, order=range(n))
            if found is not None:
                if smaller < min_size:
                    warnings.append(
                        f"{n} students cannot all be in groups of {min_size} to {max_size} with these adults: "
                        f"some groups have as few as {smaller}."
                    )
                    min_size = smaller
                break
    if found is None:
        found = solve_exact(stages, fixed, constraints, min_size, seats, order=range(n), allow_unplaced=True)
        assert found is not None  # leaving everyone out is always a plan
        total = sum(seat.cap for seat in seats)
        for x in found.unplaced:
            s = pool[x]
            i = s.placement.stage_index
            if all(all(t in seat.banned for t in range(i + 1)) for seat in seats):
                why = f"no adult teaches {pathway.stage_label(i)} or a stage below it"
            else:
                why = f"no room: the {len(seats)} adults take at most {total} of the {n} present"
            unplaced.append(BlockUnplaced(s, why))
        if found.unplaced:
            warnings.append(
                f"{len(found.unplaced)} student(s) have no group with these adults (see the reasons below)."
            )
    for x in sorted(found.dropped_fixed):
        s = pool[x]
        what = "move" if kinds[x] == "move" else "pin"
        warnings.append(
            f"Could not keep {s.placement.student.name} ({s.class_name})'s {what} to "
            f"{pathway.stage_label(fixed[x])}: no plan with these adults allows it with the other rules."
        )
    for ci in sorted(found.dropped_constraints):
        kind, group = constraints[ci]
        who = names([pool[x].placement.student for x in sorted(group)])
        word = "apart" if kind == KEEP_APART else "together"
        warnings.append(f"Could not keep {who} {word}: no plan with these adults allows it with the other rules.")
    if not found.proven:
        warnings.append("The plan took too long to prove: these groups keep the rules, but there may be a better plan.")

    groups = []
    used = set()
    for g, t, members_at in found.groups:
        adult = block.staff[seat_order[g]]
        used.add(seat_order[g])
        members = tuple(pool[x] for x in sorted(members_at))
        routes = [_route(pathway, s, detours) for s in members]
        route, _ = choose_route(t, [s.placement.stage_index for s in members], routes)
        focus = pathway.stages[t].focus if t < len(pathway.stages) else EXTENSION_FOCUS
        detour_id = None
        if route is not None:
            detour = pathway.stages[t].detours[route]
            focus, detour_id = detour.focus, detour.id
        counts: dict[str, int] = {}
        for s in members:
            for c in s.placement.needs:
                counts[c] = counts.get(c, 0) + 1
        needs = {c: counts[c] for c in sorted(counts, key=lambda c: order.get(c, 0))}
        marks = {
            pool[x].key: ("moved" if kinds[x] == "move" else "pinned")
            for x in members_at if x in fixed and x not in found.dropped_fixed
        }
        groups.append(BlockGroup(adult, t, pathway.stage_id(t), focus, members, needs, detour_id, marks))
    groups.sort(key=lambda g: (g.stage_index, block.staff.index(g.adult)))
    free = tuple(a for i, a in enumerate(block.staff) if i not in used)
    return BlockPlan(
        block, day, pathway, tuple(groups), tuple(unplaced), tuple(warnings), found.cost, found.proven, free,
        min_size, max_size,
    )


def _route(pathway: Pathway, s: Seated, detours: Mapping[tuple[str, str], str]) -> int | None:
    wanted = detours.get(s.key)
    i = s.placement.stage_index
    if wanted is None or i >= len(pathway.stages):
        return None
    ids = [d.id for d in pathway.stages[i].detours]
    return ids.index(wanted) if wanted in ids else None


def _rules(
    records: Sequence[ClassRecord],
    pathway: Pathway,
    day: dt.date,
    position: Mapping[tuple[str, str], int],
    warnings: list[str],
) -> tuple[dict[int, int], dict[int, str], list[tuple[Kind, frozenset[int]]]]:
    """Every class's rules that apply on ``day``, in positions of the pool: fixed stages, their kinds, sets."""
    stage_at = {pathway.stage_id(i): i for i in range(len(pathway.stages) + 1)}
    fixed: dict[int, int] = {}
    kinds: dict[int, str] = {}
    constraints: list[tuple[Kind, frozenset[int]]] = []
    for r in records:
        for sid, o in day_overrides(r.overrides, day).items():
            x = position.get((r.name, sid))
            if x is not None and o.stage in stage_at:
                fixed[x] = stage_at[o.stage]
                kinds[x] = o.kind
        for kind, sets in ((KEEP_APART, r.keep_apart), (KEEP_TOGETHER, r.keep_together)):
            for ids in sets:
                group = frozenset(position[(r.name, sid)] for sid in ids if (r.name, sid) in position)
                if len(group) >= 2:
                    constraints.append((kind, group))
    return fixed, kinds, constraints
