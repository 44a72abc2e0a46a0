"""A class's score journal: new scores appended to a small file instead of rewriting the class.

Rewriting a whole class file for each score costs time in proportion to the
class's history (a year of a big class is megabytes), and the app saves on
every keystroke that commits a score. While the app has a class open, new
scores are appended, one line and one fsync each, to ``<class>.journal`` next
to ``<class>.json``, and folded into the class file now and then and when the
app closes. Everything that reads a class reads both.

The journal's first line names the exact class file it extends (a SHA-256 of
its bytes). A class file written since (a fold, a restore) no longer matches,
so a journal left behind by a crash at the wrong moment is never applied
twice or on top of the wrong file; such a journal is moved into quarantine/,
never deleted. A line cut short by a crash mid-append (no newline at the end)
was never acknowledged as saved and is ignored; any other line that does not
read is damage and is reported, like a damaged class file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .backups import stamp
from .errors import StoreError, UnusableFile
from .files import FILE_MODE, atomic_write, fsync_dir, quarantine

SUFFIX = ".journal"
#: The class file's tables a journal entry touches (as in ``codec``; a test keeps them the same).
META, SCORES = "meta", "scores"
FORMAT = 1
#: A journal is folded into its class file once it passes this size, or half the class file's.
FOLD_AT = 256 * 1024

Data = dict[str, dict[str, Any]]


#: What to do about a damaged journal: its scores are kept, but not in the class.
AWAY_HINT = "grouper doctor --fix moves it aside into quarantine/ (its scores are kept there) so the class opens"


def damaged(path: Path, why: str) -> UnusableFile:
    return UnusableFile(path, f"is damaged ({why})", AWAY_HINT)


def fold_limit(class_size: int) -> int:
    """How big a journal may grow before the next save folds it in: reading it back stays cheap."""
    return max(FOLD_AT, class_size // 2)


def journal_path(class_file: Path) -> Path:
    return class_file.with_suffix(SUFFIX)


def fingerprint(blob: bytes) -> str:
    return hashlib.sha256(blob).hexdigest()


def header(base: str) -> bytes:
    return _line({"grouper_journal": FORMAT, "base": base})


def entry(scores: dict[str, dict[str, Any]], next_seq: int) -> bytes:
    """One line: the score documents a save added (by doc id) and the class's next sequence number."""
    return _line({"scores": scores, "next_seq": next_seq})


def _line(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


@dataclass(frozen=True, slots=True)
class Journal:
    """What a journal file holds: whether it extends this class file, and its entries."""

    path: Path
    matches: bool
    entries: list[dict[str, Any]]
    size: int
    #: The last line was cut short by a crash: nothing may be appended after it.
    torn: bool


def read(class_file: Path, base: str) -> Journal | None:
    """The journal next to ``class_file``, checked against the class file's fingerprint ``base``.

    None if there is none. A journal for another version of the class file
    comes back with ``matches`` False and no entries.
    """
    path = journal_path(class_file)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise StoreError(f"{path}: cannot read it ({e.strerror})") from None
    lines = raw.split(b"\n")
    # The last piece has no newline after it: empty, or a line a crash cut short (never acknowledged).
    complete, torn = lines[:-1], bool(lines[-1])
    if not complete:
        return Journal(path, False, [], len(raw), torn)
    first = _parse(path, complete[0], 1)
    if first.get("grouper_journal") != FORMAT or not isinstance(first.get("base"), str):
        raise damaged(path, "line 1 is not a grouper journal header")
    if first["base"] != base:
        return Journal(path, False, [], len(raw), torn)
    entries = []
    for number, line in enumerate(complete[1:], start=2):
        doc = _parse(path, line, number)
        scores, seq = doc.get("scores"), doc.get("next_seq")
        if not isinstance(scores, dict) or type(seq) is not int or not all(
            isinstance(k, str) and k.isascii() and k.isdigit() and isinstance(v, dict) for k, v in scores.items()
        ):
            raise damaged(path, f"line {number} is not a journal entry")
        entries.append(doc)
    return Journal(path, True, entries, len(raw), torn)


def _parse(path: Path, line: bytes, number: int) -> dict[str, Any]:
    try:
        doc = json.loads(line)
    except ValueError:
        raise damaged(path, f"line {number} is not valid JSON") from None
    if not isinstance(doc, dict):
        raise damaged(path, f"line {number} is not a journal entry")
    return doc


def apply(data: Data, entries: list[dict[str, Any]]) -> None:
    """Add the journal's scores to the class's tables, as the saves that wrote them did."""
    if not entries:
        return
    scores = data.setdefault(SCORES, {})
    meta = next(iter(data[META].values()))
    for e in entries:
        scores.update(e["scores"])
        meta["next_seq"] = e["next_seq"]


def read_into(class_file: Path, raw: bytes, data: Data) -> Journal | None:
    """Apply the journal next to ``class_file`` (whose bytes are ``raw``) to ``data``, if it extends it."""
    if not journal_path(class_file).exists():
        return None
    found = read(class_file, fingerprint(raw))
    if found is not None and found.matches:
        apply(data, found.entries)
    return found


def start(class_file: Path, blob: bytes) -> None:
    """Create the journal with its header and first entry (``blob``) in one atomic step."""
    atomic_write(journal_path(class_file), blob)


def append(class_file: Path, line: bytes) -> None:
    """Append one entry and flush it to disk; on failure the journal is cut back to what it was."""
    path = journal_path(class_file)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
    try:
        size = os.fstat(fd).st_size
        try:
            written = os.write(fd, line)
            if written != len(line):
                raise OSError(28, "No space left on device (a short write)")  # errno.ENOSPC
            os.fsync(fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, size)
            raise
    finally:
        os.close(fd)


def remove(class_file: Path) -> None:
    """The class file now holds everything the journal did: drop the journal."""
    path = journal_path(class_file)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
        fsync_dir(path.parent)


def set_aside(root: Path, class_file: Path, now: dt.datetime | None = None) -> Path | None:
    """Move a journal that does not extend the class file into ``root/quarantine/``, never deleting it."""
    path = journal_path(class_file)
    if not path.exists():
        return None
    return quarantine(root, path, stamp(now or dt.datetime.now(dt.UTC)))
