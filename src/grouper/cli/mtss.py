"""``grouper mtss CLASS``: the MTSS meeting's table, read-only.

Counts per tier and the share at benchmark; every Tier 2 and 3 student with their
intervention, weeks in it, review, sessions delivered of planned, goal and benchmark
status, stalled and detour; and the Tier 1 students to discuss. As a table (text),
JSON, Markdown, HTML or CSV. Notes stay out unless ``--notes``.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from grouper.cli.common import open_store, output, write_text
from grouper.config.clock import today

if TYPE_CHECKING:
    from grouper.core.models import ClassRecord
    from grouper.core.mtss import MtssReport


def cmd_mtss(args: argparse.Namespace) -> int:
    from grouper.core.mtss import mtss_report
    from grouper.session.class_session import ClassSession

    now = today()
    with open_store(args, writable=False) as store:
        session = ClassSession(store, store.find_class(args.cls), now)
    record = session.record
    report = mtss_report(record, session.progress, now)
    if args.json:
        from grouper.reports.mtss import mtss_dict

        write_text(args, json.dumps(mtss_dict(report), ensure_ascii=False, indent=2) + "\n")
        return 0
    if args.format == "text":
        if args.output in (None, "-"):
            _print_table(report, record, args.notes)
        else:
            write_text(args, output.as_plain_text(lambda: _print_table(report, record, args.notes), width=200))
        return 0
    from grouper.reports.mtss import render_mtss

    write_text(args, render_mtss(args.format, report, record, notes=args.notes))
    return 0


def _print_table(report: MtssReport, record: ClassRecord, notes: bool) -> None:
    """The table in the terminal: every name, label and note as ``Text``, never read as markup."""
    from rich.text import Text

    from grouper.reports.mtss import (
        HEADERS,
        NO_DISCUSS,
        NO_STUDENTS,
        newest_note,
        row_cells,
        share_words,
        tier_counts_words,
        title,
    )

    console = output.console  # read now: as_plain_text swaps it for a buffer
    console.print(Text(title(report), style="bold"))
    console.print(Text(tier_counts_words(report)))
    console.print(Text(share_words(report)))
    console.print(Text("Tier 2 and 3", style="bold"))
    if report.students:
        # One block per student, not a table: eleven columns of words do not fit a terminal.
        for r in report.students:
            c = dict(zip(HEADERS, row_cells(record.pathway, r), strict=True))
            console.print(Text.assemble("  ", (c["student"], "bold"), f": {c['tier']}, ", c["intervention"],
                                        f", since {c['start']} ({c['weeks']} weeks)"))
            review = Text(f"review {c['review']}", style="bold" if r.review_due else "")
            console.print(Text.assemble(f"    sessions {c['sessions']} · ", review, f" · goal: {c['goal']}"))
            extra = [f"benchmark: {c['benchmark']}"] if c["benchmark"] != "–" else []
            extra += ["⟳ stalled"] * (c["stalled"] != "–") + [f"↪ on a detour: {c['detour']}"] * (c["detour"] != "–")
            if extra:
                console.print(Text("    " + "; ".join(extra)))
            if notes:
                console.print(Text.assemble("    newest note: ", newest_note(record, r.id) or "–"))
    else:
        console.print(Text(f"  {NO_STUDENTS}"))
    console.print(Text(f"Tier 1 students to discuss: {len(report.to_discuss)}", style="bold"))
    for d in report.to_discuss:
        line = Text.assemble("  ", (d.name, "bold"), ": ", d.reason)
        if notes:
            line.append(f" (newest note: {newest_note(record, d.id) or '–'})")
        console.print(line)
    if not report.to_discuss:
        console.print(Text(f"  {NO_DISCUSS}"))
