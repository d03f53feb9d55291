"""What differs between two catalogs (core/model/catalog_change.py): whatever it calls untouched reads
the same on both catalogs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from tests import factory

from mkdocs_journeys.core.model import Branch, Catalog, Condition, Impact, Journey, Signal, Step
from mkdocs_journeys.core.model.catalog import REVERSE_LINKS
from mkdocs_journeys.core.model.catalog_change import (
    ACTUALS_QUERIES,
    KEYED_QUERIES,
    LINKS,
    PHASE_LINKS,
    CatalogChange,
    catalog_change,
)

pytestmark = pytest.mark.unit


def _with_actuals(c: Catalog) -> Catalog:
    c.actuals = {"j1.awareness.k1": [("2026-01", 5.0)], "newsletter.open": [("2026-01", 30.0)]}
    return c


def _copy(c: Catalog) -> Catalog:
    """A second catalog holding the same objects, as a load that took every object from the last one."""
    return Catalog(list(c.phases), dict(c.journeys), dict(c.personas), dict(c.touchpoints), dict(c.actuals))


def _phase(c: Catalog, jid: str, index: int, **changes) -> None:
    j = c.journeys[jid]
    phases = list(j.phases)
    phases[index] = replace(phases[index], **changes)
    c.journeys[jid] = replace(j, phases=phases)


def _first(c: Catalog):
    return c.journeys["j1"].phases[0]


FIRED = Signal("open rate low", kpi="k1", when=Condition("j1.awareness.k1", "<", 10))

EDITS: dict[str, Callable[[Catalog], None]] = {
    "a step's title": lambda c: _phase(
        c, "j1", 0, steps=[replace(_first(c).steps[0], title="New"), *_first(c).steps[1:]]
    ),
    "a step moved to another touchpoint": lambda c: _phase(c, "j1", 1, steps=[Step("Buy", 5, "newsletter", ["tom"])]),
    "a journey's personas": lambda c: c.journeys.__setitem__("j2", replace(c.journeys["j2"], personas=["sara"])),
    "an impact for another persona, delivered elsewhere": lambda c: _phase(
        c, "j1", 0, impacts=[Impact("More", persona="tom", kpi="k1", deliverables=["shop"])]
    ),
    "an impact delivered by a touchpoint no step uses": lambda c: _phase(
        c, "j2", 0, impacts=[Impact("Use", deliverables=["app"])]
    ),
    "a branch to another journey": lambda c: _phase(c, "j2", 0, branches=[Branch("Again", "j1", "awareness")]),
    "a phase removed": lambda c: c.journeys.__setitem__("j1", replace(c.journeys["j1"], phases=[_first(c)])),
    "a phase added": lambda c: c.journeys.__setitem__(
        "j2", replace(c.journeys["j2"], phases=[*c.journeys["j2"].phases, replace(_first(c), journey="j2")])
    ),
    "the second phase's step title": lambda c: _phase(
        c, "j1", 1, steps=[replace(c.journeys["j1"].phases[1].steps[0], title="Pays")]
    ),
    "a journey's title": lambda c: c.journeys.__setitem__("j1", replace(c.journeys["j1"], title="Other")),
    "a signal that fires": lambda c: _phase(c, "j1", 0, signals=[FIRED]),
    "a journey added": lambda c: c.journeys.__setitem__("j3", replace(c.journeys["j2"], id="j3", personas=["sara"])),
    "a journey removed": lambda c: c.journeys.pop("j2"),
    "a persona renamed": lambda c: c.personas.__setitem__("tom", replace(c.personas["tom"], name="Thomas")),
    "a journey's owner": lambda c: c.journeys.__setitem__("j2", replace(c.journeys["j2"], owners=["Plain  TEXT"])),
    "a measurement": lambda c: c.actuals.__setitem__("j1.awareness.k1", [("2026-01", 5.0), ("2026-02", 50.0)]),
}


def _keys(a: Catalog, b: Catalog) -> set[str]:
    ids = {"nobody", "app", "awareness", "purchase", "loyalty", "plain text"}  # "plain text": the one team
    for c in (a, b):
        ids |= set(c.journeys) | set(c.personas) | set(c.touchpoints)
    return ids


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_what_the_change_leaves_untouched_reads_the_same(edit):
    before = _with_actuals(factory.catalog())
    after = _copy(before)
    edit(after)
    change = catalog_change(before, after)
    touched = 0
    for key in sorted(_keys(before, after)):
        for query in KEYED_QUERIES:
            if change.touches_query(query, (key,)):
                touched += 1
            else:
                assert getattr(before, query)(key) == getattr(after, query)(key), (query, key)
        for name in ("journeys", "personas", "touchpoints"):
            if not change.touches(name, key):
                assert getattr(before, name).get(key) is getattr(after, name).get(key), (name, key)
    for key in ("j1.awareness.k1", "newsletter.open", "nothing"):
        for query in ("series", "latest"):
            if not change.touches_query(query, (key,)):
                assert getattr(before, query)(key) == getattr(after, query)(key), (query, key)
    for name in ("journeys", "personas", "touchpoints", "actuals"):
        if not change.touches_walk(name):
            assert list(getattr(before, name).items()) == list(getattr(after, name).items())
    assert touched or change.ids["personas"] or change.ids["actuals"]  # every edit changes something read


@pytest.mark.parametrize("link", sorted(PHASE_LINKS))
def test_a_phase_links_rows_are_made_phase_by_phase_of_the_journeys_id(link):
    # What lets a journey made anew move only the keys of the phases it does not share.
    c = factory.catalog()
    EDITS["a signal that fires"](c)
    rows = [row for j in c.journeys.values() for row in LINKS[link](j)]
    assert rows
    for j in c.journeys.values():
        assert list(LINKS[link](j)) == [row for p in j.phases for row in LINKS[link](replace(j, phases=[p]))]
    for _, row in rows:
        parts = row if isinstance(row, tuple) else [getattr(row, f) for f in getattr(row, "__slots__", ())]
        assert not isinstance(row, Journey) and not any(isinstance(part, Journey) for part in parts), row


def test_a_journey_made_anew_moves_the_rows_of_its_changed_phases_only():
    before = factory.catalog()
    after = _copy(before)
    EDITS["the second phase's step title"](after)  # j1's purchase: the shop; its awareness: both touchpoints
    change = catalog_change(before, after)
    assert change.touches("journeys", "j1")
    assert change.touches_query("touchpoint_steps", ("shop",))
    assert not change.touches_query("touchpoint_steps", ("newsletter",))
    assert change.touches_query("phase_entries", ("purchase",))
    assert not change.touches_query("phase_entries", ("awareness",))
    assert change.touches_query("persona_journeys", ("sara",))  # its rows hold the journey itself

    title = _copy(before)
    EDITS["a journey's title"](title)
    change = catalog_change(before, title)
    assert not any(change.rows[link] for link in PHASE_LINKS)
    assert change.rows["persona_journeys"] == {"sara", "tom"}


def test_the_same_objects_are_no_change():
    before = _with_actuals(factory.catalog())
    change = catalog_change(before, _copy(before))
    assert all(not ids for ids in change.ids.values()) and not change.walks
    assert not any(change.touches_query(q, ("sara",)) for q in KEYED_QUERIES)
    assert not change.touches("journeys", "j1") and not change.touches_walk("journeys")


def test_an_object_made_anew_counts_as_changed_even_when_equal():
    """Identity, not equality: comparing by value is what the change spares."""
    before = factory.catalog()
    after = _copy(before)
    after.journeys["j2"] = replace(after.journeys["j2"])
    change = catalog_change(before, after)
    assert change.ids["journeys"] == {"j2"}
    assert change.touches("journeys", "j2") and not change.touches("journeys", "j1")
    assert change.touches_query("persona_journeys", ("tom",)) and not change.touches_query(
        "persona_journeys", ("sara",)
    )


def test_journeys_in_another_order_touch_every_row():
    before = factory.catalog()
    after = _copy(before)
    after.journeys = dict(reversed(list(after.journeys.items())))
    change = catalog_change(before, after)
    assert change.touches_walk("journeys")
    assert all(change.touches_query(q, ("sara",)) for q in KEYED_QUERIES)


def test_a_new_measurement_touches_its_series_and_the_signals_on_it():
    before = _with_actuals(factory.catalog())
    after = _copy(before)
    after.actuals["j1.awareness.k1"] = [("2026-01", 5.0), ("2026-02", 50.0)]
    change = catalog_change(before, after)
    assert change.touches_query("latest", ("j1.awareness.k1",)) and not change.touches_query(
        "latest", ("newsletter.open",)
    )
    assert change.touches_query("fired", (FIRED,))
    assert not change.touches_query("fired", (Signal("no condition"),))
    assert change.touches_query("touchpoint_signals", ("shop",))  # which signals fire is not known


def test_unknown_queries_and_arguments_are_touched():
    change = CatalogChange({"journeys": frozenset()}, frozenset(), {q: frozenset() for q in KEYED_QUERIES})
    assert change.touches_query("kpi_keys", ())
    assert change.touches_query("persona_journeys", ("sara", "tom"))
    assert change.touches_query("persona_journeys", (["sara"],))
    assert change.touches("actuals", "x")  # a collection the change does not know
    assert set(ACTUALS_QUERIES) == {"series", "latest", "fired"}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_a_catalog_that_follows_the_last_one_has_the_reverse_links_of_a_fresh_one(edit):
    before = _with_actuals(factory.catalog())
    keys = sorted(_keys(before, before))
    for key in keys:  # the last build read every link
        for query in KEYED_QUERIES:
            getattr(before, query)(key)
    after, fresh = _copy(before), _copy(before)
    edit(after)
    edit(fresh)
    change = catalog_change(before, after)
    after.follow(before, change.rows)
    taken = 0
    for key in sorted(_keys(before, after)):
        for query in KEYED_QUERIES:
            assert getattr(after, query)(key) == getattr(fresh, query)(key), (query, key)
        for link in REVERSE_LINKS:
            rows = after._link(link).get(key)
            if rows and rows is before._link(link).get(key):
                taken += 1
                assert key not in change.rows.get(link, ())
    assert taken or not change.rows  # the rows under untouched keys are the last catalog's lists


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_a_phase_no_changed_journey_adds_to_keeps_its_touchpoints(edit):
    # Every phase's pages are compared on every rebuild: a phase whose entries stay takes the last answer.
    before = _with_actuals(factory.catalog())
    for ph in before.phases:
        before.phase_touchpoints(ph.id)
    after, fresh = _copy(before), _copy(before)
    edit(after)
    edit(fresh)
    change = catalog_change(before, after)
    after.follow(before, change.rows)
    touched = change.rows.get("phase_entries")
    for ph in before.phases:
        assert after.phase_touchpoints(ph.id) == fresh.phase_touchpoints(ph.id), ph.id
        taken = after._phase_touchpoints[ph.id] is before._phase_touchpoints[ph.id]
        assert taken == (touched is not None and ph.id not in touched), ph.id


def test_following_nothing_computes_every_link():
    before = factory.catalog()
    before.persona_journeys("sara")
    after = _copy(before)
    after.follow(None)
    assert after.persona_journeys("sara") == before.persona_journeys("sara")
    assert after.persona_journeys("sara") is not before.persona_journeys("sara")
