"""The grade team's block, for the app's screen and ``grouper block``: read its classes, plan it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from grouper.core.block import Adult, Block, BlockPlan, plan_block

if TYPE_CHECKING:
    from grouper.core.models import ClassRecord
    from grouper.store import Store


def plan_of(store: Store, name: str, day: dt.date) -> BlockPlan:
    """The plan of the store's block ``name`` (or the unique start of one) for ``day``."""
    block = store.find_block(name)
    return plan_block(block, [store.load_class(c) for c in block.classes], day)


def bundle_plan(
    records: Sequence[ClassRecord],
    staff: Sequence[Adult],
    day: dt.date,
    min_size: int | None = None,
    max_size: int | None = None,
    name: str = "Block",
) -> BlockPlan:
    """A block of class files read in place (a coach's USB stick): nothing is stored."""
    block = Block(name, tuple(r.name for r in records), tuple(staff), min_size, max_size)
    return plan_block(block, records, day)
