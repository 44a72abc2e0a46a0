"""What comes in from, and goes out to, the tools a school already uses: OneRoster lists, spreadsheets."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from rich.table import Table
from rich.text import Text

from grouper.cli import output
from grouper.cli.common import open_store, today, write_text
from grouper.core.dates import parse_date
from grouper.core.errors import UsageError
from grouper.formats.oneroster import DELTA_ONLY, Package
from grouper.formats.oneroster_files import load_package
from grouper.formats.oneroster_merge import OneRosterMerge, merge_class

SHOW_NAMES = 10


def cmd_roster_import_oneroster(args: argparse.Namespace) -> int:
    package = load_package(Path(args.path))
    if args.oneroster_class is None:
        _class_list(args.path, package, today())
        return 0
    if args.into is None:
        raise UsageError("say which grouper class the students go in: --into CLASS")
    cls = package.find_class(args.oneroster_class)
    with open_store(args, writable=not args.dry_run) as store:
        name = store.find_class(args.into)
        merge = merge_class(store.load_class(name).students, package, cls, name, today())
        if merge.students and not args.dry_run:
            store.upsert_students(name, merge.students, today())
    shown = cls.code or cls.sourced_id
    _report(name, shown if cls.title == DELTA_ONLY else f"{shown} ({cls.title})", merge, args.dry_run)
    return 0


def _mode(package: Package) -> str:
    return "delta" if package.delta("enrollments") else "bulk"


def _class_list(path: str, package: Package, day: dt.date) -> None:
    classes = package.summaries(day)
    count = f"{len(classes)} class" + ("" if len(classes) == 1 else "es")
    print(f"{path}: OneRoster {package.version}, {_mode(package)}, {count}")
    if not classes:
        return
    table = Table(box=None, pad_edge=False)
    for col in ("code", "title", "students"):
        table.add_column(col)
    for cls, students in classes:
        table.add_row(Text(cls.code or cls.sourced_id), Text(cls.title), str(students))
    output.console.print(table)
    print(f"Import one: grouper roster import-oneroster {path} --class CODE --into CLASS")


def _report(name: str, source: str, merge: OneRosterMerge, dry_run: bool) -> None:
    print(f"{name}: from {source}: {len(merge.added)} added, {len(merge.updated)} updated, "
          f"{len(merge.unchanged)} left unchanged, {len(merge.inactivated)} made inactive")
    if merge.inactivated:
        names = ", ".join(s.name for s in merge.inactivated[:SHOW_NAMES])
        more = len(merge.inactivated) - SHOW_NAMES
        print(f"No longer enrolled (out of the groups, scores and notes kept): {names}"
              + (f" and {more} more" if more > 0 else ""))
    if dry_run:
        print("Dry run: nothing was saved.")


def export_grid(args: argparse.Namespace) -> int:
    """``grouper export CLASS --format grid``: the class grid as CSV (scores up to --date when given)."""
    from grouper.reports.grid_export import to_grid_csv

    upto = parse_date(args.date, "--date") if args.date is not None else None
    with open_store(args, writable=False) as store:
        record = store.load_class(store.find_class(args.cls))
    write_text(args, to_grid_csv(record, upto, today()))
    return 0
