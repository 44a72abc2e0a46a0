"""How the import screen reads a file's columns: guessed from headers, renamed for the importers."""

from __future__ import annotations

import datetime as dt

import pytest

from grouper.core.models import ClassRecord, Student
from grouper.formats.column_map import IGNORE, ROSTER_ROLES, guess, guess_kind, remap, roles_for
from grouper.formats.csvfile import CsvError, parse_csv
from grouper.formats.pathways import builtin_pathways
from grouper.formats.roster import merge_roster
from grouper.formats.wide_scores import scores_from_csv

PATH = builtin_pathways()["early-literacy"]
DAY = dt.date(2026, 11, 23)


def words(mapping) -> list[str]:  # type: ignore[no-untyped-def]
    return [role.words for role in mapping.values()]


def test_the_kind_is_told_from_the_headers() -> None:
    assert guess_kind(parse_csv("name,tags\nAna,ELL\n", "r.csv"), PATH) == "roster"
    assert guess_kind(parse_csv("student,check,score\nAna,lid,40\n", "s.csv"), PATH) == "scores"
    assert guess_kind(parse_csv("Pupil,Letters named (of 54)\nAna,40\n", "w.csv"), PATH) == "scores"


def test_guesses_follow_what_the_importers_read() -> None:
    table = parse_csv("Student ID,Name,lid,Blends [blend],Date,Comments\n7,Ana,40,3,2026-11-20,ok\n", "w.csv")
    assert words(guess(table, "scores", PATH)) == [
        "student id or number", "student name", "check lid (Letters named (of 54))",
        "check blend (Words blended from sounds (of 10))", "date", "not read"]
    roster = parse_csv("First Name,Last Name,Tags,Shoe size\nAna,Li,ELL,3\n", "r.csv")
    assert words(guess(roster, "roster", PATH)) == ["first name", "last name", "tags", "not read"]


def test_a_remapped_table_imports_as_if_it_had_the_expected_headers() -> None:
    record = ClassRecord("Room 7", PATH, students=[Student("s1", "Zoë Ng"), Student("s2", "Bo Li")])
    table = parse_csv("Kid,LID Sept,Notes\nZoe Ng,52,x\nBo Li,12,y\n", "w.csv")
    roles = {r.key: r for r in roles_for("scores", False, PATH)}
    mapping = {"kid": roles["student"], "lidsept": roles["lid"], "notes": IGNORE}
    _fmt, entries = scores_from_csv(record, remap(table, mapping), DAY, DAY)
    assert [(e.student.id, e.check.id, e.value) for e in entries] == [("s1", "lid", 52), ("s2", "lid", 12)]

    roster = parse_csv("Given,Family\nAna,Li\n", "r.csv")
    first, last = ROSTER_ROLES[1], ROSTER_ROLES[2]
    merge = merge_roster([], remap(roster, {"given": first, "family": last}))
    assert [s.name for s in merge.added] == ["Ana Li"]


def test_two_columns_read_as_one_thing_is_refused_by_name() -> None:
    table = parse_csv("Kid,Child\nAna,Bo\n", "w.csv")
    student = {r.key: r for r in roles_for("scores", False, PATH)}["student"]
    with pytest.raises(CsvError, match="columns 'Kid' and 'Child' are both read as student name"):
        remap(table, {"kid": student, "child": student})
