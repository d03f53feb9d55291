"""`journeys`: check content without building, export the JSON Schemas, fetch Mermaid."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _config_file(path: str) -> Path:
    p = Path(path)
    return p / "mkdocs.yml" if p.is_dir() else p


def _load_settings(config_file: Path):
    """Settings from the site's mkdocs.yml, validated by MkDocs itself, as the build would."""
    from mkdocs.config import load_config

    from .config import check_phases, make_settings

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    cfg = load_config(str(config_file))
    plugin = cfg.plugins.get("journeys")
    if plugin is None:
        raise SystemExit(f"journeys: {config_file} does not enable the 'journeys' plugin.")
    problems = check_phases(plugin.config)
    if problems:
        raise SystemExit("journeys: invalid plugin option phases:\n  " + "\n  ".join(problems))
    return make_settings(cfg, plugin.config)


def cmd_check(args) -> int:
    from .content import load_catalog

    config_file = _config_file(args.path)
    if not config_file.is_file():
        print(f"journeys: no mkdocs.yml at {config_file}", file=sys.stderr)
        return EXIT_USAGE
    try:
        settings = _load_settings(config_file)
    except SystemExit as e:
        print(e, file=sys.stderr)
        return EXIT_USAGE
    except Exception as e:  # MkDocs config errors: one line, no traceback
        print(f"journeys: cannot read {config_file}: {e}", file=sys.stderr)
        return EXIT_USAGE
    result = load_catalog(settings)
    for p in result.report.sorted():
        print(p.format())
    errors, warnings = len(result.report.errors), len(result.report.warnings)
    c = result.catalog
    print(f"{len(c.journeys)} journeys, {len(c.personas)} personas, {len(c.touchpoints)} touchpoints: "
          f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}.", file=sys.stderr)
    if errors or (args.strict and warnings):
        return EXIT_PROBLEMS
    return EXIT_OK


def cmd_schema(args) -> int:
    from .schema import FILE_KINDS, json_schema

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for kind in FILE_KINDS:
        target = out / f"{kind}.schema.json"
        if target.exists() and not args.force:
            print(f"journeys: {target} exists; use --force to overwrite.", file=sys.stderr)
            return EXIT_USAGE
        target.write_text(json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(target)
    return EXIT_OK


def cmd_fetch_mermaid(args) -> int:
    from . import mermaid_asset

    try:
        path = mermaid_asset.fetch(Path(args.root).resolve())
    except (OSError, ValueError) as e:
        print(f"journeys: could not fetch Mermaid {mermaid_asset.VERSION}: {e}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(path)
    return EXIT_OK


def cmd_pdf(args) -> int:
    from .pdf import PdfError, export_pdf

    out = Path(args.out or f"{args.journey}-board.pdf")
    if out.exists() and not args.force:
        print(f"journeys: {out} exists; use --force to overwrite.", file=sys.stderr)
        return EXIT_USAGE
    try:
        export_pdf(Path(args.site_dir), args.journey, out)
    except PdfError as e:
        print(f"journeys: {e}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(out)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="journeys", description="Customer journeys as code.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate all content without building; exit 1 on errors")
    p.add_argument("path", nargs="?", default=".", help="project folder or its mkdocs.yml (default: .)")
    p.add_argument("--strict", action="store_true", help="also exit 1 on warnings, like mkdocs build --strict")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("schema", help="write the JSON Schemas for editor autocompletion")
    p.add_argument("--out", default="schemas", help="folder to write to (default: schemas)")
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    p.set_defaults(func=cmd_schema)
    p = sub.add_parser("fetch-mermaid", help="download the pinned Mermaid build into .cache/ (integrity-checked)")
    p.add_argument("--root", default=".", help="project folder (default: .)")
    p.set_defaults(func=cmd_fetch_mermaid)
    p = sub.add_parser("pdf", help="print a journey's board to an A3 landscape PDF (headless Chromium, built site)")
    p.add_argument("journey", help="journey id")
    p.add_argument("--site-dir", default="site", help="the built site (default: site; run mkdocs build first)")
    p.add_argument("--out", help="PDF path (default: <journey>-board.pdf)")
    p.add_argument("--force", action="store_true", help="overwrite an existing PDF")
    p.set_defaults(func=cmd_pdf)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
