"""The panels around the grid: tomorrow's groups, the class profile, the status line.

Everything that comes from a teacher (names, labels, focus text) goes through
``Content`` with the text as data, never as markup, so ``[bold]Ana`` stays
``[bold]Ana`` on screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from grouper.reports.attention import short_marks
from grouper.reports.plan_words import (
    by_hand,
    coach_parts,
    day_notes,
    meets_head,
    member_arrow,
    member_route,
    route_words,
    turns_by_group,
)

if TYPE_CHECKING:  # the app's first look at a class draws these panels before the core is loaded
    from grouper.core.coaches import GroupCoaching
    from grouper.core.grouping import Plan
    from grouper.core.models import LockedPlan, Pathway
    from grouper.core.plans import PlanChange
    from grouper.core.progress import Progress
    from grouper.core.rotation import RotationDay, Turn


def first_sentence(text: str, limit: int = 90) -> str:
    """The opening of a teaching point, short enough for a group card (the map has it whole)."""
    for stop in (". ", "; "):
        at = text.find(stop)
        if 0 < at < limit:
            return text[: at + 1]
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


#: A piece of a card line: plain text, or (text, style).
Part = str | tuple[str, str]
#: A card as data: its lines, each a tuple of parts. Cheap to build and compare, so a card whose
#: words did not change (most of them, after a score) is not laid out again.
CardLines = tuple[tuple[Part, ...], ...]


def group_card(
    plan: Plan, index: int, pathway: Pathway, progress: Mapping[str, Progress] | None = None,
    coaching: GroupCoaching | None = None, turn: Turn | None = None,
) -> CardLines:
    """One group: stage, teaching point, needs, members (arrows as ``member_arrow`` says; markers)."""
    g = plan.groups[index]
    lines: list[tuple[Part, ...]] = [
        ((g.label, "b"), f" · {pathway.stage_label(g.stage_index)} ({len(g.members)})"),
    ]
    if turn is not None:
        lines.append(meets_line(turn, plan.date))
    route = route_words(pathway, g)
    if route:
        lines.append(((route, "b"),))
    lines.append(((first_sentence(g.focus), "i"),))
    if g.needs:
        # By check id, as the grid's column headers beside it name them (the prints use the labels).
        needs = "  ".join(f"{c}×{n}" for c, n in g.needs.items())
        lines.append((("needs", "dim"), f" {needs}"))
    names: list[Part] = []
    for m in g.members:
        mark = member_arrow(plan, g.mark(m.student.id), m.student.id, m.stage_index, g.stage_index)
        watch = short_marks((progress or {}).get(m.student.id))
        names += [", "] if names else []
        names.append(m.student.name + mark + _by_hand(plan, g.mark(m.student.id), m.student.id))
        names += [" ", (watch, "b")] if watch else []
        on = member_route(pathway, plan, g, m.student.id, m.stage_index)
        names += [" ", (on, "dim")] if on else []
    lines.append(tuple(names))
    if coaching is not None:
        lines += coach_lines(coaching)
    return tuple(lines)


def card_content(lines: CardLines) -> Content:
    """A card's lines as Content: built from parts, never markup (names are the teacher's text)."""
    return Content("\n").join(Content.assemble(*parts) for parts in lines)


def _by_hand(plan: Plan, kind: str | None, student_id: str) -> str:
    """`` (moved, 2 stages above)``: the teacher's choice, and what it costs in stage mismatch."""
    words = by_hand(plan, kind, student_id)
    return f" ({words})" if words else ""


def meets_line(turn: Turn, day: dt.date) -> tuple[Part, ...]:
    """``▶ meets Mon (daily: furthest back)`` or ``· not Mon (waits: not seen for 1 day)``: a symbol and words."""
    if turn.meets:
        return ((meets_head(turn, day), "b"), " ", (f"({turn.reason})", "dim"))
    return (f"{meets_head(turn, day)} ", (f"({turn.reason})", "dim"))


def coach_lines(coaching: GroupCoaching) -> list[tuple[Part, ...]]:
    """``coach Zoë Ng → Ana, Bo (lid)``: who helps whom with which check during independent work."""
    return [((label, "dim"), f" {rest}") if rest else ((label, "dim"),) for label, rest in coach_parts(coaching)]


class Panel(Static):
    """A Static drawn again only when its words or styles change, and laid out only when its height does.

    A score usually changes one or two group cards. Updating a Static
    normally lays out the whole screen again before painting it; when the
    height is the same, repainting the widget is enough.
    """

    def __init__(self, content: Content | str = "", **kwargs: str | None) -> None:
        content = Content(content) if isinstance(content, str) else content
        super().__init__(content, **kwargs)  # type: ignore[arg-type]
        self.shown = content
        #: (width, height) of ``shown`` when last measured: the old height is not worked out twice.
        self._measured: tuple[int, int] | None = None

    def put(self, content: Content) -> None:
        old = self.shown
        if content.plain == old.plain and content.spans == old.spans:  # ``Content ==`` compares words only
            return
        self.shown = content
        width = self.content_size.width
        if width <= 0:
            self._measured = None
            self.update(content)
            return
        measured = self._measured
        before = measured[1] if measured is not None and measured[0] == width else old.get_height(self.styles, width)
        after = content.get_height(self.styles, width)
        self._measured = (width, after)
        self.update(content, layout=after != before)


class GroupCard(Panel):
    """One group's card."""

    def __init__(self, lines: CardLines) -> None:
        super().__init__(card_content(lines), classes="card")
        self.lines = lines

    def put_lines(self, lines: CardLines) -> None:
        """Show the card's lines; nothing is built or drawn when they are the same as before."""
        if lines != self.lines:
            self.lines = lines
            self.put(card_content(lines))


class GroupsPanel(VerticalScroll):
    """Tomorrow's groups, one card each, and who is not in a group."""

    can_focus = True

    def show(
        self, plan: Plan, pathway: Pathway, progress: Mapping[str, Progress] | None = None,
        coaching: Sequence[GroupCoaching] | None = None, rotation: RotationDay | None = None,
    ) -> None:
        cards = list(self.query(GroupCard))
        wanted = len(plan.groups)
        for extra in cards[wanted:]:
            extra.remove()
        turns = turns_by_group(rotation)
        for i in range(wanted):
            lines = group_card(plan, i, pathway, progress, coaching[i] if coaching is not None else None,
                               turns.get(plan.groups[i].label))
            if i < len(cards):
                cards[i].put_lines(lines)
            else:
                self.mount(GroupCard(lines), before=self.query_one("#unplaced"))
        notes: list[Content] = []
        for w in day_notes(plan, rotation):
            notes.append(Content.from_markup("[b]![/b] $w", w=w))
        if plan.unplaced:
            away = Content(", ").join(Content(f"{u.student.name} ({u.reason})") for u in plan.unplaced)
            notes.append(Content.from_markup("[b]Not in a group:[/b] ").append(away))
        unplaced = self.query_one("#unplaced", Panel)
        unplaced.put(Content("\n").join(notes))
        unplaced.display = bool(notes)

    def show_changes(self, locked: LockedPlan | None, changes: Sequence[PlanChange]) -> None:
        """What changed since the last locked plan: who moved along the path or to another group."""
        box = self.query_one("#changes", Static)
        box.display = locked is not None
        if locked is None:
            return
        from grouper.core.dates import day_words  # the core is loaded by the time a plan is locked

        when = day_words(locked.date)
        head = "no changes since" if not changes else f"{len(changes)} changed since"
        lines = [Content.from_markup("[b]Locked[/b] $when: $head", when=when, head=head)]
        for c in changes:
            arrow = {"up": "↑ up", "down": "↓ down", "group": "⇄ group"}[c.kind]
            lines.append(Content.from_markup("$arrow [b]$name[/b]: $before → $after",
                                             arrow=arrow, name=c.name, before=c.before, after=c.after))
        box.update(Content("\n").join(lines))

    def compose(self):  # type: ignore[no-untyped-def]
        # The cards come first (mounted before #unplaced): they are what the teacher plans with;
        # what changed since the locked plan is below them.
        yield Panel(id="unplaced")
        yield Static(id="changes")


class ProfileStrip(Panel):
    """How many students are at each stage: the picture a coach puts on the wall.

    Stage names are shown when they fit the width; otherwise stage numbers,
    which match the S1, S2... over the grid's columns.
    """

    #: What the strip shows (None until the first ``show``), and what was last drawn, so a score
    #: that moves nobody draws nothing again.
    profile: tuple[list[int], Pathway] | None = None
    drawn_key: tuple[tuple[int, ...], str, int] | None = None

    def show(self, counts: list[int], pathway: Pathway) -> None:
        self.profile = (counts, pathway)
        self._render_profile()

    def on_resize(self) -> None:
        if self.profile is not None:
            self._render_profile()

    def _render_profile(self) -> None:
        if self.profile is None:
            return
        counts, pathway = self.profile
        width = self.size.width or 80
        drawn = (tuple(counts), pathway.id, width)
        if drawn == self.drawn_key:
            return  # most scores move nobody to another stage: nothing to draw again
        self.drawn_key = drawn
        full = self._parts(counts, pathway, short=False)
        self.put(full if full.cell_length <= width else self._parts(counts, pathway, short=True))

    @staticmethod
    def _parts(counts: list[int], pathway: Pathway, short: bool) -> Content:
        parts = [Content.styled("Profile", "b")]
        for i, n in enumerate(counts):
            done = i >= len(pathway.stages)
            if short:
                label = "★" if done else f"S{i + 1}"
            else:
                label = "★ Complete" if done else f"{i + 1} {pathway.stages[i].label}"
            bar = "▮" * min(n, 10)
            parts.append(Content.assemble(f"{label} ", (str(n), "b"), f" {bar}"))
        return Content(" │ ").join(parts)


class StatusLine(Panel):
    """Class, pathway, plan day and whether everything is saved, always in view."""

    def show(
        self, cls: str, pathway: str, day: str, saved: str, demo: bool, read_only: bool,
        watch: int = 0, lens: bool = False,
    ) -> None:
        badges = []
        if demo:
            badges.append(Content.from_markup("[reverse b] DEMO [/] "))
        if read_only:
            badges.append(Content.from_markup("[reverse b] READ-ONLY [/] "))
        # The saved state and who to watch come before anything long, so they are in view at 80 columns.
        parts = [Content.from_markup("[b]$name[/b]", name=cls), Content(saved)]
        if watch:
            parts.append(Content(f"⚑ {watch} to watch"))
        if lens:
            parts.append(Content("equity lens on"))
        parts += [Content(f"groups for {day}"), Content(pathway)]
        self.put(Content("").join([*badges, Content(" · ").join(parts)]))
