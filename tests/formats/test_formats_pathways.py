"""Pathway files: the documented TOML shape, plain-words errors, and writing back."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grouper.core.errors import GrouperError
from grouper.core.models import Check, Pathway, Stage
from grouper.formats.documents import pathway_to_dict
from grouper.formats.pathways import (
    PathwayError,
    builtin_pathways,
    load_pathway_file,
    parse_pathway,
    pathway_to_toml,
)
from grouper.formats.validation import check_pathway

DOCUMENTED = """\
id = "early-lit"
name = "Early literacy"
subject = "Reading"

[[stages]]
id = "letters"
label = "Letter names"
focus = "Name every upper- and lower-case letter"

  [[stages.checks]]
  id = "letter-names"
  label = "Letters named"
  max = 54
  mastery = 50

  [[stages.checks]]
  id = "letter-sounds"
  label = "Letter sounds"
  max = 26
  mastery = 24

[[stages]]
id = "cvc"
label = "CVC words"
focus = "Blend three-sound words"

  [[stages.checks]]
  id = "cvc-read"
  label = "CVC words read"
  max = 20
  mastery = 18
"""

# One stage, one check: the smallest pathway a coach might start from.
SMALL = """\
id = "p"
name = "P"

[[stages]]
id = "s1"
label = "Stage one"
focus = "Focus one"

  [[stages.checks]]
  id = "c1"
  label = "Check one"
  max = 54
  mastery = 50
"""

#: Words from a pydantic dump or a traceback that a teacher must never see.
NOT_PLAIN = (
    "validation error",
    "Input should",
    "pydantic",
    "Traceback",
    "type=",
    "input_value",
    "errors.pydantic.dev",
    "For further information",
)


def assert_plain(message: str, source: str) -> None:
    assert message.strip(), "error message is empty"
    for line in message.splitlines():
        assert line.startswith(f"{source}:"), f"line does not name the file: {line!r}"
    for bad in NOT_PLAIN:
        assert bad not in message, f"{bad!r} leaked into: {message!r}"


def error_of(text: str, source: str = "my-path.toml") -> str:
    with pytest.raises(PathwayError) as info:
        parse_pathway(text, source)
    message = str(info.value)
    assert_plain(message, source)
    return message


# --- the documented shape ---------------------------------------------------


def test_documented_shape_loads_in_order() -> None:
    p = parse_pathway(DOCUMENTED, "early.toml")
    assert p.id == "early-lit"
    assert p.name == "Early literacy"
    assert p.subject == "Reading"
    assert [s.id for s in p.stages] == ["letters", "cvc"]
    assert p.stages[0].focus == "Name every upper- and lower-case letter"
    assert [c.id for c in p.all_checks()] == ["letter-names", "letter-sounds", "cvc-read"]
    c = p.check("letter-names")
    assert (c.label, c.max, c.mastery) == ("Letters named", 54, 50)
    assert p.stage_of("cvc-read") == 1
    assert p.stage_id(2) == "complete"
    assert p.stage_label(2) == "Complete"


def test_subject_is_optional() -> None:
    p = parse_pathway(SMALL, "small.toml")
    assert p.subject is None
    assert p.description == ""


def test_inline_table_checks_are_the_same_shape() -> None:
    text = (
        SMALL.split("  [[stages.checks]]")[0] + 'checks = [{id = "c1", label = "Check one", max = 54, mastery = 50}]\n'
    )
    assert parse_pathway(text, "inline.toml") == parse_pathway(SMALL, "small.toml")


def test_mastery_equal_to_max_is_allowed() -> None:
    p = parse_pathway(SMALL.replace("mastery = 50", "mastery = 54"), "x.toml")
    assert p.check("c1").mastery == 54


def test_load_file_reads_utf8_with_and_without_bom(tmp_path: Path) -> None:
    text = SMALL.replace('label = "Stage one"', 'label = "Étape un ✓"')
    plain = tmp_path / "plain.toml"
    plain.write_text(text, encoding="utf-8")
    bom = tmp_path / "bom.toml"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load_pathway_file(plain).stages[0].label == "Étape un ✓"
    assert load_pathway_file(bom) == load_pathway_file(plain)


def test_builtin_pathways_all_load() -> None:
    # Whatever ships must parse; an empty folder is allowed while it is being written.
    for pid, p in builtin_pathways().items():
        assert isinstance(p, Pathway)
        assert p.id == pid


# --- errors in plain words --------------------------------------------------


def test_duplicate_stage_id_is_named() -> None:
    second = SMALL[SMALL.index("[[stages]]") :].replace('id = "c1"', 'id = "c2"')
    msg = error_of(SMALL + "\n" + second)
    assert "stage id 's1'" in msg
    assert "twice" in msg


def test_duplicate_check_id_within_a_stage_is_named() -> None:
    check = SMALL[SMALL.index("  [[stages.checks]]") :]
    msg = error_of(SMALL + "\n" + check)
    assert "check id 'c1'" in msg
    assert "twice" in msg


def test_check_ids_must_be_unique_across_the_whole_pathway() -> None:
    second = SMALL[SMALL.index("[[stages]]") :].replace('id = "s1"', 'id = "s2"')
    msg = error_of(SMALL + "\n" + second)
    assert "check id 'c1'" in msg
    assert "'s1'" in msg and "'s2'" in msg


def test_empty_stage_list() -> None:
    msg = error_of('id = "p"\nname = "P"\nstages = []\n')
    assert "'stages' must not be empty" in msg


def test_missing_stages() -> None:
    msg = error_of('id = "p"\nname = "P"\n')
    assert "'stages' is missing" in msg


def test_stage_with_no_checks() -> None:
    text = SMALL.split("  [[stages.checks]]")[0] + "checks = []\n"
    msg = error_of(text)
    assert "stage 1 ('s1')" in msg
    assert "'checks' must not be empty" in msg


def test_stage_without_checks_key() -> None:
    msg = error_of(SMALL.split("  [[stages.checks]]")[0])
    assert "stage 1 ('s1')" in msg
    assert "'checks' is missing" in msg


def test_mastery_above_max_names_stage_and_check() -> None:
    msg = error_of(SMALL.replace("mastery = 50", "mastery = 55"))
    assert "stage 1 ('s1')" in msg
    assert "check 1 ('c1')" in msg
    assert "mastery 55 is above max 54" in msg


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("max = 54", 'max = "54"', "max"),
        ("mastery = 50", 'mastery = "50"', "mastery"),
        ("max = 54", "max = 54.5", "max"),
        ("max = 54", "max = true", "max"),
    ],
)
def test_non_numeric_values_name_the_field(old: str, new: str, field: str) -> None:
    msg = error_of(SMALL.replace(old, new))
    assert f"stage 1 ('s1'), check 1 ('c1'), '{field}' must be a whole number" in msg


def test_negative_mastery_and_zero_max() -> None:
    assert "'mastery' must be at least 0" in error_of(SMALL.replace("mastery = 50", "mastery = -1"))
    assert "'max' must be at least 1" in error_of(SMALL.replace("max = 54", "max = 0").replace("50", "0"))


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ('name = "P"', 'name = "P"\ncolour = "red"', ""),
        ('focus = "Focus one"', 'focus = "Focus one"\ncolour = "red"', "stage 1 ('s1'), "),
        ("mastery = 50", 'mastery = 50\n  colour = "red"', "stage 1 ('s1'), check 1 ('c1'), "),
    ],
)
def test_unknown_keys_are_named_where_they_are(old: str, new: str, where: str) -> None:
    msg = error_of(SMALL.replace(old, new))
    assert f"my-path.toml: {where}'colour' is not a known field" in msg.splitlines()


def test_ids_with_spaces_are_explained() -> None:
    msg = error_of(SMALL.replace('id = "s1"', 'id = "stage one"'))
    assert "'id' may only use letters, digits" in msg


def test_reserved_stage_id_complete() -> None:
    msg = error_of(SMALL.replace('id = "s1"', 'id = "complete"'))
    assert "'complete' is reserved" in msg


def test_bad_toml_names_the_line() -> None:
    text = SMALL.replace("max = 54", "max = ")
    line = text.splitlines().index("  max = ") + 1
    msg = error_of(text)
    assert "not valid TOML" in msg
    assert f"line {line}" in msg


def test_two_problems_in_one_check_are_both_reported() -> None:
    # A check with two problems gives two lines, both pointing at that check.
    msg = error_of(SMALL.replace("max = 54", 'max = "54"').replace("mastery = 50", "mastery = -3"))
    lines = msg.splitlines()
    assert any("'max' must be a whole number" in line for line in lines)
    assert any("'mastery' must be at least 0" in line for line in lines)


def test_one_bad_field_does_not_claim_the_lists_are_empty() -> None:
    msg = error_of(SMALL.replace("max = 54", 'max = "54"'))
    assert msg == "my-path.toml: stage 1 ('s1'), check 1 ('c1'), 'max' must be a whole number"


def test_every_problem_of_a_pathway_is_named() -> None:
    """As the README says: every mistake, one line each (a bundle's pathway problems are still capped)."""
    text = 'id = "p p"\nname = ""\nsubject = 5\ndescription = 7\nstages = "x"\n'
    lines = error_of(text).splitlines()
    assert len(lines) == 5
    assert not any("more problem" in line for line in lines)


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(SMALL.replace("Stage one", "Étape").encode("latin-1"))
    with pytest.raises(PathwayError) as info:
        load_pathway_file(path)
    msg = str(info.value)
    assert msg.startswith(str(path))
    assert "not UTF-8" in msg
    assert_plain(msg, str(path))


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    with pytest.raises(PathwayError) as info:
        load_pathway_file(path)
    assert str(info.value) == f"{path}: no such file"


def test_folder_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(PathwayError) as info:
        load_pathway_file(tmp_path)
    assert "is a folder" in str(info.value)


def test_errors_from_a_file_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(SMALL.replace("mastery = 50", "mastery = 60"), encoding="utf-8")
    with pytest.raises(PathwayError) as info:
        load_pathway_file(path)
    assert str(info.value).startswith(f"{path}: stage 1 ('s1'), check 1 ('c1')")


def test_pathway_error_is_a_data_error() -> None:
    with pytest.raises(GrouperError) as info:
        parse_pathway("not toml = = =", "x.toml")
    assert info.value.exit_code == 1


# --- writing back -----------------------------------------------------------


def test_to_toml_round_trips_the_documented_file() -> None:
    p = parse_pathway(DOCUMENTED, "early.toml")
    text = pathway_to_toml(p)
    assert parse_pathway(text, "again.toml") == p
    assert "[[stages]]" in text and "[[stages.checks]]" in text


TRICKY = [
    'say "hi"',
    "back\\slash",
    '\\"',
    "ends with \\",
    "'''",
    '"""',
    "Zoë ✓ 😀",
    "שלום עולם",
    "مرحبا",
    "line\nbreak",
    "tab\there",
    "bell\x07",
    "[bold]x[/]",
    "\\u0041 not an escape",
    "C1\x85control",
]

label_text = st.one_of(
    st.sampled_from(TRICKY),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x7f"),
        min_size=1,
        max_size=30,
    ),
).filter(lambda s: s.strip() != "")

slug = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,8}", fullmatch=True).filter(lambda s: s != "complete")


@st.composite
def pathways(draw: st.DrawFn) -> Pathway:
    shape = draw(st.lists(st.integers(1, 3), min_size=1, max_size=4))
    stage_ids = draw(st.lists(slug, min_size=len(shape), max_size=len(shape), unique=True))
    check_ids = iter(draw(st.lists(slug, min_size=sum(shape), max_size=sum(shape), unique=True)))
    stages = []
    for sid, n in zip(stage_ids, shape, strict=True):
        checks = []
        for _ in range(n):
            top = draw(st.integers(1, 100_000))
            checks.append(Check(id=next(check_ids), label=draw(label_text), max=top, mastery=draw(st.integers(0, top))))
        stages.append(Stage(id=sid, label=draw(label_text), focus=draw(label_text), checks=tuple(checks)))
    drawn = Pathway(
        id=draw(slug),
        name=draw(label_text),
        subject=draw(st.none() | label_text),
        description=draw(st.sampled_from(["", "  indented\nand two lines", 'a "quoted" bit'])),
        stages=tuple(stages),
    )
    return check_pathway(pathway_to_dict(drawn))  # as grouper holds it: checked, control characters visible


@settings(max_examples=150, deadline=None)
@given(pathways())
def test_to_toml_round_trips_any_pathway(p: Pathway) -> None:
    text = pathway_to_toml(p)
    assert parse_pathway(text, "round.toml") == p


def test_control_characters_in_a_pathway_become_visible_and_survive_toml() -> None:
    """A DEL or ESC in a label is kept as its visible symbol (never sent to a terminal), through TOML and back."""
    p = check_pathway({**pathway_to_dict(parse_pathway(SMALL, "small.toml")), "name": "a\x7fb\x1b[2J"})
    assert p.name == "a␡b␛[2J"
    assert tomllib.loads(pathway_to_toml(p))["name"] == "a␡b␛[2J"


def test_a_stage_is_found_by_its_id_and_complete_is_past_the_end() -> None:
    from grouper.formats.pathways import builtin_pathways

    path = builtin_pathways()["early-literacy"]
    assert path.index_of("print") == 0
    assert path.index_of("letters") == 1
    assert path.index_of("complete") == len(path.stages)
    assert path.index_of("no-such-stage") is None
