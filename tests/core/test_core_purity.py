"""The domain core and the file formats stay pure: no screen, no disk database, no rich text."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pytest

import grouper.core
import grouper.formats

SCRIPT = """
import importlib, json, pkgutil, sys
import grouper.PACKAGE as package
names = sorted(m.name for m in pkgutil.walk_packages(package.__path__, "grouper.PACKAGE."))
for name in names:
    importlib.import_module(name)
heavy = sorted(m for m in sys.modules if m.split(".")[0] in HEAVY)
print(json.dumps({"modules": names, "heavy": heavy}))
"""


@pytest.mark.parametrize(
    "package, heavy, some",
    [
        # The domain: not even pydantic, which checks files at the edges.
        ("core", ("textual", "tinydb", "rich", "pydantic"), {"grouper.core.models", "grouper.core.grouping"}),
        ("formats", ("textual", "tinydb", "rich"), {"grouper.formats.bundle", "grouper.formats.roster"}),
    ],
)
def test_modules_import_without_textual_tinydb_or_rich(package: str, heavy: tuple[str, ...], some: set[str]) -> None:
    code = SCRIPT.replace("PACKAGE", package).replace("HEAVY", repr(heavy))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    path = (grouper.core if package == "core" else grouper.formats).__path__
    expected = sorted(m.name for m in pkgutil.walk_packages(path, f"grouper.{package}."))
    assert result["modules"] == expected
    # The modules are really checked, not an empty list.
    assert some <= set(result["modules"])
    assert result["heavy"] == []
