"""While serving: the reads the last build's pages recorded, each with the pages that made it, filed
by what a change must move for the read to give otherwise (core/model/catalog_change.py).

A rebuild asks which pages read otherwise now. Asking every recorded read costs a walk over all of
them (about 33,000 at a thousand journeys) on every edit; filed this way, it looks up only the reads
under the ids and rows the change moved, and the reads any change may move. The index follows the
pages: a rebuild files the reads of the pages it rendered anew and unfiles those of the pages they
replace, so its cost is that of the edit, not of the site.

The index makes no object the collector has to walk but its own few dicts: the pairs are the pages',
each read's pages a dict of strings and each key's reads a dict of numbers, which the collector does not
track (the index lives as long as the server). A dict, not a tuple: a read is unfiled in one step, where
a tuple was copied without it (keys that thousands of reads share made each rebuild's unfiling quadratic).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

from mkdocs_journeys.core.model.catalog_change import CatalogChange
from mkdocs_journeys.render.pages.page_inputs import Fingerprints, PageInputs, Read, read_dependencies

Pair = tuple  # (read, fingerprint), as PageInputs.reads holds them
Item = TypeVar("Item", bound=Hashable)


class Filing(Generic[Item]):
    """Items (hashable) filed under what a change must move for one of their reads to give otherwise:
    asked which items a change may move, it looks up only the keys the change moved."""

    def __init__(self) -> None:
        self._filed: dict[tuple[str, str], dict[object, dict[Item, None]]] = {}  # (family, name) -> key -> items
        self._anywhere: dict[Item, None] = {}  # items with a read any change may move

    def file(self, item: Item, reads: Iterable[Read]) -> None:
        for read in reads:
            dependencies = read_dependencies(read)
            if dependencies is None:
                self._anywhere[item] = None
                continue
            for family, name, on in dependencies:
                self._filed.setdefault((family, name), {}).setdefault(on, {})[item] = None

    def unfile(self, item: Item, reads: Iterable[Read]) -> None:
        """Undoes file(item, reads), given the same reads."""
        for read in reads:
            dependencies = read_dependencies(read)
            if dependencies is None:
                self._anywhere.pop(item, None)
                continue
            for family, name, on in dependencies:
                filed = self._filed[(family, name)]
                items = filed.get(on)
                if items is not None:
                    items.pop(item, None)
                    if not items:
                        del filed[on]

    def moved(self, change: CatalogChange) -> dict[Item, None]:
        """The items with a read that `change` may move."""
        found = dict(self._anywhere)
        for (family, name), filed in self._filed.items():
            for key in change.moved_among(family, name, filed):
                found.update(filed[key])
        return found


class ReadIndex:
    """Recorded (read, fingerprint) pairs by id (the pages hold them, so their ids stay theirs)."""

    def __init__(self) -> None:
        self._pairs: dict[int, Pair] = {}  # by id
        self._readers: dict[int, dict[str, None]] = {}  # pair id -> the pages that made it
        self._filing: Filing[int] = Filing()  # pair ids by what their read hangs on

    def __len__(self) -> int:
        return len(self._pairs)

    def update(self, gone: Iterable[tuple[str, PageInputs]], came: Iterable[tuple[str, PageInputs]]) -> None:
        """The pages in `gone` no longer hold their recorded reads; those in `came` hold theirs."""
        readers = self._readers
        for uri, inputs in gone:
            for pair in inputs.reads:
                key = id(pair)
                known = readers.get(key)
                if known is not None:
                    known.pop(uri, None)
                    if not known:
                        del readers[key], self._pairs[key]
                        self._filing.unfile(key, (pair[0],))
        for uri, inputs in came:
            for pair in inputs.reads:
                key = id(pair)
                known = readers.get(key)
                if known is None:
                    readers[key], self._pairs[key] = {uri: None}, pair
                    self._filing.file(key, (pair[0],))
                else:
                    known[uri] = None

    def stale_pages(self, prints: Fingerprints) -> set[str]:
        """The pages that made a read which gives otherwise on the catalog `prints` fingerprints."""
        change = prints.change
        # Nothing known of what changed: every read is asked.
        candidates: Iterable[int] = self._pairs if change is None else self._filing.moved(change)
        out: set[str] = set()
        for key in candidates:
            readers = self._readers[key]
            if not out.issuperset(readers) and prints.reads_otherwise(self._pairs[key]):
                out.update(readers)
        return out
