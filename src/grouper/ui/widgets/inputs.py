"""A text box that applies every key in the order it was typed.

Textual's Input types printable characters as soon as it sees them, but its
editing keys (backspace, delete, Enter, arrows) are bindings that run only
after the key has bubbled up to the app. In a fast burst ("5⌫4⏎", a paste, a
quick typist) that reorders the keys: the 4 lands before the backspace runs
and is deleted. Running the Input's own bindings right here keeps the order.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class InOrderInput(Input):
    async def _on_key(self, event: events.Key) -> None:
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority:
                event.stop()
                event.prevent_default()
                await self.run_action(binding.action)
                return
        await super()._on_key(event)
