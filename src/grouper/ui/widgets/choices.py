"""A list to choose from that moves with ``j``/``k`` as the grid does, besides the arrows."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class Choices(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]
