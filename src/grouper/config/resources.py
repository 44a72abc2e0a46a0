"""Where the files that ship with grouper are: themes and sample classes.

An installed wheel carries them inside the package (``grouper/themes``); a
source checkout keeps them at the top of the repository. Both are found here.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # grouper/, above formats/


def shipped_dir(name: str) -> Path:
    """``themes`` or ``sample_classes``, from the installed package or the checkout."""
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    checkout = _PACKAGE.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"grouper's {name} folder is missing from this installation ({inside})")


def sample_class_files() -> list[Path]:
    return sorted(shipped_dir("sample_classes").glob("*.json"))
