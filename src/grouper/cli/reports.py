"""``grouper report teaching [CLASS]``: which routes move students, per stage focus and per detour."""

from __future__ import annotations

import argparse
import json

from grouper.cli.common import open_store, output, write_text
from grouper.config.clock import today


def cmd_report_teaching(args: argparse.Namespace) -> int:
    from grouper.reports.teaching import teaching_dict, to_html, to_markdown
    from grouper.session.teaching import teaching_report

    now = today()
    with open_store(args, writable=False) as store:
        name = store.find_class(args.cls) if args.cls is not None else None
        report = teaching_report(store, name, now)
    if args.json:
        write_text(args, json.dumps(teaching_dict(report, now), ensure_ascii=False, indent=2) + "\n")
        return 0
    if args.format == "md":
        write_text(args, to_markdown(report, now))
    elif args.format == "html":
        write_text(args, to_html(report, now))
    elif args.output in (None, "-"):
        output.teaching_table(report, now)
    else:
        write_text(args, output.as_plain_text(lambda: output.teaching_table(report, now)))
    return 0
