"""Finding the student or check a teacher meant, and school-day dates."""

from __future__ import annotations

import datetime as dt

import pytest

from grouper.core.dates import next_school_day, parse_date
from grouper.core.errors import UsageError
from grouper.core.matching import find_check, find_student, fold
from grouper.core.models import Check, Student

ZOE = Student("s1", "Zoë Ng")
ZORA = Student("s2", "Zora Li")
SEAN = Student("s3", "Seán O'Brien-Smith")
ANA = Student("s4", "Ana")
ANABEL = Student("s5", "Anabel Ortiz")
JOSE = Student("s6", "José Ángel Núñez")
ROSTER = [ZOE, ZORA, SEAN, ANA, ANABEL, JOSE]


def found(text: str, roster: list[Student] = ROSTER) -> Student | None:
    m = find_student(text, roster)
    if m.found is not None:
        assert m.candidates == (), "a match must not also list candidates"
    return m.found


def test_fold_strips_accents_and_case() -> None:
    assert fold("  Zoë ") == "zoe"
    assert fold("JOSÉ Ángel NÚÑEZ") == "jose angel nunez"
    assert fold("Straße") == "strasse"


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("s1", ZOE),  # exact id
        ("Zoë Ng", ZOE),  # exact name
        ("zoë ng", ZOE),
        ("ZOE NG", ZOE),  # case and accent insensitive
        ("zoe", ZOE),  # prefix of the full name
        ("ng", ZOE),  # prefix of a name part
        ("Ng", ZOE),
        ("  zoe  ", ZOE),
        ("sean", SEAN),
        ("brien", SEAN),  # part after an apostrophe
        ("smith", SEAN),  # part after a hyphen
        ("o'b", SEAN),  # prefix of the full name with punctuation
        ("nunez", JOSE),
        ("angel", JOSE),
        ("ÁNGEL", JOSE),
        ("ortiz", ANABEL),
        ("li", ZORA),
    ],
)
def test_find_student_finds_one(text: str, who: Student) -> None:
    assert found(text) == who


def test_exact_name_beats_a_longer_name_with_that_prefix() -> None:
    assert found("ana") == ANA
    assert found("anab") == ANABEL


def test_ambiguous_prefix_returns_candidates_and_no_match() -> None:
    m = find_student("zo", ROSTER)
    assert m.found is None
    assert set(m.candidates) == {ZOE, ZORA}


def test_same_name_twice_is_never_guessed() -> None:
    twin = Student("s9", "Zoë Ng")
    m = find_student("zoe ng", [ZOE, twin])
    assert m.found is None
    assert set(m.candidates) == {ZOE, twin}
    # The id still tells them apart.
    assert find_student("s9", [ZOE, twin]).found == twin


def test_accents_do_not_split_a_match() -> None:
    # "Zoe Park" without the diaeresis and "Zoë Ng" both fit "zoe": show both.
    m = find_student("zoe", [ZOE, Student("s7", "Zoe Park")])
    assert m.found is None
    assert len(m.candidates) == 2


@pytest.mark.parametrize("text", ["", "   ", "xavier", "zoe x", "ngz"])
def test_no_match(text: str) -> None:
    m = find_student(text, [ZOE, ZORA])
    assert m.found is None
    assert m.candidates == ()


def test_id_match_is_exact_not_a_prefix() -> None:
    m = find_student("s", [ZOE, ZORA])
    assert m.found is None
    assert m.candidates == ()


LETTERS = Check(id="letters", label="Letters named", max=54, mastery=50)
SOUNDS = Check(id="sounds", label="Letter sounds", max=26, mastery=24)
LID = Check(id="lid", label="Letter ID", max=54, mastery=50)
CVC = Check(id="CVC-1", label="Words read", max=20, mastery=18)
CHECKS = [LETTERS, SOUNDS, LID, CVC]


@pytest.mark.parametrize(
    ("text", "check"),
    [
        ("letters", LETTERS),
        ("LETTERS", LETTERS),
        ("lid", LID),
        ("cvc-1", CVC),
        ("cvc", CVC),  # unique id prefix
        ("words", CVC),  # unique label prefix
        ("so", SOUNDS),
        ("letter s", SOUNDS),  # label prefix with a space
    ],
)
def test_find_check(text: str, check: Check) -> None:
    m = find_check(text, CHECKS)
    assert m.found == check
    assert m.candidates == ()


def test_exact_id_beats_other_prefixes() -> None:
    dig = Check(id="dig", label="Digraphs read", max=10, mastery=8)
    spell = Check(id="dig-spell", label="Digraphs spelled", max=10, mastery=8)
    assert find_check("DIG", [spell, dig]).found == dig
    m = find_check("digraphs", [spell, dig])
    assert m.found is None
    assert set(m.candidates) == {dig, spell}


def test_find_check_ambiguous_and_missing() -> None:
    m = find_check("letter", CHECKS)
    assert m.found is None
    assert set(m.candidates) == {LETTERS, SOUNDS, LID}
    assert find_check("zzz", CHECKS).found is None
    assert find_check("zzz", CHECKS).candidates == ()
    assert find_check("  ", CHECKS).found is None


# --- dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2026, 11, 23), dt.date(2026, 11, 24)),  # Monday -> Tuesday
        (dt.date(2026, 11, 26), dt.date(2026, 11, 27)),  # Thursday -> Friday
        (dt.date(2026, 11, 27), dt.date(2026, 11, 30)),  # Friday -> Monday
        (dt.date(2026, 11, 28), dt.date(2026, 11, 30)),  # Saturday -> Monday
        (dt.date(2026, 11, 29), dt.date(2026, 11, 30)),  # Sunday -> Monday
        (dt.date(2027, 12, 31), dt.date(2028, 1, 3)),  # Friday at year end
    ],
)
def test_next_school_day_skips_weekends(today: dt.date, expected: dt.date) -> None:
    assert next_school_day(today) == expected
    assert next_school_day(today).weekday() < 5


def test_parse_date_accepts_iso_with_spaces() -> None:
    assert parse_date("2026-11-23") == dt.date(2026, 11, 23)
    assert parse_date(" 2026-11-23 ") == dt.date(2026, 11, 23)


@pytest.mark.parametrize("text", ["tomorrow", "2026-02-30", "23/11/2026", "", "2026-13-01"])
def test_parse_date_errors_are_plain(text: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_date(text, "score date")
    msg = str(info.value)
    assert msg == f"score date '{text}' is not a date like 2026-11-23"
    assert info.value.exit_code == 2


# --- names as teachers type them ---------------------------------------------------

SIOBHAN = Student("t1", "Siobhán O'Brien")
LIAM = Student("t2", "Liam O’Neill")
SAM = Student("t3", "[Sam] Taylor")
TYPED = [SIOBHAN, LIAM, SAM, *(s for s in ROSTER if s is not SEAN)]  # Seán O'Brien-Smith is an obrien too


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("obrien", SIOBHAN),  # the apostrophe inside a name part is not typed
        ("o'brien", SIOBHAN),
        ("brien", SIOBHAN),
        ("siobhan obrien", SIOBHAN),
        ("oneill", LIAM),  # a curly apostrophe
        ("o'neill", LIAM),
        ("liam o neill", LIAM),
        ("sam", SAM),  # brackets around a part are not typed
        ("sam tay", SAM),
        ("[sam]", SAM),
        ("taylor", SAM),
    ],
)
def test_punctuation_in_and_around_a_name_part_is_not_needed(text: str, who: Student) -> None:
    assert found(text, TYPED) == who


def test_a_student_and_a_score_without_a_check_asks_for_the_check() -> None:
    from grouper.core.models import ClassRecord
    from grouper.core.quick_entry import parse_quick
    from grouper.formats.pathways import builtin_pathways

    record = ClassRecord("Room 7", builtin_pathways()["early-literacy"], students=TYPED)
    for text, who in (("zoe 52", "zoe"), ("zoe ng 52", "zoe ng"), ("obrien 4", "obrien")):
        parsed = parse_quick(text, record)
        assert not parsed.ready and parsed.student.found is not None
        assert parsed.problem == f"which check? {who} CHECK {text.split()[-1]}"
    assert parse_quick("nobody 52", record).problem == "no student 'nobody 52'"
    assert parse_quick("zoe lid 52", record).ready


def test_two_students_an_unpunctuated_part_fits_are_both_named() -> None:
    m = find_student("obrien", [SIOBHAN, SEAN])
    assert m.found is None and set(m.candidates) == {SIOBHAN, SEAN}


def test_the_previous_school_day_skips_the_weekend() -> None:
    from grouper.core.dates import previous_school_day

    assert previous_school_day(dt.date(2026, 12, 7)) == dt.date(2026, 12, 4)  # Monday -> Friday
    assert previous_school_day(dt.date(2026, 12, 6)) == dt.date(2026, 12, 4)  # Sunday -> Friday
    assert previous_school_day(dt.date(2026, 12, 9)) == dt.date(2026, 12, 8)
