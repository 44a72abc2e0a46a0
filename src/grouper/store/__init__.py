"""The durable local store: classes, pathways the teacher added, and backups.

Everything lives under one folder (see ``default_store_dir``)::

    ROOT/.lock                    held by the one writer
    ROOT/index.json               the list of classes (TinyDB)
    ROOT/classes/<slug>.json      one TinyDB file per class
    ROOT/pathways/<id>.toml       pathways the teacher added
    ROOT/backups/<slug>/<ts>.json rotating saved copies
"""

from .backups import BackupInfo
from .errors import StoreError, StoreLocked, UnusableFile
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
    "default_store_dir",
]
