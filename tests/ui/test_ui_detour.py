"""The detour dialog (d): the suggested detour marked and highlighted, Enter takes it, E ends it,
and every place a teacher reads about the student says it (with the words, not colour alone)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList
from ui_helpers import ZOE_ROW, grid, make_app, message, screen_name, screen_text, wait_for

from grouper.store import Store
from grouper.ui.widgets.grid import FIXED

CLASS = "Grade 1 — Room 7"


def _options(app) -> list[str]:  # type: ignore[no-untyped-def]
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


#: The detours the Grade 1 sample has taken already (five in the past, Noah Williams's open one).
SAMPLE_DETOURS = 6


def _detours(root: Path) -> list[tuple[str, str, bool]]:
    """The detours taken since the sample was made."""
    with Store(root, writable=False) as store:
        taken = store.load_class(CLASS).detours
    assert len(taken) >= SAMPLE_DETOURS
    return [(t.student, t.detour, t.ended is None) for t in taken[SAMPLE_DETOURS:]]


async def test_the_suggested_detour_is_taken_with_enter_and_ended_with_e(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        grid(app).move_cursor(row=ZOE_ROW, column=FIXED)
        await pilot.pause()
        await pilot.press("d")
        await wait_for(pilot, lambda: screen_name(app) == "DetourDialog", "the detour dialog")
        options = _options(app)
        assert "Name and picture anchors  (suggested: stalled)" in options[0]
        assert "closer checks: Letters named in a 10-letter set (of 10)" in options[0]
        assert "Sand tray letters" in options[1] and "suggested" not in options[1]
        assert "Now: on the main route" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "on the detour" in message(app), "the answer")
        assert message(app) == ("Zoë Ng on the detour Name and picture anchors from today "
                                "(mastering Letter names and sounds ends it)")
        assert _detours(demo_root) == [("s12", "letters-anchor", True)]
        # The student view says she is on it, and no longer suggests it.
        await pilot.press("i")
        await wait_for(pilot, lambda: screen_name(app) == "StudentScreen", "the student screen")
        text = screen_text(app)
        assert "↪ on a detour: Name and picture anchors since" in text
        assert "detour to try" not in text
        assert "Detours taken" in text and "still on it" in text
        # d here too: the dialog marks the one she is on; j then Enter takes the other, E ends it.
        await pilot.press("d")
        await wait_for(pilot, lambda: screen_name(app) == "DetourDialog", "the detour dialog")
        assert "◂ on it now" in _options(app)[0]
        await pilot.press("j", "enter")
        await wait_for(pilot, lambda: "Sand tray letters" in screen_text(app), "the new detour")
        assert [d for _, d, _ in _detours(demo_root)] == ["letters-anchor", "letters-trace"]
        await pilot.press("d")
        await wait_for(pilot, lambda: screen_name(app) == "DetourDialog", "the detour dialog")
        await pilot.press("E")
        await wait_for(pilot, lambda: screen_name(app) == "StudentScreen", "back to the student")
        await wait_for(pilot, lambda: "ended by hand" in screen_text(app), "the ended detour")
        assert all(not still_open for _, _, still_open in _detours(demo_root))
        assert "↪ on a detour" not in screen_text(app)


async def test_escape_takes_no_detour(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        grid(app).move_cursor(row=ZOE_ROW, column=FIXED)
        await pilot.pause()
        await pilot.press("d")
        await wait_for(pilot, lambda: screen_name(app) == "DetourDialog", "the detour dialog")
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        assert _detours(demo_root) == []


async def test_mastering_the_stage_on_the_detour_loops_back_and_undo_reopens_it(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        grid(app).move_cursor(row=ZOE_ROW, column=FIXED)
        await pilot.pause()
        await pilot.press("d")
        await wait_for(pilot, lambda: screen_name(app) == "DetourDialog", "the detour dialog")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "on the detour" in message(app), "the detour taken")
        await pilot.press(":", *"zoe lid 52", "enter")  # Letters named mastered: the stage is too
        await wait_for(pilot, lambda: "Zoë Ng lid" in message(app), "the score saved")
        await pilot.press("escape")  # quick entry closed: keys are commands again
        grid(app).move_cursor(row=ZOE_ROW, column=FIXED)
        await pilot.pause()
        await pilot.press("i")
        await wait_for(pilot, lambda: screen_name(app) == "StudentScreen", "the student screen")
        text = " ".join(screen_text(app).split())  # the lines as read, wrapping aside
        assert "Name and picture anchors" in text and "the stage mastered: back on the path" in text
        assert "↪ on a detour" not in text
        assert _detours(demo_root) == [("s12", "letters-anchor", True)]  # nothing stored ends it: the scores do
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        await pilot.press("ctrl+z")  # the mastering score taken back: she is on the detour again
        await wait_for(pilot, lambda: message(app).startswith("Undone"), "the undo")
        await pilot.press("i")
        await wait_for(pilot, lambda: screen_name(app) == "StudentScreen", "the student screen")
        text = " ".join(screen_text(app).split())
        assert "↪ on a detour: Name and picture anchors since" in text and "still on it" in text
