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
def test_a_builder_made_with_the_last_one_does_not_keep_it():
    """A rebuild's builder takes rows over from the last builder (serve), not the builder itself: the
    last one and its catalog go as soon as nothing else holds them."""
    c = catalog()
    last = SiteBuilder(c, labels("en"), SiteLinks().links(), board_lanes=["steps"], findings=[])
    pages = last.pages()
    builder = SiteBuilder(catalog(), last.t, SiteLinks().links(), board_lanes=["steps"], findings=[], last=last)
    assert builder.pages()
    gone = weakref.ref(last), weakref.ref(c)
    gc.disable()
    try:
        del last, pages, c
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


@pytest.mark.build
def test_the_pages_kept_for_partial_rebuilds_let_their_headings_go_once_written(tmp_path):
    """While serving, the last build's pages stay for partial rebuilds, which only read a page they build
    again: a page's table of contents goes once the page is written, after its HTML showed it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from tiny_site import write_site

    root = write_site(tmp_path / "project")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/")
    plugin = config.plugins["journeys"]
    assert plugin.last_build is not None
    pages = [f.page for f in plugin.last_build.files.documentation_pages() if f.page is not None]
    assert len(pages) > 10
    assert [p.file.src_uri for p in pages if len(p.toc) or p.content is not None] == []
    html = (tmp_path / "site" / "journeys" / "bakery" / "index.html").read_text(encoding="utf-8")
    toc = html.split('class="md-nav md-nav--secondary"', 1)[1].split("</nav>", 1)[0]
    assert 'href="#awareness"' in toc  # the written page still shows its table of contents
