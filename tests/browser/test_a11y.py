"""Accessibility: text contrast inside the rendered diagrams (light and dark palette),
and axe-core on one page of each kind."""

from __future__ import annotations

import json
import re

import pytest

from e2e_support import (
    AXE_JS,
    CONTRAST_JS,
    bug,
    contrast_summary,
    diagram_sources,
    goto,
    new_tab,
    precondition,
    site_pages,
    wait_for_diagrams,
)

pytestmark = pytest.mark.browser


# ------------------------------------------------------------------ 6. contrast in diagrams
@pytest.fixture(scope="module")
def contrast_samples(browser, base_url, site_dir):
    """scheme -> text samples of every diagram on every journey page. Dark mode is switched
    with the palette toggle in the header, as a reader would."""
    _samples: dict[str, list[dict]] = {}

    def collect(scheme: str) -> list[dict]:
        if scheme in _samples:
            return _samples[scheme]
        context, page, record = new_tab(browser, base_url, color_scheme="light")
        samples = []
        try:
            for path in [p for p in site_pages(site_dir) if re.fullmatch(r"journeys/[^/]+/", p)]:
                goto(page, record, path)
                wanted = "slate" if scheme == "dark" else "default"
                if page.get_attribute("body", "data-md-color-scheme") != wanted:
                    page.locator("[data-md-component=palette] label").filter(visible=True).first.click()
                    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{wanted}'")
                wait_for_diagrams(page, len(diagram_sources(site_dir, path)))
                for s in page.evaluate(CONTRAST_JS, None):
                    samples.append(dict(s, page=path))
        finally:
            context.close()
        _samples[scheme] = samples
        return samples

    return collect


# The emotion curve is the plugin's own SVG now (no Mermaid `journey` diagram on journey pages).
@pytest.mark.parametrize(
    "scheme,kind",
    [
        ("light", "emotion-curve"),
        ("light", "flowchart"),
        ("dark", "emotion-curve"),
        ("dark", "flowchart"),
    ],
)
def test_diagram_text_contrast(contrast_samples, scheme, kind):
    samples = [s for s in contrast_samples(scheme) if s["kind"].startswith(kind)]
    precondition(len({s["page"] for s in samples}) >= 4, "expected text samples from every journey page")
    precondition(len(samples) >= 20, f"too few text samples: {samples}")
    print(f"\n{scheme} / {kind}: {len(samples)} text samples, worst {min(s['ratio'] for s in samples):.2f}:1")
    print("\n".join(contrast_summary(samples)))
    failing = [s for s in samples if s["ratio"] < (3.0 if s["large"] else 4.5)]
    assert not failing, f"{len(failing)} of {len(samples)} texts below WCAG AA:\n" + "\n".join(
        contrast_summary(failing)
    )


# ------------------------------------------------------------------ 9. axe-core
MATERIAL_BUGS = (
    "BUG (Material theme defaults, fixable in overrides/ or extra CSS): the search overlay `.md-search` has "
    "role=dialog without an accessible name (aria-dialog-name, serious); footer `.md-copyright` text #7f7f7f on "
    "#171717 = 4.47:1 (color-contrast, serious)"
)
CONTENT_LINKS = (
    "; links in body text are #4051b5 in #212121 text (2.34:1) without underline (link-in-text-block, serious)"
)
SOURCE_LINK = (
    "; plugin footer `p.jr-source` 'Quelle bearbeiten' link is #4051b5 in #757575 text (1.48:1) "
    "without underline (link-in-text-block, serious)"
)
SCROLL_REGION = (
    "; journeys.css gives `div.mermaid` overflow-x:auto, the wide emotion-curve diagram becomes a "
    "scroll region that is not keyboard-focusable (scrollable-region-focusable, serious)"
)

OWNER_BADGE = (
    "; owner badges `span.jr-badge.jr-owner` (journey header, touchpoint 'Verantwortlich: ...') pick up "
    "board.css's unscoped `.jr-owner` (board.css is now added to every page: 0.54rem = 10.8px, color "
    "--md-default-fg-color--light on --lightest): #6d6d6d on #ededed = 4.41:1 (color-contrast, serious)"
)

AXE_PAGES = [
    ("", "home", MATERIAL_BUGS + CONTENT_LINKS),
    ("journeys/velo-kauf/", "journey", MATERIAL_BUGS + SOURCE_LINK + SCROLL_REGION + OWNER_BADGE),
    ("personas/nina/", "persona", MATERIAL_BUGS + SOURCE_LINK),
    ("touchpoints/social-media/", "touchpoint", MATERIAL_BUGS + SOURCE_LINK + OWNER_BADGE),
    ("phases/awareness/", "phase", MATERIAL_BUGS + CONTENT_LINKS),
    ("journeys/", "journeys index", MATERIAL_BUGS),
    ("touchpoints/", "touchpoints index", MATERIAL_BUGS),
    ("phases/matrix/", "matrix", MATERIAL_BUGS),
    ("reference/format/", "format reference", MATERIAL_BUGS + CONTENT_LINKS),
    # newer page kinds
    (
        "journeys/velo-kauf/board/",
        "board",
        MATERIAL_BUGS
        + (
            "; board (light): owner tags `span.jr-owner` #696969 on #e5e5e5 = 4.35:1 (28 nodes, 10.8px), persona chips "
            "`span.jr-who-1/-2` 4.36:1 / 4.30:1, table corner `th.jr-corner` #6d6e72 on #eeeff8 = 4.44:1 (color-contrast)"
        ),
    ),
    ("health/", "health report", MATERIAL_BUGS),
    ("journeys/maatoo-einstieg-soll/compare/", "as-is vs to-be", MATERIAL_BUGS),
    ("touchpoints/page/2/", "numbered page", MATERIAL_BUGS),
    ("teams/", "teams index", MATERIAL_BUGS),
    ("teams/marketing/", "team", MATERIAL_BUGS),
    ("backlog/", "friction backlog", MATERIAL_BUGS),
]

# Serious violations already reported above; anything else is a regression.
KNOWN = {
    "aria-dialog-name": lambda n: n["target"] == [".md-search"],
    "color-contrast": lambda n: (
        n["target"] == [".md-copyright"]
        or re.search(r'class="(jr-badge jr-owner|jr-owner|jr-who jr-who-\d|jr-corner)"', n["html"])
    ),
    "link-in-text-block": lambda n: "<a " in n["html"],
    "scrollable-region-focusable": lambda n: 'class="mermaid"' in n["html"],
}


@pytest.fixture(scope="module")
def axe_results(browser, base_url, site_dir):
    """path -> axe violations (light mode, diagrams rendered into open shadow roots first)."""
    precondition(AXE_JS.is_file(), f"{AXE_JS} missing (npm install in the repo)")
    context, page, record = new_tab(browser, base_url)
    results = {}
    try:
        for path, _, _ in AXE_PAGES:
            if not (site_dir / path / "index.html").is_file():
                results[path] = None  # a page kind this build does not have
                continue
            goto(page, record, path)
            wait_for_diagrams(page, len(diagram_sources(site_dir, path)))
            page.add_script_tag(path=str(AXE_JS))
            results[path] = page.evaluate("""async () => {
              const r = await axe.run(document, { resultTypes: ['violations'] });
              return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({ target: n.target, html: n.html.slice(0, 160),
                                           summary: (n.failureSummary || '').split('\\n').slice(1, 2).join(' ').trim() })) }));
            }""")
    finally:
        context.close()
    return results


def _report(path: str, violations: list[dict]) -> str:
    lines = [f"axe on /{path}: {len(violations)} violated rule(s)"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} node(s))")
        for n in v["nodes"][:6]:
            lines.append(f"      {json.dumps(n['target'])} {n['html'][:90]} | {n['summary'][:140]}")
    return "\n".join(lines)


def _violations(results, path):
    if results[path] is None:
        pytest.skip(f"/{path} is not built")
    return results[path]


def _serious(violations):
    return [v for v in violations if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("path", [pytest.param(path, id=kind) for path, kind, _ in AXE_PAGES])
def test_axe_no_serious_violations(axe_results, path):
    violations = _violations(axe_results, path)
    print("\n" + _report(path, violations))
    serious = _serious(violations)
    assert not serious, _report(path, serious)


@pytest.mark.parametrize("path", [pytest.param(path, id=kind) for path, kind, _ in AXE_PAGES])
def test_axe_no_new_serious_violations(axe_results, path):
    """Only the violations reported in the xfail reasons above: catches regressions meanwhile."""
    new = []
    for v in _serious(_violations(axe_results, path)):
        nodes = [n for n in v["nodes"] if not KNOWN.get(v["id"], lambda n: False)(n)]
        if nodes:
            new.append(dict(v, nodes=nodes))
    assert not new, _report(path, new)


# Dark mode: only the colour rule (the structural rules do not depend on the palette).
DARK_OWNER_BADGE = (
    "BUG: dark mode: owner badges `span.jr-badge.jr-owner` get board.css's unscoped `.jr-owner` "
    "style: 10.8px #96989f on #363840 = 4.05:1 (axe color-contrast, serious; needs 4.5:1)"
)
DARK_BUGS: dict[str, str] = {}  # none known; add a kind -> reason here for a new known bug


@pytest.fixture(scope="module")
def axe_dark_contrast(browser, base_url, site_dir):
    context, page, record = new_tab(browser, base_url, color_scheme="dark")
    results = {}
    try:
        for path, _, _ in AXE_PAGES:
            if not (site_dir / path / "index.html").is_file():
                results[path] = None
                continue
            goto(page, record, path)
            precondition(page.get_attribute("body", "data-md-color-scheme") == "slate", "dark palette not applied")
            wait_for_diagrams(page, len(diagram_sources(site_dir, path)))
            page.add_script_tag(path=str(AXE_JS))
            results[path] = page.evaluate("""async () => {
              const r = await axe.run(document, { runOnly: ['color-contrast'], resultTypes: ['violations'] });
              return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({ target: n.target, html: n.html.slice(0, 160),
                                           summary: (n.failureSummary || '').split('\\n').slice(1, 2).join(' ').trim() })) }));
            }""")
    finally:
        context.close()
    return results


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(path, id=kind, marks=[bug(DARK_BUGS[kind])] if kind in DARK_BUGS else [])
        for path, kind, _ in AXE_PAGES
    ],
)
def test_axe_dark_mode_color_contrast(axe_dark_contrast, path):
    violations = _violations(axe_dark_contrast, path)
    print("\n" + _report(path, violations))
    serious = _serious(violations)
    assert not serious, _report(path, serious)
