"""Names and notes holding terminal escape sequences, tabs and newlines are shown, never obeyed.

A name like ``Ana\\x1b[2J`` written to the terminal as it is would clear the
teacher's screen; ``\\x1b]0;title\\x07`` retitles the window (other sequences
can do worse). The app must show such text as visible characters: the raw
ESC, BEL, TAB or LF must never reach the terminal. We read what the app
writes to the terminal (the compositor's update, rendered to the escape
sequences the driver sends) on the grid, the groups panel and the student
screen, and look for those characters in the text of every cell.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.app import App
from textual.content import Content
from textual.widgets import Static
from ui_helpers import NOW, TODAY, group_cards, make_app, screen_name, wait_for

import grouper.ui.app
from grouper.core.models import Check, ClassRecord, Note, Pathway, Score, Stage, Student
from grouper.core.text import BIDI_CONTROLS
from grouper.store import Store
from grouper.ui.app import GrouperApp

CLASS = "Room 9\x1b]0;x\x07"
STAGE = "Sounds\x1b[5m"  # blink
FOCUS = "Say each sound,\x1b[2J then blend."
ANA = "Ana\x1b[2J"  # clear the screen
TITLE = "\x1b]0;title\x07"  # set the window title
TAB = "Tab\tTaylor"
NEWLINE = "New\nLine"
NOTE = "Saw b/d \x1b[31mreversed\x1b[0m\ttwice\nthen \x1b]0;pwned\x07 read"
SCORE_NOTE = "conference \x1b[2J\x07"
#: Sequences that must never be written to the terminal as they are.
INJECTED = ("\x1b[2J", "\x1b]0;", "\x1b[31m", "\x07", "\t")


def is_control(ch: str) -> bool:
    """C0, DEL and C1 control characters (a terminal acts on them instead of showing them), and bidi controls."""
    return ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 or ch in BIDI_CONTROLS


@pytest.fixture
def control_root(tmp_path: Path) -> Path:
    root = tmp_path / "store"
    pathway = Pathway(
        id="tiny", name="Tiny path",
        stages=(
            Stage(id="one", label=STAGE, focus=FOCUS,
                  checks=(Check(id="snd", label="Sounds (of 10)", max=10, mastery=8),)),
            Stage(id="two", label="Words", focus="Read the words.",
                  checks=(Check(id="wrd", label="Words (of 20)", max=20, mastery=18),)),
        ),
    )
    students = [Student("c1", ANA), Student("c2", TITLE), Student("c3", TAB), Student("c4", NEWLINE)]
    scores = [Score("c1", "snd", 3, TODAY, 1, SCORE_NOTE), Score("c2", "snd", 4, TODAY, 2),
              Score("c3", "snd", 9, TODAY, 3), Score("c4", "snd", 2, TODAY, 4)]
    with Store(root, writable=True) as store:
        store.create_class(ClassRecord(CLASS, pathway, students=students, scores=scores))
        name = store.class_names()[0]  # as the store keeps it
        store.add_note(name, Note("c1", TODAY, NOTE, dt.datetime(2026, 11, 22, 15, 0).isoformat()))
    return root


def terminal_output(app: GrouperApp) -> tuple[list[str], str]:
    """The text of every cell the app paints, and the bytes it sends the terminal for a full frame."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    texts = [segment.text for line in update.strips for strip in line for segment in strip if not segment.control]
    return texts, update.render_segments(app.console)


def assert_nothing_raw_reaches_the_terminal(app: GrouperApp, where: str) -> None:
    texts, sent = terminal_output(app)
    raw = sorted({f"U+{ord(ch):04X}" for text in texts for ch in text if is_control(ch)})
    assert not raw, f"control characters painted on the {where}: {raw}"
    for sequence in INJECTED:
        assert sequence not in sent, f"{sequence!r} sent to the terminal on the {where}"


async def test_escape_sequences_in_names_and_notes_never_reach_the_terminal(control_root: Path) -> None:
    app = make_app(control_root)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        painted = "".join(terminal_output(app)[0])
        # The names are there, as visible text (Ana's row, the title, the tab and newline names).
        for visible in ("Room 9", "]0;x", "Ana", "[2J", "]0;title", "Tab", "Taylor", "New", "Sounds", "[5m"):
            assert visible in painted, visible
        cards = "\n".join(group_cards(app))
        for visible in ("Ana", "[2J", "]0;title", "Say each sound,", "Sounds", "[5m"):
            assert visible in cards, visible
        assert_nothing_raw_reaches_the_terminal(app, "class screen (grid and groups)")
        await pilot.press("i")  # the cursor is on Ana's row
        await wait_for(pilot, lambda: screen_name(app) == "StudentScreen", "the student screen")
        painted = "".join(terminal_output(app)[0])
        for visible in ("Ana", "[2J", "reversed", "twice", "]0;pwned", "conference"):
            assert visible in painted, visible
        assert_nothing_raw_reaches_the_terminal(app, "student screen")
        await pilot.press("escape", "down", "i")  # the window-title student
        await wait_for(pilot, lambda: screen_name(app) == "StudentScreen", "the second student screen")
        assert "]0;title" in "".join(terminal_output(app)[0])
        assert_nothing_raw_reaches_the_terminal(app, "student screen of the title name")


async def test_plain_names_paint_no_control_characters(markup_root: Path) -> None:
    """The check itself: Textual's own frame (borders, colours, cursor moves) passes it."""
    app = make_app(markup_root)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        assert_nothing_raw_reaches_the_terminal(app, "class screen")
        await pilot.press("i")
        await wait_for(pilot, lambda: screen_name(app) == "StudentScreen", "the student screen")
        assert_nothing_raw_reaches_the_terminal(app, "student screen")


class UnfilteredApp(GrouperApp):
    """The app without its last line of defence: what Textual alone would paint."""

    CSS_PATH = str(Path(grouper.ui.app.__file__).with_name("grouper.tcss"))

    def get_line_filters(self):  # type: ignore[no-untyped-def]
        return App.get_line_filters(self)


async def test_the_check_sees_a_raw_escape(markup_root: Path) -> None:
    """Textual alone paints an ESC inside a Content as it is: the check above would catch one that got through."""
    app = UnfilteredApp(markup_root, today=TODAY, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        app.screen.query_one("#message", Static).update(Content(ANA))
        await pilot.pause()
        with pytest.raises(AssertionError, match=r"U\+001B"):
            assert_nothing_raw_reaches_the_terminal(app, "class screen")


async def test_a_raw_escape_put_on_screen_by_any_path_is_painted_as_a_symbol(markup_root: Path) -> None:
    """The second line of defence: text no one made visible (here put straight into a widget) still
    reaches the terminal as ``␛``, and the bidi override as ``�``, never as themselves."""
    app = make_app(markup_root)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        await wait_for(pilot, lambda: bool(group_cards(app)), "the groups")  # the class has loaded
        app.screen.say(Content(ANA + " Joe\u202eymmiT \x1b]0;t\x07"))  # type: ignore[attr-defined]
        await wait_for(pilot, lambda: "ymmiT" in "".join(terminal_output(app)[0]), "the message")
        assert_nothing_raw_reaches_the_terminal(app, "class screen")
        painted = "".join(terminal_output(app)[0])
        assert "Ana␛[2J Joe�ymmiT ␛]0;t" in painted  # (Textual drops the BEL itself)
        assert "\u202e" not in terminal_output(app)[1]
