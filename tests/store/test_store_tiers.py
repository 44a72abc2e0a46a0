"""Tier changes in the class file: kept (appended, never replaced) and read back after a reopen, refused whole
with nothing written, kept in a new class and through a class bundle."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from store_helpers import DAY, make_record, snapshot

from grouper.core.errors import GrouperError
from grouper.core.models import TierChange
from grouper.formats.bundle import bundle_to_record, record_to_bundle
from grouper.store import Store, StoreError

REVIEW = DAY + dt.timedelta(weeks=6)


def _tiers(root: Path, name: str = "Room 7") -> list[TierChange]:
    with Store(root, writable=False) as store:
        return store.load_class(name).tiers


def test_tier_changes_are_kept_in_order_and_read_back_after_a_reopen(root: Path) -> None:
    first = TierChange("s1", 2, DAY, "Phonics booster", 3, REVIEW, "stalled at sounds")
    second = TierChange("s2", 3, DAY, "Intensive", None, None, "")
    third = TierChange("s1", 1, DAY + dt.timedelta(days=14), reason="caught up")
    with Store(root) as store:
        store.create_class(make_record())
        assert store.load_class("Room 7").tiers == []
        store.set_tier("Room 7", first)
        store.set_tier("Room 7", second)
        store.set_tier("Room 7", third)
        assert store.load_class("Room 7").tiers == [first, second, third]
    assert _tiers(root) == [first, second, third]


def test_a_second_change_the_same_day_is_a_new_line(root: Path) -> None:
    a = TierChange("s1", 2, DAY, "Phonics", 3, REVIEW)
    b = TierChange("s1", 2, DAY, "Phonics", 3, REVIEW)  # the very same change again: kept twice
    with Store(root) as store:
        store.create_class(make_record())
        store.set_tier("Room 7", a)
        store.set_tier("Room 7", b)
    assert _tiers(root) == [a, b]


def test_an_inactive_student_can_be_given_a_tier(root: Path) -> None:
    change = TierChange("s3", 2, DAY, "Phonics")
    with Store(root) as store:
        store.create_class(make_record())
        store.set_tier("Room 7", change)
    assert _tiers(root) == [change]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (TierChange("nobody", 2, DAY, "X"), "no student with id 'nobody'"),
        (TierChange("s1", 4, DAY, "X"), "a tier is 1, 2 or 3"),
        (TierChange("s1", 0, DAY), "a tier is 1, 2 or 3"),
        (TierChange("s1", 1, DAY, "Phonics"), "Tier 1 is core teaching"),
        (TierChange("s1", 1, DAY, review=REVIEW), "Tier 1 is core teaching"),
        (TierChange("s1", 2, DAY), "Tier 2 needs the intervention's name"),
        (TierChange("s1", 2, DAY, "X", 0), "sessions a week must be from 1 to 10"),
        (TierChange("s1", 2, DAY, "X", 11), "sessions a week must be from 1 to 10"),
        (TierChange("s1", 2, DAY, "X", review=DAY), "must come after the start"),
        (TierChange("s1", 2, DAY, "X" * 201), "at most 200 characters"),
        (TierChange("s1", 2, dt.datetime(2026, 11, 23, 9), "X"), "a tier change needs"),  # type: ignore[arg-type]
        (TierChange("s1", 2, "2026-11-23", "X"), "a tier change needs"),  # type: ignore[arg-type]
        (TierChange("s1", 2, DAY, "X", review="2027-01-04"), "a tier change needs"),  # type: ignore[arg-type]
        ("Tier 2", "a tier change needs"),
    ],
)
def test_a_tier_change_that_does_not_fit_writes_nothing(root: Path, change: Any, words: str) -> None:
    with Store(root) as store:
        store.create_class(make_record())
        store.set_tier("Room 7", TierChange("s1", 2, DAY, "Phonics", 3))
        before = snapshot(root)
        with pytest.raises(StoreError, match="nothing was saved") as e:
            store.set_tier("Room 7", change)
        assert words in str(e.value)
        assert snapshot(root) == before
    assert _tiers(root) == [TierChange("s1", 2, DAY, "Phonics", 3)]


def test_a_tier_for_a_class_that_is_not_there_writes_nothing(root: Path) -> None:
    with Store(root) as store:
        store.create_class(make_record())
        before = snapshot(root)
        with pytest.raises(StoreError):
            store.set_tier("Room 8", TierChange("s1", 2, DAY, "X"))
        assert snapshot(root) == before


def test_a_read_only_store_refuses_a_tier(root: Path) -> None:
    with Store(root) as store:
        store.create_class(make_record())
    before = snapshot(root)
    with Store(root, writable=False) as store, pytest.raises(StoreError):
        store.set_tier("Room 7", TierChange("s1", 2, DAY, "X"))
    assert snapshot(root) == before


def test_a_bool_tier_is_refused_and_the_class_still_opens(root: Path) -> None:
    with Store(root) as store:
        store.create_class(make_record())
        with contextlib.suppress(StoreError):
            store.set_tier("Room 7", TierChange("s1", True, DAY))  # type: ignore[arg-type]
    assert _tiers(root) == []


def test_a_new_class_keeps_its_tier_changes(root: Path) -> None:
    record = make_record()
    record.tiers = [TierChange("s1", 2, DAY, "Phonics", 3, REVIEW, "why"), TierChange("s2", 1, DAY)]
    with Store(root) as store:
        store.create_class(record)
    assert _tiers(root) == record.tiers


@pytest.mark.parametrize(
    ("tiers", "words"),
    [
        ([TierChange("nobody", 2, DAY, "X")], "tier change 1: no student with id 'nobody'"),
        ([TierChange("s1", 2, DAY, "X"), TierChange("s1", 2, DAY)], "tier change 2: Tier 2 needs the intervention"),
        ([TierChange("s1", 2, DAY, "X", review=DAY - dt.timedelta(days=1))], "tier change 1: the review"),
        (["not a change"], "tier change 1: it is not a tier change"),
    ],
)
def test_a_new_class_with_a_tier_change_that_does_not_fit_is_refused_whole(
        root: Path, tiers: list[Any], words: str) -> None:
    record = make_record()
    record.tiers = tiers
    with Store(root) as store:
        with pytest.raises(StoreError, match="nothing was saved") as e:
            store.create_class(record)
        assert words in str(e.value)
        assert store.class_names() == []


def test_a_class_bundle_keeps_the_tier_changes(root: Path) -> None:
    changes = [TierChange("s1", 2, DAY, "Phonics booster", 3, REVIEW, "stalled"),
               TierChange("s1", 3, DAY + dt.timedelta(days=7), "Intensive", 5, DAY + dt.timedelta(days=21)),
               TierChange("s2", 1, DAY)]
    with Store(root) as store:
        store.create_class(make_record())
        for c in changes:
            store.set_tier("Room 7", c)
        bundle = record_to_bundle(store.load_class("Room 7"))
    assert [t["tier"] for t in bundle["tiers"]] == [2, 3, 1]
    assert bundle["tiers"][0]["intervention"] == "Phonics booster"
    assert bundle["tiers"][0]["review"] == REVIEW.isoformat()
    again = bundle_to_record(json.loads(json.dumps(bundle)), "bundle.json")
    assert again.tiers == changes
    with Store(root) as store:
        again.name = "Room 8"
        store.create_class(again)
    assert _tiers(root, "Room 8") == changes


@pytest.mark.parametrize(
    ("tier", "words"),
    [
        ({"student": "nobody", "tier": 2, "date": "2026-11-23", "intervention": "X"},
         "tier change 1: no student with id 'nobody'"),
        ({"student": "s1", "tier": 2, "date": "2026-11-23"}, "tier change 1: Tier 2 needs the intervention"),
        ({"student": "s1", "tier": 1, "date": "2026-11-23", "intervention": "X"}, "tier change 1: Tier 1 is core"),
    ],
)
def test_a_bundle_with_a_tier_change_that_does_not_fit_is_refused(root: Path, tier: dict[str, Any],
                                                                   words: str) -> None:
    with Store(root) as store:
        store.create_class(make_record())
        bundle = json.loads(json.dumps(record_to_bundle(store.load_class("Room 7"))))
    bundle["tiers"] = [tier]
    with pytest.raises(GrouperError) as e:
        bundle_to_record(bundle, "bundle.json")
    assert words in str(e.value) and "bundle.json" in str(e.value)
