"""`journeys pdf`: a journey's board on one A3 landscape page, checked with poppler-utils.

Needs Chromium at $CHROMIUM_PATH (default /usr/bin/chromium; Playwright for Python drives it)
and poppler-utils (pdfinfo, pdftotext, pdftoppm). Without them the tests skip, unless the environment variable CI is
set: then they fail, so CI cannot silently run none of them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from mkdocs_journeys.cli.pdf import PdfError, board_path, export_pdf
from sitekit import CHROMIUM, journeys_cli, unavailable

OUT = Path("/tmp/board-pdf")
PHASE_TITLES = ["Awareness", "Information", "Abschluss", "Loyalität", "Offboarding"]
A3_LANDSCAPE = (1190.55, 841.89)  # pt


@pytest.fixture(scope="module")
def tools():
    if not CHROMIUM.exists():
        unavailable("PDF tests", f"{CHROMIUM} is missing (apt-get install chromium, or set CHROMIUM_PATH)")
    for tool in ("pdfinfo", "pdftotext", "pdftoppm"):
        if shutil.which(tool) is None:
            unavailable("PDF tests", f"{tool} is missing (apt-get install poppler-utils)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("PDF tests", "Playwright for Python is not installed")


def _run(*cmd: str) -> str:
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def pdfs(tools, built_site, tmp_path_factory) -> dict[str, Path]:
    """journey id -> the PDF `journeys pdf` printed from the built fixture site."""
    out = tmp_path_factory.mktemp("pdf")
    result = {}
    for jid in ("maatoo-einstieg", "reaktivierung"):
        pdf = out / f"{jid}.pdf"
        run = journeys_cli(built_site, "pdf", jid, "--site-dir", "site", "--out", str(pdf))
        assert run.returncode == 0, run.stderr
        assert run.stdout.strip() == str(pdf)
        result[jid] = pdf
    return result


@pytest.mark.browser
@pytest.mark.parametrize("jid", ["maatoo-einstieg", "reaktivierung"])
def test_one_a3_landscape_page(pdfs, jid):
    info = _run("pdfinfo", str(pdfs[jid]))
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    m = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert m, info
    width, height = float(m.group(1)), float(m.group(2))
    assert abs(width - A3_LANDSCAPE[0]) < 2 and abs(height - A3_LANDSCAPE[1]) < 2, info


@pytest.mark.browser
@pytest.mark.parametrize("jid", ["maatoo-einstieg", "reaktivierung"])
def test_every_phase_and_lane_is_on_the_page(pdfs, jid):
    text = _run("pdftotext", "-layout", str(pdfs[jid]), "-")
    for title in PHASE_TITLES:
        assert title in text, title
    for lane in (
        "SCHRITTE",
        "TOUCHPOINTS",
        "BEDÜRFNISSE",
        "EMOTIONSKURVE",
        "REIBUNGSPUNKTE",
        "CHANCEN",
        "KERNBOTSCHAFT",
        "GESCHÄFTSZIEL",
        "KENNZAHLEN",
        "SIGNALE",
    ):
        assert lane in text, lane
    # the site chrome and the on-screen extras are left out
    for chrome in (
        "example/mkdocs-journeys",
        "Customer Journeys\n",
        "Made with",
        "Ist vs. Soll",
        "Alle zeigen",
        "Drucken",
    ):
        assert chrome not in text, chrome
    if jid == "reaktivierung":
        assert text.count("Lücke") >= 2  # the two phases the journey does not cover


def _ppm_pixels(path: Path):
    data = path.read_bytes()
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert m, "not a binary PPM"
    w, h = int(m.group(1)), int(m.group(2))
    body = data[m.end() :]
    return w, h, [tuple(body[i : i + 3]) for i in range(0, len(body), 3)]


@pytest.mark.browser
def test_page_image_keeps_the_colours(pdfs, tmp_path):
    OUT.mkdir(parents=True, exist_ok=True)
    for jid, pdf in pdfs.items():
        prefix = OUT / jid
        _run("pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(prefix))
        png = OUT / f"{jid}-1.png"
        assert png.is_file()
        head = png.read_bytes()[:24]
        assert head[:8] == b"\x89PNG\r\n\x1a\n"
        w, h = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
        assert abs(w - 827) <= 2 and abs(h - 585) <= 2, (w, h)  # A3 landscape at 50 dpi
    # colours of the emotion scores survive printing (print-color-adjust: exact); this run's own folder
    _run("pdftoppm", "-r", "30", "-f", "1", "-l", "1", str(pdfs["maatoo-einstieg"]), str(tmp_path / "colours"))
    w, h, pixels = _ppm_pixels(next(tmp_path.glob("colours*.ppm")))

    def near(colour, target, tol=40):
        return all(abs(a - b) <= tol for a, b in zip(colour, target))

    for name, target in {
        "red (1)": (0xD3, 0x2F, 0x2F),
        "orange (2)": (0xF5, 0x7C, 0x00),
        "yellow (3)": (0xFB, 0xC0, 0x2D),
        "green (4)": (0x7C, 0xB3, 0x42),
    }.items():
        assert sum(near(p, target) for p in pixels) >= 5, f"no {name} pixels on the page"


@pytest.mark.browser
def test_existing_output_needs_force(tools, built_site, tmp_path):
    out = tmp_path / "x.pdf"
    out.write_bytes(b"keep")
    run = journeys_cli(built_site, "pdf", "velo-kauf", "--site-dir", "site", "--out", str(out))
    assert run.returncode != 0 and "--force" in run.stderr
    assert out.read_bytes() == b"keep"
    run = journeys_cli(built_site, "pdf", "velo-kauf", "--site-dir", "site", "--out", str(out), "--force")
    assert run.returncode == 0, run.stderr
    assert out.read_bytes().startswith(b"%PDF")


# --------------------------------------------------------------------------- clear errors (no browser needed)


def _fake_site(tmp_path: Path, board: bool = True) -> Path:
    """A built site as far as `journeys pdf` looks: the folder of the journey 'velo-kauf'."""
    site = tmp_path / "site"
    (site / "journeys" / "velo-kauf").mkdir(parents=True)
    (site / "journeys" / "velo-kauf" / "index.html").write_text("<html></html>", encoding="utf-8")
    if board:
        (site / "journeys" / "velo-kauf" / "board").mkdir()
        (site / "journeys" / "velo-kauf" / "board" / "index.html").write_text("<html></html>", encoding="utf-8")
    return site


@pytest.mark.unit
def test_missing_site_dir(tmp_path):
    with pytest.raises(PdfError, match="does not exist.*mkdocs build"):
        export_pdf(tmp_path / "nowhere", "velo-kauf", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.build
def test_unknown_journey(tmp_path):
    site = _fake_site(tmp_path)
    with pytest.raises(PdfError, match="no journey 'nope'"):
        export_pdf(site, "nope", tmp_path / "x.pdf")
    run = journeys_cli(tmp_path, "pdf", "nope", "--site-dir", "site", "--out", str(tmp_path / "y.pdf"))
    assert run.returncode == 2 and "no journey 'nope'" in run.stderr  # usage: exit 2
    assert not (tmp_path / "y.pdf").exists()


@pytest.mark.unit
def test_board_page_missing(tmp_path):
    site = _fake_site(tmp_path, board=False)
    with pytest.raises(PdfError, match="no board page for the journey 'velo-kauf'"):
        export_pdf(site, "velo-kauf", tmp_path / "x.pdf")


@pytest.mark.unit
def test_not_an_id(tmp_path):
    with pytest.raises(PdfError, match="not a journey id"):
        board_path(tmp_path, "../../etc")


@pytest.mark.unit
def test_chromium_missing(tmp_path, monkeypatch):
    from mkdocs_journeys.cli import pdf

    monkeypatch.setattr(pdf, "CHROMIUM", tmp_path / "no-chromium")
    with pytest.raises(PdfError, match="Chromium is missing"):
        export_pdf(_fake_site(tmp_path), "velo-kauf", tmp_path / "x.pdf")
