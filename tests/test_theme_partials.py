"""The plugin's theme partials: with `repo_url` set, Material's repository widget never asks api.github.com,
without the site copying any override; a site's own `custom_dir` partial still wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from content_factory import Project
from sitekit import mkdocs_build

pytestmark = pytest.mark.build

MKDOCS_YML = """\
site_name: Widget test
repo_url: https://github.com/example/journeys
theme:
  name: material
  font: false
{custom_dir}plugins:
  - journeys:
      git_dates: false
"""


def _site(tmp_path: Path, custom_dir: bool) -> Path:
    project = Project(tmp_path)
    root = project.root
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Home\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        MKDOCS_YML.format(custom_dir="  custom_dir: overrides\n" if custom_dir else ""), encoding="utf-8"
    )
    return root


def test_repository_widget_does_not_call_the_github_api(tmp_path):
    root = _site(tmp_path, custom_dir=False)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    html = (root / "site/index.html").read_text(encoding="utf-8")
    assert 'class="md-source"' in html and "https://github.com/example/journeys" in html
    # Material's JavaScript fetches stars and forks for every element marked as the source component.
    assert 'data-md-component="source"' not in html


def test_a_site_override_of_the_partial_still_wins(tmp_path):
    root = _site(tmp_path, custom_dir=True)
    partial = root / "overrides/partials/source.html"
    partial.parent.mkdir(parents=True)
    partial.write_text('<a class="md-source" href="#">team-made-widget</a>\n', encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert "team-made-widget" in (root / "site/index.html").read_text(encoding="utf-8")
