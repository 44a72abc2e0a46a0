"""The app stands on Textual's and rich's public API only, and the grid is readable at 80x24 (issue #17).

Patching a library's private attributes ties the app to one release of it:
the grid used to edit DataTable's ``_data``, ``_row_locations`` and render
caches and override its ``_render_line``. This test reads every module under
``src/`` and names, file:line, each use of a private name of Textual or rich:
one reached on another object (``app._driver``, ``console._buffer``), a base
class's private attribute read or set on ``self``, or a base class's private
method overridden.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from functools import cache
from pathlib import Path

import rich
import textual
from ui_helpers import JOSE, grid, make_app, screen_text

SRC = Path(__file__).resolve().parents[2] / "src"
#: DataTable's and rich's internals the old grid leaned on: never, on any object.
NEVER = re.compile(
    r"(?<!self)\._data\b|_row_locations|_column_locations|\b_render_line\b|\b_render_cell\b|_get_offsets|_update_count"
    r"|_line_cache|_row_render_cache|_cell_render_cache|_row_renderable_cache|_pseudo_class_state"
    r"|_show_hover_cursor|\bconsole\._|\bapp\._(?!demo_folder\b)|\bscreen\._"
)
#: Known uses still to go, each with its reason (file, name).
KNOWN: set[tuple[str, str]] = set()  # none: every private name found is a failure
_DEFINED = re.compile(r"self\.(_[a-z]\w*)|def (_[a-z]\w*)|^\s+(_[a-z]\w*)\s*[:=]", re.MULTILINE)


@cache
def _library_private() -> frozenset[str]:
    """Every private name Textual or rich defines (a method, or an attribute set on self)."""
    names: set[str] = set()
    for package in (textual, rich):
        for path in Path(str(package.__file__)).parent.rglob("*.py"):
            for found in _DEFINED.finditer(path.read_text(encoding="utf-8")):
                names.add(next(g for g in found.groups() if g))
    return frozenset(names)


def _base_private(cls: type) -> set[str]:
    """The private names of ``cls``'s Textual and rich base classes."""
    names: set[str] = set()
    for base in cls.__mro__[1:]:
        if base.__module__.split(".")[0] not in ("textual", "rich"):
            continue
        names.update(n for n in vars(base) if n.startswith("_") and not n.startswith("__"))
        try:
            source = inspect.getsource(base)
        except (OSError, TypeError):
            continue
        names.update(next(g for g in m.groups() if g) for m in _DEFINED.finditer(source))
    return names


def _own(node: ast.ClassDef) -> set[str]:
    """Names a class of ours defines itself: in its body, or set on self."""
    names = {n.name for n in node.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and isinstance(sub.ctx, ast.Store):
            names.add(sub.attr)
        elif isinstance(sub, ast.AnnAssign | ast.Assign):
            for target in sub.targets if isinstance(sub, ast.Assign) else [sub.target]:
                if isinstance(target, ast.Name):
                    names.add(target.id)
    return names


def _uses(path: Path) -> list[str]:
    rel = path.relative_to(SRC).as_posix()
    text = path.read_text(encoding="utf-8")
    found = [f"{rel}:{n}: {line.strip()}" for n, line in enumerate(text.splitlines(), 1)
             if NEVER.search(line) and not line.lstrip().startswith("#")]
    tree = ast.parse(text)
    module = None
    private = _library_private()
    classes = {id(c): c for c in tree.body if isinstance(c, ast.ClassDef)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            on_self = isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")
            if not on_self and node.attr in private and (rel, node.attr) not in KNOWN:
                found.append(f"{rel}:{node.lineno}: {node.attr} of Textual or rich, reached on another object")
    for cls_node in classes.values():
        if module is None:
            module = importlib.import_module(rel.removesuffix(".py").replace("/", "."))
        cls = getattr(module, cls_node.name, None)
        if not isinstance(cls, type):
            continue
        base, own = _base_private(cls), _own(cls_node)
        for sub in ast.walk(cls_node):
            if isinstance(sub, ast.FunctionDef | ast.AsyncFunctionDef) and sub.name in base:
                found.append(f"{rel}:{sub.lineno}: overrides {sub.name} of {cls.__mro__[1].__name__}")
            elif (isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) and sub.value.id == "self"
                  and sub.attr in base and (rel, sub.attr) not in KNOWN):
                what = "shadows" if sub.attr in own else "uses"
                found.append(f"{rel}:{sub.lineno}: {what} {sub.attr} of {cls.__mro__[1].__name__}")
    return found


def test_no_private_name_of_textual_or_rich_is_used_in_src() -> None:
    found = [use for path in sorted(SRC.rglob("*.py")) for use in _uses(path)]
    assert not found, "private names of Textual or rich:\n" + "\n".join(found)


def test_the_check_finds_what_the_old_grid_did(tmp_path: Path) -> None:
    """The check itself: the old grid's patterns are caught (on self, on another object, overridden)."""
    assert NEVER.search("self._row_locations.get(key)")
    assert NEVER.search("return super()._render_line(y, x1, x2, base_style)")
    assert NEVER.search("display = app._display") and not NEVER.search("app._demo_folder")
    assert {"_driver", "_row_locations", "_render_line"} <= _library_private()
    from textual.widgets import DataTable

    assert {"_render_line", "_row_locations", "_update_count"} <= _base_private(type("T", (DataTable,), {}))


async def test_names_and_places_can_be_read_at_80x24(demo_root: Path) -> None:
    app = make_app(demo_root, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        g = grid(app)
        name = app.screen.session.record.student(JOSE).name  # type: ignore[attr-defined]
        place = str(g.get_cell(JOSE, "place"))
        lines = screen_text(app).splitlines()
        row = next(line for line in lines if name in line)  # the first student's whole name
        assert place.startswith("4 High-fre")
        assert row.index(name) < row.index("4 High-fre…"), row  # the stage number and label beside it
        assert g.cursor_coordinate.row == 0 and name == "José Álvarez"
        # Scrolled to the last checks, the names and places stay put.
        await pilot.press("end")
        await pilot.pause()
        assert g.scroll_offset.x > 0
        shown = screen_text(app)
        assert name in shown and "4 High-fre…" in shown


async def test_a_click_saves_what_was_typed_and_moves_the_cursor_there(demo_root: Path) -> None:
    from textual.coordinate import Coordinate
    from ui_helpers import G1, saved_value

    from grouper.ui.widgets.grid import FIXED, HEADER, PLACE

    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        g = grid(app)
        await pilot.press("7")
        await pilot.click(g, offset=(g.fixed_width + 2, HEADER + 3))  # the first check, the fourth student
        await pilot.pause()
        assert g.cursor_coordinate == Coordinate(3, FIXED) and not g.editing
        await pilot.click(g, offset=(2, HEADER + 1))  # a name: the cursor goes to the place beside it
        await pilot.pause()
        assert g.cursor_coordinate == Coordinate(1, PLACE)
    assert saved_value(demo_root, G1, JOSE, "cap") == 7
