"""The command line's last line of defence: nothing it writes can command the terminal.

Text from files and arguments is made visible where it enters the model
(``core.text``). This is the second line, for a path nobody thought of: while a
command runs, ``sys.stdout`` and ``sys.stderr`` pass every write through
``terminal_safe``, so an ESC, a BEL or a bidi override that got past the first
line is printed as a visible symbol. The rich console (``output.console``)
writes its own colour codes straight to the real stream and makes the text of
every segment safe itself (``output.SafeConsole``).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from grouper.core.text import terminal_safe


class SafeStream(io.TextIOBase):
    """A text stream that writes ``terminal_safe(text)`` to ``raw``."""

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(terminal_safe(text))
        return len(text)

    def flush(self) -> None:
        self.raw.flush()

    def fileno(self) -> int:
        return self.raw.fileno()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.raw, "encoding", "utf-8")


def unwrapped(stream: TextIO) -> TextIO:
    """The real stream behind a ``SafeStream`` (for a writer that makes its own text safe)."""
    return stream.raw if isinstance(stream, SafeStream) else stream


@contextmanager
def safe_output() -> Iterator[None]:
    """``sys.stdout`` and ``sys.stderr`` wrapped in ``SafeStream`` for the duration."""
    kept = sys.stdout, sys.stderr
    if sys.stdout is not None and not isinstance(sys.stdout, SafeStream):
        sys.stdout = SafeStream(sys.stdout)
    if sys.stderr is not None and not isinstance(sys.stderr, SafeStream):
        sys.stderr = SafeStream(sys.stderr)
    try:
        yield  # a SafeStream keeps nothing back: each write goes straight to the real stream
    finally:
        sys.stdout, sys.stderr = kept
