"""``grouper doctor`` never calls a live save's temp file left over, even when the save starts mid-check.

The doctor looks at the lock first and at temp files later. A writer that
takes the store in between is saving when the temp files are looked at; its
temp file is not left over. To make that moment happen every time, with no
timing, ``index.json`` is a FIFO: the doctor blocks reading it until a second
process (``store_proc.py save-during``) has taken the writer lock and started a
save, and only then feeds it the class list.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from store_helpers import make_record

from grouper.store import Store
from grouper.store import findings as k
from grouper.store.doctor import check_store

PROC = Path(__file__).with_name("store_proc.py")
NOW = dt.datetime(2026, 11, 23, 15, 30, tzinfo=dt.UTC)


@pytest.fixture
def healthy(root: Path) -> Path:
    with Store(root) as store:
        store.create_class(make_record("Room 7"))
    return root


def unblock_if_it_dies(proc: subprocess.Popen[str], fifo: Path, done: threading.Event) -> None:
    """Should the writer die before it feeds the FIFO, let the doctor read an empty file and fail, not hang."""
    proc.wait()
    if not done.is_set():
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


def test_a_temp_file_is_left_over_only_if_no_writer_held_the_store_throughout(healthy: Path, tmp_path: Path) -> None:
    index = healthy / "index.json"
    saved = tmp_path / "index.json"
    saved.write_bytes(index.read_bytes())
    index.unlink()
    os.mkfifo(index, 0o600)
    proc = subprocess.Popen([sys.executable, str(PROC), "save-during", str(healthy), str(index), str(saved)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdin is not None and proc.stdout is not None
    done = threading.Event()
    threading.Thread(target=unblock_if_it_dies, args=(proc, index, done), daemon=True).start()
    try:
        assert proc.stdout.readline().strip() == "ready"
        report = check_store(healthy, now=NOW)  # the writer takes the store while this reads index.json
        done.set()
        assert proc.stdout.readline().strip() == "saving"
        (lock,) = report.of_kind(k.LOCK)
        assert lock.level == "ok"  # the store was free when the check began...
        (temp,) = report.of_kind(k.TEMP_FILE)
        assert temp.level == "note" and "save in progress" in temp.text, temp  # ...but a save had started
        assert not report.problems, report.problems
    finally:
        done.set()
        proc.stdin.write("\n")
        proc.stdin.close()
        assert proc.wait(timeout=30) == 0
    os.unlink(index)
    index.write_bytes(saved.read_bytes())
    os.chmod(index, 0o600)
    (temp,) = check_store(healthy, now=NOW).of_kind(k.TEMP_FILE)  # the same file, and no writer now
    assert temp.level == "problem" and "left by a save that was stopped" in temp.text and temp.fixable
