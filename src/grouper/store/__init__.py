"""The durable local store: classes, pathways the teacher added, and backups.

Everything lives under one folder (see ``default_store_dir``)::

    ROOT/.lock                    held by the one writer
    ROOT/.lock-holder             who holds it (pid, what, since), for "already open" messages
    ROOT/index.json               the list of classes (TinyDB)
    ROOT/classes/<slug>.json      one TinyDB file per class
    ROOT/pathways/<id>.toml       pathways the teacher added
    ROOT/backups/<slug>/<ts>.json rotating saved copies
    ROOT/quarantine/<ts>/...      files ``grouper doctor --fix`` moved aside (never deleted)
"""

from .backups import BackupInfo
from .errors import StoreError, StoreLocked, UnusableFile, WriteRefused
from .paths import default_store_dir
from .store import INDEX_LABEL, NewScore, Store

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
