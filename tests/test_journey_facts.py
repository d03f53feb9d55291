"""The facts a journey page opens with and the phase status (pages/facts.py), and how the page shows them."""

from __future__ import annotations

import re

import markdown
import pytest
from mkdocs.utils.meta import get_data

from factory import catalog
from mkdocs_journeys.core.model import Condition, Kpi, Signal
from mkdocs_journeys.plugin.site_links import SiteLinks
from mkdocs_journeys.render.labels import labels
from mkdocs_journeys.render.pages import SiteBuilder
from mkdocs_journeys.render.pages.facts import ALERT, GAP, MISSED, OK, OPEN, journey_facts, phase_facts

pytestmark = pytest.mark.unit


def measured_catalog():
    """The factory's catalog with KPIs and actuals: one KPI met, one missed, one signal fired, one quiet."""
    c = catalog()
    j = c.journeys["j1"]
    aw, pu = j.phase("awareness"), j.phase("purchase")
    aw.kpis = [Kpi("k1", "Leads", 10, "leads"), Kpi("k2", "Wait", 8, "h", better="lower"), Kpi("k3", "Unmeasured", 5)]
    aw.signals = [
        Signal("Too few leads", "Act", "Team", "k1", when=Condition("j1.awareness.k1", "<", 10)),
        Signal("Slow", "Act", "Team", "k2", when=Condition("j1.awareness.k2", ">", 20)),
        Signal("Free text only", "Act"),
    ]
    pu.kpis = [Kpi("conv", "Conversion", 5, "%")]
    c.actuals = {
        "j1.awareness.k1": [("2026-01", 12.0), ("2026-02", 7.0)],  # missed (7 < 10), fires (7 < 10)
        "j1.awareness.k2": [("2026-02", 6.0)],  # met (lower is better), quiet
        "j1.purchase.conv": [("2026-02", 5.5)],
    }  # met
    return c


def test_journey_facts_count_steps_kpis_signals_and_health():
    c = measured_catalog()
    f = journey_facts(c.journeys["j1"], c)
    assert f.goal is c.journeys["j1"].goal and (f.goal.value, f.goal.currency) == (5, "EUR")
    assert f.steps == 3 and round(f.average, 2) == round((2 + 4 + 5) / 3, 2)
    assert (f.kpis, f.kpis_measured, f.kpis_missed) == (4, 3, 1)
    assert (f.signals, f.signals_fired) == (3, 1)
    assert 0 < f.completeness < 100
    assert f.status == ALERT


def test_phase_status_worst_first():
    c = measured_catalog()
    j = c.journeys["j1"]
    aw, pu = j.phase("awareness"), j.phase("purchase")
    assert phase_facts(j, aw, c).status == ALERT  # a fired signal outranks everything
    assert phase_facts(j, pu, c).status == OK
    assert phase_facts(j, None, c).status == GAP
    c.actuals["j1.purchase.conv"] = [("2026-03", 4.0)]
    assert phase_facts(j, pu, c).status == MISSED
    c.actuals.pop("j1.purchase.conv")
    assert phase_facts(j, pu, c).status == OPEN
    c.actuals["j1.awareness.k1"] = [("2026-03", 11.0)]  # met, and the signal no longer fires
    assert phase_facts(j, aw, c).status == OK


def page_html(c, lang: str = "de") -> str:
    page = SiteBuilder(c, labels(lang), SiteLinks().links(), board_lanes=["steps"], findings=[]).journey(
        c.journeys["j1"]
    )
    body, _ = get_data(page.markdown)
    return markdown.Markdown(extensions=["tables", "attr_list", "md_in_html", "toc", "pymdownx.details"]).convert(body)


def test_the_page_opens_with_the_facts_strip_and_one_primary_action():
    html = page_html(measured_catalog())
    strip = re.search(r'<div class="jr-factstrip".*?\n</div>', html, re.S).group(0)
    values = re.findall(r'<span class="jr-fact-value">(.*?)</span>(?:<span|</div>)', strip)
    assert values[0] == "EUR 5" and values[1] == "3"
    assert "1 von 3" in strip  # KPIs missed: 1 of the 3 measured
    assert "1 von 3" in strip.split("jr-fact-bad", 2)[2]  # signals fired: 1 of 3, marked bad
    assert re.search(r">\d+ %</a>", strip)  # completeness, linked to the health page
    assert strip.index("jr-factstrip") < html.index("md-button--primary")
    assert html.count("md-button--primary") == 1 and ">Board öffnen</a>" in html
    assert "▦" not in html and "⇄" not in html  # Material icons, not text symbols
    # the owner links to its team's page
    assert re.search(
        r'class="jr-owners-label">Verantwortlich:</span> <a href="[^"]*teams/[a-z0-9-]+/">Plain text</a>', html
    )


def test_phase_sections_fold_with_their_status():
    html = page_html(measured_catalog(), "en")
    folds = re.findall(r'<details class="jr-fold" data-jr-phase="(\w+)">\s*<summary>(.*?)</summary>', html, re.S)
    assert [p for p, _ in folds] == ["awareness", "purchase"]
    assert "Signal fired" in folds[0][1] and "2 steps" in folds[0][1]
    assert "On track" in folds[1][1] and "1 step ·" in folds[1][1]  # singular


def test_a_journey_without_actuals_says_so_instead_of_zero():
    html = page_html(catalog(), "en")
    strip = re.search(r'<div class="jr-factstrip".*?\n</div>', html, re.S).group(0)
    facts = re.findall(r'<div class="([^"]*)" role="listitem">(.*?)</div>', strip)
    kpi = [(cls, text) for cls, text in facts if "KPIs missed" in text]
    assert kpi == [("jr-fact", kpi[0][1])] and "no actuals" in kpi[0][1]


def test_the_board_shows_actuals_against_targets_fired_signals_and_phase_status():
    from mkdocs_journeys.plugin.config import LANES

    c = measured_catalog()
    page = SiteBuilder(c, labels("en"), SiteLinks().links(), board_lanes=list(LANES)).board(c.journeys["j1"])
    body, _ = get_data(page.markdown)
    html = markdown.Markdown(extensions=["tables", "attr_list", "md_in_html", "toc"]).convert(body)
    kpis = re.findall(
        r'<span class="jr-card jr-kpi([^"]*)"><span class="jr-kpi-name">(\w+)</span>(.*?)</span></span>', html
    )
    by_name = {name: (cls.strip(), rest) for cls, name, rest in kpis}
    assert (
        by_name["Leads"][0] == "jr-kpi-missed"
        and "7 leads" in by_name["Leads"][1]
        and "Target 10 leads" in by_name["Leads"][1]
    )
    assert by_name["Wait"][0] == "jr-kpi-met"
    assert by_name["Unmeasured"][0] == ""
    assert 'class="jr-spark"' in html  # the trend of the measured KPIs
    signals = re.findall(r'<span class="jr-card jr-signal( jr-signal-fired)?">', html)
    assert signals[0] == " jr-signal-fired" and signals.count(" jr-signal-fired") == 1  # the fired one first
    statuses = re.findall(
        r'data-jr-phase="(\w+)" data-jr-emotions="([^"]*)"><span class="jr-phase-line">.*?'
        r'class="jr-(?:status jr-status-(\w+)|gap-marker)',
        html,
    )
    assert statuses[:3] == [
        ("awareness", "2:sara 4:sara,tom", "alert"),
        ("information", "", ""),
        ("purchase", "5:tom", "ok"),
    ]
