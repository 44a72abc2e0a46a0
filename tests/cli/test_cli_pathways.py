"""grouper pathway list | show | check | add, and using an added pathway for a class."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from cli_helpers import Cli, assert_error, snapshot, write_text

import grouper

BUILTINS = {
    "early-literacy": "Early literacy (K-1)",
    "early-numeracy": "Early numeracy (K-2)",
    "multiplication-fractions": "Multiplication and fractions (Grades 3-5)",
}

GOOD = """\
id = "phonics-mini"
name = "Phonics mini"

[[stages]]
id = "sounds"
label = "Sounds"
focus = "Sound sorts with picture cards"

  [[stages.checks]]
  id = "snd"
  label = "Sounds known (of 26)"
  max = 26
  mastery = 24

[[stages]]
id = "words"
label = "Words"
focus = "Word building with magnetic letters"

  [[stages.checks]]
  id = "wrd"
  label = "Words read (of 20)"
  max = 20
  mastery = 18
"""


def builtin_file(pathway_id: str) -> Path:
    return Path(grouper.__file__).parent / "pathways" / f"{pathway_id}.toml"


def test_list_shows_the_three_builtins(cli: Cli, tmp_path: Path) -> None:
    r = cli.ok("pathway", "list", store=tmp_path / "store")
    for pathway_id, name in BUILTINS.items():
        line = next(line for line in r.out.splitlines() if line.startswith(pathway_id + " "))
        assert name in line
        assert "built-in" in line


def test_show_gives_stages_focus_and_checks(cli: Cli, tmp_path: Path) -> None:
    r = cli.ok("pathway", "show", "early-literacy", store=tmp_path / "store")
    data = tomllib.loads(builtin_file("early-literacy").read_text(encoding="utf-8"))
    assert "Early literacy (K-1)" in r.out
    flat = " ".join(r.out.split())
    for i, stage in enumerate(data["stages"], start=1):
        assert f"{i}. {stage['label']}  [{stage['id']}]" in r.out
        # The focus is printed whole (long ones wrap, so compare with whitespace collapsed).
        assert " ".join(f"Focus: {stage['focus']}".split()) in flat
        for check in stage["checks"]:
            assert f"- {check['id']}: {check['label']}, mastery {check['mastery']} of {check['max']}" in r.out
        # Every built-in stage has another route for a student the main one is not moving.
        assert stage["detours"], f"stage {stage['id']} has no detour"
        for detour in stage["detours"]:
            assert f"Detour: {detour['label']}  [{detour['id']}]" in r.out
            assert " ".join(detour["focus"].split()) in flat
            for check in detour.get("checks", []):
                assert f"closer check {check['id']}: {check['label']}" in r.out


def test_show_unknown_pathway_names_the_known_ones(cli: Cli, tmp_path: Path) -> None:
    r = cli("pathway", "show", "phonics", store=tmp_path / "store")
    assert_error(r, 1, "'phonics'", "early-literacy", "early-numeracy", "multiplication-fractions")


def test_check_good_file(cli: Cli, tmp_path: Path) -> None:
    path = write_text(tmp_path / "phonics.toml", GOOD)
    r = cli.ok("pathway", "check", path, store=tmp_path / "store")
    assert r.out.strip() == f"{path}: OK: 'phonics-mini', 2 stages, 2 checks"


BAD = {
    # name: (text, what the one-line message must name besides the file)
    "duplicate-stage-id": (GOOD.replace('id = "words"', 'id = "sounds"'), ["stage id 'sounds'", "twice"]),
    "duplicate-check-id": (GOOD.replace('id = "wrd"', 'id = "snd"'), ["check id 'snd'", "twice"]),
    "mastery-above-max": (
        GOOD.replace("mastery = 18", "mastery = 25"),
        ["stage 2 ('words')", "check 1 ('wrd')", "mastery 25", "max 20"],
    ),
    "max-is-text": (GOOD.replace("max = 20", 'max = "20"'), ["stage 2 ('words')", "check 1 ('wrd')", "'max'"]),
    "unknown-key": (
        GOOD.replace('label = "Words"\n', 'label = "Words"\ncolour = "red"\n'),
        ["stage 2 ('words')", "'colour'", "not a known field"],
    ),
    "bad-toml-line": (GOOD.replace('label = "Words"\n', "label = Words\n"), ["not valid TOML", "line 17"]),
    "no-stages": ("\n".join(GOOD.splitlines()[:2]) + "\n", ["'stages'", "missing"]),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_check_bad_file_names_file_place_and_field(cli: Cli, tmp_path: Path, name: str) -> None:
    text, needles = BAD[name]
    path = write_text(tmp_path / f"{name}.toml", text)
    r = cli("pathway", "check", path, store=tmp_path / "store")
    assert_error(r, 1, f"{path}:", *needles, max_lines=3)
    assert r.out == ""


def test_add_then_use_it_for_a_class(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "store"
    path = write_text(tmp_path / "phonics.toml", GOOD)
    r = cli.ok("pathway", "add", path, store=store)
    assert "phonics-mini" in r.out
    listing = cli.ok("pathway", "list", store=store).out
    line = next(line for line in listing.splitlines() if line.startswith("phonics-mini "))
    assert "Phonics mini" in line and "yours" in line
    cli.ok("class", "new", "Phonics group", "--pathway", "phonics-mini", store=store)
    roster = write_text(tmp_path / "r.csv", "name\nZoë Ng\nBo Li\n")
    cli.ok("roster", "import", "Phonics group", roster, store=store)
    r = cli.ok("score", "Phonics group", "zoe", "snd", "25", store=store)
    assert "moved up: Sounds (not yet checked) → Words (not yet checked)" in r.out
    plan = cli.groups(store, "Phonics group")
    assert plan["pathway"] == "phonics-mini"
    assert {p["name"]: p["stage"] for p in plan["placements"]} == {"Zoë Ng": "words", "Bo Li": "sounds"}


def test_add_refuses_a_builtin_id(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "store"
    path = write_text(tmp_path / "mine.toml", GOOD.replace('id = "phonics-mini"', 'id = "early-literacy"'))
    before = snapshot(store)
    r = cli("pathway", "add", path, store=store)
    assert_error(r, 1, "mine.toml", "'early-literacy'", "built-in")
    assert snapshot(store) == before


def test_add_refuses_a_bad_file(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "store"
    text, needles = BAD["mastery-above-max"]
    r = cli("pathway", "add", write_text(tmp_path / "bad.toml", text), store=store)
    assert_error(r, 1, *needles)
    assert not store.exists()


def test_check_lists_every_mistake_at_once(cli: Cli, tmp_path: Path) -> None:
    """A teacher fixing a file sees all of it in one run: field mistakes and the ids used twice, none cut."""
    stages = "".join(
        f'\n[[stages]]\nid = "s{i}"\nlabel = ""\nfocus = "f"\n\n  [[stages.checks]]\n  id = "c{i}"\n'
        f'  label = "C"\n  max = 10\n  mastery = 12\n'
        for i in range(8)
    )
    text = 'id = "bad id"\nname = "P"\n' + stages + '\n[[stages]]\nid = "s0"\nlabel = "L"\nfocus = "f"\n\n' \
        '  [[stages.checks]]\n  id = "c1"\n  label = "C"\n  max = 10\n  mastery = 5\n'
    path = write_text(tmp_path / "many.toml", text)
    r = cli("pathway", "check", path)
    assert r.code == 1 and "Traceback" not in r.err, str(r)
    lines = r.err_lines
    assert len(lines) == 1 + 8 * 2 + 2, str(r)  # the id, each stage's label and mastery, the two ids used twice
    assert all(line.startswith(f"{path}: ") for line in lines)
    assert f"{path}: stage id 's0' is used twice" in lines
    assert f"{path}: check id 'c1' is used twice (stages 's1' and 's0')" in lines
    assert not any("more problem" in line or "more line" in line for line in lines)


def test_show_lists_a_checks_items(cli: Cli, tmp_path: Path) -> None:
    r = cli.ok("pathway", "show", "early-literacy", store=tmp_path / "store")
    lines = r.out.splitlines()
    at = next(i for i, line in enumerate(lines) if "lsnd: Letter sounds" in line)
    assert lines[at + 1].split() == ["items:", *"abcdefghijklmnopqrstuvwxyz"]
