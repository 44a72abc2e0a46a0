"""The teacher's preferences (the chosen theme, the last class opened, the keys).

Kept in ``config.toml`` under the platformdirs config folder, or the folder
named by ``GROUPER_CONFIG_DIR`` (tests use it to keep a developer's own
settings out). An unreadable config is ignored with a notice, never fatal:
preferences are not worth a crash in front of a class.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from grouper.core.dates import DATE_ORDERS, DatePreference
from grouper.core.text import class_name, visible
from grouper.formats.reading import TomlProblem, loads_toml


def config_dir() -> Path:
    explicit = os.environ.get("GROUPER_CONFIG_DIR")
    if explicit:
        return Path(explicit)
    from platformdirs import user_config_path

    return user_config_path("grouper")


@dataclass
class Config:
    theme: str = ""
    last_class: str = ""
    #: ``dmy`` or ``mdy``: how to read ``04/05/2026`` in a scores file whose dates do not show it; "" when unset.
    date_order: str = ""
    #: ``[keys]``: a binding id to the key(s) that run it instead (``undo = "ctrl+u"``, ``help = "f1,?"``).
    keys: dict[str, str] = field(default_factory=dict)
    problem: str = ""

    @classmethod
    def load(cls) -> Config:
        path = config_dir() / "config.toml"
        try:
            # utf-8-sig: a config saved by Notepad starts with a byte-order mark.
            data = loads_toml(path.read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            return cls()
        except (OSError, UnicodeDecodeError, TomlProblem) as e:
            return cls(problem=f"{path}: ignored, cannot read it ({e})")
        theme = data.get("theme", "")
        last = data.get("last_class", "")
        order = data.get("date_order", "")
        problem = ""
        if order not in ("", *DATE_ORDERS):
            problem = (f"{path}: date_order {toml_string(visible(str(order)))} ignored; "
                       'write "dmy" (30/11/2026) or "mdy" (11/30/2026)')
            order = ""
        keys, key_problem = _keys(data.get("keys", {}), path)
        # Both may be shown ("no theme named …"): read as every string from a file is (core.text).
        return cls(theme=visible(theme) if isinstance(theme, str) else "",
                   last_class=class_name(last) if isinstance(last, str) else "",
                   date_order=order, keys=keys, problem="\n".join(p for p in (problem, key_problem) if p))

    def date_preference(self) -> DatePreference:
        """The ``date_order`` for reading a scores file's dates, and where to set it."""
        order = next((o for o in DATE_ORDERS if o == self.date_order), None)
        return DatePreference(order, str(config_dir()))

    def save(self) -> str:
        """Write the config; returns a problem in words, or an empty string."""
        from grouper.store.files import atomic_write, make_dir

        folder = config_dir()
        path = folder / "config.toml"

        text = f"theme = {toml_string(self.theme)}\nlast_class = {toml_string(self.last_class)}\n"
        if self.date_order:
            text += f"date_order = {toml_string(self.date_order)}\n"
        if self.keys:  # kept as the teacher wrote them: saving the theme never drops a key
            text += "\n[keys]\n" + "".join(f"{toml_string(k)} = {toml_string(v)}\n" for k, v in self.keys.items())
        try:
            make_dir(folder, parents=True)  # 0700, and so is each folder it makes above it
            atomic_write(path, text.encode("utf-8"))  # 0600, whole or not at all, as every file grouper writes
        except OSError as e:
            return f"{path}: could not save preferences ({e.strerror})"
        return ""


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string that reads back as the same text.

    TOML's ``\\u`` takes exactly four hex digits, so a character beyond U+FFFF
    needs ``\\U`` and eight; a lone surrogate (from an undecodable file name)
    cannot be written at all and becomes U+FFFD.
    """

    def one(c: str) -> str:
        if c.isprintable() and c not in '"\\':
            return c
        code = ord(c)
        if 0xD800 <= code <= 0xDFFF:
            return "\ufffd"
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"

    return '"' + "".join(one(c) for c in text) + '"'


def _keys(table: object, path: Path) -> tuple[dict[str, str], str]:
    """The ``[keys]`` table: binding id to key string. Which ids exist is the app's to say."""
    if not isinstance(table, dict):
        return {}, f"{path}: [keys] ignored; write it as a table, e.g. [keys] then undo = \"ctrl+u\""
    keys: dict[str, str] = {}
    bad: list[str] = []
    for binding_id, key in table.items():
        if isinstance(key, str) and key.strip() and visible(key) == key and visible(binding_id) == binding_id:
            keys[binding_id] = ",".join(part.strip() for part in key.split(","))
        else:
            bad.append(visible(str(binding_id)))
    problem = f"{path}: [keys] {', '.join(bad)} ignored; each needs a key, e.g. undo = \"ctrl+u\"" if bad else ""
    return keys, problem
