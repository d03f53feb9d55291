"""Page builders: Markdown from the catalog, escaped for Markdown and HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import pytest
from markupsafe import escape
from mkdocs.utils.meta import get_data
from pymdownx.superfences import fence_code_format

from factory import catalog
from mkdocs_journeys.plugin.site_links import SiteLinks
from mkdocs_journeys.render.labels import labels
from mkdocs_journeys.render.pages import SiteBuilder
from mkdocs_journeys.render.pages.links import md_link
from mkdocs_journeys.render.templating import md_escape

pytestmark = pytest.mark.unit

EXTENSIONS = [
    "tables",
    "attr_list",
    "md_in_html",
    "admonition",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tabbed",
]
CONFIGS = {
    "pymdownx.superfences": {"custom_fences": [{"name": "mermaid", "class": "mermaid", "format": fence_code_format}]},
    "pymdownx.tabbed": {"alternate_style": True},
}
HOSTILE = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "[click me](javascript:window.__pwned=1)",
    "![x](javascript:alert(1))",
    'text { onclick="window.__pwned=1" }',
    "**bold** _it_ `code` | pipe | # heading",
    '"><svg onload=alert(1)>',
    "&lt;script&gt; &amp; entities",
    "line one\n\n    indented code\n<div>block</div>",
]


# The SVGs pages draw themselves (emotion curve, sparklines, Material icons); any other <svg> came from content.
OWN_SVG = {"jr-emotion", "jr-spark", "jr-sprite", "jr-i", "jr-glyph"}


class Audit(HTMLParser):
    def __init__(self):
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "svg" and OWN_SVG & set((dict(attrs).get("class") or "").split()):
            pass
        elif tag in (
            "script",
            "iframe",
            "object",
            "embed",
            "svg",
            "style",
            "form",
        ):  # img is fine in prose; its src is checked
            self.bad.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"{tag}[{name}]")
            if name in ("href", "src") and value and re.match(r"\s*(javascript|data|vbscript):", value, re.I):
                self.bad.append(f"{tag}[{name}={value}]")


def render_all(text: str) -> dict[str, str]:
    builder = SiteBuilder(catalog(text), labels("en"), SiteLinks().links(), {"journeys/j1/index.md": "2026-01-01"})
    out = {}
    for page in builder.pages():
        md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
        body, meta = get_data(page.markdown)  # as MkDocs does: front-matter is metadata, not content
        assert meta["title"] == str(escape(" ".join(page.title.split())))
        out[page.src_uri] = md.convert(body)
    return out


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_never_becomes_markup(value):
    for src_uri, html in render_all(value).items():
        audit = Audit()
        audit.feed(html)
        assert audit.bad == [], (src_uri, audit.bad)


def test_hostile_text_is_shown_literally():
    html = render_all("<b>bold</b> [x](y)")["journeys/j1/index.md"]
    assert "&lt;b&gt;bold&lt;/b&gt; [x](y)" in html


def test_md_escape_neutralises_markdown():
    md = markdown.Markdown(extensions=EXTENSIONS)
    for raw in ["[a](b)", "*a*", "_a_", "`a`", "# a", "{: #x }", "1. a", "- a", "+ a", "!"]:
        html = md.convert(md_escape(raw))
        assert html == f"<p>{raw}</p>", (raw, html)


def test_every_page_kind_is_generated():
    builder = SiteBuilder(catalog(), labels("de"), SiteLinks().links())
    pages = {p.src_uri: p for p in builder.pages()}
    for uri in [
        "journeys/index.md",
        "personas/index.md",
        "touchpoints/index.md",
        "phases/index.md",
        "phases/matrix.md",
        "reference/format.md",
        "reference/problems.md",
        "journeys/j1/index.md",
        "journeys/j2/index.md",
        "personas/sara.md",
        "personas/tom.md",
        "touchpoints/newsletter.md",
        "touchpoints/shop.md",
        "phases/awareness.md",
        "phases/offboarding.md",
    ]:
        assert uri in pages, uri
    assert pages["journeys/j1/index.md"].sources == [
        "journeys/j1/index.md",
        "journeys/j1/awareness.md",
        "journeys/j1/purchase.md",
    ]
    assert pages["journeys/j1/index.md"].has_diagram


def test_journey_page_shows_uncovered_phases_as_gaps():
    md = SiteBuilder(catalog(), labels("en"), SiteLinks().links()).journey(catalog().journeys["j1"]).markdown
    for phase in ("Information", "Loyalty", "Offboarding"):
        block = md.split(f"## {phase} ")[1].split("\n## ")[0]
        assert "does not cover this phase" in block


def test_labels_follow_the_language():
    de = SiteBuilder(catalog(), labels("de"), SiteLinks().links()).journey(catalog().journeys["j1"]).markdown
    en = SiteBuilder(catalog(), labels("en"), SiteLinks().links()).journey(catalog().journeys["j1"]).markdown
    assert "Emotionskurve" in de and "Emotion curve" in en


def test_links_between_pages():
    links = SiteLinks().links()
    assert md_link("journeys/j1/index.md", "personas/sara.md") == "../../personas/sara.md"
    assert links.url("journeys/j1/index.md", "persona", "sara") == "../../personas/sara/"
    assert links.url("journeys/j1/index.md", "journey", "j1", "loyalty") == "#loyalty"
    assert links.url("journeys/j1/index.md", "journey", "j2", "loyalty") == "../j2/#loyalty"
    assert SiteLinks(False).links().url("journeys/j1/index.md", "persona", "sara") == "../../personas/sara.html"


def test_both_languages_have_the_same_labels_and_every_channel():
    from mkdocs_journeys.core.schema import CHANNELS

    en, de = labels("en"), labels("de")
    assert set(en) == set(de)
    assert set(en["channel_names"]) == set(de["channel_names"]) == set(CHANNELS)
    assert set(en["phases"]) == set(de["phases"]) == {"awareness", "information", "purchase", "loyalty", "offboarding"}


def test_error_catalog_page_lists_every_kind_with_an_example():
    from mkdocs_journeys.core import problems as P

    assert set(P.EXAMPLES) == set(P.KINDS)
    md = SiteBuilder(catalog(), labels("en"), SiteLinks().links()).problems().markdown
    rows = {cells[0]: cells for tr in md.split("<tr>") if (cells := re.findall(r"<td>(.*?)</td>", tr))}
    for kind in P.KINDS.values():
        row = rows[kind.code]
        assert row[1] == kind.name and row[2] == kind.severity, row
        assert row[4].strip() and row[5].strip(), f"{kind.name} has no example"
