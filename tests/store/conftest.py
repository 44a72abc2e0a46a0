"""Fixtures for the store tests; the helpers themselves are in ``store_helpers``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from store_helpers import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(dt.datetime(2026, 11, 23, 15, 30, tzinfo=dt.UTC))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "store"
