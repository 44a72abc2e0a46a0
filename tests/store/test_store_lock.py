"""One writer at a time: a second grouper is refused and writes nothing; readers still read."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from store_helpers import make_record, snapshot

from grouper.store import Store, StoreLocked

PROC = Path(__file__).with_name("store_proc.py")


@contextmanager
def holder(root: Path) -> Iterator[subprocess.Popen[str]]:
    """A separate process holding ``root`` open for writing until the block ends."""
    proc = subprocess.Popen(
        [sys.executable, str(PROC), "hold", str(root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdin is not None
        assert proc.stdout.readline().strip() == "ready"
        yield proc
        proc.stdin.write("\n")
        proc.stdin.flush()
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_second_writer_in_this_process_is_refused(root: Path) -> None:
    with Store(root) as store:
        store.create_class(make_record())
        before = snapshot(root)
        with pytest.raises(StoreLocked) as err:
            Store(root)
        assert str(err.value).startswith(f"grouper is already open on {root} (the grouper app, pid {os.getpid()}, ")
        assert snapshot(root) == before


def test_writer_in_another_process_refuses_us(root: Path) -> None:
    with Store(root) as store:
        store.create_class(make_record())
    with holder(root) as proc:
        before = snapshot(root)
        with pytest.raises(StoreLocked) as err:
            Store(root)
        assert str(err.value).startswith(f"grouper is already open on {root} (the grouper app, pid {proc.pid}, since ")
        assert "\n" not in str(err.value) and err.value.hint.startswith("close it, then try again")
        assert snapshot(root) == before
        with Store(root, writable=False) as reader:  # a reader takes no lock
            assert reader.load_class("Room 7") == make_record()
        assert snapshot(root) == before
    with Store(root) as store:  # released when the other process let go
        assert store.class_names() == ["Room 7"]


def test_we_refuse_a_writer_in_another_process(root: Path) -> None:
    with Store(root) as store:
        store.create_class(make_record())
        before = snapshot(root)
        result = subprocess.run(
            [sys.executable, str(PROC), "try", str(root)], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 3, result.stderr
        expected = f"grouper is already open on {root} (the grouper app, pid {os.getpid()}, since "
        assert result.stdout.strip().startswith(expected)
        assert snapshot(root) == before
    result = subprocess.run([sys.executable, str(PROC), "try", str(root)], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout.strip()) == (0, "opened")



@contextmanager
def command_holding(root: Path, seconds: float) -> Iterator[subprocess.Popen[str]]:
    """Another process holding ``root`` as a command does, for ``seconds``."""
    proc = subprocess.Popen([sys.executable, str(PROC), "brief", str(root), str(seconds)], stdout=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        yield proc
    finally:
        proc.kill()
        proc.wait(timeout=30)
        if proc.stdout is not None:
            proc.stdout.close()


def test_a_writer_waits_for_a_command_to_finish_then_opens(root: Path) -> None:
    """The app opening while a command saves gets the store a moment later, not a read-only copy."""
    with Store(root) as store:
        store.create_class(make_record())
    with command_holding(root, 0.6):
        began = time.monotonic()
        with Store(root) as store:  # by default anyone waits up to BRIEF_WAIT seconds, for a command only
            assert store.writable and store.class_names() == ["Room 7"]
        assert time.monotonic() - began >= 0.3
    with command_holding(root, 30) as proc:
        before = snapshot(root)
        with pytest.raises(StoreLocked) as err:
            Store(root, wait=0.3)
        assert f"(grouper score, pid {proc.pid}, since " in str(err.value)
        assert err.value.hint == "it was still busy after 0.3 s of waiting; try again in a moment"
        assert snapshot(root) == before
