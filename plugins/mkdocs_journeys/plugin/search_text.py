"""While serving: the search index as JSON text per page, so that a partial rebuild encodes only the
entries of the pages it builds again.

Material's search plugin writes its index in `on_post_build`, encoding every entry of the site: at a
thousand journeys that is a fifth of a second on every edit. After a build, each page's entries are
kept here as the JSON text they encode to; a partial rebuild takes the new entries of the pages it
builds, and writes the file from the pages' texts in page order, over its old bytes. The file is byte for byte what
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
        parts = [empty[:-2].encode("utf-8")]
        for i, text in enumerate(texts):
            parts += (b",", text) if i else (text,)
        overwrite(path, [*parts, b"]}"])


_IOV_MAX = 1024  # buffers one pwritev takes (POSIX guarantees 16; Linux, macOS and the BSDs take 1024)


def overwrite(path: str, parts: list[bytes]) -> None:
    """Make `parts`, in order, the file's whole content, written over its old bytes and cut after them.
    Not joined and not truncated first: at a thousand journeys the index is 40 MB, and both a joined
    copy and a truncated file's given-back pages cost fresh memory (about 60 ms a write, against 6 ms)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
    try:
        offset = 0
        for start in range(0, len(parts), _IOV_MAX):
            offset = _write_at(fd, parts[start : start + _IOV_MAX], offset)
        os.ftruncate(fd, offset)
    finally:
        os.close(fd)


def _write_at(fd: int, chunk: list[bytes], offset: int) -> int:
    """Write `chunk` at `offset`; the offset after it."""
    size = sum(map(len, chunk))
    pwritev = getattr(os, "pwritev", None)  # not on Windows
    done = pwritev(fd, chunk, offset) if pwritev is not None else 0
    if done < size:  # a short write, or no pwritev: the rest in one piece
        rest = memoryview(b"".join(chunk))[done:]
        os.lseek(fd, offset + done, os.SEEK_SET)
        while rest:
            rest = rest[os.write(fd, rest) :]
    return offset + size
