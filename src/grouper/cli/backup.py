"""``grouper backup list|restore``: the copies grouper keeps of every class."""

from __future__ import annotations

import argparse

from grouper.cli.common import open_store, output


def cmd_backup_list(args: argparse.Namespace) -> int:
    with open_store(args, writable=False) as store:
        name = store.find_class(args.cls) if args.cls else None
        backups = store.list_backups(name)
    if not backups:
        folder = store.root / "backups"
        if not folder.is_dir() and any((store.root / "classes").glob("*.json")):
            print(f"The backups folder {folder} is gone: there are no saved copies to go back to.")
            print("The next save starts keeping them again (grouper doctor --fix makes the folder now).")
            return 0
        print("No backups yet: one is kept each time a class is saved.")
        return 0
    output.backup_list(backups)
    return 0


def cmd_backup_restore(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        name = store.restore_backup(args.id)
    print(f"Restored '{name}' from backup {args.id}. The version it replaced was kept as a backup too.")
    return 0
