"""Shared fixtures: a copy of the sample site, and MkDocs builds of it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SITE_PARTS = ("mkdocs.yml", "mkdocs-mermaid2.yml", "docs", "overrides", "journeys", "personas", "touchpoints", "actuals")
BIN = Path(sys.executable).parent


def copy_site(dest: Path) -> Path:
    """The sample site in a scratch folder, with the pinned Mermaid beside it."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        else:
            shutil.copy2(src, dest / part)
    from mkdocs_journeys import mermaid_asset

    js = mermaid_asset.locate(REPO)
    target = mermaid_asset.cache_path(dest)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(js, target)
    return dest


def run(cmd: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


def mkdocs_build(site: Path, *extra: str) -> subprocess.CompletedProcess:
    return run([str(BIN / "mkdocs"), "build", "--strict", *extra], cwd=site)


def journeys_cli(site: Path, *args: str) -> subprocess.CompletedProcess:
    return run([str(BIN / "journeys"), *args], cwd=site)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The sample site, built once with --strict; returns the project folder (site/ inside)."""
    site = copy_site(tmp_path_factory.mktemp("sample"))
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    return site
