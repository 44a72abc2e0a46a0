"""The app where the disk decides: a read-only disk opens read-only; the folders it makes are private.

Both run the real app, driven by Pilot, in a child process (``disk_proc.py``):
the read-only disk is a tmpfs remounted read-only in a private mount namespace
(nothing leaks onto the machine, and root cannot write to it either), and the
umask is the child's own.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from ui_helpers import G1

PROC = Path(__file__).with_name("disk_proc.py")


def run_child(
    args: list[str], prefix: list[str] | None = None, env: Mapping[str, str] | None = None,
    preexec: Callable[[], None] | None = None,
) -> dict[str, Any]:
    proc = subprocess.run([*(prefix or []), sys.executable, str(PROC), *args], capture_output=True, text=True,
                          env=dict(env) if env is not None else None, preexec_fn=preexec, timeout=120)
    assert proc.returncode == 0 and proc.stdout.strip(), proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def namespace() -> list[str]:
    """A prefix that runs a command in a private mount namespace where it may mount a tmpfs (or skip)."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("no unshare(1) here, so a read-only disk of our own cannot be made")
    probe = 'd=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs "$d" && umount "$d"; rmdir "$d"'
    for prefix in ([unshare, "-m"], [unshare, "-Urm"]):
        if subprocess.run([*prefix, "sh", "-c", probe], capture_output=True, timeout=30).returncode == 0:
            return prefix
    pytest.skip("cannot mount a small tmpfs in a private namespace here: no read-only disk")
    raise AssertionError  # pragma: no cover - skip raised


def test_on_a_read_only_disk_the_app_opens_read_only_and_says_so(demo_root: Path) -> None:
    seen = run_child(["readonly", str(demo_root)], prefix=namespace())
    assert seen["screen"] == "ClassScreen" and seen["code"] in (None, 0), seen  # opened, not an exit with an error
    assert G1 in seen["status"] and "READ-ONLY" in seen["status"], seen
    assert "read-only: nothing can be saved" in seen["status"], seen
    assert seen["rows"] == 26 and seen["first"] == "José Álvarez", seen  # the class is there to look at
    assert "nothing was saved" in seen["message"], seen  # a score typed is refused, in words
    assert seen["unchanged"], seen


def modes_under(base: Path) -> dict[str, str]:
    """The permissions of every folder under ``base`` (not ``base`` itself)."""
    return {p.relative_to(base).as_posix(): f"{stat.S_IMODE(p.stat().st_mode):04o}"
            for p in sorted(base.rglob("*")) if p.is_dir()}


@pytest.mark.parametrize("umask", [0o022, 0o000], ids=["umask-022", "umask-000"])
def test_the_export_and_config_folders_the_app_makes_are_private(
    demo_root: Path, tmp_path: Path, umask: int
) -> None:
    base = tmp_path / "made"
    base.mkdir()
    env = {**os.environ, "GROUPER_EXPORT_DIR": str(base / "Documents" / "school"),
           "GROUPER_CONFIG_DIR": str(base / "config" / "grouper")}
    seen = run_child(["export", str(demo_root)], env=env, preexec=lambda: os.umask(umask))
    assert seen["message"].startswith("Exported to "), seen
    exported = Path(seen["message"].removeprefix("Exported to "))
    assert exported.is_file() and base in exported.parents
    assert (base / "config" / "grouper" / "config.toml").is_file()  # the app kept the class it opened
    modes = modes_under(base)
    assert set(modes) == {"Documents", "Documents/school", "Documents/school/grouper", "config", "config/grouper"}
    assert set(modes.values()) == {"0700"}, modes


def test_the_app_never_exports_into_its_store(demo_root: Path, tmp_path: Path) -> None:
    inside = demo_root / "exports"
    env = {**os.environ, "GROUPER_EXPORT_DIR": str(inside)}
    before = sorted(p.relative_to(demo_root).as_posix() for p in demo_root.rglob("*") if not p.name.startswith("."))
    seen = run_child(["export", str(demo_root)], env=env)
    folder = inside / "grouper"
    assert seen["message"] == (f"Not exported: the export folder {folder} is inside grouper's store ({demo_root}); "
                               "write exports somewhere else"), seen
    assert not inside.exists()
    after = sorted(p.relative_to(demo_root).as_posix() for p in demo_root.rglob("*") if not p.name.startswith("."))
    assert after == before
