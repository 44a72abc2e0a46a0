"""The store as the app and the commands reach it: the one door from above into ``grouper.store``.

The app and every command open the store, look at a class before it loads and run the
doctor through the names below, and only these
(``lint-imports`` holds it). Each name is imported from the store when it is first
asked for, so the app's first frame loads only what it uses (the first look at a class
does not load TinyDB).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass

#: Each name and the store module that has it.
_FROM = {
    "Store": "grouper.store",
    "StoreLocked": "grouper.store.errors",
    "WriteRefused": "grouper.store",
    "NewScore": "grouper.store",
    "BackupInfo": "grouper.store",
    "default_store_dir": "grouper.store.paths",
    "ClassLook": "grouper.store.peek",
    "look_at_bundle": "grouper.store.peek",
    "look_at_store": "grouper.store.peek",
    "check_store": "grouper.store.doctor",
    "fix_store": "grouper.store.repair",
    "Finding": "grouper.store.findings",
    "Report": "grouper.store.findings",
}

__all__ = sorted(_FROM)


def __getattr__(name: str) -> Any:
    where = _FROM.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(where), name)
    globals()[name] = value
    return value
