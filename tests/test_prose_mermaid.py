"""Hand-written ```mermaid fences in content bodies and docs/ pages become diagrams, through the same
offline loader as the generated ones, and stay untrusted (no raw HTML, securityLevel strict).
The Chromium checks are in tests/browser/test_hand_written_mermaid.py."""

from __future__ import annotations

import re

import pytest

from minisite import FLOWCHART, SEQUENCE, build_mermaid_site
from minisite import mermaid_sources as _sources
from mkdocs_journeys.render.pages.prose import Prose
from sitekit import unavailable


@pytest.mark.unit
def test_prose_turns_a_mermaid_fence_into_a_diagram_block():
    out = Prose().html(f"Before\n\n```mermaid\n{FLOWCHART}```\n\n```python\nx = 1\n```\n")
    assert '<div class="jr-diagram" tabindex="0"><pre class="mermaid"><code>' in out
    assert _sources(out) == [FLOWCHART]
    assert '<pre><code class="language-python">' in out  # other fences stay code


@pytest.mark.parametrize(
    "body",
    [
        '```mermaid\nflowchart LR\n  A["</code></pre><script>alert(1)</script>"]\n```\n',
        '<pre><code class="language-mermaid">flowchart LR\nA</code></pre>\n',
        '<div><pre class="mermaid"><code>flowchart LR</code></pre></div>\n',
    ],
)
@pytest.mark.unit
def test_a_fence_opens_no_way_to_raw_html(body):
    out = Prose().html(body)
    assert "<script" not in out
    tags = re.findall(r"<(\w+)", out)
    assert set(tags) <= {"div", "pre", "code", "p"}
    if "```" not in body:  # hand-written markup is text, never a diagram
        assert '<pre class="mermaid">' not in out and "&lt;" in out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_mermaid_site(tmp_path_factory.mktemp("mermaid"))


@pytest.mark.parametrize(
    "page, expected",
    [
        ("personas/sara/index.html", FLOWCHART),
        ("touchpoints/newsletter/index.html", SEQUENCE),
        ("funnel/index.html", FLOWCHART),
    ],
)
@pytest.mark.build
def test_hand_written_diagrams_are_built_for_the_loader(built, page, expected):
    text = (built / page).read_text(encoding="utf-8")
    assert expected.strip() in [s.strip() for s in _sources(text)]
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', text)
    assert any(s.endswith("assets/journeys/mermaid-loader.js") for s in scripts)
    assert not [s for s in scripts if s.startswith(("http:", "https:", "//"))]


@pytest.mark.build
def test_hand_written_diagrams_pass_mermaids_own_parser(built):
    import mermaid_parser

    if not mermaid_parser.available():
        unavailable("Mermaid parser", "Node/mermaid not installed (run npm ci)")
    texts = [
        s
        for page in ("personas/sara", "touchpoints/newsletter", "funnel")
        for s in _sources((built / page / "index.html").read_text(encoding="utf-8"))
    ]
    assert len(texts) >= 3
    assert mermaid_parser.parse_all(texts) == [None] * len(texts)
    assert mermaid_parser.parse_all(["flowchart LR\n  A[unclosed --> B"]) != [None]  # the check can fail
