"""The reading-conference prompt: ``zoe lid 52`` read as student, check, score.

The last word is the score, the one before it the check, and everything
before that the student (names have spaces). While the teacher types, the
prompt shows what each part matches so far; it is only ready to save when all
three are unambiguous and the score fits the scale.
"""

from __future__ import annotations

from dataclasses import dataclass

from grouper.core.matching import Match, find_scoreable, find_student
from grouper.core.models import Check, ClassRecord, Student
from grouper.core.scores import typed_score


@dataclass(frozen=True, slots=True)
class QuickParse:
    student: Match[Student]
    check: Match[Check]
    value: int | None
    #: What is missing or wrong, in words; empty when ready.
    problem: str

    @property
    def ready(self) -> bool:
        return not self.problem and self.student.found is not None and self.check.found is not None


def _who(m: Match[Student], text: str) -> str:
    if m.candidates:
        shown = ", ".join(s.name for s in m.candidates[:4])
        more = len(m.candidates) - 4
        return f"'{text}' could be {shown}" + (f" and {more} more" if more > 0 else "")
    return f"no student '{text}'"


def parse_quick(text: str, record: ClassRecord) -> QuickParse:
    students = [s for s in record.students if s.active]
    words = text.split()
    empty_s: Match[Student] = Match(None)
    empty_c: Match[Check] = Match(None)
    if not words:
        return QuickParse(empty_s, empty_c, None, "type: student check score (e.g. zoe lid 52)")
    last = words[-1]
    looks_scored = len(words) >= 3 and (
        (last.isascii() and last.isdigit()) or find_scoreable(words[-2], record.pathway).found is not None
    )
    if looks_scored:
        who, check_text, raw = " ".join(words[:-2]), words[-2], last
    elif len(words) >= 2:
        # No score yet: "zoe lid", or still typing a two-word name ("zoe ng").
        who, check_text, raw = " ".join(words[:-1]), words[-1], ""
        c = find_scoreable(check_text, record.pathway)
        if c.found is None and not c.candidates:
            who, check_text = " ".join(words), ""
    else:
        who, check_text, raw = words[0], "", ""
    no_check = len(words) >= 2 and find_scoreable(words[-2], record.pathway).found is None
    if no_check and last.isascii() and last.isdigit():
        # "zoe 52" or "zoe ng 52": a student and a score, but no check between them.
        named = find_student(" ".join(words[:-1]), students)
        if named.found is not None:
            return QuickParse(named, empty_c, None,
                              f"which check? {' '.join(words[:-1])} CHECK {last}")
    m = find_student(who, students)
    if m.found is None:
        return QuickParse(m, empty_c, None, _who(m, who))
    if not check_text:
        return QuickParse(m, empty_c, None, "then a check and a score")
    c = find_scoreable(check_text, record.pathway)
    if c.found is None:
        return QuickParse(m, c, None, _check_problem(c, check_text))
    if not raw:
        return QuickParse(m, c, None, "then the score")
    value, problem = typed_score(c.found, raw)
    return QuickParse(m, c, value, problem or "")


def _check_problem(c: Match[Check], text: str) -> str:
    if c.found is not None:
        return ""
    if c.candidates:
        return f"check '{text}' could be " + ", ".join(x.id for x in c.candidates[:6])
    return f"no check '{text}'"
