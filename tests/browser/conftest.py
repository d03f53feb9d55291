"""Fixtures for the end-to-end browser tests (headless Debian Chromium via Playwright).

One browser per session; a copy of the fixture site (from the `built_site` fixture of
tests/conftest.py, rebuilt with a local site_url, see `served_site`) is served on
127.0.0.1 by a threaded http.server. The browser is $CHROMIUM_PATH (default
/usr/bin/chromium). Without it (or without Playwright for Python) the tests skip, unless
the environment variable CI is set: then they fail, so a CI machine cannot silently run
none of them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from e2e_support import CHROMIUM, CHROMIUM_ARGS, SiteServer, check_diagrams, diagram_sources, goto, new_tab, site_pages
from sitekit import unavailable


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        unavailable("browser tests", f"{CHROMIUM} is missing (apt-get install chromium, or set CHROMIUM_PATH)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("browser tests", "Playwright for Python is not installed")
    playwright = sync_playwright().start()
    try:
        # The system's Chromium only: never `playwright install` a downloaded browser.
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception as exc:  # noqa: BLE001 - a broken browser is "unavailable", not a test failure
        playwright.stop()
        unavailable("browser tests", f"cannot start {CHROMIUM}: {exc}")
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture(scope="session")
def served_site(browser, request, tmp_path_factory):
    """The fixture site built for, and served at, http://127.0.0.1:PORT/.

    Material's instant navigation only intercepts links listed in sitemap.xml, whose
    entries come from `site_url` (it swaps in the current protocol and host name, not
    the port or path). Served anywhere but its site_url, the site silently falls back
    to full page loads. So the copy of `built_site` is rebuilt with an inherited config
    whose site_url is the address of the local server (as `mkdocs serve` does).
    Yields (site folder, base URL).
    """
    try:
        built_site = request.getfixturevalue("built_site")
    except AssertionError as exc:  # reported as an error, never as the expected failure of a known bug
        pytest.fail(f"the fixture site does not build:\n{exc}", pytrace=False)
    project = tmp_path_factory.mktemp("e2e") / "project"
    shutil.copytree(
        built_site, project, symlinks=True, ignore=lambda folder, names: ["site"] if Path(folder) == built_site else []
    )
    server = SiteServer(project / "site")
    (project / "mkdocs.e2e.yml").write_text(f"INHERIT: mkdocs.yml\nsite_url: {server.url}\n", encoding="utf-8")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "-f", "mkdocs.e2e.yml"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    if result.returncode != 0:
        server.close()
        pytest.fail(f"mkdocs build for the browser tests failed:\n{result.stderr}", pytrace=False)
    yield project / "site", server.url
    server.close()


@pytest.fixture(scope="session")
def site_dir(served_site) -> Path:
    return served_site[0]


@pytest.fixture(scope="session")
def base_url(served_site) -> str:
    return served_site[1]


@pytest.fixture
def tab(browser, base_url):
    """Factory: tab(color_scheme='light') -> (page, record). Contexts are closed after the test."""
    contexts = []

    def make(color_scheme: str = "light", url: str | None = None):
        context, page, record = new_tab(browser, url or base_url, color_scheme)
        contexts.append(context)
        return page, record

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def crawl(browser, base_url, site_dir):
    """Visit every page of the site once (light mode, one tab), recording requests,
    console errors and page errors, and running the diagram check on each page.

    Returns {"pages": {path: {"expected": n, "problems": [...]}}, "record": Record}.
    """
    context, page, record = new_tab(browser, base_url)
    pages = {}
    try:
        for path in site_pages(site_dir):
            expected = len(diagram_sources(site_dir, path))
            goto(page, record, path)
            pages[path] = {"expected": expected, "problems": check_diagrams(page, expected)}
    finally:
        context.close()
    return {"pages": pages, "record": record}
