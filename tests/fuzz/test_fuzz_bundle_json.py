"""Class bundle JSON (``grouper class import``): a class, or a BundleError naming the file and the line or field.

Bundles travel between teachers, so they arrive cut short, re-saved by an
editor in another encoding, or built by another program. Any bytes, a sample
class mutated byte by byte or field by field, nesting deep enough to exhaust
Python's recursion, a number of thousands of digits: each ends in a class
record or a BundleError whose message names the file and the line or the field
("score 3, 'value'"). A class that is read can be saved and read back (a
locked plan nested too deep to save is refused at the door).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fuzz_helpers import FUZZ, HOSTILE, assert_clear, attempt, check, mutated, reencoded
from hypothesis import example, given
from hypothesis import strategies as st

from grouper.formats.bundle import BundleError, parse_bundle, record_to_bundle

SOURCE = "room4.json"
SAMPLES = Path(__file__).resolve().parents[2] / "sample_classes"
SAMPLE = (SAMPLES / "kindergarten-literacy.json").read_bytes()
DOC = json.loads(SAMPLE)


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_are_refused_with_the_line(raw: bytes) -> None:
    result = attempt(parse_bundle, raw, SOURCE)
    assert isinstance(result, BundleError)
    assert_clear(result, SOURCE, BundleError)


@FUZZ
@given(mutated(SAMPLE))
@example(SAMPLE[: len(SAMPLE) // 2])  # cut short
@example(SAMPLE.replace(b'"version": 1', b'"version": 1' + b"0" * 5000))  # a number of 5000 digits
def test_mutated_bytes_are_read_or_refused_with_the_line_or_field(raw: bytes) -> None:
    check(parse_bundle, SOURCE, raw, SOURCE, kind=BundleError)


@FUZZ
@given(reencoded(SAMPLE.decode()))
def test_wrong_encodings_are_refused_with_the_line_or_read(raw: bytes) -> None:
    record = check(parse_bundle, SOURCE, raw, SOURCE, kind=BundleError)
    assert record is None or raw.startswith(b"\xef\xbb\xbf") or raw.isascii()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.sampled_from(HOSTILE) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(HOSTILE) | st.text(max_size=5),
                                                                  inner, max_size=3),
    max_leaves=8,
)


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON document (the root too), to pick one to change."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node[:3]):  # the first few items of a list stand for the rest
            found += paths(value, (*prefix, i))
    return found


PLACES = paths(DOC)


def changed(doc: Any, place: tuple[Any, ...], how: str, value: Any) -> Any:
    """``doc`` with the node at ``place`` replaced, removed, or doubled."""
    doc = json.loads(json.dumps(doc))
    if not place:
        return value
    parent = doc
    for key in place[:-1]:
        parent = parent[key]
    key = place[-1]
    if how == "remove":
        del parent[key]
    elif how == "double" and isinstance(parent, list):
        parent.insert(key, parent[key])
    else:
        parent[key] = value
    return doc


@FUZZ
@given(st.sampled_from(PLACES), st.sampled_from(["replace", "remove", "double"]), json_values)
@example(("students", 0, "id"), "replace", "a" * 1_000_000)  # a megabyte id
@example(("students", 0, "name"), "replace", "\x1b[2J\x1b]0;pwned\x07")
@example(("scores", 0, "value"), "replace", 10**400)
@example(("class", "settings"), "replace", {"\x1b[2J\nx": 1})  # an unknown field holding escapes and a newline
def test_any_field_changed_is_read_or_refused_naming_the_field(place: tuple[Any, ...], how: str, value: Any) -> None:
    doc = changed(DOC, place, how, value)
    raw = json.dumps(doc, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass")
    record = check(parse_bundle, SOURCE, raw, SOURCE, kind=BundleError)
    if record is None:
        return
    # What is read can be saved and read again unchanged (the store writes the same dicts).
    again = parse_bundle(json.dumps(record_to_bundle(record), ensure_ascii=False).encode(), SOURCE)
    assert again == record


@FUZZ
@given(st.integers(100, 50_000), st.sampled_from(['[', '{"a":', '[{"a":']), st.booleans())
@example(985, "[", True)  # read by json, but too deep to be saved back: refused at the door
def test_deep_nesting_is_refused_with_the_line(depth: int, opener: str, in_a_plan: bool) -> None:
    closer = "".join("]" if c == "[" else "}" for c in opener[::-1] if c in "[{")
    deep = opener * depth + "1" + closer * depth
    if in_a_plan:
        text = SAMPLE.decode().replace('"plans": [', f'"plans": [{{"date": "2025-01-06", "locked_at": "x", '
                                                      f'"plan": {{"groups": {deep}}}}},', 1)
        assert text != SAMPLE.decode()
    else:
        text = deep
    error = attempt(parse_bundle, text.encode(), SOURCE)
    assert isinstance(error, BundleError)
    assert_clear(error, SOURCE, BundleError)
