"""The writer lock, and a note of who holds it.

The lock itself is ``ROOT/.lock`` (``filelock``; the system lets go of it when
the holder dies, so it is never stale). Next to it, ``ROOT/.lock-holder`` says
who holds it: the pid, the host, what it is and since when. That note turns
"grouper is already open" into "the grouper app (pid 4242, since 15:02) has
it", and lets a command wait its turn: another command lets go within
seconds, so a script's second ``grouper score`` waits and saves instead of
failing; the app keeps the store all session, so waiting on it is pointless
and a command says so at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from grouper.store.errors import StoreLocked, WriteRefused
from grouper.store.files import FILE_MODE, temp_name

if TYPE_CHECKING:  # filelock (and the asyncio it loads) only when a writer takes the lock
    from filelock import FileLock


def _host() -> str:
    import socket

    return socket.gethostname()

T = TypeVar("T")

LOCK_NAME = ".lock"
HOLDER_NAME = ".lock-holder"
#: What a holder that does not say otherwise is: the app keeps the store for a whole session.
APP = "the grouper app"
POLL = 0.05
#: How long anyone waits, by default, for a command to finish with the store (it takes well under a second).
BRIEF_WAIT = 2.0


@dataclass(frozen=True, slots=True)
class Holder:
    """Who holds (or last held) the writer lock. ``brief``: it lets go within seconds (a command)."""

    pid: int
    host: str
    what: str
    since: dt.datetime
    brief: bool

    def alive(self) -> bool | None:
        """Whether that process still runs (None: it is on another computer, so we cannot tell)."""
        if self.host != _host():
            return None
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except OSError as e:
            return e.errno == errno.EPERM  # it runs, as another user
        return True

    def describe(self) -> str:
        when = self.since.astimezone()
        today = dt.datetime.now().astimezone().date()
        since = when.strftime("%H:%M") if when.date() == today else when.strftime("%Y-%m-%d %H:%M")
        where = "" if self.host == _host() else f" on {self.host}"
        return f"{self.what}, pid {self.pid}{where}, since {since}"


def read_holder(root: Path) -> Holder | None:
    """The note of who holds the lock, or None if there is none or it cannot be read."""
    try:
        data = json.loads((root / HOLDER_NAME).read_bytes())
        since = dt.datetime.fromisoformat(data["since"])
        holder = Holder(int(data["pid"]), str(data["host"]), str(data["what"]), since, bool(data["brief"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return holder if since.tzinfo is not None else None


def _write_holder(root: Path, what: str, brief: bool) -> None:
    """Best effort: a full disk must not stop the store opening (only the note is lost)."""
    note = {
        "pid": os.getpid(),
        "host": _host(),
        "what": what,
        "since": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "brief": brief,
    }
    target = root / HOLDER_NAME
    tmp = temp_name(target)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(note, f)
        os.replace(tmp, target)  # no fsync: after a power cut the lock is free anyway
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _drop_holder(root: Path) -> None:
    holder = read_holder(root)
    if holder is not None and holder.pid == os.getpid() and holder.host == _host():
        with contextlib.suppress(OSError):
            (root / HOLDER_NAME).unlink()


def locked_error(root: Path, holder: Holder | None, waited: float) -> StoreLocked:
    """The refusal, naming the holder when we know it, and the way out (``waited``: how long we were willing to)."""
    live = holder is not None and holder.alive() is not False
    who = f" ({holder.describe()})" if holder is not None and live else ""
    if holder is not None and live and not holder.brief:
        hint = "close it, then try again (commands that only read, like grouper groups, work meanwhile)"
    elif waited > 0:
        hint = f"it was still busy after {waited:g} s of waiting; try again in a moment"
    else:
        hint = "try again in a moment"
    return StoreLocked(f"grouper is already open on {root}{who}", hint=hint, holder=holder if live else None)


def acquire(root: Path, *, what: str = APP, brief: bool = False, wait: float = 0.0) -> FileLock:
    """Take the writer lock, waiting up to ``wait`` seconds for a brief holder (never for the app).

    Raises StoreLocked (naming the holder) or StoreError (the folder refuses a lock file).
    """
    from filelock import FileLock, Timeout

    lock = FileLock(root / LOCK_NAME, timeout=0, mode=FILE_MODE, thread_local=False)
    start = time.monotonic()
    while True:
        try:
            lock.acquire(timeout=0)
            break
        except Timeout:
            pass
        except OSError as e:
            raise WriteRefused(root / LOCK_NAME, e, "lock", root) from None
        holder = read_holder(root)
        waited = time.monotonic() - start
        settled = holder is not None and not holder.brief and holder.alive() is not False
        if settled or waited >= wait:
            raise locked_error(root, holder, wait)
        time.sleep(POLL)
    _write_holder(root, what, brief)
    return lock


def release(root: Path, lock: FileLock) -> None:
    """Drop our note, then the lock (in that order, so the next holder's note is never removed)."""
    _drop_holder(root)
    lock.release()


def while_free(root: Path, look: Callable[[], T]) -> tuple[bool, T]:
    """``look()``, and whether no writer held the lock at any moment while it ran. Creates nothing.

    With a lock file there, the lock is taken without waiting for the length of
    ``look``, so a writer that comes meanwhile waits its turn (commands wait
    seconds for it; ``look`` takes milliseconds). Without one, no writer has
    opened the store yet; if a lock file is there once ``look`` is done, one may
    have started while it ran. False also when we cannot tell.
    """
    path = root / LOCK_NAME
    if not path.is_file():
        found = look()
        return not path.exists(), found
    from filelock import FileLock, Timeout

    lock = FileLock(path, timeout=0, mode=FILE_MODE, thread_local=False)
    try:
        lock.acquire(timeout=0)
    except (Timeout, OSError):
        return False, look()
    try:
        return True, look()
    finally:
        lock.release()


def is_held(root: Path) -> bool | None:
    """Whether some process holds the writer lock now (None: we cannot tell). Creates nothing."""
    if not (root / LOCK_NAME).is_file():
        return False
    from filelock import FileLock, Timeout

    lock = FileLock(root / LOCK_NAME, timeout=0, mode=FILE_MODE, thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    except OSError:
        return None
    lock.release()
    return False
