"""The plain-MkDocs twin of a journeys project, for the overhead comparison.

    python bench/plain.py PROJECT TARGET [--force]

Runs the journeys plugin's own MkDocs events on PROJECT exactly as `mkdocs build` does before it
renders anything (`on_config`, then `on_files` on MkDocs' file list, then `on_nav` on MkDocs'
navigation) and dumps the result as a hand-written site into TARGET:

- every file the plugin adds (the generated Markdown pages, its CSS/JS assets, mermaid.min.js,
  the JSON Schemas) is written into TARGET/docs/ as an ordinary file, next to a copy of
  PROJECT/docs/ (the hand-written pages, e.g. the home page); the HTML blocks the plugin puts
  into a page after Markdown (plugins/mkdocs_journeys/render/pages/blocks.py) are written into the
  page's Markdown as raw HTML, as someone writing these pages by hand would;
- TARGET/mkdocs.yml has the same theme, markdown_extensions and validation as the generated
  project (the shared blocks in bench/generate.py), the search plugin and no journeys plugin,
  the extra_css/extra_javascript the plugin's on_config leaves in the config, the `nav` the
  plugin's on_nav returns, and `not_in_nav` for the generated pages (the plugin adds them as
  NOT_IN_NAV too).

Because the dump goes through the plugin's hooks rather than re-implementing them, the twin
follows the plugin when it adds pages, assets or nav entries. Building TARGET with
`mkdocs build --strict` renders the same pages with the same nav, minus the plugin's own work
(reading, validating and rendering the content); bench/run.py checks that both builds write
the same files and counts the byte-identical HTML pages.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import generate  # noqa: E402


def _nav_yaml(items) -> list:
    from mkdocs.structure.nav import Link, Section
    from mkdocs.structure.pages import Page

    out: list = []
    for item in items:
        if isinstance(item, Page):
            out.append({item.title: item.file.src_uri} if item.title else item.file.src_uri)
        elif isinstance(item, Section):
            out.append({item.title: _nav_yaml(item.children)})
        elif isinstance(item, Link):
            out.append({item.title: item.url})
        else:  # pragma: no cover - MkDocs has no other nav item types
            raise TypeError(item)
    return out


def _script(value):
    """An extra_javascript entry as mkdocs.yml spells it."""
    if isinstance(value, str):
        return value
    out = {"path": value.path}
    if value.type:
        out["type"] = value.type
    if value.defer:
        out["defer"] = True
    if value.async_:
        out["async"] = True
    return out if len(out) > 1 else value.path


def plugin_output(project: Path):
    """(config, plugin, files the plugin added, navigation): the plugin's events, as a build runs them."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    cfg = load_config(str(Path(project).resolve() / "mkdocs.yml"))
    plugin = cfg.plugins["journeys"]
    cfg.plugins._current_plugin = "journeys"  # what PluginCollection.run_event sets around a hook
    own_extensions = list(cfg.markdown_extensions)
    cfg = plugin.on_config(cfg)
    cfg.bench_added_extensions = [e for e in cfg.markdown_extensions if e not in own_extensions]
    files = get_files(cfg)
    before = {f.src_uri for f in files}
    files = plugin.on_files(files, cfg)
    set_exclusions(files, cfg)
    nav = get_navigation(files, cfg)
    nav = plugin.on_nav(nav, cfg, files)
    added = [f for f in files if f.src_uri not in before]
    return cfg, plugin, added, nav


def write_plain(project: Path, target: Path, force: bool = False) -> dict:
    """Write the plain twin of `project` into `target`; returns page counts."""
    project, target = Path(project).resolve(), Path(target)
    if target.exists() and any(target.iterdir()):
        if not force:
            raise FileExistsError(f"{target} is not empty; use force=True (--force)")
        shutil.rmtree(target)
    cfg, plugin, added, nav = plugin_output(project)
    if cfg.repo_url or cfg.edit_uri or cfg.edit_uri_template:
        raise ValueError("the plain twin does not reproduce the plugin's edit links; use a project without repo_url")
    if cfg.bench_added_extensions:  # the twin's config has only the shared markdown_extensions block
        raise ValueError(
            f"the plugin added Markdown extensions: {cfg.bench_added_extensions}; "
            "add them to MARKDOWN_EXTENSIONS in bench/generate.py"
        )

    docs = target / "docs"
    docs.mkdir(parents=True)
    src_docs = Path(cfg.docs_dir)
    hand = sorted(p.relative_to(src_docs).as_posix() for p in src_docs.rglob("*") if p.is_file())
    for rel in hand:
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src_docs / rel, docs / rel)
    generated_pages = []
    for f in added:
        out = docs / f.src_uri
        out.parent.mkdir(parents=True, exist_ok=True)
        page = plugin.pages.get(f.src_uri)
        if page is None:  # an asset or schema: its content as the plugin gives it
            out.write_bytes(f.content_bytes)
        else:  # the whole page, as MkDocs gets it in on_page_markdown, with its HTML blocks inline as raw HTML
            out.write_text(page.markdown, encoding="utf-8")
        if f.is_documentation_page():
            generated_pages.append(f.src_uri)

    # Generated pages are NOT_IN_NAV, as in the plugin build: whole folders where no hand-written
    # page lives (cheap for MkDocs' gitignore matcher), single paths otherwise.
    hand_tops = {rel.split("/")[0] for rel in hand if "/" in rel}
    patterns = sorted(
        {f"/{p.split('/')[0]}/" if "/" in p and p.split("/")[0] not in hand_tops else f"/{p}" for p in generated_pages}
    )
    text = generate.plain_config(
        len(plugin.catalog.journeys),
        [str(x) for x in cfg.extra_css],
        [_script(x) for x in cfg.extra_javascript],
        _nav_yaml(nav.items),
        patterns,
    )
    (target / "mkdocs.yml").write_text(text, encoding="utf-8")
    hand_pages = [p for p in hand if p.endswith(".md")]
    return {"pages": len(generated_pages) + len(hand_pages), "generated": len(generated_pages)}


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
