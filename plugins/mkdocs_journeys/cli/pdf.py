"""Print a journey's board to PDF with headless Chromium.

The built site is served on 127.0.0.1 (a threaded http.server on a free port), the
board page is opened in Debian's Chromium through Playwright for Python (no browser is
ever downloaded), and printed with the board's print stylesheet: A3 landscape, no site
chrome, colours kept. The page is scaled so the whole board fits on one sheet.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs_journeys.cli.local_server import CHROMIUM, CHROMIUM_ARGS, LocalServer
from mkdocs_journeys.core import ids

# A3 landscape minus the 8 mm margins of the board's @page rule, in CSS px (96 per inch).
MARGIN_MM = 8
PAGE_MM = (420, 297)
PRINT_W = (PAGE_MM[0] - 2 * MARGIN_MM) / 25.4 * 96
PRINT_H = (PAGE_MM[1] - 2 * MARGIN_MM) / 25.4 * 96
MIN_SCALE = 0.1  # Chromium's lower limit

_PAGE_OBJ = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")

# The printed size (CSS px) of everything the print stylesheet leaves visible, from the top of the page.
_MEASURE = """() => {
  const t = document.querySelector('table.jr-board');
  const root = document.querySelector('.jr-board-page') || document.body;
  const r = root.getBoundingClientRect();
  return {
    width: Math.max(document.documentElement.scrollWidth, t ? t.getBoundingClientRect().right : 0, r.right),
    height: r.bottom + window.scrollY,
  };
}"""


class PdfError(Exception):
    pass


def board_path(site_dir: Path, journey_id: str) -> str:
    """The board page's URL path inside the built site (directory URLs or .html files)."""
    if not ids.is_id(journey_id):
        raise PdfError(f"'{journey_id}' is not a journey id ({ids.RULE}).")
    if not site_dir.is_dir():
        raise PdfError(f"the site folder {site_dir} does not exist; run 'mkdocs build' first (or pass --site-dir).")
    for path, file in (
        (f"journeys/{journey_id}/board/", f"journeys/{journey_id}/board/index.html"),
        (f"journeys/{journey_id}/board.html", f"journeys/{journey_id}/board.html"),
    ):
        if (site_dir / file).is_file():
            return path
    if (site_dir / "journeys" / journey_id).is_dir():
        raise PdfError(
            f"the site in {site_dir} has no board page for the journey '{journey_id}' "
            f"(journeys/{journey_id}/board/); is the board enabled (journeys: board: enabled: true)? "
            "Rebuild the site with 'mkdocs build'."
        )
    raise PdfError(
        f"there is no journey '{journey_id}' in the site {site_dir} "
        f"(no journeys/{journey_id}/board/); check the id, or rebuild the site with 'mkdocs build'."
    )


def count_pages(pdf: bytes) -> int:
    """Pages in a PDF written by Chromium (page objects are not compressed there)."""
    return len(_PAGE_OBJ.findall(pdf))


def export_pdf(site_dir: Path, journey_id: str, out: Path) -> None:
    site_dir, out = Path(site_dir), Path(out)
    path = board_path(site_dir, journey_id)
    if not CHROMIUM.exists():
        raise PdfError(f"Chromium is missing: {CHROMIUM} does not exist (Debian: apt-get install chromium).")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise PdfError(
            "Playwright for Python is not installed (pip install 'mkdocs-journeys[pdf]'; "
            "it uses the system's Chromium, no browser download is needed)."
        ) from None
    if out.parent and not out.parent.exists():
        raise PdfError(f"the folder {out.parent} does not exist.")

    server = LocalServer(site_dir)
    try:
        with sync_playwright() as p:
            try:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            except PlaywrightError as e:
                raise PdfError(f"cannot start Chromium ({CHROMIUM}): {str(e).splitlines()[0]}") from None
            try:
                pdf = _print(browser, server.url, path)
            except PlaywrightError as e:
                raise PdfError(f"printing {path} failed: {str(e).splitlines()[0]}") from None
            finally:
                browser.close()
    finally:
        server.close()
    out.write_bytes(pdf)


def _fits(page, scale: float) -> bool:
    """Whether the board, laid out as Chromium prints it at `scale`, fits one sheet."""
    width, height = PRINT_W / scale, PRINT_H / scale
    page.set_viewport_size({"width": int(width), "height": int(height)})
    size = page.evaluate(_MEASURE)
    return size["width"] <= width + 1 and size["height"] + 12 <= height


def _fit(page) -> float:
    """The largest print scale (to 1%) at which the board fits one A3 landscape page.

    At scale s Chromium lays the page out PRINT_W / s wide, so a smaller scale also
    gives the board more room and shorter cells: search, do not just divide.
    """
    if _fits(page, 1.0):
        return 1.0
    lo, hi = MIN_SCALE, 1.0
    while hi - lo > 0.01:
        mid = (lo + hi) / 2
        if _fits(page, mid):
            lo = mid
        else:
            hi = mid
    return lo


def _print(browser, base: str, path: str) -> bytes:
    context = browser.new_context(viewport={"width": int(PRINT_W), "height": int(PRINT_H)}, color_scheme="light")
    try:
        page = context.new_page()
        # Only the local site: nothing of a page may reach another host while printing.
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
        response = page.goto(base + path, wait_until="load")
        if response is None or not response.ok:
            raise PdfError(f"cannot open {path} from the site (HTTP {response.status if response else '?'}).")
        if page.locator("table.jr-board").count() == 0:
            raise PdfError(f"{path} has no board on it; rebuild the site with 'mkdocs build'.")
        page.evaluate("document.documentElement.setAttribute('data-jr-pdf', '1')")
        page.emulate_media(media="print", color_scheme="light")
        page.evaluate("document.fonts.ready.then(() => true)")
        scale = _fit(page)
        while True:
            pdf = page.pdf(
                format="A3",
                landscape=True,
                prefer_css_page_size=True,
                print_background=True,
                scale=round(scale, 4),
                margin={k: f"{MARGIN_MM}mm" for k in ("top", "right", "bottom", "left")},
            )
            if count_pages(pdf) <= 1 or scale <= MIN_SCALE:
                return pdf
            scale = max(MIN_SCALE, scale * 0.95)
    finally:
        context.close()
