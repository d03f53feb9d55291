"""A small buildable site of the tests' own (content_factory's valid project plus mkdocs.yml and docs/)."""

from __future__ import annotations

import os
from pathlib import Path

from content_factory import PHASE_IDS, Project

MKDOCS_YML = """\
site_name: Test site
docs_dir: docs
theme:
  name: material
  font: false
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
plugins:
  - journeys:
      language: en
      git_dates: false
      parallel: false
      phases:
{phases}
"""


def make_site(tmp_path: Path, files: dict[str, str] | None = None, docs: dict[str, str] | None = None) -> Project:
    """The valid project with `files` changed or added, a mkdocs.yml, docs/ pages and the pinned Mermaid."""
    project = Project(tmp_path)
    for rel, text in (files or {}).items():
        project.write(rel, text)
    phases = "\n".join(f"        - id: {p}\n          title: {p.title()}" for p in PHASE_IDS)
    project.write("mkdocs.yml", MKDOCS_YML.format(phases=phases))
    for rel, text in ({"index.md": "# Home\n"} | (docs or {})).items():
        project.write(f"docs/{rel}", text)
    from mkdocs_journeys import mermaid_asset

    repo = Path(__file__).resolve().parent.parent
    target = mermaid_asset.cache_path(project.root)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(mermaid_asset.locate(repo), target)
    return project
