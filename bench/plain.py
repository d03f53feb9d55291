"""The plain-MkDocs twin of a journeys project, for the overhead comparison.

    python bench/plain.py PROJECT TARGET [--force]

Takes the Markdown pages the plugin would generate for PROJECT (through the plugin's own
`SiteBuilder`, called exactly as `JourneysPlugin.on_files` calls it, without MkDocs) and writes
them as hand-written files into TARGET/docs/, together with:

- PROJECT/docs/* (the home page; like the plugin, a hand-written page wins over a generated one),
- the plugin's static files (assets/journeys/journeys.css, mermaid-loader.js, mermaid.min.js)
  and the JSON Schemas (schemas/*.schema.json) the reference page links to,
- a mkdocs.yml with the same theme, markdown_extensions, validation, extra_css and
  extra_javascript, the search plugin and no journeys plugin, whose `nav` is the nav the plugin
  produces (`mkdocs_journeys.nav.plan` with the arguments `JourneysPlugin.on_nav` passes), and
  `not_in_nav` for the generated folders (the plugin marks its pages NOT_IN_NAV as well).

Building TARGET with `mkdocs build --strict` then renders the same pages with the same nav,
minus the plugin's own work (reading, validating and rendering the content).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import generate  # noqa: E402

GENERATED_DIRS = ("journeys", "personas", "touchpoints", "phases", "reference")


def _nav_yaml(entries) -> list:
    out = []
    for e in entries:
        if e.src_uri is not None:
            out.append({e.title: e.src_uri})
        else:
            out.append({e.title: _nav_yaml(e.children)})
    return out


def plugin_pages(project: Path):
    """(config, plugin config, catalog, labels, pages) for a project, as the plugin computes them."""
    from mkdocs.config import load_config

    from mkdocs_journeys.config import check_phases, language_of, make_settings
    from mkdocs_journeys.content import load_catalog
    from mkdocs_journeys.history import last_changes
    from mkdocs_journeys.locales import labels
    from mkdocs_journeys.pages import Links, SiteBuilder

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    cfg = load_config(str(Path(project) / "mkdocs.yml"))
    plugin = cfg.plugins["journeys"]
    pc = plugin.config
    if check_phases(pc):
        raise ValueError(f"{project}: invalid phases option")
    if pc.mermaid != "material":
        raise ValueError("the plain twin only supports the default mermaid: material")
    if cfg.repo_url or cfg.edit_uri or cfg.edit_uri_template:
        raise ValueError("the plain twin does not reproduce edit links; the generated project has no repo_url")
    settings = make_settings(cfg, pc)
    result = load_catalog(settings)
    if result.report.errors:
        raise ValueError(f"{project}: {len(result.report.errors)} content errors; run 'journeys check'")
    folders = [settings.journeys_dir, settings.personas_dir, settings.touchpoints_dir]
    dates = last_changes(settings.root, folders) if pc.git_dates else {}
    lab = labels(language_of(cfg, pc))
    builder = SiteBuilder(result.catalog, lab, Links(cfg.use_directory_urls), dates, lambda path: None)
    return cfg, pc, result.catalog, lab, settings, builder.pages()


def write_plain(project: Path, target: Path, force: bool = False) -> dict:
    """Write the plain twin of `project` into `target`; returns page counts."""
    from mkdocs_journeys import nav
    from mkdocs_journeys.plugin import ASSET_DIR, ASSETS
    from mkdocs_journeys.schema import FILE_KINDS, json_schema

    project, target = Path(project).resolve(), Path(target)
    if target.exists() and any(target.iterdir()):
        if not force:
            raise FileExistsError(f"{target} is not empty; use force=True (--force)")
        shutil.rmtree(target)
    cfg, pc, c, lab, settings, pages = plugin_pages(project)
    docs = target / "docs"
    docs.mkdir(parents=True)

    # Hand-written pages of the project first; like the plugin, they replace generated ones.
    src_docs = Path(cfg.docs_dir)
    hand = set()
    for path in sorted(src_docs.rglob("*")):
        if path.is_file():
            rel = path.relative_to(src_docs).as_posix()
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, docs / rel)
            hand.add(rel)
    generated = set()
    for page in pages:
        if page.src_uri in hand:
            continue
        out = docs / page.src_uri
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "w", encoding="utf-8", newline="") as fh:
            fh.write(page.markdown)
        generated.add(page.src_uri)

    # The plugin's static files and schemas (JourneysPlugin._add_assets).
    assets = docs / ASSET_DIR
    assets.mkdir(parents=True, exist_ok=True)
    for name in ("journeys.css", "mermaid-loader.js"):
        shutil.copyfile(ASSETS / name, assets / name)
    os.symlink(generate.mermaid_js(), assets / "mermaid.min.js")
    currencies = tuple(settings.currencies)
    (docs / "schemas").mkdir()
    for kind in FILE_KINDS:
        (docs / "schemas" / f"{kind}.schema.json").write_text(
            json.dumps(json_schema(kind, currencies), indent=2, ensure_ascii=False), encoding="utf-8")

    # The nav, exactly as JourneysPlugin.on_nav plans it, after the hand-written pages' own nav.
    opts = pc.nav
    if opts.mode != "indexes" and opts.mode != "full":
        raise ValueError("the plain twin needs nav mode indexes or full")
    entries = nav.plan(
        opts.mode, opts.max_journeys, lab,
        journeys=sorted(((j.id, j.title) for j in c.journeys.values()), key=lambda x: x[1].lower()),
        personas=sorted(((p.id, p.name) for p in c.personas.values()), key=lambda x: x[1].lower()),
        touchpoints=sorted(((t.id, t.name) for t in c.touchpoints.values()), key=lambda x: x[1].lower()),
        phases=[(p.id, p.title) for p in c.phases])
    own = sorted(p for p in hand if p.endswith(".md"))  # MkDocs' auto nav of docs/ (index.md first)
    own.sort(key=lambda p: (p.count("/"), p != "index.md", p))
    pos = max(0, min(opts.position, len(own)))
    nav_yaml = own[:pos] + _nav_yaml(entries) + own[pos:]
    n = len(c.journeys)
    text = generate.plain_config(n, [f"{ASSET_DIR}/journeys.css"], [f"{ASSET_DIR}/mermaid-loader.js"], nav_yaml,
                                 [f"/{d}/" for d in GENERATED_DIRS])
    (target / "mkdocs.yml").write_text(text, encoding="utf-8")
    return {"pages": len(generated) + len([p for p in hand if p.endswith(".md")]), "generated": len(generated)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("project", type=Path, help="journeys project (with mkdocs.yml)")
    ap.add_argument("target", type=Path, help="folder for the plain-MkDocs twin")
    ap.add_argument("--force", action="store_true", help="replace a non-empty target")
    args = ap.parse_args(argv)
    info = write_plain(args.project, args.target, args.force)
    print(f"{args.target}: {info['pages']} pages ({info['generated']} generated by the plugin)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
