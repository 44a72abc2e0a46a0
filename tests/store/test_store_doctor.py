"""grouper doctor on real store folders: each fault is found and named; --fix repairs only what is safe.

Checking writes nothing. Fixing never deletes: every byte that was in the
store before ``--fix`` is still somewhere under it afterwards (in place, or
moved into ``quarantine/``), and a file from a newer grouper is not touched.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from store_helpers import DAY, make_record, snapshot

from grouper.store import NewScore, Store, StoreError, StoreLocked
from grouper.store import findings as k
from grouper.store.doctor import check_store
from grouper.store.files import temp_name
from grouper.store.findings import Report
from grouper.store.repair import fix_store

PROC = Path(__file__).with_name("store_proc.py")
NOW = dt.datetime(2026, 11, 23, 15, 30, tzinfo=dt.UTC)


def fix(root: Path, config_file: Path | None = None) -> Report:
    return fix_store(root, config_file=config_file, now=lambda: NOW)


def kinds(report: Report) -> list[tuple[str, str]]:
    return [(f.kind, f.level) for f in report.findings if f.level != "ok"]


@pytest.fixture
def healthy(root: Path) -> Path:
    with Store(root) as store:
        store.create_class(make_record("Room 7"))
        store.create_class(make_record("Room 8"))
        store.add_scores("Room 7", [NewScore("s1", "blends", 3, DAY)])
    return root


def test_a_healthy_store_reports_each_file_and_writes_nothing(healthy: Path) -> None:
    before = snapshot(healthy)
    report = check_store(healthy, now=NOW)
    assert report.healthy, kinds(report)
    named = {f.path.relative_to(healthy).as_posix() for f in report.findings if f.path and f.level == "ok"}
    assert {"index.json", "classes/room-7.json", "classes/room-8.json", "backups/room-7", ".lock"} <= named
    assert [f.kind for f in report.findings if f.level == "note"] == [k.BACKUP_AGE]  # Room 8 was saved once
    assert snapshot(healthy) == before


def truncate(p: Path) -> None:
    p.write_bytes(p.read_bytes()[:40])


def newer(p: Path) -> None:
    data = json.loads(p.read_text())
    next(iter(data["meta"].values()))["schema"] = 9
    p.write_text(json.dumps(data))


def stranger(p: Path) -> None:
    data = json.loads(p.read_text())
    next(iter(data["scores"].values())).update(student="ghost", check="no-such-check")
    p.write_text(json.dumps(data))


def reused_seq(p: Path) -> None:
    data = json.loads(p.read_text())
    next(iter(data["meta"].values()))["next_seq"] = 2
    p.write_text(json.dumps(data))


def unlisted(root: Path) -> None:
    index = json.loads((root / "index.json").read_text())
    index["classes"] = {k: v for k, v in index["classes"].items() if v["name"] != "Room 8"}
    (root / "index.json").write_text(json.dumps(index))
    os.chmod(root / "index.json", 0o600)


ROOM7 = "classes/room-7.json"
FAULTS: list[tuple[str, Callable[[Path], None], str, str, str]] = [
    # (name, spoil the store, the file named, kind, words in the finding or its way out)
    ("truncated", lambda r: truncate(r / ROOM7), ROOM7, k.UNREADABLE, "grouper backup restore room-7/"),
    ("newer schema", lambda r: newer(r / ROOM7), ROOM7, k.TOO_NEW, "update grouper"),
    ("missing file", lambda r: (r / ROOM7).unlink(), ROOM7, k.MISSING_FILE, "grouper backup restore room-7/"),
    ("not listed", unlisted, "classes/room-8.json", k.NOT_LISTED, "puts it back on the list"),
    ("unknown refs", lambda r: stranger(r / ROOM7), ROOM7, k.UNKNOWN_REF, "'ghost'"),
    ("seq", lambda r: reused_seq(r / ROOM7), ROOM7, k.SEQ, "would reuse number 2"),
    ("temp file", lambda r: temp_name(r / ROOM7).write_bytes(b"{"), "classes/.room-7.json.", k.TEMP_FILE, "stopped"),
    ("bad index", lambda r: truncate(r / "index.json"), "index.json", k.UNREADABLE, "restore index/"),
    ("no backups", lambda r: os.rename(r / "backups", r.parent / "away"), "backups", k.NO_BACKUPS, "gone"),
    ("open file", lambda r: os.chmod(r / ROOM7, 0o644), ROOM7, k.PERMISSIONS, "0644"),
    ("open folder", lambda r: os.chmod(r / "classes", 0o755), "classes", k.PERMISSIONS, "should be 0700"),
    ("pathway", lambda r: (r / "pathways" / "x.toml").write_text("id = ["), "pathways/x.toml", k.UNREADABLE, "TOML"),
]


@pytest.mark.parametrize(("spoil", "file", "kind", "words"), [f[1:] for f in FAULTS], ids=[f[0] for f in FAULTS])
def test_each_fault_is_named_with_its_file_and_a_way_out(
    healthy: Path, spoil: Callable[[Path], None], file: str, kind: str, words: str
) -> None:
    spoil(healthy)
    before = snapshot(healthy)
    report = check_store(healthy, now=NOW)
    assert not report.healthy
    found = [f for f in report.problems if f.kind == kind]
    assert found, kinds(report)
    finding = found[0]
    assert finding.path is not None and finding.path.relative_to(healthy).as_posix().startswith(file)
    assert words in finding.text + " " + finding.way_out
    assert finding.way_out and "\n" not in finding.text + finding.way_out
    assert snapshot(healthy) == before  # checking never writes


def every_byte(root: Path) -> set[bytes]:
    return {blob for blob, _ in snapshot(root).values()}


@pytest.mark.parametrize(
    ("spoil", "file", "kind", "words"),
    [f[1:] for f in FAULTS if f[3] in (k.UNREADABLE, k.NOT_LISTED, k.TEMP_FILE, k.NO_BACKUPS, k.PERMISSIONS)],
    ids=[f[0] for f in FAULTS if f[3] in (k.UNREADABLE, k.NOT_LISTED, k.TEMP_FILE, k.NO_BACKUPS, k.PERMISSIONS)],
)
def test_fix_repairs_what_is_safe_and_deletes_nothing(
    healthy: Path, spoil: Callable[[Path], None], file: str, kind: str, words: str
) -> None:
    spoil(healthy)
    before = every_byte(healthy)
    report = fix(healthy)
    assert report.fixed, kinds(report)
    assert not report.not_fixed
    assert before <= every_byte(healthy)  # nothing was thrown away
    assert not [f for f in report.problems if f.fixable]
    again = check_store(healthy, now=NOW)
    assert not again.of_kind(kind) or all(f.level != "problem" for f in again.of_kind(kind))
    with Store(healthy) as store:  # and the store opens and saves again
        names = store.class_names()
        assert "Room 8" in names
        store.add_scores("Room 8", [NewScore("s1", "blends", 4, DAY)])


def test_fix_moves_a_damaged_class_aside_then_restore_brings_it_back(healthy: Path) -> None:
    good = (healthy / ROOM7).read_bytes()
    truncate(healthy / ROOM7)
    spoiled = (healthy / ROOM7).read_bytes()
    report = fix(healthy)
    moved = list((healthy / "quarantine").rglob("room-7.json"))
    assert [p.read_bytes() for p in moved] == [spoiled]
    assert oct(moved[0].parent.stat().st_mode & 0o777) == "0o700"
    (missing,) = report.of_kind(k.MISSING_FILE)
    backup = missing.way_out.rsplit(" ", 1)[1]
    with Store(healthy) as store:
        assert store.restore_backup(backup) == "Room 7"
        assert store.load_class("Room 7").scores[-1].check == "letters-named"  # the version before the last save
    assert check_store(healthy, now=NOW).healthy
    assert good != spoiled


def test_a_damaged_class_list_is_rebuilt_from_the_class_files(healthy: Path) -> None:
    truncate(healthy / "index.json")
    report = fix(healthy)
    assert report.healthy, kinds(report)
    with Store(healthy, writable=False) as store:
        assert sorted(store.class_names()) == ["Room 7", "Room 8"]
    assert list((healthy / "quarantine").rglob("index.json"))


def test_a_lost_class_list_is_refused_not_shown_empty(healthy: Path) -> None:
    os.unlink(healthy / "index.json")
    before = snapshot(healthy)
    with Store(healthy) as store:
        for call in (store.class_names, lambda: store.create_class(make_record("Room 9"))):
            with pytest.raises(StoreError, match=r"index\.json \(the list of classes\) is missing.*doctor --fix"):
                call()
    assert snapshot(healthy) == before
    assert fix(healthy).healthy
    with Store(healthy, writable=False) as store:
        assert sorted(store.class_names()) == ["Room 7", "Room 8"]


def test_fix_never_touches_a_file_from_a_newer_grouper(healthy: Path) -> None:
    newer(healthy / ROOM7)
    blob = (healthy / ROOM7).read_bytes()
    report = fix(healthy)
    assert [f.kind for f in report.problems] == [k.TOO_NEW]
    assert (healthy / ROOM7).read_bytes() == blob and not (healthy / "quarantine").exists()


def test_a_missing_class_with_no_backup_comes_off_the_list_and_is_kept(healthy: Path) -> None:
    (healthy / "classes" / "room-8.json").unlink()  # Room 8 was saved once: no backup of it
    report = check_store(healthy, now=NOW)
    (missing,) = report.of_kind(k.MISSING_FILE)
    assert missing.fixable and "no backup" in missing.way_out
    assert fix(healthy).healthy
    with Store(healthy, writable=False) as store:
        assert store.class_names() == ["Room 7"]
    (kept,) = (healthy / "quarantine").rglob("index-entry-room-8.json")
    assert json.loads(kept.read_text())["name"] == "Room 8"


def test_a_bad_config_file_is_named_and_moved_aside(healthy: Path, tmp_path: Path) -> None:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir()
    config.write_text('theme = "unterminated\n')
    (finding,) = check_store(healthy, config_file=config, now=NOW).problems
    assert finding.path == config and "preferences" in finding.text
    report = fix(healthy, config)
    assert report.healthy and not config.exists()
    assert [p.read_text() for p in (config.parent / "quarantine").rglob("config.toml")] == ['theme = "unterminated\n']


def holding(root: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, str(PROC), "hold", str(root)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def let_go(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.write("\n")
    proc.stdin.close()
    assert proc.wait(timeout=30) == 0


def test_fix_refuses_while_the_app_has_the_store_and_checking_names_it(healthy: Path) -> None:
    os.chmod(healthy / ROOM7, 0o644)
    proc = holding(healthy)
    live = temp_name(healthy / ROOM7)  # as if the app were half-way through a save
    live.write_bytes(b"{")
    os.chmod(live, 0o600)
    try:
        before = snapshot(healthy)
        with pytest.raises(StoreLocked) as err:
            fix(healthy)
        assert f"pid {proc.pid}" in str(err.value) and "close it" in err.value.hint
        assert snapshot(healthy) == before
        report = check_store(healthy, now=NOW)
        (lock,) = report.of_kind(k.LOCK)
        assert lock.level == "note" and f"the grouper app, pid {proc.pid}" in lock.text
        (temp,) = report.of_kind(k.TEMP_FILE)
        assert temp.level == "note" and "in progress" in temp.text  # not called an orphan while someone saves
    finally:
        let_go(proc)
    report = fix(healthy)
    assert report.healthy and not live.exists()


def test_a_killed_holder_leaves_a_note_that_is_called_harmless(healthy: Path) -> None:
    proc = holding(healthy)
    proc.kill()
    proc.wait()
    report = check_store(healthy, now=NOW)
    assert report.healthy
    (stale,) = report.of_kind(k.STALE_HOLDER)
    assert f"pid {proc.pid}" in stale.text and "nothing was lost" in stale.text
    with Store(healthy):  # the lock itself was let go by the system
        pass
    assert not check_store(healthy, now=NOW).of_kind(k.STALE_HOLDER)
