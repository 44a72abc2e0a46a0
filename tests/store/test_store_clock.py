"""The store and a wall clock that jumps: daylight saving and a clock set back never reorder or lose anything.

Backups are named by the UTC instant, so the hour that repeats in autumn
gives later saves later names; entry numbers (seq) come from a counter in the
class file, never from the clock, so a day's scores keep their typing order.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest
from store_helpers import FakeClock, make_record

from grouper.core.placement import latest_scores
from grouper.store import NewScore, Store


def new_york() -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo("America/New_York")
    except zoneinfo.ZoneInfoNotFoundError:
        print("no time zone data here (install tzdata): the daylight-saving test cannot run")
        pytest.skip("no time zone data here (install tzdata)")


def test_saves_in_the_repeated_autumn_hour_keep_their_order(root: Path) -> None:
    ny = new_york()
    first = dt.datetime(2026, 11, 1, 1, 50, tzinfo=ny)  # 01:50 EDT
    second = dt.datetime(2026, 11, 1, 1, 10, tzinfo=ny, fold=1)  # 01:10 EST, twenty minutes later
    assert second.astimezone(dt.UTC) > first.astimezone(dt.UTC)
    clock = FakeClock(first - dt.timedelta(hours=1))
    day = dt.date(2026, 11, 1)
    with Store(root, clock=clock) as store:
        store.create_class(make_record(scores=0))
        clock.now = first
        store.add_scores("Room 7", [NewScore("s1", "letters-named", 40, day, "01:50 EDT")])
        clock.now = second
        store.add_scores("Room 7", [NewScore("s1", "letters-named", 30, day, "01:10 EST")])
        third = (second.astimezone(dt.UTC) + dt.timedelta(minutes=5)).astimezone(ny)  # (wall-time + would be EDT)
        clock.now = third
        store.add_scores("Room 7", [NewScore("s2", "letters-named", 9, day)])
        scores = store.load_class("Room 7").scores
        assert [s.note for s in scores[:2]] == ["01:50 EDT", "01:10 EST"]
        assert latest_scores(scores)["s1", "letters-named"].value == 30  # the later entry counts
        backups = store.list_backups("Room 7")
        assert [b.taken for b in backups] == sorted((b.taken for b in backups), reverse=True)
        newest = backups[0]
        assert newest.taken == third.astimezone(dt.UTC)
        store.restore_backup(newest.id)  # the version just before the last save: both s1 scores
        restored = store.load_class("Room 7").scores
        assert [s.note for s in restored] == ["01:50 EDT", "01:10 EST"]


def test_a_clock_set_back_loses_no_backup_and_no_score(root: Path, clock: FakeClock) -> None:
    day = dt.date(2026, 11, 23)
    with Store(root, clock=clock) as store:
        store.create_class(make_record(scores=0))
        for minutes in (0, -90, -90, 30):  # a save, the clock set back, stuck, then on again
            clock.advance(minutes=minutes)
            store.add_scores("Room 7", [NewScore("s1", "letters-named", 40 + minutes % 7, day)])
        backups = store.list_backups("Room 7")
        assert len(backups) == 4 and len({b.id for b in backups}) == 4
        scores = store.load_class("Room 7").scores
        assert [s.seq for s in scores] == [1, 2, 3, 4]
