"""How big a class, and a file brought in, may be.

grouper plans the small groups of one class. A class of a whole school, or a
file of millions of rows, would take minutes and gigabytes before anyone saw
a word, so both are refused at once, with the limit named: a class holds at
most ``MAX_STUDENTS`` students, and an imported file (a roster, a scores file,
a OneRoster file) at most ``MAX_ROWS`` rows after its header. Reading stops
at the first row past the limit.
"""

from __future__ import annotations

#: The most students one class may hold (active or not: they are all kept).
MAX_STUDENTS = 2_000
#: The most students one group may be set to hold (a class's settings, a block's sizes, an adult's limit).
MAX_GROUP_SIZE = 100
#: The most rows, after the header, read from one imported CSV file.
MAX_ROWS = 200_000


def class_size_problem(count: int) -> str | None:
    """Why a class of ``count`` students is refused, in words, or None when it fits."""
    if count <= MAX_STUDENTS:
        return None
    return f"that would make {count:,} students in one class; a class holds at most {MAX_STUDENTS:,}"


def too_many_rows(source: str) -> str:
    """The refusal of a file with more than ``MAX_ROWS`` rows (it was read no further)."""
    return f"{source}: more than {MAX_ROWS:,} rows; grouper reads at most {MAX_ROWS:,} rows from one file"
