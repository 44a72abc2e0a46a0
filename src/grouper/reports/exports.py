"""Tomorrow's plan as a file to print, paste or open in a spreadsheet.

Names come from rosters and teachers, so every format escapes them for what
it is: CSV cells that a spreadsheet would run as a formula are neutralised
(OWASP's rule), HTML escapes every character that means something, Markdown
backslashes its own punctuation. The ``cards`` format (``grouper.reports.cards``) is
the printable day sheet and one card per group.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from grouper.core.dates import day_words
from grouper.core.grouping import Group, Plan
from grouper.core.models import ClassRecord, Pathway
from grouper.core.placement import Placement, status_words
from grouper.core.progress import Progress, stalled_ids
from grouper.reports.attention import short_marks
from grouper.reports.cards import to_cards_html
from grouper.reports.plan_words import (
    by_hand,
    coach_words,
    coach_words_by_student,
    day_notes,
    meets_head,
    member_route,
    needs_words,
    route_words,
    rules_not_kept,
    turns_by_group,
)

if TYPE_CHECKING:
    from grouper.core.coaches import GroupCoaching
    from grouper.core.rotation import RotationDay

FORMATS = ("md", "csv", "html", "cards")
#: File name ending for each format (``cards`` is an HTML page).
EXTENSIONS = {"md": "md", "csv": "csv", "html": "html", "cards": "html"}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
#: A separator a spreadsheet may split a cell on (``,``; ``;`` as Excel does in much of Europe; a tab; ``|``;
#: a line break), right before a character that would start a formula in the cell it splits off.
_FORMULA_AFTER_BREAK = re.compile(r"([,;\t|\r\n])(?=[=+\-@\0])")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")

#: How every CSV grouper writes is quoted: each cell whole, so no separator inside one splits it.
CSV_QUOTING: Literal[1] = csv.QUOTE_ALL


def safe_cell(text: str) -> str:
    """A CSV cell no spreadsheet will evaluate, whatever separator it splits the line on.

    A cell that starts with a formula character, or holds one right after a
    separator (``Bo;=cmd|' /C calc'!A0`` is a formula to a sheet that splits on
    ``;``, and quoting does not stop that sheet: the quotes it sees are in other
    places), gets a ``'`` in front of it; so does each piece after such a
    separator, since that piece is a cell of its own to that sheet. Nothing else changes.
    """
    guarded = _FORMULA_AFTER_BREAK.sub(r"\1'", text)
    if guarded != text or text.startswith(_FORMULA_START):
        return "'" + guarded
    return text


#: The style of the plain report pages (progress, teaching): tables a printer and a projector both read.
REPORT_STYLE = ("<style>body{font-family:system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse}"
                "th,td{border:1px solid #999;padding:.2rem .5rem;text-align:left;font-size:.9rem}")


def md_escape(text: str) -> str:
    one_line = " ".join(text.split())
    escaped = _MD_SPECIAL.sub(r"\\\1", one_line)
    return "\\" + escaped if escaped[:1] in ("-", "=") else escaped


def _title(record: ClassRecord, plan: Plan) -> str:
    return f"{record.name}: groups for {day_words(plan.date)}"


def _member_needs(record: ClassRecord, needs: tuple[str, ...]) -> str:
    return ", ".join(record.pathway.check(c).label for c in needs)


def _marks(progress: Mapping[str, Progress] | None, student_id: str) -> str:
    return short_marks(progress.get(student_id)) if progress else ""


def _member_marks(progress: Mapping[str, Progress] | None, pw: Pathway, plan: Plan, g: Group, m: Placement) -> str:
    """The member's markers, and ``↪ on a detour: …`` when they are taught off their detour."""
    return " ".join(x for x in (_marks(progress, m.student.id), member_route(pw, plan, g, m.student.id, m.stage_index))
                    if x)


def _coached(coaching: Sequence[GroupCoaching] | None) -> dict[str, list[str]]:
    """Group label -> its coach lines (the app's words), when peer coaches are on."""
    return {c.group: coach_words(c) for c in coaching or ()}


def _name(plan: Plan, g: Group, m: Placement) -> tuple[str, str]:
    """The member's name and the teacher's move or pin with its cost ("" when by the plan)."""
    return m.student.name, by_hand(plan, g.mark(m.student.id), m.student.id)


def to_markdown(
    record: ClassRecord,
    plan: Plan,
    *,
    progress: Mapping[str, Progress] | None = None,
    rotation: RotationDay | None = None,
    coaching: Sequence[GroupCoaching] | None = None,
) -> str:
    pw = record.pathway
    out = [f"# {md_escape(_title(record, plan))}", "", f"Pathway: {md_escape(pw.name)}", ""]
    notes = day_notes(plan, rotation)
    for w in notes:
        out.append(f"> Note: {md_escape(w)}")
    if notes:
        out.append("")
    turns = turns_by_group(rotation)
    coached = _coached(coaching)
    for g in plan.groups:
        out += [
            f"## {md_escape(g.label)}: {md_escape(pw.stage_label(g.stage_index))} ({len(g.members)} students)",
            "",
        ]
        turn = turns.get(g.label)
        if turn is not None:
            out += [f"**{md_escape(meets_head(turn, plan.date))}** ({md_escape(turn.reason)})", ""]
        route = route_words(pw, g)
        if route:
            out += [f"**{md_escape(route)}**", ""]
        out += [f"**Focus:** {md_escape(g.focus)}", ""]
        if g.needs:
            out += ["**Still to master:** " + "; ".join(md_escape(s) for s in needs_words(record.pathway, g.needs)), ""]
        for m in g.members:
            need = _member_needs(record, m.needs)
            detail = f"{md_escape(pw.stage_label(m.stage_index))}, {status_words(m.status)}"
            mark = _member_marks(progress, pw, plan, g, m)
            name, hand = _name(plan, g, m)
            out.append(f"- {md_escape(name)}" + (f" ({md_escape(hand)})" if hand else "") + f" ({detail})"
                       + (f": {md_escape(need)}" if need else "") + (f" {md_escape(mark)}" if mark else ""))
        if g.label in coached:
            out += ["", "**Peer coaches:**", ""]
            out += [f"- {md_escape(line)}" for line in coached[g.label]]
        out += ["", "Notes: ______________________________", ""]
    if plan.unplaced:
        out += ["## Not in a group", ""]
        out += [f"- {md_escape(u.student.name)} ({u.reason})" for u in plan.unplaced]
        out.append("")
    return "\n".join(out)


def to_csv(
    record: ClassRecord,
    plan: Plan,
    *,
    rotation: RotationDay | None = None,
    coaching: Sequence[GroupCoaching] | None = None,
) -> str:
    """One row per student. After the first columns (kept as they were): ``meets`` (``▶ meets Mon`` /
    ``· not Mon``) and ``why`` (the rotation's reason), ``by_hand`` (``moved, 2 stages above`` /
    ``pinned``), ``coach`` (each coach line naming the student, when peer coaches are on) and
    ``rule_not_kept`` (the plan's words for each rule about the student it could not keep)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n", quoting=CSV_QUOTING)
    w.writerow(["date", "group", "group_stage", "focus", "student_id", "student", "student_stage", "status", "needs",
                "meets", "why", "by_hand", "coach", "rule_not_kept"])
    pw = record.pathway
    turns = turns_by_group(rotation)
    coach_of = coach_words_by_student(coaching or ())
    broken: dict[str, list[str]] = {}
    for rule, said in rules_not_kept(plan):
        for student in rule.students:
            broken.setdefault(student.id, []).append(said)

    def extra(student_id: str) -> list[str]:
        return ["; ".join(coach_of.get(student_id, [])), " ".join(broken.get(student_id, []))]

    for g in plan.groups:
        turn = turns.get(g.label)
        meets = [meets_head(turn, plan.date), turn.reason] if turn is not None else ["", ""]
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
                *meets,
                _name(plan, g, m)[1],
                *extra(m.student.id),
            ]
            w.writerow([safe_cell(c) for c in row])
    for u in plan.unplaced:
        row = [plan.date.isoformat(), "", "", "", u.student.id, u.student.name, "", u.reason, "",
               "", "", "", *extra(u.student.id)]
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
.meets { margin: 0 0 .2rem; }
.coaches { list-style: none; padding: 0; font-size: .9rem; }
@page { margin: 12mm; }
@media print { body { margin: 0; } .card { page-break-inside: avoid; } }
"""


def to_html(
    record: ClassRecord,
    plan: Plan,
    *,
    progress: Mapping[str, Progress] | None = None,
    rotation: RotationDay | None = None,
    coaching: Sequence[GroupCoaching] | None = None,
) -> str:
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
    parts += [f'<p class="warn">{e(w)}</p>' for w in day_notes(plan, rotation)]
    parts.append('<div class="cards">')
    turns = turns_by_group(rotation)
    coached = _coached(coaching)
    for g in plan.groups:
        parts.append('<section class="card">')
        parts.append(f"<h2>{e(g.label)}: {e(pw.stage_label(g.stage_index))} ({len(g.members)})</h2>")
        turn = turns.get(g.label)
        if turn is not None:
            parts.append(f'<p class="meets"><strong>{e(meets_head(turn, plan.date))}</strong> ({e(turn.reason)})</p>')
        route = route_words(pw, g)
        if route:
            parts.append(f'<p class="route"><strong>{e(route)}</strong></p>')
        parts.append(f'<p class="focus">{e(g.focus)}</p>')
        if g.needs:
            parts.append(f'<p class="needs">Still to master: {e("; ".join(needs_words(record.pathway, g.needs)))}</p>')
        parts.append("<ul>")
        for m in g.members:
            need = _member_needs(record, m.needs)
            mark = _member_marks(progress, pw, plan, g, m)
            name, hand = _name(plan, g, m)
            parts.append(f"<li>{e(name)}" + (f" ({e(hand)})" if hand else "")
                         + (f" <small>({e(need)})</small>" if need else "")
                         + (f" <strong>{e(mark)}</strong>" if mark else "") + "</li>")
        parts.append("</ul>")
        if g.label in coached:
            parts.append('<ul class="coaches">' + "".join(f"<li>{e(line)}</li>" for line in coached[g.label])
                         + "</ul>")
        parts += ['<div class="notes">Notes</div>', "</section>"]
    parts.append("</div>")
    if plan.unplaced:
        parts.append("<h2>Not in a group</h2><ul>")
        parts += [f"<li>{e(u.student.name)} ({e(u.reason)})</li>" for u in plan.unplaced]
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def day_rotation(record: ClassRecord, plan: Plan, progress: Mapping[str, Progress] | None) -> RotationDay:
    """The plan day's turns, as the app and ``grouper groups`` work them out (stalled students meet daily)."""
    from grouper.core.rotation import rotation_for

    return rotation_for(record, plan, stalled_ids(progress)).days[0]


def render(
    fmt: str,
    record: ClassRecord,
    plan: Plan,
    *,
    progress: Mapping[str, Progress] | None = None,
    notes: Mapping[str, str] | None = None,
    rotation: RotationDay | None = None,
    coaching: Sequence[GroupCoaching] | None = None,
) -> str:
    """The plan in ``fmt`` (one of ``FORMATS``): the facts the app's groups panel shows.

    ``progress`` (student id -> Progress) adds the stalled / slipped / due
    markers to md, html and cards (and makes a group with a stalled student meet
    daily); ``notes`` (student id -> text) adds a short note under each member on
    the cards. ``rotation`` is the plan day's turns (worked out from the class
    when not given); ``coaching`` the peer coaches, when the teacher has them on.
    Every format says which groups meet and why, each move or pin and its cost,
    the coaches, and each rule the plan could not keep.
    """
    if rotation is None:
        rotation = day_rotation(record, plan, progress)
    if fmt == "cards":
        return to_cards_html(record, plan, progress=progress, notes=notes, rotation=rotation, coaching=coaching)
    if fmt == "csv":
        return to_csv(record, plan, rotation=rotation, coaching=coaching)
    if fmt == "md":
        return to_markdown(record, plan, progress=progress, rotation=rotation, coaching=coaching)
    if fmt == "html":
        return to_html(record, plan, progress=progress, rotation=rotation, coaching=coaching)
    raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")


# --- where a file goes when the teacher does not say --------------------------

_UNSAFE_IN_NAME = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
#: Longest class-name part of a file name (the whole stays well under every file system's 255).
NAME_CHARS = 80


def safe_file_part(text: str) -> str:
    """``text`` usable in a file name on Windows, macOS and Linux, still readable.

    Path separators, characters Windows refuses (``<>:"/\\|?*``) and control
    characters become ``-``; typographic dashes become ``-``; runs of spaces
    shrink to one; leading and trailing dots, dashes and spaces go (no hidden
    file, nothing a shell reads as an option). Empty becomes ``class``.
    """
    text = unicodedata.normalize("NFC", text)
    text = _DASHES.sub("-", _UNSAFE_IN_NAME.sub("-", text))
    text = " ".join(text.split())
    text = text[:NAME_CHARS].strip(" .-")
    return text or "class"


def default_export_path(
    class_name: str,
    day: dt.date,
    fmt: str = "cards",
    *,
    documents: Path | None = None,
) -> Path:
    """Where an export goes when no file is given: ``<Documents>/grouper/<class> <date> <kind>.<ext>``.

    For example ``~/Documents/grouper/Grade 1 - Room 7 2026-11-23 cards.html``.
    ``documents`` defaults to ``platformdirs.user_documents_path()``. Pure: the
    caller creates the folder (``save_export(..., make_folder=True)``).
    """
    if fmt not in EXTENSIONS:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    if documents is None:
        import platformdirs

        documents = platformdirs.user_documents_path()
    kind = "cards" if fmt == "cards" else "groups"
    return Path(documents) / "grouper" / f"{safe_file_part(class_name)} {day.isoformat()} {kind}.{EXTENSIONS[fmt]}"


def export_folder() -> Path | None:
    """``GROUPER_EXPORT_DIR`` when set (a shared drive, a test), else None: the Documents folder."""
    import os

    folder = os.environ.get("GROUPER_EXPORT_DIR", "").strip()
    return Path(folder) if folder else None


def save_export(path: Path, text: str, *, store: Path, given: str | None = None, make_folder: bool = False) -> Path:
    """Write an export whole or not at all, the way the store writes a class; returns the path.

    Never inside the ``store`` folder (``given`` names the place in the refusal;
    the path itself by default). A folder it makes is private (0700), as the store's are.
    """
    from grouper.store.files import atomic_write, make_dir
    from grouper.store.paths import refuse_inside_store

    refuse_inside_store(path, store, str(path) if given is None else given)
    if make_folder:
        make_dir(path.parent, parents=True)
    atomic_write(path, text.encode("utf-8"))
    return path


def screenshot_path(title: str, when: dt.datetime, *, documents: Path | None = None) -> Path:
    """Where the app's screenshot goes: beside the exports, ``<Documents>/grouper/<title> <time>.svg``."""
    if documents is None:
        documents = export_folder()
    if documents is None:
        import platformdirs

        documents = platformdirs.user_documents_path()
    return Path(documents) / "grouper" / f"{safe_file_part(title)} {when.strftime('%Y-%m-%d %H%M%S')} screen.svg"
