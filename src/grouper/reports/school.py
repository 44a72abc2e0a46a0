"""``grouper school`` as JSON, Markdown, one HTML page, or a table in the terminal.

Counts only, no judgement words. Every class name, pathway name, stage label and
tag is the teacher's text: escaped for Markdown and HTML, and given to rich as
``Text``, never read as markup. In HTML each grade is also drawn as stacked bars
(``svg_chart``: no script, nothing fetched): a bar per class today, and a bar per
week for the grade, each segment labelled with the stage mark and count.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from grouper.core.dates import day_words
from grouper.core.school import COMPLETE, ClassView, Counts, GradeView, SchoolView, StageName, stage_mark
from grouper.reports.exports import REPORT_STYLE, md_escape
from grouper.reports.svg_chart import stacked_bars

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

NO_CLASSES = "No classes to show."
NOT_SCREENED = "–"
NOTE = ("moved up: students past the stage they were at on the since day (a student with no score by then is not "
        "counted); at benchmark: the share of the students screened this season")


def _stages(names: tuple[StageName, ...], counts: Counts) -> dict[str, int]:
    return {s.id: n for s, n in zip(names, counts.stages, strict=True)}


def _counts(names: tuple[StageName, ...], c: Counts) -> dict[str, Any]:
    return {
        "students": c.students,
        "stages": _stages(names, c),
        "stalled": c.stalled,
        "on_detour": c.on_detour,
        "tiers": {str(i + 1): n for i, n in enumerate(c.tiers)},
        "at_benchmark": c.at_benchmark,
        "moved_up": c.moved_up,
    }


def school_dict(view: SchoolView) -> dict[str, Any]:
    classes = []
    for c in view.classes:
        row: dict[str, Any] = {"class": c.name, "pathway": c.pathway.id, **_counts(c.stages, c.counts)}
        if view.by_tag:
            row["by_tag"] = {tag: _counts(c.stages, t) for tag, t in c.by_tag}
        classes.append(row)
    grades = [{"pathway": g.pathway_id, "classes": list(g.classes), **_counts(g.stages, g.counts)}
              for g in view.grades]
    return {"date": view.today.isoformat(), "since": view.since.isoformat(), "classes": classes, "grades": grades}


def title(view: SchoolView) -> str:
    return f"The school on {day_words(view.today)}: moved up since {day_words(view.since)}"


def share_words(c: Counts) -> str:
    share = c.at_benchmark
    return NOT_SCREENED if share is None else f"{round(100 * share)}% of {c.screened}"


def stage_header(i: int, s: StageName) -> str:
    return stage_mark(i, s.id == COMPLETE)


def legend(names: tuple[StageName, ...]) -> str:
    return " · ".join(f"{stage_header(i, s)} {s.label}" for i, s in enumerate(names))


def _grade_of(view: SchoolView, g: GradeView) -> list[ClassView]:
    members = set(g.classes)
    return [c for c in view.classes if c.pathway.id == g.pathway_id and c.name in members]


#: The columns after the stages.
TAIL = ("stalled", "on detour", "tier 1", "tier 2", "tier 3", "at benchmark", "moved up")


#: The same, short, for a terminal 80 columns wide (explained under the table).
SHORT_TAIL = ("stl", "det", "T1", "T2", "T3", "bench", "up")
SHORT_NOTE = ("n students · stl stalled · det on a detour · T1-T3 tiers · bench at benchmark · up moved up since "
              "the since day")


def _tail(c: Counts) -> list[str]:
    return [str(c.stalled), str(c.on_detour), *map(str, c.tiers), share_words(c), str(c.moved_up)]


def _cells(c: Counts) -> list[str]:
    return [str(c.students), *map(str, c.stages), *_tail(c)]


def _on(names: tuple[StageName, ...], grade: tuple[StageName, ...], c: Counts) -> Counts:
    """A class's counts laid out on its grade's stages (a stage the class's pathway lacks: 0)."""
    mine = _stages(names, c)
    return Counts(c.students, tuple(mine.get(s.id, 0) for s in grade), c.stalled, c.on_detour, c.tiers, c.screened,
                  c.benchmark_met, c.moved_up)


def to_markdown(view: SchoolView) -> str:
    out = [f"# {md_escape(title(view))}", ""]
    if not view.classes:
        out.append(NO_CLASSES)
    for g in view.grades:
        heads = ["class", "students", *(stage_header(i, s) for i, s in enumerate(g.stages)), *TAIL]
        out += [f"## {md_escape(g.pathway_name)} ({md_escape(g.pathway_id)})", "",
                f"Stages: {md_escape(legend(g.stages))}", "",
                "| " + " | ".join(heads) + " |", "|---" * len(heads) + "|"]
        for c in _grade_of(view, g):
            out.append(f"| {md_escape(c.name)} | " + " | ".join(_cells(_on(c.stages, g.stages, c.counts))) + " |")
        out.append(f"| **all {len(g.classes)}** | " + " | ".join(_cells(g.counts)) + " |")
        if view.by_tag:
            for c in _grade_of(view, g):
                out += ["", f"### {md_escape(c.name)} by tag", "",
                        "| tag | students | " + " | ".join(stage_header(i, s) for i, s in enumerate(c.stages))
                        + " | " + " | ".join(TAIL) + " |", "|---" * (len(c.stages) + len(TAIL) + 2) + "|"]
                out += [f"| {md_escape(tag)} | " + " | ".join(_cells(t)) + " |" for tag, t in c.by_tag]
        out.append("")
    out.append(md_escape(NOTE))
    return "\n".join(out) + "\n"


def grade_rows(view: SchoolView, g: GradeView) -> list[tuple[str, tuple[int, ...]]]:
    """Each class of the grade today on the grade's stages, then the grade: the rows of its picture."""
    rows = [(c.name, _on(c.stages, g.stages, c.counts).stages) for c in _grade_of(view, g)]
    return [*rows, (f"all {len(g.classes)}", g.counts.stages)]


def week_rows(g: GradeView) -> list[tuple[str, tuple[int, ...]]]:
    """The grade's students at each stage at the end of each week: the rows of its second picture."""
    return [(day_words(day), counts) for day, counts in g.weeks]


def _pictures(view: SchoolView, g: GradeView, n: int) -> str:
    marks = [stage_header(i, s) for i, s in enumerate(g.stages)]
    labels = [s.label for s in g.stages]
    out = "<h3>Students at each stage today</h3>" + stacked_bars(
        grade_rows(view, g), marks, labels, f"{g.pathway_name}: students at each stage today", f"g{n}-classes")
    if g.weeks:
        out += "<h3>Week by week</h3>" + stacked_bars(
            week_rows(g), marks, labels, f"{g.pathway_name}: students at each stage at the end of each week",
            f"g{n}-weeks")
    return out


def _row(head: str, c: Counts) -> str:
    return f"<tr><th>{head}</th>" + "".join(f"<td>{html.escape(x)}</td>" for x in _cells(c)) + "</tr>"


def to_html(view: SchoolView) -> str:
    e = html.escape
    parts = ['<!doctype html><html lang="en"><head><meta charset="utf-8">',
             f"<title>{e(title(view))}</title>",
             REPORT_STYLE + "svg.stacked{display:block;max-width:100%;height:auto;margin:.4rem 0 .8rem}"
             "</style></head><body>",
             f"<h1>{e(title(view))}</h1>"]
    if not view.classes:
        parts.append(f"<p>{e(NO_CLASSES)}</p>")
    for n, g in enumerate(view.grades):
        heads = "".join(f"<th>{e(h)}</th>" for h in
                        ("class", "students", *(stage_header(i, s) for i, s in enumerate(g.stages)), *TAIL))
        members = _grade_of(view, g)
        rows = "".join(_row(e(c.name), _on(c.stages, g.stages, c.counts)) for c in members)
        rows += _row(f"all {len(g.classes)}", g.counts)
        parts += [f"<h2>{e(g.pathway_name)} ({e(g.pathway_id)})</h2>", f"<p>Stages: {e(legend(g.stages))}</p>",
                  _pictures(view, g, n), f"<table><tr>{heads}</tr>{rows}</table>"]
        if view.by_tag:
            for c in members:
                th = "".join(f"<th>{e(h)}</th>" for h in
                             ("tag", "students", *(stage_header(i, s) for i, s in enumerate(c.stages)), *TAIL))
                trs = "".join(_row(e(tag), t) for tag, t in c.by_tag)
                parts.append(f"<h3>{e(c.name)} by tag</h3><table><tr>{th}</tr>{trs}</table>")
    parts += [f"<p>{e(NOTE)}</p>", "</body></html>"]
    return "\n".join(parts) + "\n"


def render_school(fmt: str, view: SchoolView) -> str:
    return to_markdown(view) if fmt == "md" else to_html(view)


def school_renderables(view: SchoolView) -> list[RenderableType]:
    """The tables, one per grade, for the terminal and the app; every name and label as ``Text``, never markup."""
    from rich.table import Table
    from rich.text import Text

    out: list[RenderableType] = []
    heads = ("class", "n")
    out.append(Text(title(view), style="bold"))
    if not view.classes:
        out.append(Text(NO_CLASSES))
        return out
    for g in view.grades:
        table = Table(title=Text(f"{g.pathway_name} ({g.pathway_id})"), box=None, pad_edge=False)
        for i, col in enumerate((*heads, *(stage_header(i, s) for i, s in enumerate(g.stages)), *SHORT_TAIL)):
            table.add_column(Text(col), justify="left" if i == 0 else "right", no_wrap=i > 0)
        for c in _grade_of(view, g):
            table.add_row(Text(c.name), *(Text(x) for x in _cells(_on(c.stages, g.stages, c.counts))))
        table.add_row(Text(f"all {len(g.classes)}", style="bold"), *(Text(x, style="bold") for x in _cells(g.counts)))
        out.append(table)
        out.append(Text(f"Stages: {legend(g.stages)}", style="dim"))
        if view.by_tag:
            for c in _grade_of(view, g):
                tags = Table(title=Text(f"{c.name} by tag"), box=None, pad_edge=False)
                for i, col in enumerate(("tag", "n", *(stage_header(i, s) for i, s in enumerate(c.stages)),
                                         *SHORT_TAIL)):
                    tags.add_column(Text(col), justify="left" if i == 0 else "right", no_wrap=i > 0)
                for tag, t in c.by_tag:
                    tags.add_row(Text(tag), *(Text(x) for x in _cells(t)))
                out.append(tags)
    out.append(Text(SHORT_NOTE, style="dim"))
    out.append(Text(NOTE, style="dim"))
    return out


def print_school(view: SchoolView, console: Console) -> None:
    """The tables in the terminal."""
    for part in school_renderables(view):
        console.print(part)
