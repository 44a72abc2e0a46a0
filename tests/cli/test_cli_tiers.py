"""grouper tier CLASS STUDENT [1|2|3]: set and show a student's tier of support, its defaults, its refusals
(nothing written); the sessions delivered from locked plans; tiers kept through a class bundle; and the
benchmark status in ``progress --json`` for a class on a screening pathway.

GROUPER_TODAY is Fri 20 Nov 2026: six weeks on is Fri 1 Jan 2027.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import CLASS, Cli, assert_error, snapshot, write_text


def _tiers(cli: Cli, store: Path, cls: str = CLASS) -> list[dict[str, Any]]:
    return cli.bundle(store, cls).get("tiers", [])  # type: ignore[no-any-return]


# --- set and show ---------------------------------------------------------------------------------------------------


def test_a_student_never_changed_is_at_tier_1(cli: Cli, room: Path) -> None:
    r = cli.ok("tier", CLASS, "a1", store=room)
    assert r.out == "Room 7: Ana Lopez is at Tier 1 (core teaching).\n"
    assert r.err == ""


def test_tier_2_is_set_from_today_with_the_review_six_weeks_on(cli: Cli, room: Path) -> None:
    r = cli.ok("tier", CLASS, "a1", "2", "--intervention", "Phonics booster", "--sessions-per-week", "3",
               "--reason", "stalled at sounds", store=room)
    assert r.out == ("Room 7: Ana Lopez is at Tier 2: Phonics booster, 3 sessions a week from Fri 20 Nov "
                     "(was Tier 1).\n  Review: Fri 1 Jan.\n")
    assert _tiers(cli, room) == [{"student": "a1", "tier": 2, "date": "2026-11-20", "intervention": "Phonics booster",
                                  "sessions_per_week": 3, "review": "2027-01-01", "reason": "stalled at sounds"}]


def test_the_tier_shown_with_sessions_review_and_every_change(cli: Cli, room: Path) -> None:
    cli.ok("tier", CLASS, "a1", "2", "--intervention", "Phonics booster", "--sessions-per-week", "3",
           "--start", "2026-11-16", "--reason", "stalled", store=room)
    r = cli.ok("tier", CLASS, "a1", store=room)
    assert r.out == ("Room 7: Ana Lopez is at Tier 2: Phonics booster, 3 sessions a week.\n"
                     "  Sessions delivered: not recorded (no plan locked since it started); 3 planned so far\n"
                     "  Review: Mon 28 Dec.\n"
                     "Changes:\n"
                     "  Mon 16 Nov  Tier 2: Phonics booster, 3 sessions a week: stalled\n")


def test_a_change_to_tier_3_then_back_to_1_keeps_every_line(cli: Cli, room: Path) -> None:
    cli.ok("tier", CLASS, "a1", "2", "--intervention", "Phonics booster", "--start", "2026-10-05", store=room)
    r = cli.ok("tier", CLASS, "a1", "3", "--intervention", "Intensive phonics", "--sessions-per-week", "5",
               "--start", "2026-11-02", "--review", "2026-11-16", store=room)
    assert r.out == ("Room 7: Ana Lopez is at Tier 3: Intensive phonics, 5 sessions a week from Mon 2 Nov "
                     "(was Tier 2: Phonics booster).\n  Review: Mon 16 Nov.\n")
    shown = cli.ok("tier", CLASS, "a1", store=room).out
    assert "  Review: Mon 16 Nov (review due).\n" in shown
    assert "  Sessions delivered: not recorded (no plan locked since it started); 15 planned so far\n" in shown
    r = cli.ok("tier", CLASS, "a1", "1", "--reason", "caught up", store=room)
    assert r.out == ("Room 7: Ana Lopez is at Tier 1 (core teaching) from Fri 20 Nov "
                     "(was Tier 3: Intensive phonics, 5 sessions a week).\n")
    assert cli.ok("tier", CLASS, "a1", store=room).out == (
        "Room 7: Ana Lopez is at Tier 1 (core teaching).\n"
        "Changes:\n"
        "  Mon 5 Oct  Tier 2: Phonics booster\n"
        "  Mon 2 Nov  Tier 3: Intensive phonics, 5 sessions a week\n"
        "  Fri 20 Nov  Tier 1 (core teaching): caught up\n")
    assert [(t["tier"], t["date"]) for t in _tiers(cli, room)] == [(2, "2026-10-05"), (3, "2026-11-02"),
                                                                   (1, "2026-11-20")]


def test_one_session_a_week_is_said_in_the_singular(cli: Cli, room: Path) -> None:
    r = cli.ok("tier", CLASS, "Bo Li", "2", "--intervention", "Read aloud", "--sessions-per-week", "1", store=room)
    assert "is at Tier 2: Read aloud, 1 session a week from Fri 20 Nov" in r.out


def test_a_start_in_the_future_is_not_the_tier_yet(cli: Cli, room: Path) -> None:
    r = cli.ok("tier", CLASS, "a1", "2", "--intervention", "Phonics", "--start", "2026-11-23", store=room)
    assert "from Mon 23 Nov" in r.out and "Review: Mon 4 Jan." in r.out
    shown = cli.ok("tier", CLASS, "a1", store=room).out
    assert shown.startswith("Room 7: Ana Lopez is at Tier 1 (core teaching).\n")
    assert "  Mon 23 Nov  Tier 2: Phonics\n" in shown


def test_a_backdated_change_says_the_tier_in_force(cli: Cli, room: Path) -> None:
    cli.ok("tier", CLASS, "a1", "2", "--intervention", "Phonics booster", store=room)
    r = cli("tier", CLASS, "a1", "3", "--intervention", "Intensive", "--start", "2026-11-16", store=room)
    shown = cli.ok("tier", CLASS, "a1", store=room).out
    in_force = shown.splitlines()[0].split(" is at ")[1].rstrip(".")  # Tier 2: Phonics booster
    assert r.code != 0 or r.out.splitlines()[0].split(" is at ")[1].startswith(in_force)


def test_the_dose_is_read_from_the_locked_plans_the_student_there(cli: Cli, room: Path) -> None:
    cli.ok("tier", CLASS, "z1", "2", "--intervention", "Letters", "--sessions-per-week", "5",
           "--start", "2026-11-16", store=room)
    for day in ("2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19"):
        cli.ok("plan", "lock", CLASS, "--date", day, store=room)
    cli.ok("absent", CLASS, "z1", "--date", "2026-11-18", store=room)
    bundle = cli.bundle(room)
    met = sum(1 for p in bundle["plans"] if p["date"] != "2026-11-18"
              and any(g.get("meets", True) and any(s["id"] == "z1" for s in g["students"])
                      for g in p["plan"]["groups"]))
    shown = cli.ok("tier", CLASS, "z1", store=room).out
    short = " (short of the plan)" if met < 5 else ""
    assert f"  Sessions delivered: {met} of 5 planned{short}\n" in shown
    assert met >= 1  # the class's one group met at least once with Zoë in it


# --- refusals: exit codes, one plain line, nothing written -------------------------------------------------------

REFUSALS = {
    # name: (arguments after CLASS a1, exit code, words)
    "tier-1-with-intervention": (["1", "--intervention", "Phonics"], 2,
                                 "Tier 1 is core teaching: no --intervention, --sessions-per-week or --review"),
    "tier-1-with-sessions": (["1", "--sessions-per-week", "3"], 2, "Tier 1 is core teaching"),
    "tier-1-with-review": (["1", "--review", "2026-12-01"], 2, "Tier 1 is core teaching"),
    "tier-4": (["4", "--intervention", "X"], 2, "invalid choice: 4 (choose from 1, 2, 3)"),
    "tier-0": (["0"], 2, "invalid choice: 0"),
    "tier-word": (["two"], 2, "TIER"),
    "options-without-tier": (["--intervention", "Phonics"], 2, "give the tier too"),
    "bad-start": (["2", "--intervention", "X", "--start", "2026-13-01"], 2,
                  "--start '2026-13-01' is not a date like 2026-11-23"),
    "bad-review": (["2", "--intervention", "X", "--review", "21/12/2026"], 2,
                   "--review '21/12/2026' is not a date like 2026-11-23"),
    "sessions-not-a-number": (["2", "--intervention", "X", "--sessions-per-week", "three"], 2, "--sessions-per-week"),
    "tier-2-without-intervention": (["2"], 1,
                                    "Tier 2 needs the intervention's name (--intervention) in 'Room 7'; "
                                    "nothing was saved"),
    "tier-3-blank-intervention": (["3", "--intervention", "   "], 1, "Tier 3 needs the intervention's name"),
    "review-before-start": (["2", "--intervention", "X", "--start", "2026-11-20", "--review", "2026-11-19"], 1,
                            "the review (Thu 19 Nov) must come after the start (Fri 20 Nov) in 'Room 7'; "
                            "nothing was saved"),
    "review-on-start": (["2", "--intervention", "X", "--review", "2026-11-20"], 1, "must come after the start"),
    "sessions-0": (["2", "--intervention", "X", "--sessions-per-week", "0"], 1,
                   "sessions a week must be from 1 to 10"),
    "sessions-11": (["2", "--intervention", "X", "--sessions-per-week", "11"], 1,
                    "sessions a week must be from 1 to 10"),
    "long-intervention": (["2", "--intervention", "x" * 201], 1, "at most 200 characters"),
}


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_a_refused_tier_says_why_and_writes_nothing(cli: Cli, room: Path, name: str) -> None:
    args, code, words = REFUSALS[name]
    before = snapshot(room)
    r = cli("tier", CLASS, "a1", *args, store=room)
    assert_error(r, code, words, max_lines=3)
    assert r.out == ""
    assert snapshot(room) == before


def test_an_unknown_student_or_class_is_refused(cli: Cli, room: Path) -> None:
    before = snapshot(room)
    r = cli("tier", CLASS, "Nobody", "2", "--intervention", "X", store=room)
    assert_error(r, 1, "no student 'Nobody' in Room 7")
    r = cli("tier", CLASS, "Nobody", store=room)
    assert_error(r, 1, "no student 'Nobody'")
    r = cli("tier", "Room 99", "a1", "2", "--intervention", "X", store=room)
    assert_error(r, 1, "Room 99")
    assert snapshot(room) == before


def test_showing_a_tier_writes_nothing(cli: Cli, room: Path) -> None:
    cli.ok("tier", CLASS, "a1", "2", "--intervention", "Phonics", store=room)
    before = snapshot(room)
    cli.ok("tier", CLASS, "a1", store=room)
    assert snapshot(room) == before


# --- a class bundle keeps the tiers ----------------------------------------------------------------------------


def test_class_export_and_import_keep_the_tier_changes(cli: Cli, room: Path, tmp_path: Path) -> None:
    cli.ok("tier", CLASS, "a1", "2", "--intervention", "Phonics booster", "--sessions-per-week", "3",
           "--start", "2026-11-02", "--reason", "stalled", store=room)
    cli.ok("tier", CLASS, "a1", "3", "--intervention", "Intensive", "--review", "2026-12-04", store=room)
    cli.ok("tier", CLASS, "b1", "2", "--intervention", "Fluency", store=room)
    shown = {sid: cli.ok("tier", CLASS, sid, store=room).out for sid in ("a1", "b1")}
    exported = cli.ok("class", "export", CLASS, store=room).out
    assert [(t["student"], t["tier"]) for t in json.loads(exported)["tiers"]] == [("a1", 2), ("a1", 3), ("b1", 2)]
    other = tmp_path / "other"
    cli.ok("class", "import", write_text(tmp_path / "room.json", exported), store=other)
    assert {sid: cli.ok("tier", CLASS, sid, store=other).out for sid in ("a1", "b1")} == shown
    assert _tiers(cli, other) == json.loads(exported)["tiers"]


def test_a_bundle_with_a_bad_tier_change_is_not_imported(cli: Cli, room: Path, tmp_path: Path) -> None:
    bundle = cli.bundle(room)
    bundle["tiers"] = [{"student": "a1", "tier": 2, "date": "2026-11-20"}]
    other = tmp_path / "other"
    r = cli("class", "import", write_text(tmp_path / "bad.json", json.dumps(bundle)), store=other)
    assert_error(r, 1, "tier change 1", "Tier 2 needs the intervention", max_lines=3)
    assert cli.ok("class", "list", store=other).out.count(CLASS) == 0


# --- benchmarks in progress --json --------------------------------------------------------------------------------

ROSTER = "id,name,tags\na1,Ana Lopez,\nb1,Bo Li,\nc1,Cy Ro,\nd1,Di Wu,\ne1,Eve Ho,\n"
SCORES = "\n".join([
    "student,check,score,date,note",
    "a1,lnf-1,40,2026-11-10,",  # boy: benchmark 32 alone: at or above
    "b1,lnf-1,20,2026-11-10,",  # under 32, no lower cut: below, never well below
    "c1,psf-1,25,2026-11-11,",  # boy [19, 31]
    "c1,psf-1,10,2026-11-12,",  # the latest day: under 19, well below
    "d1,psf-1,40,2026-05-10,",  # last school year's end: not screened this season
    "e1,psf-1,31,2026-08-15,",  # boy's first day, at the benchmark
    "e1,lnf-1,31,2026-08-14,",  # the day before boy: not screened
]) + "\n"


@pytest.fixture
def dibels(cli: Cli, tmp_path: Path) -> Path:
    store = tmp_path / "dibels"
    cli.ok("class", "new", "Grade 1", "--pathway", "dibels8-1", store=store)
    cli.ok("roster", "import", "Grade 1", write_text(tmp_path / "roster.csv", ROSTER), store=store)
    cli.ok("scores", "import", "Grade 1", write_text(tmp_path / "scores.csv", SCORES), store=store)
    return store


def _benchmarks(cli: Cli, store: Path, **env: str) -> dict[str, dict[str, str]]:
    data = json.loads(cli.ok("progress", "Grade 1", "--json", store=store, env=env).out)
    return {s["id"]: s["benchmark"] for s in data["students"]}


def test_progress_json_gives_each_screeners_status_this_season(cli: Cli, dibels: Path) -> None:
    found = _benchmarks(cli, dibels)
    screeners = ["lnf-1", "psf-1", "nwf-cls-1", "nwf-wrc-1", "wrf-1", "orf-1"]
    for sid, statuses in found.items():
        assert list(statuses) == screeners, sid
    assert found["a1"]["lnf-1"] == "at-or-above"
    assert found["b1"]["lnf-1"] == "below"
    assert found["c1"]["psf-1"] == "well-below"
    assert found["d1"]["psf-1"] == "not-screened"
    assert found["e1"]["psf-1"] == "at-or-above"
    assert found["e1"]["lnf-1"] == "not-screened"
    assert found["a1"]["psf-1"] == "not-screened"
    assert set(found["d1"].values()) == {"not-screened"}


def test_in_the_next_season_last_seasons_scores_are_not_screened(cli: Cli, dibels: Path) -> None:
    found = _benchmarks(cli, dibels, GROUPER_TODAY="2026-12-01")
    assert all(set(statuses.values()) == {"not-screened"} for statuses in found.values())


def test_a_class_on_a_pathway_without_seasons_has_an_empty_benchmark(cli: Cli, room: Path) -> None:
    data = json.loads(cli.ok("progress", CLASS, "--json", store=room).out)
    assert all(s["benchmark"] == {} for s in data["students"])


def test_the_grid_export_adds_each_screener_s_status_this_season(cli: Cli, dibels: Path) -> None:
    text = cli.ok("export", "Grade 1", "--format", "grid", store=dibels).out.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    head = rows[0]
    assert head[-6:] == [f"Benchmark, beginning of year: {label}" for label in (
        "LNF letters a minute", "PSF sounds a minute", "NWF letter sounds a minute", "NWF words recoded a minute",
        "WRF words a minute", "ORF words correct a minute")]
    by_id = {r[0]: dict(zip(head, r, strict=True)) for r in rows[1:]}
    assert by_id["c1"]["Benchmark, beginning of year: PSF sounds a minute"] == "○ well below benchmark"
    assert by_id["d1"]["Benchmark, beginning of year: PSF sounds a minute"] == "◌ not screened yet"
    assert by_id["a1"]["Benchmark, beginning of year: LNF letters a minute"] == "● at or above benchmark"
    # --date reads the season of that day: in the middle of the year nobody has been screened yet.
    later = cli.ok("export", "Grade 1", "--format", "grid", "--date", "2026-12-02", store=dibels,
                   env={"GROUPER_TODAY": "2026-12-03"}).out
    assert "Benchmark, middle of year: LNF letters a minute" in later and "● at or above" not in later
