"""Dates as a spreadsheet writes them (issue #17): each form, whose order, and what is refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grouper.config.prefs import Config
from grouper.core.dates import DateOrder, DatePreference, DateProblem, FileOrder, date_order, sheet_date

FORMS: dict[str, tuple[DateOrder | None, str]] = {
    # name: (the order it needs, the strftime Excel's locale writes)
    "iso": (None, "%Y-%m-%d"),
    "slashed dmy": ("dmy", "%d/%m/%Y"),
    "slashed mdy": ("mdy", "%m/%d/%Y"),
    "dotted dmy": ("dmy", "%d.%m.%Y"),
    "unpadded dmy": ("dmy", "{d}/{m}/%Y"),
    "unpadded mdy": ("mdy", "{m}/{d}/%Y"),
}


def _write(day: dt.date, pattern: str) -> str:
    return day.strftime(pattern.format(d=day.day, m=day.month))


@given(day=st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)),
       form=st.sampled_from(sorted(FORMS)))
def test_any_date_written_in_any_form_reads_back_with_the_right_order(day: dt.date, form: str) -> None:
    needed, pattern = FORMS[form]
    text = _write(day, pattern)
    # the order as a file holding only this date would have it: shown by the date, else the preference
    read = date_order([(2, text)], DatePreference(needed))
    assert read.refused is None
    assert read.date(2, text) == day


@pytest.mark.parametrize(("cells", "expected"), [
    ([(2, "02/11/2026"), (3, "30/11/2026")], "dmy"),  # 30 can only be a day
    ([(2, "11/02/2026"), (3, "11/30/2026")], "mdy"),
    ([(2, "2026-11-30"), (3, "05/05/2026")], None),  # ISO and a date the same either way need no order
    ([(2, "30.11.2026")], "dmy"),
])
def test_the_order_is_taken_from_a_date_that_shows_it(cells: list[tuple[int, str]], expected: str | None) -> None:
    assert date_order(cells, DatePreference()) == FileOrder(expected)
    opposite = DatePreference("mdy" if expected == "dmy" else "dmy")
    assert date_order(cells, opposite) == FileOrder(expected or opposite.order)  # the file's order wins


def test_an_ambiguous_date_with_no_preference_is_refused_naming_its_line_and_the_config_folder() -> None:
    cells = [(2, "2026-11-02"), (3, "04/05/2026"), (4, "01/02/2026")]
    read = date_order(cells, DatePreference(None, "/home/t/.config/grouper"))
    assert read.refused == (3, (
        "'04/05/2026' could be 4 May or 5 April; "
        'add date_order = "dmy" or "mdy" to config.toml (/home/t/.config/grouper)'
    ))
    with pytest.raises(DateProblem, match="could be 4 May or 5 April"):
        read.date(3, "04/05/2026")
    assert read.date(2, "2026-11-02") == dt.date(2026, 11, 2)
    assert date_order(cells, DatePreference("mdy")) == FileOrder("mdy")
    assert sheet_date("04/05/2026", "mdy") == dt.date(2026, 4, 5)
    assert sheet_date("04/05/2026", "dmy") == dt.date(2026, 5, 4)


def test_dates_that_contradict_each_other_are_refused_naming_the_line() -> None:
    read = date_order([(2, "13/11/2026"), (3, "01/01/2026"), (4, "11/14/2026")], DatePreference("dmy"))
    assert read == FileOrder("dmy", (4, (
        "'11/14/2026' is month first, but line 2 ('13/11/2026') is day first; "
        "write every date in the file the same way"
    )))


@pytest.mark.parametrize(("text", "message"), [
    ("30/11/26", "'30/11/26' has a two-digit year; write the year in full, like 23/11/2026"),
    ("30.11.26", "'30.11.26' has a two-digit year; write the year in full, like 23/11/2026"),
    ("31/02/2026", "'31/02/2026' is not a date like 2026-11-23"),
    ("13/13/2026", "'13/13/2026' is not a date like 2026-11-23"),
    ("30/11.2026", "'30/11.2026' is not a date like 2026-11-23"),
    ("30-11-2026", "'30-11-2026' is not a date like 2026-11-23"),
    ("tomorrow", "'tomorrow' is not a date like 2026-11-23"),
])
def test_dates_that_cannot_be_read_are_refused_in_plain_words(text: str, message: str) -> None:
    with pytest.raises(DateProblem) as info:
        sheet_date(text, "dmy")
    assert str(info.value) == message


# --- the date_order preference in config.toml -------------------------------------------------


def test_date_order_is_read_and_saved_with_the_other_preferences(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GROUPER_CONFIG_DIR", str(tmp_path))
    (tmp_path / "config.toml").write_text('theme = "projector"\ndate_order = "mdy"\n', encoding="utf-8")
    config = Config.load()
    assert (config.theme, config.date_order, config.problem) == ("projector", "mdy", "")
    assert config.date_preference() == DatePreference("mdy", str(tmp_path))
    config.last_class = "Room 7"
    assert config.save() == ""
    again = Config.load()
    assert (again.theme, again.last_class, again.date_order) == ("projector", "Room 7", "mdy")


@pytest.mark.parametrize("value", ['"ymd"', "3", '"DMY "'])
def test_a_bad_date_order_is_the_configs_problem_and_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("GROUPER_CONFIG_DIR", str(tmp_path))
    (tmp_path / "config.toml").write_text(f'theme = "projector"\ndate_order = {value}\n', encoding="utf-8")
    config = Config.load()
    assert config.theme == "projector"  # the rest of the preferences still hold
    assert config.date_order == ""
    assert config.date_preference().order is None
    assert config.problem.startswith(f"{tmp_path / 'config.toml'}: date_order ")
    assert config.problem.endswith('ignored; write "dmy" (30/11/2026) or "mdy" (11/30/2026)')
