"""A goal line drawn with the student's scores on it: a plot a coach reads at a glance.

Drawn with textual-plotext (Textual's plotting widget), imported only when the
student view shows a goal. The line runs from the starting score to the target;
each score since is a point, marked ``●`` at or above the line and ``○`` below it
(so the side is never colour alone), and the title says the rule's word.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from textual_plotext import PlotextPlot

from grouper.core.goals import STATUS_WORDS, GoalLine
from grouper.ui.widgets.charts import short_day

#: Rows the plot takes in the student view (enough for the axis, the title and the points).
PLOT_HEIGHT = 12


class GoalPlot(PlotextPlot):
    """One goal: its line, the scores since it started, and the rule's word in the title."""

    DEFAULT_CSS = f"""
    GoalPlot {{
        height: {PLOT_HEIGHT};
        width: 1fr;
        max-width: 90;
    }}
    """

    def __init__(
        self, line: GoalLine, label: str, top: int, phases: Sequence[tuple[dt.date, str]] = (), id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.line = line
        self.label = label
        self.top = top
        #: Phase changes (a tier or intervention changed): a dotted upright line and its words, as
        #: progress-monitoring charts draw them.
        self.phases = tuple(phases)

    def on_mount(self) -> None:
        self.draw()

    def draw(self) -> None:
        line, plt = self.line, self.plt
        plt.clear_data()
        plt.title(f"{self.label}: {line.goal.target} by {short_day(line.goal.by)}: {STATUS_WORDS[line.status]}")
        if line.start is None or line.start_date is None:
            plt.ylim(0, self.top)
            return
        # From a little under the lowest point to the top of the scale, so the points stand apart.
        low = min([line.start, *(v for _, v in line.points)])
        bottom = max(0, low - max(1, self.top // 10))
        plt.ylim(bottom, self.top)
        step = max(1, math.ceil((self.top - bottom) / 4))
        ys = [*range(bottom, self.top, step), self.top]
        plt.yticks(ys, [str(y) for y in ys])  # scores are whole numbers: no "31.0"
        origin = line.start_date

        def x(d: dt.date) -> int:
            return (d - origin).days

        end = max([line.goal.by, *(d for d, _ in line.points)])
        plt.plot([0, x(line.goal.by)], [line.start, line.goal.target], marker="braille", label="goal line")
        above = [(x(d), v) for d, v in line.points if line.on_or_above(d, v)]
        below = [(x(d), v) for d, v in line.points if not line.on_or_above(d, v)]
        plt.scatter([0], [line.start], marker="◆", label="start")
        if above:
            plt.scatter([a for a, _ in above], [v for _, v in above], marker="●", label="at or above")
        if below:
            plt.scatter([a for a, _ in below], [v for _, v in below], marker="○", label="below")
        for day, words in self.phases:
            if 0 <= x(day) <= x(end):
                plt.vline(x(day))
                plt.text(words, x(day), self.top)
        ticks = sorted({0, x(line.goal.by), *(x(d) for d, _ in line.points[-1:])})
        plt.xticks(ticks, [short_day(origin + dt.timedelta(days=t)) for t in ticks])
        plt.xlim(0, x(end))
        self.refresh()
