"""Hand-written ```mermaid fences in content bodies and docs/ pages become diagrams, through the same
offline loader as the generated ones, and stay untrusted (no raw HTML, securityLevel strict)."""

from __future__ import annotations

import html
import os
import re
import sys
from pathlib import Path

import pytest

from minisite import make_site
from mkdocs_journeys.pages.prose import Prose
from sitekit import mkdocs_build, unavailable

FLOWCHART = ('flowchart LR\n  A["Sees the ad"] --> B{"Signs up?"}\n  B -->|yes| C["Trial & more"]\n'
             '  B -->|no| D["Leaves"]\n')
SEQUENCE = "sequenceDiagram\n  Sara->>Shop: Orders bread\n  Shop-->>Sara: Confirms\n"
PERSONA = f"---\nname: Sara Keller\nrole: Owner\nsegment: SME\n---\nHow Sara decides:\n\n```mermaid\n{FLOWCHART}```\n"
# A diagram that tries to lower Mermaid's security, run script through a label and a click, and load
# images from another host.
HOSTILE = ('%%{init: {"securityLevel": "loose", "dompurifyConfig": {"ADD_ATTR": ["onerror"]}}}%%\nflowchart LR\n'
           '  A["<img src=http://example.invalid/a.png onerror=window.__pwned=1>"] --> '
           'B["<b style=\'background:url(http://example.invalid/b.png)\'>Go</b>"]\n'
           '  click B href "javascript:window.__pwned=2"\n  click A call eval("window.__pwned=3")\n')
TOUCHPOINT = (f"---\nname: Newsletter\nchannel: email\nkind: digital\n---\nThe flow:\n\n```mermaid\n{SEQUENCE}```\n\n"
              f"```mermaid\n{HOSTILE}```\n")
DOCS_PAGE = f"# Our funnel\n\n```mermaid\n{FLOWCHART}```\n"
SOURCE = re.compile(r'<pre class="mermaid"><code>(.*?)</code></pre>', re.S)
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))


def _sources(page_html: str) -> list[str]:
    return [html.unescape(s) for s in SOURCE.findall(page_html)]


def test_prose_turns_a_mermaid_fence_into_a_diagram_block():
    out = Prose().html(f"Before\n\n```mermaid\n{FLOWCHART}```\n\n```python\nx = 1\n```\n")
    assert '<div class="jr-diagram" tabindex="0"><pre class="mermaid"><code>' in out
    assert _sources(out) == [FLOWCHART]
    assert '<pre><code class="language-python">' in out  # other fences stay code


@pytest.mark.parametrize("body", [
    '```mermaid\nflowchart LR\n  A["</code></pre><script>alert(1)</script>"]\n```\n',
    '<pre><code class="language-mermaid">flowchart LR\nA</code></pre>\n',
    '<div><pre class="mermaid"><code>flowchart LR</code></pre></div>\n',
])
def test_a_fence_opens_no_way_to_raw_html(body):
    out = Prose().html(body)
    assert "<script" not in out
    tags = re.findall(r"<(\w+)", out)
    assert set(tags) <= {"div", "pre", "code", "p"}
    if "```" not in body:  # hand-written markup is text, never a diagram
        assert '<pre class="mermaid">' not in out and "&lt;" in out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = make_site(tmp_path_factory.mktemp("mermaid"),
                        {"personas/sara.md": PERSONA, "touchpoints/newsletter.md": TOUCHPOINT},
                        docs={"funnel.md": DOCS_PAGE})
    result = mkdocs_build(project.root)
    assert result.returncode == 0, result.stderr
    return project.root / "site"


@pytest.mark.parametrize("page, expected", [("personas/sara/index.html", FLOWCHART),
                                            ("touchpoints/newsletter/index.html", SEQUENCE),
                                            ("funnel/index.html", FLOWCHART)])
def test_hand_written_diagrams_are_built_for_the_loader(built, page, expected):
    text = (built / page).read_text(encoding="utf-8")
    assert expected.strip() in [s.strip() for s in _sources(text)]
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', text)
    assert any(s.endswith("assets/journeys/mermaid-loader.js") for s in scripts)
    assert not [s for s in scripts if s.startswith(("http:", "https:", "//"))]


def test_hand_written_diagrams_pass_mermaids_own_parser(built):
    import mermaid_parser

    if not mermaid_parser.available():
        unavailable("Mermaid parser", "Node/mermaid not installed (run npm ci)")
    texts = [s for page in ("personas/sara", "touchpoints/newsletter", "funnel")
             for s in _sources((built / page / "index.html").read_text(encoding="utf-8"))]
    assert len(texts) >= 3
    assert mermaid_parser.parse_all(texts) == [None] * len(texts)
    assert mermaid_parser.parse_all(["flowchart LR\n  A[unclosed --> B"]) != [None]  # the check can fail


# --- in Chromium (with the browser tests' harness) ---

sys.path.insert(0, str(Path(__file__).parent / "browser"))

@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        unavailable("browser check", f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("browser check", "Playwright for Python is not installed")
    from mkdocs_journeys.local_server import CHROMIUM_ARGS

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


def _open(browser, built, path: str, scheme: str = "light"):
    from e2e_support import SiteServer, new_tab

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
    from e2e_support import check_diagrams

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
    branch = next(i for i, s in enumerate(_sources(generated)) if s.startswith("flowchart"))
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
        from e2e_support import check_diagrams

        assert check_diagrams(page, 2) == []
        hostile = page.locator("div.mermaid").nth(1)
        for node in ("A", "B"):
            hostile.locator(f"g.node[id*='{node}']").first.click(force=True)
        page.wait_for_timeout(300)
        assert page.evaluate("window.__pwned") is None
        assert page.evaluate("""() => [...document.querySelectorAll('div.mermaid')]
            .flatMap(h => [...h.shadowRoot.querySelectorAll('img, [onerror], [onclick], a[href^="javascript"]')])
            .length""") == 0
        assert record.external_requests() == []
        assert record.page_errors == []
    finally:
        context.close()
        server.close()
