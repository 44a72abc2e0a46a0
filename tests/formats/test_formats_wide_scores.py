"""Scores from a spreadsheet (one row per student, one column per check), and students linked to a school roster."""

from __future__ import annotations

import datetime as dt

import pytest

from grouper.core.models import ClassRecord, Student
from grouper.formats.bundle import BundleError, bundle_to_record, record_to_bundle
from grouper.formats.csvfile import CsvError, parse_csv
from grouper.formats.documents import student_to_dict
from grouper.formats.roster import merge_roster
from grouper.formats.wide_scores import detect_format, scores_from_csv
from literacy import PATHWAY

TODAY = dt.date(2026, 11, 20)


def record() -> ClassRecord:
    students = [
        Student("z1", "Zoë Ng", (), True, "u-zoe", "1001"),
        Student("a1", "Ana Lopez"),
        Student("a2", "Anabel Cruz"),
        Student("b1", "Bo Li", (), False, "u-bo", "1006"),
    ]
    return ClassRecord("Room 7", PATHWAY, students=students)


def read(text: str, day: dt.date = TODAY) -> list[tuple[str, str, int | None, str]]:
    fmt, entries = scores_from_csv(record(), parse_csv(text, "sheet.csv"), TODAY, day)
    assert fmt == "wide"
    return [(e.student.id, e.check.id, e.value, e.date.isoformat()) for e in entries]


def test_format_is_told_from_the_header() -> None:
    assert detect_format(parse_csv("student,check,score\n", "x")) == "long"
    assert detect_format(parse_csv("student,check\n", "x")) == "long"  # its own error names 'score'
    assert detect_format(parse_csv("Student,Letters named,cvc\n", "x")) == "wide"


def test_columns_by_check_id_label_or_grid_header_with_optional_dates() -> None:
    text = (
        "Student,Letters named,SOUNDS,CVC read [cvc],Date\n"
        "Zoë Ng,52,,3,2026-11-16\n"
        "ana l,40,20,,\n"
    )
    assert read(text, dt.date(2026, 11, 18)) == [
        ("z1", "names", 52, "2026-11-16"),
        ("z1", "cvc", 3, "2026-11-16"),
        ("a1", "names", 40, "2026-11-18"),
        ("a1", "sounds", 20, "2026-11-18"),
    ]


def test_student_by_id_or_school_number() -> None:
    # An id column wins over a name column; an id that is no student's id may be their school number.
    assert read("Student ID,Student,names\nz1,whatever,5\n") == [("z1", "names", 5, "2026-11-20")]
    assert read("id,names\na1,6\n1001,7\n") == [("a1", "names", 6, "2026-11-20"), ("z1", "names", 7, "2026-11-20")]
    assert read("Student number,names\n1001,8\n") == [("z1", "names", 8, "2026-11-20")]


def test_any_bad_cell_rejects_the_file_naming_line_and_column() -> None:
    text = "Student,Letters named,cvc,date\nZoë,55,x,\nNobody,1,1,\nAna L,1,,2026-13-01\nAnabel,,21,2027-01-01\n"
    with pytest.raises(CsvError) as e:
        read(text)
    lines = str(e.value).splitlines()
    assert lines[0] == ("sheet.csv: line 2, column 'Letters named': a score cannot be above 54 "
                        "(Letters named is scored 0 to 54)")
    assert lines[1] == "sheet.csv: line 2, column 'cvc': 'x' is not a whole number (CVC read is scored 0 to 20)"
    assert lines[2] == "sheet.csv: line 3: no student 'Nobody' in Room 7"
    assert lines[3] == "sheet.csv: line 4: column 'date': '2026-13-01' is not a date like 2026-11-23"
    assert lines[4] == "sheet.csv: line 5: 2027-01-01 is in the future; scores are for work already done"
    assert lines[-1] == "Nothing was imported."


def test_an_inactive_student_takes_no_scores() -> None:
    with pytest.raises(CsvError, match="no student with id or number '1006'"):
        read("id,names\n1006,3\n")


def test_unknown_columns_and_repeated_rows_are_refused() -> None:
    with pytest.raises(CsvError) as e:
        read("Student,names,Total,Teacher\nZoë,1,2,3\n")
    assert "column(s) 'Total', 'Teacher' name no check of pathway 'lit'" in str(e.value)
    assert len(str(e.value).splitlines()) == 2
    with pytest.raises(CsvError, match="Zoë Ng on 2026-11-20 is also on line 2"):
        read("Student,names\nZoë,1\nZoe Ng,2\n")
    with pytest.raises(CsvError, match="no student column"):
        read("names,cvc\n1,2\n")
    with pytest.raises(CsvError, match="no scores in the file"):
        read("Student,names\nZoë,\n")


# --- students linked to a school roster ----------------------------------------------


def test_links_are_written_only_when_set_and_round_trip() -> None:
    assert student_to_dict(Student("a1", "Ana")) == {"id": "a1", "name": "Ana", "tags": [], "active": True}
    linked = Student("z1", "Zoë Ng", ("ELL",), False, "u-zoe", "1001")
    assert student_to_dict(linked)["sourced_id"] == "u-zoe"
    back = bundle_to_record(record_to_bundle(ClassRecord("R", PATHWAY, students=[linked])), "b")
    assert back.students == [linked]


def test_a_bundle_with_one_sourced_id_twice_is_refused() -> None:
    bundle = record_to_bundle(ClassRecord("R", PATHWAY, students=[Student("a", "A", sourced_id="u1"),
                                                                   Student("b", "B", sourced_id="u1")]))
    with pytest.raises(BundleError, match="sourced_id 'u1' is used twice"):
        bundle_to_record(bundle, "b.json")


def test_a_csv_roster_reimport_keeps_the_link_and_number() -> None:
    merge = merge_roster(record().students, parse_csv("id,name\nz1,Zoë Ng-Smith\n", "r.csv"))
    assert merge.updated == [Student("z1", "Zoë Ng-Smith", (), True, "u-zoe", "1001")]
