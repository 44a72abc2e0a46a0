"""One student over time: where they are, since when, every score and every note.

This is the screen a teacher opens before deciding on a loop or a detour:
the stage timeline shows how long each stage took, the sparklines show each
check against its mastery line, and the notes say what was noticed.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from grouper.core.benchmarks import STATUS_WORDS as BENCH_WORDS
from grouper.core.benchmarks import season_on
from grouper.core.dates import days_words
from grouper.core.detours import detour_of, suggested_detour
from grouper.core.errors import GrouperError
from grouper.core.goals import GOAL_TYPING
from grouper.core.models import Check
from grouper.core.placement import status_words
from grouper.core.progress import Progress
from grouper.core.tiers import TIER_TYPING, history_of, review_of
from grouper.reports.attention import day, reasons
from grouper.reports.goals import goal_words
from grouper.reports.mtss import dose_words, tier_words
from grouper.session.class_session import ClassSession
from grouper.ui.widgets.charts import short_day, sparkline
from grouper.ui.widgets.inputs import InOrderInput

#: Scores listed in words per check; the sparkline shows them all.
RECENT = 6


class StudentScreen(Screen[object]):
    BINDINGS = [
        Binding("escape", "back", "Back", priority=True),
        Binding("n", "write_note", "Add a note", tooltip="Write a dated note about this student"),
        Binding("d", "detour", "Detour", id="student_detour",
                tooltip="Take this student on a detour of their stage, or end the one they are on"),
        Binding("g", "set_goal", "Goal", id="student_goal",
                tooltip="Set a goal: a target score on a check by a date, with its line and the rule"),
        Binding("S", "set_tier", "Tier", id="student_tier",
                tooltip="The student's tier of support (MTSS): 1 core, 2 or 3 an intervention"),
        Binding("down,j", "scroll_down", "Scroll", show=False),
        Binding("up,k", "scroll_up", "Scroll", show=False),
    ]

    def __init__(self, session: ClassSession, student_id: str, lens: bool = False, open_tier: bool = False) -> None:
        super().__init__()
        self.session = session
        self.student_id = student_id
        self.lens = lens
        #: Open with the tier bar ready (S on the grid).
        self.open_tier = open_tier

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="student"):
            yield Static(id="student-head")
            yield Static(id="student-notes", classes="section")
            yield Static(id="student-timeline", classes="section")
            yield Static(id="student-goals", classes="section")
            yield Vertical(id="goal-plots")
            yield Static(id="student-scores", classes="section")
        with Horizontal(id="note-bar"):
            yield Static("Note:", id="note-label")
            yield InOrderInput(placeholder="what you noticed; Enter saves, Escape cancels", id="note", max_length=2000)
        with Horizontal(id="goal-bar"):
            yield Static("Goal:", id="goal-label")
            yield InOrderInput(placeholder=f"{GOAL_TYPING}; Escape cancels", id="goal", max_length=200)
        with Horizontal(id="tier-bar"):
            yield Static("Tier:", id="tier-label")
            yield InOrderInput(placeholder=f"{TIER_TYPING}; Escape cancels", id="tier", max_length=300)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#note-bar").display = False
        self.query_one("#goal-bar").display = False
        self.query_one("#tier-bar").display = False
        self.redraw()
        self.query_one("#student", VerticalScroll).focus()
        if self.open_tier:
            self.action_set_tier()

    # --- what is shown ---------------------------------------------------------------

    def redraw(self) -> None:
        self.query_one("#student-head", Static).update(self._head())
        self.query_one("#student-goals", Static).update(self._goals())
        self._plot_goals()
        self.query_one("#student-timeline", Static).update(self._timeline())
        self.query_one("#student-scores", Static).update(self._scores())
        self.query_one("#student-notes", Static).update(self._notes())

    def _head(self) -> Content:
        s = self.session
        student = s.record.student(self.student_id)
        p = s.placements.get(self.student_id)
        prog = s.progress.get(self.student_id)
        lines = [Content.from_markup("[b]$name[/b]   (Escape: back; n a note, d a detour, g a goal, S the tier)",
                                     name=student.name)]
        if self.lens and student.tags:
            lines.append(Content.from_markup("[dim]tags[/dim] $tags", tags=", ".join(student.tags)))
        if p is not None:
            total = len(s.pathway.stages)
            if p.status == "complete":
                where = Content(f"★ Complete: past all {total} stages")
            else:
                where = Content.from_markup(
                    "Stage $n of $total: [b]$label[/b] ($status)",
                    n=str(p.stage_index + 1), total=str(total), label=s.pathway.stage_label(p.stage_index),
                    status=status_words(p.status),
                )
            if prog is not None and prog.stage_since is not None:
                long = days_words(prog.days_at_stage or 0)
                where = where.append(Content(f", since {day(prog.stage_since)} ({long})"))
            lines.append(where)
        if s.is_absent(self.student_id):
            lines.append(Content(f"⊘ away on {day(s.plan_day)}: not in that day's groups"))
        lines += self._support_lines(prog)
        if prog is not None:
            lines += [Content.from_markup("[b]$r[/b]", r=r) for r in reasons(prog, s.pathway)]
            if not prog.needs_attention:
                lines.append(Content("Nothing to watch: moving, no slips, assessed recently."))
        return Content("\n").join(lines)

    def _support_lines(self, prog: Progress | None) -> list[Content]:
        """The tier (with its dose and review) and this season's benchmark status per screener."""
        s = self.session
        lines = []
        tier = s.tier_now(self.student_id)
        words = tier_words(tier)
        if tier is not None and tier.tier > 1:
            review = review_of(tier)
            due = " (review due)" if review is not None and review <= s.today else ""
            words += f", since {day(tier.date)}; {dose_words(s.dose_of(tier)).lower()}; review {day(review)}{due}"
        lines.append(Content(words + "   (S changes it)"))
        season = season_on(s.pathway, s.today)
        if season is not None and prog is not None and prog.benchmarks:
            parts = [f"{s.pathway.check(c).label} {BENCH_WORDS[st]}" for c, st in prog.benchmarks.items()
                     if st != "not-screened"]
            waiting = [s.pathway.check(c).label for c, st in prog.benchmarks.items() if st == "not-screened"]
            if waiting:
                parts.append(f"{BENCH_WORDS['not-screened']}: " + ", ".join(waiting))
            lines.append(Content(f"Benchmarks, {season.words} (from {day(season.start)}): " + "; ".join(parts)))
        return lines

    def _goals(self) -> Content:
        s = self.session
        prog = s.progress.get(self.student_id)
        lines = [Content.from_markup("[b]Goals[/b]  [dim](g sets one)[/dim]")]
        goals = prog.goals if prog is not None else ()
        if not goals:
            lines.append(Content("  None yet: a target score on a check by a date, with a line to aim along."))
            return Content("\n").join(lines)
        detour = suggested_detour(s.pathway, prog.placement, prog) if prog is not None else None
        for g in goals:
            words = goal_words(g, s.pathway, detour)
            lines.append(Content("  ").append(Content.from_markup("[b]$w[/b]", w=words[0])))
            lines += [Content("  " + w) for w in words[1:]]
        return Content("\n").join(lines)

    def _plot_goals(self) -> None:
        """One plot per goal with a line to draw (textual-plotext is imported only here)."""
        holder = self.query_one("#goal-plots", Vertical)
        holder.remove_children()
        prog = self.session.progress.get(self.student_id)
        lines = [g for g in (prog.goals if prog is not None else ()) if g.start is not None]
        if not lines:
            holder.display = False
            return
        from grouper.ui.widgets.goal_plot import GoalPlot

        holder.display = True
        phases = [(t.date, f"Tier {t.tier}") for t in history_of(self.session.record.tiers, self.student_id)]
        for g in lines:
            check = self.session.pathway.scoreable(g.goal.check)
            if check is not None:
                holder.mount(GoalPlot(g, check.label, check.max, phases))

    def _timeline(self) -> Content:
        s = self.session
        prog = s.progress.get(self.student_id)
        lines = [Content.from_markup("[b]Stage timeline[/b]")]
        if prog is None or not prog.visits:
            lines.append(Content("No scores yet: placed at the first stage until the first check."))
            return Content("\n").join(lines)
        for v in prog.visits:
            label = s.pathway.stage_label(v.stage_index)
            number = "★" if v.stage_index >= len(s.pathway.stages) else f"S{v.stage_index + 1}"
            if v.left is None:
                span = f"reached {day(v.reached)}, here now ({days_words((s.today - v.reached).days)})"
            else:
                span = f"{day(v.reached)} → {day(v.left)} ({days_words((v.left - v.reached).days)})"
            lines.append(Content.from_markup("  $n [b]$label[/b]  $span", n=number, label=label, span=span))
        if prog.detours:
            lines.append(Content.from_markup("[b]Detours taken[/b]  [dim](d takes one or ends it)[/dim]"))
        for spell in prog.detours:
            t = spell.taken
            detour = detour_of(s.pathway, t.stage, t.detour)
            index = s.pathway.index_of(t.stage)
            at = s.pathway.stage_label(index) if index is not None else t.stage
            until = "now (open)" if spell.ended is None else day(spell.ended)
            outcome = {"mastered": "the stage mastered: back on the path", "ended": "ended by hand",
                       "open": "still on it"}[spell.outcome]
            lines.append(Content.from_markup(
                "  ↪ [b]$label[/b] at $at  $start → $until, $outcome",
                label=detour.label if detour else t.detour, at=at, start=day(t.started), until=until, outcome=outcome,
            ))
        return Content("\n").join(lines)

    def _check_lines(self, check: Check) -> list[Content]:
        s = self.session
        history = s.history(self.student_id, check.id)
        if not history:
            return []
        colours = self.app.theme_variables
        good = colours.get("text-success", "green")
        low = colours.get("text-error", "red")
        values = [h.value for h in history]
        at = sum(1 for v in values if v is not None and v >= check.mastery)
        head = Content.from_markup(
            "  [b]$id[/b] $label  [dim]mastery $m of $top[/dim]  ", id=check.id, label=check.label,
            m=str(check.mastery), top=str(check.max),
        )
        spark = sparkline(values, check.mastery, check.max, good, low)
        head = head.append(spark).append(Content(f"  {at} of {len(values)} at mastery"))
        words = []
        for h in history[-RECENT:]:
            value = "cleared" if h.value is None else f"{h.value}{'✓' if h.value >= check.mastery else '·'}"
            text = f"{short_day(h.date)} {value}"
            words.append(Content(text).append(Content(f" ({h.note})")) if h.note else Content(text))
        more = len(history) - RECENT
        tail = Content("    ").append(Content(" · ").join(words))
        if more > 0:
            tail = Content(f"    {more} earlier · ").append(Content(" · ").join(words))
        return [head, tail]

    def _scores(self) -> Content:
        lines = [Content.from_markup("[b]Scores[/b]  [dim](bars: ▅▆▇█ at or above mastery, ▁▂▃▄ below)[/dim]")]
        for stage_no, stage in enumerate(self.session.pathway.stages, start=1):
            checks = [line for c in stage.checks for line in self._check_lines(c)]
            if checks:
                lines.append(Content(f" S{stage_no} {stage.label}"))
                lines += checks
        if len(lines) == 1:
            lines.append(Content("No scores yet."))
        return Content("\n").join(lines)

    def _notes(self) -> Content:
        notes = self.session.record.notes_for(self.student_id)
        lines = [Content.from_markup("[b]Notes[/b]  [dim](n adds one)[/dim]")]
        # Newest first; a note kept with a score is shown beside that score below.
        for note in reversed(notes):
            lines.append(Content(f"  {day(note.date)}: ").append(Content(note.text)))
        if len(lines) == 1:
            lines.append(Content("  None yet (notes kept with a score are beside the score)."))
        return Content("\n").join(lines)

    # --- notes --------------------------------------------------------------------

    def action_write_note(self) -> None:
        if self.session.read_only:
            self.notify("read-only: another grouper has this store open", severity="warning", markup=False)
            return
        self.query_one("#note-bar").display = True
        self.query_one("#note", Input).focus()

    def action_detour(self) -> None:
        from grouper.ui.screens.detour import apply_detour, detour_dialog

        dialog = detour_dialog(self.session, self.student_id)
        if isinstance(dialog, str):
            self.notify(dialog, severity="warning", markup=False)
            return

        def done(choice: object) -> None:
            said = apply_detour(self.session, self.student_id, choice)
            if said is not None:
                self.notify(said[0].plain, severity="error" if said[1] else "information", markup=False)
                self.redraw()

        self.app.push_screen(dialog, done)

    def action_set_goal(self) -> None:
        if self.session.read_only:
            self.notify("read-only: another grouper has this store open", severity="warning", markup=False)
            return
        self.query_one("#goal-bar").display = True
        self.query_one("#goal", Input).focus()

    def action_set_tier(self) -> None:
        if self.session.read_only:
            self.notify("read-only: another grouper has this store open", severity="warning", markup=False)
            return
        self.query_one("#tier-bar").display = True
        self.query_one("#tier", Input).focus()

    def _close_tier_bar(self) -> None:
        self.query_one("#tier", Input).value = ""
        self.query_one("#tier-bar").display = False
        self.query_one("#student", VerticalScroll).focus()

    @on(Input.Submitted, "#tier")
    def _save_tier(self, event: Input.Submitted) -> None:
        from grouper.core.tiers import read_tier_words

        s = self.session
        name = s.record.student(self.student_id).name
        try:
            typed = read_tier_words(event.value)
            change = s.set_tier(self.student_id, typed.tier, typed.intervention, typed.sessions_per_week,
                                review=typed.review, reason=typed.reason)
        except GrouperError as e:
            self.notify(str(e), severity="error", markup=False)
            return
        self._close_tier_bar()
        self.notify(f"{name}: {tier_words(change)} from today", markup=False)
        self.redraw()

    def action_back(self) -> None:
        note = self.query_one("#note", Input)
        if self.focused is note:
            note.value = ""
            self.query_one("#note-bar").display = False
            self.query_one("#student", VerticalScroll).focus()
            return
        goal = self.query_one("#goal", Input)
        if self.focused is goal:
            self._close_goal_bar()
            return
        if self.focused is self.query_one("#tier", Input):
            self._close_tier_bar()
            return
        self.app.close_screen(self)  # type: ignore[attr-defined]

    def action_scroll_down(self) -> None:
        self.query_one("#student", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#student", VerticalScroll).scroll_up()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While a note is being typed, 'n', 'j' and 'k' are letters of the note.
        typing = ("write_note", "detour", "set_goal", "set_tier", "scroll_down", "scroll_up")
        return not (action in typing and isinstance(self.focused, Input))

    def _close_goal_bar(self) -> None:
        goal = self.query_one("#goal", Input)
        goal.value = ""
        self.query_one("#goal-bar").display = False
        self.query_one("#student", VerticalScroll).focus()

    @on(Input.Submitted, "#goal")
    def _save_goal(self, event: Input.Submitted) -> None:
        from grouper.core.goals import read_goal_words
        from grouper.core.score_entry import parse_value, resolve_check
        from grouper.reports.goals import headline

        s = self.session
        name = s.record.student(self.student_id).name
        try:
            typed = read_goal_words(event.value)
            check = resolve_check(s.record, typed.check)
            if typed.target is None:
                old = s.clear_goal(self.student_id, check.id)
                said = (f"{name}'s goal on {check.label} is taken off." if old is not None
                        else f"{name} has no goal on {check.label}; nothing changed.")
            else:
                assert typed.by is not None  # read_goal_words gives a date with every target
                line, _ = s.set_goal(self.student_id, check.id, parse_value(typed.target, check), typed.by,
                                     typed.start)
                said = f"Goal set for {name}: {headline(line, s.pathway)}"
        except GrouperError as e:
            self.notify(str(e), severity="error", markup=False)
            return
        self._close_goal_bar()
        self.notify(said, markup=False)
        self.redraw()

    @on(Input.Submitted, "#note")
    def _save_note(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.notify("An empty note is not saved.", markup=False)
            return
        stamp = self.app.clock().astimezone().isoformat(timespec="seconds")  # type: ignore[attr-defined]
        try:
            self.session.add_note(self.student_id, text, stamp)
        except (GrouperError, OSError) as e:
            self.notify(f"NOT SAVED: {e}", severity="error", markup=False, timeout=10)
            return
        event.input.value = ""
        self.query_one("#note-bar").display = False
        self.query_one("#student", VerticalScroll).focus()
        self.redraw()
        self.notify("Note saved.", markup=False, timeout=3)
