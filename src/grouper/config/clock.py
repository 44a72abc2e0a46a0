"""What day it is, for everything that dates a score or plans a day.

Kept apart from the command modules so the app can ask without importing them
(they load the importers and exporters, which cost start-up time).
"""

from __future__ import annotations

import datetime as dt
import os

from grouper.core.dates import parse_date


def today() -> dt.date:
    """Today, or GROUPER_TODAY (YYYY-MM-DD) so tests and demos can fix the date."""
    fixed = os.environ.get("GROUPER_TODAY")
    return parse_date(fixed, "GROUPER_TODAY") if fixed else dt.date.today()
