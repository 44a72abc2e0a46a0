"""``grouper block``: the grade team's intervention block (new, staff, list, show, plan, remove).

A block is kept in the store (its classes and staff); ``block plan --bundles``
plans class files read where they lie, with the staff given on the command
line, and writes nothing but ``-o``.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from grouper.cli.common import open_store, output, plan_day, write_text
from grouper.core.errors import UsageError

if TYPE_CHECKING:
    from grouper.core.block import Adult, Block, BlockPlan


def _staff(texts: list[str] | None) -> list[Adult]:
    from grouper.core.block import read_adult

    return [read_adult(t) for t in texts or []]


def cmd_block_new(args: argparse.Namespace) -> int:
    from grouper.core.block import Block
    from grouper.core.text import class_key

    block = Block(args.name.strip(), tuple(args.classes), tuple(_staff(args.staff)), args.min_size, args.max_size)
    with open_store(args, writable=True) as store:
        if any(class_key(b.name) == class_key(block.name) for b in store.blocks()):
            raise UsageError(f"there is already a block named '{block.name}' (change its staff with "
                             "'grouper block staff', or remove it first)")
        store.save_block(block)
        saved = store.find_block(block.name)
    print(f"Made block '{saved.name}': {', '.join(saved.classes)}; staff {', '.join(a.name for a in saved.staff)}.")
    return 0


def cmd_block_staff(args: argparse.Namespace) -> int:
    """Add an adult to a block, change one (same name), or take one off with --remove."""
    import dataclasses

    from grouper.core.block import read_adult
    from grouper.core.matching import fold

    with open_store(args, writable=True) as store:
        block = store.find_block(args.block)
        adult = read_adult(args.adult)
        others = tuple(a for a in block.staff if fold(a.name) != fold(adult.name))
        if args.remove:
            if len(others) == len(block.staff):
                raise UsageError(f"'{adult.name}' is not on the staff of '{block.name}'")
            store.save_block(dataclasses.replace(block, staff=others))
            print(f"{adult.name} is off the staff of '{block.name}'.")
            return 0
        known = len(others) < len(block.staff)
        staff = tuple(adult if fold(a.name) == fold(adult.name) else a for a in block.staff) if known \
            else (*block.staff, adult)
        store.save_block(dataclasses.replace(block, staff=staff))
    print(f"{'Changed' if known else 'Added'} {adult.name} in '{block.name}'.")
    return 0


def _block_dict(block: Block) -> dict[str, object]:
    return {
        "name": block.name,
        "classes": list(block.classes),
        "staff": [{"name": a.name, "room": a.room or None, "most": a.most, "not_stages": list(a.not_stages)}
                  for a in block.staff],
        "min_size": block.min_size,
        "max_size": block.max_size,
    }


def _show(block: Block) -> list[str]:
    from grouper.core.block import adult_words

    sizes = (f"groups of {block.min_size or 'the classes’ smallest'} to {block.max_size or 'the classes’ largest'}"
             if block.min_size or block.max_size else "the classes' own group sizes")
    lines = [f"{block.name}: {', '.join(block.classes)}; {sizes}"]
    lines += [f"  {adult_words(a)}" for a in block.staff]
    return lines


def cmd_block_list(args: argparse.Namespace) -> int:
    with open_store(args, writable=False) as store:
        blocks = store.blocks()
    if args.json:
        print(json.dumps([_block_dict(b) for b in blocks], ensure_ascii=False, indent=2))
        return 0
    if not blocks:
        print("No blocks yet: grouper block new NAME --classes A B --staff 'Ms Lee' 'Mr Ortiz'")
        return 0
    for b in blocks:
        print("\n".join(_show(b)))
    return 0


def cmd_block_show(args: argparse.Namespace) -> int:
    with open_store(args, writable=False) as store:
        block = store.find_block(args.block)
    if args.json:
        print(json.dumps(_block_dict(block), ensure_ascii=False, indent=2))
    else:
        print("\n".join(_show(block)))
    return 0


def cmd_block_remove(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        block = store.remove_block(args.block)
    print(f"Removed block '{block.name}' (its classes are unchanged).")
    return 0


def cmd_block_plan(args: argparse.Namespace) -> int:
    day = plan_day(args)
    plan: BlockPlan
    if args.bundles:
        from grouper.cli.school import read_bundles
        from grouper.session.block import bundle_plan

        if args.block is not None:
            raise UsageError("give a block's name, or --bundles with --staff, not both")
        if not args.staff:
            raise UsageError("--bundles needs --staff: the adults who take the groups")
        records = read_bundles(list(args.bundles))
        name = (args.name or "").strip() or "Block"
        plan = bundle_plan(records, _staff(args.staff), day, args.min_size, args.max_size, name)
    else:
        from grouper.session.block import plan_of

        if args.block is None:
            raise UsageError("say which block (grouper block list), or give --bundles and --staff")
        if args.staff or args.min_size is not None or args.max_size is not None or args.name is not None:
            raise UsageError("--staff, --min-size, --max-size and --name are for --bundles; change a kept block "
                             "with 'grouper block staff'")
        with open_store(args, writable=False) as store:
            plan = plan_of(store, args.block, day)
    from grouper.reports.block import block_dict, print_block, to_html, to_markdown

    if args.json:
        write_text(args, json.dumps(block_dict(plan), ensure_ascii=False, indent=2) + "\n")
    elif args.format == "md":
        write_text(args, to_markdown(plan))
    elif args.format == "html":
        write_text(args, to_html(plan))
    elif args.output in (None, "-"):
        print_block(plan, output.console)
    else:
        write_text(args, output.as_plain_text(lambda: print_block(plan, output.console), width=200))
    return 0
