"""Classes of 0, 1, 2 and 500 students on pathways of 1 and 60 checks, in 80x24 and in a large terminal.

For each: the grid, the groups and the profile are on screen; a score typed
where it is hardest to reach (the last row of 500, the last of 60 columns) is
saved; and the groups panel then shows the same plan the core computes from
the record read back from disk, with the profile counting the same placements.
A class with no students says so when a digit is typed, and writes nothing.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from ui_helpers import (
    PLAN_DAY,
    TODAY,
    grid,
    group_cards,
    make_app,
    message,
    profile,
    score_count,
    screen_text,
    status,
    unplaced,
    wait_for,
)

from grouper.core.models import Check, ClassRecord, Pathway, Score, Stage, Student
from grouper.core.placement import place_class
from grouper.core.planning import plan_for
from grouper.store import Store
from grouper.ui.widgets.grid import FIXED

CLASS = "Sizes"
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


def pathway(checks: int) -> Pathway:
    """``checks`` checks, three to a stage (one stage when there is one check)."""
    per_stage = 3 if checks > 1 else 1
    stages = []
    for first in range(0, checks, per_stage):
        number = first // per_stage + 1
        stages.append(Stage(
            id=f"st{number}", label=f"Stage {number}", focus=f"Teach stage {number}.",
            checks=tuple(Check(id=f"c{i + 1:02d}", label=f"Check {i + 1} (of 10)", max=10, mastery=8)
                         for i in range(first, min(first + per_stage, checks))),
        ))
    return Pathway(id=f"path-{checks}", name=f"Path of {checks}", stages=tuple(stages))


def record(students: int, checks: int) -> ClassRecord:
    """Students spread along the path: mastered up to a point, then one check below mastery."""
    path = pathway(checks)
    all_checks = path.all_checks()
    rng = random.Random(students * 1000 + checks)
    roster = [Student(f"s{i:03d}", f"Student {i:03d}") for i in range(1, students + 1)]
    scores: list[Score] = []
    for student in roster:
        reached = rng.randint(0, min(len(all_checks), 12))
        for n, check in enumerate(all_checks[: reached + 1]):
            value = rng.randint(check.mastery, check.max) if n < reached else rng.randint(0, check.mastery - 1)
            scores.append(Score(student.id, check.id, value, TODAY, len(scores) + 1))
    return ClassRecord(CLASS, path, students=roster, scores=scores)


def make_root(tmp_path: Path, students: int, checks: int) -> Path:
    root = tmp_path / "store"
    with Store(root, writable=True) as store:
        store.create_class(record(students, checks))
    return root


def saved_record(root: Path) -> ClassRecord:
    with Store(root, writable=False) as store:
        return store.load_class(CLASS)


def profile_counts(text: str) -> list[int]:
    """``Profile │ S1 4 ▮▮▮▮ │ S2 0 │ ★ 1 ▮`` → [4, 0, 1] (stage names or numbers, whichever fit)."""
    parts = text.split(" │ ")
    assert parts[0] == "Profile", text
    return [int(p.rstrip("▮ ").split()[-1]) for p in parts[1:]]


def assert_panel_shows_core_plan(app: object, root: Path) -> None:
    """The groups panel and the profile show what the core computes from the record on disk."""
    saved = saved_record(root)
    plan = plan_for(saved, PLAN_DAY)
    names = {s.name for s in saved.students}
    cards = group_cards(app)  # type: ignore[arg-type]
    assert len(cards) == len(plan.groups)
    for card, group in zip(cards, plan.groups, strict=True):
        stage = saved.pathway.stage_label(group.stage_index)
        assert card.splitlines()[0] == f"{group.label} · {stage} ({len(group.members)})", card
        shown = {n for n in names if n in card}
        assert shown == {m.student.name for m in group.members}, card
    if plan.unplaced:
        left_out = unplaced(app)  # type: ignore[arg-type]
        assert {n for n in names if n in left_out} == {u.student.name for u in plan.unplaced}
    counts = [0] * (len(saved.pathway.stages) + 1)
    for p in place_class(saved):
        counts[p.stage_index] += 1
    assert profile_counts(profile(app)) == counts  # type: ignore[arg-type]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("checks", [1, 60])
@pytest.mark.parametrize("students", [1, 2, 500])
async def test_type_a_score_where_it_is_hardest_to_reach(
    tmp_path: Path, students: int, checks: int, size: tuple[int, int]
) -> None:
    root = make_root(tmp_path, students, checks)
    before = score_count(root, CLASS)
    app = make_app(root)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ClassScreen", "the class screen")
        shown = screen_text(app)
        assert CLASS in status(app) and "Student 001" in shown and "Profile" in shown
        assert "Group 1" in shown  # the groups panel, beside the grid
        assert grid(app).row_count == students and len(grid(app).columns) == FIXED + checks
        assert_panel_shows_core_plan(app, root)
        # The bottom-right cell: the last student, the last check (ctrl+end, end, as a teacher would).
        await pilot.press("ctrl+end", "end")
        table = grid(app)
        assert table.cursor_coordinate == (students - 1, FIXED + checks - 1)
        last, check = f"s{students:03d}", f"c{checks:02d}"
        current = app.screen.session.value(last, check)  # type: ignore[attr-defined]
        value = 10 if current != 10 else 3
        await pilot.press(*str(value), "enter")
        await wait_for(pilot, lambda: message(app).startswith(f"Saved: Student {students:03d} {check} = {value}"),
                       "the score to be saved")
        assert "✓ saved" in status(app)
        assert f"Student {students:03d}" in screen_text(app)  # the grid scrolled to the row typed in
        assert_panel_shows_core_plan(app, root)
    saved = saved_record(root)
    assert len(saved.scores) == before + 1
    assert (saved.scores[-1].student, saved.scores[-1].check, saved.scores[-1].value) == (last, check, value)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("checks", [1, 60])
async def test_a_class_with_no_students_says_so_and_writes_nothing(
    tmp_path: Path, checks: int, size: tuple[int, int]
) -> None:
    root = make_root(tmp_path, 0, checks)
    app = make_app(root)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ClassScreen", "the class screen")
        shown = screen_text(app)
        assert CLASS in status(app) and "Student" in shown and "Profile" in shown
        assert profile_counts(profile(app)) == [0] * (len(pathway(checks).stages) + 1)
        assert group_cards(app) == []
        await pilot.press("5")
        await wait_for(pilot, lambda: "no students yet" in message(app), "the no-students message")
        assert app.screen.query_one("#message").has_class("problem")
        await pilot.press("enter", "tab", "backspace", "delete", ":", *"s001 c01 5", "enter")
        await pilot.pause()
        assert CLASS in status(app)
    assert score_count(root, CLASS) == 0
