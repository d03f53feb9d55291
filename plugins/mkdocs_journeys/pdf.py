"""Print a journey's board to PDF with headless Chromium (placeholder until the board lands)."""

from __future__ import annotations

from pathlib import Path


class PdfError(Exception):
    pass


def export_pdf(site_dir: Path, journey_id: str, out: Path) -> None:
    raise PdfError("PDF export is not available yet.")
