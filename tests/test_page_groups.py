"""A page group names the catalog reads its pages are made from (render/pages/page_group.py): a
rebuild that finds none of them changed keeps the group's pages without making them. Making a group
must read nothing else of the catalog."""

from __future__ import annotations

from dataclasses import replace

import pytest
from tests import factory

from mkdocs_journeys.core.model import Catalog, JourneyPhase, Money, Source, Step
from mkdocs_journeys.core.model.catalog_change import ACTUALS_QUERIES, catalog_change
from mkdocs_journeys.core.problems import MISSING_FIELD, Problem
from mkdocs_journeys.plugin.site_links import SiteLinks
from mkdocs_journeys.render.labels import labels
from mkdocs_journeys.render.pages import SiteBuilder
from mkdocs_journeys.render.pages.page_group import each_group
from mkdocs_journeys.render.pages.page_inputs import _evaluate, record, untouched

pytestmark = pytest.mark.unit

# Queries of the configured phases and of the actuals, which the render key covers (as configuration,
# and the actuals folder read whole).
CONFIGURATION = {"phase_index", "phase_def", *ACTUALS_QUERIES}


def _catalog() -> Catalog:
    """The factory's catalog with its two journeys as an as-is/to-be pair (a comparison page)."""
    c = factory.catalog()
    c.journeys["j1"] = replace(c.journeys["j1"], state="as-is", counterpart="j2")
    c.journeys["j2"] = replace(c.journeys["j2"], state="to-be", counterpart="j1")
    return c


def _builder() -> SiteBuilder:
    return SiteBuilder(_catalog(), labels("en"), SiteLinks().links(), board_lanes=["steps"], findings=[])


def _covered(read: tuple, declared: set[tuple]) -> bool:
    op = read[0]
    if op in ("field", "has", "get"):
        return ("get", read[1], read[2]) in declared
    if op == "call":
        return read[1] in CONFIGURATION or read in declared
    return False


def _keyed_groups() -> list[tuple]:
    return [g.key for g in _builder().groups() if g.reads is not None]


@pytest.mark.parametrize("key", _keyed_groups(), ids=lambda k: "/".join(map(str, k)))
def test_making_a_group_reads_only_what_it_names(key):
    builder = _builder()  # a new one for each group: what one group computes, another would not record
    group = next(g for g in builder.groups() if g.key == key)
    pages, reads = record(group.make, builder.c, [builder, builder.team_pages])
    assert pages
    declared = set(group.reads or ())
    assert [r for r in reads if not _covered(r, declared)] == []


def test_every_persona_touchpoint_phase_journey_and_pair_has_its_group():
    kinds = {key[0] for key in _keyed_groups()}
    assert kinds == {
        *("journey", "board", "compare", "health", "persona", "touchpoint", "phase", "team"),
        *("journeys", "teams", "backlog", "matrix"),  # a group per numbered page
    }
    teams = len(_builder().team_pages.teams)
    assert teams >= 1
    assert len(_keyed_groups()) == 3 * 2 + 1 + 2 + 2 + len(factory.PHASES) + teams + 4
    assert ("compare", "j2") in _keyed_groups()  # on the to-be journey's page only


def test_a_journeys_health_group_shows_its_own_findings():
    def groups(findings):
        builder = SiteBuilder(factory.catalog(), labels("en"), SiteLinks().links(), findings=findings)
        return {g.key[1]: g for g in builder.groups() if g.key is not None and g.key[0] == "health"}

    finding = Problem(MISSING_FIELD, "journeys/j1/index.md", "Not enough", journey="j1")
    clean, found = groups([]), groups([finding])
    assert found["j1"].derived == (finding,) != clean["j1"].derived
    assert found["j2"].derived == clean["j2"].derived == ()
    (page,) = found["j1"].make()
    assert "Not enough" in "".join(page.body().blocks)


def _teams_catalog():
    """The factory's catalog with three teams: Marketing owns the newsletter and the first journey, Sales
    the shop and the second journey, Service the first phase's KPI and signal."""
    c = factory.catalog()
    c.touchpoints["newsletter"] = replace(c.touchpoints["newsletter"], owner="Marketing", kpis=[])
    c.touchpoints["shop"] = replace(c.touchpoints["shop"], owner="Sales")
    j = c.journeys["j1"]
    aw = j.phases[0]
    aw = replace(
        aw,
        kpis=[replace(aw.kpis[0], owner="Service")],
        signals=[replace(aw.signals[0], owner="Service")],
    )
    c.journeys["j1"] = replace(j, owners=["Marketing"], phases=[aw, *j.phases[1:]])
    c.journeys["j2"] = replace(c.journeys["j2"], owners=["Sales"])
    return c


def _step(c, jid: str, phase: int, step: int, **changes) -> None:
    j = c.journeys[jid]
    jp = j.phases[phase]
    steps = list(jp.steps)
    steps[step] = replace(steps[step], **changes)
    phases = list(j.phases)
    phases[phase] = replace(jp, steps=steps)
    c.journeys[jid] = replace(j, phases=phases)


TEAM_EDITS = {
    "a step title at the shop": lambda c: _step(c, "j1", 1, 0, title="Pays"),
    "a pain point at the shop, ranked first": lambda c: _step(c, "j1", 1, 0, pains=["Slow"], emotion=1),
    "a pain point at the newsletter, which reranks the shop's": lambda c: _step(
        c, "j2", 0, 0, pains=["Spam"], emotion=1, personas=["sara", "tom"]
    ),
    "an opportunity at the shop": lambda c: _step(c, "j1", 1, 0, opportunities=["Upsell"]),
    "the shop moved to Marketing": lambda c: c.touchpoints.__setitem__(
        "shop", replace(c.touchpoints["shop"], owner="Marketing", name="Shop")
    ),
    "the newsletter's description": lambda c: c.touchpoints.__setitem__(
        "newsletter", replace(c.touchpoints["newsletter"], body="New")
    ),
    "the second journey owned by Marketing": lambda c: c.journeys.__setitem__(
        "j2", replace(c.journeys["j2"], owners=["Marketing"])
    ),
    "the KPI owned by Sales": lambda c: _kpi_owner(c, "Sales"),
    "the KPI owned by Marketing, spelled otherwise": lambda c: _kpi_owner(c, "MARKETING"),
    "a persona renamed": lambda c: c.personas.__setitem__("tom", replace(c.personas["tom"], name="Thomas")),
    "a journey with more at stake at the shop, which rescores the newsletter's pain": lambda c: _third(c),
}


def _third(c) -> None:
    j2 = c.journeys["j2"]
    phase = JourneyPhase(
        "j3",
        "purchase",
        Source("journeys/j3/purchase.md"),
        goal=Money("Orders", 9000, "CHF"),
        steps=[Step("Waits", 1, "shop", ["tom"], pains=["Queue"])],
    )
    c.journeys["j3"] = replace(j2, id="j3", source=Source("journeys/j3/index.md"), title="Third", phases=[phase])


def _kpi_owner(c, owner: str) -> None:
    j = c.journeys["j1"]
    aw = j.phases[0]
    c.journeys["j1"] = replace(j, phases=[replace(aw, kpis=[replace(aw.kpis[0], owner=owner)]), *j.phases[1:]])


def _by_value(c, per_page: int = 30) -> tuple[SiteBuilder, dict]:
    """The builder, and its groups compared by value (the teams', and the numbered pages of the journeys
    index, the phases, the team index, the backlog and the matrix): made from nothing but what they hold."""
    builder = SiteBuilder(c, labels("en"), SiteLinks().links(), board_lanes=["steps"], findings=[], per_page=per_page)
    return builder, {g.key: g for g in each_group(builder.groups()) if g.reads == ()}


def _before_and_after(edit, catalog=_teams_catalog) -> tuple[Catalog, Catalog]:
    """The catalog, and a copy sharing its objects after `edit`."""
    before = catalog()
    after = Catalog(list(before.phases), dict(before.journeys), dict(before.personas), dict(before.touchpoints))
    edit(after)
    return before, after


def _groups_around(edit, per_page: int, catalog=_teams_catalog) -> tuple[dict, dict, Catalog]:
    """The groups compared by value before and after `edit` (of a copy sharing the objects), and the
    catalog after it."""
    before, after = _before_and_after(edit, catalog)
    return _by_value(before, per_page)[1], _by_value(after, per_page)[1], after


def _rendered(builder: SiteBuilder, group) -> list[tuple]:
    """Each page of the group: its entry, its text and what rendering it read of the catalog."""
    out = []
    for page in group.make():
        text, reads = record(page.body, builder.c, [builder, builder.team_pages])
        out.append((page.entry, text, reads))
    return out


def _same_reads(reads: list, before: Catalog, after: Catalog) -> bool:
    return all(_evaluate(before, r) == _evaluate(after, r) for r in reads)


EDITS = {
    **TEAM_EDITS,
    "an emotion at the shop": lambda c: _step(c, "j1", 1, 0, emotion=1),
    "the pain point's text": lambda c: _step(c, "j1", 0, 0, pains=["Too slow"]),
    "the newsletter's name": lambda c: c.touchpoints.__setitem__(
        "newsletter", replace(c.touchpoints["newsletter"], name="Letter")
    ),
}


@pytest.mark.parametrize("per_page", [1, 30])
@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_a_group_compared_by_value_whose_rows_are_equal_makes_the_same_pages(edit, per_page):
    # A rebuild keeps such a group when its rows compare equal and what its pages read of the catalog
    # reads the same (render_memo.py): then its pages must be what making and rendering them gives.
    before, after = _before_and_after(edit)
    old_builder, old = _by_value(before, per_page)
    new_builder, new = _by_value(after, per_page)
    teams = [[(t.key, t.name) for t in b.team_pages.teams.values()] for b in (old_builder, new_builder)]
    assert teams[0] == teams[1] == [("marketing", "Marketing"), ("sales", "Sales"), ("service", "Service")]
    assert {key[0] for key in new} == {"journeys", "team", "teams", "backlog", "matrix", "phase"}
    kept = []
    for key, group in new.items():
        last = old.get(key)
        if last is None or group.derived != last.derived:
            continue
        pages = _rendered(old_builder, last)
        if all(_same_reads(reads, before, after) for *_, reads in pages):
            assert [p[:2] for p in _rendered(new_builder, group)] == [p[:2] for p in pages], key
            kept.append(key)
    assert kept  # every edit leaves some page as it was
    change = catalog_change(before, after)
    teams_kept = [key for key in kept if key[0] == "team"]
    assert len(teams_kept) < 3 or not change.ids["journeys"] | change.ids["touchpoints"]


def _index_pages_made_again(edit) -> set[tuple]:
    """The numbered pages of the team index, the backlog and the matrix (a row a page) that a rebuild
    after `edit` makes again: those whose rows differ from the last build's."""
    old, new, _ = _groups_around(edit, per_page=1)
    return {
        key
        for key, g in new.items()
        if key[0] in ("teams", "backlog", "matrix") and (key not in old or g.derived != old[key].derived)
    }


def _matrix_page(touchpoint: str) -> tuple:
    _, groups = _by_value(_teams_catalog(), per_page=1)
    for key, g in groups.items():
        rows = [r for part in g.derived[1].get("groups", []) for r in part.rows] if key[0] == "matrix" else []
        if any(r.touchpoint.id == touchpoint for r in rows):
            return key
    raise AssertionError(touchpoint)


def test_an_index_page_is_made_again_for_the_rows_it_shows_only():
    assert _index_pages_made_again(EDITS["a step title at the shop"]) == set()
    assert _index_pages_made_again(EDITS["an emotion at the shop"]) == {_matrix_page("shop")}
    assert _index_pages_made_again(EDITS["the pain point's text"]) == {("backlog", 1)}
    ranked = _index_pages_made_again(EDITS["a pain point at the shop, ranked first"])
    assert {("backlog", 1), ("backlog", 2), _matrix_page("shop")} <= ranked
    # Sales' and Service's rows count the KPI; the pain point's row holds its phase's KPIs.
    assert _index_pages_made_again(EDITS["the KPI owned by Sales"]) == {("teams", 2), ("teams", 3), ("backlog", 1)}


def test_a_page_of_the_journeys_index_is_made_again_for_the_journeys_it_lists_only():
    def made_again(edit) -> list[tuple]:
        old, new, after = _groups_around(edit, per_page=2)  # half a page: a journey a page
        pages = [key for key in new if key[0] == "journeys"]
        assert len(pages) == len(after.journeys) >= 2
        return [key for key in pages if new[key].derived != old[key].derived]

    (listed,) = made_again(EDITS["a step title at the shop"])  # the shop is in the first journey
    _, groups = _by_value(_teams_catalog(), per_page=2)
    assert groups[listed].derived[1]["journeys"][0].id == "j1"
    assert made_again(EDITS["the newsletter's description"]) == []  # no journey changed: no page is made again


def _made_again(edit) -> set[str]:
    """The teams whose pages a rebuild after `edit` makes again: those whose rows differ from the last build's."""
    before, after = _before_and_after(edit)
    change = catalog_change(before, after)
    _, old = _by_value(before)
    _, new = _by_value(after)
    return {
        key[1]
        for key, group in new.items()
        if key[0] == "team"
        and (
            not (untouched(group.reads, change) and untouched(old[key].reads, change))
            or group.derived != old[key].derived
        )
    }


def test_a_team_group_is_made_again_for_what_it_shows_only():
    # The journey names Marketing and Service, whose rows stay as they were; the step is at the shop,
    # Sales', whose page lists the shop's uses.
    assert _made_again(TEAM_EDITS["a step title at the shop"]) == {"sales"}
    assert _made_again(TEAM_EDITS["the newsletter's description"]) == {"marketing"}
    assert _made_again(TEAM_EDITS["the second journey owned by Marketing"]) == {"marketing", "sales"}


def test_a_phase_page_is_made_again_for_the_entries_it_lists_only():
    def with_third() -> Catalog:
        c = _teams_catalog()
        _third(c)  # a second journey with a purchase phase
        return c

    def made_again(edit) -> list[tuple]:
        old, new, _ = _groups_around(edit, per_page=2, catalog=with_third)  # half a page: an entry a page
        pages = [key for key in new if key[:2] == ("phase", "purchase")]
        assert pages == [("phase", "purchase", 1), ("phase", "purchase", 2)]
        return [key for key in pages if new[key].derived != old[key].derived]

    _, groups = _by_value(with_third(), per_page=2)
    assert [groups[("phase", "purchase", n)].derived[1]["entries"][0][0] for n in (1, 2)] == ["j1", "j3"]
    assert made_again(EDITS["a step title at the shop"]) == [("phase", "purchase", 1)]  # j1's purchase step
    assert made_again(EDITS["the newsletter's description"]) == []  # no journey changed
    assert made_again(EDITS["a persona renamed"]) == []


# Besides the content's edits, one that changes only what a list's pages show beside their rows.
BUNDLE_EDITS = {**EDITS, "a phase's title": lambda c: c.phases.__setitem__(0, replace(c.phases[0], title="Neu"))}


@pytest.mark.parametrize("per_page", [1, 30])
@pytest.mark.parametrize("edit", BUNDLE_EDITS.values(), ids=BUNDLE_EDITS.keys())
def test_a_bundle_compares_equal_only_when_each_of_its_pages_does(edit, per_page):
    # A rebuild keeps a list's numbered pages whole when its bundle compares equal (render_memo.py):
    # then each page must compare equal on its own, and the bundle must hold the same pages.
    before, after = _before_and_after(edit)
    old, new = ({g.key: g for g in _by_value(c, per_page)[0].groups() if g.parts is not None} for c in (before, after))
    assert {key[0] for key in new} == {"journeys", "team", "teams", "backlog", "matrix", "phase"}
    equal = unequal = 0
    for key, bundle in new.items():
        last = old.get(key)
        if last is None:
            continue
        parts, last_parts = list(bundle.parts()), list(last.parts())
        if bundle.derived == last.derived:
            equal += 1
            assert [(p.key, p.derived) for p in parts] == [(p.key, p.derived) for p in last_parts], key
        else:
            unequal += 1
            differs = [p.key for p, q in zip(parts, last_parts, strict=False) if p.derived != q.derived]
            assert differs or len(parts) != len(last_parts), key  # a bundle differs where a page does
        assert [p.entry for p in bundle.make()] == [p.entry for g in parts for p in g.make()]
    assert equal  # every edit leaves some list as it was
    changing = ("the pain point's text", "an emotion at the shop", "a phase's title")
    assert unequal or edit not in [BUNDLE_EDITS[name] for name in changing]
