"""Undo takes the mistake back; it does not invent an assessment (issue #17).

A score undone is *retracted*: a retraction naming it (by its entry number) is
recorded after it, and every rule reads the history as if the score had never
been typed: due, last scored, stalled, slipped, the stage timeline, the
profile, the exports. Nothing is deleted: the class file keeps the score and
its retraction. Redo takes the retraction back in turn (recorded too).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from store_helpers import make_pathway

from grouper.core.dates import next_school_day
from grouper.core.models import ClassRecord, ClassSettings, Score, Student
from grouper.core.placement import current_values
from grouper.core.planning import plan_for
from grouper.core.progress import class_progress, weekly_profile
from grouper.core.report import progress_dict
from grouper.formats.bundle import parse_bundle, record_to_bundle
from grouper.reports.exports import render
from grouper.session.class_session import ClassSession
from grouper.store import Store, StoreError, codec, journal
from grouper.store.doctor import check_store
from grouper.store.peek import look_at_store

CLASS = "Room 9"
TODAY = dt.date(2026, 12, 1)  # a Tuesday
NOW = dt.datetime(2026, 12, 1, 15, 30, tzinfo=dt.UTC)
LETTERS = "letters-named"


def _history(n: int = 20) -> ClassRecord:
    """``n`` students at the letters stage for a month: 3 scores each, the last 20 days ago (stalled and due)."""
    students = [Student(f"s{i}", f"Student {i}", joined=TODAY - dt.timedelta(days=60)) for i in range(1, n + 1)]
    scores = []
    for i, st in enumerate(students):
        for j, (back, value) in enumerate(((30, 40), (25, 42), (20, 45))):
            scores.append(Score(st.id, LETTERS, value + i % 3, TODAY - dt.timedelta(days=back), 3 * i + j + 1))
    return ClassRecord(CLASS, make_pathway(), ClassSettings(), students, scores)


def _class_file(root: Path) -> Path:
    return root / "classes" / "room-9.json"


def _made(root: Path, n: int = 20) -> Path:
    with Store(root) as store:
        store.create_class(_history(n))
    return root


def _everything(root: Path) -> dict[str, Any]:
    """Every rule's reading of the class as a fresh reader sees it (``grouper progress``, exports, the groups)."""
    with Store(root, writable=False) as reader:
        record = reader.load_class(CLASS)
    progress = class_progress(record, TODAY)
    plan = plan_for(record, next_school_day(TODAY))
    return {
        "progress": progress,
        "progress_json": progress_dict(record, progress, TODAY),
        "profile": weekly_profile(record, progress, TODAY),
        "values": current_values(record),
        "csv": render("csv", record, plan, progress=progress),
        "scores": record.scores,
    }


def _session(store: Store) -> ClassSession:
    return ClassSession(store, CLASS, TODAY)


@pytest.fixture
def made(root: Path) -> Path:
    return _made(root)


def test_a_typo_then_undo_leaves_every_rule_as_before_the_typo(made: Path) -> None:
    before = _everything(made)
    p = before["progress"]["s1"]
    assert p.due and p.stalled and p.last_scored == TODAY - dt.timedelta(days=20)
    with Store(made, journal=True) as store:
        session = _session(store)
        shown = session.progress["s1"]
        assert session.enter("s1", LETTERS, 52) is not None  # the typo: mastery, so a stage up
        assert not session.progress["s1"].due and session.progress["s1"].last_scored == TODAY
        assert _everything(made)["progress"]["s1"].placement.stage_index == 1
        change = session.undo()
        assert change is not None and (change.before, change.after) == (45, 52)
        # What the app shows is what it showed before the typo, and what every reader sees.
        assert session.progress["s1"] == shown == p
        assert session.value("s1", LETTERS) == 45
        assert _everything(made) == before  # while the app is still open (the journal)
    assert _everything(made) == before  # and after it closed (folded into the class file)


def test_twenty_mistakes_and_nineteen_undos_leave_one_student_scored_today(made: Path) -> None:
    with Store(made, journal=True) as store:
        session = _session(store)
        for i in range(1, 21):
            session.enter(f"s{i}", LETTERS, 30)
        for _ in range(19):
            assert session.undo() is not None
        assert [sid for sid, p in session.progress.items() if p.last_scored == TODAY] == ["s1"]
    after = _everything(made)["progress"]
    assert [sid for sid, p in after.items() if p.last_scored == TODAY] == ["s1"]
    assert [sid for sid, p in after.items() if not p.due] == ["s1"]
    # Still all stalled: s1's real (low) score is one more at the same stage, and the undone ones count for nothing.
    assert all(p.stalled for p in after.values())


def test_the_file_keeps_every_line_the_score_and_its_retraction(made: Path) -> None:
    lines_before = json.loads(_class_file(made).read_bytes())[codec.SCORES]
    with Store(made, journal=True) as store:
        session = _session(store)
        change = session.enter("s1", LETTERS, 52)
        assert change is not None and change.seq is not None
        session.undo()
        # Appended to the journal: the score's line, then the retraction's line naming it.
        entries = [json.loads(line) for line in journal.journal_path(_class_file(made)).read_bytes().splitlines()[1:]]
        assert [sorted(e) for e in entries] == [["next_seq", "scores"], ["next_seq", "retractions"]]
    data = json.loads(_class_file(made).read_bytes())
    assert all(data[codec.SCORES][k] == v for k, v in lines_before.items())  # nothing before it changed
    (typed,) = [d for d in data[codec.SCORES].values() if d["date"] == TODAY.isoformat()]
    assert (typed["student"], typed["value"], typed["seq"]) == ("s1", 52, change.seq)
    (taken,) = data[codec.RETRACTIONS].values()
    assert taken["retracts"] == change.seq and taken["seq"] > change.seq
    assert dt.datetime.fromisoformat(taken["retracted_at"]).tzinfo is not None
    assert data[codec.META]["1"]["next_seq"] == taken["seq"] + 1
    with Store(made, writable=False) as reader:
        record = reader.load_class(CLASS)
    assert [s.value for s in record.retracted] == [52] and len(record.retractions) == 1
    assert check_store(made, now=NOW).healthy


def test_redo_brings_the_same_score_back_and_undo_takes_it_back_again(made: Path) -> None:
    before = _everything(made)
    with Store(made, journal=True) as store:
        session = _session(store)
        session.enter("s1", LETTERS, 52)
        typed = _everything(made)
        session.undo()
        assert session.redo() is not None
        assert session.progress["s1"] == typed["progress"]["s1"]
        assert _everything(made) == typed  # the same score, dated the day it was typed: not a new one
        session.undo()
        assert _everything(made) == before
        session.redo()
        assert session.redo() is None
    assert _everything(made) == typed
    with Store(made, writable=False) as reader:
        record = reader.load_class(CLASS)
    # Four retractions, each taking back the one before it; the score itself counts.
    r = record.retractions
    assert [x.retracts for x in r[1:]] == [x.seq for x in r[:-1]] and record.retracted == []
    assert check_store(made, now=NOW).healthy


def test_undo_of_a_clear_takes_the_clear_back(made: Path) -> None:
    before = _everything(made)
    with Store(made, journal=True) as store:
        session = _session(store)
        session.enter("s2", LETTERS, None)
        assert session.value("s2", LETTERS) is None
        session.undo()
        assert session.value("s2", LETTERS) == 46
    assert _everything(made) == before
    with Store(made, writable=False) as reader:
        assert [s.value for s in reader.load_class(CLASS).retracted] == [None]


def test_undo_after_a_command_saved_elsewhere_takes_back_only_the_apps_own_score(made: Path) -> None:
    """Without the journal (a command's store) the retraction is one atomic write of the class file."""
    with Store(made) as store:
        session = _session(store)
        session.enter("s3", LETTERS, 12)
        session.undo()
        assert not journal.journal_path(_class_file(made)).exists()
    assert _everything(made)["progress"]["s3"].last_scored == TODAY - dt.timedelta(days=20)


def test_a_retraction_names_an_entry_that_counts_or_nothing_is_saved(made: Path) -> None:
    with Store(made) as store:
        saved = store.add_scores(CLASS, [__import__("grouper.store", fromlist=["NewScore"]).NewScore(
            "s1", LETTERS, 50, TODAY)])[0]
        blob = _class_file(made).read_bytes()
        with pytest.raises(StoreError, match="no entry number 999"):
            store.retract(CLASS, 999)
        first = store.retract(CLASS, saved.seq)
        blob = _class_file(made).read_bytes()
        with pytest.raises(StoreError, match="already taken back"):
            store.retract(CLASS, saved.seq)
        assert _class_file(made).read_bytes() == blob
        store.retract(CLASS, first.seq)  # a redo: the score counts again
        assert saved in store.load_class(CLASS).scores


def test_a_journal_line_cut_short_while_taking_back_is_never_applied(made: Path) -> None:
    """A crash mid-append of the retraction: it was never shown as undone, so the score still counts."""
    store = Store(made, journal=True)
    session = _session(store)
    session.enter("s1", LETTERS, 52)
    path = journal.journal_path(_class_file(made))
    kept = path.read_bytes()
    session.undo()
    whole = path.read_bytes()
    store._handles.clear()  # killed: nothing folded
    store.close()
    path.write_bytes(kept + whole[len(kept):][:-9])  # the retraction's line without its end
    assert _everything(made)["progress"]["s1"].last_scored == TODAY
    assert check_store(made, now=NOW).healthy
    with Store(made, journal=True) as again:
        assert [s.value for s in again.load_class(CLASS).scores if s.date == TODAY] == [52]


def test_the_bundle_carries_the_scores_taken_back_and_their_retractions(made: Path, tmp_path: Path) -> None:
    with Store(made, journal=True) as store:
        session = _session(store)
        session.enter("s1", LETTERS, 52)
        session.enter("s2", LETTERS, 53)
        session.undo()
        session.undo()
        session.redo()
        record = store.load_class(CLASS)
    bundle = record_to_bundle(record)
    assert len(bundle["scores"]) == 62 and len(bundle["retractions"]) == 3
    back = parse_bundle(json.dumps(bundle).encode(), "x.json")
    assert (back.scores, back.retracted, back.retractions) == (record.scores, record.retracted, record.retractions)
    other = tmp_path / "other"
    with Store(other) as store:
        store.create_class(back)
    with Store(other, writable=False) as reader:
        again = reader.load_class(CLASS)
    assert (again.scores, again.retracted, again.retractions) == (record.scores, record.retracted, record.retractions)
    assert check_store(other, now=NOW).healthy
    # A bundle from before retractions has none, and loads as before.
    del bundle["retractions"]
    assert len(parse_bundle(json.dumps(bundle).encode(), "old.json").scores) == 62


def test_a_bundle_retraction_that_names_no_earlier_entry_is_refused(made: Path) -> None:
    with Store(made, writable=False) as reader:
        bundle = record_to_bundle(reader.load_class(CLASS))
    bundle["retractions"] = [{"seq": 100, "retracts": 500, "retracted_at": "2026-12-01T15:30:00+00:00"}]
    with pytest.raises(Exception, match="takes back entry 500, which is not an earlier score"):
        parse_bundle(json.dumps(bundle).encode(), "x.json")
    bundle["retractions"] = [{"seq": 3, "retracts": 1, "retracted_at": "2026-12-01T15:30:00+00:00"}]
    with pytest.raises(Exception, match=r"entry number .seq. 3 is used twice"):
        parse_bundle(json.dumps(bundle).encode(), "x.json")


def test_the_apps_first_look_does_not_show_a_score_taken_back(made: Path) -> None:
    with Store(made, journal=True) as store:
        session = _session(store)
        session.enter("s1", LETTERS, 52)
        session.undo()
        look = look_at_store(made, CLASS)
        assert look is not None and look.values["s1"][LETTERS] == 45
    look = look_at_store(made, CLASS)
    assert look is not None and look.values["s1"][LETTERS] == 45


def test_the_journal_names_the_retraction_table_the_codec_uses() -> None:
    assert journal.RETRACTIONS == codec.RETRACTIONS
