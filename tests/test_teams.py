"""Teams: one identity per owner whatever its case and spacing, page ids that never collide, what each owns."""

from __future__ import annotations

from datetime import date

import pytest

from content_factory import Project
from mkdocs_journeys.core import teams as T
from mkdocs_journeys.core.catalog_loader import check

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "a, b", [("Marketing", "marketing"), ("Customer Success", "customer  success"), (" Vertrieb", "VERTRIEB ")]
)
def test_case_and_spacing_do_not_make_another_team(a, b):
    assert T.team_key(a) == T.team_key(b)


def test_different_names_stay_different_teams():
    assert T.team_key("E-Commerce") != T.team_key("E Commerce")


@pytest.mark.parametrize(
    "name, slug",
    [("Customer Success", "customer-success"), ("Kundendienst Zürich", "kundendienst-zuerich"), ("R&D / IT", "r-d-it")],
)
def test_slugs(name, slug):
    assert T.slug(name) == slug


def test_page_ids_are_unique_and_never_reserved(tmp_path):
    p = Project(tmp_path)
    for i, owner in enumerate(["Page", "Index", "E-Commerce", "E Commerce", "営業", "index"]):
        p.write(f"touchpoints/t{i}.md", f"---\nname: T{i}\nchannel: web\nkind: digital\nowner: {owner}\n---\n")
    catalog = check(p.settings(), {}).catalog
    teams = T.collect(catalog)
    ids = [t.id for t in teams.values()]
    assert len(ids) == len(set(ids)) and not set(ids) & T.RESERVED
    by_name = {t.name: t.id for t in teams.values()}
    assert by_name["Page"] == "page-2" and by_name["Index"] == "index-2"  # 'Index' and 'index' are one team
    assert {by_name["E-Commerce"], by_name["E Commerce"]} == {"e-commerce", "e-commerce-2"}
    assert by_name["営業"] == "team"


def test_teams_are_worked_out_once_per_catalog(tmp_path):
    # The health rules and the team pages ask for them in one build: the same teams, not a second walk.
    p = Project(tmp_path)
    p.write("touchpoints/t0.md", "---\nname: T0\nchannel: web\nkind: digital\nowner: Vertrieb\n---\n")
    first = check(p.settings(), {}).catalog
    assert T.collect(first) is T.collect(first)
    p.write("touchpoints/t0.md", "---\nname: T0\nchannel: web\nkind: digital\nowner: Service\n---\n")
    second = check(p.settings(), {}).catalog  # another catalog: its own teams
    assert "service" in T.collect(second) and "service" not in T.collect(first)


def test_holdings_are_what_names_the_team_as_owner(tmp_path):
    p = Project(tmp_path)
    p.replace("journeys/j1/information.md", "    owner: Marketing\n", "    owner: marketing\n")
    catalog = check(p.settings(), {}).catalog
    teams = T.collect(catalog)
    assert list(teams) == ["marketing"]
    h = T.holdings(catalog, teams)["marketing"]
    assert [t.id for t in h.touchpoints] == ["newsletter"]
    assert [o.signal.condition for o in h.signals] == ["Open rate below 20 percent"]
    assert h.kpis == []  # the KPIs of the test project name no owner
    # the touchpoint it owns, and the phase files that use it or hold its signal
    assert set(h.files) == {"touchpoints/newsletter.md", "journeys/j1/awareness.md", "journeys/j1/information.md"}


def test_recent_changes_are_those_within_the_days_before_today_newest_first():
    files = {"a.md": ("x",), "b.md": ("y",), "c.md": ("z",), "d.md": ("w",)}
    dates = {"a.md": "2026-03-01", "b.md": "2026-03-31", "c.md": "2026-01-15", "e.md": "2026-03-30"}
    assert T.recent(dates, files, date(2026, 3, 31)) == [("2026-03-31", "b.md", ("y",)), ("2026-03-01", "a.md", ("x",))]
    assert T.recent(dates, files, date(2026, 4, 1)) == [("2026-03-31", "b.md", ("y",))]


def test_a_team_page_holds_a_slice_of_each_list_sized_by_how_heavy_its_rows_are():
    from mkdocs_journeys.render.pages.team_pages import ROW_SHARE, split_each

    lists = {"journeys": list(range(45)), "friction": list(range(25)), "recent": []}
    pages = split_each(lists, 30)
    assert round(30 * ROW_SHARE["journeys"]) == 20 and round(30 * ROW_SHARE["friction"]) == 10
    assert [len(p["journeys"]) for p in pages] == [20, 20, 5]
    assert [len(p["friction"]) for p in pages] == [10, 10, 5]
    assert [x for p in pages for x in p["friction"]] == lists["friction"]
    assert split_each(lists, 0) == [lists] and split_each({"recent": []}, 30) == [{"recent": []}]


def test_a_rebuild_whose_journeys_and_touchpoints_name_the_same_owners_finds_the_same_teams(tmp_path, monkeypatch):
    from mkdocs_journeys.core import parse_cache as pc

    monkeypatch.setattr(pc, "RACY_NS", 0)  # a status seen now is trusted: the journeys are taken again
    p = Project(tmp_path)
    cache = pc.ParseCache(None)
    check(p.settings(), {}, cache=cache)
    teams = T.collect(check(p.settings(), {}, cache=cache).catalog)
    assert teams, "the sample names owners"
    p.replace("personas/sara.md", "Sara Keller", "Sara Keller-Huber")  # names no owner

    def never(named):
        raise AssertionError("teams worked out again")

    with monkeypatch.context() as m:
        m.setattr(T, "found_in", never)
        assert T.collect(check(p.settings(), {}, cache=cache).catalog) is teams
    # a journey that names an owner; made again for a step's title, it names it in the same place
    p.replace("journeys/j1/index.md", "state: as-is", "state: as-is\nowners:\n  - Vertrieb")
    teams = T.collect(check(p.settings(), {}, cache=cache).catalog)
    assert "vertrieb" in teams
    with monkeypatch.context() as m:
        m.setattr(T, "found_in", never)
        p.replace("journeys/j1/awareness.md", "Sees a post about automated mails", "Sees a post about mails")
        assert T.collect(check(p.settings(), {}, cache=cache).catalog) is teams
    # a touchpoint that names another owner works them out again
    p.replace("touchpoints/newsletter.md", "owner: Marketing", "owner: Kundendienst")
    assert "kundendienst" in T.collect(check(p.settings(), {}, cache=cache).catalog)
    assert T.collect(check(p.settings(), {}).catalog) == T.collect(check(p.settings(), {}, cache=cache).catalog)


def test_a_journey_taken_again_gives_its_holdings_to_the_teams_that_own_what_it_uses_now(tmp_path, monkeypatch):
    from mkdocs_journeys.core import parse_cache as pc

    monkeypatch.setattr(pc, "RACY_NS", 0)  # a status seen now is trusted: the journey is taken again
    p = Project(tmp_path)
    p.replace("journeys/j1/index.md", "state: as-is\n", "state: as-is\nowners:\n  - Vertrieb\n")
    cache = pc.ParseCache(None)
    check(p.settings(), {}, cache=cache)
    aw, info, news = "journeys/j1/awareness.md", "journeys/j1/information.md", "touchpoints/newsletter.md"

    def held() -> dict[str, object]:
        catalog = check(p.settings(), {}, cache=cache).catalog
        h = T.holdings(catalog, T.collect(catalog))
        return {key: (h[key].journeys, set(h[key].files), len(h[key].signals)) for key in h} | {
            "j1": catalog.journeys["j1"]
        }

    first = held()
    assert first["vertrieb"] == (["j1"], {"journeys/j1/index.md"}, 0)
    assert first["marketing"] == ([], {news, aw, info}, 1)
    p.replace(news, "owner: Marketing", "owner: Service")
    then = held()
    assert then["j1"] is first["j1"], "the journey is the same object"
    assert then["service"] == ([], {news, aw, info}, 0), "the steps at its touchpoint now concern Service"
    assert then["marketing"] == ([], {info}, 1), "the signal it owns"
    assert then["vertrieb"] == first["vertrieb"]


def test_a_teams_signals_that_fired_come_first(tmp_path):
    p = Project(tmp_path)
    p.replace(
        "journeys/j1/information.md",
        "branches:\n",
        "  - condition: Opens fall\n    when: open_rate < 20\n    action: Call\n    owner: Marketing\nbranches:\n",
    )

    def signals(actuals: str | None) -> list[str]:
        if actuals is None:
            p.remove("actuals/mail.yml")
        else:
            p.write("actuals/mail.yml", f"j1.information.open_rate:\n  2026-07: {actuals}\n")
        catalog = check(p.settings(), {}).catalog
        return [o.signal.condition for o in T.holdings(catalog, T.collect(catalog))["marketing"].signals]

    assert signals("12") == ["Opens fall", "Open rate below 20 percent"], "fired, then no data"
    assert signals("25") == ["Opens fall", "Open rate below 20 percent"], "quiet, then no data"
    assert signals(None) == ["Open rate below 20 percent", "Opens fall"], "without actuals: in file order"
