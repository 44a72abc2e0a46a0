"""Keep apart / keep together: who must not, or must, sit in the same group.

The list shows the class's rules; typing ``apart: zoe, bo`` or ``together: ana,
cy`` and Enter adds one (names matched as in quick entry: a start of any part of
the name, an ambiguous name is named and nothing is saved); Delete takes the
highlighted rule off. The plan is worked out again at once, and a rule that
cannot hold is named under the groups.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from grouper.core.errors import GrouperError
from grouper.core.matching import find_student
from grouper.core.models import KEEP_APART, KEEP_TOGETHER, ConstraintKind
from grouper.session.class_session import ClassSession
from grouper.ui.widgets.choices import Choices
from grouper.ui.widgets.inputs import InOrderInput

WORDS = {KEEP_APART: "keep apart", KEEP_TOGETHER: "keep together"}


def parse_rule(text: str, session: ClassSession) -> tuple[ConstraintKind, list[str]] | str:
    """``apart: zoe, bo`` -> (kind, student ids), or the problem in words."""
    kind_word, sep, names = text.partition(":")
    kind_word = kind_word.strip().casefold()
    kinds: dict[str, ConstraintKind] = {"apart": KEEP_APART, "keep apart": KEEP_APART,
                                        "together": KEEP_TOGETHER, "keep together": KEEP_TOGETHER}
    if not sep or kind_word not in kinds:
        return "start with 'apart:' or 'together:', then two or more names separated by commas"
    ids: list[str] = []
    for part in (p.strip() for p in names.split(",")):
        if not part:
            continue
        m = find_student(part, session.students)
        if m.found is None:
            if m.candidates:
                return f"'{part}' could be " + ", ".join(s.name for s in m.candidates[:4])
            return f"no student matches '{part}'"
        if m.found.id not in ids:
            ids.append(m.found.id)
    if len(ids) < 2:
        return "a rule needs two or more different students"
    return kinds[kind_word], ids


class RulesScreen(Screen[object]):
    BINDINGS = [
        Binding("escape", "back", "Back", priority=True),
        Binding("delete", "remove", "Take the rule off"),
    ]

    def __init__(self, session: ClassSession) -> None:
        super().__init__()
        self.session = session
        self._rules: list[tuple[ConstraintKind, frozenset[str]]] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="rules"):
            yield Static(Content.from_markup(
                "[b]Keep apart / keep together[/b]  (Delete takes the highlighted rule off, Escape goes back)"))
            yield Choices(id="rule-list")
            yield Static(id="rule-problem", classes="problem")
            yield InOrderInput(placeholder="apart: zoe, bo   or   together: ana, cy   then Enter", id="rule")
        yield Footer()

    def on_mount(self) -> None:
        self.redraw()
        self.query_one("#rule", Input).focus()

    def redraw(self) -> None:
        record = self.session.record
        names = {s.id: s.name for s in record.students}
        self._rules = [(k, frozenset(group)) for k in (KEEP_APART, KEEP_TOGETHER) for group in record.constraints(k)]
        options = self.query_one(OptionList)
        options.clear_options()
        for kind, group in self._rules:
            who = ", ".join(sorted(names.get(sid, sid) for sid in group))
            options.add_option(Option(Content(f"{WORDS[kind]}: ").append(Content(who))))
        if not self._rules:
            options.add_option(Option(Content("No rules yet."), disabled=True))
        else:
            options.highlighted = 0

    def _problem(self, text: str) -> None:
        self.query_one("#rule-problem", Static).update(Content(text))

    @on(Input.Submitted, "#rule")
    def _add(self, event: Input.Submitted) -> None:
        parsed = parse_rule(event.value, self.session)
        if isinstance(parsed, str):
            self._problem(parsed)
            return
        try:
            self.session.set_rule(parsed[0], parsed[1], add=True)
        except (GrouperError, OSError) as e:
            self._problem(f"NOT SAVED: {e}")
            return
        event.input.value = ""
        self._problem("")
        self.redraw()

    def action_remove(self) -> None:
        options = self.query_one(OptionList)
        index = options.highlighted
        if index is None or index >= len(self._rules):
            return
        kind, group = self._rules[index]
        try:
            self.session.set_rule(kind, sorted(group), add=False)
        except (GrouperError, OSError) as e:
            self._problem(f"NOT SAVED: {e}")
            return
        self.redraw()

    def action_back(self) -> None:
        self.app.close_screen(self)  # type: ignore[attr-defined]
