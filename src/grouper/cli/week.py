"""``grouper plan CLASS --days 5``: which groups meet on each day, as a table a teacher reads at a glance.

Each cell is a symbol and a word (``▶ daily``, ``▶ due``, ``· waits``, ``– none``), never colour alone.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from grouper.core.models import ClassRecord
from grouper.core.rotation import Rotation, Turn, day_words


def cell(turn: Turn | None, no_groups: bool) -> Text:
    if no_groups:
        return Text("– none")
    if turn is None:
        return Text("")
    if turn.meets:
        word = "daily" if turn.daily else "due" if turn.due else "free slot"
        return Text(f"▶ {word}", style="bold")
    return Text("· waits" if turn.due or turn.daily else "· rests")


def week_table(console: Console, record: ClassRecord, rotation: Rotation) -> None:
    """Groups down the side, days across; the warnings under it."""
    s = record.settings
    start = rotation.days[0].date if rotation.days else None
    title = Text(f"{record.name}: groups from {day_words(start) if start else '-'}, {s.slots_per_day} a day, "
                 f"each seen at least every {s.max_gap_days} group days")
    table = Table(title=title, box=None, pad_edge=False, title_justify="left")
    table.add_column("group")
    for day in rotation.days:
        table.add_column(day_words(day.date))
    first = rotation.days[0] if rotation.days else None
    groups = [t.group for t in (*first.meeting, *first.not_meeting)] if first else []
    groups.sort(key=lambda g: (g.stage_index, g.label))
    for g in groups:
        row = [Text.assemble((g.label, "bold"), f" · {record.pathway.stage_label(g.stage_index)} ({len(g.members)})")]
        for day in rotation.days:
            turn = next((t for t in (*day.meeting, *day.not_meeting) if t.group is g), None)
            row.append(cell(turn, day.no_groups))
        table.add_row(*row)
    console.print(table)
    console.print(Text("▶ meets (daily: furthest back or a stalled student; due: not seen for a while; "
                       "free slot) · waits or rests: not that day · – none: a no-group day", style="dim"))
    for w in rotation.warnings:
        console.print(Text(f"! {w}"))
