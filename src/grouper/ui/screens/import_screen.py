"""The import screen: a roster or scores file, read the way the teacher says.

A OneRoster folder or .zip (what a school's information system exports) lists
its classes instead: Enter on one previews who would be added, updated or made
inactive, ``i`` imports them.

Type the file's path and Enter. grouper says what it thinks the file is (a
roster, scores one row per score, or scores one column per check), shows how
each column will be read with its first values, and previews what an import
would do, problems included, before anything is saved. ``←``/``→`` change how
the highlighted column is read, ``k`` reads the file as the other kind, ``i``
imports. Nothing is written until then, and a file with any problem is not
imported at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from grouper.config.prefs import Config
from grouper.core.dates import NO_PREFERENCE, day_words
from grouper.core.errors import GrouperError
from grouper.core.score_entry import Entry
from grouper.formats.column_map import IGNORE, Kind, Role, guess, guess_kind, remap, roles_for
from grouper.formats.csvfile import CsvTable, read_csv_file
from grouper.formats.oneroster import OrClass, Package
from grouper.formats.oneroster_files import load_package
from grouper.formats.oneroster_merge import merge_class
from grouper.formats.roster import merge_roster
from grouper.formats.wide_scores import detect_format, scores_from_csv
from grouper.session.class_session import ClassSession
from grouper.ui.widgets.inputs import InOrderInput

#: Rows of the file shown in the preview.
PREVIEW_ROWS = 5


@dataclass
class Reading:
    """A file and how it is being read: what the screen shows and what ``i`` imports."""

    path: Path
    table: CsvTable
    kind: Kind
    mapping: dict[str, Role]

    @property
    def long(self) -> bool:
        return detect_format(self.table) == "long"


class MappingTable(DataTable[Text]):
    """One row per column of the file: its header, how it is read, its first values."""

    BINDINGS = [
        Binding("right,space", "screen.next_role", "Read as next"),
        Binding("left", "screen.previous_role", "Read as previous"),
        Binding("k", "screen.other_kind", "Roster / scores"),
        Binding("i", "screen.import_file", "Import"),
    ]


class ClassList(OptionList):
    """The classes in a OneRoster package: Enter previews one, ``i`` imports it."""

    BINDINGS = [Binding("i", "screen.import_file", "Import")]


class ImportScreen(Screen[str | None]):
    BINDINGS = [Binding("escape", "close", "Cancel", priority=True)]

    def __init__(self, session: ClassSession) -> None:
        super().__init__()
        self.session = session
        self.reading: Reading | None = None
        self.package: Package | None = None
        self.school_classes: list[tuple[OrClass, int]] = []
        #: What an import would save, when the preview found no problem.
        self.ready: tuple[str, object] | None = None
        #: The problem on screen, said again if the teacher presses i anyway.
        self.problem = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="import"):
            yield Static(Content.assemble(
                ("Import into ", "bold"), (self.session.record.name, "bold"),
                "\nA roster or scores CSV: Enter reads it; nothing is saved until you press i. Escape cancels.",
            ), id="import-head")
            yield InOrderInput(placeholder="path to a .csv file (roster or scores), or a OneRoster folder or .zip",
                               id="import-path")
            yield Static(id="import-kind")
            yield MappingTable(id="import-map", cursor_type="row", zebra_stripes=True)
            yield ClassList(id="import-classes")
            yield Static(id="import-preview")
            yield Static(id="import-problems", classes="problem")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()
        self.query_one(MappingTable).display = False
        self.query_one(ClassList).display = False

    # --- reading the file ---------------------------------------------------------

    @on(Input.Submitted, "#import-path")
    def _read(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self._problems("Type the path of a CSV file first.")
            return
        path = Path(text).expanduser()
        self.reading = None
        self.ready = None
        self.query_one(MappingTable).display = False
        self.query_one(ClassList).display = False
        self.query_one("#import-preview", Static).update("")
        try:
            if path.is_dir() or path.suffix.casefold() == ".zip":
                self._read_oneroster(path, load_package(path))
                return
            table = read_csv_file(path)
        except GrouperError as e:
            self.query_one("#import-kind", Static).update("")
            self._problems(str(e))
            return
        pathway = self.session.pathway
        kind = guess_kind(table, pathway)
        self.reading = Reading(path, table, kind, guess(table, kind, pathway))
        self.redraw(keep_row=False)
        table_widget = self.query_one(MappingTable)
        table_widget.display = True
        table_widget.focus()

    # --- a OneRoster package: choose the class -----------------------------------------

    def _read_oneroster(self, path: Path, package: Package) -> None:
        self.package = package
        self.school_classes = package.summaries(self.session.today)
        mode = "delta" if package.delta("enrollments") else "bulk"
        self.query_one("#import-kind", Static).update(Content.assemble(
            (path.name, "bold"), f": OneRoster {package.version} ({mode}), {len(self.school_classes)} classes. "
            "Enter on a class previews its students; ", ("i", "bold"), " imports them.",
        ))
        options = self.query_one(ClassList)
        options.clear_options()
        # Class codes and titles come from the school's file: Content, never markup.
        options.add_options([Option(Content(f"{c.code or c.sourced_id} · {c.title} · {_students(n)}"))
                             for c, n in self.school_classes])
        options.display = True
        if self.school_classes:
            options.highlighted = 0
        options.focus()
        self._problems("" if self.school_classes else "No classes in this package.")

    @on(OptionList.OptionSelected, "#import-classes")
    def _class_chosen(self, event: OptionList.OptionSelected) -> None:
        cls, _count = self.school_classes[event.option_index]
        assert self.package is not None
        try:
            merge = merge_class(self.session.record.students, self.package, cls, self.session.name,
                                self.session.today)
        except GrouperError as e:
            self.ready = None
            self._problems(str(e))
            return
        lines = [f"{cls.title}: would add {len(merge.added)}, update {len(merge.updated)}, make "
                 f"{len(merge.inactivated)} inactive ({len(merge.unchanged)} already match)."]
        lines += [f"  + {s.name}" for s in merge.added[:PREVIEW_ROWS]]
        lines += [f"  ~ {s.name}" for s in merge.updated[:PREVIEW_ROWS]]
        lines += [f"  − {s.name} (no longer enrolled: kept with their scores, out of the groups)"
                  for s in merge.inactivated[:PREVIEW_ROWS]]
        self.query_one("#import-preview", Static).update(Content("\n".join(lines)))
        self._problems("")
        self.ready = ("roster", merge.students)

    def redraw(self, keep_row: bool = True) -> None:
        """Show the mapping and a dry run of the import with it."""
        r = self.reading
        assert r is not None
        what = ("a roster (one row per student)" if r.kind == "roster"
                else "scores, one row per score" if r.long else "scores, one column per check")
        rows = len(r.table.rows)
        self.query_one("#import-kind", Static).update(Content.assemble(
            (r.path.name, "bold"), f": {rows} row{'s' if rows != 1 else ''}, read as {what}   ",
            ("k", "bold"), " reads it as ", "scores" if r.kind == "roster" else "a roster",
            " · ←/→ change how a column is read · ", ("i", "bold"), " imports",
        ))
        table = self.query_one(MappingTable)
        row = table.cursor_row if keep_row else 0
        table.clear(columns=True)
        table.add_column(Text("column in the file"), width=22)
        table.add_column(Text("read as"), width=26)
        table.add_column(Text("first values"))
        for column in r.table.columns:
            role = r.mapping[column]
            samples = ", ".join(v for v in (x.cells.get(column, "") for x in r.table.rows[:3]) if v)
            # Headers and cells are the teacher's own text: Text, never markup.
            table.add_row(Text(r.table.header(column), overflow="ellipsis", no_wrap=True),
                          Text(role.words, style="dim" if role is IGNORE else "bold", overflow="ellipsis",
                               no_wrap=True),
                          Text(samples, overflow="ellipsis", no_wrap=True))
        table.move_cursor(row=min(row, max(0, len(r.table.columns) - 1)))
        self._preview()

    def _preview(self) -> None:
        r = self.reading
        assert r is not None
        self.ready = None
        record = self.session.record
        try:
            table = remap(r.table, r.mapping)
            if r.kind == "roster":
                merge = merge_roster(record.students, table)
                lines = [f"Would add {len(merge.added)} and update {len(merge.updated)} "
                         f"({len(merge.unchanged)} already match the file)."]
                lines += [f"  + {s.name}" + (f"  ({', '.join(s.tags)})" if s.tags else "")
                          for s in merge.added[:PREVIEW_ROWS]]
                lines += [f"  ~ {s.name}" for s in merge.updated[:PREVIEW_ROWS]]
                self.ready = ("roster", merge.students)
            else:
                config = getattr(self.app, "config", None)  # its date_order reads 04/05/2026
                dates = config.date_preference() if isinstance(config, Config) else NO_PREFERENCE
                _fmt, entries = scores_from_csv(record, table, self.session.today, self.session.today, dates)
                students = len({e.student.id for e in entries})
                lines = [f"Would save {len(entries)} score{'s' if len(entries) != 1 else ''} "
                         f"for {students} student{'s' if students != 1 else ''}."]
                lines += [_entry_words(e) for e in entries[:PREVIEW_ROWS]]
                self.ready = ("scores", entries)
        except GrouperError as e:
            self.query_one("#import-preview", Static).update("")
            self._problems(str(e))
            return
        ignored = [r.table.header(c) for c, role in r.mapping.items() if role is IGNORE]
        if ignored:
            lines.append("Not read: " + ", ".join(ignored[:8]) + (" ..." if len(ignored) > 8 else ""))
        self.query_one("#import-preview", Static).update(Content("\n".join(lines)))
        self._problems("")

    def _problems(self, text: str) -> None:
        self.problem = text
        self.query_one("#import-problems", Static).update(Content(text))

    # --- changing the mapping -------------------------------------------------------

    def _step_role(self, step: int) -> None:
        r = self.reading
        if r is None:
            return
        column = r.table.columns[self.query_one(MappingTable).cursor_row]
        roles = roles_for(r.kind, r.long, self.session.pathway)
        at = roles.index(r.mapping[column]) if r.mapping[column] in roles else 0
        r.mapping[column] = roles[(at + step) % len(roles)]
        self.redraw()

    def action_next_role(self) -> None:
        self._step_role(1)

    def action_previous_role(self) -> None:
        self._step_role(-1)

    def action_other_kind(self) -> None:
        r = self.reading
        if r is None:
            return
        r.kind = "scores" if r.kind == "roster" else "roster"
        r.mapping = guess(r.table, r.kind, self.session.pathway)
        self.redraw()

    # --- importing -----------------------------------------------------------------------

    def action_import_file(self) -> None:
        if self.ready is None:
            self._problems(self.problem or "Nothing to import yet: type a file's path and Enter.")
            return
        if self.session.read_only:
            self._problems("read-only: another grouper has this store open; nothing was imported")
            return
        kind, payload = self.ready
        try:
            if kind == "roster":
                self.session.import_students(payload)  # type: ignore[arg-type]
            else:
                self.session.import_scores(payload)  # type: ignore[arg-type]
        except (GrouperError, OSError) as e:
            self._problems(f"NOT SAVED: {e}")
            return
        self.app.close_screen(self, self.session.name)  # type: ignore[attr-defined]

    def action_close(self) -> None:
        self.app.close_screen(self)  # type: ignore[attr-defined]


def _students(n: int) -> str:
    return f"{n} student" + ("" if n == 1 else "s")


def _entry_words(e: Entry) -> str:
    return f"  {e.student.name} · {e.check.label} = {e.value} · {day_words(e.date)}"
