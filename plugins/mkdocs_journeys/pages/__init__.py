"""Page builders: Markdown and HTML blocks for every generated page, from the catalog."""

from .links import Links, src
from .site import GeneratedPage, SiteBuilder

__all__ = ["GeneratedPage", "Links", "SiteBuilder", "src"]
