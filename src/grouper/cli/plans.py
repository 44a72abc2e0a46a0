"""``grouper groups``, ``grouper plan week|lock`` and ``grouper export``: tomorrow's plan, on screen and on paper."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING

from grouper.cli.common import open_store, output, plan_day, write_text
from grouper.config.clock import today
from grouper.core.dates import day_words
from grouper.core.errors import UsageError
from grouper.formats.documents import plan_to_dict

if TYPE_CHECKING:
    from grouper.session.class_session import ClassSession
    from grouper.session.stores import Store


def _session(store: Store, args: argparse.Namespace) -> ClassSession:
    """The class as the app has it open, planned for the day asked for (default: the next school day)."""
    from grouper.session.class_session import ClassSession

    return ClassSession(store, store.find_class(args.cls), today(), plan_day(args))


def cmd_groups(args: argparse.Namespace) -> int:
    with open_store(args, writable=False) as store:
        session = _session(store, args)
    data = session.plan_data()
    locked = session.last_locked()
    changes = session.changes()
    if args.json:
        data["locked"] = None if locked is None else plan_to_dict(locked)
        data["changes"] = [asdict(c) for c in changes]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        output.plan_table(session.record, session.plan)
        if locked is not None:
            output.plan_changes(locked, changes)
    return 0


def cmd_plan_week(args: argparse.Namespace) -> int:
    from grouper.cli.week import week_table
    from grouper.core.rotation import rotation_dict

    if not 1 <= args.days <= 30:
        raise UsageError("--days must be from 1 to 30")
    with open_store(args, writable=False) as store:
        session = _session(store, args)
    rotation = session.rotation(args.days)
    if args.json:
        data = {"class": session.record.name, **rotation_dict(rotation)}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    week_table(output.console, session.record, rotation)
    return 0


def cmd_plan_lock(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        session = _session(store, args)
        stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        replaced = session.lock_plan(stamp)
    verb = "Locked again" if replaced else "Locked"
    print(f"{session.name}: {verb} the plan for {day_words(session.plan_day)}: {len(session.plan.groups)} groups")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from grouper.reports.cards import latest_notes
    from grouper.reports.exports import render

    if args.format == "grid":
        from grouper.cli.exchange import export_grid

        return export_grid(args)
    with open_store(args, writable=False) as store:
        session = _session(store, args)
    record = session.record
    notes = latest_notes(record, upto=session.plan_day) if args.notes else None
    coaching = session.peer_coaches() if args.coaches else None
    write_text(args, render(args.format, record, session.plan, progress=session.progress, notes=notes,
                            coaching=coaching))
    return 0
