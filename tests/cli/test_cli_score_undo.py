"""grouper score --undo: the command line takes back the score it saved, as the app's ctrl+z does (issue #17).

The score taken back is kept in the class file with a retraction after it; every
reader (groups, progress, exports) reads the history as if it had not been typed.
"""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import CLASS, Cli, assert_error, snapshot


def _progress(cli: Cli, room: Path, sid: str) -> dict[str, object]:
    data = json.loads(cli.ok("progress", CLASS, "--json", store=room).out)
    return next(s for s in data["students"] if s["id"] == sid)  # type: ignore[no-any-return]


def test_undo_takes_back_the_typo_and_every_reader_sees_the_class_as_before(cli: Cli, room: Path) -> None:
    before_groups = cli.groups(room)
    before = _progress(cli, room, "z1")
    cli.ok("score", CLASS, "zoe", "lid", "52", store=room)  # the typo: mastery, so a stage up
    assert _progress(cli, room, "z1")["stage"] != before["stage"]
    r = cli.ok("score", CLASS, "--undo", store=room)
    lines = r.out.splitlines()
    assert lines[0].startswith("Taken back: Zoë Ng · Letters named (of 54) = 52 of 54, Fri 20 Nov"), r.out
    assert "kept in the record as a retraction" in lines[1]
    assert lines[2].startswith("moved back: "), r.out
    assert _progress(cli, room, "z1") == before  # due, last scored, the timeline: as before the typo
    assert cli.groups(room) == before_groups
    bundle = cli.bundle(room)
    assert any(s["student"] == "z1" and s["value"] == 52 for s in bundle["scores"])  # kept, not deleted
    assert len(bundle["retractions"]) == 1


def test_each_undo_takes_back_one_more_and_a_repeat_is_a_score_of_its_own(cli: Cli, room: Path) -> None:
    cli.ok("score", CLASS, "zoe", "lid", "40", store=room)
    r = cli.ok("score", CLASS, "zoe", "lid", "40", store=room)
    assert "(the same as before: a new score for Fri 20 Nov)" in r.out
    assert "now counts: 40 of 54" in cli.ok("score", CLASS, "--undo", store=room).out
    second = cli.ok("score", CLASS, "--undo", store=room).out
    assert "now counts: 40 of 54" not in second and "= 40 of 54" in second


def test_undo_with_a_student_is_refused_and_writes_nothing(cli: Cli, room: Path) -> None:
    files = snapshot(room)
    assert_error(cli("score", CLASS, "zoe", "--undo", store=room), 2, "give only the class")
    assert snapshot(room) == files


def test_undo_with_nothing_to_take_back_says_so(cli: Cli, empty: Path) -> None:
    files = snapshot(empty)
    assert_error(cli("score", "Empty", "--undo", store=empty), 1, "no score to take back")
    assert snapshot(empty) == files


def test_a_student_and_a_score_with_no_check_asks_which_check(cli: Cli, room: Path) -> None:
    files = snapshot(room)
    r = cli("score", CLASS, "zoe", "52", store=room)
    assert_error(r, 2, "which check? grouper score CLASS zoe CHECK 52", "lid")
    assert_error(cli("score", CLASS, "nobody", "52", store=room), 1, "no student 'nobody'")
    assert_error(cli("score", CLASS, "zoe", store=room), 2, "missing CHECK VALUE")
    assert snapshot(room) == files
