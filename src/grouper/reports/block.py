"""A block's plan as JSON, in the terminal, and printed: a card per adult and a sheet per class.

The card is what the adult takes to their group: their name on top, the stage
and focus, and each student with their own class beside the name. The class
sheet is what a teacher reads out before the block: where each of their
students goes (which adult, which room). Every name, room and label is the
teacher's text: escaped in Markdown and HTML, and ``Text`` in the terminal.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from grouper.core.dates import day_words
from grouper.reports.cards import CARDS_CSS
from grouper.reports.exports import md_escape
from grouper.reports.plan_words import needs_words

if TYPE_CHECKING:
    from rich.console import Console

    from grouper.core.block import BlockGroup, BlockPlan, Seated


def _student(plan: BlockPlan, g: BlockGroup | None, s: Seated) -> dict[str, Any]:
    p = s.placement
    out: dict[str, Any] = {
        "id": p.student.id,
        "name": p.student.name,
        "class": s.class_name,
        "stage": p.stage_id,
        "stage_label": plan.pathway.stage_label(p.stage_index),
        "needs": list(p.needs),
    }
    if g is not None:
        out["mark"] = g.marks.get(s.key)
    return out


def where(g: BlockGroup) -> str:
    """``Ms Lee, Room 12`` (the adult, and their room when they have one: a bare number is a room number)."""
    room = g.adult.room
    if not room:
        return g.adult.name
    return f"{g.adult.name}, {'Room ' + room if room[0].isdigit() else room}"


def stage_line(plan: BlockPlan, g: BlockGroup) -> str:
    return f"{plan.pathway.stage_label(g.stage_index)}: {g.focus}"


def block_dict(plan: BlockPlan) -> dict[str, Any]:
    """``grouper block plan --json``."""
    return {
        "block": plan.block.name,
        "date": plan.date.isoformat(),
        "classes": list(plan.block.classes),
        "pathway": plan.pathway.id,
        "groups": [
            {
                "staff": g.adult.name,
                "room": g.adult.room or None,
                "stage": g.stage_id,
                "stage_label": plan.pathway.stage_label(g.stage_index),
                "focus": g.focus,
                "detour": g.detour,
                "needs": g.needs,
                "students": [_student(plan, g, s) for s in g.members],
            }
            for g in plan.groups
        ],
        "free_staff": [a.name for a in plan.free],
        "unplaced": [{**_student(plan, None, u.seated), "reason": u.reason} for u in plan.unplaced],
        "warnings": list(plan.warnings),
        "cost": plan.cost,
        "proven": plan.proven,
        "sizes": {"min": plan.min_size, "max": plan.max_size},
    }


def _summary(plan: BlockPlan) -> str:
    placed = sum(len(g.members) for g in plan.groups)
    return (f"{placed} students in {len(plan.groups)} groups from {len(plan.block.classes)} classes; "
            f"stage mismatch {plan.cost}" + ("" if plan.proven else " (not proven the least)"))


def sheet_rows(plan: BlockPlan, class_name: str) -> list[tuple[str, str, str]]:
    """One class's sheet: (student, where they go, what they work on), in roster order of the pool."""
    rows = []
    for g in plan.groups:
        for s in g.members:
            if s.class_name == class_name:
                rows.append((s.placement.student.name, where(g), plan.pathway.stage_label(g.stage_index)))
    for u in plan.unplaced:
        if u.seated.class_name == class_name:
            rows.append((u.seated.placement.student.name, "no group", u.reason))
    rows.sort(key=lambda r: r[0].casefold())
    return rows


def print_block(plan: BlockPlan, console: Console) -> None:
    """The plan in the terminal: a card per adult, then who has no group, then the warnings."""
    from rich.cells import cell_len
    from rich.text import Text

    b = plan.block
    console.print(Text.assemble((b.name, "bold"), f" · {day_words(plan.date)} · ", _summary(plan)))
    for w in plan.warnings:
        console.print(Text(f"! {w}", style="yellow"))
    for g in plan.groups:
        console.print()
        console.print(Text.assemble((where(g), "bold"), f"  ({len(g.members)})"))
        console.print(Text(stage_line(plan, g)))
        if g.detour:
            console.print(Text(f"↪ detour: {g.detour}"))
        width = max(cell_len(s.placement.student.name) for s in g.members)
        for s in g.members:
            mark = g.marks.get(s.key)
            name = s.placement.student.name
            console.print(Text.assemble("  ", name, " " * (width - cell_len(name)), (f"  {s.class_name}", "dim"),
                                        f"  ({mark})" if mark else ""))
        for line in needs_words(plan.pathway, g.needs):
            console.print(Text(f"  needs: {line}", style="dim"))
    if plan.free:
        console.print()
        console.print(Text("No group today: " + ", ".join(a.name for a in plan.free)))
    if plan.unplaced:
        console.print()
        console.print(Text("Without a group:", style="bold"))
        for u in plan.unplaced:
            console.print(Text(f"  {u.seated.placement.student.name} ({u.seated.class_name}): {u.reason}"))


def to_markdown(plan: BlockPlan) -> str:
    e = md_escape
    out = [f"# {e(plan.block.name)} · {e(day_words(plan.date))}", "", e(_summary(plan)), ""]
    out += [f"> {e(w)}" for w in plan.warnings]
    for g in plan.groups:
        out += ["", f"## {e(where(g))} ({len(g.members)})", "", e(stage_line(plan, g)), ""]
        out += [f"- **{e(s.placement.student.name)}** ({e(s.class_name)})" for s in g.members]
    for c in plan.block.classes:
        out += ["", f"## Where {e(c)}'s students go", "", "| Student | Goes to | Stage |", "|---|---|---|"]
        out += [f"| {e(a)} | {e(b)} | {e(s)} |" for a, b, s in sheet_rows(plan, c)]
    return "\n".join(out) + "\n"


BLOCK_CSS = """
.sheet { page-break-before: always; break-before: page; }
.sheet table { border-collapse: collapse; width: 100%; }
.sheet td, .sheet th { border: 1px solid #999; padding: 4px 8px; text-align: left; }
.adult { font-size: 1.6em; margin: 0 0 4px; }
.klass { color: #444; font-style: italic; margin-left: 6px; }
.members.cols { columns: 2; column-gap: 1.2rem; }
.members.cols li { break-inside: avoid; page-break-inside: avoid; }
.card.big { break-inside: auto; page-break-inside: auto; }
@media print { .card, .card.wide { display: block; width: auto; margin: 0 0 .6rem; } .cards { margin: .6rem 0 0; } }
"""

#: A card with more students than this spans the page, its names in two columns.
WIDE_CARD = 12
#: ...and with more than this it may break across pages.
BREAKING_CARD = 40


def to_html(plan: BlockPlan) -> str:
    """Every adult's card, then one sheet per class, as one printable page (no script, nothing fetched)."""
    e = html.escape
    title = f"{plan.block.name} · {day_words(plan.date)}"
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        f"<style>{CARDS_CSS}{BLOCK_CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f"<p>{e(_summary(plan))}</p>",
        *(f'<p class="warn">{e(w)}</p>' for w in plan.warnings),
    ]
    if plan.unplaced:
        parts.append("<h2>Without a group</h2><ul>")
        parts += [f"<li>{e(u.seated.placement.student.name)} ({e(u.seated.class_name)}): {e(u.reason)}</li>"
                  for u in plan.unplaced]
        parts.append("</ul>")
    if plan.free:
        parts.append(f"<p>No group today: {e(', '.join(a.name for a in plan.free))}</p>")
    cards = []
    for g in plan.groups:
        size = len(g.members)
        kind = "card" + (" wide" if size > WIDE_CARD else "") + (" big" if size > BREAKING_CARD else "")
        card = [
            f'<section class="{kind}">',
            f'<p class="class-line">{e(title)}</p>',
            f'<h2 class="adult">{e(where(g))} ({len(g.members)})</h2>',
            f'<p class="stage">{e(plan.pathway.stage_label(g.stage_index))}</p>',
            f'<p class="focus">{e(g.focus)}</p>',
            '<ul class="members cols">' if size > WIDE_CARD else '<ul class="members">',
        ]
        for s in g.members:
            mark = g.marks.get(s.key)
            card.append(
                f"<li><strong>{e(s.placement.student.name)}</strong>"
                f'<span class="klass">{e(s.class_name)}</span>'
                + (f' <span class="mark">{e(mark)}</span>' if mark else "")
                + "</li>"
            )
        card.append("</ul>")
        card.append('<div class="notes-area">Notes:' + '<div class="rule"></div>' * 3 + "</div>")
        card.append("</section>")
        cards.append("".join(card))
    parts.append('<div class="cards">' + "".join(cards) + "</div>")
    for c in plan.block.classes:
        parts.append(f'<section class="sheet"><h2>{e(c)}: where each student goes · {e(day_words(plan.date))}</h2>')
        parts.append("<table><thead><tr><th>Student</th><th>Goes to</th><th>Stage</th></tr></thead><tbody>")
        parts += [f"<tr><td>{e(a)}</td><td>{e(b)}</td><td>{e(s)}</td></tr>" for a, b, s in sheet_rows(plan, c)]
        parts.append("</tbody></table></section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
