"""The first screen on an empty store: what to do first, never a blank screen."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from grouper.ui.widgets.choices import Choices

WELCOME = """\
[b]Welcome to grouper[/b]

Type today's quick checks into a class grid; grouper places each student on
the learning pathway and proposes tomorrow's small groups. Everything stays in
files on this computer that only you can read.

What would you like to do first?"""


class WelcomeScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        with Vertical(id="welcome"):
            yield Static(Content.from_markup(WELCOME))
            yield Choices(
                Option("Create a class", id="new"),
                Option("Create a class from a roster CSV", id="roster"),
                Option("Open the demo (sample classes, nothing is saved to your store)", id="demo"),
                Option("Quit", id="quit"),
                id="choices",
            )
            yield Static(id="message")
        yield Footer()

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        choices.highlighted = 0
        choices.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        app = self.app
        match event.option.id:
            case "new":
                app.action_new_class()  # type: ignore[attr-defined]
            case "roster":
                app.action_new_class(roster_first=True)  # type: ignore[attr-defined]
            case "demo":
                app.action_open_demo()  # type: ignore[attr-defined]
            case _:
                app.exit()
