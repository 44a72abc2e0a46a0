"""The durable local store: classes, pathways the teacher added, and backups.

Everything lives under one folder (see ``default_store_dir``)::

    ROOT/.lock                    held by the one writer
    ROOT/.lock-holder             who holds it (pid, what, since), for "already open" messages
    ROOT/index.json               the list of classes (TinyDB)
    ROOT/classes/<slug>.json      one TinyDB file per class
    ROOT/classes/<slug>.journal   scores the app saved since it last wrote the class file (journal.py)
    ROOT/pathways/<id>.toml       pathways the teacher added
    ROOT/backups/<slug>/<ts>.json rotating saved copies
    ROOT/quarantine/<ts>/...      files moved aside (never deleted): by ``grouper doctor --fix``,
                                  and score journals that no longer match their class file
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from grouper.store.backups import BackupInfo
    from grouper.store.errors import StoreError, StoreLocked, UnusableFile, WriteRefused
    from grouper.store.paths import default_store_dir
    from grouper.store.store import INDEX_LABEL, NewScore, Store

#: Where each name lives. They load on first use, so the app's first look at a class
#: (``grouper.store.peek``) reads files without loading the store, tinydb or pydantic.
_WHERE = {
    "BackupInfo": "backups",
    "StoreError": "errors",
    "StoreLocked": "errors",
    "UnusableFile": "errors",
    "WriteRefused": "errors",
    "default_store_dir": "paths",
    "INDEX_LABEL": "store",
    "NewScore": "store",
    "Store": "store",
}

__all__ = [
    "INDEX_LABEL",
    "BackupInfo",
    "NewScore",
    "Store",
    "StoreError",
    "StoreLocked",
    "UnusableFile",
    "WriteRefused",
    "default_store_dir",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'grouper.store' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
