"""Where the store lives, class file names, and names kept exactly as typed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import platformdirs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from store_helpers import make_pathway

from grouper.core.models import Absence, ClassRecord, ClassSettings, Score, Student
from grouper.store import NewScore, Store, default_store_dir
from grouper.store.paths import RESERVED, make_slug


def test_store_dir_precedence_is_decided_at_call_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GROUPER_HOME", raising=False)
    assert default_store_dir() == platformdirs.user_data_path("grouper").absolute()
    monkeypatch.setenv("GROUPER_HOME", str(tmp_path / "env"))
    assert default_store_dir() == tmp_path / "env"
    assert default_store_dir(tmp_path / "flag") == tmp_path / "flag"
    assert default_store_dir(str(tmp_path / "flag")) == tmp_path / "flag"
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_store_dir("~/classes") == tmp_path / "classes"
    monkeypatch.chdir(tmp_path)
    assert default_store_dir("rel") == tmp_path / "rel"


@given(st.text(max_size=60), st.sets(st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True), max_size=5))
def test_slugs_are_typable_and_free(name: str, taken: set[str]) -> None:
    slug = make_slug(name, taken)
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug)
    assert slug not in taken and slug not in RESERVED
    assert len(slug) <= 60


names = st.text(min_size=1, max_size=40).filter(lambda s: s.strip() == s and s != "")
day = st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))


@st.composite
def records(draw: st.DrawFn) -> ClassRecord:
    """Classes with names and notes in any script, apostrophes and brackets included."""
    ids = draw(st.lists(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,8}", fullmatch=True), unique=True, max_size=6))
    students = [
        Student(i, draw(names), tuple(draw(st.lists(st.text(max_size=8), max_size=2))), draw(st.booleans()))
        for i in ids
    ]
    scores, absences = [], []
    if ids:
        for seq in range(1, draw(st.integers(0, 12)) + 1):
            check = draw(st.sampled_from(["letters-named", "sounds-said", "blends"]))
            top = make_pathway().check(check).max
            value = draw(st.none() | st.integers(0, top))
            scores.append(Score(draw(st.sampled_from(ids)), check, value, draw(day), seq, draw(st.text(max_size=20))))
        absences = [Absence(s, draw(day)) for s in draw(st.lists(st.sampled_from(ids), max_size=3))]
    return ClassRecord(draw(names), make_pathway(), ClassSettings(), students, scores, absences)


@settings(max_examples=25, deadline=None)
@given(record=records(), note=st.text(max_size=30))
def test_any_class_round_trips_exactly(
    tmp_path_factory: pytest.TempPathFactory, record: ClassRecord, note: str
) -> None:
    root = tmp_path_factory.mktemp("rt")
    with Store(root) as store:
        store.create_class(record)
        if record.students:
            sid = record.students[0].id
            saved = store.add_scores(record.name, [NewScore(sid, "blends", 7, dt.date(2026, 11, 23), note)])
            record.scores.append(saved[0])
        assert store.find_class(record.name) == record.name
    with Store(root, writable=False) as store:
        assert store.class_names() == [record.name]
        assert store.load_class(record.name) == record
