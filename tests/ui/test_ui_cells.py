"""The grid lays out each cell as rich lays out a one-line cell, and a kept line is the line drawn afresh.

The grid draws its cells itself (``cell_line``: cut, justify, pad with rich's
own Text methods) rather than handing rich a padded wrapper per cell (about
three times slower: the first frame draws hundreds of cells). These tests hold
``cell_line`` to rich's general layout on random one-line text in every
justification, overflow and width, and every cell of a real screen, in every
cursor and hover state, to what the grid draws with nothing kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.coordinate import Coordinate
from ui_helpers import grid, make_app

from grouper.ui.widgets.grid import cell_line

CONSOLE = Console(width=80, force_terminal=True, color_system="truecolor", legacy_windows=False)
ALPHABET = "abcXYZ 0123✓·–★▸?⊘éZoëŌ汉字😀\u0301"
STYLES = ["", "bold", "dim", "red", "bold #2e7d32", "underline", "reverse bold", "italic blue on white"]


@st.composite
def cells(draw: st.DrawFn) -> Text:
    plain = draw(st.text(alphabet=ALPHABET, max_size=14))
    text = Text(
        plain,
        style=draw(st.sampled_from(STYLES)),
        justify=draw(st.sampled_from([None, "left", "right", "center", "full", "default"])),
        overflow=draw(st.sampled_from([None, "fold", "crop", "ellipsis", "ignore"])),
        no_wrap=draw(st.sampled_from([None, True])),
    )
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, len(plain)))
        text.stylize(draw(st.sampled_from(STYLES[1:])), start, draw(st.integers(start, len(plain))))
    if draw(st.booleans()):
        text.append(" ⊘ away", "bold")
    return text


def _looks(segments: Iterable[Segment]) -> list[tuple[str, Style]]:
    """Each cell's character and style: what the terminal shows, however the segments are split."""
    return [(ch, s.style or Style()) for s in segments for ch in s.text]


@settings(max_examples=400, deadline=None)
@given(cell=cells(), width=st.integers(1, 24))
def test_cells_are_laid_out_as_rich_lays_out_one_line(cell: Text, width: int) -> None:
    ours = cell_line(cell, width, CONSOLE)
    [theirs] = CONSOLE.render_lines(Padding(cell, 0), CONSOLE.options.update_dimensions(width, 1).update(no_wrap=True))
    assert sum(s.cell_length for s in ours) == width
    assert _looks(Segment.simplify(ours)) == _looks(Segment.simplify(theirs))


def test_a_cell_shows_the_first_line_and_tabs_as_blanks() -> None:
    assert "".join(s.text for s in cell_line(Text("S1\nlid"), 6, CONSOLE)) == "S1    "
    assert "".join(s.text for s in cell_line(Text("a\tb"), 10, CONSOLE)) == "a       b "


async def test_every_cell_in_every_state_is_what_the_grid_draws_afresh(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "right", "right", "4")  # a cell being typed into, the cursor mid-grid
        await pilot.pause()
        g = grid(app)
        for theme in ("classroom-dark", "textual-light"):
            app.theme = theme
            await pilot.pause()
            for row in range(min(g.row_count, 6)):
                for column in range(1, len(g.columns)):
                    g.move_cursor(row=row, column=column)
                    kept = [list(g.render_line(y)) for y in range(g.size.height)]
                    g.clear_drawn()
                    assert [list(g.render_line(y)) for y in range(g.size.height)] == kept, (theme, row, column)
            assert g.cursor_coordinate == Coordinate(5, len(g.columns) - 1)
