"""HTML blocks that skip Markdown.

Most of a generated page is HTML we built and escaped ourselves (tables, cards, boards).
Fed through Markdown as raw HTML, it costs MkDocs two HTML parses per page (md_in_html and
MkDocs' anchor scan), which at a thousand journeys is most of the build. So `*.html`
templates put such parts in a block: the page's Markdown keeps a placeholder comment, and
the plugin puts the block in its place in `on_page_content`. Headings stay Markdown, so the
table of contents is MkDocs' own.

Content cannot forge a placeholder: templates escape content, and prose has raw HTML off.
`inline` gives the same page as self-contained Markdown (tests, the benchmark's twin).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from markupsafe import Markup

_PLACEHOLDER = "<!--journeys-block-{}-->"
_FIND = re.compile(r"<!--journeys-block-(\d+)-->")


class PageText(NamedTuple):
    markdown: str  # with a placeholder line per block
    blocks: tuple[str, ...] = ()


class Blocks:
    """The blocks of one page; in a template: {% call block() %}<div>…</div>{% endcall %}."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def __call__(self, caller) -> Markup:
        self.items.append(str(caller()).strip())
        # Blank lines around: Markdown sees a block-level comment and passes it through untouched.
        return Markup("\n\n" + placeholder(len(self.items) - 1) + "\n\n")


def placeholder(index: int) -> str:
    """The comment that stands for block `index` of a page until `fill`."""
    return _PLACEHOLDER.format(index)


def fill(html: str, blocks: Sequence[str]) -> str:
    """The page's HTML with every placeholder replaced by its block."""
    if not blocks:
        return html

    def block(m: re.Match) -> str:
        i = int(m.group(1))
        return blocks[i] if i < len(blocks) else m.group(0)

    return _FIND.sub(block, html)


def inline(text: PageText) -> str:
    """Self-contained Markdown: each block in place of its placeholder, as a raw HTML block."""
    return fill(text.markdown, text.blocks)
