"""The MkDocs plugin: wires MkDocs events to load -> validate -> pages -> nav."""

from __future__ import annotations

import gc
import json
import logging
import os
import posixpath
import re
import time
from pathlib import Path
from urllib.parse import urljoin

from markupsafe import escape
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_build_datetime
from mkdocs.utils.meta import get_data

from mkdocs_journeys.core import teams
from mkdocs_journeys.core.catalog_loader import check, open_cache
from mkdocs_journeys.core.history import last_changes
from mkdocs_journeys.core.locales import messages
from mkdocs_journeys.core.parse_cache import ParseCache
from mkdocs_journeys.core.problems import HEALTH
from mkdocs_journeys.core.schema import FILE_KINDS, json_schema
from mkdocs_journeys.core.terminal import safe
from mkdocs_journeys.plugin import nav
from mkdocs_journeys.plugin.config import (
    JourneysConfig,
    backlog_weights,
    check_options,
    language_of,
    make_settings,
)
from mkdocs_journeys.plugin.incremental import LastBuild, PartialBuild, Rebuilder, snapshot, unsupported_plugins
from mkdocs_journeys.plugin.render_memo import (
    LogRecorder,
    RenderMemo,
    anchors_by_file,
    anchors_by_uri,
    input_key,
)
from mkdocs_journeys.plugin.search_text import SearchText, UnsupportedSearch, search_plugin
from mkdocs_journeys.plugin.site_links import SiteLinks
from mkdocs_journeys.plugin.watcher import ChangeLog, watch_by_events
from mkdocs_journeys.render import mermaid_asset
from mkdocs_journeys.render.labels import labels
from mkdocs_journeys.render.pages import GeneratedPage, SiteBuilder, errors
from mkdocs_journeys.render.pages.blocks import PageText, fill, placeholder
from mkdocs_journeys.render.templating import override_dirs

log = get_plugin_logger(__name__)

ASSETS = Path(__file__).parent.parent / "render" / "assets"
THEME = (
    Path(__file__).parent.parent / "render" / "theme"
)  # partials that replace Material's; a site's custom_dir still wins
ASSET_DIR = "assets/journeys"
REQUIRED_EXTENSIONS = (
    "tables",
    "attr_list",
    "md_in_html",
    "admonition",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tabbed",
)
_ID = re.compile(r'\sid="([^"]+)"')  # ids in the plugin's own HTML blocks (slug characters only)


class JourneysPlugin(BasePlugin[JourneysConfig]):
    supports_multiple_instances = False
    serving = False  # under `mkdocs serve`: content errors show on the pages instead of failing the build
    # Kept from one rebuild to the next while serving (MkDocs keeps the plugin object): parsed files, rendered pages.
    parse_cache: ParseCache | None = None
    memo: RenderMemo | None = None
    last_build: LastBuild | None = None  # what a partial rebuild starts from (plugin/incremental.py)
    rebuilt: int | None = None  # pages the last partial rebuild built again (None: the last build was full)
    changes: ChangeLog | None = None  # the content changes the file watcher reported (plugin/watcher.py)

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"
        self.parse_cache = None
        self.memo = RenderMemo() if self.serving else None
        self.last_build = None
        self.changes = None

    def on_config(self, config):
        # Reset everything: `mkdocs serve` runs the events again in one process.
        self.last_build = None  # a full build starts: the last one's pages can go
        if self.changes is not None:  # it looks at every file: the changes reported so far are in it
            self.changes.restart()
        self.catalog = None
        self.report = None
        self.generated: set[str] = set()
        # src_uri -> page, rendered in on_page_markdown; after a partial rebuild, the pages it rendered
        self.pages: dict[str, GeneratedPage] = {}
        self.blocks: dict[str, tuple[str, ...]] = {}  # src_uri -> HTML blocks, until on_page_content
        self.links: SiteLinks | None = None
        self.site_builder: SiteBuilder | None = None
        self.site_files: list[str] = []
        self.built_pages: list[tuple] = []
        self.nav_plan: object = None
        self.nav_obj = None
        self.files_obj: Files | None = None
        self.env = None
        self.rebuilt = self.rendered = None  # pages a partial build built again, and rendered (a test reads these)
        # While serving, and only with plugins whose page events need the page alone: partial rebuilds.
        self.partial_ok = self.serving and not unsupported_plugins(config)
        self.errors: list = []  # content errors, kept only while serving
        self.page_errors: dict[str, list] = {}  # src_uri -> the errors shown on that page
        self.mermaid_js: Path | None = None
        problems = check_options(self.config)
        if problems:
            raise PluginError("journeys: invalid plugin options:\n  " + "\n  ".join(problems))
        self.settings = make_settings(config, self.config)
        self.labels = labels(language_of(config, self.config))
        self._ensure_markdown(config)
        self._add_theme_dir(config)
        config.extra_css.append(f"{ASSET_DIR}/journeys.css")
        config.extra_css.append(f"{ASSET_DIR}/board.css")
        config.extra_javascript.append(f"{ASSET_DIR}/board.js")
        config.extra_javascript.append(f"{ASSET_DIR}/catalog.js")
        try:
            self.mermaid_js = mermaid_asset.locate(self.settings.root, self.config.mermaid_js)
        except mermaid_asset.MermaidMissing as e:
            raise PluginError(f"journeys: {e}") from None
        if self.config.mermaid == "material":
            config.extra_javascript.append(f"{ASSET_DIR}/mermaid-loader.js")
        else:
            # mkdocs-mermaid2 takes a library named *mermaid* from extra_javascript instead of its CDN default;
            # list this plugin before mermaid2 so the library is there when mermaid2 reads its config.
            config.extra_javascript.append(f"{ASSET_DIR}/mermaid.min.js")
        return config

    @staticmethod
    def _add_theme_dir(config) -> None:
        """Put the plugin's partials between the site's custom_dir and the theme's own templates."""
        dirs = config.theme.dirs
        if str(THEME) not in dirs:
            dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))

    def _ensure_markdown(self, config) -> None:
        """Add the Markdown extensions the generated pages use, keeping the site's settings."""
        for ext in REQUIRED_EXTENSIONS:
            if ext not in config.markdown_extensions:
                config.markdown_extensions.append(ext)
        config.mdx_configs.setdefault("pymdownx.tabbed", {}).setdefault("alternate_style", True)
        fences = config.mdx_configs.setdefault("pymdownx.superfences", {}).setdefault("custom_fences", [])
        if not any(f.get("name") == "mermaid" for f in fences):
            if self.config.mermaid == "mermaid2":
                raise PluginError(
                    "journeys: with 'mermaid: mermaid2', configure the mermaid fence of pymdownx.superfences "
                    "with mkdocs-mermaid2's format (format: !!python/name:mermaid2.fence_mermaid_custom)."
                )
            # pymdownx ships no type information
            from pymdownx.superfences import fence_code_format  # type: ignore[import-untyped]

            fences.append({"name": "mermaid", "class": "mermaid", "format": fence_code_format})

    def _parse_cache(self) -> ParseCache | None:
        """While serving, one cache for every rebuild (in memory, and on disk unless `cache: false`);
        a build opens the one on disk."""
        if not self.serving:
            return None
        if self.parse_cache is None or self.parse_cache.folder != self.settings.cache_dir:
            self.parse_cache = open_cache(self.settings)
        return self.parse_cache

    def on_files(self, files: Files, config) -> Files:
        site_files = sorted(f.src_uri for f in files)
        result = self._check(config)
        dates = last_changes(self.settings.root, self._folders()) if self.config.git_dates else {}
        # "Today" for recent-change badges: MkDocs' build time (SOURCE_DATE_EPOCH pins it).
        today = get_build_datetime().date()
        self.links = SiteLinks(config.use_directory_urls, files, log, config.validation.links.not_found)
        builder = self._site_builder(config, result, dates, today)
        if self.memo is not None:
            key = self._render_key(config, builder, dates, site_files, today)
            self.memo.start(key, builder.fingerprints(result.digests))
        self.site_builder = builder
        self.site_files = site_files
        pages = self.memo.made_pages(builder) if self.memo is not None else builder.pages()
        self.built_pages = [p.entry for p in pages]
        if self.errors:
            pages += self._error_pages(pages)
        for page in pages:
            if files.get_file_from_path(page.src_uri) is not None:
                log.info(self._say("docs-replaces", page=page.src_uri))
                continue
            # MkDocs reads the front-matter (title, search) from the file; the body is rendered in on_page_markdown.
            f = File.generated(config, page.src_uri, content=page.front_matter, inclusion=InclusionLevel.NOT_IN_NAV)
            if page.sources:
                f.edit_uri = self._edit_uri(config, page.sources[0])
            files.append(f)
            self.pages[page.src_uri] = page
            self.generated.add(page.src_uri)
        self._add_assets(files, config)
        return files

    def _check(self, config):
        """Load and check the content; log its problems; keep the catalog and report."""
        result = check(self.settings, self.config.health.rules, cache=self._parse_cache())
        self._log_problems(result.report)
        t = messages(self.settings.language)
        if result.report.errors:
            if not self.serving:
                raise PluginError(t.plural("build_errors", len(result.report.errors)))
            log.info(self.labels.errors_in_site.format(n=len(result.report.errors)))
            self.errors = [p for p in result.report.sorted() if p.severity == "error"]
            # Links into what failed to load break too; the errors shown are their cause, and a
            # warning would abort a strict build: MkDocs' link checks report at info level meanwhile.
            config.validation.links.not_found = config.validation.links.anchors = logging.INFO
        self.catalog = result.catalog
        return result

    def _log_problems(self, report) -> None:
        # While serving, problems are shown on the pages; a warning would abort a strict build and stall the server.
        quiet = self.serving
        for p in report.sorted():
            if p.severity in ("error", "warning"):
                (log.info if quiet else log.error if p.severity == "error" else log.warning)(p.format())
        t = messages(self.settings.language)
        if report.infos:
            log.info(t.plural("build_findings", len(report.infos)))
        if report.unchecked:
            log.info(report.unchecked_note())
        self.report = report

    def _say(self, key: str, **args: object) -> str:
        """A note of the build or of serve in the site's language, its values safe for the terminal."""
        return messages(self.settings.language).log(key, **{k: safe(v) for k, v in args.items()})

    def _site_builder(
        self, config, result, dates: dict[str, str], today, last: SiteBuilder | None = None
    ) -> SiteBuilder:
        assert self.links is not None
        return SiteBuilder(
            result.catalog,
            self.labels,
            self.links.links(),
            dates,
            lambda path: self._edit_url(config, path),
            board_lanes=list(self.config.board.lanes) if self.config.board.enabled else None,
            findings=[p for p in result.report.sorted() if p.kind.name in HEALTH]
            if self.config.health.report
            else None,
            per_page=self.config.per_page,
            weights=backlog_weights(self.config),
            today=today,
            theme_dirs=list(config.theme.dirs),  # a site's own page templates: <custom_dir>/journeys/
            last=last,
        )

    def _render_key(self, config, builder: SiteBuilder, dates, site_files: list[str], today) -> str:
        """What every generated page's render may read besides the catalog and its own arguments."""
        return input_key(
            dates,
            site_files,
            [self.settings.root / self.settings.actuals_dir] + [Path(d) / "journeys" for d in config.theme.dirs],
            (*self._config_parts(config), today.isoformat(), bool(self.errors), builder.shared_state()),
        )

    def _error_pages(self, pages: list[GeneratedPage]) -> list[GeneratedPage]:
        """While serving: which pages show which errors, and a page for each source that failed to load."""
        s = self.settings
        folders = (s.journeys_dir, s.personas_dir, s.touchpoints_dir)
        self.page_errors, missing = errors.by_page(self.errors, pages, folders)
        return [
            GeneratedPage(
                uri, self.labels.source_failed.format(file=file), lambda: "", "error", [file], searchable=False
            )
            for uri, file in sorted(missing.items())
        ]

    @event_priority(100)  # first: other plugins see the page's whole Markdown
    def on_page_markdown(self, markdown, page, config, files):
        uri = page.file.src_uri
        generated = self.pages.get(uri)
        if generated is not None:
            assert self.links is not None  # on_files made the pages and the links together
            self.links.files = files
            text = self._render_or_reuse(generated, files)
            if text.markdown.startswith("---\n"):  # a template's own front-matter (e.g. hide)
                body, meta = get_data(text.markdown)
                page.meta.update(meta)
                text = PageText(body, text.blocks)
            markdown = text.markdown
            if text.blocks:
                self.blocks[uri] = text.blocks
        if self.errors:
            markdown = self._with_errors(markdown, page)
        return markdown

    def _render(self, page: GeneratedPage, recorded: bool = False):
        """The page's text (with what it read of the catalog, if `recorded`); None while serving a site whose
        errors left the catalog incomplete for it."""
        try:
            if recorded:
                assert self.site_builder is not None
                return self.site_builder.recorded(page)
            return page.body()
        except Exception as e:  # content with errors may leave the catalog incomplete: keep serving
            if not self.serving:
                raise
            log.info(self._say("render-failed", page=page.src_uri, error=repr(e)))
            return None

    def _render_or_reuse(self, page: GeneratedPage, files: Files) -> PageText:
        """While serving, a page whose inputs did not change since the last build is not rendered again."""
        memo = self.memo
        if memo is None:
            return self._render(page) or PageText("")
        assert self.links is not None
        uri = page.src_uri
        kept = memo.fresh(uri) or memo.get(uri, page.render)
        if kept is not None:
            for level, message in kept.logged:
                log.logger.log(level, message)
            if kept.anchors:
                self.links.anchors[uri] = anchors_by_file(kept.anchors, files)
            return kept.text
        return self._render_and_keep(page, memo) or PageText("")

    def _render_and_keep(self, page: GeneratedPage, memo: RenderMemo, quiet: bool = False) -> PageText | None:
        """Render with what it read, and keep it in the memo with what it logged and the anchors its links
        point to. `quiet`: the messages are only kept, to be logged when MkDocs builds the page."""
        assert self.links is not None
        recorder = LogRecorder()
        logger = log.logger
        logger.addHandler(recorder)
        propagate, logger.propagate = logger.propagate, logger.propagate and not quiet
        try:
            rendered = self._render(page, recorded=True)
        finally:
            logger.removeHandler(recorder)
            logger.propagate = propagate
        if rendered is None:
            return None
        text, reads = rendered
        anchors = anchors_by_uri(self.links.anchors.get(page.src_uri, {}))
        memo.keep(page.src_uri, page.render, reads, text, recorder.records, anchors)
        return text

    def _with_new_text(self, uris: list[str], memo: RenderMemo) -> list[str]:
        """Of the pages whose inputs changed, those whose text did: the others are rendered here, kept in the
        memo and left as they are, since MkDocs makes the same HTML of the same text in the same site."""
        out = []
        for uri in uris:
            before = memo.pages.get(uri)
            self._render_and_keep(self.pages[uri], memo, quiet=True)
            assert self.links is not None
            self.links.take_anchors(uri)  # given back from the memo if MkDocs builds the page
            after = memo.fresh(uri)
            if before is None or after is None or not after.same_output(before):
                out.append(uri)
        return out

    def _config_parts(self, config) -> tuple:
        """What of the configuration a generated page can show (and the config file itself)."""
        path = Path(config.config_file_path or "")
        try:
            raw = path.read_bytes() if path.is_file() else b""
        except OSError:
            raw = b""
        return (
            raw,
            dict(self.config),
            config.use_directory_urls,
            config.site_url,
            config.repo_url,
            config.edit_uri,
            config.edit_uri_template,
            config.docs_dir,
            repr(config.theme),
            self.serving,
        )

    @event_priority(-100)  # last: every plugin is done with the page
    def on_post_page(self, output, page, config):
        # While serving, the last build is kept for partial rebuilds, which never read a page they do not
        # build again: its HTML can go now (at a thousand journeys, hundreds of MB), and its table of
        # contents (eight objects a page, which every full pass of the collector walks; a page built
        # again gets its own from its new render).
        if self.partial_ok:
            page.content, page.toc = None, get_toc([])
        return output

    def on_env(self, env, config, files):
        if self.serving:
            self.env, self.files_obj = env, files
        return env

    def on_post_build(self, config):
        if self.parse_cache is not None:  # serving: the next rebuild need not read what this one read too soon
            self.parse_cache.settle(self.settings.root)
        if self.memo is not None:
            self.memo.finish()
            # The full collection the collector owes this build's survivors, now rather than in the
            # first edit's rebuild (0.6 s at 1,000 journeys).
            gc.collect()
            if self.memo.reused:
                log.info(messages(self.settings.language).plural("serve_reused", self.memo.reused))
            self.last_build = None
            if self.partial_ok and self.nav_obj is not None:
                try:  # after every page added its entries (whichever search event runs first)
                    search = SearchText(plugin) if (plugin := search_plugin(config)) is not None else None
                except UnsupportedSearch:
                    log.info(self._say("whole-search"))
                    return
                self.last_build = LastBuild(
                    config,
                    self.files_obj,
                    self.nav_obj,
                    self.env,
                    self._other_inputs(config),
                    self.built_pages,
                    self.nav_plan,
                    bool(self.errors),
                    search,
                )

    def on_build_error(self, error):
        if self.memo is not None:
            self.memo.drop()
        if self.changes is not None:
            self.changes.forget()
        self.last_build = None

    def _other_inputs(self, config) -> dict[str, tuple[int, int]]:
        """Every input of a build but the content: docs, configuration, templates, actuals, watched paths."""
        s = self.settings
        paths = [Path(config.docs_dir), s.root / s.actuals_dir, *(Path(p) for p in config.watch)]
        if config.config_file_path:
            paths.append(Path(config.config_file_path))
        if config.theme.custom_dir:
            paths.append(Path(config.theme.custom_dir))
        return snapshot(paths, skip=list(s.folders().values()))

    def _partial_rebuild(self) -> bool:
        """After an edit of content only: build again just the pages whose output changes (incremental.py).
        False when a full build is needed."""
        last, memo = self.last_build, self.memo
        if last is None or memo is None:
            return False
        started = time.monotonic()
        config = last.config
        if self._other_inputs(config) != last.inputs:
            return False
        reported = self.changes.take(self.settings.root) if self.changes is not None else None
        try:
            result = check(self.settings, self.config.health.rules, cache=self._parse_cache(), changed=reported)
        except BaseException:
            if self.changes is not None:
                self.changes.forget()
            raise
        if result.report.errors or last.had_errors:
            return False
        dates = last_changes(self.settings.root, self._folders()) if self.config.git_dates else {}
        today = get_build_datetime().date()
        builder = self._site_builder(config, result, dates, today, last=self.site_builder)
        key = self._render_key(config, builder, dates, self.site_files, today)
        memo.start(key, builder.fingerprints(result.digests))
        self.catalog, self.site_builder = result.catalog, builder  # the nav plan takes the builder's teams
        if memo.building_key != memo.key or self._nav_plan() != last.nav_plan:
            return False
        entries, candidates = memo.page_list(builder, self.generated)
        if entries != last.pages:
            return False
        self._log_problems(result.report)
        self.pages, self.blocks = candidates, {}
        changed = self._with_new_text(list(candidates), memo)
        try:
            if changed:  # else every page, the search index and the anchors are as they were
                PartialBuild(last).run(changed)
        except Abort:  # strict mode and a warning: as MkDocs' own build ends
            memo.drop()
            self.last_build = None
            raise
        except Exception as e:  # anything unforeseen: the full build decides
            log.info(self._say("stopped", error=repr(e)))
            memo.drop()
            self.last_build = None
            return False
        memo.carry(self.generated)  # the same pages as the last build's, as its entries are
        memo.finish()
        self.rebuilt, self.rendered = len(changed), len(candidates)
        seconds = f"{time.monotonic() - started:.2f}"
        pages = len(self.generated)
        log.info(self._say("rebuilt", changed=len(changed), pages=pages, rendered=len(candidates), seconds=seconds))
        return True

    def _with_errors(self, markdown: str, page) -> str:
        """While serving: the page's errors in a box at the top (all of them on the home page and health report)."""
        uri = page.file.src_uri
        if page.is_homepage or uri == "health/index.md":
            shown, title = self.errors, self.labels.errors_in_site.format(n=len(self.errors))
        elif uri in self.page_errors:
            shown, title = self.page_errors[uri], self.labels.errors_on_page
        else:
            return markdown
        blocks = self.blocks.get(uri, ())
        self.blocks[uri] = (*blocks, errors.box(shown, title))
        return placeholder(len(blocks)) + "\n\n" + markdown

    @event_priority(100)  # first: other plugins see the page's whole HTML
    def on_page_content(self, html, page, config, files):
        uri = page.file.src_uri
        blocks = self.blocks.pop(uri, None)
        if blocks:
            html = fill(html, blocks)
            # MkDocs found the ids in the Markdown part; the blocks' ids are ours to declare.
            if page.present_anchor_ids is not None:
                page.present_anchor_ids.update(m.group(1) for b in blocks for m in _ID.finditer(b))
        # Links in blocks and diagrams: MkDocs checks their anchors with the page's own links, after the build.
        anchors = self.links.take_anchors(uri) if self.links is not None else None
        if anchors and page.links_to_anchors is not None:
            for target, links in anchors.items():
                known = page.links_to_anchors.setdefault(target, {})
                for anchor, written in links.items():
                    known.setdefault(anchor, written)
        return html

    def _folders(self) -> list[str]:
        s = self.settings
        return [s.journeys_dir, s.personas_dir, s.touchpoints_dir, s.actuals_dir]

    def _edit_uri(self, config, source: str) -> str:
        """The source file relative to docs_dir, so 'Edit this page' opens the real file."""
        rel = os.path.relpath(self.settings.root / source, config.docs_dir)
        return Path(rel).as_posix()

    def _edit_url(self, config, source: str) -> str | None:
        """The same URL MkDocs builds for 'Edit this page', for the footer of every source."""
        path = self._edit_uri(config, source)
        if config.edit_uri_template:
            uri = config.edit_uri_template.format(path=path, path_noext=posixpath.splitext(path)[0])
        elif config.edit_uri:
            uri = config.edit_uri.rstrip("/") + "/" + path
        else:
            return None
        repo = config.repo_url or ""
        if repo and not repo.endswith("/"):
            repo += "/"
        return urljoin(repo, uri) if (repo or "://" in uri) else None

    def _add_assets(self, files: Files, config) -> None:
        for name in ("journeys.css", "mermaid-loader.js", "board.css", "board.js", "catalog.js"):
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", abs_src_path=str(ASSETS / name)))
        if self.mermaid_js is not None:
            files.append(File.generated(config, f"{ASSET_DIR}/mermaid.min.js", abs_src_path=str(self.mermaid_js)))
        currencies = tuple(self.settings.currencies)
        phases = tuple(p.id for p in self.settings.phases)  # the same enumerations as `journeys schema`
        for kind in FILE_KINDS:
            files.append(
                File.generated(
                    config,
                    f"schemas/{kind}.schema.json",
                    content=json.dumps(
                        json_schema(kind, currencies, phases, self.settings.language), indent=2, ensure_ascii=False
                    ),
                )
            )

    def on_nav(self, nav_, config, files):
        self.nav_plan = self._nav_plan()
        if self.nav_plan is not None:
            nav_ = nav.merge(nav_, self.nav_plan, files, config, self.config.nav.position, self.generated)
        self.nav_obj = nav_ if self.serving else None
        return nav_

    def _nav_plan(self) -> list | None:
        """The generated part of the navigation, from the catalog (None: the site's nav is left alone)."""
        opts = self.config.nav
        if opts.mode == "off" or self.catalog is None:
            return None
        c = self.catalog
        return nav.plan(
            opts.mode,
            opts.max_journeys,
            self.labels,
            # Titles from content are escaped: themes print nav titles as HTML.
            journeys=sorted(((j.id, str(escape(j.title))) for j in c.journeys.values()), key=lambda x: x[1].lower()),
            personas=sorted(((p.id, str(escape(p.name))) for p in c.personas.values()), key=lambda x: x[1].lower()),
            touchpoints=sorted(
                ((t.id, str(escape(t.name))) for t in c.touchpoints.values()), key=lambda x: x[1].lower()
            ),
            phases=[(p.id, p.title) for p in c.phases],
            health=self.config.health.report,
            teams=[(t.id, str(escape(t.name))) for t in teams.collect(c).values()],
        )

    def _as_last_built(self) -> bool:
        """Whether the content folders hold what the last build read (while serving, with the parse cache)."""
        cache = self.parse_cache
        return cache is not None and cache.as_last_run_saw(self.settings.root, self.settings.folders().values())

    def on_serve(self, server, config, builder):
        # A content edit rebuilds only the pages it changes; MkDocs' full build stays for everything else.
        skipped = unsupported_plugins(config)
        if skipped:
            log.info(self._say("whole-plugins", plugins=", ".join(skipped)))
        server.builder = Rebuilder(self._partial_rebuild, builder)
        folders = [str(self.settings.root / folder) for folder in self._folders()]
        if self.config.watcher == "events":  # MkDocs' poll of thousands of files is slow to notice an edit
            # Its reports tell a load what changed only if every content folder is watched from the start.
            content = self.settings.folders().values()
            self.changes = ChangeLog(folders, self._as_last_built) if all(f.is_dir() for f in content) else None
            if not watch_by_events(server, folders, self.changes, messages(self.settings.language)):
                self.changes = None
        for folder in folders:
            if os.path.isdir(folder):
                server.watch(folder)
        # MkDocs watches theme dirs only with --watch-theme: watch the page templates a site overrides.
        for folder in override_dirs(config.theme.dirs):
            server.watch(folder)
        return server
