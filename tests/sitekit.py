"""Helpers shared by the tests: a copy of the fixture site, MkDocs and `journeys` runs.

A plain module (not conftest.py), so tests in sub-folders with their own conftest import it unambiguously.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

# The plugin's own files (workflows, package.json, node_modules); never its sample content.
REPO = Path(__file__).resolve().parent.parent
# The tests' site: a frozen copy of the sample, so content pull requests cannot break the tests.
FIXTURE_SITE = Path(__file__).resolve().parent / "fixtures" / "project"
SITE_PARTS = (
    "mkdocs.yml",
    "mkdocs-mermaid2.yml",
    "docs",
    "overrides",
    "journeys",
    "personas",
    "touchpoints",
    "actuals",
)
BIN = Path(sys.executable).parent
# Debian's Chromium by default; CI points CHROMIUM_PATH at the runner image's Chrome.
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium")


def copy_site(dest: Path, source: Path = FIXTURE_SITE) -> Path:
    """A site (by default the fixture site) in a scratch folder, for tests that build or change it."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        src = source / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        elif src.is_file():
            shutil.copy2(src, dest / part)
    return dest


def run(cmd: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", JOURNEYS_CHROMIUM=str(CHROMIUM))
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
