"""The page list of a rebuild on its own: what RenderMemo.page_list takes after an edit, without MkDocs.

    python bench/page_list.py PROJECT [--edits phase,persona,touchpoint] [--rounds 3]

Loads PROJECT (a copy of it: the original is never changed) the way a server does (one parse cache
across builds, each site builder taking over from the last), makes a first page list through a
RenderMemo, then makes the edit loop's content edits in turn (bench/edit_loop.py) and after each
times the rebuild's page list alone: the groups made, compared or kept, and the entries. The pages
are kept without being rendered, so no page reads anything of the catalog and none turns stale: the
figure is the page list's own work, not the stale-read lookup nor rendering. It prints the median and
the fastest page list per kind of edit. Run the code before a change through PYTHONPATH and pair the
two runs (they take about 20 s each at N=1000) to compare.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.edit_loop import plan_edits  # noqa: E402

TODAY = datetime.date(2026, 12, 3)  # one day for every run: "recently changed" badges do not move the figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("project", type=Path)
    ap.add_argument("--edits", default="phase,persona,touchpoint", help="kinds of edit, made in turn")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()

    from mkdocs_journeys.core import parse_cache
    from mkdocs_journeys.core.catalog_loader import Settings, check
    from mkdocs_journeys.core.model import PhaseDef
    from mkdocs_journeys.core.problems import HEALTH
    from mkdocs_journeys.plugin.config import DEFAULT_PHASES
    from mkdocs_journeys.plugin.render_memo import RenderMemo
    from mkdocs_journeys.render.labels import labels
    from mkdocs_journeys.render.pages.blocks import PageText
    from mkdocs_journeys.render.pages.links import Links
    from mkdocs_journeys.render.pages.site import SiteBuilder

    root = Path(tempfile.mkdtemp(prefix="page-list-")) / "project"
    shutil.copytree(args.project, root, ignore=shutil.ignore_patterns("site", ".cache"))
    words = labels("de")
    phases = [PhaseDef(p, *words["phases"][p]) for p in DEFAULT_PHASES]
    settings = Settings(root=root, phases=phases, language="de", cache_dir=None)
    cache = parse_cache.ParseCache(None)
    parse_cache.RACY_NS = 0  # the edits follow each other within the racy window: trust the statuses
    links = Links(lambda here, target, anchor: target + (f"#{anchor}" if anchor else ""))
    memo = RenderMemo()
    empty = PageText("", ())
    last: SiteBuilder | None = None
    generated: set[str] = set()

    def rebuild() -> float:
        nonlocal last, generated
        result = check(settings, cache=cache)
        findings = [p for p in result.report.sorted() if p.kind.name in HEALTH]
        builder = SiteBuilder(
            result.catalog, words, links, board_lanes=["steps"], findings=findings, today=TODAY, last=last
        )
        memo.start("key", builder.fingerprints(result.digests))
        started = time.perf_counter()
        if last is None:
            made = {page.src_uri: page for page in memo.made_pages(builder)}
            generated = set(made)
        else:
            made = memo.page_list(builder, generated)[1]
        seconds = time.perf_counter() - started
        for uri, page in made.items():
            memo.keep(uri, page.render, [], empty, [], {})
        memo.carry(generated)
        memo.finish()
        last = builder
        return seconds

    print(f"first page list: {rebuild():.2f} s ({len(generated)} pages)", flush=True)
    kinds = args.edits.split(",")
    plan = {kind: next(e for e in plan_edits(root) if e[0] == kind) for kind in kinds}
    times: dict[str, list[float]] = collections.defaultdict(list)
    for n in range(args.rounds):
        for kind in kinds:
            _, path, _, before = plan[kind]
            after = f"{before} PL{n}"
            path.write_text(path.read_text(encoding="utf-8").replace(before, after, 1), encoding="utf-8")
            plan[kind] = (kind, path, None, after)
            times[kind].append(rebuild())
    for kind, got in times.items():
        median, fastest = statistics.median(got) * 1000, min(got) * 1000
        print(f"page list after a {kind} edit: median {median:.1f} ms, fastest {fastest:.1f} ms")


if __name__ == "__main__":
    main()
