"""The generated nav stays bounded, so build cost stays linear in catalog size."""

import pytest

from mkdocs_journeys.plugin.nav import plan
from mkdocs_journeys.render.labels import labels

pytestmark = pytest.mark.unit


def count(entries) -> int:
    return sum(1 + count(e.children) for e in entries)


def catalog_of(n: int):
    journeys = [(f"j{i}", f"Journey {i}") for i in range(n)]
    personas = [(f"p{i}", f"P {i}") for i in range(max(3, n // 4))]
    touchpoints = [(f"t{i}", f"T {i}") for i in range(max(20, n // 2))]
    phases = [(p, p.title()) for p in ("awareness", "information", "purchase", "loyalty", "offboarding")]
    return journeys, personas, touchpoints, phases


def test_indexes_mode_is_bounded_whatever_the_catalog_size():
    sizes = [count(plan("indexes", 40, labels("en"), *catalog_of(n))) for n in (10, 100, 1000, 10000)]
    assert sizes[1] == sizes[2] == sizes[3]  # above max_journeys the nav no longer grows
    assert sizes[3] < 20


def test_indexes_mode_lists_a_few_journeys():
    entries = plan("indexes", 40, labels("en"), *catalog_of(10))
    journeys = entries[0]
    assert [c.src_uri for c in journeys.children][:2] == ["journeys/index.md", "journeys/j0/index.md"]
    assert entries[1].src_uri == "personas/index.md" and not entries[1].children


def test_full_mode_lists_everything():
    j, p, t, ph = catalog_of(100)
    assert count(plan("full", 40, labels("en"), j, p, t, ph)) > len(j) + len(p) + len(t)


def test_teams_and_the_backlog_sit_after_the_touchpoints_and_team_pages_only_in_full_mode():
    j, p, t, ph = catalog_of(10)
    teams = [(f"team{i}", f"Team {i}") for i in range(50)]
    entries = plan("indexes", 40, labels("en"), j, p, t, ph, health=True, teams=teams)
    assert [e.src_uri or e.children[0].src_uri for e in entries][2:7] == [
        "touchpoints/index.md",
        "teams/index.md",
        "backlog/index.md",
        "phases/index.md",
        "health/index.md",
    ]
    full = plan("full", 40, labels("en"), j, p, t, ph, teams=teams)
    assert [c.src_uri for c in full[3].children][-1] == "teams/team49.md"
