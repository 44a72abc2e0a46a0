"""A first look at a class, read straight from its file, so the app can paint before it has loaded.

Opening the app properly means importing the store and tinydb, checking
every file and working out placements, progress and groups: a good part of a
second on a slow laptop. The names and scores are in the class file as plain JSON, so the app
paints them first (the grid, no places or groups yet) and puts the checked
class in its place a moment later. Nothing here writes, and anything this
quick reading cannot make sense of is left to the full load, which reports it
properly: every function returns None rather than raise.

This module must not import pydantic, tinydb or the store (a test checks it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from grouper.core.models import Check, Stage, taken_back
from grouper.core.text import class_key, visible


class ClassLook(NamedTuple):
    """What the grid shows of a class: its checks, its active students and their current scores."""

    name: str
    pathway: str
    stages: tuple[Stage, ...]  # the core's own stages and checks, as the full load builds them
    students: tuple[tuple[str, str], ...]  # (id, name), active students in roster order
    values: dict[str, dict[str, int]]
    #: The days each student is marked away (ISO dates; a bundle's sample days are not the demo's).
    away: dict[str, frozenset[str]]


def look_at_store(root: Path, wanted: str | None) -> ClassLook | None:
    """The class ``wanted`` (any case), or the first class, of the store at ``root``."""
    from grouper.store import journal  # (not for the demo's first look, which reads a bundle)

    try:
        index = json.loads((root / "index.json").read_bytes())
        entries = list(index["classes"].values())
        key = class_key(wanted or "")
        entry = next((e for e in entries if class_key(e["name"]) == key), entries[0])
        path = root / entry["file"]
        raw = path.read_bytes()
        data = json.loads(raw)
        journal.read_into(path, raw, data)  # (does nothing when there is no journal)
        meta = next(iter(data["meta"].values()))
        return _look(meta["name"], meta["pathway"], data["students"].values(), data.get("scores", {}).values(),
                     data.get("absences", {}).values(), data.get("retractions", {}).values())
    except Exception:
        return None


def look_at_bundle(path: Path) -> ClassLook | None:
    """A class bundle (the demo's first sample class)."""
    try:
        data = json.loads(path.read_bytes())
        return _look(data["class"]["name"], data["pathway"], data["students"], data.get("scores", []),
                     retractions=data.get("retractions", []))
    except Exception:
        return None


def _look(
    name: str,
    pathway: dict[str, Any],
    students: Iterable[dict[str, Any]],
    scores: Iterable[dict[str, Any]],
    absences: Iterable[dict[str, Any]] = (),
    retractions: Iterable[dict[str, Any]] = (),
) -> ClassLook:
    stages = tuple(
        Stage(stage["id"], visible(stage["label"]), stage.get("focus", ""),
              tuple(Check(c["id"], visible(c["label"]), int(c["max"]), int(c["mastery"])) for c in stage["checks"]))
        for stage in pathway["stages"]
    )
    active = tuple((s["id"], visible(s["name"])) for s in students if s.get("active", True))
    known = {c.id for stage in stages for c in stage.checks}
    latest: dict[tuple[str, str], tuple[tuple[str, int], int | None]] = {}
    dead = taken_back((int(r["seq"]), int(r["retracts"])) for r in retractions)  # scores taken back never count
    for sc in scores:
        if dead and sc["seq"] in dead:
            continue
        at = (sc["student"], sc["check"])
        order = (sc["date"], sc["seq"])
        if at not in latest or order > latest[at][0]:
            latest[at] = (order, sc["value"])
    values: dict[str, dict[str, int]] = {sid: {} for sid, _ in active}
    for (sid, check), (_, value) in latest.items():
        if sid in values and check in known and value is not None:
            values[sid][check] = value
    away: dict[str, set[str]] = {}
    for a in absences:
        away.setdefault(a["student"], set()).add(a["date"])
    return ClassLook(visible(name), visible(pathway["name"]), stages, active, values,
                     {sid: frozenset(days) for sid, days in away.items()})
