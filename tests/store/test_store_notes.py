"""Notes about students in the class file: kept at once, there after reopening, and old files still open."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from store_helpers import DAY, make_record, snapshot, temp_files

from grouper.core.models import Note
from grouper.store import Store, StoreError, UnusableFile

CLASS_FILE = Path("classes") / "room-7.json"


def note(student: str = "s1", text: str = "reversed b/d twice", *, days_ago: int = 0, at: str = "15:30") -> Note:
    day = DAY - dt.timedelta(days=days_ago)
    return Note(student, day, text, f"{day.isoformat()}T{at}:00+00:00")


def class_file(root: Path) -> dict[str, dict[str, dict[str, object]]]:
    return json.loads((root / CLASS_FILE).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_a_note_is_kept_and_read_back(root: Path) -> None:
    kept = note(text="Zoë: «was» for «saw»\nnext: finger under each word")
    with Store(root) as store:
        store.create_class(make_record())
        store.add_note("Room 7", kept)
        assert store.load_class("Room 7").notes == [kept]
    assert list(class_file(root)["notes"].values()) == [
        {
            "student": "s1",
            "date": "2026-11-23",
            "text": "Zoë: «was» for «saw»\nnext: finger under each word",
            "written_at": "2026-11-23T15:30:00+00:00",
        }
    ]


def test_notes_survive_reopening_and_read_oldest_first(root: Path) -> None:
    late, early, before = note(text="late", at="15:00"), note(text="early", at="09:00"), note(text="before", days_ago=2)
    other = note("s2", "Liam: needs the blend cards")
    with Store(root) as store:
        store.create_class(make_record())
        for n in (late, other, early, before):
            store.add_note("room 7", n)  # the class name in any case, as every store call takes it
    with Store(root, writable=False) as store:
        loaded = store.load_class("Room 7")
    assert loaded.notes == [late, other, early, before]
    assert [n.text for n in loaded.notes_for("s1")] == ["before", "early", "late"]
    assert loaded.notes_for("s2") == [other]
    # Everything else in the class is as it was.
    assert loaded.scores == make_record().scores and loaded.absences == make_record().absences


def test_each_note_is_one_atomic_write_with_a_backup(root: Path) -> None:
    with Store(root) as store:
        store.create_class(make_record())
        before = len(store.list_backups("Room 7"))
        store.add_note("Room 7", note())
        assert len(store.list_backups("Room 7")) == before + 1
    assert temp_files(root) == []


def test_a_class_created_with_notes_keeps_them(root: Path) -> None:
    record = make_record()
    record.notes = [note(), note("s3", "inactive students can still have notes", days_ago=1)]
    with Store(root) as store:
        store.create_class(record)
    with Store(root, writable=False) as store:
        assert store.load_class("Room 7") == record


def test_a_store_from_before_notes_opens_and_takes_a_note(root: Path) -> None:
    with Store(root) as store:
        store.create_class(make_record())
    data = class_file(root)
    data.pop("notes", None)  # written by a grouper that had no notes
    (root / CLASS_FILE).write_text(json.dumps(data), encoding="utf-8")
    with Store(root) as store:
        old = store.load_class("Room 7")
        assert old.notes == []
        assert old == make_record()
        store.add_note("Room 7", note())
    after = class_file(root)
    assert len(after["notes"]) == 1
    assert {k: v for k, v in after.items() if k != "notes"} == data


def test_a_note_about_an_unknown_student_writes_nothing(root: Path) -> None:
    with Store(root) as store:
        store.create_class(make_record())
        before = snapshot(root)
        with pytest.raises(StoreError, match="no student with id 'ghost' in 'Room 7'; nothing was saved"):
            store.add_note("Room 7", note("ghost"))
        assert snapshot(root) == before
        assert store.load_class("Room 7").notes == []
        store.add_note("Room 7", note())  # the store still works afterwards
        assert len(store.load_class("Room 7").notes) == 1


def test_a_note_for_an_unknown_class_writes_nothing(root: Path) -> None:
    with Store(root) as store:
        store.create_class(make_record())
        before = snapshot(root)
        with pytest.raises(StoreError, match="no class named 'Room 9'"):
            store.add_note("Room 9", note())
        assert snapshot(root) == before


def test_a_read_only_store_refuses_a_note(root: Path) -> None:
    with Store(root) as store:
        store.create_class(make_record())
    before = snapshot(root)
    with Store(root, writable=False) as store, pytest.raises(StoreError, match="read-only; nothing was saved"):
        store.add_note("Room 7", note())
    assert snapshot(root) == before


def test_a_new_class_with_a_note_about_an_unknown_student_is_refused(root: Path) -> None:
    record = make_record()
    record.notes = [note(), note("ghost")]
    with Store(root) as store:
        with pytest.raises(StoreError, match="note 2: no student with id 'ghost'; nothing was saved"):
            store.create_class(record)
        assert store.class_names() == []
    assert not (root / CLASS_FILE).exists()


def test_a_hand_damaged_note_is_reported_and_the_file_left_alone(root: Path) -> None:
    with Store(root) as store:
        store.create_class(make_record())
        store.add_note("Room 7", note())
    data = class_file(root)
    next(iter(data["notes"].values()))["text"] = "   "
    (root / CLASS_FILE).write_text(json.dumps(data), encoding="utf-8")
    before = snapshot(root)
    with Store(root) as store, pytest.raises(UnusableFile, match=r"an entry in its notes cannot be read.*backup list"):
        store.load_class("Room 7")
    assert snapshot(root) == before
