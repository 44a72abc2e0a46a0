"""The week view: which groups the teacher sees on each of the next school days.

The rotation decides it (furthest back and stalled groups daily, every group
within the class's gap, as many as the slots allow). The teacher marks a day
with no small groups (an assembly, a trip) here, and the rotation moves round it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from grouper.core.dates import day_words
from grouper.core.errors import GrouperError
from grouper.core.rotation import TURN_LEGEND, Rotation, short_day, week_rows
from grouper.session.class_session import ClassSession

#: School days shown: a week from the plan day.
DAYS = 5
#: The group column is cut to this, so five days fit at 80 columns.
GROUP_WIDTH = 28


class WeekScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,q", "close", "Back", priority=True),
        Binding("n,space", "toggle_no_groups", "No groups that day", id="toggle_no_groups",
                tooltip="Mark the day under the cursor as a day with no small groups (again: groups that day)"),
    ]

    def __init__(self, session: ClassSession) -> None:
        super().__init__()
        self.session = session
        self.days: tuple[dt.date, ...] = ()

    def compose(self) -> ComposeResult:
        with Vertical(id="week"):
            yield Static(id="week-head")
            yield DataTable(id="week-table", cursor_type="column", zebra_stripes=True)
            yield Static(id="week-notes")
            yield Static(id="week-message")
        yield Footer()

    def on_mount(self) -> None:
        self.redraw()
        table = self.query_one(DataTable)
        table.move_cursor(column=1)
        table.focus()

    def redraw(self) -> None:
        """Work out the rotation again and show it, keeping the cursor on the same day."""
        s = self.session
        rotation: Rotation = s.rotation(DAYS)
        self.days = tuple(d.date for d in rotation.days)
        settings = s.record.settings
        self.query_one("#week-head", Static).update(Content.assemble(
            ("Week view", "bold"),
            f"  {settings.slots_per_day} groups a day, each seen at least every {settings.max_gap_days} "
            "group days (s on the grid changes these)\n",
            "←/→ choose a day · n marks it a no-group day (or back) · Escape goes back",
        ))
        table = self.query_one(DataTable)
        column = table.cursor_column
        table.clear(columns=True)
        table.add_column(Text("group"), key="group")
        for day in rotation.days:
            table.add_column(Text(short_day(day.date)), key=day.date.isoformat())
        for g, cells in week_rows(rotation):
            # Stage labels come from a pathway file, so they are text, never markup.
            label = Text.assemble((g.label, "bold"), f" ({len(g.members)}) {s.pathway.stage_label(g.stage_index)}")
            label.truncate(GROUP_WIDTH, overflow="ellipsis")
            table.add_row(label, *(Text(w, style="bold" if w.startswith("▶") else "") for w in cells))
        table.move_cursor(column=max(1, column))
        warnings = [Content(f"! {w}") for w in rotation.warnings]
        self.query_one("#week-notes", Static).update(Content("\n").join([Content(TURN_LEGEND), *warnings]))

    def _say(self, text: str, problem: bool = False) -> None:
        message = self.query_one("#week-message", Static)
        message.set_class(problem, "problem")
        message.update(Content(text))

    def action_toggle_no_groups(self) -> None:
        column = self.query_one(DataTable).cursor_column
        if not 1 <= column <= len(self.days):
            self._say("Choose a day first (←/→).", problem=True)
            return
        if self.session.read_only:
            self._say("read-only: another grouper has this store open", problem=True)
            return
        day = self.days[column - 1]
        settings = self.session.record.settings
        days = set(settings.no_group_days)
        now_off = day.isoformat() not in days
        days.symmetric_difference_update({day.isoformat()})
        try:
            self.session.update_settings(dataclasses.replace(settings, no_group_days=tuple(sorted(days))))
        except (GrouperError, OSError) as e:
            self._say(f"NOT SAVED: {e}", problem=True)
            return
        self.redraw()
        self._say(f"{day_words(day)}: " + ("no small groups; the rotation skips it." if now_off
                                          else "small groups again."))

    def action_close(self) -> None:
        self.app.close_screen(self)  # type: ignore[attr-defined]
