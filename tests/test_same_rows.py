"""What a rebuild takes over from the last build: rows with the same values as the same objects
(same_rows.py), and the fingerprints worked out for the objects both builds hold (page_inputs.py,
Fingerprints.follow). Whatever is taken over must fingerprint as if worked out anew."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from markupsafe import Markup

from factory import catalog
from mkdocs_journeys.core.backlog import backlog
from mkdocs_journeys.core.model import Catalog
from mkdocs_journeys.core.model.catalog_change import catalog_change
from mkdocs_journeys.render.pages.page_inputs import Fingerprints
from mkdocs_journeys.render.pages.same_rows import SameRows

pytestmark = pytest.mark.unit


@dataclass(frozen=True)
class Row:
    what: object
    amount: object = 0
    items: tuple = ()


def test_a_row_made_again_with_the_same_fields_is_the_last_builds_object():
    thing, other = object(), object()
    rows = SameRows()
    rows.start()
    first = rows.of(Row(thing, 2.5, (thing, "a")))
    rows.start()
    again = rows.of(Row(thing, 2.5, (thing, "a")))
    assert again is first and rows.reused == 1
    for differs in (
        Row(other, 2.5, (thing, "a")),  # another object
        Row(thing, 2.0, (thing, "a")),
        Row(thing, 2.5, (other, "a")),  # another object inside a tuple
        Row(thing, 2.5, [thing, "a"]),  # a list is not a tuple
        Row(thing, 2.5, (thing, "b")),
    ):
        assert rows.of(differs) is differs


@pytest.mark.parametrize(
    "a, b",
    [(0.0, -0.0), (1, True), (1, 1.0), ("x", Markup("x")), (None, "")],
)
def test_values_that_compare_equal_but_show_otherwise_are_not_taken_for_each_other(a, b):
    rows = SameRows()
    rows.start()
    rows.of(Row("x", a))
    rows.start()
    fresh = Row("x", b)
    assert rows.of(fresh) is fresh


def test_rows_older_than_the_last_build_are_let_go():
    rows = SameRows()
    rows.start()
    first = rows.of(Row("x", 1))
    rows.finish()
    rows.start()  # a build that does not make the row
    rows.finish()
    rows.start()
    fresh = Row("x", 1)
    assert rows.of(fresh) is fresh and fresh is not first


# --- fingerprints taken over ---


def _digests(c: Catalog, tag: bytes = b"v1", changed: str | None = None) -> dict[str, bytes]:
    files = [p.source.file for p in c.personas.values()] + [t.source.file for t in c.touchpoints.values()]
    out = {f: tag + f.encode() for f in files}
    for j in c.journeys.values():
        for f in [j.source.file] + [jp.source.file for jp in j.phases]:
            out[f] = (b"v2" if j.id == changed else tag) + f.encode()
    return out


def _rows(c: Catalog, rows: SameRows) -> list:
    """What pages pass around: reverse-link rows, backlog rows, the content objects themselves."""
    out: list = [rows.of(f) for f in backlog(c)]
    for t in c.touchpoints:
        out += c.touchpoint_steps(t) + c.touchpoint_impacts(t)
    return out + list(c.journeys.values()) + [jp for j in c.journeys.values() for jp in j.phases]


def _edited(before: Catalog) -> Catalog:
    """`before` with journey j1 made anew (a step retitled); every other object is the same."""
    j1 = before.journeys["j1"]
    aw = replace(j1.phases[0], steps=[replace(j1.phases[0].steps[0], title="Retitled"), *j1.phases[0].steps[1:]])
    after = Catalog(list(before.phases), dict(before.journeys), dict(before.personas), dict(before.touchpoints))
    after.journeys["j1"] = replace(j1, phases=[aw, *j1.phases[1:]])
    after.follow(before, catalog_change(before, after).rows)  # reverse links under untouched keys: the same rows
    return after


def _with_pain_in_j2(c: Catalog) -> Catalog:
    j2 = c.journeys["j2"]
    lo = j2.phases[0]
    c.journeys["j2"] = replace(j2, phases=[replace(lo, steps=[replace(lo.steps[0], pains=("Slow",))])])
    return c


def test_what_a_rebuild_takes_over_fingerprints_as_if_worked_out_anew():
    before, rows = _with_pain_in_j2(catalog()), SameRows()
    rows.start()
    last = Fingerprints(before, _digests(before))
    shown_before = [last.of(r) for r in _rows(before, rows)]
    j2_before = last.of(before.journeys["j2"])
    last.done()
    after = _edited(before)
    rows.start()
    values = _rows(after, rows)
    assert rows.reused > 0  # the backlog rows of j2 are the last build's objects
    digests = _digests(after, changed="j1")
    taking = Fingerprints(after, digests)
    taking.follow(last)
    anew = Fingerprints(after, digests)
    assert [taking.of(v) for v in values] == [anew.of(v) for v in values]
    j2 = after.journeys["j2"]
    assert j2 is before.journeys["j2"] and taking.of(j2) == j2_before  # unchanged: the same key as before
    assert taking.of(after.journeys["j1"]) not in shown_before


@pytest.mark.parametrize("digest", [b"changed", None])
def test_a_content_object_whose_files_read_otherwise_gets_a_key_of_its_own(digest):
    c = catalog()
    last = Fingerprints(c, _digests(c))
    persona = c.personas["tom"]
    holding = Row(persona)  # a row that shows the persona
    before, row_before = last.of(persona), last.of(holding)
    last.done()
    digests = _digests(c)
    if digest is None:
        del digests[persona.source.file]
    else:
        digests[persona.source.file] = digest
    taking = Fingerprints(c, digests)
    taking.follow(last)
    assert taking.of(persona) != before and taking.of(holding) != row_before
    if digest is not None:
        anew = Fingerprints(c, digests)
        assert taking.of(persona) == anew.of(persona) and taking.of(holding) == anew.of(holding)


def test_a_rebuild_takes_the_team_pages_and_backlog_rows_it_makes_again():
    from mkdocs_journeys.plugin.site_links import SiteLinks
    from mkdocs_journeys.render.labels import labels
    from mkdocs_journeys.render.pages import SiteBuilder

    rows = SameRows()
    before = _with_pain_in_j2(catalog())
    builders = []  # the team pages see their builder through a weak proxy: kept alive here

    def team_pages(c: Catalog):
        rows.start()
        builders.append(SiteBuilder(c, labels("de"), SiteLinks().links(), rows=rows))
        pages = builders[-1].team_pages
        held = pages.holdings.values()
        return pages.backlog, [o for h in held for o in h.kpis], [o for h in held for o in h.signals]

    first_backlog, first_kpis, first_signals = team_pages(before)
    backlog_rows, kpis, signals = team_pages(_edited(before))
    by_journey = {f.journey.id: f for f in backlog_rows}
    assert any(f is by_journey["j2"] for f in first_backlog)  # the same object: nothing it holds changed
    assert all(f is not by_journey["j1"] for f in first_backlog)  # its journey is made anew
    assert kpis and all(any(o is x for x in first_kpis) for o in kpis)  # a touchpoint's KPI
    assert signals and not any(o is x for o in signals for x in first_signals)  # j1's: made anew with it


def test_the_rows_only_the_fingerprints_hold_go_when_the_build_is_over():
    import weakref

    c = catalog()
    prints = Fingerprints(c, _digests(c))
    held, dropped = Row("held"), Row("dropped")
    gone = weakref.ref(dropped)
    fingerprint = prints.of(held)
    prints.of(dropped)
    del dropped
    assert gone() is not None  # kept while the build may still fingerprint it
    prints.done()
    assert gone() is None
    again = Fingerprints(c, _digests(c))
    again.follow(prints)
    assert again.of(held) == fingerprint
