"""Reverse links are computed from the relations stored once on the phases."""

from dataclasses import replace

import pytest

from factory import catalog

pytestmark = pytest.mark.unit


def test_touchpoint_reverse_links():
    c = catalog()
    uses = c.touchpoint_steps("newsletter")
    assert [(u.journey, u.phase.phase, u.step.title) for u in uses] == [
        ("j1", "awareness", "Plain text"),
        ("j2", "loyalty", "Stay"),
    ]
    assert [(u.journey, u.impact.persona) for u in c.touchpoint_impacts("newsletter")] == [("j1", "sara")]
    assert c.touchpoint_personas("newsletter") == ["sara", "tom"]
    assert c.touchpoint_phases("newsletter") == ["awareness", "loyalty"]
    assert c.touchpoint_steps("nothing") == []


def test_persona_reverse_links():
    c = catalog()
    assert [j.id for j in c.persona_journeys("tom")] == ["j1", "j2"]
    assert [j.id for j in c.persona_journeys("sara")] == ["j1"]
    assert [(j.id, p.phase, needs) for j, p, needs in c.persona_needs("sara")] == [("j1", "awareness", ("Plain text",))]
    assert [u.step.title for u in c.persona_steps("tom")] == ["Second", "Buy", "Stay"]
    assert c.used_personas() == {"sara", "tom"}


def test_the_personas_in_use_are_told_without_making_the_persona_link():
    # The loader asks before a rebuild's catalog follows the last one (Catalog.follow): the link made then
    # would be a new list of journeys for every persona, each rebuild.
    c = catalog()
    c.journeys["j2"] = replace(c.journeys["j2"], personas=["tom", "nobody"])
    assert c.used_personas() == {"sara", "tom", "nobody"}
    assert "persona_journeys" not in c._links
    assert c.used_personas() == set(c._link("persona_journeys"))


def test_phase_entries_and_touchpoints():
    c = catalog()
    assert [(jid, p.phase) for jid, p in c.phase_entries("awareness")] == [("j1", "awareness")]
    assert c.phase_touchpoints("awareness") == ["newsletter", "shop"]
    assert c.phase_entries("offboarding") == []
    # worked out once per catalog, and a caller's change to the list it got is its own
    c.phase_touchpoints("awareness").append("mutated")
    assert c.phase_touchpoints("awareness") == ["newsletter", "shop"]
    assert c.phase_touchpoints("offboarding") == []


def test_incoming_branches_and_average_emotion():
    c = catalog()
    assert [(j.id, p.phase) for j, p in c.incoming_branches("j2")] == [("j1", "awareness")]
    assert c.incoming_branches("j1") == []
    assert c.journeys["j1"].average_emotion == (2 + 4 + 5) / 3
