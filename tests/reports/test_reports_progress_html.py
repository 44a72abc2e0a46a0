"""``grouper progress --format html``: the class profile drawn as stacked bars in one inline SVG.

A bar a week (and, with the tags, a bar a tag today), one ``<rect>`` for each stage somebody is at,
each labelled with the stage mark and count; the teacher's names and tags escaped, nothing fetched.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from grouper.core.models import ClassRecord, Score, Student
from grouper.core.progress import class_progress, weekly_profile
from grouper.formats.pathways import builtin_pathways
from grouper.reports.progress_report import to_html, to_markdown

LITERACY = builtin_pathways()["early-literacy"]
TODAY = dt.date(2026, 11, 20)
HOSTILE = "<script>alert(1)</script>"


def _record() -> ClassRecord:
    """Ana completes print on 2 Nov and letters on 16 Nov; Bo and the hostile name stay at print."""
    day = dt.date.fromisoformat
    scores = [
        Score("a", "cap", 12, day("2026-10-26"), 1), Score("a", "cap", 12, day("2026-11-02"), 2),
        Score("a", "lid", 54, day("2026-11-16"), 3), Score("a", "lsnd", 26, day("2026-11-16"), 4),
        Score("b", "cap", 3, day("2026-10-26"), 5), Score("h", "cap", 2, day("2026-10-27"), 6),
    ]
    students = [Student("a", "Ana", ("ELL",)), Student("b", "Bo", ()), Student("h", HOSTILE, (HOSTILE,))]
    return ClassRecord("Room <7>", LITERACY, students=students, scores=scores)


def _charts(page: str) -> list[str]:
    return re.findall(r"<svg.*?</svg>", page, flags=re.S)


def test_the_weeks_are_stacked_bars_with_a_rect_and_a_count_per_stage_somebody_is_at() -> None:
    record = _record()
    progress = class_progress(record, TODAY)
    page = to_html(record, progress, TODAY, by_tag=False)
    (chart,) = _charts(page)
    weeks = weekly_profile(record, progress, TODAY)
    assert chart.count("<rect ") == sum(n > 0 for _, counts in weeks for n in counts)
    for _, counts in weeks:
        for i, n in enumerate(counts):
            if n:
                label = "★" if i == len(LITERACY.stages) else str(i + 1)
                assert f">{label}: {n}</text>" in chart
    assert "<title>Concepts of print: 2</title>" in chart  # today: Bo and the hostile name
    assert "1 Concepts of print" in chart and "★ Complete" in chart  # the legend pairs marks and labels
    assert "<pattern" in chart  # hatchings: the stages part in black and white too
    assert "<script" not in page and "http://" not in page and "https://" not in page


def test_the_tags_are_a_bar_each_and_every_name_is_escaped() -> None:
    record = _record()
    page = to_html(record, class_progress(record, TODAY), TODAY, by_tag=True)
    assert "<script" not in page
    _, tags = _charts(page)
    assert f">{html.escape(HOSTILE)}</text>" in tags and ">ELL</text>" in tags and ">(no tag)</text>" in tags
    assert tags.count("<rect ") == 3  # ELL: Ana at phonemes; the hostile tag and no tag: one each at print
    assert html.escape(HOSTILE) in page and "Room &lt;7&gt;" in page


def test_markdown_keeps_its_table_and_draws_nothing() -> None:
    record = _record()
    text = to_markdown(record, class_progress(record, TODAY), TODAY, by_tag=True)
    assert "<svg" not in text and "| week ending |" in text
    assert re.search(r"(\d)\1{3}", text) is None  # no digit strings
