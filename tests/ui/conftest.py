"""Fixtures for the app tests: real temporary stores, a private config folder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from ui_helpers import (
    MARKUP_CHECK,
    MARKUP_CLASS,
    MARKUP_FOCUS,
    MARKUP_NAMES,
    MARKUP_PATH,
    MARKUP_STAGE,
    TODAY,
    two_stage_pathway,
)

from grouper.core.models import ClassRecord, Score, Student
from grouper.session.demo import make_demo_store
from grouper.store import Store


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep a developer's own grouper config out of every test."""
    folder = tmp_path / "config"
    monkeypatch.setenv("GROUPER_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def demo_root() -> Iterator[Path]:
    """A store holding the five sample classes and the Grade 1 block, dated for TODAY."""
    root = make_demo_store(TODAY)
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def empty_root(tmp_path: Path) -> Path:
    root = tmp_path / "store"
    root.mkdir()
    return root


@pytest.fixture
def markup_root(tmp_path: Path) -> Path:
    """A store whose class, students and pathway are named with markup characters."""
    root = tmp_path / "store"
    pathway = two_stage_pathway(MARKUP_STAGE, MARKUP_PATH, MARKUP_FOCUS, MARKUP_CHECK)
    students = [Student(f"m{i}", name) for i, name in enumerate(MARKUP_NAMES, start=1)]
    scores = [Score("m1", "snd", 9, TODAY, 1), Score("m2", "snd", 3, TODAY, 2)]
    with Store(root, writable=True) as store:
        store.create_class(ClassRecord(MARKUP_CLASS, pathway, students=students, scores=scores))
        store.create_class(ClassRecord("Plain [class]", two_stage_pathway()))
    return root
