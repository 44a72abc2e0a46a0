"""The coach's view of the school, for the app's screen and ``grouper school``: every class in the store."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from grouper.core.school import SchoolView, school_view

if TYPE_CHECKING:
    from grouper.store import Store


def school_of(store: Store, today: dt.date, since: dt.date | None = None, by_tag: bool = False) -> SchoolView:
    """Every class in the store, counted as of ``today`` (moved up since ``since``)."""
    return school_view([store.load_class(n) for n in store.class_names()], today, since, by_tag)
