"""Settings for the fuzz tests: a quick, repeatable CI profile and a long one for a developer.

``ci`` (the default) runs few examples with a fixed seed (``derandomize``), so
CI is fast and a failure is the same failure on every run. ``long`` runs
thousands and is random: ``GROUPER_LONG_TESTS=1 pytest -n 0 tests/fuzz``.

The profile is applied by each fuzz test (``fuzz_helpers.FUZZ``) rather than
loaded for the whole session, so collecting this folder never changes how the
hypothesis tests in other folders run. The 100k-row import times are printed
at the end of the run (and kept as each test's ``user_properties``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# The command-line cases run the installed script the way tests/cli does, with its helpers
# (``Cli``, ``snapshot``): put that folder on the path even when only this one is collected.
sys.path.append(str(Path(__file__).resolve().parents[1] / "cli"))

_SLOW_DATA = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]

settings.register_profile("ci", max_examples=25, deadline=None, derandomize=True, suppress_health_check=_SLOW_DATA,
                          print_blob=True)
settings.register_profile("long", max_examples=3000, deadline=None, suppress_health_check=_SLOW_DATA,
                          print_blob=True)


def pytest_report_header() -> str:
    profile = "long" if os.environ.get("GROUPER_LONG_TESTS") == "1" else "ci"
    return f"grouper fuzz profile: {profile} (GROUPER_LONG_TESTS=1 for the long one)"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The measured import times, so a run's log carries them (they are reported, never asserted)."""
    timings = [
        (report.nodeid, value)
        for report in terminalreporter.stats.get("passed", [])
        for key, value in getattr(report, "user_properties", [])
        if key == "seconds"
    ]
    if timings:
        terminalreporter.section("grouper: large-file import times")
        for nodeid, seconds in timings:
            terminalreporter.write_line(f"{seconds:6.2f} s  {nodeid}")
