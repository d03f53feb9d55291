"""A page group names the catalog reads its pages are made from (render/pages/site.py, PageGroup): a
rebuild that finds none of them changed keeps the group's pages without making them. Making a group
must read nothing else of the catalog."""

from __future__ import annotations

import pytest
from tests import factory

from mkdocs_journeys.plugin.site_links import SiteLinks
from mkdocs_journeys.render.labels import labels
from mkdocs_journeys.render.pages import SiteBuilder
from mkdocs_journeys.render.pages.page_inputs import record

pytestmark = pytest.mark.unit

# Queries of the configured phases, which the render key covers as configuration.
CONFIGURATION = {"phase_index", "phase_def"}


def _builder() -> SiteBuilder:
    return SiteBuilder(factory.catalog(), labels("en"), SiteLinks().links(), board_lanes=["steps"], findings=[])


def _covered(read: tuple, declared: set[tuple]) -> bool:
    op = read[0]
    if op in ("field", "has", "get"):
        return ("get", read[1], read[2]) in declared
    if op == "call":
        return read[1] in CONFIGURATION or read in declared
    return False


def _keyed_groups() -> list[tuple]:
    return [g.key for g in _builder().groups() if g.reads is not None]


@pytest.mark.parametrize("key", _keyed_groups(), ids=lambda k: "/".join(k))
def test_making_a_group_reads_only_what_it_names(key):
    builder = _builder()  # a new one for each group: what one group computes, another would not record
    group = next(g for g in builder.groups() if g.key == key)
    pages, reads = record(group.make, builder.c, [builder, builder.team_pages])
    assert pages
    declared = set(group.reads or ())
    assert [r for r in reads if not _covered(r, declared)] == []


def test_every_persona_touchpoint_and_journey_has_its_group():
    kinds = {key[0] for key in _keyed_groups()}
    assert kinds == {"journey", "board", "persona", "touchpoint"}
    assert len(_keyed_groups()) == 2 * 2 + 2 + 2
