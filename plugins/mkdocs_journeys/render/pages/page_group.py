"""A group of generated pages that are made together, and what making them reads."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs_journeys.render.pages.site import GeneratedPage


@dataclass(frozen=True, slots=True)
class PageGroup:
    """Pages made together. `reads`: every read of the catalog that making them takes (as page_inputs.py
    records them), so that the same reads make the same pages; None when they are made from more.
    `derived`: what else the pages show that is worked out from the whole catalog (a pain point's rank
    in the backlog), compared as a value. `parts`: a bundle of groups (a list's numbered pages), whose
    `derived` holds all that its parts' do: equal, the bundle is as it was; else each part is compared
    on its own."""

    key: tuple | None
    reads: tuple[tuple, ...] | None
    make: Callable[[], list[GeneratedPage]]
    derived: tuple = ()
    parts: Callable[[], Iterable[PageGroup]] | None = None


def each_group(groups: Iterable[PageGroup]) -> Iterator[PageGroup]:
    """The groups, with each bundle's parts in its place."""
    for group in groups:
        if group.parts is None:
            yield group
        else:
            yield from group.parts()


def pages_of(parts: Callable[[], Iterable[PageGroup]]) -> list[GeneratedPage]:
    """The pages of a bundle's parts, in order."""
    return [page for group in parts() for page in group.make()]
