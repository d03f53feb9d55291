"""The portfolio heat map (pages/heatmap.py, the journeys index) and recent-change badges (core/history.py)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from factory import catalog
from mkdocs_journeys.core.history import RECENT_DAYS, recent_change
from mkdocs_journeys.core.model import Condition, JourneyPhase, Kpi, Signal, Source, Step
from mkdocs_journeys.plugin.config import LANES
from mkdocs_journeys.plugin.site_links import SiteLinks
from mkdocs_journeys.render.labels import labels
from mkdocs_journeys.render.pages import SiteBuilder
from mkdocs_journeys.render.pages.board import build_board
from mkdocs_journeys.render.pages.heatmap import FIRED, GAP, MISSED, NO_STEPS, heat_row
from page_parts import Board, HeatMap

pytestmark = pytest.mark.unit

TODAY = date(2026, 3, 31)


def measured():
    """The factory's catalog with a fired signal and a missed KPI in j1's awareness, and a phase without steps."""
    c = catalog()
    j1 = c.journeys["j1"]
    aw = j1.phase("awareness")
    aw.kpis = [Kpi("k1", "Leads", 10, "leads", "CRM", "Team")]
    aw.signals = [Signal("Too few leads", "Act", "Team", "k1", when=Condition("j1.awareness.k1", "<", 10))]
    c.actuals = {"j1.awareness.k1": [("2026-02", 7.0)]}
    j1.phases.insert(1, JourneyPhase("j1", "information", Source("journeys/j1/information.md")))
    return c


def builder(c, lang: str = "en", **kw) -> SiteBuilder:
    return SiteBuilder(c, labels(lang), SiteLinks().links(), board_lanes=list(LANES), **kw)


def journeys_index_html(c, lang: str = "en", **kw) -> str:
    (page,) = builder(c, lang, **kw).journeys_index()
    return page.markdown


# --------------------------------------------------------------------------- the cells


def test_a_cell_has_the_average_and_colour_of_the_boards_phase_column():
    c = measured()
    for j in c.journeys.values():
        row, board = heat_row(j, c), build_board(j, c, list(LANES))
        assert [cell.phase.id for cell in row.cells] == [col.phase.id for col in board.columns]
        for cell, col in zip(row.cells, board.columns, strict=True):
            assert (cell.covered, cell.average, cell.score) == (col.covered, col.average, col.average_score)
    assert heat_row(c.journeys["j1"], c).cells[0].average == (2 + 4) / 2  # not just both None


@pytest.mark.parametrize(
    "emotions, score",
    [([1], 1), ([1, 2], 2), ([2, 2, 3], 2), ([2, 3], 3), ([3, 4, 4], 4), ([4, 5], 5), ([5], 5)],
)
def test_the_colour_is_the_average_rounded_half_up(emotions, score):
    c = catalog()
    c.journeys["j2"].phases[0].steps = [Step(f"s{i}", e, "shop", ["tom"]) for i, e in enumerate(emotions)]
    cell = heat_row(c.journeys["j2"], c).cells[3]  # loyalty
    assert cell.average == sum(emotions) / len(emotions) and cell.score == score


def test_health_marks_gap_fired_signal_and_missed_kpi():
    c = measured()
    aw, info, pu, lo, off = heat_row(c.journeys["j1"], c).cells
    # awareness: a signal fires and its KPI misses; Tom has no needs there, so a completeness check fails
    assert (aw.fired, aw.missed, aw.missing) == (1, 1, ("needs",))
    assert aw.marks == (GAP, FIRED, MISSED)
    # information: covered, but no steps and nothing else
    assert info.covered and info.average is None and info.score is None
    assert info.missing == (NO_STEPS, "goal", "core_message", "kpi", "touchpoint", "needs")
    assert info.marks == (GAP,)
    # purchase: steps and a touchpoint, but no goal, core message, KPI or needs
    assert pu.missing == ("goal", "core_message", "kpi", "needs") and pu.marks == (GAP,)
    # loyalty and offboarding: not covered, a gap as a whole and without marks
    assert not lo.covered and not off.covered and lo.marks == off.marks == ()
    c.actuals["j1.awareness.k1"] = [("2026-03", 12.0)]  # met: the signal is quiet again
    aw = heat_row(c.journeys["j1"], c).cells[0]
    assert (aw.fired, aw.missed, aw.marks) == (0, 0, (GAP,))


def test_a_complete_phase_has_no_marks():
    c = catalog()
    j2 = c.journeys["j2"]
    lo = j2.phase("loyalty")
    lo.goal, lo.core_message, lo.kpis = c.journeys["j1"].phases[0].goal, "Stay", [Kpi("k", "K", 1)]
    lo.needs = {"tom": ["Help"]}
    assert heat_row(j2, c).cells[3].marks == ()


# --------------------------------------------------------------------------- the page


def test_the_index_shows_each_cell_coloured_marked_and_linked_to_its_phase():
    c = measured()
    hm = HeatMap(journeys_index_html(c))
    assert hm.phases == [f"../phases/{p}/" for p in ("awareness", "information", "purchase", "loyalty", "offboarding")]
    rows = {r.href: r for r in hm.rows}
    assert list(rows) == ["j1/", "j2/"]  # as the table below: by title
    aw, info, pu, lo, _ = rows["j1/"].cells
    assert [cell.href for cell in rows["j1/"].cells] == [f"j1/#{p.id}" for p in c.phases]
    assert (aw.score, aw.text, aw.marks) == (3, "3", "gap, signal fired, KPI target missed")
    assert aw.title == "missing: Needs · Signals fired: 1 · KPIs missed: 1"
    assert (info.classes, info.text, info.marks) == (["jr-hm-empty"], "–", "gap")
    assert info.title.startswith("missing: Steps, Goal, Core message, KPI, Touchpoint")
    assert (pu.score, pu.text, pu.marks) == (5, "5", "gap")
    assert (lo.classes, lo.text, lo.title, lo.marks) == (["jr-hm-uncovered"], "Gap", "phase not covered", None)
    lone = rows["j2/"].cells[3]
    assert (lone.score, lone.text, lone.title) == (3, "3", "missing: Goal, Core message, KPI, Needs")


def test_the_legend_explains_colours_and_marks_in_the_site_language():
    for lang, words in {
        "en": ["very negative", "very positive", "no steps", "phase not covered", "signal fired", "KPI target missed"],
        "de": ["sehr negativ", "sehr positiv", "keine Schritte", "Phase nicht abgedeckt", "Signal ausgelöst"],
    }.items():
        html = journeys_index_html(measured(), lang)
        legend = html.split('<div class="jr-hm-legend">', 1)[1].split("</div>", 1)[0]
        for w in words:
            assert w in legend, (lang, w)
        for score in range(1, 6):
            assert f'<span class="jr-hm-swatch jr-score-{score}">{score}</span>' in legend
    assert 'aria-label="Lücke, Signal ausgelöst, Kennzahl verfehlt"' in journeys_index_html(measured(), "de")


def test_a_journey_counts_twice_against_the_page_size():
    c = catalog()
    for n in range(3, 8):
        c.journeys[f"j{n}"] = replace(c.journeys["j2"], id=f"j{n}")
    pages = builder(c, per_page=4).journeys_index()
    assert len(pages) == 4  # seven journeys, two a page
    for page in pages:
        hm = HeatMap(page.markdown)
        assert 1 <= len(hm.rows) <= 2


# --------------------------------------------------------------------------- recent changes


@pytest.mark.parametrize(
    "changed, recent",
    [("2026-03-31", True), ("2026-03-01", True), ("2026-02-28", False), ("2025-12-01", False), ("2026-04-02", True)],
)
def test_a_change_is_recent_within_the_window(changed, recent):
    assert RECENT_DAYS == 30  # the window the cases above are written for
    assert (recent_change({"a.md": changed}, ["a.md"], TODAY) == changed) is recent


def test_the_latest_change_of_several_files_counts_and_unknown_files_have_none():
    dates = {"j/index.md": "2025-01-01", "j/awareness.md": "2026-03-20", "bad.md": "gestern"}
    assert recent_change(dates, ["j/index.md", "j/awareness.md"], TODAY) == "2026-03-20"
    assert recent_change(dates, ["j/index.md"], TODAY) is None
    assert recent_change(dates, ["other.md"], TODAY) is None
    assert recent_change({}, ["j/index.md"], TODAY) is None  # outside Git
    assert recent_change(dates, ["bad.md"], TODAY) is None


def _recent_site(lang: str = "de", today: date | None = TODAY):
    c = catalog()
    dates = {
        "journeys/j1/purchase.md": "2026-03-25",  # recent: j1 and its purchase steps
        "journeys/j1/index.md": "2025-06-01",
        "journeys/j2/index.md": "2025-06-01",
        "journeys/j2/loyalty.md": "2025-06-01",
        "personas/tom.md": "2026-03-30",  # recent
        "personas/sara.md": "2024-01-01",
        "touchpoints/shop.md": "2026-03-02",  # recent
        "touchpoints/newsletter.md": "2026-02-01",
    }
    return c, builder(c, lang, dates=dates, today=today)


def test_recent_rows_and_cards_carry_a_badge_in_the_site_language():
    c, b = _recent_site("de")
    journeys = b.journeys_index()[0].markdown
    assert "jr-recent" not in journeys.split("{ #list }", 1)[0]  # in the table's rows only, not in the heat map
    table = journeys.split("{ #list }", 1)[1].split("<tbody>", 1)[1]
    j1_row = next(r for r in table.split("<tr>") if 'href="j1/"' in r)
    j2_row = next(r for r in table.split("<tr>") if 'href="j2/"' in r)
    assert '<span class="jr-badge jr-recent" title="Geändert am 2026-03-25 (in den letzten 30 Tagen)">' in j1_row
    assert "neu/geändert" in j1_row and "jr-recent" not in j2_row
    personas = b.personas_index()[0].markdown
    assert personas.count("jr-recent") == 1
    assert re.search(r'<a href="tom/">Tom</a> <span class="jr-badge jr-recent" title="Geändert am 2026-03-30', personas)
    touchpoints = b.touchpoints_index()[0].markdown
    shop_row = next(r for r in touchpoints.split("<tr") if "shop" in r and "data-jr-kind" in r)
    assert touchpoints.count("jr-recent") == 1 and "jr-recent" in shop_row
    assert (
        "new/changed"
        in builder(c, "en", dates={"personas/tom.md": "2026-03-30"}, today=TODAY).personas_index()[0].markdown
    )


def test_board_steps_carry_the_badge_when_their_phase_file_changed():
    c, b = _recent_site("en")
    columns = {col.phase: col for col in Board(b.board(c.journeys["j1"]).markdown).columns}
    assert (columns["awareness"].cards["jr-step"], columns["awareness"].recent) == (2, 0)
    assert (columns["purchase"].cards["jr-step"], columns["purchase"].recent) == (1, 1)


def test_without_dates_or_a_clock_there_are_no_badges():
    c, b = _recent_site("en", today=None)
    pages = [b.journeys_index()[0], b.personas_index()[0], b.touchpoints_index()[0], b.board(c.journeys["j1"])]
    assert not any("jr-recent" in p.markdown for p in pages)
    plain = builder(catalog(), "en", today=TODAY)  # no Git dates: nothing is recent
    assert "jr-recent" not in plain.journeys_index()[0].markdown
