"""What the file watcher saw change in the content folders since the last load, and what a load may
take on trust because of it.

While serving, a rebuild after an edit would otherwise ask every content file for its status (6,750
at a thousand journeys) and list every folder, to find the one file that changed. When the watcher
reported every change since the last load, a file it did not report holds the bytes it held then,
and a folder whose listing no report touches lists the same files. The loader then reads the
reported files only (core/catalog_loader.py). Whatever the reports leave open (a file created or
removed, a folder, a name the listing does not know) gets the full look, as without a watcher.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection
from dataclasses import dataclass

from mkdocs_journeys.core.source_files import IGNORED_SUFFIXES


@dataclass(frozen=True)
class ChangedFiles:
    """Paths relative to the project root, as the watcher reported them: files written in place,
    and paths created or removed (a move is both; a folder ends with "/")."""

    written: frozenset[str] = frozenset()
    created: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()

    def unlisted(self, listed: Collection[str]) -> frozenset[str] | None:
        """The files of `listed` (the last listing of the content folders) that may differ now, when the
        listing itself still holds; None when it may not (a file the folders would list came or went)."""
        for rel in self.removed:
            if rel in listed or _listable(rel):
                return None
        for rel in self.created:
            if rel not in listed and _listable(rel):
                return None
        # A listed file created anew was written over by a move (an editor's safe save): written.
        return frozenset(rel for rel in self.written | self.created if rel in listed)


def _listable(rel: str) -> bool:
    """Whether a folder listing could show `rel`, or report it: a folder, a Markdown file, or a file the
    listing reports as ignored. Names beginning with a dot are never listed (an editor's swap file)."""
    if any(part.startswith(".") for part in rel.rstrip("/").split("/")):
        return False
    return rel.endswith("/") or posixpath.basename(rel).lower().endswith((".md", *IGNORED_SUFFIXES))
