"""Errors from the store, each one line a teacher can act on.

A damaged or too-new file is never repaired or replaced behind the teacher's
back, so its error names the file and says how to go back to a saved copy.
"""

from __future__ import annotations

import errno
from pathlib import Path

from grouper.core.errors import GrouperError

RESTORE_HINT = "to go back to a saved copy: grouper backup list, then grouper backup restore ID"


class StoreError(GrouperError):
    """The store cannot do what was asked; nothing was changed (exit code 1)."""

    exit_code = 1


class StoreLocked(StoreError):
    """Another grouper is writing to the same store.

    ``hint`` is the way out (the command line prints it on a second line);
    ``holder`` says who has the store, when that is known.
    """

    def __init__(self, message: str, hint: str = "", holder: object = None) -> None:
        super().__init__(message)
        self.hint = hint
        self.holder = holder


class UnusableFile(StoreError):
    """A file we will not read as ours (damaged, or from a newer grouper): it is left exactly as it is."""

    def __init__(self, path: Path, why: str, hint: str = RESTORE_HINT) -> None:
        self.path = path
        self.why = why
        super().__init__(f"{path} {why}; it was left as it is; {hint}")


def damaged(path: Path, why: str) -> UnusableFile:
    return UnusableFile(path, f"is damaged ({why})")


class TooNew(UnusableFile):
    """A file from a newer grouper: it is not damaged, so nothing may move or replace it."""


def too_new(path: Path, found: int, known: int) -> UnusableFile:
    return TooNew(
        path,
        f"was saved by a newer grouper (schema {found}; this one knows {known})",
        f"update grouper, or {RESTORE_HINT}",
    )


_MAY_WRITE = "check that you may write to {folder} (grouper doctor checks the store)"
#: What a refused write means, in words, and what the teacher can do about it.
_REFUSALS = {
    errno.ENOSPC: ("the disk is full", "free some space on the disk, then try again"),
    errno.EDQUOT: ("your disk quota is used up", "free some space, then try again"),
    errno.EFBIG: ("the file would be too large for this disk", "free some space or move the store, then try again"),
    errno.EROFS: ("the disk is read-only", "grouper can only read this store here; copy it to a disk you can write to"),
    errno.EACCES: ("permission denied", _MAY_WRITE),
    errno.EPERM: ("the system refused the change", _MAY_WRITE),
    errno.EIO: ("the disk reported an error", "check the disk, then try again; your last saved version is kept"),
}


class WriteRefused(StoreError):
    """The disk refused a write (full, read-only, no permission): the file on disk is the last good one.

    ``hint`` is the way out; the command line prints it on a second line.
    """

    def __init__(
        self, path: Path, err: OSError, what: str = "save", folder: Path | None = None, into: Path | None = None
    ) -> None:
        """``folder`` is the one to check (``path``'s by default); ``into``, where a copy of ``path`` was going."""
        why, hint = _REFUSALS.get(err.errno or 0, (err.strerror or str(err), "try again"))
        detail = f" ({err.strerror})" if err.strerror and err.strerror.lower() != why else ""
        self.path = path
        self.errno = err.errno
        self.hint = hint.format(folder=folder or into or path.parent)
        where = f" in {into}" if into is not None else ""
        super().__init__(f"could not {what} {path}{where}: {why}{detail}; nothing was changed")
