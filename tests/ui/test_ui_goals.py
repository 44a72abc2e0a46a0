"""Goals in the student view (g): typed in the goal bar, saved with Enter, shown with their line and the
rule's words and drawn as a plot; Escape saves nothing, a bad goal is named and saves nothing; a student
below a goal's line is on the needs-attention list (n) with the symbol and the words.

In the Grade 1 sample class Zoë Ng has letters named 36 (Tue 13 Oct), 41, 44 and 47 (Tue 17 Nov);
José Álvarez has words blended 4 (Tue 13 Oct), 5, 6, 7 and 8 (Mon 9 Nov) and needs no attention.
The sample class comes with goals of its own: most tests take them off first (``root``), so each
starts from a class with none; one test reads the sample's own goals as they come.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static
from ui_helpers import G1, JOSE, TODAY, ZOE, ZOE_ROW, make_app, open_student, screen_name, wait_for

from grouper.core.models import Goal
from grouper.store import Store


@pytest.fixture
def root(demo_root: Path) -> Path:
    """The demo store with the Grade 1 class's own goals taken off."""
    with Store(demo_root) as store:
        for g in store.load_class(G1).goals:
            store.clear_goal(G1, g.student, g.check)
    return demo_root


def _goals(root: Path) -> list[Goal]:
    with Store(root, writable=False) as store:
        return store.load_class(G1).goals


def _section(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#student-goals", Static).render())


def _head(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#student-head", Static).render())


def _plots(app) -> list:  # type: ignore[no-untyped-def, type-arg]
    from grouper.ui.widgets.goal_plot import GoalPlot

    return list(app.screen.query_one("#goal-plots").query(GoalPlot))


def _bar_open(app) -> bool:  # type: ignore[no-untyped-def]
    return bool(app.screen.query_one("#goal-bar").display) and isinstance(app.focused, Input)


def _notices(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in app._notifications]


async def _type_goal(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    await pilot.press("g")
    await wait_for(pilot, lambda: _bar_open(app), "the goal bar")
    await pilot.press(*text)
    await wait_for(pilot, lambda: app.focused.value == text, "the goal typed")


async def test_a_goal_typed_in_the_student_view_is_saved_shown_and_drawn(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(110, 40), notifications=True) as pilot:
        await open_student(pilot, ZOE_ROW)
        assert "Goals" in _section(app) and "None yet" in _section(app)
        assert not app.screen.query_one("#goal-bar").display
        assert _plots(app) == []
        await _type_goal(pilot, "lid 50 by 2026-12-18 from 2026-10-13")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not app.screen.query_one("#goal-bar").display, "the bar closed")
        section = _section(app)
        assert "Letters named (of 54): 50 by Fri 18 Dec: on track" in section
        assert "line: 36 on Tue 13 Oct to 50 on Fri 18 Dec" in section
        assert "(line 43.4, at or above)" in section  # 47 on Tue 17 Nov
        assert "None yet" not in section
        assert any("Goal set for Zoë Ng: Letters named (of 54): 50 by Fri 18 Dec: on track" in n
                   for n in _notices(app))
        await wait_for(pilot, lambda: len(_plots(app)) == 1, "the goal plot")
        plot = _plots(app)[0]
        assert plot.line.goal == Goal(ZOE, "lid", 50, plot.line.goal.by, plot.line.goal.started)
        assert (plot.line.start, plot.line.status) == (36, "on-track")
        assert app.screen.query_one("#goal-plots").display
        assert not isinstance(app.focused, Input)  # back to the view: keys are commands again
    goals = _goals(root)
    assert [(g.student, g.check, g.target, g.by.isoformat(), g.started.isoformat()) for g in goals] == [
        (ZOE, "lid", 50, "2026-12-18", "2026-10-13")]


async def test_a_goal_below_the_line_says_change_the_teaching_and_a_new_one_replaces_it(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(110, 40), notifications=True) as pilot:
        await open_student(pilot, ZOE_ROW)
        await _type_goal(pilot, "lid 50 by 2026-12-18 from 2026-10-13")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "on track" in _section(app), "the first goal")
        await _type_goal(pilot, "lid 54 by 2026-11-30 from 2026-10-13")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "54 by Mon 30 Nov" in _section(app), "the new goal")
        section = _section(app)
        assert "Letters named (of 54): 54 by Mon 30 Nov: below the line: change the teaching" in section
        assert "50 by Fri 18 Dec" not in section
        assert "⤓ below the goal line: Letters named (of 54) (the latest 3 scores)" in _head(app)
        await wait_for(pilot, lambda: len(_plots(app)) == 1 and _plots(app)[0].line.status == "below", "one plot")
    assert [(g.target, g.by.isoformat()) for g in _goals(root)] == [(54, "2026-11-30")]


async def test_clear_typed_in_the_bar_takes_the_goal_off(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(110, 40), notifications=True) as pilot:
        await open_student(pilot, ZOE_ROW)
        await _type_goal(pilot, "lid 50 by 2026-12-18 from 2026-10-13")
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(_plots(app)) == 1, "the goal plot")
        await _type_goal(pilot, "lid clear")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "None yet" in _section(app), "the goal taken off")
        await wait_for(pilot, lambda: _plots(app) == [], "the plot gone")
        assert any("Zoë Ng's goal on Letters named (of 54) is taken off." in n for n in _notices(app))
    assert _goals(root) == []


async def test_escape_closes_the_goal_bar_and_saves_nothing(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(110, 40)) as pilot:
        await open_student(pilot, ZOE_ROW)
        await _type_goal(pilot, "lid 50 by 2026-12-18")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not app.screen.query_one("#goal-bar").display, "the bar closed")
        assert screen_name(app) == "StudentScreen"  # the first Escape only closed the bar
        assert app.screen.query_one("#goal", Input).value == ""
        assert "None yet" in _section(app)
        # g again opens an empty bar; a second Escape leaves the view.
        await pilot.press("g")
        await wait_for(pilot, lambda: _bar_open(app), "the goal bar again")
        assert app.screen.query_one("#goal", Input).value == ""
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "back to the class")
    assert _goals(root) == []


async def test_a_bad_goal_is_named_and_saves_nothing(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(110, 40), notifications=True) as pilot:
        await open_student(pilot, ZOE_ROW)
        for typed, words in [
            ("lid 50", "a goal needs its date"),
            ("lid 99 by 2026-12-18", "cannot be above 54"),
            ("lid 30 by 2026-12-18 from 2026-10-13", "Zoë Ng's line on Letters named (of 54) starts at 36"),
            ("xyz 5 by 2026-12-18", "no check 'xyz'"),
            ("lid 50 by 2026-11-01", "must come after its start"),
            ("lid 50 by someday", "is not a date"),
        ]:
            app.clear_notifications()
            await _type_goal(pilot, typed)
            await pilot.press("enter")
            await wait_for(pilot, lambda w=words: any(w in n for n in _notices(app)), f"the error for {typed!r}")
            # The bar stays open with the words, to be put right or cancelled.
            assert _bar_open(app) and app.focused.value == typed
            assert "None yet" in _section(app)
            await pilot.press("escape")
            await wait_for(pilot, lambda: not app.screen.query_one("#goal-bar").display, "the bar closed")
    assert _goals(root) == []


def _attention(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Each line of the needs-attention list, by the student's name (its first line)."""
    options = app.screen.query_one(OptionList)
    found = {}
    for i in range(options.option_count):
        text = str(options.get_option_at_index(i).prompt)
        found[text.splitlines()[0]] = text
    return found


async def test_a_student_below_a_goal_is_on_the_needs_attention_list(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.press("n")
        await wait_for(pilot, lambda: screen_name(app) == "AttentionScreen", "the watch list")
        assert "José Álvarez" not in _attention(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        # José's blending since 13 Oct (4, 5, 6, 7, 8) is under a line from 4 to 10 by Mon 9 Nov.
        await open_student(pilot, 0)
        assert "Nothing to watch" in _head(app)
        await _type_goal(pilot, "blend 10 by 2026-11-09 from 2026-10-13")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "below the line: change the teaching" in _section(app), "the goal")
        head = _head(app)
        assert "⤓ below the goal line: Words blended from sounds (of 10) (the latest 3 scores)" in head
        assert "Nothing to watch" not in head
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        await pilot.press("n")
        await wait_for(pilot, lambda: screen_name(app) == "AttentionScreen", "the watch list")
        listed = _attention(app)
        assert "José Álvarez" in listed
        below = "⤓ below the goal line: Words blended from sounds (of 10) (the latest 3 scores)"
        assert below in listed["José Álvarez"]
        head = str(app.screen.query_one("#attention-head", Static).render())
        assert "⤓ below goal" in head  # the legend: the symbol with its word
    assert [(g.student, g.check) for g in _goals(root)] == [(JOSE, "blend")]


async def test_the_sample_class_s_own_goal_is_shown_with_its_line_and_plot(demo_root: Path) -> None:
    from grouper.reports.goals import headline
    from grouper.session.class_session import ClassSession

    kept = [g for g in _goals(demo_root) if g.student == ZOE]
    if not kept:
        pytest.skip("the sample class keeps no goal for Zoë Ng")
    with Store(demo_root, writable=False) as store:
        lines = ClassSession(store, G1, TODAY).goals_of(ZOE)
        pathway = store.load_class(G1).pathway
    app = make_app(demo_root)
    async with app.run_test(size=(110, 40)) as pilot:
        await open_student(pilot, ZOE_ROW)
        section = _section(app)
        for line in lines:
            assert headline(line, pathway) in section
        drawn = [g for g in lines if g.start is not None]
        await wait_for(pilot, lambda: len(_plots(app)) == len(drawn), "a plot for each goal with a line")
        assert [p.line for p in _plots(app)] == drawn
        if any(g.status == "below" for g in lines):
            assert "⤓ below the goal line" in _head(app)


async def test_back_on_the_class_screen_the_grid_and_cards_mark_the_student_below_a_goal(root: Path) -> None:
    from ui_helpers import cell, group_cards, status

    app = make_app(root)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        assert "⤓" not in cell(app, JOSE, "place")
        await open_student(pilot, 0)
        await _type_goal(pilot, "blend 10 by 2026-11-09 from 2026-10-13")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "below the line" in _section(app), "the goal")
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        await wait_for(pilot, lambda: "5 to watch" in status(app), "the status line")  # this much is redrawn
        # A new app shows "4 ⤓ below goal" here and "José Álvarez ⤓ below goal" on his group's card.
        assert "⤓ below goal" in cell(app, JOSE, "place")
        assert any("José Álvarez ⤓ below goal" in c for c in group_cards(app))


async def test_a_new_app_marks_the_student_below_a_goal_in_the_grid_and_on_the_card(root: Path) -> None:
    import datetime as dt

    from ui_helpers import cell, group_cards

    with Store(root) as store:
        store.set_goal(G1, Goal(JOSE, "blend", 10, dt.date(2026, 11, 9), dt.date(2026, 10, 13)))
    app = make_app(root)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        assert "⤓ below goal" in cell(app, JOSE, "place")
        assert any("José Álvarez ⤓ below goal" in c for c in group_cards(app))


async def test_goal_from_the_palette_opens_the_goal_bar(root: Path) -> None:
    from ui_helpers import screen_text

    app = make_app(root)
    async with app.run_test(size=(110, 40)) as pilot:
        await open_student(pilot, ZOE_ROW)
        await pilot.press("ctrl+p", *"goal")
        await wait_for(pilot, lambda: "with its line and the rule (g)" in screen_text(app), "the palette to find it")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "StudentScreen" and _bar_open(app), "the goal bar")
        await pilot.press(*"lid 50 by 2026-12-18 from 2026-10-13", "enter")
        await wait_for(pilot, lambda: "50 by Fri 18 Dec: on track" in _section(app), "the goal")
    assert [(g.student, g.check, g.target) for g in _goals(root)] == [(ZOE, "lid", 50)]


async def test_while_the_goal_is_typed_g_d_n_j_k_are_letters(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(110, 40)) as pilot:
        await open_student(pilot, ZOE_ROW)
        await _type_goal(pilot, "g d n j k")
        assert screen_name(app) == "StudentScreen"  # no detour dialog
        assert not app.screen.query_one("#note-bar").display  # no note bar
        await pilot.press("enter")  # not a goal: named, nothing saved
        await wait_for(pilot, lambda: _bar_open(app), "the bar still open")
    assert _goals(root) == []


async def test_a_read_only_store_opens_no_goal_bar(root: Path) -> None:
    before = _goals(root)
    with Store(root, writable=True):  # another grouper holds the store
        app = make_app(root)
        async with app.run_test(size=(110, 40), notifications=True) as pilot:
            await open_student(pilot, ZOE_ROW)
            await pilot.press("g")
            await wait_for(pilot, lambda: any("read-only" in n for n in _notices(app)), "the warning")
            assert not app.screen.query_one("#goal-bar").display
            assert not isinstance(app.focused, Input)
    assert _goals(root) == before


@pytest.mark.parametrize(
    ("typed", "words", "status"),
    [
        # Zoë's Letters named: 36 on 13 Oct, then 41, 44 and 47.
        ("lid 50 by 2026-12-04 from 2026-10-13", "on track", "on-track"),
        ("lid 54 by 2026-12-07 from 2026-10-13", "mixed: keep watching", "mixed"),
        ("lid 54 by 2026-12-04 from 2026-10-13", "below the line: change the teaching", "below"),
        ("lid 50 by 2026-12-18 from 2026-11-10", "too few points to say", "too-few"),
    ],
)
async def test_each_status_of_the_rule_is_said_in_words_and_drawn(root: Path, typed: str, words: str,
                                                                  status: str) -> None:
    app = make_app(root)
    async with app.run_test(size=(110, 40)) as pilot:
        await open_student(pilot, ZOE_ROW)
        await _type_goal(pilot, typed)
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(_plots(app)) == 1, "the goal plot")
        assert f": {words}" in _section(app).splitlines()[1]
        assert _plots(app)[0].line.status == status
        below = "⤓ below the goal line: Letters named (of 54)" in _head(app)
        assert below == (status == "below")
