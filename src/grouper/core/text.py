"""Text from people and files, made safe to put on a terminal.

A student name, a note or a pathway label can arrive holding control
characters: from a roster exported by another system, a pasted note, a file
someone crafted. On a terminal an ESC starts a command (``\\x1b[2J`` clears the
screen, ``\\x1b]0;...`` retitles the window), so such text must never reach it
as it is. Each control character becomes its visible Unicode picture instead
(ESC → ``␛``, TAB → ``␉``, LF → ``␊``): the teacher sees exactly what the file
held, and nothing obeys it. This happens once, where the text enters the model,
so the app, the exports and the command line all show the same safe text.
"""

from __future__ import annotations

#: C0 controls and DEL as their Unicode control pictures; C1 controls (8-bit
#: escapes such as CSI, U+009B) as the replacement character.
_PICTURES: dict[int, str] = {
    **{code: chr(0x2400 + code) for code in range(0x20)},
    0x7F: "\u2421",
    **{code: "\ufffd" for code in range(0x80, 0xA0)},
}
_KEEP_LINES = {k: v for k, v in _PICTURES.items() if k != 0x0A}


def visible(text: str) -> str:
    """``text`` with every control character shown as a visible symbol (one line stays one line)."""
    return text.translate(_PICTURES) if not text.isprintable() else text


def visible_lines(text: str) -> str:
    """Like ``visible``, but line breaks stay line breaks: for notes and teaching points."""
    return text.translate(_KEEP_LINES) if not text.isprintable() else text
