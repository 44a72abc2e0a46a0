"""Getting the CSV files of a OneRoster package out of a folder or a .zip, and nothing else.

Schools send the package zipped, sometimes with the files inside one folder;
only the files grouper reads are taken, each checked for size before it is
read, so a huge or odd archive is refused instead of filling the memory.
"""

from __future__ import annotations

import errno
import zipfile
import zlib
from pathlib import Path

from grouper.core.errors import shown
from grouper.formats.csvfile import decode
from grouper.formats.oneroster import KNOWN, OneRosterError, Package, parse_package
from grouper.formats.reading import read_limited

MAX_BYTES = 50_000_000


def load_package(path: Path) -> Package:
    """Read and check the package at ``path`` (a folder or a .zip)."""
    return parse_package(read_package(path), str(path))


def read_package(path: Path) -> dict[str, tuple[str, str]]:
    """The known files of a package folder or .zip: name -> (where it came from, its text)."""
    try:
        if path.is_dir():
            found = {}
            for name in KNOWN:
                file = path / name
                if file.is_file():
                    raw = read_limited(file, MAX_BYTES, OneRosterError, "a CSV file")
                    found[name] = (str(file), decode(raw, str(file)))
            return found
        if not path.exists():
            raise OneRosterError(f"{path}: no such file or folder")
        if path.suffix.casefold() == ".csv":
            raise OneRosterError(f"{path}: give the folder (or .zip) that holds it with the other OneRoster files")
        if not zipfile.is_zipfile(path):
            raise OneRosterError(f"{path}: not a folder or a .zip file of OneRoster CSV files")
        return _read_zip(path)
    except OSError as e:
        raise OneRosterError(f"{e.filename or path}: cannot read it ({e.strerror or e})") from None


def _limited(raw: bytes, source: str) -> bytes:
    if len(raw) > MAX_BYTES:
        raise OneRosterError(f"{source}: too large ({len(raw)} bytes)")
    return raw


def _read_zip(path: Path) -> dict[str, tuple[str, str]]:
    """Files at the top of the zip or in one folder inside it (how people zip a folder)."""
    found: dict[str, tuple[str, str]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                parts = info.filename.split("/")
                name = parts[-1]
                if info.is_dir() or name not in KNOWN or len(parts) > 2 or parts[0] == "__MACOSX":
                    continue
                source = f"{path}:{info.filename}"
                if name in found:
                    raise OneRosterError(f"{path}: holds {name} twice ({found[name][0]} and {source})")
                if info.file_size > MAX_BYTES:
                    raise OneRosterError(f"{source}: too large ({info.file_size} bytes)")
                with archive.open(info) as member:
                    raw = _limited(member.read(MAX_BYTES + 1), source)
                found[name] = (source, decode(raw, source))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, zlib.error,
            ValueError) as e:
        # A damaged archive fails deep inside zipfile or zlib (bad deflate data, a cut-off member,
        # an undecodable name): every one of those is the same news for the teacher.
        raise OneRosterError(f"{path}: cannot read the zip file ({shown(str(e) or 'it ends too soon', 120)})") from None
    except OSError as e:
        if e.errno != errno.EINVAL:
            raise
        # A damaged directory makes zipfile seek before the start of the file: damage, not a disk fault.
        raise OneRosterError(f"{path}: cannot read the zip file (it is damaged: {e.strerror})") from None
    return found
