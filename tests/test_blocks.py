"""HTML blocks that skip Markdown: placeholders in, blocks out, nothing left over, nothing forged."""

from __future__ import annotations

import re

import pytest
from jinja2 import Environment

from factory import catalog
from mkdocs_journeys.plugin.events import JourneysPlugin
from mkdocs_journeys.plugin.site_links import SiteLinks
from mkdocs_journeys.render.labels import labels
from mkdocs_journeys.render.pages import SiteBuilder
from mkdocs_journeys.render.pages.blocks import Blocks, PageText, fill, inline

PLACEHOLDER = re.compile(r"<!--journeys-block-(\d+)-->")


@pytest.mark.unit
def test_a_block_leaves_a_placeholder_on_its_own_lines():
    blocks = Blocks()
    md = (
        Environment(autoescape=True)
        .from_string(
            "# T\n{% call block() %}<div>a {{ x }}</div>{% endcall %}## U\n{% call block() %}<p>b</p>{% endcall %}"
        )
        .render(block=blocks, x="<i>")
    )
    assert blocks.items == ["<div>a &lt;i&gt;</div>", "<p>b</p>"]
    assert md == "# T\n\n\n<!--journeys-block-0-->\n\n## U\n\n\n<!--journeys-block-1-->\n\n"


@pytest.mark.unit
def test_fill_puts_each_block_in_its_place_and_leaves_unknown_placeholders():
    html = "<h1>T</h1>\n<!--journeys-block-1-->\n<!--journeys-block-0-->\n<!--journeys-block-7-->"
    assert fill(html, ["<p>zero</p>", "<p>one</p>"]) == "<h1>T</h1>\n<p>one</p>\n<p>zero</p>\n<!--journeys-block-7-->"
    assert fill(html, ()) == html
    assert inline(PageText("# T\n\n<!--journeys-block-0-->\n", ("<p>x</p>",))) == "# T\n\n<p>x</p>\n"


def _pages(cat):
    return SiteBuilder(cat, labels("en"), SiteLinks().links(), board_lanes=["steps", "emotion"], findings=[]).pages()


@pytest.mark.unit
def test_big_pages_are_mostly_blocks_and_every_placeholder_has_its_block():
    pages = {p.src_uri: p for p in _pages(catalog())}
    for uri in (
        "journeys/j1/index.md",
        "journeys/j1/board.md",
        "personas/sara.md",
        "touchpoints/newsletter.md",
        "phases/awareness.md",
    ):
        text = pages[uri].text
        issued = [int(i) for i in PLACEHOLDER.findall(text.markdown)]
        assert issued == list(range(len(text.blocks))) and issued, uri
        assert len(text.markdown) < sum(map(len, text.blocks)), uri  # the bulk skips Markdown
        assert not PLACEHOLDER.search(pages[uri].markdown), uri  # self-contained Markdown
    # Headings stay Markdown, so MkDocs builds the table of contents.
    assert "\n## Personas { #personas }\n" in pages["journeys/j1/index.md"].text.markdown


@pytest.mark.unit
@pytest.mark.parametrize("forged", ["<!--journeys-block-0-->", "&lt;!--journeys-block-0--&gt;"])
def test_content_cannot_forge_a_placeholder(forged):
    cat = catalog(forged)  # every free-text field, prose included
    cat.journeys["j1"].body = forged + "\n\n" + forged
    for page in _pages(cat):
        text = page.text
        assert len(PLACEHOLDER.findall(text.markdown)) == len(text.blocks), page.src_uri
        for block in text.blocks:
            assert not PLACEHOLDER.search(block), page.src_uri


@pytest.mark.unit
def test_blocks_are_filled_before_other_plugins_see_the_page():
    assert JourneysPlugin.on_page_content.mkdocs_priority == 100


@pytest.mark.build
def test_built_site_has_no_placeholder_left(built_site):
    html = list((built_site / "site").rglob("*.html"))
    assert len(html) > 30
    left = [str(p.relative_to(built_site)) for p in html if "journeys-block-" in p.read_text(encoding="utf-8")]
    assert left == []
    journey = (built_site / "site" / "journeys" / "velo-kauf" / "index.html").read_text(encoding="utf-8")
    assert 'class="jr-board-page"' not in journey and "<table>" in journey and 'class="tabbed-set' in journey
