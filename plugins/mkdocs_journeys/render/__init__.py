"""Rendering: pages, diagrams, labels, templates and assets, from the core's model.

Imports the core, never MkDocs, `plugin` or `cli` (tests/test_layers.py).
"""
