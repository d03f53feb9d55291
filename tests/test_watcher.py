"""While serving, content folders are watched by the system's change events (plugin/watcher.py)."""

from __future__ import annotations

import logging
import shutil
import threading
import time
from pathlib import Path

import pytest
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirModifiedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileClosedNoWriteEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileOpenedEvent,
    FileSystemEventHandler,
)
from watchdog.observers.polling import PollingObserver

from mkdocs_journeys.core.changed_files import ChangedFiles
from mkdocs_journeys.core.locales import messages
from mkdocs_journeys.plugin import watcher
from mkdocs_journeys.plugin.watcher import ChangeLog, ChangesOnly, SplitObserver, watch_by_events
from sitekit import copy_site


class Recorder(FileSystemEventHandler):
    def __init__(self) -> None:
        self.events: list = []
        self.seen = threading.Event()

    def on_any_event(self, event) -> None:
        self.events.append(event)
        self.seen.set()


class FakeObserver:
    """An observer that records what is scheduled on it; `refuse` makes start fail as inotify does
    when the system's limit of watches is reached."""

    def __init__(self, refuse: bool = False) -> None:
        self.scheduled: dict[object, str] = {}
        self.refuse, self.started, self.stopped = refuse, False, False

    def schedule(self, handler, path, recursive=False, **kw):
        watch = object()
        self.scheduled[watch] = path
        return watch

    def unschedule(self, watch) -> None:
        del self.scheduled[watch]

    def start(self) -> None:
        if self.refuse:
            raise OSError(28, "inotify watch limit reached")
        self.started = True

    def stop(self) -> None:
        self.stopped = True

    def is_alive(self) -> bool:
        return self.started and not self.stopped


@pytest.mark.unit
def test_only_events_that_change_a_file_are_passed_on():
    got = Recorder()
    handler = ChangesOnly(got)
    changes = [
        FileCreatedEvent("a.md"),
        FileModifiedEvent("a.md"),
        FileClosedEvent("a.md"),
        FileMovedEvent("a.md~", "a.md"),
        FileDeletedEvent("a.md"),
        DirModifiedEvent("j"),
    ]
    for event in [*changes, FileOpenedEvent("a.md"), FileClosedNoWriteEvent("a.md")]:
        handler.dispatch(event)
    # A read (opened, closed without writing) is the build's own: passed on, it would start the next rebuild.
    assert got.events == changes


@pytest.mark.unit
def test_content_folders_go_to_the_event_observer_every_other_path_to_the_poll(tmp_path):
    polling, events = FakeObserver(), FakeObserver()
    content = tmp_path / "journeys"
    split = SplitObserver(polling, [str(content)], events)

    on_events = split.schedule(Recorder(), str(content), recursive=True)
    polled = split.schedule(Recorder(), str(tmp_path / "docs"), recursive=True)
    assert list(events.scheduled.values()) == [str(content)]
    assert list(polling.scheduled.values()) == [str(tmp_path / "docs")]

    split.start()
    assert events.started and polling.started
    split.unschedule(on_events)
    split.unschedule(polled)
    assert events.scheduled == {} and polling.scheduled == {}
    split.stop()
    assert events.stopped and polling.stopped


@pytest.mark.unit
def test_folders_the_system_refuses_to_watch_are_polled(tmp_path):
    polling, events = FakeObserver(), FakeObserver(refuse=True)
    content = [str(tmp_path / "journeys"), str(tmp_path / "personas")]
    split = SplitObserver(polling, content, events)
    handles = [split.schedule(Recorder(), folder, recursive=True) for folder in content]
    split.start()
    assert sorted(polling.scheduled.values()) == content
    assert polling.started and events.stopped
    # The server still holds the handles it was given: each unwatches its folder from the poll.
    split.unschedule(handles[0])
    assert list(polling.scheduled.values()) == [content[1]]
    split.unschedule(handles[1])
    assert polling.scheduled == {}


class RefusedWithControls(FakeObserver):
    """Refuses to start with a reason that carries terminal controls (as an OS message might quote a path)."""

    def start(self) -> None:
        raise OSError(28, "limit \x1b]0;owned\x07 reached")


@pytest.mark.unit
@pytest.mark.parametrize("lang, other", [("de", "en"), ("en", "de")])
def test_folders_polled_instead_are_said_in_the_site_language_and_safe_for_the_terminal(
    tmp_path, caplog, monkeypatch, lang, other
):
    monkeypatch.setattr(logging.getLogger("mkdocs"), "propagate", True)  # the CLI, run in a test, turns it off
    content = [str(tmp_path / "journeys")]
    split = SplitObserver(FakeObserver(), content, RefusedWithControls(), words=messages(lang))
    split.schedule(Recorder(), content[0], recursive=True)
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        split.start()
    (said,) = [r.getMessage() for r in caplog.records if r.name.startswith("mkdocs.plugins.mkdocs_journeys")]
    assert "\x1b" not in said and "\x07" not in said
    assert said == "mkdocs_journeys: " + messages(lang).log("polled", reason="limit \\x1b]0;owned\\x07 reached")
    assert said != "mkdocs_journeys: " + messages(other).log("polled", reason="limit \\x1b]0;owned\\x07 reached")


@pytest.mark.build
def test_an_edit_in_a_content_folder_is_reported_and_a_read_is_not(tmp_path):
    folder = tmp_path / "journeys" / "shop"
    folder.mkdir(parents=True)
    page = folder / "awareness.md"
    page.write_text("---\nphase: awareness\n---\n", encoding="utf-8")
    split = SplitObserver(PollingObserver(timeout=60), [str(tmp_path / "journeys")])  # the poll never comes
    got = Recorder()
    split.schedule(ChangesOnly(got), str(tmp_path / "journeys"), recursive=True)
    split.start()
    try:
        time.sleep(0.2)
        page.read_bytes()
        time.sleep(0.5)
        assert got.events == []  # reading the file is no change
        page.write_text("---\nphase: awareness\ntitle: x\n---\n", encoding="utf-8")
        assert got.seen.wait(10), "the edit was not reported"
        assert any(Path(e.src_path) == page for e in got.events)
    finally:
        split.stop()
        split.join(5)


def _serve(site: Path, watcher: str | None):
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    if watcher is not None:
        text = (site / "mkdocs.yml").read_text(encoding="utf-8")
        (site / "mkdocs.yml").write_text(text.replace("  - journeys:", f"  - journeys:\n      watcher: {watcher}"))
    cfg = load_config(str(site / "mkdocs.yml"))
    cfg.plugins.on_config(cfg)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(site))
    server.watch(str(site / "docs"))  # as MkDocs does before the plugins' serve event
    cfg.plugins["journeys"].on_serve(server, cfg, None)
    server.journeys_plugin = cfg.plugins["journeys"]
    return server


@pytest.mark.unit
def test_serve_watches_the_content_folders_by_events_and_the_docs_by_the_poll(tmp_path):
    site = copy_site(tmp_path / "s")
    assert "  - journeys:" in (site / "mkdocs.yml").read_text(encoding="utf-8")
    server = _serve(site, None)
    split = server.observer
    assert isinstance(split, SplitObserver)
    watched = sorted(Path(path).name for _, path, _ in split.watched.values())
    assert watched == ["actuals", "journeys", "personas", "touchpoints"]
    assert [Path(e.watch.path).name for e in split.polling.emitters] == ["docs"]
    assert split.changes is not None and split.changes is server.journeys_plugin.changes


@pytest.mark.unit
def test_a_content_folder_missing_when_serving_starts_makes_no_change_log(tmp_path):
    # A folder made later is not watched: a report could not vouch for its files.
    site = copy_site(tmp_path / "s")
    shutil.rmtree(site / "touchpoints")
    server = _serve(site, None)
    assert isinstance(server.observer, SplitObserver)
    assert server.observer.changes is None and server.journeys_plugin.changes is None


@pytest.mark.unit
def test_watcher_polling_keeps_mkdocs_poll(tmp_path):
    server = _serve(copy_site(tmp_path / "s"), "polling")
    assert isinstance(server.observer, PollingObserver)
    assert watch_by_events(object(), []) is False  # a server without an observer is left as it is


def _recording(root: Path, folders: list[str] | None = None) -> ChangeLog:
    """A change log whose observer runs, past the first build after it started (which looks at every file)."""
    log = ChangeLog(folders or [str(root / "journeys")])
    assert log.take(root) is None  # nothing is known before the observer runs
    log.started()
    assert log.take(root) is None  # the changes before it started are not known: every file is looked at
    return log


@pytest.mark.unit
def test_a_change_log_tells_the_next_build_what_changed_since_the_last_began(tmp_path):
    root = tmp_path.resolve()
    log = _recording(root)
    j = root / "journeys"
    for event in [
        FileModifiedEvent(str(j / "a" / "awareness.md")),
        FileClosedEvent(str(j / "a" / "index.md")),
        FileMovedEvent(str(j / "a" / ".index.md.swp"), str(j / "a" / "index.md")),
        FileCreatedEvent(str(j / "b.md")),
        FileDeletedEvent(str(j / "c.md")),
        DirModifiedEvent(str(j / "a")),  # its entries' own events tell what it is
        DirCreatedEvent(str(j / "d")),
        DirMovedEvent(str(j / "e"), str(j / "f")),
    ]:
        log.record(event)
    assert log.take(root) == ChangedFiles(
        written=frozenset({"journeys/a/awareness.md", "journeys/a/index.md"}),
        created=frozenset({"journeys/a/index.md", "journeys/b.md", "journeys/d/", "journeys/f/"}),
        removed=frozenset({"journeys/a/.index.md.swp", "journeys/c.md", "journeys/e/"}),
    )
    assert log.take(root) == ChangedFiles()  # each change is told once


@pytest.mark.unit
def test_through_the_handler_a_change_is_noted_before_the_server_hears_of_it(tmp_path):
    root = tmp_path.resolve()
    log = _recording(root)
    heard: list = []

    class Server(FileSystemEventHandler):
        def dispatch(self, event) -> None:
            heard.append(log.take(root))  # a rebuild started by this very event

    ChangesOnly(Server(), log).dispatch(FileModifiedEvent(str(root / "journeys" / "a.md")))
    assert heard == [ChangedFiles(written=frozenset({"journeys/a.md"}))]


@pytest.mark.unit
def test_a_change_log_tells_nothing_it_cannot_vouch_for(tmp_path, monkeypatch):
    root = tmp_path.resolve()
    log = _recording(root)
    log.record(FileModifiedEvent(str(tmp_path.parent / "elsewhere.md")))
    assert log.take(root) is None  # outside the project
    assert log.take(root) == ChangedFiles()

    monkeypatch.setattr(watcher, "MANY", 3)
    for n in range(5):
        log.record(FileModifiedEvent(str(root / "journeys" / f"{n}.md")))
    assert log.take(root) is None  # a checkout, say: every file is looked at
    assert log.take(root) == ChangedFiles()

    log.forget()  # a build failed: what it took was maybe not looked at
    assert log.take(root) is None
    assert log.take(root) == ChangedFiles()
    log.restart()  # a full build began: it looks at every file
    assert log.take(root) == ChangedFiles()

    log.record(DirDeletedEvent(str(root / "journeys")))  # its watch goes with the folder
    assert log.take(root) is None
    log.started()
    assert log.take(root) is None and log.take(root) is None


@pytest.mark.unit
def test_content_still_as_the_last_build_saw_it_is_told_by_the_log_from_the_observer_s_start(tmp_path):
    root = tmp_path.resolve()
    asked: list[bool] = []

    def as_last_built(answer: bool):
        def ask() -> bool:
            asked.append(answer)
            return answer

        return ask

    log = ChangeLog([str(root / "journeys")], as_last_built(True))
    assert log.take(root) is None and asked == []  # asked only once the observer runs
    log.started()
    log.record(FileModifiedEvent(str(root / "journeys" / "b.md")))
    assert log.take(root) == ChangedFiles(written=frozenset({"journeys/b.md"})) and asked == [True]

    log = ChangeLog([str(root / "journeys")], as_last_built(False))
    log.started()
    assert log.take(root) is None  # changed since: the first rebuild looks at every file
    assert log.take(root) == ChangedFiles()

    log = ChangeLog([str(root / "journeys")], as_last_built(True))
    log.lost()  # a content folder is polled: nothing is told, whatever the content
    log.started()
    assert log.take(root) is None and log.take(root) is None and asked == [True, False]


@pytest.mark.unit
def test_a_content_folder_polled_instead_makes_the_log_tell_nothing(tmp_path):
    root = tmp_path.resolve()
    folders = [str(root / "journeys"), str(root / "personas")]
    log = ChangeLog(folders)
    split = SplitObserver(FakeObserver(), folders, FakeObserver(refuse=True), changes=log)
    for folder in folders:
        split.schedule(Recorder(), folder, recursive=True)
    split.start()
    assert log.take(root) is None and log.take(root) is None

    log = ChangeLog(folders)
    split = SplitObserver(FakeObserver(), folders, FakeObserver(), changes=log)
    for folder in folders:
        split.schedule(Recorder(), folder, recursive=True)
    split.start()
    assert log.take(root) is None and log.take(root) == ChangedFiles()


@pytest.mark.build
def test_the_observer_reports_an_edit_to_the_change_log(tmp_path):
    root = tmp_path.resolve()
    page = root / "journeys" / "shop" / "awareness.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\nphase: awareness\n---\n", encoding="utf-8")
    log = ChangeLog([str(root / "journeys")])
    split = SplitObserver(PollingObserver(timeout=60), [str(root / "journeys")], changes=log)
    got = Recorder()
    split.schedule(ChangesOnly(got), str(root / "journeys"), recursive=True)
    split.start()
    try:
        assert log.take(root) is None
        time.sleep(0.2)
        page.write_text("---\nphase: awareness\ntitle: x\n---\n", encoding="utf-8")
        assert got.seen.wait(10), "the edit was not reported"
        time.sleep(0.2)
        assert log.take(root) == ChangedFiles(written=frozenset({"journeys/shop/awareness.md"}))
    finally:
        split.stop()
        split.join(5)
