"""The coach's view of the school on screen: every class's students per stage, stalled, on a detour,
per tier and at benchmark, who moved up in the last four weeks, and the grade totals.

The same tables as ``grouper school`` (``grouper.reports.school``), then the same pictures as its
HTML page: for each grade, a stacked bar per class today and a stacked bar per week (``StageBars``,
each stage's mark over its count). With the equity lens on, each class is split by tag as well
(counts only).
"""

from __future__ import annotations

from rich.console import Group
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from grouper.reports.school import grade_rows, school_renderables, stage_header, week_rows
from grouper.session.class_session import ClassSession
from grouper.session.school import school_of
from grouper.ui.widgets.stage_bars import StageBars


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
        view = school_of(self.session.store, self.session.today, by_tag=self.lens)
        with VerticalScroll(id="school"):
            yield Static(Group(*school_renderables(view)), id="school-tables")
            for g in view.grades:
                marks = [stage_header(i, s) for i, s in enumerate(g.stages)]
                labels = [s.label for s in g.stages]
                # The pathway's name is the teacher's text: a markup variable, never markup.
                yield Static(Content.from_markup("\n[b]$name[/b]: students at each stage today", name=g.pathway_name),
                             classes="school-heading")
                yield StageBars(grade_rows(view, g), marks, labels, classes="school-classes")
                if g.weeks:
                    yield Static(Content.from_markup("\n[b]$name[/b]: week by week, all $n", name=g.pathway_name,
                                                     n=str(len(g.classes))), classes="school-heading")
                    yield StageBars(week_rows(g), marks, labels, classes="school-weeks")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#school", VerticalScroll).focus()

    def action_scroll_down(self) -> None:
        self.query_one("#school", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#school", VerticalScroll).scroll_up()

    def action_back(self) -> None:
        self.app.close_screen(self)  # type: ignore[attr-defined]
