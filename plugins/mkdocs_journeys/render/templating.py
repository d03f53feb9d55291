"""The Jinja environment of the generated pages.

Page templates are `*.html` and write the page's Markdown: its headings (so the table of
contents is MkDocs' own; their text through `| md`), the site's code fences where a page shows
code examples, and a placeholder for each HTML block (pages/blocks.py), which skips Markdown
and holds the rest. Values are HTML-escaped (autoescape, never turned off); links are final
URLs, since MkDocs does not rewrite links in blocks.

Templates are looked up in `journeys/` of each of the site's theme dirs (MkDocs'
`theme.dirs`, which begin with `custom_dir`), then in the package's `templates/`: a team
overrides `board.html` with `overrides/journeys/board.html`. Overrides are escaped alike.

Only values built here are marked safe (Markup).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from mkdocs_journeys.core import emotions

TEMPLATES = Path(__file__).parent / "templates"
OVERRIDES = "journeys"  # the folder in a theme dir that holds a site's own page templates

# The core ESCAPED_CHARS; < > & are HTML-escaped. A translate table: faster than re.sub with a template.
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|"})


def md_escape(value: str) -> str:
    """Plain text for a Markdown context: one line, every Markdown trigger backslash-escaped."""
    return " ".join(value.split()).translate(_MD_SPECIAL)


# Names, titles and labels recur on thousands of pages: escape each distinct string once.
@lru_cache(maxsize=1 << 16)
def _md_text(text: str) -> str:
    return str(escape(md_escape(text)))


def _finalize(value: object) -> object:
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
    """For HTML attribute values: one line, escaped."""
    return Markup(escape(" ".join(str(value).split())))


_IDENT = re.compile(r"[A-Za-z0-9_-]+")


def ident(value: object) -> Markup:
    """An id or class fragment (anchors, CSS classes): only slug characters pass."""
    text = str(value)
    if not _IDENT.fullmatch(text):
        raise ValueError(f"not an identifier: {text!r}")
    return Markup(text)


def link(text: object, href: str) -> Markup:
    """An HTML link with escaped text to a URL we built."""
    return Markup('<a href="{}">{}</a>').format(href, str(text))


def md(value: object) -> Markup:
    """Text for a Markdown line of a template (a heading): Markdown- and HTML-escaped."""
    return Markup(_md_text(str(value)))


_BACKTICKS = re.compile(r"`+")


def fence(text: object, language: str = "text") -> Markup:
    """A fenced code block for the site's highlighter, which escapes the text: a code example.

    The fence is longer than any run of backticks in the text, so the text cannot close it.
    """
    body = str(text).rstrip("\n")
    ticks = "`" * max(3, 1 + max((len(m) for m in _BACKTICKS.findall(body)), default=0))
    return Markup(f"{ticks} {ident(language)}\n{body}\n{ticks}")


_CODE_SPAN = re.compile(r"`([^`]+)`")


def code_spans(text: object) -> Markup:
    """Our own sentences (labels, locale texts) in HTML: escaped, their `code` spans as <code>.

    The only Markdown these sentences use; content never goes through here.
    """
    return Markup(_CODE_SPAN.sub(r"<code>\1</code>", str(escape(text))))


def template_dirs(theme_dirs: Sequence[str | Path] = ()) -> list[str]:
    """Where templates are looked up, in order: `journeys/` of each theme dir, then the package's."""
    return [str(Path(d) / OVERRIDES) for d in theme_dirs] + [str(TEMPLATES)]


def override_dirs(theme_dirs: Sequence[str | Path]) -> list[str]:
    """The folders of the site's own page templates that exist (for `mkdocs serve` to watch)."""
    return [d for d in template_dirs(theme_dirs)[:-1] if Path(d).is_dir()]


def make_env(theme_dirs: Sequence[str | Path] = ()) -> Environment:
    """The environment for the page templates; a site's overrides in its `theme_dirs` come first.
    The same templates give the same environment: `mkdocs serve` compiles them once, not on every rebuild."""
    dirs = template_dirs(theme_dirs)
    key = (tuple(dirs), _template_files(dirs))
    env = _ENVS.get(key)
    if env is None:
        _ENVS.clear()  # only the current templates' environment is kept
        env = _ENVS[key] = _new_env(dirs)
    return env


_ENVS: dict[tuple, Environment] = {}


def _template_files(dirs: list[str]) -> tuple:
    """Every file of the template folders, with its time and size: an edited, added or removed template
    makes another key."""
    out = []
    for folder in dirs:
        for path, _, names in sorted(os.walk(folder)):
            for name in sorted(names):
                full = os.path.join(path, name)
                try:
                    st = os.stat(full)
                except OSError:
                    continue
                out.append((full, st.st_mtime_ns, st.st_size))
    return tuple(out)


def _new_env(dirs: list[str]) -> Environment:
    env = Environment(
        loader=FileSystemLoader(dirs),
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
        auto_reload=False,  # a changed template makes a new environment (make_env): no stat on every page
        extensions=["jinja2.ext.do"],
    )
    env.filters["attr"] = attr
    env.filters["id"] = ident
    env.filters["number"] = lambda v: Markup(number(v))
    # For the Markdown lines of a template (headings, for the table of contents).
    env.filters["md"] = md
    # Source text shown as code (Mermaid): escaped even where we built it as Markup.
    # Element content needs only & < > (quotes stay readable, and the page smaller).
    env.filters["code"] = _code
    env.filters["fence"] = fence
    env.filters["code_spans"] = code_spans
    env.filters["level"] = emotions.level  # the colour an average emotion gets
    env.globals["link"] = link
    return env


class Inline:
    """Links and badges that fill every table row, for one page: HTML links to final URLs.

    Plain Python rather than Jinja macros: a macro call costs several times more, and
    large catalogs make hundreds of thousands of them.
    """

    def __init__(self, catalog, links, page_src: str, phase_titles: dict[str, str]):
        self.c, self.links, self.page_src, self.titles = catalog, links, page_src, phase_titles
        self._href = links.url

    def journey_link(self, jid: str, anchor: str | None = None) -> Markup:
        j = self.c.journeys.get(jid)
        return link(j.title, self._href(self.page_src, "journey", jid, anchor)) if j else escape(jid)

    def persona_link(self, pid: str) -> Markup:
        p = self.c.personas.get(pid)
        return link(p.name, self._href(self.page_src, "persona", pid)) if p else escape(pid)

    def touchpoint_link(self, tid: str) -> Markup:
        tp = self.c.touchpoints.get(tid)
        return link(tp.name, self._href(self.page_src, "touchpoint", tid)) if tp else escape(tid)

    def phase_link(self, pid: str) -> Markup:
        return link(self.titles.get(pid, pid), self._href(self.page_src, "phase", pid))

    def score(self, value: int, text: str | None = None) -> Markup:
        shown = text if text is not None else value
        shown = number(shown) if isinstance(shown, (int, float)) and not isinstance(shown, bool) else str(shown)
        return Markup('<span class="jr-score jr-score-{}">{}</span>').format(value, shown)
