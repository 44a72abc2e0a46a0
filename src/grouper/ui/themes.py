"""Colour themes from files in ``themes/``, checked before Textual sees them.

A theme is a small TOML file. Every colour is parsed with Textual's own parser
first: Textual would crash when applying a bad colour, and a coach must never
see a crash in front of a room. A bad file is skipped with a notice.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from textual.color import Color, ColorParseError
from textual.theme import Theme

from grouper.resources import shipped_dir

DEFAULT_THEME = "classroom-dark"
_COLOURS = ("primary", "secondary", "accent", "warning", "error", "success",
            "foreground", "background", "surface", "panel", "boost")
_KNOWN = {"name", "label", "dark", "variables", *_COLOURS}


@dataclass(frozen=True)
class LoadedThemes:
    themes: list[Theme]
    labels: dict[str, str]
    problems: list[str]


def parse_theme(text: str, source: str) -> tuple[Theme, str]:
    """A Textual theme and its label, or ValueError with a plain message."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ValueError(f"{source}: not valid TOML: {e}") from None
    unknown = sorted(set(data) - _KNOWN)
    if unknown:
        raise ValueError(f"{source}: '{unknown[0]}' is not a known field")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{source}: 'name' is missing")
    if "primary" not in data:
        raise ValueError(f"{source}: 'primary' is missing")
    colours: dict[str, str] = {}
    for key in _COLOURS:
        if key in data:
            value = data[key]
            if not isinstance(value, str):
                raise ValueError(f"{source}: '{key}' must be a colour in quotes, like \"#1f5fbf\"")
            try:
                Color.parse(value)
            except ColorParseError:
                raise ValueError(f"{source}: '{key}' = '{value}' is not a colour") from None
            colours[key] = value
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(isinstance(v, str) for v in variables.values()):
        raise ValueError(f"{source}: 'variables' must be a table of text values")
    for key, value in variables.items():
        if key.endswith(("color", "colour", "background")) or value.startswith("#"):
            try:
                Color.parse(value)
            except ColorParseError:
                raise ValueError(f"{source}: variable '{key}' = '{value}' is not a colour") from None
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ValueError(f"{source}: 'dark' must be true or false")
    label = data.get("label", name)
    theme = Theme(name=name.strip(), dark=dark, variables=dict(variables), **colours)
    return theme, str(label)


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
            theme, label = parse_theme(path.read_text(encoding="utf-8"), path.name)
        except (ValueError, OSError, UnicodeDecodeError) as e:
            problems.append(f"Theme skipped: {e}")
            continue
        themes.append(theme)
        labels[theme.name] = label
    return LoadedThemes(themes, labels, problems)
