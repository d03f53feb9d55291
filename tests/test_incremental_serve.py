"""While serving, a rebuild after an edit gives the same site as a clean build of the same content.

One server process (tests/serve_driver.py: the steps of `mkdocs serve`) is kept through a series of
edits; after each, a fresh process builds the same content from scratch, and the two sites are
compared file by file. The series covers what the rebuild keeps from the last build: parsed files
(only changed ones are parsed again) and generated pages (reused when nothing they show changed);
and, with the file watcher's events, the files the load takes on its word without a look at each.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tiny_site import MKDOCS_YML, env, write_site

DRIVER = Path(__file__).parent / "serve_driver.py"
URL = "http://127.0.0.1:8000/"
SKIP = {"sitemap.xml.gz"}  # gzip stamps the time into its header; sitemap.xml holds the same


class Server:
    """The driver kept running; rebuild() after each edit."""

    def __init__(self, root: Path, site: Path, prelude: str = "", watch: bool = False):
        self.log = open(root.parent / "serve.log", "w")  # noqa: SIM115 - closed in stop()
        # The driver as a script, after `prelude` (a test's change to the plugin) has run.
        run = f"{prelude}\nimport runpy, sys\nsys.argv = sys.argv[1:]\nrunpy.run_path(sys.argv[0], run_name='__main__')"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", run, str(DRIVER), str(root / "mkdocs.yml"), str(site), URL]
            + (["--watch"] if watch else []),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            env=env(),
        )
        self.first = self._result()

    def _result(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        assert line, f"the driver stopped: {(self.log.name and Path(self.log.name).read_text())[-3000:]}"
        return line

    def rebuild(self) -> str:
        assert self.proc.stdin is not None
        self.proc.stdin.write("rebuild\n")
        self.proc.stdin.flush()
        return self._result()

    def stop(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=60)
        self.log.close()


def clean_build(root: Path, site: Path) -> str:
    shutil.rmtree(site, ignore_errors=True)
    done = subprocess.run(
        [sys.executable, str(DRIVER), str(root / "mkdocs.yml"), str(site), URL],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env(),
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip()


def differences(served: Path, clean: Path) -> list[str]:
    def files(d: Path) -> dict[str, Path]:
        return {p.relative_to(d).as_posix(): p for p in d.rglob("*") if p.is_file() and p.name not in SKIP}

    a, b = files(served), files(clean)
    out = [f"only served: {k}" for k in sorted(a.keys() - b.keys())]
    out += [f"only in the clean build: {k}" for k in sorted(b.keys() - a.keys())]
    out += [f"differs: {k}" for k in sorted(a.keys() & b.keys()) if a[k].read_bytes() != b[k].read_bytes()]
    return out


NEW_JOURNEY = {
    "personas/tom.md": "---\nname: Tom Baker\nrole: Runs a café\n---\nTom runs a café.\n",
    "journeys/cafe/index.md": (
        "---\ntitle: Café tries the newsletter\nsummary: A café signs up.\npersonas:\n  - tom\nstate: as-is\n---\n"
    ),
    "journeys/cafe/awareness.md": (
        "---\nsteps:\n  - title: Hears about it\n    touchpoint: newsletter\n    emotion: 3\n---\n"
    ),
}


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (rel, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


# (what the edit is, the edit, how the server rebuilds): "partial" builds only the generated pages
# whose text changed (some, not all); "rendered only" renders the pages whose inputs changed and
# builds none; "full" is MkDocs' whole build.
STEPS = [
    (
        "change a step",
        lambda r: _edit(r, "journeys/bakery/awareness.md", "Reads the newsletter", "Reads a flyer"),
        "partial",
    ),
    ("change an emotion", lambda r: _edit(r, "journeys/bakery/purchase.md", "emotion: 3", "emotion: 1"), "partial"),
    (
        "comment a phase file",  # its file changed, so its pages render again; their text did not: not built
        lambda r: _edit(r, "journeys/bakery/awareness.md", "    emotion: 4\n---", "    emotion: 4\n# a note\n---"),
        "rendered only",
    ),
    (
        "change a persona's role",
        lambda r: _edit(r, "personas/sara.md", "role: Runs a bakery", "role: Bakes"),
        "partial",
    ),
    (
        "move a touchpoint to a team",
        lambda r: _edit(r, "touchpoints/shop.md", "owner: Sales", "owner: marketing"),
        "full",
    ),
    ("rename a touchpoint", lambda r: _edit(r, "touchpoints/shop.md", "name: Shop", "name: Web shop"), "full"),
    ("add a journey and a persona", lambda r: _write(r, NEW_JOURNEY), "full"),
    ("edit a docs page", lambda r: _edit(r, "docs/index.md", "The home page.", "The home page, edited."), "full"),
    (
        "save a file unchanged",
        lambda r: _write(r, {"personas/sara.md": (r / "personas/sara.md").read_text()}),
        "partial",
    ),
    ("delete a persona", lambda r: (r / "personas/tom.md").unlink(), "full"),
    ("introduce an error", lambda r: _edit(r, "journeys/bakery/purchase.md", "emotion: 1", "emotion: [1"), "full"),
    ("fix the error", lambda r: _edit(r, "journeys/bakery/purchase.md", "emotion: [1", "emotion: 1"), "full"),
    ("restore the persona", lambda r: _write(r, {"personas/tom.md": NEW_JOURNEY["personas/tom.md"]}), "full"),
    (
        "list a second persona, whom steps without their own inherit",
        lambda r: _edit(r, "journeys/winback/index.md", "  - sara\n", "  - sara\n  - tom\n"),
        "partial",
    ),
    (
        "change the step again",
        lambda r: _edit(r, "journeys/bakery/awareness.md", "Reads a flyer", "Reads a post"),
        "partial",
    ),
    (
        "change the configuration",
        lambda r: _edit(r, "mkdocs.yml", "site_name: Tiny journeys", "site_name: Tiny"),
        "full",
    ),
    ("remove a journey", lambda r: shutil.rmtree(r / "journeys/cafe"), "full"),
]
# Full builds after which every generated page comes from the last build (nothing they show changed).
ALL_REUSED = {"edit a docs page"}


def _parse(result: str) -> tuple[int, str]:
    """'built reused=N rebuilt=K rendered=R' -> (N, K)."""
    return _fields(result)[:2]


def _fields(result: str) -> tuple[int, str, str]:
    """'built reused=N rebuilt=K rendered=R taken=T kept=G' -> (N, K, R)."""
    fields = dict(part.split("=") for part in result.split()[1:])
    return int(fields["reused"]), fields["rebuilt"], fields["rendered"]


def _taken(result: str) -> int:
    """The model objects the last load took from the one before."""
    return int(dict(part.split("=") for part in result.split()[1:])["taken"])


def _kept(result: str) -> int:
    """The page groups the rebuild kept without making them (the change left their inputs alone)."""
    return int(dict(part.split("=") for part in result.split()[1:])["kept"])


def _vouched(result: str) -> int:
    """The files the load took on the file watcher's word, without asking for their status."""
    return int(dict(part.split("=") for part in result.split()[1:])["vouched"])


# Files count as settled as soon as the clock has ticked: the unchanged ones are then known by their
# status, and the load takes their model objects from the last one (core/parse_cache.py, ModelMemo).
SETTLED = "import mkdocs_journeys.core.parse_cache as pc\npc.RACY_NS = 0"


@pytest.mark.build
@pytest.mark.parametrize(
    "settled, watch",
    [(False, False), (True, False), (True, True)],
    ids=["files just written", "files settled", "files settled, told by the watcher"],
)
def test_each_rebuild_while_serving_equals_a_clean_build(tmp_path, settled, watch):
    root = write_site(tmp_path / "project")
    served, clean = tmp_path / "served", tmp_path / "clean"
    server = Server(root, served, prelude=SETTLED if settled else "", watch=watch)
    try:
        assert server.first == "built reused=0 rebuilt=all rendered=all taken=0 kept=0 vouched=0"
        assert differences(served, _clean(root, clean)) == []
        generated = _generated(served)
        for name, edit, mode in STEPS:
            edit(root)
            if settled:
                time.sleep(0.05)  # past the file system clock's tick
            result = server.rebuild()
            assert result.startswith("built"), (name, result)
            diff = differences(served, _clean(root, clean))
            assert diff == [], (name, diff[:10])
            reused, rebuilt, rendered = _fields(result)
            if mode == "full":
                assert rebuilt == "all", (name, result)
                if name in ALL_REUSED:
                    assert reused > 10, (name, result)
            elif name == "save a file unchanged":
                assert rebuilt == rendered == "0", (name, result)
            elif mode == "rendered only":
                assert rebuilt == "0" and int(rendered) > 0, (name, result)
            else:  # only some pages: the edited journey's own, and those that list what changed
                assert 0 < int(rebuilt) <= int(rendered) < generated, (name, result, generated)
            if settled and mode != "full":
                assert _taken(result) > 0, (name, result)
                assert _kept(result) > 0, (name, result)  # the pages of what the edit left alone, not even made
            # From the first rebuild on: the content was still as the first build saw it when the watcher started.
            if watch and mode != "full":
                assert _vouched(result) > 0, (name, result)
            elif not watch:
                assert _vouched(result) == 0, (name, result)
    finally:
        server.stop()


# Every status a load takes counts as too recent (a project written just before the server started),
# until the build is over and the plugin settles the statuses of the files it read.
SETTLED_AFTER_A_BUILD = """import mkdocs_journeys.core.parse_cache as pc
pc.RACY_NS = 3600 * 10**9
settle = pc.ParseCache.settle
def settled_now(self, root):
    pc.RACY_NS = 0
    try:
        return settle(self, root)
    finally:
        pc.RACY_NS = 3600 * 10**9
pc.ParseCache.settle = settled_now"""


@pytest.mark.build
def test_files_read_too_soon_by_the_first_build_are_trusted_by_the_next_ones(tmp_path):
    root = write_site(tmp_path / "project")
    server = Server(root, tmp_path / "served", prelude=SETTLED_AFTER_A_BUILD, watch=True)
    try:
        for name, edit, _ in STEPS[:2]:
            edit(root)
            result = server.rebuild()
            assert result.startswith("built"), (name, result)
        # The second rebuild takes the files the watcher vouches for by their status, settled after the
        # first build (without settling none would have one: each status is taken too soon).
        assert _vouched(result) > 0, result
    finally:
        server.stop()


def _generated(site: Path) -> int:
    """Pages of the plugin's in a built site (those with the plugin's stylesheet; docs/index.md has it too)."""
    return sum(1 for p in site.rglob("*.html") if p.name == "index.html") - 1


def _clean(root: Path, site: Path) -> Path:
    assert clean_build(root, site).startswith("built reused=0")
    return site


def _step_edited_with(tmp_path: Path, prelude: str) -> tuple[str, list[str]]:
    """A step title edited under a server whose plugin `prelude` changed: the rebuild's result, and
    how the served site differs from a clean build."""
    root = write_site(tmp_path / "project")
    served, clean = tmp_path / "served", tmp_path / "clean"
    server = Server(root, served, prelude=prelude)
    try:
        _edit(root, "journeys/bakery/awareness.md", "Reads the newsletter", "Reads a flyer")
        result = server.rebuild()
        return result, differences(served, _clean(root, clean))
    finally:
        server.stop()


@pytest.mark.build
def test_a_reused_page_is_the_page_a_render_gives(tmp_path):
    """The comparison can fail: a page the memo serves stale (here: every kept page counts as unchanged)
    differs from the clean build."""
    stale = (
        "import mkdocs_journeys.plugin.render_memo as m\n"
        "m.RenderMemo.unchanged = lambda self, uri, render: uri in self.pages"
    )
    result, diff = _step_edited_with(tmp_path, stale)
    assert _parse(result) == (0, "0")
    assert any(d.startswith("differs: journeys/bakery/") for d in diff), diff


@pytest.mark.build
def test_a_page_whose_text_changed_must_be_built(tmp_path):
    """The comparison can fail at the second stage too: pages rendered with new text but left unbuilt
    (here: every one) differ from the clean build."""
    unbuilt = (
        "from mkdocs_journeys.plugin.events import JourneysPlugin as J\n"
        "render = J._with_new_text\n"
        "J._with_new_text = lambda self, uris, memo: render(self, uris, memo) and []"
    )
    result, diff = _step_edited_with(tmp_path, unbuilt)
    reused, rebuilt, rendered = _fields(result)
    assert rebuilt == "0" and int(rendered) > 0
    assert any(d.startswith("differs: journeys/bakery/") for d in diff), diff


@pytest.mark.build
def test_a_search_index_that_keeps_a_rebuilt_page_s_old_entries_differs(tmp_path):
    """The comparison covers the search index a partial rebuild writes: one that keeps the edited
    page's old entries (here: the rebuilt pages' texts are never replaced) differs from the clean build."""
    stale = (
        "from mkdocs_journeys.plugin.search_text import SearchText as S\n"
        "take = S._take\n"
        "def _take(self):\n"
        "    old = dict(self.by_url)\n"
        "    take(self)\n"
        "    self.by_url.update(old)\n"
        "S._take = _take\n"
        "S.rebuilding = lambda self, urls: setattr(self.plugin.search_index, 'entries', [])"
    )
    result, diff = _step_edited_with(tmp_path, stale)
    assert _parse(result)[1] not in ("0", "all"), result  # a partial rebuild, which built pages
    assert diff == ["differs: search/search_index.json"], diff


@pytest.mark.build
def test_a_site_with_another_plugin_gets_full_rebuilds(tmp_path):
    """A plugin whose page events may depend on other pages (here Material's tags) rules out partial builds."""
    yml = MKDOCS_YML.replace("  - search\n", "  - search\n  - tags\n")
    root = write_site(tmp_path / "project", yml=yml)
    served, clean = tmp_path / "served", tmp_path / "clean"
    server = Server(root, served)
    try:
        _edit(root, "journeys/bakery/awareness.md", "Reads the newsletter", "Reads a flyer")
        assert _parse(server.rebuild())[1] == "all"
        assert differences(served, _clean(root, clean)) == []
    finally:
        server.stop()


@pytest.mark.build
def test_an_anchor_an_edit_removes_fails_a_strict_partial_rebuild_as_a_clean_build(tmp_path):
    """Anchor links are validated again after a partial rebuild, on every page that links to a rebuilt
    one: a docs page's link to a phase the edit removed aborts the strict rebuild, as it aborts a clean
    build; the fix builds again."""
    home = "# Tiny journeys\n\nSee [the purchase](journeys/bakery/index.md#purchase-steps).\n"
    root = write_site(tmp_path / "project", extra={"docs/index.md": home})
    served, clean = tmp_path / "served", tmp_path / "clean"
    server = Server(root, served)
    try:
        assert server.first.startswith("built")
        purchase = (root / "journeys/bakery/purchase.md").read_text(encoding="utf-8")
        # Without steps the phase has no table of steps: the journey keeps its pages, not that anchor.
        (root / "journeys/bakery/purchase.md").write_text("---\ncore_message: Buy\n---\n", encoding="utf-8")
        result = server.rebuild()
        assert result.startswith("failed") and "strict" in result, result
        assert clean_build(root, clean).startswith("failed"), "the clean build fails the same way"
        (root / "journeys/bakery/purchase.md").write_text(purchase, encoding="utf-8")
        assert _parse(server.rebuild())[1] == "all"  # after a failed build, the next one is full
        assert differences(served, _clean(root, clean)) == []
    finally:
        server.stop()


@pytest.mark.unit
def test_after_a_partial_rebuild_anchors_are_validated_on_the_pages_that_link_to_a_rebuilt_one():
    from mkdocs_journeys.plugin.incremental import _linking_to

    class Doc:  # a File and its Page, as far as the validation asks (Files are hashed by identity)
        def __init__(self, name: str) -> None:
            self.name, self.page = name, self
            self.file, self.links_to_anchors = self, None

    rebuilt, linking, elsewhere, plain, asset = (Doc(n) for n in ("rebuilt", "linking", "elsewhere", "plain", "x"))
    linking.page.links_to_anchors = {elsewhere: {"a": "elsewhere.md#a"}, rebuilt: {"b": "rebuilt.md#b"}}
    elsewhere.page.links_to_anchors = {plain: {"c": "plain.md#c"}}
    asset.page = None
    pages = _linking_to([linking, plain, rebuilt, elsewhere, asset], {rebuilt})
    assert [p.file.name for p in pages] == ["linking", "rebuilt"]


# Counts the collector's full passes made inside each on_post_build, one line per build, into the
# file named by the environment variable.
FULL_PASSES = """import gc, os
from mkdocs_journeys.plugin.events import JourneysPlugin
post = JourneysPlugin.on_post_build
def counted(self, config):
    before = gc.get_stats()[2]["collections"]
    try:
        return post(self, config)
    finally:
        with open(os.environ["FULL_PASSES_LOG"], "a") as out:
            out.write(f"{gc.get_stats()[2]['collections'] - before}\\n")
JourneysPlugin.on_post_build = counted"""


@pytest.mark.build
def test_a_full_build_while_serving_ends_with_the_full_collection_it_would_owe_the_first_edit(tmp_path, monkeypatch):
    # Otherwise the collector's pass over everything the build left (0.6 s at 1,000 journeys) falls
    # into the first edit's rebuild, which then is the slowest of all.
    passes = tmp_path / "passes.log"
    monkeypatch.setenv("FULL_PASSES_LOG", str(passes))
    root = write_site(tmp_path / "project")
    server = Server(root, tmp_path / "served", prelude=FULL_PASSES)
    try:
        assert server.first.startswith("built"), server.first
        _edit(root, "journeys/bakery/awareness.md", "Reads the newsletter", "Reads a post")
        result = server.rebuild()
        assert result.startswith("built") and _parse(result)[1] != "all", result  # partial: no build event
        _edit(root, "mkdocs.yml", "site_name: Tiny journeys", "site_name: Tiny")
        assert _parse(server.rebuild())[1] == "all"
    finally:
        server.stop()
    assert [int(n) >= 1 for n in passes.read_text().split()] == [True, True]
