"""``grouper groups``, ``grouper plan week|lock`` and ``grouper export``: tomorrow's plan, on screen and on paper."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import asdict
from typing import Any

from grouper.cli.common import open_store, output, plan_day, write_text
from grouper.config.clock import today
from grouper.core.dates import day_words
from grouper.core.errors import UsageError
from grouper.core.grouping import Plan
from grouper.core.models import ClassRecord, LockedPlan
from grouper.core.placement import current_values
from grouper.core.planning import plan_for
from grouper.core.plans import PlanChange, latest_locked, plan_changes
from grouper.core.progress import class_progress
from grouper.core.report import plan_dict
from grouper.formats.documents import plan_to_dict


def _plan_data(record: ClassRecord, day: dt.date) -> tuple[Plan, dict[str, Any], list[PlanChange]]:
    """The live plan for ``day`` as data, with the last locked plan and what changed since it."""
    from grouper.core.rotation import mark_meetings, rotation_for

    plan = plan_for(record, day)
    progress = class_progress(record, today())
    # Which groups meet that day (the rotation), so a locked plan records who was seen.
    stalled = {sid for sid, p in progress.items() if p.stalled}
    data = mark_meetings(plan_dict(record, plan, progress), plan, rotation_for(record, plan, stalled).days[0])
    locked = latest_locked(record.plans, day)
    changes = plan_changes(locked.plan, data, record.pathway) if locked else []
    data["locked"] = None if locked is None else plan_to_dict(locked)
    data["changes"] = [asdict(c) for c in changes]
    return plan, data, changes


def cmd_groups(args: argparse.Namespace) -> int:
    day = plan_day(args)
    with open_store(args, writable=False) as store:
        record = store.load_class(store.find_class(args.cls))
    plan, data, changes = _plan_data(record, day)
    if args.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        output.plan_table(record, plan)
        locked = latest_locked(record.plans, day)
        if locked is not None:
            output.plan_changes(locked, changes)
    return 0


def cmd_plan_week(args: argparse.Namespace) -> int:
    from grouper.cli.week import week_table
    from grouper.core.rotation import rotation_dict, rotation_for

    if not 1 <= args.days <= 30:
        raise UsageError("--days must be from 1 to 30")
    day = plan_day(args)
    with open_store(args, writable=False) as store:
        record = store.load_class(store.find_class(args.cls))
    stalled = {sid for sid, p in class_progress(record, today()).items() if p.stalled}
    rotation = rotation_for(record, plan_for(record, day), stalled, args.days)
    if args.json:
        data = {"class": record.name, **rotation_dict(rotation)}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    week_table(output.console, record, rotation)
    return 0


def cmd_plan_lock(args: argparse.Namespace) -> int:
    day = plan_day(args)
    with open_store(args, writable=True) as store:
        name = store.find_class(args.cls)
        record = store.load_class(name)
        plan, data, _ = _plan_data(record, day)
        for key in ("locked", "changes"):
            data.pop(key)
        stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        replaced = store.lock_plan(name, LockedPlan(day, stamp, data))
    verb = "Locked again" if replaced else "Locked"
    print(f"{name}: {verb} the plan for {day_words(day)}: {len(plan.groups)} groups")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from grouper.reports.cards import latest_notes
    from grouper.reports.exports import render

    if args.format == "grid":
        from grouper.cli.exchange import export_grid

        return export_grid(args)
    day = plan_day(args)
    with open_store(args, writable=False) as store:
        record = store.load_class(store.find_class(args.cls))
    notes = latest_notes(record, upto=day) if args.notes else None
    progress = class_progress(record, today())
    plan = plan_for(record, day)
    coaching = None
    if args.coaches:
        from grouper.core.coaches import suggest_coaches

        stalled = frozenset(sid for sid, p in progress.items() if p.stalled)
        coaching = suggest_coaches(plan, record.pathway, current_values(record), stalled)
    write_text(args, render(args.format, record, plan, progress=progress, notes=notes, coaching=coaching))
    return 0
