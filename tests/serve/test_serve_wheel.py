"""A plain (non-editable) install carries ``grouper serve``'s own page, and it is the one served."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_an_installed_wheel_has_the_serve_page(tmp_path: Path) -> None:
    out = tmp_path / "wheel"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        capture_output=True, text=True,
    )
    if built.returncode != 0 and "No module named hatchling" in built.stderr:
        pytest.skip("hatchling is not installed in this environment (pip install -e '.[dev]' brings it)")
    assert built.returncode == 0, built.stderr
    (wheel,) = out.glob("grouper-*.whl")
    assert "grouper/cli/serve_page.html" in zipfile.ZipFile(wheel).namelist()
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = ("import grouper, grouper.cli.serve as s\n"
            "print(grouper.__file__)\n"
            "print(s.page('ws://127.0.0.1:8000/ws?token=t', 24))\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                         env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    where, text = run.stdout.split("\n", 1)
    assert where.startswith(str(site))
    assert 'data-session-websocket-url="ws://127.0.0.1:8000/ws?token=t"' in text
    assert 'data-font-size="24"' in text
