"""Where generated pages live, and relative links between them."""

from __future__ import annotations

import posixpath
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
}


def src(kind: str, id: str | None = None) -> str:
    return SOURCES[kind].format(id=id)


class Links:
    """Relative links from one generated page to another.

    `md` gives a relative .md path (MkDocs checks and converts it); `url` gives the
    final relative URL, for places MkDocs does not touch (Mermaid click lines, HTML blocks).
    """

    def __init__(self, use_directory_urls: bool = True):
        self.use_directory_urls = use_directory_urls

    def dest(self, src_uri: str) -> str:
        stem, _ = posixpath.splitext(src_uri)
        if not self.use_directory_urls:
            return stem + ".html"
        if posixpath.basename(stem) == "index":
            d = posixpath.dirname(stem)
            return d + "/" if d else ""
        return stem + "/"

    def md(self, from_src: str, kind: str, id: str | None = None, anchor: str | None = None) -> str:
        return self.md_to(from_src, src(kind, id), anchor)

    def md_to(self, from_src: str, target_src: str, anchor: str | None = None) -> str:
        rel = _relpath(target_src, posixpath.dirname(from_src) or ".")
        return rel + (f"#{anchor}" if anchor else "")

    def url(self, from_src: str, kind: str, id: str | None = None, anchor: str | None = None) -> str:
        return self.url_to(from_src, src(kind, id), anchor)

    def url_to(self, from_src: str, target_src: str, anchor: str | None = None) -> str:
        here = self.dest(from_src)
        here_dir = here if here.endswith("/") else posixpath.dirname(here)
        target = self.dest(target_src)
        if target == here and anchor:
            return f"#{anchor}"
        rel = _relpath(target or ".", here_dir or ".")
        if target.endswith("/") or target == "":
            rel = rel.rstrip("/") + "/"
            if rel == "./":
                rel = "./"
        return rel + (f"#{anchor}" if anchor else "")


@lru_cache(maxsize=65536)
def _relpath(target: str, start: str) -> str:
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
