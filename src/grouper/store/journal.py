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
read is damage and is reported, like a damaged class file. Each line is one
whole save that checks itself, so ``grouper doctor --fix`` moves only the
damaged lines into quarantine/ and keeps the good ones around them.
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

from grouper.store.backups import stamp
from grouper.store.errors import StoreError, UnusableFile
from grouper.store.files import FILE_MODE, atomic_write, fsync_dir, quarantine, quarantine_path

SUFFIX = ".journal"
#: The class file's tables a journal entry touches (as in ``codec``; a test keeps them the same).
META, SCORES, RETRACTIONS = "meta", "scores", "retractions"
FORMAT = 1
#: What a doctor finding carries when only some of a journal's lines are damaged (``keep_good_lines`` repairs it).
LINES = "damaged-lines"
#: A journal is folded into its class file once it passes this size, or half the class file's.
FOLD_AT = 256 * 1024

Data = dict[str, dict[str, Any]]


#: What to do about a damaged journal: its scores are kept, but not in the class.
AWAY_HINT = ("grouper doctor --fix moves what cannot be read into quarantine/ (kept there, never deleted) "
             "and keeps every good line, so the class opens")


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


def entry(scores: dict[str, dict[str, Any]], next_seq: int,
          retractions: dict[str, dict[str, Any]] | None = None) -> bytes:
    """One line: the score documents a save added (by doc id) and the class's next sequence number.

    A save that takes a score back (undo, redo) adds a retraction document instead, under
    ``retractions``; such a line has no ``scores``, so a grouper from before retractions calls
    it damaged (and keeps it) instead of reading the class as if nothing had been taken back.
    """
    if retractions:
        doc: dict[str, Any] = {"retractions": retractions, "next_seq": next_seq}
        if scores:
            doc["scores"] = scores
        return _line(doc)
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
    lines = _lines(raw)
    if lines.header is None:
        return Journal(path, False, [], len(raw), bool(lines.torn))
    first = _header_of(lines.header)
    if first is None:
        raise damaged(path, "line 1 is not a grouper journal header")
    if first["base"] != base:
        return Journal(path, False, [], len(raw), bool(lines.torn))
    if lines.bad:
        number, why = lines.bad[0][0], lines.bad[0][2]
        more = f" (and {len(lines.bad) - 1} more damaged line(s))" if len(lines.bad) > 1 else ""
        raise damaged(path, f"line {number} {why}{more}")
    return Journal(path, True, [doc for _, _, doc in lines.good], len(raw), bool(lines.torn))


@dataclass(frozen=True, slots=True)
class _Lines:
    """A journal's bytes line by line: each line after the header checks itself, so each is kept or not alone."""

    header: bytes | None  # line 1 (None: the file has no whole line)
    good: list[tuple[int, bytes, dict[str, Any]]]  # (line number, the line with its newline, the entry)
    bad: list[tuple[int, bytes, str]]  # (line number, the line with its newline, what is wrong with it)
    torn: bytes  # the end of the file after the last newline: empty, or a line a crash cut short


def _lines(raw: bytes) -> _Lines:
    pieces = raw.split(b"\n")
    # The last piece has no newline after it: empty, or a line a crash cut short (never acknowledged).
    complete, torn = pieces[:-1], pieces[-1]
    good: list[tuple[int, bytes, dict[str, Any]]] = []
    bad: list[tuple[int, bytes, str]] = []
    for number, line in enumerate(complete[1:], start=2):
        doc, why = _entry_of(line)
        if doc is None:
            bad.append((number, line + b"\n", why))
        else:
            good.append((number, line + b"\n", doc))
    return _Lines(complete[0] + b"\n" if complete else None, good, bad, torn)


def _json_object(line: bytes) -> dict[str, Any] | None:
    try:
        doc = json.loads(line)
    except ValueError:
        return None
    return doc if isinstance(doc, dict) else None


def _header_of(line: bytes) -> dict[str, Any] | None:
    doc = _json_object(line)
    if doc is None or doc.get("grouper_journal") != FORMAT or not isinstance(doc.get("base"), str):
        return None
    return doc


def _entry_of(line: bytes) -> tuple[dict[str, Any] | None, str]:
    """The entry a line holds, or None and what is wrong with it."""
    try:
        doc = json.loads(line)
    except ValueError:
        return None, "is not valid JSON"
    if not isinstance(doc, dict):
        return None, "is not a journal entry"
    seq = doc.get("next_seq")
    if type(seq) is not int or ("scores" not in doc and "retractions" not in doc):
        return None, "is not a journal entry"
    for key in ("scores", "retractions"):
        docs = doc.get(key, {})
        if not isinstance(docs, dict) or not all(
            isinstance(k, str) and k.isascii() and k.isdigit() and isinstance(v, dict) for k, v in docs.items()
        ):
            return None, "is not a journal entry"
    return doc, ""


@dataclass(frozen=True, slots=True)
class Salvage:
    """What ``keep_good_lines`` did: lines kept in the journal, lines moved, and where they went."""

    kept: int
    moved: int
    aside: Path


def damaged_lines(class_file: Path) -> tuple[int, int] | None:
    """(good lines, damaged lines) of a journal whose header reads but some later line does not; else None."""
    try:
        raw = journal_path(class_file).read_bytes()
    except OSError:
        return None
    lines = _lines(raw)
    if lines.header is None or _header_of(lines.header) is None or not lines.bad:
        return None
    return 1 + len(lines.good), len(lines.bad)


def keep_good_lines(root: Path, class_file: Path, run: str) -> Salvage:
    """Move a journal's damaged lines into ``root/quarantine/RUN/`` and keep every good line where it was.

    Each line of a journal is a whole save, checked on its own, so a damaged line
    in the middle need not take the scores of the lines around it out of the
    class. The damaged lines are written into quarantine first (a file of the
    journal's name, never deleted), then the journal is rewritten without them
    in one atomic step: a crash between the two leaves the journal as it was.
    """
    path = journal_path(class_file)
    lines = _lines(path.read_bytes())
    if lines.header is None or _header_of(lines.header) is None or not lines.bad:
        raise StoreError(f"{path}: no damaged line to move aside")
    aside = quarantine_path(root, path, run)
    atomic_write(aside, b"".join(line for _, line, _ in lines.bad))
    atomic_write(path, lines.header + b"".join(line for _, line, _ in lines.good) + lines.torn)
    return Salvage(1 + len(lines.good), len(lines.bad), aside)


def apply(data: Data, entries: list[dict[str, Any]]) -> None:
    """Add the journal's scores (and scores taken back) to the class's tables, as the saves that wrote them did."""
    if not entries:
        return
    scores = data.setdefault(SCORES, {})
    meta = next(iter(data[META].values()))
    for e in entries:
        scores.update(e.get("scores", {}))
        if "retractions" in e:
            data.setdefault(RETRACTIONS, {}).update(e["retractions"])
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
