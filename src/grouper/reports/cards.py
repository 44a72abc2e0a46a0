"""Group cards and the day sheet: tomorrow's plan on paper, for the teacher's table.

One HTML page: first the day sheet (the date, every group with whether it meets
that day and why, its members on one line with any move or pin and its cost, the
peer coaches when they are on, who is not in a group and why, the plan's and the
rotation's warnings, each rule not kept among them), then one card per group (its
stage, whether it meets, the teaching point, each member with what they still
need and any marker, the coaches, and ruled lines for notes): the facts the
app's groups panel shows, in its words (``grouper.reports.plan_words``). It prints on A4 and Letter alike
(``@page { size: auto }``): the day sheet fills the first page, the cards follow
two to a row, and no card is ever cut across two pages (each card is an inline
block, which browsers never split, and says ``break-inside: avoid`` as well).

Every piece of text that came from a teacher or a roster (class, pathway, stage
and check labels, focus, names, notes) is HTML-escaped here, exactly once.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from grouper.core.dates import day_words
from grouper.core.detours import suggested_detour
from grouper.core.grouping import Group, Plan
from grouper.core.models import ClassRecord, Pathway, oldest_first
from grouper.core.placement import Placement, current_values
from grouper.core.progress import Progress
from grouper.reports.attention import MARKERS, Marker, markers
from grouper.reports.plan_words import (
    by_hand,
    coach_words,
    day_notes,
    meets_words,
    member_route,
    route_words,
    turns_by_group,
)

if TYPE_CHECKING:
    from grouper.core.coaches import GroupCoaching
    from grouper.core.rotation import RotationDay

#: Longest student note shown on a card; the rest is cut with an ellipsis (a card must fit a page).
NOTE_CHARS = 160
#: Ruled lines in each card's notes area.
NOTE_LINES = 4
#: A group bigger than this gets a card the full width of the page, so it stays shorter than a page.
WIDE_FROM = 8


@dataclass(frozen=True, slots=True)
class Need:
    """One check a member has not yet shown mastered."""

    check_id: str
    label: str
    #: The score that counts now (None: not assessed yet).
    value: int | None
    mastery: int

    def words(self) -> str:
        if self.value is None:
            return f"{self.label} [{self.check_id}]: not assessed yet"
        return f"{self.label} [{self.check_id}]: {self.value}, mastery {self.mastery}"


@dataclass(frozen=True, slots=True)
class Member:
    student_id: str
    name: str
    #: "at S3 Blending" when the member is further on than the group's focus stage, else "".
    ahead: str
    needs: tuple[Need, ...]
    marks: tuple[Marker, ...]
    #: Labels of the checks once mastered whose newest score is below mastery.
    slipped: tuple[str, ...]
    note: str
    #: "moved, 2 stages above" / "pinned" when the teacher put them here (as the app's card says), else "".
    by_hand: str = ""
    #: The detour suggested for a stalled member (its label), else "".
    detour: str = ""
    #: "↪ on a detour: LABEL" for a member on a detour the group is not taught on, else "".
    route: str = ""

    def name_words(self) -> str:
        """``Zoë Ng (moved, 2 stages above)``: the name, and the teacher's move or pin with its cost."""
        return f"{self.name} ({self.by_hand})" if self.by_hand else self.name

    def mark_words(self) -> str:
        """``⟳ stalled, ↘ slipped (Letter ID)``: symbol and word, never colour alone."""
        out = []
        for m in self.marks:
            extra = f" ({', '.join(self.slipped)})" if m.word == "slipped" and self.slipped else ""
            if m.word == "stalled" and self.detour:
                extra = f" (detour to try: {self.detour})"
            out.append(f"{m.symbol} {m.word}{extra}")
        if self.route:
            out.append(self.route)
        return ", ".join(out)


@dataclass(frozen=True, slots=True)
class Card:
    label: str
    #: 1-based stage number on the path, or None for students past the last stage.
    stage_number: int | None
    stage_label: str
    focus: str
    members: tuple[Member, ...]
    #: "▶ meets Mon (daily: furthest back)" / "· not Mon (waits: ...)"; "" without a rotation.
    meets: str = ""
    #: "coach Zoë Ng → Ana, Bo (lid)" lines when peer coaches are on.
    coaches: tuple[str, ...] = ()
    #: "↪ detour: LABEL; closer check: ..." for a group taught on a detour, else "".
    route: str = ""

    @property
    def stage_words(self) -> str:
        return self.stage_label if self.stage_number is None else f"S{self.stage_number} {self.stage_label}"


def stage_words(pathway: Pathway, index: int) -> str:
    label = pathway.stage_label(index)
    return label if index >= len(pathway.stages) else f"S{index + 1} {label}"


def _short(text: str) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= NOTE_CHARS else one_line[: NOTE_CHARS - 1].rstrip() + "…"


def _member(
    record: ClassRecord,
    plan: Plan,
    group: Group,
    m: Placement,
    values: Mapping[str, Mapping[str, int]],
    progress: Mapping[str, Progress],
    notes: Mapping[str, str],
) -> Member:
    pw = record.pathway
    mine = values.get(m.student.id, {})
    needs = []
    for check_id in m.needs:
        check = pw.check(check_id)
        needs.append(Need(check_id, check.label, mine.get(check_id), check.mastery))
    p = progress.get(m.student.id)
    slipped = tuple(pw.check(c).label if c in pw.check_index() else c for c in (p.slipped if p else ()))
    if m.stage_index == group.stage_index:
        ahead = ""
    elif m.stage_index >= len(pw.stages):
        ahead = "every stage mastered"
    else:
        ahead = "at " + stage_words(pw, m.stage_index)
    detour = suggested_detour(pw, m, p)
    return Member(m.student.id, m.student.name, ahead, tuple(needs), tuple(markers(p)), slipped,
                  _short(notes.get(m.student.id, "")), by_hand(plan, group.mark(m.student.id), m.student.id),
                  "" if detour is None else detour.label, member_route(pw, plan, group, m.student.id, m.stage_index))


def build_cards(
    record: ClassRecord,
    plan: Plan,
    *,
    progress: Mapping[str, Progress] | None = None,
    notes: Mapping[str, str] | None = None,
    rotation: RotationDay | None = None,
    coaching: Sequence[GroupCoaching] | None = None,
) -> list[Card]:
    """One card per group of ``plan``, in plan order (the data the HTML is made from).

    ``rotation`` (the plan day's turns) says whether each group meets and why;
    ``coaching`` (peer coaches, when the teacher has them on) adds the coach lines.
    """
    pw = record.pathway
    values = current_values(record)
    progress = progress or {}
    notes = notes or {}
    turns = turns_by_group(rotation)
    coached = {c.group: c for c in coaching or ()}
    cards = []
    for g in plan.groups:
        number = g.stage_index + 1 if g.stage_index < len(pw.stages) else None
        members = tuple(_member(record, plan, g, m, values, progress, notes) for m in g.members)
        turn = turns.get(g.label)
        coach = coached.get(g.label)
        cards.append(Card(g.label, number, pw.stage_label(g.stage_index), g.focus, members,
                          meets_words(turn, plan.date) if turn is not None else "",
                          tuple(coach_words(coach)) if coach is not None else (), route_words(pw, g)))
    return cards


def title(record: ClassRecord, plan: Plan) -> str:
    return f"{record.name}: group cards for {day_words(plan.date)}"


CARDS_CSS = """
@page { size: auto; margin: 12mm 12mm 14mm; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #111;
       background: #fff; line-height: 1.3; max-width: 64rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.35rem; margin: 0 0 .2rem; }
h2 { font-size: 1.1rem; margin: 0 0 .3rem; }
.meta, .hint { color: #444; margin: 0 0 .6rem; }
.day-sheet table { width: 100%; border-collapse: collapse; margin: .4rem 0 .6rem; }
.day-sheet th, .day-sheet td { text-align: left; vertical-align: top; padding: .25rem .4rem;
                               border-bottom: 1px solid #888; }
.day-sheet tr { break-inside: avoid; page-break-inside: avoid; }
.day-sheet .focus-line { color: #333; font-size: .85em; }
.warn { border-left: 4px solid #a60; padding-left: .5rem; margin: .3rem 0; }
.legend { font-size: .85em; color: #333; }
.cards { margin: 1.2rem -.4rem 0; }
.card { display: inline-block; vertical-align: top; width: calc(50% - .9rem); margin: 0 .4rem .8rem;
        border: 2px solid #222; border-radius: 6px; padding: .6rem .8rem;
        break-inside: avoid; page-break-inside: avoid; }
.card.wide { width: calc(100% - .9rem); }
.class-line { font-size: .8em; color: #444; margin: 0 0 .2rem; }
.stage { font-weight: 600; margin: 0 0 .2rem; }
.route { font-weight: 600; margin: .2rem 0; }
.focus { font-style: italic; margin: .2rem 0 .4rem; }
.members { list-style: none; padding: 0; margin: .3rem 0; }
.members li { padding: .2rem 0; border-top: 1px solid #ccc; }
.needs, .note, .ahead { display: block; font-size: .85em; color: #333; }
.note { font-style: italic; }
.mark { font-weight: 600; }
.meets { font-weight: 600; margin: 0 0 .2rem; }
.coaches { list-style: none; padding: 0; margin: .3rem 0; font-size: .85em; }
.notes-area { margin-top: .5rem; font-size: .85em; }
.rule { border-bottom: 1px solid #555; height: 1.5rem; }
@media screen and (max-width: 44rem) { .card { width: calc(100% - .9rem); } }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  .hint { display: none; }
  .day-sheet { break-after: page; page-break-after: always; }
  .card { border-width: 1.5pt; }
  .members li { border-top-color: #999; }
}
"""


def _day_sheet(record: ClassRecord, plan: Plan, cards: list[Card], rotation: RotationDay | None) -> list[str]:
    e = html.escape
    pw = record.pathway
    day = day_words(plan.date)
    out = [
        '<section class="day-sheet">',
        f"<h1>{e(record.name)}: day sheet for {e(day)}</h1>",
        f'<p class="meta">Pathway: {e(pw.name)} · {len(cards)} groups · '
        f"{sum(len(c.members) for c in cards)} students in groups</p>",
        '<p class="hint">Print this page (Ctrl+P or ⌘P): the day sheet fills the first page, '
        "then the group cards follow, two to a row.</p>",
    ]
    out += [f'<p class="warn">{e(w)}</p>' for w in day_notes(plan, rotation)]
    meets_head = "<th>Meets</th>" if rotation is not None else ""
    out.append(f"<table><thead><tr><th>Group</th><th>Stage</th>{meets_head}<th>Students</th></tr></thead><tbody>")
    for c in cards:
        # A middle dot between names: a name may hold a comma ("Smith, Jo").
        names = " · ".join(
            e(m.name_words()) + (f' <span class="mark">{e(m.mark_words())}</span>' if m.marks or m.route else "")
            for m in c.members
        )
        coaches = "".join(f'<span class="focus-line"><br>{e(line)}</span>' for line in c.coaches)
        meets = f"<td>{e(c.meets)}</td>" if rotation is not None else ""
        route = f'<span class="focus-line"><br>{e(c.route)}</span>' if c.route else ""
        out.append(
            f"<tr><td>{e(c.label)}</td><td>{e(c.stage_words)}</td>{meets}"
            f'<td>{names}{route}<span class="focus-line"><br>{e(c.focus)}</span>{coaches}</td></tr>'
        )
    out.append("</tbody></table>")
    if plan.unplaced:
        away = ", ".join(f"{e(u.student.name)} ({e(u.reason)})" for u in plan.unplaced)
        out.append(f'<p class="unplaced"><strong>Not in a group:</strong> {away}</p>')
    else:
        out.append('<p class="unplaced"><strong>Not in a group:</strong> nobody</p>')
    used = {m.word for c in cards for mem in c.members for m in mem.marks}
    if used:
        legend = "; ".join(f"{m.symbol} {m.word}: {m.meaning}" for m in MARKERS if m.word in used)
        out.append(f'<p class="legend">{e(legend)}</p>')
    out.append("</section>")
    return out


def _card(c: Card, heading: str) -> str:
    e = html.escape
    parts = [
        '<section class="card wide">' if len(c.members) > WIDE_FROM else '<section class="card">',
        f'<p class="class-line">{e(heading)}</p>',
        f"<h2>{e(c.label)} ({len(c.members)})</h2>",
        f'<p class="stage">{e(c.stage_words)}</p>',
        *([f'<p class="route">{e(c.route)}</p>'] if c.route else []),
        *([f'<p class="meets">{e(c.meets)}</p>'] if c.meets else []),
        f'<p class="focus">{e(c.focus)}</p>',
        '<ul class="members">',
    ]
    for m in c.members:
        line = f"<li><strong>{e(m.name)}</strong>" + (f" ({e(m.by_hand)})" if m.by_hand else "")
        if m.marks or m.route:
            line += f' <span class="mark">{e(m.mark_words())}</span>'
        if m.ahead:
            line += f'<span class="ahead">{e(m.ahead)}</span>'
        needs = "; ".join(n.words() for n in m.needs) if m.needs else "extension (every check mastered)"
        line += f'<span class="needs">Needs: {e(needs)}</span>'
        if m.note:
            line += f'<span class="note">Note: {e(m.note)}</span>'
        parts.append(line + "</li>")
    parts.append("</ul>")
    if c.coaches:
        parts.append('<ul class="coaches">' + "".join(f"<li>{e(line)}</li>" for line in c.coaches) + "</ul>")
    parts.append('<div class="notes-area">Notes:' + '<div class="rule"></div>' * NOTE_LINES + "</div>")
    parts.append("</section>")
    return "".join(parts)


def to_cards_html(
    record: ClassRecord,
    plan: Plan,
    *,
    progress: Mapping[str, Progress] | None = None,
    notes: Mapping[str, str] | None = None,
    rotation: RotationDay | None = None,
    coaching: Sequence[GroupCoaching] | None = None,
) -> str:
    """The day sheet and a card per group, as one printable HTML page.

    ``progress`` (student id -> Progress, from ``class_progress``) adds the
    stalled / slipped / due markers; ``notes`` (student id -> text, e.g. from
    ``latest_notes``) adds a short note under a member; ``rotation`` says which
    groups meet and why, and ``coaching`` lists the peer coaches (as the app's cards do).
    """
    e = html.escape
    cards = build_cards(record, plan, progress=progress, notes=notes, rotation=rotation, coaching=coaching)
    heading = f"{record.name} · {day_words(plan.date)}"
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title(record, plan))}</title>",
        f"<style>{CARDS_CSS}</style></head><body>",
        *_day_sheet(record, plan, cards, rotation),
        # No white space between the cards: two inline blocks of 50% must share a line.
        '<div class="cards">' + "".join(_card(c, heading) for c in cards) + "</div>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def latest_notes(record: ClassRecord, upto: dt.date | None = None) -> dict[str, str]:
    """Student id -> their newest note (dated on or before ``upto`` when given), for ``notes=``."""
    kept = [n for n in oldest_first(record.notes) if upto is None or n.date <= upto]
    return {n.student: n.text for n in kept}  # later notes overwrite earlier ones
