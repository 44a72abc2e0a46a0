"""Rotating backups: the 10 latest saves and one a day for 30 days; restore puts one back atomically."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from store_helpers import DAY, FakeClock, make_record, snapshot, temp_files

from grouper.store import NewScore, Store, StoreError
from grouper.store.backups import KEEP_DAYS, KEEP_LAST, keep_set, split_id


def add(store: Store, value: int = 1) -> None:
    store.add_scores("Room 7", [NewScore("s1", "blends", value % 11, DAY)])


def test_rotation_keeps_ten_latest_and_one_per_day_for_thirty_days(root: Path, clock: FakeClock) -> None:
    start = clock.now.replace(hour=8, minute=0)
    clock.now = start
    saved_at: list[dt.datetime] = []
    with Store(root, clock=clock) as store:
        store.create_class(make_record())
        for day in range(40):
            for hour in range(5):
                clock.now = start + dt.timedelta(days=day, hours=hour)
                add(store, day + hour)
                saved_at.append(clock.now)
        taken = [b.taken for b in store.list_backups("Room 7")]
    last_day = (start + dt.timedelta(days=39)).date()
    newest_ten = saved_at[-10:]  # all of the last two days
    daily = [start + dt.timedelta(days=d, hours=4) for d in range(10, 40)]  # the latest of each of 30 days
    assert taken == sorted(set(newest_ten) | set(daily), reverse=True)
    assert len(taken) == 10 + 28
    assert min(taken).date() == last_day - dt.timedelta(days=29)


def test_many_saves_in_one_day_keep_the_last_ten(root: Path, clock: FakeClock) -> None:
    with Store(root, clock=clock) as store:
        store.create_class(make_record())
        for i in range(25):
            clock.advance(minutes=1)
            add(store, i)
        backups = store.list_backups("Room 7")
    assert len(backups) == 10
    assert backups[0].taken == clock.now and backups[-1].taken == clock.now - dt.timedelta(minutes=9)


def test_a_stopped_clock_still_gives_every_save_its_own_backup(root: Path, clock: FakeClock) -> None:
    with Store(root, clock=clock) as store:
        store.create_class(make_record())
        for i in range(4):
            add(store, i)
        ids = [b.id for b in store.list_backups("Room 7")]
    assert len(set(ids)) == 4
    assert ids[0] == "room-7/20261123T153000000003"


@given(
    st.lists(st.datetimes(dt.datetime(2026, 1, 1), dt.datetime(2026, 3, 1)), unique=True, max_size=80),
    st.datetimes(dt.datetime(2026, 2, 1), dt.datetime(2026, 3, 2)),
)
def test_keep_set_rules(naive: list[dt.datetime], now: dt.datetime) -> None:
    taken = [t.replace(tzinfo=dt.UTC) for t in naive]
    now = now.replace(tzinfo=dt.UTC)
    keep = keep_set(taken, now)
    newest_first = sorted(taken, reverse=True)
    assert set(newest_first[:KEEP_LAST]) <= keep
    recent_days = {t.date() for t in taken if (now.date() - t.date()).days < KEEP_DAYS}
    for day in recent_days:
        assert max(t for t in taken if t.date() == day) in keep
    assert len(keep) <= KEEP_LAST + len(recent_days)


def test_list_is_newest_first_across_classes_and_restore_works(root: Path, clock: FakeClock) -> None:
    with Store(root, clock=clock) as store:
        store.create_class(make_record("Room 7", scores=2))
        clock.advance(seconds=1)
        store.create_class(make_record("Room 8"))
        versions = [(root / "classes" / "room-7.json").read_bytes()]
        for i in range(3):
            clock.advance(seconds=1)
            add(store, i)
            versions.append((root / "classes" / "room-7.json").read_bytes())
        everything = store.list_backups()
        assert [b.taken for b in everything] == sorted((b.taken for b in everything), reverse=True)
        assert {b.class_name for b in everything} == {"Room 7", "(class list)"}
        room7 = store.list_backups("room 7")
        assert [b.path.read_bytes() for b in room7] == versions[-2::-1]
        assert all(b.size == b.path.stat().st_size and b.id.startswith("room-7/") for b in room7)

        oldest = room7[-1]
        current = (root / "classes" / "room-7.json").read_bytes()
        clock.advance(seconds=1)
        assert store.restore_backup(oldest.id.upper()) == "Room 7"  # ids are typed in any case
        assert (root / "classes" / "room-7.json").read_bytes() == versions[0]
        assert len(store.load_class("Room 7").scores) == 2
        after = store.list_backups("Room 7")
        assert after[0].path.read_bytes() == current  # what was replaced is itself a backup
        assert after[0].taken == clock.now
        add(store, 5)  # the store keeps working on the restored file
        assert [s.seq for s in store.load_class("Room 7").scores] == [1, 2, 3]
    assert temp_files(root) == []


def test_restore_is_atomic(root: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(root, clock=clock) as store:
        store.create_class(make_record())
        clock.advance(seconds=1)
        add(store)
        backup = store.list_backups("Room 7")[0]
        current = (root / "classes" / "room-7.json").read_bytes()

        def fail(src: object, dst: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "replace", fail)
        with pytest.raises(StoreError, match="No space left on device"):
            store.restore_backup(backup.id)
        monkeypatch.undo()
        assert (root / "classes" / "room-7.json").read_bytes() == current
        assert temp_files(root) == []
        assert len(store.load_class("Room 7").scores) == 4


def test_a_damaged_backup_is_refused(root: Path, clock: FakeClock) -> None:
    with Store(root, clock=clock) as store:
        store.create_class(make_record())
        add(store)
        backup = store.list_backups("Room 7")[0]
        raw = backup.path.read_bytes()
        os.unlink(backup.path)  # it is a hard link: do not spoil the class file through it
        backup.path.write_bytes(raw[:-40])
        before = snapshot(root)
        with pytest.raises(StoreError) as err:
            store.restore_backup(backup.id)
        assert f"backup {backup.id} is damaged" in str(err.value)
        assert "nothing was restored" in str(err.value) and "grouper backup list" in str(err.value)
        assert snapshot(root) == before


def test_restore_replaces_a_damaged_class_file(root: Path, clock: FakeClock) -> None:
    with Store(root, clock=clock) as store:
        store.create_class(make_record())
        add(store)
        backup = store.list_backups("Room 7")[0]
    path = root / "classes" / "room-7.json"
    path.write_bytes(b'{"meta": {"1": ')  # the broken file lives on as a backup
    with Store(root, clock=clock) as store:
        clock.advance(seconds=1)
        assert store.restore_backup(backup.id) == "Room 7"
        assert store.load_class("Room 7") == make_record()
        assert store.list_backups("Room 7")[0].path.read_bytes() == b'{"meta": {"1": '


def test_restore_brings_back_a_class_missing_from_the_list(root: Path, clock: FakeClock) -> None:
    with Store(root, clock=clock) as store:
        store.create_class(make_record("Room 7"))
        clock.advance(seconds=1)
        store.create_class(make_record("Room 8"))
        clock.advance(seconds=1)
        store.upsert_students("Room 8", [])
        store.set_absent("Room 8", ["s1"], DAY, True)
        room8 = store.list_backups("Room 8")[0]
        store.restore_backup(store.list_backups("(class list)")[0].id)
        assert store.class_names() == ["Room 7"]
        assert store.restore_backup(room8.id) == "Room 8"
        assert store.class_names() == ["Room 7", "Room 8"]
        assert store.load_class("Room 8") == make_record("Room 8")


@pytest.mark.parametrize("bad", ["", "room-7", "../etc/20261122T081500123456", "room-7/2026", "room-7/../../x"])
def test_bad_backup_ids(root: Path, bad: str) -> None:
    with pytest.raises(StoreError, match="not a backup id"):
        split_id(bad)
    with Store(root) as store:
        with pytest.raises(StoreError, match="not a backup id"):
            store.restore_backup(bad)
        with pytest.raises(StoreError, match="no backup 'room-7/20261122T081500123456'"):
            store.restore_backup("room-7/20261122T081500123456")
