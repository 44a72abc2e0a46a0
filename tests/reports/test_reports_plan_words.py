"""The words a plan is told in agree with the arrows beside them (issue #17)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import pytest

from grouper.reports.plan_words import by_hand, member_arrow, needs_words


def _plan(direction: str, cost: int) -> Any:
    moved = SimpleNamespace(student=SimpleNamespace(id="z1"), honoured=True, cost=cost, direction=direction)
    return cast(Any, SimpleNamespace(overrides=[moved]))


@pytest.mark.parametrize(
    ("direction", "own", "group", "words", "arrow"),
    [
        # Moved down into a group taught below their own stage: the student is further on, yet the words say below.
        ("below", 3, 2, "moved, 1 stage below", "↓"),
        ("above", 1, 3, "moved, 2 stages above", "↑"),
    ],
)
def test_a_moved_students_arrow_follows_the_words(direction: str, own: int, group: int, words: str,
                                                  arrow: str) -> None:
    plan = _plan(direction, abs(own - group))
    assert by_hand(plan, "moved", "z1") == words
    assert member_arrow(plan, "moved", "z1", own, group) == arrow


def test_a_member_not_moved_is_marked_only_when_further_on() -> None:
    plan = cast(Any, SimpleNamespace(overrides=[]))
    assert member_arrow(plan, None, "a1", 3, 2) == "↑"
    assert member_arrow(plan, None, "a1", 2, 2) == ""


def test_what_a_group_still_has_to_master_is_said_by_label_and_how_many_students() -> None:
    from grouper.formats.pathways import builtin_pathways

    pathway = builtin_pathways()["early-literacy"]
    assert needs_words(pathway, {"lid": 1, "lsnd": 2}) == [
        "Letters named (of 54), 1 student",
        "Letter sounds (of 26), 2 students",
    ]
