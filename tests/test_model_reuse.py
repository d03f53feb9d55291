"""While serving, a load takes the model objects of unchanged files from the last load (the parse
cache's `models`): after every edit the catalog and the problems equal a fresh load's, and only the
objects of the edited files (and of what was made with them) are made anew."""

from __future__ import annotations

import gc
import operator
import time
import weakref
from collections.abc import Callable
from dataclasses import replace

import pytest

from content_factory import PERSONA_SARA, Project
from mkdocs_journeys.core import backlog, catalog_loader, export, teams
from mkdocs_journeys.core import parse_cache as pc
from mkdocs_journeys.core.catalog_loader import LoadResult, check
from mkdocs_journeys.core.model.catalog_change import catalog_change
from mkdocs_journeys.core.model.per_journey import PerJourney, PerTouchpoint
from mkdocs_journeys.render.pages.page_inputs import Fingerprints

AW = "journeys/j1/awareness.md"
INFO = "journeys/j1/information.md"
INDEX = "journeys/j1/index.md"
SARA = "personas/sara.md"
NEWSLETTER = "touchpoints/newsletter.md"


def _outcome(result) -> tuple:
    return [p.to_dict() for p in result.report.sorted()], export.to_dict(result.catalog), result.digests


def _objects(catalog) -> dict[str, object]:
    """The catalog's model objects by the file each is made of."""
    out: dict[str, object] = {p.source.file: p for p in catalog.personas.values()}
    out.update({t.source.file: t for t in catalog.touchpoints.values()})
    for j in catalog.journeys.values():
        out[j.source.file] = j
        out.update({jp.source.file: jp for jp in j.phases})
    return out


def _tom(p: Project) -> None:
    """A second persona, listed by the journey: its steps without personas of their own now have two."""
    p.write("personas/tom.md", PERSONA_SARA.replace("Sara Keller", "Tom Gerber"))
    p.replace(INDEX, "  - sara\n", "  - sara\n  - tom\n")


SHOP = """\
---
name: Shop
channel: web
kind: digital
owner: Sales
kpis:
  - id: orders
    name: Orders a week
    target: 40
    unit: orders
    source: Shop statistics
    owner: Service
---
The web shop.
"""

# (what, edit, files whose objects must be new)
EDITS: list[tuple[str, Callable[[Project], None], set[str]]] = [
    ("a step title", lambda p: p.replace(AW, "Sees a post", "Sees an ad"), {AW, INDEX}),
    ("a comment in a phase's front-matter", lambda p: p.replace(AW, "steps:", "# why\nsteps:"), {AW, INDEX}),
    ("a persona's name", lambda p: p.replace(SARA, "Sara Keller", "Sara Keller-Huber"), {SARA}),
    ("a touchpoint's owner", lambda p: p.replace(NEWSLETTER, "owner: Marketing", "owner: Sales"), {NEWSLETTER}),
    ("the journey's personas, which steps inherit", _tom, {INDEX, AW, INFO, "personas/tom.md"}),
    ("a phase removed", lambda p: p.remove(INFO), {INDEX}),
    ("an error in a phase", lambda p: p.replace(AW, "emotion: 4", "emotion: 9"), {INDEX, AW}),
]


@pytest.mark.unit
@pytest.mark.parametrize("what,edit,new", EDITS, ids=[e[0] for e in EDITS])
def test_a_load_after_an_edit_equals_a_fresh_one_and_makes_only_the_edited_objects(
    tmp_path, monkeypatch, what, edit, new
):
    monkeypatch.setattr(pc, "RACY_NS", 0)  # files count as settled once the clock has ticked
    project = Project(tmp_path)
    cache = pc.ParseCache(None)
    time.sleep(0.02)
    check(project.settings(), {}, cache=cache)
    before = _objects(check(project.settings(), {}, cache=cache).catalog)  # settled: every object taken again
    edit(project)
    time.sleep(0.02)
    result = check(project.settings(), {}, cache=cache)
    assert _outcome(result) == _outcome(check(project.settings(), {}))
    after = _objects(result.catalog)
    taken = {f for f, obj in after.items() if before.get(f) is obj}
    assert taken == set(after) - new, what
    assert cache.models.last, "the models of this load are kept for the next"


@pytest.mark.unit
def test_an_object_of_a_file_with_problems_is_made_each_time(tmp_path, monkeypatch):
    monkeypatch.setattr(pc, "RACY_NS", 0)
    project = Project(tmp_path)
    project.replace(AW, "touchpoint: newsletter", "touchpoint: newsleter")  # a problem found later: still clean
    project.replace(INFO, "    emotion: 3\n", "    emotion: 7\n")  # a problem of the file itself
    cache = pc.ParseCache(None)
    time.sleep(0.02)
    first = check(project.settings(), {}, cache=cache)
    second = check(project.settings(), {}, cache=cache)
    assert _outcome(second) == _outcome(first) == _outcome(check(project.settings(), {}))
    assert AW in cache.models.last and INFO not in cache.models.last
    assert len(second.report.errors) == 2


@pytest.mark.unit
def test_other_settings_drop_the_kept_models(tmp_path, monkeypatch):
    monkeypatch.setattr(pc, "RACY_NS", 0)
    project = Project(tmp_path)
    cache = pc.ParseCache(None)
    time.sleep(0.02)
    first = check(project.settings(), {}, cache=cache)
    project.settings_overrides["language"] = "de"
    second = check(project.settings(), {}, cache=cache)
    assert second.catalog.personas["sara"] is not first.catalog.personas["sara"]
    assert _outcome(second) == _outcome(check(project.settings(), {}))


@pytest.mark.unit
def test_a_file_read_again_with_the_same_bytes_gives_the_same_object(tmp_path, monkeypatch):
    # Files whose status is too recent to be trusted (just written, copied or checked out) are read
    # again: the same bytes are the same file, so its object is the last load's.
    monkeypatch.setattr(pc, "RACY_NS", 10**15)
    project = Project(tmp_path)
    cache = pc.ParseCache(None)
    before = _objects(check(project.settings(), {}, cache=cache).catalog)
    project.replace(AW, "Sees a post", "Sees an ad")
    result = check(project.settings(), {}, cache=cache)
    assert cache.unread == 0, "no status is trusted: every file was read"
    assert _outcome(result) == _outcome(check(project.settings(), {}))
    after = _objects(result.catalog)
    assert {f for f, obj in after.items() if before.get(f) is not obj} == {AW, INDEX}


def _derived(catalog) -> tuple:
    """What the team pages, the backlog and the health rules work out from each journey."""
    from mkdocs_journeys.core import backlog as B
    from mkdocs_journeys.core import teams as T

    found = T.collect(catalog)
    return T.mentions(catalog), found, T.holdings(catalog, found), B.backlog(catalog)


# Edits of what the rows show: a pain point, the owner of a signal.
ROW_EDITS = [
    *EDITS,
    ("a pain point", lambda p: p.replace(INFO, "Too many mails", "Too many letters"), {INFO, INDEX}),
    ("a signal's owner", lambda p: p.replace(INFO, "owner: Marketing", "owner: Sales"), {INFO, INDEX}),
]


@pytest.mark.unit
@pytest.mark.parametrize("what,edit,new", ROW_EDITS, ids=[e[0] for e in ROW_EDITS])
def test_rows_worked_out_from_unchanged_journeys_are_taken_again_and_equal_fresh_ones(
    tmp_path, monkeypatch, what, edit, new
):
    monkeypatch.setattr(pc, "RACY_NS", 0)
    project = Project(tmp_path)
    # A second journey that no edit touches, with a pain point, a KPI and a signal its team owns.
    project.write("journeys/j2/index.md", project.read(INDEX).replace("title: Bakery", "title: Another bakery"))
    project.write("journeys/j2/information.md", project.read(INFO))
    # And a touchpoint that no edit touches, with a KPI another team owns.
    project.write("touchpoints/shop.md", SHOP)
    cache = pc.ParseCache(None)
    time.sleep(0.02)
    check(project.settings(), {}, cache=cache)
    before = check(project.settings(), {}, cache=cache).catalog
    rows_before = _derived(before)
    edit(project)
    time.sleep(0.02)
    after = check(project.settings(), {}, cache=cache).catalog
    reused = _derived(after)
    with monkeypatch.context() as m:  # every row made anew, none taken from the last catalog
        m.setattr(PerJourney, "__call__", lambda self, journeys: [self._make(j) for j in journeys])
        m.setattr(PerTouchpoint, "__call__", lambda self, touchpoints: [self._make(t) for t in touchpoints])
        fresh = _derived(check(project.settings(), {}).catalog)
    assert reused == fresh, what
    assert [m for m in reused[0] if m.file == "touchpoints/shop.md"] == [
        m for m in rows_before[0] if m.file == "touchpoints/shop.md"
    ]
    (shop_kpi,) = [o for o in reused[2]["service"].kpis if o.touchpoint is not None]
    assert shop_kpi.touchpoint is before.touchpoints["shop"], "the untouched touchpoint is the last catalog's"
    (kept,) = [o for o in rows_before[2]["service"].kpis if o.touchpoint is not None]
    assert shop_kpi is kept, "and so are the rows worked out from it"
    shop_mentions = [m for m in reused[0] if m.file == "touchpoints/shop.md"]
    assert len(shop_mentions) == 2, "the shop names its owner and its KPI's"
    assert all(any(m is b for b in rows_before[0]) for m in shop_mentions), "its owners named, too"
    untouched = [f for f in reused[3] if f.journey == "j2"]
    assert untouched, "the untouched journey has pain points"
    last = {id(f.step): f for f in rows_before[3]}
    assert all(id(f.step) in last and f.kpis is last[id(f.step)].kpis for f in untouched), (
        "the untouched journey's rows are the last catalog's"
    )


class _Value:  # a value a weak reference can watch
    pass


@pytest.mark.unit
def test_a_value_worked_out_from_a_journey_is_the_same_while_it_lives_and_goes_with_it(tmp_path):
    catalog = check(Project(tmp_path).settings(), {}).catalog
    per_journey = PerJourney(lambda j: _Value())
    (first,) = per_journey(catalog.journeys.values())
    assert per_journey(catalog.journeys.values()) == [first], "the same journey gets the same value"
    watched = weakref.ref(first)
    del first, catalog
    gc.collect()
    assert watched() is None, "the value is not kept once its journey is gone (a check ends without it)"


@pytest.mark.unit
def test_a_value_worked_out_from_a_touchpoint_is_the_last_call_s_while_it_is_the_same_object(tmp_path):
    catalog = check(Project(tmp_path).settings(), {}).catalog
    per_touchpoint = PerTouchpoint(lambda t: _Value())
    (first,) = per_touchpoint(catalog.touchpoints.values())
    assert per_touchpoint(catalog.touchpoints.values()) == [first], "the same touchpoint gets the same value"
    (t,) = catalog.touchpoints.values()
    (other,) = per_touchpoint([replace(t)])
    assert other is not first, "an equal touchpoint that is another object gets its own"
    assert per_touchpoint([t]) != [first], "only the last call's values are kept"
    watched = weakref.ref(first)
    per_touchpoint([])
    del first, other
    gc.collect()
    assert watched() is None, "nor are they kept after a call without their touchpoint"


@pytest.mark.unit
def test_nothing_worked_out_from_a_catalog_keeps_its_journeys_once_the_catalog_is_gone(tmp_path):
    catalog = check(Project(tmp_path).settings(), {}).catalog
    for t in catalog.touchpoints:
        assert isinstance(catalog.touchpoint_steps(t), list) and isinstance(catalog.touchpoint_impacts(t), list)
    for p in catalog.personas:
        catalog.persona_journeys(p), catalog.persona_impacts(p)
    for ph in catalog.phases:
        catalog.phase_entries(ph.id)
    for j in catalog.journeys:
        catalog.incoming_branches(j)
    found = teams.collect(catalog)
    held = teams.holdings(catalog, found)
    assert found and held and backlog.backlog(catalog), "the rows were worked out"
    assert any(catalog.touchpoint_steps(t) for t in catalog.touchpoints), "the links had rows"
    watched = [weakref.ref(j) for j in catalog.journeys.values()]
    del catalog, found, held
    gc.collect()
    assert watched and not [w for w in watched if w() is not None]


@pytest.mark.unit
@pytest.mark.parametrize("what,edit,new", EDITS, ids=[e[0] for e in EDITS])
def test_fingerprints_carried_from_the_last_catalog_equal_fresh_ones(tmp_path, monkeypatch, what, edit, new):
    monkeypatch.setattr(pc, "RACY_NS", 0)
    project = Project(tmp_path)
    cache = pc.ParseCache(None)
    time.sleep(0.02)
    check(project.settings(), {}, cache=cache)
    last = check(project.settings(), {}, cache=cache)
    last_prints = Fingerprints(last.catalog, last.digests)
    entities = last_prints.entities_if_known()
    assert entities is None  # not worked out yet
    last_prints.entities()
    entities = last_prints.entities_if_known()
    assert entities
    edit(project)
    time.sleep(0.02)
    result = check(project.settings(), {}, cache=cache)
    carried = Fingerprints(result.catalog, result.digests)
    carried.change = catalog_change(last.catalog, result.catalog)
    carried.carry(last.catalog, entities)
    fresh = Fingerprints(result.catalog, result.digests).entities()
    assert carried.entities() == fresh, what
    assert set(fresh) != set(entities), "the edit made new objects"


def _served(tmp_path, monkeypatch, *setup: Callable[[Project], None]) -> tuple[Project, pc.ParseCache, LoadResult]:
    """A project with two journeys loaded twice through one cache, as a server does: the second load
    (returned) took every object from the first."""
    monkeypatch.setattr(pc, "RACY_NS", 0)  # files count as settled once the clock has ticked
    project = Project(tmp_path)
    project.add_journey_j2()
    for change in setup:
        change(project)
    cache = pc.ParseCache(None)
    time.sleep(0.02)
    check(project.settings(), {}, cache=cache)
    return project, cache, check(project.settings(), {}, cache=cache)


@pytest.mark.unit
def test_a_link_made_again_takes_the_rows_of_unchanged_journeys_as_they_are(tmp_path, monkeypatch):
    project, cache, loaded = _served(tmp_path, monkeypatch)
    last = loaded.catalog
    project.replace(AW, "Sees a post", "Sees an ad")
    time.sleep(0.02)
    now = check(project.settings(), {}, cache=cache).catalog
    assert now.journeys["j2"] is last.journeys["j2"] and now.journeys["j1"] is not last.journeys["j1"]
    fresh = check(project.settings(), {}).catalog
    for rows, journeys in ((_link_rows, {"j1"}), (_phase_rows, {"j1", "j2"})):  # j2's steps name no touchpoint
        old, new = rows(last), rows(now)
        assert new == rows(fresh) and {_journey_of(r) for r in new} == journeys
        same = {_journey_of(r) for r in new if any(r is o for o in old)}
        assert same == journeys - {"j1"}, "j2's rows are the last catalog's objects, j1's are new"


def _link_rows(c) -> list:
    return [u for t in sorted(c.touchpoints) for u in c.touchpoint_steps(t) + c.touchpoint_impacts(t)]


def _phase_rows(c) -> list:
    return [row for ph in c.phases for row in c.phase_entries(ph.id)]


def _journey_of(row) -> str:
    return row[0] if isinstance(row, tuple) else row.journey


@pytest.mark.unit
def test_a_taken_phase_is_resolved_again_only_when_what_its_references_can_name_changes(tmp_path, monkeypatch):
    from mkdocs_journeys.core.catalog_loader import _CatalogBuild

    monkeypatch.setattr(pc, "RACY_NS", 0)
    project = Project(tmp_path)
    project.replace(AW, "touchpoint: newsletter", "touchpoint: newsleter")  # a problem each time, not a skip
    cache = pc.ParseCache(None)
    time.sleep(0.02)
    check(project.settings(), {}, cache=cache)
    resolved: list[str] = []
    real = _CatalogBuild.resolve_phase
    monkeypatch.setattr(
        _CatalogBuild,
        "resolve_phase",
        lambda self, j, jp, doc: (resolved.append(jp.source.file), real(self, j, jp, doc)),
    )

    def load(what: str) -> None:
        time.sleep(0.02)
        fresh = _outcome(check(project.settings(), {}))
        resolved.clear()
        assert _outcome(check(project.settings(), {}, cache=cache)) == fresh, what

    load("nothing changed")
    assert resolved == [AW], "the phase with a problem, and only it"
    project.replace(SARA, "Sara Keller", "Sara Keller-Huber")  # a persona's name: no id changes
    load("a persona's name")
    assert resolved == [AW]
    project.write("touchpoints/newsleter.md", project.read(NEWSLETTER))  # the misspelled id now exists
    load("a touchpoint added")
    assert INFO in resolved and AW in resolved, "every phase: its references may name another now"
    load("nothing changed again")
    assert resolved == [], "all resolved without a problem last time"
    project.remove(NEWSLETTER)  # what the information phase delivers and its signal names
    load("a touchpoint removed")
    assert INFO in resolved


@pytest.mark.unit
def test_a_cache_for_one_run_keeps_no_model_objects(tmp_path, monkeypatch):
    """`journeys check` opens the cache for one run: nothing follows in its process, so it keeps no
    model objects (nor documents) for a next load, and a load through it makes every object anew."""
    monkeypatch.setattr(pc, "RACY_NS", 0)
    project = Project(tmp_path)
    cache = pc.ParseCache(None, remember_models=False)
    time.sleep(0.02)
    first = check(project.settings(), {}, cache=cache)
    assert cache.models.last == {} and cache.models.last_folders == {} and cache.models.resolved[1] == {}
    second = check(project.settings(), {}, cache=cache)
    assert _outcome(second) == _outcome(first)
    again = _objects(first.catalog)
    assert not any(again[f] is obj for f, obj in _objects(second.catalog).items())
    assert cache.models.taken == 0 and cache.hits > 0  # the parsed entries still serve

    opened: list[pc.ParseCache] = []
    real_open = catalog_loader.open_cache

    def spy(settings, remember_models=True):
        opened.append(real_open(settings, remember_models))
        return opened[-1]

    monkeypatch.setattr(catalog_loader, "open_cache", spy)
    settings = project.settings()
    settings.cache_dir = tmp_path / ".cache" / "journeys"
    assert _outcome(check(settings, {})) == _outcome(first)
    assert [c.remember_models for c in opened] == [False]


J2 = "journeys/j2/index.md"
J2_AW = "journeys/j2/awareness.md"


def _everything(result) -> tuple:
    """All a load gives, by value: the outcome, the files read in order, their line maps, and what the
    health rules take of files that failed to load."""
    lines = {f: dict(m) for f, m in result.lines.items()}
    return _outcome(result), result.files, lines, result.orphans, result.raw_deliverables, list(result.catalog.journeys)


def _reading(monkeypatch) -> list[str]:
    """The files the loader looks at one by one (each read, or taken by itself from the last load)."""
    seen: list[str] = []
    real = catalog_loader._CatalogBuild.read

    def read(self, path, kind, context=None):
        seen.append(self.rel(path))
        return real(self, path, kind, context)

    monkeypatch.setattr(catalog_loader._CatalogBuild, "read", read)
    return seen


@pytest.mark.unit
def test_a_journey_folder_whose_files_stayed_the_same_is_taken_as_a_whole(tmp_path, monkeypatch):
    project, cache, loaded = _served(tmp_path, monkeypatch)
    before = loaded.catalog.journeys["j2"]
    project.replace(AW, "Sees a post", "Sees an ad")
    time.sleep(0.02)
    seen = _reading(monkeypatch)
    result = check(project.settings(), {}, cache=cache)
    assert not [f for f in seen if f.startswith("journeys/j2/")], "j2's files are not looked at one by one"
    assert AW in seen and INDEX in seen
    assert result.catalog.journeys["j2"] is before
    assert {AW, J2, J2_AW} <= set(cache.models.last), "taken files stay kept for the next load"
    seen.clear()
    fresh = check(project.settings(), {})
    assert _everything(result) == _everything(fresh)
    assert J2_AW in seen, "a load without a cache reads every file"


def _add_phase(p: Project) -> None:
    p.write("journeys/j2/loyalty.md", "---\nsteps:\n  - title: Stays\n    emotion: 4\n---\n")


J2_TWIN = "journeys/j2/twin.md"
TWIN = "---\nphase: awareness\nsteps:\n  - title: Twin\n    emotion: 4\n---\n"
# (what, edit, whether the journey is made anew: a second file for a phase leaves it as it was)
J2_EDITS: list[tuple[str, Callable[[Project], None], bool]] = [
    ("a phase file added", _add_phase, True),
    ("a phase file removed", lambda p: p.remove(J2_AW), True),
    ("a phase file edited to the same size", lambda p: p.replace(J2_AW, "a personal call", "a personal visit"), True),
    ("its index.md edited", lambda p: p.replace(J2, "Win back", "Win over"), True),
    ("an error in a phase", lambda p: p.replace(J2_AW, "emotion: 4", "emotion: 9"), True),
    ("a second file for a phase", lambda p: p.write(J2_TWIN, TWIN), False),
]


@pytest.mark.unit
@pytest.mark.parametrize("what,edit,anew", J2_EDITS, ids=[e[0] for e in J2_EDITS])
def test_a_journey_folder_whose_files_changed_is_loaded_again(tmp_path, monkeypatch, what, edit, anew):
    project, cache, loaded = _served(tmp_path, monkeypatch)
    before = loaded.catalog.journeys["j2"]
    edit(project)
    time.sleep(0.02)
    result = check(project.settings(), {}, cache=cache)
    fresh = _everything(check(project.settings(), {}))
    assert _everything(result) == fresh, what
    assert (result.catalog.journeys.get("j2") is not before) == anew, what
    assert _everything(check(project.settings(), {}, cache=cache)) == fresh, f"{what}, the load after"


# (what, the problem written, the problem mended): a problem of one file, and one of the folder (two
# clean files for one phase)
J2_PROBLEMS: list[tuple[str, Callable[[Project], None], Callable[[Project], None]]] = [
    (
        "an error in a phase",
        lambda p: p.replace(J2_AW, "emotion: 4", "emotion: 9"),
        lambda p: p.replace(J2_AW, "emotion: 9", "emotion: 4"),
    ),
    (
        "two files for one phase",
        lambda p: p.write(J2_TWIN, TWIN),
        lambda p: p.remove(J2_TWIN),
    ),
]


@pytest.mark.unit
@pytest.mark.parametrize("what,spoil,mend", J2_PROBLEMS, ids=[e[0] for e in J2_PROBLEMS])
def test_a_journey_folder_with_a_problem_is_not_kept_as_a_whole(tmp_path, monkeypatch, what, spoil, mend):
    project, cache, first = _served(tmp_path, monkeypatch, spoil)
    j2 = str(project.root / "journeys" / "j2")
    assert cache.models.folder(j2) is None
    assert cache.models.folder(str(project.root / "journeys" / "j1")) is not None
    seen = _reading(monkeypatch)
    second = check(project.settings(), {}, cache=cache)
    assert J2_AW in seen and J2 in seen, "its files are looked at again, one by one"
    assert _everything(second) == _everything(first) and len(second.report.errors) == 1
    mend(project)
    time.sleep(0.02)
    check(project.settings(), {}, cache=cache)
    assert cache.models.folder(j2) is not None, "clean again: kept"


def _with_a_signal_on_actuals(p: Project) -> None:
    p.replace(INFO, "    kpi: open_rate\n    action:", "    when: open_rate < 20\n    action:")
    p.write("actuals/mail.yml", "j1.information.open_rate:\n  2026-07: 25\n")


# (what a journey's findings read besides its files, an edit of it, a finding's text that shows it)
FINDING_READS: list[tuple[str, Callable[[Project], None], str]] = [
    ("a persona's name", lambda p: p.replace(SARA, "Sara Keller", "Sara Huber"), "Sara Huber has no needs"),
    (
        "the actual value a signal watches",
        lambda p: p.write("actuals/mail.yml", "j1.information.open_rate:\n  2026-08: 19.5\n"),
        "19.5",
    ),
]


def _walked_by_the_rules(monkeypatch) -> list[str]:
    """The journeys whose own findings the health rules look for (not taken from the last time)."""
    from mkdocs_journeys.core import health

    walked: list[str] = []
    real = health._journey_findings

    def spy(j, *args):
        walked.append(j.id)
        return real(j, *args)

    monkeypatch.setattr(health, "_journey_findings", spy)
    return walked


@pytest.mark.unit
@pytest.mark.parametrize("what,edit,shown", FINDING_READS, ids=[e[0] for e in FINDING_READS])
def test_the_findings_of_a_journey_taken_again_follow_what_they_read(tmp_path, monkeypatch, what, edit, shown):
    project, cache, last = _served(tmp_path, monkeypatch, _with_a_signal_on_actuals)
    walked = _walked_by_the_rules(monkeypatch)
    check(project.settings(), {}, cache=cache)
    assert walked == [], "nothing they read changed: its findings are the last ones"
    edit(project)
    time.sleep(0.02)
    result = check(project.settings(), {}, cache=cache)
    assert result.catalog.journeys["j1"] is last.catalog.journeys["j1"], "the journey is taken again"
    assert "j1" in walked, "its findings are found again"
    assert _outcome(result) == _outcome(check(project.settings(), {})), what
    assert any(shown in p.message for p in result.report.problems), what


@pytest.mark.unit
def test_the_findings_of_the_same_journey_are_located_by_the_line_maps_given(tmp_path):
    from mkdocs_journeys.core import health
    from mkdocs_journeys.core import problems as P

    result = Project(tmp_path).load()
    lines = dict(result.lines)
    first, again = P.Report(), P.Report()
    health.findings(result.catalog, first, lines=lines)
    health.findings(result.catalog, again, lines=lines)
    assert again.problems and all(map(operator.is_, again.problems, first.problems)), "the same: taken again"
    lines[AW] = {("goal",): 77, ("kpis",): 78}  # another map for the same file: the findings move with it
    moved = P.Report()
    health.findings(result.catalog, moved, lines=lines)
    assert {p.line for p in moved.problems if p.file == AW and p.field in ("goal", "kpis")} == {77, 78}
    assert {p.line for p in first.problems if p.file == AW and p.field in ("goal", "kpis")} != {77, 78}
