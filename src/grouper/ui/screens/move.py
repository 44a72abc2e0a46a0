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
from grouper.ui.widgets.choices import Choices


@dataclass(frozen=True)
class MoveChoice:
    #: "move" (the plan day only), "pin" (until unpinned), "clear" (back to the computed group)
    #: or "same" (the group the student is in already: nothing to store).
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

    #: How the student's own group is marked in the list (words, not colour alone).
    HERE = "  ◂ now"

    def __init__(self, student: str, targets: list[Target], day: str, current: str | None, start: int = 0,
                 away: bool = False) -> None:
        super().__init__()
        #: The student is marked away on the plan day: a move for that day seats no one.
        self.away = away
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
            if self.away:
                yield Static(Content(f"⊘ Away on {self.day}: a move for that day has no one to seat"),
                             classes="warning")
            yield Choices(*[Option(Content(t.text + (self.HERE if i == self.start else "")))
                            for i, t in enumerate(self.targets)], id="targets")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.start
        options.focus()

    def _highlighted(self) -> Target | None:
        index = self.query_one(OptionList).highlighted
        return None if index is None else self.targets[index]

    @on(OptionList.OptionSelected)
    def _move(self, event: OptionList.OptionSelected) -> None:
        # The student's own group: already there, so nothing is stored (a move to it would be a rule for nothing).
        kind = "same" if event.option_index == self.start else "move"
        self.app.close_screen(self, MoveChoice(kind, self.targets[event.option_index].stage))  # type: ignore[attr-defined]

    def action_pin(self) -> None:
        target = self._highlighted()
        if target is not None:
            self.app.close_screen(self, MoveChoice("pin", target.stage))  # type: ignore[attr-defined]

    def action_clear(self) -> None:
        self.app.close_screen(self, MoveChoice("clear"))  # type: ignore[attr-defined]
