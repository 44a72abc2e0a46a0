"""The class grid: one row per student, one column per check, typed into like a spreadsheet.

A widget of its own on Textual's documented Line API (a ``ScrollView`` that
draws each screen line in ``render_line``), not a DataTable: a DataTable is
not editable, and making one fast enough meant patching its private caches.
The header (two lines) and the name and place columns stay put while the
checks scroll under them. Each drawn line is kept, keyed by what it shows
(the row's version, and the cursor or the mouse only when they are in that
row), so a score or a cursor move draws again only the rows it changed.

Keys are handled here, in the grid's own ``on_key``, and not through bindings:
Textual routes each key to whatever has focus when it is dequeued and runs
ordinary bindings only after the key bubbles up, so a fast burst such as
``5⏎6⏎`` would otherwise land digits in the wrong cell. Handling them in
order, here, keeps every keystroke where the teacher meant it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, Protocol

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.color import Color
from textual.coordinate import Coordinate
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

if TYPE_CHECKING:  # the app's first look at a class draws this grid before the core is loaded
    from rich.console import Console
    from textual.app import App

    from grouper.core.models import Check, Pathway
    from grouper.core.placement import Placement

#: Columns before the checks: the student and their place on the path.
FIXED = 2
#: The Place column: the cursor can rest there (Enter opens the student), never on the name.
PLACE = 1
#: Lines of the header: the stage over its first check, then the check's id.
HEADER = 2
#: Blank cells each side of a cell's text.
PADDING = 1
#: Long names are cut in the grid (shown whole in the groups and the map).
NAME_WIDTH = 17
#: Room for the stage number and a short label (``4 High-fre…``), or the number and a marker (``2 ⟳ stalled``).
PLACE_WIDTH = 11
MAX_DIGITS = 6
_MOVES = {
    "enter": (1, 0), "tab": (0, 1), "shift+tab": (0, -1),
    "up": (-1, 0), "k": (-1, 0), "down": (1, 0), "j": (1, 0),
    "left": (0, -1), "h": (0, -1), "right": (0, 1), "l": (0, 1),
}
#: Keys that jump further than one cell; what was typed is saved first, as with the arrows.
_JUMPS = frozenset({"pageup", "pagedown", "home", "end", "ctrl+home", "ctrl+end"})


class GridKey(NamedTuple):
    """Keys the grid handles itself, listed for the help screen."""

    key: str
    description: str


GRID_KEYS = (
    GridKey("0-9", "Type a score into the cell"),
    GridKey("enter", "Save the score and move down; on the Place column, open the student"),
    GridKey("tab / shift+tab", "Save and move right / left"),
    GridKey("arrows or h j k l", "Move (saving what was typed)"),
    GridKey("pageup / pagedown", "Move a screen up / down"),
    GridKey("home / end", "First / last column (with ctrl: first / last student)"),
    GridKey("escape", "Cancel what was typed"),
    GridKey("backspace / delete", "Clear the cell (kept in history)"),
)


class CellColours(NamedTuple):
    """Theme colours for cells (rich styles cannot read Textual's $variables)."""

    mastered: str = "green"
    below: str = "red"


def score_cell(
    value: int | None, check: Check, colours: CellColours, needed: bool = False, bench: str | None = None
) -> Text:
    """A score with its mastery shown by a mark as well as colour.

    On a screener (a check with a cut score this season) ``bench`` is the student's benchmark
    status, and the mark says it instead: ``●`` at or above, ``◐`` below, ``○`` well below,
    ``◌`` not screened yet this season (the value is last season's).
    """
    if value is None:
        return Text("–", style="dim", justify="right")
    if bench is not None:
        from grouper.core.benchmarks import MARKS

        mark = MARKS.get(bench, "")
        style = {"at-or-above": f"bold {colours.mastered}", "below": colours.below,
                 "well-below": f"bold {colours.below}"}.get(bench, "dim")
        return Text(f"{value}{mark}", style=style, justify="right")
    if value >= check.mastery:
        return Text(f"{value}✓", style=f"bold {colours.mastered}", justify="right")
    return Text(f"{value}·", style=colours.below + (" underline" if needed else ""), justify="right")


def place_cell(p: Placement, pathway: Pathway, watch: str = "") -> Text:
    """The stage number and its label (cut to the column when drawn); a student who needs a look shows the marker.

    The number comes first so it is always in view; ``?`` after it means the
    place needs an assessment to be sure. ``watch`` is a marker with its word
    (``⟳ stalled``): a symbol and a word, never colour alone.
    """
    if p.status == "complete":
        return Text("★ Complete", no_wrap=True, overflow="ellipsis")
    number = f"{p.stage_index + 1}{'?' if p.status == 'needs-assessment' else ''} "
    if watch:
        return Text.assemble(number, (watch, "bold"), no_wrap=True, overflow="ellipsis")
    return Text(number + pathway.stage_label(p.stage_index), no_wrap=True, overflow="ellipsis")


def same_text(a: object, b: Text) -> bool:
    """Whether a cell would look the same: rich's ``Text ==`` compares only the words and spans, not the style."""
    return (
        isinstance(a, Text) and a.plain == b.plain and a.style == b.style and a.spans == b.spans
        and a.justify == b.justify and a.overflow == b.overflow and a.no_wrap == b.no_wrap and a.end == b.end
    )


class _Stage(Protocol):
    @property
    def checks(self) -> Sequence[Check]: ...


def add_columns(grid: ScoreGrid, stages: Iterable[_Stage]) -> None:
    """The name and place columns, then one per check, headed by its stage number and id."""
    grid.add_column(Text("Student\n"), key="name", width=NAME_WIDTH)
    grid.add_column(Text("Place\n"), key="place", width=PLACE_WIDTH)
    for number, stage in enumerate(stages, start=1):
        for j, check in enumerate(stage.checks):
            top = f"S{number}" if j == 0 else ""
            grid.add_column(Text(f"{top}\n{check.id}"), key=check.id, width=max(4, len(check.id)))


_AWAY = " ⊘ away"


def name_cell(name: str, away: bool) -> Text:
    """A student's name, then (for a student away on the plan day) a mark and, when it fits, its word.

    The name comes first so it can be read at 80 columns; a long name is cut
    to leave the mark room. Away students are left out of tomorrow's groups.
    """
    text = Text(name, no_wrap=True, overflow="ellipsis")
    if not away:
        return text
    mark = _AWAY if cell_len(name) + len(_AWAY) <= NAME_WIDTH else _AWAY[:2]
    if cell_len(name) + len(mark) > NAME_WIDTH:
        text.truncate(NAME_WIDTH - len(mark), overflow="ellipsis")
    text.append(mark, "bold")
    return text


def cell_colours(app: App[Any]) -> CellColours:
    """Mastered and below-mastery colours from the current theme (a mark shows them too).

    Worked out from the theme itself: Textual's ``theme_variables`` are
    brought up to date only after the watchers of a theme change have run,
    so a grid redrawn by one would get the old theme's colours.
    """
    v = app.get_css_variables()
    return CellColours(v.get("text-success", v.get("success", "green")), v.get("text-error", v.get("error", "red")))


def cell_line(text: Text, width: int, console: Console) -> list[Segment]:
    """A cell's text as one line exactly ``width`` cells wide, laid out as rich lays out a one-line cell.

    Cut to the width (with ``…`` when the Text's overflow is ellipsis), placed
    by the Text's own justify, padded with blanks. A cell is one line: a line
    break shows only the first line.
    """
    line = text
    if "\n" in line.plain:
        line = line.split("\n", allow_blank=True)[0]
    if "\t" in line.plain:
        line = line.copy()
        line.expand_tabs()
    justify = text.justify or "default"
    overflow = text.overflow or "fold"
    if overflow == "ignore":  # drawn as it is, cut at the cell's edge
        pass
    elif justify in ("right", "center"):
        line = line.copy()
        line.rstrip()
        line.truncate(width, overflow=overflow)
        space = width - line.cell_len
        if justify == "right":
            line.pad_left(space)
        else:
            line.pad_left(space // 2)
            line.pad_right(space - space // 2)
    elif justify == "left":
        line = line.copy()
        line.truncate(width, overflow=overflow, pad=True)
    elif line.cell_len > width:
        line = line.copy()
        line.truncate(width, overflow=overflow)
    # (``Text.render`` leaves out the Text's own style when it has no spans: rich joins lines into one Text first.)
    segments = list(line.render(console)) if line.spans else [Segment(line.plain, console.get_style(line.style))]
    return Segment.adjust_line_length(segments, width, pad=True)


#: Saves typed text for (row, column); returns a problem in words, or "" when saved.
CommitHandler = Callable[[int, int, "str | None"], str]


def _no_handler(row: int, column: int, text: str | None) -> str:
    return "not ready"


class Column(NamedTuple):
    """A column of the grid: its key, its two-line heading and the width of its text."""

    key: str
    label: Text
    width: int

    @property
    def render_width(self) -> int:
        """The width on screen, with the blanks each side."""
        return self.width + 2 * PADDING


class _Styles(NamedTuple):
    """The grid's component styles, read once per style change."""

    base: Style
    header: Style
    fixed: Style
    even: Style
    odd: Style
    cursor: Style
    fixed_cursor: Style
    hover: Style
    background: Color


_NULL = Style()
_PAD = Segment(" " * PADDING)


class ScoreGrid(ScrollView, can_focus=True):
    """Scores by student and check; typing digits on a cell starts entry."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "score-grid--header",
        "score-grid--fixed",
        "score-grid--even-row",
        "score-grid--odd-row",
        "score-grid--cursor",
        "score-grid--fixed-cursor",
        "score-grid--hover",
    }

    # The look of Textual's DataTable, which this grid replaced.
    DEFAULT_CSS = """
    ScoreGrid {
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .score-grid--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .score-grid--header {
                background-tint: $foreground 5%;
            }
            & > .score-grid--fixed-cursor {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
            }
        }
        &:dark > .score-grid--even-row {
            background: $surface-darken-1 40%;
        }
        & > .score-grid--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .score-grid--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .score-grid--fixed {
            background: $secondary-muted;
            color: $foreground;
        }
        & > .score-grid--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .score-grid--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .score-grid--fixed-cursor {
            background: $block-cursor-blurred-background;
            color: $foreground;
        }
        & > .score-grid--hover {
            background: $block-hover-background;
        }
    }
    """

    #: The cell under the cursor (row, column); moving it draws again only the rows it left and entered.
    cursor_coordinate: reactive[Coordinate] = reactive(Coordinate(0, 0), repaint=False, always_update=False)

    class EntryChanged(Message):
        """What is being typed changed, or a problem with it (for the status line)."""

        def __init__(self, buffer: str, problem: str = "") -> None:
            self.buffer = buffer
            self.problem = problem
            super().__init__()

    class StudentChosen(Message):
        """Enter on a student's name or place: open their history."""

        def __init__(self, row: int) -> None:
            self.row = row
            super().__init__()

    class Cancelled(Message):
        """Typing was cancelled: the cell should show its saved value again."""

        def __init__(self, row: int, column: int) -> None:
            self.row = row
            self.column = column
            super().__init__()

    def __init__(self, **kwargs: Any) -> None:
        self._columns: dict[str, Column] = {}
        self._column_list: list[Column] = []
        self._column_index: dict[str, int] = {}
        #: Where each column starts, counting the fixed columns (the scrolled ones start after them).
        self._x: list[int] = []
        self._keys: list[str] = []
        self._row_index: dict[str, int] = {}
        self._rows: list[list[Text]] = []
        #: Bumped when a row changes: part of its lines' cache keys.
        self._versions: list[int] = []
        #: Each cell drawn without cursor or hover, kept until it changes or the styles do.
        self._cells: list[list[list[Segment] | None]] = []
        #: Screen lines drawn, keyed by what they show.
        self._lines: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self._styles: _Styles | None = None
        self._style_generation = 0
        self._hover: Coordinate | None = None
        self.buffer = ""
        self._editing_at: Coordinate | None = None
        self.commit_handler: CommitHandler = _no_handler
        super().__init__(**kwargs)

    # --- contents ------------------------------------------------------------

    @property
    def columns(self) -> dict[str, Column]:
        """The columns by key, in order."""
        return self._columns

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def cursor_row(self) -> int:
        return self.cursor_coordinate.row

    @property
    def cursor_column(self) -> int:
        return self.cursor_coordinate.column

    @property
    def fixed_width(self) -> int:
        """The width of the name and place columns, which never scroll."""
        return sum(c.render_width for c in self._column_list[:FIXED])

    def add_column(self, label: Text, *, key: str, width: int) -> None:
        """A column at the right; rows already there get an empty cell in it."""
        if key in self._columns:
            raise KeyError(f"the grid already has a column {key!r}")
        self._column_index[key] = len(self._columns)
        self._x.append(sum(c.render_width for c in self._column_list))
        self._columns[key] = column = Column(key, label, width)
        self._column_list.append(column)
        self._lines.clear()  # the header shows the columns
        for row, cells in zip(self._rows, self._cells, strict=True):
            row.append(Text(""))
            cells.append(None)
        self._changed_shape()

    def add_row(self, *cells: Text, key: str) -> str:
        """A student's row at the bottom: one cell per column, in column order."""
        if key in self._row_index:
            raise KeyError(f"the grid already has a row {key!r}")
        if len(cells) != len(self._columns):
            raise ValueError(f"a row of {len(cells)} cells for {len(self._columns)} columns")
        self._row_index[key] = len(self._rows)
        self._keys.append(key)
        self._rows.append(list(cells))
        self._versions.append(0)
        self._cells.append([None] * len(cells))
        self._changed_shape()
        return key

    def _changed_shape(self) -> None:
        width = sum(c.render_width for c in self._columns.values())
        self.virtual_size = Size(width, HEADER + len(self._rows))
        self.refresh()

    def get_cell(self, row_key: str, column_key: str) -> Text:
        return self._rows[self._row_index[row_key]][self._column_index[column_key]]

    def get_cell_at(self, coordinate: Coordinate) -> Text:
        return self._rows[coordinate.row][coordinate.column]

    def get_row_at(self, row: int) -> list[Text]:
        return list(self._rows[row])

    def coordinate_to_cell_key(self, coordinate: Coordinate) -> tuple[str, str]:
        """The (row key, column key) of a cell."""
        return self._keys[coordinate.row], self._column_list[coordinate.column].key

    def update_cell(self, row_key: str, column_key: str, value: Text) -> None:
        """Change one cell and draw only its row again."""
        self.update_row(row_key, {column_key: value})

    def update_cell_at(self, coordinate: Coordinate, value: Text) -> None:
        row, column = coordinate
        self.update_row(self._keys[row], {self._column_list[column].key: value})

    def update_row(self, row_key: str, values: dict[str, Text]) -> None:
        """Change cells of one row; only the cells that look different are drawn again, and only this row.

        A row is given whole after a score, but a score changes one or two of
        its cells (the score and the place): the others are kept as drawn.
        """
        row = self._row_index[row_key]
        cells, drawn = self._rows[row], self._cells[row]
        changed = False
        for key, value in values.items():
            column = self._column_index[key]
            if not same_text(cells[column], value):
                cells[column], drawn[column] = value, None
                changed = True
        if changed:
            self._versions[row] += 1
            self.refresh_row(row)

    def refresh_row(self, row: int) -> None:
        """Draw one row's line again (the next frame)."""
        if 0 <= row < len(self._rows):
            self.refresh_line(HEADER + row)

    def clear_drawn(self) -> None:
        """Forget every drawn cell and line (they are drawn again as needed)."""
        self._lines.clear()
        self._cells = [[None] * len(row) for row in self._rows]
        self._styles = None

    def notify_style_update(self) -> None:
        super().notify_style_update()  # a theme change or focus: the component styles change
        self._style_generation += 1
        self.clear_drawn()

    # --- drawing -------------------------------------------------------------

    def _get_styles(self) -> _Styles:
        if self._styles is None:
            style = self.get_component_rich_style
            self._styles = _Styles(
                self.rich_style, style("score-grid--header"), style("score-grid--fixed"),
                style("score-grid--even-row"), style("score-grid--odd-row"), style("score-grid--cursor"),
                style("score-grid--fixed-cursor"), style("score-grid--hover"), self.background_colors[1],
            )
        return self._styles

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        scroll_x, scroll_y = self.scroll_offset
        if y < HEADER:
            return self._line(-1, y, scroll_x, width)
        row = y - HEADER + scroll_y
        if row >= len(self._rows):
            return Strip.blank(width, self._get_styles().base)
        return self._line(row, 0, scroll_x, width)

    def _line(self, row: int, line: int, scroll_x: int, width: int) -> Strip:
        """A header line (row -1) or a student's row, the checks scrolled by ``scroll_x``, from the cache."""
        cursor, hover = self.cursor_coordinate, self._hover
        key = (
            row, line, self._versions[row] if row >= 0 else 0,
            cursor.column if cursor.row == row else -1,
            hover.column if hover is not None and hover.row == row else -1,
            self._style_generation, self.has_focus, scroll_x, width,
        )
        strip = self._lines.get(key)
        if strip is None:
            strip = self._lines[key] = self._draw_line(row, line, scroll_x, width)
        return strip

    def _draw_line(self, row: int, line: int, scroll_x: int, width: int) -> Strip:
        styles = self._get_styles()
        columns = self._column_list
        console = self.app.console
        fixed_width = sum(c.render_width for c in columns[:FIXED])
        if row < 0:
            row_style = fixed_style = styles.header
        else:
            row_style, fixed_style = (styles.odd if row % 2 else styles.even), styles.fixed
        segments: list[Segment] = []
        for column in range(min(FIXED, len(columns))):
            segments += self._cell(row, line, column, fixed_style, styles, console)
        fixed = Strip(segments, fixed_width)
        # Only the scrolled columns that show, then cut to the window.
        left, right = fixed_width + scroll_x, scroll_x + width
        first = max(FIXED, bisect_right(self._x, left) - 1)
        segments = []
        column = first
        while column < len(columns) and self._x[column] < right:
            segments += self._cell(row, line, column, row_style, styles, console)
            column += 1
        end = self._x[column - 1] + columns[column - 1].render_width if column > first else left
        scrolled = Strip(segments, end - self._x[first] if column > first else 0)
        start = left - self._x[first] if column > first else 0
        scrolled = scrolled.crop(start, start + max(0, right - left))
        strip = Strip.join([fixed, scrolled])
        if strip.cell_length < width:  # the table is narrower than the grid: fill the line, as DataTable did
            strip = strip.extend_cell_length(width, self._fill_style(row_style, styles))
        return strip.crop(0, width).simplify()

    @staticmethod
    def _fill_style(row_style: Style, styles: _Styles) -> Style:
        if row_style.bgcolor is None:
            return Style.from_color(row_style.color, row_style.bgcolor)
        faded = Color.from_rich_color(row_style.bgcolor).blend(styles.background, factor=0.25)
        return Style.from_color(color=row_style.color, bgcolor=faded.rich_color)

    def _cell(
        self, row: int, line: int, column: int, base: Style, styles: _Styles, console: Console
    ) -> list[Segment]:
        """One cell's segments: its text over the row's style, under the cursor's or the mouse's."""
        if row < 0:
            label = self._header_label(column, line)
            return self._draw_cell(label, row, column, base, _NULL, console)
        cursor = self.cursor_coordinate == (row, column)
        hover = self._hover == (row, column)
        if not (cursor or hover):
            drawn = self._cells[row][column]
            if drawn is None:
                drawn = self._draw_cell(self._rows[row][column], row, column, base, _NULL, console)
                self._cells[row][column] = drawn
            return drawn
        component = _NULL
        if hover:
            component += styles.hover
        if cursor:
            component += styles.cursor
            if column < FIXED:
                component += styles.fixed_cursor
        post = Style.from_color(component.color) if component.color is not None else _NULL
        return self._draw_cell(self._rows[row][column], row, column, base + component, post, console)

    def _header_label(self, column: int, line: int) -> Text:
        lines = self._column_list[column].label.split("\n", allow_blank=True)
        return lines[line] if line < len(lines) else Text("")

    def _draw_cell(
        self, text: Text, row: int, column: int, pre: Style, post: Style, console: Console
    ) -> list[Segment]:
        segments = [_PAD, *cell_line(text, self._column_list[column].width, console), _PAD]
        # The cell's place as meta, as DataTable had it: it keeps each cell a segment of its own
        # (a screenshot that merges equal styles would run a row into one text).
        pre += Style.from_meta({"row": row, "column": column})
        return list(Segment.apply_style(segments, pre, post))

    # --- the cursor ------------------------------------------------------------

    def validate_cursor_coordinate(self, value: Coordinate) -> Coordinate:
        row = max(0, min(value.row, len(self._rows) - 1))
        column = max(0, min(value.column, len(self._columns) - 1))
        return Coordinate(row, column)

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        self.refresh_row(old.row)
        if new.row != old.row:
            self.refresh_row(new.row)
        self.scroll_to_cursor()

    def move_cursor(self, *, row: int | None = None, column: int | None = None) -> None:
        """Put the cursor on a cell (a row or column left out stays as it is), scrolled into view."""
        now = self.cursor_coordinate
        self.cursor_coordinate = Coordinate(now.row if row is None else row, now.column if column is None else column)

    def scroll_to_cursor(self) -> None:
        """Scroll so the cursor's cell shows beside the fixed columns and under the header."""
        row, column = self.cursor_coordinate
        if not self._columns or not self.size:
            return
        fixed = self.fixed_width
        region = Region(self._x[column], HEADER + row, self._column_list[column].render_width, 1)
        self.scroll_to_region(
            region, spacing=Spacing(HEADER, 0, 0, fixed), animate=False, force=True, immediate=True,
            x_axis=column >= FIXED,
        )

    def _at(self, event: events.MouseEvent) -> Coordinate | None:
        """The cell under the mouse, or None (the header, past the last row or column)."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y < HEADER:
            return None
        row = offset.y - HEADER + self.scroll_offset.y
        fixed = self.fixed_width
        x = offset.x if offset.x < fixed else offset.x + self.scroll_offset.x
        column = bisect_right(self._x, x) - 1
        if row >= len(self._rows) or column < 0 or x >= self.virtual_size.width:
            return None
        return Coordinate(row, column)

    def _set_hover(self, at: Coordinate | None) -> None:
        old, self._hover = self._hover, at
        if old != at:
            for c in (old, at):
                if c is not None:
                    self.refresh_row(c.row)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._at(event))

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def on_click(self, event: events.Click) -> None:
        # A click saves what was being typed, like a spreadsheet, then moves the cursor there.
        at = self._at(event)
        if not self.commit_entry() or at is None:
            return
        self.move_cursor(row=at.row, column=max(PLACE, at.column))
        event.stop()

    # --- entry state -----------------------------------------------------

    @property
    def editing(self) -> bool:
        return self._editing_at is not None

    def redraw_entry(self, problem: str = "") -> None:
        """Show what is being typed in its cell (after anything redrew the row)."""
        if self._editing_at is not None:
            style = "reverse bold" if not problem else "reverse bold red"
            self.update_cell_at(self._editing_at, Text(self.buffer + "▏", style=style, justify="right"))

    def _show_buffer(self, problem: str = "") -> None:
        self.redraw_entry(problem)
        self.post_message(self.EntryChanged(self.buffer, problem))

    def cancel_entry(self) -> None:
        at = self._editing_at
        self._editing_at, self.buffer = None, ""
        if at is not None:
            self.post_message(self.Cancelled(at.row, at.column))
        self.post_message(self.EntryChanged(""))

    def commit_entry(self) -> bool:
        """Save what was typed. False when it was refused (the entry stays, with the reason)."""
        at, buffer = self._editing_at, self.buffer
        if at is None:
            return True
        # Not editing while the handler saves and redraws the row, so the redraw shows the saved value.
        self._editing_at, self.buffer = None, ""
        problem = self.commit_handler(at.row, at.column, buffer)
        if problem:
            self._editing_at, self.buffer = at, buffer
            self.move_cursor(row=at.row, column=at.column)
            self._show_buffer(problem)
            return False
        self.post_message(self.EntryChanged(""))
        return True

    # --- keys --------------------------------------------------------------

    def _move(self, drow: int, dcol: int) -> None:
        row, col = self.cursor_coordinate
        row = max(0, min(self.row_count - 1, row + drow))
        col = max(PLACE, min(len(self._columns) - 1, col + dcol))
        self.move_cursor(row=row, column=col)

    def _jump(self, key: str) -> None:
        row, col = self.cursor_coordinate
        page = max(1, self.scrollable_content_region.height - HEADER)
        last_row, last_column = max(0, self.row_count - 1), len(self._columns) - 1
        target = {
            "pageup": (max(0, row - page), col), "pagedown": (min(last_row, row + page), col),
            "home": (row, PLACE), "end": (row, last_column),
            "ctrl+home": (0, col), "ctrl+end": (last_row, col),
        }[key]
        self.move_cursor(row=target[0], column=target[1])

    def on_key(self, event: events.Key) -> None:
        key = event.key
        handled = True
        char = event.character or ""
        self._set_hover(None)  # the keyboard is in use: no cell lit by a resting mouse
        if self.row_count == 0:
            # A class with no students yet: nothing to type into, and a digit typed says why
            # (the handler answers with the reason and saves nothing).
            if char.isdigit() and char.isascii():
                problem = self.commit_handler(0, self.cursor_column, char)
                if problem:
                    self.post_message(self.EntryChanged("", problem))
                event.stop()
                event.prevent_default()
            return
        if key in _JUMPS:
            if self.commit_entry():
                self._jump(key)
        elif self.cursor_column >= FIXED and (
            (char.isdigit() and char.isascii())
            # A minus starts an entry, so "-3⏎" is refused as a whole with the words every way of typing it gets.
            or (char == "-" and (self._editing_at != self.cursor_coordinate or not self.buffer))
        ):
            if self._editing_at != self.cursor_coordinate:
                self._editing_at, self.buffer = self.cursor_coordinate, ""
            if len(self.buffer) < MAX_DIGITS:
                self.buffer += char
            self._show_buffer()
        elif key == "enter" and not self.editing and self.cursor_column < FIXED:
            self.post_message(self.StudentChosen(self.cursor_row))
        elif key in _MOVES:
            if self.commit_entry():
                self._move(*_MOVES[key])
        elif key == "escape" and self.editing:
            self.cancel_entry()
        elif key == "backspace" and self.editing:
            self.buffer = self.buffer[:-1]
            self._show_buffer()
        elif key in ("backspace", "delete") and self.cursor_column >= FIXED:
            row, col = self.cursor_coordinate
            problem = self.commit_handler(row, col, None)
            if problem:
                self.post_message(self.EntryChanged("", problem))
        else:
            handled = False
        if handled:
            event.stop()
            event.prevent_default()

    def action_commit_down(self) -> None:
        if self.commit_entry():
            self._move(1, 0)
