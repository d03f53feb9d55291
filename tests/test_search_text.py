"""While serving, the search index is written from each page's entries kept as text
(plugin/search_text.py): the file must be the one Material writes for the same entries."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from material.plugins.search.plugin import SearchIndex

from mkdocs_journeys.plugin.search_text import SearchText, UnsupportedSearch

CONFIG = {"lang": ["de"], "separator": r"[\s\-]+", "pipeline": ["stemmer"], "fields": {"title": {"boost": 1000.0}}}


def entry(url: str, anchor: str, title: str, text: str = "") -> dict:
    return {"location": f"{url}#{anchor}" if anchor else url, "title": title, "text": text}


def pages() -> dict[str, list[dict]]:
    # Content arrives through pull requests: quotes, markup, non-ASCII, a line break, an emoji.
    return {
        "": [entry("", "", "Start", "<p>Willkommen</p>")],
        "journeys/bäckerei/": [
            entry("journeys/bäckerei/", "", 'Die "Bäckerei"', "Café & Brötchen"),
            entry("journeys/bäckerei/", "awareness", "Bewusstsein", "liest\nden Newsletter 🥐"),
        ],
        "personas/sara/": [entry("personas/sara/", "", "Sara", "<b>führt</b> eine Bäckerei")],
    }


def site(tmp_path, by_page: dict[str, list[dict]]):
    index = SearchIndex(**CONFIG)
    index.entries = [e for entries in by_page.values() for e in entries]
    plugin = SimpleNamespace(search_index=index, config=SimpleNamespace(enabled=True))
    return plugin, SimpleNamespace(site_dir=str(tmp_path))


def materials_own(by_page: dict[str, list[dict]]) -> bytes:
    index = SearchIndex(**CONFIG)
    index.entries = [e for entries in by_page.values() for e in entries]
    return index.generate_search_index(None).encode("utf-8")


def written(tmp_path) -> bytes:
    return (tmp_path / "search" / "search_index.json").read_bytes()


@pytest.mark.unit
def test_a_rebuilt_page_s_new_entries_replace_its_old_ones_in_material_s_own_bytes(tmp_path):
    before = pages()
    plugin, config = site(tmp_path, before)
    text = SearchText(plugin)
    text.rebuilding(["journeys/bäckerei/"])
    assert plugin.search_index.entries == []  # the other pages' entries are kept as text only
    # The rebuilt page adds its entries as Material does: at the end, one heading fewer, new text.
    new = [entry("journeys/bäckerei/", "", "Die Bäckerei </script>", "<i>neu</i> \\ \u2028")]
    plugin.search_index.entries += new
    text.write(config, list(before))
    after = dict(before, **{"journeys/bäckerei/": new})  # in page order, as a full build adds them
    assert written(tmp_path) == materials_own(after)
    assert b"Newsletter" not in written(tmp_path)


@pytest.mark.unit
def test_a_page_that_no_longer_has_entries_leaves_the_index(tmp_path):
    before = pages()
    plugin, config = site(tmp_path, before)
    text = SearchText(plugin)
    text.rebuilding(["personas/sara/"])  # now excluded from search: it adds nothing
    text.write(config, list(before))
    assert written(tmp_path) == materials_own({k: v for k, v in before.items() if k != "personas/sara/"})
    text.rebuilding(["personas/sara/"])  # and back
    plugin.search_index.entries += before["personas/sara/"]
    text.write(config, list(before))
    assert written(tmp_path) == materials_own(before)


@pytest.mark.unit
def test_a_disabled_search_writes_no_index(tmp_path):
    plugin, config = site(tmp_path, pages())
    plugin.config.enabled = False
    text = SearchText(plugin)
    text.rebuilding([])
    text.write(config, list(pages()))
    assert not (tmp_path / "search").exists()


@pytest.mark.unit
def test_a_search_plugin_without_material_s_index_is_not_kept_by_page(tmp_path):
    with pytest.raises(UnsupportedSearch):
        SearchText(SimpleNamespace(search_index=SimpleNamespace(_entries=[])))
    plugin, _ = site(tmp_path, pages())
    plugin.is_dirty = True  # `mkdocs serve --dirty`: Material merges the last build's index into the next
    with pytest.raises(UnsupportedSearch):
        SearchText(plugin)


def many_pages(n: int) -> dict[str, list[dict]]:
    # More pages than one pwritev takes buffers (two per page): the file is written in several calls.
    return {f"journeys/j{i:04d}/": [entry(f"journeys/j{i:04d}/", "", f"Reise {i}", "x" * (i % 7))] for i in range(n)}


@pytest.mark.unit
@pytest.mark.parametrize("writer", ["pwritev", "short writes", "no pwritev"])
def test_the_index_is_written_over_the_last_one_and_cut_to_its_own_length(tmp_path, monkeypatch, writer):
    before = many_pages(700)
    plugin, config = site(tmp_path, before)
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_bytes(materials_own(before) + b" " * 5000)  # longer
    if writer == "no pwritev":
        monkeypatch.delattr("os.pwritev", raising=False)
    elif writer == "short writes":  # a system may write less than asked: the rest must follow
        import os

        real = os.pwritev
        monkeypatch.setattr(os, "pwritev", lambda fd, bufs, offset: real(fd, bufs[:1], offset) // 2)
    text = SearchText(plugin)
    gone = "journeys/j0003/"
    text.rebuilding([gone])
    text.write(config, list(before))
    shorter = {k: v for k, v in before.items() if k != gone}
    assert written(tmp_path) == materials_own(shorter)
    text.rebuilding(["journeys/j0001/"])  # one page longer: the rest moves on
    longer = [entry("journeys/j0001/", "", "Reise 1", "länger " * 50)]
    plugin.search_index.entries += longer
    text.write(config, list(before))
    assert written(tmp_path) == materials_own(dict(shorter, **{"journeys/j0001/": longer}))
