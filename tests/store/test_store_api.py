"""Round trips of every store call on real files, and the plain errors around them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import stat
from pathlib import Path

import pytest
from store_helpers import DAY, make_pathway, make_record, snapshot, temp_files

from grouper.core.errors import GrouperError
from grouper.core.models import ClassSettings, Score, Student
from grouper.formats.pathways import pathway_to_toml
from grouper.formats.validation import check_pathway
from grouper.store import NewScore, Store, StoreError, StoreLocked


def test_create_and_load_round_trip(root: Path) -> None:
    record = make_record(scores=5)
    with Store(root) as store:
        store.create_class(record)
        assert store.load_class("Room 7") == record
    with Store(root, writable=False) as store:
        assert store.class_names() == ["Room 7"]
        assert store.load_class("room 7") == record


def test_layout_uses_bundle_field_names(root: Path) -> None:
    with Store(root) as store:
        store.create_class(make_record(scores=1))
    index = json.loads((root / "index.json").read_text())
    (entry,) = index["classes"].values()
    assert entry["name"] == "Room 7" and entry["file"] == "classes/room-7.json"
    dt.datetime.fromisoformat(entry["created"])
    data = json.loads((root / "classes" / "room-7.json").read_text())
    (meta,) = data["meta"].values()
    assert meta["schema"] == 1 and meta["name"] == "Room 7" and meta["next_seq"] == 2
    assert meta["settings"] == {
        "min_size": 2, "max_size": 5, "max_groups": 4, "stall_days": 21, "stall_scores": 3, "due_days": 14,
        "slots_per_day": 3, "max_gap_days": 2, "no_group_days": [],
    }
    assert check_pathway(meta["pathway"]) == make_pathway()
    assert next(iter(data["scores"].values())) == {
        "student": "s1",
        "check": "letters-named",
        "value": 0,
        "date": "2026-11-23",
        "seq": 1,
        "note": "note 0",
    }
    assert next(iter(data["students"].values())) == {"id": "s1", "name": "Zoë Ōkubo", "tags": [], "active": True}
    assert list(data["absences"].values()) == [{"student": "s2", "date": "2026-11-23"}]


def test_scores_out_of_order_load_in_entry_order_and_seq_continues(root: Path) -> None:
    record = make_record(scores=0)
    record.scores = [Score("s1", "blends", 3, DAY, 9), Score("s2", "blends", 4, DAY, 2)]
    with Store(root) as store:
        store.create_class(record)
        assert [s.seq for s in store.load_class("Room 7").scores] == [2, 9]
        (new,) = store.add_scores("Room 7", [NewScore("s3", "blends", 5, DAY)])
        assert new.seq == 10


def test_add_scores_assigns_seq_and_saves_in_one_write(root: Path) -> None:
    with Store(root) as store:
        store.create_class(make_record(scores=3))
        entries = [
            NewScore("s1", "letters-named", 52, DAY, "Zoë, letters"),
            NewScore("s3", "blends", None, DAY),  # inactive students still take scores
            NewScore("s2", "sounds-said", 0, DAY - dt.timedelta(days=1)),
        ]
        saved = store.add_scores("Room 7", entries)
        assert [s.seq for s in saved] == [4, 5, 6]
        assert saved[0] == Score("s1", "letters-named", 52, DAY, 4, "Zoë, letters")
        assert len(store.list_backups("Room 7")) == 1  # one write for three scores
        assert store.add_scores("Room 7", []) == []
    with Store(root, writable=False) as store:
        assert store.load_class("Room 7").scores[-3:] == saved


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        (NewScore("nobody", "letters-named", 3, DAY), "no student with id 'nobody'"),
        (NewScore("s1", "spelling", 3, DAY), "no check 'spelling'"),
        (NewScore("s1", "blends", 11, DAY), "a score cannot be above 10"),
        (NewScore("s1", "blends", -1, DAY), "a score cannot be below 0"),
        (NewScore("s1", "blends", True, DAY), "whole number"),
        (NewScore("s1", "blends", 3, dt.datetime(2026, 11, 23, 9)), "needs a date"),  # type: ignore[arg-type]
        (NewScore("s1", "blends", 3, DAY, "x" * 2001), "note"),
    ],
)
def test_a_bad_score_saves_nothing(root: Path, entry: NewScore, words: str) -> None:
    with Store(root) as store:
        store.create_class(make_record())
        before = snapshot(root)
        good = NewScore("s1", "blends", 3, DAY)
        with pytest.raises(StoreError, match="score 2 ") as err:
            store.add_scores("Room 7", [good, entry])
        assert words in str(err.value) and "nothing was saved" in str(err.value)
        assert snapshot(root) == before
        assert store.add_scores("Room 7", [good])[0].seq == 4


def test_upsert_students_replaces_by_id_and_appends(root: Path) -> None:
    with Store(root) as store:
        store.create_class(make_record())
        store.upsert_students("Room 7", [Student("s2", "Liam O'Neill", ("ell", "iep"), False), Student("s9", "Ana")])
        students = store.load_class("Room 7").students
    assert [s.id for s in students] == ["s1", "s2", "s3", "s9"]
    assert students[1] == Student("s2", "Liam O'Neill", ("ell", "iep"), False)
    assert students[3] == Student("s9", "Ana", joined=dt.date.today())  # a new student joins today


def test_upsert_students_refuses_repeats(root: Path) -> None:
    with Store(root) as store:
        store.create_class(make_record())
        with pytest.raises(StoreError, match="given twice"):
            store.upsert_students("Room 7", [Student("s9", "A"), Student("s9", "B")])
        assert len(store.load_class("Room 7").students) == 3


def test_set_absent_is_idempotent(root: Path) -> None:
    tomorrow = DAY + dt.timedelta(days=1)
    with Store(root) as store:
        store.create_class(make_record())
        store.set_absent("Room 7", ["s1", "s3", "s1"], tomorrow, True)
        assert store.load_class("Room 7").absent_on(tomorrow) == {"s1", "s3"}
        before = snapshot(root)
        store.set_absent("Room 7", ["s1"], tomorrow, True)
        assert snapshot(root) == before  # nothing to change: no write
        store.set_absent("Room 7", ["s1", "s2"], tomorrow, False)
        record = store.load_class("Room 7")
        assert record.absent_on(tomorrow) == {"s3"}
        assert record.absent_on(DAY) == {"s2"}
        with pytest.raises(StoreError, match="no student with id 'zz'"):
            store.set_absent("Room 7", ["zz"], tomorrow, True)


def test_update_settings(root: Path) -> None:
    settings = ClassSettings(min_size=3, max_size=4, max_groups=2)
    with Store(root) as store:
        store.create_class(make_record())
        store.update_settings("Room 7", settings)
    with Store(root, writable=False) as store:
        assert store.load_class("Room 7").settings == settings


def test_classes_listed_in_creation_order_and_found_by_prefix(root: Path) -> None:
    with Store(root) as store:
        with pytest.raises(StoreError, match="no classes yet"):
            store.find_class("room")
        for name in ("Room 7", "Room 8", "Ärzte 2", "Reading (Mon)"):
            store.create_class(make_record(name))
        assert store.class_names() == ["Room 7", "Room 8", "Ärzte 2", "Reading (Mon)"]
        assert store.find_class("  room 7 ") == "Room 7"
        assert store.find_class("ä") == "Ärzte 2"
        assert store.find_class("rea") == "Reading (Mon)"
        with pytest.raises(StoreError, match="could be 'Room 7', 'Room 8'"):
            store.find_class("ro")
        with pytest.raises(StoreError, match="no class named 'Gym'; the classes are 'Room 7'"):
            store.find_class("Gym")


def test_a_class_is_found_by_a_part_of_its_name_when_no_name_starts_so(root: Path) -> None:
    with Store(root) as store:
        for name in ("Grade 1 — Room 7", "Grade 1 — Room 8", "Kindergarten — Room 4", "Room 9"):
            store.create_class(make_record(name))
        assert store.find_class("room 7") == "Grade 1 — Room 7"
        assert store.find_class("kinder") == "Kindergarten — Room 4"
        assert store.find_class("room 9") == "Room 9"  # a start outranks a part
        assert store.find_class("ROOM") == "Room 9"
        with pytest.raises(StoreError, match="could be 'Grade 1 — Room 7', 'Grade 1 — Room 8'"):
            store.find_class("grade 1")
        with pytest.raises(StoreError, match="'— room' could be 'Grade 1 — Room 7', 'Grade 1 — Room 8', "
                                             "'Kindergarten — Room 4'"):
            store.find_class("— room")


def test_create_refuses_a_name_in_use_in_any_case(root: Path) -> None:
    with Store(root) as store:
        store.create_class(make_record("Room 7"))
        before = snapshot(root)
        with pytest.raises(StoreError, match="already a class named 'Room 7'"):
            store.create_class(make_record("ROOM 7"))
        assert snapshot(root) == before


def test_create_refuses_an_inconsistent_record(root: Path) -> None:
    record = make_record()
    record.scores.append(Score("ghost", "blends", 1, DAY, 99))
    with Store(root) as store:
        with pytest.raises(StoreError, match="no student with id 'ghost'"):
            store.create_class(record)
        assert store.class_names() == []
        assert list((root / "classes").iterdir()) == []


def test_slugs_for_clashing_and_non_ascii_names(root: Path) -> None:
    with Store(root) as store:
        for name in ("Room 7", "Room 7!", "一年二組", "index"):
            store.create_class(make_record(name))
        files = [json.loads((root / "index.json").read_text())["classes"][k]["file"] for k in ("1", "2", "3", "4")]
        for name in ("Room 7", "Room 7!", "一年二組", "index"):
            assert store.load_class(name).name == name
    assert files[0] == "classes/room-7.json"
    assert files[1].startswith("classes/room-7-") and files[1] != files[0]
    assert files[2].startswith("classes/class-")
    assert files[3].startswith("classes/index-")  # "index" is the class list's own backup folder


def test_unknown_class(root: Path) -> None:
    with Store(root) as store:
        store.create_class(make_record())
        with pytest.raises(StoreError, match="no class named 'Gym'"):
            store.load_class("Gym")
        with pytest.raises(StoreError, match="no class named"):
            store.add_scores("Gym", [NewScore("s1", "blends", 1, DAY)])


def test_missing_class_file_is_named(root: Path) -> None:
    with Store(root) as store:
        store.create_class(make_record())
    (root / "classes" / "room-7.json").unlink()
    with Store(root) as store, pytest.raises(StoreError, match=r"room-7\.json is missing"):
        store.load_class("Room 7")


def test_store_error_is_a_grouper_error() -> None:
    assert issubclass(StoreLocked, StoreError)
    assert issubclass(StoreError, GrouperError)
    assert StoreError("x").exit_code == 1


def test_permissions_and_no_temp_files(root: Path) -> None:
    with Store(root) as store:
        store.create_class(make_record())
        store.add_scores("Room 7", [NewScore("s1", "blends", 3, DAY)])
        store.add_pathway(make_pathway("mine"), pathway_to_toml(make_pathway("mine")))
    paths = [root, *root.rglob("*")]
    assert {p.name for p in paths} >= {".lock", "index.json", "room-7.json", "mine.toml", "backups"}
    for path in paths:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path
    assert temp_files(root) == []


def test_read_only_store_creates_nothing_and_refuses_writes(tmp_path: Path) -> None:
    root = tmp_path / "nowhere"
    with Store(root, writable=False) as store:
        assert store.class_names() == []
        assert store.user_pathways() == {}
        assert store.list_backups() == []
        with pytest.raises(StoreError, match="opened read-only"):
            store.create_class(make_record())
    assert not root.exists()


def test_read_only_store_refuses_every_write(root: Path) -> None:
    with Store(root) as store:
        store.create_class(make_record())
    before = snapshot(root)
    with Store(root, writable=False) as store:
        calls = [
            lambda: store.add_scores("Room 7", [NewScore("s1", "blends", 3, DAY)]),
            lambda: store.upsert_students("Room 7", [Student("s1", "Zoe")]),
            lambda: store.set_absent("Room 7", ["s1"], DAY, True),
            lambda: store.update_settings("Room 7", ClassSettings()),
            lambda: store.add_pathway(make_pathway("x"), pathway_to_toml(make_pathway("x"))),
            lambda: store.restore_backup("room-7/20261122T081500123456"),
        ]
        for call in calls:
            with pytest.raises(StoreError, match="read-only"):
                call()
    assert snapshot(root) == before


def test_read_only_store_sees_later_saves(root: Path) -> None:
    with Store(root) as writer:
        writer.create_class(make_record(scores=1))
        reader = Store(root, writable=False)
        assert len(reader.load_class("Room 7").scores) == 1
        writer.add_scores("Room 7", [NewScore("s1", "blends", 3, DAY)])
        writer.create_class(make_record("Room 8"))
        assert len(reader.load_class("Room 7").scores) == 2
        assert reader.class_names() == ["Room 7", "Room 8"]
        reader.close()


def test_closed_store_refuses_writes_and_frees_the_lock(root: Path) -> None:
    store = Store(root)
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.create_class(make_record())
    Store(root).close()


def test_user_pathways_round_trip(root: Path) -> None:
    mine = make_pathway("my-path")
    with Store(root) as store:
        store.add_pathway(mine, "\ufeff" + pathway_to_toml(mine))
        assert store.user_pathways() == {"my-path": mine}
        assert (root / "pathways" / "my-path.toml").read_text(encoding="utf-8") == pathway_to_toml(mine)
        # A hand-copied file with the same id is the one replaced.
        (root / "pathways" / "my-path.toml").rename(root / "pathways" / "copy.toml")
        renamed = dataclasses.replace(mine, name="Renamed")
        store.add_pathway(renamed, pathway_to_toml(renamed))
        assert sorted(p.name for p in (root / "pathways").iterdir()) == ["copy.toml"]
        assert store.user_pathways() == {"my-path": renamed}


def test_add_pathway_checks_the_text(root: Path) -> None:
    with Store(root) as store:
        with pytest.raises(StoreError, match="different pathway"):
            store.add_pathway(make_pathway("a"), pathway_to_toml(make_pathway("b")))
        with pytest.raises(StoreError, match="not valid TOML"):
            store.add_pathway(make_pathway("a"), "id = ")
        (root / "pathways" / "a.toml").write_text("not a pathway", encoding="utf-8")
        with pytest.raises(StoreError, match=r"a\.toml already holds"):
            store.add_pathway(make_pathway("a"), pathway_to_toml(make_pathway("a")))
        assert (root / "pathways" / "a.toml").read_text(encoding="utf-8") == "not a pathway"


def test_a_bad_user_pathway_is_named(root: Path) -> None:
    with Store(root) as store:
        (root / "pathways" / "broken.toml").write_text('id = "x"\n', encoding="utf-8")
        with pytest.raises(StoreError, match=r"broken\.toml"):
            store.user_pathways()
