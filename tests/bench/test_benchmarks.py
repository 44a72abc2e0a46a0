"""The benchmark suite still runs (its cheapest part), so it cannot rot between full runs.

No time is asserted: the machine is shared and noisy, and the suite reports
times against a baseline instead (see BENCHMARKS.md).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_quick_grouping_part_runs_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--only", "5", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "grouping: fitted exponent" in result.stdout  # the table
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["mode"] == "quick" and data["crashed"] == []
    figures = {f["key"]: f for f in data["figures"]}
    assert set(figures) == {"5", "5.1", "5.2"}
    assert figures["5"]["status"] in ("pass", "over") and figures["5"]["value"] > 0
    assert figures["5.1"]["ratio"] > 1  # ten times the students take longer


def test_quick_limits_part_runs_the_largest_class_and_a_refused_file(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--only", "7", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["crashed"] == []
    figures = {f["key"]: f for f in data["figures"]}
    assert set(figures) == {"7", "7b", "7c"}
    assert "2,000 students" in figures["7"]["name"] and figures["7"]["value"] > 0
    assert "2,000 students" in figures["7b"]["name"] and figures["7b"]["value"] > 0
    # The file was refused, naming the limit (a file that imported or crashed would crash the part).
    assert "200,001 rows" in figures["7c"]["name"] and "at most 200,000 rows" in figures["7c"]["note"]
    assert figures["7c"]["status"] in ("pass", "over")


def test_start_up_harness_sees_text_in_a_terminal(tmp_path: Path) -> None:
    """The pseudo-terminal timing behind figure 1, on a program that only prints."""
    sys.path.insert(0, str(ROOT))
    try:
        from benchmarks.common import child_env
        from benchmarks.startup import screen_text, time_to_text
    finally:
        sys.path.remove(str(ROOT))
    assert screen_text(b"\x1b[2J\x1b[1;1H\x1b[1mJos\xc3\xa9\x1b[0m \x1b]0;title\x07ok") == "José ok"
    code = "import sys, time; sys.stdout.write('\\x1b[1mready\\x1b[0m'); sys.stdout.flush(); time.sleep(0.3)"
    seconds = time_to_text(["-c", code], ["ready"], child_env(tmp_path))
    assert 0 < seconds < 60
