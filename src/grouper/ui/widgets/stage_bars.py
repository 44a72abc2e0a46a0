"""Stacked bars in the terminal: students per stage, one bar a row (a week, a class, a tag).

The data walls are shown on a projector, which washes colour out, so colour is never the only sign.
Each bar is two lines thick and each segment carries its stage's mark on the top line and its count
on the line under it, centred in the segment, so a stage reads as a column "mark over count"; the
segments are in path order, left to right, as wide as their counts on one scale for every bar, so
the bars compare. Colour comes from the theme (distinct theme colours in turn, the text in the
colour that contrasts with each), and a legend pairs each mark with its stage's label.

Drawn on Textual's own ``Content`` rather than with plotext: plotext rounds horizontal bars onto rows
and columns loosely (a bar can spill into its neighbour's row, a segment of nobody can show), and a
count a class reads off the wall has to be exact.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.color import Color
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

#: The theme's colours used for the segments, in turn (repeated values, as in a theme where
#: primary and accent are one colour, are used once).
PALETTE = ("primary", "secondary", "success", "warning", "accent", "error", "foreground")


#: The narrowest a segment with somebody in it is drawn: its mark or count and a space, so two
#: neighbours' counts never run together ("1" and "1" are not "11").
NARROWEST = 2


def segment_widths(counts: Sequence[int], columns: float) -> list[int]:
    """The columns each count gets at ``columns`` a student: by rounding the running total, so the
    segments add up to the bar, but never narrower than ``NARROWEST``."""
    widths, done, at = [], 0.0, 0
    for n in counts:
        done += n * columns
        end = max(at + (NARROWEST if n else 0), round(done))
        widths.append(end - at)
        at = end
    return widths


def _centred(text: str, width: int) -> str:
    if len(text) > width:
        return text[:width]
    left = (width - len(text)) // 2
    return " " * left + text + " " * (width - len(text) - left)


class StageBars(Widget):
    """Rows of (label, students at each stage), the stages' marks and labels: bars and a legend under them."""

    #: A blank line between the bars, when the screen has the room (the bars read apart more easily).
    gap: reactive[bool] = reactive(False, layout=True)

    DEFAULT_CSS = """
    StageBars {
        width: 1fr;
        height: auto;
    }
    """

    def __init__(self, rows: Sequence[tuple[str, Sequence[int]]], marks: Sequence[str], labels: Sequence[str],
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows = [(label, tuple(counts)) for label, counts in rows]
        self.marks = tuple(marks)
        self.labels = tuple(labels)

    def _colours(self) -> list[tuple[str, str]]:
        """(background, text) for each colour in turn."""
        seen: list[Color] = []
        variables = self.app.theme_variables
        for name in PALETTE:
            value = variables.get(name)
            if value is None:
                continue
            colour = Color.parse(value)
            if colour not in seen:
                seen.append(colour)
        return [(c.hex, c.get_contrast_text(1.0).hex) for c in seen] or [("white", "black")]

    def legend(self, width: int) -> list[Content]:
        """Each mark in its colour beside its stage's label (the teacher's text, never markup), packed into
        lines of ``width`` without splitting an item."""
        colours = self._colours()
        lines: list[Content] = []
        line = Content("")
        for i, (mark, label) in enumerate(zip(self.marks, self.labels, strict=True)):
            back, fore = colours[i % len(colours)]
            item = Content.assemble((f" {mark} ", f"bold {fore} on {back}"), " ", label)
            if line.cell_length and line.cell_length + 3 + item.cell_length > width:
                lines.append(line)
                line = Content("")
            line = line + "   " + item if line.cell_length else item
        return [*lines, line]

    def bars(self, width: int) -> list[Content]:
        """The bars, two lines each, fitted to ``width`` columns."""
        if not self.rows:
            return []
        colours = self._colours()
        # Labels are the teacher's text: measured in cells (a CJK name is two a character), never markup.
        label_w = max([5, *(Content(label).cell_length for label, _ in self.rows)]) + 1
        top = max([1, *(sum(counts) for _, counts in self.rows)])
        # A grade of more students than the screen has columns is drawn at under a column a student
        # (each segment still NARROWEST wide), never wider than the screen (a bar that wraps is unreadable).
        room = max(NARROWEST * len(self.marks), width - label_w - len(str(top)) - 2)
        columns = room / top
        # Narrow segments drawn wider push a bar out: shrink the scale until the widest bar fits.
        for _ in range(len(self.marks) + 1):
            over = max(sum(segment_widths(c, columns)) for _, c in self.rows) - room
            if over <= 0:
                break
            columns = max(0.0, columns - over / top)
        lines: list[Content] = []
        for r, (label, counts) in enumerate(self.rows):
            if r and self.gap:
                lines.append(Content(""))
            marks: list[tuple[str, str] | str] = [label + " " * (label_w - Content(label).cell_length)]
            numbers: list[tuple[str, str] | str] = [" " * label_w]
            total = sum(counts)
            if not total:
                lines += [Content.assemble(*marks, ("no students", "dim")), Content.assemble(*numbers)]
                continue
            for i, (n, w) in enumerate(zip(counts, segment_widths(counts, columns), strict=True)):
                if not n:
                    continue
                back, fore = colours[i % len(colours)]
                style = f"bold {fore} on {back}"
                marks.append((_centred(self.marks[i], w), style))
                numbers.append((_centred(str(n), w), style))
            marks.append(f" {total}")
            lines += [Content.assemble(*marks), Content.assemble(*numbers)]
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.height_at(width, self.gap)

    def height_at(self, width: int, gap: bool) -> int:
        """Two lines a bar (and the gaps), a blank line, and the legend as it wraps at ``width``."""
        rows = len(self.rows)
        return 2 * rows + (max(0, rows - 1) if gap else 0) + 1 + len(self.legend(width))

    def render(self) -> Content:
        width = self.size.width or 80
        return Content("\n").join([*self.bars(width), Content(""), *self.legend(width)])
