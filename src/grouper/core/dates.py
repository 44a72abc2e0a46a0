"""School-day arithmetic: groups are planned for the next day the class meets."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from grouper.core.errors import GrouperError, UsageError, shown


def next_school_day(today: dt.date) -> dt.date:
    """The next weekday after ``today`` (Friday -> Monday)."""
    day = today + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def previous_school_day(today: dt.date) -> dt.date:
    """The weekday before ``today`` (Monday -> Friday)."""
    day = today - dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def school_days_between(start: dt.date, end: dt.date) -> int:
    """Weekdays from ``start`` up to but not counting ``end`` (0 when ``end`` is not after ``start``)."""
    n = (end - start).days
    if n <= 0:
        return 0
    weeks, rest = divmod(n, 7)
    return weeks * 5 + sum(1 for i in range(rest) if (start.weekday() + i) % 7 < 5)


def days_words(n: int) -> str:
    """``1 day``, ``3 days``."""
    return f"{n} day" if n == 1 else f"{n} days"


def parse_date(text: str, what: str = "date") -> dt.date:
    """A YYYY-MM-DD date, or a plain error naming what was wrong."""
    t = text.strip()
    try:
        if len(t) != 10 or t[4] != "-" or t[7] != "-":
            raise ValueError(t)
        return dt.date.fromisoformat(t)
    except ValueError:
        raise UsageError(f"{what} '{text}' is not a date like 2026-11-23") from None


def day_words(day: dt.date) -> str:
    """A date as a teacher says it: ``Thu 26 Nov``."""
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b')}"


# --- dates as a spreadsheet writes them -------------------------------------------

#: Which number comes first in a slashed or dotted date: ``30/11/2026`` is dmy, ``11/30/2026`` mdy.
DateOrder = Literal["dmy", "mdy"]
DATE_ORDERS: tuple[DateOrder, ...] = ("dmy", "mdy")
_ORDER_WORDS = {"dmy": "day first", "mdy": "month first"}

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SHEET = re.compile(r"(\d{1,2})([/.])(\d{1,2})\2(\d+)")
_EXAMPLES = "2026-11-23"  # the other forms are said in the README; this keeps the message short


class DateProblem(GrouperError):
    """A date cell that cannot be read; the message names the text but not the file or line."""


@dataclass(frozen=True, slots=True)
class DatePreference:
    """The teacher's ``date_order`` (None when not set) and the config folder that would hold it."""

    order: DateOrder | None = None
    folder: str = ""


#: No preference set: a file must show its order, or use ISO dates.
NO_PREFERENCE = DatePreference()


def _sheet_numbers(text: str) -> tuple[int, int, int] | None:
    """(first, second, year) of a slashed or dotted date; None for anything else."""
    m = _SHEET.fullmatch(text.strip())
    if m is None:
        return None
    if len(m.group(4)) != 4:
        year = "two-digit" if len(m.group(4)) == 2 else "short or long"
        raise DateProblem(f"'{shown(text.strip())}' has a {year} year; write the year in full, like 23/11/2026")
    return int(m.group(1)), int(m.group(3)), int(m.group(4))


def _shown_order(numbers: tuple[int, int, int]) -> DateOrder | None:
    """The order a date proves by a number above 12 (``30/11`` is day first), or None."""
    first, second, _ = numbers
    if first > 12 and second <= 12:
        return "dmy"
    if second > 12 and first <= 12:
        return "mdy"
    return None


@dataclass(frozen=True, slots=True)
class FileOrder:
    """How a file's dates are read: in ``order``, but for the one line that leaves it unsettled (``refused``)."""

    order: DateOrder | None
    #: (line, why): the first date that could be either, with no preference set, or that contradicts the file.
    refused: tuple[int, str] | None = None

    def date(self, line: int, text: str) -> dt.date:
        """The date in the cell at ``line``, or the problem in words (without the file or line)."""
        if self.refused is not None and self.refused[0] == line:
            raise DateProblem(self.refused[1])
        return sheet_date(text, self.order)


def date_order(cells: Iterable[tuple[int, str]], preference: DatePreference) -> FileOrder:
    """The day/month order of a file's dates, given as (line, text): shown by the file, else the preference.

    Never guessed: when the file's dates contradict each other, or its slashed or dotted dates
    all fit either order and no preference is set, the line that shows it is refused (and with
    it the file, which is imported whole or not at all).
    """
    shown_at: tuple[int, str, DateOrder] | None = None
    ambiguous: tuple[int, str] | None = None
    for line, text in cells:
        try:
            numbers = _sheet_numbers(text)
        except DateProblem:
            continue  # reported with its line when the cell is read
        if numbers is None:
            continue
        order = _shown_order(numbers)
        if order is None:
            if ambiguous is None and numbers[0] <= 12 and numbers[1] <= 12 and numbers[0] != numbers[1]:
                ambiguous = (line, shown(text.strip()))
        elif shown_at is None:
            shown_at = (line, shown(text.strip()), order)
        elif order != shown_at[2]:
            return FileOrder(shown_at[2], (line, (
                f"'{shown(text.strip())}' is {_ORDER_WORDS[order]}, but line {shown_at[0]} "
                f"('{shown_at[1]}') is {_ORDER_WORDS[shown_at[2]]}; write every date in the file the same way"
            )))
    if shown_at is not None:
        return FileOrder(shown_at[2])
    if ambiguous is not None and preference.order is None:
        line, text = ambiguous
        first, second, _ = _sheet_numbers(text) or (0, 0, 0)
        where = f" ({preference.folder})" if preference.folder else ""
        return FileOrder(None, (line, (
            f"'{text}' could be {first} {_MONTHS[second - 1]} or {second} {_MONTHS[first - 1]}; "
            f'add date_order = "dmy" or "mdy" to config.toml{where}'
        )))
    return FileOrder(preference.order)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def sheet_date(text: str, order: DateOrder | None) -> dt.date:
    """An ISO, slashed or dotted date read in ``order`` (from ``date_order``), or a plain problem."""
    t = text.strip()
    try:
        iso = _ISO.fullmatch(t)
        if iso is not None:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        numbers = _sheet_numbers(t)
        if numbers is not None:
            first, second, year = numbers
            use = order or _shown_order(numbers) or "dmy"  # no order: the numbers are equal, or the file is refused
            day, month = (first, second) if use == "dmy" else (second, first)
            return dt.date(year, month, day)
    except ValueError:
        pass
    raise DateProblem(f"'{shown(text)}' is not a date like {_EXAMPLES}")
