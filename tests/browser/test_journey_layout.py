"""No diagram, table or board wider than its space: the journey page, the board and the comparison,
at 1440x900 (light and dark) and 390x844, in headless Chromium.

Uses the `browser` and `base_url` fixtures of tests/browser/conftest.py: a copy of the sample site
(sitekit.copy_site) built by the test session itself. Mermaid draws into closed shadow roots; an init
script opens them so the drawn SVGs can be measured.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

PAGES = [
    "journeys/maatoo-einstieg/",
    "journeys/reaktivierung/",
    "journeys/maatoo-einstieg/board/",
    "journeys/maatoo-einstieg-soll/compare/",
]
SIZES = {
    "1440-light": ({"width": 1440, "height": 900}, "light"),
    "1440-dark": ({"width": 1440, "height": 900}, "dark"),
    "390": ({"width": 390, "height": 844}, "light"),
}

OPEN_SHADOWS = """(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) { return attach.call(this, Object.assign({}, init, { mode: 'open' })); };
})();"""

# Everything wider than the box it is shown in. A box that scrolls sideways on purpose (the board's
# phone layout: one phase at a time with scroll snapping) may hold more than its width; it must fit itself.
MEASURE = """() => {
  const out = [];
  const name = el => el.tagName.toLowerCase() + '.' + String(el.getAttribute('class') || '').split(' ')[0];
  const snapping = el => { const s = el.closest('.jr-board-scroll'); return s && getComputedStyle(s).scrollSnapType.startsWith('x'); };
  const check = (el, box) => {
    const w = el.getBoundingClientRect().width, room = box.getBoundingClientRect().width;
    if (w > room + 1) out.push([name(el), Math.round(w), Math.round(room)]);
  };
  const content = document.querySelector('.md-content');
  content.querySelectorAll('svg, .mermaid, table').forEach(el => {
    if (el.closest('.jr-sprite') || el.getBoundingClientRect().width === 0) return;
    if (snapping(el)) return;
    check(el, el.parentElement);
    if (el.tagName === 'TABLE' && el.scrollWidth > el.clientWidth + 1) out.push([name(el) + ' scrolls', el.scrollWidth, el.clientWidth]);
  });
  content.querySelectorAll('.mermaid').forEach(host => {
    const svg = host.shadowRoot && host.shadowRoot.querySelector('svg');
    if (svg && svg.getBoundingClientRect().width) check(svg, host.closest('.jr-diagram') || host);
  });
  content.querySelectorAll('.jr-board-scroll').forEach(s => check(s, s.parentElement));
  return { page: document.documentElement.scrollWidth, width: innerWidth, wide: out,
           diagrams: content.querySelectorAll('.mermaid').length,
           drawn: [...content.querySelectorAll('.mermaid')].filter(h => h.shadowRoot && h.shadowRoot.querySelector('svg')).length };
}"""


@pytest.fixture(scope="module")
def context_for(browser, base_url):
    contexts = {}

    def make(size: str):
        if size not in contexts:
            viewport, scheme = SIZES[size]
            context = browser.new_context(viewport=viewport, color_scheme=scheme, base_url=base_url)
            context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/])(?!data:)(?!blob:)"), lambda route: route.abort())
            context.add_init_script(OPEN_SHADOWS)
            contexts[size] = context
        return contexts[size]

    yield make
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("path", PAGES)
def test_nothing_is_wider_than_its_space(context_for, path, size):
    page = context_for(size).new_page()
    try:
        response = page.goto(path, wait_until="load")
        assert response is not None and response.ok, path
        # folded phases hold the impact maps: open them all, so every diagram is drawn and measured
        page.evaluate("document.querySelectorAll('.md-content details').forEach(d => d.open = true)")
        page.wait_for_function(
            """() => [...document.querySelectorAll('.md-content .mermaid')]
            .every(h => h.shadowRoot && h.shadowRoot.querySelector('svg'))""",
            timeout=20_000,
        )
        page.wait_for_timeout(300)
        result = page.evaluate(MEASURE)
        assert result["drawn"] == result["diagrams"]
        if "/board/" not in path and "/compare/" not in path:
            assert result["diagrams"] > 0, "the journey page should have Mermaid diagrams to measure"
        assert result["page"] <= result["width"], result
        assert result["wide"] == [], result
        if size == "1440-dark":
            assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    finally:
        page.close()


def test_large_diagrams_have_a_full_screen_view(context_for):
    page = context_for("390").new_page()
    try:
        page.goto("journeys/maatoo-einstieg/", wait_until="load")
        button = page.locator(".jr-diagram .jr-zoom").first
        button.wait_for(state="visible")
        button.click()
        box = page.evaluate("""() => { const d = document.querySelector('.jr-diagram-open').getBoundingClientRect();
                                       return [d.width, d.height, innerWidth, innerHeight]; }""")
        assert box[0] == box[2] and box[1] == box[3], box  # the diagram takes the whole screen
        page.keyboard.press("Escape")
        assert page.locator(".jr-diagram-open").count() == 0
    finally:
        page.close()
