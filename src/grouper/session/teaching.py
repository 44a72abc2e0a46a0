"""What teaching works, for one class or every class in the store: what the app's screen and
``grouper report teaching`` both show."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from grouper.core.teaching import TeachingReport, teaching_report_of

if TYPE_CHECKING:
    from grouper.store import Store


def teaching_report(store: Store, class_name: str | None, today: dt.date) -> TeachingReport:
    """The rows for one class (``class_name``) or every class in the store (None)."""
    names = [class_name] if class_name is not None else store.class_names()
    return teaching_report_of([store.load_class(n) for n in names], class_name, today)
