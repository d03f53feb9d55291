"""A load told by the file watcher what changed (core/changed_files.py) takes the other files as the
last load saw them, without asking each for its status; what the reports leave open gets a full look."""

from __future__ import annotations

import time

import pytest

from content_factory import Project
from mkdocs_journeys.core import parse_cache as pc
from mkdocs_journeys.core.catalog_loader import check
from mkdocs_journeys.core.changed_files import ChangedFiles
from test_model_reuse import AW, EDITS, INDEX, SARA, _outcome

LISTED = frozenset({"journeys/j1/index.md", "journeys/j1/awareness.md", "personas/sara.md"})


@pytest.mark.unit
@pytest.mark.parametrize(
    "changed, expected",
    [
        (ChangedFiles(), frozenset()),
        (ChangedFiles(written=frozenset({"personas/sara.md"})), {"personas/sara.md"}),
        # written outside the listing: a file the folders do not list (an image, a swap file)
        (ChangedFiles(written=frozenset({"personas/notes.png", "personas/.sara.md.swp"})), frozenset()),
        # an editor's safe save: a temporary file moved over the listed one
        (
            ChangedFiles(created=frozenset({"personas/sara.md"}), removed=frozenset({"personas/sara.md.tmp123"})),
            {"personas/sara.md"},
        ),
        (ChangedFiles(created=frozenset({"personas/.sara.md.swp"})), frozenset()),
        (ChangedFiles(removed=frozenset({"journeys/.git-tmp/x.md"})), frozenset()),
        # a file the listing would show, or report, came or went; a folder came or went
        (ChangedFiles(created=frozenset({"personas/tom.md"})), None),
        (ChangedFiles(created=frozenset({"personas/TOM.MD"})), None),
        (ChangedFiles(created=frozenset({"personas/notes.yml"})), None),
        (ChangedFiles(removed=frozenset({"personas/sara.md"})), None),
        (ChangedFiles(removed=frozenset({"journeys/j2/"})), None),
        (ChangedFiles(created=frozenset({"journeys/j2/"})), None),
    ],
)
def test_what_a_report_leaves_to_look_at(changed, expected):
    assert changed.unlisted(LISTED) == expected


def _files(project: Project) -> dict[str, bytes]:
    return {p.relative_to(project.root).as_posix(): p.read_bytes() for p in project.root.rglob("*.md")}


def _reported(before: dict[str, bytes], after: dict[str, bytes]) -> ChangedFiles:
    """What a watcher reports for the change from `before` to `after`."""
    return ChangedFiles(
        written=frozenset(f for f in before.keys() & after.keys() if before[f] != after[f]),
        created=frozenset(after.keys() - before.keys()),
        removed=frozenset(before.keys() - after.keys()),
    )


def _settled(project: Project, cache: pc.ParseCache) -> None:
    time.sleep(0.02)  # past the clock's tick: statuses are trusted
    check(project.settings(), {}, cache=cache)


@pytest.mark.unit
@pytest.mark.parametrize("what,edit,new", EDITS, ids=[e[0] for e in EDITS])
def test_a_load_told_what_changed_equals_a_fresh_one(tmp_path, monkeypatch, what, edit, new):
    monkeypatch.setattr(pc, "RACY_NS", 0)
    project = Project(tmp_path)
    cache = pc.ParseCache(None)
    _settled(project, cache)
    before = _files(project)
    edit(project)
    time.sleep(0.02)
    changed = _reported(before, _files(project))
    result = check(project.settings(), {}, cache=cache, changed=changed)
    assert _outcome(result) == _outcome(check(project.settings(), {})), what
    if changed.created or changed.removed:  # the folders are listed again, and each file asked
        assert cache.vouched == 0, what
    else:  # every file but the written ones taken on the report's word
        assert cache.vouched == len(before) - len(changed.written), what


@pytest.mark.unit
def test_a_file_the_watcher_vouches_for_is_not_looked_at(tmp_path, monkeypatch):
    # What the watcher is trusted with: a change it did not report is not seen (it reports every change
    # to a watched folder; a folder it cannot watch makes the server tell the load nothing).
    monkeypatch.setattr(pc, "RACY_NS", 0)
    project = Project(tmp_path)
    cache = pc.ParseCache(None)
    _settled(project, cache)
    project.replace(SARA, "Sara Keller", "Sara Keller-Huber")
    project.replace(AW, "Sees a post", "Sees an ad")
    time.sleep(0.02)
    told = check(project.settings(), {}, cache=cache, changed=ChangedFiles(written=frozenset({AW})))
    assert told.catalog.personas["sara"].name == "Sara Keller"
    assert told.catalog.journeys["j1"].phases[0].steps[0].title.startswith("Sees an ad")
    looked = check(project.settings(), {}, cache=cache)  # nothing told: every file asked for its status
    assert looked.catalog.personas["sara"].name == "Sara Keller-Huber"
    assert cache.vouched == 0


@pytest.mark.unit
def test_without_a_last_listing_or_a_cache_a_report_changes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(pc, "RACY_NS", 0)
    project = Project(tmp_path)
    told = ChangedFiles(written=frozenset({INDEX}))
    fresh = _outcome(check(project.settings(), {}))
    assert _outcome(check(project.settings(), {}, changed=told)) == fresh  # no cache: nothing to take
    cache = pc.ParseCache(None)
    first = check(project.settings(), {}, cache=cache, changed=told)  # no last listing: every file read
    assert _outcome(first) == fresh and cache.vouched == 0


@pytest.mark.unit
def test_a_folder_with_a_link_is_listed_each_time(tmp_path, monkeypatch):
    # A link's target may lie where no report names the link (here a hidden folder, which is never
    # listed): the folder is listed and its files asked each time.
    monkeypatch.setattr(pc, "RACY_NS", 0)
    project = Project(tmp_path)
    project.write("personas/.shared/tom.md", project.read(SARA).replace("Sara Keller", "Tom Gerber"))
    project.symlink("personas/tom.md", project.path("personas/.shared/tom.md"))
    cache = pc.ParseCache(None)
    _settled(project, cache)
    assert check(project.settings(), {}, cache=cache).catalog.personas["tom"].name == "Tom Gerber"
    project.replace("personas/.shared/tom.md", "Tom Gerber", "Tom Berger")
    time.sleep(0.02)
    result = check(project.settings(), {}, cache=cache, changed=ChangedFiles())
    assert result.catalog.personas["tom"].name == "Tom Berger"
    assert cache.vouched == 0
