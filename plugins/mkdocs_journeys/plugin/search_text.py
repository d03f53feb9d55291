"""While serving: the search index as JSON text per page, so that a partial rebuild encodes only the
entries of the pages it builds again.

Material's search plugin writes its index in `on_post_build`, encoding every entry of the site: at a
thousand journeys that is a fifth of a second on every edit. After a build, each page's entries are
kept here as the JSON text they encode to; a partial rebuild takes the new entries of the pages it
builds, and writes the file from the pages' texts in page order. The file is byte for byte what
Material writes for the same entries: the same encoder settings, and the envelope (the index's
settings) from Material's own `generate_search_index`. The serve tests compare it with a clean build's.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from typing import Any


class UnsupportedSearch(Exception):
    """A search plugin whose index this module cannot update page by page: the full build runs."""


def search_plugin(config: Any) -> Any:
    """The site's search plugin, or None."""
    name = next((n for n in ("material/search", "search") if n in config.plugins), None)
    return config.plugins[name] if name is not None else None


class SearchText:
    """Page URL -> the JSON text of its entries in the search index, encoded (pages without entries are
    absent). Bytes, as written: at a thousand journeys the index is about 40 MB."""

    def __init__(self, plugin: Any):
        index = getattr(plugin, "search_index", None)
        if not isinstance(getattr(index, "entries", None), list) or not hasattr(index, "generate_search_index"):
            raise UnsupportedSearch()
        if getattr(plugin, "is_dirty", False):  # `serve --dirty`: Material merges the last index into the next
            raise UnsupportedSearch()
        self.plugin = plugin
        self.by_url: dict[str, bytes] = {}
        self._take()

    def _take(self) -> None:
        """The entries the plugin holds, as text, page by page (a page's entries are added together).
        They stay with the plugin: after a full build its own `on_post_build` may still be to come."""
        by_page: dict[str, list[dict]] = {}
        for entry in self.plugin.search_index.entries:
            by_page.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
        for url, entries in by_page.items():
            # Material's encoder settings; a list's items are joined by "," as in the whole index.
            self.by_url[url] = json.dumps(entries, separators=(",", ":"), default=str)[1:-1].encode("utf-8")

    def rebuilding(self, urls: Iterable[str]) -> None:
        """Before pages are built again: their old entries go (the plugin adds their new ones)."""
        for url in urls:
            self.by_url.pop(url, None)
        self.plugin.search_index.entries = []

    def write(self, config: Any, urls: list[str]) -> None:
        """After: the rebuilt pages' new entries are taken, and the index is written with every page's
        entries in the order of `urls` (the site's pages), as a full build writes it."""
        self._take()
        self.plugin.search_index.entries = []
        if not getattr(self.plugin.config, "enabled", True):
            return
        empty = self.plugin.search_index.generate_search_index(None)  # {"config": ..., "docs": []}
        if not empty.endswith("[]}"):
            raise UnsupportedSearch()
        order = dict.fromkeys(urls)
        texts = [self.by_url[u] for u in (*order, *(u for u in self.by_url if u not in order)) if u in self.by_url]
        path = os.path.join(config.site_dir, "search", "search_index.json")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:  # in parts: one copy of the index less than joining them
            f.write(empty[:-2].encode("utf-8"))
            f.write(b",".join(texts))
            f.write(b"]}")
