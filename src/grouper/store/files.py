"""Atomic, private file writes.

A teacher's scores must survive a laptop that dies mid-save, so every file is
written to a temporary file in the same folder, flushed to disk, renamed over
the old one with ``os.replace`` and the folder itself flushed. A killed write
leaves at worst a stray temp file (cleaned at the next writable open), never a
half-written class. Files are 0600 and folders 0700: the data is the user's.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Callable
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
TEMP_SUFFIX = ".tmp"
#: Where files grouper will not use are moved, never deleted (``grouper doctor --fix``, stale journals).
QUARANTINE_DIR = "quarantine"


def temp_name(target: Path) -> Path:
    """A fresh hidden temp path next to ``target`` (so ``os.replace`` never crosses a disk)."""
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def is_temp(name: str) -> bool:
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def make_dir(path: Path, *, parents: bool = False) -> None:
    """Create ``path`` as 0700 if it is missing; an existing folder is left as it is.

    With ``parents``, each missing folder above it is made the same way: 0700,
    whatever the umask (``mkdir``'s own parents would be 0755, or 0777 under umask 0).
    """
    if path.is_dir():
        return
    if parents and path.parent != path and not path.parent.is_dir():
        make_dir(path.parent, parents=True)
    try:
        path.mkdir(mode=DIR_MODE)
    except FileExistsError:
        if not path.is_dir():
            raise
        return
    os.chmod(path, DIR_MODE)  # mkdir's mode is filtered by the umask


def fsync_dir(path: Path) -> None:
    """Flush a folder so a rename in it survives a power cut."""
    if os.name == "nt":  # pragma: no cover - Windows cannot open folders
        return
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    except OSError as e:  # pragma: no cover - some filesystems refuse folder fsync
        if e.errno not in (errno.EINVAL, errno.ENOTSUP):
            raise
    finally:
        os.close(fd)


def write_temp(target: Path, blob: bytes) -> Path:
    """Write ``blob`` to a new 0600 temp file next to ``target`` and flush it to disk."""
    while True:
        tmp = temp_name(target)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
        except FileExistsError:  # pragma: no cover - 32 random bits collided
            continue
        break
    try:
        with os.fdopen(fd, "wb") as f:
            if hasattr(os, "fchmod"):
                os.fchmod(f.fileno(), FILE_MODE)
            f.write(blob)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def atomic_write(target: Path, blob: bytes, before_replace: Callable[[Path], None] | None = None) -> None:
    """Replace ``target`` with ``blob`` all at once.

    ``before_replace(target)`` runs after the new bytes are safely on disk and
    just before the rename (the store uses it to keep the old file as a backup).
    If anything fails the old file is untouched and the temp file removed.
    """
    tmp = write_temp(target, blob)
    try:
        if before_replace is not None:
            before_replace(target)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(target.parent)


def clean_temps(folder: Path) -> list[Path]:
    """Remove temp files a killed write left in ``folder``; returns what was removed."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return removed
    for entry in entries:
        if is_temp(entry.name) and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def quarantine_path(base: Path, path: Path, run: str) -> Path:
    """A free place for ``path`` in ``base/quarantine/RUN/<its path under base>`` (its folders made, 0700)."""
    try:
        rel = path.relative_to(base)
    except ValueError:
        rel = Path(path.name)
    dest = base / QUARANTINE_DIR / run / rel
    make_dirs(base, dest.parent)
    n = 2
    while dest.exists() or dest.is_symlink():
        dest = dest.with_name(f"{rel.name}.{n}")
        n += 1
    return dest


def quarantine(base: Path, path: Path, run: str) -> Path:
    """Move ``path`` to ``base/quarantine/RUN/<its path under base>`` by rename; never over another file."""
    dest = quarantine_path(base, path, run)
    os.rename(path, dest)
    fsync_dir(path.parent)
    fsync_dir(dest.parent)
    return dest


def make_dirs(base: Path, folder: Path) -> None:
    """Make ``folder`` and the folders between it and ``base``, each 0700."""
    for level in reversed([folder, *folder.parents]):
        if base in level.parents:
            make_dir(level)
