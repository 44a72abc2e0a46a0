"""The seal on a class file: what grouper checked once is read back without pydantic; anything else is checked again.

A class file's pathway and settings are checked with pydantic when they come
in. The store seals them with a digest, so a later read (every command, the
app) builds them straight from the file. A file edited by hand, a file from
before seals and a seal that does not match are all checked in full, and a
bad one is refused with the usual plain message, never a traceback.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from store_helpers import make_pathway, make_record, snapshot

from grouper.core.models import ClassSettings, Student
from grouper.store import Store, StoreError, codec


def class_file(root: Path) -> Path:
    (path,) = (root / "classes").glob("*.json")
    return path


def meta_of(path: Path) -> dict[str, Any]:
    return next(iter(json.loads(path.read_text(encoding="utf-8"))["meta"].values()))


def edit_meta(path: Path, change: Any) -> None:
    """Change the meta document the way a person with a text editor would (no store involved)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    change(next(iter(data["meta"].values())))
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture
def one_class(root: Path) -> Path:
    with Store(root) as store:
        store.create_class(make_record("Room 7"))
    return root


def test_a_new_class_is_sealed_and_read_back_without_pydantic(one_class: Path) -> None:
    meta = meta_of(class_file(one_class))
    assert meta[codec.SEAL] == codec.seal_of(meta)
    code = (
        "import sys\n"
        "from grouper.store import Store\n"
        "with Store(sys.argv[1], writable=False) as store:\n"
        "    record = store.load_class('Room 7')\n"
        "print('pydantic' in sys.modules, record.pathway.stage_of('blends'), record.settings.max_size)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(one_class)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "1", "5"]


def test_a_sealed_class_reads_back_exactly_as_it_was_made(one_class: Path) -> None:
    with Store(one_class, writable=False) as store:
        record = store.load_class("Room 7")
    assert record.pathway == make_pathway()
    assert record.settings == make_record().settings


def test_the_seal_does_not_depend_on_key_order(one_class: Path) -> None:
    meta = meta_of(class_file(one_class))
    shuffled = {**meta, "pathway": dict(reversed(meta["pathway"].items()))}
    assert codec.seal_of(shuffled) == meta[codec.SEAL]


def raise_mastery(meta: dict[str, Any]) -> None:
    meta["pathway"]["stages"][0]["checks"][0]["mastery"] = 99  # above its max of 54


def duplicate_stage(meta: dict[str, Any]) -> None:
    meta["pathway"]["stages"].append(meta["pathway"]["stages"][0])


def shrink_groups(meta: dict[str, Any]) -> None:
    meta["settings"]["min_size"] = 9  # above max_size 5


@pytest.mark.parametrize(
    ("change", "words"),
    [(raise_mastery, "its pathway is not valid"), (duplicate_stage, "its pathway is not valid"),
     (shrink_groups, "its settings are not valid")],
)
def test_a_hand_edited_pathway_or_setting_is_checked_in_full_and_refused(
    one_class: Path, change: Any, words: str
) -> None:
    edit_meta(class_file(one_class), change)
    before = snapshot(one_class)
    with Store(one_class) as store, pytest.raises(StoreError, match=words):
        store.load_class("Room 7")
    assert snapshot(one_class) == before


def test_a_forged_seal_on_a_broken_pathway_is_refused_in_words(one_class: Path) -> None:
    """Even a seal that matches cannot turn a broken pathway into a traceback."""

    def forge(meta: dict[str, Any]) -> None:
        meta["pathway"]["stages"] = "not stages"
        meta[codec.SEAL] = codec.seal_of(meta)

    edit_meta(class_file(one_class), forge)
    with Store(one_class, writable=False) as store, pytest.raises(StoreError, match="its pathway is not valid"):
        store.load_class("Room 7")


def test_a_good_hand_edit_is_read_in_its_checked_form(one_class: Path) -> None:
    def relabel(meta: dict[str, Any]) -> None:
        meta["pathway"]["stages"][0]["label"] = "  Letter names\x1b[2J  "

    edit_meta(class_file(one_class), relabel)
    with Store(one_class, writable=False) as store:
        assert store.load_class("Room 7").pathway.stages[0].label == "Letter names␛[2J"


def test_a_file_from_before_seals_is_read_then_sealed_by_the_next_save(one_class: Path) -> None:
    path = class_file(one_class)
    edit_meta(path, lambda meta: meta.pop(codec.SEAL))
    before = snapshot(one_class / "classes")
    with Store(one_class) as store:
        assert store.load_class("Room 7").pathway == make_pathway()
        assert snapshot(one_class / "classes") == before  # reading writes nothing
        store.upsert_students("Room 7", [Student("s4", "Ada")])
    meta = meta_of(path)
    assert meta[codec.SEAL] == codec.seal_of(meta)
    with Store(one_class, writable=False) as store:
        assert [s.id for s in store.load_class("Room 7").students][-1] == "s4"


def test_new_settings_are_sealed_with_the_pathway(one_class: Path) -> None:
    with Store(one_class) as store:
        settings = ClassSettings(min_size=3, max_size=4, max_groups=2, no_group_days=("2026-12-01",))
        store.update_settings("Room 7", settings)
    meta = meta_of(class_file(one_class))
    assert meta[codec.SEAL] == codec.seal_of(meta)
    assert meta["settings"]["no_group_days"] == ["2026-12-01"]


@pytest.mark.parametrize(
    "settings",
    [ClassSettings(min_size=6, max_size=3), ClassSettings(max_groups=0), ClassSettings(no_group_days=("soon",))],
)
def test_settings_out_of_bounds_are_refused_and_nothing_is_written(one_class: Path, settings: ClassSettings) -> None:
    before = snapshot(one_class)
    with Store(one_class) as store, pytest.raises(StoreError, match=r"settings are not valid.*nothing was saved"):
        store.update_settings("Room 7", settings)
    assert snapshot(one_class) == before


def test_a_class_with_a_broken_pathway_is_never_created(root: Path) -> None:
    broken = dataclasses.replace(make_record("Room 9"), pathway=dataclasses.replace(make_pathway(), id="no spaces"))
    with Store(root) as store, pytest.raises(StoreError, match="pathway is not valid; nothing was saved"):
        store.create_class(broken)
    with Store(root, writable=False) as store:
        assert store.class_names() == []
    assert list(root.glob("classes/*")) == []
