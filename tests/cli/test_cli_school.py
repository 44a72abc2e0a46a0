"""``grouper school`` (``cmd_school``) on a store built with the real command line, and on bundles read in place.

The parser does not know ``school`` yet, so the command is called with an ``argparse.Namespace``
made here, as the parser would make it; the stores and bundles are made with the installed script.
"""

from __future__ import annotations

import argparse
import html
import json
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import CLASS, NEXT_SCHOOL_DAY, TODAY, Cli, snapshot, write_text

from grouper.cli.school import cmd_school
from grouper.core.errors import GrouperError, UsageError
from grouper.reports.exports import md_escape

STAGES = ["print", "letters", "phonemes", "sight", "decoding", "digraphs", "text", "fluency", "complete"]
ODD = "<i>Room</i> & 'Co' *8* [bold]x[/bold]"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GROUPER_TODAY", TODAY)
    monkeypatch.setenv("COLUMNS", "200")


def args(store: Path | None, **given: Any) -> argparse.Namespace:
    values: dict[str, Any] = {"json": False, "format": "text", "by_tag": False, "since": None, "bundles": None,
                              "output": None}
    values.update(given)
    return argparse.Namespace(store=None if store is None else str(store), **values)


def run_json(capsys: pytest.CaptureFixture[str], store: Path | None, **given: Any) -> dict[str, Any]:
    assert cmd_school(args(store, json=True, **given)) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


@pytest.fixture
def two_rooms(cli: Cli, room: Path, tmp_path: Path) -> Path:
    """Room 7 (the populated class) and a second early-literacy class with an odd name and two students."""
    cli.ok("class", "new", ODD, "--pathway", "early-literacy", store=room)
    roster = write_text(tmp_path / "odd.csv", "Student ID,Student Name,Tags\nq1,Quinn,ELL\nq2,Rae,\n")
    cli.ok("roster", "import", ODD, roster, store=room)
    cli.ok("scores", "import", ODD, write_text(tmp_path / "odd-scores.csv", "student,check,score,date\n"
                                               "q1,cap,12,2026-11-02\nq1,lid,54,2026-11-19\nq1,lsnd,26,2026-11-19\n"),
           store=room)
    return room


def test_every_class_in_the_store_with_the_grade_totals(capsys: pytest.CaptureFixture[str], two_rooms: Path) -> None:
    before = snapshot(two_rooms)
    data = run_json(capsys, two_rooms)
    assert snapshot(two_rooms) == before  # read-only
    assert (data["date"], data["since"]) == (TODAY, "2026-10-23")  # 28 days back by default
    rooms = {c["class"]: c for c in data["classes"]}
    assert set(rooms) == {CLASS, ODD}
    r7 = rooms[CLASS]
    assert r7["students"] == 13
    # cli_helpers.EXPECTED_PLACES: z1 letters, a1 phonemes, b1 complete, everyone else at print.
    assert r7["stages"] == {**dict.fromkeys(STAGES, 0), "print": 10, "letters": 1, "phonemes": 1, "complete": 1}
    assert (r7["stalled"], r7["on_detour"], r7["tiers"]) == (0, 0, {"1": 13, "2": 0, "3": 0})
    assert r7["at_benchmark"] is None and r7["moved_up"] == 0  # every first score is after the since day
    odd = rooms[ODD]
    assert odd["stages"] == {**dict.fromkeys(STAGES, 0), "print": 1, "phonemes": 1}
    assert odd["moved_up"] == 0  # Quinn was first scored on 11-02: no stage on the since day to move from
    [grade] = data["grades"]
    assert grade["pathway"] == "early-literacy" and sorted(grade["classes"]) == sorted([CLASS, ODD])
    assert grade["students"] == 15
    assert grade["stages"] == {**dict.fromkeys(STAGES, 0), "print": 11, "letters": 1, "phonemes": 2, "complete": 1}
    # Since 11-10 Quinn has moved letters -> phonemes; Room 7's first scores are still after it.
    later = run_json(capsys, two_rooms, since="2026-11-10")
    assert {c["class"]: c["moved_up"] for c in later["classes"]} == {CLASS: 0, ODD: 1}
    assert later["grades"][0]["moved_up"] == 1


def test_since_counts_who_moved_up_after_that_day(capsys: pytest.CaptureFixture[str], room_store: Path) -> None:
    # a1: letters on 11-16 (cap), phonemes on 11-17; z1 reached letters on 11-16 and stayed.
    data = run_json(capsys, room_store, since="2026-11-16")
    assert data["since"] == "2026-11-16"
    assert data["classes"][0]["moved_up"] == 1 and data["grades"][0]["moved_up"] == 1
    assert run_json(capsys, room_store, since="2026-11-17")["classes"][0]["moved_up"] == 0
    with pytest.raises(UsageError, match="--since"):
        cmd_school(args(room_store, since=NEXT_SCHOOL_DAY))
    with pytest.raises(UsageError, match="not a date"):
        cmd_school(args(room_store, since="last week"))


def test_by_tag_splits_the_counts(capsys: pytest.CaptureFixture[str], room_store: Path) -> None:
    tags = run_json(capsys, room_store, by_tag=True)["classes"][0]["by_tag"]
    assert list(tags) == ["ELL", "IEP", "(no tag)"]
    assert {t: c["students"] for t, c in tags.items()} == {"ELL": 2, "IEP": 2, "(no tag)": 10}  # José in both
    assert tags["ELL"]["stages"]["letters"] == 1 and tags["ELL"]["stages"]["print"] == 1  # Zoë, José
    assert tags["IEP"]["stages"]["print"] == 2
    assert tags["(no tag)"]["stages"]["complete"] == 1 and tags["(no tag)"]["stages"]["phonemes"] == 1


def test_text_in_the_terminal(capsys: pytest.CaptureFixture[str], two_rooms: Path) -> None:
    assert cmd_school(args(two_rooms, by_tag=True)) == 0
    out = capsys.readouterr().out
    assert "Early literacy" in out and CLASS in out and ODD in out  # the odd name as typed, not read as markup
    assert "all 2" in out and "by tag" in out and "\x1b" not in out


def test_bundles_are_read_in_place_and_nothing_is_written(
    cli: Cli, capsys: pytest.CaptureFixture[str], two_rooms: Path, tmp_path: Path
) -> None:
    files = tmp_path / "bundles"
    files.mkdir()
    for i, name in enumerate((CLASS, ODD)):
        (files / f"{i}.json").write_text(cli.ok("class", "export", name, store=two_rooms).out, encoding="utf-8")
    before, bundles_before = snapshot(two_rooms), snapshot(files)
    from_store = run_json(capsys, two_rooms)
    from_files = run_json(capsys, two_rooms, bundles=[str(files / "0.json"), str(files / "1.json")])
    assert snapshot(two_rooms) == before and snapshot(files) == bundles_before
    assert sorted(from_files["classes"], key=lambda c: c["class"]) == sorted(from_store["classes"],
                                                                             key=lambda c: c["class"])
    # With bundles no store is needed, and none is made.
    nowhere = tmp_path / "no-store"
    assert run_json(capsys, nowhere, bundles=[str(files / "0.json")])["classes"][0]["class"] == CLASS
    assert not nowhere.exists()


def test_a_bundle_that_cannot_be_read_is_named_and_nothing_is_written(
    cli: Cli, capsys: pytest.CaptureFixture[str], room_store: Path, tmp_path: Path
) -> None:
    good = tmp_path / "good.json"
    good.write_text(cli.ok("class", "export", CLASS, store=room_store).out, encoding="utf-8")
    bad = write_text(tmp_path / "bad.json", '{"format": "grouper-class", "version": 1,')
    missing = tmp_path / "missing.json"
    out = tmp_path / "school.html"
    for path in (bad, missing, tmp_path):
        with pytest.raises(GrouperError) as caught:
            cmd_school(args(room_store, format="html", output=str(out), bundles=[str(good), str(path)]))
        assert str(path) in str(caught.value) and caught.value.exit_code == 1
        assert not out.exists()
    assert capsys.readouterr().out == ""


def test_markdown_and_html_escape_names_and_draw_the_bars(
    capsys: pytest.CaptureFixture[str], two_rooms: Path, tmp_path: Path
) -> None:
    assert cmd_school(args(two_rooms, format="md", by_tag=True)) == 0
    md = capsys.readouterr().out
    assert ODD not in md and md_escape(ODD) in md and "\\<i\\>Room" in md
    page_path = tmp_path / "school.html"
    assert cmd_school(args(two_rooms, format="html", by_tag=True, output=str(page_path))) == 0
    page = page_path.read_text(encoding="utf-8")
    assert "<i>Room</i>" not in page and html.escape(ODD) in page
    # One grade: a picture of today (a bar a class and one for the grade) and one of the weeks.
    assert page.count("<svg") == 2 and "<script" not in page
    assert ">1: 10</text>" in page and ">★: 1</text>" in page


def test_grouper_school_runs_from_the_command_line_and_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "store"
    cli.ok("class", "new", "Room 9", "--pathway", "early-literacy", store=store)
    cli.ok("roster", "import", "Room 9", write_text(tmp_path / "r.csv", "Student ID,Student Name\nz1,Zoë Ng\n"),
           store=store)
    before = snapshot(store)
    data = json.loads(cli.ok("school", "--json", store=store).out)
    assert [c["class"] for c in data["classes"]] == ["Room 9"] and data["classes"][0]["students"] == 1
    assert snapshot(store) == before
    assert "Room 9" in cli.ok("school", store=store).out
