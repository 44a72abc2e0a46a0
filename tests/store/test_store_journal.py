"""The app's score journal: a score costs one small append, and nothing else about the store changes.

While the app has a class open, a new score is appended to ``<class>.journal``
instead of rewriting the class file; everything that reads the class reads
both; the journal is folded into the class file when it grows and when the app
closes; a journal that does not belong to the class file as it now is, is
never applied and never deleted.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import signal
from pathlib import Path

import pytest
from store_helpers import DAY, make_record

from grouper.store import NewScore, Store, StoreError, codec, journal
from grouper.store.doctor import check_store
from grouper.store.findings import JOURNAL
from grouper.store.repair import fix_store

CLASS = "Room 7"
NOW = dt.datetime(2026, 11, 23, 16, 0, tzinfo=dt.UTC)


def class_file(root: Path) -> Path:
    return root / "classes" / "room-7.json"


def journal_file(root: Path) -> Path:
    return root / "classes" / "room-7.journal"


def new(value: int, student: str = "s1", check: str = "letters-named") -> NewScore:
    return NewScore(student, check, value, DAY, f"typed {value}")


def values(root: Path) -> list[int | None]:
    """The scores a separate reader (``grouper report`` while the app is open) sees, in entry order."""
    with Store(root, writable=False) as reader:
        return [s.value for s in reader.load_class(CLASS).scores]


def saved_then_crashed(root: Path, *scores: int) -> None:
    """The app saves these scores to the journal and is killed: nothing is folded in."""
    store = Store(root, journal=True)
    for v in scores:
        store.add_scores(CLASS, [new(v)])
    store._handles.clear()  # forget the class, as a crash would; the journal stays
    store.close()


@pytest.fixture
def made(root: Path) -> Path:
    with Store(root) as store:
        store.create_class(make_record())
    return root


def test_a_score_is_appended_read_back_by_everyone_and_folded_in_when_the_app_closes(made: Path) -> None:
    before = class_file(made).read_bytes()
    start = values(made)
    store = Store(made, journal=True)
    try:
        store.add_scores(CLASS, [new(11)])
        store.add_scores(CLASS, [new(12), new(13, "s2")])
        assert class_file(made).read_bytes() == before  # the class file was not rewritten
        lines = journal_file(made).read_bytes().splitlines()
        assert len(lines) == 3 and json.loads(lines[0])["base"] == journal.fingerprint(before)
        assert values(made) == [*start, 11, 12, 13]  # a reader sees the journal's scores
        assert [s.value for s in store.load_class(CLASS).scores] == [*start, 11, 12, 13]
    finally:
        store.close()
    assert not journal_file(made).exists()
    assert values(made) == [*start, 11, 12, 13]
    folded = json.loads(class_file(made).read_bytes())
    assert sorted(d["value"] for d in folded["scores"].values() if d["note"].startswith("typed")) == [11, 12, 13]


def test_the_journal_is_folded_into_the_class_file_once_it_grows(made: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(journal, "fold_limit", lambda size: 600)
    start = values(made)
    with Store(made, journal=True) as store:
        inode = class_file(made).stat().st_ino
        for v in range(1, 11):
            store.add_scores(CLASS, [new(v)])
            assert not journal_file(made).exists() or journal_file(made).stat().st_size <= 600
        assert class_file(made).stat().st_ino != inode  # folded at least once while open
        assert values(made) == [*start, *range(1, 11)]
        seqs = [s.seq for s in store.load_class(CLASS).scores]
    assert seqs == sorted(set(seqs))  # entry numbers stay unique across folds


def test_a_line_cut_short_by_a_crash_is_ignored_and_never_appended_after(made: Path) -> None:
    start = values(made)
    with Store(made, journal=True) as store:
        store.add_scores(CLASS, [new(21)])
        store.add_scores(CLASS, [new(22)])
    # The app was killed while appending a third: half a line, no newline (never acknowledged).
    with Store(made, journal=True) as store:
        store.add_scores(CLASS, [new(23)])
        journal_bytes = journal_file(made).read_bytes()
        store._handles.clear()  # forget, as a crash would; the journal stays
    journal_file(made).write_bytes(journal_bytes + b'{"scores":{"99":{"stud')
    assert values(made) == [*start, 21, 22, 23]
    report = check_store(made, now=NOW)
    assert report.healthy and any("cut short" in f.text for f in report.of_kind(JOURNAL))
    with Store(made, journal=True) as store:
        store.add_scores(CLASS, [new(24)])  # written as a whole class file, not after the torn line
        assert not journal_file(made).exists()
    assert values(made) == [*start, 21, 22, 23, 24]


def test_a_damaged_journal_line_is_named_and_doctor_fix_moves_only_it_aside(made: Path) -> None:
    """One bad line in the middle: the scores saved before and after it stay in the class."""
    start = values(made)
    saved_then_crashed(made, 31, 32, 33)
    lines = journal_file(made).read_bytes().splitlines(keepends=True)
    assert len(lines) == 4  # the header, then one line per save
    journal_file(made).write_bytes(lines[0] + lines[1] + b"{not json\n" + lines[3])
    with pytest.raises(StoreError) as e, Store(made, writable=False) as reader:
        reader.load_class(CLASS)
    assert "room-7.journal" in str(e.value) and "line 3" in str(e.value) and "doctor --fix" in str(e.value)
    (finding,) = check_store(made, now=NOW).of_kind(JOURNAL)
    assert finding.level == "problem" and finding.fixable
    assert "1 of its 4 lines cannot be read" in finding.text and "keeps the 3 good line(s)" in finding.way_out
    fixed = fix_store(made, now=lambda: NOW)
    assert fixed.healthy, fixed.findings
    (done,) = fixed.fixed
    assert done.startswith("kept 3 good line(s) of classes/room-7.journal and moved 1 damaged line(s) to quarantine/")
    assert values(made) == [*start, 31, 33]  # the good score after the bad line is still in the class
    (kept,) = (made / "quarantine").rglob("room-7.journal")
    assert kept.read_bytes() == b"{not json\n"  # the damaged line is kept, never deleted
    with Store(made, journal=True) as store:  # and the class saves again, journal and all
        store.add_scores(CLASS, [new(34)])
    assert values(made) == [*start, 31, 33, 34]


def test_a_journal_whose_first_line_is_damaged_is_moved_aside_whole(made: Path) -> None:
    """Without its header a journal cannot be known to extend the class file: none of it is applied."""
    start = values(made)
    saved_then_crashed(made, 31, 32)
    lines = journal_file(made).read_bytes().splitlines(keepends=True)
    journal_file(made).write_bytes(b"{not a header\n" + b"".join(lines[1:]))
    whole = journal_file(made).read_bytes()
    fixed = fix_store(made, now=lambda: NOW)
    assert fixed.healthy and not journal_file(made).exists()
    (kept,) = (made / "quarantine").rglob("room-7.journal")
    assert kept.read_bytes() == whole
    assert values(made) == start


def test_a_journal_for_an_older_class_file_is_never_applied_and_never_deleted(made: Path) -> None:
    start = values(made)
    saved_then_crashed(made, 41)
    old = journal_file(made).read_bytes()
    # The class file is written again without folding (a crash between the fold's two steps).
    data = json.loads(class_file(made).read_bytes())
    data["meta"]["1"]["next_seq"] += 0
    class_file(made).write_bytes(json.dumps(data, indent=1).encode())
    assert values(made) == start  # not applied on top of a file it does not extend
    (finding,) = check_store(made, now=NOW).of_kind(JOURNAL)
    assert finding.level == "note" and finding.fixable
    with Store(made, journal=True) as store:
        store.add_scores(CLASS, [new(42)])
    assert values(made) == [*start, 42]
    kept = list((made / "quarantine").rglob("room-7.journal"))
    assert [p.read_bytes() for p in kept] == [old]


def test_restoring_a_backup_keeps_the_journal_aside(made: Path) -> None:
    with Store(made) as store:
        store.add_scores(CLASS, [new(51)])  # a plain save: keeps a backup of the file before it
    saved_then_crashed(made, 52)
    with Store(made) as store:
        backup = store.list_backups(CLASS)[0]
        store.restore_backup(backup.id)
        assert 52 not in [s.value for s in store.load_class(CLASS).scores]
    assert not journal_file(made).exists()
    assert len(list((made / "quarantine").rglob("room-7.journal"))) == 1


def test_a_command_after_a_crash_writes_the_journal_into_the_class_file(made: Path) -> None:
    start = values(made)
    saved_then_crashed(made, 31)
    with Store(made) as store:  # grouper score, say
        store.add_scores(CLASS, [new(32)])
    assert not journal_file(made).exists()
    assert values(made) == [*start, 31, 32]


def test_an_orphan_journal_is_reported_and_moved_aside(made: Path) -> None:
    orphan = made / "classes" / "gone.journal"
    orphan.write_bytes(b'{"grouper_journal":1,"base":"x"}\n')
    (finding,) = check_store(made, now=NOW).of_kind(JOURNAL)
    assert finding.level == "problem" and "gone.json" in finding.text
    fix_store(made, now=lambda: NOW)
    assert not orphan.exists() and len(list((made / "quarantine").rglob("gone.journal"))) == 1


def test_a_failed_append_saves_nothing_and_leaves_the_journal_whole(made: Path) -> None:
    """The disk fills mid-append: the score is refused, and the journal is cut back to its last whole line."""
    start = values(made)
    with Store(made, journal=True) as store:
        store.add_scores(CLASS, [new(41)])
        size = journal_file(made).stat().st_size
        old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size + 20, hard))  # room for 20 bytes more, then EFBIG
        try:
            with pytest.raises(StoreError) as e:
                store.add_scores(CLASS, [NewScore("s1", "letters-named", 42, DAY, "x" * 200)])
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
            signal.signal(signal.SIGXFSZ, old_handler)
        assert "room-7.journal" in str(e.value)
        assert journal_file(made).stat().st_size == size
        assert [s.value for s in store.load_class(CLASS).scores] == [*start, 41]
        store.add_scores(CLASS, [new(43)])  # and the next one saves
    assert values(made) == [*start, 41, 43]


def test_the_journal_names_the_class_tables_the_codec_uses() -> None:
    assert (journal.META, journal.SCORES) == (codec.META, codec.SCORES)
