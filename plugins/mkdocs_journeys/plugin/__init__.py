"""The MkDocs adapter: plugin events, typed options, the nav, links checked by MkDocs."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs_journeys.plugin.events import JourneysPlugin

__all__ = ["JourneysPlugin"]


def __getattr__(name: str) -> object:
    # The plugin class (and the renderer behind it) is imported when MkDocs asks for it, not when
    # `journeys check` reads the options in plugin.config.
    if name == "JourneysPlugin":
        from mkdocs_journeys.plugin.events import JourneysPlugin

        return JourneysPlugin
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
