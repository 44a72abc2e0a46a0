"""Colour themes from files in ``themes/``, checked before Textual sees them.

A theme is a small TOML file. Every colour is parsed with Textual's own parser
first: Textual would crash when applying a bad colour, and a coach must never
see a crash in front of a room. A bad file is skipped with a notice.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from rich.errors import StyleSyntaxError
from rich.style import Style
from textual.color import Color, ColorParseError
from textual.css.constants import VALID_STYLE_FLAGS
from textual.design import ColorSystem
from textual.theme import Theme

from grouper.config.resources import shipped_dir
from grouper.core.errors import shown
from grouper.core.text import visible
from grouper.formats.reading import TomlProblem, loads_toml, not_utf8

DEFAULT_THEME = "classroom-dark"
_COLOURS = ("primary", "secondary", "accent", "warning", "error", "success",
            "foreground", "background", "surface", "panel", "boost")
_KNOWN = {"name", "label", "dark", "variables", *_COLOURS}


@cache
def _variables() -> frozenset[str]:
    """The design variables a theme may set: the ones Textual itself defines (worked out once, when needed)."""
    return frozenset(ColorSystem(primary="#000000").generate())

_AUTO = re.compile(r"auto( \d{1,3}%)?")


class LoadedThemes(NamedTuple):
    themes: list[Theme]
    labels: dict[str, str]
    problems: list[str]


def _colour(value: str) -> bool:
    try:
        Color.parse(value)
    except (ColorParseError, ValueError, OverflowError):  # "rgb(1e999,...)" overflows inside Textual
        return False
    return True


def _variable_ok(key: str, value: str) -> bool:
    """Whether Textual can use ``value`` for its design variable ``key`` (style words or a colour)."""
    if "-style" in key:
        words = value.split()
        if not words or not all(w in VALID_STYLE_FLAGS for w in words):
            return False
        try:
            Style.parse(value)  # what Textual does next: "none bold" or "bold not" fail here
        except StyleSyntaxError:
            return False
        return True
    if key in ("text", "text-muted", "text-disabled") and _AUTO.fullmatch(value):
        return True
    return _colour(value)


def parse_theme(text: str, source: str) -> tuple[Theme, str]:
    """A Textual theme and its label, or ValueError with a plain message."""
    try:
        data = loads_toml(text.removeprefix("\ufeff"))
    except TomlProblem as e:
        raise ValueError(f"{source}: not valid TOML: {e}") from None
    unknown = sorted(set(data) - _KNOWN)
    if unknown:
        raise ValueError(f"{source}: '{shown(unknown[0])}' is not a known field")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{source}: 'name' is missing")
    if not name.isprintable() or len(name) > 60:
        raise ValueError(f"{source}: 'name' must be one line of at most 60 printable characters")
    label = data.get("label", name)
    if not isinstance(label, str) or not label.isprintable() or len(label) > 60:
        raise ValueError(f"{source}: 'label' must be one line of at most 60 printable characters")
    if "primary" not in data:
        raise ValueError(f"{source}: 'primary' is missing")
    colours: dict[str, Any] = {}  # Any: Theme also takes floats and bools by keyword
    for key in _COLOURS:
        if key in data:
            value = data[key]
            if not isinstance(value, str):
                raise ValueError(f"{source}: '{key}' must be a colour in quotes, like \"#1f5fbf\"")
            if not _colour(value):
                raise ValueError(f"{source}: '{key}' = '{shown(value)}' is not a colour")
            colours[key] = value
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(isinstance(v, str) for v in variables.values()):
        raise ValueError(f"{source}: 'variables' must be a table of text values")
    for key, value in variables.items():
        # Textual substitutes every variable into its stylesheet when the theme is applied: an unknown
        # name or a value of the wrong kind there is a crash in front of the room, so both are refused here.
        if key not in _variables():
            raise ValueError(f"{source}: variable '{shown(key)}' is not one of Textual's theme variables")
        if not _variable_ok(key, value):
            kind = "text style words (bold, italic, none...)" if "-style" in key else "a colour"
            raise ValueError(f"{source}: variable '{key}' = '{shown(value)}' is not {kind}")
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ValueError(f"{source}: 'dark' must be true or false")
    theme = Theme(name=name.strip(), dark=dark, variables=dict(variables), **colours)
    return theme, label


def load_themes(folder: Path | None = None) -> LoadedThemes:
    """Every theme file in the shipped ``themes/`` folder (or ``folder``)."""
    themes, labels, problems = [], {}, []
    try:
        where = folder or shipped_dir("themes")
        files = sorted(where.glob("*.toml"))
    except (FileNotFoundError, OSError) as e:
        return LoadedThemes([], {}, [str(e)])
    for path in files:
        try:
            theme, label = parse_theme(_theme_text(path), path.name)
        except ValueError as e:
            problems.append(visible(f"Theme skipped: {e}"))  # the file's name is the user's text
            continue
        themes.append(theme)
        labels[theme.name] = label
    return LoadedThemes(themes, labels, problems)


def _theme_text(path: Path) -> str:
    """The text of a theme file, or ValueError naming it (and the line, when it is not UTF-8)."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ValueError(f"{path.name}: cannot read it ({e.strerror or e})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ValueError(f"{path.name}: {not_utf8(raw, e)}") from None
