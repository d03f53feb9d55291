"""The Jinja environments for page templates.

`*.md` templates (indexes, reference) write Markdown. Every interpolated value is escaped
for HTML (autoescape) and for Markdown (finalize), so content can neither add tags nor
Markdown links or attribute lists.

`*.html` templates (the pages that carry most of a catalog: journeys, boards, personas,
touchpoints, phases) write HTML in blocks that skip Markdown (blocks.py), with Markdown
headings for the table of contents. Values are HTML-escaped; the few Markdown lines escape
theirs with `| md`; links are final URLs, since MkDocs does not rewrite links in blocks.

Only values built here are marked safe (Markup).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from mkdocs_journeys.core import emotions

# The core ESCAPED_CHARS; < > & are HTML-escaped. A translate table: faster than re.sub with a template.
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|"})


def md_escape(value: str) -> str:
    """Plain text for a Markdown context: one line, every Markdown trigger backslash-escaped."""
    return " ".join(value.split()).translate(_MD_SPECIAL)


# Names, titles and labels recur on thousands of pages: escape each distinct string once.
_md_escape_cached = lru_cache(maxsize=1 << 16)(md_escape)


@lru_cache(maxsize=1 << 16)
def _link_text(text: str) -> str:
    return str(escape(md_escape(text)))


def _finalize(value):
    if type(value) is str:  # the common case first
        return _md_escape_cached(value)
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return Markup(number(value))
    return md_escape(str(value))


def _finalize_html(value):
    if type(value) is str or isinstance(value, Markup):
        return value  # autoescape escapes plain strings
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return Markup(number(value))
    return str(value)


_CODE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _code(value: object) -> Markup:
    return Markup(str(value).translate(_CODE))


def number(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u2019")
    return f"{value:,.2f}".replace(",", "\u2019").rstrip("0").rstrip(".")


def attr(value: object) -> Markup:
    """For HTML attribute values, where Markdown is not processed."""
    return Markup(escape(" ".join(str(value).split())))


_IDENT = re.compile(r"[A-Za-z0-9_-]+")


def ident(value: object) -> Markup:
    """An id or class fragment (anchors, CSS classes): only slug characters pass."""
    text = str(value)
    if not _IDENT.fullmatch(text):
        raise ValueError(f"not an identifier: {text!r}")
    return Markup(text)


def link(text: object, target: str) -> Markup:
    """A Markdown link with escaped text to a target we built."""
    return Markup(f"[{_link_text(str(text))}]({target})")


def html_link(text: object, href: str) -> Markup:
    """An HTML link with escaped text to a URL we built."""
    return Markup('<a href="{}">{}</a>').format(href, str(text))


def make_env(html: bool = False) -> Environment:
    """The environment for `*.md` templates, or with `html` for `*.html` templates."""
    env = Environment(
        loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
        autoescape=True,
        finalize=_finalize_html if html else _finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
        auto_reload=False,  # one environment per build: no need to stat the template on every page
        extensions=["jinja2.ext.do"] if html else [],
    )
    env.filters["attr"] = attr
    env.filters["id"] = ident
    env.filters["number"] = lambda v: Markup(number(v))
    env.filters["level"] = emotions.level  # the colour an average emotion gets
    env.globals["link"] = html_link if html else link
    if html:
        # For the few Markdown lines of an *.html template (headings, for the table of contents).
        env.filters["md"] = _text
        # Source text shown as code (Mermaid): escaped even where we built it as Markup.
        # Element content needs only & < > (quotes stay readable, and the page smaller).
        env.filters["code"] = _code
    return env


def _text(value: object) -> Markup:
    """What a template's {{ value }} prints: Markdown- and HTML-escaped text."""
    return Markup(_link_text(str(value)))


class Inline:
    """Links and badges that fill every table row, for one page.

    Plain Python rather than Jinja macros: a macro call costs several times more, and
    large catalogs make hundreds of thousands of them. With `html`, for `*.html` templates:
    HTML links to final URLs, text escaped for HTML only.
    """

    def __init__(self, catalog, links, page_src: str, phase_titles: dict[str, str], html: bool = False):
        self.c, self.links, self.page_src, self.titles = catalog, links, page_src, phase_titles
        self._link: Callable[[object, str], Markup] = html_link if html else link
        self._href = links.url if html else links.md
        self._text = escape if html else _text
        self._plain = str if html else md_escape

    def journey_link(self, jid: str, anchor: str | None = None) -> Markup:
        j = self.c.journeys.get(jid)
        return self._link(j.title, self._href(self.page_src, "journey", jid, anchor)) if j else self._text(jid)

    def persona_link(self, pid: str) -> Markup:
        p = self.c.personas.get(pid)
        return self._link(p.name, self._href(self.page_src, "persona", pid)) if p else self._text(pid)

    def touchpoint_link(self, tid: str) -> Markup:
        tp = self.c.touchpoints.get(tid)
        return self._link(tp.name, self._href(self.page_src, "touchpoint", tid)) if tp else self._text(tid)

    def phase_link(self, pid: str) -> Markup:
        return self._link(self.titles.get(pid, pid), self._href(self.page_src, "phase", pid))

    def score(self, value: int, text: str | None = None) -> Markup:
        shown = text if text is not None else value
        shown = (
            number(shown)
            if isinstance(shown, (int, float)) and not isinstance(shown, bool)
            else self._plain(str(shown))
        )
        return Markup('<span class="jr-score jr-score-{}">{}</span>').format(value, shown)
