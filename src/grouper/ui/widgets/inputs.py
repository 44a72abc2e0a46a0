"""A text box that applies every key in the order it was typed.

Textual's Input types printable characters as soon as it sees them, but its
editing keys (backspace, delete, Enter, arrows) are bindings that run only
after the key has bubbled up to the app. In a fast burst ("5⌫4⏎", a paste, a
quick typist) that reorders the keys: the 4 lands before the backspace runs
and is deleted. Running the Input's own bindings right here keeps the order.
"""

from __future__ import annotations

from functools import cache

from textual import events
from textual.binding import Binding
from textual.widgets import Input


@cache
def _key_bindings(cls: type[Input]) -> dict[str, list[Binding]]:
    """The bindings of an Input class by key, as Textual merges them (a subclass's replace its bases')."""
    merged: dict[str, list[Binding]] = {}
    for klass in reversed(cls.__mro__):
        own: dict[str, list[Binding]] = {}
        for binding in Binding.make_bindings(klass.__dict__.get("BINDINGS", ())):
            own.setdefault(binding.key, []).append(binding)
        merged.update(own)
    return merged


class InOrderInput(Input):
    async def on_key(self, event: events.Key) -> None:
        # Runs before Input's own key handler (a subclass's handler comes first), which
        # types printable keys; prevent_default() keeps Input's from running after it.
        for binding in _key_bindings(type(self)).get(event.key, ()):
            if not binding.priority:
                event.stop()
                event.prevent_default()
                await self.run_action(binding.action)
                return
