"""Tomorrow's plan as a file to print, paste or open in a spreadsheet.

Names come from rosters and teachers, so every format escapes them for what
it is: CSV cells that a spreadsheet would run as a formula are neutralised
(OWASP's rule), HTML escapes every character that means something, Markdown
backslashes its own punctuation.
"""

from __future__ import annotations

import csv
import html
import io
import re

from grouper.core.grouping import Plan
from grouper.core.models import ClassRecord

FORMATS = ("md", "csv", "html")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def safe_cell(text: str) -> str:
    """A CSV cell no spreadsheet will evaluate: a leading formula character gets a quote."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def md_escape(text: str) -> str:
    one_line = " ".join(text.split())
    escaped = _MD_SPECIAL.sub(r"\\\1", one_line)
    return "\\" + escaped if escaped[:1] in ("-", "=") else escaped


def _title(record: ClassRecord, plan: Plan) -> str:
    return f"{record.name}: groups for {plan.date.strftime('%A')} {plan.date.isoformat()}"


def _needs_words(record: ClassRecord, needs: dict[str, int]) -> list[str]:
    return [f"{record.pathway.check(c).label}: {n}" for c, n in needs.items()]


def _member_needs(record: ClassRecord, needs: tuple[str, ...]) -> str:
    return ", ".join(record.pathway.check(c).label for c in needs)


def to_markdown(record: ClassRecord, plan: Plan) -> str:
    pw = record.pathway
    out = [f"# {md_escape(_title(record, plan))}", "", f"Pathway: {md_escape(pw.name)}", ""]
    for w in plan.warnings:
        out.append(f"> Note: {md_escape(w)}")
    if plan.warnings:
        out.append("")
    for g in plan.groups:
        out += [
            f"## {md_escape(g.label)}: {md_escape(pw.stage_label(g.stage_index))} ({len(g.members)} students)",
            "",
            f"**Focus:** {md_escape(g.focus)}",
            "",
        ]
        if g.needs:
            out += ["**Still to master:** " + "; ".join(md_escape(s) for s in _needs_words(record, g.needs)), ""]
        for m in g.members:
            need = _member_needs(record, m.needs)
            detail = f"{md_escape(pw.stage_label(m.stage_index))}, {m.status}"
            out.append(f"- {md_escape(m.student.name)} ({detail})" + (f": {md_escape(need)}" if need else ""))
        out += ["", "Notes: ______________________________", ""]
    if plan.unplaced:
        out += ["## Not in a group", ""]
        out += [f"- {md_escape(u.student.name)} ({u.reason})" for u in plan.unplaced]
        out.append("")
    return "\n".join(out)


def to_csv(record: ClassRecord, plan: Plan) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["date", "group", "group_stage", "focus", "student_id", "student", "student_stage", "status", "needs"])
    pw = record.pathway
    for g in plan.groups:
        for m in g.members:
            row = [
                plan.date.isoformat(),
                g.label,
                pw.stage_label(g.stage_index),
                g.focus,
                m.student.id,
                m.student.name,
                pw.stage_label(m.stage_index),
                m.status,
                "; ".join(m.needs),
            ]
            w.writerow([safe_cell(c) for c in row])
    for u in plan.unplaced:
        row = [plan.date.isoformat(), "", "", "", u.student.id, u.student.name, "", u.reason, ""]
        w.writerow([safe_cell(c) for c in row])
    return buf.getvalue()


_CSS = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #111; }
h1 { font-size: 1.4rem; margin: 0 0 .2rem; }
.meta { color: #444; margin-bottom: 1rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: .8rem; }
.card { border: 2px solid #222; border-radius: 6px; padding: .6rem .8rem; break-inside: avoid; }
.card h2 { font-size: 1.1rem; margin: 0 0 .3rem; }
.focus { font-style: italic; margin: .2rem 0 .4rem; }
.needs { font-size: .9rem; }
ul { padding-left: 1.1rem; margin: .3rem 0; }
.notes { border-top: 1px dashed #666; margin-top: .5rem; padding-top: 1.6rem; font-size: .8rem; color: #555; }
.warn { border-left: 4px solid #a60; padding-left: .5rem; }
@page { margin: 12mm; }
@media print { body { margin: 0; } .card { page-break-inside: avoid; } }
"""


def to_html(record: ClassRecord, plan: Plan) -> str:
    e = html.escape
    pw = record.pathway
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(_title(record, plan))}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{e(_title(record, plan))}</h1>",
        f'<p class="meta">Pathway: {e(pw.name)}</p>',
    ]
    parts += [f'<p class="warn">{e(w)}</p>' for w in plan.warnings]
    parts.append('<div class="cards">')
    for g in plan.groups:
        parts.append('<section class="card">')
        parts.append(f"<h2>{e(g.label)}: {e(pw.stage_label(g.stage_index))} ({len(g.members)})</h2>")
        parts.append(f'<p class="focus">{e(g.focus)}</p>')
        if g.needs:
            parts.append(f'<p class="needs">Still to master: {e("; ".join(_needs_words(record, g.needs)))}</p>')
        parts.append("<ul>")
        for m in g.members:
            need = _member_needs(record, m.needs)
            parts.append(f"<li>{e(m.student.name)}" + (f" <small>({e(need)})</small>" if need else "") + "</li>")
        parts += ["</ul>", '<div class="notes">Notes</div>', "</section>"]
    parts.append("</div>")
    if plan.unplaced:
        parts.append("<h2>Not in a group</h2><ul>")
        parts += [f"<li>{e(u.student.name)} ({e(u.reason)})</li>" for u in plan.unplaced]
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def render(fmt: str, record: ClassRecord, plan: Plan) -> str:
    return {"md": to_markdown, "csv": to_csv, "html": to_html}[fmt](record, plan)
