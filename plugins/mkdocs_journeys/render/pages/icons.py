"""Material's bundled icons (material/templates/.icons/material), drawn by the stylesheet.

HTML blocks skip Markdown, so `:material-…:` shortcodes cannot be used there. Each icon is a CSS
mask of Material's own SVG path, once in assets/board.css (cached by the browser), so a page only
carries `<span class="jr-icon jr-i-NAME">`: a board with many touchpoints stays small. `css()`
writes that block from the installed theme; a test keeps the stylesheet in step with it.
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

# Channel -> Material Design icon, for touchpoints on the board and the comparison.
CHANNEL_ICONS = {
    "email": "email-outline",
    "mobile": "cellphone",
    "social": "share-variant-outline",
    "ads": "bullhorn-outline",
    "web": "web",
    "search": "magnify",
    "chat": "chat-outline",
    "phone": "phone-outline",
    "in-person": "handshake-outline",
    "print": "newspaper-variant-outline",
    "event": "calendar-star",
    "product": "package-variant-closed",
    "review": "star-outline",
    "other": "circle-small",
}
# Actions and facts on the journey page and the board.
ACTION_ICONS = (
    "view-dashboard-outline",
    "compare-horizontal",
    "heart-pulse",
    "fit-to-screen-outline",
    "fullscreen",
    "fullscreen-exit",
    "printer-outline",
    "arrow-left",
    "cash-multiple",
    "shoe-print",
    "emoticon-outline",
    "target",
    "alarm-light-outline",
    "account-group-outline",
    "alert-outline",
)
ICONS = tuple(dict.fromkeys([*CHANNEL_ICONS.values(), *ACTION_ICONS]))
_NAME = re.compile(r"[a-z0-9-]+")


def icon(name: str) -> Markup:
    """An icon before a label: decorative, the label says what it means."""
    if name not in ICONS:
        raise ValueError(f"no such icon in icons.ICONS: {name!r}")
    return Markup(f'<span class="jr-icon jr-i-{name}" aria-hidden="true"></span>')


def channel_icon(channel: str) -> Markup:
    return icon(CHANNEL_ICONS.get(channel, CHANNEL_ICONS["other"]))


@lru_cache(maxsize=1)
def _folder() -> Path | None:
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0]) / "templates" / ".icons" / "material"
    return folder if folder.is_dir() else None


def path_of(name: str) -> str:
    """The SVG path data of a Material Design icon as the installed theme ships it."""
    folder = _folder()
    if folder is None or not _NAME.fullmatch(name):
        raise LookupError(f"Material's icon {name!r} is not installed")
    text = (folder / f"{name}.svg").read_text(encoding="utf-8")
    found = re.search(r'<path d="([0-9A-Za-z.,\s-]+)"', text)
    if not found:
        raise LookupError(f"Material's icon {name!r} has no single path")
    return found.group(1)


def css() -> str:
    """The stylesheet rules of every icon in ICONS (see assets/board.css)."""
    lines = []
    for name in ICONS:
        svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'><path d='{path_of(name)}'/></svg>"
        data = svg.replace("<", "%3C").replace(">", "%3E")
        lines.append(f'.jr-i-{name} {{ --jr-icon: url("data:image/svg+xml,{data}"); }}')
    return "\n".join(lines) + "\n"
