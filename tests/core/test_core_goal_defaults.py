"""A check's expected growth per week in its pathway file: a default goal line for every student at the stage."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from grouper.core.errors import GrouperError
from grouper.core.models import ClassRecord, Goal, Pathway, Score, Student
from grouper.core.progress import class_progress
from grouper.formats.pathways import builtin_pathways, parse_pathway, pathway_to_toml

BUILT_IN = builtin_pathways()["early-literacy"]
TODAY = dt.date(2026, 11, 20)


def _with_growth(pathway: Pathway, check: str, growth: float) -> Pathway:
    stages = tuple(
        dataclasses.replace(s, checks=tuple(dataclasses.replace(c, growth_per_week=growth) if c.id == check else c
                                            for c in s.checks))
        for s in pathway.stages
    )
    return dataclasses.replace(pathway, stages=stages)


PATHWAY = _with_growth(BUILT_IN, "lid", 4.0)  # Letters named: mastery 50 of 54


def _record(values: list[int], goals: list[Goal] | None = None) -> ClassRecord:
    """Zoë masters print concepts on 2 Sep, then scores Letters named weekly from 3 Sep."""
    zoe = Student("z1", "Zoë Ng", joined=dt.date(2026, 9, 1))
    scores = [Score("z1", "cap", 11, dt.date(2026, 9, 2), 1)]
    for week, v in enumerate(values):
        scores.append(Score("z1", "lid", v, dt.date(2026, 9, 3) + dt.timedelta(weeks=week), 2 + week))
    return ClassRecord("Room 7", PATHWAY, students=[zoe], scores=scores, goals=goals or [])


def test_the_default_line_starts_at_the_first_score_at_the_stage_and_rises_to_mastery() -> None:
    line = class_progress(_record([30]), TODAY)["z1"].goals[0]
    assert line.default
    assert (line.goal.check, line.goal.target, line.start, line.start_date) == ("lid", 50, 30, dt.date(2026, 9, 3))
    # 20 points at 4 a week: 5 weeks.
    assert line.goal.by == dt.date(2026, 10, 8)
    assert line.expected(dt.date(2026, 9, 10)) == pytest.approx(34)
    assert line.status == "too-few"


def test_growing_as_expected_is_on_track_and_flat_scores_are_below_the_line() -> None:
    assert class_progress(_record([30, 34, 38, 42]), TODAY)["z1"].goals[0].status == "on-track"
    flat = class_progress(_record([30, 31, 31, 32]), TODAY)["z1"]
    assert flat.goals[0].status == "below"
    assert flat.below_goal and flat.needs_attention


def test_a_teacher_s_goal_on_the_check_replaces_the_default_line() -> None:
    mine = Goal("z1", "lid", 40, dt.date(2026, 12, 1), dt.date(2026, 9, 3))
    goals = class_progress(_record([30, 31, 31, 32], [mine]), TODAY)["z1"].goals
    assert [(g.goal, g.default) for g in goals] == [(mine, False)]


def test_no_default_line_without_a_growth_rate_or_once_at_mastery() -> None:
    plain = dataclasses.replace(_record([30, 31]), pathway=BUILT_IN)
    assert class_progress(plain, TODAY)["z1"].goals == ()
    assert class_progress(_record([50]), TODAY)["z1"].goals == ()


def test_growth_per_week_is_read_validated_and_written_back() -> None:
    text = pathway_to_toml(PATHWAY)
    assert "growth_per_week = 4.0" in text
    again = parse_pathway(text, "mine.toml")
    assert again.scoreable("lid") is not None and again.scoreable("lid").growth_per_week == 4.0  # type: ignore[union-attr]
    assert parse_pathway(pathway_to_toml(BUILT_IN), "plain.toml") == BUILT_IN
    for bad in ("0", "-1", '"fast"', "900"):
        with pytest.raises(GrouperError, match="growth_per_week"):
            parse_pathway(text.replace("growth_per_week = 4.0", f"growth_per_week = {bad}"), "bad.toml")
