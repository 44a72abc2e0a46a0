"""The store itself never takes a class past 2,000 students, whichever way they come (app, command, bundle)."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import make_pathway, snapshot

from grouper.core.limits import MAX_STUDENTS
from grouper.core.models import ClassRecord, Student
from grouper.store import Store, StoreError


def students(count: int, first: int = 0) -> list[Student]:
    return [Student(f"k{i}", f"Student {i}") for i in range(first, first + count)]


def test_a_new_class_of_too_many_students_is_refused_and_nothing_is_written(root: Path) -> None:
    with Store(root) as store:
        before = snapshot(root)
        with pytest.raises(StoreError, match="'Whole school': that would make 2,001 students in one class; "
                                             "a class holds at most 2,000; nothing was saved"):
            store.create_class(ClassRecord("Whole school", make_pathway(), students=students(MAX_STUDENTS + 1)))
        assert snapshot(root) == before
        assert store.class_names() == []


def test_adding_students_stops_at_the_limit_but_updating_them_does_not(root: Path) -> None:
    with Store(root) as store:
        store.create_class(ClassRecord("Room 7", make_pathway(), students=students(MAX_STUDENTS - 1)))
        store.upsert_students("Room 7", students(1, first=MAX_STUDENTS - 1))  # the 2,000th
        before = snapshot(root)
        with pytest.raises(StoreError, match="that would make 2,001 students in one class"):
            store.upsert_students("Room 7", students(1, first=MAX_STUDENTS))
        assert snapshot(root) == before
        renamed = [Student(s.id, s.name + " Jr") for s in students(MAX_STUDENTS)]
        store.upsert_students("Room 7", renamed)  # changing the 2,000 students already there is fine
        assert [s.name for s in store.load_class("Room 7").students] == [s.name for s in renamed]
