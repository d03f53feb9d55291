"""Session fixtures; the helpers live in sitekit.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitekit import copy_site, mkdocs_build


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The sample site, built once with --strict; returns the project folder (site/ inside)."""
    site = copy_site(tmp_path_factory.mktemp("sample"))
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    return site
