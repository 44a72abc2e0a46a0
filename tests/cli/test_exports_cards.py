"""Group cards and the day sheet (``render("cards", ...)``), export escaping and the default file path.

The render functions are called directly (no subprocess, no browser): on the
bundled sample classes, and on a tiny class whose names, labels, focus and
notes are all hostile (HTML, spreadsheet formulas, Rich markup, entities).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import html
import io
from html.parser import HTMLParser
from pathlib import Path

import pytest

from grouper.core.dates import day_words, next_school_day
from grouper.core.detours import suggested_detour
from grouper.core.grouping import Plan
from grouper.core.models import Absence, ClassRecord, ClassSettings, Note, Pathway, Score, Student
from grouper.core.planning import plan_for
from grouper.core.progress import Progress, class_progress
from grouper.core.text import visible
from grouper.formats.validation import check_pathway
from grouper.reports.attention import MARKERS, markers
from grouper.reports.cards import NOTE_CHARS, build_cards, latest_notes, to_cards_html
from grouper.reports.exports import (
    FORMATS,
    default_export_path,
    md_escape,
    render,
    safe_cell,
    safe_file_part,
    to_html,
    to_markdown,
)
from grouper.session.demo import sample_records

TODAY = dt.date(2026, 11, 23)  # a Monday: the samples end on Friday 20 November
DAY = next_school_day(TODAY)

SCRIPT = "<script>alert(1)</script>"
FORMULA = "=cmd|' /C calc'!A0"
MARKUP = "[bold]x"
ENTITY = "&amp;"
HOSTILE_NAMES = {
    "s1": SCRIPT,
    "s2": FORMULA,
    "s3": MARKUP,
    "s4": ENTITY,
    "s5": "@SUM(A1)",
    "s6": "+Plus -Minus",
    "s7": "-1",
    "s8": "\tTabbed",
    "s9": 'Zoë "Z" O\'Neil',
}
AWAY = "s10"
AWAY_NAME = "<img src=x onerror=alert(2)>"


def hostile_pathway() -> Pathway:
    return check_pathway(
        {
            "id": "evil",
            "name": "<b>Evil</b> & path",
            "stages": [
                {
                    "id": "one",
                    "label": "<i>Stage one</i>",
                    "focus": "=HYPERLINK(\"http://x\") <script>focus()</script>",
                    "checks": [
                        {"id": "a", "label": "<u>Check A</u> & co", "max": 10, "mastery": 8},
                        {"id": "b", "label": "+Check B", "max": 10, "mastery": 8},
                    ],
                },
                {
                    "id": "two",
                    "label": "@Stage two",
                    "focus": "-Minus focus [red]markup[/red]",
                    "checks": [{"id": "c", "label": "Check C", "max": 10, "mastery": 8}],
                },
            ],
        }
    )


def hostile_class() -> ClassRecord:
    students = [Student(sid, name) for sid, name in HOSTILE_NAMES.items()] + [Student(AWAY, AWAY_NAME)]
    scores = []
    for seq, sid in enumerate(HOSTILE_NAMES, start=1):
        # Half master stage one (and then sit at stage two), half stay at stage one.
        if seq % 2 == 0:
            marks = (("a", 9), ("b", 9), ("c", 3))
            scores += [Score(sid, c, v, TODAY, seq + 100 * k) for k, (c, v) in enumerate(marks)]
        else:
            scores.append(Score(sid, "a", 4, TODAY, seq))
    notes = [
        Note("s1", TODAY - dt.timedelta(days=3), "older note", "2026-11-20T15:00:00"),
        Note("s1", TODAY, "<b>bold</b> " + FORMULA + " " + "x" * 400, "2026-11-23T15:00:00"),
        Note("s2", TODAY + dt.timedelta(days=7), "a note dated later", "2026-11-23T15:01:00"),
    ]
    return ClassRecord(
        name="<Room> 7/8: \"A&B\"",
        pathway=hostile_pathway(),
        settings=ClassSettings(min_size=2, max_size=3, max_groups=2),  # 9 present: the plan warns
        students=students,
        scores=scores,
        absences=[Absence(AWAY, DAY)],
        notes=notes,
    )


def hostile_progress(record: ClassRecord) -> dict[str, Progress]:
    """Real progress, with the first two students marked stalled and slipped on a hostile check."""
    progress = class_progress(record, TODAY)
    progress["s1"] = dataclasses.replace(progress["s1"], stalled=True)
    progress["s2"] = dataclasses.replace(progress["s2"], slipped=("a",), due=True)
    return progress


@pytest.fixture(scope="module")
def samples() -> list[tuple[ClassRecord, Plan, dict[str, Progress]]]:
    out = []
    for record in sample_records(TODAY):
        out.append((record, plan_for(record, DAY), class_progress(record, TODAY)))
    return out


@pytest.fixture(scope="module")
def hostile() -> tuple[ClassRecord, Plan, dict[str, Progress]]:
    record = hostile_class()
    return record, plan_for(record, DAY), hostile_progress(record)


def card_chunks(page: str) -> list[str]:
    body = page.split('<div class="cards">', 1)[1]
    return [c for c in body.split("<section class=\"card")[1:]]


def day_sheet(page: str) -> str:
    return page.split('<section class="day-sheet">', 1)[1].split("</section>", 1)[0]


e = html.escape


class TagCollector(HTMLParser):
    """Every tag and attribute the page uses, and its text: injected markup would show up here."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attrs: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs.update(name for name, _ in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "section", "h1", "h2", "p", "table",
                "thead", "tbody", "tr", "th", "td", "span", "br", "strong", "div", "ul", "li", "small"}
ALLOWED_ATTRS = {"lang", "charset", "name", "content", "class"}


# --- every group has a card, with its members and what each still needs --------


def test_every_group_of_every_sample_has_a_card(samples) -> None:
    for record, plan, progress in samples:
        page = render("cards", record, plan, progress=progress)
        chunks = card_chunks(page)
        assert len(plan.groups) >= 3
        assert len(chunks) == len(plan.groups), record.name
        pw = record.pathway
        for g, chunk in zip(plan.groups, chunks, strict=True):
            assert f"<h2>{e(g.label)} ({len(g.members)})</h2>" in chunk
            assert f"S{g.stage_index + 1} {e(pw.stage_label(g.stage_index))}" in chunk
            assert e(g.focus) in chunk
            assert e(record.name) in chunk  # a card cut from the sheet still says whose it is
            assert chunk.count("<li>") == len(g.members)
            assert chunk.count('<div class="rule"></div>') >= 3 and "Notes:" in chunk


def test_each_card_lists_its_members_and_their_needs(samples) -> None:
    for record, plan, _ in samples:
        chunks = card_chunks(render("cards", record, plan))
        pw = record.pathway
        for g, chunk in zip(plan.groups, chunks, strict=True):
            items = chunk.split("<li>")[1:]
            for m, item in zip(g.members, items, strict=True):
                assert f"<strong>{e(m.student.name)}</strong>" in item
                for check_id in m.needs:
                    assert f"{e(pw.check(check_id).label)} [{check_id}]" in item
                if not m.needs:
                    assert "every check mastered" in item


def test_needs_show_the_score_that_counts_and_mastery(samples) -> None:
    record, plan, _ = samples[0]
    cards = build_cards(record, plan)
    needs = [n for c in cards for m in c.members for n in m.needs]
    assert needs, "the sample has students below mastery"
    for n in needs:
        words = n.words()
        if n.value is None:
            assert words.endswith("not assessed yet")
        else:
            assert words.endswith(f": {n.value}, mastery {n.mastery}")
            assert n.value < n.mastery


def test_member_further_on_than_the_focus_says_where_they_are(samples) -> None:
    for record, plan, _ in samples:
        for card, g in zip(build_cards(record, plan), plan.groups, strict=True):
            for member, m in zip(card.members, g.members, strict=True):
                assert bool(member.ahead) == (m.stage_index != g.stage_index)


def test_markers_for_stalled_slipped_and_due_students(samples) -> None:
    seen = set()
    for record, plan, progress in samples:
        page = render("cards", record, plan, progress=progress)
        for g, chunk in zip(plan.groups, card_chunks(page), strict=True):
            for m, item in zip(g.members, chunk.split("<li>")[1:], strict=True):
                for marker in markers(progress.get(m.student.id)):
                    assert f"{marker.symbol} {marker.word}" in item, m.student.name
                    seen.add(marker.word)
                detour = suggested_detour(record.pathway, m, progress.get(m.student.id))
                if detour is not None:  # the card says what to try next, not only the flag
                    assert f"stalled (detour to try: {html.escape(detour.label)})" in item, m.student.name
                    seen.add("detour")
                if not markers(progress.get(m.student.id)):
                    assert 'class="mark"' not in item
    # The Grade 1 sample shows every marker (README: stalled, slipped, due, below goal).
    assert seen == {"stalled", "slipped", "due", "detour", "below goal"}
    # Without progress there are no markers at all (a student on a detour still says so: the plan knows it).
    for record, plan, _ in samples:
        page = render("cards", record, plan)
        assert not [m for m in MARKERS if f"{m.symbol} {m.word}" in page]
        off_route = sum(1 for g in plan.groups for m in g.members
                        if m.student.id in plan.detours and plan.detours[m.student.id] != g.detour)
        assert page.count('class="mark"') == 2 * off_route  # on the day sheet and on the card


def test_the_legend_explains_the_markers_used(samples) -> None:
    record, plan, progress = samples[0]
    sheet = day_sheet(render("cards", record, plan, progress=progress))
    assert 'class="legend"' in sheet and "stalled:" in sheet
    assert 'class="legend"' not in day_sheet(render("cards", record, plan))


# --- the day sheet --------------------------------------------------------------


def test_day_sheet_lists_groups_and_absent_students(samples) -> None:
    for record, plan, progress in samples:
        sheet = day_sheet(render("cards", record, plan, progress=progress))
        assert day_words(plan.date) in sheet  # "Tue 24 Nov": the one date style
        assert plan.unplaced, "every sample has someone away on the plan day"
        for u in plan.unplaced:
            assert f"{e(u.student.name)} (absent)" in sheet
        rows = sheet.split("<tbody>", 1)[1].split("<tr>")[1:]
        assert len(rows) == len(plan.groups)  # one row per group: members on one line
        for g, row in zip(plan.groups, rows, strict=True):
            for m in g.members:
                assert e(m.student.name) in row


def test_day_sheet_with_nobody_away_says_so(samples) -> None:
    record, _, _ = samples[0]
    plan = plan_for(dataclasses.replace(record, absences=[]), DAY)
    assert "<strong>Not in a group:</strong> nobody" in day_sheet(render("cards", record, plan))


def test_day_sheet_shows_warnings_and_hostile_absences_escaped(hostile) -> None:
    record, plan, progress = hostile
    assert plan.warnings
    sheet = day_sheet(render("cards", record, plan, progress=progress))
    for w in plan.warnings:
        assert f'<p class="warn">{e(w)}</p>' in sheet
    assert f"{e(AWAY_NAME)} (absent)" in sheet
    assert AWAY_NAME not in sheet


def test_day_sheet_comes_first_and_breaks_to_a_new_page(samples) -> None:
    record, plan, _ = samples[1]
    page = render("cards", record, plan)
    assert page.index('class="day-sheet"') < page.index('class="cards"')
    assert ".day-sheet { break-after: page; page-break-after: always; }" in page


# --- print CSS --------------------------------------------------------------------


def test_print_css_for_a4_and_letter(samples) -> None:
    record, plan, _ = samples[0]
    page = render("cards", record, plan)
    css = page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "@page { size: auto; margin:" in css
    assert "@media print" in css
    assert "break-inside: avoid" in css and "page-break-inside: avoid" in css
    # Cards are inline blocks (never split by a browser) two to a row: the widths add up to one line.
    assert "display: inline-block" in css and "width: calc(50% - .9rem)" in css
    # No white space between cards, or two half-width blocks would not fit one line.
    cards = page.split('<div class="cards">', 1)[1].split("</div>\n", 1)[0]
    assert "</section> <section" not in cards and "</section>\n<section" not in cards


def test_a_big_group_gets_a_full_width_card() -> None:
    record = hostile_class()
    big = dataclasses.replace(record, settings=ClassSettings(min_size=1, max_size=20, max_groups=1), absences=[])
    plan = plan_for(big, DAY)
    assert len(plan.groups) == 1 and len(plan.groups[0].members) == 10
    assert '<section class="card wide">' in render("cards", big, plan)


# --- escaping ---------------------------------------------------------------------


def test_cards_escape_every_piece_of_user_data(hostile) -> None:
    record, plan, progress = hostile
    page = render("cards", record, plan, progress=progress, notes=latest_notes(record))
    parser = TagCollector()
    parser.feed(page)
    assert parser.tags <= ALLOWED_TAGS, parser.tags - ALLOWED_TAGS
    assert parser.attrs <= ALLOWED_ATTRS, parser.attrs - ALLOWED_ATTRS
    text = "".join(parser.text)
    for name in HOSTILE_NAMES.values():
        assert visible(name) in text, name  # a tab or ESC in a name is kept as ␉ / ␛ (core.text)
    assert ENTITY in text  # shown as the five characters "&amp;", not as "&"
    assert "&amp;amp;" in page
    for raw in ("<script>", "<b>", "<i>", "<u>", "<img", "<Room>"):
        assert raw not in page, raw
    pw = record.pathway
    for piece in (record.name, pw.name, pw.stages[0].label, pw.stages[0].focus, pw.stages[1].focus,
                  pw.stages[0].checks[0].label, pw.stages[0].checks[1].label):
        assert e(piece) in page, piece
    # The hostile check label in a slipped marker is escaped too.
    assert f"↘ slipped ({e(pw.stages[0].checks[0].label)})" in page
    assert "⟳ stalled" in page and "◷ due" in page


def test_notes_on_cards_are_the_newest_shortened_and_escaped(hostile) -> None:
    record, plan, _ = hostile
    notes = latest_notes(record, upto=DAY)
    assert set(notes) == {"s1"}  # s2's only note is dated after the plan day
    assert notes["s1"].startswith("<b>bold</b>")
    assert set(latest_notes(record)) == {"s1", "s2"}
    cards = build_cards(record, plan, notes=notes)
    member = next(m for c in cards for m in c.members if m.student_id == "s1")
    assert len(member.note) == NOTE_CHARS and member.note.endswith("…")
    page = to_cards_html(record, plan, notes=notes)
    assert "Note: &lt;b&gt;bold&lt;/b&gt; " + e(FORMULA) in page
    assert "older note" not in page


def test_html_export_escapes_hostile_data(hostile) -> None:
    record, plan, progress = hostile
    for page in (to_html(record, plan), to_html(record, plan, progress=progress)):
        parser = TagCollector()
        parser.feed(page)
        assert parser.tags <= ALLOWED_TAGS and parser.attrs <= ALLOWED_ATTRS
        assert "<script>" not in page and "<img" not in page
        assert e(SCRIPT) in page and "&amp;amp;" in page and e(AWAY_NAME) in page
    assert "⟳ stalled" in to_html(record, plan, progress=progress)


def test_markdown_escapes_hostile_data(hostile) -> None:
    record, plan, progress = hostile
    md = to_markdown(record, plan, progress=progress)
    assert "<script>" not in md and "\\<script\\>" in md
    assert "\\[bold\\]x" in md
    assert "\\&amp;" in md  # shown literally, not turned into "&"
    assert "\\<b\\>Evil\\</b\\> \\& path" in md
    assert "⟳ stalled" in md
    for line in md.splitlines():
        assert not line.startswith(("=", "+", "@", "<")), line
    assert md_escape("-1") == "\\-1" and md_escape("=x") == "\\=x"
    assert md_escape("a\nb\tc") == "a b c"


# --- CSV formula safety ------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx", FORMULA])
def test_safe_cell_quotes_a_leading_formula_character(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Zoë", "1-2", "a=b", "", "'quoted", " =spaced"])
def test_safe_cell_leaves_plain_text_alone(text: str) -> None:
    assert safe_cell(text) == text


def test_csv_export_is_formula_safe(hostile) -> None:
    record, plan, progress = hostile
    out = render("csv", record, plan, progress=progress)
    assert out == render("csv", record, plan, progress=progress, notes={"s1": "x"})  # same columns either way
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert len(rows) == len(record.students)
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    by_id = {row["student_id"]: row for row in rows}
    assert by_id["s2"]["student"] == "'" + FORMULA
    assert by_id["s5"]["student"] == "'@SUM(A1)"
    assert by_id["s6"]["student"] == "'+Plus -Minus"
    assert by_id["s7"]["student"] == "'-1"
    assert by_id["s8"]["student"] == "␉Tabbed"  # the tab is a visible symbol since it entered the model
    assert by_id["s1"]["student"] == SCRIPT  # not a formula: kept exactly as typed
    assert by_id["s9"]["student"] == visible(HOSTILE_NAMES["s9"])
    assert by_id[AWAY]["status"] == "absent"
    focus_cells = {row["focus"] for row in rows if row["focus"]}
    assert "'" + record.pathway.stages[0].focus in focus_cells
    stage_cells = {row["group_stage"] for row in rows if row["group_stage"]}
    assert stage_cells <= {"<i>Stage one</i>", "'@Stage two"}


# --- render keeps its old call working --------------------------------------------


def test_render_positional_call_still_works_for_every_format(samples) -> None:
    record, plan, _ = samples[2]
    assert FORMATS == ("md", "csv", "html", "cards")
    for fmt in FORMATS:
        out = render(fmt, record, plan)
        assert out and out == render(fmt, record, plan)  # deterministic
    assert render("cards", record, plan).startswith("<!doctype html>")
    with pytest.raises(ValueError, match="pdf"):
        render("pdf", record, plan)


def test_render_options_are_keyword_only(samples) -> None:
    record, plan, progress = samples[0]
    with pytest.raises(TypeError):
        render("cards", record, plan, progress)  # type: ignore[misc]


# --- the default file path -----------------------------------------------------------


def test_default_path_in_documents(tmp_path: Path) -> None:
    path = default_export_path("Grade 1 — Room 7", dt.date(2026, 11, 23), documents=tmp_path)
    assert path == tmp_path / "grouper" / "Grade 1 - Room 7 2026-11-23 cards.html"
    assert not path.parent.exists()  # pure: the caller makes the folder
    assert default_export_path("Room 7", DAY, "csv", documents=tmp_path).name == "Room 7 2026-11-24 groups.csv"
    assert default_export_path("Room 7", DAY, "md", documents=tmp_path).suffix == ".md"
    assert default_export_path("Room 7", DAY, "html", documents=tmp_path).name == "Room 7 2026-11-24 groups.html"
    with pytest.raises(ValueError):
        default_export_path("Room 7", DAY, "pdf", documents=tmp_path)


def test_default_path_uses_platformdirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_documents_path", lambda: tmp_path / "Docs")
    assert default_export_path("Room 7", DAY) == tmp_path / "Docs" / "grouper" / "Room 7 2026-11-24 cards.html"


@pytest.mark.parametrize(
    ("name", "part"),
    [
        ("Room 7/8", "Room 7-8"),
        ('<Room> 7/8: "A&B"', 'Room- 7-8- -A&B'),
        ("a\\b|c?d*e", "a-b-c-d-e"),
        ("..hidden", "hidden"),
        ("-rf ", "rf"),
        ("tab\there\nnew", "tab-here-new"),
        ("Zoë’s class", "Zoë’s class"),
        ("", "class"),
        ("///", "class"),
        ("  many   spaces  ", "many spaces"),
        ("x" * 300, "x" * 80),
    ],
)
def test_safe_file_part(name: str, part: str) -> None:
    assert safe_file_part(name) == part


def test_default_path_for_a_hostile_class_stays_in_the_folder(tmp_path: Path) -> None:
    path = default_export_path("../../etc/passwd", DAY, documents=tmp_path)
    assert path.parent == tmp_path / "grouper"
    assert path.name == "etc-passwd 2026-11-24 cards.html"
    for ch in '<>:"/\\|?*':
        assert ch not in default_export_path(f"a{ch}b", DAY, documents=tmp_path).name
