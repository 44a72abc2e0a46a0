"""``grouper tier CLASS STUDENT [TIER] [--intervention NAME] ...``: a student's tier of support (MTSS).

Tier 1 is core teaching; Tier 2 and 3 name an intervention, its sessions a week and
a review date (six weeks on by default). Every change is dated and kept.
"""

from __future__ import annotations

import argparse

from grouper.cli.common import open_store
from grouper.config.clock import today
from grouper.core.dates import day_words, parse_date
from grouper.core.errors import UsageError


def cmd_tier(args: argparse.Namespace) -> int:
    from grouper.core.score_entry import resolve_student
    from grouper.core.tiers import history_of, review_of
    from grouper.reports.mtss import dose_words, tier_words
    from grouper.session.class_session import ClassSession

    extra = [args.intervention, args.sessions, args.start, args.review, args.reason]
    if args.tier is None and any(x is not None for x in extra):
        raise UsageError("give the tier too: grouper tier CLASS STUDENT 2 --intervention NAME")
    if args.tier == 1 and any(x is not None for x in (args.intervention, args.sessions, args.review)):
        raise UsageError("Tier 1 is core teaching: no --intervention, --sessions-per-week or --review")
    now = today()
    with open_store(args, writable=args.tier is not None) as store:
        session = ClassSession(store, store.find_class(args.cls), now)
        student = resolve_student(session.record, args.student)
        name, who = session.name, student.name
        if args.tier is not None:
            start = parse_date(args.start, "--start") if args.start is not None else None
            review = parse_date(args.review, "--review") if args.review is not None else None
            before = session.tier_now(student.id)
            change = session.set_tier(student.id, args.tier, args.intervention or "", args.sessions, start, review,
                                      args.reason or "")
            was = f" (was {tier_words(before)})" if before is not None else " (was Tier 1)"
            in_force = session.tier_now(student.id)
            if in_force is not None and in_force != change and change.date <= now:
                later = f"(from {day_words(in_force.date)}, the later change)"
                print(f"{name}: the change to {tier_words(change)} from {day_words(change.date)} is kept in the "
                      f"record; {who} is at {tier_words(in_force)} {later}.")
                return 0
            print(f"{name}: {who} is at {tier_words(change)} from {day_words(change.date)}{was}.")
            review_day = review_of(change)
            if review_day is not None:
                print(f"  Review: {day_words(review_day)}.")
            return 0
        now_tier = session.tier_now(student.id)
        print(f"{name}: {who} is at {tier_words(now_tier)}.")
        if now_tier is not None and now_tier.tier > 1:
            print(f"  {dose_words(session.dose_of(now_tier))}")
            review_day = review_of(now_tier)
            if review_day is not None:
                due = " (review due)" if review_day <= now else ""
                print(f"  Review: {day_words(review_day)}{due}.")
        changes = history_of(session.record.tiers, student.id)
        if changes:
            print("Changes:")
            for t in changes:
                why = f": {t.reason}" if t.reason else ""
                print(f"  {day_words(t.date)}  {tier_words(t)}{why}")
    return 0
