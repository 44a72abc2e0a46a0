"""A TinyDB storage that writes atomically and never clobbers a file it cannot read.

TinyDB's own ``JSONStorage`` truncates the file in place, so a crash mid-save
loses the class; ``CachingMiddleware`` delays writes, so a save the teacher saw
acknowledged might not be on disk. This storage writes each change through
``files.atomic_write`` before returning, keeps the last data in memory (we are
the only writer while holding the store lock, so a save costs one
``json.dumps`` and one write, with no re-read), and can group several TinyDB
operations into one write with ``batch()``.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from grouper.store import journal
from grouper.store.backups import Backups
from grouper.store.errors import RESTORE_HINT, StoreError, WriteRefused, damaged
from grouper.store.files import atomic_write

Data = dict[str, dict[str, Any]]
Checker = Callable[[Path, Data], None]


class AtomicJSONStorage(Storage):
    """One JSON file, replaced whole on every write.

    ``check(path, data)`` runs on every read from disk and may raise (a newer
    schema, a damaged shape); since TinyDB always reads before it writes, a file
    that fails the check is never written over. ``keep`` holds the data in
    memory between calls (writable stores); read-only stores re-read each time
    so they see the writer's saves. ``must_exist`` makes a missing file an error
    instead of an empty database.

    A class file has a score journal (``journal.py``) next to it, applied on
    every read. ``journal_root`` (the store folder) turns that on; with
    ``append`` a batch that only adds scores (``add_to_journal``) appends to the
    journal instead of writing the whole file, until the journal grows past its
    limit, when the next save folds it into the file.
    """

    def __init__(
        self,
        path: Path,
        *,
        writable: bool,
        keep: bool | None = None,
        must_exist: bool = False,
        check: Checker | None = None,
        backups: Backups | None = None,
        backup_stem: str | None = None,
        journal_root: Path | None = None,
        append: bool = False,
    ) -> None:
        self.path = Path(path)
        self._journal_root = journal_root
        self._append = append and writable
        #: "none": no journal file; "live": one that extends the file and is in ``_data``; "stale": one that does not.
        self._journal = "none"
        self._journal_size = 0
        self._journal_torn = False
        self._main: bytes = b""  # the file's bytes as on disk, for the journal's header
        self._entry: bytes | None = None
        self.writable = writable
        self.keep = writable if keep is None else keep
        self.must_exist = must_exist
        self._check = check
        self._backups = backups
        self._backup_stem = backup_stem or self.path.stem
        self._data: Data | None = None
        self._depth = 0
        self._dirty = False
        self._failed = False

    # -- reading -------------------------------------------------------------

    def read(self) -> Data | None:
        if self._data is not None:
            return self._data
        data = self.read_disk()
        if data is not None and self.keep:
            self._data = data
        return data

    def read_disk(self) -> Data | None:
        """Parse and check the file as it is on disk (None if it is missing and may be)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            if self.must_exist:
                raise StoreError(
                    f"{self.path} is missing (grouper's list of classes names it); {RESTORE_HINT}"
                ) from None
            return None
        except OSError as e:
            raise StoreError(f"{self.path}: cannot read it ({e.strerror})") from None
        data = parse_tables(self.path, raw)
        if self._check is not None:
            self._check(self.path, data)
        if self._journal_root is not None:
            found = journal.read_into(self.path, raw, data)
            self._journal = "none" if found is None else "live" if found.matches else "stale"
            self._journal_size = 0 if found is None else found.size
            self._journal_torn = found is not None and found.torn
            if self._append:
                self._main = raw
        return data

    def forget(self) -> None:
        """Drop the in-memory copy so the next read comes from disk."""
        self._data = None

    # -- writing -------------------------------------------------------------

    def write(self, data: Data) -> None:
        if not self.writable:
            raise StoreError(f"{self.path}: the store was opened read-only")
        if self._depth:
            self._data = data
            self._dirty = True
            return
        self._save(data)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Run several TinyDB operations as one file write at the end.

        If the block raises, nothing is written and the in-memory copy (which
        TinyDB has already changed) is dropped. Nested batches join the outer
        one; if an inner one failed, the outer one writes nothing either.
        """
        self._depth += 1
        ok = False
        try:
            yield
            ok = True
        finally:
            self._depth -= 1
            if not ok:
                self._failed = True
            if self._depth == 0:
                dirty, failed = self._dirty, self._failed
                self._dirty = self._failed = False
                entry, self._entry = self._entry, None
                if failed:
                    self._data = None
                    if ok:
                        raise StoreError(f"{self.path}: a step of this change failed earlier; nothing was saved")
                elif dirty and self._data is not None and (entry is None or not self._append_entry(entry)):
                    self._save(self._data)

    def add_to_journal(self, scores: dict[str, dict[str, Any]], next_seq: int,
                       retractions: dict[str, dict[str, Any]] | None = None) -> None:
        """Inside a batch that only adds these scores (or retractions): save them by appending to the journal."""
        # Only the batch's own steps may be in it: inside a bigger batch the whole file is written.
        ok = self._append and self._depth == 1
        self._entry = journal.entry(scores, next_seq, retractions) if ok else None

    def _append_entry(self, line: bytes) -> bool:
        """Append a batch's entry to the journal; False if the whole file should be written instead."""
        if self._journal == "live":
            if self._journal_torn or self._journal_size + len(line) > journal.fold_limit(len(self._main)):
                return False
            try:
                journal.append(self.path, line)
            except OSError as e:
                self._data = None
                raise WriteRefused(journal.journal_path(self.path), e) from e
            self._journal_size += len(line)
            return True
        if not self._main:
            return False
        assert self._journal_root is not None
        first = journal.header(journal.fingerprint(self._main))
        try:
            if self._journal == "stale":
                journal.set_aside(self._journal_root, self.path)
            journal.start(self.path, first + line)
        except OSError as e:
            self._data = None
            raise WriteRefused(journal.journal_path(self.path), e) from e
        self._journal, self._journal_size, self._journal_torn = "live", len(first) + len(line), False
        return True

    def fold(self) -> None:
        """Write the journal's scores into the file and drop the journal (the app does this as it closes)."""
        if self._journal == "live" and self._data is not None and self.writable:
            self._save(self._data)

    def _save(self, data: Data) -> None:
        try:
            # No cycle check: the data is JSON read back or built by the codec. A quarter faster on a big class.
            blob = json.dumps(data, check_circular=False).encode("utf-8")
        except BaseException:
            self._data = None
            raise
        self._put(blob, data)

    def replace_bytes(self, blob: bytes, data: Data) -> None:
        """Write ``blob`` (already known to parse as ``data``) over the file, keeping a backup."""
        if not self.writable:
            raise StoreError(f"{self.path}: the store was opened read-only")
        self._put(blob, data)

    def _put(self, blob: bytes, data: Data) -> None:
        hook = self._keep_backup if self._backups is not None else None
        try:
            atomic_write(self.path, blob, hook)
        except OSError as e:
            self._data = None
            raise WriteRefused(self.path, e) from e
        except BaseException:
            self._data = None
            raise
        self._data = data if self.keep else None
        if self._journal_root is not None:
            self._after_file_written(blob)
        if self._backups is not None:
            with contextlib.suppress(OSError):
                self._backups.prune(self._backup_stem)

    def _after_file_written(self, blob: bytes) -> None:
        """The file now holds everything: drop a journal it took in, set aside one it did not."""
        assert self._journal_root is not None
        with contextlib.suppress(OSError):  # a journal left behind no longer matches the file: never applied
            if self._journal == "live":
                journal.remove(self.path)
            else:
                journal.set_aside(self._journal_root, self.path)
        self._journal = "stale" if journal.journal_path(self.path).exists() else "none"
        self._journal_size, self._journal_torn = 0, False
        self._main = blob if self._append else b""

    def _keep_backup(self, target: Path) -> None:
        assert self._backups is not None
        try:
            self._backups.take(self._backup_stem, target)
        except OSError as e:
            # The folder that refused is the backups one, not the class file's: name it, and say to check it.
            folder = self._backups.folder / self._backup_stem
            if not folder.is_dir():
                folder = self._backups.folder
            raise WriteRefused(target, e, "keep a backup of", into=folder) from e

    def close(self) -> None:
        self._data = None


class _IdView(MutableMapping[int, Any]):
    """A stored table (string keys, as in the JSON) seen with int doc ids, without copying it."""

    __slots__ = ("raw",)

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw

    def __getitem__(self, doc_id: int) -> Any:
        return self.raw[str(doc_id)]

    def __setitem__(self, doc_id: int, doc: Any) -> None:
        self.raw[str(doc_id)] = doc

    def __delitem__(self, doc_id: int) -> None:
        del self.raw[str(doc_id)]

    def __iter__(self) -> Iterator[int]:
        return iter([int(k) for k in self.raw])  # a snapshot: updaters delete while iterating

    def __len__(self) -> int:
        return len(self.raw)

    def __contains__(self, doc_id: object) -> bool:
        return str(doc_id) in self.raw


class InPlaceTable(Table):
    """A TinyDB table whose updates change the stored dict in place.

    TinyDB's own ``_update_table`` copies the whole table twice (to int keys and
    back) on every insert: a third of the cost of saving one score into a big
    class. The result is the same dict either way; if an update fails halfway
    the storage forgets its copy, so the half-changed data is never written.
    """

    def _update_table(self, updater: Callable[[dict[int, Mapping[str, Any]]], None]) -> None:
        tables = self._storage.read()
        if tables is None:
            tables = {}
        raw = tables.setdefault(self.name, {})
        try:
            updater(_IdView(raw))  # type: ignore[arg-type]
        except BaseException:
            forget = getattr(self._storage, "forget", None)
            if forget is not None:
                forget()
            raise
        self._storage.write(tables)
        self.clear_cache()


class StoreDB(TinyDB):
    """TinyDB with in-place table updates (see ``InPlaceTable``)."""

    table_class = InPlaceTable


def parse_tables(path: Path, raw: bytes) -> Data:
    """The JSON of a TinyDB file, or a ``damaged`` error naming it."""
    if not raw.strip():
        raise damaged(path, "the file is empty")
    try:
        data = json.loads(raw)
    except UnicodeDecodeError:
        raise damaged(path, "not UTF-8 text") from None
    except ValueError as e:
        raise damaged(path, f"not valid JSON: {e}") from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise damaged(path, "not a grouper store file")
    for table in data.values():
        if not all(isinstance(doc, dict) and key.isascii() and key.isdigit() for key, doc in table.items()):
            raise damaged(path, "not a grouper store file")
    return data
