"""What differs between two catalogs, told by the identity of their objects.

While serving, the loader gives a file's object from the last load when the file is unchanged
(core/parse_cache.py), and the model is never changed after loading: an object that is the last
catalog's own reads as it read then. So a read of a journey, persona or touchpoint that is the same
object needs no second look, and a reverse link (a persona's journeys, a touchpoint's uses) can only
have changed under the keys that a changed journey adds rows under, before or after its change.
The actuals are loaded anew each time: their series are compared by value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from mkdocs_journeys.core.model.catalog import Catalog, signal_touchpoints
from mkdocs_journeys.core.model.journey import Journey

COLLECTIONS = ("journeys", "personas", "touchpoints")


def _personas(j: Journey) -> Iterable[str]:
    return j.personas


def _impact_personas(j: Journey) -> Iterable[str]:
    return [i.persona for p in j.phases for i in p.impacts if i.persona]


def _touchpoints(j: Journey) -> Iterable[str]:
    steps = [s.touchpoint for p in j.phases for s in p.steps if s.touchpoint]
    return steps + [d for p in j.phases for i in p.impacts for d in i.deliverables]


def _signal_touchpoints(j: Journey) -> Iterable[str]:
    return [t for p in j.phases for s in p.signals for t in signal_touchpoints(p, s)]


def _phases(j: Journey) -> Iterable[str]:
    return [p.phase for p in j.phases]


def _branch_targets(j: Journey) -> Iterable[str]:
    return [b.journey for p in j.phases for b in p.branches if b.journey != j.id]


# The catalog's reverse-link queries that take one key, each with the keys a journey adds rows under
# (see Catalog): the rows under any other key are the other journeys' only.
KEYED_QUERIES: dict[str, Callable[[Journey], Iterable[str]]] = {
    "persona_journeys": _personas,
    "persona_needs": _personas,
    "persona_steps": _personas,
    "persona_impacts": _impact_personas,
    "touchpoint_steps": _touchpoints,
    "touchpoint_impacts": _touchpoints,
    "touchpoint_personas": _touchpoints,
    "touchpoint_phases": _touchpoints,
    "phase_entries": _phases,
    "phase_touchpoints": _phases,
    "incoming_branches": _branch_targets,
    "touchpoint_signals": _signal_touchpoints,  # and the actuals, which tell which signals fired
}

# The catalog's queries that read the actuals only, each with the series its argument reads.
ACTUALS_QUERIES: dict[str, Callable[[Any], str | None]] = {
    "series": lambda key: key,
    "latest": lambda key: key,
    "fired": lambda signal: signal.when.kpi if getattr(signal, "when", None) is not None else None,
}


@dataclass(frozen=True)
class CatalogChange:
    """Ids whose object is not the last catalog's (made anew, added or removed), by collection; the
    collections whose walk may differ; and for each keyed query, the keys whose rows may differ."""

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
        keys = self.rows.get(query)
        return keys is None or not isinstance(arg, str) or arg in keys


Collections = dict[str, dict[str, Any]]


def collections_of(catalog: Catalog) -> Collections:
    """What a later change is told against: the catalog's collections and actuals, without its computed rows."""
    return {name: dict(getattr(catalog, name)) for name in (*COLLECTIONS, "actuals")}


def catalog_change(before: Collections, catalog: Catalog) -> CatalogChange:
    ids: dict[str, frozenset[str]] = {}
    walks = set()
    for name in COLLECTIONS:
        old, new = before[name], getattr(catalog, name)
        ids[name] = frozenset(k for k in old.keys() | new.keys() if old.get(k) is not new.get(k))
        if ids[name] or list(old) != list(new):
            walks.add(name)
    old_series, series = before["actuals"], catalog.actuals
    ids["actuals"] = frozenset(k for k in old_series.keys() | series.keys() if old_series.get(k) != series.get(k))
    if ids["actuals"] or list(old_series) != list(series):
        walks.add("actuals")
    old, new = before["journeys"], catalog.journeys
    if [k for k in old if k in new] != [k for k in new if k in old]:
        return CatalogChange(ids, frozenset(walks), {})  # rows are in journey order: any of them may move
    changed = [j for k in ids["journeys"] for j in (old.get(k), new.get(k)) if j is not None]
    rows = {query: frozenset(key for j in changed for key in keys_of(j)) for query, keys_of in KEYED_QUERIES.items()}
    if ids["actuals"]:
        del rows["touchpoint_signals"]  # other signals may fire: not known, so touched
    return CatalogChange(ids, frozenset(walks), rows)
