"""Class bundles (one JSON file per class): checked on the way in, lossless on the way out."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grouper.core.models import Absence, ClassRecord, ClassSettings, Score, Student
from grouper.core.placement import place_class
from grouper.core.text import typable
from grouper.formats.bundle import BundleError, bundle_to_record, record_to_bundle
from grouper.formats.documents import pathway_to_dict
from grouper.formats.validation import check_pathway

PATHWAY = check_pathway(
    {
        "id": "lit",
        "name": "Lecture & «littératie»",
        "subject": "Reading",
        "description": "Two stages\nfor tests",
        "stages": [
            {
                "id": "letters",
                "label": "Letters",
                "focus": "Name letters",
                "checks": [
                    {"id": "names", "label": "Letters named", "max": 54, "mastery": 50},
                    {"id": "sounds", "label": "Letter sounds", "max": 26, "mastery": 24},
                ],
            },
            {
                "id": "cvc",
                "label": "CVC [words]",
                "focus": "Blend",
                "checks": [{"id": "cvc", "label": "CVC read", "max": 20, "mastery": 18}],
            },
        ],
    }
)

NOT_PLAIN = ("validation error", "Input should", "pydantic", "Traceback", "type=", "input_value", "Datetimes")


def good() -> dict[str, Any]:
    return {
        "format": "grouper-class",
        "version": 1,
        "class": {"name": "Room 4", "settings": {"min_size": 2, "max_size": 5, "max_groups": 4}},
        "pathway": pathway_to_dict(PATHWAY),
        "students": [
            {"id": "s1", "name": "Zoë Ng", "tags": ["ell"], "active": True},
            {"id": "s2", "name": "Ari [bold]", "tags": [], "active": False},
        ],
        "scores": [
            {"student": "s1", "check": "names", "value": 52, "date": "2026-11-02", "seq": 1, "note": ""},
            {"student": "s2", "check": "sounds", "value": None, "date": "2026-11-03", "seq": 2, "note": "cleared"},
        ],
        "absences": [{"student": "s1", "date": "2026-11-24"}],
    }


def error_of(data: Any, source: str = "room4.json") -> str:
    with pytest.raises(BundleError) as info:
        bundle_to_record(data, source)
    msg = str(info.value)
    for line in msg.splitlines():
        assert line.startswith(f"{source}:"), msg
    for bad in NOT_PLAIN:
        assert bad not in msg, f"{bad!r} leaked into {msg!r}"
    return msg


def test_good_bundle_loads() -> None:
    r = bundle_to_record(good(), "room4.json")
    assert r.name == "Room 4"
    assert r.settings == ClassSettings(min_size=2, max_size=5, max_groups=4)
    assert r.pathway == PATHWAY
    assert r.students == [Student("s1", "Zoë Ng", ("ell",), True), Student("s2", "Ari [bold]", (), False)]
    assert r.scores[0] == Score("s1", "names", 52, dt.date(2026, 11, 2), 1, "")
    assert r.scores[1].value is None
    assert r.absences == [Absence("s1", dt.date(2026, 11, 24))]
    # Only the active student is placed.
    assert [p.student.id for p in place_class(r)] == ["s1"]


def test_optional_parts_default() -> None:
    data = good()
    del data["class"]["settings"]
    for key in ("students", "scores", "absences"):
        data[key] = []
    r = bundle_to_record(data, "x.json")
    assert r.settings == ClassSettings()
    assert (r.students, r.scores, r.absences) == ([], [], [])


def test_scores_without_seq_are_numbered_after_the_others_in_file_order() -> None:
    data = good()
    data["scores"] = [
        {"student": "s1", "check": "names", "value": 10, "date": "2026-11-02", "seq": 7},
        {"student": "s1", "check": "names", "value": 51, "date": "2026-11-02"},
        {"student": "s1", "check": "sounds", "value": 3, "date": "2026-11-02"},
    ]
    r = bundle_to_record(data, "x.json")
    assert [s.seq for s in r.scores] == [7, 8, 9]
    # The later line on the same day counts: names is mastered, sounds is not.
    (p,) = place_class(r)
    assert p.below == ("sounds",)


# --- what is refused, and how it is said ------------------------------------


def with_score(**fields: Any) -> dict[str, Any]:
    data = good()
    score = {"student": "s1", "check": "names", "value": 3, "date": "2026-11-05"}
    score.update(fields)
    data["scores"].append(score)
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (with_score(student="ghost"), "room4.json: score 3: no student with id 'ghost'"),
        (with_score(check="nope"), "room4.json: score 3: pathway 'lit' has no check 'nope'"),
        (with_score(value=55),
         "room4.json: score 3: a score cannot be above 54 (Letters named is scored 0 to 54)"),
        (with_score(value=-1),
         "room4.json: score 3: a score cannot be below 0 (Letters named is scored 0 to 54)"),
        (with_score(value="52"), "room4.json: score 3, 'value' must be a whole number"),
        (with_score(value=52.0), "room4.json: score 3, 'value' must be a whole number"),
        (with_score(value=True), "room4.json: score 3, 'value' must be a whole number"),
        (with_score(date="2026-13-05"), "room4.json: score 3, 'date' must be a date like 2026-11-23"),
        (with_score(date="5/11/2026"), "room4.json: score 3, 'date' must be a date like 2026-11-23"),
        (with_score(colour="red"), "room4.json: score 3, 'colour' is not a known field"),
    ],
)
def test_bad_scores_name_the_score(data: dict[str, Any], message: str) -> None:
    assert error_of(data) == message


def test_value_at_the_ends_of_the_scale_is_accepted() -> None:
    data = good()
    data["scores"] = [
        {"student": "s1", "check": "names", "value": 0, "date": "2026-11-05", "seq": 1},
        {"student": "s1", "check": "names", "value": 54, "date": "2026-11-05", "seq": 2},
    ]
    assert [s.value for s in bundle_to_record(data, "x.json").scores] == [0, 54]


def test_duplicate_student_id_names_the_student() -> None:
    data = good()
    data["students"].append({"id": "s1", "name": "Other"})
    assert error_of(data) == "room4.json: student 3: id 's1' is used twice"


def test_ids_differing_only_by_spaces_are_duplicates() -> None:
    data = good()
    data["students"].append({"id": " s1 ", "name": "Other"})
    assert error_of(data) == "room4.json: student 3: id 's1' is used twice"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "room4.json: student 3 ('s3'), 'name' must not be empty"),
        ("name", "   ", "room4.json: student 3 ('s3'), 'name' must not be empty"),
        ("name", 7, "room4.json: student 3 ('s3'), 'name' must be text in quotes"),
        ("active", "yes", "room4.json: student 3 ('s3'), 'active' must be true or false"),
        ("tags", "ell", "room4.json: student 3 ('s3'), 'tags' must be a list"),
        ("age", 7, "room4.json: student 3 ('s3'), 'age' is not a known field"),
    ],
)
def test_bad_student_fields_name_the_student(field: str, value: Any, message: str) -> None:
    data = good()
    data["students"].append({"id": "s3", "name": "Kim", field: value})
    assert error_of(data) == message


def test_absence_for_unknown_student() -> None:
    data = good()
    data["absences"].append({"student": "ghost", "date": "2026-11-24"})
    assert error_of(data) == "room4.json: absence 2: no student with id 'ghost'"


def test_newer_version_asks_to_update() -> None:
    data = good()
    data["version"] = 2
    msg = error_of(data)
    assert "newer grouper" in msg and "version 2" in msg


def test_version_zero_and_missing_version() -> None:
    data = good()
    data["version"] = 0
    assert error_of(data) == "room4.json: 'version' must be at least 1"
    del data["version"]
    assert error_of(data) == "room4.json: 'version' is missing"


@pytest.mark.parametrize("data", [[], None, "text", 3])
def test_not_a_bundle_at_all(data: Any) -> None:
    assert error_of(data) == "room4.json: must be a table of fields"


def test_bad_settings_are_refused() -> None:
    data = good()
    data["class"]["settings"] = {"min_size": 5, "max_size": 2}
    msg = error_of(data)
    assert "min_size 5 is above max_size 2" in msg


def test_bad_pathway_inside_a_bundle_names_stage_and_check() -> None:
    data = good()
    data["pathway"]["stages"][0]["checks"][1]["mastery"] = 99
    msg = error_of(data)
    assert "stage 1 ('letters'), check 2 ('sounds')" in msg
    assert "mastery 99 is above max 26" in msg


def test_loading_does_not_change_the_input() -> None:
    data = good()
    before = copy.deepcopy(data)
    bundle_to_record(data, "x.json")
    assert data == before


@pytest.mark.parametrize("date", [20261105, 0])
def test_a_number_is_not_a_date(date: int) -> None:
    assert error_of(with_score(date=date)) == "room4.json: score 3, 'date' must be a date like 2026-11-23"


def test_missing_class_name_says_it_is_the_class() -> None:
    data = good()
    del data["class"]["name"]
    assert "class" in error_of(data)


def test_wrong_format_is_said_plainly() -> None:
    data = good()
    data["format"] = "spreadsheet"
    error_of(data)


# --- round trip --------------------------------------------------------------

MARKUP = [
    "[/]",
    "[bold]x",
    "[bold red]Zoë[/bold red]",
    "[link=https://x]y[/link]",
    "\\[escaped]",
    "Zoë 😀",
    "👩🏽‍🏫 Ms K",
    "שרה כהן",
    "محمد علي",
    "\u200fRTL mark",
    "O'Brien-Smith",
    '"quoted"',
    "<b>tag</b>",
    "{name} %s",
    "Ａｙａ",
    "a\nb",
]

names = st.one_of(
    st.sampled_from(MARKUP),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40),
).filter(lambda s: s == s.strip() and s != "")
free_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
tags = st.sampled_from(["ell", "iep", "[tag]", "ü"]) | free_text.map(lambda t: t[:40])
days = st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31))
CHECKS = PATHWAY.all_checks()


@st.composite
def records(draw: st.DrawFn) -> ClassRecord:
    ids = draw(st.lists(names.filter(typable), min_size=0, max_size=6, unique=True))  # ids are typed codes
    students = [
        Student(
            i,
            draw(names),
            tuple(draw(st.lists(tags, max_size=3))),
            draw(st.booleans()),
        )
        for i in ids
    ]
    scores = []
    if students:
        seqs = draw(st.lists(st.integers(1, 10_000), max_size=12, unique=True))
        for seq in seqs:
            check = draw(st.sampled_from(CHECKS))
            scores.append(
                Score(
                    draw(st.sampled_from(ids)),
                    check.id,
                    draw(st.none() | st.integers(0, check.max)),
                    draw(days),
                    seq,
                    draw(free_text),
                )
            )
    absences = [Absence(draw(st.sampled_from(ids)), draw(days)) for _ in range(draw(st.integers(0, 3)))] if ids else []
    lo = draw(st.integers(1, 6))
    s = ClassSettings(min_size=lo, max_size=draw(st.integers(lo, 10)), max_groups=draw(st.integers(1, 8)))
    return ClassRecord(draw(names), PATHWAY, s, students, scores, absences)


@settings(max_examples=150, deadline=None)
@given(records())
def test_record_to_json_and_back_is_lossless(record: ClassRecord) -> None:
    text = json.dumps(record_to_bundle(record), ensure_ascii=False)
    back = bundle_to_record(json.loads(text), "shared.json")
    assert back == record
    assert [s.name for s in back.students] == [s.name for s in record.students]
    assert place_class(back) == place_class(record)
