"""Body prose: Markdown from content files, rendered with raw HTML disabled.

Bodies arrive through pull requests, so they may not carry HTML, scripts,
attribute lists or javascript: links into the site.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

_SAFE_URL = re.compile(r"^(https?:|mailto:|#|[^:/?#]*(?:[/?#]|$))", re.I)


class _SafeLinks(Treeprocessor):
    def run(self, root: Element) -> None:
        for el in root.iter():
            for attr in ("href", "src"):
                value = el.get(attr)
                if value is not None and not _SAFE_URL.match(value.strip()):
                    del el.attrib[attr]


class _NoRawHtml(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md), "journeys_safe_links", 0)


class Prose:
    """Renders prose to HTML. One instance per build; reset between documents."""

    def __init__(self) -> None:
        self.md = markdown.Markdown(extensions=["tables", "sane_lists", "admonition", "fenced_code", _NoRawHtml()],
                                    output_format="html")

    def html(self, text: str) -> str:
        if not text or not text.strip():
            return ""
        self.md.reset()
        return self.md.convert(text)
