"""Screenshot pages of a built site in Debian's headless Chromium.

    python tools/screenshot.py SITE_DIR OUT_DIR PATH [PATH ...] [--dark] [--width 1280]

Serves SITE_DIR on 127.0.0.1 and writes one full-page PNG per PATH.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from mkdocs_journeys.local_server import CHROMIUM_ARGS, LocalServer
from playwright.sync_api import sync_playwright


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("out")
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--dark", action="store_true")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--full", action="store_true", help="full-page screenshot")
    ap.add_argument("--scroll", type=int, nargs="*", default=[0], help="also shoot at these scroll offsets (px)")
    a = ap.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    server = LocalServer(Path(a.site))
    base = server.url
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": a.width, "height": 900},
                                color_scheme="dark" if a.dark else "light")
        for path in a.paths:
            page.goto(base + path)
            page.wait_for_timeout(2500)
            for y in a.scroll:
                page.evaluate(f"window.scrollTo(0, {y})")
                page.wait_for_timeout(300)
                name = (path.strip("/").replace("/", "_") or "home") + ("-dark" if a.dark else "") + (f"-{y}" if y else "") + ".png"
                page.screenshot(path=str(out / name), full_page=a.full)
                print(out / name)
        browser.close()
    server.close()


if __name__ == "__main__":
    main()
