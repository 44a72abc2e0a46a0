"""What a scripted command loads: only what it uses, so scripts and cron jobs start fast (issue #7).

Each command's module is imported when the command runs, and rich's tables
only when a table is printed, so ``grouper groups CLASS --json`` loads neither
Textual nor rich. Nor pydantic: the class file's pathway and settings carry
the store's seal, so they are read back without being checked again.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from grouper.session.demo import sample_records
from grouper.store import Store


def test_groups_json_loads_neither_textual_nor_rich_nor_pydantic(tmp_path: Path) -> None:
    root = tmp_path / "store"
    with Store(root, writable=True) as store:
        store.create_class(sample_records(dt.date(2026, 11, 22))[0])
    code = (
        "import sys, io, contextlib\n"
        "from grouper.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    rc = main(['--store', sys.argv[1], 'groups', 'Grade 1', '--json'])\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich', 'pydantic'})\n"
        "print(rc, '\"groups\"' in out.getvalue(), loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0 True []"


def test_help_builds_without_loading_the_commands() -> None:
    code = (
        "import sys, io, contextlib\n"
        "from grouper.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('grouper.cli.common' in sys.modules, 'tinydb' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False False"
