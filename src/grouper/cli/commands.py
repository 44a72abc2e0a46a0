"""What each command does. Each takes the parsed arguments and returns an exit code."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from grouper.clock import today
from grouper.core.dates import day_words, next_school_day, parse_date
from grouper.core.documents import plan_to_dict, settings_to_dict
from grouper.core.errors import GrouperError, UsageError
from grouper.core.grouping import Plan
from grouper.core.models import ClassRecord, ClassSettings, LockedPlan, Pathway
from grouper.core.placement import current_values, place_student
from grouper.core.planning import plan_for
from grouper.core.plans import PlanChange, latest_locked, plan_changes
from grouper.core.progress import class_progress
from grouper.core.report import plan_dict, progress_dict
from grouper.store import NewScore, Store, default_store_dir

from .lazy import Module

#: rich's tables load only for a command that prints one (not for --json).
output = Module("grouper.cli.output")


#: How long a writing command waits for another command to finish with the store (GROUPER_LOCK_WAIT).
LOCK_WAIT = 10.0


def lock_wait() -> float:
    """Seconds to wait for another command holding the store; a script's writes then queue up."""
    text = os.environ.get("GROUPER_LOCK_WAIT", "")
    try:
        return min(max(float(text), 0.0), 600.0) if text else LOCK_WAIT
    except ValueError:
        raise UsageError(f"GROUPER_LOCK_WAIT '{text}' is not a number of seconds") from None


def command_words(args: argparse.Namespace) -> str:
    """``grouper score`` for the function ``cmd_score``: how another grouper names us while we hold the store."""
    name = getattr(getattr(args, "run", None), "__name__", "command")
    return "grouper " + name.removeprefix("cmd_").replace("_", " ")


def store_dir(args: argparse.Namespace) -> Path:
    if args.store is not None and not args.store.strip():
        raise UsageError("--store needs a folder; it was empty")
    return default_store_dir(args.store)


def open_store(args: argparse.Namespace, writable: bool) -> Store:
    root = store_dir(args)
    if not writable:
        return Store(root, writable=False)
    return Store(root, writable=True, what=command_words(args), brief=True, wait=lock_wait())


def missing_subcommand(parser: argparse.ArgumentParser) -> int:
    """`grouper class` alone: name the choices in two lines, as every other usage error does."""
    choices: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            choices = list(action.choices)
    print(f"{parser.prog}: say what to do: {', '.join(choices)}", file=sys.stderr)
    print(f"see: {parser.prog} --help", file=sys.stderr)
    return 2


def _plan_day(args: argparse.Namespace) -> dt.date:
    return parse_date(args.date, "--date") if args.date is not None else next_school_day(today())


def all_pathways(store: Store) -> dict[str, Pathway]:
    from grouper.core.pathways import builtin_pathways

    return {**builtin_pathways(), **store.user_pathways()}


# --- pathways --------------------------------------------------------------


def cmd_pathway_list(args: argparse.Namespace) -> int:
    from grouper.core.pathways import builtin_pathways

    builtin = builtin_pathways()
    with open_store(args, writable=False) as store:
        mine = store.user_pathways()
    output.pathway_list(builtin, mine)
    return 0


def cmd_pathway_show(args: argparse.Namespace) -> int:
    with open_store(args, writable=False) as store:
        pathways = all_pathways(store)
    if args.id not in pathways:
        raise GrouperError(f"no pathway '{args.id}'; known: {', '.join(pathways)}")
    output.pathway_detail(pathways[args.id])
    return 0


def cmd_pathway_check(args: argparse.Namespace) -> int:
    from grouper.core.pathways import PathwayError, load_pathway_file

    try:
        pathway = load_pathway_file(Path(args.file))
    except PathwayError as e:
        # Checking a file is asking for every mistake in it: none is cut, however many.
        print(str(e), file=sys.stderr)
        return e.exit_code
    checks = sum(len(s.checks) for s in pathway.stages)
    print(f"{args.file}: OK: '{pathway.id}', {len(pathway.stages)} stages, {checks} checks")
    return 0


def cmd_pathway_add(args: argparse.Namespace) -> int:
    from grouper.core.pathways import builtin_pathways, load_pathway_file

    path = Path(args.file)
    pathway = load_pathway_file(path)
    if pathway.id in builtin_pathways():
        raise GrouperError(f"{path}: id '{pathway.id}' is a built-in pathway; give yours another id")
    with open_store(args, writable=True) as store:
        store.add_pathway(pathway, path.read_text(encoding="utf-8-sig"))
    print(f"Added pathway '{pathway.id}' ({pathway.name}). Use it with: grouper class new NAME --pathway {pathway.id}")
    return 0


# --- classes ---------------------------------------------------------------


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
    from grouper.core.validation import check_settings

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


def write_text(args: argparse.Namespace, text: str) -> None:
    """Write to standard output, or to the file ``-o`` names by way of a temporary one (never half a file).

    Never into the store: ``-o`` naming a class file would replace the class with the export.
    """
    target: str | None = args.output
    if target is None or target == "-":
        sys.stdout.write(text)
        return
    path = Path(target)
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name")
    from grouper.exports import save_export

    try:
        save_export(path, text, store=store_dir(args), given=f"-o {target}")
    except OSError as e:
        raise GrouperError(f"{path}: cannot write it ({e.strerror})") from None
    print(f"Wrote {path}", file=sys.stderr)


def cmd_class_export(args: argparse.Namespace) -> int:
    from grouper.core.bundle import record_to_bundle

    with open_store(args, writable=False) as store:
        record = store.load_class(store.find_class(args.name))
    write_text(args, json.dumps(record_to_bundle(record), ensure_ascii=False, indent=1) + "\n")
    return 0


def read_bundle(path: Path) -> ClassRecord:
    from grouper.core.bundle import BUNDLE_MAX_BYTES, BundleError, parse_bundle
    from grouper.core.reading import read_limited

    return parse_bundle(read_limited(path, BUNDLE_MAX_BYTES, BundleError, "a class file"), str(path))


def cmd_class_import(args: argparse.Namespace) -> int:
    record = read_bundle(Path(args.file))
    if args.name:
        record.name = args.name.strip()
    with open_store(args, writable=True) as store:
        store.create_class(record)
    print(f"Imported '{record.name}': {len(record.students)} students, {len(record.scores)} scores")
    return 0


# --- roster and scores -----------------------------------------------------


def cmd_roster_import(args: argparse.Namespace) -> int:
    from grouper.core.csvfile import read_csv_file
    from grouper.core.roster import merge_roster

    table = read_csv_file(Path(args.file))
    with open_store(args, writable=True) as store:
        name = store.find_class(args.cls)
        merge = merge_roster(store.load_class(name).students, table)
        if merge.students:
            store.upsert_students(name, merge.students)
    print(f"{name}: {len(merge.added)} added, {len(merge.updated)} updated, {len(merge.unchanged)} unchanged")
    return 0


def _score_words(record: ClassRecord, args: argparse.Namespace) -> None:
    """The usage mistakes of ``grouper score``, each named plainly (``zoe 52`` asks for the check)."""
    from grouper.core.score_entry import resolve_student

    given = [w for w in (args.student, args.check, args.value) if w is not None]
    if args.undo:
        if given:
            raise UsageError("--undo takes back the last score saved; give only the class: grouper score CLASS --undo")
        return
    if len(given) == 2 and args.check.strip().isdigit():
        resolve_student(record, args.student)  # an unknown student is named as such first
        checks = ", ".join(c.id for c in record.pathway.all_checks())
        raise UsageError(f"which check? grouper score CLASS {args.student} CHECK {args.check} (checks: {checks})")
    if len(given) < 3:
        missing = ("STUDENT", "CHECK", "VALUE")[len(given):]
        raise UsageError(f"score needs STUDENT CHECK VALUE; missing {' '.join(missing)} (or --undo)")


def cmd_score(args: argparse.Namespace) -> int:
    from grouper.core.score_entry import check_date, entry_from_words, resolve_check, resolve_student

    now = today()
    day = check_date(parse_date(args.date, "--date"), now) if args.date is not None else now
    with open_store(args, writable=True) as store:
        name = store.find_class(args.cls)
        record = store.load_class(name)
        _score_words(record, args)
        if args.undo:
            return _score_undo(store, name, now)
        if args.value.strip().casefold() == "clear":
            student, check, value = resolve_student(record, args.student), resolve_check(record, args.check), None
        else:
            entry = entry_from_words(record, args.student, args.check, args.value, day, now, args.note)
            student, check, value = entry.student, entry.check, entry.value
        values = current_values(record)[student.id]
        # The same value again is a re-assessment: saved as a new dated score, like any other.
        repeat = value is not None and values.get(check.id) == value
        before = place_student(student, values, record.pathway)
        saved = store.add_scores(name, [NewScore(student.id, check.id, value, day, args.note)])
        record.scores.extend(saved)
        after = place_student(student, current_values(record)[student.id], record.pathway)
    output.score_saved(record, student, check, value, day, before, after)
    if repeat:
        print(f"(the same as before: a new score for {day_words(day)})")
    return 0


def _score_undo(store: Store, name: str, now: dt.date) -> int:
    """Take back the last score saved in the class: a retraction is recorded, the score is not deleted."""
    from grouper.session import ClassSession

    session = ClassSession(store, name, now)
    last = session.last_saved()
    if last is None:
        raise GrouperError(f"{name}: no score to take back")
    record = session.record
    student, check = record.student(last.student), record.pathway.check(last.check)
    before = session.placements[student.id]
    change = session.take_back(last)
    output.score_taken_back(record, student, check, last, change.after, before, session.placements[student.id])
    return 0


def cmd_scores_import(args: argparse.Namespace) -> int:
    from grouper.config import Config
    from grouper.core.csvfile import read_csv_file
    from grouper.core.score_entry import check_date
    from grouper.core.wide_scores import scores_from_csv

    table = read_csv_file(Path(args.file))
    config = Config.load()  # its date_order reads 04/05/2026 when the file does not show the order
    if config.problem:
        print(config.problem, file=sys.stderr)
    now = today()
    day = check_date(parse_date(args.date, "--date"), now) if args.date is not None else now
    with open_store(args, writable=True) as store:
        name = store.find_class(args.cls)
        record = store.load_class(name)
        fmt, entries = scores_from_csv(record, table, now, day, config.date_preference())
        store.add_scores(name, [NewScore(e.student.id, e.check.id, e.value, e.date, e.note) for e in entries])
    students = len({e.student.id for e in entries})
    layout = " (one column per check)" if fmt == "wide" else ""
    print(f"{name}: imported {len(entries)} scores for {students} students{layout}")
    return 0


def cmd_attendance(args: argparse.Namespace) -> int:
    from grouper.core.score_entry import resolve_student

    day = _plan_day(args)
    with open_store(args, writable=True) as store:
        name = store.find_class(args.cls)
        record = store.load_class(name)
        students = [resolve_student(record, s) for s in args.students]
        store.set_absent(name, [s.id for s in students], day, absent=not args.present)
    word = "present" if args.present else "absent"
    names = ", ".join(s.name for s in students)
    print(f"{name}: marked {word} on {day_words(day)}: {names}")
    return 0


# --- notes -----------------------------------------------------------------


def cmd_note(args: argparse.Namespace) -> int:
    from grouper.core.notes import new_note

    now = today()
    day = parse_date(args.date, "--date") if args.date is not None else now
    written_at = dt.datetime.now().astimezone().isoformat()
    with open_store(args, writable=True) as store:
        name = store.find_class(args.cls)
        record = store.load_class(name)
        note = new_note(record, args.student, args.text, day, now, written_at)
        store.add_note(name, note)
    output.note_saved(name, record.student(note.student), note)
    return 0


def cmd_notes(args: argparse.Namespace) -> int:
    from grouper.core.notes import note_dict, notes_newest_first
    from grouper.core.score_entry import resolve_student

    with open_store(args, writable=False) as store:
        name = store.find_class(args.cls)
        record = store.load_class(name)
    student = resolve_student(record, args.student) if args.student else None
    notes = notes_newest_first(record, student.id if student else None)
    if args.json:
        sys.stdout.write(json.dumps([note_dict(record, n) for n in notes], ensure_ascii=False, indent=2) + "\n")
    elif not notes:
        output.no_notes(name, student)
    else:
        output.note_list(record, notes)
    return 0


# --- plans -----------------------------------------------------------------


def _plan_data(record: ClassRecord, day: dt.date) -> tuple[Plan, dict[str, Any], list[PlanChange]]:
    """The live plan for ``day`` as data, with the last locked plan and what changed since it."""
    from grouper.core.rotation import mark_meetings, rotation_for

    plan = plan_for(record, day)
    progress = class_progress(record, today())
    # Which groups meet that day (the rotation), so a locked plan records who was seen.
    stalled = {sid for sid, p in progress.items() if p.stalled}
    data = mark_meetings(plan_dict(record, plan, progress), plan, rotation_for(record, plan, stalled).days[0])
    locked = latest_locked(record.plans, day)
    changes = plan_changes(locked.plan, data, record.pathway) if locked else []
    data["locked"] = None if locked is None else plan_to_dict(locked)
    data["changes"] = [asdict(c) for c in changes]
    return plan, data, changes


def cmd_groups(args: argparse.Namespace) -> int:
    day = _plan_day(args)
    with open_store(args, writable=False) as store:
        record = store.load_class(store.find_class(args.cls))
    plan, data, changes = _plan_data(record, day)
    if args.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        output.plan_table(record, plan)
        locked = latest_locked(record.plans, day)
        if locked is not None:
            output.plan_changes(locked, changes)
    return 0


def cmd_plan_week(args: argparse.Namespace) -> int:
    from grouper.cli.week import week_table
    from grouper.core.rotation import rotation_dict, rotation_for

    if not 1 <= args.days <= 30:
        raise UsageError("--days must be from 1 to 30")
    day = _plan_day(args)
    with open_store(args, writable=False) as store:
        record = store.load_class(store.find_class(args.cls))
    stalled = {sid for sid, p in class_progress(record, today()).items() if p.stalled}
    rotation = rotation_for(record, plan_for(record, day), stalled, args.days)
    if args.json:
        data = {"class": record.name, **rotation_dict(rotation)}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    week_table(output.console, record, rotation)
    return 0


def cmd_plan_lock(args: argparse.Namespace) -> int:
    day = _plan_day(args)
    with open_store(args, writable=True) as store:
        name = store.find_class(args.cls)
        record = store.load_class(name)
        plan, data, _ = _plan_data(record, day)
        for key in ("locked", "changes"):
            data.pop(key)
        stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        replaced = store.lock_plan(name, LockedPlan(day, stamp, data))
    verb = "Locked again" if replaced else "Locked"
    print(f"{name}: {verb} the plan for {day_words(day)}: {len(plan.groups)} groups")
    return 0


def cmd_progress(args: argparse.Namespace) -> int:
    from grouper.progress_report import render_progress

    now = today()
    with open_store(args, writable=False) as store:
        record = store.load_class(store.find_class(args.cls))
    progress = class_progress(record, now)
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


def cmd_export(args: argparse.Namespace) -> int:
    from grouper.cards import latest_notes
    from grouper.exports import render

    if args.format == "grid":
        from .exchange import export_grid

        return export_grid(args)
    day = _plan_day(args)
    with open_store(args, writable=False) as store:
        record = store.load_class(store.find_class(args.cls))
    notes = latest_notes(record, upto=day) if args.notes else None
    progress = class_progress(record, today())
    plan = plan_for(record, day)
    coaching = None
    if args.coaches:
        from grouper.core.coaches import suggest_coaches

        stalled = frozenset(sid for sid, p in progress.items() if p.stalled)
        coaching = suggest_coaches(plan, record.pathway, current_values(record), stalled)
    write_text(args, render(args.format, record, plan, progress=progress, notes=notes, coaching=coaching))
    return 0


# --- backups ---------------------------------------------------------------


def cmd_backup_list(args: argparse.Namespace) -> int:
    with open_store(args, writable=False) as store:
        name = store.find_class(args.cls) if args.cls else None
        backups = store.list_backups(name)
    if not backups:
        folder = store.root / "backups"
        if not folder.is_dir() and any((store.root / "classes").glob("*.json")):
            print(f"The backups folder {folder} is gone: there are no saved copies to go back to.")
            print("The next save starts keeping them again (grouper doctor --fix makes the folder now).")
            return 0
        print("No backups yet: one is kept each time a class is saved.")
        return 0
    output.backup_list(backups)
    return 0


def cmd_backup_restore(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        name = store.restore_backup(args.id)
    print(f"Restored '{name}' from backup {args.id}. The version it replaced was kept as a backup too.")
    return 0

