"""The class as it is on disk, painted while the app opens it properly.

Laid out like the class screen (same widgets and ids, so the stylesheet
places them the same way): names and scores in the grid, the places and the
groups still being worked out. The app replaces it with the class screen a
moment later; keys typed meanwhile are held and reach the class screen in
order (``GrouperApp.in_order``). See ``grouper.store.peek`` for why.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import Footer, Static

from grouper.core.dates import day_words, next_school_day
from grouper.session.stores import ClassLook
from grouper.ui.widgets.grid import FIXED, ScoreGrid, add_columns, cell_colours, name_cell, score_cell
from grouper.ui.widgets.panels import Panel, ProfileStrip, StatusLine

OPENING = "opening…"


class OpeningScreen(Screen[None]):
    def __init__(self, look: ClassLook, today: dt.date, demo: bool) -> None:
        super().__init__()
        self.look = look
        self.today = today
        self.demo = demo

    def compose(self) -> ComposeResult:
        # Everything is filled in before it is mounted, so the very first frame shows the class.
        look = self.look
        plan_day = next_school_day(self.today)
        status = StatusLine(id="status")
        status.show(look.name, look.pathway, day_words(plan_day), OPENING, self.demo, False)
        yield status
        with Horizontal(id="body"):
            yield self._grid(plan_day)
            yield VerticalScroll(Static(Content("Working out the groups…")), id="groups")
        yield ProfileStrip(id="profile")
        yield Panel(Content("Opening the class: working out places and groups…"), id="message")
        with Horizontal(id="quick-bar"):
            yield Static(":", id="quick-colon")
        yield Footer(compact=True)

    def _grid(self, plan_day: dt.date) -> ScoreGrid:
        look = self.look
        grid = ScoreGrid(id="grid")
        add_columns(grid, look.stages)
        colours = cell_colours(self.app)
        checks = [c for stage in look.stages for c in stage.checks]
        for sid, name in look.students:
            values = look.values.get(sid, {})
            away = plan_day.isoformat() in look.away.get(sid, ())
            cells = [name_cell(name, away), Text("…", style="dim")]
            cells += [score_cell(values.get(c.id), c, colours) for c in checks]
            grid.add_row(*cells, key=sid)
        if look.students:
            grid.cursor_coordinate = Coordinate(0, FIXED)
        return grid
