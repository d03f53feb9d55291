"""A group of generated pages that are made together, and what making them reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs_journeys.render.pages.site import GeneratedPage


@dataclass(frozen=True, slots=True)
class PageGroup:
    """Pages made together. `reads`: every read of the catalog that making them takes (as page_inputs.py
    records them), so that the same reads make the same pages; None when they are made from more.
    `derived`: what else the pages show that is worked out from the whole catalog (a pain point's rank
    in the backlog), compared as a value."""

    key: tuple | None
    reads: tuple[tuple, ...] | None
    make: Callable[[], list[GeneratedPage]]
    derived: tuple = ()
