"""Hand-written ```mermaid fences render in Chromium, follow the palette like the generated
diagrams, and cannot run script or load anything from another host."""

from __future__ import annotations

import pytest

from e2e_support import SiteServer, check_diagrams, new_tab
from minisite import SOURCE, build_mermaid_site, mermaid_sources

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_mermaid_site(tmp_path_factory.mktemp("mermaid"))


def _open(browser, built, path: str, scheme: str = "light"):
    server = SiteServer(built)
    context, page, record = new_tab(browser, server.url, color_scheme=scheme)
    page.goto(path, wait_until="load")
    return server, context, page, record


# The colours of a flowchart node (its label and box) on a page, read from the open shadow root.
_COLOURS = """
(index) => {
  const host = document.querySelectorAll('div.mermaid')[index];
  const svg = host.shadowRoot.querySelector('svg');
  const label = svg.querySelector('.nodeLabel');
  const box = svg.querySelector('.node rect, .node polygon, .node path');
  return [getComputedStyle(label).color, getComputedStyle(box).fill, getComputedStyle(box).stroke];
}
"""


def _flowchart_colours(browser, built, path: str, scheme: str, diagrams: int, index: int) -> list[str]:
    server, context, page, record = _open(browser, built, path, scheme)
    try:
        assert check_diagrams(page, diagrams) == []
        assert record.external_requests() == [] and record.page_errors == []
        return page.evaluate(_COLOURS, index)
    finally:
        context.close()
        server.close()


@pytest.mark.parametrize("path", ["personas/sara/", "funnel/"])
def test_hand_written_diagrams_render_in_chromium_and_follow_the_palette(browser, built, path):
    """They render offline, and in light and dark mode take the colours of the generated flowcharts."""
    generated = (built / "journeys/j1/index.html").read_text(encoding="utf-8")
    count = len(SOURCE.findall(generated))
    branch = next(i for i, s in enumerate(mermaid_sources(generated)) if s.startswith("flowchart"))
    for_scheme = {}
    for scheme in ("light", "dark"):
        own = _flowchart_colours(browser, built, path, scheme, 1, 0)
        theirs = _flowchart_colours(browser, built, "journeys/j1/", scheme, count, branch)
        assert own == theirs, scheme
        for_scheme[scheme] = own
    assert for_scheme["light"] != for_scheme["dark"]


def test_a_hand_written_diagram_cannot_run_script(browser, built):
    """securityLevel stays strict: an init directive cannot lower it, labels and clicks run no script,
    and labels load nothing (from another host or at all)."""
    server, context, page, record = _open(browser, built, "touchpoints/newsletter/")
    try:
        assert check_diagrams(page, 2) == []
        hostile = page.locator("div.mermaid").nth(1)
        for node in ("A", "B"):
            hostile.locator(f"g.node[id*='{node}']").first.click(force=True)
        page.wait_for_timeout(300)
        assert page.evaluate("window.__pwned") is None
        assert (
            page.evaluate("""() => [...document.querySelectorAll('div.mermaid')]
            .flatMap(h => [...h.shadowRoot.querySelectorAll('img, [onerror], [onclick], a[href^="javascript"]')])
            .length""")
            == 0
        )
        assert record.external_requests() == []
        assert record.page_errors == []
    finally:
        context.close()
        server.close()
