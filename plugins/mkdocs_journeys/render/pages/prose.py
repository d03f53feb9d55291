"""Body prose: Markdown from content files, rendered with raw HTML disabled.

Bodies arrive through pull requests, so they may not carry HTML, scripts,
attribute lists or javascript: links into the site. A ```mermaid fence becomes a
diagram like the generated ones: Mermaid draws it with securityLevel strict.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

_SAFE_URL = re.compile(r"^(https?:|mailto:|#|[^:/?#]*(?:[/?#]|$))", re.I)


class _SafeLinks(Treeprocessor):
    def run(self, root: Element) -> None:
        for el in root.iter():
            for attr in ("href", "src"):
                value = el.get(attr)
                if value is not None and not _SAFE_URL.match(value.strip()):
                    del el.attrib[attr]


# What fenced_code makes of a ```mermaid fence (its text already HTML-escaped). With raw HTML off,
# nothing else in a body can produce this markup.
_MERMAID_FENCE = re.compile(r'<pre><code class="language-mermaid">(.*?)</code></pre>', re.S)
_DIAGRAM = r'<div class="jr-diagram" tabindex="0"><pre class="mermaid"><code>\1</code></pre></div>'


class _MermaidFences(Postprocessor):
    """The same markup as the generated diagrams (and pymdownx' mermaid fence), for Material's loader."""

    def run(self, text: str) -> str:
        if "language-mermaid" not in text:
            return text
        return _MERMAID_FENCE.sub(_DIAGRAM, text)


class _NoRawHtml(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md), "journeys_safe_links", 0)
        md.postprocessors.register(_MermaidFences(md), "journeys_mermaid", 5)  # after the stash is restored (30)


class Prose:
    """Renders prose to HTML. One instance per build; reset between documents."""

    def __init__(self) -> None:
        self.md = markdown.Markdown(
            extensions=["tables", "sane_lists", "admonition", "fenced_code", _NoRawHtml()], output_format="html"
        )

    def html(self, text: str) -> str:
        if not text or not text.strip():
            return ""
        self.md.reset()
        return self.md.convert(text)
