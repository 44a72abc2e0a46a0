"""What ``grouper doctor`` found, as data: the CLI prints it, tests check it, ``--fix`` acts on it.

Each finding is about one file or folder and says, in words a teacher can
act on, what is wrong and the way out. Only findings marked ``fixable`` are
ones ``--fix`` may repair: those whose repair never loses data (tighten
permissions, move a file aside, recreate a folder, put a readable class back
on the list).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Level = Literal["ok", "note", "problem"]

# The kinds of finding (stable words, so tests and the repair step can name them).
LOCK = "lock"
STALE_HOLDER = "stale-holder"
PERMISSIONS = "permissions"
TEMP_FILE = "temp-file"
UNREADABLE = "unreadable"  # damaged, not ours: --fix moves it aside
TOO_NEW = "too-new"  # saved by a newer grouper: left exactly as it is
MISSING_FILE = "missing-class-file"
NOT_LISTED = "not-in-index"
DUPLICATE = "duplicate-entry"
UNKNOWN_REF = "unknown-reference"
SEQ = "entry-numbers"
FUTURE = "future-dates"
NO_BACKUPS = "no-backups-folder"
BACKUP_AGE = "backup-age"
QUARANTINE = "quarantine"
JOURNAL = "score-journal"  # damaged or left over: --fix moves it aside
FILE_OK = "ok"


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing found about one file or folder. ``data`` carries what a repair needs (a stem, a name)."""

    level: Level
    kind: str
    path: Path | None
    text: str
    way_out: str = ""
    fixable: bool = False
    data: tuple[str, ...] = ()


@dataclass(slots=True)
class Report:
    """Everything found in one store; ``fixed`` lists, in words, what ``--fix`` did."""

    root: Path
    findings: list[Finding] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)
    not_fixed: list[str] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "problem"]

    @property
    def healthy(self) -> bool:
        return not self.problems

    def of_kind(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]
