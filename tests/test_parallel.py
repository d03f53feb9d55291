"""Pages rendered in a forked worker: same Markdown, errors surface in the main process, no leftovers."""

from __future__ import annotations

import filecmp
import os
import shutil

import pytest

from mkdocs_journeys import parallel
from mkdocs_journeys.parallel import LazyFile, PageRenderer
from sitekit import copy_site

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX-only")


class FakePage:
    def __init__(self, i: int, fail: bool = False):
        self.i, self.fail = i, fail

    @property
    def text(self) -> str:
        if self.fail:
            raise ValueError(f"page {self.i} is broken (in {os.getpid()})")
        return f"# page {self.i}\n\nrendered by {os.getpid()}\n" + "x" * 70_000  # larger than a pipe's buffer


def _reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.build
def test_worker_renders_every_page_in_another_process_in_any_order():
    pages = [FakePage(i) for i in range(12)]
    r = PageRenderer(pages, parallel=True, min_pages=1)
    assert r.forked
    pid = r._pid
    order = [7, 0, 11, 3, 1, 2, 4, 5, 6, 8, 9, 10]
    texts = {i: r.text(i) for i in order}
    for i, text in texts.items():
        assert text.startswith(f"# page {i}\n")
        assert f"rendered by {os.getpid()}\n" not in text  # the child did the work
    r.close()
    assert _reaped(pid)


@pytest.mark.build
def test_page_failing_in_the_worker_fails_again_in_the_main_process():
    pages = [FakePage(0), FakePage(1, fail=True), FakePage(2)]
    r = PageRenderer(pages, parallel=True, min_pages=1)
    assert r.text(0).startswith("# page 0")
    with pytest.raises(ValueError, match=f"page 1 is broken \\(in {os.getpid()}\\)"):
        r.text(1)
    assert r.text(2).startswith("# page 2")
    r.close()


@pytest.mark.build
def test_closing_early_stops_the_worker():
    r = PageRenderer([FakePage(i) for i in range(50)], parallel=True, min_pages=1)
    pid = r._pid
    r.text(0)
    r.close()
    assert _reaped(pid)
    assert r.text(3).startswith("# page 3")  # still answers, in-process


@pytest.mark.unit
@pytest.mark.parametrize("parallel_, n", [(False, 500), (True, 3)])
def test_small_sites_and_parallel_false_render_in_process(parallel_, n):
    r = PageRenderer([FakePage(i) for i in range(n)], parallel=parallel_, min_pages=10)
    assert not r.forked
    assert f"rendered by {os.getpid()}\n" in r.text(n - 1)


@pytest.mark.unit
def test_lazy_file_produces_its_content_once_on_first_read(tmp_path):
    calls = []
    f = LazyFile("a.md", src_dir=None, dest_dir=str(tmp_path), use_directory_urls=True)
    f._produce = lambda: calls.append(1) or "# A\n"
    assert calls == []
    assert f.content_string == "# A\n" and f.content_string == "# A\n"
    assert calls == [1]
    f.content_string = "# B\n"
    assert f.content_string == "# B\n"


@pytest.mark.build
def test_site_built_with_the_worker_equals_the_in_process_build(built_site, tmp_path, monkeypatch):
    """The fixture site is below MIN_PAGES; force the worker and compare every output file."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = copy_site(tmp_path / "forked")
    monkeypatch.setattr(parallel, "MIN_PAGES", 1)
    monkeypatch.chdir(site)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    forked = []
    original = PageRenderer._fork
    monkeypatch.setattr(PageRenderer, "_fork", lambda self: (forked.append(1), original(self)))
    build(load_config(str(site / "mkdocs.yml"), strict=True))
    assert forked == [1]
    a, b = built_site / "site", site / "site"
    mismatch = []
    for root, _, names in os.walk(a):
        for name in names:
            p = os.path.join(root, name)
            q = os.path.join(b, os.path.relpath(p, a))
            if name.endswith(".gz"):
                continue
            if not os.path.exists(q) or not filecmp.cmp(p, q, shallow=False):
                mismatch.append(os.path.relpath(p, a))
    assert mismatch == []
    shutil.rmtree(site)


@pytest.mark.build
def test_a_new_build_unfreezes_the_previous_builds_objects(built_site, monkeypatch):
    """on_files freezes the catalog for the collector; `mkdocs serve` must not pile up frozen builds."""
    import gc

    from mkdocs.config import load_config

    monkeypatch.chdir(built_site)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(built_site / "mkdocs.yml"))
    gc.freeze()
    try:
        assert gc.get_freeze_count() > 0
        config.plugins.on_config(config)
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()


@pytest.mark.build
def test_parsing_in_worker_processes_gives_the_same_catalog_and_messages(tmp_path, monkeypatch):
    """`journeys check` parses big catalogs in forked processes; force it on the fixture site plus broken files."""
    from mkdocs.config import load_config

    from mkdocs_journeys import loading
    from mkdocs_journeys.config import make_settings
    from mkdocs_journeys.content import check

    site = copy_site(tmp_path / "broken")
    (site / "personas" / "kaputt.md").write_text("---\nname: [unclosed\n---\n", encoding="utf-8")
    (site / "touchpoints" / "tab.md").write_text("---\nname: Tab\n\tchannel: web\n---\n", encoding="utf-8")
    (site / "personas" / "latin1.md").write_bytes(b"---\nname: M\xfcller\nrole: R\n---\n")
    monkeypatch.chdir(site)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(site / "mkdocs.yml"))
    settings = make_settings(config, config.plugins["journeys"].config)

    def run(min_files: int):
        monkeypatch.setattr(loading, "PARALLEL_MIN_FILES", min_files)
        calls = []
        real_read_doc = loading.read_doc
        # Not pickled (the pool sends _read_one by name): a forked worker records in its own copy.
        monkeypatch.setattr(loading, "read_doc", lambda *a: (calls.append(os.getpid()), real_read_doc(*a))[1])
        result = check(settings)
        return result, calls

    sequential, calls = run(10**9)
    assert calls and set(calls) == {os.getpid()}
    forked, calls = run(1)
    assert calls == []  # the parsing happened in the worker processes, not here
    assert [p.format() for p in forked.report.sorted()] == [p.format() for p in sequential.report.sorted()]
    assert len(sequential.report.errors) == 3
    for kind in ("journeys", "personas", "touchpoints"):
        assert getattr(forked.catalog, kind) == getattr(sequential.catalog, kind), kind
