"""Text from people and files, made safe to put on a terminal.

A student name, a note or a pathway label can arrive holding control
characters: from a roster exported by another system, a pasted note, a file
someone crafted. On a terminal an ESC starts a command (``\\x1b[2J`` clears the
screen, ``\\x1b]0;...`` retitles the window), so such text must never reach it
as it is. Each control character becomes its visible Unicode picture instead
(ESC → ``␛``, TAB → ``␉``, LF → ``␊``): the teacher sees exactly what the file
held, and nothing obeys it. Bidirectional overrides and isolates (U+202A-E,
U+2066-9) are shown as ``�``: they would turn "Joe Timmy" into a look-alike of
another name. This happens where the text enters the model (the first line), so
the app, the exports and the command line all show the same safe text; and
everything grouper writes to a terminal passes ``terminal_safe`` once more on
its way out (the second line), so a path nobody thought of still cannot emit
an ESC.
"""

from __future__ import annotations

import re
import unicodedata

#: Bidirectional embeddings, overrides and isolates: they reorder the text around them.
BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))

#: C0 controls and DEL as their Unicode control pictures; C1 controls (8-bit
#: escapes such as CSI, U+009B) and the bidi controls as the replacement character.
_PICTURES: dict[int, str] = {
    **{code: chr(0x2400 + code) for code in range(0x20)},
    0x7F: "\u2421",
    **{code: "\ufffd" for code in range(0x80, 0xA0)},
    **{ord(ch): "\ufffd" for ch in BIDI_CONTROLS},
}
_KEEP_LINES = {k: v for k, v in _PICTURES.items() if k != 0x0A}


def visible(text: str) -> str:
    """``text`` with every control character shown as a visible symbol (one line stays one line)."""
    return text.translate(_PICTURES) if not text.isprintable() else text


def visible_lines(text: str) -> str:
    """Like ``visible``, but line breaks stay line breaks: for notes and teaching points."""
    return text.translate(_KEEP_LINES) if not text.isprintable() else text


_EDGE = {k: v for k, v in _KEEP_LINES.items() if k != 0x0D}
_LONE_CR = re.compile("\r(?!\n)")


def terminal_safe(text: str) -> str:
    """What grouper writes to a terminal, whatever it is: nothing in it commands the terminal.

    Line breaks stay, as LF or CRLF (a CSV written to standard output keeps its CRLF); a lone CR,
    which would send the cursor back over the line, is shown as ``␍`` like every other control.
    """
    if text.isprintable():
        return text
    return _LONE_CR.sub("\u240d", text).translate(_EDGE)


def typable(text: str) -> bool:
    """Whether ``text`` holds nothing a terminal would act on: the test for ids and codes, which are refused."""
    return visible(text) == text


def class_name(text: str) -> str:
    """A class name as it is stored: visible, and in Unicode NFC (``Zoë`` typed two ways is one class)."""
    return visible(unicodedata.normalize("NFC", text))


def class_key(text: str) -> str:
    """What two class names are compared by: NFC, any case, surrounding spaces ignored."""
    return unicodedata.normalize("NFC", text.strip().casefold())
