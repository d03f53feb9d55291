"""The read index (plugin/read_index.py) tells a rebuild which of the last build's pages read otherwise,
looking only at the reads an edit can reach. Whatever it answers must be what asking every recorded
read of every page answers, edit after edit, as it follows the pages a rebuild renders anew."""

from __future__ import annotations

import pytest
from tests.test_page_inputs import _project, _site, _valid_edits

from mkdocs_journeys.core.model.catalog_change import CatalogChange
from mkdocs_journeys.core.parse_cache import ParseCache
from mkdocs_journeys.plugin.read_index import ReadIndex
from mkdocs_journeys.plugin.render_memo import RenderMemo
from mkdocs_journeys.render.pages.page_inputs import Fingerprints, PageInputs

pytestmark = pytest.mark.unit


def _stale_by_every_read(memo: RenderMemo, prints: Fingerprints) -> set[str]:
    return {uri for uri, r in memo.pages.items() if any(prints.reads_otherwise(pair) for pair in r.inputs.reads)}


def _built(memo: RenderMemo, settings, cache: ParseCache) -> tuple[set[str], set[str], int]:
    """A build through the memo, as a rebuild while serving makes it: the pages the index called stale,
    those asking every read calls stale (over a catalog of their own, told nothing of the change), and
    how many pages the last build left to reuse (none when the edit changed the render key)."""
    result, builder, pages = _site(settings, cache)
    memo.start(repr(builder.shared_state()), builder.fingerprints(result.digests))
    found = memo._stale_pages() if memo.pages else set()
    truth = _stale_by_every_read(memo, builder.fingerprints(result.digests))
    for page in pages:
        if memo.get(page.src_uri, page.render) is None:
            text, reads = builder.recorded(page)
            memo.keep(page.src_uri, page.render, reads, text, [], {})
    last = len(memo.pages)
    memo.finish()
    return found, truth, last


def _filed_anew(memo: RenderMemo) -> ReadIndex:
    index = ReadIndex()
    index.update([], [(uri, r.inputs) for uri, r in memo.pages.items()])
    return index


def test_the_pages_the_index_calls_stale_are_those_whose_reads_give_otherwise(tmp_path):
    settings = _project(tmp_path)
    cache = ParseCache(None)
    memo = RenderMemo()
    _built(memo, settings, cache)
    counts = []
    for path in _valid_edits(settings, 20261201):
        if len(counts) == 20:
            break
        found, truth, last = _built(memo, settings, cache)
        assert found == truth, path.name
        if last:
            counts.append((len(found), last))
        # What the index holds after following the rebuilt pages is what filing every page anew gives.
        again = _filed_anew(memo)
        assert again._readers.keys() == memo.index._readers.keys()
        assert {k: set(v) for k, v in again._readers.items()} == {k: set(v) for k, v in memo.index._readers.items()}
        assert again._pairs == memo.index._pairs
        assert _normalised(again._filing._filed) == _normalised(memo.index._filing._filed)
        assert again._filing._anywhere.keys() == memo.index._filing._anywhere.keys()
    # Each edit left some pages as they were, and several made some stale: the index told them apart.
    assert all(n < last for n, last in counts) and sum(1 for n, _ in counts if n) >= 5, counts


def _normalised(filed: dict) -> dict:
    return {f: {k: sorted(v) for k, v in d.items()} for f, d in filed.items() if d}


def test_a_read_that_no_page_holds_any_more_is_unfiled():
    memo_inputs = PageInputs(b"", ((("field", "personas", "p1", "name"), b"x"), (("all", "journeys"), b"y")))
    other = PageInputs(b"", (memo_inputs.reads[1],))
    index = ReadIndex()
    index.update([], [("a.md", memo_inputs), ("b.md", other)])
    assert len(index) == 2
    index.update([("a.md", memo_inputs)], [])
    assert len(index) == 1 and index._filing._filed[("id", "personas")] == {}
    assert list(index._readers[id(other.reads[0])]) == ["b.md"]
    index.update([("b.md", other)], [])
    assert len(index) == 0 and not any(index._filing._filed.values()) and not index._filing._anywhere


class _Prints:
    """What stale_pages asks of the fingerprints: the change, and which pairs read otherwise."""

    def __init__(self, change: CatalogChange | None, otherwise: set[int]):
        self.change, self.otherwise = change, otherwise

    def reads_otherwise(self, pair) -> bool:
        return id(pair) in self.otherwise


def test_a_read_any_change_may_move_is_asked_after_every_change():
    query = (("call", "phase_index", ("awareness",), (("strict", True),)), b"q")  # a query with keywords
    field = (("field", "journeys", "j1", "title"), b"t")
    index = ReadIndex()
    index.update([], [("a.md", PageInputs(b"", (query,))), ("b.md", PageInputs(b"", (field,)))])
    nothing = CatalogChange({"journeys": frozenset(), "personas": frozenset()}, frozenset(), {})
    j1 = CatalogChange({"journeys": frozenset({"j1"}), "personas": frozenset()}, frozenset(), {})
    both = {id(query), id(field)}
    assert index.stale_pages(_Prints(nothing, both)) == {"a.md"}  # j1 is not moved: its title is not asked
    assert index.stale_pages(_Prints(j1, both)) == {"a.md", "b.md"}
    assert index.stale_pages(_Prints(j1, {id(field)})) == {"b.md"}
    assert index.stale_pages(_Prints(None, both)) == {"a.md", "b.md"}  # no change known: every read is asked
