"""The journey map board in headless Chromium: persona filter (also after instant
navigation), horizontal scrolling with the lane headers kept in view, both palettes.

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
    assert shown == [persona or "all"], shown


def test_persona_filter_hides_other_personas_and_resets(laptop):
    page = laptop()
    _open(page)
    _assert_filtered(page, None)
    before = page.evaluate(STATE)
    hidden_for_sara = [i for i in before["items"] if "sara" not in i["personas"]]
    assert hidden_for_sara, "the fixture site should have cells without Sara"

    page.select_option("select.jr-persona-filter", "sara")
    _assert_filtered(page, "sara")
    assert page.locator(".jr-board-page.jr-filtered").count() == 1

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


def test_board_scrolls_sideways_with_the_lane_headers_in_view(laptop):
    page = laptop()
    _open(page)
    scroller = page.locator(".jr-board-page > .jr-board-scroll").first
    scroller.scroll_into_view_if_needed()
    geometry = page.evaluate("""() => {
      const s = document.querySelector('.jr-board-scroll');
      return { scrollWidth: s.scrollWidth, clientWidth: s.clientWidth, left: s.getBoundingClientRect().left };
    }""")
    assert geometry["scrollWidth"] > geometry["clientWidth"] + 100, "the board should be wider than a laptop screen"

    def positions():
        return page.evaluate("""() => {
          const box = el => el.getBoundingClientRect();
          const lane = document.querySelector('tr[data-jr-lane="steps"] th.jr-lane-head');
          const phase = document.querySelector('th[data-jr-phase="awareness"]');
          const last = document.querySelector('th[data-jr-phase="offboarding"]');
          const s = document.querySelector('.jr-board-scroll');
          const hit = document.elementFromPoint(box(lane).left + 8, box(lane).top + 8);
          return { lane: box(lane).left, laneRight: box(lane).right, phase: box(phase).left,
                   last: box(last).left, scroll: s.scrollLeft, right: box(s).right,
                   laneOnTop: lane.contains(hit) };
        }""")

    start = positions()
    page.evaluate("document.querySelector('.jr-board-scroll').scrollLeft = 10000")
    page.wait_for_timeout(100)
    end = positions()
    assert end["scroll"] > 100
    assert abs(end["lane"] - start["lane"]) <= 1, "the lane headers scrolled away"
    assert end["laneOnTop"], "the lane header is covered by the scrolled cells"
    assert end["phase"] < start["phase"] - 100, "the phase columns did not move"
    assert end["last"] < end["right"], "the last phase is not reachable"
    assert end["last"] >= end["laneRight"] - 1, "a phase column slid under the lane headers"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "test-scrolled-light.png"))


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
