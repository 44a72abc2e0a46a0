"""The domain core stays pure: no screen, no disk database, no rich text."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import grouper.core

SCRIPT = """
import importlib, json, pkgutil, sys
import grouper.core
names = sorted(m.name for m in pkgutil.walk_packages(grouper.core.__path__, "grouper.core."))
for name in names:
    importlib.import_module(name)
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "tinydb", "rich"))
print(json.dumps({"modules": names, "heavy": heavy}))
"""


def test_core_modules_import_without_textual_tinydb_or_rich() -> None:
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    expected = sorted(m.name for m in pkgutil.walk_packages(grouper.core.__path__, "grouper.core."))
    assert result["modules"] == expected
    # The modules the domain is made of are really checked, not an empty list.
    assert {"grouper.core.models", "grouper.core.grouping", "grouper.core.bundle"} <= set(result["modules"])
    assert result["heavy"] == []
