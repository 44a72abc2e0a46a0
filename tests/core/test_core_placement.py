"""Placement: the latest score counts, cleared cells hide older ones, first stage not mastered."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from grouper.core.models import ClassRecord, Score, Student
from grouper.core.placement import current_values, latest_scores, place_class, place_student
from grouper.formats.validation import check_pathway
from literacy import PATHWAY

ZOE = Student("s1", "Zoë Ng")
D1, D2, D3 = dt.date(2026, 11, 2), dt.date(2026, 11, 3), dt.date(2026, 11, 4)


def sc(check: str, value: int | None, day: dt.date, seq: int, student: str = "s1") -> Score:
    return Score(student, check, value, day, seq)


def place(scores: list[Score], student: Student = ZOE):
    record = ClassRecord("Room 4", PATHWAY, students=[student], scores=scores)
    (placement,) = place_class(record)
    return placement


MASTER_LETTERS = [sc("names", 50, D1, 1), sc("sounds", 24, D1, 2)]


# --- which score counts -----------------------------------------------------


def test_latest_date_counts_even_if_lower() -> None:
    # An older higher score does not count over a newer lower one.
    latest = latest_scores([sc("names", 52, D1, 1), sc("names", 30, D2, 2)])
    assert latest[("s1", "names")].value == 30


def test_latest_date_counts_even_if_typed_earlier() -> None:
    # Entered today for yesterday (higher seq, older date): the newer date still counts.
    latest = latest_scores([sc("names", 30, D2, 1), sc("names", 52, D1, 2)])
    assert latest[("s1", "names")].value == 30


def test_same_date_higher_seq_counts() -> None:
    latest = latest_scores([sc("names", 52, D1, 7), sc("names", 30, D1, 3)])
    assert latest[("s1", "names")].value == 52
    latest = latest_scores([sc("names", 52, D1, 3), sc("names", 30, D1, 7)])
    assert latest[("s1", "names")].value == 30


def test_cleared_cell_hides_older_scores() -> None:
    scores = [sc("names", 52, D1, 1), sc("names", None, D2, 2)]
    assert ("s1", "names") not in latest_scores(scores)
    p = place([*scores, sc("sounds", 24, D1, 3)])
    assert p.status == "needs-assessment"
    assert p.unscored == ("names",)


def test_newer_score_after_a_clear_counts_again() -> None:
    scores = [sc("names", 52, D1, 1), sc("names", None, D2, 2), sc("names", 40, D3, 3)]
    assert latest_scores(scores)[("s1", "names")].value == 40


def test_clear_on_same_day_typed_later_hides_the_score() -> None:
    scores = [sc("names", 52, D1, 1), sc("names", None, D1, 2)]
    assert latest_scores(scores) == {}


def test_older_clear_does_not_hide_a_newer_score() -> None:
    scores = [sc("names", 52, D2, 2), sc("names", None, D1, 9)]
    assert latest_scores(scores)[("s1", "names")].value == 52


def test_scores_of_different_students_do_not_mix() -> None:
    scores = [sc("names", 52, D1, 1, "s1"), sc("names", 10, D2, 2, "s2")]
    latest = latest_scores(scores)
    assert latest[("s1", "names")].value == 52
    assert latest[("s2", "names")].value == 10


# --- mastery boundaries -----------------------------------------------------


def test_score_exactly_at_mastery_is_mastered() -> None:
    p = place([*MASTER_LETTERS, sc("cvc", 18, D1, 3)])
    assert p.stage_id == "digraphs"


def test_score_one_below_mastery_is_not_mastered() -> None:
    p = place([sc("names", 49, D1, 1), sc("sounds", 24, D1, 2)])
    assert (p.stage_index, p.stage_id, p.status) == (0, "letters", "working")
    assert p.below == ("names",)
    assert p.unscored == ()
    assert p.needs == ("names",)


def test_zero_is_a_score_not_a_blank() -> None:
    p = place([sc("names", 0, D1, 1)])
    assert p.status == "working"
    assert p.below == ("names",)
    assert p.unscored == ("sounds",)


def test_mastery_zero_is_met_by_a_zero_score() -> None:
    pw = check_pathway(
        {
            "id": "p",
            "name": "P",
            "stages": [
                {"id": "a", "label": "A", "focus": "F", "checks": [{"id": "x", "label": "X", "max": 5, "mastery": 0}]}
            ],
        }
    )
    assert place_student(ZOE, {"x": 0}, pw).status == "complete"
    assert place_student(ZOE, {}, pw).status == "needs-assessment"


# --- statuses ---------------------------------------------------------------


def test_no_scores_needs_assessment_at_first_stage() -> None:
    p = place([])
    assert (p.stage_index, p.stage_id, p.status) == (0, "letters", "needs-assessment")
    assert p.unscored == ("names", "sounds")
    assert p.below == ()


def test_working_when_some_check_below_even_if_others_unscored() -> None:
    p = place([sc("sounds", 3, D1, 1)])
    assert p.status == "working"
    assert p.below == ("sounds",)
    assert p.unscored == ("names",)
    assert p.needs == ("sounds", "names")


def test_needs_assessment_when_none_below_but_one_unscored() -> None:
    p = place([*MASTER_LETTERS, sc("cvc", 20, D1, 3), sc("dig", 9, D1, 4)])
    assert (p.stage_id, p.status) == ("digraphs", "needs-assessment")
    assert p.unscored == ("dig-spell",)


def test_first_stage_not_mastered_wins_over_later_data() -> None:
    # Mastered digraphs does not skip an unmastered CVC stage.
    p = place([*MASTER_LETTERS, sc("cvc", 10, D1, 3), sc("dig", 10, D1, 4), sc("dig-spell", 10, D1, 5)])
    assert (p.stage_index, p.stage_id, p.status) == (1, "cvc", "working")


def test_all_mastered_is_complete() -> None:
    scores = [*MASTER_LETTERS, sc("cvc", 18, D1, 3), sc("dig", 8, D1, 4), sc("dig-spell", 10, D1, 5)]
    p = place(scores)
    assert p.status == "complete"
    assert p.stage_id == "complete"
    assert p.stage_index == len(PATHWAY.stages) == 3
    assert p.needs == ()


def test_dropping_below_again_moves_student_back() -> None:
    scores = [*MASTER_LETTERS, sc("names", 40, D2, 3)]
    p = place(scores)
    assert (p.stage_id, p.below) == ("letters", ("names",))


# --- whole class ------------------------------------------------------------


def test_place_class_in_roster_order_skipping_inactive() -> None:
    students = [Student("b", "Bea"), Student("a", "Al", active=False), Student("c", "Cy")]
    record = ClassRecord(
        "Room 4",
        PATHWAY,
        students=students,
        scores=[sc("names", 50, D1, 1, "c"), sc("sounds", 24, D1, 2, "c")],
    )
    placements = place_class(record)
    assert [p.student.id for p in placements] == ["b", "c"]
    assert [p.stage_id for p in placements] == ["letters", "cvc"]


def test_scores_for_unknown_checks_or_students_are_ignored() -> None:
    record = ClassRecord(
        "Room 4",
        PATHWAY,
        students=[ZOE],
        scores=[sc("retired-check", 5, D1, 1), sc("names", 50, D1, 2, "ghost")],
    )
    assert current_values(record) == {"s1": {}}
    assert place_class(record)[0].status == "needs-assessment"


# --- against an independent model -------------------------------------------

CHECKS = [c for c in PATHWAY.all_checks()]
DAYS = [D1, D2, D3]


@st.composite
def histories(draw: st.DrawFn) -> list[Score]:
    n = draw(st.integers(0, 25))
    seqs = draw(st.lists(st.integers(1, 1000), min_size=n, max_size=n, unique=True))
    out = []
    for seq in seqs:
        check = draw(st.sampled_from(CHECKS))
        # Values near the mastery line are the interesting ones.
        value = draw(
            st.none() | st.sampled_from([0, check.mastery - 1, check.mastery, check.max]).filter(lambda v: v >= 0)
        )
        out.append(Score("s1", check.id, value, draw(st.sampled_from(DAYS)), seq))
    return out


def oracle(scores: list[Score]) -> tuple[str, str]:
    values = {}
    for check in CHECKS:
        mine = [s for s in scores if s.check == check.id]
        if mine:
            newest = max(mine, key=lambda s: (s.date, s.seq))
            if newest.value is not None:
                values[check.id] = newest.value
    for stage in PATHWAY.stages:
        if any(c.id in values and values[c.id] < c.mastery for c in stage.checks):
            return stage.id, "working"
        if any(c.id not in values for c in stage.checks):
            return stage.id, "needs-assessment"
    return "complete", "complete"


@settings(max_examples=200, deadline=None)
@given(histories(), st.randoms(use_true_random=False))
def test_placement_matches_the_rule_in_any_input_order(scores: list[Score], rnd: random.Random) -> None:
    expected = oracle(scores)
    p = place(scores)
    assert (p.stage_id, p.status) == expected
    shuffled = scores[:]
    rnd.shuffle(shuffled)
    q = place(shuffled)
    assert q == p
    assert latest_scores(shuffled) == latest_scores(scores)
