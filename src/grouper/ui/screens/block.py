"""The grade team's block on screen: a card per adult, or where each class's students go.

A block pools several classes for an intervention block, each adult teaching
one group (``grouper.core.block``). This screen shows a kept block's plan for
the app's plan day, the way ``grouper block plan`` prints it: the adult and
their room on top of each card, the stage and focus, each student with their
own class beside the name. ``c`` turns it into one sheet per class (where each
of my students goes), ``b`` goes to the next block, ``←``/``→`` change the day.

Planning is exact (CP-SAT) and can take a second or two for a whole grade, so
it runs in a thread worker while the screen says "Planning…". The store is
only read here: blocks are made and changed with ``grouper block``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState

from grouper.core.dates import day_words, next_school_day, previous_school_day
from grouper.core.errors import GrouperError
from grouper.reports.block import sheet_rows, stage_line, where
from grouper.reports.plan_words import needs_words
from grouper.session.block import plan_of

if TYPE_CHECKING:
    from grouper.core.block import Block, BlockGroup, BlockPlan
    from grouper.session.class_session import ClassSession

#: How to make a block, for a store that has none (the app makes none itself).
HOW_TO_MAKE = 'grouper block new NAME --classes A B --staff "Ms Lee" "Mr Ortiz"'


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def header(plan: BlockPlan) -> Content:
    """``K-1 WIN · Mon 23 Nov`` and the counts: the block's name is the teacher's text, never markup."""
    placed = sum(len(g.members) for g in plan.groups)
    counts = (f"{_count(placed, 'student')} in {_count(len(plan.groups), 'group')} from "
              f"{_count(len(plan.block.classes), 'class', 'classes')} · stage mismatch {plan.cost}")
    parts: list[str | Content | tuple[str, str]] = [(plan.block.name, "bold"), f" · {day_words(plan.date)}\n",
                                                     counts]
    if not plan.proven:
        parts.append((" · not proven the least", "bold $text-warning"))
    return Content.assemble(*parts)


def adult_card(plan: BlockPlan, g: BlockGroup) -> Content:
    """What the adult takes to their group: who and where on top, the stage and focus, each student and class."""
    size = len(g.members)
    lines: list[Content] = [
        Content.assemble((where(g), "bold $accent"), f"  {_count(size, 'student')}"),
        Content.assemble((stage_line(plan, g), "italic")),
    ]
    if g.detour:
        lines.append(Content(f"↪ detour: {g.detour}"))
    width = max((cell_len(s.placement.student.name) for s in g.members), default=0)
    for s in g.members:
        name = s.placement.student.name
        mark = g.marks.get(s.key)
        lines.append(Content.assemble(
            "  ", (name, "bold"), " " * (width - cell_len(name) + 2), (s.class_name, "dim"),
            *((("  📌 " if mark == "pinned" else "  ↷ ") + mark, "$text-warning"),) if mark else (),
        ))
    lines += [Content.assemble((f"  needs: {line}", "dim")) for line in needs_words(plan.pathway, g.needs)]
    return Content("\n").join(lines)


def class_sheet(plan: BlockPlan, class_name: str) -> Table:
    """One class's sheet: each student, the adult (and room) they go to, and what they work on there.

    A Rich table of ``Text`` cells (the names are the teacher's text, never markup), so a long
    name or stage wraps within its own column.
    """
    table = Table(title=Text(f"{class_name}: where each student goes", style="bold"), title_justify="left",
                  box=None, show_header=True, header_style="dim", padding=(0, 2, 0, 0), expand=False)
    table.add_column("student", no_wrap=False)
    table.add_column("goes to")
    table.add_column("stage", style="dim")
    rows = sheet_rows(plan, class_name)
    for name, goes, stage in rows:
        table.add_row(Text(name), Text(goes, style="bold" if goes != "no group" else "bold reverse"), Text(stage))
    if not rows:
        table.add_row(Text("nobody from this class today", style="dim"), Text(""), Text(""))
    return table


class BlockScreen(Screen[None]):
    """A kept block's plan for a day: a card per adult, or a sheet per class."""

    #: From this width on, the cards are laid out in two columns.
    TWO_COLUMNS = 110
    BINDINGS = [
        Binding("escape,q", "back", "Back", priority=True),
        Binding("c", "toggle_view", "By class", id="block_by_class", priority=True,
                tooltip="Where each class's students go: a sheet per class (again: a card per adult)"),
        Binding("b", "next_block", "Next block", id="block_next", priority=True,
                tooltip="The next of the store's blocks"),
        Binding("right,n", "next_day", "Next day", id="block_next_day", priority=True,
                tooltip="The plan for the next school day"),
        Binding("left,p", "previous_day", "Previous day", id="block_previous_day", priority=True,
                tooltip="The plan for the school day before"),
        Binding("down,j", "scroll_down", "Scroll", show=False),
        Binding("up,k", "scroll_up", "Scroll", show=False),
    ]

    def __init__(self, session: ClassSession) -> None:
        super().__init__()
        self.session = session
        self.day = session.plan_day
        self.blocks: list[Block] = []
        self.at = 0
        #: Sheets per class instead of a card per adult.
        self.by_class = False
        self.plan: BlockPlan | None = None
        #: How many columns the cards are in now.
        self.columns = 1
        #: The worker planning what is asked for now; a slower one for an earlier ask is ignored.
        self._planning: Worker[BlockPlan] | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="block"):
            yield Static(id="block-head")
            yield Static(id="block-warnings")
            with Horizontal(id="block-cards"):
                yield Vertical(id="block-left", classes="block-column")
                yield Vertical(id="block-right", classes="block-column")
            yield Static(id="block-rest")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#block", VerticalScroll).focus()
        try:
            self.blocks = self.session.store.blocks()
        except (GrouperError, OSError) as e:
            self._say(f"The blocks could not be read: {e}")
            return
        if not self.blocks:
            self._say("No grade block yet. A block pools several classes for an intervention block, each adult "
                      "teaching one group. Make one at the command line, then open this again (B):\n\n"
                      f"  {HOW_TO_MAKE}\n\n"
                      "(--staff takes each adult as 'Ms Lee' or 'Mr Ortiz; room 12; most 8'.)")
            self.refresh_bindings()
            return
        self.replan()

    # --- planning ----------------------------------------------------------

    def replan(self) -> None:
        """Plan the block shown for the day shown, in a thread; the screen says so meanwhile."""
        block = self.blocks[self.at]
        of = f" ({self.at + 1} of {len(self.blocks)})" if len(self.blocks) > 1 else ""
        self.plan = None
        self.query_one("#block-head", Static).update(Content.assemble(
            (block.name, "bold"), of, f" · {day_words(self.day)}\n", ("Planning…", "italic")))
        self.query_one("#block-warnings", Static).display = False
        self.query_one("#block-rest", Static).update(Content(""))
        self._clear_cards()
        self.query_one("#block", VerticalScroll).scroll_home(animate=False)
        store, name, day = self.session.store, block.name, self.day
        self._planning = self.run_worker(lambda: plan_of(store, name, day), name="block-plan", group="block-plan",
                                         exclusive=True, thread=True, exit_on_error=False)
        self.refresh_bindings()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker is not self._planning or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        self._planning = None
        if event.state == WorkerState.ERROR:
            e = worker.error
            block = self.blocks[self.at]
            why = str(e) if isinstance(e, GrouperError | OSError) else f"{type(e).__name__}: {e}"
            self._say(f"{block.name} could not be planned for {day_words(self.day)}: {why}")
        else:
            assert worker.result is not None
            self.plan = worker.result
            self.show()
        self.refresh_bindings()

    # --- drawing -----------------------------------------------------------

    def _say(self, words: str) -> None:
        """A plain message in place of the plan (nothing else is shown)."""
        self.query_one("#block-head", Static).update(Content(words))
        self.query_one("#block-warnings", Static).display = False
        self.query_one("#block-rest", Static).update(Content(""))
        self._clear_cards()

    def show(self) -> None:
        plan = self.plan
        if plan is None:
            return
        head = header(plan)
        if len(self.blocks) > 1:
            head = Content.assemble(head, ("\n" + f"block {self.at + 1} of {len(self.blocks)} (b: the next)", "dim"))
        self.query_one("#block-head", Static).update(head)
        warnings = self.query_one("#block-warnings", Static)
        warnings.update(Content("\n").join(Content.assemble(("! ", "bold"), w) for w in plan.warnings))
        warnings.display = bool(plan.warnings)
        self._clear_cards()
        if self.by_class:
            cards = [Static(class_sheet(plan, c), classes="block-card") for c in plan.block.classes]
        else:
            cards = [Static(adult_card(plan, g), classes="block-card") for g in plan.groups]
        left, right = self.query_one("#block-left", Vertical), self.query_one("#block-right", Vertical)
        # A class's sheet is a table of three columns already: it takes the whole width.
        two = self.size.width >= self.TWO_COLUMNS and len(cards) > 1 and not self.by_class
        self.columns = 2 if two else 1
        right.display = two
        # Read across, then down: the first card on the left, the second on the right, and so on.
        left.mount_all(cards[0::2] if two else cards)
        if two:
            right.mount_all(cards[1::2])
        self.query_one("#block-rest", Static).update(self._rest(plan))

    def _clear_cards(self) -> None:
        self.query_one("#block-left", Vertical).remove_children()
        self.query_one("#block-right", Vertical).remove_children()

    def on_resize(self, event: events.Resize) -> None:
        """Across the two-column width, lay the cards out again."""
        wanted = 2 if event.size.width >= self.TWO_COLUMNS and not self.by_class else 1
        if self.plan is not None and wanted != self.columns:
            self.show()

    def _rest(self, plan: BlockPlan) -> Content:
        """Adults with no group today, and students without a group with the reason."""
        lines: list[Content] = []
        if plan.free:
            lines.append(Content.assemble(("No group today: ", "bold"), ", ".join(a.name for a in plan.free)))
        if plan.unplaced and not self.by_class:  # the class sheets list them, each with the reason
            lines.append(Content.assemble(("Without a group:", "bold")))
            lines += [Content.assemble("  ", u.seated.placement.student.name, (f"  {u.seated.class_name}", "dim"),
                                       f": {u.reason}") for u in plan.unplaced]
        return Content("\n").join(lines)

    # --- keys --------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that do nothing now are left out of the footer."""
        if action == "next_block":
            return len(self.blocks) > 1
        if action in ("toggle_view", "next_day", "previous_day"):
            return bool(self.blocks)
        return True

    def action_toggle_view(self) -> None:
        self.by_class = not self.by_class
        self.show()
        self.query_one("#block", VerticalScroll).scroll_home(animate=False)

    def action_next_block(self) -> None:
        if len(self.blocks) > 1:
            self.at = (self.at + 1) % len(self.blocks)
            self.replan()

    def action_next_day(self) -> None:
        if self.blocks:
            self.day = next_school_day(self.day)
            self.replan()

    def action_previous_day(self) -> None:
        if self.blocks:
            self.day = previous_school_day(self.day)
            self.replan()

    def action_scroll_down(self) -> None:
        self.query_one("#block", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#block", VerticalScroll).scroll_up()

    def action_back(self) -> None:
        self.app.close_screen(self)  # type: ignore[attr-defined]
