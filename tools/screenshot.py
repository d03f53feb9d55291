"""Screenshots of every page kind of the sample site, for review.

    ./dev screenshots [OUT] [--lang de|en] [--full] [--only KIND ...] [--site BUILT_SITE]

Builds the sample site (a copy in a temporary folder; the repository is not touched), serves it
on 127.0.0.1 and writes, for each page kind, `KIND-1440-light.png`, `KIND-1440-dark.png`,
`KIND-390-light.png` and `KIND-390-dark.png` into OUT (default: screenshots/). The first screen
of each page, or the whole page with --full. Uses Debian's Chromium through Playwright; never downloads a browser.
The README's screenshot is `journey-1440-light.png`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SITE_PARTS = ("mkdocs.yml", "docs", "overrides", "journeys", "personas", "touchpoints", "actuals")
MODES = (
    ("1440-light", 1440, 900, "light"),
    ("1440-dark", 1440, 900, "dark"),
    ("390-light", 390, 844, "light"),
    ("390-dark", 390, 844, "dark"),
)
# Wait until Material has turned every Mermaid source into a diagram (or given up on it).
_DIAGRAMS_DONE = "() => !document.querySelector('pre.mermaid')"


def build_sample(lang: str, work: Path) -> Path:
    """The sample site built in `work` (in the site language `lang`); returns the built site folder."""
    project = work / "project"
    project.mkdir(parents=True)
    for part in SITE_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, project / part)
        elif src.is_file():
            shutil.copy2(src, project / part)
    config = project / "mkdocs.shots.yml"
    config.write_text(f"INHERIT: mkdocs.yml\ntheme:\n  language: {lang}\n", encoding="utf-8")
    mkdocs = Path(sys.executable).parent / "mkdocs"
    result = subprocess.run(
        [str(mkdocs), "build", "-q", "-f", str(config)],
        cwd=project,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    if result.returncode != 0:
        sys.exit(f"screenshots: the sample site does not build:\n{result.stderr}")
    return project / "site"


def _first(site: Path, pattern: str) -> str | None:
    """The URL path of the first built page matching `pattern` (a glob of index.html files)."""
    found = sorted(site.glob(pattern))
    return found[0].parent.relative_to(site).as_posix() + "/" if found else None


def page_kinds(site: Path) -> dict[str, str]:
    """One URL path per page kind that the site has."""
    journey = _first(site, "journeys/*/board/index.html")
    journey = journey.rsplit("board/", 1)[0] if journey else _first(site, "journeys/*/index.html")
    kinds = {
        "home": "",
        "journeys": "journeys/",
        "journey": journey,
        "board": journey and journey + "board/",
        "compare": _first(site, "journeys/*/compare/index.html"),
        "persona": _first(site, "personas/*/index.html"),
        "touchpoint": _busiest_touchpoint(site),
        "personas": "personas/",
        "phase": _first(site, "phases/[!m]*/index.html"),
        "phases": "phases/",
        "matrix": "phases/matrix/",
        "touchpoints": "touchpoints/",
        "teams": "teams/",
        "team": _busiest(site, "teams/*/index.html"),
        "backlog": "backlog/",
        "health": "health/",
        "journey-health": _first(site, "health/*/index.html"),
        "format-reference": "reference/format/",
        "error-catalog": "reference/problems/",
    }
    return {k: v for k, v in kinds.items() if v is not None and (site / v / "index.html").is_file()}


def _busiest_touchpoint(site: Path) -> str | None:
    """The touchpoint page with the most content: the one that shows most of its layout."""
    return _busiest(site, "touchpoints/*/index.html")


def _busiest(site: Path, pattern: str) -> str | None:
    """The page matching `pattern` with the most content."""
    pages = [p for p in site.glob(pattern) if p.parent.name != "page"]
    if not pages:
        return None
    best = max(pages, key=lambda p: (p.stat().st_size, p.parent.name))
    return best.parent.relative_to(site).as_posix() + "/"


def shoot(site: Path, out: Path, kinds: dict[str, str], full: bool) -> list[Path]:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    from mkdocs_journeys.cli.local_server import CHROMIUM, CHROMIUM_ARGS, LocalServer

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with LocalServer(site) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for mode, width, height, scheme in MODES:
                context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
                # Nothing leaves the machine, even if a page asked for it.
                context.route(
                    "**/*",
                    lambda route: route.continue_() if route.request.url.startswith(server.url) else route.abort(),
                )
                page = context.new_page()
                for kind, path in kinds.items():
                    page.goto(server.url + path, wait_until="load")
                    try:
                        page.wait_for_function(_DIAGRAMS_DONE, timeout=20_000)
                    except PlaywrightTimeout:
                        print(f"screenshots: {path}: diagrams still rendering after 20 s", file=sys.stderr)
                    page.wait_for_timeout(300)
                    file = out / f"{kind}-{mode}.png"
                    page.screenshot(path=str(file), full_page=full)
                    written.append(file)
                    print(file)
                context.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", type=Path, default=REPO / "screenshots", help="folder for the PNGs")
    ap.add_argument("--lang", default="de", choices=("de", "en"), help="site language (default: the sample's, de)")
    ap.add_argument("--full", action="store_true", help="whole pages instead of the first screen")
    ap.add_argument("--only", nargs="+", metavar="KIND", help="only these page kinds (e.g. journey matrix)")
    ap.add_argument("--site", type=Path, help="an already built site folder instead of building the sample")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="journeys-shots-") as tmp:
        site = a.site or build_sample(a.lang, Path(tmp))
        kinds = page_kinds(site)
        if a.only:
            unknown = sorted(set(a.only) - set(kinds))
            if unknown:
                print(
                    f"screenshots: no page kind {', '.join(unknown)}; the kinds are: {', '.join(kinds)}",
                    file=sys.stderr,
                )
                return 2
            kinds = {k: v for k, v in kinds.items() if k in a.only}
        shoot(site, a.out, kinds, a.full)
    return 0


if __name__ == "__main__":
    sys.exit(main())
