"""Detours in a pathway file: another route to a stage's learning, with closer checks of its own."""

from __future__ import annotations

from dataclasses import replace

import pytest

from grouper.formats.documents import pathway_from_dict, pathway_to_dict
from grouper.formats.pathways import PathwayError, parse_pathway, pathway_to_toml

WITH_DETOURS = """\
id = "tiny"
name = "Tiny path"

[[stages]]
id = "letters"
label = "Letter names"
focus = "Magnetic-letter sort"

  [[stages.checks]]
  id = "lid"
  label = "Letters named (of 54)"
  max = 54
  mastery = 50

  [[stages.detours]]
  id = "letters-trace"
  label = "Sand-tray tracing"
  focus = "Trace each letter in a sand tray while saying its name; five letters a session."

    [[stages.detours.checks]]
    id = "lid10"
    label = "Letters named in a set of 10 (of 10)"
    max = 10
    mastery = 9

  [[stages.detours]]
  id = "letters-song"
  label = "Alphabet song with a strip"
  focus = "Sing the alphabet pointing to each letter on a desk strip."

[[stages]]
id = "cvc"
label = "CVC words"
focus = "Blend three-sound words"

  [[stages.checks]]
  id = "cvc"
  label = "CVC words read (of 20)"
  max = 20
  mastery = 18
"""


def test_a_stage_keeps_its_detours_in_order_with_their_closer_checks() -> None:
    p = parse_pathway(WITH_DETOURS, "tiny.toml")
    letters = p.stages[0]
    assert [d.id for d in letters.detours] == ["letters-trace", "letters-song"]
    trace = letters.detour("letters-trace")
    assert trace is not None and trace.label == "Sand-tray tracing"
    assert [(c.id, c.max, c.mastery) for c in trace.checks] == [("lid10", 10, 9)]
    assert p.stages[1].detours == ()
    # A detour's checks never place a student: only the main route's checks do.
    assert [c.id for c in p.all_checks()] == ["lid", "cvc"]
    assert [(s.id, d.id, c.id) for s, d, c in p.detour_checks()] == [("letters", "letters-trace", "lid10")]


def test_detours_survive_the_class_file_and_the_toml_written_back() -> None:
    p = parse_pathway(WITH_DETOURS, "tiny.toml")
    assert pathway_from_dict(pathway_to_dict(p)) == p
    assert parse_pathway(pathway_to_toml(p), "again.toml") == p
    # A pathway without detours keeps the shape it always had.
    plain = replace(p, stages=tuple(replace(s, detours=()) for s in p.stages))
    assert all("detours" not in s for s in pathway_to_dict(plain)["stages"])
    assert "detours" not in pathway_to_toml(plain)


@pytest.mark.parametrize(
    "change, needle",
    [
        (('id = "letters-song"', 'id = "cvc"'), "detour id 'cvc' (stage 'letters') is also a stage id"),
        (('id = "letters-song"', 'id = "letters-trace"'), "detour id 'letters-trace' is used twice"),
        (('id = "lid10"', 'id = "lid"'), "check id 'lid' (detour 'letters-trace') is used twice"),
        (("mastery = 9", "mastery = 11"), "mastery 11 is above max 10"),
        (('focus = "Sing the alphabet pointing to each letter on a desk strip."', ""), "focus"),
        (('label = "Sand-tray tracing"', 'label = "Sand-tray tracing"\n  colour = "red"'), "not a known field"),
    ],
)
def test_every_mistake_in_a_detour_is_named(change: tuple[str, str], needle: str) -> None:
    with pytest.raises(PathwayError) as e:
        parse_pathway(WITH_DETOURS.replace(*change, 1), "tiny.toml")
    assert "tiny.toml" in str(e.value) and needle in str(e.value)
