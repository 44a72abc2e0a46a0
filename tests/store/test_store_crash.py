"""A grouper killed mid-save loses nothing it acknowledged and leaves no half-written class.

A child process adds scores one at a time and prints each seq only after
``add_scores`` returned; we SIGKILL it once it has acknowledged N scores (a
different N each round, so the kill lands at different points of a write) and
check that the class still parses and holds every acknowledged score.
"""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from store_helpers import make_record, temp_files

from grouper.core.models import Score
from grouper.store import Store
from grouper.store.files import temp_name

PROC = Path(__file__).with_name("store_proc.py")
sys.path.insert(0, str(PROC.parent))
from store_proc import expected  # noqa: E402


def wait_for(condition: Callable[[], bool], timeout: float = 20.0) -> bool:
    """Poll ``condition`` until it holds (True) or ``timeout`` passes (False)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.0002)
    return True


def run_and_kill(root: Path, acknowledged: int, phase: str, mode: str = "scores") -> list[int]:
    """Start the writer, wait until it acknowledged ``acknowledged`` scores, SIGKILL it.

    ``phase`` picks where in the next save the kill lands: ``ack`` at once
    (while it builds the JSON), ``temp`` once its temp file exists (mid-write
    or fsync), ``replaced`` once the class file was swapped but before the
    writer could acknowledge, ``grew`` once the score journal changed (an
    append or a new journal) but before the writer could acknowledge.
    """
    class_file = root / "classes" / "room-7.json"
    journal_file = class_file.with_suffix(".journal")
    proc = subprocess.Popen(
        [sys.executable, str(PROC), mode, str(root), "Room 7"], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    seqs: list[int] = []
    try:
        while len(seqs) < acknowledged:
            line = proc.stdout.readline()
            assert line, f"writer stopped early (exit {proc.poll()})"
            seqs.append(int(line))
        if phase == "temp":
            assert wait_for(lambda: bool(temp_files(root / "classes")))
        elif phase == "replaced":
            inode = class_file.stat().st_ino
            assert wait_for(lambda: class_file.stat().st_ino != inode)
        elif phase == "grew":
            before = _identity(journal_file)
            assert wait_for(lambda: _identity(journal_file) != before)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    return seqs


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_size


def test_sigkill_never_loses_an_acknowledged_score(root: Path) -> None:
    record = make_record(scores=5000)
    with Store(root) as store:
        store.create_class(record)
    acknowledged: list[int] = []
    kills = [(1, "ack"), (2, "temp"), (3, "replaced"), (5, "temp"), (8, "ack"), (13, "temp"), (21, "replaced")]
    leftovers = 0
    for count, phase in kills:
        acknowledged += run_and_kill(root, count, phase)
        with Store(root, writable=False) as reader:
            loaded = reader.load_class("Room 7")  # parses: never half-written
        by_seq = {s.seq: s for s in loaded.scores}
        assert len(by_seq) == len(loaded.scores)
        for seq in acknowledged:
            student, check, value, note = expected(seq)
            assert by_seq[seq] == Score(student, check, value, dt.date(2026, 11, 23), seq, note)
        leftovers += bool(temp_files(root))
        with Store(root) as store:  # the next writable open sweeps temp files a kill left
            assert temp_files(root) == []
            assert store.load_class("Room 7").scores == loaded.scores
    assert acknowledged == sorted(set(acknowledged))
    assert leftovers >= 3  # the "temp" kills did land inside a write


def test_leftover_temp_files_are_cleaned_at_the_next_writable_open(root: Path) -> None:
    with Store(root) as store:
        store.create_class(make_record())
        store.add_scores("Room 7", [])
    class_file = root / "classes" / "room-7.json"
    before = class_file.read_bytes()
    backup_dir = root / "backups" / "room-7"
    backup_dir.mkdir()
    leftovers = [temp_name(class_file), temp_name(root / "index.json"), temp_name(backup_dir / "x.json")]
    for path in leftovers:
        path.write_bytes(before[:10])
    keep = root / "classes" / "notes.txt"
    keep.write_text("mine")
    with Store(root, writable=False) as reader:  # readers never delete anything
        assert reader.load_class("Room 7").scores == make_record().scores
    assert all(p.exists() for p in leftovers)
    Store(root).close()
    assert not any(p.exists() for p in leftovers)
    assert class_file.read_bytes() == before and keep.read_text() == "mine"


def test_sigkill_while_saving_to_the_score_journal_loses_nothing_acknowledged(root: Path) -> None:
    """The app's way of saving: appends to the journal, folded into the class file every dozen or so scores."""
    record = make_record(scores=2000)
    with Store(root) as store:
        store.create_class(record)
    journal_file = root / "classes" / "room-7.journal"
    acknowledged: list[int] = []
    kills = [(1, "ack"), (2, "grew"), (3, "temp"), (13, "replaced"), (5, "grew"), (8, "ack"), (21, "temp"),
             (0, "grew"), (34, "replaced"), (4, "grew")]
    journals = 0
    for count, phase in kills:
        acknowledged += run_and_kill(root, count, phase, mode="journal")
        journals += journal_file.exists()
        with Store(root, writable=False) as reader:
            loaded = reader.load_class("Room 7")  # the class file and its journal read together
        by_seq = {s.seq: s for s in loaded.scores}
        assert len(by_seq) == len(loaded.scores)
        for seq in acknowledged:
            student, check, value, note = expected(seq)
            assert by_seq[seq] == Score(student, check, value, dt.date(2026, 11, 23), seq, note)
    assert acknowledged == sorted(set(acknowledged))
    assert journals >= 3  # the kills did land while scores lived in a journal
    with Store(root) as store:  # a plain writer (a command) folds what a crash left and drops the journal
        store.update_settings("Room 7", store.load_class("Room 7").settings)
    assert not journal_file.exists()
    with Store(root, writable=False) as reader:
        assert {s.seq for s in reader.load_class("Room 7").scores} >= set(acknowledged)
