"""grouper progress (text, --json, --format md|html, -o, --by-tag), grouper plan lock, and the
stalled / slipped / due marks and the changes since a locked plan in grouper groups --json.

The class history is typed through the CLI itself, one ``grouper score --date`` at a time, with
dates set at the boundaries of each rule as seen on GROUPER_TODAY, Friday 2026-11-20:
stalled from 21 days at a stage (with 3 scores there), check due from 14 days without a score.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import NEXT_SCHOOL_DAY, TODAY, Cli, assert_error, placements, snapshot, write_text

CLASS = "Room 9"
STAGES = ["print", "letters", "phonemes", "sight", "decoding", "digraphs", "text", "fluency", "complete"]

#: id, name, tags; the roster order is the order of every list below.
ROSTER = (
    ("z1", "Zoë Ng", "ELL"),
    ("a1", "Ana Lopez", ""),
    ("b1", "Bo Li", ""),
    ("c1", "Cy Ito", "IEP"),
    ("e1", "Eve Park", "IEP"),
    ("d1", "Dan Roe", ""),
    ("r1", "Rosa Díaz", "ELL"),
    ("n1", "Noor Ali", ""),
)

#: Typed in this order (so same-day entries keep it): student, check, value, date.
HISTORY = (
    # Zoë: at letters since Fri 30 Oct, exactly 21 days; three scores there since: stalled.
    ("z1", "cap", "11", "2026-10-30"),
    ("z1", "lid", "30", "2026-11-02"),
    ("z1", "lsnd", "20", "2026-11-09"),
    ("z1", "lid", "41", "2026-11-16"),
    # Ana: the same, but arrived a day later (20 days): not stalled.
    ("a1", "cap", "10", "2026-10-31"),
    ("a1", "lid", "30", "2026-11-02"),
    ("a1", "lsnd", "20", "2026-11-09"),
    ("a1", "lid", "41", "2026-11-16"),
    # Bo: mastered letters on 27 Oct, then letter names fell below mastery on 18 Nov: slipped.
    ("b1", "cap", "12", "2026-10-26"),
    ("b1", "lid", "52", "2026-10-27"),
    ("b1", "lsnd", "25", "2026-10-27"),
    ("b1", "lid", "40", "2026-11-18"),
    # Cy: last scored at letters on Fri 6 Nov, exactly 14 days: check due.
    ("c1", "cap", "10", "2026-11-02"),
    ("c1", "lid", "20", "2026-11-06"),
    # Eve: last scored at letters on Sat 7 Nov, 13 days: not due yet.
    ("e1", "cap", "10", "2026-11-02"),
    ("e1", "lid", "20", "2026-11-07"),
    # Dan: 12 typed, corrected to 8 the same day: still at print, and no slip.
    ("d1", "cap", "12", "2026-11-19"),
    ("d1", "cap", "8", "2026-11-19"),
    # Rosa: last scored 5 Nov, then away all of the week of 16 Nov; back on Monday.
    ("r1", "cap", "10", "2026-10-26"),
    ("r1", "lid", "30", "2026-11-05"),
)
ROSA_AWAY = ("2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20")

#: What `grouper progress --json` says about each student on 2026-11-20.
EXPECTED = {
    "z1": ("letters", "working", "2026-10-30", True, [], False, "2026-11-16"),
    "a1": ("letters", "working", "2026-10-31", False, [], False, "2026-11-16"),
    "b1": ("letters", "working", "2026-11-18", False, ["lid"], False, "2026-11-18"),
    "c1": ("letters", "working", "2026-11-02", False, [], True, "2026-11-06"),
    "e1": ("letters", "working", "2026-11-02", False, [], False, "2026-11-07"),
    "d1": ("print", "working", "2026-11-19", False, [], False, "2026-11-19"),
    "r1": ("letters", "working", "2026-10-26", False, [], True, "2026-11-05"),
    # Noor: on the roster since 26 Oct and never scored: due.
    "n1": ("print", "needs-assessment", None, False, [], True, None),
}
FIELDS = ("stage", "status", "stage_since", "stalled", "slipped", "due", "last_scored")

#: Students at each stage (print, letters, phonemes, then none further) at the end of each week.
WEEKS = [
    ("2026-10-30", [5, 2, 1]),  # first score Mon 26 Oct: the first Friday is 30 Oct
    ("2026-11-06", [2, 5, 1]),
    ("2026-11-13", [2, 5, 1]),
    ("2026-11-20", [2, 6, 0]),  # Bo back at letters since Wednesday
]


def full(counts: list[int]) -> list[int]:
    return counts + [0] * (len(STAGES) - len(counts))


@pytest.fixture(scope="module")
def history_store(session_cli: Cli, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """'Room 9' with the history above, typed score by score. Read it; never write it."""
    base = tmp_path_factory.mktemp("progress-base")
    store = base / "store"
    session_cli.ok("class", "new", CLASS, "--pathway", "early-literacy", store=store)
    roster = "id,name,tags\n" + "".join(f"{sid},{name},{tags}\n" for sid, name, tags in ROSTER)
    # The roster came in on the first day of scoring, so *due* counts from 26 Oct for everyone.
    session_cli.ok("roster", "import", CLASS, write_text(base / "roster.csv", roster), store=store,
                   env={"GROUPER_TODAY": "2026-10-26"})
    for sid, check, value, day in HISTORY:
        session_cli.ok("score", CLASS, sid, check, value, "--date", day, store=store)
    for day in ROSA_AWAY:
        session_cli.ok("absent", CLASS, "rosa", "--date", day, store=store)
    return store


@pytest.fixture
def history(history_store: Path, tmp_path: Path) -> Path:
    """A private copy of the history store, free to write."""
    return Path(shutil.copytree(history_store, tmp_path / "store"))


@pytest.fixture(scope="module")
def progress_json(session_cli: Cli, history_store: Path) -> dict[str, Any]:
    return json.loads(session_cli.ok("progress", CLASS, "--json", store=history_store).out)  # type: ignore[no-any-return]


# --- grouper progress --json -------------------------------------------------------------------


def test_progress_json_names_the_class_and_the_day(progress_json: dict[str, Any]) -> None:
    assert progress_json["class"] == CLASS
    assert progress_json["pathway"] == "early-literacy"
    assert progress_json["date"] == TODAY
    assert [(s["id"], s["name"]) for s in progress_json["students"]] == [(sid, name) for sid, name, _ in ROSTER]


@pytest.mark.parametrize("sid", list(EXPECTED))
def test_progress_json_per_student(progress_json: dict[str, Any], sid: str) -> None:
    (student,) = [s for s in progress_json["students"] if s["id"] == sid]
    assert tuple(student[k] for k in FIELDS) == EXPECTED[sid]


def test_progress_json_boundaries_are_a_day_apart(progress_json: dict[str, Any]) -> None:
    by_id = {s["id"]: s for s in progress_json["students"]}
    # 21 days at the stage (stalled) against 20 (not), each with 3 scores there.
    assert (by_id["z1"]["days_at_stage"], by_id["z1"]["scores_at_stage"], by_id["z1"]["stalled"]) == (21, 3, True)
    assert (by_id["a1"]["days_at_stage"], by_id["a1"]["scores_at_stage"], by_id["a1"]["stalled"]) == (20, 3, False)
    # 14 days without a score at the stage (due) against 13 (not).
    assert (by_id["c1"]["due"], by_id["e1"]["due"]) == (True, False)


def test_progress_json_same_day_correction(progress_json: dict[str, Any]) -> None:
    (dan,) = [s for s in progress_json["students"] if s["id"] == "d1"]
    assert dan["timeline"] == [{"stage": "print", "reached": "2026-11-19", "left": None}]  # never at letters
    assert dan["scores_at_stage"] == 1  # the 12 was a typo, corrected: one score, not two
    assert dan["slipped"] == []


def test_progress_json_timeline_of_a_student_who_slipped_back(progress_json: dict[str, Any]) -> None:
    (bo,) = [s for s in progress_json["students"] if s["id"] == "b1"]
    assert bo["timeline"] == [
        {"stage": "letters", "reached": "2026-10-26", "left": "2026-10-27"},
        {"stage": "phonemes", "reached": "2026-10-27", "left": "2026-11-18"},
        {"stage": "letters", "reached": "2026-11-18", "left": None},
    ]


def test_progress_json_tomorrows_student_back_from_absence(
    progress_json: dict[str, Any], session_cli: Cli, history_store: Path
) -> None:
    (rosa,) = [s for s in progress_json["students"] if s["id"] == "r1"]
    assert rosa["due"] is True  # away all last week: assess her first thing
    assert rosa["stalled"] is False  # 25 days at letters, but only one score there
    plan = session_cli.groups(history_store, CLASS)
    assert plan["date"] == NEXT_SCHOOL_DAY
    assert plan["unplaced"] == []  # she is back on Monday
    (placed,) = [s for g in plan["groups"] for s in g["students"] if s["id"] == "r1"]
    assert placed["due"] is True


def test_a_score_on_return_clears_check_due(cli: Cli, history: Path) -> None:
    cli.ok("score", CLASS, "rosa", "lsnd", "22", store=history)  # today
    data = json.loads(cli.ok("progress", CLASS, "--json", store=history).out)
    (rosa,) = [s for s in data["students"] if s["id"] == "r1"]
    assert (rosa["due"], rosa["last_scored"], rosa["stalled"]) == (False, TODAY, False)


def test_a_third_score_makes_a_student_stalled(cli: Cli, history: Path) -> None:
    # Cy, at letters since 2 Nov (18 days), with 1 score there: two more, and three days on, stalled.
    cli.ok("score", CLASS, "cy", "lsnd", "15", "--date", "2026-11-12", store=history)
    cli.ok("score", CLASS, "cy", "lid", "22", "--date", "2026-11-19", store=history)
    data = json.loads(cli.ok("progress", CLASS, "--json", store=history).out)
    assert [(s["stalled"], s["due"]) for s in data["students"] if s["id"] == "c1"] == [(False, False)]
    later = json.loads(cli.ok("progress", CLASS, "--json", store=history, env={"GROUPER_TODAY": "2026-11-23"}).out)
    assert [s["stalled"] for s in later["students"] if s["id"] == "c1"] == [True]  # 21 days


# --- grouper progress as a table -----------------------------------------------------------------


def test_progress_table_marks_each_student(cli: Cli, history_store: Path) -> None:
    out = cli.ok("progress", CLASS, store=history_store).out
    lines = {sid: next(line for line in out.splitlines() if line.startswith(name)) for sid, name, _ in ROSTER}
    assert "stalled 21d" in lines["z1"] and "Fri 30 Oct" in lines["z1"]
    assert "stalled" not in lines["a1"]
    assert "slipped Letters named (of 54)" in lines["b1"]
    assert "check due" in lines["c1"] and "check due" not in lines["e1"]
    assert "check due" in lines["r1"] and "check due" in lines["n1"]
    assert "slipped" not in lines["d1"]
    assert "Needs attention: 5" in out
    assert "By tag" not in out and "ELL" not in out and "IEP" not in out  # the equity lens is off by default


def test_progress_table_by_tag(cli: Cli, history_store: Path) -> None:
    out = cli.ok("progress", CLASS, "--by-tag", store=history_store).out
    assert "By tag" in out
    rows = {line.split()[0]: line for line in out.splitlines() if line.split()[:1] in (["ELL"], ["IEP"], ["(no"])}
    assert rows["ELL"].split()[1:4] == ["0", "2", "0"]
    assert rows["IEP"].split()[1:4] == ["0", "2", "0"]
    assert rows["(no"].split()[2:5] == ["2", "2", "0"]


# --- grouper progress --format md | html, -o ----------------------------------------------------


#: A week's end as the report shows it, in the one date style (``Fri 30 Oct``).
_DAY = r"[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}"


def _iso(words: str) -> str:
    """``Fri 30 Oct`` back to the ISO date of 2026 it names, to compare with ``WEEKS``."""
    return dt.datetime.strptime(f"{words} 2026", "%a %d %b %Y").date().isoformat()


def md_weeks(text: str) -> list[tuple[str, list[int]]]:
    rows = re.findall(rf"^\| ({_DAY}) \|(.*)\|$", text, flags=re.M)
    return [(_iso(day), [int(c) for c in cells.split("|")]) for day, cells in rows]


def html_weeks(text: str) -> list[tuple[str, list[int]]]:
    rows = re.findall(rf"<tr><th>({_DAY})</th>(.*?)</tr>", text)
    return [(_iso(day), [int(n) for n in re.findall(r"<td>(\d+)</td>", cells)]) for day, cells in rows]


def test_markdown_has_the_class_profile_week_by_week(cli: Cli, history_store: Path) -> None:
    text = cli.ok("progress", CLASS, "--format", "md", store=history_store).out
    assert text.startswith(f"# {CLASS}: progress to Fri 20 Nov")
    assert "| week ending | 1 Concepts of print | 2 Letter names and sounds |" in text
    assert md_weeks(text) == [(day, full(counts)) for day, counts in WEEKS]
    # The words of the app's needs-attention list, symbols and check labels included.
    assert ("Zoë Ng (Letter names and sounds): ⟳ stalled: 21 days at Letter names and sounds "
            "\\(since Fri 30 Oct\\), 3 scores there") in text
    assert "Bo Li (Letter names and sounds): ↘ slipped below mastery again: Letters named \\(of 54\\)" in text
    assert "Cy Ito (Letter names and sounds): ◷ check due: 14 days without a score at Letter names and sounds" in text
    assert "Eve Park" not in text and "Ana Lopez" not in text and "Dan Roe" not in text
    assert "Noor Ali (Concepts of print): ◷ check due: no score yet at Concepts of print" in text
    assert "By tag" not in text and "ELL" not in text and "IEP" not in text


def test_html_has_the_class_profile_week_by_week(cli: Cli, history_store: Path) -> None:
    text = cli.ok("progress", CLASS, "--format", "html", store=history_store).out
    assert text.startswith("<!doctype html>")
    assert text.rstrip().endswith("</html>")
    assert html_weeks(text) == [(day, full(counts)) for day, counts in WEEKS]
    assert ("<b>Zoë Ng</b> (Letter names and sounds): ⟳ stalled: 21 days at Letter names and sounds "
            "(since Fri 30 Oct), 3 scores there") in text
    assert "By tag" not in text and "ELL" not in text


def test_markdown_by_tag_splits_the_counts(cli: Cli, history_store: Path) -> None:
    text = cli.ok("progress", CLASS, "--format", "md", "--by-tag", store=history_store).out
    rows = re.findall(r"^\| (ELL|IEP|\S*no tag\S*) \|(.*)\|$", text, flags=re.M)
    cells = {tag.replace("\\", ""): [c.strip() for c in rest.split("|")] for tag, rest in rows}
    assert list(cells) == ["ELL", "IEP", "(no tag)"]
    assert cells["ELL"][:-1] == [str(n) for n in full([0, 2])]
    assert "stalled 1, slipped 0, check due 1" in cells["ELL"][-1]
    assert cells["IEP"][:-1] == [str(n) for n in full([0, 2])]
    assert "stalled 0, slipped 0, check due 1" in cells["IEP"][-1]
    assert cells["(no tag)"][:-1] == [str(n) for n in full([2, 2])]
    assert "stalled 0, slipped 1, check due 1" in cells["(no tag)"][-1]
    assert md_weeks(text) == [(day, full(counts)) for day, counts in WEEKS]  # the class profile is still whole


def test_html_by_tag_splits_the_counts(cli: Cli, history_store: Path) -> None:
    text = cli.ok("progress", CLASS, "--format", "html", "--by-tag", store=history_store).out
    assert "<h2>By tag</h2>" in text
    rows = dict(re.findall(r"<tr><th>(ELL|IEP|\(no tag\))</th>(.*?)</tr>", text))
    assert set(rows) == {"ELL", "IEP", "(no tag)"}
    counts = {tag: [int(n) for n in re.findall(r"<td>(\d+)</td>", cells)] for tag, cells in rows.items()}
    assert counts == {"ELL": full([0, 2]), "IEP": full([0, 2]), "(no tag)": full([2, 2])}


@pytest.mark.parametrize("fmt, start", [("md", f"# {CLASS}: progress"), ("html", "<!doctype html>")])
def test_output_file_gets_what_standard_output_would(cli: Cli, history: Path, tmp_path: Path, fmt: str,
                                                     start: str) -> None:
    target = tmp_path / f"progress.{fmt}"
    before = snapshot(history)
    r = cli.ok("progress", CLASS, "--format", fmt, "-o", target, store=history)
    assert r.out == ""
    assert str(target) in r.err
    text = target.read_text(encoding="utf-8")
    assert text.startswith(start)
    assert text == cli.ok("progress", CLASS, "--format", fmt, store=history).out
    assert snapshot(history) == before  # a report reads the class, never writes it


def test_output_to_a_folder_or_nowhere_is_refused(cli: Cli, history_store: Path, tmp_path: Path) -> None:
    r = cli("progress", CLASS, "--format", "md", "-o", tmp_path, store=history_store)
    assert_error(r, 2, "folder")
    missing = tmp_path / "no-such-folder" / "p.md"
    r = cli("progress", CLASS, "--format", "md", "-o", missing, store=history_store)
    assert_error(r, 1, str(missing))
    assert not missing.parent.exists()


def test_output_file_with_the_default_format_is_written_as_plain_text(cli: Cli, history_store: Path,
                                                                      tmp_path: Path) -> None:
    target = tmp_path / "progress.txt"
    r = cli("progress", CLASS, "-o", target, store=history_store)
    assert r.code == 0 and r.out == "", str(r)
    text = target.read_text(encoding="utf-8")
    assert "stalled" in text and "\x1b[" not in text  # the table, without colour codes


def test_json_output_file_is_written(cli: Cli, history_store: Path, tmp_path: Path) -> None:
    target = tmp_path / "progress.json"
    r = cli("progress", CLASS, "--json", "-o", target, store=history_store)
    assert r.code == 0 and r.out == "", str(r)
    assert json.loads(target.read_text(encoding="utf-8"))["class"] == CLASS


# --- grouper groups --json: the marks on each placement --------------------------------------------


def test_groups_json_placements_carry_stalled_slipped_due(cli: Cli, history_store: Path) -> None:
    plan = cli.groups(history_store, CLASS)
    marks = {p["id"]: (p["stalled"], p["slipped"], p["due"]) for p in plan["placements"]}
    assert marks == {sid: (e[3], e[4], e[5]) for sid, e in EXPECTED.items()}
    in_groups = {s["id"]: (s["stalled"], s["slipped"], s["due"]) for g in plan["groups"] for s in g["students"]}
    assert in_groups == marks
    assert plan["locked"] is None and plan["changes"] == []


def test_an_absent_student_keeps_their_marks_in_placements(cli: Cli, history: Path) -> None:
    cli.ok("absent", CLASS, "zoe", store=history)  # away on Monday
    plan = cli.groups(history, CLASS)
    assert plan["unplaced"] == [{"id": "z1", "name": "Zoë Ng", "reason": "absent"}]
    (zoe,) = [p for p in plan["placements"] if p["id"] == "z1"]
    assert (zoe["stalled"], zoe["slipped"], zoe["due"]) == (True, [], False)


# --- grouper plan lock, and what changed since --------------------------------------------------------


def test_lock_then_change_scores_shows_who_moved(cli: Cli, history: Path) -> None:
    r = cli.ok("plan", "lock", CLASS, store=history)
    assert r.out.startswith(f"{CLASS}: Locked the plan for Mon 23 Nov")
    locked_plan = cli.groups(history, CLASS)
    assert locked_plan["changes"] == []
    assert locked_plan["locked"]["date"] == NEXT_SCHOOL_DAY
    cli.ok("score", CLASS, "noor", "cap", "12", store=history)  # up to letters
    cli.ok("score", CLASS, "ana", "cap", "5", store=history)  # back to print
    plan = cli.groups(history, CLASS)
    assert plan["changes"] == [
        {"student_id": "a1", "name": "Ana Lopez", "kind": "down", "before": "Letter names and sounds",
         "after": "Concepts of print"},
        {"student_id": "n1", "name": "Noor Ali", "kind": "up", "before": "Concepts of print",
         "after": "Letter names and sounds"},
    ]
    # The locked plan is kept exactly as it was: Ana still at letters, Noor at print.
    kept = plan["locked"]["plan"]
    assert placements(kept)["a1"] == ("letters", "working")
    assert placements(kept)["n1"] == ("print", "needs-assessment")
    assert kept["groups"] == locked_plan["groups"]
    assert placements(plan)["a1"] == ("print", "working")
    slipped = {p["id"]: p["slipped"] for p in plan["placements"]}
    assert slipped["a1"] == ["cap"]
    table = cli.ok("groups", CLASS, store=history).out
    assert "Since the plan locked for Mon 23 Nov" in table
    assert "Ana Lopez moved back: Letter names and sounds → Concepts of print" in table
    assert "Noor Ali moved up: Concepts of print → Letter names and sounds" in table


def test_a_student_who_would_sit_in_another_group(cli: Cli, history: Path) -> None:
    # Print: Dan and Noor; letters: the other six. Noor moves up, so Dan is alone at print
    # and one letters student (Bo, who needs only letter names) joins him.
    cli.ok("plan", "lock", CLASS, store=history)
    cli.ok("score", CLASS, "noor", "cap", "12", store=history)
    plan = cli.groups(history, CLASS)
    assert [(c["student_id"], c["kind"]) for c in plan["changes"]] == [("b1", "group"), ("n1", "up")]
    (bo,) = [c for c in plan["changes"] if c["student_id"] == "b1"]
    assert (bo["before"], bo["after"]) == ("Group 2 (Letter names and sounds)", "Group 1 (Concepts of print)")


def test_locking_again_the_same_day_replaces_the_plan(cli: Cli, history: Path) -> None:
    cli.ok("plan", "lock", CLASS, store=history)
    cli.ok("score", CLASS, "noor", "cap", "12", store=history)
    r = cli.ok("plan", "lock", CLASS, store=history)
    assert r.out.startswith(f"{CLASS}: Locked again the plan for Mon 23 Nov")
    plans = cli.bundle(history, CLASS)["plans"]
    assert [p["date"] for p in plans] == [NEXT_SCHOOL_DAY]
    assert placements(plans[0]["plan"])["n1"] == ("letters", "needs-assessment")
    plan = cli.groups(history, CLASS)
    assert plan["changes"] == []
    assert plan["locked"]["plan"]["placements"] == plan["placements"]


def test_each_day_compares_with_the_latest_plan_locked_on_or_before_it(cli: Cli, history: Path) -> None:
    cli.ok("plan", "lock", CLASS, store=history)  # for Mon 23 Nov
    cli.ok("score", CLASS, "noor", "cap", "12", store=history)
    r = cli.ok("plan", "lock", CLASS, "--date", "2026-11-24", store=history)
    assert r.out.startswith(f"{CLASS}: Locked the plan for Tue 24 Nov")
    assert [p["date"] for p in cli.bundle(history, CLASS)["plans"]] == [NEXT_SCHOOL_DAY, "2026-11-24"]
    assert cli.groups(history, CLASS, "--date", "2026-11-20")["locked"] is None  # before either
    monday = cli.groups(history, CLASS, "--date", NEXT_SCHOOL_DAY)
    assert monday["locked"]["date"] == NEXT_SCHOOL_DAY
    assert ("n1", "up") in [(c["student_id"], c["kind"]) for c in monday["changes"]]
    tuesday = cli.groups(history, CLASS, "--date", "2026-11-24")
    assert (tuesday["locked"]["date"], tuesday["changes"]) == ("2026-11-24", [])
    later = cli.groups(history, CLASS, "--date", "2026-12-01")
    assert (later["locked"]["date"], later["changes"]) == ("2026-11-24", [])


@pytest.mark.parametrize("bad", ["2026-11-31", "tomorrow", "23/11/2026", "2026-1-23"])
def test_plan_lock_with_a_bad_date_is_a_usage_error_and_writes_nothing(cli: Cli, history: Path, bad: str) -> None:
    before = snapshot(history)
    r = cli("plan", "lock", CLASS, "--date", bad, store=history)
    assert_error(r, 2, f"'{bad}'", "2026-11-23", max_lines=1)
    assert r.out == ""
    assert snapshot(history) == before


def test_plan_lock_with_an_empty_date_is_a_usage_error(cli: Cli, history: Path) -> None:
    before = snapshot(history)
    r = cli("plan", "lock", CLASS, "--date", "", store=history)
    assert_error(r, 2, "--date", max_lines=1)
    assert snapshot(history) == before


def test_plan_lock_of_an_unknown_class_writes_nothing(cli: Cli, history: Path) -> None:
    before = snapshot(history)
    r = cli("plan", "lock", "Room 99", store=history)
    assert r.code == 1, str(r)
    assert "Traceback" not in r.err and len(r.err_lines) <= 2
    assert snapshot(history) == before
