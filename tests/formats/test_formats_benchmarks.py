"""Screening seasons and benchmark cut scores in pathway files: read, checked field by field, written back;
every refusal in plain words naming the field; the built-in benchmark pathways."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grouper.core.models import SEASONS, Cut
from grouper.formats.documents import pathway_to_dict
from grouper.formats.pathways import PathwayError, builtin_pathways, parse_pathway, pathway_from_data, pathway_to_toml

#: Words from a pydantic dump or a traceback that a teacher must never see.
NOT_PLAIN = ("validation error", "Input should", "pydantic", "Traceback", "type=", "input_value",
             "errors.pydantic.dev", "For further information")

SEASONS_TABLE = '[seasons]\nboy = "08-15"\nmoy = "12-01"\neoy = "04-01"\n'

BASE = """\
id = "screen"
name = "Screening"
{seasons}
[[stages]]
id = "letters"
label = "Letters"
focus = "Name the letters"

  [[stages.checks]]
  id = "lnf"
  label = "Letter naming (per minute)"
  max = 120
  mastery = 53
{bench}
{detour}
[[stages]]
id = "sounds"
label = "Sounds"
focus = "Segment the sounds"

  [[stages.checks]]
  id = "psf"
  label = "Segmenting (per minute)"
  max = 100
  mastery = 45

  [stages.checks.benchmark]
  boy = [19, 31]
  moy = [34, 43]
  eoy = [37, 45]
"""

LNF_BENCH = "\n  [stages.checks.benchmark]\n  boy = 32\n  moy = 51\n  eoy = 53\n"


def _text(seasons: str = SEASONS_TABLE, bench: str = LNF_BENCH, detour: str = "") -> str:
    return BASE.format(seasons=seasons, bench=bench, detour=detour)


def _error(text: str, source: str = "screen.toml") -> str:
    with pytest.raises(PathwayError) as info:
        parse_pathway(text, source)
    message = str(info.value)
    assert message.strip()
    for line in message.splitlines():
        assert line.startswith(f"{source}:"), f"line does not name the file: {line!r}"
    for bad in NOT_PLAIN:
        assert bad not in message, f"{bad!r} leaked into: {message!r}"
    return message


# --- read ---------------------------------------------------------------------------------------------------------


def test_seasons_and_cuts_are_read() -> None:
    p = parse_pathway(_text(), "screen.toml")
    assert p.seasons == (("boy", "08-15"), ("moy", "12-01"), ("eoy", "04-01"))
    assert p.check("lnf").benchmark == (Cut("boy", None, 32), Cut("moy", None, 51), Cut("eoy", None, 53))
    assert p.check("psf").benchmark == (Cut("boy", 19, 31), Cut("moy", 34, 43), Cut("eoy", 37, 45))
    assert p.check("psf").cut("moy") == Cut("moy", 34, 43)
    assert p.check("psf").cut("spring") is None


def test_seasons_and_cuts_are_kept_in_school_year_order() -> None:
    seasons = '[seasons]\neoy = "04-01"\nboy = "08-15"\nmoy = "12-01"\n'
    bench = "\n  [stages.checks.benchmark]\n  eoy = 53\n  boy = [20, 32]\n  moy = 51\n"
    p = parse_pathway(_text(seasons, bench), "screen.toml")
    assert [s for s, _ in p.seasons] == list(SEASONS)
    assert p.check("lnf").benchmark == (Cut("boy", 20, 32), Cut("moy", None, 51), Cut("eoy", None, 53))


def test_a_pathway_without_seasons_has_none_and_keeps_its_shape() -> None:
    no_bench = BASE.format(seasons="", bench="", detour="").split("  [stages.checks.benchmark]")[0]
    p = parse_pathway(no_bench, "plain.toml")
    assert p.seasons == ()
    assert all(c.benchmark == () for c in p.all_checks())
    assert "seasons" not in pathway_to_dict(p)
    assert all("benchmark" not in c for s in pathway_to_dict(p)["stages"] for c in s["checks"])
    assert "[seasons]" not in pathway_to_toml(p) and "benchmark" not in pathway_to_toml(p)


def test_some_seasons_and_a_screener_in_only_some() -> None:
    seasons = '[seasons]\nboy = "08-15"\neoy = "04-01"\n'
    bench = "\n  [stages.checks.benchmark]\n  eoy = 53\n"
    text = _text(seasons, bench).replace("  moy = [34, 43]\n", "")
    p = parse_pathway(text, "screen.toml")
    assert p.seasons == (("boy", "08-15"), ("eoy", "04-01"))
    assert p.check("lnf").benchmark == (Cut("eoy", None, 53),)


PSF_BENCH = "\n  [stages.checks.benchmark]\n  boy = [19, 31]\n  moy = [34, 43]\n  eoy = [37, 45]\n"


def _no_cuts(seasons: str) -> str:
    """The pathway with ``seasons`` and no cut scores at all."""
    return _text(seasons, bench="").replace(PSF_BENCH, "\n")


@pytest.mark.parametrize(
    "seasons",
    ['[seasons]\nboy = "02-29"\neoy = "02-28"\n', '[seasons]\nboy = "01-01"\neoy = "12-31"\n',
     '[seasons]\nboy = "12-31"\nmoy = "01-01"\n', '[seasons]\nboy = "08-15"\n'],
)
def test_edge_days_of_the_year_are_month_days(seasons: str) -> None:
    p = parse_pathway(_no_cuts(seasons), "screen.toml")
    assert p.seasons == tuple(tomllib.loads(seasons)["seasons"].items())
    assert parse_pathway(pathway_to_toml(p), "again.toml") == p


def test_cuts_at_the_ends_of_the_scale_and_equal_cuts() -> None:
    bench = "\n  [stages.checks.benchmark]\n  boy = [0, 0]\n  moy = [120, 120]\n  eoy = 120\n"
    p = parse_pathway(_text(bench=bench), "screen.toml")
    assert p.check("lnf").benchmark == (Cut("boy", 0, 0), Cut("moy", 120, 120), Cut("eoy", None, 120))


# --- written back ---------------------------------------------------------------------------------------------------


def test_written_back_as_toml_and_read_again_it_is_equal() -> None:
    p = parse_pathway(_text(), "screen.toml")
    text = pathway_to_toml(p)
    assert parse_pathway(text, "again.toml") == p
    data = tomllib.loads(text)
    assert data["seasons"] == {"boy": "08-15", "moy": "12-01", "eoy": "04-01"}
    assert data["stages"][0]["checks"][0]["benchmark"] == {"boy": 32, "moy": 51, "eoy": 53}
    assert data["stages"][1]["checks"][0]["benchmark"] == {"boy": [19, 31], "moy": [34, 43], "eoy": [37, 45]}


def test_the_dict_shape_round_trips() -> None:
    p = parse_pathway(_text(), "screen.toml")
    doc = pathway_to_dict(p)
    assert doc["seasons"] == {"boy": "08-15", "moy": "12-01", "eoy": "04-01"}
    assert doc["stages"][1]["checks"][0]["benchmark"] == {"boy": [19, 31], "moy": [34, 43], "eoy": [37, 45]}
    assert pathway_from_data(doc, "dict") == p


def test_a_pathway_with_detours_and_cuts_round_trips() -> None:
    detour = ('\n  [[stages.detours]]\n  id = "pairs"\n  label = "Pairs"\n  focus = "b and d apart"\n\n'
              '    [[stages.detours.checks]]\n    id = "bd"\n    label = "b/d (of 10)"\n    max = 10\n'
              '    mastery = 9\n')
    p = parse_pathway(_text(detour=detour), "screen.toml")
    assert p.stages[0].detours[0].checks[0].benchmark == ()
    assert parse_pathway(pathway_to_toml(p), "again.toml") == p


# --- refused, naming the field ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["08-32", "13-01", "00-10", "02-30", "04-31", "99-99"])
def test_a_day_that_is_not_in_the_year_is_named(day: str) -> None:
    message = _error(_text(f'[seasons]\nboy = "{day}"\nmoy = "12-01"\neoy = "04-01"\n'))
    assert f"seasons: boy = '{day}' is not a month-day like 08-15" in message


@pytest.mark.parametrize("day", ["8-15", "08/15", "0815", "Aug 15", "2026-08-15", "", "08-15 "])
def test_a_month_day_not_written_MM_DD_names_the_season(day: str) -> None:
    message = _error(_text(f'[seasons]\nboy = "{day}"\nmoy = "12-01"\neoy = "04-01"\n'))
    assert "seasons" in message and "boy" in message


def test_a_month_day_not_written_MM_DD_is_explained() -> None:
    message = _error(_text('[seasons]\nboy = "8-15"\nmoy = "12-01"\neoy = "04-01"\n'))
    assert "month-day" in message
    assert "letters, digits" not in message


def test_a_season_start_that_is_not_text_is_named() -> None:
    message = _error(_text('[seasons]\nboy = 815\nmoy = "12-01"\neoy = "04-01"\n'))
    assert "seasons" in message and "boy" in message and "text in quotes" in message


@pytest.mark.parametrize(
    "seasons",
    [
        '[seasons]\nboy = "08-15"\nmoy = "04-01"\neoy = "12-01"\n',
        '[seasons]\nboy = "08-15"\nmoy = "08-15"\neoy = "04-01"\n',
        '[seasons]\nboy = "08-15"\nmoy = "12-01"\neoy = "08-15"\n',
        '[seasons]\nboy = "01-10"\nmoy = "12-01"\neoy = "05-01"\n',
        '[seasons]\nboy = "08-15"\neoy = "04-01"\nmoy = "05-01"\n',
    ],
)
def test_seasons_out_of_order_are_named(seasons: str) -> None:
    message = _error(_no_cuts(seasons))
    assert "seasons: boy, moy and eoy must start in that order through the school year" in message


def test_seasons_that_wrap_round_new_year_are_in_order() -> None:
    p = parse_pathway(_no_cuts('[seasons]\nboy = "08-15"\nmoy = "01-05"\neoy = "05-01"\n'), "screen.toml")
    assert p.seasons == (("boy", "08-15"), ("moy", "01-05"), ("eoy", "05-01"))


def test_seasons_without_boy_are_named() -> None:
    message = _error(_no_cuts('[seasons]\nmoy = "12-01"\neoy = "04-01"\n'))
    assert "seasons: the school year starts with boy; give it a start day" in message


def test_an_unknown_season_key_is_named() -> None:
    message = _error(_no_cuts('[seasons]\nboy = "08-15"\nspring = "03-01"\n'))
    assert "seasons" in message and "spring" in message and "'boy', 'moy' or 'eoy'" in message


def test_an_unknown_season_in_a_benchmark_is_named() -> None:
    message = _error(_text(bench="\n  [stages.checks.benchmark]\n  boy = 32\n  winter = 40\n"))
    assert "check 1 ('lnf')" in message and "benchmark" in message and "winter" in message
    assert "'boy', 'moy' or 'eoy'" in message


@pytest.mark.parametrize(
    ("bench", "words"),
    [
        ("boy = 121", "stage 1 ('letters'), check 1 ('lnf') benchmark boy: cut scores must be from 0 to max 120"),
        ("moy = [10, 121]", "check 1 ('lnf') benchmark moy: cut scores must be from 0 to max 120"),
        ("eoy = [121, 121]", "check 1 ('lnf') benchmark eoy: cut scores must be from 0 to max 120"),
        ("boy = -1", "check 1 ('lnf') benchmark boy: cut scores must be from 0 to max 120"),
        ("boy = [-1, 10]", "check 1 ('lnf') benchmark boy: cut scores must be from 0 to max 120"),
        ("moy = [40, 30]", "check 1 ('lnf') benchmark moy: the lower cut 40 is above the benchmark 30"),
    ],
)
def test_a_cut_outside_the_scale_or_a_lower_cut_above_the_benchmark_is_named(bench: str, words: str) -> None:
    assert words in _error(_text(bench=f"\n  [stages.checks.benchmark]\n  {bench}\n"))


@pytest.mark.parametrize("value", ["true", '"32"', "32.5", "[1, 2, 3]", "[1]", '["a", 2]', "{ low = 1 }"])
def test_a_cut_that_is_not_a_whole_number_or_a_pair_is_named(value: str) -> None:
    message = _error(_text(bench=f"\n  [stages.checks.benchmark]\n  boy = {value}\n"))
    assert "check 1 ('lnf')" in message and "benchmark" in message and "boy" in message


def test_a_cut_of_three_numbers_is_refused_in_plain_words() -> None:
    message = _error(_text(bench="\n  [stages.checks.benchmark]\n  boy = [1, 2, 3]\n"))
    assert "tuple[" not in message and "after validation" not in message and "'int'" not in message


@pytest.mark.parametrize(
    ("seasons", "bench", "season"),
    [
        ('[seasons]\nboy = "08-15"\neoy = "04-01"\n', "moy = 51", "moy"),
        ("", "boy = 32", "boy"),
    ],
)
def test_a_benchmark_for_a_season_not_in_seasons_is_named(seasons: str, bench: str, season: str) -> None:
    text = _text(seasons, f"\n  [stages.checks.benchmark]\n  {bench}\n")
    text = text.split("\n[[stages]]\nid = \"sounds\"")[0]  # the sounds check has every season: left out
    message = _error(text)
    assert f"check 'lnf' has a benchmark for {season} but [seasons] gives no {season} start" in message


def test_a_benchmark_on_a_detours_closer_check_is_named() -> None:
    detour = ('\n  [[stages.detours]]\n  id = "pairs"\n  label = "Pairs"\n  focus = "b and d apart"\n\n'
              '    [[stages.detours.checks]]\n    id = "bd"\n    label = "b/d (of 10)"\n    max = 10\n'
              '    mastery = 9\n\n    [stages.detours.checks.benchmark]\n    boy = 5\n')
    message = _error(_text(detour=detour))
    assert "detour 'pairs': a closer check has no benchmark (it never decides the stage)" in message


def test_a_season_start_and_a_cut_both_wrong_are_each_refused() -> None:
    message = _error(_text('[seasons]\nboy = "08-32"\n', "\n  [stages.checks.benchmark]\n  boy = [50, 40]\n"))
    assert "lnf" in message  # the field check runs first: the cut is named


# --- fuzzed: accepted and round-tripped, or refused in plain words -------------------------------------------------

_month_day = st.one_of(
    st.builds(lambda m, d: f"{m:02d}-{d:02d}", st.integers(0, 13), st.integers(0, 32)),
    st.sampled_from(["02-29", "8-15", "08-15", "12-01", "04-01", "", "--", "١٢-٠١", "08-15\n", 815, None, True]),
    st.text(max_size=6),
)
_season_key = st.one_of(st.sampled_from(SEASONS), st.sampled_from(["spring", "BOY", "", "winter"]))
_number = st.one_of(st.integers(-5, 130), st.sampled_from([True, 1.5, "30", None, 10**20]))
_cut = st.one_of(_number, st.lists(_number, min_size=0, max_size=3), st.tuples(st.integers(-2, 125),
                                                                                 st.integers(-2, 125)).map(list))
_bench = st.one_of(st.none(), st.dictionaries(_season_key, _cut, max_size=4),
                   st.sampled_from([[], "boy = 3", 7]))
_seasons = st.one_of(st.none(), st.dictionaries(_season_key, _month_day, max_size=4), st.sampled_from([[], "x"]))


#: Seasons that mostly fit: boy and some of the rest, on real days (in order or not).
_fitting_seasons = st.builds(
    lambda boy, rest: {"boy": boy, **rest},
    st.sampled_from(["08-15", "09-01", "01-10", "02-29"]),
    st.dictionaries(st.sampled_from(["moy", "eoy"]), st.sampled_from(["12-01", "04-01", "01-05", "08-15"])),
)


def _fitting_bench(top: int) -> st.SearchStrategy[dict[str, Any]]:
    """Cut scores that mostly fit the scale: a benchmark alone, or a pair (sometimes the wrong way round)."""
    score = st.integers(0, top)
    return st.dictionaries(st.sampled_from(SEASONS), st.one_of(score, st.lists(score, min_size=2, max_size=2)),
                           min_size=1)


@st.composite
def pathway_dicts(draw: st.DrawFn) -> dict[str, Any]:
    """Half the time a pathway that mostly fits (every season given, cuts on the scale), half anything at all."""
    fitting = draw(st.booleans())

    def check(cid: str, closer: bool = False) -> dict[str, Any]:
        top = draw(st.sampled_from([1, 10, 100, 120]))
        doc: dict[str, Any] = {"id": cid, "label": f"Check {cid}", "max": top, "mastery": draw(st.integers(0, top))}
        if fitting and closer:
            return doc
        bench = draw(st.one_of(st.none(), _fitting_bench(top)) if fitting else st.one_of(_bench, _fitting_bench(top)))
        if bench is not None:
            doc["benchmark"] = bench
        return doc

    stage: dict[str, Any] = {"id": "s1", "label": "One", "focus": "f", "checks": [check("c1"), check("c2")]}
    if draw(st.booleans()):
        stage["detours"] = [{"id": "d1", "label": "D", "focus": "f", "checks": [check("dc", closer=True)]}]
    doc: dict[str, Any] = {"id": "p", "name": "P", "stages": [stage, {"id": "s2", "label": "Two", "focus": "f",
                                                                       "checks": [check("c3")]}]}
    seasons = draw(st.sampled_from([{"boy": "08-15", "moy": "12-01", "eoy": "04-01"},
                                    {"eoy": "02-29", "boy": "09-01", "moy": "01-05"}])) if fitting else draw(
        st.one_of(_seasons, _fitting_seasons))
    if seasons is not None:
        doc["seasons"] = seasons
    return doc


@settings(max_examples=300, deadline=None)
@given(pathway_dicts())
def test_any_benchmark_table_is_accepted_and_round_trips_or_refused_in_plain_words(data: dict[str, Any]) -> None:
    try:
        p = pathway_from_data(data, "fuzz.toml")
    except PathwayError as e:
        message = str(e)
        assert message.strip()
        for bad in ("Traceback", "pydantic", "input_value", "errors.pydantic.dev"):
            assert bad not in message
        return
    starts = dict(p.seasons)
    for check in p.scoreable_checks():
        for cut in check.benchmark:
            assert cut.season in starts
            assert 0 <= cut.benchmark <= check.max
            assert cut.lower is None or 0 <= cut.lower <= cut.benchmark
    for _, _, closer in p.detour_checks():
        assert closer.benchmark == ()
    if p.seasons:
        assert p.seasons[0][0] == "boy"
    assert parse_pathway(pathway_to_toml(p), "round.toml") == p
    assert pathway_from_data(pathway_to_dict(p), "dict") == p


# --- the built-in benchmark pathways ---------------------------------------------------------------------------------

BENCHMARK_PATHWAYS = ("dibels8-k", "dibels8-1", "orf-1", "orf-2", "orf-3")


def test_the_builtin_benchmark_pathways_load_with_seasons_and_cuts() -> None:
    found = builtin_pathways()
    for pid in BENCHMARK_PATHWAYS:
        p = found[pid]
        assert p.seasons[0][0] == "boy", pid
        assert any(c.benchmark for c in p.all_checks()), pid


@pytest.mark.parametrize("pid", BENCHMARK_PATHWAYS)
def test_each_builtin_checks_end_of_year_cut_is_its_mastery(pid: str) -> None:
    p = builtin_pathways()[pid]
    screeners = [c for c in p.all_checks() if c.benchmark]
    assert screeners
    for check in screeners:
        eoy = check.cut("eoy")
        assert eoy is not None, f"{pid} {check.id}: no eoy cut"
        assert eoy.benchmark == check.mastery, f"{pid} {check.id}: eoy {eoy.benchmark} != mastery {check.mastery}"
        for cut in check.benchmark:
            assert cut.season in dict(p.seasons)


@pytest.mark.parametrize("pid", BENCHMARK_PATHWAYS)
def test_each_builtin_benchmark_pathway_round_trips(pid: str) -> None:
    p = builtin_pathways()[pid]
    assert parse_pathway(pathway_to_toml(p), f"{pid}.toml") == p


def test_dibels8_1_seasons_and_a_benchmark_only_cut() -> None:
    p = builtin_pathways()["dibels8-1"]
    assert p.seasons == (("boy", "08-15"), ("moy", "12-01"), ("eoy", "04-01"))
    assert p.check("lnf-1").benchmark == (Cut("boy", None, 32), Cut("moy", None, 51), Cut("eoy", None, 53))
    assert p.check("psf-1").cut("boy") == Cut("boy", 19, 31)
