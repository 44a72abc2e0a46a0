"""Finding the student or check a teacher meant from a few typed letters.

In a reading conference the teacher types ``zoe lid 52`` and goes back to the
child. A name that fits more than one student must be shown, never guessed, so
every lookup returns either one match or the candidates.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from grouper.core.models import Check, Pathway, Student

T = TypeVar("T")

#: Where one name part ends and the next begins: spaces and hyphens (``Mary-Kate``).
_WORDS = re.compile(r"[\s\-‐]+")
#: What is not part of a name's letters: apostrophes, brackets, dots and the like.
_PUNCTUATION = re.compile(r"[^\w]+")


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower-case and strip accents, so ``Zoë`` is found by ``zoe``.

    Cached: a scores file of 100,000 rows folds every student's name for every row.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    """One item found, or the items the text could mean (empty when none)."""

    found: T | None
    candidates: tuple[T, ...] = ()


def find_student(text: str, students: Sequence[Student]) -> Match[Student]:
    """An id, an exact name, or a prefix of the name or of any part of it."""
    query = text.strip()
    if not query:
        return Match(None)
    for s in students:
        if s.id == query:
            return Match(s)
    q = fold(query)
    exact = [s for s in students if fold(s.name) == q]
    if len(exact) == 1:
        return Match(exact[0])
    if exact:
        return Match(None, tuple(exact))
    hits = [s for s in students if _name_starts_with(s.name, q)]
    return Match(hits[0]) if len(hits) == 1 else Match(None, tuple(hits))


@lru_cache(maxsize=4096)
def name_parts(name: str) -> tuple[str, ...]:
    """The parts a name can be found by, in order: each word with its punctuation taken out, then its pieces.

    ``Siobhán O'Brien`` has ``siobhan``, ``obrien``, ``o``, ``brien``: a teacher types ``obrien`` or
    ``brien``; ``[Sam] Taylor`` has ``sam`` and ``taylor``.
    """
    parts: list[str] = []
    for word in _WORDS.split(fold(name)):
        whole = _PUNCTUATION.sub("", word)
        pieces = [p for p in _PUNCTUATION.split(word) if p]
        parts += dict.fromkeys([whole, *pieces] if whole else pieces)
    return tuple(parts)


def _name_starts_with(name: str, q: str) -> bool:
    """The full name starts with ``q``, or each word of ``q`` starts a later name part.

    So ``ng``, ``zoe n`` and ``mary kate`` find ``Zoë Ng`` and ``Mary-Kate O'Neil``, and ``oneill``
    finds ``Liam O’Neill`` (punctuation inside or around a part is not typed).
    """
    folded = fold(name)
    if folded.startswith(q):
        return True
    parts = name_parts(name)
    words = [w for w in (_PUNCTUATION.sub("", w) for w in _WORDS.split(q)) if w]
    at = 0
    for word in words:
        while at < len(parts) and not parts[at].startswith(word):
            at += 1
        if at == len(parts):
            return False
        at += 1
    return bool(words)


def find_check(text: str, checks: Sequence[Check]) -> Match[Check]:
    """A check id (any case), or a unique prefix of its id or label."""
    q = fold(text)
    if not q:
        return Match(None)
    for c in checks:
        if fold(c.id) == q:
            return Match(c)
    hits = [c for c in checks if fold(c.id).startswith(q) or fold(c.label).startswith(q)]
    return Match(hits[0]) if len(hits) == 1 else Match(None, tuple(hits))


def find_scoreable(text: str, pathway: Pathway) -> Match[Check]:
    """A check a score may be typed for: any check by its id, else a prefix of a main-route check,
    else a prefix of a detour's closer check (so "letters n" still means Letters named when a
    detour has "Letters named in a set")."""
    q = fold(text)
    exact = next((c for c in pathway.scoreable_checks() if q and fold(c.id) == q), None)
    if exact is not None:
        return Match(exact)
    main = find_check(text, pathway.all_checks())
    if main.found is not None or main.candidates:
        return main
    return find_check(text, [c for _, _, c in pathway.detour_checks()])
