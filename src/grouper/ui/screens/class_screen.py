"""The main screen: the class grid, tomorrow's groups and the class profile.

Each committed score is saved before anything else happens, then the row, the
groups and the profile are redrawn from what was saved, in the same frame.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import events, on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from grouper.core.dates import day_words
from grouper.core.errors import GrouperError, with_way_out
from grouper.core.models import ClassSettings
from grouper.core.placement import status_words
from grouper.core.plans import pathway_label
from grouper.core.quick_entry import parse_quick
from grouper.core.scores import typed_score
from grouper.reports.attention import short_marks
from grouper.session.class_session import Change, ClassSession
from grouper.ui.widgets.grid import (
    FIXED,
    CellColours,
    ScoreGrid,
    add_columns,
    cell_colours,
    name_cell,
    place_cell,
    score_cell,
)
from grouper.ui.widgets.inputs import InOrderInput
from grouper.ui.widgets.panels import GroupsPanel, Panel, ProfileStrip, StatusLine


class QuickEntry(InOrderInput):
    """The one-line prompt for a reading conference: ``zoe lid 52``.

    Enter hands the line to ``submit_handler`` right here, in typing order. The
    Input's own Submitted message would arrive only after the keys typed behind
    Enter, so in a burst (``zoe lid 52⏎jose cap 11⏎``, a paste, a fast typist)
    the next line was typed onto the one being saved and then cleared with it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.submit_handler: Callable[[str], object] | None = None

    async def on_key(self, event: events.Key) -> None:
        # ':' opens the prompt. An Input takes printable keys before any binding, so once
        # the prompt is open the next ':' (":zoe lid 52⏎:lea ret 4⏎") would be typed into
        # it and read as part of a name. On an empty prompt it only means "next entry".
        if event.character == ":" and not self.value:
            event.stop()
            event.prevent_default()
            return
        if event.key == "enter" and self.submit_handler is not None:
            event.stop()
            event.prevent_default()
            self.submit_handler(self.value)
        # Otherwise InOrderInput's handler, then Input's, run next (Textual calls each class's in turn).


class ClassScreen(Screen[None]):
    # The screen's own keys are priority bindings that queue their action behind
    # the keys typed before them (GrouperApp.in_order), so a fast burst such as
    # ``s ⇥ ⇥ 3 ⏎`` or ``5 a`` acts in the order it was typed. In a text box
    # they step aside (SkipAction) and type the letter.
    BINDINGS = [
        # First, so the footer always has room for them, even at 80 columns.
        Binding("colon", "app.quick_entry", "Quick entry", priority=True, id="quick_entry",
                tooltip="Quick entry: type student check score (e.g. zoe lid 52), Enter saves"),
        Binding("question_mark", "app.help", "Help", priority=True, id="help", tooltip="This list of keys"),
        Binding("a", "toggle_absent", "Absent", id="absent", priority=True,
                tooltip="Mark the student under the cursor away for the plan day (again: back)"),
        Binding("c", "switch_class", "Class", id="switch_class", priority=True, tooltip="Open another class"),
        Binding("p", "pathway_map", "Pathway", id="pathway_map", priority=True,
                tooltip="The pathway map: every stage, its teaching focus and who is there"),
        Binding("s", "settings", "Settings", id="settings", priority=True,
                tooltip="Group sizes, most groups a day, stalled and due rules, groups seen a day"),
        Binding("i", "student_detail", "Student", id="student_detail", priority=True,
                tooltip="The student under the cursor: every score with dates and notes, sparklines, stage timeline"),
        Binding("n", "attention", "Watch", id="attention", priority=True,
                tooltip="Needs attention: who is stalled, slipped or due a check, and for how long"),
        Binding("S", "tier", "Tier", id="tier", show=False, priority=True,
                tooltip="The student's tier of support (MTSS): opens the student with the tier bar ready"),
        Binding("M", "mtss", "MTSS", id="mtss", show=False, priority=True,
                tooltip="The MTSS meeting: tiers, interventions, sessions delivered, reviews due, who to discuss"),
        Binding("H", "school", "School", id="school", show=False, priority=True,
                tooltip="The coach's view of the school: every class per stage, stalled, tiers, benchmark"),
        Binding("T", "teaching", "Teaching", id="teaching", show=False, priority=True,
                tooltip="What teaching works: per stage and detour, how many were taught, mastered, stalled"),
        Binding("L", "lock_plan", "Lock", id="lock_plan", priority=True,
                tooltip="Lock the plan for the plan day as it is; later changes are listed against it"),
        Binding("w", "data_wall", "Wall", id="data_wall", show=False, priority=True,
                tooltip="Data wall: students at each stage, week by week"),
        Binding("v", "week_view", "Week", id="week_view", show=False, priority=True,
                tooltip="Week view: which groups meet each day this week; n there marks a day with no groups"),
        Binding("I", "import_file", "Import", id="import_file", show=False, priority=True,
                tooltip="Import a roster or scores CSV: see how each column is read, fix it, preview, then import"),
        Binding("e", "equity_lens", "Lens", id="equity_lens", show=False, priority=True,
                tooltip="Equity lens on or off: show tags and split the lists and the data wall by tag"),
        Binding("m", "move_student", "Move", id="move_student", show=False, priority=True,
                tooltip="Move the student under the cursor to another group (P in the list pins them there)"),
        Binding("d", "detour", "Detour", id="detour", show=False, priority=True,
                tooltip="Take the student under the cursor on a detour of their stage (or end it)"),
        Binding("r", "rules", "Rules", id="rules", show=False, priority=True,
                tooltip="Keep apart / keep together: who must not, or must, share a group"),
        Binding("x", "export_plan", "Export", id="export_plan", show=False, priority=True,
                tooltip="Export the plan: printable group cards and a day sheet, or Markdown, CSV, HTML"),
        Binding("o", "peer_coaches", "Coaches", id="peer_coaches", show=False, priority=True,
                tooltip="Peer coaches on or off: classmates who mastered a check, to help during independent work"),
        Binding("ctrl+z", "undo", "Undo", id="undo", priority=True,
                tooltip="Undo the last score change (while typing: drop what was typed)"),
        Binding("B", "grade_block", "Block", id="grade_block", priority=True,
                tooltip="The grade team's block: a card per adult over the pooled classes, and where each "
                "class's students go"),
        Binding("ctrl+y", "redo", "Redo", id="redo", show=False, priority=True,
                tooltip="Redo the score change just undone"),
        Binding("g", "focus_groups", "Groups", show=False, id="focus_groups", priority=True,
                tooltip="Move to the groups panel (Escape comes back to the grid)"),
        Binding("G", "toggle_groups", "Hide groups", show=False, id="toggle_groups", priority=True,
                tooltip="Hide the groups panel so the grid has the whole width (again: show it)"),
        Binding("escape", "focus_grid", "Grid", show=False, id="focus_grid",
                tooltip="Back to the grid (from the groups or the quick-entry line)"),
        # Priority, so keys typed right after Escape land in the grid, not the prompt.
        Binding("escape", "close_quick_entry", "", show=False, priority=True),
    ]

    def __init__(self, session: ClassSession) -> None:
        super().__init__()
        self.session = session
        self._colours_of: tuple[str, CellColours] | None = None
        self.row_ids = [s.id for s in session.students]
        self.check_ids = [c.id for c in session.pathway.all_checks()]
        self.saved_note = "✓ all saved" if not session.read_only else "read-only: nothing can be saved"
        #: The equity lens: tags shown and counts split by tag. Off until the teacher turns it on.
        self.lens = False
        #: Peer-coach suggestions on the group cards (off until the teacher asks).
        self.coaches = False

    # --- layout ----------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        with Horizontal(id="body"):
            yield ScoreGrid(id="grid")
            yield GroupsPanel(id="groups")
        yield ProfileStrip(id="profile")
        yield Panel(id="message")
        with Horizontal(id="quick-bar"):
            yield Static(":", id="quick-colon")
            yield QuickEntry(placeholder="quick entry: student check score (e.g. zoe lid 52)", id="quick")
            yield Static(id="quick-preview")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        grid = self.query_one(ScoreGrid)
        grid.commit_handler = self.commit
        self.query_one(QuickEntry).submit_handler = self.submit_quick
        self._build_grid()
        self.refresh_plan()
        self.refresh_status()
        grid.move_cursor(row=0, column=FIXED)
        grid.focus()
        self.watch(self.app, "theme", self._theme_changed, init=False)
        self.call_after_refresh(self.app.settle_memory)  # type: ignore[attr-defined]  # (once the class is shown)
        # A teacher may leave the app open overnight: the day is checked each minute and before each save.
        self.set_interval(60, self.roll_day)

    def _colours(self) -> CellColours:
        """The theme's cell colours, worked out once per theme (every redrawn row asks for them)."""
        theme = self.app.theme
        if self._colours_of is None or self._colours_of[0] != theme:
            self._colours_of = (theme, cell_colours(self.app))
        return self._colours_of[1]

    def _theme_changed(self) -> None:
        for sid in self.row_ids:
            self.refresh_row(sid)

    def _build_grid(self) -> None:
        grid = self.query_one(ScoreGrid)
        add_columns(grid, self.session.pathway.stages)
        for s in self.session.students:
            grid.add_row(*self._row_cells(s.id), key=s.id)

    def _row_cells(self, sid: str) -> list[Text]:
        session = self.session
        student = session.record.student(sid)
        placement = session.placements[sid]
        colours = self._colours()
        progress = session.progress.get(sid)
        watch = short_marks(progress)
        cells = [name_cell(student.name, session.is_absent(sid)), place_cell(placement, session.pathway, watch)]
        benchmarks = progress.benchmarks if progress is not None else {}
        for check in session.pathway.all_checks():
            needed = check.id in placement.below
            cells.append(score_cell(session.value(sid, check.id), check, colours, needed, benchmarks.get(check.id)))
        return cells

    def refresh_row(self, sid: str) -> None:
        grid = self.query_one(ScoreGrid)
        keys: list[str] = ["name", "place", *self.check_ids]
        grid.update_row(sid, dict(zip(keys, self._row_cells(sid), strict=True)))
        # A redraw (theme, absence) never hides a number still being typed in this row.
        grid.redraw_entry()

    def refresh_plan(self) -> None:
        s = self.session
        groups = self.query_one(GroupsPanel)
        groups.show(s.plan, s.pathway, s.progress, s.peer_coaches() if self.coaches else None, s.rotation().days[0])
        groups.show_changes(s.last_locked(), s.changes())
        self.query_one(ProfileStrip).show(s.stage_counts(), s.pathway)

    def refresh_status(self) -> None:
        s = self.session
        day = self._day_words()
        self.query_one(StatusLine).show(
            s.record.name, s.pathway.name, day, self.saved_note, self.app.demo,  # type: ignore[attr-defined]
            s.read_only, len(s.needing_attention()), self.lens,
        )

    def _day_words(self) -> str:
        """The plan day, short enough for 80 columns: ``Mon 23 Nov``."""
        return day_words(self.session.plan_day)

    def say(self, message: str | Content, problem: bool = False) -> None:
        msg = self.query_one("#message", Panel)
        msg.set_class(problem, "problem")
        msg.put(message if isinstance(message, Content) else Content(message))

    # --- saving --------------------------------------------------------------

    def _after_change(self, change: Change, verb: str) -> None:
        s = self.session
        self.refresh_row(change.student)
        self.refresh_plan()
        self.saved_note = f"✓ saved {self.app.clock().strftime('%H:%M:%S')}"  # type: ignore[attr-defined]
        self.refresh_status()
        student = s.record.student(change.student)
        p = s.placements[change.student]
        value = "cleared" if change.after is None else str(change.after)
        if verb == "Undone":  # the score taken back; what counts now is the one before it, or none
            value = "no score" if change.before is None else str(change.before)
        if change.repeat:  # a re-assessment with the same result: saved, dated today, and said so
            value += " (repeat taken back)" if verb == "Undone" else " (same as before)"
        self.say(
            Content.from_markup(
                "$verb: [b]$name[/b] $check = $value  →  $stage",
                verb=verb, name=student.name, check=change.check, value=value,
                stage=f"{s.pathway.stage_label(p.stage_index)} ({status_words(p.status)})",
            )
        )

    def save(self, sid: str, check_id: str, value: int | None, note: str = "") -> str:
        """Save one score and redraw; returns a problem in words, or ""."""
        if self.session.read_only:
            return "read-only: another grouper has this store open; nothing was saved"
        self.roll_day()
        try:
            change = self.session.enter(sid, check_id, value, note)
        except (GrouperError, OSError) as e:
            self.saved_note = "✗ NOT SAVED"
            self.refresh_status()
            return f"NOT SAVED: {with_way_out(e, ' ')}"
        if change is not None:
            self._after_change(change, "Saved")
        else:
            self.refresh_row(sid)  # nothing saved (an empty cell cleared): never leave the cell mid-entry
        return ""

    def roll_day(self) -> bool:
        """Past midnight with the app still open: date scores by the new day and plan the next one."""
        today = self.app.today()  # type: ignore[attr-defined]
        if today == self.session.today:
            return False
        self.session.new_day(today)
        for sid in self.row_ids:
            self.refresh_row(sid)
        self.refresh_plan()
        self.refresh_status()
        self.say(f"A new day: scores are dated {day_words(today)}; the groups are for {self._day_words()}.")
        return True

    def commit(self, row: int, column: int, text: str | None) -> str:
        """The grid's commit handler: check the typed text against the check's scale."""
        if not self.row_ids:
            return "this class has no students yet: add them with grouper roster import"
        sid = self.row_ids[row]
        check = self.session.pathway.check(self.check_ids[column - FIXED])
        if text == "":
            self.refresh_row(sid)
            return ""
        value = None
        if text is not None:
            value, refused = typed_score(check, text)
            if value is None:
                problem = refused or "not a score"
                self.say(problem, problem=True)
                return problem
        problem = self.save(sid, check.id, value)
        if problem:
            self.say(problem, problem=True)
            if text is None:
                self.refresh_row(sid)
        return problem

    @on(ScoreGrid.StudentChosen)
    def _student_chosen(self, event: ScoreGrid.StudentChosen) -> None:
        self.action_student_detail()

    @on(ScoreGrid.Cancelled)
    def _cancelled(self, event: ScoreGrid.Cancelled) -> None:
        self.refresh_row(self.row_ids[event.row])
        self.say("Cancelled.")

    @on(ScoreGrid.EntryChanged)
    def _entry_changed(self, event: ScoreGrid.EntryChanged) -> None:
        if event.problem:
            self.say(event.problem, problem=True)
        elif event.buffer:
            grid = self.query_one(ScoreGrid)
            _row, col = grid.cursor_coordinate
            # In a fast burst this message can arrive after the entry was saved: say nothing stale.
            if col >= FIXED and grid.editing and grid.buffer == event.buffer:
                check = self.session.pathway.check(self.check_ids[col - FIXED])
                self.say(f"Typing {event.buffer} for {check.label} (0 to {check.max}, mastery {check.mastery}); "
                         "Enter saves, Escape cancels")

    # --- quick entry -------------------------------------------------------------

    def open_quick_entry(self) -> None:
        if self.settle_entry():
            self.set_focus(self.query_one(QuickEntry))

    @on(Input.Changed, "#quick")
    def _quick_changed(self, event: Input.Changed) -> None:
        preview = self.query_one("#quick-preview", Static)
        if not event.value.strip():
            preview.update("")
            return
        q = parse_quick(event.value, self.session.record)
        parts: list[Content] = []
        if q.student.found is not None:
            parts.append(Content.from_markup("[b]$n[/b]", n=q.student.found.name))
        if q.check.found is not None:
            parts.append(Content(f"{q.check.found.id} ({q.check.found.label})"))
        if q.value is not None:
            parts.append(Content(f"= {q.value}  ⏎ saves"))
        if q.problem:
            parts.append(Content.from_markup("[i]$p[/i]", p=q.problem))
        preview.update(Content(" · ").join(parts))

    def submit_quick(self, text: str) -> None:
        """Enter in the prompt: save the line, then clear it for the next child (kept when refused)."""
        q = parse_quick(text, self.session.record)
        if not q.ready or q.student.found is None or q.check.found is None or q.value is None:
            self.say(f"Not saved: {q.problem or 'type student check score'}", problem=True)
            return
        problem = self.save(q.student.found.id, q.check.found.id, q.value)
        if problem:
            self.say(problem, problem=True)
            return
        self.query_one(QuickEntry).value = ""
        self.move_to(q.student.found.id, q.check.found.id)

    # --- actions -----------------------------------------------------------------

    def _queue(self, action: Callable[[], object]) -> None:
        """Run a key's action in typing order; in a text box, let the key type itself."""
        if isinstance(self.focused, Input):
            raise SkipAction()
        self.app.in_order(action)  # type: ignore[attr-defined]

    def settle_entry(self) -> bool:
        """Save what is being typed in the grid before another action. False when it was refused."""
        return self.query_one(ScoreGrid).commit_entry()

    def _current_student(self) -> str | None:
        grid = self.query_one(ScoreGrid)
        if not self.row_ids:
            return None
        return self.row_ids[grid.cursor_row]

    def action_toggle_absent(self) -> None:
        self._queue(self.toggle_absent)

    def toggle_absent(self) -> None:
        """Mark the student under the cursor away for the plan day, or back."""
        sid = self._current_student()
        if sid is None or not self.settle_entry():
            return
        if self.session.read_only:
            self.say("read-only: another grouper has this store open", problem=True)
            return
        try:
            absent = self.session.toggle_absent(sid)
        except (GrouperError, OSError) as e:
            self.say(f"NOT SAVED: {e}", problem=True)
            return
        self.refresh_row(sid)
        self.refresh_plan()
        self.refresh_status()
        name = self.session.record.student(sid).name
        day = day_words(self.session.plan_day)
        word = "away" if absent else "back in the groups"
        self.say(Content.from_markup("[b]$name[/b] is $word on $day", name=name, word=word, day=day))

    def _apply_history(self, change: Change | None, verb: str) -> None:
        if change is None:
            self.say(f"Nothing to {verb.lower()}.")
            return
        self._after_change(change, "Undone" if verb == "Undo" else "Redone")
        self.move_to(change.student, change.check)

    def action_undo(self) -> None:
        self._queue(self.undo)

    def undo(self) -> None:
        """Undo the last score change; while typing, it only drops what was typed."""
        grid = self.query_one(ScoreGrid)
        if grid.editing:
            grid.cancel_entry()
            return
        try:
            self._apply_history(self.session.undo(), "Undo")
        except (GrouperError, OSError) as e:
            self.say(f"NOT SAVED: {e}", problem=True)

    def action_redo(self) -> None:
        self._queue(self.redo)

    def redo(self) -> None:
        if not self.settle_entry():
            return
        try:
            self._apply_history(self.session.redo(), "Redo")
        except (GrouperError, OSError) as e:
            self.say(f"NOT SAVED: {e}", problem=True)

    def action_switch_class(self) -> None:
        self._queue(self.switch_class)

    def switch_class(self) -> object:
        if not self.settle_entry():
            return None
        return self.app.action_switch_class()  # type: ignore[attr-defined]

    def action_pathway_map(self) -> None:
        self._queue(self.pathway_map)

    def pathway_map(self) -> object:
        from grouper.ui.screens.info import PathwayMapScreen

        if not self.settle_entry():
            return None
        return self.app.push_screen(PathwayMapScreen(self.session))

    def action_close_quick_entry(self) -> None:
        quick = self.query_one(QuickEntry)
        if self.focused is not quick:
            raise SkipAction()

        def close() -> None:
            quick.value = ""
            self.set_focus(self.query_one(ScoreGrid))

        self.app.in_order(close)  # type: ignore[attr-defined]

    def action_focus_grid(self) -> None:
        self.query_one(ScoreGrid).focus()

    def action_focus_groups(self) -> None:
        self._queue(self.focus_groups)

    def focus_groups(self) -> None:
        if self.settle_entry():
            panel = self.query_one(GroupsPanel)
            panel.display = True  # a hidden panel is shown to be moved into
            panel.focus()

    def action_toggle_groups(self) -> None:
        self._queue(self.toggle_groups)

    def toggle_groups(self) -> None:
        """Hide or show the groups panel; the grid takes the width (a narrow screen shows more names)."""
        if not self.settle_entry():
            return
        panel = self.query_one(GroupsPanel)
        panel.display = not panel.display
        if not panel.display:
            self.query_one(ScoreGrid).focus()
        self.say("Groups panel hidden: G shows it again." if not panel.display else "Groups panel shown.")

    def action_settings(self) -> None:
        self._queue(self.settings)

    def settings(self) -> object:
        """Open the group settings; the plan is redrawn when they are saved."""
        from grouper.ui.screens.dialogs import SettingsDialog

        def done(settings: ClassSettings | None) -> None:
            if settings is None:
                return
            try:
                self.session.update_settings(settings)
            except (GrouperError, OSError) as e:
                self.say(f"NOT SAVED: {e}", problem=True)
                return
            for sid in self.row_ids:
                self.refresh_row(sid)
            self.refresh_plan()
            self.refresh_status()
            day = self.session.rotation().days[0]
            meeting = "no small groups" if day.no_groups else f"{len(day.meeting)} meet"
            self.say(
                f"Groups of {settings.min_size} to {settings.max_size}, at most {settings.max_groups} groups: "
                f"{len(self.session.plan.groups)} groups now; {meeting} {self._day_words()}."
            )

        if not self.settle_entry():
            return None
        if self.session.read_only:
            self.say("read-only: another grouper has this store open", problem=True)
            return None
        return self.app.push_screen(SettingsDialog(self.session.record.settings), done)

    # --- progress over time ---------------------------------------------------------

    def action_student_detail(self) -> None:
        self._queue(self.student_detail)

    def student_detail(self, sid: str | None = None, tier: bool = False) -> object:
        """Open one student's history: scores with dates and notes, sparklines, stage timeline
        (``tier``: with the tier bar ready)."""
        from grouper.ui.screens.student import StudentScreen

        sid = sid or self._current_student()
        if sid is None or not self.settle_entry():
            return None
        return self.app.push_screen(StudentScreen(self.session, sid, self.lens, open_tier=tier),
                                    lambda _: self.after_visit(sid))

    def action_tier(self) -> None:
        self._queue(self.tier)

    def tier(self) -> object:
        return self.student_detail(tier=True)

    def action_mtss(self) -> None:
        self._queue(self.mtss)

    def mtss(self) -> object:
        from grouper.ui.screens.mtss import MtssScreen

        if not self.settle_entry():
            return None
        return self.app.push_screen(MtssScreen(self.session), self._open_chosen)

    def _open_chosen(self, sid: object) -> None:
        """A list screen (needs attention, MTSS) closed on a student: go to their row and open them."""
        if isinstance(sid, str):
            self.move_to_student(sid)
            self.student_detail(sid)

    def after_visit(self, sid: str) -> None:
        """Back from the student view, which may have saved a note, a detour or a goal: redraw what it touched
        (the student's row and place, the groups and cards, the watch count)."""
        self.refresh_row(sid)
        self.refresh_plan()
        self.refresh_status()

    def action_attention(self) -> None:
        self._queue(self.attention)

    def attention(self) -> object:
        from grouper.ui.screens.attention import AttentionScreen

        if not self.settle_entry():
            return None
        return self.app.push_screen(AttentionScreen(self.session, self.lens), self._open_chosen)

    def action_school(self) -> None:
        self._queue(self.school)

    def school(self) -> object:
        from grouper.ui.screens.school import SchoolScreen

        if not self.settle_entry():
            return None
        return self.app.push_screen(SchoolScreen(self.session, self.lens))

    def action_grade_block(self) -> None:
        self._queue(self.grade_block)

    def grade_block(self) -> object:
        from grouper.ui.screens.block import BlockScreen

        if not self.settle_entry():
            return None
        return self.app.push_screen(BlockScreen(self.session))

    def action_teaching(self) -> None:
        self._queue(self.teaching)

    def teaching(self) -> object:
        from grouper.ui.screens.teaching import TeachingScreen

        if not self.settle_entry():
            return None
        return self.app.push_screen(TeachingScreen(self.session))

    def action_data_wall(self) -> None:
        self._queue(self.data_wall)

    def data_wall(self) -> object:
        from grouper.ui.screens.wall import DataWallScreen

        if not self.settle_entry():
            return None
        return self.app.push_screen(DataWallScreen(self.session, self.lens))

    def action_week_view(self) -> None:
        self._queue(self.week_view)

    def week_view(self) -> object:
        """The rotation over the next school days; no-group days are marked there."""
        from grouper.ui.screens.week import WeekScreen

        if not self.settle_entry():
            return None

        def back(_: object) -> None:
            # A day marked (or unmarked) with no groups changes who meets on the plan day.
            self.refresh_plan()
            self.refresh_status()

        return self.app.push_screen(WeekScreen(self.session), back)

    def action_import_file(self) -> None:
        self._queue(self.import_file)

    def import_file(self) -> object:
        """The import screen; after an import the class is opened again with what came in."""
        from grouper.ui.screens.import_screen import ImportScreen

        if not self.settle_entry():
            return None
        if self.session.read_only:
            self.say("read-only: another grouper has this store open", problem=True)
            return None

        def done(name: str | None) -> None:
            if name is not None:
                self.app.open_class(name)  # type: ignore[attr-defined]

        return self.app.push_screen(ImportScreen(self.session), done)

    def action_equity_lens(self) -> None:
        self._queue(self.equity_lens)

    def equity_lens(self) -> None:
        self.lens = not self.lens
        self.refresh_status()
        if self.lens:
            tagged = sum(1 for st in self.session.students if st.tags)
            self.say(f"Equity lens on: tags are shown, and the watch list and the data wall are split by tag "
                     f"({tagged} students have tags). e turns it off.")
        else:
            self.say("Equity lens off: tags are hidden.")

    def action_move_student(self) -> None:
        self._queue(self.move_student)

    def move_student(self) -> object:
        from grouper.ui.screens.move import MoveDialog, Target

        sid = self._current_student()
        if sid is None or not self.settle_entry():
            return None
        s = self.session
        if s.read_only:
            self.say("read-only: another grouper has this store open", problem=True)
            return None
        if not s.plan.groups:
            self.say("There are no groups to move into yet.", problem=True)
            return None
        targets = [Target(g.stage_id, f"{g.label} · {s.pathway.stage_label(g.stage_index)} ({len(g.members)})")
                   for g in s.plan.groups]
        held = s.override_for(sid)
        current = None
        if held is not None:
            where = pathway_label(s.pathway, held.stage)
            current = f"pinned to {where}" if held.date is None else f"moved to {where} for {self._day_words()}"
        name = s.record.student(sid).name
        own = next((i for i, g in enumerate(s.plan.groups) if any(m.student.id == sid for m in g.members)), 0)
        return self.app.push_screen(MoveDialog(name, targets, self._day_words(), current, own, s.is_absent(sid)),
                                    lambda choice: self._moved(sid, choice))

    def _moved(self, sid: str, choice: object) -> None:
        from grouper.ui.screens.move import MoveChoice

        if not isinstance(choice, MoveChoice):
            return
        s = self.session
        name = s.record.student(sid).name
        if choice.kind == "same":
            self.say(Content.from_markup("[b]$name[/b] is in that group already: nothing changed", name=name))
            return
        try:
            if choice.kind == "clear":
                gone = s.clear_override(sid)
                words = "back in the computed group" if gone else "not moved or pinned: nothing to take off"
                self.say(Content.from_markup("[b]$name[/b] $words", name=name, words=words))
            else:
                s.move_student(sid, choice.stage, pin=choice.kind == "pin")
                where = pathway_label(s.pathway, choice.stage)
                when = "until unpinned" if choice.kind == "pin" else f"for {self._day_words()}"
                verb = "pinned to" if choice.kind == "pin" else "moved to"
                away = " (away that day)" if choice.kind == "move" and s.is_absent(sid) else ""
                self.say(Content.from_markup("[b]$name[/b] $verb the $where group $when$away",
                                             name=name, verb=verb, where=where, when=when, away=away))
        except (GrouperError, OSError) as e:
            self.say(f"NOT SAVED: {e}", problem=True)
            return
        self.refresh_plan()

    def action_detour(self) -> None:
        self._queue(self.detour)

    def detour(self) -> object:
        from grouper.ui.screens.detour import apply_detour, detour_dialog

        sid = self._current_student()
        if sid is None or not self.settle_entry():
            return None
        dialog = detour_dialog(self.session, sid)
        if isinstance(dialog, str):
            self.say(dialog, problem=True)
            return None

        def done(choice: object) -> None:
            said = apply_detour(self.session, sid, choice)
            if said is not None:
                self.say(*said)
                self.refresh_row(sid)
                self.refresh_plan()
                self.refresh_status()

        return self.app.push_screen(dialog, done)

    def action_rules(self) -> None:
        self._queue(self.rules)

    def rules(self) -> object:
        from grouper.ui.screens.rules import RulesScreen

        if not self.settle_entry():
            return None
        if self.session.read_only:
            self.say("read-only: another grouper has this store open", problem=True)
            return None
        return self.app.push_screen(RulesScreen(self.session), lambda _: self.refresh_plan())

    def action_export_plan(self) -> None:
        self._queue(self.export_plan)

    def export_plan(self) -> object:
        from grouper.ui.screens.export import ExportDialog

        if not self.settle_entry():
            return None
        return self.app.push_screen(ExportDialog(self._day_words()), self._write_export)

    def _write_export(self, fmt: object) -> None:
        from grouper.reports.exports import default_export_path, export_folder, render, save_export

        if not isinstance(fmt, str):
            return
        s = self.session
        path = default_export_path(s.record.name, s.plan.date, fmt, documents=export_folder())
        try:
            # What the groups panel shows: the day's turns, and the coaches when 'o' has them on.
            text = render(fmt, s.record, s.plan, progress=s.progress, rotation=s.rotation().days[0],
                          coaching=s.peer_coaches() if self.coaches else None)
            save_export(path, text, store=s.store.root, given=f"the export folder {path.parent}", make_folder=True)
        except (GrouperError, OSError) as e:
            self.say(f"Not exported: {e}", problem=True)
            return
        self.say(Content("Exported to ").append(Content(str(path))))

    def action_peer_coaches(self) -> None:
        self._queue(self.peer_coaches)

    def peer_coaches(self) -> None:
        self.coaches = not self.coaches
        self.refresh_plan()
        if self.coaches:
            pairs = sum(len(g.pairs) for g in self.session.peer_coaches())
            self.say(f"Peer coaches on: {pairs} suggested on the group cards (never a stalled or absent student, "
                     "at most two learners each). o turns them off.")
        else:
            self.say("Peer coaches off.")

    def action_lock_plan(self) -> None:
        self._queue(self.lock_plan)

    def lock_plan(self) -> None:
        """Keep the plan for the plan day as it is now; what changes later is listed against it."""
        if not self.settle_entry():
            return
        if self.session.read_only:
            self.say("read-only: another grouper has this store open", problem=True)
            return
        stamp = self.app.clock().astimezone().isoformat(timespec="seconds")  # type: ignore[attr-defined]
        try:
            replaced = self.session.lock_plan(stamp)
        except (GrouperError, OSError) as e:
            self.say(f"NOT SAVED: {e}", problem=True)
            return
        self.refresh_plan()
        self.saved_note = f"✓ saved {self.app.clock().strftime('%H:%M:%S')}"  # type: ignore[attr-defined]
        self.refresh_status()
        day = self.session.plan_day
        verb = "Locked again" if replaced else "Locked"
        self.say(f"{verb} the plan for {day_words(day)}: "
                 f"{len(self.session.plan.groups)} groups. Changes from now on are listed beside the groups.")

    def move_to_student(self, sid: str) -> None:
        grid = self.query_one(ScoreGrid)
        grid.move_cursor(row=self.row_ids.index(sid), column=max(FIXED, grid.cursor_column))

    def move_to(self, sid: str, check_id: str) -> None:
        """Put the grid cursor on a student's check (after quick entry, undo, redo)."""
        row, column = self.row_ids.index(sid), FIXED + self.check_ids.index(check_id)
        self.query_one(ScoreGrid).move_cursor(row=row, column=column)
