"""Taking a student on a detour, another one, or back to the main route: the teacher decides.

The list is the detours of the student's current stage, the suggested one
(stalled) and the one they are on now marked in words. Enter takes the one
highlighted, E ends the detour they are on; the session saves it at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from grouper.core.detours import suggested_detour
from grouper.core.errors import GrouperError
from grouper.core.models import Stage
from grouper.reports.attention import day
from grouper.session.class_session import ClassSession
from grouper.ui.screens.dialogs import _Dialog
from grouper.ui.widgets.choices import Choices


@dataclass(frozen=True)
class DetourChoice:
    #: "start" (take the detour), "end" (back to the main route) or "same" (already on it: nothing to store).
    kind: str
    detour: str = ""


class DetourDialog(_Dialog):
    """Pick a detour of the student's stage: Enter takes it, E ends the one they are on."""

    BINDINGS = [Binding("E", "end", "End the detour", priority=True, id="end_detour")]

    NOW = "  ◂ on it now"
    SUGGESTED = "  (suggested: stalled)"

    def __init__(self, student: str, stage: Stage, now: str | None, since: str, suggested: str | None) -> None:
        super().__init__()
        self.student = student
        self.stage = stage
        self.now = now
        self.since = since
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.from_markup("[b]Detour for $name[/b] at $stage", name=self.student,
                                             stage=self.stage.label))
            ends = " · E: end it, back to the main route" if self.now else ""
            yield Static(Content(f"Enter: take the detour highlighted{ends} · Escape: cancel"))
            current = next((d for d in self.stage.detours if d.id == self.now), None)
            yield Static(Content(f"Now: on the detour {current.label} since {self.since}" if current
                                 else "Now: on the main route"))
            options = []
            for d in self.stage.detours:
                mark = self.NOW if d.id == self.now else self.SUGGESTED if d.id == self.suggested else ""
                checks = f"\n    closer checks: {', '.join(c.label for c in d.checks)}" if d.checks else ""
                options.append(Option(Content.from_markup("[b]$label[/b]$mark\n    $focus$checks",
                                                          label=d.label, mark=mark, focus=d.focus, checks=checks)))
            yield Choices(*options, id="detours")

    def on_mount(self) -> None:
        ids = [d.id for d in self.stage.detours]
        start = self.now if self.now in ids else self.suggested if self.suggested in ids else None
        options = self.query_one(OptionList)
        options.highlighted = ids.index(start) if start is not None else 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _take(self, event: OptionList.OptionSelected) -> None:
        chosen = self.stage.detours[event.option_index].id
        self.app.close_screen(self, DetourChoice("same" if chosen == self.now else "start", chosen))  # type: ignore[attr-defined]

    def action_end(self) -> None:
        if self.now is not None:
            self.app.close_screen(self, DetourChoice("end"))  # type: ignore[attr-defined]


def detour_dialog(session: ClassSession, sid: str) -> DetourDialog | str:
    """The dialog for a student, or why there is none (read-only, every stage mastered, no detours)."""
    if session.read_only:
        return "read-only: another grouper has this store open"
    name = session.record.student(sid).name
    p = session.progress.get(sid)
    if p is None or p.placement.stage_index >= len(session.pathway.stages):
        return f"{name} has mastered every stage: there is no detour to take"
    stage = session.pathway.stages[p.placement.stage_index]
    if not stage.detours:
        return f"{stage.label} has no detours in this pathway"
    suggested = suggested_detour(session.pathway, p.placement, p)
    spell = next((sp for sp in reversed(p.detours) if sp.open and sp.taken.detour == p.detour), None)
    since = day(spell.taken.started) if spell is not None else ""
    return DetourDialog(name, stage, p.detour, since, None if suggested is None else suggested.id)


def apply_detour(session: ClassSession, sid: str, choice: object) -> tuple[Content, bool] | None:
    """Save what the teacher chose; the words to show, and whether they say a problem (None: cancelled)."""
    if not isinstance(choice, DetourChoice):
        return None
    name = session.record.student(sid).name
    try:
        if choice.kind == "same":
            return Content.from_markup("[b]$name[/b] is on that detour already: nothing changed", name=name), False
        if choice.kind == "end":
            before = session.detour_now(sid)
            session.end_detour(sid)
            label = before.label if before is not None else "the detour"
            return Content.from_markup("[b]$name[/b]: $label ended; back on the main route", name=name,
                                       label=label), False
        start = session.start_detour(sid, choice.detour)
    except (GrouperError, OSError) as e:
        return Content(f"NOT SAVED: {e}"), True
    return Content.from_markup("[b]$name[/b] on the detour $label from today (mastering $stage ends it)",
                               name=name, label=start.detour.label, stage=start.stage.label), False
