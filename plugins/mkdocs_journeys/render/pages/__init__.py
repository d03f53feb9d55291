"""Page builders: Markdown and HTML blocks for every generated page, from the catalog."""

from mkdocs_journeys.render.pages.links import Links, src
from mkdocs_journeys.render.pages.site import GeneratedPage, SiteBuilder

__all__ = ["GeneratedPage", "Links", "SiteBuilder", "src"]
