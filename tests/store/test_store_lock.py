"""One writer at a time: a second grouper is refused and writes nothing; readers still read."""

from __future__ import annotations

import subprocess
import sys
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
        assert str(err.value) == f"grouper is already open on {root}"
        assert snapshot(root) == before


def test_writer_in_another_process_refuses_us(root: Path) -> None:
    with Store(root) as store:
        store.create_class(make_record())
    with holder(root):
        before = snapshot(root)
        with pytest.raises(StoreLocked) as err:
            Store(root)
        assert str(err.value) == f"grouper is already open on {root}"
        assert "\n" not in str(err.value)
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
        assert result.stdout.strip() == f"grouper is already open on {root}"
        assert snapshot(root) == before
    result = subprocess.run([sys.executable, str(PROC), "try", str(root)], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout.strip()) == (0, "opened")
