"""Modules imported when they are first used, so each command loads only what it needs.

``grouper groups CLASS --json`` needs the store and the planner, not rich's
tables or what ``grouper doctor`` and the OneRoster import use; loading
everything would make every scripted command pay for all of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


class Module:
    """Stands in for a module and imports it on first use: ``output = Module("grouper.cli.output")``."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        return getattr(importlib.import_module(self._name), attr)


class Commands:
    """Stands in for a module of commands while the parser is built.

    ``Commands("grouper.cli.scores").cmd_score`` is a function that imports
    the module and runs its ``cmd_score`` only when that command is chosen.
    """

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Callable[..., Any]:
        module = self._name

        def run(*args: Any) -> Any:
            return getattr(importlib.import_module(module), attr)(*args)

        run.__name__ = run.__qualname__ = attr  # what `command_words` shows to another grouper
        return run
