"""The class grid as a spreadsheet: one row per student, one column per check, the latest scores.

Teachers and schools end up in a spreadsheet anyway; this hands them one that
opens as it is in Excel and Google Sheets, with each student's stage beside
their scores. Scores stay numbers so a sheet can sum and chart them (every cell is
quoted, as in every CSV grouper writes, and Excel and Sheets read a quoted number as a
number). Every text cell goes through ``exports.safe_cell``, so a student called
``=HYPERLINK(..)`` is shown and never run, and the file starts with a byte-order mark
because Excel otherwise reads UTF-8 accents (Zoë, José) as mojibake.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace

from grouper.core.benchmarks import STATUS_WORDS, screeners, season_on, student_benchmarks
from grouper.core.models import ClassRecord, Score
from grouper.core.placement import current_values, place_student
from grouper.reports.exports import CSV_QUOTING, safe_cell

BOM = "\ufeff"


def check_header(label: str, check_id: str) -> str:
    """``Letters named (of 54) [lid]``: readable, and ``grouper scores import`` finds the check by the id."""
    return f"{label} [{check_id}]"


def to_grid_csv(record: ClassRecord, upto: dt.date | None = None, today: dt.date | None = None) -> str:
    """Active students in roster order with their latest scores (as of ``upto``, else all).

    A pathway with screening seasons adds, after the scores, each screener's benchmark status in
    the season of ``upto`` (else ``today``), as the grid marks it.
    """
    if upto is not None:
        record = replace(record, scores=[s for s in record.scores if s.date <= upto])
    pathway = record.pathway
    checks = pathway.all_checks()
    students = [s for s in record.students if s.active]
    numbers = any(s.number for s in students)
    tags = any(s.tags for s in students)
    values = current_values(record)
    header = ["Student ID", "Student"] + ["Student number"] * numbers + ["Tags"] * tags + ["Stage", "Status"]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n", quoting=CSV_QUOTING)
    day = upto or today
    season = season_on(pathway, day) if day is not None else None
    screened = screeners(pathway, season)
    # Not "[id]": a scores import of this sheet reads the score columns and leaves these alone.
    bench_heads = [f"Benchmark, {season.words}: {c.label}" for c, _ in screened] if season else []
    writer.writerow([safe_cell(h) for h in header + [check_header(c.label, c.id) for c in checks] + bench_heads])
    mine: dict[str, list[Score]] = {}
    for sc in record.scores:
        mine.setdefault(sc.student, []).append(sc)
    for s in students:
        place = place_student(s, values[s.id], pathway)
        text = [s.id, s.name] + [s.number or ""] * numbers + ["; ".join(s.tags)] * tags
        text += [pathway.stage_label(place.stage_index), place.status]
        scores = [values[s.id].get(c.id) for c in checks]
        marks = []
        if season is not None and day is not None:
            statuses = student_benchmarks(pathway, mine.get(s.id, []), day)
            marks = [STATUS_WORDS[statuses[c.id]] for c, _ in screened]
        writer.writerow([safe_cell(t) for t in text] + ["" if v is None else v for v in scores]
                        + [safe_cell(m) for m in marks])
    return BOM + buf.getvalue()
