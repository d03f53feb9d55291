"""Fixtures for the end-to-end browser tests (headless Debian Chromium via Playwright).

One browser per session; the sample site (the `built_site` fixture of tests/conftest.py)
is served on 127.0.0.1 by a threaded http.server. Without /usr/bin/chromium (or without
Playwright for Python) the tests skip, unless the environment variable CI is set: then
they fail, so a CI machine cannot silently run none of them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from e2e_support import CHROMIUM, CHROMIUM_ARGS, Record, SiteServer, check_diagrams, diagram_sources, goto, new_tab, site_pages


def _unavailable(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run on CI: {why}", pytrace=False)
    pytest.skip(why)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed")
    playwright = sync_playwright().start()
    try:
        # Debian's Chromium only: never `playwright install` a downloaded browser.
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception as exc:  # noqa: BLE001 - a broken browser is "unavailable", not a test failure
        playwright.stop()
        _unavailable(f"cannot start {CHROMIUM}: {exc}")
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture(scope="session")
def site_dir(browser, built_site) -> Path:
    """The built sample site (HTML folder). Depends on `browser` so a missing browser skips before building."""
    return built_site / "site"


@pytest.fixture(scope="session")
def base_url(site_dir):
    server = SiteServer(site_dir)
    yield server.url
    server.close()


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
