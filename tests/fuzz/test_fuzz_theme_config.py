"""Theme files and the config file: nothing in them may crash the app in front of a room.

A theme is parsed before Textual sees it: any bytes end in a theme or a
ValueError naming the file (``load_themes`` skips it with that notice), and a
theme that parses really applies in a running Textual app (an unknown design
variable, or a colour Textual cannot use, used to crash it on the switch). The
config file is read on every start: any bytes in it give a config, with the
problem in words when it is ignored, and whatever is saved reads back the same.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fuzz_helpers import FUZZ, HOSTILE, SLOW, mutated, reencoded
from hypothesis import example, given
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.theme import Theme
from textual.widgets import DataTable, Footer, Input, Static

from grouper.config.prefs import Config
from grouper.core.text import class_name, visible
from grouper.ui.themes import _variables, load_themes, parse_theme

SOURCE = "my-theme.toml"
THEMES = Path(__file__).resolve().parents[2] / "themes"
SHIPPED = (THEMES / "projector.toml").read_bytes()
VALID = b'name = "mine"\nlabel = "Mine"\nprimary = "#1f5fbf"\n\n[variables]\nscrollbar = "#223344"\n' \
        b'link-style = "bold underline"\n'


def theme_outcome(raw: bytes) -> str:
    """'ok', or the problem ``load_themes`` reports for a folder holding only this file."""
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, SOURCE).write_bytes(raw)
        loaded = load_themes(Path(folder))
    if loaded.themes:
        return "ok"
    assert len(loaded.problems) == 1
    return loaded.problems[0]


def assert_skipped_with_reason(problem: str) -> None:
    assert problem.startswith(f"Theme skipped: {SOURCE}"), problem
    assert "\n" not in problem.strip() and "\x1b" not in problem, problem
    assert len(problem) < 600, problem


@FUZZ
@given(st.one_of(st.binary(max_size=200), mutated(SHIPPED), mutated(VALID), reencoded(SHIPPED.decode())))
@example(b'name = "x"\nprimary = "rgb(1,2,3' + b"0" * 400 + b')"\n')  # overflowed inside Textual's parser
@example(b"x = " + b"[" * 5000)
@example(b'name = "x"\nprimary = "red"\nn = 1' + b"0" * 5000)
@example(b"\xef\xbb\xbf" + SHIPPED)  # saved by Notepad with a BOM: read, not skipped
def test_any_theme_file_loads_or_is_skipped_with_a_reason(raw: bytes) -> None:
    problem = theme_outcome(raw)
    if problem != "ok":
        assert_skipped_with_reason(problem)
    if raw.startswith(b"\xef\xbb\xbf") and raw[3:] == SHIPPED:
        assert problem == "ok"


@FUZZ
@given(st.sampled_from(["name", "label", "primary", "background", "variables.scrollbar", "variables.nonsense",
                        "variables.link-style", "variables.text"]), st.sampled_from(HOSTILE))
@example("name", "\x1b[2J")
def test_a_hostile_value_is_refused_with_its_field_or_is_harmless(field: str, text: str) -> None:
    table, _, key = field.rpartition(".")
    escaped = "".join(c if c >= " " and c not in '"\\\x7f' else f"\\u{ord(c):04x}" for c in text)
    base = 'name = "x"\nprimary = "#1f5fbf"\n'
    line = f'{key} = "{escaped}"\n'
    doc = base.replace(f"{key} = ", "#") + (f"[{table}]\n" if table else "") + line
    try:
        theme, label = parse_theme(doc, SOURCE)
    except ValueError as e:
        assert str(e).startswith(SOURCE) and (key in str(e) or "TOML" in str(e)), str(e)
        assert "\x1b" not in str(e) and "\n" not in str(e), repr(str(e))
        return
    assert theme.name.isprintable() and label.isprintable()


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("scrollbar", "zzz"),  # parsed by nobody before Textual: a StylesheetParseError on the switch
        ("border", "$$$"),  # a TokenError
        ("my-colour", "{}"),  # not a Textual variable at all, tokenized anyway
        ("link-style", "none bold"),  # "cannot mix 'none' with other style flags"
        ("link-style-hover", "bold not"),
    ],
)
def test_variables_that_crashed_textual_are_refused_naming_them(variable: str, value: str) -> None:
    with pytest.raises(ValueError, match=f"variable '{variable}'"):
        parse_theme(f'name = "x"\nprimary = "#1f5fbf"\n[variables]\n"{variable}" = "{value}"\n', SOURCE)


# --- a theme that parses really applies ------------------------------------------------------------


class _Room(App[None]):
    """Widgets whose default CSS uses the design variables (scrollbars, cursor styles, the footer)."""

    def compose(self) -> ComposeResult:
        yield Input("Zoë")
        table: DataTable[str] = DataTable()
        table.add_columns("name", "stage")
        table.add_rows([("Zoë", "letters")] * 40)
        yield table
        yield Static("[b]Room 7[/b]")
        yield Footer()


colour = st.sampled_from(["#1f5fbf", "#fff", "red", "ansi_bright_blue", "rgb(10,20,30)", "hsl(120,50%,50%)",
                          "transparent", "#11223380"])
style = st.lists(st.sampled_from(["bold", "italic", "underline", "reverse", "none", "not", "b", "dim"]),
                 min_size=1, max_size=3).map(" ".join)
variables = st.dictionaries(st.sampled_from(sorted(_variables())), st.none(), max_size=8)


async def _apply(theme: Theme) -> str:
    app = _Room()
    async with app.run_test(size=(60, 20)) as pilot:
        app.register_theme(theme)
        app.theme = theme.name
        await pilot.pause()
        return app.theme


@SLOW
@given(variables, st.data())
@example({"scrollbar": None, "link-style-hover": None, "text": None}, None)
def test_every_theme_that_parses_applies_in_a_running_app(names: dict[str, None], data: st.DataObject | None) -> None:
    if data is None:  # the explicit example: values Textual's own default theme uses
        values = {"scrollbar": "#223344", "link-style-hover": "bold not underline", "text": "auto 87%"}
    else:
        values = {k: data.draw(style if "-style" in k else colour, label=k) for k in names}
    body = "\n".join(f'"{k}" = "{v}"' for k, v in values.items())
    try:
        theme, _ = parse_theme(f'name = "fuzzed"\nprimary = "#1f5fbf"\n[variables]\n{body}\n', SOURCE)
    except ValueError as e:  # refused at the door ("none bold"): the app never sees it
        assert data is not None and "is not text style words" in str(e), str(e)
        return
    assert asyncio.run(_apply(theme)) == "fuzzed"


# --- the config file ------------------------------------------------------------------------------


@contextmanager
def config_folder() -> Iterator[Path]:
    old = os.environ.get("GROUPER_CONFIG_DIR")
    with tempfile.TemporaryDirectory() as folder:
        os.environ["GROUPER_CONFIG_DIR"] = folder
        try:
            yield Path(folder)
        finally:
            if old is None:
                os.environ.pop("GROUPER_CONFIG_DIR", None)
            else:
                os.environ["GROUPER_CONFIG_DIR"] = old


CONFIG = 'theme = "projector"\nlast_class = "Grade 1 — Room 7"\n'.encode()


@FUZZ
@given(st.one_of(st.binary(max_size=200), mutated(CONFIG), reencoded(CONFIG.decode())))
@example(b"theme = " + b"[" * 5000)  # RecursionError inside tomllib
@example(b"theme = 1" + b"0" * 5000)  # ValueError (not TOMLDecodeError) inside tomllib
@example(b"\xef\xbb\xbf" + CONFIG)  # a BOM: read, not ignored
def test_any_config_file_gives_a_config_and_says_why_it_was_ignored(raw: bytes) -> None:
    with config_folder() as folder:
        (folder / "config.toml").write_bytes(raw)
        config = Config.load()
    if config.problem:
        assert config.problem.startswith(str(folder / "config.toml")) and "ignored" in config.problem
        assert config.theme == config.last_class == ""
    if raw.startswith(b"\xef\xbb\xbf") and raw[3:] == CONFIG:
        assert (config.theme, config.last_class, config.problem) == ("projector", "Grade 1 — Room 7", "")


@FUZZ
@given(st.text(st.characters(codec="utf-8"), max_size=30), st.sampled_from(HOSTILE))
@example("\U000f0000", "\U000e0001")  # unprintable and beyond U+FFFF: '\u' takes only four digits
@example("\ud800", "x")  # a lone surrogate (an undecodable file name) cannot be written as UTF-8
def test_whatever_is_saved_reads_back(theme: str, last_class: str) -> None:
    with config_folder():
        assert Config(theme=theme, last_class=last_class).save() == ""
        back = Config.load()
    # Read back as every string from a file is: control characters shown as symbols, a class name in NFC.
    expected = visible("".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in theme))
    assert (back.theme, back.last_class, back.problem) == (expected, class_name(last_class), "")
