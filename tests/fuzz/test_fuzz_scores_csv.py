"""Scores CSV files, long (student, check, score) and wide (a column per check): every score or none.

A scores file is months of a teacher's work. The promises: any bytes end in
the scores or a CsvError naming the line (and the column, for a cell); a valid
file gives back exactly its scores, whoever the students are (names in any
script, with formulas or escapes); one bad cell anywhere rejects the whole file
and is named, so nothing is half imported and nothing is guessed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from fuzz_helpers import FUZZ, HOSTILE, assert_clear, attempt, check, hostile_text, mutated, reencoded
from hypothesis import example, given
from hypothesis import strategies as st

from grouper.core.models import Check, ClassRecord, Student
from grouper.core.score_entry import Entry
from grouper.formats.csvfile import CsvError, decode, parse_csv
from grouper.formats.pathways import builtin_pathways
from grouper.formats.wide_scores import Format, scores_from_csv

SOURCE = "scores.csv"
TODAY = dt.date(2026, 11, 20)
PATHWAY = builtin_pathways()["early-literacy"]
CHECKS = PATHWAY.all_checks()
STUDENTS = [
    Student("z1", "Zoë Ng"),
    Student("a1", "Ana Lopez"),
    Student("m1", "محمد"),
    Student("w1", "王小明"),
    Student("f1", "=cmd|' /C calc'!A0"),
    Student("r1", "\u202eRLO Name"),
    Student("e1", "Ana\x1b[2J"),  # kept as 'Ana␛[2J'
]
RECORD = ClassRecord("Room 7", PATHWAY, students=STUDENTS)
LONG = (
    "student,check,score,date,note\n"
    "z1,lid,52,2026-11-16,fast\n"
    "Ana Lopez,Letters named (of 54),40,2026-11-17,\n"
    "محمد,cap,12,,\"said \"\"done\"\"\"\n"
    "w1,lsnd,3,2026-11-18,\n"
).encode()
WIDE = (
    "Student,Date,lid,Letter sounds (of 26),cap\n"
    "Zoë Ng,2026-11-16,52,20,\n"
    "王小明,,3,,12\n"
    "f1,2026-11-02,0,0,0\n"
).encode()


def import_scores(raw: bytes) -> tuple[Format, list[Entry]]:
    return scores_from_csv(RECORD, parse_csv(decode(raw, SOURCE), SOURCE), TODAY, TODAY)


def to_csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)  # "\r\n": a lone \r in a cell is quoted too
    return buf.getvalue().encode()


# --- any bytes --------------------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_are_imported_or_refused_with_the_line(raw: bytes) -> None:
    check(import_scores, SOURCE, b"student,check,score\n" + raw, kind=CsvError)


@FUZZ
@given(st.one_of(mutated(LONG), mutated(WIDE)))
@example(LONG + b'a1,cap,3,,"a note never closed\nz1,cap,4,,\n')  # the next score must not vanish into a note
@example(LONG.replace(b"note", b"Score"))  # a duplicate header
@example(WIDE.replace(b"cap", b"lid"))  # the same check twice
def test_mutated_files_are_imported_or_refused_with_the_line(raw: bytes) -> None:
    check(import_scores, SOURCE, raw, kind=CsvError)


@FUZZ
@given(st.one_of(reencoded(LONG.decode()), reencoded(WIDE.decode())))
def test_wrong_encodings_are_refused_or_read_whole(raw: bytes) -> None:
    result = check(import_scores, SOURCE, raw, kind=CsvError)
    assert result is None or raw.startswith(b"\xef\xbb\xbf") or raw.isascii()


def test_a_quote_left_open_in_a_note_never_swallows_the_scores_after_it() -> None:
    error = attempt(import_scores, LONG + b'a1,cap,3,,"a note never closed\nz1,cap,4,,\nw1,cap,5,,\n')
    assert isinstance(error, CsvError) and "line 6" in str(error)


# --- valid files give back exactly their scores ---------------------------------------------

Row = tuple[Student, Check, int, dt.date, str]
score_row = st.tuples(
    st.sampled_from(STUDENTS),
    st.sampled_from(CHECKS),
    st.integers(0, 100),
    st.dates(dt.date(2020, 1, 1), TODAY),
    hostile_text.filter(lambda t: "\x00" not in t),
)


@FUZZ
@given(st.lists(score_row, min_size=1, max_size=12), st.booleans())
def test_a_valid_long_file_gives_back_exactly_its_scores(rows: list[Row], by_name: bool) -> None:
    rows = [(s, c, v % (c.max + 1), d, n) for s, c, v, d, n in rows]
    raw = to_csv([["student", "check", "score", "date", "note"]]
                 + [[s.name if by_name else s.id, c.label if by_name else c.id, str(v), d.isoformat(), n]
                    for s, c, v, d, n in rows])
    result = attempt(import_scores, raw)
    assert not isinstance(result, CsvError), result
    fmt, entries = result
    assert fmt == "long"
    got = [(e.student.id, e.check.id, e.value, e.date) for e in entries]
    assert got == [(s.id, c.id, v, d) for s, c, v, d, _ in rows]


@FUZZ
@given(
    st.lists(st.sampled_from(STUDENTS), min_size=1, max_size=len(STUDENTS), unique=True),
    st.lists(st.sampled_from(CHECKS), min_size=1, max_size=5, unique=True),
    st.data(),
)
def test_a_valid_wide_file_gives_back_exactly_its_scores(
    students: list[Student], checks: list[Check], data: st.DataObject
) -> None:
    header = ["id", "date", *(data.draw(st.sampled_from([c.id, c.label, f"{c.label} [{c.id}]"])) for c in checks)]
    body, expected = [], []
    for s in students:
        day = data.draw(st.dates(dt.date(2020, 1, 1), TODAY))
        values = [data.draw(st.one_of(st.none(), st.integers(0, c.max))) for c in checks]
        body.append([s.id, day.isoformat(), *("" if v is None else str(v) for v in values)])
        expected += [(s.id, c.id, v, day) for c, v in zip(checks, values, strict=True) if v is not None]
    result = attempt(import_scores, to_csv([header, *body]))
    if not expected:
        assert isinstance(result, CsvError) and "no scores" in str(result)
        return
    assert not isinstance(result, CsvError), result
    fmt, entries = result
    assert fmt == "wide"
    assert [(e.student.id, e.check.id, e.value, e.date) for e in entries] == expected


@FUZZ
@given(st.sampled_from(CHECKS), st.permutations(["id", "label", "grid"]), st.integers(2, 3))
def test_two_columns_for_one_check_are_refused_never_one_silently_winning(check: Check, order: list[str],
                                                                          count: int) -> None:
    """'lid' and 'Letters named (of 54)' side by side used to import both scores, the second one counting."""
    spelled = {"id": check.id, "label": check.label, "grid": f"{check.label} [{check.id}]"}
    header = ["id", *(spelled[o] for o in order[:count])]
    error = attempt(import_scores, to_csv([header, ["z1", *("1" for _ in order[:count])]]))
    assert isinstance(error, CsvError)
    assert_clear(error, SOURCE, CsvError)
    assert f"are both check {check.id}" in str(error)


# --- one bad cell rejects the file, and is named --------------------------------------------------

BAD_VALUES = ("=cmd|' /C calc'!A0", "-1", "55", "4.5", "１２", "1e3", "\u0661", "9" * 30, "NaN", "\x1b[2J")


@FUZZ
@given(st.sampled_from(BAD_VALUES), st.integers(0, 3), st.booleans())
def test_one_bad_value_rejects_the_whole_file_naming_its_line_and_column(bad: str, at: int, wide: bool) -> None:
    if wide:
        rows = [["id", "lid", "cap"]] + [[s.id, "5", "6"] for s in STUDENTS[:4]]
        rows[at + 1][1] = bad
    else:
        rows = [["student", "check", "score"]] + [[s.id, "lid", "5"] for s in STUDENTS[:4]]
        rows[at + 1][2] = bad
    error = attempt(import_scores, to_csv(rows))
    assert isinstance(error, CsvError), f"{bad!r} was imported"
    assert_clear(error, SOURCE, CsvError)
    assert f"line {at + 2}" in str(error)


@FUZZ
@given(st.sampled_from(HOSTILE), st.sampled_from(["student", "check", "date", "id"]), st.booleans())
@example("x" * 1_000_000, "student", False)  # a megabyte cell
@example("x" * 100_000, "student", False)  # under the cell limit: quoted back in the message, cut short
@example("\x1b[2J" * 20_000, "date", True)
@example("2026-11-21", "date", False)  # tomorrow: scores are for work already done
def test_a_hostile_cell_is_refused_with_its_line_or_read(text: str, column: str, wide: bool) -> None:
    if wide:
        cells = {"id": "z1", "date": "2026-11-16", "student": "z1", "check": "lid"}
        cells[column] = text
        raw = to_csv([["id", "date", "lid"], [cells["id"], cells["date"], "5"]])
    else:
        cells = {"student": "z1", "check": "lid", "date": "2026-11-16", "id": ""}
        cells[column] = text
        raw = to_csv([["student", "check", "score", "date"], [cells["student"], cells["check"], "5", cells["date"]]])
    check(import_scores, SOURCE, raw, kind=CsvError)
