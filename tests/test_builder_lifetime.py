"""What `mkdocs serve` replaces is freed at once, by reference counting: nothing of a replaced site
builder (the catalog, the page list and their rows) or of a walk over the content folders waits for
the garbage collector's full pass, whose cost grows with the catalog."""

from __future__ import annotations

import gc
import weakref

import pytest

from factory import catalog
from mkdocs_journeys.plugin.site_links import SiteLinks
from mkdocs_journeys.render.labels import labels
from mkdocs_journeys.render.pages import SiteBuilder


@pytest.mark.unit
def test_a_dropped_builder_and_its_catalog_are_freed_without_the_collector():
    c = catalog()
    builder = SiteBuilder(c, labels("en"), SiteLinks().links(), board_lanes=["steps"], findings=[])
    pages = builder.pages()
    assert builder.team_pages.teams and builder.team_pages.shown  # the team pages' caches are filled
    gone = weakref.ref(builder), weakref.ref(c)
    gc.disable()
    try:
        del builder, pages, c
        assert [ref() for ref in gone] == [None, None]
    finally:
        gc.enable()


@pytest.mark.unit
def test_walking_the_content_folders_leaves_no_cycle_that_holds_the_file_list(tmp_path):
    from content_factory import Project
    from mkdocs_journeys.core import problems as P
    from mkdocs_journeys.core.source_files import walk_markdown

    root = Project(tmp_path).root
    gc.disable()
    try:
        found = walk_markdown(root / "journeys", root, P.Report())
        assert len(found) == 3
        assert [type(r).__name__ for r in gc.get_referrers(found) if type(r).__name__ == "cell"] == []
    finally:
        gc.enable()
