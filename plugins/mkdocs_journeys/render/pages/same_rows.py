"""While serving: a row a build makes again with the same values is the last build's row object.

The team pages and the backlog are made from rows worked out over the whole catalog (a KPI and its
owner, a pain point and its score). After an edit, most come out as before, made of the same
content objects (core/model/catalog_change.py). Handing back the last build's object for such a row
lets the fingerprints of a page's arguments take over its fingerprint (page_inputs.py,
Fingerprints.follow) instead of working it out again, and spares the memory of a second copy.
Reuse is safe because a row is a value: two rows whose fields are the same objects and equal plain
values show the same.
"""

from __future__ import annotations

from typing import Any, TypeVar

from markupsafe import Markup

from mkdocs_journeys.render.pages.page_inputs import field_values

R = TypeVar("R")

_TAGS = {int: "i", bool: "b", type(None): "n", bytes: "y", Markup: "m"}


def _same(value: object, depth: int = 0) -> object:
    """What a field is compared by: a plain value by type and value (a float by its exact bits, so 0.0
    is not -0.0), a list or tuple by its items, anything else by identity. Only strings, numbers and
    tuples of them: a key the garbage collector need not follow."""
    t = type(value)
    if t is str:
        return value
    tag = _TAGS.get(t)
    if tag is not None:
        return (tag, value if t is not Markup else str(value))
    if t is float:
        return ("f", value.hex())  # type: ignore[attr-defined]
    if (t is tuple or t is list) and depth < 2:
        return ("t" if t is tuple else "l", *(_same(v, depth + 1) for v in value))  # type: ignore[attr-defined]
    return id(value)


class SameRows:
    """The rows of the build under way and of the one before, by type and field values."""

    def __init__(self) -> None:
        self._last: dict[tuple, Any] = {}
        self._now: dict[tuple, Any] = {}
        self.reused = 0

    def start(self) -> None:
        """A build begins: the rows of the last one are the candidates."""
        self._last, self._now, self.reused = self._now, {}, 0

    def finish(self) -> None:
        """The build is over: its rows are kept (with what they hold) for the next, the older ones go."""
        self._last = {}

    def of(self, row: R) -> R:
        """`row`, or the last build's row of the same type whose fields are the same."""
        key = (id(type(row)), *map(_same, field_values(row)))  # a type lives on: its id stays its own
        old = self._last.get(key)
        if old is not None:  # kept alive in the table: the ids in its key are still its fields'
            self.reused += 1
            self._now[key] = old
            return old
        self._now[key] = row
        return row
