"""One call from a class to its plan for a day, shared by the CLI, exports and app."""

from __future__ import annotations

import datetime as dt

from .grouping import Plan, plan_groups
from .models import ClassRecord
from .placement import place_class


def plan_for(record: ClassRecord, day: dt.date) -> Plan:
    """Place every active student and group those present on ``day``."""
    return plan_groups(place_class(record), record.pathway, record.settings, day, record.absent_on(day))
