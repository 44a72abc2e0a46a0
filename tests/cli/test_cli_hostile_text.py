"""Hostile files and arguments never reach the terminal: no ESC, CSI, OSC, BEL or bidi override.

Every text field of every format grouper reads (a class bundle, a roster, a
scores file, a OneRoster export, a pathway file, the command's own arguments)
is fed the same hostile text, and every command that shows it is run. Its
standard output and standard error must hold none of those characters: each is
shown as a visible symbol (``␛``, ``␇``, ``�``) or the input is refused in
plain words. The app's side (bundles, themes, config) is in
``tests/ui/test_ui_hostile_files.py``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_helpers import CLASS, SAMPLES, Cli, Result, assert_error, roster_csv, write_text

from hostile_text import FORBIDDEN, HOSTILE, hostile_bundle

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "oneroster"


def assert_clean(r: Result) -> None:
    """Nothing in what the command printed would command a terminal."""
    assert "Traceback" not in r.err, str(r)
    for name, text in (("stdout", r.out.replace("\r\n", "\n")), ("stderr", r.err)):  # a CSV keeps its CRLF
        found = sorted({f"U+{ord(c):04X}" for c in text if c in FORBIDDEN})
        assert not found, f"{found} on {name} of grouper {' '.join(r.argv)}:\n{r}"


@pytest.fixture
def hostile_store(cli: Cli, tmp_path: Path) -> Path:
    store = tmp_path / "store"
    assert_clean(cli.ok("class", "import", hostile_bundle(tmp_path), store=store))
    return store


#: Every command that shows a class, in its text and JSON forms.
SHOWING = (
    ("class", "list"),
    ("groups", "grade 1"),
    ("groups", "grade 1", "--json"),
    ("groups", "grade 1", "--date", "2026-11-13"),  # the day with the locked plan
    ("plan", "grade 1"),
    ("plan", "grade 1", "--json"),
    ("progress", "grade 1"),
    ("progress", "grade 1", "--json"),
    ("progress", "grade 1", "--by-tag"),
    ("progress", "grade 1", "--format", "md"),
    ("notes", "grade 1"),
    ("notes", "grade 1", "--json"),
    ("class", "constraints", "grade 1"),
    ("class", "export", "grade 1"),
    ("export", "grade 1", "--format", "md"),
    ("export", "grade 1", "--format", "csv"),
    ("export", "grade 1", "--format", "grid"),
    ("export", "grade 1", "--format", "cards", "--notes"),
    ("backup", "list"),
    ("doctor",),
)


def test_a_hostile_bundle_is_shown_by_every_command_as_visible_symbols(cli: Cli, hostile_store: Path) -> None:
    for argv in SHOWING:
        r = cli(*argv, store=hostile_store)
        assert r.code == 0, str(r)
        assert_clean(r)
    listed = cli.ok("class", "list", store=hostile_store).out
    assert "Grade 1␛[2J␛]0;pwned␇�31m�X" in listed  # what the file held, shown, never obeyed
    grouped = cli.ok("groups", "grade 1", "--date", "2026-11-13", store=hostile_store).out
    assert "␛[2J" in grouped


def test_a_score_and_a_note_typed_with_hostile_text_are_shown_as_symbols(cli: Cli, hostile_store: Path) -> None:
    student = json.loads(cli.ok("groups", "grade 1", "--json", store=hostile_store).out)["placements"][0]["id"]
    for argv in (("score", "grade 1", student, "lid", "20", "--note", "seen" + HOSTILE),
                 ("note", "grade 1", student, "line one\nline two" + HOSTILE),
                 ("notes", "grade 1", student)):
        assert_clean(cli.ok(*argv, store=hostile_store))


def test_hostile_arguments_are_shown_never_obeyed(cli: Cli, hostile_store: Path, tmp_path: Path) -> None:
    store = hostile_store
    for argv, code in (
        (("class", "new", "Room" + HOSTILE, "--pathway", "early-literacy"), 0),
        (("class", "list"), 0),
        (("groups", "no such" + HOSTILE), 1),
        (("score", "grade 1", "zz" + HOSTILE, "lid", "5"), 1),
        (("score", "grade 1", "zz", "lid" + HOSTILE, "5"), 1),
        (("score", "grade 1", "zz", "lid", "5" + HOSTILE), 1),
        (("class", "new", "Other", "--pathway", "none" + HOSTILE), 2),
        (("pathway", "show", "none" + HOSTILE), 1),
        (("class", "import", hostile_bundle(tmp_path), "--name", "Copy" + HOSTILE), 0),
        (("class", "list"), 0),
        (("backup", "restore", "x" + HOSTILE), 1),
        (("nonsense" + HOSTILE,), 2),
        (("groups", "grade 1", "--date", "2026" + HOSTILE), 2),
    ):
        r = cli(*argv, store=store)
        assert r.code == code, str(r)
        assert_clean(r)
    assert "Copy␛[2J" in cli.ok("class", "list", store=store).out


def test_a_bundle_whose_ids_or_times_hold_control_characters_is_refused(cli: Cli, tmp_path: Path) -> None:
    data = json.loads((SAMPLES / "grade1-literacy.json").read_text(encoding="utf-8"))
    cases = {
        "student id": lambda d: d["students"][0].__setitem__("id", "s01" + HOSTILE),
        "score's student": lambda d: d["scores"][0].__setitem__("student", "s01\u202e"),
        "locked_at": lambda d: d["plans"][0].__setitem__("locked_at", "2026-11-13" + HOSTILE),
    }
    store = tmp_path / "store"
    for what, poison in cases.items():
        bundle = json.loads(json.dumps(data))
        poison(bundle)
        path = tmp_path / f"{what}.json"
        path.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
        r = cli("class", "import", path, store=store)
        assert_error(r, 1, path.name)
        assert_clean(r)
    assert not (store / "classes").exists() or not list((store / "classes").glob("*.json"))


def test_a_hostile_roster_and_scores_file(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "store"
    cli.ok("class", "new", CLASS, "--pathway", "early-literacy", store=store)
    roster = write_text(tmp_path / "roster.csv", roster_csv() + f"h1,Hana{HOSTILE},ELL{HOSTILE}\n")
    assert_clean(cli.ok("roster", "import", CLASS, roster, store=store))
    bad_id = write_text(tmp_path / "bad-id.csv", f"id,name\nh{HOSTILE},Hana\n")
    r = cli("roster", "import", CLASS, bad_id, store=store)
    assert_error(r, 1, "bad-id.csv")
    assert_clean(r)
    scores = write_text(tmp_path / "scores.csv", f"student,check,score,note\nh1,lid,20,seen{HOSTILE}\n")
    assert_clean(cli.ok("scores", "import", CLASS, scores, store=store))
    for text in (f"student,check,score\nzz{HOSTILE},lid,20\n", f"student,check,score\nh1,lid{HOSTILE},20\n",
                 f"student,check,score\nh1,lid,2{HOSTILE}\n", f"student,check{HOSTILE},score\nh1,lid,20\n",
                 f"student,lid{HOSTILE}\nh1,20\n"):
        r = cli("scores", "import", CLASS, write_text(tmp_path / "bad-scores.csv", text), store=store)
        assert r.code == 1, str(r)
        assert_clean(r)
    for argv in (("groups", CLASS), ("progress", CLASS, "--by-tag"), ("export", CLASS, "--format", "md")):
        r = cli.ok(*argv, store=store)
        assert_clean(r)
    assert "Hana␛[2J" in cli.ok("groups", CLASS, store=store).out


def hostile_oneroster(tmp_path: Path) -> Path:
    folder = tmp_path / "oneroster"
    shutil.copytree(FIXTURES / "v1p1", folder)
    classes = (folder / "classes.csv").read_text(encoding="utf-8-sig")
    classes = classes.replace("Grade 1 Maths - Room 7", "Maths" + HOSTILE).replace("G1-M7", "M7" + HOSTILE)
    (folder / "classes.csv").write_text(classes, encoding="utf-8")
    users = (folder / "users.csv").read_text(encoding="utf-8-sig")
    users = users.replace(",Zoë,Ng,,1001,", f",Zoë{HOSTILE},Ng{HOSTILE},,1001{HOSTILE},")
    (folder / "users.csv").write_text(users, encoding="utf-8")
    return folder


def test_a_hostile_oneroster_export(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "store"
    folder = hostile_oneroster(tmp_path)
    cli.ok("class", "new", CLASS, "--pathway", "early-literacy", store=store)
    listing = cli.ok("roster", "import-oneroster", folder, store=store)
    assert_clean(listing)
    assert "Maths␛[2J" in listing.out
    for argv in (("roster", "import-oneroster", folder, "--class", "G1-R7", "--into", CLASS, "--dry-run"),
                 ("roster", "import-oneroster", folder, "--class", "G1-R7", "--into", CLASS),
                 ("roster", "import-oneroster", folder, "--class", "nope" + HOSTILE, "--into", CLASS),
                 ("groups", CLASS)):
        assert_clean(cli(*argv, store=store))
    bad = (folder / "users.csv").read_text(encoding="utf-8").replace("u-zoe,", f"u-zoe{HOSTILE},", 1)
    (folder / "users.csv").write_text(bad, encoding="utf-8")
    r = cli("roster", "import-oneroster", folder, "--class", "G1-R7", "--into", CLASS, store=store)
    assert r.code == 1, str(r)
    assert "sourcedId holds a control or invisible character" in r.err
    assert_clean(r)


PATHWAY = """\
id = "hostile"
name = "Hostile{h}"
description = "about{h}"

[[stages]]
id = "one"
label = "One{h}"
focus = "Do it{h}"

  [[stages.checks]]
  id = "c1"
  label = "Check{h}"
  max = 10
  mastery = 8
"""


def test_a_hostile_pathway_file(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "store"
    # TOML strings cannot hold raw controls: the hostile text comes as escapes, which TOML reads back as them.
    escaped = json.dumps(HOSTILE)[1:-1]
    path = write_text(tmp_path / "hostile.toml", PATHWAY.format(h=escaped))
    for argv in (("pathway", "check", path), ("pathway", "add", path), ("pathway", "list"),
                 ("pathway", "show", "hostile"), ("class", "new", "P", "--pathway", "hostile"), ("groups", "P")):
        r = cli.ok(*argv, store=store)
        assert_clean(r)
    assert "One␛[2J" in cli.ok("pathway", "show", "hostile", store=store).out
    bad = write_text(tmp_path / "bad.toml", PATHWAY.format(h="").replace('id = "one"', f'id = "one{escaped}"'))
    r = cli("pathway", "check", bad, store=store)
    assert r.code == 1, str(r)
    assert_clean(r)


def test_class_names_typed_two_ways_are_one_class(cli: Cli, tmp_path: Path) -> None:
    """``Zoë`` with a precomposed ë and with e + a combining diaeresis look the same: one class, kept in NFC."""
    store = tmp_path / "store"
    composed, decomposed = "Zo\u00eb's room", "Zoe\u0308's room"
    cli.ok("class", "new", decomposed, "--pathway", "early-literacy", store=store)
    r = cli("class", "new", composed, "--pathway", "early-literacy", store=store)
    assert_error(r, 1, "already a class")
    assert cli.ok("class", "list", store=store).out.count("room") == 1
    assert composed in cli.ok("class", "list", store=store).out  # stored in NFC
    assert cli.ok("groups", composed, store=store).code == 0
    assert cli.ok("groups", decomposed, store=store).code == 0
