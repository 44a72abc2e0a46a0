"""The data wall: how many students are at each stage, week by week.

A coach shows this on a projector: each row is a week (the Friday, and
today), each block a student, labelled with the number of their stage, so
the class's movement along the path is visible without reading a number.
With the equity lens on, today's wall is also split by tag.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from grouper.core.progress import stage_on, weekly_profile
from grouper.session.class_session import ClassSession
from grouper.ui.screens.attention import NO_TAG
from grouper.ui.widgets.charts import STAGE_MARKS, short_day, wall_row

#: Theme variables cycled for the stages (the stage numbers carry the meaning; colour helps).
_PALETTE = ("primary", "secondary", "accent", "warning", "success", "error", "foreground")


class DataWallScreen(Screen[None]):
    BINDINGS = [Binding("escape,q", "close", "Back", priority=True)]

    def action_close(self) -> None:
        self.app.close_screen(self)  # type: ignore[attr-defined]

    def __init__(self, session: ClassSession, lens: bool = False) -> None:
        super().__init__()
        self.session = session
        self.lens = lens

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="wall"):
            yield Static(id="wall-chart")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#wall-chart", Static).update(self.chart())
        self.query_one("#wall", VerticalScroll).focus()

    def _colours(self) -> list[str]:
        v = self.app.theme_variables
        return [v.get(name, "white") for name in _PALETTE]

    def _legend(self) -> Content:
        stages = self.session.pathway.stages
        parts = [f"{STAGE_MARKS[i % len(STAGE_MARKS)]} {s.label}" for i, s in enumerate(stages)]
        return Content("   ".join([*parts, "★ Complete"]))

    def _counts(self, counts: list[int]) -> str:
        return " ".join(f"{n:>2}" for n in counts)

    def chart(self) -> Content:
        s = self.session
        colours = self._colours()
        size = len(s.pathway.stages) + 1
        heads = " ".join(f"{STAGE_MARKS[i % len(STAGE_MARKS)]:>2}" for i in range(size - 1)) + "  ★"
        lines = [
            Content.from_markup("[b]Data wall[/b] · $name   (Escape goes back)", name=s.record.name),
            Content("Students at each stage at the end of each week; each block is one student, "
                    "marked with the number of their stage."),
            Content(""),
            self._legend(),
            Content(""),
            Content(f"{'week':<11}{heads}   wall"),
        ]
        rows = weekly_profile(s.record, s.progress, s.today)
        for when, counts in rows:
            label = "today" if when == s.today else f"Fri {short_day(when)}"
            lines.append(Content(f"{label:<11}{self._counts(counts)}   ").append(wall_row(counts, colours)))
        if len(rows) >= 2:
            first, last = rows[0][1], rows[-1][1]
            moved = sum(
                1 for p in s.progress.values()
                if stage_on(p, s.today) > stage_on(p, rows[0][0])
            )
            lines += [Content(""), Content(
                f"Since {short_day(rows[0][0])}: {moved} of {sum(last)} students moved up at least one stage; "
                f"{last[-1]} past the last stage (then {first[-1]})."
            )]
        if self.lens:
            lines += [Content(""), Content.from_markup("[b]Today, by tag[/b] (equity lens)")]
            tags: dict[str, list[int]] = {}
            for st in s.students:
                p = s.progress.get(st.id)
                if p is None:
                    continue
                for tag in st.tags or (NO_TAG,):
                    counts = tags.setdefault(tag, [0] * size)
                    counts[stage_on(p, s.today)] += 1
            ordered = sorted(tags.items(), key=lambda kv: (kv[0] == NO_TAG, kv[0].casefold()))
            width = max([11, *(len(t) + 2 for t, _ in ordered)])
            lines.append(Content(f"{'tag':<{width}}{heads}   wall"))
            for tag, counts in ordered:
                lines.append(Content(f"{tag:<{width}}{self._counts(counts)}   ").append(wall_row(counts, colours)))
        return Content("\n").join(lines)
