"""One call from a class to its plan for a day, shared by the CLI, exports and app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from grouper.core.grouping import Plan, plan_groups
from grouper.core.models import ClassRecord
from grouper.core.placement import Placement, place_class
from grouper.core.progress import current_detours


def plan_for(record: ClassRecord, day: dt.date) -> Plan:
    """Place every active student and group those present on ``day``, keeping the class's rules."""
    return plan_placed(record, place_class(record), day)


def plan_placed(record: ClassRecord, placements: Sequence[Placement], day: dt.date) -> Plan:
    """Group students already placed (the app keeps placements up to date as scores come in)."""
    return plan_groups(
        placements,
        record.pathway,
        record.settings,
        day,
        record.absent_on(day),
        keep_apart=record.keep_apart,
        keep_together=record.keep_together,
        overrides=record.overrides,
        detours=current_detours(record),
    )
