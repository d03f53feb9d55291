"""Values worked out from one journey alone, made once per journey object.

The model is never changed after loading, and while serving, a rebuild takes the objects of unchanged
files from the last run (core/parse_cache.py, ModelMemo): the same journey object is the same content.
The rows the team pages, the backlog and the health rules derive from each journey (owners named, KPIs
and signals owned, pain points) are then taken from the last run as they are, instead of being made
again for every journey on every edit. At a thousand journeys those are tens of thousands of objects
per rebuild, and every one of them the garbage collector walks again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from mkdocs_journeys.core.model.journey import Journey

T = TypeVar("T")


class PerJourney(Generic[T]):
    """`make(journey)` for each journey, kept for the journeys of the last call: a journey that is the
    same object again gets the same value."""

    def __init__(self, make: Callable[[Journey], T]):
        self._make = make
        # id -> (journey, value): the journey is held, so its id stays its own while it is here
        self._last: dict[int, tuple[Journey, T]] = {}

    def __call__(self, journeys: Iterable[Journey]) -> list[T]:
        last, now = self._last, {}
        out = []
        for j in journeys:
            got = last.get(id(j))
            if got is None or got[0] is not j:
                got = (j, self._make(j))
            now[id(j)] = got
            out.append(got[1])
        self._last = now
        return out
