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

from grouper.core.bundle import bundle_to_record
from grouper.core.models import ClassRecord
from grouper.resources import sample_class_files

#: The last school day in the sample files as written.
SAMPLE_END = dt.date(2026, 11, 20)


def last_school_day(today: dt.date) -> dt.date:
    day = today - dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def shift_record(record: ClassRecord, days: int) -> ClassRecord:
    if days == 0:
        return record
    delta = dt.timedelta(days=days)
    scores = [dataclasses.replace(s, date=s.date + delta) for s in record.scores]
    absences = [dataclasses.replace(a, date=a.date + delta) for a in record.absences]
    return dataclasses.replace(record, scores=scores, absences=absences)


def sample_records(today: dt.date) -> list[ClassRecord]:
    weeks = (last_school_day(today) - SAMPLE_END).days // 7
    records = []
    for path in sample_class_files():
        record = bundle_to_record(json.loads(path.read_text(encoding="utf-8")), str(path))
        records.append(shift_record(record, weeks * 7))
    return records


def make_demo_store(today: dt.date) -> Path:
    """A new temporary store with every sample class in it."""
    from grouper.store import Store

    root = Path(tempfile.mkdtemp(prefix="grouper-demo-"))
    with Store(root, writable=True) as store:
        for record in sample_records(today):
            store.create_class(record)
    return root
