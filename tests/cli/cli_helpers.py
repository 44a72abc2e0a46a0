"""Running the installed ``grouper`` script for the command-line tests.

Every test runs the real console script in a subprocess, with its own store,
``GROUPER_TODAY`` fixed to a Friday and a private config folder, so nothing
here can touch a teacher's real classes and no date depends on the calendar.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GROUPER = Path(sys.executable).parent / "grouper"
REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "sample_classes"

TODAY = "2026-11-20"  # a Friday
NEXT_SCHOOL_DAY = "2026-11-23"  # the Monday after it
CLASS = "Room 7"

# Variables from the developer's shell that would change what grouper prints or where it writes.
_DROPPED = ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "CLICOLOR_FORCE", "COLUMNS", "LINES")

#: The class every populated store holds: (id, name, tags), names exactly as a roster CSV gives them.
ROSTER: tuple[tuple[str, str, str], ...] = (
    ("z1", "Zoë Ng", "ELL"),
    ("a1", "Ana Lopez", ""),
    ("a2", "Anabel Cruz", "IEP"),
    ("b1", "Bo Li", ""),
    ("br", "[bold]Ana[/bold]", ""),
    ("cl", "[/]", ""),
    ("jo", "José O'Neil", "ELL;IEP"),
    ("ar", "محمد", ""),
    ("zh", "王小明", ""),
    ("eq", '=HYPERLINK("x")', ""),
    ("at", "@SUM(A1)", ""),
    ("sc", "<script>alert(1)</script>", ""),
    ("pl", "+Plus -Minus", ""),
)
NAMES = {sid: name for sid, name, _ in ROSTER}

#: early-literacy checks in path order: (id, max, mastery).
LITERACY_CHECKS = (
    ("cap", 12, 10),
    ("lid", 54, 50),
    ("lsnd", 26, 24),
    ("blend", 10, 8),
    ("seg", 10, 8),
    ("hfw", 50, 45),
    ("cvc", 20, 18),
    ("spell", 10, 8),
    ("dig", 20, 17),
    ("acc", 100, 90),
    ("ret", 4, 3),
    ("wcpm", 200, 50),
    ("pros", 4, 3),
)

#: Scores of the populated class: (student id, check, value, date).
SCORES: tuple[tuple[str, str, int, str], ...] = (
    ("z1", "cap", 11, "2026-11-16"),
    ("z1", "lid", 30, "2026-11-16"),
    ("z1", "lsnd", 25, "2026-11-16"),
    ("a1", "cap", 12, "2026-11-16"),
    ("a1", "lid", 54, "2026-11-17"),
    ("a1", "lsnd", 26, "2026-11-17"),
    ("a2", "cap", 4, "2026-11-17"),
    *(("b1", check, top, "2026-11-18") for check, top, _ in LITERACY_CHECKS),
)

#: Where those scores put each student: (stage id, status). Everyone else has no score yet.
EXPECTED_PLACES = {
    "z1": ("letters", "working"),
    "a1": ("phonemes", "needs-assessment"),
    "a2": ("print", "working"),
    "b1": ("complete", "complete"),
}


def expected_place(sid: str) -> tuple[str, str]:
    return EXPECTED_PLACES.get(sid, ("print", "needs-assessment"))


def roster_csv() -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "name", "tags"])
    w.writerows(ROSTER)
    return buf.getvalue()


def scores_csv() -> str:
    lines = ["student,check,score,date,note"]
    lines += [f"{sid},{check},{value},{day}," for sid, check, value, day in SCORES]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Result:
    argv: tuple[str, ...]
    code: int
    out: str
    err: str

    def __str__(self) -> str:
        return f"$ grouper {' '.join(self.argv)}\n-> exit {self.code}\n--- stdout\n{self.out}--- stderr\n{self.err}"

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


class Cli:
    """Runs the installed script with a fixed, private environment."""

    def __init__(self, home: Path, config: Path) -> None:
        self.home = home
        self.config = config

    def env(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GROUPER_") and k not in _DROPPED}
        env.update(
            GROUPER_TODAY=TODAY,
            GROUPER_HOME=str(self.home),
            GROUPER_CONFIG_DIR=str(self.config),
            COLUMNS="200",  # rich wraps at 80 columns when not on a terminal; keep lines whole
            PYTHONUTF8="1",
        )
        env.update(extra or {})
        return env

    def __call__(
        self,
        *args: object,
        store: Path | None = None,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> Result:
        argv = (["--store", str(store)] if store is not None else []) + [str(a) for a in args]
        proc = subprocess.run(
            [str(GROUPER), *argv],
            stdin=subprocess.DEVNULL,  # never a terminal: nothing here may open the app
            capture_output=True,  # bytes: CRLF in an export must reach the test as written
            env=self.env(env),
            cwd=cwd,
            timeout=60,
        )
        return Result(tuple(argv), proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))

    def ok(self, *args: object, store: Path | None = None, **kw: Any) -> Result:
        r = self(*args, store=store, **kw)
        assert r.code == 0, str(r)
        assert "Traceback" not in r.err, str(r)
        return r

    def groups(self, store: Path, cls: str = CLASS, *extra: str) -> dict[str, Any]:
        """``grouper groups CLASS --json`` as data."""
        return json.loads(self.ok("groups", cls, "--json", *extra, store=store).out)  # type: ignore[no-any-return]

    def bundle(self, store: Path, cls: str = CLASS) -> dict[str, Any]:
        """``grouper class export CLASS`` as data: everything the store holds about the class."""
        return json.loads(self.ok("class", "export", cls, store=store).out)  # type: ignore[no-any-return]


def assert_error(r: Result, code: int, *needles: str, max_lines: int = 2) -> None:
    """A refusal a person can read: the exit code, a few plain lines naming what is wrong, no traceback."""
    assert r.code == code, str(r)
    assert "Traceback" not in r.err and "Traceback" not in r.out, str(r)
    assert 1 <= len(r.err_lines) <= max_lines, str(r)
    for needle in needles:
        assert needle in r.err, f"{needle!r} not in stderr\n{r}"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (but the lock and its holder note) with its bytes: equal means nothing was written."""
    found: dict[str, bytes] = {}
    if not root.exists():
        return found
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name not in (".lock", ".lock-holder"):
            found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def write_text(path: Path, text: str, *, bom: bool = False, crlf: bool = False, encoding: str = "utf-8") -> Path:
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    data = text.encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def students_of(bundle: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in bundle["students"]}


def member_ids(plan: Mapping[str, Any]) -> list[str]:
    """Ids of every student in a group, in group order (duplicates kept, so they can be counted)."""
    return [s["id"] for g in plan["groups"] for s in g["students"]]


def placements(plan: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    return {p["id"]: (p["stage"], p["status"]) for p in plan["placements"]}


def latest(bundle: Mapping[str, Any], student: str, check: str) -> dict[str, Any] | None:
    """The score that counts for (student, check): latest date, then latest entry."""
    found = [s for s in bundle["scores"] if s["student"] == student and s["check"] == check]
    return max(found, key=lambda s: (s["date"], s["seq"]), default=None)


def parse_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def backup_ids(listing: str) -> list[str]:
    """The ids column of ``grouper backup list``, newest first."""
    return [line.split()[0] for line in listing.splitlines()[1:] if "/" in line.split()[0]]


def sample_files() -> list[Path]:
    return sorted(SAMPLES.glob("*.json"))


def sample_bundle(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
