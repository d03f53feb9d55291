"""Long lists on numbered pages: paths, slices, pager links, and the fixture site split two rows a page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mkdocs_journeys.plugin.config import JourneysConfig, check_options
from mkdocs_journeys.render.pages.pagination import Pager, paged_src, split
from sitekit import copy_site, mkdocs_build


@pytest.mark.unit
def test_paged_src_keeps_page_one_and_nests_the_others():
    assert paged_src("persona", "sara", 1) == "personas/sara.md"
    assert paged_src("persona", "sara", 2) == "personas/sara/2.md"
    assert paged_src("journeys", None, 3) == "journeys/page/3.md"
    assert paged_src("matrix", None, 2) == "phases/matrix/2.md"
    assert paged_src("health", None, 2) == "health/page/2.md"
    assert paged_src("phase", "awareness", 2) == "phases/awareness/2.md"


@pytest.mark.unit
def test_split_slices_every_list_in_parallel():
    pages = split({"a": list(range(5)), "b": list("xy")}, 2)
    assert [p["a"] for p in pages] == [[0, 1], [2, 3], [4]]
    assert [p["b"] for p in pages] == [["x", "y"], [], []]


@pytest.mark.unit
@pytest.mark.parametrize("per_page", [0, -1, 5, 100])
def test_split_keeps_short_lists_on_one_page(per_page):
    assert split({"a": [1, 2, 3, 4, 5]}, per_page) == [{"a": [1, 2, 3, 4, 5]}]
    assert split({}, per_page) == [{}]


@pytest.mark.unit
def test_window_shows_first_last_and_neighbours():
    assert Pager("journeys", None, 1, 3).window() == [1, 2, 3]
    assert Pager("journeys", None, 10, 40).window() == [1, None, 8, 9, 10, 11, 12, None, 40]
    assert Pager("journeys", None, 40, 40).window() == [1, None, 38, 39, 40]


@pytest.mark.unit
def test_a_numbered_pages_heading_says_which_page_it_is():
    from factory import catalog
    from mkdocs_journeys.plugin.site_links import SiteLinks
    from mkdocs_journeys.render.labels import labels
    from mkdocs_journeys.render.pages import SiteBuilder

    builder = SiteBuilder(catalog(), labels("en"), SiteLinks().links(), findings=[], per_page=1)
    for pages in (builder.journeys_index(), builder.personas_index(), builder.phase(builder.c.phases[0])):
        first, second = pages[0].text.markdown, pages[1].text.markdown
        title = re.search(r"^# (.*)$", first, re.M).group(1)
        suffix = labels("en").page_of.format(number=2, count=len(pages))
        assert f"\n# {title} · {suffix}\n" in second, second[:200]
        assert " · " not in title


@pytest.mark.unit
def test_negative_per_page_is_an_option_error():
    cfg = JourneysConfig()
    cfg.load_dict({"per_page": -3})
    assert not cfg.validate()[0]
    assert any(p.startswith("per_page: -3") for p in check_options(cfg))


class _Page(HTMLParser):
    """The article's links, table rows, headings and the pager of one built page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.rows = 0
        self.headings: list[str] = []
        self.pager: list[str] = []
        self.current: list[str] = []
        self._in_article = self._in_pager = self._in_h = self._in_current = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self._in_article = True
        if not self._in_article:
            return
        if tag == "nav" and "jr-pager" in (a.get("class") or ""):
            self._in_pager = True
        if tag == "a" and a.get("href") and not self._in_pager:
            self.links.append(a["href"])
        if tag == "a" and self._in_pager:
            self.pager.append(a["href"])
        if tag == "span" and a.get("aria-current") == "page":
            self._in_current = True
        if tag == "tr":
            self.rows += 1
        if tag in ("h1", "h2"):
            self._in_h = True
            self.headings.append("")

    def handle_endtag(self, tag):
        if tag == "article":
            self._in_article = False
        if tag == "nav":
            self._in_pager = False
        if tag in ("h1", "h2"):
            self._in_h = False
        if tag == "span":
            self._in_current = False

    def handle_data(self, data):
        if self._in_h:
            self.headings[-1] += data
        if self._in_current:
            self.current.append(data)


def parse(path: Path) -> _Page:
    p = _Page()
    p.feed(path.read_text(encoding="utf-8"))
    return p


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory) -> Path:
    site = copy_site(tmp_path_factory.mktemp("paged"))
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - journeys:\n", "  - journeys:\n      per_page: 2\n", 1), encoding="utf-8")
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    return site / "site"


def pages_of(site: Path, first: str) -> list[Path]:
    """Page 1 and its numbered pages, in order."""
    base = site / first
    sub = base / "page" if first.endswith(("journeys", "personas", "touchpoints", "health")) else base
    numbered = sorted(
        (p for p in sub.glob("*/index.html") if p.parent.name.isdigit()), key=lambda p: int(p.parent.name)
    )
    return [base / "index.html", *numbered]


@pytest.mark.build
def test_default_splits_only_lists_longer_than_30(built_site):
    site = built_site / "site"
    # No list of the fixture site is longer than the default of 30 rows a page; its 33 touchpoints fit the
    # catalog and the matrix, whose rows are one line each (60 and 45 rows a page). A team page's lists have
    # rows per page by their weight (team_pages.ROW_SHARE): Marketing's 45 KPIs, 12 a page, take four pages.
    # The friction backlog has a row per pain point: 40 of them.
    split = [p.relative_to(site).as_posix() for p in site.glob("**/2/index.html")]
    assert [p for p in split if not p.startswith("teams/")] == ["backlog/page/2/index.html"]
    assert "teams/marketing/2/index.html" in split and (site / "teams/marketing/4/index.html").is_file()
    assert not (site / "teams/marketing/5/index.html").exists()


@pytest.mark.build
def test_journeys_index_lists_every_journey_once_over_its_pages(paged_site):
    pages = pages_of(paged_site, "journeys")
    assert len(pages) == 4  # four journeys; a heat map row and a table row make a double row: one a page
    seen = []
    for page in pages:
        p = parse(page)
        here = [h for h in p.links if re.fullmatch(r"(\.\./)*[a-z0-9-]+/", h) and "page" not in h]
        assert len(here) == 2 and here[0] == here[1], page  # its heat map row, then its table row
        seen.append(here[0])
    names = [h.strip("./").split("/")[-1] or h for h in seen]
    assert sorted(names) == sorted(["maatoo-einstieg", "maatoo-einstieg-soll", "velo-kauf", "reaktivierung"])


@pytest.mark.build
def test_pager_links_neighbours_and_marks_the_current_page(paged_site):
    pages = pages_of(paged_site, "personas/sara")
    assert len(pages) > 3
    for n, page in enumerate(pages, 1):
        p = parse(page)
        assert p.current == [str(n)] * 2, page  # the pager above and below the lists
        for href in p.pager:
            target = (page.parent / href).resolve() / "index.html"
            assert target.is_file(), (page, href)
        if n > 1:
            assert (page.parent / p.pager[0]).resolve() == pages[n - 2].parent.resolve()
            assert f"Seite {n} von {len(pages)}" in p.headings[0]


@pytest.mark.build
def test_profile_only_on_page_one_and_rows_bounded(paged_site):
    pages = pages_of(paged_site, "personas/sara")
    first, second = pages[0].read_text(encoding="utf-8"), pages[1].read_text(encoding="utf-8")
    assert 'id="empathy-map"' in first and 'id="empathy-map"' not in second
    for page in pages:
        for table in re.findall(r"<table>.*?</table>", page.read_text(encoding="utf-8"), re.S):
            assert table.count("<tr>") <= 3, page  # header + two rows


def _section_rows(html: str, anchor: str) -> list[str]:
    if f'id="{anchor}"' not in html:
        return []
    table = html.split(f'id="{anchor}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]  # without the header


@pytest.mark.build
@pytest.mark.parametrize("persona", ["sara", "luca"])
def test_persona_rows_are_all_shown_exactly_once(paged_site, persona):
    from mkdocs_journeys.core.catalog_loader import Settings, load_catalog
    from mkdocs_journeys.core.model import PhaseDef

    phases = [PhaseDef(pid, pid) for pid in ("awareness", "information", "purchase", "loyalty", "offboarding")]
    cat = load_catalog(Settings(root=paged_site.parent, phases=phases)).catalog  # the project that was built
    shown = {"scores": [], "needs": [], "impacts": []}
    for page in pages_of(paged_site, f"personas/{persona}"):
        html = page.read_text(encoding="utf-8")
        for anchor in shown:
            shown[anchor] += _section_rows(html, anchor)
    assert len(shown["scores"]) == len(cat.persona_steps(persona)) > 2
    assert len(shown["needs"]) == len(cat.persona_needs(persona))
    assert len(shown["impacts"]) == len(cat.persona_impacts(persona))
    for anchor, rows in shown.items():
        assert len(set(rows)) == len(rows) or anchor == "needs", anchor  # no slice shown twice


@pytest.mark.build
def test_every_numbered_page_has_an_edit_link_to_its_source(paged_site):
    html = (paged_site / "personas" / "sara" / "2" / "index.html").read_text(encoding="utf-8")
    assert "personas/sara.md" in html


@pytest.mark.build
def test_phase_pages_show_each_journey_with_its_own_steps(paged_site):
    # per_page 2: one journey (its goal row and all its steps) per phase page
    pages = pages_of(paged_site, "phases/information")
    seen = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        goals = _section_rows(html, "goals")
        steps = _section_rows(html, "steps")
        if not goals:  # later pages carry the rest of the phase's touchpoints only
            assert not steps and 'id="touchpoints"' in html, page
            continue
        assert len(goals) == 1, page
        journey = re.search(r'href="([^"#]+)#information"', goals[0]).group(1)
        assert steps and all(f'href="{journey}#information"' in row for row in steps), page
        seen.append(journey)
    assert len(seen) == len(set(seen)) == 4  # the four journeys of the fixture site cover Information


@pytest.mark.build
def test_numbered_pages_and_journey_health_pages_stay_out_of_search(paged_site):
    import json

    index = json.loads((paged_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert {"personas/sara/", "journeys/", "phases/information/", "health/"} <= locations
    assert not [loc for loc in locations if re.search(r"/(page/)?\d+/$", loc)]
    assert not [loc for loc in locations if re.fullmatch(r"health/[a-z0-9-]+/", loc)]
