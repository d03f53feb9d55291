"""Final URLs between the site's pages, by MkDocs' own File logic, checked like hand-written links.

Generated HTML blocks and Mermaid click lines skip MkDocs' Markdown link handling, so their
URLs come from here: MkDocs' `File.url_relative_to`, a missing target reported at the level of
`validation.links.not_found`, and every link with an anchor handed to MkDocs' anchor validation
(`Page.links_to_anchors`) once the page is rendered.
"""

from __future__ import annotations

import logging

from mkdocs.structure.files import File, Files

from mkdocs_journeys.render.pages.links import Links, md_link


class SiteLinks:
    """`url_of` for pages.Links, over the build's Files (or, with no Files, over any path: tests, tools)."""

    def __init__(
        self,
        use_directory_urls: bool = True,
        files: Files | None = None,
        log: logging.Logger | logging.LoggerAdapter | None = None,
        not_found: int = logging.WARNING,
    ):
        self.use_directory_urls = use_directory_urls
        self.files = files
        self.log = log or logging.getLogger(__name__)
        self.not_found = not_found
        # from src_uri -> {target File: {anchor: link as written}}: the shape of MkDocs' Page.links_to_anchors
        self.anchors: dict[str, dict[File, dict[str, str]]] = {}
        self._page = ""  # pages render one at a time: URLs are cached for the current one
        self._here: File | None = None
        self._urls: dict[str, str | None] = {}  # target src_uri -> URL; a page links the same target many times
        self._loose: dict[str, File] = {}

    def links(self) -> Links:
        return Links(self)

    def _file(self, src_uri: str) -> File | None:
        if self.files is not None:
            return self.files.src_uris.get(src_uri)  # our paths are clean POSIX paths already
        f = self._loose.get(src_uri)
        if f is None:
            f = self._loose[src_uri] = File(src_uri, None, "", self.use_directory_urls)
        return f

    def __call__(self, from_src: str, target_src: str, anchor: str | None = None) -> str:
        if from_src != self._page:
            self._page, self._urls, self._here = from_src, {}, None
        if target_src in self._urls:
            url = self._urls[target_src]
        else:
            url = self._urls[target_src] = self._url(from_src, target_src)
        if url is None:  # reported once in _url; the link stays as written, as MkDocs leaves a broken one
            return md_link(from_src, target_src, anchor)
        if not anchor:
            return url
        target = self._file(target_src)
        if target is not None:
            by_target = self.anchors.setdefault(from_src, {}).setdefault(target, {})
            if anchor not in by_target:
                by_target[anchor] = md_link(from_src, target_src, anchor)
        return f"#{anchor}" if from_src == target_src else f"{url}#{anchor}"

    def _url(self, from_src: str, target_src: str) -> str | None:
        target = self._file(target_src)
        if target is None:
            self.log.log(
                self.not_found,
                f"Doc file '{from_src}' contains a generated link "
                f"'{md_link(from_src, target_src)}', but the target '{target_src}' "
                "is not found among documentation files.",
            )
            return None
        if self._here is None or self._here.src_uri != from_src:
            self._here = self._file(from_src) or File(from_src, None, "", self.use_directory_urls)
        return target.url_relative_to(self._here)

    def take_anchors(self, from_src: str) -> dict[File, dict[str, str]]:
        """The anchor links of a page, once: for MkDocs' anchor validation."""
        return self.anchors.pop(from_src, {})
