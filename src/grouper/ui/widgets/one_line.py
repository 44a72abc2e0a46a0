"""A one-line table cell drawn straight from its Text: the grid's most repeated drawing, made cheap.

DataTable draws every cell by handing rich a padded, styled wrapper around the
cell and letting rich lay it out as a small page, about 150 µs a cell here.
A class screen has about 500 cells, so that was a tenth of the app's start,
and each Enter redraws two rows of them. A grid cell is one line of text, so
this lays out that one line with the same rich steps (wrap without
wrapping, justify, cut to the width, pad) and nothing else: the same
segments, in about a third of the time. The grid tests compare the two,
cell for cell, on real screens and on random text.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

_NO_STYLE = Style()
_NEWLINE = Text("\n")


def one_line(
    cell: Text,
    width: int,
    padding: int,
    pre_style: Style,
    post_style: Style,
    console: Console,
    options: ConsoleOptions,
) -> list[list[Segment]] | None:
    """The cell as one line of segments, ``width`` wide, or None when it is not a simple one-line cell.

    ``pre_style`` goes under the cell's own styles and ``post_style`` over
    them, as DataTable layers its row, cursor and hover styles. A cell that
    may wrap, holds a tab or a line break, or has no room inside its padding
    is None: the caller draws it the general way.
    """
    inner = width - 2 * padding
    plain = cell.plain
    if inner < 1 or cell.no_wrap is False or "\n" in plain or "\t" in plain:
        return None
    lines = cell.wrap(
        console,
        inner,
        justify=cell.justify or options.justify or "default",
        overflow=cell.overflow or options.overflow or "fold",
        no_wrap=True,
    )
    segments = Segment.adjust_line_length(list(_NEWLINE.join(lines).render(console)), inner, pad=True)
    if padding:
        pad = Segment(" " * padding, _NO_STYLE)
        segments = [pad, *segments, pad]
    return [list(Segment.apply_style(segments, pre_style, post_style))]
