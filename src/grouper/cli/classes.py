"""``grouper class new|list|set|export|import``: making classes, their settings, and a class in one file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from grouper.cli.common import all_pathways, open_store, output, write_text
from grouper.core.dates import parse_date
from grouper.core.errors import UsageError
from grouper.core.models import ClassRecord, ClassSettings
from grouper.formats.documents import settings_to_dict


def _settings(base: ClassSettings, args: argparse.Namespace) -> ClassSettings:
    merged = settings_to_dict(base)
    for key in ("min_size", "max_size", "max_groups", "stall_days", "stall_scores", "due_days", "slots_per_day",
                "max_gap_days"):
        value = getattr(args, key, None)
        if value is not None:
            merged[key] = value
    for key, top in (("stall_days", 365), ("stall_scores", 100), ("due_days", 365), ("slots_per_day", 10),
                     ("max_gap_days", 10)):
        if not 1 <= merged[key] <= top:
            raise UsageError(f"--{key.replace('_', '-')} must be from 1 to {top}")
    days = set(merged.get("no_group_days", ()))
    days |= {parse_date(d, "--no-groups").isoformat() for d in getattr(args, "no_groups", None) or ()}
    days -= {parse_date(d, "--groups-again").isoformat() for d in getattr(args, "groups_again", None) or ()}
    merged["no_group_days"] = tuple(sorted(days))
    if merged["min_size"] < 1 or merged["max_size"] < 1 or merged["max_groups"] < 1:
        raise UsageError("group sizes and the number of groups must be at least 1")
    if merged["min_size"] > merged["max_size"]:
        raise UsageError(f"--min-size {merged['min_size']} is above --max-size {merged['max_size']}")
    if max(merged["min_size"], merged["max_size"]) > 100 or merged["max_groups"] > 50:
        raise UsageError("group sizes must be at most 100 and the number of groups at most 50")
    from grouper.formats.validation import check_settings

    try:
        return check_settings(merged)
    except ValueError as e:  # pydantic's ValidationError is one
        first = str(e).strip().splitlines()[-1].strip()
        raise UsageError(f"settings not valid: {first}") from None


def cmd_class_new(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        pathways = all_pathways(store)
        if args.pathway not in pathways:
            raise UsageError(f"no pathway '{args.pathway}'; known: {', '.join(pathways)}")
        name = args.name.strip()
        if not name:
            raise UsageError("a class needs a name")
        record = ClassRecord(name, pathways[args.pathway], _settings(ClassSettings(), args))
        store.create_class(record)
    print(f"Created class '{name}' on pathway {args.pathway}.")
    print(f"Next: grouper roster import '{name}' FILE.csv")
    return 0


def cmd_class_list(args: argparse.Namespace) -> int:
    with open_store(args, writable=False) as store:
        records = [store.load_class(n) for n in store.class_names()]
    if not records:
        print("No classes yet. Create one with: grouper class new NAME --pathway ID (see: grouper pathway list)")
        return 0
    output.class_list(records)
    return 0


def cmd_class_set(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        name = store.find_class(args.name)
        record = store.load_class(name)
        settings = _settings(record.settings, args)
        store.update_settings(name, settings)
    print(f"{name}: groups of {settings.min_size} to {settings.max_size}, at most {settings.max_groups} groups")
    print(f"{name}: stalled after {settings.stall_days} days and {settings.stall_scores} scores at one stage; "
          f"a check is due after {settings.due_days} days")
    no_groups = ", ".join(settings.no_group_days) or "none"
    print(f"{name}: {settings.slots_per_day} groups a day, each seen at least every {settings.max_gap_days} "
          f"group days; no-group days: {no_groups}")
    return 0


def cmd_class_export(args: argparse.Namespace) -> int:
    from grouper.formats.bundle import record_to_bundle

    with open_store(args, writable=False) as store:
        record = store.load_class(store.find_class(args.name))
    write_text(args, json.dumps(record_to_bundle(record), ensure_ascii=False, indent=1) + "\n")
    return 0


def read_bundle(path: Path) -> ClassRecord:
    from grouper.formats.bundle import BUNDLE_MAX_BYTES, BundleError, parse_bundle
    from grouper.formats.reading import read_limited

    return parse_bundle(read_limited(path, BUNDLE_MAX_BYTES, BundleError, "a class file"), str(path))


def cmd_class_import(args: argparse.Namespace) -> int:
    record = read_bundle(Path(args.file))
    if args.name:
        record.name = args.name.strip()
    with open_store(args, writable=True) as store:
        store.create_class(record)
    print(f"Imported '{record.name}': {len(record.students)} students, {len(record.scores)} scores")
    return 0
