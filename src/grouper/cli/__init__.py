"""The ``grouper`` command: a thin layer over the core and the store.

It never imports Textual unless the app is asked for, so scripted commands
start fast; every error a person can cause ends in one or two plain lines and
exit code 1 (bad data) or 2 (bad usage), never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from grouper.core.errors import GrouperError


def main(argv: Sequence[str] | None = None) -> int:
    from grouper.cli.terminal import safe_output

    with safe_output():
        return _main(argv)


#: Arguments that name files: used as they are (a file's name is what it is); every other word
#: typed on the command line is made visible as a name from a file would be.
PATH_ARGUMENTS = frozenset({"file", "output", "path", "in_dir", "store"})
#: Arguments that may run over several lines.
TEXT_ARGUMENTS = frozenset({"text", "note"})


def _visible_arguments(args: argparse.Namespace) -> None:
    from grouper.core.text import visible, visible_lines

    for key, value in vars(args).items():
        if key in PATH_ARGUMENTS:
            continue
        rule = visible_lines if key in TEXT_ARGUMENTS else visible
        if isinstance(value, str):
            setattr(args, key, rule(value))
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            setattr(args, key, [rule(v) for v in value])


def _main(argv: Sequence[str] | None) -> int:
    from grouper.cli.parser import build_parser

    # grouper uses no pydantic plugins: skip pydantic's scan of every installed package for them.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    words = _plan_week_shorthand(list(sys.argv[1:] if argv is None else argv))
    args = build_parser(words).parse_args(words)
    _visible_arguments(args)
    try:
        return int(args.run(args) or 0)
    except GrouperError as e:
        print(for_terminal(str(e)), file=sys.stderr)
        if e.hint:  # a line of its own, never cut with a long message
            print(for_terminal(e.hint), file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("grouper: stopped; nothing half-written was saved", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error for the user.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as e:
        # A disk fault the store did not expect still ends in one plain line, never a traceback.
        where = f"{e.filename}: " if e.filename else ""
        print(f"grouper: {where}{e.strerror or e}; nothing more was saved", file=sys.stderr)
        return 1


#: An error is read, not scrolled: this many lines of at most this many characters.
MAX_LINES, MAX_WIDTH = 12, 400


def for_terminal(message: str) -> str:
    """An error message fit for stderr, whatever file it quotes.

    Messages quote what a file held (a name, a header, a key) and that text may
    hold ESC sequences or be a megabyte long: control characters are shown as
    symbols and each line is cut, so the error stays a few readable lines.
    """
    from grouper.core.text import visible

    lines = [visible(line) for line in message.split("\n")]
    lines = [line if len(line) <= MAX_WIDTH else line[: MAX_WIDTH - 1] + "…" for line in lines]
    if len(lines) > MAX_LINES:
        lines = [*lines[: MAX_LINES - 1], f"... and {len(lines) - MAX_LINES + 1} more line(s)"]
    return "\n".join(lines)


def _plan_week_shorthand(argv: list[str]) -> list[str]:
    """``grouper plan CLASS --days 5`` is ``grouper plan week CLASS --days 5`` (``plan lock`` stays as it is)."""
    for i, word in enumerate(argv):
        if word == "--store":
            continue
        if i and argv[i - 1] == "--store":
            continue
        if word.startswith("-"):
            continue
        if word != "plan":
            return argv
        rest = [w for w in argv[i + 1:] if not w.startswith("-")]
        nxt = argv[i + 1] if i + 1 < len(argv) else ""
        if rest and nxt not in ("lock", "week") and not nxt.startswith("-"):
            return [*argv[: i + 1], "week", *argv[i + 1:]]
        return argv
    return argv
