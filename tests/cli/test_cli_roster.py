"""grouper roster import: the CSV files teachers actually have, imported again and again."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import Cli, assert_error, snapshot, students_of, write_text

NAMES = [
    "Zoë Ng",
    "José O'Neil",
    "Mary-Kate O’Brien",
    "[bold]x",
    "[/]",
    "[bold]Ana[/bold]",
    "محمد علي",
    "王小明",
    "Ana  Lopez",  # two spaces inside: kept
]


def names_in(cli: Cli, store: Path, cls: str = "Empty") -> list[str]:
    return [s["name"] for s in cli.bundle(store, cls)["students"]]


def test_name_column_keeps_names_exactly(cli: Cli, empty: Path, tmp_path: Path) -> None:
    tags = ["ELL", "ELL;IEP", " IEP ; ELL ;"] + [""] * (len(NAMES) - 3)
    body = "".join(f'"  {n}  ",{t}\n' for n, t in zip(NAMES, tags, strict=True))
    path = write_text(tmp_path / "roster.csv", "name,tags\n" + body)
    r = cli.ok("roster", "import", "Empty", path, store=empty)
    assert r.out.strip() == f"Empty: {len(NAMES)} added, 0 updated, 0 unchanged"
    students = cli.bundle(empty, "Empty")["students"]
    assert [s["name"] for s in students] == NAMES
    assert [s["tags"] for s in students[:4]] == [["ELL"], ["ELL", "IEP"], ["IEP", "ELL"], []]
    assert len({s["id"] for s in students}) == len(NAMES)


@pytest.mark.parametrize(
    "sep, crlf, bom",
    [(",", False, False), (";", True, True), (",", True, True), (";", False, False)],
    ids=["comma-lf", "semicolon-crlf-bom", "comma-crlf-bom", "semicolon-lf"],
)
def test_first_and_last_name_headers_any_spelling(
    cli: Cli, empty: Path, tmp_path: Path, bom: bool, crlf: bool, sep: str
) -> None:
    rows = [
        ["First Name", "LAST_NAME", "Id", "TAGS"],
        ["Zoë", " Ng ", "z1", '"ELL;IEP"'],
        ["Mary-Kate", "O'Neil", "m1", ""],
        ["محمد", "علي", "m2", ""],
        ["Bo", "", "b1", ""],
    ]
    text = "".join(sep.join(row) + "\n" for row in rows)
    path = write_text(tmp_path / "roster.csv", text, bom=bom, crlf=crlf)
    r = cli.ok("roster", "import", "Empty", path, store=empty)
    assert r.out.strip() == "Empty: 4 added, 0 updated, 0 unchanged"
    students = students_of(cli.bundle(empty, "Empty"))
    assert {sid: s["name"] for sid, s in students.items()} == {
        "z1": "Zoë Ng",
        "m1": "Mary-Kate O'Neil",
        "m2": "محمد علي",
        "b1": "Bo",
    }
    assert students["z1"]["tags"] == ["ELL", "IEP"]


def test_header_spelled_with_dashes_and_spaces(cli: Cli, empty: Path, tmp_path: Path) -> None:
    path = write_text(tmp_path / "roster.csv", " first-name , Last Name ,  NAME_ \nAna,Lopez,\n")
    cli.ok("roster", "import", "Empty", path, store=empty)
    assert names_in(cli, empty) == ["Ana Lopez"]


def test_reimport_is_idempotent_and_reports_changes(cli: Cli, empty: Path, tmp_path: Path) -> None:
    first = write_text(tmp_path / "a.csv", "id,name,tags\n1,Zoë Ng,ELL\n2,Bo Li,\n3,Ana Lopez,\n")
    assert cli.ok("roster", "import", "Empty", first, store=empty).out.strip() == (
        "Empty: 3 added, 0 updated, 0 unchanged"
    )
    before = cli.bundle(empty, "Empty")
    assert cli.ok("roster", "import", "Empty", first, store=empty).out.strip() == (
        "Empty: 0 added, 0 updated, 3 unchanged"
    )
    assert cli.bundle(empty, "Empty") == before
    # Next week's export: Bo's tags changed, a new student, a different line order.
    second = write_text(tmp_path / "b.csv", "id,name,tags\n4,Cy Park,\n2,Bo Li,IEP\n1,Zoë Ng,ELL\n3,Ana Lopez,\n")
    assert cli.ok("roster", "import", "Empty", second, store=empty).out.strip() == (
        "Empty: 1 added, 1 updated, 2 unchanged"
    )
    students = students_of(cli.bundle(empty, "Empty"))
    assert [s["name"] for s in students.values()] == ["Zoë Ng", "Bo Li", "Ana Lopez", "Cy Park"]
    assert students["2"]["tags"] == ["IEP"]


def test_reimport_without_ids_matches_by_exact_name(cli: Cli, empty: Path, tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.csv", "Name\nZoë Ng\n[/]\n")
    cli.ok("roster", "import", "Empty", path, store=empty)
    path = write_text(tmp_path / "b.csv", "\ufeffname\r\nZoë Ng\r\n[/]\r\nBo Li\r\n")
    assert cli.ok("roster", "import", "Empty", path, store=empty).out.strip() == (
        "Empty: 1 added, 0 updated, 2 unchanged"
    )
    assert names_in(cli, empty) == ["Zoë Ng", "[/]", "Bo Li"]


@pytest.mark.parametrize(
    "text, needles",
    [
        ("name,id\nAna,1\n,2\nBo,3\n", ["line 3", "no name"]),
        ("first_name,last_name,tags\nAna,Lopez,\n,,ELL\n", ["line 3", "no name"]),
        ("id,name\n1,Ana\n2,Bo\n1,Cy\n", ["line 4", "id '1'", "line 2"]),
        ("name\nAna\nBo\nAna\n", ["line 4", "'Ana'", "line 2"]),
        ("id,surname\n1,Lopez\n", ["line 1", "'name'", "first_name"]),
        ("name,name\nAna,Bo\n", ["line 1", "twice"]),
        ("name\nAna\nBo,Lopez\n", ["line 3", "more cells"]),
    ],
    ids=[
        "no-name",
        "no-first-or-last",
        "duplicate-id",
        "duplicate-name",
        "no-name-column",
        "column-twice",
        "extra-cell",
    ],
)
def test_bad_rows_reject_the_whole_file(cli: Cli, empty: Path, tmp_path: Path, text: str, needles: list[str]) -> None:
    path = write_text(tmp_path / "roster.csv", text)
    before = snapshot(empty)
    r = cli("roster", "import", "Empty", path, store=empty)
    assert_error(r, 1, "roster.csv", *needles)
    assert r.out == ""
    assert snapshot(empty) == before


def test_non_utf8_file_is_refused_clearly(cli: Cli, empty: Path, tmp_path: Path) -> None:
    path = write_text(tmp_path / "latin1.csv", "name\nZoë Ng\nJosé\n", encoding="latin-1")
    before = snapshot(empty)
    r = cli("roster", "import", "Empty", path, store=empty)
    assert_error(r, 1, "latin1.csv", "not UTF-8", "CSV UTF-8")
    assert snapshot(empty) == before


def test_missing_file(cli: Cli, empty: Path, tmp_path: Path) -> None:
    r = cli("roster", "import", "Empty", tmp_path / "nope.csv", store=empty)
    assert_error(r, 1, "nope.csv", "no such file")


def test_generated_ids_never_collide_with_ids_in_the_file(cli: Cli, empty: Path, tmp_path: Path) -> None:
    path = write_text(tmp_path / "roster.csv", "id,name\n,Ana Lopez\ns1,Bo Li\n")
    r = cli("roster", "import", "Empty", path, store=empty)
    assert r.code == 0, str(r)
    students = cli.bundle(empty, "Empty")["students"]
    assert sorted(s["name"] for s in students) == ["Ana Lopez", "Bo Li"]
    assert len({s["id"] for s in students}) == 2


def test_a_name_holding_terminal_commands_is_shown_never_obeyed(cli: Cli, empty: Path, tmp_path: Path) -> None:
    """An ESC, BEL or tab inside a name from a roster file reaches no terminal: it is kept as ␛, ␇, ␉."""
    path = write_text(tmp_path / "roster.csv", 'name\n"Ana\x1b[2J\x1b]0;pwned\x07"\n"Bo\tLi"\nCy\n')
    cli.ok("roster", "import", "Empty", path, store=empty)
    assert names_in(cli, empty) == ["Ana␛[2J␛]0;pwned␇", "Bo␉Li", "Cy"]
    for command in (("groups", "Empty"), ("progress", "Empty"), ("export", "Empty", "--format", "md")):
        out = cli.ok(*command, store=empty).out
        assert "\x1b" not in out and "\x07" not in out and "\t" not in out
        assert "Ana␛" in out and "0;pwned␇" in out  # Markdown escapes the brackets between
