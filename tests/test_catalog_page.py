"""The touchpoint catalog (one table, grouped by channel) and the touchpoint page's tables."""

from __future__ import annotations

import re
from html import unescape

import pytest

from factory import PHASES
from mkdocs_journeys.core.model import Catalog, Impact, Journey, JourneyPhase, Persona, Source, Step, Touchpoint
from mkdocs_journeys.plugin.site_links import SiteLinks
from mkdocs_journeys.render.labels import labels
from mkdocs_journeys.render.pages import SiteBuilder

pytestmark = pytest.mark.unit

# (id, name, channel, kind, owner)
TOUCHPOINTS = [
    ("shop", "Online Shop", "web", "digital", "E-Commerce"),
    ("site", "Webauftritt", "web", "digital", "Marketing"),
    ("faq", "Online Hilfe", "web", "digital", "Support"),
    ("ads", "Search Ads", "ads", "digital", "Marketing"),
    ("poster", "Plakat", "ads", "analog", "Marketing"),
    ("letter", "Brief", "print", "analog", ""),
    ("mail", "Newsletter", "email", "digital", "Marketing"),
    ("idle", "Ungenutzt", "email", "digital", "Marketing"),
]


def catalog() -> Catalog:
    c = Catalog(phases=list(PHASES))
    c.personas["sara"] = Persona("sara", Source("personas/sara.md"), name="Sara", role="Owner")
    for tid, name, channel, kind, owner in TOUCHPOINTS:
        c.touchpoints[tid] = Touchpoint(
            tid, Source(f"touchpoints/{tid}.md"), name=name, channel=channel, kind=kind, owner=owner
        )
    for jid in ("j1", "j2"):
        phases = [
            JourneyPhase(
                jid,
                "awareness",
                Source(f"journeys/{jid}/awareness.md"),
                steps=[Step("Sees an ad", 3, "ads", ["sara"]), Step("Reads the site", 4, "site", ["sara"])],
            ),
            JourneyPhase(
                jid,
                "purchase",
                Source(f"journeys/{jid}/purchase.md"),
                steps=[Step("Buys", 5, "shop", ["sara"])],
                impacts=[Impact("Buys again", persona="sara", deliverables=["mail"])],
            ),
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
    c.journeys["j2"].phases.append(
        JourneyPhase(
            "j2", "offboarding", Source("journeys/j2/offboarding.md"), steps=[Step("Cancels", 2, "letter", ["sara"])]
        )
    )
    return c


def pages(lang: str = "de", per_page: int = 30, c: Catalog | None = None) -> list:
    return SiteBuilder(c or catalog(), labels(lang), SiteLinks().links(), per_page=per_page).touchpoints_index()


def groups(markdown: str) -> list[tuple[str, list[str]]]:
    """(group header, touchpoint names) per <tbody> of the catalog table."""
    table = markdown[markdown.index('<table class="jr-tp-table') : markdown.index("</table>")]
    out = []
    for body in re.findall(r"<tbody[^>]*>(.*?)</tbody>", table, re.S):
        header = re.search(r'<th scope="rowgroup"[^>]*>(.*?)</th>', body, re.S).group(1)
        names = re.findall(r'<td data-label="Touchpoint"><a href="[^"]+">([^<]+)</a>', body)
        out.append((unescape(re.sub(r"<[^>]+>", "", header)).split(" ")[0], [unescape(n) for n in names]))
    return out


def test_one_table_grouped_by_channel_label_in_the_site_language():
    de = pages("de")
    assert len(de) == 1
    md = de[0].markdown
    assert md.count("<table") == 1
    assert groups(md) == [
        ("E-Mail", ["Newsletter", "Ungenutzt"]),
        ("Print", ["Brief"]),
        ("Web", ["Online Hilfe", "Online Shop", "Webauftritt"]),
        ("Werbung", ["Plakat", "Search Ads"]),
    ]
    en = groups(pages("en")[0].markdown)
    assert [g for g, _ in en] == ["Advertising", "E-mail", "Print", "Web"]


def test_rows_say_where_the_touchpoint_is_used():
    md = pages("en")[0].markdown
    rows = {
        unescape(m.group(1)): m.group(0)
        for m in re.finditer(r"<tr data-jr-kind[^>]*>\s*<td[^>]*><a [^>]*>([^<]+)</a>.*?</tr>", md, re.S)
    }
    shop = rows["Online Shop"]
    assert re.search(r'data-label="Phases"[^>]*><a href="../phases/purchase/">Purchase</a></td>', shop)
    assert 'data-jr-value="2">2</td>' in shop  # two journeys
    letter = rows["Brief"]
    assert ">Offboarding</a>" in letter and 'data-jr-value="1">1</td>' in letter
    assert 'data-jr-owner="—"' in letter  # no owner: the "none" sign, also in the filter
    mail = rows["Newsletter"]  # only an impact map lists it: still used in purchase, in both journeys
    assert ">Purchase</a>" in mail and 'data-jr-value="2">2</td>' in mail
    assert "Not used in any journey yet." in rows["Ungenutzt"]


def test_filters_and_sorting_read_their_words_from_the_page():
    md = pages("de")[0].markdown
    root = re.search(r"<div class=\"jr-tp-catalog\"[^>]*>", md).group(0)
    for attr, text in (
        ("data-jr-filter-label", "Filter"),
        ("data-jr-all", "Alle"),
        ("data-jr-channel-name", "Kanal"),
        ("data-jr-shown", "{shown} von {count} Touchpoints"),
    ):
        assert f'{attr}="{text}"' in root, attr
    assert 'data-jr-kind="analog"' in md and 'data-jr-owner="E-Commerce"' in md
    assert md.count('data-jr-sort="') == 5


def test_groups_stay_whole_across_pages():
    c = catalog()
    for i in range(5):  # web grows to 8 touchpoints
        c.touchpoints[f"w{i}"] = Touchpoint(
            f"w{i}", Source(f"touchpoints/w{i}.md"), name=f"Web {i}", channel="web", kind="digital"
        )
    numbered = pages("de", per_page=3, c=c)  # 6 rows a page
    found = [groups(p.markdown) for p in numbered]
    assert [p.src_uri for p in numbered][:2] == ["touchpoints/index.md", "touchpoints/page/2.md"]
    flat = [g for page in found for g, _ in page]
    # only the web group (8 rows > 6) is cut, and its second part says so
    assert flat.count("Web") == 2 and len(flat) == len(set(flat)) + 1
    web = [(i, names) for i, page in enumerate(found) for g, names in page if g == "Web"]
    assert len(web[0][1]) == 6 and len(web[1][1]) == 2 and web[1][0] == web[0][0] + 1
    assert "Fortsetzung" in numbered[web[1][0]].markdown
    assert sum(len(n) for page in found for _, n in page) == len(c.touchpoints)


def test_touchpoint_page_tables_fit_the_text_column():
    c = catalog()
    md = SiteBuilder(c, labels("de"), SiteLinks().links()).touchpoint("mail")[0].markdown
    impacts = md[md.index('<table class="jr-stack jr-impacts">') :]
    impacts = impacts[: impacts.index("</table>")]
    assert impacts.count("<th>") == 4  # journey and phase in one column, the actor with its impact
    row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", impacts, re.S).group(1)
    assert re.findall(r'<td data-label="([^"]+)"', row) == ["Journey · Phase", "Geschäftsziel", "Wirkung", "Kennzahl"]


def test_touchpoint_page_groups_its_steps_by_phase():
    md = SiteBuilder(catalog(), labels("en"), SiteLinks().links()).touchpoint("ads")[0].markdown
    uses = md[md.index('<table class="jr-stack jr-uses">') :]
    uses = uses[: uses.index("</table>")]
    assert re.findall(r'id="used-in-([a-z]+)"', uses) == ["awareness"]
    assert uses.count('<td data-label="Journey">') == 2


def test_counts_use_the_plural_forms_of_the_language():
    md = SiteBuilder(catalog(), labels("de"), SiteLinks().links()).touchpoint("mail")[0].markdown
    assert "Dient 2 Wirkungen auf 2 Ziele in 1 Phase und erreicht 1 Persona." in md
    md = SiteBuilder(catalog(), labels("en"), SiteLinks().links()).touchpoint("mail")[0].markdown
    assert "Serves 2 impacts on 2 goals in 1 phase and reaches 1 persona." in md
    de = pages("de")[0].markdown
    assert "1 Touchpoint<" in de and "2 Touchpoints<" in de
