"""School-day arithmetic: groups are planned for the next day the class meets."""

from __future__ import annotations

import datetime as dt

from .errors import UsageError


def next_school_day(today: dt.date) -> dt.date:
    """The next weekday after ``today`` (Friday -> Monday)."""
    day = today + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


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
