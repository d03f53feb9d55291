"""End-to-end tests of the built fixture site in headless Chromium.

Diagrams render, links inside diagrams work, search works, instant navigation keeps
rendering diagrams, nothing is loaded from another host, no console errors, and a
negative control proving the diagram check can fail.
"""

from __future__ import annotations

import html
import re
import shutil
from urllib.parse import urljoin, urlparse

import pytest

from e2e_support import (
    MERMAID_SOURCE,
    SHADOW_LINK,
    SHADOW_LINKS,
    SiteServer,
    check_diagrams,
    diagram_sources,
    goto,
    new_tab,
    precondition,
    wait_for_diagrams,
)

pytestmark = pytest.mark.browser

JOURNEY = "journeys/velo-kauf/"
# Material fetches repository facts (version, stars, forks) for the header's repo link.
REPO_FACTS = re.compile(r"^https://api\.github\.com/repos/example/mkdocs-journeys(/releases/latest)?$")
REPO_FACTS_BUG = (
    "BUG: the first page view of every browser session sends 2 requests to "
    "https://api.github.com/repos/example/mkdocs-journeys and .../releases/latest (then cached in "
    "sessionStorage '__source'): Material's header repository widget ([data-md-component=source], from "
    "`repo_url` in mkdocs.yml) fetches repo facts from GitHub, although the site promises that nothing is "
    "loaded from another host (mkdocs.yml: `font: false`)"
)


def _path(url: str) -> str:
    return urlparse(url).path


def _click_diagram_link(page, href: str) -> None:
    link = page.evaluate_handle(SHADOW_LINK, href).as_element()
    assert link is not None, f"no <a href={href!r}> in any rendered diagram"
    link.click()


# ------------------------------------------------------------------ 1. diagrams render
def test_every_diagram_renders_to_svg(crawl):
    pages = crawl["pages"]
    with_diagrams = {p: v["expected"] for p, v in pages.items() if v["expected"]}
    journeys = [p for p in pages if re.fullmatch(r"journeys/[^/]+/", p)]
    assert len(journeys) >= 4, journeys
    missing = [p for p in journeys if p not in with_diagrams]
    assert not missing, f"journey pages without any diagram source: {missing}"
    print(f"\n{sum(with_diagrams.values())} diagrams on {len(with_diagrams)} pages: {with_diagrams}")
    problems = {p: v["problems"] for p, v in pages.items() if v["problems"]}
    assert not problems, problems


# ------------------------------------------------------------------ 2. nothing leaves the site
def test_no_request_leaves_the_site(crawl):
    record = crawl["record"]
    precondition(len(record.requests) > 100, "the request recorder saw almost nothing")
    external = record.external_requests()
    assert not external, "\n".join(f"{page}: {kind} {url}" for page, kind, url in external)


def test_no_request_leaves_the_site_apart_from_known_repo_facts(crawl):
    """Guards everything else (Mermaid, fonts, search language packs ...) while the
    repo-facts bug above is open."""
    external = [r for r in crawl["record"].external_requests() if not REPO_FACTS.match(r[2])]
    assert not external, "\n".join(f"{page}: {kind} {url}" for page, kind, url in external)


# ------------------------------------------------------------------ 7. console errors
def _console_errors(crawl, ignore_repo_facts: bool) -> list[str]:
    record = crawl["record"]
    errors = [
        f"{page}: console error {text} ({src})"
        for page, text, src in record.console_errors
        if not (ignore_repo_facts and REPO_FACTS.match(src))
    ]
    errors += [f"{page}: uncaught {msg}" for page, msg in record.page_errors]
    return errors


def test_no_console_errors(crawl):
    errors = _console_errors(crawl, ignore_repo_facts=False)
    assert not errors, "\n".join(errors)


def test_no_console_errors_apart_from_known_repo_facts(crawl):
    errors = _console_errors(crawl, ignore_repo_facts=True)
    assert not errors, "\n".join(errors)


# ------------------------------------------------------------------ 3. links in diagrams
def test_diagram_links_point_to_existing_pages(tab, site_dir):
    """Every node link in every rendered diagram on the journey page resolves to a built page."""
    page, record = tab()
    goto(page, record, JOURNEY)
    wait_for_diagrams(page, len(diagram_sources(site_dir, JOURNEY)))
    links = page.evaluate(SHADOW_LINKS)
    assert len(links) > 20, links
    broken = []
    for link in links:
        target = urljoin(page.url, link["href"])
        local = _path(target).lstrip("/")
        if not (site_dir / local / "index.html").is_file():
            broken.append(link)
    assert not broken, broken


@pytest.mark.parametrize("kind", ["personas", "touchpoints"])
def test_impact_map_node_opens_its_page(tab, site_dir, kind):
    page, record = tab()
    goto(page, record, JOURNEY)
    # impact maps sit in folded phase sections: a reader unfolds them first
    page.locator("details.jr-fold > summary").evaluate_all("els => els.forEach(s => s.click())")
    wait_for_diagrams(page, len(diagram_sources(site_dir, JOURNEY)))
    links = [
        ln for ln in page.evaluate(SHADOW_LINKS) if ln["kind"].startswith("flowchart") and f"/{kind}/" in ln["href"]
    ]
    assert links, f"no impact-map node links to {kind}"
    link = links[0]
    expected = urljoin(page.url, link["href"])
    _click_diagram_link(page, link["href"])
    page.wait_for_url(expected)
    heading = page.locator("article h1").inner_text()
    print(f"\nclicked {link['text']!r} -> {_path(page.url)} ({heading!r})")
    assert link["text"].split()[0] in heading, (link, heading)


def test_branch_node_opens_the_other_journey(tab, site_dir):
    page, record = tab()
    goto(page, record, JOURNEY)
    wait_for_diagrams(page, len(diagram_sources(site_dir, JOURNEY)))
    links = [ln for ln in page.evaluate(SHADOW_LINKS) if "reaktivierung/" in ln["href"]]
    assert links, "velo-kauf has no branch node leading to journeys/reaktivierung/"
    expected = urljoin(page.url, links[0]["href"])
    _click_diagram_link(page, links[0]["href"])
    page.wait_for_url(expected)
    assert _path(page.url).endswith("/journeys/reaktivierung/")
    wait_for_diagrams(page, len(diagram_sources(site_dir, "journeys/reaktivierung/")))


# ------------------------------------------------------------------ 4. search
def test_search_finds_touchpoint_by_word_in_its_body(tab, built_site):
    word = "Karussellbeiträge"
    sources = [
        p.relative_to(built_site).as_posix()
        for p in built_site.rglob("*")
        if p.suffix in (".md", ".yml", ".yaml")
        and p.is_file()
        and "site" not in p.relative_to(built_site).parts
        and word.lower() in p.read_text(encoding="utf-8").lower()
    ]
    assert sources == ["touchpoints/social-media.md"], (
        f"test premise: {word!r} must be in exactly one source: {sources}"
    )

    page, record = tab()
    goto(page, record, "")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(word, delay=15)
    page.wait_for_selector(".md-search-result__item a", timeout=15_000)
    hits = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => [e.href, e.innerText])")
    meta = page.inner_text(".md-search-result__meta")
    print(f"\nsearch {word!r}: {meta}; {[(_path(h), t.splitlines()[0]) for h, t in hits]}")
    assert {_path(h) for h, _ in hits} == {"/touchpoints/social-media/"}, hits
    assert "Social Media" in hits[0][1]


# ------------------------------------------------------------------ 5. instant navigation
def test_instant_navigation_renders_diagrams(tab, site_dir):
    page, record = tab()
    goto(page, record, "")
    page.evaluate("window.__e2eNoReload = 'same document'")
    for target in ("journeys/velo-kauf/", "journeys/maatoo-einstieg/"):
        before = len(record.requests)
        record.current = "/" + target
        heading = _heading(site_dir, target)
        page.locator(f"nav.md-nav--primary a[href$='/{target}']").filter(visible=True).first.click()
        page.wait_for_url(f"**/{target}")
        # The address changes before the theme swaps the content in: the diagrams counted must be the new page's.
        page.wait_for_function(_SHOWS_HEADING, arg=heading, timeout=15_000)
        wait_for_diagrams(page, len(diagram_sources(site_dir, target)))
        assert page.evaluate("window.__e2eNoReload") == "same document", (
            f"{target}: full page reload, not instant navigation"
        )
        documents = [url for _, kind, url in record.requests[before:] if kind == "document"]
        assert not documents, f"{target}: loaded as a new document: {documents}"
        assert heading in page.title(), (heading, page.title())


_SHOWS_HEADING = "h => (document.querySelector('article h1')?.innerText || '').replace('\\u00b6', '').trim() === h"


def _heading(site_dir, target: str) -> str:
    """The page's heading as the built HTML has it, without its permalink."""
    page = (site_dir / target / "index.html").read_text(encoding="utf-8")
    found = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert found, f"{target}: no heading"
    return html.unescape(re.sub(r"<a class=\"headerlink\".*?</a>|<[^>]+>", "", found.group(1))).strip()


# ------------------------------------------------------------------ 6. HTML blocks behave like Markdown
def test_phase_tabs_and_diagram_tables_work(tab):
    """Tabs and 'as a table' boxes are written as HTML (pages/blocks.py): the theme must still drive them."""
    page, record = tab()
    goto(page, record, JOURNEY)
    page.locator("details.jr-fold[data-jr-phase='awareness'] > summary").click()  # phases are folded
    tabs = page.locator("#awareness ~ .jr-phase-body .tabbed-set").first
    labels = tabs.locator(".tabbed-labels > label")
    assert labels.count() == 3, labels.all_inner_texts()
    blocks = tabs.locator(".tabbed-content > .tabbed-block")
    assert blocks.nth(0).is_visible() and not blocks.nth(2).is_visible()
    labels.nth(2).click()
    blocks.nth(2).wait_for(state="visible")
    assert not blocks.nth(0).is_visible()
    assert "jr-fired" in blocks.nth(2).inner_html() or blocks.nth(2).locator("table tbody tr").count() > 0
    details = page.locator("#emotion-curve ~ .jr-section details.note").first
    assert not details.locator("table").is_visible()
    details.locator("summary").click()
    details.locator("table").wait_for(state="visible")
    assert details.locator("table tbody tr").count() > 5


# ------------------------------------------------------------------ 8. negative control
def test_diagram_check_detects_a_broken_diagram(browser, site_dir, tmp_path):
    """The check of test 1 must report a page whose Mermaid source is invalid."""
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    target = copy / JOURNEY / "index.html"
    html = target.read_text(encoding="utf-8")
    assert MERMAID_SOURCE.search(html)
    html = MERMAID_SOURCE.sub(lambda m: '<pre class="mermaid"><code>flowchart LR\n A[[[</code></pre>', html, count=1)
    target.write_text(html, encoding="utf-8")

    server = SiteServer(copy)
    context, page, record = new_tab(browser, server.url)
    try:
        goto(page, record, "journeys/reaktivierung/")  # untouched page of the same copy: passes
        assert check_diagrams(page, len(diagram_sources(copy, "journeys/reaktivierung/"))) == []
        goto(page, record, JOURNEY)
        problems = check_diagrams(page, len(diagram_sources(copy, JOURNEY)), timeout_ms=10_000)
    finally:
        context.close()
        server.close()
    print(f"\nbroken diagram reported as: {problems}")
    assert problems, "the diagram check did not notice an invalid Mermaid source"
    assert any("SVG(s) rendered" in p or "Syntax error" in p for p in problems), problems
