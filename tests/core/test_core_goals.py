"""Goal lines and the decision rule: where the line runs, which scores it reads, and the four answers.

The rule is also checked with hypothesis against a small reimplementation written here from its
description (not from the code): the line starts at the latest score of the check on or before the
goal's start (else the first score after it), runs straight to the target on the goal date and stays
flat after; the latest three scores since the start, all at or above it, are on track, all below it,
below, otherwise mixed; fewer than three are too few.
"""

from __future__ import annotations

import datetime as dt
import random
from fractions import Fraction
from itertools import count

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grouper.core.detours import suggested_detour
from grouper.core.errors import UsageError
from grouper.core.goals import (
    RULE_POINTS,
    STATUS_WORDS,
    GoalLine,
    goal_line,
    goal_lines,
    goal_problem,
    read_goal_words,
    target_problem,
)
from grouper.core.models import ClassRecord, DetourTaken, Goal, Score, Student
from grouper.core.progress import class_progress, student_progress
from grouper.formats.pathways import builtin_pathways
from grouper.formats.validation import check_pathway
from grouper.reports.attention import BELOW, markers, reasons
from grouper.reports.goals import goal_words, headline

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
                "detours": [{"id": "sand", "label": "Sand tray", "focus": "Trace and say"}],
            },
            {
                "id": "blend",
                "label": "Blending",
                "focus": "Blend and segment three sounds",
                "checks": [{"id": "bl", "label": "Blends (of 10)", "max": 10, "mastery": 8}],
            },
        ],
    }
)
LITERACY = builtin_pathways()["early-literacy"]
ZOE = Student("z1", "Zoë Ng", joined=dt.date(2026, 9, 1))
D0 = dt.date(2026, 10, 1)


def day(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


class History:
    """Scores typed one after another: ``seq`` grows with every entry, as the store gives it."""

    def __init__(self) -> None:
        self.scores: list[Score] = []
        self._seq = count(1)

    def add(self, check: str, value: int | None, when: dt.date, student: str = "z1") -> History:
        self.scores.append(Score(student, check, value, when, next(self._seq)))
        return self


def _goal(target: int = 20, by: int = 28, started: int = 0, check: str = "snd") -> Goal:
    return Goal("z1", check, target, day(by), day(started))


# --- the line ------------------------------------------------------------------------


def test_the_line_runs_straight_from_the_start_to_the_target_then_stays_flat() -> None:
    h = History().add("snd", 6, day(0))
    line = goal_line(_goal(target=20, by=28), h.scores)
    assert (line.start, line.start_date, line.points, line.status) == (6, day(0), (), "too-few")
    assert line.expected(day(0)) == 6.0
    assert line.expected(day(-5)) == 6.0  # before the start: the start
    assert line.expected(day(14)) == 13.0  # halfway
    assert line.expected(day(7)) == 9.5
    assert line.expected(day(28)) == 20.0
    assert line.expected(day(60)) == 20.0  # after the goal date: flat at the target


def test_a_score_exactly_on_the_line_counts_as_at_or_above_it() -> None:
    line = goal_line(_goal(target=20, by=28), History().add("snd", 6, day(0)).scores)
    assert line.on_or_above(day(14), 13)
    assert not line.on_or_above(day(14), 12)
    assert not line.on_or_above(day(7), 9)  # the line is at 9.5 there
    assert line.on_or_above(day(7), 10)


def test_the_line_starts_at_the_latest_score_on_or_before_the_start() -> None:
    h = History().add("snd", 2, day(-20)).add("snd", 4, day(-10)).add("snd", 5, day(0)).add("snd", 7, day(3))
    line = goal_line(_goal(started=0), h.scores)
    assert (line.start, line.start_date) == (5, day(0))
    assert line.points == ((day(3), 7),)
    # Two scores on the start day: the later entry is the start, so the earlier is not a point.
    h = History().add("snd", 3, day(0)).add("snd", 5, day(0)).add("snd", 8, day(2))
    line = goal_line(_goal(started=0), h.scores)
    assert (line.start, line.points) == (5, ((day(2), 8),))


def test_with_no_score_before_the_start_the_line_starts_at_the_first_score_after_it() -> None:
    h = History().add("snd", 4, day(5)).add("snd", 6, day(9)).add("snd", 7, day(12))
    line = goal_line(_goal(started=0), h.scores)
    assert (line.start, line.start_date) == (4, day(5))
    assert line.points == ((day(9), 6), (day(12), 7))


def test_with_no_score_of_the_check_there_is_no_line() -> None:
    h = History().add("bl", 4, day(1))
    line = goal_line(_goal(), h.scores)
    assert (line.start, line.start_date, line.points, line.status) == (None, None, (), "too-few")
    assert line.expected(day(3)) is None
    assert not line.on_or_above(day(3), 26)


def test_other_checks_and_cleared_cells_are_not_points_and_order_does_not_matter() -> None:
    h = (History().add("snd", 6, day(0)).add("bl", 1, day(2)).add("snd", 9, day(4)).add("snd", None, day(5))
         .add("bl", 2, day(6)).add("snd", 12, day(8)).add("snd", 14, day(10)))
    line = goal_line(_goal(target=20, by=28), h.scores)
    assert line.points == ((day(4), 9), (day(8), 12), (day(10), 14))
    shuffled = list(h.scores)
    random.Random(7).shuffle(shuffled)
    assert goal_line(_goal(target=20, by=28), shuffled) == line


# --- the rule ------------------------------------------------------------------------

# Line from 6 on day 0 to 20 on day 28: 6 + day / 2.
RULE_CASES = [
    ("on-track", [(4, 8), (8, 10), (12, 12)]),  # all on the line exactly
    ("on-track", [(4, 2), (8, 12), (12, 14), (16, 20)]),  # an early low point is not among the latest 3
    ("below", [(4, 7), (8, 9), (12, 11)]),  # each one under the line
    ("below", [(4, 15), (8, 9), (12, 11), (16, 13)]),  # the early high point no longer counts
    ("mixed", [(4, 8), (8, 9), (12, 12)]),
    ("mixed", [(4, 7), (8, 9), (12, 13)]),
    ("too-few", [(4, 2), (8, 3)]),
    ("too-few", []),
]


@pytest.mark.parametrize(("status", "points"), RULE_CASES)
def test_the_rule_reads_the_latest_three_scores_against_the_line(status: str, points: list[tuple[int, int]]) -> None:
    h = History().add("snd", 6, day(0))
    for n, v in points:
        h.add("snd", v, day(n))
    line = goal_line(_goal(target=20, by=28), h.scores)
    assert line.status == status
    assert RULE_POINTS == 3
    assert set(STATUS_WORDS) == {"on-track", "mixed", "below", "too-few"}


def test_after_the_goal_date_the_points_are_read_against_the_target() -> None:
    h = History().add("snd", 6, day(0)).add("snd", 20, day(30)).add("snd", 21, day(31)).add("snd", 20, day(40))
    assert goal_line(_goal(target=20, by=28), h.scores).status == "on-track"
    h.add("snd", 19, day(41))
    assert goal_line(_goal(target=20, by=28), h.scores).status == "mixed"


def test_one_score_a_day_counts_a_correction_replaces_and_a_clear_withdraws() -> None:
    # Two real assessments after the start; on the second day a typo (2) corrected at once to 12.
    h = History().add("snd", 6, day(0)).add("snd", 8, day(4)).add("snd", 2, day(8)).add("snd", 12, day(8))
    line = goal_line(_goal(target=20, by=28), h.scores)
    assert line.points == ((day(4), 8), (day(8), 12))
    assert line.status == "too-few"
    # A score then a clear the same day: that day has no score (the day before is the start).
    h = History().add("snd", 5, day(-1)).add("snd", 6, day(0)).add("snd", None, day(0)).add("snd", 9, day(3))
    line = goal_line(_goal(target=20, by=28), h.scores)
    assert (line.start, line.start_date, line.points) == (5, day(-1), ((day(3), 9),))
    # A clear and then a score again the same day: the score stands.
    h = History().add("snd", 6, day(0)).add("snd", None, day(2)).add("snd", 7, day(2))
    assert goal_line(_goal(target=20, by=28), h.scores).points == ((day(2), 7),)


# --- the rule, property-tested against a model written from its description ----------


def _model(goal: Goal, scores: list[Score]) -> tuple[int | None, dt.date | None, list[tuple[dt.date, int]], str]:
    # One score a day: the day's last entry (a later one the same day corrects it, a clear withdraws it).
    last_of_day: dict[dt.date, tuple[int, int | None]] = {}
    for s in scores:
        if s.check == goal.check and (s.date not in last_of_day or s.seq > last_of_day[s.date][0]):
            last_of_day[s.date] = (s.seq, s.value)
    mine = sorted((d, seq, v) for d, (seq, v) in last_of_day.items() if v is not None)
    if not mine:
        return None, None, [], "too-few"
    on_or_before = [i for i, (d, _, _) in enumerate(mine) if d <= goal.started]
    at = on_or_before[-1] if on_or_before else 0
    start_date, _, start = mine[at]
    assert start is not None
    points = [(d, v) for d, _, v in mine[at + 1:] if v is not None]
    if len(points) < 3:
        return start, start_date, points, "too-few"

    def height(d: dt.date) -> Fraction:
        if d >= goal.by:
            return Fraction(goal.target)
        return start + Fraction(goal.target - start) * (d - start_date).days / (goal.by - start_date).days

    above = [v >= height(d) for d, v in points[-3:]]
    return start, start_date, points, "on-track" if all(above) else "below" if not any(above) else "mixed"


_entries = st.lists(
    st.tuples(st.integers(0, 60), st.sampled_from(["snd", "snd", "snd", "bl"]),
              st.one_of(st.none(), st.integers(0, 26))),
    max_size=14,
)


@settings(max_examples=400, deadline=None)
@given(entries=_entries, started=st.integers(0, 60), length=st.integers(1, 60), target=st.integers(0, 26),
       seed=st.integers(0, 1000))
def test_the_rule_agrees_with_a_model_written_from_its_description(
    entries: list[tuple[int, str, int | None]], started: int, length: int, target: int, seed: int
) -> None:
    h = History()
    for n, check, value in entries:
        h.add(check, value, day(n))
    goal = Goal("z1", "snd", target, day(started + length), day(started))
    shuffled = list(h.scores)
    random.Random(seed).shuffle(shuffled)
    line = goal_line(goal, shuffled)
    start, start_date, points, status = _model(goal, h.scores)
    assert (line.start, line.start_date, list(line.points), line.status) == (start, start_date, points, status)


@settings(max_examples=200, deadline=None)
@given(start=st.integers(0, 26), target=st.integers(0, 26), length=st.integers(1, 90), at=st.integers(-10, 120))
def test_the_line_is_the_straight_line_between_its_ends(start: int, target: int, length: int, at: int) -> None:
    line = goal_line(Goal("z1", "snd", target, day(length), day(0)), History().add("snd", start, day(0)).scores)
    expected = line.expected(day(at))
    assert expected is not None
    if at <= 0:
        assert expected == start
    elif at >= length:
        assert expected == target
    else:
        exact = start + Fraction(target - start) * at / length
        assert abs(expected - exact) < 1e-9
        assert min(start, target) <= expected <= max(start, target)


# --- what may be kept -------------------------------------------------------------


@pytest.mark.parametrize(
    ("goal", "words"),
    [
        (Goal("nobody", "snd", 20, day(28), day(0)), "no student with id 'nobody'"),
        (Goal("z1", "nope", 20, day(28), day(0)), "pathway 'mini' has no check 'nope'"),
        (Goal("z1", "snd", 27, day(28), day(0)), "a goal for Sounds (of 26) must be a score from 0 to 26"),
        (Goal("z1", "snd", -1, day(28), day(0)), "must be a score from 0 to 26"),
        (Goal("z1", "snd", True, day(28), day(0)), "must be a score from 0 to 26"),  # type: ignore[arg-type]
        (Goal("z1", "snd", 20, day(0), day(0)), "must come after its start (Thu 1 Oct)"),
        (Goal("z1", "snd", 20, day(-1), day(0)), "the goal date (Wed 30 Sep) must come after"),
    ],
)
def test_a_goal_that_cannot_be_kept_is_named(goal: Goal, words: str) -> None:
    problem = goal_problem(goal, {"z1"}, PATHWAY)
    assert problem is not None and words in problem


def test_a_goal_that_fits_has_no_problem_even_on_a_detour_s_closer_check() -> None:
    assert goal_problem(Goal("z1", "snd", 26, day(1), day(0)), {"z1"}, PATHWAY) is None
    assert goal_problem(Goal("z1", "snd", 0, day(1), day(0)), {"z1"}, PATHWAY) is None
    assert goal_problem(Goal("z1", "ltr10", 10, day(1), day(0)), {"z1"}, LITERACY) is None
    assert goal_problem(Goal("z1", "ltr10", 11, day(1), day(0)), {"z1"}, LITERACY) is not None


def test_a_target_must_be_above_the_start_of_its_line() -> None:
    scores = History().add("snd", 12, day(0)).scores
    for target, refused in [(11, True), (12, True), (13, False)]:
        problem = target_problem(goal_line(_goal(target=target), scores), "Sounds")
        assert (problem is not None) == refused
        if refused:
            assert problem == "'s line on Sounds starts at 12 (Thu 1 Oct): a goal must be above it"
    assert target_problem(goal_line(_goal(target=0), []), "Sounds") is None  # no line yet: nothing to be above


# --- a goal as typed -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "check", "target", "by", "start"),
    [
        ("seg 10 by 2026-12-18", "seg", "10", dt.date(2026, 12, 18), None),
        ("seg 10 by 2026-12-18 from 2026-10-22", "seg", "10", dt.date(2026, 12, 18), dt.date(2026, 10, 22)),
        ("seg 10 from 2026-10-22 by 2026-12-18", "seg", "10", dt.date(2026, 12, 18), dt.date(2026, 10, 22)),
        ("seg 10 2026-12-18", "seg", "10", dt.date(2026, 12, 18), None),
        ("  Letter sounds   20 BY 2026-12-18  ", "Letter sounds", "20", dt.date(2026, 12, 18), None),
        ("seg clear", "seg", None, None, None),
        ("letter sounds CLEAR", "letter sounds", None, None, None),
    ],
)
def test_a_goal_is_read_from_what_was_typed(
    text: str, check: str, target: str | None, by: dt.date | None, start: dt.date | None
) -> None:
    typed = read_goal_words(text)
    assert (typed.check, typed.target, typed.by, typed.start) == (check, target, by, start)


@pytest.mark.parametrize(
    ("text", "check"),
    [
        ("sums within 20 15 by 2026-12-18", "sums within 20"),
        ("Sums within 20 correct 15 by 2026-12-18", "Sums within 20 correct"),
        ("counted back from 10 7 by 2026-12-18", "counted back from 10"),
    ],
)
def test_a_check_label_with_a_number_in_it_can_be_typed(text: str, check: str) -> None:
    typed = read_goal_words(text)
    assert (typed.check, typed.target, typed.by) == (check, text.split()[-3], dt.date(2026, 12, 18))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "a goal is typed CHECK SCORE by YYYY-MM-DD"),
        ("seg", "a goal is typed"),
        ("clear", "a goal is typed"),
        ("10 by 2026-12-18", "a goal is typed"),
        ("seg 10", "a goal needs its date"),
        ("seg 10 from 2026-10-22", "a goal needs its date"),
        ("seg 10 by", "'by' needs a date after it"),
        ("seg 10 by 2026-13-01", "'by' '2026-13-01' is not a date like 2026-11-23"),
        ("seg 10 by tomorrow", "'by' 'tomorrow' is not a date"),
        ("seg 10 by 2026-12-18 please", "'please' is not part of a goal"),
    ],
)
def test_a_goal_typed_wrongly_is_a_usage_error_naming_what_is_wrong(text: str, words: str) -> None:
    with pytest.raises(UsageError) as e:
        read_goal_words(text)
    assert words in str(e.value)


# --- progress, the flag and the detour -------------------------------------------------


def _below_record(detours: list[DetourTaken] | None = None) -> ClassRecord:
    """Zoë at letters (print mastered), her letters named rising slower than her goal's line."""
    h = History().add("cap", 11, dt.date(2026, 11, 2)).add("lid", 20, dt.date(2026, 11, 2))
    for n, v in [(9, 21), (16, 22), (17, 22)]:
        h.add("lid", v, dt.date(2026, 11, 2) + dt.timedelta(days=n))
    goal = Goal("z1", "lid", 40, dt.date(2026, 11, 30), dt.date(2026, 11, 2))
    return ClassRecord("Room 7", LITERACY, students=[ZOE, Student("b1", "Ben Ito")], scores=h.scores,
                       detours=detours or [], goals=[goal])


def test_a_student_below_a_goal_line_needs_attention_and_is_suggested_the_stage_s_detour() -> None:
    record = _below_record()
    progress = class_progress(record, dt.date(2026, 11, 20))
    zoe = progress["z1"]
    assert not zoe.stalled and not zoe.due and not zoe.slipped
    assert [g.status for g in zoe.goals] == ["below"]
    assert zoe.below_goal == zoe.goals
    assert zoe.needs_attention
    assert progress["b1"].goals == ()
    detour = suggested_detour(LITERACY, zoe.placement, zoe)
    assert detour is not None and detour.id == "letters-anchor"
    assert BELOW in markers(zoe) and BELOW.symbol == "⤓" and BELOW.word == "below goal"
    lines = reasons(zoe, LITERACY)
    assert "⤓ below the goal line: Letters named (of 54) (the latest 3 scores)" in lines
    assert "  detour to try: Name and picture anchors [letters-anchor]" in lines


def test_on_a_detour_already_no_detour_is_suggested_for_a_goal() -> None:
    record = _below_record([DetourTaken("z1", "letters", "letters-trace", dt.date(2026, 11, 3))])
    zoe = class_progress(record, dt.date(2026, 11, 20))["z1"]
    assert zoe.below_goal and zoe.detour == "letters-trace"
    assert suggested_detour(LITERACY, zoe.placement, zoe) is None
    assert not any("detour to try" in r for r in reasons(zoe, LITERACY))


def test_a_goal_on_track_raises_no_flag() -> None:
    h = History().add("cap", 11, dt.date(2026, 11, 2)).add("lid", 20, dt.date(2026, 11, 2))
    for n, v in [(7, 26), (14, 31), (17, 33)]:
        h.add("lid", v, dt.date(2026, 11, 2) + dt.timedelta(days=n))
    goal = Goal("z1", "lid", 40, dt.date(2026, 11, 30), dt.date(2026, 11, 2))
    zoe = student_progress(ZOE, h.scores, LITERACY, ClassRecord("x", LITERACY).settings, dt.date(2026, 11, 20),
                           goals=[goal])
    assert [g.status for g in zoe.goals] == ["on-track"]
    assert zoe.below_goal == () and not zoe.needs_attention
    assert BELOW not in markers(zoe)
    assert suggested_detour(LITERACY, zoe.placement, zoe) is None


def test_goal_lines_keep_one_student_s_goals_in_the_order_set() -> None:
    h = History().add("snd", 6, day(0)).add("bl", 2, day(0)).add("snd", 1, day(0), student="b1")
    goals = [_goal(check="snd"), Goal("b1", "snd", 9, day(9), day(0)), _goal(target=9, check="bl")]
    lines = goal_lines(goals, h.scores, "z1")
    assert [(g.goal.check, g.start) for g in lines] == [("snd", 6), ("bl", 2)]


# --- the words ---------------------------------------------------------------------


def test_goal_words_say_the_line_the_latest_points_and_below_the_line_the_detour() -> None:
    h = History().add("snd", 6, day(0))
    for n, v in [(4, 7), (8, 9), (12, 11), (14, 12)]:
        h.add("snd", v, day(n))
    line = goal_line(_goal(target=20, by=28), h.scores)
    assert line.status == "below"
    detour = PATHWAY.stages[0].detours[0]
    words = goal_words(line, PATHWAY, detour)
    assert words[0] == headline(line, PATHWAY)
    assert words[0] == "Sounds (of 26): 20 by Thu 29 Oct: below the line: change the teaching"
    assert words[1] == "  line: 6 on Thu 1 Oct to 20 on Thu 29 Oct (+3.5 a week)"
    assert words[2] == ("  latest: 9 on Fri 9 Oct (line 10, below); 11 on Tue 13 Oct (line 12, below); "
                        "12 on Thu 15 Oct (line 13, below)")
    assert words[3] == "  detour to try: Sand tray [sand]"
    assert len(words) == 4


def test_goal_words_on_track_say_no_detour_and_a_goal_with_no_points_says_so() -> None:
    h = History().add("snd", 6, day(0)).add("snd", 8, day(4)).add("snd", 10, day(7)).add("snd", 13, day(12))
    line = goal_line(_goal(target=20, by=28), h.scores)
    words = goal_words(line, PATHWAY, PATHWAY.stages[0].detours[0])
    assert words[0].endswith(": on track")
    assert "(line 9.5, at or above)" in words[2]
    assert not any("detour" in w for w in words)
    bare = goal_words(goal_line(_goal(), History().add("snd", 6, day(0)).scores), PATHWAY)
    assert bare[0].endswith(": too few points to say")
    assert bare[2] == "  no score since Thu 1 Oct: the rule reads the latest 3"
    none = goal_words(goal_line(_goal(), []), PATHWAY)
    assert none == ["Sounds (of 26): 20 by Thu 29 Oct: too few points to say",
                    "  the line starts at the first score of Sounds (of 26)"]


def test_a_goal_line_is_a_plain_frozen_value() -> None:
    line = goal_line(_goal(), History().add("snd", 6, day(0)).scores)
    assert isinstance(line, GoalLine)
    with pytest.raises(AttributeError):
        line.status = "below"  # type: ignore[misc]
