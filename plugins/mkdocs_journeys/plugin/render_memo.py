"""While serving: the generated pages' rendered text, reused by the next rebuild when nothing they
could show has changed.

A page's render may read any part of the catalog, so the key is everything rendering reads: the
bytes of every content and actuals file, every problem reported, the Git dates and the build's
date, the site's files, the site's own page templates, the configuration. Equal keys mean equal
inputs, so a reused page is the page a render would give; any difference renders every page
again. Edits to `docs/` pages (and saves that change nothing) reuse every generated page. What
rendering logged (links to missing pages) and the anchors its links point to are kept with the
text and given back, so MkDocs validates as after a render.
"""

from __future__ import annotations

import hashlib
import json
import logging
import marshal
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.structure.files import File, Files

from mkdocs_journeys.render.pages.blocks import PageText


@dataclass
class Rendered:
    packed: bytes  # the PageText, compressed: the pages of a large site would hold hundreds of MB otherwise
    logged: list[tuple[int, str]] = field(default_factory=list)  # (level, message) as rendering logged them
    anchors: dict[str, dict[str, str]] = field(default_factory=dict)  # target src_uri -> {anchor: link as written}

    @classmethod
    def of(cls, text: PageText, logged: list[tuple[int, str]], anchors: dict[str, dict[str, str]]) -> Rendered:
        return cls(zlib.compress(marshal.dumps((text.markdown, text.blocks)), 1), logged, anchors)

    @property
    def text(self) -> PageText:
        markdown, blocks = marshal.loads(zlib.decompress(self.packed))
        return PageText(markdown, tuple(blocks))


def input_key(
    digests: dict[str, bytes],
    problems: list[dict],
    dates: dict[str, str],
    site_files: list[str],
    folders: list[Path],
    config_parts: tuple,
) -> str:
    """One digest of everything a generated page's render can read; `folders` are read whole
    (the actuals, a site's own page templates)."""
    h = hashlib.blake2b(digest_size=20)

    def part(value: object) -> None:
        h.update(json.dumps(value, sort_keys=True, default=repr, ensure_ascii=False).encode() + b"\0")

    part(sorted((rel, d.hex()) for rel, d in digests.items()))
    part(problems)
    part(dates)
    part(sorted(site_files))
    part([(str(folder), _folder_digest(folder)) for folder in folders])
    part([repr(p) for p in config_parts])
    return h.hexdigest()


def _folder_digest(folder: Path) -> list[tuple[str, str]]:
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.rglob("*")):
        try:
            if path.is_file():
                out.append((path.relative_to(folder).as_posix(), hashlib.blake2b(path.read_bytes()).hexdigest()))
        except OSError as e:
            out.append((path.as_posix(), f"unreadable: {e}"))
    return out


class RenderMemo:
    """Rendered pages of the last successful build, and those of the build under way."""

    def __init__(self) -> None:
        self.key: str | None = None
        self.pages: dict[str, Rendered] = {}
        self.building: dict[str, Rendered] = {}
        self.building_key: str | None = None
        self.reusing = False
        self.reused = 0

    def start(self, key: str | None) -> None:
        """A build begins: its pages come from the memo only if its inputs are those of the last one."""
        self.reusing = key is not None and key == self.key
        self.building_key, self.building, self.reused = key, {}, 0

    def get(self, uri: str) -> Rendered | None:
        got = self.pages.get(uri) if self.reusing else None
        if got is not None:
            self.reused += 1
            self.building[uri] = got
        return got

    def keep(self, uri: str, rendered: Rendered) -> None:
        self.building[uri] = rendered

    def finish(self) -> None:
        """The build succeeded: its pages are what the next build may reuse."""
        self.key, self.pages = self.building_key, self.building
        self.building = {}

    def drop(self) -> None:
        """A build failed: nothing of it is reused."""
        self.key, self.pages, self.building, self.reusing = None, {}, {}, False


class LogRecorder(logging.Handler):
    """The messages logged while one page renders, to be logged again when the page is reused."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))


def anchors_by_uri(anchors: dict[File, dict[str, str]]) -> dict[str, dict[str, str]]:
    return {f.src_uri: dict(links) for f, links in anchors.items()}


def anchors_by_file(anchors: dict[str, dict[str, str]], files: Files) -> dict[File, dict[str, str]]:
    out: dict[File, dict[str, str]] = {}
    for uri, links in anchors.items():
        target = files.src_uris.get(uri)
        if target is not None:  # the file set is part of the key: every target is still there
            out[target] = dict(links)
    return out
