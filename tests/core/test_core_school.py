"""The coach's view of the school: counts per class and per grade, worked out by hand.

Today is Fri 2026-11-20; movement is counted since Fri 2026-10-23. early-literacy: print (cap, mastery 10),
letters (lid 50, lsnd 24), phonemes (blend 8, seg 8), sight (hfw 45), ... dibels8-k: boy season from 08-15,
LNF benchmark 16 (no lower cut) and PSF 5 (lower 1) at the beginning of the year.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re

from core_helpers import History, d

from grouper.core.benchmarks import share_at_benchmark
from grouper.core.models import ClassRecord, DetourTaken, Student, TierChange
from grouper.core.progress import class_progress
from grouper.core.school import NO_TAG, SchoolView, school_view
from grouper.formats.pathways import builtin_pathways
from grouper.reports.school import school_dict, to_html, to_markdown
from grouper.reports.svg_chart import stacked_bars

LITERACY = builtin_pathways()["early-literacy"]
DIBELS_K = builtin_pathways()["dibels8-k"]
TODAY = dt.date(2026, 11, 20)
SINCE = dt.date(2026, 10, 23)
LIT_STAGES = ["print", "letters", "phonemes", "sight", "decoding", "digraphs", "text", "fluency", "complete"]




def room_1() -> ClassRecord:
    """Zoë moves letters -> phonemes after the since day; Ana is stalled at print, on a detour, Tier 2;
    Bo has no score (Tier 3, then back to 1); Cy was first scored after the since day; Old has left."""
    h = History()
    h.add("s1", "cap", 11, "2026-10-01").add("s1", "lid", 52, "2026-11-10").add("s1", "lsnd", 25, "2026-11-10")
    h.add("s2", "cap", 4, "2026-10-01").add("s2", "cap", 5, "2026-10-08").add("s2", "cap", 6, "2026-10-15")
    h.add("s4", "cap", 12, "2026-11-02")
    h.add("s5", "cap", 12, "2026-10-01").add("s5", "lid", 54, "2026-11-10").add("s5", "lsnd", 26, "2026-11-10")
    students = [
        Student("s1", "Zoë Ng", ("ELL",)),
        Student("s2", "Ana <b>Lopez</b>", ()),
        Student("s3", "Bo Li", ("IEP",)),
        Student("s4", "Cy O'Neil", ("ELL", "IEP")),
        Student("s5", "Old Student", ("ELL",), active=False),
    ]
    tiers = [
        TierChange("s2", 2, d("2026-10-05"), "Phonics booster"),
        TierChange("s3", 3, d("2026-11-01"), "Intensive"),
        TierChange("s3", 1, d("2026-11-15")),
        TierChange("s4", 2, d("2026-12-01"), "Not yet"),  # after today: Tier 1 still
    ]
    detours = [DetourTaken("s2", "print", "print-tactile", d("2026-10-20"))]
    return ClassRecord("Room <1>", LITERACY, students=students, scores=h.scores, tiers=tiers, detours=detours)


def room_2() -> ClassRecord:
    """Bea completed the path before the since day; Dan moved letters -> sight after it."""
    h = History()
    for c in LITERACY.all_checks():
        h.add("b1", c.id, c.max, "2026-10-01")
    h.add("b2", "cap", 12, "2026-10-01")
    for check, value in (("lid", 54), ("lsnd", 26), ("blend", 10), ("seg", 10)):
        h.add("b2", check, value, "2026-11-01")
    students = [Student("b1", "Bea", ("ELL",)), Student("b2", "Dan", ())]
    return ClassRecord("Room 2", LITERACY, students=students, scores=h.scores)


def kinder(name: str, rows: list[tuple[str, int | None, str]], ids: list[str]) -> ClassRecord:
    h = History()
    for sid, value, day in rows:
        h.add(sid, "lnf-k", value, day)
    return ClassRecord(name, DIBELS_K, students=[Student(i, f"Kid {i}") for i in ids], scores=h.scores)


def k_a() -> ClassRecord:
    """k1 at benchmark (20 >= 16), k2 below (10), k3 never screened, k4 screened last season only."""
    return kinder("K-A", [("k1", 20, "2026-09-10"), ("k2", 10, "2026-09-10"), ("k4", 40, "2026-08-01")],
                  ["k1", "k2", "k3", "k4"])


def k_b() -> ClassRecord:
    """k5 at benchmark; k6's score was cleared (no score this season)."""
    return kinder("K-B", [("k5", 30, "2026-09-12"), ("k6", 25, "2026-09-12"), ("k6", None, "2026-09-12")],
                  ["k5", "k6"])


def view(by_tag: bool = False) -> SchoolView:
    return school_view([room_1(), k_a(), room_2(), k_b()], TODAY, SINCE, by_tag=by_tag)


def test_each_class_counts_its_active_students_at_each_stage() -> None:
    data = school_dict(view())
    rooms = {c["class"]: c for c in data["classes"]}
    assert [c["class"] for c in data["classes"]] == ["Room <1>", "K-A", "Room 2", "K-B"]
    r1 = rooms["Room <1>"]
    assert r1["pathway"] == "early-literacy"
    assert r1["students"] == 4  # Old Student has left
    assert list(r1["stages"]) == LIT_STAGES
    assert r1["stages"] == {"print": 2, "letters": 1, "phonemes": 1, **dict.fromkeys(LIT_STAGES[3:], 0)}
    assert (r1["stalled"], r1["on_detour"]) == (1, 1)
    assert r1["tiers"] == {"1": 3, "2": 1, "3": 0}
    assert r1["at_benchmark"] is None  # early-literacy has no screening seasons
    r2 = rooms["Room 2"]
    assert r2["stages"] == {**dict.fromkeys(LIT_STAGES, 0), "sight": 1, "complete": 1}
    assert (r2["students"], r2["stalled"], r2["on_detour"], r2["tiers"]) == (2, 0, 0, {"1": 2, "2": 0, "3": 0})


def test_moved_up_compares_the_stage_on_the_since_day_with_now() -> None:
    rooms = {c["class"]: c for c in school_dict(view())["classes"]}
    # Zoë moved (letters -> phonemes); Ana did not; Bo has no score; Cy had no stage on the since day.
    assert rooms["Room <1>"]["moved_up"] == 1
    # Dan moved (letters -> sight); Bea was complete already.
    assert rooms["Room 2"]["moved_up"] == 1
    # With the since day after Zoë's move, nobody in Room <1> moved.
    later = school_dict(school_view([room_1()], TODAY, d("2026-11-10")))
    assert later["classes"][0]["moved_up"] == 0
    # With the since day before Cy's first score but after Zoë's first: still just Zoë.
    assert school_dict(school_view([room_1()], TODAY, d("2026-10-02")))["classes"][0]["moved_up"] == 1
    # Before anyone's first score: nobody had a stage to move from.
    assert school_dict(school_view([room_1()], TODAY, d("2026-09-01")))["classes"][0]["moved_up"] == 0


def test_the_share_at_benchmark_leaves_out_students_not_screened() -> None:
    rooms = {c["class"]: c for c in school_dict(view())["classes"]}
    assert rooms["K-A"]["at_benchmark"] == 0.5  # k1 yes, k2 no; k3 and k4 not screened this season
    assert rooms["K-B"]["at_benchmark"] == 1.0  # k5 yes; k6's score was cleared
    for record in (k_a(), k_b()):
        expected = share_at_benchmark(dict(p.benchmarks) for p in class_progress(record, TODAY).values())
        assert rooms[record.name]["at_benchmark"] == expected
    assert school_dict(school_view([kinder("K-C", [], ["x"])], TODAY, SINCE))["classes"][0]["at_benchmark"] is None


def test_a_grade_is_the_classes_sharing_a_pathway_summed() -> None:
    grades = {g["pathway"]: g for g in school_dict(view())["grades"]}
    assert list(grades) == ["early-literacy", "dibels8-k"]  # in the order each first appears
    lit = grades["early-literacy"]
    assert lit["classes"] == ["Room <1>", "Room 2"]
    assert lit["students"] == 6
    assert lit["stages"] == {**dict.fromkeys(LIT_STAGES, 0), "print": 2, "letters": 1, "phonemes": 1, "sight": 1,
                             "complete": 1}
    assert (lit["stalled"], lit["on_detour"], lit["moved_up"]) == (1, 1, 2)
    assert lit["tiers"] == {"1": 5, "2": 1, "3": 0}
    assert lit["at_benchmark"] is None
    k = grades["dibels8-k"]
    assert (k["classes"], k["students"]) == (["K-A", "K-B"], 6)
    # LNF mastery is 35: only k4 (40, last season) is past it; the rest are at letters.
    assert (k["stages"]["k-letters"], k["stages"]["k-phonemes"]) == (5, 1)
    # The grade's share is over all its screened students (k1, k2, k5), not the mean of the classes' shares.
    assert k["at_benchmark"] == 2 / 3


def test_by_tag_splits_the_same_counts_per_tag() -> None:
    data = school_dict(view(by_tag=True))
    r1 = data["classes"][0]
    tags = r1["by_tag"]
    assert list(tags) == ["ELL", "IEP", NO_TAG]
    assert {t: c["students"] for t, c in tags.items()} == {"ELL": 2, "IEP": 2, NO_TAG: 1}  # Cy counts in both
    assert tags["ELL"]["stages"]["letters"] == 1 and tags["ELL"]["stages"]["phonemes"] == 1
    assert (tags["ELL"]["moved_up"], tags["IEP"]["moved_up"], tags[NO_TAG]["moved_up"]) == (1, 0, 0)
    assert (tags[NO_TAG]["stalled"], tags[NO_TAG]["on_detour"], tags[NO_TAG]["tiers"]) == (1, 1, {"1": 0, "2": 1,
                                                                                                  "3": 0})
    assert tags["IEP"]["stages"] == {**dict.fromkeys(LIT_STAGES, 0), "print": 1, "letters": 1}
    assert "by_tag" not in school_dict(view())["classes"][0]


def test_no_classes_is_an_empty_view() -> None:
    data = school_dict(school_view([], TODAY))
    assert data == {"date": "2026-11-20", "since": "2026-10-23", "classes": [], "grades": []}  # since: 28 days
    assert "No classes" in to_markdown(school_view([], TODAY)) and "No classes" in to_html(school_view([], TODAY))


def test_the_json_is_plain_data() -> None:
    assert json.loads(json.dumps(school_dict(view(by_tag=True)))) == school_dict(view(by_tag=True))


HOSTILE = '<script>alert("x")</script> & [bold]x[/bold] | *y*'


def _hostile() -> ClassRecord:
    record = room_1()
    record.name = HOSTILE
    record.students[0] = Student("s1", "Zoë Ng", (HOSTILE,))
    return record


def test_markdown_escapes_every_name() -> None:
    text = to_markdown(school_view([_hostile()], TODAY, SINCE, by_tag=True))
    assert "<script>" not in text.replace("\\<script\\>", "")
    assert "| *y*" not in text and "\\|" in text


def _segments(svg: str) -> list[str]:
    """The title of each drawn segment, in order."""
    return re.findall(r"<g><title>([^<]*)</title><rect ", svg)


def test_html_escapes_every_name_and_draws_each_grade_as_stacked_bars() -> None:
    page = to_html(school_view([_hostile(), room_2()], TODAY, SINCE, by_tag=True))
    assert "<script" not in page
    assert html.escape(HOSTILE) in page
    assert "http://" not in page and "https://" not in page  # nothing fetched
    # One grade: today (a bar a class, one for the grade), then week by week.
    charts = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert len(charts) == 2
    today, weeks = charts
    # One segment (one rect) for each stage somebody is at, in each bar.
    v = school_view([_hostile(), room_2()], TODAY, SINCE)
    nonzero = sum(n > 0 for c in v.classes for n in c.counts.stages) + sum(n > 0 for n in v.grades[0].counts.stages)
    assert today.count("<rect ") == len(_segments(today)) == nonzero
    assert ">1: 2</text>" in today and ">2: 1</text>" in today and ">★: 1</text>" in today
    assert f">{html.escape(HOSTILE)}</text>" in today
    assert weeks.count("<rect ") == len(_segments(weeks)) and "Fri 20 Nov" in weeks


def test_the_bars_share_one_scale_by_count() -> None:
    svg = stacked_bars([("a", [1, 1]), ("b", [2, 0])], ["1", "★"], ["One", "Complete"], "t", "k")
    widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="\d+" width="([\d.]+)"', svg)]
    assert widths == [260.0, 260.0, 520.0]
    assert _segments(svg) == ["One: 1", "Complete: 1", "One: 2"]


def test_a_narrow_segment_keeps_its_stage_mark() -> None:
    h = History()
    students = [Student(f"p{i}", f"P {i}") for i in range(40)] + [Student("q", "Q")]
    h.add("q", "cap", 12, "2026-10-01")
    v = school_view([ClassRecord("Wide", LITERACY, students=students, scores=h.scores)], TODAY, SINCE)
    page = to_html(v)
    assert ">1: 40</text>" in page and ">2</text>" in page and "<title>Letter names and sounds: 1</title>" in page


def test_the_grade_is_summed_week_by_week_on_the_weeks_every_class_has() -> None:
    v = school_view([room_1(), room_2()], TODAY, SINCE)
    (grade,) = v.grades
    assert grade.weeks[0][0] == max(c.weeks[0][0] for c in v.classes)  # no week before a class's first score
    assert grade.weeks[-1] == (TODAY, grade.counts.stages)  # ending today, as the counts say
    for day, counts in grade.weeks:
        assert sum(counts) == sum(sum(dict(c.weeks)[day]) for c in v.classes)
