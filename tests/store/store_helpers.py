"""Shared pieces for the store tests: a small pathway, a class, a settable clock.

Every test works on real files under ``tmp_path``; nothing here mocks the store.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from grouper.core.models import Absence, Check, ClassRecord, ClassSettings, Pathway, Score, Stage, Student

DAY = dt.date(2026, 11, 23)


class FakeClock:
    """A clock the test moves by hand, so backup rotation needs no sleeping."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += dt.timedelta(**kwargs)


def make_pathway(pathway_id: str = "early-reading") -> Pathway:
    return Pathway(
        id=pathway_id,
        name="Early reading",
        stages=(
            Stage(
                id="letters",
                label="Letters",
                focus="Name the letters",
                checks=(Check(id="letters-named", label="Letters named", max=54, mastery=50),),
            ),
            Stage(
                id="sounds",
                label="Sounds",
                focus="Say the sounds",
                checks=(
                    Check(id="sounds-said", label="Sounds said", max=26, mastery=24),
                    Check(id="blends", label="Blends read", max=10, mastery=8),
                ),
            ),
        ),
    )


def make_record(name: str = "Room 7", *, scores: int = 3) -> ClassRecord:
    students = [
        Student("s1", "Zoë Ōkubo"),
        Student("s2", "Liam O'Neil (Jr)", ("ell",)),
        Student("s3", "محمد", active=False),
    ]
    records = [
        Score(students[i % 3].id, "letters-named", (i * 7) % 55, DAY - dt.timedelta(days=i), i + 1, f"note {i}")
        for i in range(scores)
    ]
    return ClassRecord(
        name,
        make_pathway(),
        ClassSettings(min_size=2, max_size=5, max_groups=4),
        students,
        records,
        [Absence("s2", DAY)],
    )


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``root`` with its bytes and inode: equal snapshots mean nothing was written."""
    found: dict[str, tuple[bytes, int]] = {}
    if not root.exists():
        return found
    for folder, _, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            found[str(path.relative_to(root))] = (path.read_bytes(), path.stat().st_ino)
    return found


def temp_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.endswith(".tmp")]
