"""The hostile text the security tests feed every format, and a class bundle full of it.

Shared by the command-line tests (``tests/cli/test_cli_hostile_text.py``) and
the app's (``tests/ui/test_ui_hostile_files.py``): the same file, read both ways.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from grouper.core.text import BIDI_CONTROLS

SAMPLES = Path(__file__).resolve().parents[1] / "sample_classes"

#: ESC and CSI (clear the screen), OSC (retitle the window) ended by BEL, the 8-bit CSI, a right-to-left override.
HOSTILE = "\x1b[2J\x1b]0;pwned\x07\x9b31m\u202eX"
#: What must never reach a terminal: C0 controls but the line break, DEL, C1 controls, bidi controls.
FORBIDDEN = frozenset({chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0)) if c != 0x0A} | BIDI_CONTROLS)

#: The fields of a bundle a person reads (names, labels, teaching points, notes, the locked plans' words).
SHOWN_FIELDS = frozenset({"name", "label", "focus", "description", "subject", "note", "text", "stage_label"})


def _poison(value: Any) -> Any:
    """Every string under one of ``SHOWN_FIELDS`` (at any depth) with the hostile text added."""
    if isinstance(value, dict):
        return {k: (v + HOSTILE if k in SHOWN_FIELDS and isinstance(v, str) else _poison(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v) for v in value]
    return value


def hostile_bundle(folder: Path) -> Path:
    """The Grade 1 sample class with the hostile text in every field a person reads."""
    data = _poison(json.loads((SAMPLES / "grade1-literacy.json").read_text(encoding="utf-8")))
    for student in data["students"]:
        student["tags"] = [t + HOSTILE for t in student["tags"]] or ["IEP" + HOSTILE]
        student["number"] = "1001" + HOSTILE
    for plan in data["plans"]:  # a crafted plan: any word in it, even the ones grouper writes itself
        plan["plan"]["warnings"] = ["warn" + HOSTILE]
        plan["plan"]["class"] = "Grade 1" + HOSTILE
    data["class"]["name"] = "Grade 1" + HOSTILE
    path = folder / "hostile.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path
