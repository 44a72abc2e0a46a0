"""How a class is laid out in its TinyDB file, and the checks on reading it back.

The documents use the same field names as the bundle dicts in ``core.bundle``
so a class file reads like an export. A ``meta`` document carries the schema
version: a file from a newer grouper is refused rather than misread and then
saved back in an older shape.

The meta document also carries a *seal*: a digest of its pathway and settings
as they were when pydantic last checked them (``core.validation``). Reading a
class whose seal matches builds the pathway straight from the file, so the
commands and the app never load pydantic to read a class grouper wrote
itself. Anything else (a hand-edited file, a file from before seals) is
checked in full, and sealed in memory so the next full write keeps the seal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from grouper.core.block import Adult, Block, block_problem
from grouper.core.models import (
    Absence,
    ClassRecord,
    ClassSettings,
    LockedPlan,
    Note,
    NoteError,
    Override,
    Pathway,
    Score,
    Student,
    taken_back,
)
from grouper.formats.documents import (
    STUDENT_OPTIONAL,
    absence_to_dict,
    detour_taken_from_dict,
    detour_taken_to_dict,
    goal_from_dict,
    goal_to_dict,
    note_to_dict,
    override_to_dict,
    pathway_from_dict,
    pathway_to_dict,
    plan_to_dict,
    retraction_from_dict,
    retraction_to_dict,
    score_to_dict,
    set_to_list,
    settings_from_dict,
    settings_to_dict,
    student_to_dict,
    tier_from_dict,
    tier_to_dict,
)
from grouper.store.errors import StoreError, damaged, too_new

SCHEMA = 1
T = TypeVar("T")

META = "meta"
STUDENTS = "students"
SCORES = "scores"
ABSENCES = "absences"
PLANS = "plans"
NOTES = "notes"  # added later: a class file without this table simply has no notes
# Added later still: the teacher's rules. A file without these tables has none.
KEEP_APART = "keep_apart"  # {"students": [ids]}
KEEP_TOGETHER = "keep_together"
OVERRIDES = "overrides"  # {"student", "stage", "date" (null for a pin)}
# Added later again: scores taken back (undo), {"seq", "retracts", "retracted_at"}. The score
# stays in its table; a file without this table has taken nothing back.
RETRACTIONS = "retractions"
# Added later again: detours the teacher took students on, {"student", "stage", "detour", "started",
# "ended" (null until ended by hand)}. A file without this table has none.
DETOURS = "detours"
# And goals: {"student", "check", "target", "by", "started"}, one per student and check.
GOALS = "goals"
TIERS = "tiers"
_WORDS = {KEEP_APART: "keep-apart sets", KEEP_TOGETHER: "keep-together sets", OVERRIDES: "moves and pins",
          RETRACTIONS: "scores taken back", DETOURS: "detours",
          GOALS: "goals", TIERS: "tier changes"}
#: The table holding each kind of set.
SET_TABLES = {"keep-apart": KEEP_APART, "keep-together": KEEP_TOGETHER}
CLASSES = "classes"  # the table in index.json
BLOCKS = "blocks"  # index.json too: the grade team's blocks (added later; an index without it has none)

FILE_RE = re.compile(r"^classes/([a-z0-9][a-z0-9-]*)\.json$")

Data = dict[str, dict[str, Any]]


#: The meta field holding the seal.
SEAL = "checked"
#: Part of every seal: change it whenever the checks in ``core.validation`` change, so older seals are checked again.
_SEAL_RULES = b"grouper: pathway and settings checked, rules 1\n"


def seal_of(meta: dict[str, Any]) -> str:
    """The digest of a meta document's pathway and settings (keys sorted, so key order does not matter)."""
    blob = json.dumps([meta.get("pathway"), meta.get("settings")], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(_SEAL_RULES + blob.encode("ascii")).hexdigest()


def checked_details(record: ClassRecord) -> tuple[dict[str, Any], dict[str, Any]]:
    """A new class's pathway and settings as checked documents, or a StoreError saying what is wrong."""
    from pydantic import ValidationError

    from grouper.formats.validation import check_pathway

    try:
        pathway = pathway_to_dict(check_pathway(pathway_to_dict(record.pathway)))
    except (ValidationError, AttributeError, TypeError):
        raise StoreError("the class's pathway is not valid; nothing was saved") from None
    return pathway, checked_settings(record.settings)


def checked_settings(settings: ClassSettings) -> dict[str, Any]:
    """Settings as a checked document, or a StoreError: the store keeps only settings it can seal."""
    from pydantic import ValidationError

    from grouper.formats.validation import check_settings

    try:
        return settings_to_dict(check_settings(settings_to_dict(settings)))
    except (ValidationError, AttributeError, TypeError) as e:
        first = str(e).strip().splitlines()[-1].strip()
        raise StoreError(f"the settings are not valid ({first}); nothing was saved") from None


def meta_doc(record: ClassRecord, next_seq: int) -> dict[str, Any]:
    pathway, settings = checked_details(record)
    meta = {"schema": SCHEMA, "name": record.name, "settings": settings, "pathway": pathway, "next_seq": next_seq}
    meta[SEAL] = seal_of(meta)
    return meta


def record_tables(record: ClassRecord) -> dict[str, list[dict[str, Any]]]:
    """The documents of each table for a new class file; scores in entry (seq) order.

    The scores taken back go in with the others (nothing is lost), and their retractions with them.
    """
    scores = sorted([*record.scores, *record.retracted], key=lambda s: s.seq)
    retractions = sorted(record.retractions, key=lambda r: r.seq)
    next_seq = max([*(s.seq for s in scores), *(r.seq for r in retractions)], default=0) + 1
    tables: dict[str, list[dict[str, Any]]] = {
        META: [meta_doc(record, next_seq)],
        STUDENTS: [student_to_dict(s) for s in record.students],
        SCORES: [score_to_dict(s) for s in scores],
        ABSENCES: [absence_to_dict(a) for a in record.absences],
        PLANS: [plan_to_dict(p) for p in record.plans],
        NOTES: [note_to_dict(n) for n in record.notes],
        KEEP_APART: [set_doc(g, record.students) for g in record.keep_apart],
        KEEP_TOGETHER: [set_doc(g, record.students) for g in record.keep_together],
        OVERRIDES: [override_to_dict(o) for o in record.overrides],
    }
    if retractions:  # only when there are some: a class without any is written exactly as before
        tables[RETRACTIONS] = [retraction_to_dict(r) for r in retractions]
    if record.detours:
        tables[DETOURS] = [detour_taken_to_dict(t) for t in record.detours]
    if record.goals:
        tables[GOALS] = [goal_to_dict(g) for g in record.goals]
    if record.tiers:
        tables[TIERS] = [tier_to_dict(t) for t in record.tiers]
    return tables


def retractions_of(data: Data) -> list[tuple[int, int]]:
    """(seq, seq taken back) of each retraction document that reads; the store checks what it adds."""
    found = []
    for doc in data.get(RETRACTIONS, {}).values():
        seq, retracts = doc.get("seq"), doc.get("retracts")
        if type(seq) is int and type(retracts) is int:
            found.append((seq, retracts))
    return found


def set_doc(group: frozenset[str], students: list[Student]) -> dict[str, Any]:
    return {"students": set_to_list(group, students)}


def sets_of(data: Data, table: str) -> list[tuple[int, frozenset[str]]]:
    """(doc id, set of ids) for each keep-apart or keep-together document; unreadable ones are skipped."""
    found = []
    for doc_id, doc in data.get(table, {}).items():
        ids = doc.get("students") if isinstance(doc, dict) else None
        if isinstance(ids, list) and all(isinstance(x, str) for x in ids):
            found.append((int(doc_id), frozenset(ids)))
    return found


def _override(d: dict[str, Any]) -> Override:
    student, stage, day = d["student"], d["stage"], d.get("date")
    if not isinstance(student, str) or not isinstance(stage, str):
        raise TypeError("bad override")
    return Override(student, stage, None if day is None else dt.date.fromisoformat(day))


def check_class_data(path: Path, data: Data) -> None:
    """Refuse a class file without a usable meta document or from a newer schema."""
    meta = data.get(META)
    if not meta:
        raise damaged(path, "it has no class details")
    schema = next(iter(meta.values())).get("schema")
    if type(schema) is not int or schema < 1:
        raise damaged(path, "it has no schema version")
    if schema > SCHEMA:
        raise too_new(path, schema, SCHEMA)


def meta_entry(path: Path, data: Data) -> tuple[int, dict[str, Any]]:
    """The doc id and the meta document of a checked class file."""
    check_class_data(path, data)
    doc_id, doc = next(iter(data[META].items()))
    if not isinstance(doc.get("name"), str) or type(doc.get("next_seq")) is not int:
        raise damaged(path, "its class details are incomplete")
    return int(doc_id), doc


def details_of(path: Path, meta: dict[str, Any]) -> tuple[Pathway, ClassSettings]:
    """The class's pathway and settings: straight from a sealed file, checked in full otherwise.

    A seal forged by hand over something broken is still refused in words.
    """
    if meta.get(SEAL) != seal_of(meta):
        return _check_and_seal(path, meta)
    broken = (KeyError, TypeError, ValueError, AttributeError)
    return (
        _read(path, "its pathway is not valid", pathway_from_dict, meta.get("pathway"), broken),
        _read(path, "its settings are not valid", settings_from_dict, meta.get("settings"), broken),
    )


def pathway_of(path: Path, meta: dict[str, Any]) -> Pathway:
    return details_of(path, meta)[0]


def _read(path: Path, problem: str, build: Callable[[Any], T], doc: Any, errors: tuple[type[Exception], ...]) -> T:
    try:
        return build(doc)
    except errors:
        raise damaged(path, problem) from None


def _check_and_seal(path: Path, meta: dict[str, Any]) -> tuple[Pathway, ClassSettings]:
    """Check an unsealed (or hand-edited) pathway and settings with pydantic; seal them in memory if they pass.

    Sealing in memory writes nothing: a store that writes this class later
    writes the seal with it, and a read-only one forgets it.
    """
    from pydantic import ValidationError

    from grouper.formats.validation import check_pathway, check_settings

    pathway = _read(path, "its pathway is not valid", check_pathway, meta.get("pathway"), (ValidationError,))
    settings = _read(path, "its settings are not valid", check_settings, meta.get("settings", {}), (ValidationError,))
    # What grouper goes by is the checked form (text stripped, days in order): keep that, sealed.
    meta["pathway"], meta["settings"] = pathway_to_dict(pathway), settings_to_dict(settings)
    meta[SEAL] = seal_of(meta)
    return pathway, settings


def _docs(data: Data, table: str) -> list[dict[str, Any]]:
    """Documents of a table in insertion order (TinyDB keeps the file in that order)."""
    return list(data.get(table, {}).values())


def student_ids(data: Data) -> set[str]:
    return {sid for doc in data.get(STUDENTS, {}).values() if isinstance(sid := doc.get("id"), str)}


def record_from_data(path: Path, data: Data) -> ClassRecord:
    """Build the class record from a parsed class file, or say why the file is damaged."""
    _, meta = meta_entry(path, data)
    pathway, settings = details_of(path, meta)
    table = STUDENTS
    try:
        students = []
        for d in _docs(data, STUDENTS):
            tags = d.get("tags", [])
            if not isinstance(d["id"], str) or not isinstance(d["name"], str) or not isinstance(tags, list):
                raise TypeError("bad student")
            # sourced_id and number came later (OneRoster import): absent in older files.
            links = [d.get(key) for key in STUDENT_OPTIONAL]
            if not all(v is None or isinstance(v, str) for v in links):
                raise TypeError("bad student")
            # joined came later still: None in older files.
            joined = d.get("joined")
            if joined is not None and not isinstance(joined, str):
                raise TypeError("bad student")
            students.append(
                Student(d["id"], d["name"], tuple(str(t) for t in tags), bool(d.get("active", True)), *links,
                        joined=None if joined is None else dt.date.fromisoformat(joined))
            )
        table = SCORES
        scores = []
        for d in _docs(data, SCORES):
            value, seq = d["value"], d["seq"]
            if (value is not None and type(value) is not int) or type(seq) is not int:
                raise TypeError("bad score")
            scores.append(
                Score(d["student"], d["check"], value, dt.date.fromisoformat(d["date"]), seq, d.get("note", ""))
            )
        table = ABSENCES
        absences = [Absence(d["student"], dt.date.fromisoformat(d["date"])) for d in _docs(data, ABSENCES)]
        table = PLANS
        plans = [
            LockedPlan(dt.date.fromisoformat(d["date"]), str(d["locked_at"]), dict(d["plan"]))
            for d in _docs(data, PLANS)
        ]
        table = NOTES
        notes = [
            Note(d["student"], dt.date.fromisoformat(d["date"]), d["text"], d["written_at"]) for d in _docs(data, NOTES)
        ]
        table = KEEP_APART
        keep_apart = [_id_set(d) for d in _docs(data, KEEP_APART)]
        table = KEEP_TOGETHER
        keep_together = [_id_set(d) for d in _docs(data, KEEP_TOGETHER)]
        table = OVERRIDES
        overrides = [_override(d) for d in _docs(data, OVERRIDES)]
        table = RETRACTIONS
        retractions = [retraction_from_dict(d) for d in _docs(data, RETRACTIONS)]
        table = DETOURS
        detours = [detour_taken_from_dict(d) for d in _docs(data, DETOURS)]
        table = GOALS
        goals = [goal_from_dict(d) for d in _docs(data, GOALS)]
        table = TIERS
        tiers = [tier_from_dict(d) for d in _docs(data, TIERS)]
    except (KeyError, TypeError, ValueError, AttributeError, NoteError):
        raise damaged(path, f"an entry in its {_WORDS.get(table, table)} cannot be read") from None
    scores.sort(key=_seq)  # entry order; already sorted unless imported out of order
    plans.sort(key=lambda p: p.date)
    retractions.sort(key=lambda r: r.seq)
    # Every rule reads ``scores``: the ones taken back are kept apart, never counted.
    dead = taken_back((r.seq, r.retracts) for r in retractions)
    retracted = [s for s in scores if s.seq in dead] if dead else []
    if retracted:
        scores = [s for s in scores if s.seq not in dead]
    return ClassRecord(
        meta["name"], pathway, settings, students, scores, absences, plans, notes, keep_apart, keep_together, overrides,
        retracted, retractions, detours, goals, tiers,
    )


def _id_set(d: dict[str, Any]) -> frozenset[str]:
    ids = d["students"]
    if not isinstance(ids, list) or not all(isinstance(x, str) for x in ids):
        raise TypeError("bad set")
    return frozenset(ids)


def _seq(score: Score) -> int:
    return score.seq


def check_index_data(path: Path, data: Data) -> None:
    """Refuse an index whose entries are not {name, file, created}, or whose blocks cannot be read."""
    for doc in data.get(CLASSES, {}).values():
        name, file = doc.get("name"), doc.get("file")
        if not isinstance(name, str) or not name.strip() or not isinstance(file, str) or not FILE_RE.match(file):
            raise damaged(path, "an entry in its list of classes cannot be read")
    for doc in data.get(BLOCKS, {}).values():
        try:
            block = block_from_doc(doc)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise damaged(path, "a block in it cannot be read") from None
        if block_problem(block):
            raise damaged(path, f"block '{block.name}' in it cannot be used: {block_problem(block)}")


def block_to_doc(block: Block) -> dict[str, Any]:
    return {
        "name": block.name,
        "classes": list(block.classes),
        "staff": [
            {"name": a.name, "room": a.room, "most": a.most, "not_stages": list(a.not_stages)} for a in block.staff
        ],
        "min_size": block.min_size,
        "max_size": block.max_size,
    }


def _opt_int(value: object) -> int | None:
    if value is None:
        return None
    if type(value) is not int:
        raise TypeError("a size must be a whole number")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("text expected")
    return value


def block_from_doc(doc: dict[str, Any]) -> Block:
    staff = tuple(
        Adult(
            _text(a["name"]), _text(a.get("room", "")), _opt_int(a.get("most")),
            tuple(_text(x) for x in a.get("not_stages", [])),
        )
        for a in doc["staff"]
    )
    return Block(
        _text(doc["name"]), tuple(_text(c) for c in doc["classes"]), staff, _opt_int(doc.get("min_size")),
        _opt_int(doc.get("max_size")),
    )


def index_blocks(data: Data | None) -> list[Block]:
    """The blocks in creation order."""
    return [block_from_doc(d) for d in _docs(data, BLOCKS)] if data else []


def index_entries(data: Data | None) -> list[dict[str, Any]]:
    """The index entries in creation order."""
    if not data:
        return []
    return _docs(data, CLASSES)


def entry_stem(entry: dict[str, Any]) -> str:
    match = FILE_RE.match(entry["file"])
    if match is None:  # pragma: no cover - check_index_data refuses these
        raise StoreError(f"bad class file name {entry['file']!r}")
    return match.group(1)
