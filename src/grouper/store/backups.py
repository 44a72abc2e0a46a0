"""Rotating backups of each store file, kept as hard links.

Just before a file is replaced, its current version is hard-linked into
``backups/<file stem>/<UTC time>.json``: no bytes are copied, so a save into a
big class costs no more than the save itself. Pruning keeps the 10 latest
saves and the latest save of each of the last 30 days, so a teacher can go
back a few minutes ("I just typed over the wrong column") or a few weeks. Ids
are short enough to type: ``room-7/20261122T081500123456``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from grouper.store.errors import StoreError
from grouper.store.files import atomic_write, make_dir

STAMP_FORMAT = "%Y%m%dT%H%M%S%f"
KEEP_LAST = 10
KEEP_DAYS = 30

_STAMP_RE = re.compile(r"^\d{8}T\d{12}$")
_STEM_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One saved copy: ``id`` is what the teacher types to restore it."""

    id: str
    class_name: str
    path: Path
    taken: dt.datetime
    size: int


def as_utc(moment: dt.datetime) -> dt.datetime:
    """An aware UTC time; a naive one from an injected clock is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def stamp(moment: dt.datetime) -> str:
    return as_utc(moment).strftime(STAMP_FORMAT)


def parse_stamp(text: str) -> dt.datetime | None:
    if not _STAMP_RE.match(text):
        return None
    try:
        return dt.datetime.strptime(text, STAMP_FORMAT).replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def keep_set(
    taken: Iterable[dt.datetime], now: dt.datetime, last: int = KEEP_LAST, days: int = KEEP_DAYS
) -> set[dt.datetime]:
    """Which backup times survive pruning: the ``last`` newest, plus the newest of each of the last ``days`` days."""
    newest_first = sorted(taken, reverse=True)
    keep = set(newest_first[:last])
    first_day = as_utc(now).date() - dt.timedelta(days=days - 1)
    seen: set[dt.date] = set()
    for moment in newest_first:
        day = moment.date()
        if day >= first_day and day not in seen:
            seen.add(day)
            keep.add(moment)
    return keep


def split_id(backup_id: str) -> tuple[str, str]:
    """``stem/stamp`` from what the teacher typed, or a StoreError saying where to look."""
    text = backup_id.strip().replace("\\", "/")
    stem, _, raw_stamp = text.partition("/")
    stem, raw_stamp = stem.lower(), raw_stamp.upper()
    if not _STEM_RE.match(stem) or parse_stamp(raw_stamp) is None:
        raise StoreError(f"'{backup_id}' is not a backup id like room-7/20261122T081500123456; see grouper backup list")
    return stem, raw_stamp


class Backups:
    """The ``backups`` folder of one store."""

    def __init__(self, root: Path, clock: Callable[[], dt.datetime]) -> None:
        self.folder = root / "backups"
        self._clock = clock

    def take(self, stem: str, current: Path) -> Path | None:
        """Keep the current version of ``current`` (if there is one) as a backup."""
        if not current.exists():
            return None
        make_dir(self.folder)
        make_dir(self.folder / stem)
        moment = as_utc(self._clock())
        while True:
            dest = self.folder / stem / f"{stamp(moment)}.json"
            try:
                os.link(current, dest)
                return dest
            except FileExistsError:
                moment += dt.timedelta(microseconds=1)  # two saves within one clock tick
            except FileNotFoundError:
                if not current.exists():
                    return None
                raise
            except OSError:
                # A filesystem without hard links (e.g. some USB sticks): copy instead.
                if dest.exists():
                    moment += dt.timedelta(microseconds=1)
                    continue
                atomic_write(dest, current.read_bytes())
                return dest

    def prune(self, stem: str) -> None:
        """Drop backups of ``stem`` that the rotation no longer keeps (best effort)."""
        entries = self.entries(stem)
        keep = keep_set((taken for _, taken, _ in entries), self._clock())
        for _, taken, path in entries:
            if taken not in keep:
                with contextlib.suppress(OSError):
                    path.unlink()

    def entries(self, stem: str | None = None) -> list[tuple[str, dt.datetime, Path]]:
        """(stem, taken, path) of every backup, newest first."""
        if stem is not None:
            stems = [stem]
        else:
            try:
                stems = sorted(e.name for e in os.scandir(self.folder) if e.is_dir() and _STEM_RE.match(e.name))
            except (FileNotFoundError, NotADirectoryError):
                return []
        found: list[tuple[str, dt.datetime, Path]] = []
        for s in stems:
            try:
                listing = list(os.scandir(self.folder / s))
            except (FileNotFoundError, NotADirectoryError):
                continue
            for entry in listing:
                name = entry.name
                taken = parse_stamp(name[: -len(".json")]) if name.endswith(".json") else None
                if taken is not None and entry.is_file():
                    found.append((s, taken, Path(entry.path)))
        found.sort(key=lambda e: (e[1], e[0]), reverse=True)
        return found

    def path_of(self, backup_id: str) -> tuple[str, Path]:
        """The stem and file of a backup id; StoreError if there is no such backup."""
        stem, raw_stamp = split_id(backup_id)
        path = self.folder / stem / f"{raw_stamp}.json"
        if not path.is_file():
            raise StoreError(f"there is no backup '{backup_id.strip()}'; see grouper backup list")
        return stem, path
