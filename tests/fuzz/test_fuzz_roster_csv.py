"""Roster CSV files, hostile and odd: read exactly, or refused with the file and the line.

The CSV reader is shared by every CSV grouper takes (roster, scores, OneRoster),
so its promises are proved here once: any bytes end in a table or a CsvError
naming the line; cells come back exactly as written (formulas, escapes,
right-to-left and combining marks included); a quote left open is an error,
never a silent swallow of the rows after it. Then the roster import on top:
re-importing the same file changes nothing, and whatever it accepts survives
a class export and import.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from fuzz_helpers import FUZZ, HOSTILE, assert_clear, attempt, check, hostile_text, mutated, reencoded
from hypothesis import example, given
from hypothesis import strategies as st

from grouper.core.models import ClassRecord, Student
from grouper.core.text import visible
from grouper.formats.bundle import bundle_to_record, record_to_bundle
from grouper.formats.csvfile import CsvError, CsvTable, decode, header_key, parse_csv, read_csv_file
from grouper.formats.pathways import builtin_pathways
from grouper.formats.roster import merge_roster

SOURCE = "roster.csv"
VALID = "id,name,tags\nz1,Zoë Ng,ELL\na1,Ana Lopez,\nj1,José O'Neil,ELL;IEP\nm1,محمد,\nw1,王小明,\n".encode()
PATHWAY = builtin_pathways()["early-literacy"]


def read(raw: bytes) -> CsvTable:
    return parse_csv(decode(raw, SOURCE), SOURCE)


def import_roster(raw: bytes, existing: tuple[Student, ...] = ()) -> list[Student]:
    """The class roster after importing ``raw`` on top of ``existing``."""
    merge = merge_roster(existing, read(raw))
    saved = {s.id: s for s in existing}
    saved.update({s.id: s for s in merge.students})
    return list(saved.values())


def to_csv(rows: list[list[str]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


# --- any bytes: a table or a clear error ---------------------------------------------


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_are_read_or_refused_with_the_line(raw: bytes) -> None:
    check(import_roster, SOURCE, raw, kind=CsvError)


@FUZZ
@given(mutated(VALID))
@example(VALID + b'b1,"Bo Li,\nc1,Cy,\n')  # a quote left open
@example(VALID.replace(b"id,name,tags", b"id,name,Name"))  # a duplicate header
@example(VALID + b"x1,Xi,\x00\n")
def test_mutated_roster_is_read_or_refused_with_the_line(raw: bytes) -> None:
    check(import_roster, SOURCE, raw, kind=CsvError)


@FUZZ
@given(reencoded(VALID.decode()))
def test_wrong_encodings_are_read_or_refused_naming_the_encoding(raw: bytes) -> None:
    result = attempt(read, raw)
    if isinstance(result, CsvError):
        assert_clear(result, SOURCE, CsvError)
        assert "UTF-8" in str(result)
    else:  # Only what decodes as UTF-8 is read: the BOM form, or Latin-1 text that happens to be ASCII.
        assert raw.startswith(b"\xef\xbb\xbf") or raw.isascii()
        assert result.rows[0].cells["name"] == "Zoë Ng"


def test_utf16_is_named_as_utf16() -> None:
    error = attempt(read, VALID.decode().encode("utf-16"))
    assert isinstance(error, CsvError) and "UTF-16" in str(error) and "CSV UTF-8" in str(error)


# --- cells come back exactly as written -------------------------------------------------

cell = hostile_text.filter(lambda t: "\x00" not in t)


@FUZZ
@given(
    st.lists(st.lists(cell, min_size=3, max_size=3), min_size=1, max_size=6),
    st.sampled_from([",", ";", "\t"]),
)
def test_every_cell_reads_back_exactly_as_written(rows: list[list[str]], delimiter: str) -> None:
    text = to_csv([["id", "name", "note"], *rows], delimiter)
    table = attempt(parse_csv, text, SOURCE)
    assert not isinstance(table, CsvError), table
    kept = [r for r in rows if any(c.strip() for c in r)]
    assert [[r.cells[k] for k in ("id", "name", "note")] for r in table.rows] == [[c.strip() for c in r] for r in kept]


@FUZZ
@given(st.sampled_from([",", ";", "\t"]), st.sampled_from([",", ";", "\t"]), st.sampled_from(["\n", "\r\n", "\r"]))
def test_the_delimiter_is_told_from_the_header_outside_its_quotes(delimiter: str, quoted: str, newline: str) -> None:
    """``"Last, First";Tags`` from a European Excel is two columns, not split at the comma in quotes."""
    rows = [[f"Last{quoted} First", "Tags"], [f"Ng{quoted} Zoë", "ELL"], ["Li", f"IEP{quoted}ELL"]]
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=newline, quoting=csv.QUOTE_ALL).writerows(rows)
    table = parse_csv(buf.getvalue(), SOURCE)
    assert table.headers == (f"Last{quoted} First", "Tags")
    assert [list(r.cells.values()) for r in table.rows] == rows[1:]


def test_a_quote_left_open_is_an_error_at_the_line_it_opens_never_a_swallow() -> None:
    """Without strict quoting the rows after line 3 became one student named 'Bo Li,\\nCy...'."""
    error = attempt(parse_csv, 'name,tags\nAna,\n"Bo Li,\nCy,\nDee,\n', SOURCE)
    assert isinstance(error, CsvError)
    assert_clear(error, SOURCE)
    assert "line 3" in str(error) and "never closed" in str(error)


def test_text_after_a_closing_quote_is_an_error_with_its_line() -> None:
    error = attempt(parse_csv, 'name,tags\nAna,\n"Bo" Li,x\n', SOURCE)
    assert isinstance(error, CsvError) and "line 3" in str(error)


def test_a_one_megabyte_cell_is_refused_with_its_line() -> None:
    error = attempt(parse_csv, "name,tags\nAna,\n" + "B" * 1_000_000 + ",x\n", SOURCE)
    assert isinstance(error, CsvError)
    assert_clear(error, SOURCE)
    assert "line 3" in str(error) and "longer than" in str(error)


def test_a_one_megabyte_file_of_short_rows_is_read(tmp_path: Path) -> None:
    path = tmp_path / SOURCE
    path.write_text("name\n" + "".join(f"Student {i}\n" for i in range(80_000)), encoding="utf-8")
    assert len(read_csv_file(path).rows) == 80_000


@FUZZ
@given(st.sampled_from(["name", "Name", "NAME", "na_me", "n-a m e"]), st.sampled_from(["name", "NAME", " name "]))
def test_duplicate_headers_are_refused_naming_the_column(first: str, second: str) -> None:
    error = attempt(parse_csv, f"{first},tags,{second}\nAna,,Bo\n", SOURCE)
    assert isinstance(error, CsvError)
    assert_clear(error, SOURCE)
    assert "appears twice" in str(error) and header_key(second) == "name"


# --- the roster import on top -----------------------------------------------------------

name = hostile_text.map(str.strip).filter(lambda t: t and "\x00" not in t and len(t) <= 200)


@FUZZ
@given(st.lists(name, min_size=1, max_size=8, unique_by=lambda n: visible(n)), st.booleans())
@example(["Zoë Ng", "Zoe\u0308 Ng"], False)  # one name in two Unicode spellings (NFC and NFD)
@example(["=cmd|' /C calc'!A0", "\u202eevil", "Ana\x1b[2J", "Bo\tLi"], False)
def test_names_are_kept_as_typed_and_a_reimport_changes_nothing(names: list[str], with_ids: bool) -> None:
    rows = [["id", "name", "tags"]] + [[f"id{i}" if with_ids else "", n, "ELL"] for i, n in enumerate(names)]
    raw = to_csv(rows).encode()
    students = attempt(import_roster, raw)
    if isinstance(students, CsvError):  # two spellings of one name without ids: refused as a duplicate
        assert_clear(students, SOURCE, CsvError)
        assert not with_ids and "also on line" in str(students)
        return
    assert [s.name for s in students] == [visible(n) for n in names]  # control characters shown, never obeyed
    again = merge_roster(students, read(raw))
    assert again.added == [] and again.updated == [], "re-importing the same file must not add or change anyone"


@FUZZ
@given(
    st.lists(
        st.tuples(hostile_text.map(str.strip), name, st.lists(hostile_text.map(str.strip), max_size=3)),
        min_size=1,
        max_size=6,
    )
)
@example([("a1", "Ana", ["x" * 41])])  # a tag a bundle would refuse
@example([("a\x1bb", "Ana", [])])  # an id holding ESC
def test_whatever_the_import_accepts_exports_and_imports_again(rows: list[tuple[str, str, list[str]]]) -> None:
    raw = to_csv([["id", "name", "tags"]] + [[sid, n, ";".join(tags)] for sid, n, tags in rows]).encode()
    students = check(import_roster, SOURCE, raw, kind=CsvError)
    if students is None:
        return
    record = ClassRecord("Room 7", PATHWAY, students=students)
    back = bundle_to_record(json.loads(json.dumps(record_to_bundle(record), ensure_ascii=False)), "room.json")
    assert back.students == students


@FUZZ
@given(st.sampled_from(HOSTILE), st.sampled_from(["id", "name", "tags"]))
def test_a_hostile_cell_in_any_column_is_kept_or_refused_with_its_line(text: str, column: str) -> None:
    cells = {"id": "a1", "name": "Ana", "tags": "ELL", column: text}
    raw = to_csv([["id", "name", "tags"], ["b1", "Bo", ""], [cells["id"], cells["name"], cells["tags"]]]).encode()
    students = check(import_roster, SOURCE, raw, kind=CsvError)
    if students is not None and column == "name" and text.strip():
        assert visible(text.strip()) in [s.name for s in students]
