"""Where the store lives, and the file names of classes.

The folder is decided when a command runs (``--store DIR``, then
``GROUPER_HOME``, then the platform's data folder), never at import, so tests
and a coach's demo can point grouper elsewhere without touching real classes.
Class names are kept exactly as typed inside the files; only the file name is
an ASCII slug, so any script works on any filesystem.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Collection
from pathlib import Path

import platformdirs

ENV_VAR = "GROUPER_HOME"
SLUG_MAX = 40
#: Stems used by the store itself (``index.json`` backs up into ``backups/index``).
RESERVED = frozenset({"index"})


def default_store_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The store folder: ``explicit`` if given, else ``$GROUPER_HOME``, else the user data folder."""
    if explicit is not None and os.fspath(explicit) != "":
        chosen = Path(explicit)
    elif os.environ.get(ENV_VAR):
        chosen = Path(os.environ[ENV_VAR])
    else:
        chosen = platformdirs.user_data_path("grouper")
    return chosen.expanduser().absolute()


def refuse_inside_store(target: Path, root: Path, given: str) -> None:
    """Refuse to write ``target`` (an export) anywhere inside the store at ``root``, links followed.

    An export written over ``classes/<name>.json`` would replace the class with a
    page of Markdown, and one put anywhere else in the store is mistaken for the
    store's own files. ``given`` is how the teacher named the place (``-o FILE``).
    """
    from grouper.core.errors import UsageError

    home = root.resolve()
    where = target.resolve()
    if where == home or home in where.parents:
        raise UsageError(f"{given} is inside grouper's store ({root}); write exports somewhere else")


def name_hash(name: str) -> str:
    return hashlib.sha1(name.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()[:6]


def slug_base(name: str) -> str:
    """Lower-case ASCII letters, digits and hyphens from ``name`` (may be empty)."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:SLUG_MAX].strip("-")


def make_slug(name: str, taken: Collection[str]) -> str:
    """A file stem for a new class, not in ``taken`` (nor reserved).

    A hash of the name is added when the name has no usable ASCII or its
    plain slug is already used, so "Room 7" and "Room 7!" get different files.
    """
    base = slug_base(name)
    if not base:
        slug = f"class-{name_hash(name)}"
    elif base in taken or base in RESERVED:
        slug = f"{base}-{name_hash(name)}"
    else:
        slug = base
    candidate, n = slug, 2
    while candidate in taken or candidate in RESERVED:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate
