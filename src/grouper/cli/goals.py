"""``grouper goal CLASS STUDENT [CHECK SCORE --by DATE [--from DATE]] [--clear]``: a goal line and its rule.

A goal is a target score on a check by a date. The line starts at the student's
latest score of the check on or before ``--from`` (default today); the rule reads
the latest three scores since against it (``grouper.core.goals``).
"""

from __future__ import annotations

import argparse

from grouper.cli.common import open_store
from grouper.config.clock import today
from grouper.core.dates import day_words, parse_date
from grouper.core.errors import UsageError


def cmd_goal(args: argparse.Namespace) -> int:
    from grouper.core.detours import suggested_detour
    from grouper.core.score_entry import parse_value, resolve_check, resolve_student
    from grouper.reports.goals import goal_words
    from grouper.session.class_session import ClassSession

    setting = args.score is not None
    if args.clear and (setting or args.check is None):
        raise UsageError("--clear takes a check and no score: grouper goal CLASS STUDENT CHECK --clear")
    if setting and args.by is None:
        raise UsageError("a goal needs its date: grouper goal CLASS STUDENT CHECK SCORE --by YYYY-MM-DD")
    if not setting and (args.by is not None or args.start is not None):
        raise UsageError("--by and --from go with a goal's score: grouper goal CLASS STUDENT CHECK SCORE --by DATE")
    now = today()
    with open_store(args, writable=setting or args.clear) as store:
        session = ClassSession(store, store.find_class(args.cls), now)
        student = resolve_student(session.record, args.student)
        name, who, pathway = session.name, student.name, session.pathway
        if args.clear:
            check = resolve_check(session.record, args.check)
            old = session.clear_goal(student.id, check.id)
            if old is None:
                print(f"{name}: {who} has no goal on {check.label}; nothing changed.")
            else:
                print(f"{name}: {who}'s goal on {check.label} ({old.target} by {day_words(old.by)}) is taken off.")
            return 0
        if setting:
            check = resolve_check(session.record, args.check)
            target = parse_value(args.score, check)
            by = parse_date(args.by, "--by")
            started = parse_date(args.start, "--from") if args.start is not None else now
            set_line, replaced = session.set_goal(student.id, check.id, target, by, started)
            if replaced is not None:
                print(f"(Replaced the goal {replaced.target} by {day_words(replaced.by)}.)")
            print(f"{name}: {who}'s goal is set.")
            lines = [g for g in session.goals_of(student.id) if g.goal == set_line.goal]
        else:
            lines = session.goals_of(student.id)
            if args.check is not None:
                check = resolve_check(session.record, args.check)
                lines = [g for g in lines if g.goal.check == check.id]
            if not lines:
                on = f" on {pathway.check_label(check.id)}" if args.check is not None else ""
                print(f"{name}: {who} has no goal{on}. Set one: grouper goal CLASS STUDENT CHECK SCORE --by DATE")
                return 0
            print(f"{name}: {who}'s goals")
        progress = session.progress[student.id]
        detour = suggested_detour(pathway, progress.placement, progress)
        for g in lines:
            for text in goal_words(g, pathway, detour):
                print(text)
    return 0
