"""The same hostile files through the real ``grouper`` command: a plain refusal, and nothing written.

The function-level fuzz tests prove each reader; these few cases per format
prove what a teacher sees at the terminal: exit code 1 (bad data) or 2 (bad
usage), a few plain lines on stderr with the file and the line or field, no
traceback, no terminal escape echoed from the file, and the store's files
byte for byte as they were. Subprocesses are slow, so the cases are few and
fixed (the mutated ones from a fixed seed).
"""

from __future__ import annotations

import io
import random
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli_helpers import GROUPER, SAMPLES, Cli, Result, snapshot, write_text

CLASS = "Room 7"
ROSTER = "id,name,tags\nz1,Zoë Ng,ELL\na1,Ana Lopez,\nm1,محمد,\nw1,王小明,\n"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "oneroster"
PATHWAY = (Path(__file__).resolve().parents[2] / "src" / "grouper" / "pathways" / "early-numeracy.toml").read_text(
    encoding="utf-8"
).replace('id = "early-numeracy"', 'id = "my-numeracy"', 1)
SAMPLE = (SAMPLES / "kindergarten-literacy.json").read_bytes()


def flipped(data: bytes, seed: int, count: int = 3) -> bytes:
    """``data`` with a few bytes flipped at fixed, seeded places."""
    rnd = random.Random(seed)
    out = bytearray(data)
    for _ in range(count):
        at = rnd.randrange(len(out))
        out[at] ^= 1 << rnd.randrange(8)
    return bytes(out)


def deep_plan(depth: int) -> bytes:
    """The sample class with a locked plan nested ``depth`` lists deep (json can read 985, not write it back)."""
    plan = f'{{"date": "2025-01-06", "locked_at": "x", "plan": {{"groups": {"[" * depth}{"]" * depth}}}}},'
    return SAMPLE.replace(b'"plans": [', b'"plans": [' + plan.encode(), 1)


def oneroster_zip(users: bytes | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for f in sorted((FIXTURES / "v1p1").glob("*.csv")):
            archive.writestr(f.name, users if users is not None and f.name == "users.csv" else f.read_bytes())
    return buf.getvalue()


def corrupt_deflate(raw: bytes) -> bytes:
    out = bytearray(raw)
    start = out.index(b"PK\x03\x04") + 30 + len("classes.csv")
    out[start : start + 8] = b"\xff" * 8
    return bytes(out)


@dataclass(frozen=True)
class Case:
    """One file handed to one command: what the teacher must read back."""

    name: str
    file: str
    content: bytes
    argv: Callable[[Path], tuple[str, ...]]
    needles: tuple[str, ...] = ()
    code: int = 1


def roster(path: Path) -> tuple[str, ...]:
    return ("roster", "import", CLASS, str(path))


def scores(path: Path) -> tuple[str, ...]:
    return ("scores", "import", CLASS, str(path))


CASES = [
    # roster CSV
    Case("roster-utf16", "r.csv", ROSTER.encode("utf-16"), roster, ("r.csv", "UTF-16", "CSV UTF-8")),
    Case("roster-open-quote", "r.csv", (ROSTER + 'b1,"Bo Li,\nc1,Cy,\n').encode(), roster,
         ("r.csv", "line 6", "never closed")),
    Case("roster-escapes", "r.csv", b'name\n"Ana\x1b[2J\x1b]0;x\x07"\nBo\n"Ana\x1b[2J\x1b]0;x\x07"\n', roster,
         ("r.csv", "line 4", "also on line 2")),
    Case("roster-device", "/dev/zero", b"", lambda _: roster(Path("/dev/zero")), ("/dev/zero", "too large")),
    # scores CSV, long and wide
    Case("scores-formula", "s.csv", b"student,check,score\nz1,lid,=cmd|' /C calc'!A0\na1,lid,5\n", scores,
         ("s.csv", "line 2", "not a whole number", "Nothing was imported")),
    Case("scores-wide-duplicate-header", "s.csv", b"id,lid,Letters named (of 54)\nz1,5,6\n", scores,
         ("s.csv", "line 1", "are both check lid")),
    Case("scores-megabyte-cell", "s.csv", b"student,check,score,note\nz1,lid,5," + b"x" * 1_000_000 + b"\n", scores,
         ("s.csv", "line 2", "longer than")),
    # pathway TOML
    Case("pathway-check-deep", "p.toml", b"x = " + b"[" * 100_000, lambda p: ("pathway", "check", str(p)),
         ("p.toml", "nested too deeply", "line 1")),
    Case("pathway-add-latin1", "p.toml", PATHWAY.replace("Counting", "Compter à").encode("latin-1"),
         lambda p: ("pathway", "add", str(p)), ("p.toml", "not UTF-8", "line")),
    Case("pathway-add-huge-number", "p.toml", PATHWAY.replace("max = 10", "max = 1" + "0" * 5000, 1).encode(),
         lambda p: ("pathway", "add", str(p)), ("p.toml", "4300 digits", "line")),
    # class bundle JSON
    Case("bundle-deep", "b.json", b"[" * 100_000, lambda p: ("class", "import", str(p)),
         ("b.json", "line 1", "nested too deeply")),
    Case("bundle-deep-plan", "b.json", deep_plan(985), lambda p: ("class", "import", str(p)),
         ("b.json", "plan 1", "nested more than")),
    Case("bundle-cut-short", "b.json", SAMPLE[: len(SAMPLE) // 2], lambda p: ("class", "import", str(p)),
         ("b.json", "line", "not valid JSON")),
    Case("bundle-escape-key", "b.json", SAMPLE.replace(b'"version": 1,', b'"version": 1, "\\u001b[2J\\nx": 1,'),
         lambda p: ("class", "import", str(p)), ("b.json", "is not a known field")),
    Case("bundle-flipped", "b.json", flipped(SAMPLE, 7), lambda p: ("class", "import", str(p)), ("b.json",)),
    # OneRoster
    Case("oneroster-corrupt-zip", "or.zip", corrupt_deflate(oneroster_zip()),
         lambda p: ("roster", "import-oneroster", str(p), "--class", "G1-R7", "--into", CLASS),
         ("or.zip", "cannot read the zip file")),
    Case("oneroster-duplicate-column", "or.zip",
         oneroster_zip((FIXTURES / "v1p1" / "users.csv").read_bytes().replace(b"givenName,", b"givenName,role,", 1)),
         lambda p: ("roster", "import-oneroster", str(p), "--class", "G1-R7", "--into", CLASS),
         ("users.csv", "line 1", "'role' appears twice")),
    # usage
    Case("usage-no-file", "-", b"", lambda _: ("roster", "import", CLASS), ("FILE", "--help"), code=2),
]


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    if not GROUPER.exists():
        pytest.skip(f"the grouper console script is not installed next to this Python ({GROUPER})")
    base = tmp_path_factory.mktemp("fuzz-cli")
    return Cli(base / "home", base / "config")


@pytest.fixture(scope="module")
def room(cli: Cli, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with 'Room 7' and four students; each case gets a copy."""
    base = tmp_path_factory.mktemp("fuzz-room")
    store = base / "store"
    cli.ok("class", "new", CLASS, "--pathway", "early-literacy", store=store)
    cli.ok("roster", "import", CLASS, write_text(base / "roster.csv", ROSTER), store=store)
    return store


def assert_refused_plainly(r: Result, code: int, needles: tuple[str, ...]) -> None:
    assert r.code == code, str(r)
    assert "Traceback" not in r.err and "Traceback" not in r.out, str(r)
    assert 1 <= len(r.err_lines) <= 8, str(r)
    assert all(len(line) <= 420 for line in r.err_lines), str(r)[:2000]
    assert "\x1b" not in r.err and "\x07" not in r.err, repr(r.err)
    for needle in needles:
        assert needle in r.err, f"{needle!r} not in stderr\n{r}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_hostile_file_is_refused_in_plain_lines_and_nothing_is_written(
    case: Case, cli: Cli, room: Path, tmp_path: Path
) -> None:
    store = Path(shutil.copytree(room, tmp_path / "store"))
    path = tmp_path / case.file
    if case.file not in ("-", "/dev/zero"):
        path.write_bytes(case.content)
    before = snapshot(store)
    r = cli(*case.argv(path), store=store)
    assert_refused_plainly(r, case.code, case.needles)
    assert snapshot(store) == before, "a refused file changed the store"


def test_a_mutated_roster_is_imported_or_refused_and_a_refusal_writes_nothing(cli: Cli, room: Path,
                                                                               tmp_path: Path) -> None:
    """Two seeded mutations of a valid roster: whichever way each goes, the contract holds."""
    for seed in (1, 2):
        store = Path(shutil.copytree(room, tmp_path / f"store{seed}"))
        path = tmp_path / f"r{seed}.csv"
        path.write_bytes(flipped((ROSTER * 3).encode(), seed, count=4))
        before = snapshot(store)
        r = cli(*roster(path), store=store)
        assert "Traceback" not in r.err, str(r)
        if r.code != 0:
            assert_refused_plainly(r, 1, (path.name,))
            assert snapshot(store) == before
