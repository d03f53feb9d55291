"""Helpers shared by the tests: a copy of the sample site, MkDocs and `journeys` runs.

A plain module (not conftest.py), so tests in sub-folders with their own conftest import it unambiguously.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

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




def unavailable(what: str, why: str) -> None:
    """A missing tool skips the tests locally but fails them on CI, so CI cannot silently run none."""
    import pytest

    if os.environ.get("CI"):
        pytest.fail(f"{what} cannot run on CI: {why}", pytrace=False)
    pytest.skip(why)
