"""Moving a student to another group by hand: the teacher decides, the plan follows.

A move holds for the plan day only; a pin holds every day until it is taken
off. Both name the group by the stage it teaches, so they survive the groups
being worked out again after new scores.
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

from grouper.ui.screens.dialogs import _Dialog


@dataclass(frozen=True)
class MoveChoice:
    #: "move" (the plan day only), "pin" (until unpinned) or "clear" (back to the computed group).
    kind: str
    stage: str = ""


@dataclass(frozen=True)
class Target:
    stage: str
    text: str


class MoveDialog(_Dialog):
    """Pick the group: Enter moves for the plan day, P pins there, U takes a move or pin off."""

    BINDINGS = [
        Binding("P", "pin", "Pin there", priority=True),
        Binding("U", "clear", "Take off", priority=True),
    ]

    def __init__(self, student: str, targets: list[Target], day: str, current: str | None, start: int = 0) -> None:
        super().__init__()
        #: The list starts on the student's own group.
        self.start = start
        self.student = student
        self.targets = targets
        self.day = day
        #: What holds the student now ("moved to ... for Mon 23 Nov", "pinned to ..."), if anything.
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.from_markup("[b]Move $name[/b]", name=self.student))
            yield Static(Content(f"Enter: move for {self.day} only · P: pin there until unpinned · "
                                 "U: back to the computed group · Escape: cancel"))
            if self.current:
                yield Static(Content(f"Now: {self.current}"))
            yield OptionList(*[Option(Content(t.text)) for t in self.targets], id="targets")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.start
        options.focus()

    def _highlighted(self) -> Target | None:
        index = self.query_one(OptionList).highlighted
        return None if index is None else self.targets[index]

    @on(OptionList.OptionSelected)
    def _move(self, event: OptionList.OptionSelected) -> None:
        self.app.close_screen(self, MoveChoice("move", self.targets[event.option_index].stage))  # type: ignore[attr-defined]

    def action_pin(self) -> None:
        target = self._highlighted()
        if target is not None:
            self.app.close_screen(self, MoveChoice("pin", target.stage))  # type: ignore[attr-defined]

    def action_clear(self) -> None:
        self.app.close_screen(self, MoveChoice("clear"))  # type: ignore[attr-defined]
