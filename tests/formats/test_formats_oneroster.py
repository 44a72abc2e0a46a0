"""OneRoster 1.1 / 1.2 packages: read exactly as the spec spells them, merged into a roster by sourcedId."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest

from grouper.core.models import Student
from grouper.formats.oneroster import DELTA_ONLY, OneRosterError, Package, parse_package
from grouper.formats.oneroster_files import load_package, read_package
from grouper.formats.oneroster_merge import merge_class

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "oneroster"
TODAY = dt.date(2026, 11, 20)

USERS_11 = ("sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,"
            "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password")
CLASSES = ("sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,"
           "schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods")
ENROLLMENTS = ("sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,"
               "beginDate,endDate")


def user(sid: str, role: str, given: str, family: str, number: str = "") -> str:
    return f"{sid},,,true,sch,{role},{sid},,{given},{family},,{number},,,,,,"


def package(
    users: list[str], enrollments: list[str], *, users_header: str = USERS_11, extra: dict[str, str] | None = None
) -> Package:
    files = {
        "users.csv": ("users.csv", "\n".join([users_header, *users]) + "\n"),
        "classes.csv": ("classes.csv", "\n".join([CLASSES, "c1,,,Reading 1,01,,R1,scheduled,,sch,,,,"]) + "\n"),
        "enrollments.csv": ("enrollments.csv", "\n".join([ENROLLMENTS, *enrollments]) + "\n"),
    }
    for name, text in (extra or {}).items():
        files[name] = (name, text)
    return parse_package(files, "pkg")


def enrol(sid: str, user_id: str, role: str = "student", status: str = "", end: str = "") -> str:
    return f"{sid},{status},,c1,sch,{user_id},{role},false,2026-09-01,{end}"


# --- reading ---------------------------------------------------------------------


def test_v1p1_fixture_lists_classes_with_student_counts() -> None:
    pkg = load_package(FIXTURES / "v1p1")
    assert pkg.version == "1.1" and not pkg.delta("enrollments")
    summary = {c.code: n for c, n in pkg.summaries(TODAY)}
    # The teacher's enrolments and the parent are not students; Ana and Zoë are in two classes.
    assert summary == {"G1-R7": 6, "G1-M7": 2, "G2-R": 1}


def test_v1p2_fixture_takes_roles_from_roles_csv_and_dates_from_enrolments() -> None:
    pkg = load_package(FIXTURES / "v1p2")
    assert pkg.version == "1.2" and pkg.student_role is not None
    reading = pkg.find_class("G1-R7")
    live, ended = pkg.members(reading, TODAY)
    # u-aide has a student enrolment but an aide role: not a student. Theo's enrolment ended on 2026-10-30.
    assert list(live) == ["u-zoe", "u-kat", "u-ana"]
    assert ended == {"u-wd"}
    assert "u-wd" in pkg.members(reading, dt.date(2026, 10, 1))[0]
    assert pkg.users["u-kat"].display_name == "Kate Smith"  # preferredGivenName


def test_delta_fixture_reads_modes_and_finds_a_class_by_sourced_id() -> None:
    pkg = load_package(FIXTURES / "v1p2-delta")
    assert pkg.delta("enrollments") and pkg.delta("users") and pkg.modes["classes"] == "absent"
    assert [(c.sourced_id, c.title, n) for c, n in pkg.summaries(TODAY)] == [("c-g1r", DELTA_ONLY, 1)]
    cls = pkg.find_class("c-g1r")
    live, ended = pkg.members(cls, TODAY)
    assert list(live) == ["u-nia"] and ended == {"u-zoe"}
    with pytest.raises(OneRosterError, match=re.escape("give the class's sourcedId")):
        pkg.find_class("G1-R7")


def test_zip_with_the_files_in_one_folder_reads_like_the_folder(tmp_path: Path) -> None:
    archive = tmp_path / "roster.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for file in sorted((FIXTURES / "v1p2").iterdir()):
            z.write(file, f"export-2026-11-20/{file.name}")
        z.writestr("export-2026-11-20/orgs.csv", "sourcedId\n")  # not read
        z.writestr("__MACOSX/export-2026-11-20/._users.csv", "junk")
    assert set(read_package(archive)) == {"manifest.csv", "users.csv", "roles.csv", "classes.csv", "enrollments.csv"}
    a, b = load_package(archive), load_package(FIXTURES / "v1p2")
    assert (a.users, a.classes, a.enrollments, a.modes) == (b.users, b.classes, b.enrollments, b.modes)


def test_headers_are_case_sensitive_and_the_message_names_file_and_column() -> None:
    header = USERS_11.replace("sourcedId", "SourcedId", 1)
    with pytest.raises(OneRosterError) as e:
        package([user("u1", "student", "Zoë", "Ng")], [], users_header=header)
    lines = str(e.value).splitlines()
    assert lines[0] == "users.csv: no column 'sourcedId' (headers are case-sensitive: found 'SourcedId')"
    assert len(lines) == 2


@pytest.mark.parametrize("missing", ["users.csv", "classes.csv", "enrollments.csv"])
def test_a_missing_file_is_named(missing: str) -> None:
    files = {name: (name, "sourcedId\n") for name in ("users.csv", "classes.csv", "enrollments.csv") if name != missing}
    with pytest.raises(OneRosterError, match=f"pkg: no {missing}"):
        parse_package(files, "pkg")


def test_v1p2_without_roles_csv_says_where_the_role_lives() -> None:
    header = USERS_11.replace(",role,", ",")
    with pytest.raises(OneRosterError, match=re.escape("no column 'role', and no roles.csv")):
        package(["u1,,,true,sch,u1,,Zoë,Ng,,,,,,,,"], [], users_header=header)


def test_bad_rows_are_all_named_and_nothing_is_read() -> None:
    with pytest.raises(OneRosterError) as e:
        package(
            [user("u1", "student", "Zoë", "Ng"), user("u1", "student", "Bo", "Li")],
            [enrol("e1", "u1", status="gone"), enrol("e2", "nobody"), enrol("e3", "u1", end="soon")],
        )
    text = str(e.value)
    assert "users.csv: line 3: sourcedId 'u1' is also on line 2" in text
    assert "enrollments.csv: line 2: column 'status': 'gone' is not active or tobedeleted" in text
    assert "enrollments.csv: line 3: userSourcedId 'nobody' is not in users.csv" in text
    assert "enrollments.csv: line 4: column 'endDate': 'soon' is not a date" in text
    assert text.endswith("Nothing was imported.")


def test_a_manifest_mode_that_is_not_bulk_delta_or_absent_is_refused() -> None:
    manifest = "propertyName,value\noneroster.version,1.1\nfile.users,sometimes\n"
    with pytest.raises(OneRosterError, match=re.escape("file.users is 'sometimes'")):
        package([], [], extra={"manifest.csv": manifest})


def test_class_lookup_by_code_title_or_id_and_never_a_guess() -> None:
    pkg = package([], [])
    assert pkg.find_class("r1").sourced_id == "c1"
    assert pkg.find_class("reading 1").sourced_id == "c1"
    assert pkg.find_class("c1").title == "Reading 1"
    expected = "no class 'Reading' in classes.csv; the classes are R1 (Reading 1)"
    with pytest.raises(OneRosterError, match=re.escape(expected)):
        pkg.find_class("Reading")


# --- merging -----------------------------------------------------------------------


def test_first_import_adds_students_with_number_as_id_and_links() -> None:
    pkg = package(
        [user("t1", "teacher", "Marta", "Rivera"), user("u1", "student", "Zoë", "Ng", "1001"),
         user("u2", "student", "Bo", "Li", "")],
        [enrol("e0", "t1", role="teacher"), enrol("e1", "u1"), enrol("e2", "u2")],
    )
    merge = merge_class([], pkg, pkg.find_class("R1"), "Room 7", TODAY)
    assert merge.added == [Student("1001", "Zoë Ng", (), True, "u1", "1001"), Student("s1", "Bo Li", (), True, "u2")]
    again = merge_class(merge.added, pkg, pkg.find_class("R1"), "Room 7", TODAY)
    assert (again.students, again.unchanged) == ([], merge.added)


def test_bulk_leaves_out_a_student_who_is_made_inactive_never_removed() -> None:
    pkg = package([user("u1", "student", "Zoë", "Ng")], [enrol("e1", "u1")])
    kept = [Student("z", "Zoë Ng", ("ELL",), True, "u1"), Student("b", "Bo Li", (), True, "u-bo"),
            Student("h", "Hand Typed", (), True)]
    merge = merge_class(kept, pkg, pkg.find_class("R1"), "Room 7", TODAY)
    assert merge.inactivated == [Student("b", "Bo Li", (), False, "u-bo")]
    assert [s.id for s in merge.unchanged] == ["z"]  # tags kept; the hand-typed student is not touched
    assert merge.students == merge.inactivated


def test_hand_typed_students_are_linked_by_number_or_unique_exact_name() -> None:
    pkg = package(
        [user("u1", "student", "Zoë", "Ng", "1001"), user("u2", "student", "Bo", "Li"),
         user("u3", "student", "Ana", "Lopez"), user("u4", "student", "Ana", "Lopez")],
        [enrol("e1", "u1"), enrol("e2", "u2"), enrol("e3", "u3"), enrol("e4", "u4")],
    )
    kept = [Student("1001", "Zoe N.", ("IEP",)), Student("b1", "Bo Li"), Student("a1", "Ana Lopez")]
    merge = merge_class(kept, pkg, pkg.find_class("R1"), "Room 7", TODAY)
    assert Student("1001", "Zoë Ng", ("IEP",), True, "u1", "1001") in merge.updated
    assert Student("b1", "Bo Li", (), True, "u2") in merge.updated
    # Two Ana Lopez in the class: linking the hand-typed one to either would be a guess.
    assert [s.sourced_id for s in merge.added] == ["u3", "u4"]


def test_delta_only_changes_what_it_names() -> None:
    manifest = "propertyName,value\nfile.users,delta\nfile.enrollments,delta\nfile.classes,bulk\n"
    pkg = package(
        [user("u2", "student", "Bo", "Lee").replace(",,,true", ",active,2026-11-18,true")],
        [enrol("e1", "u1", status="tobedeleted"), enrol("e3", "u3", status="active")],
        extra={"manifest.csv": manifest},
    )
    kept = [Student("z", "Zoë Ng", (), True, "u1"), Student("b", "Bo Li", (), True, "u2"),
            Student("c", "Cy Ro", (), False, "u3"), Student("d", "Di Wu", (), True, "u4")]
    merge = merge_class(kept, pkg, pkg.find_class("R1"), "Room 7", TODAY)
    assert merge.inactivated == [Student("z", "Zoë Ng", (), False, "u1")]
    assert merge.updated == [Student("c", "Cy Ro", (), True, "u3"), Student("b", "Bo Lee", (), True, "u2")]
    assert merge.unchanged == [Student("d", "Di Wu", (), True, "u4")]  # not in this delta: left as it is


def test_delta_enrolment_of_someone_unknown_is_refused() -> None:
    manifest = "propertyName,value\nfile.users,delta\nfile.enrollments,delta\n"
    pkg = package([], [enrol("e9", "u9", status="active")], extra={"manifest.csv": manifest})
    with pytest.raises(OneRosterError, match=re.escape("user 'u9' is neither in users.csv nor in Room 7")):
        merge_class([], pkg, pkg.find_class("R1"), "Room 7", TODAY)


def test_a_user_without_a_name_is_refused() -> None:
    pkg = package([user("u1", "student", "", "")], [enrol("e1", "u1")])
    with pytest.raises(OneRosterError, match=re.escape("users.csv: line 2: user 'u1' has no givenName or familyName")):
        merge_class([], pkg, pkg.find_class("R1"), "Room 7", TODAY)
