"""Reading the CSV files teachers export from their school systems and spreadsheets.

Such files arrive with a byte-order mark or without, CRLF or LF line ends,
commas or (from a European Excel) semicolons, and headers spelled every which
way. Headers are matched ignoring case, spaces, ``_`` and ``-``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from grouper.core.errors import GrouperError
from grouper.core.limits import MAX_ROWS, too_many_rows
from grouper.formats.reading import not_utf8, read_limited

MAX_BYTES = 50_000_000


class CsvError(GrouperError):
    pass


def header_key(text: str) -> str:
    """``First Name``, ``first_name`` and ``FIRST-NAME`` all become ``firstname``."""
    return re.sub(r"[\s_\-]+", "", text).casefold()


@dataclass(frozen=True, slots=True)
class CsvRow:
    line: int
    #: header key -> cell text (stripped)
    cells: dict[str, str]


@dataclass(frozen=True, slots=True)
class CsvTable:
    source: str
    columns: tuple[str, ...]
    rows: tuple[CsvRow, ...]
    #: The header cells as written (stripped), one per column: for messages that name a column.
    headers: tuple[str, ...] = ()

    def header(self, key: str) -> str:
        """The column ``key`` as the file spells it."""
        return dict(zip(self.columns, self.headers, strict=False)).get(key, key)


def decode(raw: bytes, source: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise CsvError(f"{source}: {not_utf8(raw, e)}; save it as 'CSV UTF-8' and try again") from None


def read_csv_file(path: Path) -> CsvTable:
    return parse_csv(decode(read_limited(path, MAX_BYTES, CsvError, "a CSV file"), str(path)), str(path))


def csv_rows(
    text: str, source: str, error: type[GrouperError] = CsvError, delimiter: str = ","
) -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, cells) for each row, every CSV fault told in plain words.

    Quoting is strict: a quote left open would otherwise swallow every line after
    it into one cell, and those rows (students, scores) would vanish without a word.
    The first row is the header; a file with more than ``MAX_ROWS`` rows after it is
    refused as soon as the row past the limit is reached, and read no further.
    """
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise error(f"{source}: line {line}: contains NUL bytes; is it really a CSV file?")
    reader = csv.reader(_lines(text), delimiter=delimiter, strict=True)
    start = 1
    rows = -1  # the header is not counted
    while True:
        try:
            cells = next(reader, None)
        except csv.Error as e:
            raise error(f"{source}: line {_fault_line(str(e), start, reader.line_num)}: {_plain_csv(str(e))}") from None
        if cells is None:
            return
        rows += 1
        if rows > MAX_ROWS:
            raise error(too_many_rows(source))
        yield start, cells
        start = reader.line_num + 1


#: A line with its end (LF, CRLF or an old Mac's CR), or the last line without one.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` one at a time, as a file opened with ``newline=""`` gives them.

    Only the lines read are made (``io.StringIO`` would first copy the whole text,
    at four bytes a character): a file past the row limit costs little more than its text.
    """
    return (m.group() for m in _LINE.finditer(text))


def _fault_line(message: str, start: int, current: int) -> int:
    # A quote never closed is found at the end of the file, but the teacher must look where it opened.
    return start if "unexpected end of data" in message else max(current, start)


def _plain_csv(message: str) -> str:
    if "unexpected end of data" in message:
        return 'a quoted cell is never closed (a " is missing its partner)'
    if "expected after" in message:
        return 'text after the closing " of a quoted cell; quote the whole cell and write "" for a quote inside it'
    if "field larger than field limit" in message:
        return f"a cell is longer than {csv.field_size_limit():,} characters"
    return message


_LINE_END = re.compile(r"[\r\n]")


def _header_line(text: str) -> str:
    """The first line (ended by LF, CRLF or an old Mac's CR) without its quoted parts, to tell the delimiter.

    A header such as ``"Last, First";Tags`` is semicolon-separated: the comma inside quotes does not count.
    """
    end = _LINE_END.search(text)
    first = text[: end.start()] if end else text
    return re.sub(r'"[^"]*"', "", first)


def parse_csv(text: str, source: str) -> CsvTable:
    """Parse CSV text with a header row into rows keyed by normalised header."""
    delimiter = max([",", ";", "\t"], key=_header_line(text).count)
    reader = csv_rows(text, source, CsvError, delimiter)
    _, header = next(reader, (1, []))
    if not any(h.strip() for h in header):
        raise CsvError(f"{source}: empty file; the first line must name the columns")
    keys = [header_key(h) for h in header]
    seen: dict[str, int] = {}
    for i, k in enumerate(keys):
        if k and k in seen:
            raise CsvError(f"{source}: line 1: column '{header[i].strip()}' appears twice")
        seen[k] = i
    records = []
    for line, cells in reader:  # every row is read (and checked) before any is kept: a file past the
        if not "".join(cells).strip():  # row limit is refused without building its rows
            continue
        if len(cells) > len(keys) and any(c.strip() for c in cells[len(keys) :]):
            raise CsvError(f"{source}: line {line}: more cells than columns in the header")
        records.append((line, cells))
    rows = []
    for line, cells in records:
        row = {k: (cells[i].strip() if i < len(cells) else "") for i, k in enumerate(keys) if k}
        rows.append(CsvRow(line, row))
    headers = tuple(h.strip() for h, k in zip(header, keys, strict=True) if k)
    return CsvTable(source, tuple(k for k in keys if k), tuple(rows), headers)
