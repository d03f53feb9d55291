"""The package's layers: core imports neither MkDocs nor the layers above it; rendering never imports MkDocs.

Walks every module's imports (including those inside functions), so a lazy import counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "mkdocs_journeys"
# layer -> the top-level modules it may not import (besides the package's own layers above it)
FORBIDDEN = {
    "core": (
        "mkdocs",
        "material",
        "jinja2",
        "markupsafe",
        "mkdocs_journeys.render",
        "mkdocs_journeys.plugin",
        "mkdocs_journeys.cli",
    ),
    "render": ("mkdocs", "material", "mkdocs_journeys.plugin", "mkdocs_journeys.cli"),
    "plugin": ("mkdocs_journeys.cli",),
}


def imported_modules(path: Path, root: Path = PACKAGE) -> list[tuple[int, str]]:
    """Absolute names of everything a module imports, relative imports resolved against its package."""
    package = ".".join(("mkdocs_journeys", *path.relative_to(root).parent.parts))
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            out.append((node.lineno, module))
            out += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return out


def violations(layer: str, root: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted((root / layer).rglob("*.py")):
        for line, name in imported_modules(path, root):
            for banned in FORBIDDEN[layer]:
                if name == banned or name.startswith(banned + "."):
                    found.append(f"{path.relative_to(root).as_posix()}:{line} imports {name}")
    return sorted(set(found))


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_what_is_below_it(layer):
    assert (PACKAGE / layer).is_dir()
    assert violations(layer) == []


def test_the_walk_sees_lazy_and_relative_imports(tmp_path):
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "probe.py").write_text(
        "import os\ndef f():\n    from mkdocs.structure.files import File\n    from ..render import labels\n"
    )
    assert violations("core", tmp_path) == [
        "core/probe.py:3 imports mkdocs.structure.files",
        "core/probe.py:3 imports mkdocs.structure.files.File",
        "core/probe.py:4 imports mkdocs_journeys.render",
        "core/probe.py:4 imports mkdocs_journeys.render.labels",
    ]


def test_every_module_belongs_to_a_layer():
    top = sorted(p.name for p in PACKAGE.iterdir() if p.name != "__pycache__" and not p.name.startswith("."))
    assert top == ["__init__.py", "cli", "core", "plugin", "render"]


def test_readme_layout_names_every_module():
    readme = (PACKAGE.parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Repository layout", 1)[1].split("```", 2)[1]
    names = {w.rstrip("/") for w in block.split()}
    missing = []
    for path in sorted(PACKAGE.rglob("*")):
        rel = path.relative_to(PACKAGE)
        if "__pycache__" in rel.parts or "starter" in rel.parts[:-1] or path.name == "__init__.py":
            continue
        if path.suffix == ".py" or (path.is_dir() and "starter" not in rel.parts[:-1]):
            if path.parent.name in ("model", "pages", "diagrams") and path.suffix == ".py":
                continue  # described by their folder
            if path.is_dir() and path.parent.name in ("assets", "theme", "templates", "starter", "partials"):
                continue
            if path.name not in names and path.stem not in names:
                missing.append(rel.as_posix())
    assert missing == []


def test_readme_names_every_template_a_site_can_override():
    readme = (PACKAGE.parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Overriding templates", 1)[1].split("\n## ", 1)[0]
    templates = sorted(p.name for p in (PACKAGE / "render" / "templates").glob("*.html"))
    assert templates and [name for name in templates if f"`{name}`" not in section] == []
