"""The progress report: the class profile week by week and who needs a second look.

Shared by ``grouper progress`` (text, Markdown, HTML) and the app's data wall.
With the equity lens the same counts are split by the tags the teacher uses
(ELL, IEP, ...): counts and facts only, no judgement words. The HTML page draws
the profile as stacked bars (``svg_chart``) above the same numbers in a table.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from grouper.core.dates import day_words
from grouper.core.models import ClassRecord
from grouper.core.progress import Progress, weekly_profile
from grouper.core.school import COMPLETE_LABEL, stage_mark
from grouper.reports.attention import reasons
from grouper.reports.exports import REPORT_STYLE, md_escape
from grouper.reports.svg_chart import stacked_bars

NO_TAG = "(no tag)"


@dataclass(frozen=True)
class Attention:
    """One student to look at, and why, in words."""

    name: str
    stage: str
    reasons: tuple[str, ...]


def attention_list(record: ClassRecord, progress: dict[str, Progress]) -> list[Attention]:
    pw = record.pathway
    out = []
    for p in progress.values():
        said = reasons(p, pw)  # the words of the app's needs-attention list, with their symbols
        if said:
            out.append(Attention(p.student.name, pw.stage_label(p.placement.stage_index), tuple(said)))
    return out


def tag_groups(progress: dict[str, Progress]) -> dict[str, list[Progress]]:
    """Students by tag (a student with two tags counts in both), and those with none."""
    groups: dict[str, list[Progress]] = {}
    for p in progress.values():
        for tag in p.student.tags or (NO_TAG,):
            groups.setdefault(tag, []).append(p)
    return dict(sorted(groups.items(), key=lambda kv: (kv[0] == NO_TAG, kv[0].casefold())))


def stage_counts(record: ClassRecord, progress: list[Progress]) -> list[int]:
    counts = [0] * (len(record.pathway.stages) + 1)
    for p in progress:
        counts[p.placement.stage_index] += 1
    return counts


def stage_headers(record: ClassRecord) -> list[str]:
    return [f"{i + 1} {s.label}" for i, s in enumerate(record.pathway.stages)] + ["Complete"]


def stage_legend(record: ClassRecord) -> tuple[list[str], list[str]]:
    """The marks and labels of the stages, then of the students past the last one: the charts' legend."""
    size = len(record.pathway.stages)
    marks = [stage_mark(i, i == size) for i in range(size + 1)]
    return marks, [s.label for s in record.pathway.stages] + [COMPLETE_LABEL]


def tag_facts(progress: list[Progress]) -> str:
    n = len(progress)
    stalled = sum(p.stalled for p in progress)
    slipped = sum(bool(p.slipped) for p in progress)
    due = sum(p.due for p in progress)
    return f"{n} students; stalled {stalled}, slipped {slipped}, check due {due}"


def to_markdown(record: ClassRecord, progress: dict[str, Progress], today: dt.date, by_tag: bool) -> str:
    heads = stage_headers(record)
    out = [f"# {md_escape(record.name)}: progress to {day_words(today)}", "",
           f"Pathway: {md_escape(record.pathway.name)}", "", "## Class profile by week", ""]
    out.append("| week ending | " + " | ".join(md_escape(h) for h in heads) + " |")
    out.append("|---" * (len(heads) + 1) + "|")
    for day, counts in weekly_profile(record, progress, today):
        out.append(f"| {day_words(day)} | " + " | ".join(str(c) for c in counts) + " |")
    out += ["", "## Needs attention", ""]
    items = attention_list(record, progress)
    out += [f"- {md_escape(a.name)} ({md_escape(a.stage)}): {md_escape('; '.join(a.reasons))}" for a in items]
    if not items:
        out.append("Nobody is stalled, slipped or due a check.")
    if by_tag:
        out += ["", "## By tag", "", "| tag | " + " | ".join(md_escape(h) for h in heads) + " | facts |",
                "|---" * (len(heads) + 2) + "|"]
        for tag, group in tag_groups(progress).items():
            counts = stage_counts(record, group)
            out.append(f"| {md_escape(tag)} | " + " | ".join(map(str, counts)) + f" | {tag_facts(group)} |")
    return "\n".join(out) + "\n"


def to_html(record: ClassRecord, progress: dict[str, Progress], today: dt.date, by_tag: bool) -> str:
    e = html.escape
    heads = stage_headers(record)
    marks, labels = stage_legend(record)
    weeks = weekly_profile(record, progress, today)
    rows = [f"<tr><th>{day_words(day)}</th>" + "".join(f"<td>{c}</td>" for c in counts) + "</tr>"
            for day, counts in weeks]
    chart = stacked_bars([(day_words(day), counts) for day, counts in weeks], marks, labels,
                         "Students at each stage at the end of each week", "weeks")
    head = "".join(f"<th>{e(h)}</th>" for h in heads)
    attention = "".join(
        f"<li><b>{e(a.name)}</b> ({e(a.stage)}): {e('; '.join(a.reasons))}</li>"
        for a in attention_list(record, progress)
    ) or "<li>Nobody is stalled, slipped or due a check.</li>"
    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(record.name)}: progress</title>",
        REPORT_STYLE + "svg.stacked{display:block;max-width:100%;height:auto;margin:.4rem 0 .8rem}"
        "</style></head><body>",
        f"<h1>{e(record.name)}: progress to {day_words(today)}</h1>",
        f"<p>Pathway: {e(record.pathway.name)}</p>",
        "<h2>Class profile by week</h2>",
        chart,
        f"<table><tr><th>week ending</th>{head}</tr>{''.join(rows)}</table>",
        f"<h2>Needs attention</h2><ul>{attention}</ul>",
    ]
    if by_tag:
        groups = tag_groups(progress)
        trs = "".join(
            f"<tr><th>{e(tag)}</th>" + "".join(f"<td>{c}</td>" for c in stage_counts(record, group))
            + f"<td>{e(tag_facts(group))}</td></tr>"
            for tag, group in groups.items()
        )
        tags = stacked_bars([(tag, stage_counts(record, group)) for tag, group in groups.items()], marks, labels,
                            f"Students at each stage on {day_words(today)}, by tag", "tags")
        parts.append(f"<h2>By tag</h2>{tags}<table><tr><th>tag</th>{head}<th>facts</th></tr>{trs}</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def render_progress(fmt: str, record: ClassRecord, progress: dict[str, Progress], today: dt.date,
                    by_tag: bool = False) -> str:
    return (to_markdown if fmt == "md" else to_html)(record, progress, today, by_tag)
