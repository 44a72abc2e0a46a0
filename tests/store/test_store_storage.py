"""The TinyDB storage: batches are all or nothing, and a failed write never leaves stale memory."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from store_helpers import DAY, FakeClock, make_record, temp_files

from grouper.store import NewScore, Store, StoreError
from grouper.store.backups import Backups
from grouper.store.storage import AtomicJSONStorage, StoreDB


def open_db(path: Path, clock: FakeClock) -> tuple[StoreDB, AtomicJSONStorage, Backups]:
    backups = Backups(path.parent, clock)
    db = StoreDB(path, storage=AtomicJSONStorage, writable=True, backups=backups)
    return db, db.storage, backups  # type: ignore[return-value]


def test_batch_is_one_write(tmp_path: Path, clock: FakeClock) -> None:
    db, storage, backups = open_db(tmp_path / "t.json", clock)
    db.insert({"n": 0})
    with storage.batch():
        db.insert({"n": 1})
        db.table("other").insert({"n": 2})
        db.update({"n": 10}, doc_ids=[1])
        with storage.batch():  # nested batches join the outer one
            db.remove(doc_ids=[2])
    assert len(backups.entries()) == 1  # one replace for the whole block
    reopened = StoreDB(tmp_path / "t.json", storage=AtomicJSONStorage, writable=False)
    assert reopened.all() == [{"n": 10}] and reopened.table("other").all() == [{"n": 2}]


def test_an_exception_in_a_batch_writes_nothing(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "t.json"
    db, storage, backups = open_db(path, clock)
    db.insert({"n": 0})
    before = (path.read_bytes(), path.stat().st_ino)
    with pytest.raises(RuntimeError), storage.batch():
        db.insert({"n": 1})
        db.update({"n": 99}, doc_ids=[1])
        raise RuntimeError("import failed halfway")
    assert (path.read_bytes(), path.stat().st_ino) == before
    assert db.all() == [{"n": 0}]  # the changed memory copy was dropped
    assert backups.entries() == [] and temp_files(tmp_path) == []


def test_a_swallowed_inner_failure_still_writes_nothing(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "t.json"
    db, storage, _ = open_db(path, clock)
    db.insert({"n": 0})
    before = path.read_bytes()
    with pytest.raises(StoreError, match="nothing was saved"), storage.batch():
        db.insert({"n": 1})
        with pytest.raises(ValueError), storage.batch():
            raise ValueError
    assert path.read_bytes() == before and db.all() == [{"n": 0}]


def test_a_failed_write_drops_the_memory_copy(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.json"
    db, _, _ = open_db(path, clock)
    db.insert({"n": 0})
    before = path.read_bytes()

    def fail(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    refused = r"could not save .*t\.json: the disk is full \(No space left on device\); nothing was changed"
    with pytest.raises(StoreError, match=refused):
        db.insert({"n": 1})
    monkeypatch.undo()
    assert path.read_bytes() == before and temp_files(tmp_path) == []
    assert db.all() == [{"n": 0}]
    db.insert({"n": 2})
    assert [d["n"] for d in StoreDB(path, storage=AtomicJSONStorage, writable=False).all()] == [0, 2]


def test_a_failed_score_save_is_not_half_remembered(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(root) as store:
        store.create_class(make_record())

        def fail(src: object, dst: object) -> None:
            raise OSError(5, "Input/output error")

        monkeypatch.setattr(os, "replace", fail)
        with pytest.raises(StoreError, match="Input/output error"):
            store.add_scores("Room 7", [NewScore("s1", "blends", 3, DAY)])
        monkeypatch.undo()
        assert len(store.load_class("Room 7").scores) == 3
        (saved,) = store.add_scores("Room 7", [NewScore("s2", "blends", 4, DAY)])
        assert saved.seq == 4  # the failed save did not use up a seq
        assert [s.seq for s in store.load_class("Room 7").scores] == [1, 2, 3, 4]


def test_a_missing_file_reads_as_empty_unless_required(tmp_path: Path) -> None:
    assert AtomicJSONStorage(tmp_path / "none.json", writable=False).read() is None
    with pytest.raises(StoreError, match=r"none\.json is missing"):
        AtomicJSONStorage(tmp_path / "none.json", writable=False, must_exist=True).read()
    assert not (tmp_path / "none.json").exists()


def test_clock_may_be_naive_utc(root: Path) -> None:
    clock = FakeClock(dt.datetime(2026, 11, 23, 15, 30))
    with Store(root, clock=clock) as store:
        store.create_class(make_record())
        store.add_scores("Room 7", [NewScore("s1", "blends", 3, DAY)])
        assert store.list_backups()[0].taken == dt.datetime(2026, 11, 23, 15, 30, tzinfo=dt.UTC)
