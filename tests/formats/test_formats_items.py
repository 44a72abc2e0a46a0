"""A check may list its items (the letters, sounds or words it is made of): read, checked, written back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grouper.formats.documents import pathway_from_dict, pathway_to_dict
from grouper.formats.pathways import PathwayError, builtin_pathways, parse_pathway, pathway_to_toml


def toml(items: str, max_score: int, mastery: int = 1) -> str:
    return f'''
id = "items"
name = "Items"

[[stages]]
id = "letters"
label = "Letters"
focus = "Letter sounds"

  [[stages.checks]]
  id = "lsnd"
  label = "Letter sounds"
  max = {max_score}
  mastery = {mastery}
  items = {items}
'''


def test_items_are_read_and_written_back_in_toml_and_in_class_files() -> None:
    p = parse_pathway(toml('["a", "b", "qu", "igh"]', 4, 3), "items.toml")
    check = p.check("lsnd")
    assert check.items == ("a", "b", "qu", "igh") and check.max == 4
    assert parse_pathway(pathway_to_toml(p), "again.toml") == p
    assert pathway_from_dict(pathway_to_dict(p)) == p
    assert "items" not in str(pathway_to_dict(builtin_pathways()["early-numeracy"]))  # no items: shape unchanged


def test_the_built_in_letter_sounds_check_lists_the_26_letters() -> None:
    check = builtin_pathways()["early-literacy"].check("lsnd")
    assert check.items == tuple("abcdefghijklmnopqrstuvwxyz") and check.max == 26


@pytest.mark.parametrize(
    "items, max_score, words",
    [
        ('["a", "b", "A"]', 3, "'A' is listed twice (items 1 and 3)"),
        ('["a", "b c"]', 2, "item 2 ('b c') has a space in it"),
        ('["a", ""]', 2, "item 2 is empty"),
        ('["a", "b"]', 3, "max is 3 but 2 items are listed"),
        ("[]", 1, "the list is empty"),
        ('["a", 3]', 2, "items"),
        ('"abc"', 3, "items"),
        ('["' + "x" * 21 + '"]', 1, "longer than 20 characters"),
    ],
)
def test_bad_item_lists_are_refused_naming_the_check_and_the_item(items: str, max_score: int, words: str) -> None:
    with pytest.raises(PathwayError) as e:
        parse_pathway(toml(items, max_score), "bad.toml")
    message = str(e.value)
    assert "bad.toml" in message and "lsnd" in message and words in message
    assert "\n" not in message.strip() or message.count("\n") <= 1


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=8), max_size=12))
def test_any_item_list_is_either_kept_exactly_or_refused_with_the_field_named(items: list[str]) -> None:
    import json

    text = toml(json.dumps(items, ensure_ascii=False), max(1, len(items)))
    try:
        p = parse_pathway(text, "fuzz.toml")
    except PathwayError as e:
        assert "fuzz.toml" in str(e) and ("items" in str(e) or "max" in str(e) or "TOML" in str(e))
        return
    assert list(p.check("lsnd").items) == items
    assert parse_pathway(pathway_to_toml(p), "again.toml") == p
