"""Every line the app paints passes ``core.text.terminal_safe`` on its way to the terminal.

Text from files is made visible where it enters the model; this filter is the
second line, for a path nobody thought of: Textual applies an app's line
filters (``App.get_line_filters``) to every line of every widget, so a raw ESC
in any widget's text is painted as ``␛`` and never obeyed. Textual's own cursor
moves and colours are not segment text and pass untouched.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from grouper.core.text import terminal_safe


class TerminalSafe(LineFilter):
    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if all(s.text.isprintable() for s in segments):
            return segments  # almost every line: nothing to do
        return [s if s.control or s.text.isprintable() else Segment(terminal_safe(s.text), s.style, s.control)
                for s in segments]


TERMINAL_SAFE = TerminalSafe()
