"""Generated pages the MkDocs way: plain File.generated, rendered for the page being built, in one process;
their anchors and links checked by MkDocs like hand-written ones. Each test writes its own small site."""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files, get_files
from mkdocs.structure.pages import Page

from mkdocs_journeys.plugin.site_links import SiteLinks
from mkdocs_journeys.render.pages import site
from tiny_site import MKDOCS_YML, mkdocs_build, write_site

PLUGINS = Path(__file__).resolve().parent.parent / "plugins"


def _config(root: Path):
    return load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))


def _spy(monkeypatch) -> list[tuple[str, str]]:
    """Records when MkDocs reads a page's source and when the plugin renders a generated page."""
    events: list[tuple[str, str]] = []
    read_source, body = Page.read_source, site.GeneratedPage.body

    def spy_read(self, config):
        events.append(("read", self.file.src_uri))
        return read_source(self, config)

    def spy_body(self):
        events.append(("render", self.src_uri))
        return body(self)

    monkeypatch.setattr(Page, "read_source", spy_read)
    monkeypatch.setattr(site.GeneratedPage, "body", spy_body)
    return events


@pytest.mark.build
def test_generated_pages_are_plain_files_holding_only_their_front_matter(tmp_path, monkeypatch):
    events = _spy(monkeypatch)
    cfg = _config(write_site(tmp_path))
    cfg = cfg.plugins.on_config(cfg)
    files = cfg.plugins.on_files(get_files(cfg), config=cfg)
    plugin = cfg.plugins["journeys"]
    assert len(plugin.pages) > 20
    for uri, page in plugin.pages.items():
        f = files.get_file_from_path(uri)
        assert type(f) is File and f.generated_by == "journeys", uri
        assert f.content_string == page.front_matter, uri
        assert re.fullmatch(r"---\ntitle: .+\n(search:\n  exclude: true\n)?---\n\n", f.content_string), uri
    assert files.get_file_from_path("journeys/bakery/index.md").edit_uri == "../journeys/bakery/index.md"
    assert events == []  # nothing rendered while listing files


@pytest.mark.build
def test_each_page_is_rendered_once_when_mkdocs_builds_it(tmp_path, monkeypatch):
    events = _spy(monkeypatch)
    cfg = _config(write_site(tmp_path))
    build(cfg)
    rendered = [uri for kind, uri in events if kind == "render"]
    assert len(rendered) == len(set(rendered)) > 20
    for i, (kind, uri) in enumerate(events):
        if kind == "render":  # right after MkDocs read that very page, never ahead of it
            assert events[i - 1] == ("read", uri)
    html = (tmp_path / "site" / "journeys" / "bakery" / "index.html").read_text(encoding="utf-8")
    assert "<title>Bakery buys marketing automation - Tiny journeys</title>" in html
    assert "journeys-block-" not in html and 'id="awareness-steps"' in html


@pytest.mark.build
def test_a_template_front_matter_reaches_the_page_meta(tmp_path):
    build(_config(write_site(tmp_path)))
    board = (tmp_path / "site" / "journeys" / "bakery" / "board" / "index.html").read_text(encoding="utf-8")
    assert 'data-md-type="navigation" hidden>' in board  # hide: [navigation, toc] from board.html
    search = (tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"location":"journeys/bakery/"' in search and '"location":"journeys/bakery/board/"' not in search


@pytest.mark.build
def test_builds_in_one_process_without_touching_the_garbage_collector(tmp_path, monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("the build forked or switched the garbage collector")

    for obj, name in ((os, "fork"), (gc, "freeze"), (gc, "disable"), (multiprocessing, "get_context")):
        monkeypatch.setattr(obj, name, forbidden)
    build(_config(write_site(tmp_path)))
    assert (tmp_path / "site" / "personas" / "sara" / "index.html").is_file()
    source = "\n".join(p.read_text(encoding="utf-8") for p in PLUGINS.rglob("*.py"))
    assert not re.search(r"os\.fork|gc\.freeze|gc\.disable|get_context\(\"fork\"\)", source)


# --------------------------------------------------------------------------- anchors and links


@pytest.mark.build
def test_a_hand_written_link_to_an_anchor_in_a_generated_block_builds_strictly(tmp_path):
    root = write_site(tmp_path, {"docs/notes.md": "# Notes\n\n[Steps](journeys/bakery/index.md#awareness-steps)\n"})
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    html = (root / "site" / "journeys" / "bakery" / "index.html").read_text(encoding="utf-8")
    assert 'id="awareness-steps"' in html


@pytest.mark.build
def test_a_hand_written_link_to_a_missing_anchor_still_fails(tmp_path):
    root = write_site(tmp_path, {"docs/notes.md": "# Notes\n\n[Steps](journeys/bakery/index.md#no-such-steps)\n"})
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "does not contain an anchor '#no-such-steps'" in result.stderr


@pytest.mark.build
def test_a_generated_link_to_a_missing_anchor_fails_strictly_naming_source_and_target(tmp_path):
    # A hand-written page replaces the generated journey page, without the phase anchors the board links to.
    root = write_site(tmp_path, {"docs/journeys/bakery/index.md": "# Bakery, by hand\n\nNo anchors.\n"})
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert (
        "Doc file 'journeys/bakery/board.md' contains a link 'index.md#awareness', but the doc "
        "'journeys/bakery/index.md' does not contain an anchor '#awareness'"
    ) in result.stderr


@pytest.mark.build
def test_a_generated_link_to_a_missing_page_fails_strictly_naming_source_and_target(tmp_path):
    hook = (
        "def on_files(files, config):\n"
        "    files.remove(files.get_file_from_path('personas/sara.md'))  # as another plugin might\n"
        "    return files\n"
    )
    root = write_site(tmp_path, {"drop_page.py": hook}, MKDOCS_YML + "hooks:\n  - drop_page.py\n")
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert (
        "Doc file 'journeys/bakery/index.md' contains a generated link '../../personas/sara.md', "
        "but the target 'personas/sara.md' is not found among documentation files."
    ) in result.stderr


@pytest.mark.unit
@pytest.mark.parametrize(
    "directory_urls, expected", [(True, "../../personas/sara/"), (False, "../../personas/sara.html")]
)
def test_urls_are_mkdocs_own(directory_urls, expected):
    links = SiteLinks(directory_urls)
    assert links("journeys/j1/index.md", "personas/sara.md") == expected
    target = File("personas/sara.md", None, "", directory_urls)
    here = File("journeys/j1/index.md", None, "", directory_urls)
    assert expected == target.url_relative_to(here)
    assert links("journeys/j1/index.md", "journeys/j1/index.md", "loyalty") == "#loyalty"


@pytest.mark.unit
def test_links_with_anchors_are_handed_to_mkdocs_once_per_page():
    links = SiteLinks()
    assert links("journeys/j1/board.md", "journeys/j1/index.md", "awareness").endswith("/#awareness")
    links("journeys/j1/board.md", "journeys/j1/index.md", "awareness")
    links("journeys/j1/board.md", "personas/sara.md")
    (taken,) = links.take_anchors("journeys/j1/board.md").items()
    assert taken[0].src_uri == "journeys/j1/index.md" and taken[1] == {"awareness": "index.md#awareness"}
    assert links.take_anchors("journeys/j1/board.md") == {}


@pytest.mark.unit
def test_a_missing_target_is_reported_at_the_configured_level_and_left_as_written(caplog):
    files = Files([File("journeys/j1/index.md", None, "", True)])
    links = SiteLinks(True, files, logging.getLogger("test.links"), logging.ERROR)
    with caplog.at_level(logging.INFO, logger="test.links"):
        url = links("journeys/j1/index.md", "personas/ghost.md", "x")
    assert url == "../../personas/ghost.md#x"
    (record,) = caplog.records
    assert record.levelno == logging.ERROR and "'journeys/j1/index.md'" in record.message
    assert "'personas/ghost.md' is not found" in record.message


@pytest.mark.build
def test_a_site_of_300_pages_builds_under_serve_without_forking(tmp_path, monkeypatch):
    import sys

    repo = str(PLUGINS.parent)
    if repo not in sys.path:
        sys.path.insert(0, repo)
    from bench import generate

    generate.generate(55, tmp_path / "project")

    def forbidden(*args, **kwargs):
        raise AssertionError("the build forked or switched the garbage collector")

    for obj, name in ((os, "fork"), (gc, "freeze"), (gc, "disable"), (multiprocessing, "get_context")):
        monkeypatch.setattr(obj, name, forbidden)
    cfg = load_config(str(tmp_path / "project" / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    cfg.plugins.on_startup(command="serve", dirty=False)
    build(cfg, serve_url="http://127.0.0.1:8000/")
    pages = [p for p in (tmp_path / "site").rglob("*.html") if p.name != "404.html"]
    assert len(pages) >= 300
