"""``grouper doctor [--fix]``: the store's health in plain words, one line per file.

Exit 0 when the store is healthy (notes are fine), 1 when a problem remains,
2 for a usage mistake. Problems come first, each with the way out; what is
fine comes last, so a long report still starts with what matters.
"""

from __future__ import annotations

import argparse

from grouper.cli.common import lock_wait, store_dir, today
from grouper.config.prefs import config_dir
from grouper.session.stores import Finding, Report, StoreLocked, check_store, fix_store

LABELS = {"problem": "PROBLEM", "note": "note", "ok": "ok"}
WIDTH = 9


def plain(text: str) -> str:
    """Text safe to print: a control character in a file or class name is shown, not obeyed."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


def cmd_doctor(args: argparse.Namespace) -> int:
    root = store_dir(args)
    config = config_dir() / "config.toml"
    if args.fix:
        try:
            report = fix_store(root, config_file=config, today=today(), wait=lock_wait())
        except StoreLocked as e:
            raise StoreLocked(f"grouper doctor --fix needs the store to itself: {e}", e.hint, e.holder) from None
    else:
        report = check_store(root, config_file=config, today=today())
    print_report(report, fixing=args.fix)
    return 0 if report.healthy else 1


def _line(label: str, text: str) -> None:
    print(f"{label:<{WIDTH}}{plain(text)}")


def print_report(report: Report, *, fixing: bool) -> None:
    print(plain(f"grouper doctor: {'repairing' if fixing else 'checking'} {report.root}"))
    for done in report.fixed:
        _line("fixed", done)
    for failed in report.not_fixed:
        _line("PROBLEM", failed)
    ordered: list[Finding] = [f for level in ("problem", "note", "ok") for f in report.findings if f.level == level]
    for f in ordered:
        _line(LABELS[f.level], f.text)
        if f.way_out and f.level != "ok":
            _line("", f"what to do: {f.way_out}")
    problems = report.problems
    if not problems:
        print("The store is healthy." if not report.fixed else "The store is healthy now.")
        return
    fixable = sum(f.fixable for f in problems)
    summary = f"{len(problems)} problem(s) found"
    if fixable and not fixing:
        summary += f"; grouper doctor --fix can repair {fixable} of them safely (it never deletes anything)"
    print(summary + ".")
