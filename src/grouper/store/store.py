"""The durable local store: one TinyDB file per class, one writer at a time.

Saving a score costs one write of that class's file, whatever else is stored.
Every write is atomic and keeps the previous version as a backup; a second
grouper on the same folder is refused instead of racing the first; a file we
cannot read is reported, never written over. Read-only opens (``grouper
report`` while the app is open) take no lock and create nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

from grouper.core.block import Block, BlockError, block_problem, resolve_staff, shared_pathway
from grouper.core.detours import taken_problem
from grouper.core.errors import GrouperError
from grouper.core.goals import goal_problem
from grouper.core.limits import class_size_problem
from grouper.core.models import (
    Absence,
    Check,
    ClassRecord,
    ClassSettings,
    ConstraintKind,
    DetourTaken,
    Goal,
    LockedPlan,
    Note,
    Override,
    Pathway,
    Retraction,
    Score,
    Student,
    TierChange,
    note_problem,
    retraction_problem,
    taken_back,
)
from grouper.core.rules import RuleError, check_rules, check_set, contradiction, override_problem
from grouper.core.scores import score_problem
from grouper.core.text import class_key
from grouper.core.tiers import tier_problem
from grouper.formats.documents import (
    STUDENT_OPTIONAL,
    absence_to_dict,
    detour_taken_from_dict,
    detour_taken_to_dict,
    goal_from_dict,
    goal_to_dict,
    note_to_dict,
    override_to_dict,
    plan_to_dict,
    retraction_to_dict,
    score_to_dict,
    student_to_dict,
    tier_to_dict,
)
from grouper.formats.pathways import MAX_BYTES, PathwayError, load_pathway_file, parse_pathway
from grouper.store import codec, holder
from grouper.store.backups import BackupInfo, Backups, as_utc
from grouper.store.errors import StoreError, UnusableFile, WriteRefused, damaged
from grouper.store.files import atomic_write, clean_temps, make_dir
from grouper.store.paths import make_slug
from grouper.store.storage import AtomicJSONStorage, StoreDB, parse_tables

if TYPE_CHECKING:
    from filelock import FileLock

#: What ``list_backups`` calls the backups of the class list itself.
INDEX_LABEL = "(class list)"
INDEX_STEM = "index"


@dataclass(frozen=True, slots=True)
class NewScore:
    """A score the teacher typed; the store gives it its ``seq``."""

    student: str
    check: str
    value: int | None
    date: dt.date
    note: str = ""


@dataclass(slots=True)
class _Handle:
    db: StoreDB
    storage: AtomicJSONStorage
    path: Path
    stem: str


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _score_problem(
    student: str, check: str, value: object, day: object, note: object, ids: set[str], checks: dict[str, Check]
) -> str | None:
    """Why a score cannot be saved, in words, or None if it can."""
    if student not in ids:
        return f"no student with id '{student}'"
    if check not in checks:
        return f"the pathway has no check '{check}'"
    if value is not None:
        if type(value) is not int:
            return "the score must be a whole number"
        out_of_range = score_problem(checks[check], value)
        if out_of_range:
            return out_of_range
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        return "the score needs a date"
    if not isinstance(note, str):
        return "the note must be text"
    return note_problem(note)


def _named(names: Sequence[str], key: str) -> list[str]:
    """The names ``key`` (a class_key) could mean: those it starts, else those holding it
    ('Room 7' for 'Grade 1 — Room 7')."""
    if not key:
        return []
    starts = [n for n in names if class_key(n).startswith(key)]
    return starts or [n for n in names if key in class_key(n)]


class Store:
    """One store folder. Use as a context manager, or call ``close()``."""

    def __init__(
        self,
        root: Path | str,
        *,
        writable: bool = True,
        clock: Callable[[], dt.datetime] | None = None,
        what: str = holder.APP,
        brief: bool = False,
        wait: float = holder.BRIEF_WAIT,
        journal: bool = False,
    ) -> None:
        """``what``/``brief`` say who we are to another grouper that finds the store locked
        (a brief holder, a command, lets go within seconds); ``wait`` is how long to wait
        for a brief holder before giving up (never for the app). The default lets the app
        open while a command is saving, instead of falling back to read-only."""
        self.root = Path(root)
        self.writable = writable
        self._clock = clock or _utc_now
        self._lock: FileLock | None = None
        self._closed = False
        self._handles: dict[str, _Handle] = {}
        self._journal = journal and writable
        self._backups = Backups(self.root, self._clock)
        if writable:
            self._open_for_writing(what, brief, wait)
        self._index = StoreDB(
            self.root / "index.json",
            storage=AtomicJSONStorage,
            writable=writable,
            check=codec.check_index_data,
            backups=self._backups if writable else None,
            backup_stem=INDEX_STEM,
        )
        self._index_storage = cast(AtomicJSONStorage, self._index.storage)

    def _open_for_writing(self, what: str, brief: bool, wait: float) -> None:
        try:
            make_dir(self.root, parents=True)
        except OSError as e:
            raise WriteRefused(self.root, e, "write to the store at", self.root) from None
        lock = holder.acquire(self.root, what=what, brief=brief, wait=wait)
        self._lock = lock
        try:
            for folder in (self.root, self.root / "classes", self.root / "pathways"):
                clean_temps(folder)
            for folder in self._backup_folders():
                clean_temps(folder)
            for folder in (self.root / "classes", self.root / "pathways", self._backups.folder):
                make_dir(folder)
        except OSError as e:
            holder.release(self.root, lock)
            self._lock = None
            raise WriteRefused(self.root, e, "write to the store at", self.root) from None

    def _backup_folders(self) -> list[Path]:
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            return [p for p in self._backups.folder.iterdir() if p.is_dir()]
        return []

    # -- lifetime --------------------------------------------------------------

    def close(self) -> None:
        """Release the lock; the store cannot be written afterwards."""
        if self._closed:
            return
        self._closed = True
        if self.writable:
            for handle in self._handles.values():
                # Whatever fails here, the scores are already safe in the journal, read back next time.
                with contextlib.suppress(GrouperError, OSError):
                    handle.storage.fold()
        self._handles.clear()
        self._index.close()
        if self._lock is not None:
            holder.release(self.root, self._lock)
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _require_writable(self) -> None:
        if self._closed:
            raise StoreError(f"the store at {self.root} is closed; nothing was saved")
        if not self.writable:
            raise StoreError(f"the store at {self.root} was opened read-only; nothing was saved")

    # -- the class list --------------------------------------------------------

    def _entries(self) -> list[dict[str, Any]]:
        data = self._index_storage.read()
        if data is None:
            self._refuse_lost_index()
        return codec.index_entries(data)

    def _refuse_lost_index(self) -> None:
        """No class list, yet class files: say so, rather than show (and later save) an empty store."""
        folder = self.root / "classes"
        found = sorted(folder.glob("*.json")) if folder.is_dir() else []
        if found:
            raise StoreError(
                f"{self.root / 'index.json'} (the list of classes) is missing, but {folder} holds "
                f"{len(found)} class file(s); nothing was changed; grouper doctor --fix puts them back on the list"
            )

    def class_names(self) -> list[str]:
        """Class names in the order the classes were created."""
        return [e["name"] for e in self._entries()]

    def find_class(self, text: str) -> str:
        """The class ``text`` names: exact (any case), else a unique start of a name, else a unique part of one."""
        names = self.class_names()
        key = class_key(text)
        for name in names:
            if class_key(name) == key:
                return name
        matches = _named(names, key)
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise StoreError(f"'{text}' could be {_listing(matches)}; type more of the name")
        if not names:
            raise StoreError(f"no class named '{text}' (there are no classes yet)")
        raise StoreError(f"no class named '{text}'; the classes are {_listing(names)}")

    def _entry(self, name: str) -> dict[str, Any]:
        key = class_key(name)
        entries = self._entries()
        for entry in entries:
            if class_key(entry["name"]) == key:
                return entry
        names = [e["name"] for e in entries]
        suffix = f"; the classes are {_listing(names)}" if names else " (there are no classes yet)"
        raise StoreError(f"no class named '{name}'{suffix}")

    def _handle(self, entry: dict[str, Any]) -> _Handle:
        stem = codec.entry_stem(entry)
        handle = self._handles.get(stem)
        if handle is None:
            handle = self._new_handle(stem, must_exist=True)
            self._handles[stem] = handle
        return handle

    def _new_handle(self, stem: str, *, must_exist: bool) -> _Handle:
        path = self.root / "classes" / f"{stem}.json"
        db = StoreDB(
            path,
            storage=AtomicJSONStorage,
            writable=self.writable,
            must_exist=must_exist,
            check=codec.check_class_data,
            backups=self._backups if self.writable else None,
            backup_stem=stem,
            journal_root=self.root,
            append=self._journal,
        )
        return _Handle(db, cast(AtomicJSONStorage, db.storage), path, stem)

    @contextlib.contextmanager
    def _writing(self, handle: _Handle) -> Iterator[None]:
        """One atomic write of ``handle``'s file; on failure forget everything cached about it."""
        try:
            with handle.storage.batch():
                yield
        except BaseException:
            self._handles.pop(handle.stem, None)  # TinyDB's tables cache ids and query results
            raise

    # -- classes ---------------------------------------------------------------

    def create_class(self, record: ClassRecord) -> None:
        """Add a class (possibly with students, scores and absences, as from a bundle): all or nothing."""
        self._require_writable()
        name = record.name
        if not isinstance(name, str) or not name.strip():
            raise StoreError("a class needs a name")
        entries = self._entries()
        for entry in entries:
            if class_key(entry["name"]) == class_key(name):
                raise StoreError(f"there is already a class named '{entry['name']}'; nothing was saved")
        _check_record(record)
        tables = codec.record_tables(record)  # checks the pathway and settings, and seals them
        classes = self.root / "classes"
        _make_dir(classes)
        taken = {codec.entry_stem(e) for e in entries} | {p.stem.lower() for p in classes.glob("*.json")}
        stem = make_slug(name, taken)
        handle = self._new_handle(stem, must_exist=False)
        with handle.storage.batch():
            for table, docs in tables.items():
                if docs:
                    handle.db.table(table).insert_multiple(docs)
        try:
            self._index.table(codec.CLASSES).insert(
                {"name": name, "file": f"classes/{stem}.json", "created": as_utc(self._clock()).isoformat()}
            )
        except BaseException:
            with contextlib.suppress(OSError):
                handle.path.unlink()  # never acknowledged: do not leave an orphan behind
            raise
        self._handles[stem] = handle

    def load_class(self, name: str) -> ClassRecord:
        """Everything about one class; scores in entry order."""
        handle = self._handle(self._entry(name))
        data = handle.storage.read()
        if data is None:  # pragma: no cover - must_exist raises first
            raise StoreError(f"{handle.path} is missing")
        return codec.record_from_data(handle.path, data)

    def add_scores(self, name: str, entries: Sequence[NewScore]) -> list[Score]:
        """Save scores in one atomic write, or none of them if any is wrong."""
        self._require_writable()
        handle = self._handle(self._entry(name))
        data = handle.storage.read() or {}
        meta_id, meta = codec.meta_entry(handle.path, data)
        checks = {c.id: c for c in codec.pathway_of(handle.path, meta).scoreable_checks()}
        ids = codec.student_ids(data)
        for i, e in enumerate(entries, start=1):
            problem = _score_problem(e.student, e.check, e.value, e.date, e.note, ids, checks)
            if problem is not None:
                raise StoreError(f"score {i} ({e.student}, {e.check}, {e.value}): {problem}; nothing was saved")
        if not entries:
            return []
        first = meta["next_seq"]
        scores = [Score(e.student, e.check, e.value, e.date, first + i, e.note) for i, e in enumerate(entries)]
        docs = [score_to_dict(s) for s in scores]
        with self._writing(handle):
            doc_ids = handle.db.table(codec.SCORES).insert_multiple(docs)
            handle.db.table(codec.META).update({"next_seq": first + len(scores)}, doc_ids=[meta_id])
            handle.storage.add_to_journal(
                {str(i): doc for i, doc in zip(doc_ids, docs, strict=True)}, first + len(scores)
            )
        return scores

    def retract(self, name: str, seq: int) -> Retraction:
        """Take back the entry ``seq`` (a score, or a retraction: a redo), recording a retraction.

        Nothing is deleted: the entry stays in the file and the retraction is added after it, in
        one atomic write (the app: one line appended to the score journal). An entry that is
        not there or no longer counts is refused, and nothing is saved.
        """
        self._require_writable()
        handle = self._handle(self._entry(name))
        data = handle.storage.read() or {}
        meta_id, meta = codec.meta_entry(handle.path, data)
        retractions = codec.retractions_of(data)
        known = {d.get("seq") for d in data.get(codec.SCORES, {}).values()} | {r for r, _ in retractions}
        if type(seq) is not int or seq not in known:
            raise StoreError(f"'{name}' has no entry number {seq} to take back; nothing was saved")
        if seq in taken_back(retractions):
            raise StoreError(f"entry {seq} of '{name}' is already taken back; nothing was saved")
        first = meta["next_seq"]
        retraction = Retraction(first, seq, as_utc(self._clock()).isoformat(timespec="seconds"))
        doc = retraction_to_dict(retraction)
        with self._writing(handle):
            doc_id = handle.db.table(codec.RETRACTIONS).insert(doc)
            handle.db.table(codec.META).update({"next_seq": first + 1}, doc_ids=[meta_id])
            handle.storage.add_to_journal({}, first + 1, {str(doc_id): doc})
        return retraction

    def upsert_students(self, name: str, students: Sequence[Student], today: dt.date | None = None) -> None:
        """Replace students by id and append new ones, in one write.

        A new student joins ``today`` (the caller's, else the computer's date) unless they bring a
        ``joined`` day; an existing student keeps the day they joined, whatever is given.
        """
        self._require_writable()
        seen: set[str] = set()
        for s in students:
            if not isinstance(s.id, str) or not s.id.strip() or not isinstance(s.name, str) or not s.name.strip():
                raise StoreError(f"student '{s.name}' needs an id and a name; nothing was saved")
            if s.id in seen:
                raise StoreError(f"student id '{s.id}' is given twice; nothing was saved")
            seen.add(s.id)
        if not students:
            return
        handle = self._handle(self._entry(name))
        data = handle.storage.read() or {}
        codec.meta_entry(handle.path, data)
        existing = {doc.get("id"): int(doc_id) for doc_id, doc in data.get(codec.STUDENTS, {}).items()}
        problem = class_size_problem(len(existing) + sum(s.id not in existing for s in students))
        if problem is not None:
            raise StoreError(f"'{name}': {problem}; nothing was saved")
        joined = _today(today)
        with self._writing(handle):
            table = handle.db.table(codec.STUDENTS)
            for s in students:
                doc = student_to_dict(s)
                if s.id in existing:
                    doc.pop("joined", None)  # the day they joined never changes
                    table.update(_replacing_links(doc), doc_ids=[existing[s.id]])
                else:
                    table.insert(doc if s.joined is not None else {**doc, "joined": joined.isoformat()})

    def set_absent(self, name: str, student_ids: Sequence[str], day: dt.date, absent: bool) -> None:
        """Mark students absent (or present again) on ``day``; repeating it changes nothing."""
        self._require_writable()
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise StoreError("an absence needs a date; nothing was saved")
        handle = self._handle(self._entry(name))
        data = handle.storage.read() or {}
        codec.meta_entry(handle.path, data)
        known = codec.student_ids(data)
        for sid in student_ids:
            if sid not in known:
                raise StoreError(f"no student with id '{sid}'; nothing was saved")
        when = day.isoformat()
        current = {
            doc.get("student"): int(doc_id)
            for doc_id, doc in data.get(codec.ABSENCES, {}).items()
            if doc.get("date") == when
        }
        wanted = list(dict.fromkeys(student_ids))
        if absent:
            new = [absence_to_dict(Absence(sid, day)) for sid in wanted if sid not in current]
            if new:
                with self._writing(handle):
                    handle.db.table(codec.ABSENCES).insert_multiple(new)
        else:
            gone = [current[sid] for sid in wanted if sid in current]
            if gone:
                with self._writing(handle):
                    handle.db.table(codec.ABSENCES).remove(doc_ids=gone)

    def update_settings(self, name: str, settings: ClassSettings) -> None:
        self._require_writable()
        if not isinstance(settings, ClassSettings):
            raise StoreError("settings must be ClassSettings; nothing was saved")
        checked = codec.checked_settings(settings)
        handle = self._handle(self._entry(name))
        meta_id, meta = codec.meta_entry(handle.path, handle.storage.read() or {})
        codec.pathway_of(handle.path, meta)  # a pathway that is not sealed yet is checked before the new seal
        seal = codec.seal_of({**meta, "settings": checked})
        with self._writing(handle):
            handle.db.table(codec.META).update({"settings": checked, codec.SEAL: seal}, doc_ids=[meta_id])

    def lock_plan(self, name: str, plan: LockedPlan) -> bool:
        """Keep a plan exactly as it is; replaces a plan locked earlier for the same day.

        Returns True when an earlier lock for that day was replaced.
        """
        self._require_writable()
        handle = self._handle(self._entry(name))
        data = handle.storage.read() or {}
        codec.meta_entry(handle.path, data)
        when = plan.date.isoformat()
        old = [int(i) for i, doc in data.get(codec.PLANS, {}).items() if doc.get("date") == when]
        with self._writing(handle):
            table = handle.db.table(codec.PLANS)
            if old:
                table.remove(doc_ids=old)
            table.insert(plan_to_dict(plan))
        return bool(old)

    def add_note(self, name: str, note: Note) -> None:
        """Keep a dated note about a student, in one atomic write."""
        self._require_writable()
        if not isinstance(note, Note):
            raise StoreError("a note must be a Note; nothing was saved")
        handle = self._handle(self._entry(name))
        data = handle.storage.read() or {}
        codec.meta_entry(handle.path, data)
        if note.student not in codec.student_ids(data):
            raise StoreError(f"no student with id '{note.student}' in '{name}'; nothing was saved")
        with self._writing(handle):
            handle.db.table(codec.NOTES).insert(note_to_dict(note))

    # -- the teacher's rules: keep apart, keep together, moves and pins ----------

    def set_constraint(self, name: str, kind: ConstraintKind, students: Sequence[str], add: bool) -> bool:
        """Keep a set of students apart (or together), or stop; True when that changed anything.

        Adding a set that is already kept, or removing one that is not, writes nothing.
        A set that would keep two students both apart and together is refused.
        """
        self._require_writable()
        handle = self._handle(self._entry(name))
        data = handle.storage.read() or {}
        codec.meta_entry(handle.path, data)
        try:
            group = check_set(kind, list(students), codec.student_ids(data))
        except RuleError as e:
            raise StoreError(f"{e} in '{name}'; nothing was saved") from None
        table = codec.SET_TABLES[kind]
        same = [doc_id for doc_id, g in codec.sets_of(data, table) if g == group]
        if not add:
            if not same:
                return False
            with self._writing(handle):
                handle.db.table(table).remove(doc_ids=same)
            return True
        if same:
            return False
        apart = [g for _, g in codec.sets_of(data, codec.KEEP_APART)]
        together = [g for _, g in codec.sets_of(data, codec.KEEP_TOGETHER)]
        pair = contradiction(kind, group, apart, together)
        if pair is not None:
            raise StoreError(
                f"'{pair[0]}' and '{pair[1]}' would be kept both apart and together in '{name}'; nothing was saved"
            )
        roster = [doc.get("id") for doc in data.get(codec.STUDENTS, {}).values()]
        ids = sorted(group, key=lambda sid: (roster.index(sid) if sid in roster else len(roster), sid))
        with self._writing(handle):
            handle.db.table(table).insert({"students": ids})
        return True

    def set_override(self, name: str, override: Override) -> Override | None:
        """Move a student for a day, or pin them, replacing their move that day (or their pin).

        Returns the override it replaced, if any. Saving the same override again writes nothing.
        """
        self._require_writable()
        handle = self._handle(self._entry(name))
        data = handle.storage.read() or {}
        _, meta = codec.meta_entry(handle.path, data)
        problem = override_problem(override, codec.student_ids(data), codec.pathway_of(handle.path, meta))
        if problem is not None:
            raise StoreError(f"{problem} in '{name}'; nothing was saved")
        old = self._overrides_of(data, override.student, override.date)
        if old and old[0][1] == override:
            return override
        with self._writing(handle):
            table = handle.db.table(codec.OVERRIDES)
            if old:
                table.remove(doc_ids=[doc_id for doc_id, _ in old])
            table.insert(override_to_dict(override))
        return old[0][1] if old else None

    def clear_override(self, name: str, student: str, day: dt.date | None) -> Override | None:
        """Lift a student's move on ``day`` (``None``: their pin); returns what was lifted, if anything."""
        self._require_writable()
        handle = self._handle(self._entry(name))
        data = handle.storage.read() or {}
        codec.meta_entry(handle.path, data)
        if student not in codec.student_ids(data):
            raise StoreError(f"no student with id '{student}' in '{name}'; nothing was saved")
        if day is not None and (not isinstance(day, dt.date) or isinstance(day, dt.datetime)):
            raise StoreError("a move needs a date like 2026-11-23; nothing was saved")
        old = self._overrides_of(data, student, day)
        if not old:
            return None
        with self._writing(handle):
            handle.db.table(codec.OVERRIDES).remove(doc_ids=[doc_id for doc_id, _ in old])
        return old[0][1]

    @staticmethod
    def _overrides_of(data: codec.Data, student: str, day: dt.date | None) -> list[tuple[int, Override]]:
        when = None if day is None else day.isoformat()
        found = []
        for doc_id, doc in data.get(codec.OVERRIDES, {}).items():
            if doc.get("student") == student and doc.get("date") == when and isinstance(doc.get("stage"), str):
                found.append((int(doc_id), Override(student, doc["stage"], day)))
        return found

    # -- detours ---------------------------------------------------------------

    def start_detour(self, name: str, taken: DetourTaken) -> list[DetourTaken]:
        """Take a student on a detour, ending on its first day any detour of theirs still open at that stage.

        (A detour at another stage is over already: the student looped back from it, read from the scores.)

        Returns the detours that were ended by it. One atomic write; a detour that
        does not fit the class (no such student, stage or detour) writes nothing.
        """
        self._require_writable()
        if not isinstance(taken, DetourTaken) or not _is_day(taken.started) or taken.ended is not None:
            raise StoreError("a detour needs a student, a stage, a detour and the day it starts; nothing was saved")
        handle = self._handle(self._entry(name))
        data = handle.storage.read() or {}
        _, meta = codec.meta_entry(handle.path, data)
        problem = taken_problem(taken, codec.student_ids(data), codec.pathway_of(handle.path, meta))
        if problem is not None:
            raise StoreError(f"{problem} in '{name}'; nothing was saved")
        still_open = [(i, t) for i, t in self._open_detours(handle.path, data, taken.student) if t.stage == taken.stage]
        ended = [replace(t, ended=max(t.started, taken.started)) for _, t in still_open]
        with self._writing(handle):
            table = handle.db.table(codec.DETOURS)
            for (doc_id, _), t in zip(still_open, ended, strict=True):
                table.update({"ended": t.ended.isoformat() if t.ended else None}, doc_ids=[doc_id])
            table.insert(detour_taken_to_dict(taken))
        return ended

    def end_detour(self, name: str, student: str, day: dt.date, stage: str | None = None) -> list[DetourTaken]:
        """End by hand the student's detours still open on ``day`` (at ``stage`` only, when given); returns
        them ended (empty: none was open)."""
        self._require_writable()
        if not _is_day(day):
            raise StoreError("ending a detour needs a date like 2026-11-23; nothing was saved")
        handle = self._handle(self._entry(name))
        data = handle.storage.read() or {}
        codec.meta_entry(handle.path, data)
        if student not in codec.student_ids(data):
            raise StoreError(f"no student with id '{student}' in '{name}'; nothing was saved")
        still_open = [(i, t) for i, t in self._open_detours(handle.path, data, student)
                      if stage is None or t.stage == stage]
        late = [t for _, t in still_open if t.started > day]
        if late:
            raise StoreError(
                f"the detour started on {late[0].started.isoformat()}, after {day.isoformat()}; nothing was saved"
            )
        if not still_open:
            return []
        with self._writing(handle):
            handle.db.table(codec.DETOURS).update({"ended": day.isoformat()}, doc_ids=[i for i, _ in still_open])
        return [replace(t, ended=day) for _, t in still_open]

    # -- goals -------------------------------------------------------------------

    def set_goal(self, name: str, goal: Goal) -> Goal | None:
        """Keep a goal, replacing the student's goal on the same check; returns the one replaced."""
        self._require_writable()
        if not isinstance(goal, Goal) or not _is_day(goal.by) or not _is_day(goal.started):
            raise StoreError("a goal needs a student, a check, a target score and two dates; nothing was saved")
        handle = self._handle(self._entry(name))
        data = handle.storage.read() or {}
        _, meta = codec.meta_entry(handle.path, data)
        problem = goal_problem(goal, codec.student_ids(data), codec.pathway_of(handle.path, meta))
        if problem is not None:
            raise StoreError(f"{problem} in '{name}'; nothing was saved")
        old = self._goals_of(handle.path, data, goal.student, goal.check)
        with self._writing(handle):
            table = handle.db.table(codec.GOALS)
            if old:
                table.remove(doc_ids=[i for i, _ in old])
            table.insert(goal_to_dict(goal))
        return old[0][1] if old else None

    # -- tiers -------------------------------------------------------------------

    def set_tier(self, name: str, change: TierChange) -> None:
        """Keep a tier change (a new line in the record: changes are never replaced or deleted)."""
        self._require_writable()
        if not isinstance(change, TierChange) or not _is_day(change.date) or not (
                change.review is None or _is_day(change.review)):
            raise StoreError("a tier change needs a student, a tier and the day it starts; nothing was saved")
        handle = self._handle(self._entry(name))
        data = handle.storage.read() or {}
        codec.meta_entry(handle.path, data)
        problem = tier_problem(change, codec.student_ids(data))
        if problem is not None:
            raise StoreError(f"{problem} in '{name}'; nothing was saved")
        with self._writing(handle):
            handle.db.table(codec.TIERS).insert(tier_to_dict(change))

    def clear_goal(self, name: str, student: str, check: str) -> Goal | None:
        """Take a student's goal on a check off; returns it (None: there was none, nothing written)."""
        self._require_writable()
        handle = self._handle(self._entry(name))
        data = handle.storage.read() or {}
        codec.meta_entry(handle.path, data)
        old = self._goals_of(handle.path, data, student, check)
        if not old:
            return None
        with self._writing(handle):
            handle.db.table(codec.GOALS).remove(doc_ids=[i for i, _ in old])
        return old[0][1]

    @staticmethod
    def _goals_of(path: Path, data: codec.Data, student: str, check: str) -> list[tuple[int, Goal]]:
        found = []
        for doc_id, doc in data.get(codec.GOALS, {}).items():
            if doc.get("student") == student and doc.get("check") == check:
                try:
                    found.append((int(doc_id), goal_from_dict(doc)))
                except (KeyError, TypeError, ValueError):
                    raise damaged(path, "an entry in its goals cannot be read") from None
        return found

    @staticmethod
    def _open_detours(path: Path, data: codec.Data, student: str) -> list[tuple[int, DetourTaken]]:
        found = []
        for doc_id, doc in data.get(codec.DETOURS, {}).items():
            if doc.get("student") == student and doc.get("ended") is None:
                try:
                    found.append((int(doc_id), detour_taken_from_dict(doc)))
                except (KeyError, TypeError, ValueError):
                    raise damaged(path, "an entry in its detours cannot be read") from None
        return found

    # -- the grade team's blocks ------------------------------------------------

    def blocks(self) -> list[Block]:
        """The blocks kept in this store, in the order they were made."""
        data = self._index_storage.read()
        return codec.index_blocks(data)

    def find_block(self, text: str) -> Block:
        """The block ``text`` names: exact (any case), else a unique start of a name."""
        blocks = self.blocks()
        key = class_key(text)
        for b in blocks:
            if class_key(b.name) == key:
                return b
        found = _named([b.name for b in blocks], key)
        matches = [b for b in blocks if b.name in found]
        if len(matches) == 1:
            return matches[0]
        names = [b.name for b in matches or blocks]
        if matches:
            raise StoreError(f"'{text}' could be {_listing(names)}; type more of the name")
        if not blocks:
            raise StoreError(f"no block named '{text}' (there are no blocks yet: grouper block new NAME ...)")
        raise StoreError(f"no block named '{text}'; the blocks are {_listing(names)}")

    def save_block(self, block: Block) -> bool:
        """Keep a block (replacing one of the same name); True when it is new. Its classes must be here
        (the names are stored as the store spells them) and its adults' stages on their pathway."""
        self._require_writable()
        problem = block_problem(block)
        if problem:
            raise StoreError(f"block '{block.name}': {problem}; nothing was saved")
        classes = tuple(self.find_class(c) for c in block.classes)
        if len({class_key(c) for c in classes}) < len(classes):
            raise StoreError(f"block '{block.name}': a class is named twice; nothing was saved")
        block = replace(block, classes=classes)
        try:
            block = resolve_staff(block, shared_pathway([self.load_class(c) for c in classes]))
        except BlockError as e:
            raise StoreError(f"{e}; nothing was saved") from None
        table = self._index.table(codec.BLOCKS)
        key = class_key(block.name)
        old = [doc.doc_id for doc in table.all() if class_key(str(doc.get("name", ""))) == key]
        with self._index_storage.batch():
            if old:
                table.update(codec.block_to_doc(block), doc_ids=old[:1])
            else:
                table.insert(codec.block_to_doc(block))
        return not old

    def remove_block(self, name: str) -> Block:
        """Forget a block (its classes are not touched)."""
        self._require_writable()
        block = self.find_block(name)
        table = self._index.table(codec.BLOCKS)
        ids = [doc.doc_id for doc in table.all() if doc.get("name") == block.name]
        table.remove(doc_ids=ids)
        return block

    # -- pathways the teacher added --------------------------------------------

    def _pathway_files(self) -> list[Path]:
        folder = self.root / "pathways"
        if not folder.is_dir():
            return []
        return sorted(folder.glob("*.toml"))

    def user_pathways(self) -> dict[str, Pathway]:
        """Pathways added to this store, by id (a file that cannot be used is an error naming it)."""
        found: dict[str, Pathway] = {}
        for path in self._pathway_files():
            try:
                pathway = load_pathway_file(path)
            except PathwayError as e:
                raise StoreError(f"{e} (a pathway added to grouper: fix or remove that file)") from None
            found[pathway.id] = pathway
        return found

    def add_pathway(self, pathway: Pathway, toml_text: str) -> None:
        """Save ``toml_text`` (which must describe ``pathway``) as a user pathway, replacing one with the same id."""
        self._require_writable()
        text = toml_text.removeprefix("\ufeff")
        try:
            parsed = parse_pathway(text, f"pathway '{pathway.id}'")
        except PathwayError as e:
            raise StoreError(f"{e}; nothing was saved") from None
        if parsed != pathway:
            raise StoreError(
                f"the text given for pathway '{pathway.id}' describes a different pathway; nothing was saved"
            )
        blob = text.encode("utf-8")
        if len(blob) > MAX_BYTES:
            raise StoreError(f"pathway '{pathway.id}' is too large ({len(blob)} bytes); nothing was saved")
        folder = self.root / "pathways"
        default = folder / f"{pathway.id}.toml"
        same_id: Path | None = None
        default_holds: str | None = None
        for path in self._pathway_files():
            try:
                other_id = load_pathway_file(path).id
            except PathwayError:
                other_id = None
            if other_id == pathway.id and same_id is None:
                same_id = path
            if path == default:
                default_holds = other_id or "something grouper cannot read"
        target = same_id or default
        if same_id is None and default_holds is not None:
            raise StoreError(f"{default} already holds {default_holds}; nothing was saved (move that file away first)")
        _make_dir(folder)
        try:
            atomic_write(target, blob)
        except OSError as e:
            raise WriteRefused(target, e) from None

    # -- backups ---------------------------------------------------------------

    def _stem_names(self) -> dict[str, str]:
        names = {INDEX_STEM: INDEX_LABEL}
        with contextlib.suppress(StoreError):  # a damaged class list must not hide the backups
            names.update({codec.entry_stem(e): e["name"] for e in self._entries()})
        return names

    def list_backups(self, class_name: str | None = None) -> list[BackupInfo]:
        """Saved copies, newest first: of one class, or of everything."""
        names = self._stem_names()
        if class_name is None:
            entries = self._backups.entries()
        else:
            stems = {s for s, n in names.items() if n == class_name}
            if not stems:
                wanted = class_name.strip().lower()
                if wanted in names or (self._backups.folder / wanted).is_dir():
                    stems = {wanted}
                else:
                    name = self.find_class(class_name)
                    stems = {s for s, n in names.items() if n == name}
            entries = [e for stem in sorted(stems) for e in self._backups.entries(stem)]
            entries.sort(key=lambda e: (e[1], e[0]), reverse=True)
        found = []
        for stem, taken, path in entries:
            with contextlib.suppress(FileNotFoundError):
                size = path.stat().st_size
                found.append(BackupInfo(f"{stem}/{path.stem}", names.get(stem, stem), path, taken, size))
        return found

    def restore_backup(self, backup_id: str) -> str:
        """Put a saved copy back (the current file becomes a backup first); returns the class name."""
        self._require_writable()
        stem, path = self._backups.path_of(backup_id)
        label = f"{stem}/{path.stem}"
        try:
            blob = path.read_bytes()
        except OSError as e:
            raise StoreError(f"cannot read backup {label} ({e.strerror or e}); nothing was restored") from None
        try:
            data = parse_tables(path, blob)
            if stem == INDEX_STEM:
                codec.check_index_data(path, data)
            else:
                restored = codec.record_from_data(path, data)
        except UnusableFile as e:
            raise StoreError(
                f"backup {label} {e.why}; nothing was restored; choose another one from grouper backup list"
            ) from None
        if stem == INDEX_STEM:
            self._index_storage.replace_bytes(blob, data)
            self._handles.clear()
            return INDEX_LABEL
        file = f"classes/{stem}.json"
        entries = self._entries()
        entry = next((e for e in entries if e["file"] == file), None)
        if entry is None:
            for other in entries:
                if class_key(other["name"]) == class_key(restored.name):
                    raise StoreError(
                        f"backup {label} is of '{restored.name}', but another class has that name now; "
                        "nothing was restored"
                    )
        _make_dir(self.root / "classes")
        self._handles.pop(stem, None)
        # A journal left by a crash does not extend the restored file: it goes into quarantine/.
        writer = AtomicJSONStorage(
            self.root / file, writable=True, keep=False, backups=self._backups, backup_stem=stem, journal_root=self.root
        )
        writer.replace_bytes(blob, data)
        if entry is None:
            self._index.table(codec.CLASSES).insert(
                {"name": restored.name, "file": file, "created": as_utc(self._clock()).isoformat()}
            )
            return restored.name
        return str(entry["name"])


def _today(today: dt.date | None) -> dt.date:
    if today is not None:
        return today
    return dt.date.today()


def _replacing_links(doc: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    """An update that also drops a roster link or student number the new document no longer has.

    A plain TinyDB update merges fields, so a number removed at the school would linger.
    """

    def update(old: dict[str, Any]) -> None:
        old.update(doc)
        for key in STUDENT_OPTIONAL:
            if key not in doc:
                old.pop(key, None)

    return update


def _is_day(day: object) -> bool:
    return isinstance(day, dt.date) and not isinstance(day, dt.datetime)


def _make_dir(folder: Path) -> None:
    try:
        make_dir(folder)
    except OSError as e:
        raise WriteRefused(folder, e, "create the folder") from None


def _listing(names: Sequence[str], limit: int = 8) -> str:
    shown = ", ".join(f"'{n}'" for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _check_record(record: ClassRecord) -> None:
    """A new class must hold together: not too many students, unique ids, scores and absences that fit."""
    problem = class_size_problem(len(record.students))
    if problem is not None:
        raise StoreError(f"'{record.name}': {problem}; nothing was saved")
    ids: set[str] = set()
    for i, s in enumerate(record.students, start=1):
        if not isinstance(s.id, str) or not s.id.strip() or not isinstance(s.name, str) or not s.name.strip():
            raise StoreError(f"student {i} needs an id and a name; nothing was saved")
        if s.id in ids:
            raise StoreError(f"student {i}: id '{s.id}' is used twice; nothing was saved")
        ids.add(s.id)
    checks = {c.id: c for c in record.pathway.scoreable_checks()}
    for i, sc in enumerate([*record.scores, *record.retracted], start=1):
        problem = _score_problem(sc.student, sc.check, sc.value, sc.date, sc.note, ids, checks)
        if problem is None and type(sc.seq) is not int:
            problem = "its entry number is not a whole number"
        if problem is not None:
            raise StoreError(f"score {i} ({sc.student}, {sc.check}, {sc.value}): {problem}; nothing was saved")
    if record.retractions or record.retracted:
        problem = retraction_problem(record.retractions, [sc.seq for sc in [*record.scores, *record.retracted]])
        dead = taken_back((r.seq, r.retracts) for r in record.retractions)
        if problem is None and (any(sc.seq in dead for sc in record.scores)
                                or any(sc.seq not in dead for sc in record.retracted)):
            problem = "the scores taken back do not match the retractions"
        if problem is not None:
            raise StoreError(f"{problem}; nothing was saved")
    for i, a in enumerate(record.absences, start=1):
        if a.student not in ids:
            raise StoreError(f"absence {i}: no student with id '{a.student}'; nothing was saved")
        if not isinstance(a.date, dt.date) or isinstance(a.date, dt.datetime):
            raise StoreError(f"absence {i} needs a date; nothing was saved")
    for i, t in enumerate(record.detours, start=1):
        problem = (
            "it is not a detour" if not isinstance(t, DetourTaken) or not _is_day(t.started)
            or not (t.ended is None or _is_day(t.ended)) else taken_problem(t, ids, record.pathway)
        )
        if problem is not None:
            raise StoreError(f"detour {i}: {problem}; nothing was saved")
    goal_keys: set[tuple[str, str]] = set()
    for i, g in enumerate(record.goals, start=1):
        problem = (
            "it is not a goal" if not isinstance(g, Goal) or not _is_day(g.by) or not _is_day(g.started)
            else goal_problem(g, ids, record.pathway)
        )
        if problem is None and (g.student, g.check) in goal_keys:
            problem = f"a second goal for '{g.student}' on '{g.check}' (a class keeps one per student and check)"
        if isinstance(g, Goal):
            goal_keys.add((g.student, g.check))
        if problem is not None:
            raise StoreError(f"goal {i}: {problem}; nothing was saved")
    for i, t in enumerate(record.tiers, start=1):
        problem = (
            "it is not a tier change" if not isinstance(t, TierChange) or not _is_day(t.date)
            or not (t.review is None or _is_day(t.review)) else tier_problem(t, ids)
        )
        if problem is not None:
            raise StoreError(f"tier change {i}: {problem}; nothing was saved")
    for i, n in enumerate(record.notes, start=1):
        if not isinstance(n, Note):
            raise StoreError(f"note {i} is not a note; nothing was saved")
        if n.student not in ids:
            raise StoreError(f"note {i}: no student with id '{n.student}'; nothing was saved")
    try:
        check_rules(record, "")
    except RuleError as e:
        raise StoreError(f"{e}; nothing was saved") from None
