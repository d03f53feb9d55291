"""The journey map board in headless Chromium: persona filter (also after instant
navigation), the board using the page (sticky phase headers, fit to screen), both palettes.

Uses the `browser` and `base_url` fixtures of tests/browser/conftest.py (skips without
Chromium unless CI is set). Screenshots go to /tmp/board-shots/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

BOARD = "journeys/maatoo-einstieg/board/"
LAPTOP = {"width": 1366, "height": 768}
SHOTS = Path("/tmp/board-shots")

# Visibility of every persona-dependent element on the board and the emotion curves.
STATE = """() => {
  const vis = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
                    && getComputedStyle(el).display !== 'none';
  const items = [...document.querySelectorAll('.jr-board-page table.jr-board:not(.jr-board-compare) [data-jr-personas]')]
    .map(el => ({ personas: el.getAttribute('data-jr-personas').split(' '), visible: vis(el),
                  lane: el.closest('tr').getAttribute('data-jr-lane') }));
  const curves = [...document.querySelectorAll('[data-jr-curve]')]
    .filter(g => !['before', 'after'].includes(g.getAttribute('data-jr-curve')))
    .map(g => ({ key: g.getAttribute('data-jr-curve'), visible: getComputedStyle(g).display !== 'none' }));
  return { items, curves };
}"""


@pytest.fixture
def laptop(browser, base_url):
    """Factory: laptop(color_scheme) -> page at 1366x768; other hosts are never reached."""
    contexts = []

    def make(color_scheme: str = "light"):
        context = browser.new_context(viewport=LAPTOP, color_scheme=color_scheme, base_url=base_url, locale="de-CH")
        context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/])(?!data:)(?!blob:)"), lambda route: route.abort())
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.errors = errors
        return page

    yield make
    for context in contexts:
        context.close()


def _open(page, path: str = BOARD) -> None:
    response = page.goto(path, wait_until="load")
    assert response is not None and response.ok, path
    page.wait_for_selector(".jr-board-tools:not([hidden])")


def _assert_filtered(page, persona: str | None) -> None:
    state = page.evaluate(STATE)
    assert state["items"], "no persona-dependent cells on the board"
    for item in state["items"]:
        expected = persona is None or persona in item["personas"]
        assert item["visible"] == expected, (persona, item)
    lanes = {i["lane"] for i in state["items"]}
    assert {"steps", "touchpoints", "needs", "pains", "opportunities"} <= lanes
    shown = [c["key"] for c in state["curves"] if c["visible"]]
    every = [c["key"] for c in state["curves"]]
    assert len(every) > 1 and "all" not in every  # one line per persona
    assert shown == ([persona] if persona else every), shown


def test_persona_filter_hides_other_personas_and_resets(laptop):
    page = laptop()
    _open(page)
    _assert_filtered(page, None)
    before = page.evaluate(STATE)
    hidden_for_sara = [i for i in before["items"] if "sara" not in i["personas"]]
    assert hidden_for_sara, "the fixture site should have cells without Sara"

    averages = page.eval_on_selector_all("th.jr-phase .jr-avg", "els => els.map(e => e.textContent)")
    page.select_option("select.jr-persona-filter", "sara")
    _assert_filtered(page, "sara")
    assert page.locator(".jr-board-page.jr-filtered").count() == 1
    # the phase averages are Sara's now: the mean of her visible steps' scores in each phase
    mine = page.evaluate("""() => [...document.querySelectorAll('th.jr-phase')].map(th => {
      const i = [...th.parentElement.children].indexOf(th);
      const cell = document.querySelector('tr[data-jr-lane="steps"]').children[i];
      const s = [...cell.querySelectorAll('.jr-step')].filter(e => getComputedStyle(e).display !== 'none')
        .map(e => Number(e.querySelector('.jr-score').textContent));
      const avg = th.querySelector('.jr-avg');
      return [s.length ? Math.round(s.reduce((a, b) => a + b) / s.length * 10) / 10 : null,
              avg && getComputedStyle(avg).display !== 'none' ? Number(avg.textContent.replace('Ø ', '')) : null];
    })""")
    assert all(expected == shown for expected, shown in mine), mine
    assert page.eval_on_selector_all("th.jr-phase .jr-avg", "els => els.map(e => e.textContent)") != averages

    page.select_option("select.jr-persona-filter", "luca")
    _assert_filtered(page, "luca")

    page.click(".jr-filter-reset")
    _assert_filtered(page, None)
    assert page.input_value("select.jr-persona-filter") == ""

    page.select_option("select.jr-persona-filter", "sara")
    page.select_option("select.jr-persona-filter", "")  # "Alle Personas"
    _assert_filtered(page, None)
    assert page.errors == []


def test_persona_filter_survives_instant_navigation(laptop):
    page = laptop()
    response = page.goto("journeys/maatoo-einstieg/", wait_until="load")
    assert response is not None and response.ok
    page.wait_for_function("typeof document$ !== 'undefined'")
    page.evaluate("window.__same_document = true")
    page.click("a.md-button[href$='board/']")
    page.wait_for_selector(".jr-board-tools:not([hidden])")
    # instant navigation: the page was swapped in without a reload
    assert page.evaluate("window.__same_document === true"), "instant navigation did not intercept the link"
    page.select_option("select.jr-persona-filter", "luca")
    _assert_filtered(page, "luca")
    page.click(".jr-filter-reset")
    _assert_filtered(page, None)
    assert page.errors == []


def test_board_uses_the_page_with_phase_headers_in_view(laptop):
    page = laptop()
    page.set_viewport_size({"width": 1280, "height": 800})
    _open(page)
    fits = page.evaluate("""() => {
      const s = document.querySelector('.jr-board-scroll');
      const last = document.querySelector('th[data-jr-phase="offboarding"]').getBoundingClientRect();
      return { scroll: s.scrollWidth - s.clientWidth, overflowX: getComputedStyle(s).overflowX,
               lastRight: last.right, width: innerWidth, page: document.documentElement.scrollWidth };
    }""")
    assert fits["scroll"] <= 1 and fits["lastRight"] <= fits["width"], fits  # five phases fit at 1280 px
    assert fits["page"] <= fits["width"], fits
    assert fits["overflowX"] == "visible", "the board is in a scroll box of its own"
    page.evaluate(
        "window.scrollTo(0, document.querySelector('tr[data-jr-lane=\"kpis\"]').getBoundingClientRect().top"
        " + window.scrollY - 200)"
    )
    page.wait_for_timeout(150)
    header = page.evaluate("""() => {
      const th = document.querySelector('th[data-jr-phase="awareness"]').getBoundingClientRect();
      const bar = document.querySelector('.md-header').getBoundingClientRect();
      const lane = document.querySelector('tr[data-jr-lane="kpis"] .jr-lane-name').getBoundingClientRect();
      return { top: th.top, bar: bar.bottom, lane: lane.top, scrolled: window.scrollY };
    }""")
    assert header["scrolled"] > 500
    assert abs(header["top"] - header["bar"]) <= 2, header  # the phase headers stick below the site header
    assert header["lane"] >= header["top"], header
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "test-sticky-light.png"))

    # fit to screen: the whole board in the window; again: back to actual size
    page.click(".jr-fit")
    page.wait_for_timeout(150)
    fitted = page.evaluate("""() => {
      const t = document.querySelector('table.jr-board').getBoundingClientRect();
      return { height: t.height, width: t.width, inner: innerHeight, innerW: innerWidth };
    }""")
    assert fitted["height"] <= fitted["inner"] and fitted["width"] <= fitted["innerW"], fitted
    assert page.get_attribute(".jr-fit", "aria-pressed") == "true"
    page.click(".jr-fit")
    assert page.evaluate("document.querySelector('table.jr-board').getBoundingClientRect().height") > fitted["inner"]
    assert page.errors == []


def test_board_on_a_phone_shows_one_phase_at_a_time(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=base_url, is_mobile=True)
    try:
        page = context.new_page()
        _open(page)
        geometry = page.evaluate("""() => {
          const s = document.querySelector('.jr-board-scroll');
          const th = document.querySelector('th[data-jr-phase="awareness"]').getBoundingClientRect();
          return { box: s.clientWidth, phase: th.width, snap: getComputedStyle(s).scrollSnapType,
                   page: document.documentElement.scrollWidth, width: innerWidth };
        }""")
        assert geometry["page"] <= geometry["width"], geometry
        assert geometry["phase"] >= 0.85 * geometry["box"] and geometry["phase"] <= geometry["box"], geometry
        assert geometry["snap"].startswith("x"), geometry
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_board_is_readable_in_both_palettes(laptop, scheme):
    page = laptop(scheme)
    _open(page, "journeys/reaktivierung/board/")
    wanted = "slate" if scheme == "dark" else "default"
    assert page.get_attribute("body", "data-md-color-scheme") == wanted
    colours = page.evaluate("""() => {
      const c = el => getComputedStyle(el);
      const cell = document.querySelector('tr[data-jr-lane="steps"] td.jr-cell:not(.jr-gap)');
      const card = cell.querySelector('.jr-card');
      const lane = document.querySelector('th.jr-lane-head');
      return { cell: c(cell).backgroundColor, text: c(card).color, card: c(card).backgroundColor,
               lane: c(lane).backgroundColor, page: c(document.body).backgroundColor };
    }""")

    def rgba(css: str) -> tuple[float, float, float, float]:
        """rgb()/rgba() or color(srgb ...) (what color-mix() computes to) as 0..1 floats."""
        nums = [float(x) for x in re.findall(r"[\d.]+", css.split("(", 1)[1])]
        r, g, b = nums[:3]
        a = nums[3] if len(nums) > 3 else 1.0
        if not css.startswith("color("):
            r, g, b = r / 255, g / 255, b / 255
        return r, g, b, a

    def over(fg, bg):
        return tuple(f * fg[3] + b * (1 - fg[3]) for f, b in zip(fg[:3], bg[:3])) + (1.0,)

    def lum(colour) -> float:
        if isinstance(colour, str):
            colour = rgba(colour)
        ch = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in colour[:3]]
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]

    dark_bg = lum(colours["cell"]) < 0.2
    assert dark_bg == (scheme == "dark"), colours
    assert colours["lane"] != "rgba(0, 0, 0, 0)", "the sticky lane header needs a background"
    card = rgba(colours["card"])
    hi, lo = sorted([lum(over(rgba(colours["text"]), card)), lum(card)], reverse=True)
    assert (hi + 0.05) / (lo + 0.05) >= 4.5, colours
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"test-reaktivierung-{scheme}.png"))
    page.evaluate("window.scrollTo(0, 300)")
    page.screenshot(path=str(SHOTS / f"test-reaktivierung-{scheme}-scrolled.png"))
    assert page.errors == []
