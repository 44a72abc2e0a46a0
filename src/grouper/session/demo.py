"""A throwaway store holding the sample classes, for showing grouper to a room.

The demo never touches the teacher's real store: it lives in a fresh temporary
folder. Sample histories are moved forward by whole weeks so they end on the
last school day, which keeps "this week" and "three weeks without progress"
true whenever the demo is run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from grouper.config.resources import sample_class_files
from grouper.core.dates import next_school_day, previous_school_day
from grouper.core.models import ClassRecord, LockedPlan
from grouper.formats.bundle import bundle_to_record

if TYPE_CHECKING:
    from grouper.core.block import Block

#: The last school day in the sample files as written.
SAMPLE_END = dt.date(2026, 11, 20)

#: The grade team's block the demo keeps: the three Grade 1 rooms pooled for WIN time, one group
#: per adult. Mrs Patel is the interventionist: she takes the smallest group.
DEMO_BLOCK_NAME = "Grade 1 WIN block"
DEMO_BLOCK_CLASSES = ("Grade 1 — Room 7", "Grade 1 — Room 8", "Grade 1 — Room 9")
DEMO_BLOCK_STAFF = ("Ms Lee; room 7", "Mr Ortiz; room 8", "Mrs Patel; room 9; most 10")
DEMO_BLOCK_SIZES = (4, 32)


def shift_record(record: ClassRecord, days: int) -> ClassRecord:
    if days == 0:
        return record
    delta = dt.timedelta(days=days)
    scores = [dataclasses.replace(s, date=s.date + delta) for s in record.scores]
    absences = [dataclasses.replace(a, date=a.date + delta) for a in record.absences]
    plans = [_shift_plan(p, delta) for p in record.plans]
    notes = [dataclasses.replace(n, date=n.date + delta, written_at=_later(n.written_at, delta)) for n in record.notes]
    detours = [dataclasses.replace(t, started=t.started + delta, ended=None if t.ended is None else t.ended + delta)
               for t in record.detours]
    goals = [dataclasses.replace(g, by=g.by + delta, started=g.started + delta) for g in record.goals]
    tiers = [dataclasses.replace(t, date=t.date + delta, review=None if t.review is None else t.review + delta)
             for t in record.tiers]
    return dataclasses.replace(record, scores=scores, absences=absences, plans=plans, notes=notes, detours=detours,
                               goals=goals, tiers=tiers)


def _later(stamp: str, delta: dt.timedelta) -> str:
    return (dt.datetime.fromisoformat(stamp) + delta).isoformat()


def _shift_plan(plan: LockedPlan, delta: dt.timedelta) -> LockedPlan:
    data = dict(plan.plan)
    if isinstance(data.get("date"), str):
        data["date"] = (dt.date.fromisoformat(data["date"]) + delta).isoformat()
    return LockedPlan(plan.date + delta, _later(plan.locked_at, delta), data)


def school_days_after(day: dt.date, n: int) -> dt.date:
    """The ``n``-th school day after ``day`` (n = 1: the next one)."""
    for _ in range(n):
        day = next_school_day(day)
    return day


def sample_record(record: ClassRecord, today: dt.date) -> ClassRecord:
    """A sample class dated for ``today``.

    The history moves by whole weeks (scores stay on the weekdays they were
    taken); students the sample marks away after its last day (the day being
    planned, and the ones after) are away on the days the demo plans for,
    whatever weekday it is opened.
    """
    weeks = (previous_school_day(today) - SAMPLE_END).days // 7
    past = [a for a in record.absences if a.date <= SAMPLE_END]
    shifted = shift_record(dataclasses.replace(record, absences=past), weeks * 7)
    planned = []
    for a in record.absences:
        if a.date > SAMPLE_END:
            ahead = 1
            while school_days_after(SAMPLE_END, ahead) < a.date:
                ahead += 1
            planned.append(dataclasses.replace(a, date=school_days_after(today, ahead)))
    return dataclasses.replace(shifted, absences=shifted.absences + planned)


def sample_records(today: dt.date) -> list[ClassRecord]:
    return [
        sample_record(bundle_to_record(json.loads(path.read_text(encoding="utf-8")), str(path)), today)
        for path in sample_class_files()
    ]


def demo_block() -> Block:
    """The demo's block over the Grade 1 sample classes."""
    from grouper.core.block import Block, read_adult

    low, high = DEMO_BLOCK_SIZES
    return Block(DEMO_BLOCK_NAME, DEMO_BLOCK_CLASSES, tuple(read_adult(a) for a in DEMO_BLOCK_STAFF), low, high)


def make_demo_store(today: dt.date) -> Path:
    """A new temporary store with every sample class in it, and the Grade 1 block over its classes."""
    from grouper.store import Store

    root = Path(tempfile.mkdtemp(prefix="grouper-demo-"))
    with Store(root, writable=True) as store:
        records = sample_records(today)
        for record in records:
            store.create_class(record)
        names = {r.name for r in records}
        if all(c in names for c in DEMO_BLOCK_CLASSES):  # a trimmed installation may ship fewer samples
            store.save_block(demo_block())
    return root
