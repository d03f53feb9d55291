"""Session fixtures and the test kinds; the helpers live in sitekit.py.

Every test carries exactly one kind (markers registered in pyproject.toml):
  unit     plain Python in this process: no MkDocs build, no subprocess, no browser (`./dev test -m unit`)
  build    MkDocs builds and runs of the CLI, Node or git
  browser  headless Chromium
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from sitekit import copy_site, mkdocs_build

KINDS = ("unit", "build", "browser")
# Fixtures that build a site or start a browser: a unit test never asks for them.
HEAVY_FIXTURES = {"built_site", "paged_site", "browser", "served_site", "site_dir", "base_url", "tab", "crawl", "pdfs"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    wrong = []
    for item in items:
        kinds = [k for k in KINDS if item.get_closest_marker(k)]
        if len(kinds) != 1:
            wrong.append(f"{item.nodeid}: {' and '.join(kinds) or 'no kind'}")
        elif kinds == ["unit"] and HEAVY_FIXTURES & set(getattr(item, "fixturenames", ())):
            heavy = sorted(HEAVY_FIXTURES & set(item.fixturenames))
            wrong.append(f"{item.nodeid}: marked unit but uses {', '.join(heavy)}")
    if wrong:
        raise pytest.UsageError(
            "every test needs exactly one of the markers "
            f"{', '.join(KINDS)} (see tests/conftest.py):\n  " + "\n  ".join(wrong)
        )


def _no_process(args, *_, **__):
    raise AssertionError(f"a unit test started a process ({args!r}): mark the test `build`")


@pytest.fixture(autouse=True)
def _unit_tests_start_no_process(request, monkeypatch):
    """Keeps `-m unit` fast and free of tools: a unit test that starts a program fails."""
    if request.node.get_closest_marker("unit"):
        monkeypatch.setattr(subprocess, "Popen", _no_process)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The fixture site, built once with --strict; returns the project folder (site/ inside)."""
    site = copy_site(tmp_path_factory.mktemp("fixture"))
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    return site
