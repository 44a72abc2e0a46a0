"""The teacher's rules in the class file: kept at once, refused whole, and old files still open."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from store_helpers import DAY, make_record, snapshot, temp_files

from grouper.core.models import KEEP_APART, KEEP_TOGETHER, ClassSettings, Override, Score, Student
from grouper.core.planning import plan_for
from grouper.store import NewScore, Store, StoreError, UnusableFile

CLASS_FILE = Path("classes") / "room-7.json"


def class_file(root: Path) -> dict[str, dict[str, dict[str, object]]]:
    return json.loads((root / CLASS_FILE).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def new_store(root: Path) -> Store:
    store = Store(root)
    record = make_record()
    record.students.append(Student("s4", "Bo Li"))
    store.create_class(record)
    return store


def test_sets_are_kept_read_back_and_removed(root: Path) -> None:
    with new_store(root) as store:
        assert store.set_constraint("Room 7", KEEP_APART, ["s2", "s1"], add=True) is True
        assert store.set_constraint("room 7", KEEP_TOGETHER, ["s4", "s1", "s4"], add=True) is True
        record = store.load_class("Room 7")
        assert record.keep_apart == [frozenset({"s1", "s2"})]
        assert record.keep_together == [frozenset({"s1", "s4"})]
    # Written in roster order, under the bundle's own names.
    data = class_file(root)
    assert list(data["keep_apart"].values()) == [{"students": ["s1", "s2"]}]
    assert list(data["keep_together"].values()) == [{"students": ["s1", "s4"]}]
    with Store(root) as store:
        assert store.set_constraint("Room 7", KEEP_APART, ["s1", "s2"], add=False) is True
        assert store.load_class("Room 7").keep_apart == []
        assert store.load_class("Room 7").keep_together == [frozenset({"s1", "s4"})]


def test_repeating_a_change_writes_nothing(root: Path) -> None:
    with new_store(root) as store:
        store.set_constraint("Room 7", KEEP_APART, ["s1", "s2"], add=True)
        store.set_override("Room 7", Override("s1", "sounds"))
        before = snapshot(root)
        assert store.set_constraint("Room 7", KEEP_APART, ["s2", "s1"], add=True) is False
        assert store.set_constraint("Room 7", KEEP_APART, ["s1", "s4"], add=False) is False
        assert store.set_override("Room 7", Override("s1", "sounds")) == Override("s1", "sounds")
        assert store.clear_override("Room 7", "s2", None) is None
        assert snapshot(root) == before


def test_each_change_is_one_atomic_write_with_a_backup(root: Path) -> None:
    with new_store(root) as store:
        count = len(store.list_backups("Room 7"))
        store.set_constraint("Room 7", KEEP_TOGETHER, ["s1", "s2"], add=True)
        store.set_override("Room 7", Override("s2", "letters", DAY))
        store.clear_override("Room 7", "s2", DAY)
        assert len(store.list_backups("Room 7")) == count + 3
    assert temp_files(root) == []


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda s: s.set_constraint("Room 7", KEEP_APART, ["s1", "ghost"], add=True), "no student with id 'ghost'"),
        (lambda s: s.set_constraint("Room 7", KEEP_APART, ["s1", "s1"], add=True), "at least two different"),
        (lambda s: s.set_constraint("Room 7", "keep-near", ["s1", "s2"], add=True), "'keep-near' is not a kind"),
        (lambda s: s.set_constraint("Room 7", KEEP_APART, ["s1", "ghost"], add=False), "no student with id 'ghost'"),
        (lambda s: s.set_override("Room 7", Override("ghost", "letters")), "no student with id 'ghost'"),
        (lambda s: s.set_override("Room 7", Override("s1", "nowhere")), "has no stage 'nowhere'"),
        (lambda s: s.set_override("Room 7", Override("s1", "letters", "2026-11-23")), "a move needs a date"),  # type: ignore[arg-type]
        (lambda s: s.clear_override("Room 7", "ghost", None), "no student with id 'ghost'"),
        (lambda s: s.set_constraint("Room 9", KEEP_APART, ["s1", "s2"], add=True), "no class named 'Room 9'"),
    ],
)
def test_bad_rules_are_refused_and_nothing_is_written(root: Path, call: object, words: str) -> None:
    with new_store(root) as store:
        before = snapshot(root)
        with pytest.raises(StoreError) as e:
            call(store)  # type: ignore[operator]
        assert words in str(e.value)
        assert snapshot(root) == before


def test_a_set_that_would_keep_two_students_apart_and_together_is_refused(root: Path) -> None:
    with new_store(root) as store:
        store.set_constraint("Room 7", KEEP_TOGETHER, ["s1", "s2"], add=True)
        store.set_constraint("Room 7", KEEP_TOGETHER, ["s2", "s4"], add=True)
        before = snapshot(root)
        with pytest.raises(StoreError, match="'s1' and 's4' would be kept both apart and together"):
            store.set_constraint("Room 7", KEEP_APART, ["s4", "s1"], add=True)
        assert snapshot(root) == before


def test_a_move_replaces_that_day_s_move_and_a_pin_the_pin(root: Path) -> None:
    other = DAY + dt.timedelta(days=1)
    with new_store(root) as store:
        assert store.set_override("Room 7", Override("s1", "letters", DAY)) is None
        assert store.set_override("Room 7", Override("s1", "sounds", DAY)) == Override("s1", "letters", DAY)
        store.set_override("Room 7", Override("s1", "letters", other))
        store.set_override("Room 7", Override("s1", "complete"))
        assert store.load_class("Room 7").overrides == [
            Override("s1", "sounds", DAY),
            Override("s1", "letters", other),
            Override("s1", "complete"),
        ]
        assert store.clear_override("Room 7", "s1", None) == Override("s1", "complete")
        assert store.clear_override("Room 7", "s1", DAY) == Override("s1", "sounds", DAY)
        assert store.load_class("Room 7").overrides == [Override("s1", "letters", other)]
    assert list(class_file(root)["overrides"].values()) == [{"student": "s1", "stage": "letters", "date": "2026-11-24"}]


def test_a_class_created_with_rules_keeps_them_and_bad_ones_are_refused(root: Path) -> None:
    record = make_record()
    record.keep_apart = [frozenset({"s1", "s2"})]
    record.keep_together = [frozenset({"s2", "s3"})]
    record.overrides = [Override("s1", "sounds"), Override("s2", "letters", DAY)]
    with Store(root) as store:
        store.create_class(record)
        assert store.load_class("Room 7") == record
        bad = make_record("Room 8")
        bad.overrides = [Override("s1", "nowhere")]
        with pytest.raises(StoreError, match="override 1: pathway 'early-reading' has no stage 'nowhere'"):
            store.create_class(bad)
        assert store.class_names() == ["Room 7"]


def test_a_class_file_from_before_rules_opens_and_takes_them(root: Path) -> None:
    with Store(root) as store:
        store.create_class(make_record())
    data = class_file(root)
    assert not {"keep_apart", "keep_together", "overrides"} & set(data)
    with Store(root) as store:
        record = store.load_class("Room 7")
        assert (record.keep_apart, record.keep_together, record.overrides) == ([], [], [])
        store.set_constraint("Room 7", KEEP_APART, ["s1", "s2"], add=True)
        assert store.load_class("Room 7").keep_apart == [frozenset({"s1", "s2"})]


def test_a_damaged_rule_is_reported_and_the_file_left_alone(root: Path) -> None:
    with new_store(root) as store:
        store.set_override("Room 7", Override("s1", "sounds"))
    data = class_file(root)
    data["overrides"]["1"]["date"] = "someday"
    (root / CLASS_FILE).write_text(json.dumps(data), encoding="utf-8")
    before = snapshot(root)
    with Store(root, writable=False) as store, pytest.raises(UnusableFile, match="moves and pins cannot be read"):
        store.load_class("Room 7")
    assert snapshot(root) == before


def test_read_only_stores_refuse_rules(root: Path) -> None:
    with new_store(root):
        pass
    with Store(root, writable=False) as store, pytest.raises(StoreError, match="read-only"):
        store.set_constraint("Room 7", KEEP_APART, ["s1", "s2"], add=True)


def test_rules_survive_new_scores_and_still_shape_the_plan(root: Path) -> None:
    with new_store(root) as store:
        store.update_settings("Room 7", ClassSettings(min_size=1, max_size=5, max_groups=4))
        store.set_override("Room 7", Override("s4", "sounds"))
        store.set_constraint("Room 7", KEEP_APART, ["s1", "s4"], add=True)
        record = store.load_class("Room 7")
        first = plan_for(record, DAY)
        # s4 masters letters and then the sounds stage: the pin and the pair still hold.
        store.add_scores("Room 7", [NewScore("s4", "letters-named", 54, DAY),
                                    NewScore("s4", "sounds-said", 26, DAY), NewScore("s4", "blends", 10, DAY)])
        record = store.load_class("Room 7")
    assert any(isinstance(s, Score) and s.student == "s4" for s in record.scores)
    again = plan_for(record, DAY + dt.timedelta(days=1))
    where = {m.student.id: g for g in again.groups for m in g.members}
    assert where["s4"].stage_id == "sounds" and where["s4"].mark("s4") == "pinned"
    assert where["s4"] is not where.get("s1")
    (o,) = again.overrides
    assert o.honoured and o.direction == "below" and o.cost == 1
    assert first.overrides[0].cost == 1 and first.overrides[0].direction == "above"
