"""The MTSS meeting on screen: who is at Tier 2 and 3, how it is going, and who else to discuss.

The same rows and words as ``grouper mtss`` (``grouper.reports.mtss``): counts per tier
and the share at benchmark on top, then every Tier 2 and 3 student (intervention,
weeks in it, sessions delivered of planned, review, goal and benchmark status, stalled
or on a detour), then the Tier 1 students to discuss. Enter opens the student.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from grouper.core.mtss import mtss_report
from grouper.reports.mtss import HEADERS, NO_DISCUSS, NO_STUDENTS, row_cells, share_words, tier_counts_words, title
from grouper.session.class_session import ClassSession

#: Width of the first column: the name, and under it the intervention (or the reason to discuss).
NAME_WIDTH = 24


def _also(cells: dict[str, str]) -> str:
    """Benchmark, stalled and detour in one column (80 columns hold no more)."""
    parts = [cells["benchmark"]] if cells["benchmark"] != "–" else []
    if cells["stalled"] != "–":
        parts.append("⟳ stalled")
    if cells["detour"] != "–":
        parts.append(f"↪ {cells['detour']}")
    return "; ".join(parts) or "–"


class MtssScreen(Screen[object]):
    BINDINGS = [Binding("escape", "back", "Back", priority=True)]

    def __init__(self, session: ClassSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with Vertical(id="mtss"):
            yield Static(id="mtss-head")
            yield DataTable(id="mtss-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        s = self.session
        report = mtss_report(s.record, s.progress, s.today)
        lines = [
            Content.from_markup("[b]$title[/b]   (Enter opens a student, Escape goes back)", title=title(report)),
            Content(tier_counts_words(report)),
            Content(share_words(report)),
        ]
        waiting = [p.student.name for p in s.progress.values()
                   if p.benchmarks and all(v == "not-screened" for v in p.benchmarks.values())]
        if waiting:  # the screening window: who still needs this season's screen
            more = f" and {len(waiting) - 6} more" if len(waiting) > 6 else ""
            lines.append(Content(f"◌ Not screened this season: {len(waiting)} ({', '.join(waiting[:6])}{more})"))
        head = Content("\n").join(lines)
        self.query_one("#mtss-head", Static).update(head)
        table = self.query_one(DataTable)
        table.add_column("student / intervention", width=NAME_WIDTH)
        table.add_column("tier", width=8)
        table.add_column("sessions / review", width=24)
        table.add_column("goal / also")
        blank = [Text("")] * 3
        for row in report.students:
            c = dict(zip(HEADERS, row_cells(s.pathway, row), strict=True))
            weeks = f"{c['weeks']} week{'' if c['weeks'] == '1' else 's'}"
            table.add_row(
                Text.assemble((c["student"], "bold"), "\n", c["intervention"], no_wrap=True, overflow="ellipsis"),
                Text(f"{c['tier']}\n{weeks}"),
                Text(f"{c['sessions']}\nreview {c['review']}", no_wrap=True, overflow="ellipsis"),
                Text(f"{c['goal']}\n{_also(c)}", no_wrap=True, overflow="ellipsis"),
                key=row.id, height=2,
            )
        table.add_row(Text("To discuss (Tier 1)", style="bold"), *blank, key="-heading")
        for d in report.to_discuss:
            table.add_row(Text.assemble((d.name, "bold"), "\n", d.reason, no_wrap=True, overflow="ellipsis"),
                          Text("Tier 1"), Text(""), Text(d.reason, no_wrap=True, overflow="ellipsis"),
                          key=d.id, height=2)
        empty = [w for w, none in ((NO_STUDENTS, not report.students), (NO_DISCUSS, not report.to_discuss)) if none]
        if empty:
            head = Content("\n").join([head, *(Content(w) for w in empty)])
            self.query_one("#mtss-head", Static).update(head)
        table.focus()

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key is not None and key in {st.id for st in self.session.students}:
            self.dismiss(key)

    def action_back(self) -> None:
        self.dismiss(None)
