"""OneRoster packages (a folder or a .zip of CSV files from the school's system): read, or refused naming the file.

A package can arrive damaged in transit (a zip with flipped bytes), re-saved
by hand in a spreadsheet, or with a column doubled. Any of its files mutated
or replaced by random bytes, and any zip mutated, ends in a package (and a
roster merge) or a GrouperError naming the file and the line or column;
never a zlib or EOF error from deep inside the zip reader. A column given
twice is refused: reading either copy could enrol the wrong student.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
import unicodedata
import zipfile
from pathlib import Path

from fuzz_helpers import FUZZ, HOSTILE, assert_clear, attempt, check, mutated, reencoded
from hypothesis import example, given
from hypothesis import strategies as st

from grouper.core.errors import GrouperError
from grouper.formats.csvfile import decode
from grouper.formats.oneroster import KNOWN, OneRosterError, Package, parse_package
from grouper.formats.oneroster_files import load_package
from grouper.formats.oneroster_merge import merge_class

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "oneroster"
TODAY = dt.date(2026, 11, 20)
PACKAGES = {name: {f.name: f.read_bytes() for f in sorted((FIXTURES / name).glob("*.csv"))}
            for name in ("v1p1", "v1p2", "v1p2-delta")}


def read(files: dict[str, bytes]) -> Package:
    """Parse a package given as file name -> bytes, and merge each of its classes into an empty roster."""
    package = parse_package({n: (n, decode(raw, n)) for n, raw in files.items()}, "pkg")
    for cls, _ in package.summaries(TODAY):
        merge_class([], package, cls, "Room 7", TODAY)
    return package


def to_csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode()


def zipped(files: dict[str, bytes], folder: str = "") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, raw in files.items():
            archive.writestr(folder + name, raw)
    return buf.getvalue()


def load_zip(raw: bytes) -> Package:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roster.zip"
        path.write_bytes(raw)
        return load_package(path)


one_file = st.tuples(st.sampled_from(sorted(PACKAGES)), st.sampled_from(KNOWN))


@FUZZ
@given(one_file, st.binary(max_size=300))
def test_a_file_of_random_bytes_is_refused_naming_it(which: tuple[str, str], raw: bytes) -> None:
    package, name = which
    files = {**PACKAGES[package], name: raw}
    result = attempt(read, files)
    if isinstance(result, GrouperError):
        assert_clear(result, "", GrouperError)
        assert any(n in str(result) for n in (*files, "pkg")), str(result)


@FUZZ
@given(one_file, st.data())
def test_a_mutated_file_is_read_or_refused_with_its_line(which: tuple[str, str], data: st.DataObject) -> None:
    package, name = which
    files = dict(PACKAGES[package])
    if name not in files:
        return
    files[name] = data.draw(st.one_of(mutated(files[name]), reencoded(files[name].decode())))
    result = attempt(read, files)
    if isinstance(result, GrouperError):
        assert_clear(result, "", GrouperError)
        assert any(n in str(result) for n in (*files, "pkg")), str(result)


@FUZZ
@given(st.sampled_from(sorted(PACKAGES)), st.sampled_from(HOSTILE), st.sampled_from(["givenName", "familyName",
                                                                                    "identifier", "sourcedId"]))
@example("v1p1", "=cmd|' /C calc'!A0", "givenName")
@example("v1p1", "\x1b[2J", "identifier")  # a student number holding ESC never becomes a student id
def test_a_hostile_user_cell_is_read_or_refused_with_its_line(package: str, text: str, column: str) -> None:
    files = dict(PACKAGES[package])
    rows = list(csv.reader(io.StringIO(decode(files["users.csv"], "users.csv"))))
    rows[2][rows[0].index(column)] = text
    files["users.csv"] = to_csv(rows)
    result = check(read, "users.csv", files, kind=GrouperError)
    if result is not None:
        for cls, _ in result.summaries(TODAY):
            for student in merge_class([], result, cls, "Room 7", TODAY).students:
                assert student.id.isprintable(), f"student id {student.id!r}"
                assert not any(unicodedata.category(c) == "Cc" for c in student.name), student.name


@FUZZ
@given(st.sampled_from(sorted(PACKAGES)), st.sampled_from(["users.csv", "enrollments.csv", "classes.csv"]))
def test_a_column_given_twice_is_refused_naming_it(package: str, name: str) -> None:
    files = dict(PACKAGES[package])
    if name not in files:
        return
    rows = list(csv.reader(io.StringIO(decode(files[name], name))))
    files[name] = to_csv([[*row, row[0]] for row in rows])  # sourcedId again, at the end
    error = attempt(read, files)
    assert isinstance(error, OneRosterError)
    assert "'sourcedId' appears twice" in str(error) and str(error).startswith(name)


ZIPS = [zipped(PACKAGES["v1p1"]), zipped(PACKAGES["v1p2"], "export/")]


@FUZZ
@given(st.one_of(*(mutated(z) for z in ZIPS)))
@example(ZIPS[0][: len(ZIPS[0]) - 30])  # cut short: the central directory is gone
def test_a_damaged_zip_is_read_or_refused_naming_it(raw: bytes) -> None:
    result = attempt(load_zip, raw)
    if isinstance(result, GrouperError):
        assert_clear(result, "roster.zip", GrouperError)


def test_a_zip_whose_deflate_data_is_corrupt_is_refused_in_words() -> None:
    """zlib.error ('invalid block type') and EOFError used to escape as tracebacks."""
    raw = bytearray(ZIPS[0])
    start = raw.index(b"PK\x03\x04") + 30 + len("classes.csv")  # the first member's compressed data
    raw[start : start + 8] = b"\xff" * 8
    error = attempt(load_zip, bytes(raw))
    assert isinstance(error, OneRosterError)
    assert_clear(error, "roster.zip", OneRosterError)
