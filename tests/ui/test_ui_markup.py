"""Names exactly as typed: brackets in names, classes and pathway labels are text, never markup."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList
from ui_helpers import (
    MARKUP_CHECK,
    MARKUP_CLASS,
    MARKUP_FOCUS,
    MARKUP_NAMES,
    MARKUP_PATH,
    MARKUP_STAGE,
    cell,
    grid,
    group_cards,
    make_app,
    message,
    preview,
    profile,
    quick,
    saved_value,
    screen_name,
    screen_text,
    status,
    unplaced,
    wait_for,
)


async def test_grid_groups_and_status_show_names_literally(markup_root: Path) -> None:
    app = make_app(markup_root)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert MARKUP_CLASS in status(app)
        assert MARKUP_PATH in status(app)
        assert [cell(app, f"m{i}", "name") for i in (1, 2, 3)] == list(MARKUP_NAMES)
        assert cell(app, "m1", "place").startswith("2? ")
        assert cell(app, "m2", "place") == "1 " + MARKUP_STAGE
        cards = "\n".join(group_cards(app))
        for name in MARKUP_NAMES:
            assert name in cards
        assert MARKUP_STAGE in cards
        assert MARKUP_FOCUS in cards
        assert MARKUP_STAGE in profile(app)
        shown = screen_text(app)
        for text in (*MARKUP_NAMES, MARKUP_CLASS):
            assert text in shown, text


async def test_entry_and_absence_messages_keep_brackets(markup_root: Path) -> None:
    app = make_app(markup_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "7")
        await pilot.pause()
        assert message(app).startswith(f"Typing 7 for {MARKUP_CHECK} (0 to 10")
        await pilot.press("enter")
        await pilot.pause()
        assert message(app).startswith("Saved: [bold]Ana[/bold] snd = 7  →  " + MARKUP_STAGE)
        await pilot.press("a")
        await pilot.pause()
        assert cell(app, "m3", "name") == "[$accent]Lee ⊘"
        assert "[$accent]Lee (absent)" in unplaced(app)
        assert message(app).startswith("[$accent]Lee is away")
    assert saved_value(markup_root, MARKUP_CLASS, "m2", "snd") == 7


async def test_quick_entry_preview_shows_names_literally(markup_root: Path) -> None:
    app = make_app(markup_root)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press(":", "[")
        await pilot.pause()
        shown = preview(app)
        assert "could be" in shown
        for name in MARKUP_NAMES:
            assert name in shown, name
        await pilot.press(*"$accent]Lee snd 9")
        await pilot.pause()
        assert preview(app) == f"[$accent]Lee · snd ({MARKUP_CHECK}) · = 9  ⏎ saves"
        assert "[$accent]Lee" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: quick(app).value == "", "the prompt to clear")
        assert message(app).startswith("Saved: [$accent]Lee snd = 9")
        await pilot.press(*"[/] snd 99", "enter")
        await pilot.pause()
        assert message(app).startswith("Not saved: a score cannot be above 10")
        assert "[/]" in preview(app)
    assert saved_value(markup_root, MARKUP_CLASS, "m3", "snd") == 9
    assert saved_value(markup_root, MARKUP_CLASS, "m1", "snd") == 9  # unchanged from the fixture


async def test_pathway_map_help_and_picker_show_brackets(markup_root: Path) -> None:
    app = make_app(markup_root)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("p")
        await wait_for(pilot, lambda: screen_name(app) == "PathwayMapScreen", "the pathway map")
        shown = screen_text(app)
        assert f"1. {MARKUP_STAGE}" in shown
        assert MARKUP_PATH in shown
        assert MARKUP_FOCUS in shown
        assert f"snd: {MARKUP_CHECK}, mastery 8/10" in shown
        assert "[bold]Ana[/bold]" in shown and "[/]" in shown
        await pilot.press("escape", "question_mark")
        await wait_for(pilot, lambda: screen_name(app) == "HelpScreen", "the help screen")
        await pilot.press("escape", "c")
        await wait_for(pilot, lambda: screen_name(app) == "ClassPicker", "the class picker")
        options = app.screen.query_one(OptionList)
        assert [str(options.get_option_at_index(i).prompt) for i in range(2)] == [MARKUP_CLASS, "Plain [class]"]
        shown = screen_text(app)
        assert MARKUP_CLASS in shown and "Plain [class]" in shown
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: "Plain [class]" in status(app), "the other class")
        assert grid(app).row_count == 0


async def test_markup_survives_theme_change_and_resize(markup_root: Path) -> None:
    app = make_app(markup_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.resize_terminal(40, 12)
        await pilot.resize_terminal(120, 36)
        await pilot.pause()
        assert [cell(app, f"m{i}", "name") for i in (1, 2, 3)] == list(MARKUP_NAMES)
    assert saved_value(markup_root, MARKUP_CLASS, "m2", "snd") == 3


USER_PATHWAY = '''\
id = "mine"
name = "[b]Mine[/b] [/]"

[[stages]]
id = "one"
label = "[$accent]First"
focus = "[i]Do[/i] the thing."

  [[stages.checks]]
  id = "c1"
  label = "[/] Check"
  max = 5
  mastery = 4
'''


async def test_new_class_dialog_lists_a_user_pathway_literally(empty_root: Path) -> None:
    from grouper.formats.pathways import parse_pathway
    from grouper.store import Store

    with Store(empty_root, writable=True) as store:
        store.add_pathway(parse_pathway(USER_PATHWAY, "mine"), USER_PATHWAY)
    app = make_app(empty_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "NewClassDialog", "the new-class dialog")
        options = app.screen.query_one("#pathway", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert prompts[-1] == "[b]Mine[/b] [/]  (mine)"
        await pilot.press(*"Mine", "tab", "tab", "end", "enter")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the new class")
        assert "[b]Mine[/b] [/]" in status(app)
    with Store(empty_root, writable=False) as store:
        assert store.load_class("Mine").pathway.id == "mine"
