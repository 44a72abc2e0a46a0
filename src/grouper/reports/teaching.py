"""What teaching works, as a coach reads it: the table behind ``grouper report teaching`` and the app's screen.

The counting lives in ``grouper.core.teaching``; this only lays it out, the same
words in the terminal, Markdown, HTML, JSON and the app.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from grouper.core.dates import day_words
from grouper.core.teaching import TeachingReport, TeachingRow
from grouper.reports.attention import DETOUR_SYMBOL
from grouper.reports.exports import REPORT_STYLE, md_escape
from grouper.reports.goals import number as point

HEADERS = ("stage", "route", "taught", "mastered", "stalled", "median school days", "median sessions")
#: The same columns for a terminal 80 wide (the note under the table says what the last two are).
SHORT_HEADERS = ("stage", "route", "taught", "mastered", "stalled", "days", "sessions")

#: What the table means, printed under it.
NOTE = ("taught: times a student was at the stage on that route; mastered: moved on from it there; "
        "stalled: the class's stalled rule held on that route; days and sessions: the medians until mastery "
        "(school days from arriving or from the detour's start; group sessions met, from the plans locked). "
        "Small numbers say little: read them as questions for the team, not verdicts.")


#: What the report says when nobody has been taught anywhere yet.
NOTHING = "No student has been taught at a stage yet: there is nothing to count."


def title(scope: str, today: dt.date) -> str:
    return f"What teaching works: {scope}, to {day_words(today)}"


def number(x: float | None) -> str:
    """A median as ``goals.number`` writes a point, ``–`` when there is none."""
    return "–" if x is None else point(x)


def route(row: TeachingRow) -> str:
    return "main route" if row.detour is None else f"{DETOUR_SYMBOL} detour: {row.label}"


def cells(row: TeachingRow, stage_label: str) -> list[str]:
    """One row's words, in ``HEADERS`` order."""
    return [f"{row.stage_index + 1} {stage_label}", route(row), str(row.taught), str(row.mastered), str(row.stalled),
            number(row.median_school_days), number(row.median_sessions)]


def teaching_dict(report: TeachingReport, today: dt.date) -> dict[str, Any]:
    """``grouper report teaching --json``."""
    return {
        "scope": report.scope,
        "date": today.isoformat(),
        "rows": [
            {"pathway": r.pathway, "stage": r.stage, "detour": r.detour, "taught": r.taught, "mastered": r.mastered,
             "stalled": r.stalled, "median_school_days": r.median_school_days, "median_sessions": r.median_sessions}
            for r in report.rows
        ],
    }


def row_cells(report: TeachingReport, row: TeachingRow) -> list[str]:
    return cells(row, report.stage_labels[(row.pathway, row.stage)])


def to_markdown(report: TeachingReport, today: dt.date) -> str:
    out = [f"# {md_escape(title(report.scope, today))}", ""]
    if not report.rows:
        out.append(NOTHING)
        return "\n".join(out) + "\n"
    for name, rows in report.by_pathway():
        out += [f"## {md_escape(name)}", "", "| " + " | ".join(HEADERS) + " |", "|---" * len(HEADERS) + "|"]
        out += ["| " + " | ".join(md_escape(c) for c in row_cells(report, r)) + " |" for r in rows]
        out.append("")
    out.append(md_escape(NOTE))
    return "\n".join(out) + "\n"


def to_html(report: TeachingReport, today: dt.date) -> str:
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in HEADERS)
    parts = []
    for name, rows in report.by_pathway():
        body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row_cells(report, r)) + "</tr>" for r in rows)
        parts.append(f"<h2>{e(name)}</h2><table><tr>{head}</tr>{body}</table>")
    parts.append(f"<p>{e(NOTE)}</p>" if report.rows else f"<p>{e(NOTHING)}</p>")
    return "\n".join([
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(title(report.scope, today))}</title>",
        REPORT_STYLE + "</style></head><body>",
        f"<h1>{e(title(report.scope, today))}</h1>",
        *parts,
        "</body></html>",
    ]) + "\n"
