"""``grouper doctor``: check a store and say, file by file, what is wrong and the way out.

Checking only reads: it writes nothing and never waits for the writer lock, so
it is safe while the app is open. A save in progress shows up as a temp file;
one is called left over only when no writer held the lock at any moment of the
look for them (the lock is taken, without waiting, for those milliseconds).
``repair.fix_store`` takes the writer lock and acts on the findings marked fixable.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import tomllib
from pathlib import Path

from grouper.formats.pathways import PathwayError, load_pathway_file
from grouper.store import holder
from grouper.store.backups import Backups
from grouper.store.doctor_classes import FIX, check_index, check_listed, check_orphan_journals, check_unlisted
from grouper.store.files import DIR_MODE, FILE_MODE, QUARANTINE_DIR, is_temp
from grouper.store.findings import (
    FILE_OK,
    LOCK,
    NO_BACKUPS,
    PERMISSIONS,
    QUARANTINE,
    STALE_HOLDER,
    TEMP_FILE,
    UNREADABLE,
    Finding,
    Report,
)


def check_store(
    root: Path,
    *,
    config_file: Path | None = None,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
    lock_ours: bool = False,
) -> Report:
    """Every check, in the order a person would read them. ``lock_ours``: we hold the writer lock (``--fix``)."""
    now = now or dt.datetime.now(dt.UTC)
    today = today or now.astimezone().date()
    report = Report(root)
    if not root.exists():
        report.add(Finding("note", FILE_OK, root, f"there is no grouper store at {root} yet: nothing to check"))
    elif not root.is_dir():
        report.add(Finding("problem", UNREADABLE, root, f"{root} is a file, not a grouper store folder"))
    else:
        busy = False if lock_ours else _check_lock(report)
        backups = Backups(root, lambda: now)
        entries = check_index(report, backups)
        if entries is not None:
            check_listed(report, entries, backups, now, today)
            check_unlisted(report, entries, backups)
        check_orphan_journals(report)
        _check_pathways(report)
        _check_backups_folder(report)
        _check_temps(report, busy, lock_ours)
        _check_permissions(report)
        _check_quarantine(report)
    if config_file is not None:
        _check_config(report, config_file)
    return report


def _check_lock(report: Report) -> bool:
    """Who has the store open; True when another grouper may be saving right now."""
    root = report.root
    held = holder.is_held(root)
    note = holder.read_holder(root)
    lock = root / holder.LOCK_NAME
    if held is None:
        report.add(Finding("note", LOCK, lock, "cannot tell whether another grouper has the store open"))
        return True
    if held:
        live = note is not None and note.alive() is not False
        who = note.describe() if live and note is not None else "a grouper that did not say who it is"
        report.add(Finding("note", LOCK, lock, f"the store is open for writing: {who}",
                           "fine for checking; close it before running grouper doctor --fix"))
        return True
    if note is not None:
        text = (f"{holder.HOLDER_NAME}: the last grouper to write ({note.describe()}) did not close the store "
                "(it was probably stopped); nothing was lost, the lock is free")
        report.add(Finding("note", STALE_HOLDER, root / holder.HOLDER_NAME, text, f"{FIX} removes the note",
                           fixable=True))
    else:
        report.add(Finding("ok", LOCK, lock, "nobody has the store open for writing"))
    return False


def _check_pathways(report: Report) -> None:
    folder = report.root / "pathways"
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.toml")):
        rel = f"pathways/{path.name}"
        try:
            pathway = load_pathway_file(path)
        except PathwayError as e:
            first = str(e).splitlines()[0].removeprefix(f"{path}: ").removeprefix(f"{path}")
            way = f"fix it (grouper pathway check FILE), or {FIX} moves it aside into quarantine/"
            report.add(Finding("problem", UNREADABLE, path, f"{rel} cannot be used: {first}", way, True, ("pathway",)))
            continue
        report.add(Finding("ok", FILE_OK, path, f"{rel}: pathway '{pathway.id}' reads cleanly"))


def _check_backups_folder(report: Report) -> None:
    folder = report.root / "backups"
    if folder.is_dir():
        return
    has_classes = (report.root / "classes").is_dir() and any((report.root / "classes").glob("*.json"))
    text = "backups/ is gone: there are no saved copies to go back to"
    if not has_classes:
        text = "backups/ does not exist yet"
    report.add(Finding("problem" if has_classes else "note", NO_BACKUPS, folder, text,
                       f"{FIX} makes the folder again; every save keeps a copy from then on", fixable=True))


def _store_folders(root: Path) -> list[Path]:
    folders = [root, root / "classes", root / "pathways"]
    backups = root / "backups"
    if backups.is_dir():
        folders += sorted(p for p in backups.iterdir() if p.is_dir() and not p.is_symlink())
    return folders


def _temp_files(root: Path) -> list[Path]:
    found = []
    for folder in _store_folders(root):
        try:
            names = sorted(e.name for e in os.scandir(folder) if is_temp(e.name) and e.is_file(follow_symlinks=False))
        except OSError:
            continue
        found += [folder / name for name in names]
    return found


def _check_temps(report: Report, busy: bool, lock_ours: bool) -> None:
    """Temp files a stopped save left behind (only ours: hidden, ending in .tmp).

    A writer that took the lock after ``_check_lock`` may be saving now: a temp
    file is called left over only if the lock was free for the whole look.
    """
    if busy or lock_ours:
        found = _temp_files(report.root)
    else:
        free, found = holder.while_free(report.root, lambda: _temp_files(report.root))
        busy = not free
    for path in found:
        rel = path.relative_to(report.root).as_posix()
        if busy:
            text = f"{rel}: a temp file, probably a save in progress by the grouper that has the store open"
            report.add(Finding("note", TEMP_FILE, path, text))
        else:
            text = f"{rel}: a temp file left by a save that was stopped (the saved file is the one before it)"
            report.add(Finding("problem", TEMP_FILE, path, text, f"{FIX} moves it aside into quarantine/", True))


def _check_permissions(report: Report) -> None:
    """Files 0600 and folders 0700: scores are private to the person who keeps them."""
    for folder, dirs, files in os.walk(report.root):
        dirs.sort()
        for name in [".", *sorted(n for n in files if not is_temp(n))]:  # temp files have their own finding
            path = Path(folder) if name == "." else Path(folder) / name
            try:
                info = path.lstat()
            except OSError:
                continue
            if stat.S_ISLNK(info.st_mode):
                continue
            want = DIR_MODE if stat.S_ISDIR(info.st_mode) else FILE_MODE
            mode = stat.S_IMODE(info.st_mode)
            if mode & 0o077 or mode & want != want:
                rel = path.relative_to(report.root).as_posix() if path != report.root else str(report.root)
                kind = "folder" if want == DIR_MODE else "file"
                others = "other people on this computer can read or change it" if mode & 0o077 else "you cannot use it"
                text = f"{rel}: {kind} permissions are {mode:04o} ({others}); they should be {want:04o}"
                way = f"{FIX} sets them to {want:04o}"
                report.add(Finding("problem", PERMISSIONS, path, text, way, fixable=True, data=(f"{want:o}",)))


def _check_quarantine(report: Report) -> None:
    folder = report.root / QUARANTINE_DIR
    if not folder.is_dir():
        return
    count = sum(len(files) for _, _, files in os.walk(folder))
    if count:
        text = (f"{QUARANTINE_DIR}/ holds {count} file(s) grouper moved aside earlier "
                "(doctor --fix, or score journals that no longer matched their class)")
        report.add(Finding("note", QUARANTINE, folder, text, "look through them; delete them yourself when done"))


def _check_config(report: Report, path: Path) -> None:
    try:
        tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        text = f"{path} (your preferences) cannot be read ({e}); the app ignores it"
        way = f"{FIX} moves it aside; the app then starts with its default theme"
        report.add(Finding("problem", UNREADABLE, path, text, way, fixable=True, data=("config",)))
        return
    report.add(Finding("ok", FILE_OK, path, f"{path} (your preferences) reads cleanly"))
