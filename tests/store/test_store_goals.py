"""Goals in the class file: set, replaced, cleared, refused whole, kept through a reopen and a class bundle."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from store_helpers import DAY, make_pathway, make_record, snapshot

from grouper.core.errors import GrouperError
from grouper.core.models import Check, ClassRecord, Detour, Goal, Score
from grouper.formats.bundle import parse_bundle, record_to_bundle
from grouper.session.class_session import ClassSession
from grouper.store import Store, StoreError

LATER = DAY + dt.timedelta(days=28)


def _record() -> ClassRecord:
    """The helper class, with a detour (and its closer check) at the letters stage."""
    pathway = make_pathway()
    letters = dataclasses.replace(
        pathway.stages[0],
        detours=(Detour("anchors", "Name anchors", "Letters from the children's names",
                        (Check("ltr10", "Letters in a set of 10", 10, 9),)),),
    )
    record = make_record()
    record.pathway = dataclasses.replace(pathway, stages=(letters, *pathway.stages[1:]))
    return record


def _goals(root: Path, name: str = "Room 7") -> list[Goal]:
    with Store(root, writable=False) as store:
        return store.load_class(name).goals


def test_a_goal_is_kept_and_read_back_after_reopening(root: Path) -> None:
    goal = Goal("s1", "letters-named", 40, LATER, DAY)
    with Store(root) as store:
        store.create_class(_record())
        assert store.load_class("Room 7").goals == []
        assert store.set_goal("Room 7", goal) is None
        assert store.load_class("Room 7").goals == [goal]
    assert _goals(root) == [goal]


def test_a_new_goal_on_the_same_check_replaces_the_old_and_others_stay(root: Path) -> None:
    first = Goal("s1", "letters-named", 40, LATER, DAY)
    sounds = Goal("s1", "sounds-said", 20, LATER, DAY)
    liam = Goal("s2", "letters-named", 30, LATER, DAY)
    closer = Goal("s2", "ltr10", 9, LATER, DAY)  # a detour's closer check takes a goal too
    with Store(root) as store:
        store.create_class(_record())
        for g in (first, sounds, liam, closer):
            assert store.set_goal("Room 7", g) is None
        second = Goal("s1", "letters-named", 50, LATER + dt.timedelta(days=7), DAY + dt.timedelta(days=1))
        assert store.set_goal("Room 7", second) == first
    # One per student and check; the new one is the latest set.
    assert _goals(root) == [sounds, liam, closer, second]


def test_clearing_takes_one_goal_off_and_clearing_nothing_writes_nothing(root: Path) -> None:
    goal = Goal("s1", "letters-named", 40, LATER, DAY)
    other = Goal("s2", "letters-named", 40, LATER, DAY)
    with Store(root) as store:
        store.create_class(_record())
        store.set_goal("Room 7", goal)
        store.set_goal("Room 7", other)
        assert store.clear_goal("Room 7", "s1", "letters-named") == goal
        assert store.load_class("Room 7").goals == [other]
        before = snapshot(root)
        assert store.clear_goal("Room 7", "s1", "letters-named") is None
        assert store.clear_goal("Room 7", "s1", "sounds-said") is None
        assert store.clear_goal("Room 7", "nobody", "letters-named") is None
        assert snapshot(root) == before
    assert _goals(root) == [other]


@pytest.mark.parametrize(
    ("goal", "words"),
    [
        (Goal("nobody", "letters-named", 40, LATER, DAY), "no student with id 'nobody'"),
        (Goal("s1", "no-such", 40, LATER, DAY), "pathway 'early-reading' has no check 'no-such'"),
        (Goal("s1", "letters-named", 55, LATER, DAY), "a goal for Letters named must be a score from 0 to 54"),
        (Goal("s1", "letters-named", -1, LATER, DAY), "must be a score from 0 to 54"),
        (Goal("s1", "ltr10", 11, LATER, DAY), "a goal for Letters in a set of 10 must be a score from 0 to 10"),
        (Goal("s1", "letters-named", "40", LATER, DAY), "must be a score from 0 to 54"),  # type: ignore[arg-type]
        (Goal("s1", "letters-named", 40, DAY, DAY), "must come after its start"),
        (Goal("s1", "letters-named", 40, DAY - dt.timedelta(days=1), DAY), "must come after its start"),
        (Goal("s1", "letters-named", 40, dt.datetime(2026, 12, 1, 9), DAY), "a goal needs"),  # type: ignore[arg-type]
        (Goal("s1", "letters-named", 40, LATER, "2026-11-23"), "a goal needs"),  # type: ignore[arg-type]
        ("s1 letters-named 40", "a goal needs a student, a check, a target score and two dates"),
    ],
)
def test_a_goal_that_does_not_fit_the_class_writes_nothing(root: Path, goal: Goal, words: str) -> None:
    with Store(root) as store:
        store.create_class(_record())
        store.set_goal("Room 7", Goal("s2", "letters-named", 30, LATER, DAY))
        before = snapshot(root)
        with pytest.raises(StoreError, match="nothing was saved") as e:
            store.set_goal("Room 7", goal)
        assert words in str(e.value)
        assert snapshot(root) == before
    assert _goals(root) == [Goal("s2", "letters-named", 30, LATER, DAY)]


def test_a_refused_replacement_keeps_the_old_goal(root: Path) -> None:
    goal = Goal("s1", "letters-named", 40, LATER, DAY)
    with Store(root) as store:
        store.create_class(_record())
        store.set_goal("Room 7", goal)
        before = snapshot(root)
        with pytest.raises(StoreError, match="nothing was saved"):
            store.set_goal("Room 7", dataclasses.replace(goal, target=99))
        assert snapshot(root) == before
    assert _goals(root) == [goal]


def test_a_read_only_store_and_an_unknown_class_take_no_goal(root: Path) -> None:
    with Store(root) as store:
        store.create_class(_record())
    before = snapshot(root)
    with Store(root, writable=False) as store:
        with pytest.raises(StoreError, match="read-only; nothing was saved"):
            store.set_goal("Room 7", Goal("s1", "letters-named", 40, LATER, DAY))
        with pytest.raises(StoreError, match="read-only; nothing was saved"):
            store.clear_goal("Room 7", "s1", "letters-named")
    with Store(root) as store:
        with pytest.raises(StoreError, match="no class named 'Room 8'"):
            store.set_goal("Room 8", Goal("s1", "letters-named", 40, LATER, DAY))
        with pytest.raises(StoreError, match="no class named 'Room 8'"):
            store.clear_goal("Room 8", "s1", "letters-named")
    assert snapshot(root) == before


def test_a_new_class_with_a_goal_that_does_not_fit_is_refused_whole(root: Path) -> None:
    record = _record()
    record.goals = [Goal("s1", "letters-named", 40, LATER, DAY), Goal("s1", "letters-named", 99, LATER, DAY)]
    with Store(root) as store:
        with pytest.raises(StoreError, match=r"goal 2: a goal for Letters named must be a score from 0 to 54"):
            store.create_class(record)
        assert store.class_names() == []


def test_a_class_bundle_carries_its_goals_to_another_store(root: Path, tmp_path: Path) -> None:
    goals = [Goal("s1", "letters-named", 40, LATER, DAY), Goal("s2", "ltr10", 9, LATER, DAY - dt.timedelta(days=3))]
    with Store(root) as store:
        store.create_class(_record())
        for g in goals:
            store.set_goal("Room 7", g)
        bundle = record_to_bundle(store.load_class("Room 7"))
    assert bundle["goals"] == [
        {"student": "s1", "check": "letters-named", "target": 40, "by": "2026-12-21", "started": "2026-11-23"},
        {"student": "s2", "check": "ltr10", "target": 9, "by": "2026-12-21", "started": "2026-11-20"},
    ]
    raw = json.dumps(bundle).encode("utf-8")
    record = parse_bundle(raw, "room7.json")
    assert record.goals == goals
    other = tmp_path / "other"
    with Store(other) as store:
        store.create_class(record)
    assert _goals(other) == goals


def test_a_bundle_with_a_goal_that_does_not_fit_is_refused(root: Path) -> None:
    with Store(root) as store:
        store.create_class(_record())
        bundle = record_to_bundle(store.load_class("Room 7"))
    bundle["goals"] = [{"student": "s1", "check": "letters-named", "target": 70, "by": "2026-12-21",
                        "started": "2026-11-23"}]
    with pytest.raises(GrouperError, match="goal 1: a goal for Letters named must be a score from 0 to 54"):
        parse_bundle(json.dumps(bundle).encode("utf-8"), "room7.json")


# --- the session: the line must rise --------------------------------------------------


def _with_scores(root: Path) -> None:
    record = _record()
    record.scores = [Score("s1", "letters-named", 20, DAY - dt.timedelta(days=7), 1),
                     Score("s1", "letters-named", 24, DAY, 2)]
    with Store(root) as store:
        store.create_class(record)


def test_the_session_sets_a_goal_from_today_and_judges_it(root: Path) -> None:
    _with_scores(root)
    with Store(root) as store:
        session = ClassSession(store, "Room 7", DAY)
        line, replaced = session.set_goal("s1", "letters-named", 40, LATER)
        assert replaced is None
        assert (line.goal.started, line.start, line.start_date, line.status) == (DAY, 24, DAY, "too-few")
        assert [g.goal for g in session.goals_of("s1")] == [Goal("s1", "letters-named", 40, LATER, DAY)]
        # From an earlier day the line starts at the score then.
        line, replaced = session.set_goal("s1", "letters-named", 45, LATER, DAY - dt.timedelta(days=7))
        assert replaced == Goal("s1", "letters-named", 40, LATER, DAY)
        assert (line.start, line.points) == (20, ((DAY, 24),))
        assert session.clear_goal("s1", "letters-named") is not None
        assert session.goals_of("s1") == ()
        assert session.clear_goal("s1", "letters-named") is None
    assert _goals(root) == []


@pytest.mark.parametrize("target", [24, 10, 0])
def test_the_session_refuses_a_target_not_above_the_start_and_writes_nothing(root: Path, target: int) -> None:
    _with_scores(root)
    before = snapshot(root)
    with Store(root) as store:
        session = ClassSession(store, "Room 7", DAY)
        with pytest.raises(GrouperError) as e:
            session.set_goal("s1", "letters-named", target, LATER)
        assert str(e.value) == ("Zoë Ōkubo's line on Letters named starts at 24 (Mon 23 Nov): "
                                "a goal must be above it; nothing was saved")
        assert session.goals_of("s1") == ()
    assert snapshot(root) == before


def test_a_new_class_keeps_one_goal_per_student_and_check(root: Path) -> None:
    record = _record()
    older, newer = Goal("s1", "letters-named", 40, LATER, DAY), Goal("s1", "letters-named", 45, LATER, DAY)
    record.goals = [older, newer]
    with Store(root) as store:
        try:
            store.create_class(record)
        except StoreError:
            assert store.class_names() == []  # refused whole: as good as keeping one
            return
    assert _goals(root) == [newer]
