"""The grid draws its cells itself (``one_line``), and they come out exactly as DataTable draws them.

The grid's cells are drawn by a short path instead of DataTable's general one
(about three times faster: the app's first frame and every Enter draw
hundreds of them). These tests hold the two to the same segments: every cell
of a real class screen in every cursor and hover state, under two themes, and
random one-line text in every justification, overflow and width.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.padding import Padding
from rich.style import Style
from rich.text import Text
from textual.renderables.styled import Styled
from textual.widgets import DataTable
from ui_helpers import grid, make_app

from grouper.ui.widgets.grid import ScoreGrid
from grouper.ui.widgets.one_line import one_line


def _both_ways(g: ScoreGrid, row: int, column: int, base: Style, width: int, cursor: bool, hover: bool) -> tuple:
    g._cell_render_cache.clear()  # the two share DataTable's cache: each must draw afresh
    ours = ScoreGrid._render_cell(g, row, column, base, width, cursor, hover)
    g._cell_render_cache.clear()
    theirs = DataTable._render_cell(g, row, column, base, width, cursor, hover)
    return ours, theirs


def _assert_every_cell_as_datatable_draws_it(g: ScoreGrid) -> int:
    """Compare every cell of the rows on screen; returns how many went the short way."""
    fixed_style = g.get_component_styles("datatable--fixed").rich_style + Style.from_meta({"fixed": True})
    first = g.scroll_offset.y
    rows = range(first, min(g.row_count, first + g.size.height))
    short = 0
    for row in rows:
        row_style = g._get_row_style(row, g.rich_style)
        cells = g._get_row_renderables(row).cells
        for column, col in enumerate(g.ordered_columns):
            width = col.get_render_width(g)
            for base in ((fixed_style, row_style) if column < g.fixed_columns else (row_style,)):
                if one_line(cells[column], width, g.cell_padding, base, Style(), g.app.console, g.app.console_options):
                    short += 1
                for cursor in (False, True):
                    for hover in (False, True):
                        ours, theirs = _both_ways(g, row, column, base, width, cursor, hover)
                        assert ours == theirs, (row, column, cursor, hover, cells[column])
    return short


async def test_every_cell_of_a_class_screen_is_drawn_as_datatable_draws_it(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "right", "right", "4")  # a cell being typed into, the cursor mid-grid
        await pilot.pause()
        g = grid(app)
        assert _assert_every_cell_as_datatable_draws_it(g) > 300  # nearly every cell took the short way
        app.theme = "textual-light"
        await pilot.pause()
        _assert_every_cell_as_datatable_draws_it(g)


async def test_the_screen_shows_the_same_lines_with_the_short_way_turned_off(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "down", "right", "7")
        await pilot.pause()
        g = grid(app)
        ours = [list(g.render_line(y)) for y in range(g.size.height)]
        g._lines.clear()
        g._cell_render_cache.clear()
        g._row_render_cache.clear()
        g._line_cache.clear()
        g._render_cell = lambda *a, **kw: DataTable._render_cell(g, *a, **kw)  # type: ignore[method-assign]
        theirs = [list(g.render_line(y)) for y in range(g.size.height)]
        assert ours == theirs


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
        text = Text.assemble(("⊘ away ", "bold"), text)
    return text


@settings(max_examples=400, deadline=None)
@given(cell=cells(), width=st.integers(1, 24), padding=st.integers(0, 2), pre=st.sampled_from(STYLES),
       post=st.sampled_from(STYLES))
def test_one_line_draws_random_text_as_datatable_does(cell: Text, width: int, padding: int, pre: str,
                                                      post: str) -> None:
    pre_style = Style.parse(pre or "none") + Style.from_meta({"row": 1, "column": 2})
    post_style = Style.parse(post or "none")
    options = CONSOLE.options
    ours = one_line(cell, width, padding, pre_style, post_style, CONSOLE, options)
    if width - 2 * padding < 1:
        assert ours is None  # no room inside the padding: the general way
        return
    theirs = CONSOLE.render_lines(
        Styled(Padding(cell, (0, padding)), pre_style=pre_style, post_style=post_style),
        options.update_dimensions(width, 1).update(no_wrap=True),
    )
    assert ours == theirs


def test_text_that_may_wrap_or_has_a_tab_or_a_line_break_goes_the_general_way() -> None:
    options = CONSOLE.options
    for cell in (Text("a b c", no_wrap=False), Text("a\tb"), Text("S1\nlid")):
        assert one_line(cell, 10, 1, Style(), Style(), CONSOLE, options) is None
