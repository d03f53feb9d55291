"""Performance benchmark for mkdocs-journeys: synthetic catalogs, plain-MkDocs twins, timed builds."""
