"""`journeys`: check content without building, export the JSON Schemas, fetch Mermaid."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _config_file(path: str) -> Path:
    p = Path(path)
    return p / "mkdocs.yml" if p.is_dir() else p


def _load_settings(config_file: Path):
    """Settings from the site's mkdocs.yml, validated by MkDocs itself, as the build would."""
    from mkdocs.config import load_config

    from .config import check_options, make_settings

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    cfg = load_config(str(config_file))
    plugin = cfg.plugins.get("journeys")
    if plugin is None:
        raise SystemExit(f"journeys: {config_file} does not enable the 'journeys' plugin.")
    problems = check_options(plugin.config)
    if problems:
        raise SystemExit("journeys: invalid plugin options:\n  " + "\n  ".join(problems))
    return make_settings(cfg, plugin.config), dict(plugin.config.health.rules or {})


def cmd_check(args) -> int:
    from .content import check

    config_file = _config_file(args.path)
    if not config_file.is_file():
        print(f"journeys: no mkdocs.yml at {config_file}", file=sys.stderr)
        return EXIT_USAGE
    try:
        settings, rules = _load_settings(config_file)
    except SystemExit as e:
        print(e, file=sys.stderr)
        return EXIT_USAGE
    except Exception as e:  # MkDocs config errors: one line, no traceback
        print(f"journeys: cannot read {config_file}: {e}", file=sys.stderr)
        return EXIT_USAGE
    result = check(settings, rules)
    from . import check_output

    sys.stdout.write(check_output.render(args.format, result, settings.root))
    if args.format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        check_output.append_step_summary(result, os.environ["GITHUB_STEP_SUMMARY"])
    errors, warnings, infos = len(result.report.errors), len(result.report.warnings), len(result.report.infos)
    c = result.catalog
    print(f"{len(c.journeys)} journeys, {len(c.personas)} personas, {len(c.touchpoints)} touchpoints: "
          f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}, "
          f"{infos} finding{'s' * (infos != 1)}.", file=sys.stderr)
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


def _settings_or_exit(path: str):
    config_file = _config_file(path)
    if not config_file.is_file():
        raise SystemExit(f"journeys: no mkdocs.yml at {config_file}")
    try:
        return _load_settings(config_file)
    except SystemExit:
        raise
    except Exception as e:  # MkDocs config errors: one line, no traceback
        raise SystemExit(f"journeys: cannot read {config_file}: {e}") from None


def cmd_export(args) -> int:
    from .content import load_catalog
    from .export import to_dict

    settings, _ = _settings_or_exit(args.path)
    result = load_catalog(settings)
    if result.report.errors:
        for p in result.report.errors:
            print(p.format(), file=sys.stderr)
        return EXIT_PROBLEMS
    from .terminal import json_text

    text = json_text(to_dict(result.catalog))  # content's control characters escaped, letters kept
    if args.out in (None, "-"):
        sys.stdout.write(text)
        return EXIT_OK
    out = Path(args.out)
    if out.exists() and not args.force:
        print(f"journeys: {out} exists; use --force to overwrite.", file=sys.stderr)
        return EXIT_USAGE
    out.write_text(text, encoding="utf-8")
    print(out)
    return EXIT_OK


def cmd_new(args) -> int:
    from .scaffold import ScaffoldError, new

    settings, _ = _settings_or_exit(args.path)
    personas = sorted(p.stem for p in (settings.root / settings.personas_dir).glob("*.md"))
    if args.persona:
        personas = [args.persona]
    folders = {"journeys": settings.journeys_dir, "personas": settings.personas_dir, "touchpoints": settings.touchpoints_dir}
    try:
        written = new(args.kind, args.id, settings.root, folders=folders, first_phase=settings.phases[0].id,
                      personas=personas, currency=settings.currencies[0])
    except ScaffoldError as e:
        print(f"journeys: {e}", file=sys.stderr)
        return EXIT_USAGE
    for path in written:
        print(path.relative_to(settings.root))
    return EXIT_OK


def cmd_diff(args) -> int:
    from .diff import DiffError, compare, load_revision, to_markdown

    settings, rules = _settings_or_exit(args.path)
    try:
        old, old_findings = load_revision(settings, args.old, rules)
        new, new_findings = load_revision(settings, args.new, rules)
    except DiffError as e:
        print(f"journeys: {e}", file=sys.stderr)
        return EXIT_PROBLEMS
    sys.stdout.write(to_markdown(compare(old, new, old_findings, new_findings), args.old, args.new or "working tree"))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="journeys", description="Customer journeys as code.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate all content without building; exit 1 on errors")
    p.add_argument("path", nargs="?", default=".", help="project folder or its mkdocs.yml (default: .)")
    p.add_argument("--strict", action="store_true", help="also exit 1 on warnings, like mkdocs build --strict")
    p.add_argument("--format", choices=["text", "json", "github", "sarif"], default="text",  # check_output.FORMATS
                   help="text (default), json (versioned), github (workflow annotations) or sarif (2.1.0)")
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
    p = sub.add_parser("export", help="write the whole model as JSON (stable, versioned format)")
    p.add_argument("--path", default=".", help="project folder or its mkdocs.yml (default: .)")
    p.add_argument("--out", help="file to write (default: standard output)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("new", help="scaffold a valid, commented journey, persona or touchpoint; never overwrites")
    p.add_argument("kind", choices=["journey", "persona", "touchpoint"])
    p.add_argument("id", help="the new id (file name): lower-case letters, digits, '-' and '_'")
    p.add_argument("--persona", help="for a journey: the persona it starts with (default: the first persona)")
    p.add_argument("--path", default=".", help="project folder or its mkdocs.yml (default: .)")
    p.set_defaults(func=cmd_new)
    p = sub.add_parser("diff", help="semantic diff of the model between two Git revisions, as Markdown")
    p.add_argument("old", help="the base revision, e.g. origin/main")
    p.add_argument("new", nargs="?", help="the revision to compare (default: the working tree)")
    p.add_argument("--path", default=".", help="project folder or its mkdocs.yml (default: .)")
    p.set_defaults(func=cmd_diff)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except SystemExit as e:
        if isinstance(e.code, str):
            print(e.code, file=sys.stderr)
            return EXIT_USAGE
        raise


if __name__ == "__main__":
    sys.exit(main())
