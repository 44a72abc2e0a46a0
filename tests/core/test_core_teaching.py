"""What teaching works: per stage visit, the main route and each detour taken, counted by hand.

Every history here is small and dated, so each count (taught, mastered, stalled), each median of
school days and each median of group sessions can be worked out on paper and pinned exactly.
Calendar: Mon 2026-10-05, Mon 10-12, Mon 10-19, Mon 10-26, Mon 11-02, Mon 11-09, Mon 11-16, Fri 11-20.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core_helpers import History, d
from hypothesis import given, settings
from hypothesis import strategies as st

from grouper.core.models import ClassRecord, DetourTaken, LockedPlan, Student
from grouper.core.progress import class_progress
from grouper.core.teaching import EVERY_CLASS, TeachingRow, teaching_report_of, teaching_rows
from grouper.formats.pathways import builtin_pathways

LITERACY = builtin_pathways()["early-literacy"]
NUMERACY = builtin_pathways()["early-numeracy"]
TODAY = dt.date(2026, 11, 20)  # a Friday




def record(history: History, *sids: str, detours: tuple[DetourTaken, ...] = (), plans: tuple[LockedPlan, ...] = (),
           name: str = "Room 7", pathway: Any = LITERACY) -> ClassRecord:
    students = [Student(sid, f"Student {sid}") for sid in sids]
    return ClassRecord(name, pathway, students=students, scores=list(history.scores), detours=list(detours),
                       plans=list(plans))


def summary(rows: list[TeachingRow]) -> list[tuple[Any, ...]]:
    """(stage, detour, taught, mastered, stalled, median school days, median sessions) of each row, in order."""
    return [(r.stage, r.detour, r.taught, r.mastered, r.stalled, r.median_school_days, r.median_sessions)
            for r in rows]


def plan(day: str, *groups: tuple[tuple[str, ...], bool]) -> LockedPlan:
    """A locked plan as ``grouper groups --json`` keeps it: groups of student ids, each meeting or not."""
    return LockedPlan(d(day), f"{day}T08:00:00", {
        "date": day,
        "groups": [{"stage": "print", "meets": meets, "students": [{"id": sid, "name": sid} for sid in ids]}
                   for ids, meets in groups],
    })


def stalled_at_letters(h: History, sid: str = "s1") -> History:
    """Arrives at letters on Mon 10-05 (print mastered) and has three letters scores below mastery by 10-20."""
    h.add(sid, "cap", 11, "2026-10-05")
    for day, value in (("2026-10-06", 30), ("2026-10-13", 31), ("2026-10-20", 32)):
        h.add(sid, "lid", value, day)
    return h


def masters_letters(h: History, day: str, sid: str = "s1") -> History:
    return h.add(sid, "lid", 52, day).add(sid, "lsnd", 25, day)


# --- the main route ---------------------------------------------------------------------------


def test_mastering_a_stage_on_the_main_route_counts_taught_mastered_and_the_school_days() -> None:
    h = History().add("s1", "cap", 5, "2026-10-05").add("s1", "cap", 11, "2026-10-12")
    rows = teaching_rows([record(h, "s1")], TODAY)
    assert summary(rows) == [
        ("print", None, 1, 1, 0, 5.0, None),  # Mon 10-05 to Mon 10-12: five weekdays
        ("letters", None, 1, 0, 0, None, None),  # there since 10-12, no letters score: not stalled
    ]
    assert [(r.stage_index, r.label, r.pathway) for r in rows] == [
        (0, "Concepts of print", "early-literacy"), (1, "Letter names and sounds", "early-literacy")]


def test_a_route_nobody_was_taught_on_is_not_listed() -> None:
    h = History().add("s1", "cap", 5, "2026-10-05").add("s1", "cap", 11, "2026-10-12")
    rows = teaching_rows([record(h, "s1")], TODAY)
    assert {r.stage for r in rows} == {"print", "letters"}
    assert all(r.detour is None for r in rows)
    assert teaching_rows([record(History(), "s1")], TODAY) == []
    assert teaching_rows([], TODAY) == []


def test_a_student_placed_past_stages_on_the_first_day_was_not_taught_there() -> None:
    h = History().add("s1", "cap", 12, "2026-10-05")
    masters_letters(h, "2026-10-05")
    assert summary(teaching_rows([record(h, "s1")], TODAY)) == [("phonemes", None, 1, 0, 0, None, None)]


def test_stalled_on_the_main_route_today() -> None:
    h = stalled_at_letters(History())
    assert summary(teaching_rows([record(h, "s1")], TODAY)) == [("letters", None, 1, 0, 1, None, None)]
    # Two scores only: not stalled, however long.
    h2 = History().add("s1", "cap", 11, "2026-10-05").add("s1", "lid", 30, "2026-10-06").add("s1", "lid", 31,
                                                                                             "2026-10-13")
    assert summary(teaching_rows([record(h2, "s1")], TODAY)) == [("letters", None, 1, 0, 0, None, None)]


def test_the_main_route_stalled_count_agrees_with_the_progress_stalled_flag() -> None:
    h = stalled_at_letters(History())
    rec = record(h, "s1")
    assert class_progress(rec, TODAY)["s1"].stalled
    assert teaching_rows([rec], TODAY)[0].stalled == 1


def test_a_cleared_cell_is_not_a_score_for_the_stalled_rule_as_in_progress() -> None:
    h = History().add("s1", "cap", 11, "2026-10-05").add("s1", "lid", 30, "2026-10-06")
    h.add("s1", "lid", 31, "2026-10-13").add("s1", "lsnd", None, "2026-10-20")  # a cell cleared, not a score
    rec = record(h, "s1")
    assert not class_progress(rec, TODAY)["s1"].stalled  # two scores stand: not stalled
    assert teaching_rows([rec], TODAY)[0].stalled == 0


def test_a_correction_the_same_day_is_one_score_for_the_stalled_rule() -> None:
    h = History().add("s1", "cap", 11, "2026-10-05").add("s1", "lid", 30, "2026-10-06")
    h.add("s1", "lid", 31, "2026-10-13").add("s1", "lid", 32, "2026-10-13")  # typed again: a correction
    rec = record(h, "s1")
    assert not class_progress(rec, TODAY)["s1"].stalled
    assert teaching_rows([rec], TODAY)[0].stalled == 0


# --- detours ------------------------------------------------------------------------------------


def test_stalled_on_the_main_route_then_mastered_on_a_detour() -> None:
    h = masters_letters(stalled_at_letters(History()), "2026-11-03")
    taken = (DetourTaken("s1", "letters", "letters-anchor", d("2026-10-27")),)
    rows = teaching_rows([record(h, "s1", detours=taken)], TODAY)
    assert summary(rows) == [
        # main: 10-05 to the detour's start 10-27 is 22 days with three letters scores: stalled
        ("letters", None, 1, 0, 1, None, None),
        # Tue 10-27 to Tue 11-03: five weekdays; seven days is not stalled
        ("letters", "letters-anchor", 1, 1, 0, 5.0, None),
        ("phonemes", None, 1, 0, 0, None, None),
    ]
    assert rows[1].label == "Name and picture anchors"


def test_a_detour_ended_by_hand_is_taught_not_mastered_and_the_main_route_masters_after() -> None:
    h = masters_letters(stalled_at_letters(History()), "2026-11-10")
    taken = (DetourTaken("s1", "letters", "letters-trace", d("2026-10-27"), d("2026-11-02")),)
    rows = teaching_rows([record(h, "s1", detours=taken)], TODAY)
    assert summary(rows) == [
        # Mon 10-05 to Tue 11-10: five weeks (25 weekdays) and Mon 11-09: 26
        ("letters", None, 1, 1, 1, 26.0, None),
        ("letters", "letters-trace", 1, 0, 0, None, None),
        ("phonemes", None, 1, 0, 0, None, None),
    ]


def test_an_open_detour_is_taught_not_mastered_and_stalls_by_the_class_rule() -> None:
    h = stalled_at_letters(History())
    taken = (DetourTaken("s1", "letters", "letters-anchor", d("2026-10-27")),)
    assert summary(teaching_rows([record(h, "s1", detours=taken)], TODAY)) == [
        ("letters", None, 1, 0, 1, None, None),
        ("letters", "letters-anchor", 1, 0, 0, None, None),  # 24 days but no score since it began
    ]
    # Three scores on the detour (its closer check and the stage's) in 24 days: stalled there too.
    for day, check in (("2026-10-28", "ltr10"), ("2026-11-04", "ltr10"), ("2026-11-11", "lid")):
        h.add("s1", check, 5 if check == "ltr10" else 40, day)
    assert summary(teaching_rows([record(h, "s1", detours=taken)], TODAY)) == [
        ("letters", None, 1, 0, 1, None, None),
        ("letters", "letters-anchor", 1, 0, 1, None, None),
    ]


def test_a_detour_begun_on_arrival_leaves_the_main_route_no_time_to_stall() -> None:
    h = masters_letters(stalled_at_letters(History()), "2026-10-26")
    taken = (DetourTaken("s1", "letters", "letters-anchor", d("2026-10-05")),)
    assert summary(teaching_rows([record(h, "s1", detours=taken)], TODAY)) == [
        ("letters", None, 1, 0, 0, None, None),
        # 21 days with three scores: stalled; Mon 10-05 to Mon 10-26 is 15 weekdays
        ("letters", "letters-anchor", 1, 1, 1, 15.0, None),
        ("phonemes", None, 1, 0, 0, None, None),
    ]


def test_routes_are_in_stage_order_main_route_then_the_stage_s_detours_in_pathway_order() -> None:
    h = History()
    for sid in ("s1", "s2"):
        stalled_at_letters(h, sid)
    h.add("s3", "cap", 5, "2026-10-05")
    taken = (DetourTaken("s1", "letters", "letters-trace", d("2026-10-27")),
             DetourTaken("s2", "letters", "letters-anchor", d("2026-10-28")))
    rows = teaching_rows([record(h, "s1", "s2", "s3", detours=taken)], TODAY)
    assert [(r.stage, r.detour) for r in rows] == [
        ("print", None), ("letters", None), ("letters", "letters-anchor"), ("letters", "letters-trace")]
    assert [r.taught for r in rows] == [1, 2, 1, 1]


# --- medians ------------------------------------------------------------------------------------


def _print_masters(days: tuple[str, ...]) -> ClassRecord:
    """One student per day: at print from Mon 10-05, print mastered that day."""
    h = History()
    sids = [f"s{i}" for i in range(1, len(days) + 1)]
    for sid, day in zip(sids, days, strict=True):
        h.add(sid, "cap", 5, "2026-10-05").add(sid, "cap", 11, day)
    return record(h, *sids)


def test_the_median_school_days_of_an_odd_count() -> None:
    # 5 (Mon 10-12), 6 (Tue 10-13), 10 (Mon 10-19): the middle one
    rows = teaching_rows([_print_masters(("2026-10-12", "2026-10-13", "2026-10-19"))], TODAY)
    assert summary(rows)[0] == ("print", None, 3, 3, 0, 6.0, None)


def test_the_median_school_days_of_an_even_count_is_the_mean_of_the_middle_two() -> None:
    # 5, 6, 7 (Wed 10-14), 10: (6 + 7) / 2
    rows = teaching_rows([_print_masters(("2026-10-19", "2026-10-12", "2026-10-14", "2026-10-13"))], TODAY)
    assert summary(rows)[0] == ("print", None, 4, 4, 0, 6.5, None)


def test_a_weekend_is_not_school_days() -> None:
    # Fri 10-09 to Mon 10-12: one weekday (the Friday)
    h = History().add("s1", "cap", 5, "2026-10-09").add("s1", "cap", 11, "2026-10-12")
    assert summary(teaching_rows([record(h, "s1")], TODAY))[0] == ("print", None, 1, 1, 0, 1.0, None)


def test_the_median_counts_only_those_who_mastered() -> None:
    h = History().add("s1", "cap", 5, "2026-10-05").add("s1", "cap", 11, "2026-10-12")
    h.add("s2", "cap", 5, "2026-10-05")  # still at print
    assert summary(teaching_rows([record(h, "s1", "s2")], TODAY))[0] == ("print", None, 2, 1, 0, 5.0, None)


# --- group sessions from the plans locked -------------------------------------------------------


def test_sessions_count_the_locked_plans_in_which_the_student_s_group_met() -> None:
    h = History().add("s1", "cap", 5, "2026-10-05").add("s1", "cap", 11, "2026-10-12")
    plans = (
        plan("2026-10-05", (("s1", "s2"), True)),  # met: 1
        plan("2026-10-06", (("s1",), False), (("s2",), True)),  # s1's group did not meet
        plan("2026-10-07", (("s2",), True), (("s1",), True)),  # met: 2
        plan("2026-10-08", (("s2",), True)),  # s1 in no group
        plan("2026-10-12", (("s1",), True)),  # the day of mastery: not before it
    )
    rows = teaching_rows([record(h, "s1", plans=plans)], TODAY)
    assert summary(rows)[0] == ("print", None, 1, 1, 0, 5.0, 2.0)


def test_sessions_are_unknown_for_a_time_begun_before_the_first_locked_plan() -> None:
    h = History().add("s1", "cap", 5, "2026-10-05").add("s1", "cap", 11, "2026-10-12")
    plans = (plan("2026-10-06", (("s1",), True)), plan("2026-10-07", (("s1",), True)))
    assert summary(teaching_rows([record(h, "s1", plans=plans)], TODAY))[0] == ("print", None, 1, 1, 0, 5.0, None)


def test_sessions_median_leaves_out_the_times_begun_before_the_first_plan() -> None:
    h = History()
    h.add("s1", "cap", 5, "2026-10-01").add("s1", "cap", 11, "2026-10-12")  # began before the first plan
    h.add("s2", "cap", 5, "2026-10-05").add("s2", "cap", 11, "2026-10-12")
    h.add("s3", "cap", 5, "2026-10-05").add("s3", "cap", 11, "2026-10-14")
    plans = (plan("2026-10-05", (("s1", "s2", "s3"), True)), plan("2026-10-07", (("s2",), False), (("s3",), True)),
             plan("2026-10-13", (("s3",), True)))
    row = teaching_rows([record(h, "s1", "s2", "s3", plans=plans)], TODAY)[0]
    # s2: 1 session (10-05); s3: 3 (10-05, 10-07, 10-13): median 2; s1 not known
    assert (row.taught, row.mastered, row.median_sessions) == (3, 3, 2.0)
    # school days: s1 Thu 10-01 to Mon 10-12 = 7, s2 5, s3 7
    assert row.median_school_days == 7.0


def test_detour_sessions_count_from_the_detour_s_start() -> None:
    h = masters_letters(stalled_at_letters(History()), "2026-11-03")
    taken = (DetourTaken("s1", "letters", "letters-anchor", d("2026-10-27")),)
    plans = (plan("2026-10-05", (("s1",), True)), plan("2026-10-26", (("s1",), True)),
             plan("2026-10-27", (("s1",), True)), plan("2026-10-29", (("s1",), True)),
             plan("2026-10-30", (("s1",), False)))
    rows = teaching_rows([record(h, "s1", detours=taken, plans=plans)], TODAY)
    assert summary(rows)[1] == ("letters", "letters-anchor", 1, 1, 0, 5.0, 2.0)


# --- several classes ----------------------------------------------------------------------------


def test_two_classes_on_the_same_pathway_add_up() -> None:
    a = record(History().add("s1", "cap", 5, "2026-10-05").add("s1", "cap", 11, "2026-10-12"), "s1", name="A")
    b = record(History().add("s1", "cap", 5, "2026-10-05").add("s1", "cap", 11, "2026-10-19"), "s1", name="B")
    rows = teaching_rows([a, b], TODAY)
    assert summary(rows) == [("print", None, 2, 2, 0, 7.5, None), ("letters", None, 2, 0, 0, None, None)]
    report = teaching_report_of([a, b], None, TODAY)
    assert report.scope == EVERY_CLASS and report.classes == 2
    assert [name for name, _ in report.by_pathway()] == ["Early literacy (K-1)"]


def test_classes_on_different_pathways_are_counted_apart() -> None:
    lit = record(History().add("s1", "cap", 5, "2026-10-05").add("s1", "cap", 11, "2026-10-12"), "s1", name="A")
    num = record(History().add("s1", "cnt", 10, "2026-10-05").add("s1", "back", 3, "2026-10-05"), "s1", name="B",
                 pathway=NUMERACY)
    rows = teaching_rows([num, lit], TODAY)
    assert [(r.pathway, r.stage, r.taught) for r in rows] == [
        ("early-numeracy", "sequence", 1), ("early-literacy", "print", 1), ("early-literacy", "letters", 1)]
    report = teaching_report_of([num, lit], None, TODAY)
    assert report.pathway_names == {"early-numeracy": "Early numeracy (K-2)", "early-literacy": "Early literacy (K-1)"}
    groups = report.by_pathway()
    assert [(name, [r.stage for r in rs]) for name, rs in groups] == [
        ("Early numeracy (K-2)", ["sequence"]), ("Early literacy (K-1)", ["print", "letters"])]
    assert report.stage_labels[("early-numeracy", "sequence")] == "Counting sequence"


def test_one_class_report_is_scoped_to_its_name() -> None:
    rec = record(History().add("s1", "cap", 5, "2026-10-05"), "s1", name="Room 7")
    report = teaching_report_of([rec], "Room 7", TODAY)
    assert report.scope == "Room 7" and report.classes == 1
    assert summary(list(report.rows)) == [("print", None, 1, 0, 0, None, None)]


def test_a_student_who_left_the_class_is_not_counted() -> None:
    h = History().add("s1", "cap", 5, "2026-10-05").add("s1", "cap", 11, "2026-10-12")
    rec = ClassRecord("Room 7", LITERACY, students=[Student("s1", "Gone", active=False)], scores=list(h.scores))
    assert teaching_rows([rec], TODAY) == []


# --- a property ---------------------------------------------------------------------------------

CHECKS = [(c.id, c.max) for s in LITERACY.stages[:3] for c in (*s.checks, *(c for dd in s.detours for c in dd.checks))]
STAGES = [(s.id, [dd.id for dd in s.detours]) for s in LITERACY.stages[:3]]
START = d("2026-09-01")


@st.composite
def histories(draw: st.DrawFn) -> ClassRecord:
    sids = ["s1", "s2", "s3"][: draw(st.integers(1, 3))]
    h = History()
    for _ in range(draw(st.integers(0, 25))):
        check, top = draw(st.sampled_from(CHECKS))
        value = draw(st.one_of(st.none(), st.integers(0, top)))
        day = START + dt.timedelta(days=draw(st.integers(0, 80)))
        h.add(draw(st.sampled_from(sids)), check, value, day.isoformat())
    taken = []
    for _ in range(draw(st.integers(0, 4))):
        stage, ids = draw(st.sampled_from(STAGES))
        start = START + dt.timedelta(days=draw(st.integers(0, 80)))
        end = draw(st.one_of(st.none(), st.integers(0, 30).map(lambda n, s=start: s + dt.timedelta(days=n))))
        taken.append(DetourTaken(draw(st.sampled_from(sids)), stage, draw(st.sampled_from(ids)), start, end))
    plans = [plan((START + dt.timedelta(days=n)).isoformat(), (tuple(sids), draw(st.booleans())))
             for n in sorted(draw(st.sets(st.integers(0, 80), max_size=6)))]
    return record(h, *sids, detours=tuple(taken), plans=tuple(plans))


@settings(max_examples=150, deadline=None)
@given(histories())
def test_mastered_and_stalled_never_exceed_taught(rec: ClassRecord) -> None:
    today = START + dt.timedelta(days=90)
    rows = teaching_rows([rec], today)
    for r in rows:
        assert r.taught > 0
        assert 0 <= r.mastered <= r.taught, r
        assert 0 <= r.stalled <= r.taught, r
        assert (r.median_school_days is None) == (r.mastered == 0), r
        assert r.median_sessions is None or r.mastered > 0, r
    # The main route counts every visit at a stage: as many as the timeline has.
    visits = sum(sum(1 for v in p.visits if v.stage_index < len(LITERACY.stages))
                 for p in class_progress(rec, today).values())
    assert sum(r.taught for r in rows if r.detour is None) == visits
