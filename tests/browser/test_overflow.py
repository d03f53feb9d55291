"""Nothing is wider than the space it is shown in, on every page kind, at 1440×900 (light and dark) and 390×844.

Two sites, built here: the test site and a small generated catalog (bench/generate.py). On each page
kind, Chromium measures: the document does not scroll sideways, and no diagram, table or board in
the article is wider than its container, unless it sits in a box that scrolls sideways on purpose
and shows a visible full-screen (expand) control.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from e2e_support import CHROMIUM_ARGS, OPEN_SHADOW_ROOTS, SiteServer  # noqa: F401 (CHROMIUM_ARGS for readers)
from sitekit import REPO, copy_site, mkdocs_build

pytestmark = pytest.mark.browser

MODES = {"1440-light": (1440, 900, "light"), "1440-dark": (1440, 900, "dark"), "390": (390, 844, "light")}
KINDS = [
    "home",
    "journeys",
    "journey",
    "board",
    "compare",
    "persona",
    "touchpoint",
    "phase",
    "matrix",
    "touchpoints",
    "teams",
    "team",
    "backlog",
    "personas",
    "health",
    "journey-health",
    "format-reference",
    "error-catalog",
]


def _page_kinds():
    """The page-kind rule of the screenshot command (tools/screenshot.py), so both visit the same pages."""
    spec = importlib.util.spec_from_file_location("journeys_screenshot", REPO / "tools" / "screenshot.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.page_kinds


# What overflows. An element counts as too wide when it reaches past the article's content box, or
# when its own content is cut (a table that scrolls inside itself). It is allowed only inside a box
# that scrolls sideways (overflow-x auto/scroll, the element itself included) next to a visible
# full-screen control: a button or link marked data-jr-fullscreen, or named "full screen"/"Vollbild"/"expand".
MEASURE = """
() => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) problems.push(`the page scrolls sideways: ${doc.scrollWidth} px in ${doc.clientWidth} px`);
  const inner = document.querySelector('.md-content__inner') || document.querySelector('.md-content');
  if (!inner) return problems;
  const box = inner.getBoundingClientRect();
  const style = getComputedStyle(inner);
  const left = box.left + parseFloat(style.paddingLeft), right = box.right - parseFloat(style.paddingRight);
  const CONTROL = /full.?screen|vollbild|expand|vergr(ö|oe)ssern|maximi/i;
  function visible(el) {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 4 && r.height > 4 && s.visibility !== 'hidden' && s.display !== 'none' && parseFloat(s.opacity) > 0.1;
  }
  function hasControl(scroller) {
    const near = scroller.parentElement || scroller;
    for (const c of near.querySelectorAll('button, a, [role=button], summary')) {
      const named = c.hasAttribute('data-jr-fullscreen') || CONTROL.test(c.getAttribute('aria-label') || '') ||
        CONTROL.test(c.getAttribute('title') || '') || CONTROL.test(c.textContent || '') || CONTROL.test(c.className || '');
      if (named && visible(c)) return true;
    }
    return false;
  }
  // A phase-at-a-time layout: the scroller snaps sideways and every snap target fits its width.
  function snapsWithin(scroller) {
    if (!/x|both|inline/.test(getComputedStyle(scroller).scrollSnapType || '')) return false;
    const width = scroller.getBoundingClientRect().width;
    const targets = [...scroller.querySelectorAll('*')].filter(c => (getComputedStyle(c).scrollSnapAlign || 'none') !== 'none');
    return targets.length > 0 && targets.every(c => c.getBoundingClientRect().width <= width + 1);
  }
  function scrollerOf(el) {
    for (let p = el; p && p !== inner.parentElement; p = p.parentElement) {
      const ox = getComputedStyle(p).overflowX;
      if (ox === 'auto' || ox === 'scroll') return p;
    }
    return null;
  }
  function name(el) {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (typeof el.className === 'string' && el.className.trim()) s += '.' + el.className.trim().split(/\\s+/).join('.');
    let heading = '';
    for (let p = el; p && p !== inner; p = p.parentElement) {
      let q = p.previousElementSibling;
      while (q && !/^H[1-3]$/.test(q.tagName)) q = q.previousElementSibling;
      if (q) { heading = q.textContent.replace('¶', '').trim().slice(0, 40); break; }
    }
    return s + (heading ? ` (after "${heading}")` : '');
  }
  const seen = new Set();
  for (const el of inner.querySelectorAll('.mermaid, svg, table, .jr-board')) {
    if (!visible(el) || el.closest('.md-typeset .headerlink, .md-content__button')) continue;
    const r = el.getBoundingClientRect();
    const past = r.right > right + 1 || r.left < left - 1;
    const cut = el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll', 'hidden'].includes(getComputedStyle(el).overflowX);
    const scroller = scrollerOf(el);
    const clipped = scroller && scroller !== el && r.width > scroller.getBoundingClientRect().width + 1;
    if (!past && !cut && !clipped) continue;
    if (scroller && (hasControl(scroller) || snapsWithin(scroller))) continue;
    if ([...seen].some(s => s.contains(el))) continue;  // one report per outermost element
    seen.add(el);
    problems.push(`${name(el)}: ${Math.round(r.width)} px wide, content ${el.scrollWidth} px, ` +
                  `in ${Math.round(right - left)} px${scroller ? ' (scrolls, no full-screen control, no snap per column)' : ''}`);
  }
  return problems;
}
"""

_DIAGRAMS_DONE = "() => !document.querySelector('pre.mermaid')"


def _copy_project(dest: Path) -> Path:
    return copy_site(dest)  # the tests' own fixture project (tests/fixtures/project)


def _generated(dest: Path) -> Path:
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from bench import generate

    generate.generate(8, dest)
    return dest


@pytest.fixture(scope="module", params=["test-site", "generated"])
def site(request, browser, tmp_path_factory):
    """(name, base URL, {page kind: path}) of a built site served on 127.0.0.1."""
    folder = tmp_path_factory.mktemp(request.param) / "project"
    project = _copy_project(folder) if request.param == "test-site" else _generated(folder)
    result = mkdocs_build(project)
    if result.returncode != 0:
        pytest.fail(f"{request.param} does not build:\n{result.stderr}", pytrace=False)
    server = SiteServer(project / "site")
    yield request.param, server.url, _page_kinds()(project / "site")
    server.close()


@pytest.fixture(scope="module")
def contexts(browser):
    made: dict[str, object] = {}

    def get(mode: str):
        if mode not in made:
            width, height, scheme = MODES[mode]
            context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
            context.add_init_script(OPEN_SHADOW_ROOTS)
            context.route(
                "**/*",
                lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort(),
            )
            made[mode] = context.new_page()
        return made[mode]

    yield get
    for page in made.values():
        page.context.close()


CASES = [pytest.param(kind, mode, id=f"{kind}-{mode}") for kind in KINDS for mode in MODES]


@pytest.mark.parametrize("kind, mode", CASES)
def test_nothing_is_wider_than_its_space(site, contexts, kind, mode):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    name, base, kinds = site
    assert kind in kinds, f"{name} has no {kind} page"
    page = contexts(mode)
    response = page.goto(base + kinds[kind], wait_until="load")
    assert response is not None and response.ok, f"{kinds[kind]}: HTTP {response and response.status}"
    try:
        page.wait_for_function(_DIAGRAMS_DONE, timeout=20_000)
    except PlaywrightTimeout:
        pytest.fail(f"{kinds[kind]}: diagrams did not render in 20 s", pytrace=False)
    page.wait_for_timeout(150)
    if MODES[mode][2] == "dark":
        assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    assert page.evaluate(MEASURE) == [], f"{name}: /{kinds[kind]} at {mode}"


def test_the_measure_finds_overflow_and_accepts_a_scroll_box_with_a_full_screen_control(browser):
    """The negative control: a wide table and diagram are found; the same inside a scroll box with a control are not."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    wide = "<table><tr>" + "<td>Wort</td>" * 60 + "</tr></table>"
    page.set_content(f"""<div class="md-content"><article class="md-content__inner" style="padding: 0 10px">
      <h2>Zu breit</h2>{wide}
      <div class="mermaid" style="width: 900px; height: 20px"></div>
      <div><button data-jr-fullscreen>⤢</button><div style="overflow-x: auto">{wide}</div></div>
      <div><div style="overflow-x: auto"><svg width="1200" height="10"></svg></div></div>
    </article></div>""")
    problems = page.evaluate(MEASURE)
    context.close()
    assert problems[0].startswith("the page scrolls sideways")
    assert [p.split(":")[0] for p in problems[1:]] == [
        'table (after "Zu breit")',
        'div.mermaid (after "Zu breit")',
        'svg (after "Zu breit")',
    ]
