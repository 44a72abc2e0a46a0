"""Read-only screens: the pathway map and the help screen.

The help screen is built from the live bindings, so it cannot go stale when a
key changes.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from grouper.session.class_session import ClassSession
from grouper.ui.keys import key_now
from grouper.ui.widgets.grid import GRID_KEYS, ScoreGrid

_KEY_NAMES = {"question_mark": "?", "colon": ":", "ctrl+z": "ctrl+z", "ctrl+y": "ctrl+y"}


def key_label(key: str) -> str:
    return ", ".join(_KEY_NAMES.get(k.strip(), k.strip()) for k in key.split(","))


class _InfoScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,q", "close", "Back", priority=True),
    ]

    def action_close(self) -> None:
        self.app.close_screen(self)  # type: ignore[attr-defined]


class PathwayMapScreen(_InfoScreen):
    """Stages in order, with their focus, checks and how many students are there."""

    def __init__(self, session: ClassSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        s = self.session
        pathway = s.pathway
        counts = s.stage_counts()
        by_stage: dict[int, list[str]] = {}
        for p in s.placements.values():
            by_stage.setdefault(p.stage_index, []).append(p.student.name)
        with VerticalScroll(id="map"):
            yield Static(Content.from_markup("[b]$name[/b]  ($id)", name=pathway.name, id=pathway.id), classes="title")
            for i, stage in enumerate(pathway.stages):
                checks = "; ".join(f"{c.id}: {c.label}, mastery {c.mastery}/{c.max}" for c in stage.checks)
                names = ", ".join(sorted(by_stage.get(i, []), key=str.casefold)) or "nobody"
                yield Static(
                    Content.from_markup(
                        "[b]$n. $label[/b]  [dim]$count student(s)[/dim]\n[i]$focus[/i]\n$checks\n[dim]$names[/dim]",
                        n=str(i + 1), label=stage.label, count=str(counts[i]), focus=stage.focus,
                        checks=checks, names=names,
                    ),
                    classes="stage",
                )
            done = ", ".join(sorted(by_stage.get(len(pathway.stages), []), key=str.casefold)) or "nobody yet"
            yield Static(
                Content.from_markup("[b]★ Complete[/b]  [dim]$count[/dim]\n$names",
                                    count=str(counts[-1]), names=done),
                classes="stage",
            )
        yield Footer()


class HelpScreen(_InfoScreen):
    """Every key, from the bindings of the screen underneath and the app."""

    def __init__(self, under: Screen[object] | None) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        #: A section's rows: the key(s), the words, and the binding id a [keys] table can remap.
        sections: list[tuple[str, list[tuple[str, str, str]]]] = []
        if self.under is not None and any(True for _ in self.under.query(ScoreGrid)):  # the class's grid
            sections.append(("In the grid", [(k.key, k.description, "") for k in GRID_KEYS]))
        sources: list[tuple[str, list[Binding]]] = []
        if self.under is not None:
            sources.append(("On this screen", [b for b in self.under.BINDINGS if isinstance(b, Binding)]))
        sources.append(("Everywhere", [b for b in self.app.BINDINGS if isinstance(b, Binding)]))
        # One line per action with all its keys (`?, f1`), under the first section that binds it.
        config = getattr(self.app, "config", None)  # the teacher's [keys]; the app's own config
        remap: dict[str, str] = config.keys if config is not None else {}
        keys: dict[str, list[str]] = {}
        for _title, bindings in sources:
            for b in bindings:
                label = key_label(key_now(b, remap))
                action = b.action.removeprefix("app.")
                if b.description and label not in keys.setdefault(action, []):
                    keys[action].append(label)
        listed: set[str] = set()
        for title, bindings in sources:
            rows: list[tuple[str, str, str]] = []
            for b in bindings:
                action = b.action.removeprefix("app.")
                if b.description and action not in listed:
                    listed.add(action)
                    words = b.description
                    if b.tooltip:
                        words = b.tooltip if b.tooltip.startswith(b.description) else f"{b.description}: {b.tooltip}"
                    rows.append((", ".join(keys[action]), words, b.id or ""))
            sections.append((title, rows))
        sections.append(("Command palette", [("ctrl+p", "Every action, found by typing its name", "")]))
        sections.append(("Your own keys", [("config.toml", 'A [keys] table remaps a key by the id after '
                                            'its words: undo = "ctrl+u" (then restart grouper)', "")]))
        with VerticalScroll(id="help"):
            yield Static(Content.from_markup("[b]grouper keys[/b]   (Escape goes back)"), classes="help-title")
            for title, rows in sections:
                with Grid(classes="help-keys"):
                    yield Static(Content.from_markup("[b]$t[/b]", t=title), classes="help-section")
                    for key, words, binding_id in rows:
                        yield Static(Content(key), classes="help-key")
                        said = Content(words)
                        if binding_id:
                            said = Content.assemble(said, ("  " + binding_id, "dim"))
                        yield Static(said, classes="help-words")
        yield Footer()
