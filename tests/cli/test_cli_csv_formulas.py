"""No CSV grouper writes holds a formula, whichever separator the spreadsheet splits it on.

A European Excel splits on ``;``, and a sheet told the wrong separator splits
on whatever it was told: a name such as ``Bo;=cmd|' /C calc'!A0`` is then a
cell of its own starting with ``=``. Every cell grouper writes is quoted, and
every piece of a cell that would start a formula after a separator is guarded,
so no way of splitting a line gives a cell a spreadsheet would run.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from cli_helpers import CLASS, Cli, parse_csv, write_text

from grouper.reports.exports import safe_cell

HOSTILE = {
    "h1": "Bo;=cmd|' /C calc'!A0",
    "h2": "Ana,@SUM(A1)",
    "h3": "Cy|+1",
    "h4": "Di;-2+3",
    "h5": "Ed; plain",  # a separator, then nothing a sheet would run: left exactly as typed
}
SEPARATORS = (",", ";", "\t", "|")
FORMULA = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile(cli: Cli, room: Path, tmp_path: Path) -> Path:
    rows = "".join(f'{sid},"{name}"\n' for sid, name in HOSTILE.items())
    cli.ok("roster", "import", CLASS, write_text(tmp_path / "hostile.csv", "id,name\n" + rows), store=room)
    return room


def quoted_all(text: str) -> str:
    """``text`` read as CSV and written again with every cell quoted: the same text when it was already."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerows(csv.reader(io.StringIO(text, newline="")))
    return out.getvalue()


def cells_a_sheet_sees(line: str, sep: str) -> list[str]:
    """The cells of ``line`` to a sheet that splits it on ``sep`` (quotes opening a piece are taken off)."""
    return [piece[1:] if piece.startswith('"') else piece for piece in line.split(sep)]


@pytest.mark.parametrize("fmt", ["csv", "grid"])
def test_no_way_of_splitting_an_export_gives_a_formula(cli: Cli, hostile: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"{fmt}.csv"  # the file a spreadsheet opens
    cli.ok("export", CLASS, "--format", fmt, "-o", target, store=hostile)
    out = target.read_bytes().decode("utf-8").removeprefix("\ufeff")
    assert out == quoted_all(out)  # every cell is quoted
    for line in out.split("\r\n"):
        for sep in SEPARATORS:
            for cell in cells_a_sheet_sees(line, sep):
                assert not cell.startswith(FORMULA), (sep, cell, line)
    rows = parse_csv(out)
    names = {r.get("student_id") or r["Student ID"]: r.get("student") or r["Student"] for r in rows}
    assert names["h1"] == "'Bo;'=cmd|' /C calc'!A0"  # still readable as the name it is
    assert names["h2"] == "'Ana,'@SUM(A1)"
    assert names["h5"] == "Ed; plain"
    assert names["z1"] == "Zoë Ng"


@pytest.mark.parametrize(("text", "shown"), [
    ("Bo;=cmd|' /C calc'!A0", "'Bo;'=cmd|' /C calc'!A0"),
    ("x,+1", "'x,'+1"),
    ("x\t@SUM(A1)", "'x\t'@SUM(A1)"),
    ("x|-1", "'x|'-1"),
    ("x\r\n=1", "'x\r\n'=1"),
    ("=1;=2", "'=1;'=2"),
])
def test_a_formula_after_any_separator_is_guarded(text: str, shown: str) -> None:
    assert safe_cell(text) == shown


@pytest.mark.parametrize("text", ["Bo;Li", "lid; lsnd", "1-2", "a=b", "x; =spaced", "O'Neil, Jr"])
def test_text_with_separators_but_no_formula_is_left_alone(text: str) -> None:
    assert safe_cell(text) == text
