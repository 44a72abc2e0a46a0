"""Fixtures for the command-line tests: stores built once with the CLI itself, copied per test.

Building a class costs a few subprocesses, so each populated store is made
once per session and tests that write get their own copy (``shutil.copytree``);
tests that only read use the shared one.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import CLASS, GROUPER, SAMPLES, Cli, roster_csv, scores_csv, write_text


@pytest.fixture(scope="session", autouse=True)
def _installed_script() -> None:
    if not GROUPER.exists():
        reason = f"the grouper console script is not installed next to this Python ({GROUPER}); pip install -e ."
        print(reason)
        pytest.skip(reason)


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """A runner whose GROUPER_HOME and config folder are this test's own (and empty)."""
    return Cli(tmp_path / "home", tmp_path / "config")


@pytest.fixture(scope="session")
def session_cli(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    base = tmp_path_factory.mktemp("session-env")
    return Cli(base / "home", base / "config")


@pytest.fixture(scope="session")
def room_store(session_cli: Cli, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """'Room 7' on early-literacy with the roster and scores of ``cli_helpers``. Read it; never write it."""
    base = tmp_path_factory.mktemp("room-base")
    store = base / "store"
    files = base / "files"
    files.mkdir()
    session_cli.ok("class", "new", CLASS, "--pathway", "early-literacy", store=store)
    session_cli.ok("roster", "import", CLASS, write_text(files / "roster.csv", roster_csv()), store=store)
    session_cli.ok("scores", "import", CLASS, write_text(files / "scores.csv", scores_csv()), store=store)
    return store


@pytest.fixture(scope="session")
def room_bundle(session_cli: Cli, room_store: Path) -> dict[str, Any]:
    return session_cli.bundle(room_store)


@pytest.fixture
def room(room_store: Path, tmp_path: Path) -> Path:
    """A private copy of the populated store, free to write."""
    return Path(shutil.copytree(room_store, tmp_path / "store"))


@pytest.fixture(scope="session")
def empty_class_store(session_cli: Cli, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding one class, 'Empty', with no students yet."""
    store = tmp_path_factory.mktemp("empty-base") / "store"
    session_cli.ok("class", "new", "Empty", "--pathway", "early-literacy", store=store)
    return store


@pytest.fixture
def empty(empty_class_store: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(empty_class_store, tmp_path / "store"))


@pytest.fixture(scope="session")
def samples_store(session_cli: Cli, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A store with the five sample classes imported; returns it and each import's output by file name."""
    store = tmp_path_factory.mktemp("samples") / "store"
    outputs = {}
    for path in sorted(SAMPLES.glob("*.json")):
        outputs[path.name] = session_cli.ok("class", "import", path, store=store).out
    return store, outputs
