"""Reading pathway files (TOML) and finding the built-in ones.

A coach writes a pathway by hand, so every mistake is reported with the file,
the stage or check, and the field, in words.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from grouper.core.errors import GrouperError
from grouper.core.models import Check, Pathway
from grouper.formats.invalid import plain_validation_error
from grouper.formats.reading import TomlProblem, loads_toml, not_utf8, read_limited

#: Largest pathway file we read; anything bigger is not a hand-written pathway.
MAX_BYTES = 1_000_000


class PathwayError(GrouperError):
    """A pathway file that cannot be used, with a message naming where and why."""


def parse_pathway(text: str, source: str) -> Pathway:
    """Validate TOML text as a pathway. ``source`` names it in error messages."""
    try:
        data = loads_toml(text)
    except TomlProblem as e:
        raise PathwayError(f"{source}: not valid TOML: {e}") from None
    return pathway_from_data(data, source)


def pathway_from_data(data: object, source: str) -> Pathway:
    # pydantic loads here, when a pathway file is read, not when the store (which imports this module) opens.
    from pydantic import ValidationError

    from grouper.formats.validation import check_pathway, raw_id_problems

    try:
        return check_pathway(data)
    except ValidationError as e:
        # Every mistake at once (a teacher fixing a file should not meet them one run at a time):
        # the fields pydantic found, and the ids used twice, which it only checks once the fields pass.
        lines = plain_validation_error(e, data, source, limit=None).split("\n")
        lines += [line for line in (f"{source}: {p}" for p in raw_id_problems(data)) if line not in lines]
        raise PathwayError("\n".join(lines)) from None


def load_pathway_file(path: Path) -> Pathway:
    raw = read_limited(path, MAX_BYTES, PathwayError, "a pathway file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise PathwayError(f"{path}: {not_utf8(raw, e)}") from None
    return parse_pathway(text, str(path))


def builtin_pathways() -> dict[str, Pathway]:
    """The pathways that ship with grouper, by id, in file-name order."""
    found: dict[str, Pathway] = {}
    folder = resources.files("grouper") / "pathways"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            pathway = parse_pathway(entry.read_text(encoding="utf-8"), f"built-in {entry.name}")
            found[pathway.id] = pathway
    return found


def pathway_to_toml(pathway: Pathway) -> str:
    """Write a pathway back as TOML in the documented shape (for sharing and editing)."""

    def q(s: str) -> str:
        out = s.replace("\\", "\\\\").replace('"', '\\"')
        out = "".join(c if (c >= " " and c != "\x7f") or c == "\t" else f"\\u{ord(c):04x}" for c in out)
        return f'"{out}"'

    def check_lines(table: str, check: Check) -> list[str]:
        lines = ["", f"  [[{table}]]", f"  id = {q(check.id)}", f"  label = {q(check.label)}",
                 f"  max = {check.max}", f"  mastery = {check.mastery}"]
        if check.growth_per_week is not None:
            lines.append(f"  growth_per_week = {check.growth_per_week!r}")
        if check.items:
            lines.append(f"  items = [{', '.join(q(item) for item in check.items)}]")
        if check.benchmark:
            lines += ["", f"    [{table}.benchmark]"]
            lines += [f"    {c.season} = {c.benchmark if c.lower is None else [c.lower, c.benchmark]}"
                      for c in check.benchmark]
        return lines

    lines = [f"id = {q(pathway.id)}", f"name = {q(pathway.name)}"]
    if pathway.subject:
        lines.append(f"subject = {q(pathway.subject)}")
    if pathway.description:
        lines.append(f"description = {q(pathway.description)}")
    if pathway.seasons:
        lines += ["", "[seasons]"] + [f"{season} = {q(day)}" for season, day in pathway.seasons]
    for stage in pathway.stages:
        lines += ["", "[[stages]]", f"id = {q(stage.id)}", f"label = {q(stage.label)}", f"focus = {q(stage.focus)}"]
        for check in stage.checks:
            lines += check_lines("stages.checks", check)
        for detour in stage.detours:
            lines += ["", "  [[stages.detours]]", f"  id = {q(detour.id)}", f"  label = {q(detour.label)}",
                      f"  focus = {q(detour.focus)}"]
            for check in detour.checks:
                lines += check_lines("stages.detours.checks", check)
    return "\n".join(lines) + "\n"
