"""``grouper plan CLASS --days 5``: which groups meet on each day, as a table a teacher reads at a glance.

Each cell is a symbol and a word (``▶ daily``, ``▶ due``, ``· waits``, ``– none``), never colour alone.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from grouper.core.dates import day_words
from grouper.core.models import ClassRecord
from grouper.core.rotation import TURN_LEGEND, Rotation, week_rows


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
    for g, cells in week_rows(rotation):
        label = Text.assemble((g.label, "bold"), f" · {record.pathway.stage_label(g.stage_index)} ({len(g.members)})")
        table.add_row(label, *(Text(w, style="bold" if w.startswith("▶") else "") for w in cells))
    console.print(table)
    console.print(Text(TURN_LEGEND, style="dim"))
    for w in rotation.warnings:
        console.print(Text(f"! {w}"))
