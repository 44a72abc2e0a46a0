"""Progress over time: stalled, slipped and check-due students, the stage timeline, the class
profile week by week, and what changed since a locked plan.

Every history here is dated, and each rule is pinned with the dates one day before, on and one
day after its boundary, so "21 days" or "14 days" can never quietly become 20 or 22.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from itertools import count

import pytest

from grouper.core.models import Absence, ClassRecord, ClassSettings, LockedPlan, Score, Student
from grouper.core.planning import plan_for
from grouper.core.plans import PlanChange, latest_locked, pathway_label, plan_changes
from grouper.core.progress import (
    Progress,
    StageVisit,
    class_progress,
    stage_on,
    student_progress,
    weekly_profile,
)
from grouper.core.report import plan_dict, progress_dict
from grouper.formats.pathways import builtin_pathways
from grouper.formats.validation import check_pathway

# A three-stage path: sounds (one check), blending (two checks), sight words (one check).
PATHWAY = check_pathway(
    {
        "id": "mini",
        "name": "Mini literacy",
        "stages": [
            {
                "id": "sounds",
                "label": "Letter sounds",
                "focus": "Sound the letters not yet known",
                "checks": [{"id": "snd", "label": "Sounds (of 26)", "max": 26, "mastery": 24}],
            },
            {
                "id": "blend",
                "label": "Blending",
                "focus": "Blend and segment three sounds",
                "checks": [
                    {"id": "bl", "label": "Blends (of 10)", "max": 10, "mastery": 8},
                    {"id": "seg", "label": "Segments (of 10)", "max": 10, "mastery": 8},
                ],
            },
            {
                "id": "words",
                "label": "Sight words",
                "focus": "Read the first 50 words on sight",
                "checks": [{"id": "hfw", "label": "Words (of 50)", "max": 50, "mastery": 45}],
            },
        ],
    }
)
SOUNDS, BLEND, WORDS, COMPLETE = 0, 1, 2, 3
DEFAULTS = ClassSettings()
ZOE = Student("z1", "Zoë Ng", ("ELL",))


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def days(text: str, n: int) -> dt.date:
    return d(text) + dt.timedelta(days=n)


class History:
    """Scores typed one after another: ``seq`` grows with every entry, as the store gives it."""

    def __init__(self) -> None:
        self.scores: list[Score] = []
        self._seq = count(1)

    def add(self, day: str, check: str, value: int | None, student: str = "z1") -> History:
        self.scores.append(Score(student, check, value, d(day), next(self._seq)))
        return self


def judge(history: History | list[Score], today: str | dt.date, settings: ClassSettings = DEFAULTS,
          student: Student = ZOE) -> Progress:
    scores = history.scores if isinstance(history, History) else history
    when = d(today) if isinstance(today, str) else today
    return student_progress(student, [s for s in scores if s.student == student.id], PATHWAY, settings, when)


def at_blend_since_oct_5(extra_scores: int = 3) -> History:
    """Zoë masters sounds on Mon 5 Oct and is then taught and checked at blending, never reaching it."""
    h = History().add("2026-09-28", "snd", 18).add("2026-10-05", "snd", 25)
    for day, check, value in [("2026-10-06", "bl", 3), ("2026-10-13", "bl", 5), ("2026-10-20", "seg", 4),
                              ("2026-10-27", "bl", 6)][:extra_scores]:
        h.add(day, check, value)
    return h


# --- stalled -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "today, stalled",
    [("2026-10-25", False), ("2026-10-26", True), ("2026-10-27", True)],
    ids=["20-days", "21-days", "22-days"],
)
def test_stalled_from_the_21st_calendar_day_at_a_stage(today: str, stalled: bool) -> None:
    p = judge(at_blend_since_oct_5(), today)
    assert p.placement.stage_id == "blend" and p.placement.status == "working"
    assert p.stage_since == d("2026-10-05")
    assert p.days_at_stage == (d(today) - d("2026-10-05")).days
    assert p.scores_at_stage == 3
    assert p.stalled is stalled
    assert p.needs_attention is stalled  # last score 20 Oct: not due before 3 Nov


@pytest.mark.parametrize("scores, stalled", [(2, False), (3, True), (4, True)])
def test_stalled_needs_at_least_three_scores_at_the_stage(scores: int, stalled: bool) -> None:
    p = judge(at_blend_since_oct_5(scores), "2026-12-31")  # weeks past the 21 days
    assert p.scores_at_stage == scores
    assert p.stalled is stalled


def test_two_scores_in_a_long_time_is_due_not_stalled() -> None:
    # Not stalled for want of checking: the marker that fits is "check due".
    p = judge(at_blend_since_oct_5(2), "2026-11-30")
    assert (p.stalled, p.due) == (False, True)


def test_scores_before_arriving_do_not_count_but_the_arrival_day_does() -> None:
    h = History().add("2026-10-02", "snd", 20).add("2026-10-02", "bl", 2)  # screening, still at sounds
    h.add("2026-10-05", "snd", 25).add("2026-10-05", "bl", 3)  # arrives at blending, checked the same day
    h.add("2026-10-13", "seg", 4)
    p = judge(h, "2026-10-26")
    assert p.stage_since == d("2026-10-05")
    assert p.scores_at_stage == 2  # 5 Oct bl and 13 Oct seg; the 2 Oct bl was before arriving
    assert not p.stalled
    h.add("2026-10-20", "bl", 5)
    p = judge(h, "2026-10-26")
    assert p.scores_at_stage == 3
    assert p.stalled


def test_scores_on_other_stages_and_cleared_cells_do_not_count_towards_stalled() -> None:
    h = History().add("2026-10-05", "snd", 25)
    h.add("2026-10-06", "bl", 3).add("2026-10-13", "hfw", 20).add("2026-10-14", "snd", 26)
    h.add("2026-10-20", "seg", 4).add("2026-10-21", "seg", None)  # a cleared cell is not a score
    p = judge(h, "2026-11-30")
    assert p.placement.stage_id == "blend"
    assert p.scores_at_stage == 2  # bl on 6 Oct and seg on 20 Oct
    assert not p.stalled


def test_moving_up_restarts_the_clock() -> None:
    h = at_blend_since_oct_5(3)
    assert judge(h, "2026-10-26").stalled
    h.add("2026-10-26", "bl", 9).add("2026-10-26", "seg", 8)  # masters blending
    for today, stalled in [("2026-10-26", False), ("2026-11-15", False), ("2026-11-16", False)]:
        p = judge(h, today)
        assert p.placement.stage_id == "words"
        assert p.stage_since == d("2026-10-26")
        assert p.scores_at_stage == 0
        assert p.stalled is stalled
    h.add("2026-10-28", "hfw", 20).add("2026-11-04", "hfw", 30).add("2026-11-11", "hfw", 38)
    assert not judge(h, "2026-11-15").stalled  # 20 days at sight words
    assert judge(h, "2026-11-16").stalled  # 21 days, 3 scores


def test_moving_down_then_back_up_restarts_the_clock_on_the_day_back() -> None:
    h = at_blend_since_oct_5(3)
    h.add("2026-10-21", "snd", 20)  # slips on sounds: back to the first stage
    down = judge(h, "2026-10-21")
    assert (down.placement.stage_id, down.stage_since, down.slipped) == ("sounds", d("2026-10-21"), ("snd",))
    h.add("2026-10-22", "snd", 25)  # and back up the next day
    back = judge(h, "2026-10-26")
    assert back.placement.stage_id == "blend"
    assert back.stage_since == d("2026-10-22")
    assert back.scores_at_stage == 0  # the blending scores from before the dip were another visit
    assert not back.stalled
    h.add("2026-10-23", "bl", 5).add("2026-10-30", "seg", 5).add("2026-11-06", "bl", 6)
    assert not judge(h, "2026-11-11").stalled  # 20 days since coming back
    assert judge(h, "2026-11-12").stalled  # 21 days since coming back


def test_a_student_who_slipped_down_a_stage_can_stall_there() -> None:
    h = History().add("2026-10-01", "snd", 25).add("2026-10-01", "bl", 9).add("2026-10-01", "seg", 9)
    h.add("2026-10-05", "seg", 6)  # slips from sight words back to blending
    h.add("2026-10-06", "seg", 6).add("2026-10-13", "seg", 7)
    p = judge(h, "2026-10-26")
    assert (p.placement.stage_id, p.stage_since, p.scores_at_stage) == ("blend", d("2026-10-05"), 3)
    assert p.stalled and p.slipped == ("seg",)
    assert not judge(h, "2026-10-25").stalled


def test_class_settings_change_the_stall_rule() -> None:
    quick = ClassSettings(stall_days=7, stall_scores=2)
    h = History().add("2026-10-05", "snd", 25).add("2026-10-06", "bl", 3)
    assert not judge(h, "2026-10-20", quick).stalled  # one score at the stage
    h.add("2026-10-07", "seg", 3)
    assert not judge(h, "2026-10-11", quick).stalled  # 6 days
    assert judge(h, "2026-10-12", quick).stalled  # 7 days, 2 scores
    assert not judge(h, "2026-10-12").stalled  # the default rule: 21 days and 3 scores


def test_a_student_with_every_stage_mastered_is_never_stalled_or_due() -> None:
    h = History().add("2026-09-01", "snd", 26).add("2026-09-01", "bl", 10).add("2026-09-01", "seg", 10)
    h.add("2026-09-01", "hfw", 50).add("2026-09-02", "hfw", 50).add("2026-09-03", "hfw", 49)
    p = judge(h, "2026-12-31")
    assert p.placement.status == "complete"
    assert (p.stalled, p.slipped, p.due, p.needs_attention) == (False, (), False, False)


# --- slipped -------------------------------------------------------------------------------


def test_slipped_when_a_mastered_check_has_a_newer_score_below_mastery() -> None:
    h = History().add("2026-10-05", "snd", 25).add("2026-10-06", "bl", 9)
    p = judge(h, "2026-10-06")
    assert p.slipped == ()
    h.add("2026-10-07", "bl", 7)  # one below mastery (8), the next day
    p = judge(h, "2026-10-07")
    assert p.slipped == ("bl",)
    assert p.placement.stage_id == "blend"  # still at blending: it was never left
    assert p.needs_attention


def test_a_score_exactly_at_mastery_is_not_a_slip() -> None:
    h = History().add("2026-10-05", "snd", 26).add("2026-10-06", "snd", 24)
    assert judge(h, "2026-10-06").slipped == ()
    h.add("2026-10-07", "snd", 23)
    p = judge(h, "2026-10-07")
    assert p.slipped == ("snd",)
    assert p.placement.stage_id == "sounds"


def test_re_mastering_clears_the_slip() -> None:
    h = History().add("2026-10-05", "snd", 25).add("2026-10-12", "snd", 20)
    assert judge(h, "2026-10-12").slipped == ("snd",)
    h.add("2026-10-19", "snd", 24)
    p = judge(h, "2026-10-19")
    assert p.slipped == ()
    assert p.placement.stage_id == "blend"
    assert [(v.stage_index, v.reached) for v in p.visits] == [
        (BLEND, d("2026-10-05")), (SOUNDS, d("2026-10-12")), (BLEND, d("2026-10-19"))]


def test_a_check_never_mastered_that_drops_has_not_slipped() -> None:
    h = History().add("2026-10-05", "snd", 23).add("2026-10-12", "snd", 15)
    assert judge(h, "2026-10-12").slipped == ()


def test_a_cleared_mastered_check_is_not_a_slip() -> None:
    h = History().add("2026-10-05", "snd", 25).add("2026-10-12", "snd", None)
    p = judge(h, "2026-10-12")
    assert p.slipped == ()
    assert (p.placement.stage_id, p.placement.status) == ("sounds", "needs-assessment")


def test_several_slipped_checks_are_listed_in_path_order() -> None:
    h = History()
    for check, top in [("snd", 26), ("bl", 10), ("seg", 10), ("hfw", 50)]:
        h.add("2026-10-05", check, top)
    h.add("2026-10-09", "hfw", 10).add("2026-10-09", "seg", 2).add("2026-10-09", "snd", 3)
    assert judge(h, "2026-10-09").slipped == ("snd", "seg", "hfw")


# --- check due -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "today, due",
    [("2026-11-15", False), ("2026-11-16", True), ("2026-11-17", True)],
    ids=["13-days", "14-days", "15-days"],
)
def test_due_after_14_days_without_a_score_at_the_stage(today: str, due: bool) -> None:
    h = History().add("2026-10-26", "snd", 25).add("2026-11-02", "bl", 4)
    p = judge(h, today)
    assert p.days_unscored == (d(today) - d("2026-11-02")).days
    assert p.due is due
    assert p.last_scored == d("2026-11-02")


def test_scores_at_other_stages_do_not_keep_a_check_from_being_due() -> None:
    h = History().add("2026-10-26", "snd", 25).add("2026-11-02", "bl", 4)
    h.add("2026-11-10", "hfw", 20).add("2026-11-12", "snd", 26)  # beyond and below the current stage
    p = judge(h, "2026-11-16")
    assert p.due
    assert p.days_unscored == 14
    assert p.last_scored == d("2026-11-12")  # last scored anywhere


def test_a_student_who_just_arrived_is_due_14_days_after_arriving_when_nothing_is_scored_there() -> None:
    h = History().add("2026-11-02", "snd", 25)
    assert (judge(h, "2026-11-15").due, judge(h, "2026-11-15").days_unscored) == (False, 13)
    assert (judge(h, "2026-11-16").due, judge(h, "2026-11-16").days_unscored) == (True, 14)
    assert judge(h, "2026-11-16").placement.status == "needs-assessment"


def test_a_student_with_no_scores_is_due_and_has_no_dates() -> None:
    p = judge(History(), "2026-11-20")
    assert (p.placement.stage_id, p.placement.status) == ("sounds", "needs-assessment")
    assert p.due and not p.stalled and p.slipped == ()
    assert (p.stage_since, p.days_at_stage, p.days_unscored, p.last_scored) == (None, None, None, None)
    assert p.visits == ()


def test_an_old_score_at_the_new_stage_does_not_make_a_student_who_just_arrived_due() -> None:
    # Screened on blending a month before reaching that stage; arrives on 10 November.
    h = History().add("2026-10-01", "snd", 20).add("2026-10-01", "bl", 3).add("2026-11-10", "snd", 25)
    p = judge(h, "2026-11-16")
    assert p.placement.stage_index == BLEND and p.stage_since == d("2026-11-10")
    assert (p.due, p.days_unscored) == (False, 6)
    assert judge(h, "2026-11-24").due  # 14 days after arriving, still nothing new at blending


def test_due_days_from_the_class_settings() -> None:
    weekly = ClassSettings(due_days=7)
    h = History().add("2026-11-02", "snd", 20)
    assert not judge(h, "2026-11-08", weekly).due
    assert judge(h, "2026-11-09", weekly).due
    assert not judge(h, "2026-11-09").due  # default 14


def test_a_student_back_from_two_weeks_away_is_due_and_one_score_clears_it() -> None:
    # Away every school day from Mon 9 to Fri 20 November; last checked Fri 6 November.
    h = History().add("2026-10-19", "snd", 25).add("2026-10-20", "bl", 3).add("2026-11-06", "bl", 5)
    away = [Absence("z1", days("2026-11-09", i)) for i in (0, 1, 2, 3, 4, 7, 8, 9, 10, 11)]
    record = ClassRecord("Room 4", PATHWAY, students=[ZOE], scores=h.scores, absences=away)
    back = class_progress(record, d("2026-11-23"))["z1"]
    assert back.due and back.days_unscored == 17
    assert not back.stalled  # 35 days at blending but only 2 scores there
    # Absences neither pause nor stretch the clocks: the marks are the same without them.
    present = class_progress(dataclasses.replace(record, absences=[]), d("2026-11-23"))["z1"]
    assert (back.stalled, back.slipped, back.due, back.days_unscored, back.days_at_stage) == (
        present.stalled, present.slipped, present.due, present.days_unscored, present.days_at_stage)
    h.add("2026-11-23", "seg", 4)
    checked = class_progress(dataclasses.replace(record, scores=h.scores), d("2026-11-23"))["z1"]
    assert not checked.due and checked.days_unscored == 0
    assert checked.stalled  # 35 days at blending with 3 scores there: a different route is due


def test_absence_days_count_as_calendar_days_for_stalled() -> None:
    h = at_blend_since_oct_5(3)
    away = [Absence("z1", days("2026-10-12", i)) for i in range(5)]
    record = ClassRecord("Room 4", PATHWAY, students=[ZOE], scores=h.scores, absences=away)
    assert not class_progress(record, d("2026-10-25"))["z1"].stalled
    assert class_progress(record, d("2026-10-26"))["z1"].stalled


# --- same-day corrections --------------------------------------------------------------------


def test_a_same_day_correction_replaces_the_earlier_entry() -> None:
    h = History().add("2026-10-05", "snd", 25).add("2026-10-05", "snd", 20)  # 25 was a typo for 20
    p = judge(h, "2026-10-05")
    assert (p.placement.stage_id, p.placement.status) == ("sounds", "working")
    assert [(v.stage_index, v.reached) for v in p.visits] == [(SOUNDS, d("2026-10-05"))]


def test_a_same_day_correction_is_not_a_slip() -> None:
    h = History().add("2026-10-05", "snd", 25).add("2026-10-05", "snd", 20)
    assert judge(h, "2026-10-05").slipped == ()
    h.add("2026-10-06", "snd", 19)
    assert judge(h, "2026-10-06").slipped == ()  # 25 never stood as a result
    h.add("2026-10-07", "snd", 24).add("2026-10-08", "snd", 23)
    assert judge(h, "2026-10-08").slipped == ("snd",)


def test_a_same_day_correction_upwards_places_on_the_day() -> None:
    h = History().add("2026-10-05", "snd", 20).add("2026-10-05", "snd", 25)
    p = judge(h, "2026-10-05")
    assert p.placement.stage_id == "blend"
    assert p.stage_since == d("2026-10-05")
    assert p.visits == (StageVisit(BLEND, d("2026-10-05")),)


def test_entry_order_not_list_order_decides_a_same_day_correction() -> None:
    first = Score("z1", "snd", 25, d("2026-10-05"), 7)
    second = Score("z1", "snd", 20, d("2026-10-05"), 8)
    for scores in ([first, second], [second, first]):
        p = judge(scores, "2026-10-05")
        assert p.placement.stage_id == "sounds"
        assert p.slipped == ()
    # A later day always wins over a larger seq on an earlier day.
    late_typed = Score("z1", "snd", 20, d("2026-10-04"), 9)
    assert judge([first, late_typed], "2026-10-05").placement.stage_id == "blend"


def test_a_corrected_score_counts_once_towards_stalled() -> None:
    h = History().add("2026-10-05", "snd", 25)
    h.add("2026-10-06", "bl", 3).add("2026-10-06", "bl", 4)  # typed twice, corrected
    h.add("2026-10-13", "seg", 4).add("2026-10-13", "seg", 5)
    p = judge(h, "2026-10-30")
    assert p.scores_at_stage == 2
    assert not p.stalled
    h.add("2026-10-20", "bl", 5)
    assert judge(h, "2026-10-30").stalled


def test_a_score_cleared_the_same_day_does_not_count_as_scored() -> None:
    h = History().add("2026-10-19", "snd", 25).add("2026-10-20", "bl", 4)
    h.add("2026-11-05", "bl", 6).add("2026-11-05", "bl", None)  # typed for the wrong child, cleared
    p = judge(h, "2026-11-05")
    assert p.last_scored == d("2026-10-20")
    assert p.days_unscored == 16
    assert p.due
    assert p.scores_at_stage == 1


def test_moving_up_and_back_within_a_day_leaves_no_visit() -> None:
    h = History().add("2026-10-05", "snd", 20)
    h.add("2026-10-12", "snd", 25).add("2026-10-12", "snd", 22)  # up, then corrected down
    p = judge(h, "2026-10-12")
    assert p.visits == (StageVisit(SOUNDS, d("2026-10-05")),)
    assert p.stage_since == d("2026-10-05")


# --- the stage timeline ----------------------------------------------------------------------


def mover() -> History:
    """Sounds mastered 5 Oct, blending 19 Oct, a slip back 2 Nov, blending again 4 Nov, words 16 Nov."""
    h = History().add("2026-09-28", "snd", 15).add("2026-10-05", "snd", 25)
    h.add("2026-10-12", "bl", 9).add("2026-10-19", "seg", 8)
    h.add("2026-11-02", "bl", 6).add("2026-11-04", "bl", 8)
    h.add("2026-11-09", "hfw", 30).add("2026-11-16", "hfw", 47)
    return h


def test_the_timeline_says_when_each_stage_was_reached_and_left() -> None:
    p = judge(mover(), "2026-11-20")
    assert p.visits == (
        StageVisit(SOUNDS, d("2026-09-28"), d("2026-10-05")),
        StageVisit(BLEND, d("2026-10-05"), d("2026-10-19")),
        StageVisit(WORDS, d("2026-10-19"), d("2026-11-02")),
        StageVisit(BLEND, d("2026-11-02"), d("2026-11-04")),
        StageVisit(WORDS, d("2026-11-04"), d("2026-11-16")),
        StageVisit(COMPLETE, d("2026-11-16")),
    )
    assert p.placement.status == "complete"
    assert p.stage_since == d("2026-11-16")
    assert p.last_scored == d("2026-11-16")


@pytest.mark.parametrize(
    "day, stage",
    [
        ("2026-09-01", SOUNDS),  # before any score: the first stage
        ("2026-10-04", SOUNDS),
        ("2026-10-05", BLEND),
        ("2026-10-18", BLEND),
        ("2026-10-19", WORDS),
        ("2026-11-01", WORDS),
        ("2026-11-02", BLEND),
        ("2026-11-03", BLEND),
        ("2026-11-04", WORDS),
        ("2026-11-15", WORDS),
        ("2026-11-16", COMPLETE),
        ("2026-12-25", COMPLETE),
    ],
)
def test_stage_on_a_day(day: str, stage: int) -> None:
    assert stage_on(judge(mover(), "2026-11-20"), d(day)) == stage


def test_the_timeline_is_in_progress_json() -> None:
    record = ClassRecord("Room 4", PATHWAY, students=[ZOE], scores=mover().scores)
    data = progress_dict(record, class_progress(record, d("2026-11-20")), d("2026-11-20"))
    (zoe,) = data["students"]
    assert zoe["timeline"][:2] == [
        {"stage": "sounds", "reached": "2026-09-28", "left": "2026-10-05"},
        {"stage": "blend", "reached": "2026-10-05", "left": "2026-10-19"},
    ]
    assert zoe["timeline"][-1] == {"stage": "complete", "reached": "2026-11-16", "left": None}
    assert {k: zoe[k] for k in ("id", "name", "stage", "status", "stage_since", "stalled", "slipped", "due",
                                "last_scored")} == {
        "id": "z1", "name": "Zoë Ng", "stage": "complete", "status": "complete", "stage_since": "2026-11-16",
        "stalled": False, "slipped": [], "due": False, "last_scored": "2026-11-16"}


def test_scores_of_checks_not_on_the_pathway_are_ignored() -> None:
    h = History().add("2026-10-05", "snd", 25).add("2026-10-06", "zzz", 3).add("2026-11-30", "old", 1)
    p = judge(h, "2026-10-10")
    assert p.last_scored == d("2026-10-05")
    assert p.visits == (StageVisit(BLEND, d("2026-10-05")),)


def test_class_progress_leaves_out_students_who_left() -> None:
    gone = Student("g1", "Gone Away", active=False)
    h = History().add("2026-10-05", "snd", 25).add("2026-10-05", "snd", 10, student="g1")
    record = ClassRecord("Room 4", PATHWAY, students=[gone, ZOE], scores=h.scores)
    progress = class_progress(record, d("2026-10-05"))
    assert list(progress) == ["z1"]
    assert progress["z1"].placement.stage_id == "blend"


# --- the class profile week by week ----------------------------------------------------------

ANA = Student("a1", "Ana Lopez")
BO = Student("b1", "Bo Li", ("IEP",))


def profile_record() -> ClassRecord:
    """Zoë moves up on Thu 8 Oct; Ana on Mon 12 Oct and Wed 21 Oct; Bo is only ever at sounds."""
    h = History()
    h.add("2026-10-07", "snd", 20).add("2026-10-08", "snd", 25)
    h.add("2026-10-07", "snd", 10, student="a1").add("2026-10-12", "snd", 24, student="a1")
    for check in ("bl", "seg"):
        h.add("2026-10-21", check, 9, student="a1")
    h.add("2026-10-14", "snd", 5, student="b1")
    return ClassRecord("Room 4", PATHWAY, students=[ZOE, ANA, BO], scores=h.scores)


def profile(record: ClassRecord, today: str, weeks: int = 12) -> list[tuple[str, list[int]]]:
    """The profile as the class stood on ``today`` (scores typed later are not known yet)."""
    known = dataclasses.replace(record, scores=[s for s in record.scores if s.date <= d(today)])
    progress = class_progress(known, d(today))
    return [(day.isoformat(), counts) for day, counts in weekly_profile(known, progress, d(today), weeks)]


def test_the_profile_counts_each_stage_every_friday_from_the_first_score() -> None:
    # First score Wed 7 Oct: the first Friday is 9 Oct. Today is Friday 30 Oct.
    assert profile(profile_record(), "2026-10-30") == [
        ("2026-10-09", [2, 1, 0, 0]),  # Zoë at blending since Thu 8
        ("2026-10-16", [1, 2, 0, 0]),  # Ana at blending since Mon 12
        ("2026-10-23", [1, 1, 1, 0]),  # Ana at sight words since Wed 21
        ("2026-10-30", [1, 1, 1, 0]),
    ]


def test_the_profile_ends_with_today_mid_week() -> None:
    rows = profile(profile_record(), "2026-10-21")  # a Wednesday
    assert rows == [
        ("2026-10-09", [2, 1, 0, 0]),
        ("2026-10-16", [1, 2, 0, 0]),
        ("2026-10-21", [1, 1, 1, 0]),  # today: Ana moved up this morning
    ]
    assert profile(profile_record(), "2026-10-20")[-1] == ("2026-10-20", [1, 2, 0, 0])


@pytest.mark.parametrize(
    "first, first_friday",
    [("2026-10-08", "2026-10-09"), ("2026-10-09", "2026-10-09"), ("2026-10-10", "2026-10-16")],
    ids=["thursday", "friday", "saturday"],
)
def test_the_profile_starts_on_the_first_friday_on_or_after_the_first_score(first: str, first_friday: str) -> None:
    record = ClassRecord("Room 4", PATHWAY, students=[ZOE], scores=History().add(first, "snd", 25).scores)
    rows = profile(record, "2026-10-30")
    assert rows[0][0] == first_friday
    assert [day for day, _ in rows] == [
        day.isoformat() for day in (d(first_friday) + dt.timedelta(weeks=w) for w in range(4)) if day <= d("2026-10-30")
    ]
    assert rows[0][1] == [0, 1, 0, 0]  # no Friday before the first score shows everyone at the first stage


def test_the_profile_keeps_the_last_weeks_only() -> None:
    rows = profile(profile_record(), "2027-03-05")  # a Friday, 21 weeks after the first
    assert len(rows) == 12
    assert rows[0][0] == "2026-12-18" and rows[-1][0] == "2027-03-05"
    assert [day for day, _ in profile(profile_record(), "2027-03-05", weeks=3)] == [
        "2027-02-19", "2027-02-26", "2027-03-05"]
    assert [day for day, _ in profile(profile_record(), "2027-03-03", weeks=2)] == [
        "2027-02-19", "2027-02-26", "2027-03-03"]  # two Fridays, then today


def test_the_profile_of_a_class_with_no_scores_is_today_only() -> None:
    record = ClassRecord("Room 4", PATHWAY, students=[ZOE, ANA])
    assert profile(record, "2026-10-30") == [("2026-10-30", [2, 0, 0, 0])]


def test_the_profile_counts_a_student_who_slips_back_at_the_lower_stage() -> None:
    record = profile_record()
    h = History()
    h.scores, h._seq = list(record.scores), count(100)
    h.add("2026-10-28", "snd", 12)  # Zoë slips on Wednesday
    record = dataclasses.replace(record, scores=h.scores)
    assert profile(record, "2026-10-30")[-2:] == [("2026-10-23", [1, 1, 1, 0]), ("2026-10-30", [2, 0, 1, 0])]


# --- plans: what changed since the locked one -------------------------------------------------


def placement_plan(stages: dict[str, str], groups: dict[str, list[str]]) -> dict[str, object]:
    """A plan as ``grouper groups --json`` prints it, cut down to what comparing needs."""
    names = {"z1": "Zoë Ng", "a1": "Ana Lopez", "b1": "Bo Li", "c1": "Cy Ito"}
    return {
        "placements": [{"id": sid, "name": names[sid], "stage": stage} for sid, stage in stages.items()],
        "groups": [
            {"label": label.split("@")[0], "stage": label.split("@")[1], "students": [{"id": s} for s in members]}
            for label, members in groups.items()
        ],
    }


def test_plan_changes_name_who_moved_up_down_or_to_another_group() -> None:
    locked = placement_plan(
        {"z1": "sounds", "a1": "blend", "b1": "blend", "c1": "blend"},
        {"Group 1@sounds": ["z1"], "Group 2@blend": ["a1", "b1"], "Group 3@blend": ["c1"]},
    )
    now = placement_plan(
        {"z1": "blend", "a1": "sounds", "b1": "blend", "c1": "blend"},
        {"Group 1@sounds": ["a1"], "Group 2@blend": ["z1", "b1", "c1"]},
    )
    assert plan_changes(locked, now, PATHWAY) == [
        PlanChange("z1", "Zoë Ng", "up", "Letter sounds", "Blending"),
        PlanChange("a1", "Ana Lopez", "down", "Blending", "Letter sounds"),
        PlanChange("c1", "Cy Ito", "group", "Group 3 (Blending)", "Group 2 (Blending)"),
    ]  # Bo stayed in Group 2 at blending: not a change


def test_groups_renumbered_below_are_not_a_change_for_students_with_the_same_group_mates() -> None:
    locked = placement_plan(
        {"z1": "words", "a1": "words", "b1": "blend", "c1": "blend"},
        {"Group 1@blend": ["b1", "c1"], "Group 2@words": ["z1", "a1"]},
    )
    # Bo drops to sounds and gets a group of his own at the bottom: every number shifts.
    now = placement_plan(
        {"z1": "words", "a1": "words", "b1": "sounds", "c1": "blend"},
        {"Group 1@sounds": ["b1"], "Group 2@blend": ["c1"], "Group 3@words": ["z1", "a1"]},
    )
    assert plan_changes(locked, now, PATHWAY) == [PlanChange("b1", "Bo Li", "down", "Blending", "Letter sounds")]


def test_a_group_split_in_two_moves_the_students_who_leave_it() -> None:
    locked = placement_plan(
        {"z1": "blend", "a1": "blend", "b1": "blend", "c1": "blend"}, {"Group 1@blend": ["z1", "a1", "b1", "c1"]}
    )
    now = placement_plan(
        {"z1": "blend", "a1": "blend", "b1": "blend", "c1": "blend"},
        {"Group 1@blend": ["z1", "a1", "b1"], "Group 2@blend": ["c1"]},
    )
    assert plan_changes(locked, now, PATHWAY) == [
        PlanChange("c1", "Cy Ito", "group", "Group 1 (Blending)", "Group 2 (Blending)")]


def test_plan_changes_to_and_from_complete() -> None:
    locked = placement_plan({"z1": "words", "a1": "complete"}, {"Group 1@words": ["z1"], "Group 2@complete": ["a1"]})
    now = placement_plan({"z1": "complete", "a1": "words"}, {"Group 1@words": ["a1"], "Group 2@complete": ["z1"]})
    assert plan_changes(locked, now, PATHWAY) == [
        PlanChange("z1", "Zoë Ng", "up", "Sight words", "Complete"),
        PlanChange("a1", "Ana Lopez", "down", "Complete", "Sight words"),
    ]
    assert pathway_label(PATHWAY, "complete") == "Complete"


def test_plan_changes_leave_out_new_students_and_those_away_from_a_group() -> None:
    locked = placement_plan({"z1": "sounds", "a1": "sounds"}, {"Group 1@sounds": ["z1", "a1"]})
    now = placement_plan(
        {"z1": "sounds", "a1": "sounds", "b1": "words"},  # a1 away tomorrow; b1 joined since
        {"Group 1@sounds": ["z1"], "Group 2@words": ["b1"]},
    )
    assert plan_changes(locked, now, PATHWAY) == []
    assert plan_changes(now, now, PATHWAY) == []


def test_plan_changes_between_two_real_plans() -> None:
    h = History()
    for sid in ("z1", "a1", "b1", "c1"):
        h.add("2026-11-16", "snd", 10, student=sid)
    students = [ZOE, ANA, BO, Student("c1", "Cy Ito")]
    record = ClassRecord("Room 4", PATHWAY, ClassSettings(min_size=1, max_groups=3), students, h.scores)
    monday = d("2026-11-23")
    today = d("2026-11-20")
    locked = plan_dict(record, plan_for(record, monday), class_progress(record, today))
    h.add("2026-11-20", "snd", 25, student="b1")  # Bo moves up after the plan was locked
    record = dataclasses.replace(record, scores=h.scores)
    now = plan_dict(record, plan_for(record, monday), class_progress(record, today))
    changes = plan_changes(locked, now, PATHWAY)
    assert [(c.student_id, c.kind, c.before, c.after) for c in changes if c.kind != "group"] == [
        ("b1", "up", "Letter sounds", "Blending")]
    assert all(c.student_id != "b1" for c in changes if c.kind == "group")


def locked(day: str, at: str, label: str) -> LockedPlan:
    return LockedPlan(d(day), at, {"label": label})


def label_of(plan: LockedPlan | None) -> str | None:
    return None if plan is None else plan.plan["label"]


def test_the_latest_locked_plan_on_or_before_the_day() -> None:
    plans = [
        locked("2026-11-16", "2026-11-13T15:40:00+00:00", "for Monday"),
        locked("2026-11-18", "2026-11-17T15:00:00+00:00", "for Wednesday"),
        locked("2026-11-23", "2026-11-20T15:30:00+00:00", "for next Monday"),
    ]
    assert label_of(latest_locked(plans, d("2026-11-15"))) is None
    assert label_of(latest_locked(plans, d("2026-11-16"))) == "for Monday"
    assert label_of(latest_locked(plans, d("2026-11-17"))) == "for Monday"
    assert label_of(latest_locked(plans, d("2026-11-18"))) == "for Wednesday"
    assert label_of(latest_locked(plans, d("2026-11-22"))) == "for Wednesday"
    assert label_of(latest_locked(plans, d("2026-11-23"))) == "for next Monday"
    assert label_of(latest_locked(list(reversed(plans)), d("2026-11-30"))) == "for next Monday"
    assert latest_locked([], d("2026-11-30")) is None


def test_of_two_locks_for_one_day_the_later_one_counts() -> None:
    plans = [
        locked("2026-11-23", "2026-11-20T16:10:00+00:00", "second"),
        locked("2026-11-23", "2026-11-20T15:30:00+00:00", "first"),
    ]
    assert label_of(latest_locked(plans, d("2026-11-23"))) == "second"


# --- a built-in pathway, end to end ----------------------------------------------------------


def test_markers_on_the_built_in_early_literacy_pathway() -> None:
    literacy = builtin_pathways()["early-literacy"]
    students = [Student("z1", "Zoë Ng"), Student("a1", "Ana Lopez"), Student("b1", "Bo Li")]
    h = History()
    h.add("2026-10-26", "cap", 11, "z1")  # Zoë: at letters from 26 Oct, three checks there
    h.add("2026-11-02", "lid", 30, "z1").add("2026-11-09", "lsnd", 20, "z1").add("2026-11-13", "lid", 41, "z1")
    h.add("2026-10-26", "cap", 12, "a1").add("2026-10-27", "lid", 52, "a1").add("2026-10-27", "lsnd", 25, "a1")
    h.add("2026-11-18", "lid", 44, "a1")  # Ana: slipped on letter names, back at letters
    h.add("2026-10-26", "cap", 9, "b1").add("2026-11-05", "cap", 9, "b1")  # Bo: not checked since 5 Nov
    record = ClassRecord("Room 7", literacy, students=students, scores=h.scores)

    def marks(today: str) -> dict[str, tuple[str, bool, tuple[str, ...], bool]]:
        known = dataclasses.replace(record, scores=[s for s in record.scores if s.date <= d(today)])
        return {sid: (p.placement.stage_id, p.stalled, p.slipped, p.due)
                for sid, p in class_progress(known, d(today)).items()}

    assert marks("2026-11-15") == {
        "z1": ("letters", False, (), False),  # 20 days at letters
        "a1": ("phonemes", False, (), True),  # nothing scored at phonemes since arriving 27 Oct
        "b1": ("print", False, (), False),
    }
    assert marks("2026-11-20") == {
        "z1": ("letters", True, (), False),  # 25 days, 3 scores there
        "a1": ("letters", False, ("lid",), False),
        "b1": ("print", False, (), True),  # 15 days since 5 Nov
    }
