"""``grouper pathway list|show|check|add``: the learning pathways a class can follow."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grouper.cli.common import all_pathways, open_store, output
from grouper.core.errors import GrouperError


def cmd_pathway_list(args: argparse.Namespace) -> int:
    from grouper.formats.pathways import builtin_pathways

    builtin = builtin_pathways()
    with open_store(args, writable=False) as store:
        mine = store.user_pathways()
    output.pathway_list(builtin, mine)
    return 0


def cmd_pathway_show(args: argparse.Namespace) -> int:
    with open_store(args, writable=False) as store:
        pathways = all_pathways(store)
    if args.id not in pathways:
        raise GrouperError(f"no pathway '{args.id}'; known: {', '.join(pathways)}")
    output.pathway_detail(pathways[args.id])
    return 0


def cmd_pathway_check(args: argparse.Namespace) -> int:
    from grouper.formats.pathways import PathwayError, load_pathway_file

    try:
        pathway = load_pathway_file(Path(args.file))
    except PathwayError as e:
        # Checking a file is asking for every mistake in it: none is cut, however many.
        print(str(e), file=sys.stderr)
        return e.exit_code
    checks = sum(len(s.checks) for s in pathway.stages)
    print(f"{args.file}: OK: '{pathway.id}', {len(pathway.stages)} stages, {checks} checks")
    return 0


def cmd_pathway_add(args: argparse.Namespace) -> int:
    from grouper.formats.pathways import builtin_pathways, load_pathway_file

    path = Path(args.file)
    pathway = load_pathway_file(path)
    if pathway.id in builtin_pathways():
        raise GrouperError(f"{path}: id '{pathway.id}' is a built-in pathway; give yours another id")
    with open_store(args, writable=True) as store:
        store.add_pathway(pathway, path.read_text(encoding="utf-8-sig"))
    print(f"Added pathway '{pathway.id}' ({pathway.name}). Use it with: grouper class new NAME --pathway {pathway.id}")
    return 0
