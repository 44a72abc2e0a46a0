"""The grouper app: opens the store, holds its writer lock, and shows a class.

The store stays locked for as long as the app is open, so a `grouper score`
from another terminal is refused instead of silently overwritten. A second
copy of the app on the same store opens read-only and says so.
"""

from __future__ import annotations

import datetime as dt
import errno
import gc
import inspect
import shutil
from collections.abc import Awaitable, Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import ANSIToTruecolor, LineFilter
from textual.screen import Screen

from grouper.config.prefs import Config
from grouper.core.errors import GrouperError, with_way_out
from grouper.ui.themes import DEFAULT_THEME, load_themes
from grouper.ui.widgets.terminal_safe import TERMINAL_SAFE

#: A store that refuses writes for one of these reasons opens read-only instead of not at all.
READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})

if TYPE_CHECKING:  # the store (and tinydb with it) loads after the first frame: see on_mount
    from grouper.session.stores import ClassLook, Store


class GrouperApp(App[int]):
    TITLE = "grouper"
    CSS_PATH = "grouper.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("colon", "quick_entry", "Quick entry", priority=True, id="quick_entry",
                tooltip="Quick entry: type student check score (e.g. zoe lid 52), Enter saves"),
        Binding("question_mark", "help", "Help", id="help", tooltip="This list of keys", priority=True),
        Binding("f1", "help", "Help", show=False, priority=True),
        Binding("t", "next_theme", "Theme", show=False, id="theme",
                tooltip="Next theme (classroom dark, classroom light, projector)"),
        Binding("ctrl+q", "quit", "Quit", show=False, id="quit", tooltip="Quit (everything is already saved)"),
        Binding("f12", "screenshot", "Screenshot", show=False, id="screenshot", priority=True,
                tooltip="Save a picture of the screen (SVG) in the exports folder"),
    ]

    def __init__(
        self,
        root: Path | None,
        demo: bool = False,
        today: dt.date | None = None,
        clock: Callable[[], dt.datetime] | None = None,
        first_look: bool | None = None,
    ) -> None:
        """``root`` None (with ``demo``): make a throwaway store of the sample classes, removed on the way out.

        ``today`` and ``clock`` fix the date and the time shown, for tests and
        screenshots. ``first_look`` paints the class from its file before
        loading it (see ``on_mount``); by default only in a real terminal.
        """
        super().__init__()
        self.root = root
        self.first_look = first_look
        self._first_look_shown = False
        self.demo = demo
        self._today = today
        self.clock = clock or dt.datetime.now
        self.store: Store | None = None
        #: Keys that arrived while an action was waiting its turn (see ``in_order``).
        self._held: list[events.Key] | None = None
        #: A demo store this app made itself (from the welcome screen), to remove on the way out.
        self._demo_folder: Path | None = None
        #: The ANSI-to-truecolor filter for the theme in use, and which theme it was made for.
        self._truecolor_filter: tuple[tuple[str, bool], ANSIToTruecolor] | None = None
        self.config = Config() if demo else Config.load()
        loaded = load_themes()
        self.theme_labels = loaded.labels
        self.startup_notes = list(loaded.problems)
        if demo:  # the demo reads nothing of the teacher's but the keys their fingers know
            self.config.keys = Config.load().keys
        if self.config.problem:
            self.startup_notes.append(self.config.problem)
        if self.config.keys:
            from grouper.ui.keys import keymap_problems

            self.startup_notes += keymap_problems(self.config.keys, type(self))
            self.set_keymap(self.config.keys)
        for theme in loaded.themes:
            self.register_theme(theme)
        wanted = self.config.theme or DEFAULT_THEME
        if wanted not in self.available_themes:
            if self.config.theme:
                self.startup_notes.append(f"Theme '{wanted}' not found; using {DEFAULT_THEME}.")
            wanted = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"
        self._start_with_theme(wanted)

    def get_line_filters(self) -> Sequence[LineFilter]:
        # Textual's ANSI-to-truecolor filter is built for the theme the app had when it was made;
        # grouper takes its starting theme before the first frame (``_start_with_theme``), so the
        # filter is the one for the theme in use now (made once per theme, and kept).
        filters = [self._truecolor() if isinstance(f, ANSIToTruecolor) else f for f in super().get_line_filters()]
        # The second line of defence (the first is where text enters the model): whatever a widget
        # paints, no ESC, BEL or bidi override in it ever reaches the terminal as it is.
        return [*filters, TERMINAL_SAFE]

    def _truecolor(self) -> ANSIToTruecolor:
        key = (self.theme, self.native_ansi_color)
        if self._truecolor_filter is None or self._truecolor_filter[0] != key:
            self._truecolor_filter = (key, ANSIToTruecolor(self.ansi_theme, enabled=not self.native_ansi_color))
        return self._truecolor_filter[1]

    def _start_with_theme(self, name: str) -> None:
        """Take the theme before the CSS is first read, so the first frame is drawn in it.

        Setting ``theme`` the usual way before the app runs makes Textual read
        all of its CSS a second time once it starts (about 18 ms, before the
        first frame). Here the theme is taken as the app's starting value,
        with what Textual does for its own starting theme: the dark or light
        class and the CSS variables (the ANSI filter follows in ``get_line_filters``).
        """
        self.set_reactive(App.theme, name)
        theme = self.current_theme
        self.set_class(theme.dark, "-dark-mode", update=False)
        self.set_class(not theme.dark, "-light-mode", update=False)
        self.set_class(True, f"-theme-{theme.name}", update=False)
        self.stylesheet.set_variables(self.get_css_variables())  # the theme's colours, for the first reading

    # --- keys in the order they were typed ------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and self._held is not None:
            self._held.append(event)
            return
        await super().on_event(event)

    def in_order(self, action: Callable[[], Awaitable[object] | object]) -> None:
        """Run ``action`` after every key already typed, and hold later keys until it is done.

        Textual hands each key to the focused widget's queue as soon as it
        arrives, so in a fast burst (``s ⇥ ⇥ 3 ⏎``, a paste, tmux) the keys after
        ``s`` would reach the grid before the settings dialog is up, and a key
        bound on the screen would act before the digits typed ahead of it.
        Queuing the action behind those keys, and holding the keys that come
        after it until any screen it opens has focus, keeps every keystroke
        where the teacher meant it.
        """
        if self._held is None:
            self._held = []
        target = self.focused or self.screen

        async def run() -> None:
            try:
                result = action()
                if inspect.isawaitable(result):
                    await result
            finally:
                self.call_later(self._release_keys)

        # The widget's queue only marks the place in the typing order; the
        # action runs on the app's own queue, so closing the screen that holds
        # the widget does not wait on the widget itself.
        target.call_later(lambda: self.call_later(run))

    def close_screen(self, screen: Screen[object], result: object = None) -> None:
        """Close a screen in typing order: keys typed after Escape go to the screen underneath."""
        self.in_order(lambda: screen.dismiss(result))

    async def _release_keys(self) -> None:
        screen = self.screen
        if screen.focused is None:
            for widget in screen.query(screen.AUTO_FOCUS or self.AUTO_FOCUS or "*"):
                if widget.focusable:
                    screen.set_focus(widget)
                    break
        held, self._held = self._held or [], None
        for key in held:
            await self.on_event(key)

    # --- the store ---------------------------------------------------------

    def today(self) -> dt.date:
        from grouper.config.clock import today

        return self._today or today()

    def _open_store(self) -> None:
        """Open the store for writing; read-only when another grouper writes to it, or the disk takes no writes."""
        from grouper.session.stores import Store, StoreLocked, WriteRefused

        if self.root is None:
            from grouper.session.demo import make_demo_store

            self.root = self._demo_folder = make_demo_store(self.today())  # removed when the app closes
        try:
            self.store = Store(self.root, writable=True, journal=True)
        except StoreLocked as e:
            self.store = Store(self.root, writable=False)
            self.startup_notes.append(f"{e}: opened read-only, nothing you type here is saved.")
        except WriteRefused as e:
            if e.errno not in READ_ONLY_ERRNOS:
                raise
            # A read-only disk (a CD, a locked USB stick, a school share) or a folder we may not write:
            # the classes can still be looked at, as when another grouper has the store.
            self.store = Store(self.root, writable=False)
            self.startup_notes.append(f"{e}. Opened read-only: nothing you type here is saved ({e.hint}).")

    def on_mount(self) -> None:
        """Open the store and show the class; in a terminal, paint the class from its file first.

        Loading the store means importing tinydb, the store and the planning
        modules, reading every file and working out places and groups. The first look
        (``store.peek``) needs only json, so names and scores are on screen
        at once; the checked class replaces it a moment later, and keys typed
        meanwhile wait for it, in order.
        """
        if not self._first_look_shown:
            self._open()
            return
        if self._held is None:
            self._held = []
        self.call_after_refresh(self._open_after_first_look)

    def get_default_screen(self) -> Screen[object]:
        """The first look, as the app's very first screen (so the first frame Textual draws has the class)."""
        wanted = self.first_look if self.first_look is not None else not self.is_headless
        look = self._look() if wanted else None
        if look is None:
            return super().get_default_screen()
        from grouper.ui.screens.opening import OpeningScreen

        self._first_look_shown = True
        return OpeningScreen(look, self.today(), self.demo)

    def _look(self) -> ClassLook | None:
        from grouper.session.stores import look_at_bundle, look_at_store

        if self.root is None:
            from grouper.config.resources import sample_class_files

            files = sample_class_files()
            return look_at_bundle(files[0]) if files else None
        return look_at_store(self.root, self.config.last_class)

    def _open_after_first_look(self) -> None:
        opened = self._open()
        if opened is None:  # it could not open (the app is on its way out)
            self.call_later(self._release_keys)
            return

        async def then_release_keys() -> None:
            # Awaited off the app's own queue: the screen switch needs that queue to finish.
            try:
                await opened
            finally:
                self.call_later(self._release_keys)

        self.run_worker(then_release_keys(), name="opening", group="opening")

    def _open(self) -> Awaitable[object] | None:
        try:
            self._open_store()
            opened = self._show_first_screen()
        except GrouperError as e:
            from rich.text import Text

            from grouper.core.text import visible_lines

            # Text, never markup: the message quotes file names and what the files held.
            self.exit(return_code=e.exit_code, message=Text(visible_lines(with_way_out(e))))
            return None
        for note in self.startup_notes:
            self.notify(note, severity="warning", markup=False, timeout=8)
        return opened

    def _show_first_screen(self) -> Awaitable[object] | None:
        assert self.store is not None
        names = self.store.class_names()
        if not names:
            from grouper.ui.screens.welcome import WelcomeScreen

            if len(self.screen_stack) > 1:
                return self.switch_screen(WelcomeScreen())
            return self.push_screen(WelcomeScreen())
        first = self.config.last_class if self.config.last_class in names else names[0]
        return self.open_class(first)

    def open_class(self, name: str) -> Awaitable[object]:
        from grouper.session.class_session import ClassSession
        from grouper.ui.screens.class_screen import ClassScreen

        assert self.store is not None
        session = ClassSession(self.store, name, self.today())
        screen = ClassScreen(session)
        opened = self.switch_screen(screen) if len(self.screen_stack) > 1 else self.push_screen(screen)
        if not self.demo:
            self.config.last_class = name
            self.config.save()
        return opened

    def settle_memory(self) -> None:
        """Take what is loaded out of the garbage collector's way, so typing never waits for it.

        Python's full collection walks every object the app holds (Textual's
        widgets, the class and its scores): 30-60 ms here, at a moment of its
        choosing, often in the middle of a keystroke. Once a class is on
        screen, one collection now and ``gc.freeze`` leave only newer objects
        to be walked. Unfreezing first lets the previous class's screen, if
        one was open, be collected.
        """
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()
        if self._demo_folder is not None:
            shutil.rmtree(self._demo_folder, ignore_errors=True)

    # --- actions ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that do nothing on this screen are left out of its footer."""
        name = type(self.screen).__name__
        if action == "quick_entry" and name != "ClassScreen":
            return False
        return not (action == "help" and name == "HelpScreen")

    def action_quick_entry(self) -> None:
        from textual.actions import SkipAction
        from textual.widgets import Input

        from grouper.ui.screens.class_screen import ClassScreen

        # Typing ':' into any other text box (a note, a dialog) must still type it.
        if (isinstance(self.focused, Input) and self.focused.id != "quick") or not isinstance(self.screen, ClassScreen):
            raise SkipAction()
        self.in_order(self.screen.open_quick_entry)

    def action_help(self) -> None:
        from textual.actions import SkipAction
        from textual.widgets import Input

        if isinstance(self.focused, Input):
            raise SkipAction()  # '?' typed into a text box is just a question mark
        self.in_order(self.show_help)

    def show_help(self) -> object:
        from grouper.ui.screens.info import HelpScreen

        if type(self.screen).__name__ == "HelpScreen":
            return None
        settle = getattr(self.screen, "settle_entry", None)
        if settle is not None and not settle():
            return None
        return self.push_screen(HelpScreen(self.screen))

    def action_switch_class(self) -> object:
        from grouper.ui.screens.dialogs import ClassPicker

        assert self.store is not None
        names = self.store.class_names()
        current = getattr(getattr(self.screen, "session", None), "name", None)

        def chosen(name: object) -> None:
            if isinstance(name, str) and name != current:
                self.open_class(name)

        return self.push_screen(ClassPicker(names, current), chosen)

    def action_screenshot(self) -> None:
        """Save the screen as an SVG where the exports go, and say where (on screen, as exports do)."""
        from grouper.core.errors import GrouperError
        from grouper.reports.exports import save_export, screenshot_path

        session = getattr(self.screen, "session", None)
        path = screenshot_path(getattr(session, "name", "grouper"), self.clock())
        try:
            if self.root is None:
                raise GrouperError("no store is open")
            save_export(path, self.export_screenshot(title="grouper"), store=self.root, make_folder=True)
            said, problem = f"Screenshot saved: {path}", False
        except (GrouperError, OSError) as e:
            said, problem = f"Screenshot not saved: {e}", True
        say = getattr(self.screen, "say", None)
        if callable(say):
            say(said, problem)
        else:
            self.notify(said, markup=False, severity="error" if problem else "information")

    def action_next_theme(self) -> None:
        names = [n for n in self.theme_labels if n in self.available_themes] or [self.theme]
        nxt = names[(names.index(self.theme) + 1) % len(names)] if self.theme in names else names[0]
        self.set_theme(nxt)

    def set_theme(self, name: str) -> None:
        self.theme = name
        self.notify(f"Theme: {self.theme_labels.get(name, name)}", markup=False, timeout=3)
        if not self.demo:
            self.config.theme = name
            problem = self.config.save()
            if problem:
                self.notify(problem, severity="warning", markup=False)

    def action_new_class(self, roster_first: bool = False) -> None:
        from grouper.formats.pathways import builtin_pathways
        from grouper.ui.screens.dialogs import NewClassDialog

        assert self.store is not None
        pathways = builtin_pathways()
        try:
            pathways.update(self.store.user_pathways())
        except (GrouperError, OSError) as e:
            # A damaged pathway file of the teacher's is named, not fatal: the built-in ones still work.
            self.notify(f"{e}\nOnly the built-in pathways are offered.", severity="warning", markup=False, timeout=10)
        self.push_screen(NewClassDialog(pathways, roster_first), lambda r: self._create_class(r, pathways))

    def _create_class(self, result: object, pathways: dict) -> None:  # type: ignore[type-arg]
        import dataclasses

        from grouper.core.models import ClassRecord
        from grouper.formats.csvfile import read_csv_file
        from grouper.formats.roster import merge_roster

        if not isinstance(result, tuple) or self.store is None:
            return
        name, pathway_id, roster = result
        try:
            record = ClassRecord(name, pathways[pathway_id])
            if roster is not None:
                # Everyone on the first roster joins the class today: not due until due_days from now.
                record.students = [dataclasses.replace(s, joined=self.today())
                                   for s in merge_roster([], read_csv_file(roster)).students]
            self.store.create_class(record)
        except (GrouperError, OSError) as e:
            self.notify(str(e), severity="error", markup=False, timeout=10)
            return
        self.open_class(name)

    def action_open_demo(self) -> None:
        if self.store is not None:
            self.store.close()
        self.root = None  # a new demo store, removed when the app closes
        self.demo = True
        self.config = Config()
        self._open_store()
        self._show_first_screen()

    # --- command palette --------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        from grouper.ui.screens.class_screen import ClassScreen
        from grouper.ui.screens.week import WeekScreen

        if isinstance(screen, ClassScreen):
            yield SystemCommand("Quick entry", "Type student check score, e.g. zoe lid 52", screen.open_quick_entry)
            yield SystemCommand("Undo", "Undo the last score change", screen.undo)
            yield SystemCommand("Redo", "Redo the score change just undone", screen.redo)
            yield SystemCommand("Toggle absent", "Mark the student under the cursor away for tomorrow (or back)",
                                screen.toggle_absent)
            yield SystemCommand("Class settings", "Group sizes, most groups a day, when a student is stalled or due",
                                screen.settings)
            yield SystemCommand("Pathway map", "The stages in order, with focus and students at each",
                                screen.pathway_map)
            yield SystemCommand("Student detail", "Scores with dates and notes, sparklines, stage timeline",
                                screen.student_detail)
            yield SystemCommand("Needs attention", "Who is stalled, slipped or due a check, and for how long",
                                screen.attention)
            yield SystemCommand("Lock the plan", "Keep the plan for the plan day; later changes are listed",
                                screen.lock_plan)
            yield SystemCommand("Data wall", "Students at each stage, week by week", screen.data_wall)
            yield SystemCommand("Tier of support…", "The student under the cursor: Tier 1, or 2 or 3 with an "
                                "intervention (S)", screen.tier)
            yield SystemCommand("MTSS meeting", "Tiers, interventions, sessions delivered, reviews due, who to "
                                "discuss (M)", screen.mtss)
            yield SystemCommand("School view", "Every class: students per stage, stalled, tiers, at benchmark, "
                                "moved up; grade totals (H)", screen.school)
            yield SystemCommand("Grade block", "The grade team's block: a card per adult over the pooled classes, "
                                "and where each class's students go (B)", screen.grade_block)
            yield SystemCommand("What teaching works", "Per stage and detour: taught, mastered, stalled, days and "
                                "sessions until mastery (T)", screen.teaching)
            yield SystemCommand("Week view", "Which groups meet each day this week; mark no-group days",
                                screen.week_view)
            yield SystemCommand("Import roster or scores…", "A CSV file: see how each column is read, fix it, "
                                "preview, import", screen.import_file)
            yield SystemCommand("Equity lens", "Show tags and split the lists and the data wall by tag (on/off)",
                                screen.equity_lens)
            yield SystemCommand("Move student…", "Move the student under the cursor to another group, or pin them",
                                screen.move_student)
            yield SystemCommand("Detour…", "Take the student under the cursor on a detour of their stage, or end it",
                                screen.detour)
            yield SystemCommand("Keep apart / together…", "Who must not, or must, share a group", screen.rules)
            yield SystemCommand("Export plan…", "Printable group cards and a day sheet, or Markdown, CSV, HTML",
                                screen.export_plan)
            yield SystemCommand("Peer coaches", "Suggest classmates who mastered a check to coach a peer (on/off)",
                                screen.peer_coaches)
            yield SystemCommand("Hide / show groups", "The grid takes the whole width (G)", screen.toggle_groups)
        from grouper.ui.screens.student import StudentScreen

        if isinstance(screen, StudentScreen):
            yield SystemCommand("Add a note", "A dated note about this student (n)", screen.action_write_note)
            yield SystemCommand("Detour…", "Take this student on a detour of their stage, or end it (d)",
                                screen.action_detour)
            yield SystemCommand("Goal…", "A target score on a check by a date, with its line and the rule (g)",
                                screen.action_set_goal)
            yield SystemCommand("Tier…", "The tier of support: 1 core, 2 or 3 an intervention (S)",
                                screen.action_set_tier)
        from grouper.ui.screens.block import BlockScreen

        if isinstance(screen, BlockScreen) and screen.blocks:
            yield SystemCommand("Block: by class / by adult", "Where each class's students go, or a card per "
                                "adult (c)", screen.action_toggle_view)
            if len(screen.blocks) > 1:
                yield SystemCommand("Block: next block", "The next of the store's blocks (b)",
                                    screen.action_next_block)
            yield SystemCommand("Block: next school day", "The block's plan for the next school day (→)",
                                screen.action_next_day)
            yield SystemCommand("Block: previous school day", "The block's plan for the school day before (←)",
                                screen.action_previous_day)
        if isinstance(screen, WeekScreen):
            yield SystemCommand("No groups that day", "Mark the day under the cursor as a day with no small groups "
                                "(or back)", screen.action_toggle_no_groups)
        if self.store is not None and self.store.class_names():
            yield SystemCommand("Switch class", "Open another class", self.action_switch_class)
        yield SystemCommand("New class", "Create a class on a pathway", self.action_new_class)
        yield SystemCommand("Help", "Every key", self.show_help)
        yield SystemCommand("Screenshot", "Save a picture of the screen (SVG) in the exports folder (F12)",
                            self.action_screenshot)
        for name, label in self.theme_labels.items():
            yield SystemCommand(f"Theme: {label}", "Switch to this colour theme", lambda n=name: self.set_theme(n))
        yield SystemCommand("Quit", "Quit grouper (everything is already saved)", self.action_quit)
