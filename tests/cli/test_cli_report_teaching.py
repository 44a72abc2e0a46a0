"""grouper report teaching [CLASS]: which routes move students, as JSON, a table, Markdown and HTML.

The classes are built with the command line itself (class new, roster import, scores import,
detour, plan lock), and every count is worked out by hand from their dates:

- Ben: at print from Mon 10-05, print mastered Mon 10-12 (five school days); at letters since, no score.
- Zoë: at letters from Mon 10-05 with three scores below mastery, on the detour letters-anchor from
  Tue 10-27 (22 days in: stalled on the main route), letters mastered on it Tue 11-03 (five school days).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import Cli, assert_error, snapshot, write_text

ROOM = "Room 9"
MARKS = "Room <10>"

MARKS_PATHWAY = """\
id = "marks"
name = "<i>Marks</i> & co"

[[stages]]
id = "sounds"
label = "<Sounds> & \\"more\\""
focus = "Sound sorts"

  [[stages.checks]]
  id = "snd"
  label = "Sounds (of 10)"
  max = 10
  mastery = 8

  [[stages.detours]]
  id = "steps"
  label = "Tom's <b>steps</b>"
  focus = "Smaller steps"

[[stages]]
id = "words"
label = "Words"
focus = "Word building"

  [[stages.checks]]
  id = "wrd"
  label = "Words (of 20)"
  max = 20
  mastery = 18
"""


@pytest.fixture(scope="module")
def store(session_cli: Cli, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Room 9 (early literacy, one plan locked) and Room <10> (a pathway whose labels are HTML). Read it only."""
    cli = session_cli
    base = tmp_path_factory.mktemp("teaching")
    root = base / "store"
    cli.ok("class", "new", ROOM, "--pathway", "early-literacy", store=root)
    cli.ok("roster", "import", ROOM, write_text(base / "r.csv", "Student ID,Student Name\nz1,Zoë Ng\nb1,Ben Ito\n"),
           store=root)
    first = ("student,check,score,date\nz1,cap,11,2026-10-05\nz1,lid,30,2026-10-06\nz1,lid,31,2026-10-13\n"
             "z1,lid,32,2026-10-20\nb1,cap,5,2026-10-05\nb1,cap,11,2026-10-12\n")
    cli.ok("scores", "import", ROOM, write_text(base / "s1.csv", first), store=root)
    cli.ok("detour", ROOM, "z1", "letters-anchor", "--date", "2026-10-27", store=root)
    cli.ok("plan", "lock", ROOM, "--date", "2026-10-27", store=root)
    cli.ok("scores", "import", ROOM, write_text(base / "s2.csv", "student,check,score,date\n"
                                                "z1,lid,52,2026-11-03\nz1,lsnd,25,2026-11-03\n"), store=root)
    cli.ok("pathway", "add", write_text(base / "marks.toml", MARKS_PATHWAY), store=root)
    cli.ok("class", "new", MARKS, "--pathway", "marks", store=root)
    cli.ok("roster", "import", MARKS, write_text(base / "r2.csv", "Student ID,Student Name\nm1,Mo\n"), store=root)
    cli.ok("scores", "import", MARKS, write_text(base / "s3.csv", "student,check,score,date\nm1,snd,3,2026-11-02\n"),
           store=root)
    cli.ok("detour", MARKS, "m1", "steps", "--date", "2026-11-09", store=root)
    return root


def _zoe_met_on_the_plan(cli: Cli, root: Path) -> int:
    """1 when Zoë's group met in the plan locked for 10-27 (her detour's first day), else 0."""
    (locked,) = cli.bundle(root, ROOM)["plans"]
    assert locked["date"] == "2026-10-27"
    return int(any(g.get("meets", True) and any(s["id"] == "z1" for s in g["students"])
                   for g in locked["plan"]["groups"]))


def _json(cli: Cli, root: Path, *args: str) -> dict[str, Any]:
    before = snapshot(root)
    data = json.loads(cli.ok("report", "teaching", *args, "--json", store=root).out)
    assert snapshot(root) == before
    return data  # type: ignore[no-any-return]


def _row(pathway: str, stage: str, detour: str | None, taught: int, mastered: int, stalled: int,
         days: float | None, sessions: float | None) -> dict[str, Any]:
    return {"pathway": pathway, "stage": stage, "detour": detour, "taught": taught, "mastered": mastered,
            "stalled": stalled, "median_school_days": days, "median_sessions": sessions}


def test_json_of_one_class_has_every_key_and_the_counts_worked_by_hand(cli: Cli, store: Path) -> None:
    met = _zoe_met_on_the_plan(cli, store)
    assert met == 1  # the detour group met that day
    data = _json(cli, store, ROOM)
    assert data == {
        "scope": ROOM,
        "date": "2026-11-20",
        "rows": [
            _row("early-literacy", "print", None, 1, 1, 0, 5.0, None),  # Ben; before the first plan
            _row("early-literacy", "letters", None, 2, 0, 1, None, None),  # Ben (no score) and Zoë (stalled)
            _row("early-literacy", "letters", "letters-anchor", 1, 1, 0, 5.0, float(met)),
            _row("early-literacy", "phonemes", None, 1, 0, 0, None, None),
        ],
    }


def test_no_class_counts_every_class_per_pathway(cli: Cli, store: Path) -> None:
    data = _json(cli, store)
    assert data["scope"] == "every class" and data["date"] == "2026-11-20"
    assert [(r["pathway"], r["stage"], r["detour"]) for r in data["rows"]] == [
        ("early-literacy", "print", None), ("early-literacy", "letters", None),
        ("early-literacy", "letters", "letters-anchor"), ("early-literacy", "phonemes", None),
        ("marks", "sounds", None), ("marks", "sounds", "steps")]
    marks = [r for r in data["rows"] if r["pathway"] == "marks"]
    # Mo: at sounds since Mon 11-02 (18 days), on the detour since 11-09 (11 days): taught, not mastered
    assert marks == [_row("marks", "sounds", None, 1, 0, 0, None, None),
                     _row("marks", "sounds", "steps", 1, 0, 0, None, None)]
    one = _json(cli, store, MARKS)
    assert one["scope"] == MARKS and one["rows"] == marks


def test_the_class_name_may_be_a_unique_start_of_it(cli: Cli, store: Path) -> None:
    assert _json(cli, store, "room 9")["scope"] == ROOM


def test_the_text_table_has_the_short_headers_and_the_note(cli: Cli, store: Path) -> None:
    before = snapshot(store)
    out = cli.ok("report", "teaching", ROOM, store=store).out
    assert snapshot(store) == before
    assert "What teaching works: Room 9, to Fri 20 Nov" in out
    for header in ("stage", "route", "taught", "mastered", "stalled", "days", "sessions"):
        assert header in out
    assert "1 Concepts of print" in out and "main route" in out and "↪ detour: Name and picture anchors" in out
    assert "Small numbers say little" in out


def test_markdown_has_the_headers_and_a_row_per_route(cli: Cli, store: Path) -> None:
    before = snapshot(store)
    out = cli.ok("report", "teaching", "--format", "md", store=store).out
    assert snapshot(store) == before
    assert out.startswith("# What teaching works: every class, to Fri 20 Nov\n")
    assert "## Early literacy \\(K-1\\)" in out
    header = "| stage | route | taught | mastered | stalled | median school days | median sessions |"
    assert out.count(header) == 2  # one table per pathway
    assert "| 1 Concepts of print | main route | 1 | 1 | 0 | 5 | – |" in out
    assert "| 2 Letter names and sounds | main route | 2 | 0 | 1 | – | – |" in out
    assert "| 2 Letter names and sounds | ↪ detour: Name and picture anchors | 1 | 1 | 0 | 5 |" in out
    assert "## \\<i\\>Marks\\</i\\> \\& co" in out
    assert "| 1 \\<Sounds\\> \\& \"more\" | main route | 1 | 0 | 0 | – | – |" in out
    assert "<b>" not in out and "<i>" not in out


def test_html_has_the_headers_and_rows_with_the_labels_escaped(cli: Cli, store: Path) -> None:
    before = snapshot(store)
    out = cli.ok("report", "teaching", "--format", "html", store=store).out
    assert snapshot(store) == before
    assert out.startswith("<!doctype html>")
    assert "<h1>What teaching works: every class, to Fri 20 Nov</h1>" in out
    head = "".join(f"<th>{h}</th>" for h in ("stage", "route", "taught", "mastered", "stalled",
                                             "median school days", "median sessions"))
    assert out.count(head) == 2
    assert "<tr><td>1 Concepts of print</td><td>main route</td><td>1</td><td>1</td><td>0</td><td>5</td>" in out
    assert "<td>↪ detour: Name and picture anchors</td>" in out
    assert "<h2>&lt;i&gt;Marks&lt;/i&gt; &amp; co</h2>" in out
    assert "<td>1 &lt;Sounds&gt; &amp; &quot;more&quot;</td>" in out
    assert "<td>↪ detour: Tom&#x27;s &lt;b&gt;steps&lt;/b&gt;</td>" in out
    assert "<b>steps" not in out and "<i>Marks" not in out and "<Sounds>" not in out


def test_o_writes_the_file_and_nothing_in_the_store(cli: Cli, store: Path, tmp_path: Path) -> None:
    before = snapshot(store)
    for fmt, name in (("md", "t.md"), ("html", "t.html"), ("text", "t.txt")):
        target = tmp_path / name
        r = cli.ok("report", "teaching", ROOM, "--format", fmt, "-o", target, store=store)
        assert target.exists(), str(r)
        assert "Concepts of print" in target.read_text(encoding="utf-8")
        assert "Concepts of print" not in r.out
    target = tmp_path / "t.json"
    cli.ok("report", "teaching", ROOM, "--json", "-o", target, store=store)
    assert json.loads(target.read_text(encoding="utf-8")) == _json(cli, store, ROOM)
    text = (tmp_path / "t.txt").read_text(encoding="utf-8")
    assert "\x1b[" not in text  # plain words in a file, no terminal colours
    assert snapshot(store) == before


def test_o_inside_the_store_is_refused(cli: Cli, store: Path) -> None:
    before = snapshot(store)
    r = cli("report", "teaching", ROOM, "--format", "md", "-o", store / "report.md", store=store)
    assert r.code != 0 and "Traceback" not in r.err, str(r)
    assert snapshot(store) == before


def test_an_unknown_class_is_one_plain_message(cli: Cli, store: Path) -> None:
    before = snapshot(store)
    assert_error(cli("report", "teaching", "Nowhere", store=store), 1, "no class named 'Nowhere'", max_lines=1)
    assert_error(cli("report", "teaching", "Nowhere", "--json", store=store), 1, "Nowhere", max_lines=1)
    assert snapshot(store) == before


def test_report_alone_is_a_usage_error(cli: Cli, store: Path) -> None:
    before = snapshot(store)
    r = cli("report", store=store)
    assert r.code == 2 and "Traceback" not in r.err, str(r)
    assert "teaching" in r.err
    assert_error(cli("report", "teaching", "--format", "pdf", store=store), 2, "pdf")
    assert snapshot(store) == before


def test_a_store_with_no_scores_says_there_is_nothing_to_count(cli: Cli, empty: Path) -> None:
    before = snapshot(empty)
    assert "nothing to count" in cli.ok("report", "teaching", store=empty).out
    assert _json(cli, empty, "Empty") == {"scope": "Empty", "date": "2026-11-20", "rows": []}
    assert "nothing to count" in cli.ok("report", "teaching", "--format", "html", store=empty).out
    assert snapshot(empty) == before


def test_a_store_that_does_not_exist_is_not_made_by_a_report(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "none"
    cli.ok("report", "teaching", store=root)
    assert not root.exists()
