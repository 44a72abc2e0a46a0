"""The teacher's own rules from the command line: keep apart, keep together, move, pin.

Students are matched the way ``grouper score`` matches them and stages by id or
the start of their label. Each change is one atomic save; a change that cannot
be kept says why in a line or two and saves nothing. After a change, the plan it
touches is worked out again and any rule it cannot keep is said at once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from grouper.cli import output
from grouper.cli.common import open_store, today
from grouper.core.dates import day_words, next_school_day, parse_date
from grouper.core.errors import GrouperError, UsageError
from grouper.core.grouping import Plan, names
from grouper.core.models import KEEP_APART, ClassRecord, ConstraintKind, Override, Student
from grouper.core.placement import current_values, place_student
from grouper.core.planning import plan_for
from grouper.core.rules import contradiction, resolve_stage, rules_dict
from grouper.core.score_entry import resolve_student


def _students(record: ClassRecord, words: list[str]) -> list[Student]:
    found: list[Student] = []
    for word in words:
        s = resolve_student(record, word)
        if s not in found:
            found.append(s)
    return found


def _word(kind: str) -> str:
    return "apart" if kind == KEEP_APART else "together"


def _say_unkept(plan: Plan) -> None:
    """The rules the plan for that day could not keep, if any (they are its warnings that say so)."""
    for w in plan.warnings:
        if w.startswith("Could not "):
            print(f"{day_words(plan.date)}: {w}")


def cmd_class_rule(args: argparse.Namespace) -> int:
    """``grouper class keep-apart|keep-together CLASS A B [C...] [--remove]``."""
    kind: ConstraintKind = args.kind
    word = _word(kind)
    if len(args.students) < 2:
        raise UsageError(f"keep-{word} needs at least two students")
    with open_store(args, writable=True) as store:
        name = store.find_class(args.cls)
        record = store.load_class(name)
        students = _students(record, args.students)
        if len(students) < 2:
            raise UsageError(
                f"keep-{word} needs at least two different students; "
                f"{', '.join(repr(w) for w in args.students)} all name the same student, {students[0].name}"
            )
        group = frozenset(s.id for s in students)
        who = names(students)
        if not args.remove:
            pair = contradiction(kind, group, record.keep_apart, record.keep_together)
            if pair is not None:
                other = "together" if kind == KEEP_APART else "apart"
                a, b = (s.name for s in record.students if s.id in pair)  # roster order
                raise GrouperError(
                    f"{a} and {b} are kept {other}, so they cannot also be kept {word}; nothing was saved. "
                    f"Remove that first (grouper class keep-{other} ... --remove)."
                )
        changed = store.set_constraint(name, kind, [s.id for s in students], add=not args.remove)
        record = store.load_class(name)
    if args.remove:
        if changed:
            print(f"{name}: {who} are no longer kept {word}.")
        else:
            print(f"{name}: {who} were not kept {word} as a set; nothing changed. See: grouper class constraints")
        return 0
    if changed:
        print(f"{name}: {who} will be kept {word}.")
    else:
        print(f"{name}: {who} are already kept {word}; nothing changed.")
    _say_unkept(plan_for(record, next_school_day(today())))
    return 0


def cmd_class_rules(args: argparse.Namespace) -> int:
    """``grouper class constraints CLASS [--json]``: the sets, the pins and the moves to come."""
    with open_store(args, writable=False) as store:
        record = store.load_class(store.find_class(args.cls))
    data = rules_dict(record, from_day=today())
    if args.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        output.rules_list(record, data)
    return 0


def _move_day(args: argparse.Namespace) -> dt.date:
    now = today()
    day = parse_date(args.date, "--date") if args.date is not None else next_school_day(now)
    if day < now:
        raise GrouperError(f"{day.isoformat()} is in the past; a move is for a plan still to come")
    return day


def _where_now(record: ClassRecord, student: Student) -> int:
    return place_student(student, current_values(record)[student.id], record.pathway).stage_index


def _gap(record: ClassRecord, student: Student, stage: int) -> str:
    own = _where_now(record, student)
    if own == stage:
        return "their own stage"
    plural = "s" if abs(own - stage) > 1 else ""
    side = "below" if stage < own else "above"
    return f"{abs(own - stage)} stage{plural} {side} their own ({record.pathway.stage_label(own)})"


def cmd_move(args: argparse.Namespace) -> int:
    """``grouper move CLASS STUDENT STAGE [--date D]`` or ``--clear``: a group for one day."""
    if args.clear and args.stage is not None:
        raise UsageError("give a stage to move to, or --clear to take the move off, not both")
    if not args.clear and args.stage is None:
        raise UsageError("say which stage's group to move the student to (or --clear to take a move off)")
    day = _move_day(args)
    when = day_words(day)
    with open_store(args, writable=True) as store:
        name = store.find_class(args.cls)
        record = store.load_class(name)
        student = resolve_student(record, args.student)
        if args.clear:
            lifted = store.clear_override(name, student.id, day)
            if lifted is None:
                print(f"{name}: {student.name} had no move for {when}; nothing changed.")
                return 0
            print(f"{name}: {student.name} is no longer moved on {when}.")
            record = store.load_class(name)
            _say_unkept(plan_for(record, day))
            return 0
        stage = resolve_stage(record.pathway, args.stage)
        store.set_override(name, Override(student.id, record.pathway.stage_id(stage), day))
        record = store.load_class(name)
    label = record.pathway.stage_label(stage)
    print(f"{name}: {student.name} moved to the {label} group for {when} only: {_gap(record, student, stage)}.")
    _say_unkept(plan_for(record, day))
    return 0


def cmd_pin(args: argparse.Namespace) -> int:
    """``grouper pin CLASS STUDENT STAGE``: a group for every day until unpinned."""
    with open_store(args, writable=True) as store:
        name = store.find_class(args.cls)
        record = store.load_class(name)
        student = resolve_student(record, args.student)
        stage = resolve_stage(record.pathway, args.stage)
        store.set_override(name, Override(student.id, record.pathway.stage_id(stage), None))
        record = store.load_class(name)
    label = record.pathway.stage_label(stage)
    print(f"{name}: {student.name} pinned to the {label} group until unpinned: {_gap(record, student, stage)}.")
    _say_unkept(plan_for(record, next_school_day(today())))
    return 0


def cmd_unpin(args: argparse.Namespace) -> int:
    """``grouper unpin CLASS STUDENT``."""
    with open_store(args, writable=True) as store:
        name = store.find_class(args.cls)
        record = store.load_class(name)
        student = resolve_student(record, args.student)
        lifted = store.clear_override(name, student.id, None)
    if lifted is None:
        print(f"{name}: {student.name} was not pinned; nothing changed.")
    else:
        print(f"{name}: {student.name} is no longer pinned; the plan groups them by their scores again.")
    return 0
