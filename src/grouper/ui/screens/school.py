"""The coach's view of the school on screen: every class's students per stage, stalled, on a detour,
per tier and at benchmark, who moved up in the last four weeks, and the grade totals.

The same tables as ``grouper school`` (``grouper.reports.school``). With the equity lens on,
each class is split by tag as well (counts only).
"""

from __future__ import annotations

from rich.console import Group
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from grouper.reports.school import school_renderables
from grouper.session.class_session import ClassSession
from grouper.session.school import school_of


class SchoolScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back", priority=True),
        Binding("down,j", "scroll_down", "Scroll", show=False),
        Binding("up,k", "scroll_up", "Scroll", show=False),
    ]

    def __init__(self, session: ClassSession, lens: bool = False) -> None:
        super().__init__()
        self.session = session
        self.lens = lens

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="school"):
            yield Static(id="school-tables")
        yield Footer()

    def on_mount(self) -> None:
        view = school_of(self.session.store, self.session.today, by_tag=self.lens)
        self.query_one("#school-tables", Static).update(Group(*school_renderables(view)))
        self.query_one("#school", VerticalScroll).focus()

    def action_scroll_down(self) -> None:
        self.query_one("#school", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#school", VerticalScroll).scroll_up()

    def action_back(self) -> None:
        self.app.close_screen(self)  # type: ignore[attr-defined]
