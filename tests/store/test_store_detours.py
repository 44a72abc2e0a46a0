"""Detours in the class file: started, ended and read back, refused whole, kept through a reopen."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from store_helpers import DAY, make_pathway, make_record, snapshot

from grouper.core.models import Check, ClassRecord, Detour, DetourTaken
from grouper.store import Store, StoreError


def _record() -> ClassRecord:
    pathway = make_pathway()
    letters = dataclasses.replace(
        pathway.stages[0],
        detours=(
            Detour("anchors", "Name anchors", "Letters from the children's names",
                   (Check("ltr10", "Letters in a set of 10", 10, 9),)),
            Detour("sand", "Sand tray", "Trace and say"),
        ),
    )
    record = make_record()
    record.pathway = dataclasses.replace(pathway, stages=(letters, *pathway.stages[1:]))
    return record


def test_a_detour_is_started_ended_and_read_back(root: Path) -> None:
    with Store(root) as store:
        store.create_class(_record())
        assert store.start_detour("Room 7", DetourTaken("s1", "letters", "anchors", DAY)) == []
        ended = store.start_detour("Room 7", DetourTaken("s1", "letters", "sand", DAY + dt.timedelta(days=2)))
        assert ended == [DetourTaken("s1", "letters", "anchors", DAY, DAY + dt.timedelta(days=2))]
        assert store.end_detour("Room 7", "s1", DAY + dt.timedelta(days=3)) == [
            DetourTaken("s1", "letters", "sand", DAY + dt.timedelta(days=2), DAY + dt.timedelta(days=3))]
        assert store.end_detour("Room 7", "s1", DAY + dt.timedelta(days=3)) == []
    with Store(root, writable=False) as store:
        assert [(t.detour, t.ended) for t in store.load_class("Room 7").detours] == [
            ("anchors", DAY + dt.timedelta(days=2)), ("sand", DAY + dt.timedelta(days=3))]


@pytest.mark.parametrize(
    ("taken", "words"),
    [
        (DetourTaken("nobody", "letters", "anchors", DAY), "no student with id 'nobody'"),
        (DetourTaken("s1", "nowhere", "anchors", DAY), "has no stage 'nowhere'"),
        (DetourTaken("s1", "letters", "no-such", DAY), "no detour 'no-such' (its detours: anchors, sand)"),
        (DetourTaken("s1", "sounds", "anchors", DAY), "stage 'sounds' has no detour 'anchors'"),
    ],
)
def test_a_detour_that_does_not_fit_the_class_writes_nothing(root: Path, taken: DetourTaken, words: str) -> None:
    with Store(root) as store:
        store.create_class(_record())
        before = snapshot(root)
        with pytest.raises(StoreError, match="nothing was saved") as e:
            store.start_detour("Room 7", taken)
        assert words in str(e.value)
        assert snapshot(root) == before


def test_ending_before_the_start_is_refused(root: Path) -> None:
    with Store(root) as store:
        store.create_class(_record())
        store.start_detour("Room 7", DetourTaken("s1", "letters", "anchors", DAY))
        before = snapshot(root)
        with pytest.raises(StoreError, match="after 2026-11-22; nothing was saved"):
            store.end_detour("Room 7", "s1", DAY - dt.timedelta(days=1))
        assert snapshot(root) == before


def test_a_new_class_with_a_detour_that_does_not_fit_is_refused_whole(root: Path) -> None:
    record = _record()
    record.detours = [DetourTaken("s1", "letters", "anchors", DAY, DAY - dt.timedelta(days=1))]
    with Store(root) as store:
        with pytest.raises(StoreError, match=r"detour 1: the detour ends .* before it starts"):
            store.create_class(record)
        assert store.class_names() == []
