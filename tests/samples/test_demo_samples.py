"""The sample classes `grouper demo` opens: every marker shows, whatever day the demo is run.

A coach opens the demo on any weekday (or a Sunday evening), weeks after the
samples were written: the stories must still read the same, with nothing dated
in the future and no score on a weekend.
"""

from __future__ import annotations

import datetime as dt

import pytest

from grouper.core.dates import next_school_day
from grouper.core.placement import place_class
from grouper.core.plans import latest_locked
from grouper.core.progress import class_progress
from grouper.session.demo import sample_records

#: Every day of two weeks, one soon after the samples were written and one months later.
DAYS = [dt.date(2026, 11, 21) + dt.timedelta(days=n) for n in range(7)] + [
    dt.date(2027, 3, 1) + dt.timedelta(days=n) for n in range(7)
]


@pytest.mark.parametrize("today", DAYS, ids=lambda d: d.strftime("%a-%Y-%m-%d"))
def test_every_sample_class_shows_every_marker(today: dt.date) -> None:
    for record in sample_records(today):
        progress = class_progress(record, today)
        assert any(p.stalled for p in progress.values()), record.name
        assert any(p.slipped for p in progress.values()), record.name
        assert any(p.due for p in progress.values()), record.name
        # Most students are moving: the markers pick out a few, not the class.
        assert sum(p.needs_attention for p in progress.values()) <= 5, record.name
        statuses = {p.status for p in place_class(record)}
        assert {"working", "needs-assessment", "complete"} <= statuses, record.name


@pytest.mark.parametrize("today", DAYS, ids=lambda d: d.strftime("%a-%Y-%m-%d"))
def test_the_same_students_are_marked_on_every_day(today: dt.date) -> None:
    first = {r.name: r for r in sample_records(DAYS[0])}
    for record in sample_records(today):
        now = {p.student.name for p in class_progress(record, today).values() if p.needs_attention}
        then = {p.student.name for p in class_progress(first[record.name], DAYS[0]).values() if p.needs_attention}
        assert now == then, record.name


@pytest.mark.parametrize("today", DAYS, ids=lambda d: d.strftime("%a-%Y-%m-%d"))
def test_dates_are_school_days_in_the_past_and_absences_fall_on_the_plan_day(today: dt.date) -> None:
    plan_day = next_school_day(today)
    for record in sample_records(today):
        assert all(s.date < today and s.date.weekday() < 5 for s in record.scores), record.name
        assert all(n.date < today for n in record.notes), record.name
        assert record.absent_on(plan_day), f"{record.name}: nobody away on {plan_day}"
        locked = latest_locked(record.plans, plan_day)
        assert locked is not None and locked.date < today, record.name
        assert locked.plan["date"] == locked.date.isoformat()


def test_the_demo_store_has_the_grade_1_block_and_its_plan_gives_each_adult_a_group() -> None:
    import shutil

    from grouper.core.block import plan_block
    from grouper.session.demo import DEMO_BLOCK_NAME, make_demo_store
    from grouper.store import Store

    today = dt.date(2026, 11, 22)
    root = make_demo_store(today)
    try:
        with Store(root, writable=False) as store:
            (block,) = store.blocks()
            records = [store.load_class(c) for c in block.classes]
    finally:
        shutil.rmtree(root, ignore_errors=True)
    assert block.name == DEMO_BLOCK_NAME
    assert block.classes == ("Grade 1 — Room 7", "Grade 1 — Room 8", "Grade 1 — Room 9")
    assert [(a.name, a.room, a.most) for a in block.staff] == [
        ("Ms Lee", "7", None), ("Mr Ortiz", "8", None), ("Mrs Patel", "9", 10)]
    assert (block.min_size, block.max_size) == (4, 32)
    plan = plan_block(block, records, next_school_day(today))
    assert plan.proven and not plan.warnings and not plan.free
    assert sorted(g.adult.name for g in plan.groups) == ["Mr Ortiz", "Mrs Patel", "Ms Lee"]
    # Everyone there is in a group; only the students away are not.
    present = sum(len(r.students) - len(r.absent_on(plan.date)) for r in records)
    assert sum(len(g.members) for g in plan.groups) == present
    assert {u.reason for u in plan.unplaced} == {"absent"}
    patel = next(g for g in plan.groups if g.adult.name == "Mrs Patel")
    assert 4 <= len(patel.members) <= 10
    assert all(4 <= len(g.members) <= 32 for g in plan.groups)
    # The interventionist takes the students furthest back, from more than one room.
    assert patel.stage_index == min(g.stage_index for g in plan.groups)
    assert len({m.class_name for m in patel.members}) > 1
