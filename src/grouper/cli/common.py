"""What every command shares: the store it opens (and how long it waits for another), the plan day, writing -o."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from grouper.cli.lazy import Module
from grouper.config.clock import today
from grouper.core.dates import next_school_day, parse_date
from grouper.core.errors import GrouperError, UsageError
from grouper.core.models import Pathway
from grouper.session.stores import Store, default_store_dir

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


def plan_day(args: argparse.Namespace) -> dt.date:
    return parse_date(args.date, "--date") if args.date is not None else next_school_day(today())


def all_pathways(store: Store) -> dict[str, Pathway]:
    from grouper.formats.pathways import builtin_pathways

    return {**builtin_pathways(), **store.user_pathways()}


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
    from grouper.reports.exports import save_export

    try:
        save_export(path, text, store=store_dir(args), given=f"-o {target}")
    except OSError as e:
        raise GrouperError(f"{path}: cannot write it ({e.strerror})") from None
    print(f"Wrote {path}", file=sys.stderr)
