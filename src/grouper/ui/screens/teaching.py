"""What teaching works: per stage focus and per detour, who was taught there and who moved on.

The coach's screen of the professional-learning loop: which route moves
students and which does not, for this class or every class in the store
(``a`` switches). The bar beside each row is mastered out of taught (▮ mastered,
▯ not yet), so the picture never rests on colour.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from grouper.core.teaching import TeachingReport, TeachingRow
from grouper.reports.teaching import NOTE, NOTHING, SHORT_HEADERS, row_cells, title
from grouper.session.class_session import ClassSession
from grouper.session.teaching import teaching_report

#: Cells in the mastered-of-taught bar.
BAR = 5
#: Width of every column but the first (the stage and route), with the table's padding and its scrollbar.
NUMBERS = 58


def bar(row: TeachingRow) -> str:
    """``▮▮▮▯▯▯▯▯``: mastered out of taught, in ``BAR`` cells."""
    full = round(BAR * row.mastered / row.taught) if row.taught else 0
    return "▮" * full + "▯" * (BAR - full)


class TeachingScreen(Screen[object]):
    BINDINGS = [
        Binding("escape", "back", "Back", priority=True),
        Binding("a", "toggle_scope", "This class / every class", id="teaching_scope",
                tooltip="Count this class only, or every class in the store"),
    ]

    def __init__(self, session: ClassSession) -> None:
        super().__init__()
        self.session = session
        self.every_class = False

    def compose(self) -> ComposeResult:
        with Vertical(id="teaching"):
            yield Static(id="teaching-head")
            yield DataTable(id="teaching-table", cursor_type="row", zebra_stripes=True)
            yield Static(Content(NOTE), id="teaching-note")
        yield Footer()

    def on_mount(self) -> None:
        self.redraw()
        self.query_one(DataTable).focus()

    def report(self) -> TeachingReport:
        s = self.session
        return teaching_report(s.store, None if self.every_class else s.name, s.today)

    def redraw(self) -> None:
        report = self.report()
        other = "this class" if self.every_class else "every class"
        head = Content.from_markup(
            "[b]$title[/b]\n$n times at a stage counted; a shows $other, Escape goes back",
            title=title(report.scope, self.session.today), n=str(sum(r.taught for r in report.rows)), other=other,
        )
        self.query_one("#teaching-head", Static).update(head)
        table = self.query_one(DataTable)
        table.clear(columns=True)
        width = max(16, self.size.width - NUMBERS)
        table.add_column("stage and route", width=width)
        for h in SHORT_HEADERS[2:4]:
            table.add_column(h)
        table.add_column("", width=BAR)
        for h in SHORT_HEADERS[4:]:
            table.add_column(h)
        groups = report.by_pathway()
        for name, rows in groups:
            if len(groups) > 1:
                table.add_row(Text(name, style="bold", no_wrap=True, overflow="ellipsis"), *([Text("")] * 6))
            for row in rows:
                words = row_cells(report, row)
                where = words[0] if row.detour is None else f"  {words[1]}"
                table.add_row(Text(where, no_wrap=True, overflow="ellipsis"),
                              *(Text(w, justify="right") for w in words[2:4]), Text(bar(row)),
                              *(Text(w, justify="right") for w in words[4:]))
        if not report.rows:
            table.add_row(Text(NOTHING), *([Text("")] * 6))

    def on_resize(self) -> None:
        self.redraw()

    def action_toggle_scope(self) -> None:
        self.every_class = not self.every_class
        self.redraw()

    def action_back(self) -> None:
        self.app.close_screen(self)  # type: ignore[attr-defined]
