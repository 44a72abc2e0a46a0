"""``grouper progress``: the class profile week by week and who needs a second look."""

from __future__ import annotations

import argparse
import json

from grouper.cli.common import open_store, output, write_text
from grouper.config.clock import today
from grouper.core.report import progress_dict


def cmd_progress(args: argparse.Namespace) -> int:
    from grouper.reports.progress_report import render_progress
    from grouper.session.class_session import ClassSession

    now = today()
    with open_store(args, writable=False) as store:
        session = ClassSession(store, store.find_class(args.cls), now)
    record, progress = session.record, session.progress
    if args.json:
        write_text(args, json.dumps(progress_dict(record, progress, now), ensure_ascii=False, indent=2) + "\n")
        return 0
    if args.format == "text":
        if args.output in (None, "-"):
            output.progress_table(record, progress, by_tag=args.by_tag)
        else:
            write_text(args, output.as_plain_text(
                lambda: output.progress_table(record, progress, by_tag=args.by_tag)))
        return 0
    write_text(args, render_progress(args.format, record, progress, now, by_tag=args.by_tag))
    return 0
