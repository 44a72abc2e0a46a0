"""The data wall: how many students are at each stage, week by week.

A coach shows this on a projector: a stacked bar for each week (the Friday, and today), a
segment per stage as wide as its number of students, each segment marked with the stage's
mark over its count (``StageBars``: colour helps, it never carries the meaning alone), and
under it one line saying how many moved up. With the equity lens on, today is also split
by tag, a bar per tag.
"""

from __future__ import annotations

import datetime as dt

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from grouper.core.progress import stage_on, weekly_profile
from grouper.reports.progress_report import stage_counts, stage_legend, tag_groups
from grouper.session.class_session import ClassSession
from grouper.ui.widgets.charts import short_day
from grouper.ui.widgets.stage_bars import StageBars


class DataWallScreen(Screen[None]):
    BINDINGS = [Binding("escape,q", "close", "Back", priority=True)]

    def action_close(self) -> None:
        self.app.close_screen(self)  # type: ignore[attr-defined]

    def __init__(self, session: ClassSession, lens: bool = False) -> None:
        super().__init__()
        self.session = session
        self.lens = lens

    def compose(self) -> ComposeResult:
        s = self.session
        marks, labels = stage_legend(s.record)
        weeks = weekly_profile(s.record, s.progress, s.today)
        rows = [("today" if when == s.today else f"Fri {short_day(when)}", counts) for when, counts in weeks]
        with VerticalScroll(id="wall"):
            yield Static(Content.from_markup("[b]Data wall[/b] · $name   (Escape goes back)", name=s.record.name),
                         id="wall-title")
            yield Static(Content("Each bar is a week; each stage shows its mark over its number of students."),
                         classes="wall-note")
            yield StageBars(rows, marks, labels, id="wall-bars")
            yield Static(self.summary(weeks), id="wall-summary")
            if self.lens:
                yield Static(Content.from_markup("[b]Today, by tag[/b] (equity lens)"), classes="wall-heading")
                by_tag = [(tag, stage_counts(s.record, group)) for tag, group in tag_groups(s.progress).items()]
                yield StageBars(by_tag, marks, labels, id="wall-tags")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#wall", VerticalScroll).focus()

    def on_resize(self, event: events.Resize) -> None:
        """A blank line between the weeks when the whole wall still fits on the screen with them."""
        bars = self.query_one("#wall-bars", StageBars)
        width = max(1, event.size.width - 4)  # the wall's padding
        fixed = 2 + 2 + 1  # the title and note, the summary, the footer
        bars.gap = fixed + bars.height_at(width, gap=True) <= event.size.height

    def summary(self, weeks: list[tuple[dt.date, list[int]]]) -> Content:
        """Who moved up since the first week shown, and how many are past the last stage."""
        s = self.session
        if len(weeks) < 2:
            return Content("")
        first_day = weeks[0][0]
        first, last = weeks[0][1], weeks[-1][1]
        moved = sum(1 for p in s.progress.values() if stage_on(p, s.today) > stage_on(p, first_day))
        return Content(
            f"Since {short_day(first_day)}: {moved} of {sum(last)} students moved up at least one stage; "
            f"{last[-1]} past the last stage (then {first[-1]})."
        )
