"""Text bound for a terminal or a log, made safe.

Content arrives through pull requests, so a title may carry escape sequences
(`ESC ]0;…BEL` retitles the window, `ESC [31m` recolours it, U+202E reverses
what follows). Every character that is not printable, except a plain space,
is shown as a visible escape instead: `\\x1b`, `\\u202e`.
"""

from __future__ import annotations

import json

_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(ch: str) -> str:
    if ch in _SHORT:
        return _SHORT[ch]
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def safe(text: object) -> str:
    """`text` with every non-printable character (C0, DEL, C1, bidi and other format controls,
    line and paragraph separators, unusual spaces) escaped; plain spaces and printable text stay."""
    text = str(text)
    if text.isprintable():  # the common case, and cheap
        return text
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in text)


def safe_lines(text: str) -> str:
    """Like `safe`, but keeps line breaks: for multi-line output such as Markdown."""
    return "\n".join(safe(line) for line in text.split("\n"))


def json_text(data) -> str:
    """JSON whose strings keep their letters but escape every non-printable character (\\u202e, \\u001b)."""
    text = json.dumps(data, indent=2, ensure_ascii=False)

    def esc(ch: str) -> str:
        if 0xD800 <= ord(ch) <= 0xDFFF:
            return f"\\u{ord(ch):04x}"
        b = ch.encode("utf-16-be")  # JSON escapes characters beyond U+FFFF as surrogate pairs
        return "".join(f"\\u{int.from_bytes(b[i : i + 2], 'big'):04x}" for i in range(0, len(b), 2))

    # Outside strings json.dumps writes only printable characters, spaces and the indent's line breaks.
    return "".join(ch if ch.isprintable() or ch == "\n" else esc(ch) for ch in text) + "\n"
