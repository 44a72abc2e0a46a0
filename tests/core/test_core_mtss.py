"""The MTSS meeting's table (core.mtss), one hand-worked fixture per rule.

Every expected number below is worked out by hand from the fixture, not read back from the code.
"""

from __future__ import annotations

import datetime as dt
from itertools import count
from typing import Any

import pytest

from grouper.core.goals import Status as GoalStatus
from grouper.core.models import Absence, ClassRecord, Goal, LockedPlan, Pathway, Score, Student, TierChange
from grouper.core.mtss import MtssReport, mtss_report, worst_goal_status
from grouper.core.progress import class_progress
from grouper.formats.validation import check_pathway

D = dt.date


def _pathway(seasons: bool = True) -> Pathway:
    cut: dict[str, Any] = {"benchmark": {"boy": [10, 16]}} if seasons else {}
    data: dict[str, Any] = {
        "id": "mini",
        "name": "Mini",
        "stages": [
            {"id": "letters", "label": "Letters", "focus": "Letter sorts", "checks": [
                {"id": "snd", "label": "Sounds known", "max": 26, "mastery": 24, **cut},
                {"id": "nam", "label": "Names known", "max": 26, "mastery": 24, **cut},
            ]},
            {"id": "words", "label": "Words", "focus": "Word building", "checks": [
                {"id": "wrd", "label": "Words read", "max": 20, "mastery": 18},
            ]},
        ],
    }
    if seasons:
        data["seasons"] = {"boy": "08-15", "moy": "01-05", "eoy": "04-20"}
    return check_pathway(data)


SEQ = count()


def _s(student: str, check: str, value: int, day: dt.date) -> Score:
    return Score(student, check, value, day, next(SEQ))


def _record(ids: str, seasons: bool = True, **kw: Any) -> ClassRecord:
    students = [Student(sid, f"Name {sid}") for sid in ids.split()]
    return ClassRecord("Room 5", _pathway(seasons), students=students, **kw)


def _report(record: ClassRecord, today: dt.date) -> MtssReport:
    return mtss_report(record, class_progress(record, today), today)


def _t2(student: str, start: dt.date, sessions: int | None = 3, review: dt.date | None = None,
        tier: int = 2) -> TierChange:
    return TierChange(student, tier, start, "Phonics booster", sessions, review)


def _row(report: MtssReport, sid: str) -> Any:
    return next(r for r in report.students if r.id == sid)


TODAY = D(2026, 11, 20)  # a Friday, in the boy season (from 15 Aug)


# --- tier counts ------------------------------------------------------------------------------------------------

def test_tier_counts_every_active_student_and_never_changed_is_tier_1() -> None:
    record = _record("a b c d e f", tiers=[_t2("b", D(2026, 10, 1)), _t2("c", D(2026, 10, 1), tier=3),
                                           _t2("d", D(2026, 10, 1), tier=3)])
    record.students[5] = Student("f", "Name f", active=False)  # left the class: not counted
    report = _report(record, TODAY)
    assert dict(report.tiers) == {1: 2, 2: 1, 3: 2}
    assert [r.id for r in report.students] == ["b", "c", "d"]  # roster order
    assert [r.tier for r in report.students] == [2, 3, 3]


def test_the_latest_change_on_or_before_today_counts_and_an_ended_tier_2_is_not_listed() -> None:
    record = _record("x y z w", tiers=[
        _t2("x", D(2026, 9, 1)), TierChange("x", 1, D(2026, 11, 2)),  # Tier 2 ended mid-season
        _t2("y", D(2026, 9, 1)), _t2("y", D(2026, 11, 10), sessions=5, tier=3),  # moved up
        _t2("z", D(2026, 12, 1)),  # starts after today: not yet
        _t2("w", D(2026, 11, 3)), TierChange("w", 1, D(2026, 11, 3)),  # the same day: the later one wins
    ])
    report = _report(record, TODAY)
    assert dict(report.tiers) == {1: 3, 2: 0, 3: 1}
    assert [r.id for r in report.students] == ["y"]
    y = report.students[0]
    assert (y.tier, y.start, y.sessions_per_week) == (3, D(2026, 11, 10), 5)
    # Before the end of x's Tier 2, x is listed (and w's change of 3 Nov is still to come).
    earlier = _report(record, D(2026, 10, 30))
    assert [r.id for r in earlier.students] == ["x", "y"]
    assert dict(earlier.tiers) == {1: 2, 2: 2, 3: 0}


# --- review and weeks in ----------------------------------------------------------------------------------------

def test_review_is_due_on_the_day_and_not_the_day_before() -> None:
    record = _record("a b", tiers=[_t2("a", D(2026, 10, 5), review=D(2026, 11, 20)), _t2("b", D(2026, 10, 9))])
    before, on = _report(record, D(2026, 11, 19)), _report(record, TODAY)
    assert _row(before, "a").review_due is False
    assert _row(on, "a").review_due is True
    assert _row(on, "a").review == D(2026, 11, 20)
    # No review given: six weeks on (9 Oct + 42 days = 20 Nov), due that day too.
    assert _row(on, "b").review == D(2026, 11, 20) and _row(on, "b").review_due is True
    assert _row(before, "b").review_due is False


def test_weeks_in_are_whole_weeks_since_the_start() -> None:
    record = _record("a", tiers=[_t2("a", D(2026, 11, 2))])
    assert _row(_report(record, D(2026, 11, 2)), "a").weeks == 0
    assert _row(_report(record, D(2026, 11, 8)), "a").weeks == 0  # 6 days
    assert _row(_report(record, D(2026, 11, 9)), "a").weeks == 1  # 7 days
    assert _row(_report(record, D(2026, 11, 15)), "a").weeks == 1  # 13 days
    assert _row(_report(record, D(2026, 11, 16)), "a").weeks == 2  # 14 days


# --- the dose -----------------------------------------------------------------------------------------------------

def _plan(day: dt.date, meets: bool, *members: str) -> LockedPlan:
    groups = [{"label": "A", "meets": meets, "students": [{"id": m} for m in members]},
              {"label": "B", "meets": True, "students": [{"id": "other"}]}]
    return LockedPlan(day, f"{day.isoformat()}T08:00:00", {"groups": groups})


def test_dose_counts_the_locked_days_the_group_met_and_the_student_was_there() -> None:
    plans = [
        _plan(D(2026, 11, 16), True, "a"),   # Mon: met, a there: 1
        _plan(D(2026, 11, 17), False, "a"),  # Tue: a's group did not meet
        _plan(D(2026, 11, 18), True, "a"),   # Wed: met, but a was away
        _plan(D(2026, 11, 19), True, "a"),   # Thu: met, a there: 2
        _plan(D(2026, 11, 13), True, "a"),   # the Friday before the start: not counted
    ]
    record = _record("a other", tiers=[_t2("a", D(2026, 11, 16), sessions=5)], plans=plans,
                     absences=[Absence("a", D(2026, 11, 18)), Absence("other", D(2026, 11, 19))])
    row = _row(_report(record, TODAY), "a")
    assert row.sessions_delivered == 2
    assert row.sessions_planned == 5  # Mon to Fri: five school days at five a week
    assert row.short is True


def test_no_plan_locked_since_the_start_is_none_delivered_and_no_sessions_a_week_is_none_planned() -> None:
    record = _record("a b", tiers=[_t2("a", D(2026, 11, 16)), _t2("b", D(2026, 11, 16), sessions=None)],
                     plans=[_plan(D(2026, 11, 13), True, "a", "b")])
    report = _report(record, TODAY)
    assert (_row(report, "a").sessions_delivered, _row(report, "a").sessions_planned) == (None, 3)
    assert (_row(report, "b").sessions_delivered, _row(report, "b").sessions_planned) == (None, None)
    assert _row(report, "a").short is False


@pytest.mark.parametrize("today, planned", [
    (D(2026, 11, 13), 1),  # Friday, the start: one school day
    (D(2026, 11, 14), 1),  # Saturday: still one
    (D(2026, 11, 15), 1),  # Sunday: still one
    (D(2026, 11, 16), 2),  # Monday: two school days
    (D(2026, 11, 20), 6),  # the next Friday: six school days
])
def test_planned_sessions_do_not_count_the_weekend(today: dt.date, planned: int) -> None:
    record = _record("a", tiers=[_t2("a", D(2026, 11, 13), sessions=5)])
    assert _row(_report(record, today), "a").sessions_planned == planned


def test_planned_sessions_are_whole_sessions_of_the_weeks_gone_by() -> None:
    # Three a week from Mon 2 Nov to Fri 20 Nov: 15 school days, 3 * 15 / 5 = 9; to Wed 4 Nov: 3 * 3 / 5 = 1.8 -> 1.
    record = _record("a", tiers=[_t2("a", D(2026, 11, 2), sessions=3)])
    assert _row(_report(record, TODAY), "a").sessions_planned == 9
    assert _row(_report(record, D(2026, 11, 4)), "a").sessions_planned == 1


# --- goals --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("statuses, worst", [
    (["on-track", "below", "mixed"], "below"),
    (["on-track", "mixed", "too-few"], "mixed"),
    (["on-track", "too-few"], "too-few"),
    (["on-track", "on-track"], "on-track"),
    ([], None),
])
def test_the_worst_goal_status(statuses: list[GoalStatus], worst: str | None) -> None:
    assert worst_goal_status(statuses) == worst


def _goal_scores(sid: str, check: str, values: tuple[int, ...]) -> list[Score]:
    days = (D(2026, 11, 2), D(2026, 11, 9), D(2026, 11, 12), D(2026, 11, 16))
    return [_s(sid, check, v, d) for v, d in zip(values, days, strict=True)]


def test_goal_status_is_the_worst_of_the_student_s_goals() -> None:
    # a: snd 12 -> 20 by 30 Nov, points 12, 12, 12 (all below the line): below; nam on track (20 -> 24, 24s).
    # b: only nam, on track. c: no goal (and no growth rate on the pathway): None.
    scores = [*_goal_scores("a", "snd", (12, 12, 12, 12)), *_goal_scores("a", "nam", (20, 24, 24, 24)),
              *_goal_scores("b", "nam", (20, 24, 24, 24)), _s("c", "snd", 20, D(2026, 11, 2))]
    start, by = D(2026, 11, 2), D(2026, 11, 30)
    goals = [Goal("a", "nam", 24, by, start), Goal("a", "snd", 20, by, start), Goal("b", "nam", 24, by, start)]
    record = _record("a b c", scores=scores, goals=goals,
                     tiers=[_t2("a", D(2026, 11, 2)), _t2("b", D(2026, 11, 2)), _t2("c", D(2026, 11, 2))])
    report = _report(record, TODAY)
    assert [_row(report, s).goal_status for s in "abc"] == ["below", "on-track", None]


# --- to discuss ---------------------------------------------------------------------------------------------------

def test_tier_1_students_well_below_or_below_a_goal_are_to_discuss_never_tier_2_or_3() -> None:
    scores = [
        _s("w", "snd", 5, D(2026, 11, 2)),  # well below (under 10)
        _s("b", "snd", 12, D(2026, 11, 2)),  # below, not well below: not a reason on its own
        *_goal_scores("g", "nam", (17, 17, 17, 17)),  # at benchmark (16) but below the goal line to 24
        _s("both", "snd", 3, D(2026, 11, 2)), _s("both", "nam", 4, D(2026, 11, 2)),
        *_goal_scores("both", "wrd", (1, 1, 1, 1)),
        _s("t2", "snd", 2, D(2026, 11, 2)),  # well below, but at Tier 2
        _s("ok", "snd", 20, D(2026, 11, 2)),
    ]
    start, by = D(2026, 11, 2), D(2026, 12, 1)
    goals = [Goal("g", "nam", 24, by, start), Goal("both", "wrd", 10, by, start), Goal("t2", "snd", 24, by, start)]
    record = _record("w b g both t2 ok", scores=scores, goals=goals, tiers=[_t2("t2", D(2026, 11, 2))])
    report = _report(record, TODAY)
    assert [(d.id, d.name, d.reason) for d in report.to_discuss] == [
        ("w", "Name w", "well below benchmark: Sounds known"),
        ("g", "Name g", "below the goal line: Names known"),
        ("both", "Name both", "well below benchmark: Sounds known; well below benchmark: Names known; "
                              "below the goal line: Words read"),
    ]
    assert [r.id for r in report.students] == ["t2"]


def test_a_student_back_at_tier_1_is_to_discuss_again() -> None:
    record = _record("a", scores=[_s("a", "snd", 5, D(2026, 11, 2))],
                     tiers=[_t2("a", D(2026, 9, 1)), TierChange("a", 1, D(2026, 11, 2))])
    assert [d.id for d in _report(record, TODAY).to_discuss] == ["a"]
    assert _report(record, D(2026, 11, 1)).to_discuss == ()


# --- the share at benchmark ---------------------------------------------------------------------------------------

def test_share_at_benchmark_leaves_out_the_students_not_screened() -> None:
    # a at (both checks), b at on the one check screened, c below on one: 2 of 3; d never screened: left out.
    scores = [_s("a", "snd", 20, D(2026, 9, 1)), _s("a", "nam", 16, D(2026, 9, 1)),
              _s("b", "nam", 17, D(2026, 9, 2)),
              _s("c", "snd", 20, D(2026, 9, 1)), _s("c", "nam", 12, D(2026, 9, 1)),
              _s("d", "snd", 25, D(2026, 8, 1))]  # before the season: not screened this season
    record = _record("a b c d", scores=scores, tiers=[_t2("c", D(2026, 10, 1))])  # Tier 2 students count too
    report = _report(record, TODAY)
    assert report.at_benchmark == pytest.approx(2 / 3)
    assert _row(report, "c").benchmark == {"snd": "at-or-above", "nam": "below"}


def test_share_is_none_when_nobody_is_screened_or_the_pathway_has_no_seasons() -> None:
    nobody = _record("a b")
    assert _report(nobody, TODAY).at_benchmark is None
    assert _report(nobody, TODAY).has_seasons is True
    unseasoned = _record("a b", seasons=False, scores=[_s("a", "snd", 20, D(2026, 11, 2))])
    report = _report(unseasoned, TODAY)
    assert report.at_benchmark is None and report.has_seasons is False


def test_stalled_and_detour_come_from_progress_and_the_report_is_dated() -> None:
    # a stuck at Letters: 30 days and more, 4 scores there, none mastered (the default stall rule: 21 days, 3 scores).
    scores = [_s("a", "snd", v, d) for v, d in ((5, D(2026, 10, 5)), (6, D(2026, 10, 12)), (7, D(2026, 10, 19)),
                                               (8, D(2026, 11, 2)))]
    record = _record("a", scores=scores, tiers=[_t2("a", D(2026, 10, 5))])
    report = _report(record, TODAY)
    row = _row(report, "a")
    assert row.stalled is True and row.detour is None
    assert (report.class_name, report.date) == ("Room 5", TODAY)
