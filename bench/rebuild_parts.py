"""Where a rebuild under `mkdocs serve` spends its time, part by part, in one process.

    python bench/rebuild_parts.py PROJECT [--edit FILE | --content-edits] [--builds 2] [--partial]

Builds PROJECT the way `mkdocs serve` does (startup event 'serve', then builds with a serve URL,
loading the configuration again for each), appending a comment line to FILE before every build but
the first, and prints per build the wall time of: the plugin's on_files (load and check), its page
rendering, MkDocs' Markdown conversion, the search plugin's indexing, and the page templates with
everything else per page. The parts are timed by wrapping those functions for this run only (a
benchmark, never the plugin); they overlap: 'build pages' includes 'search index'. With `--partial`
every build after the first goes through the builder the plugin hands `mkdocs serve` (a partial
rebuild when only content changed), and the parts are those of a partial rebuild, with the time the
garbage collector took. With `--content-edits` the edits are the edit loop's three content edits in
turn (bench/edit_loop.py: a step's title in a phase file, a persona's role, a touchpoint's text),
which change what pages show, where a comment changes no page; each build is labelled with its edit,
and the medians of each part per kind of edit follow the builds. With `--survivors` it prints, after
each rebuild, how many objects the collector tracks that the rebuild left alive, by type: what moves
the collector's next full pass closer (Python runs one when the objects that survived since the last
reach a quarter of those it tracks). Counting takes a collection before and after each rebuild in
this process, so the times printed with it are not the plugin's.
"""

from __future__ import annotations

import argparse
import collections
import logging
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.edit_loop import CONTENT, plan_edits  # noqa: E402

TIMES: collections.Counter = collections.Counter()


def timed(name: str, fn: Callable) -> Callable:
    def wrapper(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            TIMES[name] += time.perf_counter() - t0

    return wrapper


def instrument() -> None:
    from mkdocs.commands import build
    from mkdocs.structure import pages

    from mkdocs_journeys.plugin import events

    build._populate_page = timed("read pages (Markdown, plugin rendering)", build._populate_page)
    build._build_page = timed("build pages (template, search, write)", build._build_page)
    pages.Page.render = timed("  Markdown conversion", pages.Page.render)
    events.JourneysPlugin.on_files = timed("journeys on_files (load, check, page list)", events.JourneysPlugin.on_files)
    events.JourneysPlugin._render = timed("  journeys page rendering", events.JourneysPlugin._render)
    try:
        from material.plugins.search import plugin as search

        search.SearchIndex.add_entry_from_context = timed(
            "  search index (Material)", search.SearchIndex.add_entry_from_context
        )
    except ImportError:
        pass


PARTIAL = "the partial rebuild as a whole"
PARTS = (
    "loading and checking the content",
    "rendering those, to tell whose text changed",
    "MkDocs' page steps for the changed pages",
)


def with_the_rest(times: collections.Counter) -> collections.Counter:
    """A partial rebuild's parts, with what is left of the whole: the page list made and compared."""
    out = collections.Counter(times)
    whole = out.pop(PARTIAL, None)
    if whole is not None:
        out["the page list, made and compared page by page"] = whole - sum(out[p] for p in PARTS)
    return out


def instrument_partial() -> None:
    import gc

    from mkdocs_journeys.plugin import events, incremental, render_memo

    events.check = timed("loading and checking the content", events.check)
    # The page list is walked group by group with the comparison (SiteBuilder.groups): the time of both
    # is what the partial rebuild took besides the other parts.
    events.JourneysPlugin._partial_rebuild = timed(PARTIAL, events.JourneysPlugin._partial_rebuild)
    render_memo.RenderMemo.unchanged = timed(
        "  of which: fingerprints compared, page by page", render_memo.RenderMemo.unchanged
    )
    events.JourneysPlugin._with_new_text = timed(
        "rendering those, to tell whose text changed", events.JourneysPlugin._with_new_text
    )
    incremental.PartialBuild.run = timed("MkDocs' page steps for the changed pages", incremental.PartialBuild.run)
    started: list[float] = []

    def collector(phase: str, info: dict) -> None:  # measures the collector, changes nothing about it
        if phase == "start":
            started[:] = [time.perf_counter()]
        elif started:
            TIMES["  garbage collection (inside the parts)"] += time.perf_counter() - started[0]

    gc.callbacks.append(collector)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project", type=Path)
    edits = ap.add_mutually_exclusive_group()
    edits.add_argument("--edit", type=Path, help="file (relative to the project) to change before each rebuild")
    edits.add_argument("--content-edits", action="store_true", help="the edit loop's content edits, in turn")
    ap.add_argument("--builds", type=int, default=2)
    ap.add_argument("--partial", action="store_true", help="rebuild through the plugin's serve builder")
    ap.add_argument("--survivors", action="store_true", help="count the objects each rebuild leaves alive")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    instrument_partial() if args.partial else instrument()
    url = "http://127.0.0.1:8000/"
    site_dir = tempfile.mkdtemp(prefix="journeys-parts-")
    try:
        return _builds(args, url, site_dir)
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)  # 430 MB at N=1000


def _builds(args: argparse.Namespace, url: str, site_dir: str) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_file = str(args.project / "mkdocs.yml")
    config = load_config(config_file, site_dir=site_dir)
    config.plugins.on_startup(command="serve", dirty=False)

    class Server:  # what the plugins' serve event sees of MkDocs' server
        builder = None

        def watch(self, path: str) -> None:
            pass

    server = None
    plan = [e for e in plan_edits(args.project) if e[0] in CONTENT] if args.content_edits else []
    by_edit: dict[str, collections.defaultdict[str, list[float]]] = {}
    for i in range(args.builds):
        what = ""
        if i:
            if plan:
                what, path, _, line = plan[(i - 1) % len(plan)]
                text = path.read_text(encoding="utf-8")
                path.write_text(text.replace(line, f"{line} rebuild{i}", 1), encoding="utf-8")
            elif args.edit:
                with open(args.project / args.edit, "a", encoding="utf-8") as f:
                    f.write(f"\n<!-- rebuild {i} -->\n")
            if args.partial and server is None:
                server = config.plugins.on_serve(Server(), config=config, builder=lambda: full(None))
            config = load_config(config_file, site_dir=site_dir)
        config.site_url = url
        TIMES.clear()

        def full(_: object, config=config) -> None:
            build(config, serve_url=url)

        before = tracked_ids() if args.survivors and i else None
        t0 = time.perf_counter()
        server.builder() if server is not None else full(None)
        total = time.perf_counter() - t0
        label = f" (after a {what} edit)" if what else " (after an edit)" if i and args.edit else ""
        print(f"build {i + 1}{label}: {total:.2f} s")
        parts = with_the_rest(TIMES)
        for name, seconds in sorted(parts.items(), key=lambda kv: -kv[1]):
            print(f"  {name:48s} {seconds:8.2f} s  {seconds / total:6.1%}")
        if what:
            times = by_edit.setdefault(what, collections.defaultdict(list))
            for name, seconds in [("the rebuild", total), *parts.items()]:
                times[name].append(seconds)
        if before is not None:
            print(survivors(before))
    for what, times in by_edit.items():
        print(f"{what} edits, medians of {len(times['the rebuild'])}:")
        for name, values in sorted(times.items(), key=lambda kv: -statistics.median(kv[1])):
            print(f"  {name:48s} {statistics.median(values):8.3f} s")
    return 0


def tracked_ids() -> set[int]:
    """The ids of the objects the collector tracks, after a full collection."""
    import gc

    gc.collect()
    return {id(o) for o in gc.get_objects()}


def survivors(before: set[int]) -> str:
    """The objects tracked now that were not before, counted by type. By id: one made where a freed one
    was is not counted, so the count is a floor."""
    import gc

    gc.collect()
    now = gc.get_objects()
    kinds = collections.Counter(type(o).__qualname__ for o in now if id(o) not in before)
    top = ", ".join(f"{name} {n}" for name, n in kinds.most_common(6))
    return f"  objects the rebuild left alive: {sum(kinds.values())} of {len(now)} tracked ({top})"


if __name__ == "__main__":
    sys.exit(main())
