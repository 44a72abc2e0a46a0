"""Export plan…: tomorrow's groups as printable cards and a day sheet, or Markdown, CSV, HTML.

The file goes to the Documents folder (``Documents/grouper/``, or
``GROUPER_EXPORT_DIR``) under a name that says the class, the day and the
kind, and the path is shown, so the teacher can find it and print it.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from grouper.ui.screens.dialogs import _Dialog
from grouper.ui.widgets.choices import Choices

#: (format, what the teacher reads)
CHOICES = (
    ("cards", "Group cards and a day sheet (HTML to print, A4 or Letter)"),
    ("md", "Markdown (plain text with headings)"),
    ("html", "HTML page"),
    ("csv", "CSV (a spreadsheet: one row per student)"),
)


class ExportDialog(_Dialog):
    """Pick a format; Enter writes the file."""

    def __init__(self, day: str) -> None:
        super().__init__()
        self.day = day

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.from_markup("[b]Export the plan for $day[/b]  (Enter writes, Escape cancels)",
                                             day=self.day))
            yield Choices(*[Option(Content(text)) for _, text in CHOICES], id="formats")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.app.close_screen(self, CHOICES[event.option_index][0])  # type: ignore[attr-defined]
