"""grouper mtss CLASS: the MTSS meeting's table, on a small class built with the CLI itself.

Room 9 is on a pathway added with seasons and benchmark cuts (boy from 15 Aug: today, Fri 20 Nov,
is in it). Sounds: lower cut 10, benchmark 16.

- t2 ``=Tia Two``: Tier 2 "Phonics <booster>", 3 a week from Mon 2 Nov (review six weeks on: Mon 14 Dec);
  sounds 5 four times (well below), a goal to 20 by 18 Dec that the three latest are all below.
  Planned: 15 school days * 3 / 5 = 9. Delivered: plans locked Mon 16 Nov (met) and Tue 17 Nov (away) = 1.
- t3 ``Theo & <b>Three</b>``: Tier 3 "Intensive", 5 a week from Mon 5 Oct, review Fri 20 Nov (due today);
  sounds 17 (at or above); no goal. Planned: 35 school days * 5 / 5 = 35; delivered 2 (both locked days).
- w1 ``[bold]Wes[/bold]``: Tier 1, sounds 5: to discuss, well below benchmark.
- a1 ``Ana | Bo``: Tier 1, sounds 17 (at benchmark), below her goal line to 24: to discuss.
- n1 ``Nel``: Tier 1, never screened: left out of the share.

Share: t3 and a1 at benchmark of the four screened = 50%.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import Cli, assert_error, parse_csv, snapshot, write_text

ROOM = "Room 9"
CORE = "Room 10"

PATHWAY = """\
id = "screened"
name = "Screened <mini>"

[seasons]
boy = "08-15"
moy = "01-05"
eoy = "04-20"

[[stages]]
id = "sounds"
label = "Sounds"
focus = "Sound sorts"

  [[stages.checks]]
  id = "snd"
  label = "Sounds <known> & named"
  max = 26
  mastery = 24
  benchmark = { boy = [10, 16], moy = [18, 22] }

[[stages]]
id = "words"
label = "Words"
focus = "Word building"

  [[stages.checks]]
  id = "wrd"
  label = "Words read"
  max = 20
  mastery = 18
"""

ROSTER = 'Student ID,Student Name\nt2,=Tia Two\nt3,Theo & <b>Three</b>\nw1,[bold]Wes[/bold]\na1,"Ana | Bo"\nn1,Nel\n'
SCORES = ("student,check,score,date\n"
          "t2,snd,5,2026-11-02\nt2,snd,5,2026-11-09\nt2,snd,5,2026-11-12\nt2,snd,5,2026-11-16\n"
          "t3,snd,17,2026-10-05\nw1,snd,5,2026-11-02\n"
          "a1,snd,17,2026-11-02\na1,snd,17,2026-11-09\na1,snd,17,2026-11-12\na1,snd,17,2026-11-16\n")
OLD_NOTE = "older note, never shown"
NEW_NOTE = "=cmd|' /C calc'!A0 <i>reads</i> *slowly*"
WES_NOTE = "Wes: [red]quiet[/red] today"


@pytest.fixture(scope="module")
def store(session_cli: Cli, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Room 9 (above) and Room 10 (four of five at benchmark, nobody above Tier 1). Read it only."""
    cli = session_cli
    base = tmp_path_factory.mktemp("mtss")
    root = base / "store"
    cli.ok("pathway", "add", write_text(base / "screened.toml", PATHWAY), store=root)
    cli.ok("class", "new", ROOM, "--pathway", "screened", store=root)
    cli.ok("roster", "import", ROOM, write_text(base / "r.csv", ROSTER), store=root)
    cli.ok("scores", "import", ROOM, write_text(base / "s.csv", SCORES), store=root)
    cli.ok("tier", ROOM, "t2", "2", "--intervention", "Phonics <booster>", "--sessions-per-week", "3",
           "--start", "2026-11-02", store=root)
    cli.ok("tier", ROOM, "t3", "3", "--intervention", "Intensive", "--sessions-per-week", "5",
           "--start", "2026-10-05", "--review", "2026-11-20", store=root)
    cli.ok("goal", ROOM, "t2", "snd", "20", "--by", "2026-12-18", "--from", "2026-11-02", store=root)
    cli.ok("goal", ROOM, "a1", "snd", "24", "--by", "2026-12-01", "--from", "2026-11-02", store=root)
    cli.ok("absent", ROOM, "t2", "--date", "2026-11-17", store=root)
    cli.ok("plan", "lock", ROOM, "--date", "2026-11-16", store=root)
    cli.ok("plan", "lock", ROOM, "--date", "2026-11-17", store=root)
    cli.ok("note", ROOM, "t2", OLD_NOTE, "--date", "2026-11-10", store=root)
    cli.ok("note", ROOM, "t2", NEW_NOTE, "--date", "2026-11-19", store=root)
    cli.ok("note", ROOM, "w1", WES_NOTE, store=root)
    cli.ok("class", "new", CORE, "--pathway", "screened", store=root)
    cli.ok("roster", "import", CORE, write_text(base / "r2.csv", "Student ID,Student Name\n"
                                                "c1,Cy\nc2,Di\nc3,Ed\nc4,Flo\nc5,Gus\n"), store=root)
    cli.ok("scores", "import", CORE, write_text(base / "s2.csv", "student,check,score,date\n"
                                                "c1,snd,20,2026-09-01\nc2,snd,16,2026-09-01\nc3,snd,25,2026-09-01\n"
                                                "c4,snd,18,2026-09-01\nc5,snd,12,2026-09-01\n"), store=root)
    return root


def _run(cli: Cli, root: Path, *args: object) -> str:
    """``grouper mtss ...`` and its standard output; the store is left exactly as it was."""
    before = snapshot(root)
    out = cli.ok("mtss", *args, store=root).out
    assert snapshot(root) == before
    return out


def _met(cli: Cli, root: Path, student: str) -> int:
    """How many of Room 9's locked plans have the student in a group that met (the delivered count's input)."""
    return sum(any(g.get("meets", True) and any(s["id"] == student for s in g["students"])
                   for g in p["plan"]["groups"]) for p in cli.bundle(root, ROOM)["plans"])


EXPECTED: dict[str, Any] = {
    "class": ROOM,
    "date": "2026-11-20",
    "tiers": {"1": 3, "2": 1, "3": 1},
    "at_benchmark": 0.5,
    "students": [
        {
            "id": "t2", "name": "=Tia Two", "tier": 2, "intervention": "Phonics <booster>",
            "start": "2026-11-02", "review": "2026-12-14", "review_due": False,
            "sessions_planned": 9, "sessions_delivered": 1, "goal_status": "below",
            "benchmark": {"snd": "well-below"}, "stalled": False, "detour": None,
        },
        {
            "id": "t3", "name": "Theo & <b>Three</b>", "tier": 3, "intervention": "Intensive",
            "start": "2026-10-05", "review": "2026-11-20", "review_due": True,
            "sessions_planned": 35, "sessions_delivered": 2, "goal_status": None,
            "benchmark": {"snd": "at-or-above"}, "stalled": False, "detour": None,
        },
    ],
    "to_discuss": [
        {"id": "w1", "name": "[bold]Wes[/bold]", "reason": "well below benchmark: Sounds <known> & named"},
        {"id": "a1", "name": "Ana | Bo", "reason": "below the goal line: Sounds <known> & named"},
    ],
}


def test_json_has_every_key_and_value(session_cli: Cli, store: Path) -> None:
    # t2 was in the group that met on 16 Nov and away on 17 Nov (left out of that day's groups); t3 met both days.
    assert _met(session_cli, store, "t2") == 1 and _met(session_cli, store, "t3") == 2
    data = json.loads(_run(session_cli, store, ROOM, "--json"))
    assert data == EXPECTED
    assert list(data) == ["class", "date", "tiers", "at_benchmark", "students", "to_discuss"]
    assert list(data["students"][0]) == ["id", "name", "tier", "intervention", "start", "review", "review_due",
                                         "sessions_planned", "sessions_delivered", "goal_status", "benchmark",
                                         "stalled", "detour"]
    # --notes never puts a note into the JSON.
    assert json.loads(_run(session_cli, store, ROOM, "--json", "--notes")) == EXPECTED


def test_json_of_a_class_served_by_core_and_of_a_pathway_without_seasons(session_cli: Cli, store: Path,
                                                                         tmp_path: Path) -> None:
    data = json.loads(_run(session_cli, store, CORE, "--json"))
    assert data["tiers"] == {"1": 5, "2": 0, "3": 0}
    assert data["at_benchmark"] == 0.8  # 4 of 5 at or above 16
    assert data["students"] == [] and data["to_discuss"] == []  # 12 is below, not well below
    other = tmp_path / "store"
    session_cli.ok("class", "new", "Plain", "--pathway", "early-literacy", store=other)
    session_cli.ok("roster", "import", "Plain", write_text(tmp_path / "r.csv", "Student ID,Student Name\nz1,Zoë\n"),
                   store=other)
    plain = json.loads(_run(session_cli, other, "Plain", "--json"))
    assert plain["at_benchmark"] is None and plain["tiers"] == {"1": 1, "2": 0, "3": 0}


def _block(out: str, name: str) -> str:
    """One Tier 2/3 student's lines in the text report: the name line and the indented lines under it."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"  {name}: Tier"))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("    ")), len(lines))
    return " ".join(line.strip() for line in lines[start:end])


def test_text_table_prints_names_as_typed_and_the_words(session_cli: Cli, store: Path) -> None:
    out = _run(session_cli, store, ROOM)
    assert "Room 9: MTSS review, Fri 20 Nov" in out
    assert "Tier 1: 3 · Tier 2: 1 · Tier 3: 1" in out
    assert "50% at or above benchmark: under the 80% a core serves" in out
    t2 = _block(out, "=Tia Two")
    for words in ("Tier 2", "Phonics <booster>", "Mon 2 Nov", "Mon 14 Dec", "1 of 9 (short)",
                  "below the line: change the teaching", "Sounds <known> & named: ○ well below"):
        assert words in t2, (words, t2)
    t3 = _block(out, "Theo & <b>Three</b>")
    for words in ("Tier 3", "Intensive", "Mon 5 Oct", "6", "Fri 20 Nov (due)", "2 of 35 (short)", "no goal"):
        assert words in t3, (words, t3)
    assert "Tier 1 students to discuss: 2" in out
    assert "  [bold]Wes[/bold]: well below benchmark: Sounds <known> & named" in out  # never read as markup
    assert "  Ana | Bo: below the goal line: Sounds <known> & named" in out
    assert "note" not in out and NEW_NOTE not in out and "quiet" not in out
    noted = _run(session_cli, store, ROOM, "--notes")
    assert f"newest note: {NEW_NOTE}" in _block(noted, "=Tia Two") and OLD_NOTE not in noted
    assert "newest note: –" in _block(noted, "Theo & <b>Three</b>")
    assert f"(newest note: {WES_NOTE})" in noted
    assert "(newest note: –)" in noted  # Ana has none
    core = _run(session_cli, store, CORE)
    assert "80% at or above benchmark: core teaching is serving the class" in core
    assert "No student is at Tier 2 or 3." in core


def test_markdown_escapes_every_name_and_label_and_notes_only_with_notes(session_cli: Cli, store: Path) -> None:
    md = _run(session_cli, store, ROOM, "--format", "md")
    assert md.startswith("# Room 9: MTSS review, Fri 20 Nov\n")
    assert "50% at or above benchmark: under the 80% a core serves" in md
    assert "| \\=Tia Two | Tier 2 | Phonics \\<booster\\> | Mon 2 Nov | 2 | Mon 14 Dec | 1 of 9 \\(short\\) |" in md
    assert "| Theo \\& \\<b\\>Three\\</b\\> | Tier 3 |" in md
    assert "Fri 20 Nov \\(due\\)" in md
    assert "- \\[bold\\]Wes\\[/bold\\]: well below benchmark: Sounds \\<known\\> \\& named" in md
    assert "- Ana \\| Bo: below the goal line" in md  # a bar never splits a table or a line
    assert "<b>" not in md and "<booster>" not in md
    assert "note" not in md and "calc" not in md and "quiet" not in md
    noted = _run(session_cli, store, ROOM, "--format", "md", "--notes")
    assert "| newest note |" in noted
    assert "| \\=cmd\\|' /C calc'\\!A0 \\<i\\>reads\\</i\\> \\*slowly\\* |" in noted
    assert OLD_NOTE not in noted
    assert "(newest note: Wes: \\[red\\]quiet\\[/red\\] today)" in noted


def test_html_is_one_escaped_page_and_notes_only_with_notes(session_cli: Cli, store: Path) -> None:
    page = _run(session_cli, store, ROOM, "--format", "html")
    assert page.startswith("<!doctype html>") and page.count("<html") == 1 and page.rstrip().endswith("</html>")
    assert "<h1>Room 9: MTSS review, Fri 20 Nov</h1>" in page
    assert "<b>50% at or above benchmark: under the 80% a core serves</b>" in page
    assert "<td>Theo &amp; &lt;b&gt;Three&lt;/b&gt;</td>" in page and "<b>Three</b>" not in page
    assert "<td>Phonics &lt;booster&gt;</td>" in page
    assert "<td>Sounds &lt;known&gt; &amp; named: ○ well below</td>" in page
    assert '<tr class="due"><td>Theo' in page  # the review due today stands out
    assert "<li><b>[bold]Wes[/bold]</b>: well below benchmark: Sounds &lt;known&gt; &amp; named</li>" in page
    assert "note" not in page and "calc" not in page and "quiet" not in page
    noted = _run(session_cli, store, ROOM, "--format", "html", "--notes")
    assert "<th>newest note</th>" in noted
    assert "<td>=cmd|&#x27; /C calc&#x27;!A0 &lt;i&gt;reads&lt;/i&gt; *slowly*</td>" in noted
    assert "<i>reads</i>" not in noted and OLD_NOTE not in noted
    assert "<i>(newest note: Wes: [red]quiet[/red] today)</i>" in noted
    core = _run(session_cli, store, CORE, "--format", "html")
    assert "80% at or above benchmark: core teaching is serving the class" in core


def test_csv_is_one_quoted_guarded_row_per_listed_student(session_cli: Cli, store: Path) -> None:
    text = _run(session_cli, store, ROOM, "--format", "csv")
    lines = text.split("\r\n")
    assert lines[0] == ('"student_id","student","tier","intervention","start","review","review_due","weeks",'
                        '"sessions_planned","sessions_delivered","goal_status","benchmark","stalled","detour",'
                        '"to_discuss"')
    assert lines[-1] == "" and len(lines) == 6  # header, two Tier 2/3 rows, two to discuss, the last line's end
    rows = parse_csv(text)
    assert rows[0] == {
        "student_id": "t2", "student": "'=Tia Two", "tier": "2", "intervention": "Phonics <booster>",
        "start": "2026-11-02", "review": "2026-12-14", "review_due": "no", "weeks": "2", "sessions_planned": "9",
        "sessions_delivered": "1", "goal_status": "below", "benchmark": "Sounds <known> & named: well-below",
        "stalled": "no", "detour": "", "to_discuss": "",
    }
    assert (rows[1]["student"], rows[1]["review_due"], rows[1]["weeks"], rows[1]["sessions_planned"],
            rows[1]["sessions_delivered"], rows[1]["goal_status"]) == ("Theo & <b>Three</b>", "yes", "6", "35", "2",
                                                                        "")
    assert [(r["student_id"], r["tier"], r["to_discuss"]) for r in rows[2:]] == [
        ("w1", "1", "well below benchmark: Sounds <known> & named"),
        ("a1", "1", "below the goal line: Sounds <known> & named"),
    ]
    assert "calc" not in text and "quiet" not in text
    noted = parse_csv(_run(session_cli, store, ROOM, "--format", "csv", "--notes"))
    # The note holds a formula after a bar: guarded as the other exports guard it.
    assert noted[0]["newest_note"] == "'=cmd|' /C calc'!A0 <i>reads</i> *slowly*"
    assert [r["newest_note"] for r in noted[1:]] == ["", WES_NOTE, ""]


def test_output_file_holds_what_standard_output_would(session_cli: Cli, store: Path, tmp_path: Path) -> None:
    for fmt in ("md", "html", "csv", "text"):
        target = tmp_path / f"mtss.{fmt}"
        before = snapshot(store)
        r = session_cli.ok("mtss", ROOM, "--format", fmt, "--notes", "-o", target, store=store)
        assert snapshot(store) == before
        assert r.out == "" and f"Wrote {target}" in r.err
        written = target.read_bytes().decode("utf-8")
        if fmt == "text":  # plain text, no colour codes
            assert "\x1b" not in written and "Room 9: MTSS review, Fri 20 Nov" in written
            assert "1 of 9 (short)" in written and NEW_NOTE in written
        else:
            assert written == _run(session_cli, store, ROOM, "--format", fmt, "--notes")
    target = tmp_path / "mtss.json"
    session_cli.ok("mtss", ROOM, "--json", "-o", target, store=store)
    assert json.loads(target.read_text(encoding="utf-8")) == EXPECTED


def test_an_unknown_class_is_refused_and_nothing_written(session_cli: Cli, store: Path) -> None:
    before = snapshot(store)
    assert_error(session_cli("mtss", "Room 99", store=store), 1, "Room 99")
    assert_error(session_cli("mtss", "Room 99", "--json", store=store), 1, "Room 99")
    assert snapshot(store) == before


def test_json_loads_no_rich_and_no_textual(session_cli: Cli, store: Path) -> None:
    code = (
        "import sys, io, contextlib\n"
        "from grouper.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    rc = main(['--store', sys.argv[1], 'mtss', 'Room 9', '--json'])\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'})\n"
        "print(rc, '\"to_discuss\"' in out.getvalue(), loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(store)], capture_output=True, text=True, timeout=120,
                            env=session_cli.env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0 True []"
