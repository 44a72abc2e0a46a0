"""Screenshots of the main screens, compared with the accepted ones in __snapshots__/.

Deterministic by construction: a fixed today and clock, a demo store made for that
day, a private config folder, and no blinking cursor. After a deliberate change to
the look, regenerate with ``pytest tests/ui --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from ui_helpers import NOW, TODAY, make_app

import grouper.ui.app as app_module
from grouper.ui.app import GrouperApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]


async def _steady(pilot: Pilot[Any]) -> None:
    for field in pilot.app.query(Input):
        field.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare: Any, demo_root: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_root, demo=True), terminal_size=size, run_before=_steady)


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare: Any, demo_root: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_root, demo=True), press=["question_mark"], terminal_size=size,
                        run_before=_steady)


@pytest.mark.parametrize("size", SIZES)
def test_pathway_map(snap_compare: Any, demo_root: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_root, demo=True), press=["p"], terminal_size=size, run_before=_steady)


@pytest.mark.parametrize("size", SIZES)
def test_welcome_screen(snap_compare: Any, empty_root: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(empty_root), terminal_size=size, run_before=_steady)


def test_main_screen_after_an_entry(snap_compare: Any, demo_root: Path) -> None:
    """Zoë moved up, the groups re-formed, the message line says so, the quick prompt shows its preview."""

    async def enter_and_type(pilot: Pilot[Any]) -> None:
        await _steady(pilot)
        await pilot.press(":", *"zoe lid 52", "enter", *"noah lid 5")
        for field in pilot.app.query(Input):
            field.cursor_blink = False

    assert snap_compare(make_app(demo_root, demo=True), terminal_size=(80, 24), run_before=enter_and_type)


def test_week_view(snap_compare: Any, demo_root: Path) -> None:
    """The rotation for five school days at 80 columns, with Wednesday marked as a no-group day."""
    assert snap_compare(make_app(demo_root, demo=True), press=["v", "right", "right", "n"], terminal_size=(80, 24),
                        run_before=_steady)


@pytest.mark.parametrize("size", SIZES)
def test_data_wall(snap_compare: Any, demo_root: Path, size: tuple[int, int]) -> None:
    """A stacked bar a week: each stage's mark over its count, the legend and the summary under them."""
    assert snap_compare(make_app(demo_root, demo=True), press=["w"], terminal_size=size, run_before=_steady)


def test_data_wall_in_the_projector_theme(snap_compare: Any, demo_root: Path) -> None:
    async def projector(pilot: Pilot[Any]) -> None:
        pilot.app.theme = "projector"
        await _steady(pilot)

    assert snap_compare(make_app(demo_root, demo=True), press=["w"], terminal_size=(100, 30), run_before=projector)


def test_school_view_pictures(snap_compare: Any, demo_root: Path) -> None:
    """The school view scrolled to the end: the last grade's bars per class and per week, and the legend."""
    assert snap_compare(make_app(demo_root, demo=True), press=["H", "end"], terminal_size=(80, 24),
                        run_before=_steady)


class _StaysOpening(GrouperApp):
    """The app's first look, held: the store is never loaded, so the screenshot is of the opening screen."""

    CSS_PATH = str(Path(app_module.__file__).with_name("grouper.tcss"))  # relative paths follow the subclass

    def _open_after_first_look(self) -> None:
        pass


def test_opening_screen(snap_compare: Any, demo_root: Path) -> None:
    """Names and scores from the class file; places '…', groups being worked out, 'opening…' in the status."""
    app = _StaysOpening(demo_root, demo=True, today=TODAY, clock=lambda: NOW, first_look=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_steady)
