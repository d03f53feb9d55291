"""`journeys`: start a site, check content without building, scaffold, diff, export, print boards.

Every command finds the project with the same option, `-p/--project` (a folder or its mkdocs.yml,
default: the current folder), and exits 0 when clean, 1 on content problems, 2 on usage or set-up
problems (missing mkdocs.yml, bad options, a file that exists, Chromium missing, ...)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
EXIT_CODES = """exit codes:
  0  clean: no errors (with --strict: no warnings either)
  1  content problems: errors in journeys, personas, touchpoints or actuals (--strict: also warnings)
  2  usage or set-up: bad options, no mkdocs.yml, a file that exists, Chromium missing, ..."""
PROJECT_HELP = "project folder or its mkdocs.yml (default: the current folder)"


def _config_file(path: str) -> Path:
    p = Path(path)
    return p / "mkdocs.yml" if p.is_dir() else p


def _load_settings(config_file: Path, memo: bool = True):
    """Settings and health rules from the site's mkdocs.yml, validated by MkDocs as the build validates
    the whole file (themes, plugins) and by the plugin's own checks. With `memo`, what that gave for the
    same mkdocs.yml last time is used instead (see cli/settings_memo.py): a warm check loads no MkDocs."""
    from mkdocs_journeys.cli import settings_memo

    if memo and (kept := settings_memo.recall(config_file)) is not None:
        return kept
    project = Project(config_file)
    if memo:
        settings_memo.remember(config_file, project.settings, project.rules)
    return project.settings, project.rules


class Project:
    """A site's settings, validated by MkDocs itself and by the plugin's own checks, as the build would."""

    def __init__(self, config_file: Path):
        from mkdocs.config import load_config

        from mkdocs_journeys.plugin.config import backlog_weights, check_options, language_of, make_settings

        logging.getLogger("mkdocs").setLevel(logging.ERROR)
        cfg = load_config(str(config_file))
        plugin = cfg.plugins.get("journeys")
        if plugin is None:
            raise SystemExit(f"journeys: {config_file} does not enable the 'journeys' plugin.")
        problems = check_options(plugin.config)
        if problems:
            raise SystemExit("journeys: invalid plugin options:\n  " + "\n  ".join(problems))
        self.settings = make_settings(cfg, plugin.config)
        self.rules = dict(plugin.config.health.rules or {})
        self.weights = backlog_weights(plugin.config)
        self.language = language_of(cfg, plugin.config)
        self.site_dir = Path(cfg.site_dir)


def _project_or_exit(path: str) -> Project:
    config_file = _config_file(path)
    if not config_file.is_file():
        raise SystemExit(f"journeys: no mkdocs.yml at {config_file}")
    try:
        return Project(config_file)
    except SystemExit:
        raise
    except Exception as e:  # MkDocs config errors: one line, no traceback
        raise SystemExit(f"journeys: cannot read {config_file}: {e}") from None


def cmd_check(args) -> int:
    from mkdocs_journeys.core.catalog_loader import check

    config_file = _config_file(args.path or args.project)
    if not config_file.is_file():
        print(f"journeys: no mkdocs.yml at {config_file}", file=sys.stderr)
        return EXIT_USAGE
    try:
        settings, rules = _load_settings(config_file, memo=not args.no_cache)
    except SystemExit as e:
        print(e, file=sys.stderr)
        return EXIT_USAGE
    except Exception as e:  # MkDocs config errors: one line, no traceback
        print(f"journeys: cannot read {config_file}: {e}", file=sys.stderr)
        return EXIT_USAGE
    if args.no_cache:
        settings.cache_dir = None
    result = check(settings, rules, records=True)  # needs the problems, not the model
    from mkdocs_journeys.core import check_output

    sys.stdout.write(check_output.render(args.format, result, settings.root))
    if args.format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        check_output.append_step_summary(result, os.environ["GITHUB_STEP_SUMMARY"])
    errors, warnings = len(result.report.errors), len(result.report.warnings)
    c = result.catalog
    if result.report.unchecked:
        print(result.report.unchecked_note(), file=sys.stderr)
    print(result.report.summary(result.journey_count, len(c.personas), len(c.touchpoints)), file=sys.stderr)
    if errors or (args.strict and warnings):
        return EXIT_PROBLEMS
    return EXIT_OK


def write_schemas(
    out: Path, currencies: tuple[str, ...], phases: tuple[str, ...] = (), force: bool = False, language: str = "en"
) -> list[Path]:
    """One JSON Schema per kind of file, with the site's currencies, phases and language.

    Raises FileExistsError unless `force`.
    """
    from mkdocs_journeys.core.schema import FILE_KINDS, json_schema

    targets = {kind: out / f"{kind}.schema.json" for kind in FILE_KINDS}
    existing = [t for t in targets.values() if t.exists()]
    if existing and not force:
        raise FileExistsError(existing[0])
    out.mkdir(parents=True, exist_ok=True)
    for kind, target in targets.items():
        target.write_text(
            json.dumps(json_schema(kind, currencies, phases, language), indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
    return list(targets.values())


def cmd_schema(args) -> int:
    from mkdocs_journeys.core.schema import DEFAULT_CURRENCIES, DEFAULT_PHASES

    config_file = _config_file(args.project)
    if config_file.is_file():
        project = _project_or_exit(args.project)
        settings = project.settings
        currencies, phases, root = settings.currencies, tuple(p.id for p in settings.phases), settings.root
        language = settings.language
    else:  # schemas for a site not yet set up: the defaults the build would apply
        print(
            f"journeys: no mkdocs.yml at {config_file}; the schemas allow the default currencies "
            f"{', '.join(DEFAULT_CURRENCIES)} and phases {', '.join(DEFAULT_PHASES)}.",
            file=sys.stderr,
        )
        currencies, phases, root, language = DEFAULT_CURRENCIES, DEFAULT_PHASES, config_file.parent, "en"
    out = Path(args.out) if args.out else root / "schemas"
    try:
        written = write_schemas(out, tuple(currencies), phases, args.force, language)
    except FileExistsError as e:
        print(f"journeys: {e} exists; use --force to overwrite.", file=sys.stderr)
        return EXIT_USAGE
    for target in written:
        print(target)
    return EXIT_OK


def cmd_fetch_mermaid(args) -> int:
    from mkdocs_journeys.render import mermaid_asset

    root = _config_file(args.project).parent.resolve()
    try:
        path = mermaid_asset.fetch(root, args.version, args.integrity)
    except mermaid_asset.FetchError as e:
        print(f"journeys: {e}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as e:
        print(f"journeys: could not fetch Mermaid: {e}", file=sys.stderr)
        return EXIT_USAGE
    print(mermaid_asset.report(root, path))
    return EXIT_OK


def cmd_pdf(args) -> int:
    from mkdocs_journeys.cli.pdf import PdfError, export_pdf

    out = Path(args.out or f"{args.journey}-board.pdf")
    if out.exists() and not args.force:
        print(f"journeys: {out} exists; use --force to overwrite.", file=sys.stderr)
        return EXIT_USAGE
    site_dir = Path(args.site_dir) if args.site_dir else _project_or_exit(args.project).site_dir
    try:
        export_pdf(site_dir, args.journey, out)
    except PdfError as e:  # no site, no such journey, no Chromium: usage or set-up
        print(f"journeys: {e}", file=sys.stderr)
        return EXIT_USAGE
    print(out)
    return EXIT_OK


def cmd_export(args) -> int:
    from mkdocs_journeys.core.catalog_loader import load_catalog
    from mkdocs_journeys.core.export import to_dict

    project = _project_or_exit(args.project)
    result = load_catalog(project.settings)
    if result.report.errors:
        for p in result.report.errors:
            print(p.format(), file=sys.stderr)
        return EXIT_PROBLEMS
    from mkdocs_journeys.core.terminal import json_text

    if args.backlog == "csv":
        text = _backlog_csv(result.catalog, project.weights)
    else:
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


def _backlog_csv(catalog, weights) -> str:
    """The friction backlog as the site ranks it, owners under their team's name (core/teams.py)."""
    from mkdocs_journeys.core import teams
    from mkdocs_journeys.core.backlog import backlog, to_csv

    known = teams.collect(catalog)

    def team_name(owner: str) -> str:
        team = known.get(teams.team_key(owner))
        return team.name if team else owner

    return to_csv(backlog(catalog, weights), catalog, team_name)


def cmd_new(args) -> int:
    from mkdocs_journeys.cli.scaffold import ScaffoldError, new

    project = _project_or_exit(args.project)
    settings = project.settings
    personas = sorted(p.stem for p in (settings.root / settings.personas_dir).glob("*.md"))
    if args.persona:
        personas = [args.persona]
    touchpoints = sorted(p.stem for p in (settings.root / settings.touchpoints_dir).glob("*.md"))
    folders = {
        "journeys": settings.journeys_dir,
        "personas": settings.personas_dir,
        "touchpoints": settings.touchpoints_dir,
    }
    try:
        written = new(
            args.kind,
            args.id,
            settings.root,
            folders=folders,
            first_phase=settings.phases[0].id,
            personas=personas,
            touchpoints=touchpoints,
            currency=settings.currencies[0],
            language=project.language,
        )
    except ScaffoldError as e:
        print(f"journeys: {e}", file=sys.stderr)
        return EXIT_USAGE
    for path in written:
        print(path.relative_to(settings.root))
    return EXIT_OK


def cmd_diff(args) -> int:
    from mkdocs_journeys.core.diff import ContentErrors, DiffError, compare, cut, load_revision, to_markdown

    if args.max_chars is not None and args.max_chars < 200:
        print("journeys: --max-chars must be at least 200 (room for the note on the cut).", file=sys.stderr)
        return EXIT_USAGE
    project = _project_or_exit(args.project)
    settings, rules = project.settings, project.rules
    try:
        old, old_findings = load_revision(settings, args.old, rules)
        new, new_findings = load_revision(settings, args.new, rules)
    except ContentErrors as e:
        print(f"journeys: {e}", file=sys.stderr)
        return EXIT_PROBLEMS
    except DiffError as e:  # not a Git repository, unknown revision
        print(f"journeys: {e}", file=sys.stderr)
        return EXIT_USAGE
    text = to_markdown(compare(old, new, old_findings, new_findings), args.old, args.new or "working tree")
    if args.max_chars is not None:
        text = cut(text, args.max_chars, args.full_url)
    sys.stdout.write(text)
    return EXIT_OK


def cmd_init(args) -> int:
    from mkdocs_journeys.cli.scaffold import ScaffoldError, init

    target = Path(args.dir)
    try:
        written = init(target, args.language, site_name=args.site_name)
    except ScaffoldError as e:
        print(f"journeys: {e}", file=sys.stderr)
        return EXIT_USAGE
    # The same schemas `journeys schema` writes, from the new mkdocs.yml.
    project = _project_or_exit(str(target))
    settings = project.settings
    written += write_schemas(
        target / "schemas", tuple(settings.currencies), tuple(p.id for p in settings.phases), language=settings.language
    )
    for path in written:
        print(path)
    print(f"journeys: a new site in {args.dir}. Next: cd {args.dir} && mkdocs serve", file=sys.stderr)
    return EXIT_OK


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mkdocs-journeys")
    except PackageNotFoundError:
        return "unknown (not installed)"


class _VersionAction(argparse.Action):
    """--version: the installed version, looked up only when asked for (the lookup reads package metadata)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        help = help or "show program's version number and exit"
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        formatter = parser._get_formatter()  # as argparse's own "version" action prints it
        formatter.add_text(f"journeys (mkdocs-journeys) {_version()}")
        parser._print_message(formatter.format_help(), sys.stdout)
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    from mkdocs_journeys.core import ids

    def command(name: str, help: str, func, *, project: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=help,
            description=help[:1].upper() + help[1:] + ".",
            epilog=EXIT_CODES,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        if project:
            p.add_argument("-p", "--project", default=".", metavar="PATH", help=PROJECT_HELP)
        p.set_defaults(func=func)
        return p

    parser = argparse.ArgumentParser(
        prog="journeys",
        description="Customer journeys as code: mkdocs-journeys' tools.",
        epilog="Every command but init finds the site with -p/--project PATH (the project "
        "folder or its mkdocs.yml;\ndefault: the current folder). "
        "'journeys COMMAND --help' tells more.\n\n" + EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = command(
        "init", "create a new, working site: mkdocs.yml, examples, workflows, editor settings", cmd_init, project=False
    )
    p.add_argument(
        "dir", nargs="?", default=".", metavar="DIR", help="folder of the new site (default: the current folder)"
    )
    p.add_argument(
        "--language", choices=["en", "de"], default="en", help="language of the site and its examples (default: en)"
    )
    p.add_argument("--site-name", help="the site's name (default: Customer Journeys)")
    p = command("check", "validate all content without building; exit 1 on errors", cmd_check)
    p.add_argument("path", nargs="?", help=argparse.SUPPRESS)  # older spelling of --project, kept for scripts
    p.add_argument("--strict", action="store_true", help="also exit 1 on warnings, like mkdocs build --strict")
    p.add_argument(
        "--format",
        choices=["text", "json", "github", "sarif"],
        default="text",  # check_output.FORMATS
        help="text (default), json (versioned), github (workflow annotations) or sarif (2.1.0)",
    )
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="parse and check every file again (by default, what they gave is kept in .cache/journeys/)",
    )
    p = command("new", "scaffold a valid, commented journey, persona or touchpoint; never overwrites", cmd_new)
    p.add_argument("kind", choices=["journey", "persona", "touchpoint"])
    p.add_argument("id", help=f"the new id (file name): {ids.RULE}")
    p.add_argument("--persona", help="for a journey: the persona it starts with (default: the first persona)")
    p = command("diff", "semantic diff of the model between two Git revisions, as Markdown", cmd_diff)
    p.add_argument("old", help="the base revision, e.g. origin/main")
    p.add_argument("new", nargs="?", help="the revision to compare (default: the working tree)")
    p.add_argument(
        "--max-chars",
        type=int,
        metavar="N",
        help="cut the Markdown on a line boundary to at most N characters, with a note (a PR comment takes 65536)",
    )
    p.add_argument(
        "--full-url", metavar="URL", help="with --max-chars: where the note on the cut links to the full diff"
    )
    p = command(
        "export", "write the whole model as JSON (stable, versioned format), or the friction backlog", cmd_export
    )
    p.add_argument(
        "--backlog",
        choices=("csv",),
        help="write the friction backlog instead: every pain point, ranked, as CSV (cells that a spreadsheet "
        "would read as a formula start with an apostrophe)",
    )
    p.add_argument("--out", help="file to write (default: standard output)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p = command("schema", "write the JSON Schemas for editors, with the site's currencies", cmd_schema)
    p.add_argument("--out", help="folder to write to (default: schemas/ in the project)")
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    p = command("pdf", "print a journey's board to an A3 landscape PDF (headless Chromium, built site)", cmd_pdf)
    p.add_argument("journey", help="journey id")
    p.add_argument("--site-dir", help="the built site (default: the project's site_dir; run mkdocs build first)")
    p.add_argument("--out", help="PDF path (default: <journey>-board.pdf)")
    p.add_argument("--force", action="store_true", help="overwrite an existing PDF")
    p = command("fetch-mermaid", "download another Mermaid release into .cache/ (integrity-checked)", cmd_fetch_mermaid)
    p.add_argument("--version", help="Mermaid release (default: the bundled one)")
    p.add_argument("--integrity", help="its npm integrity hash (npm view mermaid@VERSION dist.integrity)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    try:
        return args.func(args)
    except SystemExit as e:
        if isinstance(e.code, str):
            print(e.code, file=sys.stderr)
            return EXIT_USAGE
        raise


if __name__ == "__main__":
    sys.exit(main())
