"""What differs between two catalogs, told by the identity of their objects.

While serving, the loader gives a file's object from the last load when the file is unchanged
(core/parse_cache.py), and the model is never changed after loading: an object that is the last
catalog's own reads as it read then. So a read of a journey, persona or touchpoint that is the same
object needs no second look, and a reverse link (a persona's journeys, a touchpoint's uses) can only
have changed under the keys that a changed journey adds rows under, before or after its change (for
a link whose rows hold a phase, not the journey: under the keys of the phases it does not share).
The actuals are loaded anew each time: their series are compared by value.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
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
# The links a journey adds rows to phase by phase, each row made of its id and the phase (or a part of
# it): a journey made anew moves their rows only under the keys of the phases it does not share with the
# journey it replaces (an edit of one phase file, not every phase of the journey). The others' rows hold
# the journey itself.
PHASE_LINKS = frozenset(
    {"persona_impacts", "touchpoint_steps", "touchpoint_impacts", "phase_entries", "touchpoint_signals"}
)


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

    def moved(self, dependency: Dependency) -> bool:
        """Whether what hangs on `dependency` (see `Dependency`) may read otherwise now: the one rule."""
        family, name, key = dependency
        if family == "walk":
            return name not in self.ids or name in self.walks
        known = self.ids.get(name) if family == "id" else self.rows.get(name)
        return known is None or (key is not None and key in known)

    def moved_among(self, family: str, name: str, present: Collection) -> Iterable:
        """The keys of `present` under which (family, name, key) moved: the changed keys are looked up
        in what is present, not each key present in what changed (a few against thousands)."""
        if family == "walk":
            return [key for key in present if self.moved((family, name, key))]
        known = self.ids.get(name) if family == "id" else self.rows.get(name)
        if known is None:
            return present
        return [key for key in known if key in present]

    def moves(self, dependencies: tuple[Dependency, ...] | None) -> bool:
        return dependencies is None or any(self.moved(d) for d in dependencies)

    def touches_walk(self, collection: str) -> bool:
        return self.moved(("walk", collection, None))

    def touches(self, collection: str, key: object) -> bool:
        """Whether a lookup of `key` in `collection` may read otherwise now (True when not known)."""
        return self.moves(key_dependencies(collection, key))

    def touches_query(self, query: str, args: tuple) -> bool:
        """Whether `query(*args)` may give otherwise now (True for a query this does not know)."""
        return self.moves(query_dependencies(query, args))


# What a read's answer hangs on, as a change tells it: ("id", collection, key) the object under a key
# (None: a key no object has), ("walk", collection, None) the collection's keys in order, and
# ("rows", link, key) a reverse link's rows under a key. None for a read any change may move.
Dependency = tuple[str, str, object]


def key_dependencies(collection: str, key: object) -> tuple[Dependency, ...] | None:
    if key is not None and not isinstance(key, str):
        return None
    return (("id", collection, key),)


def query_dependencies(query: str, args: tuple) -> tuple[Dependency, ...] | None:
    if len(args) != 1:
        return None
    arg = args[0]
    if query in ACTUALS_QUERIES:
        return key_dependencies("actuals", ACTUALS_QUERIES[query](arg))
    links = QUERY_LINKS.get(query)
    if links is None or not isinstance(arg, str):
        return None
    return tuple(("rows", name, arg) for name in links)


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
    changed = [(old.get(k), new.get(k)) for k in ids["journeys"]]
    rows = {name: frozenset(_moved_keys(rows_of, changed, name in PHASE_LINKS)) for name, rows_of in LINKS.items()}
    if ids["actuals"]:
        del rows["touchpoint_signals"]  # other signals may fire: not known, so touched
    return CatalogChange(ids, frozenset(walks), rows)


def _moved_keys(
    rows_of: Callable[[Journey], Iterator[tuple[str, object]]],
    changed: list[tuple[Journey | None, Journey | None]],
    by_phase: bool,
) -> Iterator[str]:
    """The keys a link's rows may differ under, of each journey before and after its change."""
    for before, after in changed:
        for j, other in ((before, after), (after, before)):
            if j is None:
                continue
            if by_phase and other is not None:
                shared = {id(p) for p in other.phases}
                j = replace(j, phases=[p for p in j.phases if id(p) not in shared])
            for key, _ in rows_of(j):
                yield key
