"""Small keyboard dialogs: group settings, picking a class, creating a class."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from grouper.core.models import ClassSettings, Pathway
from grouper.ui.widgets.choices import Choices
from grouper.ui.widgets.inputs import InOrderInput


class _Dialog(ModalScreen[object]):
    # Tab is bound with priority so focus moves before the next key of a fast
    # burst is routed (see ../shared/TEXTUAL-NOTES.md): "tab 3" types 3 in the next box.
    BINDINGS = [
        Binding("escape", "dismiss_none", "Cancel", priority=True),
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]

    def action_dismiss_none(self) -> None:
        self.app.close_screen(self)  # type: ignore[attr-defined]


class SettingsDialog(_Dialog):
    """How groups are formed, when a student is flagged stalled or due a check, and how groups take turns."""

    #: (setting, label, largest value allowed)
    FIELDS = (
        ("min_size", "Smallest group", 100),
        ("max_size", "Largest group", 100),
        ("max_groups", "Most groups in a day", 50),
        ("stall_days", "Stalled after (days at one stage)", 365),
        ("stall_scores", "...and at least (scores there)", 100),
        ("due_days", "Check due after (days unscored)", 365),
        ("slots_per_day", "Groups you can see in a day", 10),
        ("max_gap_days", "See every group within (group days)", 10),
    )

    #: A heading above the first setting of each kind.
    HEADINGS = {"min_size": "Groups", "stall_days": "Needs attention", "slots_per_day": "Which groups meet"}

    def __init__(self, settings: ClassSettings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.from_markup("[b]Class settings[/b]  (Enter saves, Escape cancels)"))
            for key, label, _ in self.FIELDS:
                if key in self.HEADINGS:
                    yield Static(Content.styled(self.HEADINGS[key], "bold"), classes="setting-head")
                with Horizontal(classes="setting"):
                    yield Label(label)
                    yield InOrderInput(str(getattr(self.settings, key)), id=key, type="integer", max_length=3,
                                       compact=True)
            yield Static(id="problem", classes="problem")

    def on_mount(self) -> None:
        self.query_one("#min_size", Input).focus()

    @on(Input.Submitted)
    def _submit(self) -> None:
        values: dict[str, int] = {}
        for key, label, top in self.FIELDS:
            text = self.query_one(f"#{key}", Input).value.strip()
            if not text.isdigit() or not 1 <= int(text) <= top:
                self.query_one("#problem", Static).update(
                    Content(f"{label.lstrip('.')} must be a whole number from 1 to {top}"))
                return
            values[key] = int(text)
        if values["min_size"] > values["max_size"]:
            self.query_one("#problem", Static).update("The smallest group cannot be larger than the largest group")
            return
        self.dismiss(dataclasses.replace(self.settings, **values))


class ClassPicker(_Dialog):
    """Choose a class to open."""

    def __init__(self, names: list[str], current: str | None) -> None:
        super().__init__()
        self.names = names
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.from_markup("[b]Open a class[/b]  (Enter opens, Escape cancels)"))
            # Class names are the teacher's own text: Content, never markup.
            yield Choices(*[Option(Content(n), id=str(i)) for i, n in enumerate(self.names)], id="classes")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.current in self.names:
            options.highlighted = self.names.index(self.current)
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.names[int(event.option.id or 0)])


class NewClassDialog(_Dialog):
    """Name a class, choose its pathway, optionally bring in a roster CSV."""

    def __init__(self, pathways: dict[str, Pathway], roster_first: bool = False) -> None:
        super().__init__()
        self.pathways = pathways
        self.roster_first = roster_first

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.from_markup("[b]New class[/b]  (Enter creates, Escape cancels)"))
            yield Label("Class name")
            yield InOrderInput(placeholder="e.g. Room 7", id="name", max_length=200)
            yield Label("Roster CSV (optional): a file with a name column, or first_name and last_name")
            yield InOrderInput(placeholder="path/to/roster.csv", id="roster")
            yield Label("Pathway")
            yield Choices(
                *[Option(Content(f"{p.name}  ({p.id})"), id=p.id) for p in self.pathways.values()], id="pathway"
            )
            yield Static(id="problem", classes="problem")

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0
        # Typing goes in the order of the fields: the name first, whichever way the dialog was opened.
        self.query_one("#name", Input).focus()

    def _finish(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        roster = self.query_one("#roster", Input).value.strip()
        options = self.query_one(OptionList)
        problem = self.query_one("#problem", Static)
        if not name:
            problem.update("Give the class a name first.")
            self.query_one("#name", Input).focus()
            return
        if roster and not Path(roster).expanduser().is_file():
            problem.update(Content(f"No file at {roster}"))
            return
        if options.highlighted is None:
            problem.update("Choose a pathway.")
            return
        pathway_id = list(self.pathways)[options.highlighted]
        self.dismiss((name, pathway_id, Path(roster).expanduser() if roster else None))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        roster = self.query_one("#roster", Input)
        if self.roster_first and event.input.id == "name" and not roster.value.strip():
            roster.focus()  # "from a roster CSV": Enter after the name goes on to the file
            return
        self._finish()

    @on(OptionList.OptionSelected)
    def _picked(self) -> None:
        self._finish()
