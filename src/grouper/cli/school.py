"""``grouper school``: the coach's view of every class, the grade totals and who moved lately, read-only.

The classes are the store's, or with ``--bundles`` class files read where they lie
(never imported: the store is not opened and nothing is written but ``-o``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

from grouper.cli.common import open_store, output, write_text
from grouper.config.clock import today
from grouper.core.dates import day_words, parse_date
from grouper.core.errors import UsageError

if TYPE_CHECKING:
    from grouper.core.models import ClassRecord


def since_day(args: argparse.Namespace, now: dt.date) -> dt.date:
    from grouper.core.school import DEFAULT_SINCE

    text = getattr(args, "since", None)
    if text is None:
        return now - DEFAULT_SINCE
    since = parse_date(text, "--since")
    if since > now:
        raise UsageError(f"--since {since.isoformat()} is after today ({day_words(now)})")
    return since


def read_bundles(paths: list[str]) -> list[ClassRecord]:
    """Every bundle read in place, or a GrouperError naming the file that cannot be (before anything is shown)."""
    from grouper.formats.bundle import BUNDLE_MAX_BYTES, BundleError, parse_bundle
    from grouper.formats.reading import read_limited

    records = []
    for text in paths:
        path = Path(text)
        records.append(parse_bundle(read_limited(path, BUNDLE_MAX_BYTES, BundleError, "a class file"), str(path)))
    return records


def cmd_school(args: argparse.Namespace) -> int:
    from grouper.core.school import school_view
    from grouper.reports.school import print_school, render_school, school_dict

    now = today()
    since = since_day(args, now)
    bundles = getattr(args, "bundles", None)
    if bundles:
        records = read_bundles(list(bundles))
    else:
        with open_store(args, writable=False) as store:
            records = [store.load_class(name) for name in store.class_names()]
    view = school_view(records, now, since, by_tag=bool(getattr(args, "by_tag", False)))
    if args.json:
        write_text(args, json.dumps(school_dict(view), ensure_ascii=False, indent=2) + "\n")
        return 0
    if args.format == "text":
        if args.output in (None, "-"):
            print_school(view, output.console)
        else:
            write_text(args, output.as_plain_text(lambda: print_school(view, output.console), width=200))
        return 0
    write_text(args, render_school(args.format, view))
    return 0
