"""A rebuild told what changed visits only the page groups the change may touch (RenderMemo.page_list):
those filed under what it moved, and those holding a stale page. What it gives must be what visiting
every group gives, edit after edit, and the filing it follows must be what filing every group anew gives."""

from __future__ import annotations

import pytest
from tests.test_page_inputs import _project, _site, _valid_edits
from tests.test_read_index import _normalised

from mkdocs_journeys.core.model.catalog_change import CatalogChange
from mkdocs_journeys.core.parse_cache import ParseCache
from mkdocs_journeys.plugin.render_memo import RenderMemo
from mkdocs_journeys.render.pages import SiteBuilder
from mkdocs_journeys.render.pages.page_group import PageGroup, each_group

pytestmark = pytest.mark.unit


class Visits:
    """Counts the looked-up groups a builder makes a PageGroup of."""

    def __init__(self, builder: SiteBuilder):
        self.keys: list[tuple] = []
        looked_up = builder.looked_up

        def counted(key: tuple):
            self.keys.append(key)
            return looked_up(key)

        builder.looked_up = counted  # type: ignore[method-assign]


def _rebuilt(memo: RenderMemo, settings, cache: ParseCache, flat: bool = False) -> tuple[list, list, dict, list[tuple]]:
    """A rebuild through the memo, as `mkdocs serve` makes one: the entries, the pages made anew whose
    inputs changed, the groups as the next build compares them, and the looked-up groups visited.
    `flat`: each bundle's parts given in its place, as groups of their own."""
    result, builder, pages = _site(settings, cache)
    if flat:
        before, after = builder.groups_before, builder.groups_after
        builder.groups_before = lambda: each_group(before())  # type: ignore[method-assign]
        builder.groups_after = lambda: each_group(after())  # type: ignore[method-assign]
    generated = {p.src_uri for p in pages}
    memo.start(repr(builder.shared_state()), builder.fingerprints(result.digests))
    visits = Visits(builder)
    entries, candidates = memo.page_list(builder, generated)
    for page in pages:  # the pages rendered anew (a partial rebuild renders its candidates)
        if page.src_uri in candidates or page.src_uri not in memo.pages:
            text, reads = builder.recorded(page)
            memo.keep(page.src_uri, page.render, reads, text, [], {})
    memo.carry(list(generated))
    groups = {k: (g.entries, g.reads, g.derived) for k, g in memo.building_groups.items()}
    memo.finish()
    return entries, sorted(candidates), groups, visits.keys


def _filed_anew(memo: RenderMemo) -> RenderMemo:
    again = RenderMemo()
    again.groups, again.building_groups, again.building_looked_up = {}, dict(memo.groups), memo.looked_up
    again._made = list(memo.groups)
    again._refile_groups({})
    return again


def test_visiting_only_the_touched_groups_gives_what_visiting_every_group_gives(tmp_path):
    settings = _project(tmp_path)
    cache, every_cache = ParseCache(None), ParseCache(None)
    told, every = RenderMemo(), RenderMemo()
    every._touched_groups = lambda generated: None  # type: ignore[method-assign]  # visits every group
    first = _rebuilt(told, settings, cache)
    _rebuilt(every, settings, every_cache)
    assert len(first[3]) == len(told.looked_up) > 10  # a first build visits each group
    visited: list[int] = []
    for path in _valid_edits(settings, 20261203):
        if len(visited) == 20:
            break
        entries, candidates, groups, visits = _rebuilt(told, settings, cache)
        assert (entries, candidates, groups) == _rebuilt(every, settings, every_cache)[:3], path.name
        visited.append(len(visits))
        again = _filed_anew(told)
        assert _normalised(again._filing._filed) == _normalised(told._filing._filed)
        assert again._filing._anywhere.keys() == told._filing._anywhere.keys()
        assert again._group_of == told._group_of
    # Edits that change the render key or a collection's walk visit every group; several visited few.
    assert sum(1 for n in visited if 0 < n <= len(told.looked_up) / 4) >= 5, visited


def test_a_change_the_memo_is_not_told_visits_every_group(tmp_path):
    settings = _project(tmp_path)
    memo = RenderMemo()
    _rebuilt(memo, settings, ParseCache(None))
    memo._before = None  # as after a build whose catalog it did not keep: nothing known of what changed
    visits = _rebuilt(memo, settings, ParseCache(None))[3]
    assert visits == list(memo.looked_up)


def test_a_group_made_anew_is_filed_by_its_new_reads_and_pages():
    """A comparison's pair changes its to-be journey and gains a second page: the next change is looked
    up under the new journey, not the old one, and a stale second page leads to the group."""
    key = ("compare", "j1")

    def built(memo: RenderMemo, other: str, uris: list[str]) -> None:
        reads = (("get", "journeys", "j1"), ("get", "journeys", other))
        memo.building_looked_up = (key,)
        memo.made_group(PageGroup(key, reads, list), [(uri, "Vergleich", True, None) for uri in uris])
        memo.finish()

    def change(*journeys: str) -> CatalogChange:
        ids = {name: frozenset() for name in ("personas", "touchpoints", "actuals")}
        return CatalogChange({**ids, "journeys": frozenset(journeys)}, frozenset(), {})

    memo = RenderMemo()
    built(memo, "j2", ["compare/j1.md"])
    assert key in memo._filing.moved(change("j2"))
    built(memo, "j3", ["compare/j1.md", "compare/j1/2.md"])
    assert key in memo._filing.moved(change("j3"))
    assert key not in memo._filing.moved(change("j2"))
    assert memo._group_of == {"compare/j1.md": key, "compare/j1/2.md": key}


def test_a_bundle_kept_whole_gives_what_comparing_its_pages_one_by_one_gives(tmp_path):
    # A list's numbered pages come as one bundle (site._page_groups): kept whole when its rows are as they
    # were, with its parts for a later rebuild to compare; else compared page by page.
    settings = _project(tmp_path)
    cache, flat_cache = ParseCache(None), ParseCache(None)
    bundled, flat = RenderMemo(), RenderMemo()
    _rebuilt(bundled, settings, cache)
    _rebuilt(flat, settings, flat_cache, flat=True)
    kept_whole, compared = 0, 0
    for n, path in enumerate(_valid_edits(settings, 20261204)):
        if n == 20:
            break
        last = dict(bundled.groups)
        entries, candidates, groups, _ = _rebuilt(bundled, settings, cache)
        bundles = {key for key, made in bundled.groups.items() if made.parts}
        assert bundles
        kept_whole += sum(1 for key in bundles if bundled.groups[key] is last.get(key))
        compared += sum(1 for key in bundles if key in last and bundled.groups[key] is not last[key])
        pages = {key: g for key, g in groups.items() if key not in bundles}
        assert (entries, candidates, pages) == _rebuilt(flat, settings, flat_cache, flat=True)[:3], path.name
        for key in bundles:  # a bundle's entries are its parts' entries, in order
            made = bundled.groups[key]
            assert made.entries == tuple(e for part in made.parts for e in bundled.groups[part].entries)
    assert kept_whole > compared > 0
