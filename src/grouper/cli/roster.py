"""``grouper roster import``: a class list from a CSV, again and again without duplicates."""

from __future__ import annotations

import argparse
from pathlib import Path

from grouper.cli.common import open_store
from grouper.config.clock import today


def cmd_roster_import(args: argparse.Namespace) -> int:
    from grouper.formats.csvfile import read_csv_file
    from grouper.formats.roster import merge_roster

    table = read_csv_file(Path(args.file))
    with open_store(args, writable=True) as store:
        name = store.find_class(args.cls)
        merge = merge_roster(store.load_class(name).students, table)
        if merge.students:
            store.upsert_students(name, merge.students, today())
    print(f"{name}: {len(merge.added)} added, {len(merge.updated)} updated, {len(merge.unchanged)} unchanged")
    return 0
