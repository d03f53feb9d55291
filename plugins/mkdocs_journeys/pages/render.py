"""The Jinja environment for page templates.

Templates write Markdown. Every interpolated value is escaped for HTML (autoescape)
and for Markdown (finalize), so content can neither add tags nor Markdown links
or attribute lists. Only values built here are marked safe (Markup).
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")  # the core ESCAPED_CHARS; < > & are HTML-escaped


def md_escape(value: str) -> str:
    """Plain text for a Markdown context: one line, every Markdown trigger backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(value.split()))


def _finalize(value):
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return Markup(number(value))
    return md_escape(str(value))


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


def ident(value: object) -> Markup:
    """An id or class fragment (anchors, CSS classes): only slug characters pass."""
    text = str(value)
    if not re.fullmatch(r"[A-Za-z0-9_-]+", text):
        raise ValueError(f"not an identifier: {text!r}")
    return Markup(text)


def link(text: object, target: str) -> Markup:
    """A Markdown link with escaped text to a target we built."""
    return Markup(f"[{escape(md_escape(str(text)))}]({target})")


def make_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters["attr"] = attr
    env.filters["id"] = ident
    env.filters["number"] = lambda v: Markup(number(v))
    env.globals["link"] = link
    return env
