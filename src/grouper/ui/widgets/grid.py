"""The class grid: one row per student, one column per check, typed into like a spreadsheet.

Keys are handled here, in the grid's own ``on_key``, and not through bindings:
Textual routes each key to whatever has focus when it is dequeued and runs
ordinary bindings only after the key bubbles up, so a fast burst such as
``5⏎6⏎`` would otherwise land digits in the wrong cell. Handling them in
order, here, keeps every keystroke where the teacher meant it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.message import Message
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from .one_line import one_line

if TYPE_CHECKING:  # the app's first look at a class draws this grid before the core is loaded
    from textual.app import App

    from grouper.core.models import Check, Pathway
    from grouper.core.placement import Placement

#: Columns before the checks: the student and their place on the path.
FIXED = 2
#: The Place column: the cursor can rest there (Enter opens the student), never on the name.
PLACE = 1
STATUS_MARK = {"working": "▸", "needs-assessment": "?", "complete": "★"}
MAX_DIGITS = 6
_MOVES = {
    "enter": (1, 0), "tab": (0, 1), "shift+tab": (0, -1),
    "up": (-1, 0), "k": (-1, 0), "down": (1, 0), "j": (1, 0),
    "left": (0, -1), "h": (0, -1), "right": (0, 1), "l": (0, 1),
}


#: Keys the table moves by itself; what was typed is saved before they move.
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
    GridKey("escape", "Cancel what was typed"),
    GridKey("backspace / delete", "Clear the cell (kept in history)"),
)


class CellColours(NamedTuple):
    """Theme colours for cells (rich styles cannot read Textual's $variables)."""

    mastered: str = "green"
    below: str = "red"


def score_cell(value: int | None, check: Check, colours: CellColours, needed: bool = False) -> Text:
    """A score with its mastery shown by a mark as well as colour."""
    if value is None:
        return Text("–", style="dim", justify="right")
    if value >= check.mastery:
        return Text(f"{value}✓", style=f"bold {colours.mastered}", justify="right")
    return Text(f"{value}·", style=colours.below + (" underline" if needed else ""), justify="right")


def place_cell(p: Placement, pathway: Pathway, watch: str = "") -> Text:
    """Stage number, status mark and label; a student who needs a look shows the marker instead.

    ``watch`` is a marker with its word (``⟳ stalled``): a symbol and a word, never colour alone.
    """
    number = "★" if p.status == "complete" else str(p.stage_index + 1)
    mark = "Complete" if p.status == "complete" else STATUS_MARK[p.status]
    if watch:
        return Text.assemble(f"{number} {mark} ", (watch, "bold"), no_wrap=True)
    label = "" if p.status == "complete" else f" {pathway.stage_label(p.stage_index)[:10]}"
    return Text(f"{number} {mark}{label}", no_wrap=True)


def same_text(a: object, b: Text) -> bool:
    """Whether a cell would look the same: rich's ``Text ==`` compares only the words and spans, not the style."""
    return (
        isinstance(a, Text) and a.plain == b.plain and a.style == b.style and a.spans == b.spans
        and a.justify == b.justify and a.overflow == b.overflow and a.no_wrap == b.no_wrap and a.end == b.end
    )


#: Long names are cut in the grid (shown whole in the groups and the map).
NAME_WIDTH = 16


class _Stage(Protocol):
    @property
    def checks(self) -> Sequence[Check]: ...


def add_columns(grid: DataTable[Text], stages: Iterable[_Stage]) -> None:
    """The name and place columns, then one per check, headed by its stage number and id."""
    grid.add_column(Text("Student\n"), key="name", width=NAME_WIDTH)
    grid.add_column(Text("Place\n"), key="place")
    for number, stage in enumerate(stages, start=1):
        for j, check in enumerate(stage.checks):
            top = f"S{number}" if j == 0 else ""
            grid.add_column(Text(f"{top}\n{check.id}"), key=check.id, width=max(4, len(check.id)))


def name_cell(name: str, away: bool) -> Text:
    """A student's name, cut to the column; a student away on the plan day is marked with a word."""
    text = Text(name, no_wrap=True, overflow="ellipsis")
    # A mark and a word, not colour alone: this student is left out of tomorrow's groups.
    return Text.assemble(("⊘ away ", "bold"), text) if away else text


def cell_colours(app: App[Any]) -> CellColours:
    """Mastered and below-mastery colours from the current theme (a mark shows them too).

    Worked out from the theme itself: Textual's ``theme_variables`` are
    brought up to date only after the watchers of a theme change have run,
    so a grid redrawn by one would get the old theme's colours.
    """
    v = app.get_css_variables()
    return CellColours(v.get("text-success", v.get("success", "green")), v.get("text-error", v.get("error", "red")))


#: Saves typed text for (row, column); returns a problem in words, or "" when saved.
CommitHandler = Callable[[int, int, "str | None"], str]


def _no_handler(row: int, column: int, text: str | None) -> str:
    return "not ready"


class ScoreGrid(DataTable[Text]):
    """Scores by student and check; typing digits on a cell starts entry."""

    BINDINGS = [
        Binding("enter", "commit_down", "Save ↓", show=False),
    ]

    def update_cell(
        self, row_key: RowKey | str, column_key: ColumnKey | str, value: Text, *, update_width: bool = False
    ) -> None:
        """Change one cell and draw only its row again (see ``update_row``)."""
        if update_width:
            super().update_cell(row_key, column_key, value, update_width=True)
        else:
            self.update_row(row_key, {column_key: value})

    def update_row(self, row_key: RowKey | str, values: dict[ColumnKey | str, Text]) -> None:
        """Change cells of one row and draw only the cells that changed again.

        DataTable's own ``update_cell`` bumps a counter that is part of every
        render-cache key, so each typed digit re-rendered every visible cell
        (about 450 on a class screen): most of a keystroke's time. Here only the
        changed cells' cached renderings are dropped (a score changes its own
        cell and the place; the row's other cells are drawn from the cache).
        This leans on DataTable's caches as they are in Textual 8 (pinned below
        9); the grid tests show any stale cell.
        """
        key = RowKey(row_key) if isinstance(row_key, str) else row_key
        row_index = self._row_locations.get(key)
        columns = {ColumnKey(c) if isinstance(c, str) else c: v for c, v in values.items()}
        if row_index is None or any(c not in self._column_locations for c in columns):
            for column, value in columns.items():  # DataTable names what is missing
                super().update_cell(key, column, value)
            return
        canonical = self._row_locations.get_key(row_index)  # the key object the caches hold
        row = self._data[canonical]
        # A row is given whole, but a score changes one or two of its cells: only those are drawn again.
        changed = {c: v for c, v in columns.items() if not same_text(row.get(c), v)}
        if not changed:
            return
        row.update(changed)
        self._row_renderable_cache.discard((self._update_count, row_index))
        # (LRUCache has no __iter__, hence keys().)
        for cell in [k for k in self._cell_render_cache.keys() if k[0] is canonical and k[1] in changed]:  # noqa: SIM118
            self._cell_render_cache.discard(cell)
        for line in [k for k in self._row_render_cache.keys() if k[0] is canonical]:  # noqa: SIM118
            self._row_render_cache.discard(line)
        self._line_cache.clear()  # keyed by screen line; the other rows' cells stay cached
        self._lines = {k: v for k, v in self._lines.items() if k[0] is not canonical}
        self.refresh_row(row_index)

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
        #: Screen lines drawn, keyed by their row and the cursor only when it is in that row (``_render_line``).
        self._lines: dict[tuple[object, ...], Strip] = {}
        super().__init__(cursor_type="cell", header_height=2, fixed_columns=FIXED, zebra_stripes=True, **kwargs)
        self.buffer = ""
        self._editing_at: Coordinate | None = None
        self.commit_handler: CommitHandler = _no_handler

    # --- drawing -----------------------------------------------------------

    def _render_line(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        """A screen line, drawn again only when something it shows changed.

        DataTable caches each line under the cursor's position, so every cursor
        move (Enter after each score moves down) drew every visible line again.
        A body line shows the cursor or hover only when it is in that line's row;
        the header shows the cursor's column, so it keeps the whole position.
        """
        try:
            row_key, _ = self._get_offsets(y)
        except LookupError:
            return super()._render_line(y, x1, x2, base_style)
        row = -1 if row_key is self._header_row_key else self._row_locations.get(row_key)
        cursor, hover = self.cursor_coordinate, self.hover_coordinate
        key = (
            row_key, y, x1, x2, self.size.width, base_style,
            cursor if row in (-1, cursor.row) else None, hover if row in (-1, hover.row) else None,
            self.cursor_type, self.show_cursor, self._show_hover_cursor, self._update_count,
            self._pseudo_class_state,
        )
        strip = self._lines.get(key)
        if strip is None:
            if len(self._lines) > 4000:
                self._lines.clear()
            strip = self._lines[key] = super()._render_line(y, x1, x2, base_style)
        return strip

    def _render_cell(
        self, row_index: int, column_index: int, base_style: Style, width: int, cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        """A body cell, drawn by ``one_line`` when it is one line of text (every cell of the grid but the header).

        The styles are DataTable's own, layered as it layers them: the row's
        style and the cell's place under the cell's text, the cursor and hover
        over it. The result goes in DataTable's cell cache under its key, so
        whatever drops cached cells (``update_row``, a theme change) drops
        these too. The header's two lines, and anything ``one_line`` declines,
        are drawn DataTable's way.
        """
        row_key = self._row_locations.get_key(row_index) if row_index >= 0 and column_index >= 0 else None
        row = self.rows.get(row_key) if row_key is not None else None
        if row is None or row.height != 1:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        key = (
            row_key, self._column_locations.get_key(column_index), base_style, cursor, hover,
            self._show_hover_cursor, self._update_count, self._pseudo_class_state,
        )
        cached = self._cell_render_cache.get(key)
        if cached is not None:
            return cached
        cell = self._get_row_renderables(row_index).cells[column_index]
        component, post = self._get_styles_to_render_cell(
            False, False, column_index < self.fixed_columns or row_index < self.fixed_rows, hover, cursor,
            self.show_cursor, self._show_hover_cursor, self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        pre = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component
        app = self.app
        lines = (
            one_line(cell, width, self.cell_padding, pre, post, app.console, app.console_options)
            if isinstance(cell, Text) else None
        )
        if lines is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        self._cell_render_cache[key] = lines
        return lines

    def _clear_caches(self) -> None:
        super()._clear_caches()
        self._lines.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()  # a theme change: DataTable drops its renders (not via _clear_caches)
        self._lines.clear()

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
        col = max(PLACE, min(len(self.columns) - 1, col + dcol))
        self.move_cursor(row=row, column=col)

    def on_key(self, event: events.Key) -> None:
        key = event.key
        handled = True
        char = event.character or ""
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
            # Page and Home/End keys move by the table's own bindings: save first, like the arrows.
            if not self.commit_entry():
                event.stop()
                event.prevent_default()
            return
        if char.isdigit() and char.isascii() and self.cursor_column >= FIXED:
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

    def on_click(self, event: events.Click) -> None:
        # A click elsewhere saves what was being typed, like a spreadsheet.
        self.commit_entry()
