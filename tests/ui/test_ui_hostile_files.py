"""A crafted class bundle, config or theme never commands the terminal the app runs in.

Today's fault: a bundle whose locked plan held an ESC cleared the screen and
retitled the terminal. Both lines of defence are checked: the app without its
line filter (what reading the files made of the text: ``UnfilteredApp``) and
the real app paint no control or bidi character on any screen a teacher opens.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_ui_control_chars import UnfilteredApp, assert_nothing_raw_reaches_the_terminal, terminal_output
from ui_helpers import NOW, TODAY, group_cards, make_app, screen_name, wait_for

from grouper.config.prefs import Config
from grouper.formats.bundle import parse_bundle
from grouper.store import Store
from grouper.ui.app import GrouperApp
from grouper.ui.themes import load_themes
from hostile_text import FORBIDDEN, HOSTILE, hostile_bundle

#: The screens a teacher opens from the class: student, needs attention, data wall, pathway map, week, lens.
KEYS = ("i", "n", "w", "p", "v")


@pytest.fixture
def hostile_root(tmp_path: Path) -> Path:
    root = tmp_path / "store"
    path = hostile_bundle(tmp_path)
    with Store(root, writable=True) as store:
        store.create_class(parse_bundle(path.read_bytes(), path.name))
    return root


@pytest.mark.parametrize("kind", ["first line only", "both lines"])
async def test_a_hostile_bundle_paints_nothing_raw_on_any_screen(hostile_root: Path, kind: str) -> None:
    app: GrouperApp = (UnfilteredApp(hostile_root, today=TODAY, clock=lambda: NOW) if kind == "first line only"
                       else make_app(hostile_root))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        await wait_for(pilot, lambda: bool(group_cards(app)), "the groups")
        painted = "".join(terminal_output(app)[0])
        assert "␛[2J" in painted  # the hostile text is there, as symbols
        assert_nothing_raw_reaches_the_terminal(app, "class screen")
        for key in KEYS:
            await pilot.press(key)
            await wait_for(pilot, lambda: screen_name(app) != "ClassScreen", f"the screen of {key!r}")
            await pilot.pause()
            assert_nothing_raw_reaches_the_terminal(app, f"screen of {key!r} ({screen_name(app)})")
            await pilot.press("escape")
            await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen again")
        await pilot.press("e", "n")  # the equity lens splits by the (hostile) tags
        await wait_for(pilot, lambda: screen_name(app) != "ClassScreen", "the lens")
        await pilot.pause()
        assert_nothing_raw_reaches_the_terminal(app, "needs attention, by tag")


async def test_a_hostile_config_opens_the_app_and_paints_nothing_raw(
    hostile_root: Path, config_dir: Path
) -> None:
    config_dir.mkdir(parents=True, exist_ok=True)
    escaped = HOSTILE.encode("unicode_escape").decode("ascii").replace("\\x", "\\u00")
    (config_dir / "config.toml").write_text(f'theme = "t{escaped}"\nlast_class = "c{escaped}"\n', encoding="utf-8")
    config = Config.load()
    assert not FORBIDDEN & set(config.theme + config.last_class)
    app = make_app(hostile_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        assert_nothing_raw_reaches_the_terminal(app, "class screen")


def test_a_theme_file_named_with_escapes_is_skipped_in_visible_words(tmp_path: Path) -> None:
    folder = tmp_path / "themes"
    folder.mkdir()
    (folder / f"bad{HOSTILE}.toml").write_text('name = "x"\nprimary = "nonsense"\n', encoding="utf-8")
    loaded = load_themes(folder)
    assert loaded.problems and "bad␛[2J" in loaded.problems[0]
    assert not FORBIDDEN & set("".join(loaded.problems))
