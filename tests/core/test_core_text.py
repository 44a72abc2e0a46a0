"""Control characters in people's text become visible symbols, once, where the text enters the model."""

from __future__ import annotations

import datetime as dt
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from grouper.core.models import ClassRecord, Note, Score, Student
from grouper.core.text import class_key, class_name, terminal_safe, typable, visible, visible_lines
from grouper.formats.documents import pathway_to_dict
from grouper.formats.pathways import builtin_pathways
from grouper.formats.validation import check_pathway

HOSTILE = "Ana\x1b[2J\x1b]0;pwned\x07\tB\nC\x9b31m\x7f"


def _controls(text: str) -> set[str]:
    return {c for c in text if unicodedata.category(c) == "Cc"}


def test_each_control_character_is_shown_as_its_picture() -> None:
    assert visible(HOSTILE) == "Ana␛[2J␛]0;pwned␇␉B␊C�31m␡"
    assert visible_lines(HOSTILE) == "Ana␛[2J␛]0;pwned␇␉B\nC�31m␡"


def test_ordinary_names_are_left_exactly_as_typed() -> None:
    for name in ("Zoë Ng", "王芳", "محمد علي", "Siobhán O'Brien", "[b]Ana[/b]", "Mary\u00a0Kate", "e\u0301"):
        assert visible(name) == name


@given(st.text())
def test_nothing_that_commands_a_terminal_survives(text: str) -> None:
    assert _controls(visible(text)) == set()
    assert _controls(visible_lines(text)) <= {"\n"}


def test_the_models_keep_visible_text() -> None:
    student = Student("s1", HOSTILE, tags=("ELL\x1b[31m",))
    assert _controls(student.name) == set() and student.tags == ("ELL␛[31m",)
    assert Score("s1", "lid", 5, dt.date(2026, 11, 23), 1, "bad\x1bnote").note == "bad␛note"
    note = Note("s1", dt.date(2026, 11, 23), "line one\nline\x1b two", "2026-11-23T10:00:00")
    assert note.text == "line one\nline␛ two"
    pathway = builtin_pathways()["early-literacy"]
    record = ClassRecord("Room\x1b[2J 7", pathway)
    assert record.name == "Room␛[2J 7"
    data = pathway_to_dict(pathway)
    data["stages"][0]["label"] = "Print\x1b[5m"
    assert check_pathway(data).stages[0].label == "Print␛[5m"


def test_bidi_overrides_and_isolates_are_shown_not_obeyed() -> None:
    """U+202E would show "Joe\u202eymmiT" as "Joe Timmy": a look-alike of another name."""
    assert visible("Joe\u202eymmiT") == "Joe�ymmiT"
    for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)):
        assert visible(f"a{chr(code)}b") == "a�b", hex(code)
    assert Student("s1", "Joe\u202eymmiT").name == "Joe�ymmiT"
    # Marks that only hint the direction of Arabic or Hebrew text stay as typed.
    assert visible("שלום\u200fabc") == "שלום\u200fabc"


def test_only_typable_codes_are_ids() -> None:
    assert typable("s-01") and typable("Zoë")
    assert not typable("s01\x1b") and not typable("s\u202e01") and not typable("a\tb")


def test_class_names_are_kept_in_nfc_and_compared_whatever_the_form() -> None:
    composed, decomposed = "Zo\u00eb", "Zoe\u0308"
    assert class_name(decomposed) == composed
    assert ClassRecord(decomposed, builtin_pathways()["early-literacy"]).name == composed
    assert class_key(f"  {composed.upper()} ") == class_key(decomposed)


def test_what_reaches_a_terminal_keeps_its_line_breaks_and_nothing_else() -> None:
    assert terminal_safe("a,b\r\nc\n") == "a,b\r\nc\n"  # a CSV on standard output keeps its CRLF
    assert terminal_safe("spoof\rreal") == "spoof␍real"  # a lone CR would write over the line
    assert terminal_safe("\x1b[2J\u202e\x07") == "␛[2J�␇"
