"""Control characters in people's text become visible symbols, once, where the text enters the model."""

from __future__ import annotations

import datetime as dt
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from grouper.core.documents import pathway_to_dict
from grouper.core.models import ClassRecord, Note, Score, Student
from grouper.core.pathways import builtin_pathways
from grouper.core.text import visible, visible_lines
from grouper.core.validation import check_pathway

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
