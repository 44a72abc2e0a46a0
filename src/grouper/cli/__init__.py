"""The ``grouper`` command: a thin layer over the core and the store.

It never imports Textual unless the app is asked for, so scripted commands
start fast; every error a person can cause ends in one or two plain lines and
exit code 1 (bad data) or 2 (bad usage), never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from grouper.core.errors import GrouperError


def main(argv: Sequence[str] | None = None) -> int:
    from .parser import build_parser

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except GrouperError as e:
        print(str(e), file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("grouper: stopped; nothing half-written was saved", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error for the user.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
