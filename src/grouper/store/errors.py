"""Errors from the store, each one line a teacher can act on.

A damaged or too-new file is never repaired or replaced behind the teacher's
back, so its error names the file and says how to go back to a saved copy.
"""

from __future__ import annotations

from pathlib import Path

from grouper.core.errors import GrouperError

RESTORE_HINT = "to go back to a saved copy: grouper backup list, then grouper backup restore ID"


class StoreError(GrouperError):
    """The store cannot do what was asked; nothing was changed (exit code 1)."""

    exit_code = 1


class StoreLocked(StoreError):
    """Another grouper is writing to the same store."""


class UnusableFile(StoreError):
    """A file we will not read as ours (damaged, or from a newer grouper): it is left exactly as it is."""

    def __init__(self, path: Path, why: str, hint: str = RESTORE_HINT) -> None:
        self.path = path
        self.why = why
        super().__init__(f"{path} {why}; it was left as it is; {hint}")


def damaged(path: Path, why: str) -> UnusableFile:
    return UnusableFile(path, f"is damaged ({why})")


def too_new(path: Path, found: int, known: int) -> UnusableFile:
    return UnusableFile(
        path,
        f"was saved by a newer grouper (schema {found}; this one knows {known})",
        f"update grouper, or {RESTORE_HINT}",
    )
