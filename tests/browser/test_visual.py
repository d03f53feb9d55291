"""Screenshots of a journey page for human review (in /tmp/e2e-shots/, not in the repo),
and the rendering defects found by looking at them."""

from __future__ import annotations

import re

import pytest

from e2e_support import SHOTS, diagram_sources, goto, precondition, site_pages, wait_for_diagrams

pytestmark = pytest.mark.browser

JOURNEY = "journeys/velo-kauf/"

_DIAGRAM_KIND = """
(i) => document.querySelectorAll('div.mermaid')[i].shadowRoot.querySelector('svg').getAttribute('aria-roledescription')
"""


# ------------------------------------------------------------------ 10. screenshots
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_journey_screenshots(tab, site_dir, scheme):
    page, record = tab(color_scheme=scheme)
    goto(page, record, JOURNEY)
    wait_for_diagrams(page, len(diagram_sources(site_dir, JOURNEY)))
    assert page.get_attribute("body", "data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
    page.wait_for_timeout(300)  # let web fonts / layout settle
    SHOTS.mkdir(parents=True, exist_ok=True)
    shots = {}
    name = JOURNEY.strip("/").replace("/", "_")

    shots["top"] = SHOTS / f"{name}-{scheme}-top.png"
    page.screenshot(path=str(shots["top"]))

    diagrams = page.locator("div.mermaid")
    kinds = [page.evaluate(_DIAGRAM_KIND, i) for i in range(diagrams.count())]
    curve = kinds.index("journey")
    # impact maps follow the emotion curve and the branch flowchart
    impact = [i for i, k in enumerate(kinds) if k.startswith("flowchart")][1]
    for label, index in (("emotion-curve", curve), ("impact-map", impact)):
        # scroll down only (scrolling up brings in Material's "back to top" button),
        # keeping the section heading above the diagram in view
        page.evaluate("(el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 130)",
                      diagrams.nth(index).element_handle())
        page.wait_for_timeout(250)
        shots[label] = SHOTS / f"{name}-{scheme}-{label}.png"
        page.screenshot(path=str(shots[label]))

    shots["full"] = SHOTS / f"{name}-{scheme}-full.png"
    page.screenshot(path=str(shots["full"]), full_page=True)
    for path in shots.values():
        assert path.stat().st_size > 10_000, path
    print("\n" + "\n".join(str(p) for p in shots.values()))


# ------------------------------------------------------------------ defects seen in the screenshots
_LABEL_FIT = """
() => {
  const out = [];
  document.querySelectorAll('div.mermaid').forEach((host, i) => {
    const svg = host.shadowRoot.querySelector('svg');
    if (svg.getAttribute('aria-roledescription') !== 'journey') return;
    for (const fo of svg.querySelectorAll('foreignObject')) {
      const label = fo.querySelector('.label') || fo.firstElementChild;
      const range = document.createRange(); range.selectNodeContents(label);
      const text = range.getBoundingClientRect(), box = fo.getBoundingClientRect();
      out.push({ text: label.textContent.trim(), box: [Math.round(box.width), Math.round(box.height)],
                 needs: [Math.round(text.width), Math.round(text.height)],
                 fontSize: getComputedStyle(label).fontSize });
    }
  });
  return out;
}
"""

LABEL_CLIP_BUG = (
    "BUG: journeys/maatoo-einstieg/, emotion curve: task label 'Richtet die erste Geburtstagskampagne im "
    "Produkt ein' does not fit its 160x76 px box: 'Geburtstagskampagne' needs 162 px and runs into both box "
    "borders (the <foreignObject> clips it). Labels are painted at 16px (Material's .label font) although "
    "the loader configures journey.taskFontSize 13, so Mermaid's wrapping/box sizing and the painted text disagree"
)


def test_journey_task_labels_fit_their_boxes(tab, site_dir):
    page, record = tab()
    clipped = []
    total = 0
    for path in [p for p in site_pages(site_dir) if re.fullmatch(r"journeys/[^/]+/", p)]:
        goto(page, record, path)
        wait_for_diagrams(page, len(diagram_sources(site_dir, path)))
        labels = page.evaluate(_LABEL_FIT)
        total += len(labels)
        clipped += [dict(l, page=path) for l in labels
                    if l["needs"][0] > l["box"][0] + 1 or l["needs"][1] > l["box"][1] + 1]
    precondition(total > 40, f"only {total} journey labels found")
    assert not clipped, f"{len(clipped)} of {total} journey labels overflow their box:\n" + "\n".join(
        f"  {c['page']}: {c['text'][:60]!r} box {c['box']} needs {c['needs']} at {c['fontSize']}" for c in clipped[:12])


_FLOWCHART_TEXT = """
() => [...document.querySelectorAll('div.mermaid')].map((host, i) => {
  const svg = host.shadowRoot.querySelector('svg');
  const label = svg.querySelector('.nodeLabel');
  if (!label || !svg.getAttribute('aria-roledescription').startsWith('flowchart')) return null;
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return { diagram: i, viewBoxWidth: Math.round(svg.viewBox.baseVal.width),
           shownWidth: Math.round(svg.getBoundingClientRect().width),
           px: Math.round(parseFloat(getComputedStyle(label).fontSize) * scale * 10) / 10 };
}).filter(Boolean)
"""

MIN_TEXT_PX = 10  # below this, diagram text is not readable without zooming

FLOWCHART_SIZE_BUG = (
    "BUG: journey pages at 1280 px width: flowcharts are shrunk to the 688 px content column "
    "(Mermaid useMaxWidth), so their 16 px labels are shown at 6-11 px; worst is the branch flowchart "
    "('Verzweigungen', e.g. velo-kauf 1840 px wide -> ~6 px text, unreadable), impact maps ~9-11 px. "
    "Journeys already keep natural width and scroll (loader: journey.useMaxWidth=false); flowcharts do not"
)


def test_flowchart_text_is_legible_at_desktop_width(tab, site_dir):
    page, record = tab()
    sizes = []
    for path in [p for p in site_pages(site_dir) if re.fullmatch(r"journeys/[^/]+/", p)]:
        goto(page, record, path)
        wait_for_diagrams(page, len(diagram_sources(site_dir, path)))
        sizes += [dict(s, page=path) for s in page.evaluate(_FLOWCHART_TEXT)]
    precondition(len(sizes) >= 8, f"only {len(sizes)} flowcharts found")
    print("\n" + "\n".join(f"{s['page']} diagram {s['diagram']}: {s['viewBoxWidth']} px drawn in "
                            f"{s['shownWidth']} px -> text {s['px']} px" for s in sizes))
    small = [s for s in sizes if s["px"] < MIN_TEXT_PX]
    assert not small, f"{len(small)} of {len(sizes)} flowcharts show text below {MIN_TEXT_PX} px: " + ", ".join(
        f"{s['page']}#{s['diagram']} {s['px']}px" for s in small)
