"""What a plain (non-editable) install carries, and what the CLI does not load.

A teacher installs with ``pip install .``: the wheel itself must hold the
built-in pathways, the themes and the sample classes, or ``grouper demo``
fails on their machine while passing in a checkout.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0 and "No module named hatchling" in result.stderr:
        pytest.skip("hatchling is not installed in this environment (pip install -e '.[dev]' brings it)")
    assert result.returncode == 0, result.stderr
    (found,) = out.glob("grouper-*.whl")
    return found


def test_wheel_carries_pathways_themes_and_samples(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert {"grouper/pathways/early-literacy.toml", "grouper/pathways/early-numeracy.toml",
            "grouper/pathways/multiplication-fractions.toml"} <= set(names)
    assert "grouper/themes/projector.toml" in names
    assert "grouper/ui/grouper.tcss" in names
    assert sum(n.startswith("grouper/sample_classes/") and n.endswith(".json") for n in names) >= 5
    # The demo's block pools the three Grade 1 rooms: all three ship.
    assert {"grouper/sample_classes/grade1-literacy.json", "grouper/sample_classes/grade1-room8-literacy.json",
            "grouper/sample_classes/grade1-room9-literacy.json"} <= set(names)


def test_installed_wheel_finds_its_files_away_from_the_checkout(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import json, grouper\n"
        "from grouper.formats.pathways import builtin_pathways\n"
        "from grouper.config.resources import sample_class_files, shipped_dir\n"
        "from grouper.session.demo import sample_records\n"
        "import datetime as dt\n"
        "print(json.dumps({'file': grouper.__file__, 'pathways': sorted(builtin_pathways()),"
        " 'themes': sorted(p.name for p in shipped_dir('themes').glob('*.toml')),"
        " 'samples': [r.name for r in sample_records(dt.date(2026, 11, 22))]}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["file"].startswith(str(site))
    assert found["pathways"] == ["dibels8-1", "dibels8-k", "early-literacy", "early-numeracy",
                                 "multiplication-fractions", "orf-1", "orf-2", "orf-3"]
    assert {"classroom-dark.toml", "classroom-light.toml", "projector.toml"} <= set(found["themes"])
    assert len(found["samples"]) >= 5
    assert {"Grade 1 — Room 7", "Grade 1 — Room 8", "Grade 1 — Room 9"} <= set(found["samples"])


def test_scripted_commands_do_not_load_textual(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from grouper.cli import main\n"
        "rc = main(['--store', sys.argv[1], 'pathway', 'list'])\n"
        "print(rc, 'textual' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0 False"
