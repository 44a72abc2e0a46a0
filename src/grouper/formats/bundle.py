"""A whole class in one JSON file: pathway, roster, score history, notes, rules and settings.

Bundles are how a class is shared with another teacher and how the sample
classes ship. They come from elsewhere, so everything is checked: ids unique,
every score names a known student and check and fits the check's scale.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    ValidationError,
)

from grouper.core.detours import taken_problem
from grouper.core.errors import GrouperError
from grouper.core.goals import goal_problem
from grouper.core.limits import class_size_problem
from grouper.core.models import (
    NOTE_MAX,
    Absence,
    ClassRecord,
    DetourTaken,
    Goal,
    LockedPlan,
    Note,
    NoteError,
    Override,
    Retraction,
    Score,
    Student,
    TierChange,
    retraction_problem,
    taken_back,
)
from grouper.core.rules import RuleError, check_rules
from grouper.core.scores import score_problem
from grouper.core.text import typable, visible, visible_lines
from grouper.core.tiers import tier_problem
from grouper.formats.documents import (
    absence_to_dict,
    detour_taken_to_dict,
    goal_to_dict,
    note_to_dict,
    override_to_dict,
    pathway_to_dict,
    plan_to_dict,
    retraction_to_dict,
    score_to_dict,
    set_to_list,
    settings_to_dict,
    student_to_dict,
    tier_to_dict,
)
from grouper.formats.invalid import plain_validation_error
from grouper.formats.reading import DEEP_JSON, HUGE_NUMBER, line_of, not_utf8
from grouper.formats.validation import PathwayShape, SettingsShape

FORMAT = "grouper-class"
VERSION = 1
#: Largest bundle read: a class with 100,000 scores is about 15 MB.
BUNDLE_MAX_BYTES = 200_000_000

def _typable(value: str) -> str:
    # An id is a code typed on a keyboard and printed in messages: one holding ESC or a bidi override is refused.
    if not typable(value):
        raise ValueError("holds a control or invisible character; ids are codes typed on a keyboard")
    return value


def _visible_everywhere(value: Any) -> Any:
    # A locked plan is the JSON the plan was shown as: every string in it is shown again later (the
    # groups panel's "moved since", ``grouper groups``), so each is made visible as a name would be.
    if isinstance(value, str):
        return visible_lines(value)
    if isinstance(value, dict):
        return {visible(k): _visible_everywhere(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_visible_everywhere(v) for v in value]
    return value


def _iso_time_text(value: str) -> str:
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("must be a time like 2026-11-23T15:30:00") from None
    return value


Name = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1, max_length=200)]
Id = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1, max_length=64),
               AfterValidator(_typable)]


def _iso_date_text(value: object) -> object:
    # JSON has no dates: only "YYYY-MM-DD" text is a date here, never a number.
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError("must be a date like 2026-11-23")
    return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
Day = Annotated[dt.date, BeforeValidator(_iso_date_text)]


class BundleError(GrouperError):
    pass


# The bundle models are built on first use (defer_build): a command that never reads a bundle,
# such as ``grouper groups``, does not pay for building them.


class _Student(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    id: Id
    name: Name
    tags: list[Annotated[str, StringConstraints(strict=True, max_length=40)]] = []
    active: StrictBool = True
    #: Added later (OneRoster import): a bundle without them has no links to a school roster.
    sourced_id: Annotated[str, StringConstraints(strict=True, min_length=1, max_length=255),
                          AfterValidator(_typable)] | None = None
    number: Annotated[str, StringConstraints(strict=True, min_length=1, max_length=64)] | None = None
    #: Added later still: the day the student joined the class (*due* counts from it); older bundles have none.
    joined: Day | None = None


class _Score(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    student: Id
    check: Id
    value: StrictInt | None
    date: Day
    seq: StrictInt | None = None
    note: Annotated[str, StringConstraints(strict=True, max_length=NOTE_MAX)] = ""


class _Retraction(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    #: Its own entry number, and the entry (a score's seq, or another retraction's) it takes back.
    seq: StrictInt
    retracts: StrictInt
    retracted_at: Annotated[str, StringConstraints(strict=True, max_length=40), AfterValidator(_iso_time_text)]


class _Absence(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    student: Id
    date: Day


#: How deep a locked plan may nest: a real one is about five levels; far deeper cannot be saved and read back.
PLAN_DEPTH = 32


def _shallow(value: dict[str, Any]) -> dict[str, Any]:
    # Past about 980 levels Python's json cannot write or read it back: the class would be lost on save.
    level: list[Any] = [value]
    for _ in range(PLAN_DEPTH):
        level = [c for v in level for c in (v.values() if isinstance(v, dict) else v) if isinstance(c, dict | list)]
        if not level:
            return value
    raise ValueError(f"is nested more than {PLAN_DEPTH} levels deep")


class _Plan(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    date: Day
    locked_at: Annotated[str, StringConstraints(strict=True, max_length=40), AfterValidator(_iso_time_text)]
    plan: Annotated[dict[str, Any], AfterValidator(_shallow), AfterValidator(_visible_everywhere)]


class _Note(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    student: Id
    date: Day
    text: Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1, max_length=NOTE_MAX)]
    written_at: Annotated[str, StringConstraints(strict=True, max_length=40)]


class _Override(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    student: Id
    stage: Id
    #: The day of a move; null (or left out) for a pin.
    date: Day | None = None


class _DetourTaken(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    student: Id
    stage: Id
    detour: Id
    started: Day
    #: The day the teacher ended it by hand; null (or left out) until then.
    ended: Day | None = None


class _Tier(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    student: Id
    tier: StrictInt
    date: Day
    intervention: Name | None = None
    sessions_per_week: StrictInt | None = None
    review: Day | None = None
    reason: Name | None = None


class _Goal(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    student: Id
    check: Id
    target: StrictInt
    by: Day
    started: Day


class _Class(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    name: Name
    settings: SettingsShape = SettingsShape()


class _Bundle(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    format: Literal["grouper-class"]
    version: StrictInt = Field(ge=1)
    class_: _Class = Field(alias="class")
    pathway: PathwayShape
    students: list[_Student] = []
    scores: list[_Score] = []
    absences: list[_Absence] = []
    plans: list[_Plan] = []
    notes: list[_Note] = []
    #: Added later: a bundle without them has no rules.
    keep_apart: list[list[Id]] = []
    keep_together: list[list[Id]] = []
    overrides: list[_Override] = []
    #: Added later still: scores taken back (undo). Those scores are in ``scores`` too; a bundle
    #: without retractions has taken nothing back.
    retractions: list[_Retraction] = []
    #: Added later again: detours the teacher took students on; a bundle without them has none.
    detours: list[_DetourTaken] = []
    goals: list[_Goal] = []
    tiers: list[_Tier] = []


def bundle_to_record(data: Any, source: str) -> ClassRecord:
    """Check a parsed bundle and turn it into a class record."""
    if isinstance(data, dict) and isinstance(data.get("version"), int) and data["version"] > VERSION:
        raise BundleError(f"{source}: made by a newer grouper (bundle version {data['version']}); update grouper")
    students = data.get("students") if isinstance(data, dict) else None
    if isinstance(students, list) and (too_many := class_size_problem(len(students))):
        raise BundleError(f"{source}: {too_many}")  # before checking each of them
    try:
        b = _Bundle.model_validate(data)
    except ValidationError as e:
        raise BundleError(plain_validation_error(e, data, source)) from None
    pathway = b.pathway.to_pathway()
    ids: set[str] = set()
    linked: set[str] = set()
    for i, st in enumerate(b.students, start=1):
        if st.id in ids:
            raise BundleError(f"{source}: student {i}: id '{st.id}' is used twice")
        ids.add(st.id)
        if st.sourced_id is not None:
            if st.sourced_id in linked:
                raise BundleError(f"{source}: student {i}: sourced_id '{st.sourced_id}' is used twice")
            linked.add(st.sourced_id)
    scores = []
    checks = {c.id: c for c in pathway.scoreable_checks()}
    used_seq = [s.seq for s in b.scores if s.seq is not None]
    next_seq = max([*used_seq, *(r.seq for r in b.retractions)], default=0) + 1
    seen_seq: set[int] = set()
    for i, s in enumerate(b.scores, start=1):
        where = f"{source}: score {i}"
        if s.seq is not None:
            if s.seq in seen_seq:
                raise BundleError(f"{where}: entry number (seq) {s.seq} is used twice")
            seen_seq.add(s.seq)
        if s.student not in ids:
            raise BundleError(f"{where}: no student with id '{s.student}'")
        if s.check not in checks:
            raise BundleError(f"{where}: pathway '{pathway.id}' has no check '{s.check}'")
        check = checks[s.check]
        if s.value is not None and not 0 <= s.value <= check.max:
            raise BundleError(f"{where}: {score_problem(check, s.value)}")
        seq = s.seq
        if seq is None:
            seq, next_seq = next_seq, next_seq + 1
        scores.append(Score(s.student, s.check, s.value, s.date, seq, s.note))
    absences = []
    for i, a in enumerate(b.absences, start=1):
        if a.student not in ids:
            raise BundleError(f"{source}: absence {i}: no student with id '{a.student}'")
        absences.append(Absence(a.student, a.date))
    students = [Student(st.id, st.name, tuple(st.tags), st.active, st.sourced_id, st.number, st.joined)
                for st in b.students]
    plans = [LockedPlan(p.date, p.locked_at, p.plan) for p in b.plans]
    notes = []
    for i, n in enumerate(b.notes, start=1):
        if n.student not in ids:
            raise BundleError(f"{source}: note {i}: no student with id '{n.student}'")
        try:
            notes.append(Note(n.student, n.date, n.text, n.written_at))
        except NoteError as e:
            raise BundleError(f"{source}: note {i}: {e}") from None
    retractions = [Retraction(r.seq, r.retracts, r.retracted_at) for r in b.retractions]
    retracted: list[Score] = []
    if retractions:
        problem = retraction_problem(retractions, used_seq)
        if problem is not None:
            raise BundleError(f"{source}: {problem}")
        dead = taken_back((r.seq, r.retracts) for r in retractions)
        retracted = [s for s in scores if s.seq in dead]
        scores = [s for s in scores if s.seq not in dead]
    settings = b.class_.settings.to_settings()
    record = ClassRecord(b.class_.name, pathway, settings, students, scores, absences, plans, notes)
    record.retracted, record.retractions = retracted, sorted(retractions, key=lambda r: r.seq)
    record.keep_apart = [frozenset(g) for g in b.keep_apart]
    record.keep_together = [frozenset(g) for g in b.keep_together]
    record.overrides = [Override(o.student, o.stage, o.date) for o in b.overrides]
    for i, d in enumerate(b.detours, start=1):
        taken = DetourTaken(d.student, d.stage, d.detour, d.started, d.ended)
        problem = taken_problem(taken, ids, pathway)
        if problem is not None:
            raise BundleError(f"{source}: detour {i}: {problem}")
        record.detours.append(taken)
    for i, g in enumerate(b.goals, start=1):
        goal = Goal(g.student, g.check, g.target, g.by, g.started)
        problem = goal_problem(goal, ids, pathway)
        if problem is not None:
            raise BundleError(f"{source}: goal {i}: {problem}")
        record.goals = [*(old for old in record.goals if (old.student, old.check) != (g.student, g.check)), goal]
    for i, t in enumerate(b.tiers, start=1):
        change = TierChange(t.student, t.tier, t.date, t.intervention or "", t.sessions_per_week, t.review,
                            t.reason or "")
        problem = tier_problem(change, ids)
        if problem is not None:
            raise BundleError(f"{source}: tier change {i}: {problem}")
        record.tiers.append(change)
    try:
        check_rules(record, f"{source}: ")
    except RuleError as e:
        raise BundleError(str(e)) from None
    return record


def parse_bundle(raw: bytes, source: str) -> ClassRecord:
    """A bundle file's bytes as a class record, or a BundleError naming the file and the line or field."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        raise BundleError(f"{source}: {not_utf8(raw, e)}") from None
    except json.JSONDecodeError as e:
        raise BundleError(f"{source}: line {e.lineno}: not valid JSON ({e.msg})") from None
    except RecursionError:
        line = line_of(raw.decode("utf-8-sig"), DEEP_JSON)
        raise BundleError(f"{source}: line {line}: not valid JSON: lists or objects nested too deeply") from None
    except ValueError:
        # json turns a number of more than 4300 digits into ValueError, not JSONDecodeError.
        line = line_of(raw.decode("utf-8-sig"), HUGE_NUMBER)
        raise BundleError(f"{source}: line {line}: a number of more than 4300 digits") from None
    return bundle_to_record(data, source)


def record_to_bundle(record: ClassRecord) -> dict[str, Any]:
    """The JSON-ready bundle for a class (``json.dumps(..., ensure_ascii=False)``)."""
    bundle: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "class": {"name": record.name, "settings": settings_to_dict(record.settings)},
        "pathway": pathway_to_dict(record.pathway),
        "students": [student_to_dict(s) for s in record.students],
        # Every score, those taken back too (nothing is lost); the retractions say which.
        "scores": [score_to_dict(s) for s in sorted([*record.scores, *record.retracted], key=lambda s: s.seq)]
        if record.retracted else [score_to_dict(s) for s in record.scores],
        "absences": [absence_to_dict(a) for a in record.absences],
        "plans": [plan_to_dict(p) for p in record.plans],
        "notes": [note_to_dict(n) for n in record.notes],
    }
    # The rules only when there are some, so a class without any exports exactly as before
    # (and an older grouper can still import it).
    if record.keep_apart:
        bundle["keep_apart"] = [set_to_list(g, record.students) for g in record.keep_apart]
    if record.keep_together:
        bundle["keep_together"] = [set_to_list(g, record.students) for g in record.keep_together]
    if record.overrides:
        bundle["overrides"] = [override_to_dict(o) for o in record.overrides]
    if record.retractions:
        bundle["retractions"] = [retraction_to_dict(r) for r in record.retractions]
    if record.detours:
        bundle["detours"] = [detour_taken_to_dict(t) for t in record.detours]
    if record.goals:
        bundle["goals"] = [goal_to_dict(g) for g in record.goals]
    if record.tiers:
        bundle["tiers"] = [tier_to_dict(t) for t in record.tiers]
    return bundle
