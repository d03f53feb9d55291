"""Long lists split over numbered pages, so no page grows with the catalog.

A page with several long lists (a persona's journeys, needs, steps, impacts) is split
in parallel: page n shows the n-th slice of each list. Page 1 keeps the source path
everybody links to; the others live beside it (`personas/sara/2.md`,
`journeys/page/2.md` for an index page). No id can contain '/', so these paths never
collide with a content page.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from mkdocs_journeys.render.pages.links import src


def paged_src(kind: str, id: str | None, number: int) -> str:
    base = src(kind, id)
    if number == 1:
        return base
    stem = posixpath.splitext(base)[0]
    if posixpath.basename(stem) == "index":
        stem = posixpath.join(posixpath.dirname(stem), "page")
    return f"{stem}/{number}.md"


@dataclass(frozen=True)
class Pager:
    kind: str
    id: str | None
    number: int  # 1-based
    count: int

    @property
    def first(self) -> bool:
        return self.number == 1

    @property
    def src(self) -> str:
        return paged_src(self.kind, self.id, self.number)

    def src_of(self, number: int) -> str:
        return paged_src(self.kind, self.id, number)

    def window(self, around: int = 2) -> list[int | None]:
        """Page numbers to show: first, last and the neighbours of this one; None is a gap."""
        keep = {1, self.count} | set(range(self.number - around, self.number + around + 1))
        out: list[int | None] = []
        for n in range(1, self.count + 1):
            if n in keep:
                out.append(n)
            elif out and out[-1] is not None:
                out.append(None)
        return out


def split(lists: dict[str, list], per_page: int) -> list[dict[str, list]]:
    """Slices of every list, page by page; at least one page. per_page <= 0 never splits."""
    longest = max((len(v) for v in lists.values()), default=0)
    if per_page <= 0 or longest <= per_page:
        return [dict(lists)]
    count = -(-longest // per_page)
    return [{k: v[i * per_page : (i + 1) * per_page] for k, v in lists.items()} for i in range(count)]
