"""A grouper app killed in the middle of typing loses no score it showed as saved.

A child process (``app_proc.py``) runs the real app on a copy of the sample
store and types scores: digits and Enter down a column, one key at a time or
as a burst, and ``:`` quick-entry lines. It prints ``ack`` for a score only
once the app said ``Saved: ...`` and ``✓ saved``. We SIGKILL it after a
different number of acknowledgements each round, at different points of the
next save (at once; once the next entry's keys are sent; once the save reached
the disk, in the class's score journal, but before the app could say so), and
check that the store opens, that every acknowledged score is there with its
value and in typing order, that nothing but the one entry in flight was added,
and that the store opens for writing again (the kill let go of the lock).

``GROUPER_LONG_TESTS=1`` runs many more rounds, with random counts.
"""

from __future__ import annotations

import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ui_helpers import TODAY

from grouper.core.placement import current_values
from grouper.store import Store
from grouper.store.files import is_temp

PROC = Path(__file__).with_name("app_proc.py")
LONG = os.environ.get("GROUPER_LONG_TESTS") == "1"
#: How long a step may take on a loaded machine before the test gives up (not a timing assertion).
PATIENCE = 60.0

Entry = tuple[str, str, int]


def poll(condition: Callable[[], bool], timeout: float = PATIENCE) -> bool:
    """Poll ``condition`` until it holds (True) or ``timeout`` passes (False)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.0002)
    return True


@dataclass
class Round:
    """One run of the app, up to the kill: what it acknowledged, and what it sent after the last ack."""

    class_name: str = ""
    acks: list[Entry] = field(default_factory=list)
    in_flight: list[Entry] = field(default_factory=list)


class Child:
    """The app in a child process, its stdout read line by line on a thread (so reads can time out)."""

    def __init__(self, root: Path, seed: int, log: Path) -> None:
        self.log = log
        with log.open("w") as err:
            self.proc = subprocess.Popen(
                [sys.executable, str(PROC), str(root), str(seed)],
                stdout=subprocess.PIPE, stderr=err, text=True, cwd=PROC.parent,
            )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.round = Round()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def _take(self, line: str) -> str:
        kind, _, rest = line.partition(" ")
        if kind == "ready":
            self.round.class_name = rest
        else:
            sid, check, value = rest.split(" ")
            entry = (sid, check, int(value))
            if kind == "sent":
                self.round.in_flight.append(entry)
            else:
                assert kind == "ack" and self.round.in_flight[-1:] == [entry], line
                self.round.acks.append(entry)
                self.round.in_flight.clear()
        return kind

    def next_line(self, kind: str) -> None:
        """Read lines until one of ``kind`` arrives."""
        while True:
            try:
                line = self.lines.get(timeout=PATIENCE)
            except queue.Empty:
                raise AssertionError(f"no '{kind}' from the app in {PATIENCE:.0f} s\n{self.log.read_text()}") from None
            assert line is not None, f"the app stopped (exit {self.proc.poll()})\n{self.log.read_text()}"
            if self._take(line) == kind:
                return

    def kill(self) -> Round:
        """SIGKILL, then read what it had written before it died: those acks count too."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=PATIENCE)
        self.reader.join(timeout=PATIENCE)
        while not self.lines.empty():
            line = self.lines.get_nowait()
            if line is not None:
                self._take(line)
        assert self.proc.stdout is not None
        self.proc.stdout.close()
        assert self.proc.returncode == -signal.SIGKILL, self.log.read_text()
        return self.round


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if is_temp(p.name)]


def on_disk(folder: Path) -> dict[str, tuple[int, int]]:
    """Each class file and score journal in ``folder``: its inode and size (a save changes one of them)."""
    found = {}
    for p in [*folder.glob("*.json"), *folder.glob("*.journal")]:
        try:
            st = p.stat()
        except FileNotFoundError:
            continue
        found[p.name] = (st.st_ino, st.st_size)
    return found


def run_and_kill(root: Path, seed: int, acknowledged: int, phase: str, log: Path) -> Round:
    """Start the app, wait for ``acknowledged`` acks, and SIGKILL it where ``phase`` says.

    ``ack``: at once (the app is already on the next entry); ``sent``: once the
    next entry's keys are on their way; ``written``: once the next save has
    reached the disk (a journal started or grew, or a temp file of it exists),
    before the app could say so.
    """
    child = Child(root, seed, log)
    try:
        child.next_line("ready")
        class_file = root / "classes"
        for _ in range(acknowledged):
            child.next_line("ack")
        if phase == "sent":
            child.next_line("sent")
        elif phase == "written":
            before = on_disk(class_file)
            assert poll(lambda: bool(temp_files(class_file)) or on_disk(class_file) != before), "no save"
    finally:
        done = child.kill()
    assert len(done.in_flight) <= 1  # one entry at a time: the app acks each before the next
    return done


def kill_plan() -> list[tuple[int, str]]:
    phases = ["ack", "sent", "written"]
    if not LONG:
        return [(1, "ack"), (2, "sent"), (0, "written"), (3, "written"), (8, "ack"), (4, "written"), (6, "sent"),
                (7, "written")]
    rng = random.Random(int(os.environ.get("GROUPER_KILL_SEED", "6")))
    return [(rng.randint(0, 40), phases[i % len(phases)]) for i in range(80)]


def test_sigkill_never_loses_a_score_the_app_showed_as_saved(demo_root: Path, tmp_path: Path) -> None:
    with Store(demo_root, writable=False) as store:
        names = store.class_names()
    latest: dict[tuple[str, str, str], int | None] = {}  # (class, student, check) -> the value that must count now
    for seed, (count, phase) in enumerate(kill_plan()):
        with Store(demo_root, writable=False) as store:
            last_seq = {name: max((s.seq for s in store.load_class(name).scores), default=0) for name in names}
        done = run_and_kill(demo_root, seed, count, phase, tmp_path / f"app-{seed}.log")
        assert len(done.acks) >= count
        name = done.class_name
        with Store(demo_root, writable=False) as store:  # opens: nothing half-written
            record = store.load_class(name)
            for other in names:
                assert other == name or max(s.seq for s in store.load_class(other).scores) == last_seq[other]
        added = sorted((s for s in record.scores if s.seq > last_seq[name]), key=lambda s: s.seq)
        assert all(s.date == TODAY and s.note == "" for s in added)
        typed = [(s.student, s.check, s.value) for s in added]
        # Every acknowledged score, in the order typed; at most the one entry in flight besides.
        assert typed in (done.acks, done.acks + done.in_flight), (phase, count, typed, done)
        for sid, check, value in typed:
            latest[name, sid, check] = value
        values = current_values(record)
        for (cls, sid, check), value in latest.items():
            if cls == name:
                assert values[sid].get(check) == value, (sid, check)
        with Store(demo_root, writable=True):  # the kill let go of the lock; this also sweeps temp files
            pass
        assert not temp_files(demo_root / "classes")
