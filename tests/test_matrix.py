"""The phase × touchpoint matrix: touchpoints (rows, by channel) × phases (columns), steps per cell."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest

from factory import PHASES
from mkdocs_journeys.core.model import Catalog, Journey, JourneyPhase, Persona, Source, Step, Touchpoint
from mkdocs_journeys.plugin.site_links import SiteLinks
from mkdocs_journeys.render.labels import labels
from mkdocs_journeys.render.pages import SiteBuilder
from mkdocs_journeys.render.pages.matrix import Group, pack

pytestmark = pytest.mark.unit

# Article 000's touchpoints by phase (see the domain brief): the table the matrix must reproduce.
ARTICLE_000 = {
    "awareness": [
        "Social Media",
        "Search Ads",
        "Vergleichsplattformen",
        "Testberichte",
        "Persönliche Empfehlung",
        "Messe",
        "Inserate",
    ],
    "information": ["Chatbot", "SEO", "Webauftritt", "Verkaufslokal", "Telefonanruf"],
    "purchase": ["Online Shop", "Online Chat", "Point of Sale", "Dialog Mailing", "Verkaufsberater"],
    "loyalty": [
        "Produkt",
        "Rechnungen",
        "Transaktionale E-Mails",
        "Marketing E-Mails",
        "Service Anfragen",
        "Newsletter",
        "Support Anfragen",
        "Schulungen",
        "Online Hilfe",
    ],
    "offboarding": ["Brief", "E-Mail Verabschiedung", "Persönlicher Kontakt", "Widerruf", "Post Mortem Debriefing"],
}
CHANNELS = ["social", "ads", "review", "web", "chat", "phone", "in-person", "email", "print", "product", "event"]


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("ö", "oe").replace("ä", "ae").replace("ü", "ue")).strip("-")


def article_catalog() -> Catalog:
    """Two journeys whose steps use the article's touchpoints in the article's phases."""
    c = Catalog(phases=list(PHASES))
    c.personas["sara"] = Persona("sara", Source("personas/sara.md"), name="Sara", role="Owner")
    n = 0
    for _phase, names in ARTICLE_000.items():
        for name in names:
            c.touchpoints[slug(name)] = Touchpoint(
                slug(name),
                Source(f"touchpoints/{slug(name)}.md"),
                name=name,
                channel=CHANNELS[n % len(CHANNELS)],
                kind="digital",
            )
            n += 1
    for jid, half in (("kmu", 0), ("velo", 1)):
        phases = []
        for phase, names in ARTICLE_000.items():
            steps = [
                Step(f"{name} {jid}", 1 + (i + half) % 5, slug(name), ["sara"])
                for i, name in enumerate(names)
                if i % 2 == half or i == 0
            ]
            phases.append(JourneyPhase(jid, phase, Source(f"journeys/{jid}/{phase}.md"), steps=steps))
        c.journeys[jid] = Journey(
            jid,
            Source(f"journeys/{jid}/index.md"),
            title=jid.upper(),
            summary="",
            personas=["sara"],
            state="as-is",
            phases=phases,
        )
    return c


class MatrixTable(HTMLParser):
    """The matrix as data: column headers, and per row the touchpoint and its cells (text, classes, href)."""

    def __init__(self):
        super().__init__()
        self.columns: list[str] = []
        self.rows: list[dict] = []
        self.groups: list[str] = []
        self._cell: dict | None = None
        self._in_head = False
        self._kind = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "thead":
            self._in_head = True
        elif tag == "tbody" or tag == "tfoot":
            self._in_head = False
        elif tag == "tr" and not self._in_head:
            self.rows.append({"th": "", "cells": [], "class": a.get("class", "")})
        elif tag in ("th", "td"):
            self._cell = {
                "text": "",
                "class": a.get("class") or "",
                "href": None,
                "title": None,
                "scope": a.get("scope"),
            }
        elif tag == "a" and self._cell is not None:
            self._cell["href"], self._cell["title"] = a.get("href"), a.get("title")

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data

    def handle_endtag(self, tag):
        if tag not in ("th", "td") or self._cell is None:
            return
        cell, self._cell = self._cell, None
        cell["text"] = " ".join(unescape(cell["text"]).split())
        if self._in_head:
            self.columns.append(cell["text"])
        elif cell["scope"] == "rowgroup":
            self.groups.append(cell["text"])
        elif tag == "th":
            self.rows[-1]["th"] = cell["text"]
        else:
            self.rows[-1]["cells"].append(cell)


def matrix_pages(c: Catalog, lang: str = "de", per_page: int = 30) -> list[tuple[str, MatrixTable]]:
    out = []
    for page in SiteBuilder(c, labels(lang), SiteLinks().links(), per_page=per_page).matrix():
        html = page.markdown
        table = MatrixTable()
        table.feed(html[html.index('<table class="jr-mx"') : html.index("</table>")])
        out.append((page.src_uri, table))
    return out


def body_rows(table: MatrixTable) -> list[dict]:
    return [r for r in table.rows if r["cells"] and r["th"] not in ("Alle Touchpoints", "All touchpoints")]


def test_matrix_reproduces_the_touchpoint_table_of_article_000():
    [(_, table)] = matrix_pages(article_catalog())
    phase_titles = [p.title for p in PHASES]
    assert table.columns[1:-1] == phase_titles
    filled: dict[str, set[str]] = {}
    for row in body_rows(table):
        for phase, cell in zip(ARTICLE_000, row["cells"]):
            if cell["text"]:
                filled.setdefault(phase, set()).add(row["th"])
    assert filled == {phase: set(names) for phase, names in ARTICLE_000.items()}


def test_cells_count_steps_across_journeys_and_rows_and_columns_add_up():
    c = article_catalog()
    [(_, table)] = matrix_pages(c)
    rows = {r["th"]: r for r in body_rows(table)}
    # The first touchpoint of every phase has a step in both journeys; the others one step each.
    assert [cell["text"] for cell in rows["Social Media"]["cells"]] == ["2", "", "", "", "", "2"]
    assert [cell["text"] for cell in rows["Search Ads"]["cells"]] == ["1", "", "", "", "", "1"]
    assert [cell["text"] for cell in rows["Chatbot"]["cells"]] == ["", "2", "", "", "", "2"]
    total = table.rows[-1]
    steps_per_phase = [
        sum(len(jp.steps) for j in c.journeys.values() for jp in j.phases if jp.phase == p.id) for p in PHASES
    ]
    assert [cell["text"] for cell in total["cells"]] == [str(n) for n in steps_per_phase] + [str(sum(steps_per_phase))]


def test_cell_colour_is_the_average_emotion_and_the_title_says_it():
    [(_, table)] = matrix_pages(article_catalog(), "en")
    social = next(r for r in body_rows(table) if r["th"] == "Social Media")["cells"][0]
    # kmu scores its first step 1, velo 2: average 1.5 rounds to 2
    assert "jr-mx-e2" in social["class"].split()
    assert social["title"] == "2 steps in 2 journeys · average emotion 1.5"
    one = next(r for r in body_rows(table) if r["th"] == "Search Ads")["cells"][0]
    assert one["title"] == "1 step in 1 journey · average emotion 3"
    assert "jr-mx-e3" in one["class"].split()


def test_a_cell_links_to_its_steps():
    c = article_catalog()
    [(_, table)] = matrix_pages(c)
    rows = {r["th"]: r for r in body_rows(table)}
    # one journey: its phase on the journey page
    assert rows["Search Ads"]["cells"][0]["href"] == "../../journeys/velo/#awareness"
    # several journeys: the touchpoint page's steps in that phase, which carry that anchor
    assert rows["Social Media"]["cells"][0]["href"] == "../../touchpoints/social-media/#used-in-awareness"
    page = SiteBuilder(c, labels("de"), SiteLinks().links()).touchpoint("social-media")[0].markdown
    assert 'id="used-in-awareness"' in page


def test_a_cell_links_to_the_numbered_touchpoint_page_where_the_phase_begins():
    c = article_catalog()
    for jid in ("a", "b", "c"):  # three more journeys use the newsletter, in information and loyalty
        phases = [
            JourneyPhase(jid, p, Source(f"journeys/{jid}/{p}.md"), steps=[Step("x", 3, "newsletter", ["sara"])])
            for p in ("information", "loyalty")
        ]
        c.journeys[jid] = Journey(
            jid,
            Source(f"journeys/{jid}/index.md"),
            title=jid,
            summary="",
            personas=["sara"],
            state="as-is",
            phases=phases,
        )
    # per_page 2: the newsletter's steps in phase order are information a, b | c, loyalty velo | a, b | c
    pages = matrix_pages(c, per_page=2)
    cells = {(r["th"], i): cell for _, t in pages for r in body_rows(t) for i, cell in enumerate(r["cells"])}
    loyalty = cells[("Newsletter", 3)]
    assert loyalty["text"] == "4"
    href = loyalty["href"]
    assert href.endswith("touchpoints/newsletter/2/#used-in-loyalty"), href
    tp_pages = SiteBuilder(c, labels("de"), SiteLinks().links(), per_page=2).touchpoint("newsletter")
    assert 'id="used-in-loyalty"' in tp_pages[1].markdown
    assert 'id="used-in-loyalty"' not in tp_pages[0].markdown


def test_rows_are_grouped_by_channel_label_in_the_site_language():
    c = article_catalog()
    for lang in ("de", "en"):
        [(_, table)] = matrix_pages(c, lang)
        names = labels(lang)["channel_names"]
        expected = sorted({tp.channel for tp in c.touchpoints.values()}, key=lambda ch: names[ch].casefold())
        assert [g.split(" ")[0] for g in table.groups] == [names[ch].split(" ")[0] for ch in expected]
    # 'Werbung' (ads) sorts last in German, 'Advertising' first in English
    assert matrix_pages(c, "de")[0][1].groups[-1].startswith("Werbung")
    assert matrix_pages(c, "en")[0][1].groups[0].startswith("Advertising")


def test_empty_cells_are_empty_and_every_catalog_touchpoint_has_a_row():
    c = article_catalog()
    c.touchpoints["spare"] = Touchpoint(
        "spare", Source("touchpoints/spare.md"), name="Spare", channel="web", kind="analog"
    )
    [(_, table)] = matrix_pages(c)
    spare = next(r for r in body_rows(table) if r["th"] == "Spare")
    assert [cell["text"] for cell in spare["cells"]] == [""] * 6
    assert all(cell["href"] is None for cell in spare["cells"])


def test_pages_split_by_rows_only_when_needed_and_keep_channel_groups_whole():
    c = article_catalog()
    assert len(matrix_pages(c, per_page=30)) == 1  # 31 rows fit: a matrix row is one line, 1.5 × per_page a page
    pages = matrix_pages(c, per_page=4)  # at most 6 rows a page
    assert len(pages) > 1
    assert pages[1][0] == "phases/matrix/2.md"
    seen: list[str] = []
    for _, table in pages:
        assert len(body_rows(table)) <= 6
        groups = [g.split(" ")[0] for g in table.groups]
        assert not set(groups) & set(seen), "a channel group is split across pages"
        seen += groups
    assert sorted(r["th"] for _, t in pages for r in body_rows(t)) == sorted(tp.name for tp in c.touchpoints.values())


def test_pack_cuts_only_a_group_longer_than_a_page():
    def g(name: str, n: int) -> Group:
        return Group(name, name, list(range(n)), n)

    pages = pack([g("a", 2), g("b", 3), g("c", 7), g("d", 1)], 4)
    assert [[(x.channel, len(x.rows), x.continued) for x in p] for p in pages] == [
        [("a", 2, False)],
        [("b", 3, False)],
        [("c", 4, False)],
        [("c", 3, True), ("d", 1, False)],
    ]
    assert pack([g("a", 2), g("b", 3)], 0) == [[g("a", 2), g("b", 3)]]
