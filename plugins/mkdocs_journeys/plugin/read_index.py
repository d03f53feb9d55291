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

from collections.abc import Iterable

from mkdocs_journeys.render.pages.page_inputs import Fingerprints, PageInputs, read_dependencies

Pair = tuple  # (read, fingerprint), as PageInputs.reads holds them


class ReadIndex:
    """Recorded (read, fingerprint) pairs by id (the pages hold them, so their ids stay theirs)."""

    def __init__(self) -> None:
        self._pairs: dict[int, Pair] = {}  # by id
        self._readers: dict[int, dict[str, None]] = {}  # pair id -> the pages that made it
        self._filed: dict[tuple[str, str], dict[object, dict[int, None]]] = {}  # (family, name) -> key -> ids
        self._anywhere: dict[int, None] = {}  # pairs that any change may move

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
                        self._unfile(key, pair)
        for uri, inputs in came:
            for pair in inputs.reads:
                key = id(pair)
                known = readers.get(key)
                if known is None:
                    readers[key], self._pairs[key] = {uri: None}, pair
                    self._file(key, pair)
                else:
                    known[uri] = None

    def stale_pages(self, prints: Fingerprints) -> set[str]:
        """The pages that made a read which gives otherwise on the catalog `prints` fingerprints."""
        change = prints.change
        if change is None:  # nothing known of what changed: every read is asked
            candidates: Iterable[int] = self._pairs
        else:
            found = dict(self._anywhere)
            for (family, name), filed in self._filed.items():
                for key in change.moved_among(family, name, filed):
                    found.update(filed[key])
            candidates = found
        out: set[str] = set()
        for key in candidates:
            readers = self._readers[key]
            if not out.issuperset(readers) and prints.reads_otherwise(self._pairs[key]):
                out.update(readers)
        return out

    def _file(self, key: int, pair: Pair) -> None:
        dependencies = read_dependencies(pair[0])
        if dependencies is None:
            self._anywhere[key] = None
            return
        for family, name, on in dependencies:
            self._filed.setdefault((family, name), {}).setdefault(on, {})[key] = None

    def _unfile(self, key: int, pair: Pair) -> None:
        dependencies = read_dependencies(pair[0])
        if dependencies is None:
            del self._anywhere[key]
            return
        for family, name, on in dependencies:
            filed = self._filed[(family, name)]
            ids = filed[on]
            del ids[key]
            if not ids:
                del filed[on]
