"""Material's bundled icons (material/templates/.icons), inline in the generated HTML.

HTML blocks skip Markdown, so `:material-…:` shortcodes cannot be used there: the same SVGs are
read from the installed theme. Each page carries a sprite of the icons it uses once, and refers
to it with <use>, so a board with many touchpoints stays small. Without Material, no icons.
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

# Channel -> Material Design icon, for touchpoints on the board and the comparison.
CHANNEL_ICONS = {
    "email": "email-outline", "mobile": "cellphone", "social": "share-variant-outline", "ads": "bullhorn-outline",
    "web": "web", "search": "magnify", "chat": "chat-outline", "phone": "phone-outline",
    "in-person": "handshake-outline", "print": "newspaper-variant-outline", "event": "calendar-star",
    "product": "package-variant-closed", "review": "star-outline", "other": "circle-small",
}
# Actions and facts on the journey page and the board.
ACTION_ICONS = {
    "board": "view-dashboard-outline", "compare": "compare-horizontal", "health": "heart-pulse", "fit": "fit-to-screen-outline",
    "fullscreen": "fullscreen", "close": "close", "print": "printer-outline", "back": "arrow-left", "goal": "cash-multiple",
    "steps": "shoe-print", "emotion": "emoticon-outline", "kpi": "target", "signal": "alarm-light-outline",
    "owner": "account-group-outline", "fired": "alarm-light", "quiet": "check-circle-outline",
}
_NAME = re.compile(r"[a-z0-9-]+")


@lru_cache(maxsize=1)
def _folder() -> Path | None:
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0]) / "templates" / ".icons" / "material"
    return folder if folder.is_dir() else None


@lru_cache(maxsize=256)
def path_of(name: str) -> str:
    """The SVG path data of a Material Design icon ('' if unknown)."""
    folder = _folder()
    if folder is None or not _NAME.fullmatch(name):
        return ""
    try:
        text = (folder / f"{name}.svg").read_text(encoding="utf-8")
    except OSError:
        return ""
    found = re.search(r'<path d="([^"]+)"', text)
    return found.group(1) if found and re.fullmatch(r"[0-9A-Za-z.,\s-]+", found.group(1)) else ""


def icon(name: str, cls: str = "") -> Markup:
    """A standalone inline icon, as Material's `twemoji` renders it (span.twemoji > svg)."""
    d = path_of(name)
    if not d:
        return Markup("")
    return Markup('<span class="twemoji jr-icon{}"><svg class="jr-glyph" xmlns="http://www.w3.org/2000/svg" '
                  'viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="{}"/></svg></span>').format(
                      Markup(" " + cls) if cls and _NAME.fullmatch(cls.replace(" ", "-")) else "", d)


def sprite(names: list[str]) -> Markup:
    """One hidden SVG holding each icon once, for `use_icon`."""
    symbols = []
    for name in dict.fromkeys(names):
        d = path_of(name)
        if d:
            symbols.append(f'<symbol id="jr-i-{name}" viewBox="0 0 24 24"><path d="{d}"/></symbol>')
    if not symbols:
        return Markup("")
    return Markup('<svg class="jr-sprite" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">'
                  + "".join(symbols) + "</svg>")


def use_icon(name: str) -> Markup:
    """A reference to an icon of the page's sprite (xlink:href: Material's link handling sets `a.href`
    on every [href] element, which fails on SVG's <use>)."""
    if not _NAME.fullmatch(name) or not path_of(name):
        return Markup("")
    return Markup(f'<svg class="jr-i" aria-hidden="true" focusable="false"><use xlink:href="#jr-i-{name}"/></svg>')


def channel_icon(channel: str) -> str:
    return CHANNEL_ICONS.get(channel, CHANNEL_ICONS["other"])
