"""The `journeys` command: init, check, new, diff, export, schema, pdf, fetch-mermaid."""

from mkdocs_journeys.cli.commands import main

__all__ = ["main"]
