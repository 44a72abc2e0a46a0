"""Who needs a look tomorrow, in symbols and words a teacher reads at a glance.

Each marker is a symbol and a word (never colour alone), the same in the
grid, on the group cards, in the needs-attention list and in the CLI.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from grouper.core.goals import RULE_POINTS

if TYPE_CHECKING:
    from grouper.core.models import Detour, Pathway
    from grouper.core.progress import Progress


class Marker(NamedTuple):
    symbol: str
    word: str
    #: What the marker means, for the help screen and the legend.
    meaning: str


STALLED = Marker("⟳", "stalled", "no move up the path for a while although scores keep coming: try another route")
SLIPPED = Marker("↘", "slipped", "a check once mastered has a newer score below mastery")
DUE = Marker("◷", "due", "no score at the current stage for a while: assess tomorrow")
BELOW = Marker(
    "⤓", "below goal", f"the latest {RULE_POINTS} scores on a goal are all below its line: change the teaching"
)
MARKERS = (STALLED, SLIPPED, DUE, BELOW)


def markers(p: Progress | None) -> list[Marker]:
    if p is None:
        return []
    found = []
    if p.stalled:
        found.append(STALLED)
    if p.slipped:
        found.append(SLIPPED)
    if p.due:
        found.append(DUE)
    if p.below_goal:
        found.append(BELOW)
    return found


def short_marks(p: Progress | None) -> str:
    """For a narrow cell: every symbol, and the first marker's word (``⟳ stalled ◷``)."""
    found = markers(p)
    if not found:
        return ""
    return " ".join([f"{found[0].symbol} {found[0].word}", *(m.symbol for m in found[1:])])


def day(d: dt.date | None) -> str:
    from grouper.core.dates import day_words

    return "never" if d is None else day_words(d)


def on_detour(p: Progress, pathway: Pathway) -> str | None:
    """``↪ on a detour: Sand tray letters since Thu 3 Dec`` for a student on one (None: the main route)."""
    from grouper.core.detours import detour_of

    detour = detour_of(pathway, p.placement.stage_id, p.detour)
    if detour is None:
        return None
    spell = next((sp for sp in reversed(p.detours) if sp.open and sp.taken.detour == detour.id), None)
    since = f" since {day(spell.taken.started)}" if spell is not None else ""
    return f"{DETOUR_SYMBOL} on a detour: {detour.label}{since}"


#: Marks a student taken on a detour (with the words "on a detour": never the symbol alone).
DETOUR_SYMBOL = "↪"


def detour_to_try(detour: Detour) -> str:
    """The suggestion under a flag (stalled, or below a goal line): what the teacher can do next."""
    return f"  detour to try: {detour.label} [{detour.id}]"


def reasons(p: Progress, pathway: Pathway) -> list[str]:
    """One line per marker, saying how long, so the teacher knows what to do about it."""
    from grouper.core.detours import suggested_detour

    stage = pathway.stage_label(p.placement.stage_index)
    lines = []
    taken = on_detour(p, pathway)
    if taken is not None:
        lines.append(taken)
    if p.stalled:
        lines.append(
            f"{STALLED.symbol} stalled: {p.days_at_stage} days at {stage} (since {day(p.stage_since)}), "
            f"{p.scores_at_stage} scores there"
        )
        detour = suggested_detour(pathway, p.placement, p)
        if detour is not None:  # what the teacher can do next, not only the flag
            lines.append(detour_to_try(detour))
    if p.below_goal:

        names = ", ".join(pathway.check_label(g.goal.check) for g in p.below_goal)
        lines.append(f"{BELOW.symbol} below the goal line: {names} (the latest {RULE_POINTS} scores)")
        detour = None if p.stalled else suggested_detour(pathway, p.placement, p)
        if detour is not None:
            lines.append(detour_to_try(detour))
    if p.slipped:
        checks = pathway.check_index()
        names = ", ".join(checks[c][1].label if c in checks else c for c in p.slipped)
        lines.append(f"{SLIPPED.symbol} slipped below mastery again: {names}")
    if p.due:
        if p.days_unscored is None:
            lines.append(f"{DUE.symbol} check due: no score yet at {stage}")
        elif p.last_scored is None:  # never scored: the days count from joining the class
            lines.append(f"{DUE.symbol} check due: no score yet at {stage} ({p.days_unscored} days since joining)")
        else:
            lines.append(f"{DUE.symbol} check due: {p.days_unscored} days without a score at {stage} "
                         f"(last scored {day(p.last_scored)})")
    return lines
