"""Needs attention: whom to assess tomorrow and whom to take on a different route.

Stalled students (a loop or a detour may help), slipped checks and checks
that are due, each with how long. With the equity lens on, the list is split
by tag with counts, so a coach can see whether one group of students stalls
more often: counts and facts only.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from grouper.core.progress import Progress
from grouper.reports.attention import MARKERS, reasons
from grouper.session.class_session import ClassSession
from grouper.ui.widgets.choices import Choices

NO_TAG = "no tag"


def by_tag(students: list[Progress], tags_of: dict[str, tuple[str, ...]]) -> dict[str, list[Progress]]:
    """Students on the list under each tag the class uses (a student with two tags is under both),
    untagged last; a tag with nobody on the list is there too, empty: that is a fact as well."""
    groups: dict[str, list[Progress]] = {tag: [] for tags in tags_of.values() for tag in tags}
    for p in students:
        for tag in tags_of.get(p.student.id) or (NO_TAG,):
            groups.setdefault(tag, []).append(p)
    return dict(sorted(groups.items(), key=lambda kv: (kv[0] == NO_TAG, kv[0].casefold())))


class AttentionScreen(Screen[object]):
    BINDINGS = [Binding("escape", "back", "Back", priority=True)]

    def __init__(self, session: ClassSession, lens: bool = False) -> None:
        super().__init__()
        self.session = session
        self.lens = lens
        #: The student behind each line of the list (None for headings).
        self._ids: list[str | None] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="attention"):
            yield Static(id="attention-head")
            yield Choices(id="attention-list")
        yield Footer()

    def on_mount(self) -> None:
        s = self.session
        watch = s.needing_attention()
        legend = "   ".join(f"{m.symbol} {m.word}" for m in MARKERS)
        head = [
            Content.from_markup(
                "[b]Needs attention[/b]  $n of $all students   (Enter opens a student, Escape goes back)",
                n=str(len(watch)), all=str(len(s.students)),
            ),
            Content(legend),
            Content(f"Rules: stalled after {s.record.settings.stall_days} days and {s.record.settings.stall_scores} "
                    f"scores at one stage; due after {s.record.settings.due_days} days without a score."),
        ]
        self.query_one("#attention-head", Static).update(Content("\n").join(head))
        options = self.query_one("#attention-list", OptionList)
        if not watch:
            self._add(None, Option(Content("Nobody: every student is moving, steady and recently assessed."),
                                   disabled=True))
        elif self.lens:
            tags_of = {st.id: st.tags for st in s.students}
            for tag, group in by_tag(watch, tags_of).items():
                with_tag = sum(1 for st in s.students if (tag in st.tags) or (tag == NO_TAG and not st.tags))
                stalled = sum(1 for p in group if p.stalled)
                self._add(None, Option(Content.from_markup(
                    "[b]$tag[/b]: $n of $all on the list ($stalled stalled)",
                    tag=tag, n=str(len(group)), all=str(with_tag), stalled=str(stalled)), disabled=True))
                for p in group:
                    self._add(p.student.id, self._option(p))
        else:
            for p in watch:
                self._add(p.student.id, self._option(p))
        # The first student is highlighted, so Enter opens them straight away.
        first = next((i for i, sid in enumerate(self._ids) if sid is not None), None)
        if first is not None:
            options.highlighted = first
        options.focus()

    def _add(self, sid: str | None, option: Option) -> None:
        self._ids.append(sid)
        self.query_one("#attention-list", OptionList).add_option(option)

    def _option(self, p: Progress) -> Option:
        lines = [Content.from_markup("[b]$name[/b]", name=p.student.name)]
        lines += [Content(f"   {r}") for r in reasons(p, self.session.pathway)]
        return Option(Content("\n").join(lines))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        sid = self._ids[event.option_index]
        if sid is not None:
            self.app.close_screen(self, sid)  # type: ignore[attr-defined]

    def action_back(self) -> None:
        self.app.close_screen(self)  # type: ignore[attr-defined]
