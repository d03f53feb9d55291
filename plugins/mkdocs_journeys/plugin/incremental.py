"""While serving: after an edit of content only, MkDocs' own page steps run again for just the pages
whose output changes; any other change gets MkDocs' full build.

`mkdocs serve` rebuilds the whole site on every change. The plugin hands the server a builder that
first tries a partial build: when nothing but content files changed since the last successful build
(no page of `docs/`, no configuration, no template, no actuals), the content has no errors, and the
site keeps the same pages, titles and navigation, then the pages whose render inputs changed
(plugin/render_memo.py) go through MkDocs' steps for a page: the plugins' page events, Markdown,
the theme's template, writing. Everything else of the last build stays: the other pages' files,
the navigation, the assets. The search index keeps the other pages' entries as the text they encode
to and takes the rebuilt pages' new ones, in page order, as a full build writes it (search_text.py).
Anchor links are validated again on the rebuilt pages and on every page that links to an anchor in
one of them.
Whatever a partial build cannot vouch for gets the full build, as does any failure; a strict build's
warnings end it as they end a full build.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from mkdocs.exceptions import Abort
from mkdocs.structure.files import InclusionLevel
from mkdocs.utils import CountHandler

from mkdocs_journeys.plugin.search_text import SearchText

# Plugins whose page events depend on the page alone, or whose state this module keeps right.
PAGE_LOCAL_PLUGINS = frozenset({"search", "material/search", "journeys", "mermaid2"})


@dataclass
class LastBuild:
    """What a partial build starts from: the last successful build's objects, and what it was made from."""

    config: Any
    files: Any
    nav: Any
    env: Any
    inputs: dict[str, tuple[int, int]]  # path -> (mtime_ns, size) of every input besides content
    pages: list[tuple]  # generated pages: GeneratedPage.entry (path, title, search, edited source)
    nav_plan: object
    had_errors: bool
    search: SearchText | None  # the search index as written (None: the site has no search plugin)

    # A partial build keeps the last build's files and pages: their list and URLs are worked out once.
    @cached_property
    def doc_files(self) -> list:
        return self.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)

    @cached_property
    def page_urls(self) -> list[str]:
        return [f.page.url for f in self.doc_files if f.page is not None]


def snapshot(paths: list[Path], skip: list[Path]) -> dict[str, tuple[int, int]]:
    """Time and size of every file under `paths` (files or folders), except below `skip`."""
    out: dict[str, tuple[int, int]] = {}
    skipped = {os.path.abspath(p) for p in skip}

    def visit(path: str) -> None:
        if path in skipped:
            return
        try:
            st = os.stat(path)
        except OSError:
            out[path] = (-1, -1)
            return
        if os.path.isdir(path):
            for entry in sorted(os.listdir(path)):
                visit(os.path.join(path, entry))
        else:
            out[path] = (st.st_mtime_ns, st.st_size)

    for p in paths:
        visit(os.path.abspath(p))
    return out


def unsupported_plugins(config: Any) -> list[str]:
    return [name for name in config.plugins if name not in PAGE_LOCAL_PLUGINS]


class PartialBuild:
    """Runs MkDocs' page steps for some pages of the last build, and the steps after them."""

    def __init__(self, last: LastBuild):
        self.last = last

    def run(self, uris: list[str]) -> None:
        from mkdocs.commands import build as mkdocs_build  # the page steps of MkDocs' own build

        config, files, nav, env = self.last.config, self.last.files, self.last.nav, self.last.env
        counter = CountHandler()
        counter.setLevel(logging.WARNING)
        mkdocs_logger = logging.getLogger("mkdocs")
        if config.strict:
            mkdocs_logger.addHandler(counter)
        try:
            doc_files = self.last.doc_files
            pages = [files.get_file_from_path(uri).page for uri in uris]
            search = self.last.search
            if search is not None:
                search.rebuilding(p.url for p in pages)
            for page in pages:
                mkdocs_build._populate_page(page, config, files)
            for page in pages:
                mkdocs_build._build_page(page, config, doc_files, nav, env)
            level = config.validation.links.anchors
            for page in _linking_to(doc_files, {page.file for page in pages}):
                page.validate_anchor_links(files=files, log_level=level)
            if search is not None:
                search.write(config, self.last.page_urls)
            if counts := counter.get_counts():
                msg = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
                raise Abort(f"Aborted with {msg} in strict mode!")
        finally:
            mkdocs_logger.removeHandler(counter)


def _linking_to(doc_files: list, rebuilt: set) -> list:
    """The rebuilt pages and every page with a link to an anchor in one of them, in page order: the
    other pages' links point to pages whose anchors are as the last build validated them."""
    out = []
    for f in doc_files:
        page = f.page
        if page is not None and (f in rebuilt or not rebuilt.isdisjoint(page.links_to_anchors or ())):
            out.append(page)
    return out


class Rebuilder:
    """The builder `mkdocs serve` calls on every change: a partial build when `partial` says it did one."""

    def __init__(self, partial: Callable[[], bool], full: Callable[..., None]):
        self.partial = partial
        self.full = full

    def __call__(self, config: Any = None) -> None:
        if config is None and self.partial():
            return
        self.full() if config is None else self.full(config)
