"""The core: reading content, the format (schema), the model, resolution, health, actuals, problems.

Imports nothing from MkDocs and nothing from `render`, `plugin` or `cli`
(tests/test_layers.py walks the imports).
"""
