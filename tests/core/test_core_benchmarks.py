"""Seasonal benchmarks and tiers of support in the core: the season a day falls in, a score's status
against a cut, the score that counts this season, the share at benchmark; a tier change's checks,
the tier on a day, the sessions planned and delivered, the review date and the typed tier words."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

import pytest

from grouper.core.benchmarks import (
    MARKS,
    STATUS_WORDS,
    at_benchmark,
    latest_in,
    season_on,
    share_at_benchmark,
    status_of,
    student_benchmarks,
)
from grouper.core.errors import GrouperError, UsageError
from grouper.core.models import Check, Cut, LockedPlan, Pathway, Score, Stage, TierChange
from grouper.core.tiers import (
    REVIEW_AFTER,
    Dose,
    TierWords,
    delivered_sessions,
    dose,
    history_of,
    planned_sessions,
    read_tier_words,
    review_of,
    tier_on,
    tier_problem,
)

D = dt.date
SEASONS = (("boy", "08-15"), ("moy", "12-01"), ("eoy", "04-01"))


def _pathway(seasons: tuple[tuple[str, str], ...] = SEASONS) -> Pathway:
    """Two screeners: letters with the benchmark only (boy 30, moy 40, eoy 50), sounds with a lower cut."""
    letters = Check("lnf", "Letter naming", 120, 50, benchmark=(Cut("boy", None, 30), Cut("moy", None, 40),
                                                                 Cut("eoy", None, 50)))
    sounds = Check("psf", "Segmenting", 100, 45, benchmark=(Cut("boy", 19, 31), Cut("moy", 34, 43),
                                                            Cut("eoy", 37, 45)))
    spelling = Check("spell", "Spelling", 10, 8)  # not a screener
    return Pathway("bench", "Bench", stages=(Stage("s1", "One", "f", (letters,)),
                                             Stage("s2", "Two", "f", (sounds, spelling))), seasons=seasons)


def _score(check: str, value: int | None, day: dt.date, seq: int, student: str = "a") -> Score:
    return Score(student, check, value, day, seq)


# --- season_on ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "season", "start"),
    [
        (D(2026, 8, 14), "eoy", D(2026, 4, 1)),  # the day before boy: still last year's end of year
        (D(2026, 8, 15), "boy", D(2026, 8, 15)),  # boy's start day
        (D(2026, 11, 30), "boy", D(2026, 8, 15)),
        (D(2026, 12, 1), "moy", D(2026, 12, 1)),
        (D(2026, 12, 31), "moy", D(2026, 12, 1)),
        (D(2027, 1, 1), "moy", D(2026, 12, 1)),  # across New Year: moy started last year
        (D(2027, 3, 31), "moy", D(2026, 12, 1)),
        (D(2027, 4, 1), "eoy", D(2027, 4, 1)),
        (D(2027, 8, 14), "eoy", D(2027, 4, 1)),
        (D(2027, 8, 15), "boy", D(2027, 8, 15)),
    ],
)
def test_season_on_is_the_season_whose_start_came_last(day: dt.date, season: str, start: dt.date) -> None:
    found = season_on(_pathway(), day)
    assert found is not None
    assert (found.id, found.start) == (season, start)


def test_season_words() -> None:
    found = season_on(_pathway(), D(2026, 12, 1))
    assert found is not None and found.words == "middle of year"


def test_no_seasons_is_no_season() -> None:
    assert season_on(_pathway(()), D(2026, 11, 20)) is None
    assert student_benchmarks(_pathway(()), [_score("lnf", 40, D(2026, 11, 20), 1)], D(2026, 11, 20)) == {}


@pytest.mark.parametrize(
    ("day", "season", "start"),
    [
        (D(2027, 2, 27), "moy", D(2026, 12, 1)),
        (D(2027, 2, 28), "eoy", D(2027, 2, 28)),  # no 29 February in 2027: eoy starts on the 28th
        (D(2027, 3, 1), "eoy", D(2027, 2, 28)),
        (D(2028, 2, 28), "moy", D(2027, 12, 1)),  # 2028 has a 29th: the 28th is still moy
        (D(2028, 2, 29), "eoy", D(2028, 2, 29)),
    ],
)
def test_a_season_starting_on_29_february(day: dt.date, season: str, start: dt.date) -> None:
    found = season_on(_pathway((("boy", "08-15"), ("moy", "12-01"), ("eoy", "02-29"))), day)
    assert found is not None
    assert (found.id, found.start) == (season, start)


def test_a_school_year_starting_in_january() -> None:
    p = _pathway((("boy", "01-10"), ("moy", "05-01"), ("eoy", "10-01")))
    assert season_on(p, D(2027, 1, 9)).id == "eoy"  # type: ignore[union-attr]
    assert season_on(p, D(2027, 1, 10)).id == "boy"  # type: ignore[union-attr]
    assert season_on(p, D(2026, 12, 31)).start == D(2026, 10, 1)  # type: ignore[union-attr]


# --- status_of ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cut", "value", "status"),
    [
        (Cut("boy", 19, 31), 31, "at-or-above"),  # at the benchmark
        (Cut("boy", 19, 31), 100, "at-or-above"),
        (Cut("boy", 19, 31), 30, "below"),
        (Cut("boy", 19, 31), 19, "below"),  # at the lower cut: below, not well below
        (Cut("boy", 19, 31), 18, "well-below"),
        (Cut("boy", 19, 31), 0, "well-below"),
        (Cut("boy", 19, 31), None, "not-screened"),
        (Cut("boy", None, 30), 30, "at-or-above"),
        (Cut("boy", None, 30), 29, "below"),
        (Cut("boy", None, 30), 0, "below"),  # benchmark only: never well below
        (Cut("boy", None, 30), None, "not-screened"),
        (Cut("boy", 0, 0), 0, "at-or-above"),
        (Cut("boy", 20, 20), 19, "well-below"),
    ],
)
def test_status_of(cut: Cut, value: int | None, status: str) -> None:
    assert status_of(cut, value) == status


def test_every_status_has_a_mark_and_words() -> None:
    assert MARKS == {"at-or-above": "●", "below": "◐", "well-below": "○", "not-screened": "◌"}
    assert STATUS_WORDS["at-or-above"] == "● at or above benchmark"
    assert STATUS_WORDS["below"] == "◐ below benchmark"
    assert STATUS_WORDS["well-below"] == "○ well below benchmark"
    assert STATUS_WORDS["not-screened"] == "◌ not screened yet"


# --- latest_in ----------------------------------------------------------------------------------------------

START = D(2026, 8, 15)
TODAY = D(2026, 11, 20)


def test_latest_in_takes_the_latest_day_and_its_last_entry() -> None:
    scores = [
        _score("lnf", 10, D(2026, 9, 1), 1),
        _score("lnf", 25, D(2026, 10, 1), 5),
        _score("lnf", 52, D(2026, 10, 1), 3),  # typed before the 25 on the same day: the 25 stands
        _score("psf", 90, D(2026, 10, 2), 6),  # another check
        _score("lnf", 99, D(2026, 10, 1), 2, student="a"),
    ]
    assert latest_in(scores, "lnf", START, TODAY) == 25


def test_a_same_day_correction_wins() -> None:
    scores = [_score("lnf", 12, D(2026, 11, 2), 1), _score("lnf", 21, D(2026, 11, 2), 2)]
    assert latest_in(scores, "lnf", START, TODAY) == 21


def test_a_cleared_cell_is_no_score_and_the_day_before_counts() -> None:
    scores = [_score("lnf", 30, D(2026, 11, 1), 1), _score("lnf", 40, D(2026, 11, 2), 2),
              _score("lnf", None, D(2026, 11, 2), 3)]
    assert latest_in(scores, "lnf", START, TODAY) == 30
    only_cleared = [_score("lnf", 40, D(2026, 11, 2), 1), _score("lnf", None, D(2026, 11, 2), 2)]
    assert latest_in(only_cleared, "lnf", START, TODAY) is None


def test_latest_in_leaves_out_scores_outside_the_season() -> None:
    scores = [_score("lnf", 30, D(2026, 8, 14), 1), _score("lnf", 40, D(2026, 11, 21), 2)]
    assert latest_in(scores, "lnf", START, TODAY) is None
    assert latest_in([_score("lnf", 30, START, 1)], "lnf", START, TODAY) == 30
    assert latest_in([_score("lnf", 30, TODAY, 1)], "lnf", START, TODAY) == 30


# --- student_benchmarks, at_benchmark, share_at_benchmark ------------------------------------------------------


def test_student_benchmarks_per_screener_this_season() -> None:
    scores = [_score("lnf", 35, D(2026, 9, 1), 1), _score("psf", 10, D(2026, 9, 1), 2),
              _score("spell", 2, D(2026, 9, 1), 3)]
    assert student_benchmarks(_pathway(), scores, TODAY) == {"lnf": "at-or-above", "psf": "well-below"}


def test_a_score_from_last_season_is_not_screened() -> None:
    scores = [_score("lnf", 60, D(2026, 6, 1), 1), _score("psf", 90, D(2026, 8, 14), 2)]
    assert student_benchmarks(_pathway(), scores, TODAY) == {"lnf": "not-screened", "psf": "not-screened"}


def test_the_same_score_is_read_against_this_seasons_cut() -> None:
    scores = [_score("lnf", 35, D(2026, 12, 1), 1)]  # 35: at or above boy's 30, below moy's 40
    assert student_benchmarks(_pathway(), scores, D(2026, 12, 1)) == {"lnf": "below", "psf": "not-screened"}


def test_at_benchmark() -> None:
    assert at_benchmark({}) is None
    assert at_benchmark({"lnf": "not-screened", "psf": "not-screened"}) is None
    assert at_benchmark({"lnf": "at-or-above", "psf": "not-screened"}) is True
    assert at_benchmark({"lnf": "at-or-above", "psf": "below"}) is False
    assert at_benchmark({"lnf": "well-below"}) is False


def test_share_at_benchmark_leaves_out_the_not_screened() -> None:
    students = [
        {"lnf": "at-or-above", "psf": "at-or-above"},
        {"lnf": "at-or-above", "psf": "not-screened"},
        {"lnf": "below", "psf": "at-or-above"},
        {"lnf": "at-or-above", "psf": "well-below"},
        {"lnf": "not-screened", "psf": "not-screened"},
        {},
    ]
    assert share_at_benchmark(students) == pytest.approx(2 / 4)


def test_share_at_benchmark_is_none_when_nobody_was_screened() -> None:
    assert share_at_benchmark([]) is None
    assert share_at_benchmark([{"lnf": "not-screened"}, {}]) is None  # type: ignore[list-item]


# --- tiers: tier_problem --------------------------------------------------------------------------------------

DAY = D(2026, 11, 20)  # a Friday
IDS = {"a", "b"}


def test_good_tier_changes_are_kept() -> None:
    assert tier_problem(TierChange("a", 1, DAY), IDS) is None
    assert tier_problem(TierChange("a", 1, DAY, reason="caught up"), IDS) is None
    assert tier_problem(TierChange("a", 2, DAY, "Phonics booster", 3, DAY + dt.timedelta(days=1)), IDS) is None
    assert tier_problem(TierChange("a", 3, DAY, "Intensive", 10), IDS) is None
    assert tier_problem(TierChange("a", 3, DAY, "x" * 200, 1, reason="y" * 200), IDS) is None


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (TierChange("nobody", 2, DAY, "X"), "no student with id 'nobody'"),
        (TierChange("a", 0, DAY), "a tier is 1, 2 or 3"),
        (TierChange("a", 4, DAY, "X"), "a tier is 1, 2 or 3"),
        (TierChange("a", 2, DAY, "x" * 201), "at most 200 characters"),
        (TierChange("a", 1, DAY, reason="y" * 201), "at most 200 characters"),
        (TierChange("a", 1, DAY, "Phonics"), "Tier 1 is core teaching: it has no intervention, sessions or review"),
        (TierChange("a", 1, DAY, sessions_per_week=3), "Tier 1 is core teaching"),
        (TierChange("a", 1, DAY, review=DAY + dt.timedelta(days=7)), "Tier 1 is core teaching"),
        (TierChange("a", 2, DAY), "Tier 2 needs the intervention's name (--intervention)"),
        (TierChange("a", 3, DAY, "   "), "Tier 3 needs the intervention's name"),
        (TierChange("a", 2, DAY, "X", 0), "sessions a week must be from 1 to 10"),
        (TierChange("a", 2, DAY, "X", 11), "sessions a week must be from 1 to 10"),
        (TierChange("a", 2, DAY, "X", review=DAY), "the review (Fri 20 Nov) must come after the start (Fri 20 Nov)"),
        (TierChange("a", 2, DAY, "X", review=DAY - dt.timedelta(days=1)),
         "the review (Thu 19 Nov) must come after the start (Fri 20 Nov)"),
    ],
)
def test_tier_problem_names_each_refusal(change: TierChange, words: str) -> None:
    problem = tier_problem(change, IDS)
    assert problem is not None and words in problem


def test_a_bool_is_not_a_tier() -> None:
    assert tier_problem(TierChange("a", True, DAY), IDS) is not None


# --- tier_on, history_of ------------------------------------------------------------------------------------------


def test_tier_on_is_the_latest_change_on_or_before_the_day() -> None:
    first = TierChange("a", 2, D(2026, 10, 1), "Phonics")
    other = TierChange("b", 3, D(2026, 10, 5), "Intensive")
    second = TierChange("a", 3, D(2026, 11, 2), "Intensive")
    back = TierChange("a", 1, D(2026, 11, 2))  # made after `second`, the same day: it wins
    future = TierChange("a", 2, D(2026, 12, 1), "Later")
    changes = [first, other, second, back, future]
    assert tier_on(changes, "a", D(2026, 9, 30)) is None
    assert tier_on(changes, "a", D(2026, 10, 1)) == first
    assert tier_on(changes, "a", D(2026, 11, 1)) == first
    assert tier_on(changes, "a", D(2026, 11, 2)) == back
    assert tier_on(changes, "a", D(2026, 11, 30)) == back  # the future change does not count yet
    assert tier_on(changes, "a", D(2026, 12, 1)) == future
    assert tier_on(changes, "b", D(2026, 11, 30)) == other
    assert tier_on(changes, "nobody", D(2026, 12, 1)) is None


def test_a_backdated_change_does_not_undo_a_later_one() -> None:
    later = TierChange("a", 2, D(2026, 11, 20), "Phonics")
    backdated = TierChange("a", 3, D(2026, 11, 16), "Intensive")  # made after, dated before
    assert tier_on([later, backdated], "a", D(2026, 11, 20)) == later
    assert tier_on([later, backdated], "a", D(2026, 11, 17)) == backdated


def test_history_is_oldest_first_and_same_day_changes_keep_their_order() -> None:
    a = TierChange("a", 2, D(2026, 11, 2), "P")
    b = TierChange("a", 1, D(2026, 11, 2))
    c = TierChange("a", 3, D(2026, 10, 1), "I")
    assert history_of([a, TierChange("b", 2, D(2026, 9, 1), "Q"), b, c], "a") == [c, a, b]


# --- planned_sessions, delivered_sessions, dose --------------------------------------------------------------------


def test_planned_sessions_counts_school_days_from_the_start() -> None:
    mon = D(2026, 11, 16)
    t = TierChange("a", 2, mon, "P", 3)
    assert planned_sessions(t, mon - dt.timedelta(days=1)) == 0
    assert planned_sessions(t, mon) == 0  # 3 x 1 / 5, floored
    assert planned_sessions(t, mon + dt.timedelta(days=1)) == 1  # 3 x 2 / 5
    assert planned_sessions(t, D(2026, 11, 20)) == 3  # the whole week
    assert planned_sessions(t, D(2026, 11, 22)) == 3  # the weekend adds nothing
    assert planned_sessions(t, D(2026, 11, 27)) == 6
    assert planned_sessions(TierChange("a", 2, mon, "P"), D(2026, 11, 27)) is None


def test_planned_sessions_over_a_weekend() -> None:
    fri, mon = D(2026, 11, 20), D(2026, 11, 23)
    assert planned_sessions(TierChange("a", 2, fri, "P", 5), mon) == 2  # Friday and Monday
    assert planned_sessions(TierChange("a", 2, fri, "P", 3), mon) == 1  # 3 x 2 / 5, floored
    assert planned_sessions(TierChange("a", 2, D(2026, 11, 21), "P", 5), D(2026, 11, 22)) == 0  # Sat to Sun
    assert planned_sessions(TierChange("a", 2, D(2026, 11, 21), "P", 5), mon) == 1


def _plan(day: dt.date, *groups: tuple[list[str], bool]) -> LockedPlan:
    doc: dict[str, Any] = {"groups": [{"stage": f"g{i}", "meets": meets, "students": [{"id": s} for s in who]}
                                      for i, (who, meets) in enumerate(groups)]}
    return LockedPlan(day, f"{day.isoformat()}T08:00:00", doc)


MON, TUE, WED, THU, FRI = (D(2026, 11, 16) + dt.timedelta(days=i) for i in range(5))


def test_delivered_counts_the_plans_where_the_group_met_and_the_student_was_there() -> None:
    plans = [
        _plan(MON, (["a", "b"], True)),  # met
        _plan(TUE, (["a"], False), (["b"], True)),  # a's group did not meet
        _plan(WED, (["b"], True)),  # a was in no group
        _plan(THU, (["a"], True)),  # a was away
        _plan(FRI, (["b"], True), (["a"], True)),  # met
    ]
    away = {("a", THU), ("b", MON)}
    assert delivered_sessions(plans, away, "a", MON, FRI) == 2
    assert delivered_sessions(plans, away, "b", MON, FRI) == 3  # away on Monday
    assert delivered_sessions(plans, set(), "a", MON, FRI) == 3
    assert delivered_sessions(plans, away, "a", TUE, THU) == 0  # plans locked, none delivered: 0, not None
    assert delivered_sessions(plans, away, "a", MON, MON) == 1


def test_a_group_without_the_meets_key_met() -> None:
    plan = LockedPlan(MON, "x", {"groups": [{"students": [{"id": "a"}]}]})
    assert delivered_sessions([plan], set(), "a", MON, FRI) == 1


def test_delivered_is_none_when_no_plan_was_locked_in_the_time() -> None:
    plans = [_plan(D(2026, 11, 9), (["a"], True)), _plan(D(2026, 11, 30), (["a"], True))]
    assert delivered_sessions(plans, set(), "a", MON, FRI) is None
    assert delivered_sessions([], set(), "a", MON, FRI) is None


def test_dose_and_short() -> None:
    t = TierChange("a", 2, MON, "P", 5)
    plans = [_plan(MON, (["a"], True)), _plan(TUE, (["a"], True))]
    d = dose(t, plans, set(), FRI)
    assert d == Dose(2, 5)
    assert d.short
    assert not Dose(5, 5).short
    assert not Dose(None, 5).short
    assert not Dose(2, None).short


# --- review_of ---------------------------------------------------------------------------------------------------


def test_review_of_defaults_to_six_weeks_on() -> None:
    assert dt.timedelta(weeks=6) == REVIEW_AFTER
    assert review_of(TierChange("a", 2, DAY, "P")) == D(2027, 1, 1)
    assert review_of(TierChange("a", 3, DAY, "P", review=D(2026, 12, 4))) == D(2026, 12, 4)
    assert review_of(TierChange("a", 1, DAY)) is None


# --- read_tier_words ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("1", TierWords(1)),
        ("1 : caught up", TierWords(1, reason="caught up")),
        ("2 Phonics booster 3/week", TierWords(2, "Phonics booster", 3)),
        ("2 Phonics booster 3/week review 2026-12-21 : stalled", TierWords(2, "Phonics booster", 3, D(2026, 12, 21),
                                                                           "stalled")),
        ("  3   Read   Well  5/WEEK  ", TierWords(3, "Read Well", 5)),
        ("2 review 2026-12-21 Phonics", TierWords(2, "Phonics", None, D(2026, 12, 21))),
        ("2 Phonics : reason: with a colon", TierWords(2, "Phonics", reason="reason: with a colon")),
        ("2", TierWords(2)),  # no intervention: tier_problem says so
        ("2 Phonics review", TierWords(2, "Phonics review")),  # no date after it: part of the name
    ],
)
def test_read_tier_words(text: str, words: TierWords) -> None:
    assert read_tier_words(text) == words


@pytest.mark.parametrize("text", ["", "   ", "4 Phonics", "0", "two Phonics", "02 Phonics", "Phonics 2", ": reason",
                                  "2Phonics"])
def test_a_tier_that_is_not_1_2_or_3_is_refused(text: str) -> None:
    with pytest.raises(UsageError, match="a tier is typed TIER"):
        read_tier_words(text)


@pytest.mark.parametrize("text", ["2 Phonics review 2026-13-01", "2 Phonics review tomorrow", "2 P review 21/12/2026"])
def test_a_bad_review_date_is_refused(text: str) -> None:
    with pytest.raises(UsageError, match=r"review '.*' is not a date like 2026-11-23"):
        read_tier_words(text)


def test_a_superscript_digit_is_refused_in_plain_words() -> None:
    with contextlib.suppress(GrouperError):
        read_tier_words("2 Phonics ²/week")
