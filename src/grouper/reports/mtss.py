"""The MTSS frame in words: tiers, interventions and the dose delivered, as the team reads them.

The same words in ``grouper tier``, the student view, ``grouper mtss`` and the app's screen.
Below them, the MTSS meeting's table (``core.mtss``) as JSON, Markdown, HTML and CSV.
Names, labels and notes come from people: each is escaped for the format it goes into.
"""

from __future__ import annotations

import csv
import html
import io
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from grouper.core.benchmarks import STATUS_WORDS as BENCHMARK_WORDS
from grouper.core.dates import day_words
from grouper.core.goals import STATUS_WORDS as GOAL_WORDS
from grouper.core.models import ClassRecord, Pathway
from grouper.core.mtss import MtssReport, MtssRow
from grouper.core.tiers import TIERS
from grouper.reports.exports import CSV_QUOTING, REPORT_STYLE, md_escape, safe_cell

if TYPE_CHECKING:
    from grouper.core.models import TierChange
    from grouper.core.tiers import Dose


def tier_words(t: TierChange | None) -> str:
    """``Tier 2: Phonics booster, 3 sessions a week`` (``Tier 1`` when never changed or back at 1)."""
    if t is None or t.tier == 1:
        return "Tier 1 (core teaching)"
    sessions = f", {t.sessions_per_week} session{'s' if t.sessions_per_week != 1 else ''} a week" if (
        t.sessions_per_week is not None) else ""
    return f"Tier {t.tier}: {t.intervention}{sessions}"


def dose_words(d: Dose) -> str:
    """``Sessions delivered: 7 of 9 planned (short)``: from the plans locked, the student there."""
    planned = "no sessions a week planned" if d.planned is None else f"{d.planned} planned so far"
    if d.delivered is None:
        return f"Sessions delivered: not recorded (no plan locked since it started); {planned}"
    if d.planned is None:
        return f"Sessions delivered: {d.delivered} ({planned})"
    short = " (short of the plan)" if d.short else ""
    return f"Sessions delivered: {d.delivered} of {d.planned} planned{short}"


# --- grouper mtss: the meeting's table ---------------------------------------------------------------------------

#: The share of students at benchmark a core program is expected to serve.
CORE_SHARE = 0.8

#: The table's columns, in the order every format shows them.
HEADERS = ("student", "tier", "intervention", "start", "weeks", "review", "sessions", "goal", "benchmark",
           "stalled", "detour")

NO_STUDENTS = "No student is at Tier 2 or 3."
NO_DISCUSS = "No Tier 1 student is well below benchmark or below a goal line."


def mtss_dict(report: MtssReport) -> dict[str, Any]:
    """``grouper mtss --json``: the keys are a promise (new ones may be added, none changes meaning)."""
    return {
        "class": report.class_name,
        "date": report.date.isoformat(),
        "tiers": {str(t): report.tiers.get(t, 0) for t in TIERS},
        "at_benchmark": report.at_benchmark,
        "students": [
            {
                "id": r.id,
                "name": r.name,
                "tier": r.tier,
                "intervention": r.intervention,
                "start": r.start.isoformat(),
                "review": None if r.review is None else r.review.isoformat(),
                "review_due": r.review_due,
                "sessions_planned": r.sessions_planned,
                "sessions_delivered": r.sessions_delivered,
                "goal_status": r.goal_status,
                "benchmark": dict(r.benchmark),
                "stalled": r.stalled,
                "detour": r.detour,
            }
            for r in report.students
        ],
        "to_discuss": [{"id": d.id, "name": d.name, "reason": d.reason} for d in report.to_discuss],
    }


def title(report: MtssReport) -> str:
    return f"{report.class_name}: MTSS review, {day_words(report.date)}"


def tier_counts_words(report: MtssReport) -> str:
    """``Tier 1: 18 students · Tier 2: 3 · Tier 3: 1``."""
    return " · ".join(f"Tier {t}: {report.tiers.get(t, 0)}" for t in TIERS)


def share_words(report: MtssReport) -> str:
    """``82% at or above benchmark: core teaching is serving the class`` (or under the 80% a core serves)."""
    share = report.at_benchmark
    if share is None:
        if not report.has_seasons:
            return "At benchmark: the pathway has no screening seasons, so no benchmark to read."
        return "At benchmark: nobody has been screened this season yet."
    pct = math.floor(share * 100 + 1e-9)  # never rounded up to 80% while under it
    if share >= CORE_SHARE - 1e-9:
        return f"{pct}% at or above benchmark: core teaching is serving the class"
    return f"{pct}% at or above benchmark: under the 80% a core serves"


def sessions_words(r: MtssRow) -> str:
    """``7 of 9 (short)``: delivered from the locked plans, of the sessions planned to today."""
    if r.sessions_delivered is None and r.sessions_planned is None:
        return "no plan locked"
    if r.sessions_delivered is None:
        return f"no plan locked; {r.sessions_planned} planned"
    if r.sessions_planned is None:
        return f"{r.sessions_delivered} delivered"
    return f"{r.sessions_delivered} of {r.sessions_planned}" + (" (short)" if r.short else "")


def review_words(r: MtssRow) -> str:
    if r.review is None:
        return "–"
    return day_words(r.review) + (" (due)" if r.review_due else "")


def goal_words(r: MtssRow) -> str:
    return "no goal" if r.goal_status is None else GOAL_WORDS[r.goal_status]


def benchmark_words(pathway: Pathway, benchmark: Mapping[str, str]) -> str:
    """``Letter names: ○ well below; Sounds: ● at or above`` (``–``: no check this season).

    The words of ``benchmarks.STATUS_WORDS`` without their last word: the column says benchmark.
    """
    if not benchmark:
        return "–"
    said = [f"{pathway.check_label(c)}: {BENCHMARK_WORDS.get(s, s).removesuffix(' benchmark')}"
            for c, s in benchmark.items() if s != "not-screened"]
    waiting = [pathway.check_label(c) for c, s in benchmark.items() if s == "not-screened"]
    if waiting:  # the checks not screened yet said once, not one by one
        said.append(f"{BENCHMARK_WORDS['not-screened']}: " + ", ".join(waiting))
    return "; ".join(said)


def detour_words(pathway: Pathway, detour: str | None) -> str:
    if detour is None:
        return "–"
    found = next((d for s in pathway.stages for d in s.detours if d.id == detour), None)
    return detour if found is None else found.label


def row_cells(pathway: Pathway, r: MtssRow) -> list[str]:
    """One Tier 2/3 student's cells, in the order of ``HEADERS``, in words."""
    return [
        r.name,
        f"Tier {r.tier}",
        r.intervention,
        day_words(r.start),
        str(r.weeks),
        review_words(r),
        sessions_words(r),
        goal_words(r),
        benchmark_words(pathway, r.benchmark),
        "stalled" if r.stalled else "–",
        detour_words(pathway, r.detour),
    ]


def newest_note(record: ClassRecord, student_id: str) -> str | None:
    """The student's newest note (None: none kept)."""
    notes = record.notes_for(student_id)
    return notes[-1].text if notes else None


def _note_md(record: ClassRecord, student_id: str) -> str:
    note = newest_note(record, student_id)
    return md_escape(note) if note else "–"


def to_markdown(report: MtssReport, record: ClassRecord, notes: bool = False) -> str:
    pw = record.pathway
    heads = [*HEADERS, "newest note"] if notes else list(HEADERS)
    out = [f"# {md_escape(title(report))}", "", md_escape(tier_counts_words(report)), "",
           md_escape(share_words(report)), "", "## Tier 2 and 3", ""]
    if report.students:
        out.append("| " + " | ".join(heads) + " |")
        out.append("|---" * len(heads) + "|")
        for r in report.students:
            cells = [md_escape(c) for c in row_cells(pw, r)]
            if notes:
                cells.append(_note_md(record, r.id))
            out.append("| " + " | ".join(cells) + " |")
    else:
        out.append(NO_STUDENTS)
    out += ["", "## Tier 1 students to discuss", ""]
    for d in report.to_discuss:
        line = f"- {md_escape(d.name)}: {md_escape(d.reason)}"
        if notes:
            line += f" (newest note: {_note_md(record, d.id)})"
        out.append(line)
    if not report.to_discuss:
        out.append(NO_DISCUSS)
    return "\n".join(out) + "\n"


def to_html(report: MtssReport, record: ClassRecord, notes: bool = False) -> str:
    e = html.escape
    pw = record.pathway
    heads = [*HEADERS, "newest note"] if notes else list(HEADERS)

    def note_cell(student_id: str) -> str:
        note = newest_note(record, student_id)
        return e(note) if note else "–"

    rows = []
    for r in report.students:
        cells = "".join(f"<td>{e(c)}</td>" for c in row_cells(pw, r))
        if notes:
            cells += f"<td>{note_cell(r.id)}</td>"
        rows.append(f'<tr class="{"due" if r.review_due else ""}">{cells}</tr>')
    table = (f"<table><tr>{''.join(f'<th>{e(h)}</th>' for h in heads)}</tr>{''.join(rows)}</table>"
             if rows else f"<p>{e(NO_STUDENTS)}</p>")
    discuss = "".join(
        f"<li><b>{e(d.name)}</b>: {e(d.reason)}"
        + (f" <i>(newest note: {note_cell(d.id)})</i>" if notes else "") + "</li>"
        for d in report.to_discuss
    ) or f"<li>{e(NO_DISCUSS)}</li>"
    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(title(report))}</title>",
        REPORT_STYLE + ".due td{font-weight:bold}@page{margin:12mm}@media print{body{margin:0}}</style></head><body>",
        f"<h1>{e(title(report))}</h1>",
        f"<p>{e(tier_counts_words(report))}</p>",
        f"<p><b>{e(share_words(report))}</b></p>",
        "<h2>Tier 2 and 3</h2>",
        table,
        f"<h2>Tier 1 students to discuss</h2><ul>{discuss}</ul>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


#: The CSV's columns: one row per Tier 2/3 student, then one per Tier 1 student to discuss.
CSV_HEADERS = ("student_id", "student", "tier", "intervention", "start", "review", "review_due", "weeks",
               "sessions_planned", "sessions_delivered", "goal_status", "benchmark", "stalled", "detour", "to_discuss")


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _num(n: int | None) -> str:
    return "" if n is None else str(n)


def to_csv(report: MtssReport, record: ClassRecord, notes: bool = False) -> str:
    """Each cell quoted and guarded against formulas (``exports.safe_cell``), as every grouper CSV."""
    pw = record.pathway
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n", quoting=CSV_QUOTING)
    w.writerow([*CSV_HEADERS, "newest_note"] if notes else list(CSV_HEADERS))

    def note(student_id: str) -> list[str]:
        return [newest_note(record, student_id) or ""] if notes else []

    for r in report.students:
        row = [r.id, r.name, str(r.tier), r.intervention, r.start.isoformat(),
               "" if r.review is None else r.review.isoformat(), _yes(r.review_due), str(r.weeks),
               _num(r.sessions_planned), _num(r.sessions_delivered), r.goal_status or "",
               "; ".join(f"{pw.check_label(c)}: {s}" for c, s in r.benchmark.items()), _yes(r.stalled),
               r.detour or "", "", *note(r.id)]
        w.writerow([safe_cell(c) for c in row])
    for d in report.to_discuss:
        row = [d.id, d.name, "1", "", "", "", "", "", "", "", "", "", "", "", d.reason, *note(d.id)]
        w.writerow([safe_cell(c) for c in row])
    return buf.getvalue()


def render_mtss(fmt: str, report: MtssReport, record: ClassRecord, notes: bool = False) -> str:
    """``md``, ``html`` or ``csv``."""
    return {"md": to_markdown, "html": to_html, "csv": to_csv}[fmt](report, record, notes)
