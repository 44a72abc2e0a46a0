"""What a pathway and a class's settings must look like, checked with pydantic.

A coach writes a pathway by hand and a bundle comes from another machine, so
both are checked field by field before they become the core's plain models
(``models.py``). The shapes here are those checks and nothing else: a command
that only reads a class the store already checked (and sealed) never imports
this module, so it never loads pydantic.

``check_pathway`` and ``check_settings`` raise pydantic's ``ValidationError``;
``invalid.plain_validation_error`` says it in words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    StringConstraints,
    field_validator,
    model_validator,
)

from grouper.core.limits import MAX_GROUP_SIZE
from grouper.core.models import COMPLETE, SEASONS, ClassSettings, Pathway
from grouper.core.text import visible_lines
from grouper.formats.documents import pathway_from_dict, settings_from_dict

#: Ids are short slugs a teacher can type: letters, digits, ``-``, ``_`` and ``.``.
Slug = Annotated[
    str,
    StringConstraints(strict=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=64),
]
#: Labels and teaching points: control characters shown as symbols (``text.visible_lines``).
Text = Annotated[
    str,
    StringConstraints(strict=True, strip_whitespace=True, min_length=1, max_length=500),
    AfterValidator(visible_lines),
]


#: The most items one check may list (the 44 sounds of English, a 300-word list...).
MAX_ITEMS = 500
#: How long one item may be ("igh", "through", a subtest's nonsense word).
MAX_ITEM_LENGTH = 20


def items_problem(items: list[str] | None, max_score: int) -> str | None:
    """Why a check's item list cannot be used, naming the item, or None.

    Items are typed by the teacher ("b d p qu"), so each is one short word with no
    spaces, listed once (any case counts as the same item), and the check's ``max``
    is how many there are.
    """
    if items is None:
        return None
    if not items:
        return "items: the list is empty (leave items out, or list them)"
    seen: dict[str, int] = {}
    for n, item in enumerate(items, start=1):
        if not item.strip():
            return f"items: item {n} is empty"
        if item != item.strip() or any(ch.isspace() for ch in item):
            return f"items: item {n} ({item.strip()!r}) has a space in it: each item is one word, typed as is"
        if not item.isprintable():
            return f"items: item {n} has a control character in it"
        if len(item) > MAX_ITEM_LENGTH:
            return f"items: item {n} is longer than {MAX_ITEM_LENGTH} characters"
        key = item.casefold()
        if key in seen:
            return f"items: '{item}' is listed twice (items {seen[key]} and {n})"
        seen[key] = n
    if max_score != len(items):
        return f"max is {max_score} but {len(items)} items are listed: with items, max is how many there are"
    return None


class CheckShape(BaseModel):
    """A check: a score 0..max, mastered at ``mastery`` or above."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    label: Text
    max: StrictInt = Field(ge=1, le=100_000)
    mastery: StrictInt = Field(ge=0)
    growth_per_week: float | None = Field(default=None, gt=0, allow_inf_nan=False, strict=True)
    #: Per screening season: the benchmark alone, or [lower cut, benchmark].
    benchmark: dict[Season, StrictInt | list[StrictInt]] | None = None
    #: The letters, sounds or words the check is made of (its score: how many are correct).
    items: list[StrictStr] | None = Field(default=None, max_length=MAX_ITEMS)

    @model_validator(mode="after")
    def _mastery_within_scale(self) -> CheckShape:
        if self.mastery > self.max:
            raise ValueError(f"mastery {self.mastery} is above max {self.max}")
        if self.growth_per_week is not None and self.growth_per_week > self.max:
            raise ValueError(f"growth_per_week {self.growth_per_week} is more than the whole scale (max {self.max})")
        for season, cut in (self.benchmark or {}).items():
            if not isinstance(cut, int) and len(cut) != 2:
                raise ValueError(f"benchmark {season}: give the benchmark, or [lower cut, benchmark]: two numbers")
            lower, bench = (None, cut) if isinstance(cut, int) else (cut[0], cut[1])
            if not 0 <= bench <= self.max or (lower is not None and not 0 <= lower <= self.max):
                raise ValueError(f"benchmark {season}: cut scores must be from 0 to max {self.max}")
            if lower is not None and lower > bench:
                raise ValueError(f"benchmark {season}: the lower cut {lower} is above the benchmark {bench}")
        problem = items_problem(self.items, self.max)
        if problem:
            raise ValueError(problem)
        if self.benchmark:  # kept in school-year order
            object.__setattr__(self, "benchmark", {s: self.benchmark[s] for s in SEASONS if s in self.benchmark})
        return self


class DetourShape(BaseModel):
    """Another route to a stage's learning: its own focus, and closer checks if it has them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    label: Text
    focus: Text
    checks: tuple[CheckShape, ...] = ()


class StageShape(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    label: Text
    focus: Text
    checks: tuple[CheckShape, ...] = Field(min_length=1)
    detours: tuple[DetourShape, ...] = ()


def id_problems(stages: Iterable[tuple[str, list[str]]]) -> list[str]:
    """Every stage id used twice or reserved, and every check id used twice: the rule, said once."""
    problems: list[str] = []
    seen_stage: set[str] = set()
    seen_check: dict[str, str] = {}
    for stage_id, check_ids in stages:
        if stage_id == COMPLETE:
            problems.append(f"stage id '{stage_id}' is reserved; choose another")
        elif stage_id in seen_stage:
            problems.append(f"stage id '{stage_id}' is used twice")
        seen_stage.add(stage_id)
        for check_id in check_ids:
            if check_id in seen_check:
                first = seen_check[check_id]
                problems.append(f"check id '{check_id}' is used twice (stages '{first}' and '{stage_id}')")
            else:
                seen_check[check_id] = stage_id
    return problems


def raw_id_problems(data: Any) -> list[str]:
    """``id_problems`` of a pathway that did not pass its other checks: whatever ids it has, as written."""
    stages = data.get("stages") if isinstance(data, dict) else None
    if not isinstance(stages, list):
        return []
    found = []
    for stage in stages:
        if isinstance(stage, dict) and isinstance(stage.get("id"), str):
            listed = stage.get("checks")
            checks: list[Any] = listed if isinstance(listed, list) else []
            found.append((stage["id"].strip(), [c["id"].strip() for c in checks
                                                if isinstance(c, dict) and isinstance(c.get("id"), str)]))
    return id_problems(found)


def detour_id_problems(shape: PathwayShape) -> list[str]:
    """A detour's id must name it alone (no stage or other detour has it); its checks' ids likewise."""
    problems: list[str] = []
    stage_ids = {s.id for s in shape.stages}
    check_ids = {c.id for s in shape.stages for c in s.checks}
    seen: dict[str, str] = {}
    seen_checks: set[str] = set()
    for stage in shape.stages:
        for detour in stage.detours:
            if detour.id in stage_ids or detour.id == COMPLETE:
                problems.append(f"detour id '{detour.id}' (stage '{stage.id}') is also a stage id; choose another")
            elif detour.id in seen:
                problems.append(f"detour id '{detour.id}' is used twice (stages '{seen[detour.id]}' and '{stage.id}')")
            seen.setdefault(detour.id, stage.id)
            for c in detour.checks:
                if c.id in check_ids or c.id in seen_checks:
                    problems.append(f"check id '{c.id}' (detour '{detour.id}') is used twice")
                seen_checks.add(c.id)
    return problems


#: A screening season's id.
Season = Literal["boy", "moy", "eoy"]


def season_problems(shape: PathwayShape) -> list[str]:
    """Seasons must be real days of the year, in school-year order from boy; a benchmark needs its season."""
    problems: list[str] = []
    seasons = shape.seasons or {}
    days = {}
    for season, text in seasons.items():
        try:
            if not re.fullmatch(r"[0-9]{2}-[0-9]{2}", text):
                raise ValueError(text)
            days[season] = dt.date(2000, int(text[:2]), int(text[3:]))  # 2000: 29 February is a day
        except ValueError:
            problems.append(f"seasons: {season} = '{text}' is not a month-day like 08-15")
    if "boy" in days:
        start = days["boy"]
        order = [(d - start).days % 366 for s in SEASONS if s in days for d in [days[s]]]
        if order != sorted(order) or len(set(order)) != len(order):
            problems.append("seasons: boy, moy and eoy must start in that order through the school year")
    elif days:
        problems.append("seasons: the school year starts with boy; give it a start day")
    for stage in shape.stages:
        for check in stage.checks:
            for season in check.benchmark or {}:
                if season not in seasons:
                    problems.append(
                        f"check '{check.id}' has a benchmark for {season} but [seasons] gives no {season} start")
        for detour in stage.detours:
            if any(c.benchmark for c in detour.checks):
                problems.append(f"detour '{detour.id}': a closer check has no benchmark (it never decides the stage)")
    return problems


class PathwayShape(BaseModel):
    """A pathway: stages in order on the path, every stage and check id used once."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    name: Text
    subject: Text | None = None
    description: Annotated[str, StringConstraints(strict=True, max_length=4000), AfterValidator(visible_lines)] = ""
    #: When each screening season starts, as "MM-DD".
    seasons: dict[Season, Annotated[str, StringConstraints(strict=True)]] | None = None
    stages: tuple[StageShape, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_unique(self) -> PathwayShape:
        problems = id_problems((stage.id, [c.id for c in stage.checks]) for stage in self.stages)
        problems += detour_id_problems(self)
        problems += season_problems(self)
        if problems:
            raise ValueError(problems[0])
        if self.seasons:
            object.__setattr__(self, "seasons", {s: self.seasons[s] for s in SEASONS if s in self.seasons})
        return self

    def to_pathway(self) -> Pathway:
        return pathway_from_dict(self.model_dump())


#: The defaults are the core's own: a missing field means what ``ClassSettings()`` means.
_DEFAULT = ClassSettings()


class SettingsShape(BaseModel):
    """A class's settings: every number within the limits the settings dialog shows."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min_size: StrictInt = Field(default=_DEFAULT.min_size, ge=1, le=MAX_GROUP_SIZE)
    max_size: StrictInt = Field(default=_DEFAULT.max_size, ge=1, le=MAX_GROUP_SIZE)
    max_groups: StrictInt = Field(default=_DEFAULT.max_groups, ge=1, le=50)
    stall_days: StrictInt = Field(default=_DEFAULT.stall_days, ge=1, le=365)
    stall_scores: StrictInt = Field(default=_DEFAULT.stall_scores, ge=1, le=100)
    due_days: StrictInt = Field(default=_DEFAULT.due_days, ge=1, le=365)
    slots_per_day: StrictInt = Field(default=_DEFAULT.slots_per_day, ge=1, le=10)
    max_gap_days: StrictInt = Field(default=_DEFAULT.max_gap_days, ge=1, le=10)
    no_group_days: tuple[str, ...] = ()

    @field_validator("no_group_days")
    @classmethod
    def _iso_days(cls, days: tuple[str, ...]) -> tuple[str, ...]:
        for d in days:
            dt.date.fromisoformat(d)  # a ValueError names the bad day
        return tuple(sorted(set(days)))

    @model_validator(mode="after")
    def _sizes_ordered(self) -> SettingsShape:
        if self.min_size > self.max_size:
            raise ValueError(f"min_size {self.min_size} is above max_size {self.max_size}")
        return self

    def to_settings(self) -> ClassSettings:
        return settings_from_dict(self.model_dump())


def check_pathway(data: Any) -> Pathway:
    """A pathway from data from outside (parsed TOML or JSON), or pydantic's ValidationError."""
    return PathwayShape.model_validate(data).to_pathway()


def check_settings(data: Any) -> ClassSettings:
    """Class settings from data from outside (missing fields take their defaults), or ValidationError."""
    return SettingsShape.model_validate(data).to_settings()
