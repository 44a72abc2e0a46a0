"""The doctor's checks of the class list and the class files.

A class file is read exactly as the store reads it (``parse_tables`` and the
codec's checks), so what the doctor calls healthy is what the app can open.
It then checks what the store takes on trust: every score names a student on
the roster and a check of the class's pathway, and the entry numbers that
order scores within a day are unique and ahead of the next one to be given.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from grouper.core.text import class_key
from grouper.store import codec, journal
from grouper.store.backups import Backups
from grouper.store.errors import StoreError, TooNew, UnusableFile
from grouper.store.findings import (
    BACKUP_AGE,
    DUPLICATE,
    FILE_OK,
    FUTURE,
    JOURNAL,
    MISSING_FILE,
    NOT_LISTED,
    SEQ,
    TOO_NEW,
    UNKNOWN_REF,
    UNREADABLE,
    Finding,
    Report,
)
from grouper.store.storage import Data, parse_tables

FIX = "grouper doctor --fix"
#: A class file changed this long after its newest backup has saves with no copy behind them.
BACKUP_LAG = dt.timedelta(days=1)


def read_checked(path: Path, index: bool = False, report: Report | None = None) -> Data:
    """The file's tables, checked as the store checks them (UnusableFile or StoreError if not).

    With ``report``, a class file in the store is read with its score journal,
    as the store reads it, and what is wrong with the journal is reported.
    """
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise StoreError(f"cannot read it ({e.strerror or e})") from None
    data = parse_tables(path, raw)
    if index:
        codec.check_index_data(path, data)
        return data
    if report is not None:
        codec.check_class_data(path, data)
        _read_journal(report, path, raw, data)
    codec.record_from_data(path, data)
    return data


def _read_journal(report: Report, path: Path, raw: bytes, data: Data) -> None:
    where = journal.journal_path(path)
    rel = f"classes/{where.name}"
    aside = f"{FIX} moves it aside into quarantine/"
    try:
        found = journal.read_into(path, raw, data)
    except StoreError as e:
        counts = journal.damaged_lines(path)
        if counts is not None:  # only some lines: the good ones stay, the damaged ones go aside
            good, bad = counts
            text = (f"{rel} (the newest scores of classes/{path.name}) {why(e)}: {bad} of its {good + bad} lines "
                    "cannot be read, so the class does not open")
            way = f"{FIX} keeps the {good} good line(s) and moves the {bad} damaged one(s) into quarantine/"
            report.add(Finding("problem", JOURNAL, where, text, way, fixable=True, data=(journal.LINES,)))
            return
        text = f"{rel} (the newest scores of classes/{path.name}) {why(e)}; the class is read without it"
        report.add(Finding("problem", JOURNAL, where, text, f"{aside}, where its scores are kept", fixable=True))
        return
    if found is None:
        return
    if not found.matches:
        text = f"{rel} is left over from before classes/{path.name} was last written, so it is not used"
        report.add(Finding("note", JOURNAL, where, text, aside, fixable=True))
    elif found.torn:
        text = f"{rel}: its last entry was cut short by a crash (it was never shown as saved) and is not used"
        report.add(Finding("note", JOURNAL, where, text, "the next save writes the class file again"))


def check_orphan_journals(report: Report) -> None:
    """A score journal whose class file is gone: kept (moved aside), never applied to anything."""
    folder = report.root / "classes"
    if not folder.is_dir():
        return
    for path in sorted(folder.glob(f"*{journal.SUFFIX}")):
        if not path.with_suffix(".json").exists():
            text = f"classes/{path.name} holds scores for classes/{path.stem}.json, which is not there"
            way = f"{FIX} moves it aside into quarantine/, where its scores are kept"
            report.add(Finding("problem", JOURNAL, path, text, way, fixable=True))


def why(error: StoreError) -> str:
    return error.why if isinstance(error, UnusableFile) else str(error)


def is_too_new(error: StoreError) -> bool:
    return isinstance(error, TooNew)


def newest_good_backup(backups: Backups, stem: str, index: bool = False) -> str | None:
    """The id of the newest backup of ``stem`` that reads cleanly (the one to restore)."""
    for _, _, path in backups.entries(stem):
        try:
            read_checked(path, index)
        except StoreError:
            continue
        return f"{stem}/{path.stem}"
    return None


def restore_words(backup: str | None) -> str:
    if backup is None:
        return "there is no backup of it to go back to"
    return f"to go back to its newest good backup: grouper backup restore {backup}"


def unusable(report: Report, path: Path, rel: str, error: StoreError, backup: str | None, kind_data: str) -> None:
    """A file the store would refuse: too new (left alone) or damaged (moved aside by --fix)."""
    if is_too_new(error):
        way = "update grouper; the file is left as it is"
        report.add(Finding("problem", TOO_NEW, path, f"{rel} {why(error)}", way))
        return
    way = f"{FIX} moves it aside into quarantine/; {restore_words(backup)}"
    report.add(Finding("problem", UNREADABLE, path, f"{rel} {why(error)}", way, fixable=True, data=(kind_data,)))


def check_index(report: Report, backups: Backups) -> list[dict[str, Any]] | None:
    """Check ``index.json``; returns its entries ([] if it is missing), or None if it cannot be read."""
    path = report.root / "index.json"
    if not path.exists():
        return []
    try:
        data = read_checked(path, index=True)
    except StoreError as e:
        backup = newest_good_backup(backups, "index", index=True)
        unusable(report, path, "index.json (the list of classes)", e, backup, "index")
        return None
    entries = codec.index_entries(data)
    files = Counter(e["file"] for e in entries)
    names = Counter(class_key(e["name"]) for e in entries)
    for entry in entries:
        if files[entry["file"]] > 1 or names[class_key(entry["name"])] > 1:
            text = f"index.json lists '{entry['name']}' ({entry['file']}) twice, or with another class's name or file"
            report.add(Finding("problem", DUPLICATE, path, text, "restore the list: grouper backup list, then restore"))
            break
    report.add(Finding("ok", FILE_OK, path, f"index.json: {len(entries)} class(es) listed"))
    return entries


def check_listed(
    report: Report, entries: list[dict[str, Any]], backups: Backups, now: dt.datetime, today: dt.date
) -> None:
    """Each class the list names: its file is there, reads cleanly, and its scores fit it."""
    for entry in entries:
        stem = codec.entry_stem(entry)
        path = report.root / entry["file"]
        name = entry["name"]
        if not path.exists():
            backup = newest_good_backup(backups, stem)
            text = f"the list names '{name}', but its file {entry['file']} is missing"
            if backup is not None:
                report.add(Finding("problem", MISSING_FILE, path, text, restore_words(backup)))
            else:
                way = f"there is no backup of it; {FIX} takes '{name}' off the list (the entry is kept in quarantine/)"
                report.add(Finding("problem", MISSING_FILE, path, text, way, fixable=True, data=(stem, name)))
            continue
        try:
            data = read_checked(path, report=report)
        except StoreError as e:
            unusable(report, path, f"{entry['file']} ('{name}')", e, newest_good_backup(backups, stem), "class")
            continue
        check_contents(report, path, f"{entry['file']} ('{name}')", data, today)
        check_backups(report, path, stem, name, backups, now)


def check_unlisted(report: Report, entries: list[dict[str, Any]], backups: Backups) -> None:
    """Class files the list does not name: a readable one can go back on the list."""
    folder = report.root / "classes"
    if not folder.is_dir():
        return
    listed = {codec.entry_stem(e) for e in entries}
    names = {class_key(e["name"]) for e in entries}
    for path in sorted(folder.glob("*.json")):
        if path.stem in listed or not path.is_file():
            continue
        rel = f"classes/{path.name}"
        try:
            data = read_checked(path, report=report)
        except StoreError as e:
            backup = newest_good_backup(backups, path.stem)
            unusable(report, path, f"{rel} (not on the list of classes)", e, backup, "class")
            continue
        name = codec.meta_entry(path, data)[1]["name"]
        text = f"{rel} holds the class '{name}', but it is not on the list of classes"
        if not codec.FILE_RE.match(rel):
            report.add(Finding("problem", NOT_LISTED, path, text, "rename the file to lower-case letters and digits"))
        elif class_key(name) in names or not name.strip():
            way = "another class has that name; move the file out of classes/ if it is an old copy"
            report.add(Finding("problem", NOT_LISTED, path, text, way))
        else:
            names.add(class_key(name))
            way = f"{FIX} puts it back on the list"
            report.add(Finding("problem", NOT_LISTED, path, text, way, fixable=True, data=(path.stem, name)))


def check_contents(report: Report, path: Path, rel: str, data: Data, today: dt.date) -> None:
    """Scores that name a student or check the class does not have, and entry numbers out of step."""
    _, meta = codec.meta_entry(path, data)
    students = codec.student_ids(data)
    checks = {c.id for c in codec.pathway_of(path, meta).scoreable_checks()}
    docs = list(data.get(codec.SCORES, {}).values())
    bad_students = Counter(ref for d in docs if (ref := _ref(d["student"])) not in students)
    bad_checks = Counter(ref for d in docs if (ref := _ref(d["check"])) not in checks)
    future = sum(1 for d in docs if d["date"] > today.isoformat())
    way = "add the student back (grouper roster import) or go back to a backup (grouper backup list)"
    if bad_students:
        text = f"{rel}: {bad_students.total()} score(s) name students not on its roster: {_counted(bad_students)}"
        report.add(Finding("problem", UNKNOWN_REF, path, text, way))
    if bad_checks:
        text = f"{rel}: {bad_checks.total()} score(s) name checks its pathway does not have: {_counted(bad_checks)}"
        report.add(Finding("problem", UNKNOWN_REF, path, text, "go back to a backup (grouper backup list)"))
    # A score taken back (undo) is kept with its retraction, which has an entry number of its own.
    retractions = codec.retractions_of(data)
    seqs = Counter([*(d["seq"] for d in docs), *(seq for seq, _ in retractions)])
    known = {d["seq"] for d in docs}
    for seq, retracts in sorted(retractions):
        if retracts not in known or retracts >= seq:
            text = f"{rel}: a retraction (entry {seq}) takes back entry {retracts}, which is not an earlier score"
            report.add(Finding("problem", UNKNOWN_REF, path, text, "go back to a backup (grouper backup list)"))
            break
        known.add(seq)
    twice = sorted(s for s, n in seqs.items() if n > 1)
    ahead = max(seqs, default=0) >= meta["next_seq"]
    if twice or ahead:
        reuse = f"the next score would reuse number {meta['next_seq']}"
        detail = f"number {twice[0]} is used twice" if twice else reuse
        text = f"{rel}: the entry numbers that order a day's scores are out of step ({detail})"
        report.add(Finding("problem", SEQ, path, text, "go back to a backup (grouper backup list)"))
    if future:
        text = f"{rel}: {future} score(s) are dated after today ({today.isoformat()})"
        report.add(Finding("note", FUTURE, path, text, "the computer's clock may have been wrong when they were typed"))
    n_students, n_scores = len(data.get(codec.STUDENTS, {})), len(docs)
    report.add(Finding("ok", FILE_OK, path, f"{rel}: reads cleanly, {n_students} students, {n_scores} scores"))


def check_backups(report: Report, path: Path, stem: str, name: str, backups: Backups, now: dt.datetime) -> None:
    """How old the newest saved copy of a class is, and whether saves since then have one."""
    entries = backups.entries(stem)
    where = backups.folder / stem
    if not entries:
        text = f"backups/{stem}: no backup of '{name}' yet (one is kept each time it is saved again)"
        report.add(Finding("note", BACKUP_AGE, where, text))
        return
    taken = entries[0][1]
    age = _age(now - taken)
    changed = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    if changed - taken > BACKUP_LAG:
        text = (f"backups/{stem}: the newest backup of '{name}' is from {taken:%Y-%m-%d}, "
                f"but its file changed on {changed:%Y-%m-%d}; changes since then have no saved copy yet")
        report.add(Finding("note", BACKUP_AGE, where, text, "the next save keeps one"))
        return
    report.add(Finding("ok", BACKUP_AGE, where, f"backups/{stem}: {len(entries)} backup(s), newest {age}"))


def _ref(value: object) -> str:
    """An id as text; a hand-edited non-text id is shown as what it is, and never matches a real one."""
    return value if isinstance(value, str) else f"{value!r} (not text)"


def _counted(counts: Counter[str], limit: int = 4) -> str:
    shown = ", ".join(f"'{k}'" + (f" ({n})" if n > 1 else "") for k, n in counts.most_common(limit))
    return shown + (f" and {len(counts) - limit} more" if len(counts) > limit else "")


def _age(delta: dt.timedelta) -> str:
    if delta < dt.timedelta(hours=1):
        return "less than an hour old"
    if delta < dt.timedelta(days=2):
        return f"{int(delta.total_seconds() // 3600)} hour(s) old"
    return f"{delta.days} days old"
