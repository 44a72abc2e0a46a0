"""Reading the CSV files teachers export from their school systems and spreadsheets.

Such files arrive with a byte-order mark or without, CRLF or LF line ends,
commas or (from a European Excel) semicolons, and headers spelled every which
way. Headers are matched ignoring case, spaces, ``_`` and ``-``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import GrouperError

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
        raise CsvError(
            f"{source}: not UTF-8 text (byte {e.start}); save it as 'CSV UTF-8' and try again"
        ) from None


def read_csv_file(path: Path) -> CsvTable:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CsvError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CsvError(f"{path}: is a folder, not a CSV file") from None
    except OSError as e:
        raise CsvError(f"{path}: cannot read it ({e.strerror})") from None
    if len(raw) > MAX_BYTES:
        raise CsvError(f"{path}: too large ({len(raw)} bytes)")
    return parse_csv(decode(raw, str(path)), str(path))


def parse_csv(text: str, source: str) -> CsvTable:
    """Parse CSV text with a header row into rows keyed by normalised header."""
    if "\x00" in text:
        raise CsvError(f"{source}: contains NUL bytes; is it really a CSV file?")
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            raise CsvError(f"{source}: empty file; the first line must name the columns")
        keys = [header_key(h) for h in header]
        seen: dict[str, int] = {}
        for i, k in enumerate(keys):
            if k and k in seen:
                raise CsvError(f"{source}: line 1: column '{header[i].strip()}' appears twice")
            seen[k] = i
        rows = []
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(keys):
                extra = [c for c in cells[len(keys) :] if c.strip()]
                if extra:
                    raise CsvError(f"{source}: line {reader.line_num}: more cells than columns in the header")
            row = {k: (cells[i].strip() if i < len(cells) else "") for i, k in enumerate(keys) if k}
            rows.append(CsvRow(reader.line_num, row))
    except csv.Error as e:
        raise CsvError(f"{source}: line {reader.line_num}: {e}") from None
    headers = tuple(h.strip() for h, k in zip(header, keys, strict=True) if k)
    return CsvTable(source, tuple(k for k in keys if k), tuple(rows), headers)
