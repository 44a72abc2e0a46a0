"""How the command line shows things: rich tables, user data always as Text.

Names, labels and notes are wrapped in ``rich.text.Text`` so a student named
``[bold]Ana`` is printed as typed, never read as markup.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from grouper.cli.terminal import unwrapped
from grouper.core.dates import day_words
from grouper.core.grouping import OverrideResult, Plan
from grouper.core.models import Check, ClassRecord, LockedPlan, Note, Pathway, Score, Student
from grouper.core.notes import student_name
from grouper.core.placement import Placement, status_words
from grouper.core.plans import PlanChange
from grouper.core.progress import Progress

if TYPE_CHECKING:
    from grouper.core.teaching import TeachingReport
from grouper.core.text import terminal_safe
from grouper.reports.plan_words import member_route, needs_words, route_words
from grouper.session.stores import BackupInfo


class SafeConsole(Console):
    """A rich console whose text can never command the terminal (see ``cli.terminal``).

    Every segment's text passes ``terminal_safe``; only rich's own colour codes,
    added after, reach the terminal as codes. It writes to the real stream behind
    the command's ``SafeStream``, which would otherwise show those codes as symbols.
    """

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control or segment.text.isprintable():
                yield segment
            else:
                yield Segment(terminal_safe(segment.text), segment.style)

    @property
    def file(self) -> IO[str]:
        return unwrapped(Console.file.fget(self))  # type: ignore[attr-defined]

    @file.setter
    def file(self, new_file: IO[str]) -> None:
        Console.file.fset(self, new_file)  # type: ignore[attr-defined]


console = SafeConsole(highlight=False)


def as_plain_text(show: Callable[[], None], width: int = 100) -> str:
    """What ``show`` would print, as plain text for a file (no colour codes)."""
    global console
    kept, buffer = console, io.StringIO()
    console = SafeConsole(file=buffer, highlight=False, width=width, color_system=None, no_color=True)
    try:
        show()
    finally:
        console = kept
    return buffer.getvalue()


def _t(text: str, style: str = "") -> Text:
    return Text(text, style=style)


def pathway_list(builtin: dict[str, Pathway], mine: dict[str, Pathway]) -> None:
    table = Table(box=None, pad_edge=False)
    for col in ("id", "name", "stages", "checks", "source"):
        table.add_column(col)
    for source, pathways in (("built-in", builtin), ("yours", mine)):
        for p in pathways.values():
            checks = sum(len(s.checks) for s in p.stages)
            table.add_row(_t(p.id), _t(p.name), str(len(p.stages)), str(checks), source)
    console.print(table)


def pathway_detail(p: Pathway) -> None:
    console.print(Text.assemble((p.name, "bold"), f"  ({p.id})"))
    if p.description:
        console.print(_t(p.description))
    for i, stage in enumerate(p.stages, start=1):
        console.print()
        console.print(Text.assemble(f"{i}. ", (stage.label, "bold"), f"  [{stage.id}]"))
        console.print(Text.assemble("   Focus: ", stage.focus))
        for check in stage.checks:
            console.print(_t(f"   - {check.id}: {check.label}, mastery {check.mastery} of {check.max}"))
            if check.items:
                console.print(_t(f"     items: {' '.join(check.items)}"))
        for detour in stage.detours:
            console.print(Text.assemble("   Detour: ", (detour.label, "bold"), f"  [{detour.id}]"))
            console.print(Text.assemble("     ", detour.focus))
            for check in detour.checks:
                words = f"     - closer check {check.id}: {check.label}, mastery {check.mastery} of {check.max}"
                console.print(_t(words))


def class_list(records: Sequence[ClassRecord]) -> None:
    table = Table(box=None, pad_edge=False)
    for col in ("class", "pathway", "students", "scores", "groups of", "max groups"):
        table.add_column(col)
    for r in records:
        s = r.settings
        table.add_row(
            _t(r.name),
            _t(r.pathway.id),
            str(sum(1 for st in r.students if st.active)),
            str(sum(1 for sc in r.scores if sc.value is not None)),
            f"{s.min_size}-{s.max_size}",
            str(s.max_groups),
        )
    console.print(table)


def _where(record: ClassRecord, p: Placement) -> str:
    return f"{record.pathway.stage_label(p.stage_index)} ({status_words(p.status)})"


def _moved(record: ClassRecord, before: Placement, after: Placement) -> None:
    """Where the student is now, and from where if a score moved them."""
    if before.stage_index != after.stage_index:
        arrow = "moved up" if after.stage_index > before.stage_index else "moved back"
        console.print(Text.assemble(f"{arrow}: ", _where(record, before), " → ", _where(record, after)))
    else:
        console.print(Text.assemble("now at: ", _where(record, after)))


def score_saved(
    record: ClassRecord,
    student: Student,
    check: Check,
    value: int | None,
    day: dt.date,
    before: Placement,
    after: Placement,
) -> None:
    shown = "cleared" if value is None else f"{value} of {check.max}" + (" ✓ mastery" if value >= check.mastery else "")
    console.print(Text.assemble("Saved: ", (student.name, "bold"), f" · {check.id} ({check.label}) = {shown}",
                                f" on {day_words(day)}"))
    _moved(record, before, after)


def note_saved(class_name: str, student: Student, note: Note, width: int = 60) -> None:
    first = note.text.splitlines()[0]
    shown = first if len(first) <= width and first == note.text else first[:width].rstrip() + "…"
    console.print(Text.assemble(f"{class_name}: note kept for ", (student.name, "bold"),
                                f" on {day_words(note.date)}: ", shown))


def no_notes(class_name: str, student: Student | None) -> None:
    about = Text.assemble(" about ", student.name) if student else Text("")
    hint = ". Keep one with: grouper note CLASS STUDENT TEXT"
    console.print(Text.assemble("No notes yet", about, f" in {class_name}", hint))


def note_list(record: ClassRecord, notes: Sequence[Note]) -> None:
    table = Table(box=None, pad_edge=False)
    table.add_column("date", no_wrap=True)
    table.add_column("student", no_wrap=True)
    table.add_column("note")
    for n in notes:
        table.add_row(day_words(n.date), _t(student_name(record, n.student)), _t(n.text))
    console.print(table)


def plan_table(record: ClassRecord, plan: Plan) -> None:
    pw = record.pathway
    title = Text.assemble((record.name, "bold"), f": groups for {day_words(plan.date)}",
                          f"  · {pw.name}")
    console.print(title)
    for w in plan.warnings:
        console.print(Text("! " + w, style="yellow"))
    table = Table(show_lines=True, expand=False)
    table.add_column("group", no_wrap=True)
    table.add_column("focus")
    table.add_column("students")
    for g in plan.groups:
        needs = "; ".join(needs_words(pw, g.needs))
        route = route_words(pw, g)
        focus = Text.assemble((pw.stage_label(g.stage_index), "bold"), ("\n" + route) if route else "", "\n", g.focus)
        if needs:
            focus.append("\nstill to master: " + needs, style="italic")
        members = Text("\n").join(
            Text.assemble(
                m.student.name,
                (" *" if m.stage_index > g.stage_index else "", "dim"),
                (f" · {g.mark(m.student.id)}" if g.mark(m.student.id) else "", "bold"),
                (f" {on}" if (on := member_route(pw, plan, g, m.student.id, m.stage_index)) else ""),
            )
            for m in g.members
        )
        table.add_row(Text(f"{g.label}\n{len(g.members)} students"), focus, members)
    console.print(table)
    if any(m.stage_index > g.stage_index for g in plan.groups for m in g.members):
        console.print(Text("* working beyond the group's stage", style="dim"))
    if plan.overrides:
        console.print(Text("Moves and pins:", style="bold"))
        for o in plan.overrides:
            console.print(Text.assemble("  ", (o.student.name, "bold"), " ", override_words(pw, o)))
    if plan.unplaced:
        console.print(Text.assemble(("Not in a group: ", "bold"),
                                    Text(", ").join(Text(f"{u.student.name} ({u.reason})") for u in plan.unplaced)))


def override_words(pw: Pathway, o: OverrideResult) -> str:
    """"moved to Letters for Mon 2026-11-23 (Group 1): taught 2 stages below their stage"."""
    when = f" for {day_words(o.date)}" if o.date is not None else ""
    what = f"{'moved' if o.kind == 'move' else 'pinned'} to {pw.stage_label(o.stage_index)}{when}"
    if not o.honoured:
        return f"{what}: could not be kept (see above); in {o.group} instead"
    if o.cost == 0:
        return f"{what} ({o.group}): at their own stage"
    plural = "s" if o.cost > 1 else ""
    return f"{what} ({o.group}): taught {o.cost} stage{plural} {o.direction} their stage"


def rules_list(record: ClassRecord, data: dict[str, Any]) -> None:
    """``grouper class constraints``: the sets, the pins and the moves still to come."""
    console.print(Text.assemble((record.name, "bold"), ": who sits with whom"))
    empty = True
    for key, word in (("keep_apart", "Kept apart"), ("keep_together", "Kept together")):
        for members in data[key]:
            empty = False
            console.print(Text.assemble(f"  {word}: ", Text(", ").join(_t(m["name"]) for m in members)))
    for o in data["pins"]:
        empty = False
        console.print(Text.assemble("  Pinned: ", (o["name"], "bold"), f" to {o['stage_label']}"))
    for o in data["moves"]:
        empty = False
        day = dt.date.fromisoformat(o["date"])
        console.print(Text.assemble("  Moved: ", (o["name"], "bold"),
                                    f" to {o['stage_label']} for {day_words(day)}"))
    if empty:
        console.print(Text("  No rules yet. Add one with: grouper class keep-apart CLASS STUDENT STUDENT, "
                           "grouper pin CLASS STUDENT STAGE or grouper move CLASS STUDENT STAGE"))


def backup_list(backups: Sequence[BackupInfo]) -> None:
    table = Table(box=None, pad_edge=False)
    for col in ("id", "class", "taken", "size"):
        table.add_column(col)
    for b in backups:
        taken = b.taken.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        table.add_row(_t(b.id), _t(b.class_name), taken, f"{b.size:,} bytes")
    console.print(table)


def plan_changes(locked: LockedPlan, changes: Sequence[PlanChange]) -> None:
    when = f"{day_words(locked.date)} (locked {locked.locked_at[:16].replace('T', ' ')})"
    if not changes:
        console.print(Text(f"No changes since the plan locked for {when}."))
        return
    console.print(Text(f"Since the plan locked for {when}:", style="bold"))
    words = {"up": "moved up", "down": "moved back", "group": "would now be in another group"}
    for c in changes:
        console.print(Text.assemble("  ", (c.name, "bold"), f" {words[c.kind]}: {c.before} → {c.after}"))


def progress_table(record: ClassRecord, progress: dict[str, Progress], by_tag: bool = False) -> None:
    from grouper.reports.progress_report import attention_list, stage_counts, stage_headers, tag_facts, tag_groups

    table = Table(title=Text(f"{record.name}: where everyone is"), box=None, pad_edge=False)
    for col in ("student", "stage", "since", "marks", "last scored"):
        table.add_column(col)
    for p in progress.values():
        marks = []
        if p.stalled:
            marks.append(f"stalled {p.days_at_stage}d")
        if p.slipped:
            checks = record.pathway.check_index()
            marks.append("slipped " + ", ".join(checks[c][1].label if c in checks else c for c in p.slipped))
        if p.due:
            marks.append("check due")
        if p.below_goal:
            marks.append("below goal")
        table.add_row(
            _t(p.student.name),
            _t(record.pathway.stage_label(p.placement.stage_index)),
            day_words(p.stage_since) if p.stage_since else "–",
            ", ".join(marks),
            day_words(p.last_scored) if p.last_scored else "–",
        )
    console.print(table)
    items = attention_list(record, progress)
    console.print(Text(f"Needs attention: {len(items)}", style="bold"))
    for a in items:
        console.print(Text.assemble("  ", (a.name, "bold"), f" ({a.stage}): ", "; ".join(a.reasons)))
    if by_tag:
        heads = stage_headers(record)
        tags = Table(title="By tag", box=None, pad_edge=False)
        tags.add_column("tag")
        for h in heads:
            tags.add_column(Text(h))
        tags.add_column("facts")
        for tag, group in tag_groups(progress).items():
            tags.add_row(_t(tag), *map(str, stage_counts(record, group)), tag_facts(group))
        console.print(tags)


def score_taken_back(
    record: ClassRecord,
    student: Student,
    check: Check,
    score: Score,
    now_value: int | None,
    before: Placement,
    after: Placement,
) -> None:
    """``grouper score --undo``: which score was taken back, and what counts now."""
    shown = "a clear" if score.value is None else f"{score.value} of {check.max}"
    counts = "no score" if now_value is None else f"{now_value} of {check.max}"
    console.print(Text.assemble("Taken back: ", (student.name, "bold"), f" · {check.label} = {shown}",
                                f", {day_words(score.date)}"))
    console.print(f"now counts: {counts} · kept in the record as a retraction")
    _moved(record, before, after)


def teaching_table(report: TeachingReport, today: dt.date) -> None:
    from grouper.reports.teaching import NOTE, NOTHING, SHORT_HEADERS, row_cells, title

    console.print(Text(title(report.scope, today), style="bold"))
    if not report.rows:
        console.print(Text(NOTHING))
        return
    for name, rows in report.by_pathway():
        table = Table(title=Text(name), box=None, pad_edge=False)
        for i, col in enumerate(SHORT_HEADERS):
            table.add_column(col, justify="right" if i >= 2 else "left", no_wrap=i != 1)
        for row in rows:
            table.add_row(*(_t(c) for c in row_cells(report, row)))
        console.print(table)
    console.print(Text(NOTE, style="dim"))
