"""A page whose recorded inputs are unchanged renders as before: the rule that lets a rebuild skip it.

The fixture project (German, every page kind) is rendered page by page while its reads of the
catalog are recorded; then its content is edited, field by field, and after each edit every page
whose arguments and reads fingerprint the same is rendered again and must give the same text.
"""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
import yaml

from mkdocs_journeys.core.catalog_loader import Settings, check
from mkdocs_journeys.core.model import PhaseDef
from mkdocs_journeys.core.parse_cache import ParseCache
from mkdocs_journeys.plugin.config import LANES
from mkdocs_journeys.plugin.site_links import SiteLinks
from mkdocs_journeys.render.labels import labels
from mkdocs_journeys.render.pages import SiteBuilder
from mkdocs_journeys.render.pages.page_inputs import Untracked
from mkdocs_journeys.render.pages.site import GeneratedPage

pytestmark = pytest.mark.unit

FIXTURE = Path(__file__).parent / "fixtures" / "project"
CONTENT = ("journeys", "personas", "touchpoints")
# A value in front-matter that an edit may change without making the file invalid.
FIELD = re.compile(
    r"(emotion: )([1-5])\b|((?:title|name|role|owner|pains?|description|core_message): )([^\n\[{]+)|(value: )(\d+)"
)


def _project(tmp_path: Path) -> Settings:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns("site", ".cache", "docs", "overrides"))
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python/name:", ""))
    options = next(p["journeys"] for p in config["plugins"] if isinstance(p, dict) and "journeys" in p)
    phases = [PhaseDef(p["id"], p["title"], p.get("description", "")) for p in options["phases"]]
    return Settings(root, phases, language="de")


def _site(settings: Settings, cache: ParseCache | None = None):
    result = check(settings, cache=cache)
    builder = SiteBuilder(
        result.catalog,
        labels("de"),
        SiteLinks().links(),
        board_lanes=list(LANES),
        findings=list(result.report.sorted()),
    )
    return result, builder, builder.pages()


def _edit(path: Path, rnd: random.Random) -> bool:
    text = path.read_text(encoding="utf-8")
    found = list(FIELD.finditer(text))
    if not found:
        return False
    m = rnd.choice(found)
    if m.group(2):
        new = text[: m.start(2)] + str(int(m.group(2)) % 5 + 1) + text[m.end(2) :]
    elif m.group(4):
        new = text[: m.end(4)] + " neu" + text[m.end(4) :]
    else:
        new = text[: m.start(6)] + str(int(m.group(6)) * 2 + 1) + text[m.end(6) :]
    path.write_text(new, encoding="utf-8")
    return True


def _valid_edits(settings: Settings, seed: int) -> Iterator[Path]:
    """Random edits of a value in a content file, each leaving the content without errors (an edit that
    breaks it is undone): the path of each file edited."""
    files = sorted(p for d in CONTENT for p in (settings.root / d).rglob("*.md"))
    rnd = random.Random(seed)
    while True:
        path = rnd.choice(files)
        before = path.read_text(encoding="utf-8")
        if not _edit(path, rnd):
            continue
        if _site(settings)[0].report.errors:
            path.write_text(before, encoding="utf-8")
            continue
        yield path


def test_a_page_whose_inputs_fingerprint_the_same_renders_the_same(tmp_path):
    settings = _project(tmp_path)
    result, builder, pages = _site(settings)
    prints = builder.fingerprints(result.digests)
    kept = {}
    for page in pages:
        text, reads = builder.recorded(page)
        kept[page.src_uri] = (text, prints.inputs(page.render, reads))
    files = sorted(p for d in CONTENT for p in (settings.root / d).rglob("*.md"))
    rnd = random.Random(20261130)
    edits = skipped_pages = 0
    changed_counts = []
    while edits < 25:
        path = rnd.choice(files)
        before = path.read_text(encoding="utf-8")
        if not _edit(path, rnd):
            continue
        result, builder, new_pages = _site(settings)
        if result.report.errors or [p.src_uri for p in new_pages] != [p.src_uri for p in pages]:
            path.write_text(before, encoding="utf-8")  # an edit that breaks the content or adds pages
            continue
        edits += 1
        prints = builder.fingerprints(result.digests)
        changed = 0
        for page in new_pages:
            same = prints.unchanged(page.render, kept[page.src_uri][1])
            text, reads = builder.recorded(page)
            if same:
                assert text == kept[page.src_uri][0], (path.name, page.src_uri)
                skipped_pages += 1
            else:
                changed += 1
            kept[page.src_uri] = (text, prints.inputs(page.render, reads))
        changed_counts.append(changed)
    # Each edit changed some pages and left others: the rule neither renders everything nor nothing.
    assert all(0 < n < len(pages) for n in changed_counts), changed_counts
    assert skipped_pages > len(pages) * 25 // 4


def test_a_field_read_is_recorded_and_only_its_change_seen(tmp_path):
    settings = _project(tmp_path)
    result, builder, _ = _site(settings)
    pid = next(iter(result.catalog.personas))
    page = GeneratedPage("x.md", "x", lambda: builder.c.personas[pid].name, "index")
    text, reads = builder.recorded(page)
    assert reads == [("field", "personas", pid, "name")]
    inputs = builder.fingerprints(result.digests).inputs(page.render, reads)
    path = settings.root / result.catalog.personas[pid].source.file
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("role: ", "role: Neu ", 1), encoding="utf-8")  # a field the page does not show
    result, builder, _ = _site(settings)
    assert builder.fingerprints(result.digests).unchanged(page.render, inputs)
    path.write_text(original.replace("name: ", "name: Frau ", 1), encoding="utf-8")
    result, builder, _ = _site(settings)
    assert not builder.fingerprints(result.digests).unchanged(page.render, inputs)


def test_a_page_holding_the_catalog_itself_cannot_be_fingerprinted(tmp_path):
    """Reads through a catalog a page holds would go unrecorded: such a page always renders."""
    settings = _project(tmp_path)
    result, builder, _ = _site(settings)
    with pytest.raises(Untracked):
        builder.fingerprints(result.digests).of(partial(str, result.catalog))


def test_a_query_that_fails_never_counts_as_unchanged(tmp_path):
    settings = _project(tmp_path)
    result, builder, _ = _site(settings)
    prints = builder.fingerprints(result.digests)
    read = ("call", "phase_entries", (), ())  # a missing argument: the query raises
    assert prints.read(read) != builder.fingerprints(result.digests).read(read)


def test_a_series_of_actuals_is_read_whole(tmp_path):
    settings = _project(tmp_path)
    result, builder, _ = _site(settings)
    key = next(iter(result.catalog.actuals))
    page = GeneratedPage("x.md", "x", lambda: ",".join(str(v) for _, v in builder.c.actuals[key]), "index")
    text, reads = builder.recorded(page)
    assert text.markdown == ",".join(str(v) for _, v in result.catalog.actuals[key])
    assert reads == [("get", "actuals", key)]
