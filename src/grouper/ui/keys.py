"""The teacher's own keys: ``[keys]`` in config.toml remaps any binding by its id.

Textual applies the remap (``App.set_keymap``) to the footer and to the keys
themselves; this module knows which ids exist, so a typo in config.toml is
named instead of silently doing nothing, and it gives the key a binding has
now, for the help screen.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping

from textual.binding import Binding
from textual.screen import Screen

#: The modules whose screens have bindings with ids (imported only when a remap is checked).
_SCREEN_MODULES = ("class_screen", "week", "rules", "attention", "import_screen", "wall", "welcome",
                   "info", "student", "dialogs", "move", "export", "detour", "block")


def _bindings(owner: type) -> Iterable[Binding]:
    for cls in owner.__mro__:
        for b in getattr(cls, "BINDINGS", ()):
            if isinstance(b, Binding):
                yield b


def binding_ids(app_type: type) -> dict[str, Binding]:
    """Every binding id of the app and its screens, with the binding it names."""
    owners: list[type] = [app_type]
    for name in _SCREEN_MODULES:
        module = importlib.import_module(f"grouper.ui.screens.{name}")
        owners += [v for v in vars(module).values()
                   if isinstance(v, type) and issubclass(v, Screen) and v.__module__ == module.__name__]
    return {b.id: b for owner in owners for b in _bindings(owner) if b.id}


def keymap_problems(keys: Mapping[str, str], app_type: type) -> list[str]:
    """What is wrong with a ``[keys]`` table, in words; empty when every id is known."""
    known = binding_ids(app_type)
    unknown = [k for k in keys if k not in known]
    if not unknown:
        return []
    return [f"config.toml [keys]: no key has the id {', '.join(repr(k) for k in unknown)}; "
            "the help (?) shows each key's id."]


def key_now(binding: Binding, keys: Mapping[str, str]) -> str:
    """The key(s) a binding answers to with the teacher's remap applied."""
    return keys.get(binding.id, binding.key) if binding.id else binding.key
