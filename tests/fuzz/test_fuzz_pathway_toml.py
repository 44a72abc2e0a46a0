"""Pathway TOML files a coach writes by hand: read, or refused naming the file and the line or field.

Any bytes, a shipped pathway mutated, the wrong encoding, a megabyte label,
nesting deep enough to exhaust Python's recursion: each ends in a Pathway or a
PathwayError whose every line starts with the file's name. A pathway holding
hostile labels (formulas, escapes, right-to-left, combining marks) is written
back as TOML that reads as the same pathway.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fuzz_helpers import FUZZ, HOSTILE, assert_clear, attempt, check, hostile_text, mutated, reencoded
from hypothesis import example, given
from hypothesis import strategies as st

from grouper.core.models import Pathway
from grouper.formats.documents import pathway_to_dict
from grouper.formats.pathways import PathwayError, load_pathway_file, parse_pathway, pathway_to_toml
from grouper.formats.validation import check_pathway

SOURCE = "my-path.toml"
SHIPPED = (Path(__file__).resolve().parents[2] / "src" / "grouper" / "pathways" / "early-literacy.toml").read_bytes()
SMALL = b'id = "p"\nname = "P"\n\n[[stages]]\nid = "one"\nlabel = "One"\nfocus = "Do one"\n\n' \
        b'  [[stages.checks]]\n  id = "c1"\n  label = "C1"\n  max = 10\n  mastery = 8\n'


def load(raw: bytes) -> Pathway:
    """``load_pathway_file`` on a real file holding ``raw``."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / SOURCE
        path.write_bytes(raw)
        return load_pathway_file(path)


def assert_every_line_names_the_file(error: PathwayError) -> None:
    assert all(line.startswith(SOURCE) or f"/{SOURCE}" in line for line in str(error).split("\n")), str(error)


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_are_refused_naming_the_file(raw: bytes) -> None:
    result = attempt(load, raw)
    assert isinstance(result, PathwayError)
    assert_clear(result, SOURCE, PathwayError)


@FUZZ
@given(st.one_of(mutated(SHIPPED), mutated(SMALL)))
@example(SMALL.replace(b"max = 10", b"max = 1" + b"0" * 5000))  # a number of 5000 digits
@example(SMALL.replace(b"max = 10", b"max = 10\nmax = 11"))  # a key given twice
@example(SMALL + SMALL)  # the whole file pasted twice
def test_mutated_pathways_are_read_or_refused_naming_file_and_place(raw: bytes) -> None:
    result = attempt(load, raw)
    if isinstance(result, PathwayError):
        assert_clear(result, SOURCE, PathwayError)
        assert_every_line_names_the_file(result)


@FUZZ
@given(reencoded(SHIPPED.decode()))
def test_wrong_encodings_are_refused_with_the_line_or_read(raw: bytes) -> None:
    result = attempt(load, raw)
    if isinstance(result, PathwayError):
        assert_clear(result, SOURCE, PathwayError)
    else:
        assert result.id == "early-literacy"


@FUZZ
@given(st.sampled_from(["[", "{a=", "[[", "{a=["]), st.integers(200, 200_000))
def test_nesting_too_deep_for_python_is_an_error_not_a_crash(opener: str, depth: int) -> None:
    error = attempt(parse_pathway, "x = " + opener * depth, SOURCE)
    assert isinstance(error, PathwayError)
    assert_clear(error, SOURCE, PathwayError)


def test_a_megabyte_file_is_refused_and_a_megabyte_label_is_named() -> None:
    big = attempt(load, SMALL + b"# " + b"x" * 1_000_000 + b"\n")
    assert isinstance(big, PathwayError) and "too large" in str(big)
    label = attempt(parse_pathway, SMALL.decode().replace('label = "One"', f'label = "{"x" * 900_000}"'), SOURCE)
    assert isinstance(label, PathwayError)
    assert_clear(label, SOURCE, PathwayError)
    assert "stage 1 ('one'), 'label' is too long" in str(label)


@FUZZ
@given(st.sampled_from(["id", "label", "focus", "name", "description", "subject"]), hostile_text)
@example("label", "\x1b[2J\x1b]0;pwned\x07")
@example("id", "=cmd|' /C calc'!A0")
def test_a_hostile_value_in_any_field_is_kept_visible_or_refused_with_the_field(field: str, text: str) -> None:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c >= " " and c != "\x7f" else f"\\u{ord(c):04x}" for c in escaped)
    lines = SMALL.decode().split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{field} =")) if field in (
        "id", "label", "focus", "name") else 1
    if field in ("description", "subject"):
        lines.insert(2, f'{field} = "{escaped}"')
    else:
        lines[at] = lines[at].split("=")[0] + f'= "{escaped}"'
    pathway = check(parse_pathway, SOURCE, "\n".join(lines), SOURCE, kind=PathwayError)
    if pathway is not None:
        shown = [pathway.name, pathway.subject or "", pathway.description, *(s.label for s in pathway.stages),
                 *(s.focus for s in pathway.stages)]
        assert not any("\x1b" in t or "\x07" in t for t in shown), "a control character reached the model"


@FUZZ
@given(st.lists(st.sampled_from(HOSTILE).map(str.strip).filter(bool), min_size=1, max_size=3).map(" ".join))
def test_hostile_labels_are_written_back_as_toml_that_reads_the_same(label: str) -> None:
    data = pathway_to_dict(parse_pathway(SMALL.decode(), SOURCE))
    data["name"] = data["description"] = label
    data["stages"][0].update(label=label, focus=label)
    pathway = check_pathway(data)
    assert parse_pathway(pathway_to_toml(pathway), SOURCE) == pathway
