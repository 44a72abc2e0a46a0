"""``grouper detour CLASS STUDENT [DETOUR] [--end]``: take a student on a detour, or end it.

A detour is the same learning taught another way, for a student the main route
is not moving. Nothing puts a student on one but the teacher; mastering the
stage ends it by itself (the loop back), read from the scores.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from grouper.cli.common import open_store
from grouper.config.clock import today
from grouper.core.dates import day_words, parse_date
from grouper.core.detours import detour_of, suggested_detour
from grouper.core.errors import UsageError
from grouper.core.models import Detour, Pathway

if TYPE_CHECKING:
    from grouper.core.placement import Placement
    from grouper.core.progress import Progress


def _closer(detour: Detour) -> str:
    if not detour.checks:
        return "No closer checks of its own (the stage's checks still count)"
    return "Closer checks: " + ", ".join(f"{c.label} ({c.id})" for c in detour.checks)


def cmd_detour(args: argparse.Namespace) -> int:
    from grouper.core.score_entry import check_date, resolve_student
    from grouper.session.class_session import ClassSession

    if args.end and args.detour is not None:
        raise UsageError("give a detour to start, or --end to end the one the student is on, not both")
    now = today()
    day = check_date(parse_date(args.date, "--date"), now) if args.date is not None else now
    with open_store(args, writable=args.end or args.detour is not None) as store:
        session = ClassSession(store, store.find_class(args.cls), day)
        student = resolve_student(session.record, args.student)
        name, who = session.name, student.name
        progress = session.progress[student.id]
        on = session.detour_now(student.id)
        if args.end:
            ended = session.end_detour(student.id)
            if not ended:
                print(f"{name}: {who} is not on a detour; nothing changed.")
                return 0
            stage = session.pathway.stage_label(progress.placement.stage_index)
            label = on.label if on is not None else ended[0].detour
            print(f"{name}: {who}'s detour ({label}) ended on {day_words(day)}; back on the main route at {stage}.")
            return 0
        placement = progress.placement
        if args.detour is None:
            _show(session.pathway, placement, progress, who, name, on)
            return 0
        start = session.start_detour(student.id, args.detour)
    since = day_words(day)
    if not start.changed:
        print(f"{name}: {who} is already on the detour {start.detour.label} at {start.stage.label}; nothing changed.")
        return 0
    for t in start.ended:
        old = detour_of(session.pathway, t.stage, t.detour)
        print(f"(Ended the detour {old.label if old else t.detour}, taken since {day_words(t.started)}.)")
    print(f"{name}: {who} is on a detour at {start.stage.label} from {since}: {start.detour.label}.")
    print(f"  Focus: {start.detour.focus}")
    print(f"  {_closer(start.detour)}.")
    print("  Mastering the stage ends it by itself; end it sooner with --end.")
    return 0


def _show(pathway: Pathway, placement: Placement, progress: Progress, who: str, name: str, on: Detour | None) -> None:
    """No detour named: where the student is, the detour they are on, and the ones their stage offers."""
    if placement.stage_index >= len(pathway.stages):
        print(f"{name}: {who} has mastered every stage: there is no detour to take.")
        return
    stage = pathway.stages[placement.stage_index]
    if on is not None:
        spell = progress.detours[-1] if progress.detours else None
        since = f" since {day_words(spell.taken.started)}" if spell is not None else ""
        print(f"{name}: {who} is on a detour at {stage.label}: {on.label}{since}.")
    else:
        print(f"{name}: {who} is on the main route at {stage.label}.")
    if not stage.detours:
        print(f"{stage.label} has no detours in this pathway.")
        return
    suggested = suggested_detour(pathway, placement, progress)
    print(f"Detours of {stage.label}:")
    for d in stage.detours:
        mark = "  (suggested: stalled)" if suggested is not None and d.id == suggested.id else ""
        now = "  (on it now)" if on is not None and d.id == on.id else ""
        print(f"  {d.id}: {d.label}{mark}{now}")
    print(f"Start one: grouper detour {_quoted(name)} {_quoted(who)} DETOUR")


def _quoted(text: str) -> str:
    return f"'{text}'" if " " in text else text
