"""The MkDocs adapter: plugin events, typed options, the nav, links checked by MkDocs."""

from mkdocs_journeys.plugin.events import JourneysPlugin

__all__ = ["JourneysPlugin"]
