"""Escaping for Mermaid: content never becomes Mermaid syntax.

Every character outside a small safe set becomes a Mermaid entity code (#NNN;),
which Mermaid decodes only after parsing. So quotes, brackets, ':' and ';',
'%%', '#', 'click', backticks and newlines in content cannot change a diagram.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Letters (any script), digits, space and punctuation that no Mermaid grammar reacts to.
_SAFE = re.compile(r"[^\W_]|[ .,!?'+=*@/-]")
# The complement of _SAFE, to replace all unsafe characters in one pass ('_' is a word character).
_UNSAFE = re.compile(r"[^\w .,!?'+=*@/-]|_")
_WORDS = re.compile(
    r"\b(end|click|style|classDef|class|linkStyle|subgraph|call|href|callback|title|section|acc\w*|graph|flowchart|journey|direction|default)\b",
    re.I,
)


def text(value: object, limit: int = 200) -> str:
    """Escape one label. Newlines and runs of space collapse to one space."""
    return _text(" ".join(str(value).split()), limit)


@lru_cache(maxsize=1 << 14)  # names and phase titles recur in many diagrams
def _text(s: str, limit: int) -> str:
    if not s:
        return "#8211;"  # Mermaid rejects empty labels and tasks: show a dash
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    escaped = _UNSAFE.sub(_entity, s)
    # Keywords stay readable but are broken up so no grammar sees them as keywords.
    return _WORDS.sub(lambda m: m.group(0)[0] + f"#{ord(m.group(0)[1])};" + m.group(0)[2:], escaped)


def _entity(m: re.Match) -> str:
    return f"#{ord(m.group(0))};"


def node_id(prefix: str, index: int) -> str:
    """Node ids are generated, never taken from content."""
    return f"{prefix}{index}"


def href(url: str) -> str:
    """A link target we built ourselves; refuse anything that could leave the quotes."""
    if not re.fullmatch(r"[A-Za-z0-9_./#%-]*", url) or url.lower().startswith(("javascript", "data")):
        raise ValueError(f"unsafe diagram link: {url!r}")
    return url
