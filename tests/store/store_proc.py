"""A second grouper process for the lock and crash tests (run as a script, not collected).

    store_proc.py hold ROOT          open ROOT for writing, print "ready", wait for a line on stdin
    store_proc.py try ROOT           try to open ROOT for writing; exit 3 and print the message if locked
    store_proc.py brief ROOT SECS    hold ROOT as a command would ("grouper score"), print "ready", let go after SECS
    store_proc.py scores ROOT CLASS  add one score at a time forever, printing each saved seq
    store_proc.py journal ROOT CLASS the same, saving as the app does: to the score journal,
                                     folded into the class file every few scores
    store_proc.py save-during ROOT FIFO BYTES
                                     print "ready", wait for a reader to open the FIFO, then take the
                                     writer lock and start a save (its temp file), feed the FIFO the
                                     file BYTES, print "saving" and wait for a line on stdin before
                                     letting go (the save never finishes: its temp file stays)

The crash test kills ``scores`` with SIGKILL: a seq is printed only after
``add_scores`` returned, so every printed seq must be on disk afterwards.
"""

from __future__ import annotations

import datetime as dt
import sys
import time

from grouper.store import NewScore, Store, StoreLocked

STUDENTS = ("s1", "s2", "s3")


def expected(seq: int) -> tuple[str, str, int, str]:
    """What the score with ``seq`` must hold (student, check, value, note)."""
    return STUDENTS[seq % 3], "letters-named", seq % 55, f"saved {seq}"


def main(argv: list[str]) -> int:
    mode, root = argv[0], argv[1]
    if mode == "hold":
        with Store(root):
            print("ready", flush=True)
            sys.stdin.readline()
        return 0
    if mode == "brief":
        with Store(root, what="grouper score", brief=True):
            print("ready", flush=True)
            time.sleep(float(argv[2]))
        return 0
    if mode == "save-during":
        from pathlib import Path

        from grouper.store import holder
        from grouper.store.files import write_temp

        print("ready", flush=True)
        with open(argv[2], "wb") as fifo:  # returns once the doctor has started reading it
            lock = holder.acquire(Path(root))
            write_temp(Path(root) / "classes" / "room-7.json", b'{"half": "a save in progress"')
            fifo.write(Path(argv[3]).read_bytes())
        print("saving", flush=True)
        sys.stdin.readline()
        holder.release(Path(root), lock)
        return 0
    if mode == "try":
        try:
            Store(root).close()
        except StoreLocked as e:
            print(e, flush=True)
            return 3
        print("opened", flush=True)
        return 0
    if mode in ("scores", "journal"):
        name = argv[2]
        if mode == "journal":
            from grouper.store import journal

            journal.fold_limit = lambda size: 3000  # fold every dozen or so scores
        with Store(root, journal=mode == "journal") as store:
            seq = store.load_class(name).scores[-1].seq + 1
            while True:
                student, check, value, note = expected(seq)
                saved = store.add_scores(name, [NewScore(student, check, value, dt.date(2026, 11, 23), note)])
                assert saved[0].seq == seq
                print(seq, flush=True)
                seq += 1
    raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
