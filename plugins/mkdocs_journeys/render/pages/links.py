"""Where generated pages live, and relative links between them."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from functools import lru_cache

SOURCES = {
    "journey": "journeys/{id}/index.md",
    "board": "journeys/{id}/board.md",
    "compare": "journeys/{id}/compare.md",  # id: the to-be journey of an as-is/to-be pair
    "persona": "personas/{id}.md",
    "touchpoint": "touchpoints/{id}.md",
    "phase": "phases/{id}.md",
    "journeys": "journeys/index.md",
    "personas": "personas/index.md",
    "touchpoints": "touchpoints/index.md",
    "phases": "phases/index.md",
    "matrix": "phases/matrix.md",
    "reference": "reference/format.md",
    "problems": "reference/problems.md",
    "health": "health/index.md",
    "journey_health": "health/{id}.md",
    "teams": "teams/index.md",
    "team": "teams/{id}.md",  # id: the team's slug (core/teams.py)
    "backlog": "backlog/index.md",
}


def src(kind: str, id: str | None = None) -> str:
    return SOURCES[kind].format(id=id)


# (from_src, target_src, anchor) -> the final relative URL (see Links.url)
UrlOf = Callable[[str, str, "str | None"], str]


class Links:
    """Relative links from one generated page to another.

    `url` gives the final URL, for places MkDocs does not touch (HTML blocks, Mermaid click
    lines); `url_of` computes it: the plugin passes MkDocs' own File URLs, which also check the
    target (site_links.py), so these links are checked like hand-written ones.
    """

    def __init__(self, url_of: UrlOf):
        self.url_of = url_of

    def url(self, from_src: str, kind: str, id: str | None = None, anchor: str | None = None) -> str:
        return self.url_of(from_src, src(kind, id), anchor)

    def url_to(self, from_src: str, target_src: str, anchor: str | None = None) -> str:
        return self.url_of(from_src, target_src, anchor)


def md_link(from_src: str, target_src: str, anchor: str | None = None) -> str:
    """The link from one source file to another, as written in Markdown."""
    rel = _relpath(target_src, posixpath.dirname(from_src) or ".")
    return rel + (f"#{anchor}" if anchor else "")


@lru_cache(maxsize=65536)
def _relpath(target: str, start: str) -> str:
    # The relative path between two source files (not URLs: MkDocs computes those).
    # posixpath.relpath asks the OS for the working directory on every call; pages link a lot.
    # Our paths are clean relative paths, so compare segments directly; anything else
    # (empty, '.' or '..' segments) still goes through posixpath.
    t = target.split("/")
    s = start.split("/") if start != "." else []
    if "" in t or "." in t or ".." in t or "" in s or "." in s or ".." in s:
        return posixpath.relpath("/" + target, "/" + start)
    i, n = 0, min(len(t), len(s))
    while i < n and t[i] == s[i]:
        i += 1
    return "/".join([".."] * (len(s) - i) + t[i:]) or "."
