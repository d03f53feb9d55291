"""What differs between two catalogs, told by the identity of their objects.

While serving, the loader gives a file's object from the last load when the file is unchanged
(core/parse_cache.py), and the model is never changed after loading: an object that is the last
catalog's own reads as it read then. So a read of a journey, persona or touchpoint that is the same
object needs no second look, and a reverse link (a persona's journeys, a touchpoint's uses) can only
have changed under the keys that a changed journey adds rows under, before or after its change.
The actuals are loaded anew each time: their series are compared by value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from mkdocs_journeys.core.model.catalog import REVERSE_LINKS, Catalog, signal_touchpoints
from mkdocs_journeys.core.model.journey import Journey

COLLECTIONS = ("journeys", "personas", "touchpoints")


def _signal_touchpoints(j: Journey) -> Iterator[tuple[str, object]]:
    for p in j.phases:
        for s in p.signals:
            for t in signal_touchpoints(p, s):
                yield t, s


# Each reverse link with the rows a journey adds to it (core/model/catalog.py); the touchpoints' fired
# signals are one too, which depends on the actuals besides.
LINKS = {name: rows for name, (rows, _) in REVERSE_LINKS.items()} | {"touchpoint_signals": _signal_touchpoints}


def _query_links() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {"touchpoint_signals": ("touchpoint_signals",)}
    for name, (_, queries) in REVERSE_LINKS.items():
        for query in queries:
            out[query] = (*out.get(query, ()), name)
    return out


QUERY_LINKS = _query_links()  # a keyed query -> the links it reads
KEYED_QUERIES = tuple(QUERY_LINKS)

# The catalog's queries that read the actuals only, each with the series its argument reads.
ACTUALS_QUERIES: dict[str, Callable[[Any], str | None]] = {
    "series": lambda key: key,
    "latest": lambda key: key,
    "fired": lambda signal: signal.when.kpi if getattr(signal, "when", None) is not None else None,
}


@dataclass(frozen=True)
class CatalogChange:
    """Ids whose object is not the last catalog's (made anew, added or removed), by collection; the
    collections whose walk may differ; and for each reverse link, the keys whose rows may differ."""

    ids: Mapping[str, frozenset[str]]
    walks: frozenset[str]
    rows: Mapping[str, frozenset[str]]

    def touches_walk(self, collection: str) -> bool:
        return collection not in self.ids or collection in self.walks

    def touches(self, collection: str, key: object) -> bool:
        """Whether a lookup of `key` in `collection` may read otherwise now (True when not known)."""
        ids = self.ids.get(collection)
        return ids is None or (key is not None and (not isinstance(key, str) or key in ids))

    def touches_query(self, query: str, args: tuple) -> bool:
        """Whether `query(*args)` may give otherwise now (True for a query this does not know)."""
        if len(args) != 1:
            return True
        arg = args[0]
        if query in ACTUALS_QUERIES:
            return self.touches("actuals", ACTUALS_QUERIES[query](arg))
        links = QUERY_LINKS.get(query)
        if links is None or not isinstance(arg, str):
            return True
        return any(name not in self.rows or arg in self.rows[name] for name in links)


def catalog_change(before: Catalog, catalog: Catalog) -> CatalogChange:
    """What differs in `catalog` from `before` (neither is changed after loading)."""
    ids: dict[str, frozenset[str]] = {}
    walks = set()
    for name in COLLECTIONS:
        old, new = getattr(before, name), getattr(catalog, name)
        ids[name] = frozenset(k for k in old.keys() | new.keys() if old.get(k) is not new.get(k))
        if ids[name] or list(old) != list(new):
            walks.add(name)
    old_series, series = before.actuals, catalog.actuals
    ids["actuals"] = frozenset(k for k in old_series.keys() | series.keys() if old_series.get(k) != series.get(k))
    if ids["actuals"] or list(old_series) != list(series):
        walks.add("actuals")
    old, new = before.journeys, catalog.journeys
    if [k for k in old if k in new] != [k for k in new if k in old]:
        return CatalogChange(ids, frozenset(walks), {})  # rows are in journey order: any of them may move
    changed = [j for k in ids["journeys"] for j in (old.get(k), new.get(k)) if j is not None]
    rows = {name: frozenset(key for j in changed for key, _ in rows_of(j)) for name, rows_of in LINKS.items()}
    if ids["actuals"]:
        del rows["touchpoint_signals"]  # other signals may fire: not known, so touched
    return CatalogChange(ids, frozenset(walks), rows)
