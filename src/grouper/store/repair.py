"""``grouper doctor --fix``: repair only what can be repaired without losing anything.

It holds the writer lock throughout (and refuses if the app has the store),
never deletes a file (what it cannot read goes into a dated ``quarantine/``
folder, by rename), and writes the class list the way the store does:
atomically, keeping the old list as a backup. It fixes in rounds, because one
repair can make the next possible (a damaged list moved aside lets the
readable class files go back on a new one).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from grouper.store import codec, holder, journal
from grouper.store.backups import Backups, as_utc, stamp
from grouper.store.doctor import check_store
from grouper.store.errors import StoreError
from grouper.store.files import QUARANTINE_DIR, atomic_write, make_dir, make_dirs, quarantine
from grouper.store.findings import (
    JOURNAL,
    MISSING_FILE,
    NO_BACKUPS,
    NOT_LISTED,
    PERMISSIONS,
    STALE_HOLDER,
    TEMP_FILE,
    UNREADABLE,
    Finding,
    Report,
)
from grouper.store.storage import AtomicJSONStorage, parse_tables

ROUNDS = 3
#: Repairs in the order they run within a round (a file is made readable before it would be moved).
ORDER = (PERMISSIONS, STALE_HOLDER, TEMP_FILE, UNREADABLE, JOURNAL, NO_BACKUPS, MISSING_FILE, NOT_LISTED)
WHAT = "grouper doctor --fix"


def fix_store(
    root: Path,
    *,
    config_file: Path | None = None,
    now: Callable[[], dt.datetime] | None = None,
    today: dt.date | None = None,
    wait: float = 0.0,
) -> Report:
    """Take the lock, repair what is safe, and return the store as it is afterwards (with what was done)."""
    clock = now or (lambda: dt.datetime.now(dt.UTC))
    if not root.is_dir():
        return check_store(root, config_file=config_file, now=clock(), today=today)
    lock = holder.acquire(root, what=WHAT, brief=True, wait=wait)
    done: list[str] = []
    failed: list[str] = []
    try:
        fixer = _Fixer(root, clock, config_file)
        for _ in range(ROUNDS):
            report = check_store(root, config_file=config_file, now=clock(), today=today, lock_ours=True)
            todo = sorted((f for f in report.findings if f.fixable), key=lambda f: ORDER.index(f.kind))
            if not todo:
                break
            for finding in todo:
                try:
                    done.append(fixer.fix(finding))
                except (OSError, StoreError) as e:
                    failed.append(f"could not repair {finding.path}: {getattr(e, 'strerror', None) or e}")
            if failed:
                break
        report = check_store(root, config_file=config_file, now=clock(), today=today, lock_ours=True)
    finally:
        holder.release(root, lock)
    report.fixed, report.not_fixed = done, failed
    return report


class _Fixer:
    def __init__(self, root: Path, clock: Callable[[], dt.datetime], config_file: Path | None) -> None:
        self.root = root
        self.clock = clock
        self.config_file = config_file
        self.stamp = stamp(clock())[:15]  # one quarantine folder per run: 20261123T153000

    def fix(self, f: Finding) -> str:
        assert f.path is not None
        if f.kind == PERMISSIONS:
            os.chmod(f.path, int(f.data[0], 8))
            return f"set the permissions of {self.rel(f.path)} to 0{f.data[0]}"
        if f.kind == STALE_HOLDER:
            f.path.unlink(missing_ok=True)  # a note about a process that is gone, not data
            return f"removed the note left by a grouper that was stopped ({self.rel(f.path)})"
        if f.kind == JOURNAL and f.data == (journal.LINES,):
            class_file = f.path.with_suffix(".json")
            done = journal.keep_good_lines(self.root, class_file, self.stamp)
            return (f"kept {done.kept} good line(s) of {self.rel(f.path)} and moved {done.moved} damaged line(s) "
                    f"to {self.rel(done.aside)}")
        if f.kind in (TEMP_FILE, UNREADABLE, JOURNAL):
            base = self.config_file.parent if f.data == ("config",) and self.config_file else self.root
            dest = quarantine(base, f.path, self.stamp)
            return f"moved {self.rel(f.path)} aside to {self.rel(dest)}"
        if f.kind == NO_BACKUPS:
            make_dir(f.path)
            return f"made the backups folder again ({self.rel(f.path)})"
        if f.kind == NOT_LISTED:
            stem, name = f.data
            self.edit_index(lambda data: _add_entry(data, stem, name, self.clock()))
            return f"put '{name}' ({self.rel(f.path)}) back on the list of classes"
        if f.kind == MISSING_FILE:
            stem, name = f.data
            self.edit_index(lambda data: _drop_entry(data, stem, self.keep_entry))
            return f"took '{name}' off the list of classes: its file is gone and it has no backup"
        raise StoreError(f"no repair for {f.kind}")  # pragma: no cover - ORDER names every fixable kind

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def keep_entry(self, entry: dict[str, Any]) -> None:
        """Keep a list entry we take off, as a small file in quarantine/, so nothing is thrown away."""
        folder = self.root / QUARANTINE_DIR / self.stamp
        make_dirs(self.root, folder)
        atomic_write(folder / f"index-entry-{codec.entry_stem(entry)}.json", json.dumps(entry).encode("utf-8"))

    def edit_index(self, change: Callable[[dict[str, dict[str, Any]]], None]) -> None:
        """Change the class list the way the store does: one atomic write, the old list kept as a backup."""
        path = self.root / "index.json"
        data = parse_tables(path, path.read_bytes()) if path.exists() else {}
        codec.check_index_data(path, data)
        change(data)
        storage = AtomicJSONStorage(path, writable=True, keep=False, backups=Backups(self.root, self.clock),
                                    backup_stem="index")
        storage.replace_bytes(json.dumps(data).encode("utf-8"), data)


def _add_entry(data: dict[str, dict[str, Any]], stem: str, name: str, now: dt.datetime) -> None:
    table = data.setdefault(codec.CLASSES, {})
    doc_id = max((int(k) for k in table), default=0) + 1
    table[str(doc_id)] = {"name": name, "file": f"classes/{stem}.json", "created": as_utc(now).isoformat()}


def _drop_entry(data: dict[str, dict[str, Any]], stem: str, keep: Callable[[dict[str, Any]], None]) -> None:
    table = data.get(codec.CLASSES, {})
    for key, entry in list(table.items()):
        if entry.get("file") == f"classes/{stem}.json":
            keep(entry)
            del table[key]
