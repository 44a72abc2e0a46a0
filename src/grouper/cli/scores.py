"""``grouper score`` (and ``--undo``), ``grouper scores import`` and ``grouper attendance``: what a teacher records."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from grouper.cli.common import open_store, output, plan_day
from grouper.config.clock import today
from grouper.core.dates import day_words, parse_date
from grouper.core.errors import GrouperError, UsageError
from grouper.core.models import ClassRecord
from grouper.session.stores import NewScore

if TYPE_CHECKING:
    from grouper.session.class_session import ClassSession


def _score_words(record: ClassRecord, args: argparse.Namespace) -> None:
    """The usage mistakes of ``grouper score``, each named plainly (``zoe 52`` asks for the check)."""
    from grouper.core.score_entry import resolve_student

    given = [w for w in (args.student, args.check, args.value) if w is not None]
    if args.undo:
        if given:
            raise UsageError("--undo takes back the last score saved; give only the class: grouper score CLASS --undo")
        return
    if len(given) == 2 and args.check.strip().isdigit():
        resolve_student(record, args.student)  # an unknown student is named as such first
        checks = ", ".join(c.id for c in record.pathway.scoreable_checks())
        raise UsageError(f"which check? grouper score CLASS {args.student} CHECK {args.check} (checks: {checks})")
    if len(given) < 3:
        missing = ("STUDENT", "CHECK", "VALUE")[len(given):]
        raise UsageError(f"score needs STUDENT CHECK VALUE; missing {' '.join(missing)} (or --undo)")


def cmd_score(args: argparse.Namespace) -> int:
    """One score, saved as the app saves it: through the class's session, into the score journal."""
    from grouper.core.score_entry import check_date, entry_from_words, resolve_check, resolve_student
    from grouper.session.class_session import ClassSession

    now = today()
    day = check_date(parse_date(args.date, "--date"), now) if args.date is not None else now
    with open_store(args, writable=True) as store:
        session = ClassSession(store, store.find_class(args.cls), now)
        record = session.record
        _score_words(record, args)
        if args.undo:
            return _score_undo(session)
        if args.value.strip().casefold() == "clear":
            student, check, value = resolve_student(record, args.student), resolve_check(record, args.check), None
        else:
            entry = entry_from_words(record, args.student, args.check, args.value, day, now, args.note)
            student, check, value = entry.student, entry.check, entry.value
        before = session.placements[student.id]
        change = session.enter(student.id, check.id, value, args.note, day)
        after = session.placements[student.id]
    if change is None:
        print(f"{student.name} · {check.label} has no score to clear; nothing was saved")
        return 0
    output.score_saved(record, student, check, value, day, before, after)
    if change.repeat:
        # The same value again is a re-assessment: saved as a new dated score, like any other.
        print(f"(the same as before: a new score for {day_words(day)})")
    return 0


def _score_undo(session: ClassSession) -> int:
    """Take back the last score saved in the class: a retraction is recorded, the score is not deleted."""
    last = session.last_saved()
    if last is None:
        raise GrouperError(f"{session.name}: no score to take back")
    record = session.record
    student, check = record.student(last.student), record.pathway.scoreable(last.check)
    if check is None:  # the store keeps only scores of the class's own checks
        raise GrouperError(f"{session.name}: the last score is of a check the pathway no longer has")
    before = session.placements[student.id]
    change = session.take_back(last)
    output.score_taken_back(record, student, check, last, change.after, before, session.placements[student.id])
    return 0


def cmd_scores_import(args: argparse.Namespace) -> int:
    from grouper.config.prefs import Config
    from grouper.core.score_entry import check_date
    from grouper.formats.csvfile import read_csv_file
    from grouper.formats.wide_scores import scores_from_csv

    table = read_csv_file(Path(args.file))
    config = Config.load()  # its date_order reads 04/05/2026 when the file does not show the order
    if config.problem:
        print(config.problem, file=sys.stderr)
    now = today()
    day = check_date(parse_date(args.date, "--date"), now) if args.date is not None else now
    with open_store(args, writable=True) as store:
        name = store.find_class(args.cls)
        record = store.load_class(name)
        fmt, entries = scores_from_csv(record, table, now, day, config.date_preference())
        store.add_scores(name, [NewScore(e.student.id, e.check.id, e.value, e.date, e.note) for e in entries])
    students = len({e.student.id for e in entries})
    layout = " (one column per check)" if fmt == "wide" else ""
    print(f"{name}: imported {len(entries)} scores for {students} students{layout}")
    return 0


def cmd_attendance(args: argparse.Namespace) -> int:
    from grouper.core.score_entry import resolve_student

    day = plan_day(args)
    with open_store(args, writable=True) as store:
        name = store.find_class(args.cls)
        record = store.load_class(name)
        students = [resolve_student(record, s) for s in args.students]
        store.set_absent(name, [s.id for s in students], day, absent=not args.present)
    word = "present" if args.present else "absent"
    names = ", ".join(s.name for s in students)
    print(f"{name}: marked {word} on {day_words(day)}: {names}")
    return 0
