"""A file grouper cannot read as its own is reported and left exactly as it is.

Never overwritten, never replaced by an empty store: the teacher's only copy
of a term's scores may be in it, and the error says how to go back to a backup.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from store_helpers import DAY, make_record, snapshot

from grouper.core.models import ClassSettings, Student
from grouper.store import INDEX_LABEL, NewScore, Store, StoreError

RESTORE_WORDS = "grouper backup list, then grouper backup restore ID"


def truncate(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])


def newer_schema(path: Path) -> None:
    data = json.loads(path.read_text())
    next(iter(data["meta"].values()))["schema"] = 2
    path.write_text(json.dumps(data))


def not_a_store(path: Path) -> None:
    path.write_text('["a list", "not tables"]')


def empty(path: Path) -> None:
    path.write_bytes(b"")


def no_meta(path: Path) -> None:
    data = json.loads(path.read_text())
    del data["meta"]
    path.write_text(json.dumps(data))


def bad_score(path: Path) -> None:
    data = json.loads(path.read_text())
    next(iter(data["scores"].values()))["date"] = "yesterday"
    path.write_text(json.dumps(data))


@pytest.fixture
def damaged_root(root: Path) -> Path:
    with Store(root) as store:
        store.create_class(make_record("Room 7"))
        store.create_class(make_record("Room 8"))
        store.add_scores("Room 7", [NewScore("s1", "blends", 3, DAY)])
    return root


@pytest.mark.parametrize(
    ("spoil", "words"),
    [
        (truncate, "is damaged (not valid JSON"),
        (newer_schema, "was saved by a newer grouper (schema 2; this one knows 1)"),
        (not_a_store, "is damaged (not a grouper store file)"),
        (empty, "is damaged (the file is empty)"),
        (no_meta, "is damaged (it has no class details)"),
        (bad_score, "is damaged (an entry in its scores cannot be read)"),
    ],
)
def test_an_unreadable_class_file_is_never_written(
    damaged_root: Path, spoil: Callable[[Path], None], words: str
) -> None:
    root = damaged_root
    path = root / "classes" / "room-7.json"
    spoil(path)
    before = snapshot(root)
    writes = [
        lambda s: s.add_scores("Room 7", [NewScore("s1", "blends", 3, DAY)]),
        lambda s: s.upsert_students("Room 7", [Student("s1", "Zoe")]),
        lambda s: s.set_absent("Room 7", ["s1"], DAY, True),
        lambda s: s.update_settings("Room 7", ClassSettings()),
    ]
    for writable in (True, False):
        with Store(root, writable=writable) as store:
            with pytest.raises(StoreError) as err:
                store.load_class("Room 7")
            message = str(err.value)
            assert str(path) in message and words in message and RESTORE_WORDS in message
            assert "\n" not in message
            if writable and spoil is not bad_score:  # bad_score is found on load, not on every read
                for write in writes:
                    with pytest.raises(StoreError, match=r"room-7\.json"):
                        write(store)
            assert store.load_class("Room 8").name == "Room 8"  # other classes still work
    assert snapshot(root) == before


def test_a_damaged_class_list_is_never_written(damaged_root: Path) -> None:
    root = damaged_root
    path = root / "index.json"
    truncate(path)
    before = snapshot(root)
    with Store(root) as store:
        for call in (store.class_names, lambda: store.create_class(make_record("Room 9"))):
            with pytest.raises(StoreError) as err:
                call()
            assert str(path) in str(err.value) and RESTORE_WORDS in str(err.value)
        backups = store.list_backups()  # still listed, by file name while the list is unreadable
        assert {b.class_name for b in backups} == {"room-7", INDEX_LABEL}
    assert snapshot(root) == before
    with Store(root) as store:
        (saved,) = [b for b in backups if b.class_name == INDEX_LABEL]
        assert store.restore_backup(saved.id) == INDEX_LABEL
        assert store.class_names() == ["Room 7"]  # the list as it was before Room 8 was added
        assert store.list_backups(INDEX_LABEL) == store.list_backups("index")
        assert store.list_backups("index")[0].path.read_bytes() == before["index.json"][0]


def test_a_hand_edited_class_list_entry_is_refused(damaged_root: Path) -> None:
    path = damaged_root / "index.json"
    data = json.loads(path.read_text())
    data["classes"]["1"]["file"] = "../../etc/passwd"
    path.write_text(json.dumps(data))
    with Store(damaged_root, writable=False) as store, pytest.raises(StoreError, match="is damaged"):
        store.class_names()
