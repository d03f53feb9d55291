"""Values worked out from one journey alone, made once per journey object (and from one touchpoint
alone, made again only for a touchpoint object the last call did not see).

The model is never changed after loading, and while serving, a rebuild takes the objects of unchanged
files from the last run (core/parse_cache.py, ModelMemo): the same journey object is the same content.
The rows the team pages, the backlog and the health rules derive from each journey (owners named, KPIs
and signals owned, pain points) are then taken from the last run as they are, instead of being made
again for every journey on every edit. At a thousand journeys those are tens of thousands of objects
per rebuild, and every one of them the garbage collector walks again.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from functools import partial
from typing import Generic, TypeVar, cast

from mkdocs_journeys.core.model.journey import Journey
from mkdocs_journeys.core.model.touchpoint import Touchpoint

T = TypeVar("T")

# id(journey) -> (a weak reference to it, {maker: value}). One entry per journey for every kind of
# value: the bookkeeping is four objects per journey, not four per journey and kind (the collector
# walks each of them on every full pass while serving).
_KEPT: dict[int, tuple[weakref.ref[Journey], dict[PerJourney, object]]] = {}


def _forget(key: int, gone: weakref.ref[Journey]) -> None:
    # Called as the journey goes, before its id can be another journey's.
    got = _KEPT.get(key)
    if got is not None and got[0] is gone:
        del _KEPT[key]


class PerJourney(Generic[T]):
    """`make(journey)` for each journey, kept while the journey lives: a journey that is the same
    object again gets the same value. Held weakly, so a catalog nobody uses any more (the one of a
    `journeys check`, the last one of a server) goes with its values instead of staying to the end."""

    def __init__(self, make: Callable[[Journey], T]):
        self._make = make

    def __call__(self, journeys: Iterable[Journey]) -> list[T]:
        out = []
        for j in journeys:
            got = _KEPT.get(id(j))
            if got is None or got[0]() is not j:
                got = _KEPT[id(j)] = (weakref.ref(j, partial(_forget, id(j))), {})
            values = got[1]
            if self not in values:
                values[self] = self._make(j)
            out.append(cast(T, values[self]))
        return out


class PerTouchpoint(Generic[T]):
    """`make(touchpoint)` for each touchpoint, taken from the last call for a touchpoint that is the same
    object again. Only the last call's are kept (a value may hold its touchpoint: kept weakly, it could
    never go), and the pair kept is the last one itself: a rebuild that takes every touchpoint again
    makes nothing new for the collector to walk but the dict."""

    def __init__(self, make: Callable[[Touchpoint], T]):
        self._make = make
        self._last: dict[str, tuple[Touchpoint, T]] = {}

    def __call__(self, touchpoints: Iterable[Touchpoint]) -> list[T]:
        last, now, out = self._last, {}, []
        for t in touchpoints:
            got = last.get(t.id)
            if got is None or got[0] is not t:
                got = (t, self._make(t))
            now[t.id] = got
            out.append(got[1])
        self._last = now
        return out
