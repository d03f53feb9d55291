"""While serving, a rebuild's site builder takes over the rows the last one worked out from the same
objects: the matrix's and the touchpoint catalog's rows per touchpoint (matrix.TouchpointRows), what
each team holds (TeamPages.holdings) and the slices of its pages; the backlog keeps the scores of
unchanged journeys (backlog.py).
Whatever it takes over must give the pages a builder made afresh gives, edit after edit; and it must
take over what an edit leaves, or it saves nothing."""

from __future__ import annotations

import random
from datetime import date

import pytest
from tests.test_page_inputs import CONTENT, _edit, _project

from mkdocs_journeys.core.catalog_loader import check
from mkdocs_journeys.core.parse_cache import ParseCache
from mkdocs_journeys.plugin.render_memo import RenderMemo
from mkdocs_journeys.plugin.site_links import SiteLinks
from mkdocs_journeys.render.labels import labels
from mkdocs_journeys.render.pages import SiteBuilder
from mkdocs_journeys.render.pages.page_group import each_group

pytestmark = pytest.mark.unit

LABELS = labels("de")
# The matrix, the touchpoint catalog and pages, the team index and pages, the backlog.
SHOWN = ("phases/matrix", "touchpoints/", "teams/", "backlog/")


def _builder(result, last: SiteBuilder | None = None, per_page: int = 2, dates=None) -> SiteBuilder:
    return SiteBuilder(
        result.catalog, LABELS, SiteLinks().links(), findings=[], per_page=per_page, last=last, dates=dates, today=TODAY
    )


TODAY = date(2026, 12, 3)


def _slices_taken_over(last: SiteBuilder, builder: SiteBuilder) -> int:
    """The teams whose pages' slices the builder took over from the last one."""
    old, new = last.team_pages._pages, builder.team_pages._pages
    return sum(1 for key, got in new.items() if old.get(key) is got)


def _pages(builder: SiteBuilder) -> dict[str, str]:
    """The Markdown of every page that shows rows a builder may take over."""
    return {p.src_uri: p.markdown for p in builder.pages() if p.src_uri.startswith(SHOWN)}


def _rebuilt(
    settings, cache: ParseCache, memo: RenderMemo, last: SiteBuilder | None
) -> tuple[SiteBuilder, dict[str, str]]:
    """A rebuild as `mkdocs serve` makes it: the parse cache keeps unchanged files' objects, and the
    memo has the new catalog follow the last one (so untouched uses are the same lists) while its pages
    are made."""
    result = check(settings, cache=cache)
    builder = _builder(result, last)
    memo.start("key", builder.fingerprints(result.digests))
    pages = _pages(builder)
    memo.finish()
    return builder, pages


def test_a_builder_that_takes_over_rows_gives_the_pages_of_one_made_afresh(tmp_path):
    settings = _project(tmp_path)
    cache, memo = ParseCache(None), RenderMemo()
    last, _ = _rebuilt(settings, cache, memo, None)
    files = sorted(p for d in CONTENT for p in (settings.root / d).rglob("*.md"))
    rnd = random.Random(20261202)
    taken_over = slices_taken_over = uses_taken_over = edits = 0
    while edits < 20:
        path = rnd.choice(files)
        before = path.read_text(encoding="utf-8")
        if not _edit(path, rnd):
            continue
        builder, got = _rebuilt(settings, cache, memo, last)
        result = check(settings)  # no cache, nothing followed: every object new
        if result.report.errors:
            path.write_text(before, encoding="utf-8")  # an edit that made the file invalid: not this test's
            last, _ = _rebuilt(settings, cache, memo, None)
            continue
        assert got == _pages(_builder(result)), path.name
        old, new = last._touchpoint_rows._rows, builder._touchpoint_rows._rows
        taken_over += sum(1 for key, (_, row) in new.items() if key in old and old[key][1] is row)
        slices_taken_over += _slices_taken_over(last, builder)
        old_uses = last.team_pages._uses_made
        uses_taken_over += sum(1 for tid, made in builder.team_pages._uses_made.items() if old_uses.get(tid) is made)
        last, edits = builder, edits + 1
    assert taken_over > 0
    assert slices_taken_over > 0
    assert uses_taken_over > 0


def test_a_teams_slices_are_taken_over_only_with_the_same_dates(tmp_path):
    # The same content, the same rows: what a team's pages list as changed lately still differs with
    # the dates (and the day), which the slices are worked out from too.
    settings = _project(tmp_path)
    cache = ParseCache(None)
    result = check(settings, cache=cache)
    first = _builder(result)
    _pages(first)
    again = _builder(result, last=first)
    assert _pages(again) == _pages(_builder(result))
    assert _slices_taken_over(first, again) == len(again.team_pages.teams) > 0

    files = sorted({f for t in again.team_pages.holdings.values() for f in t.files})
    dated = _builder(result, last=again, dates={f: TODAY.isoformat() for f in files})
    assert _pages(dated) == _pages(_builder(result, dates={f: TODAY.isoformat() for f in files}))
    assert _pages(dated) != _pages(again)
    assert _slices_taken_over(again, dated) == 0


def test_rows_are_taken_over_only_from_the_same_objects(tmp_path):
    settings = _project(tmp_path)
    cache, memo = ParseCache(None), RenderMemo()
    first, _ = _rebuilt(settings, cache, memo, None)
    persona = sorted((settings.root / "personas").glob("*.md"))[0]
    persona.write_text(persona.read_text(encoding="utf-8").replace("role: ", "role: neu ", 1), encoding="utf-8")
    second, _ = _rebuilt(settings, cache, memo, first)
    # A persona's text: every touchpoint, journey and team is the same object, so every row and the
    # holdings are taken over.
    assert second._touchpoint_rows._rows.keys() == first._touchpoint_rows._rows.keys()
    assert all(row is first._touchpoint_rows._rows[key][1] for key, (_, row) in second._touchpoint_rows._rows.items())
    # Kept as the pair it was: a rebuild makes no new object per touchpoint for the collector to walk.
    assert all(pair is first._touchpoint_rows._rows[key] for key, pair in second._touchpoint_rows._rows.items())
    assert second.team_pages.holdings is first.team_pages.holdings

    touchpoint = sorted((settings.root / "touchpoints").glob("*.md"))[0]
    text = touchpoint.read_text(encoding="utf-8")
    touchpoint.write_text(text.replace("name: ", "name: Neu ", 1), encoding="utf-8")
    third, _ = _rebuilt(settings, cache, memo, second)
    tid = touchpoint.stem
    rows = third._touchpoint_rows._rows
    assert rows[("matrix", tid)][1] is not second._touchpoint_rows._rows[("matrix", tid)][1]
    assert rows[("catalog", tid)][1].touchpoint.name.startswith("Neu ")
    assert third.team_pages.holdings is not second.team_pages.holdings  # the touchpoint is another object

    # Another page size: nothing is taken over.
    fourth = _builder(check(settings, cache=cache), last=third, per_page=3)
    _pages(fourth)
    assert not any(
        row is third._touchpoint_rows._rows.get(key, (0, None))[1]
        for key, (_, row) in fourth._touchpoint_rows._rows.items()
    )


def _team_groups(builder: SiteBuilder) -> dict[tuple, object]:
    return {g.key: g for g in each_group(builder.groups()) if g.key is not None and g.key[0] == "team"}


def test_a_step_title_makes_again_the_team_pages_that_show_it_only(tmp_path):
    # A team's pages are compared one by one (each a group of its own): a step's new title changes the
    # row of the page that lists the step, not the team's other pages.
    settings = _project(tmp_path)
    cache = ParseCache(None)
    last = _builder(check(settings, cache=cache))
    before = _team_groups(last)
    phase = sorted((settings.root / "journeys").rglob("awareness.md"))[0]
    text = phase.read_text(encoding="utf-8")
    phase.write_text(text.replace("- title: ", "- title: Neu ", 1), encoding="utf-8")
    builder = _builder(check(settings, cache=cache), last=last)
    after = _team_groups(builder)
    again = [key for key, g in after.items() if key not in before or g.derived != before[key].derived]
    (team,) = {key[1] for key in again}
    pages = [key for key in after if key[1] == team]
    assert 0 < len(again) < len(pages) / 2
    assert _pages(builder) == _pages(_builder(check(settings)))
