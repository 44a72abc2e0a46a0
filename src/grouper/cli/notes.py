"""``grouper note`` and ``grouper notes``: dated notes about a student."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from grouper.cli.common import open_store, output
from grouper.config.clock import today
from grouper.core.dates import parse_date


def cmd_note(args: argparse.Namespace) -> int:
    from grouper.core.notes import new_note

    now = today()
    day = parse_date(args.date, "--date") if args.date is not None else now
    written_at = dt.datetime.now().astimezone().isoformat()
    with open_store(args, writable=True) as store:
        name = store.find_class(args.cls)
        record = store.load_class(name)
        note = new_note(record, args.student, args.text, day, now, written_at)
        store.add_note(name, note)
    output.note_saved(name, record.student(note.student), note)
    return 0


def cmd_notes(args: argparse.Namespace) -> int:
    from grouper.core.notes import note_dict, notes_newest_first
    from grouper.core.score_entry import resolve_student

    with open_store(args, writable=False) as store:
        name = store.find_class(args.cls)
        record = store.load_class(name)
    student = resolve_student(record, args.student) if args.student else None
    notes = notes_newest_first(record, student.id if student else None)
    if args.json:
        sys.stdout.write(json.dumps([note_dict(record, n) for n in notes], ensure_ascii=False, indent=2) + "\n")
    elif not notes:
        output.no_notes(name, student)
    else:
        output.note_list(record, notes)
    return 0
