"""While serving, content folders are watched by the system's change events (plugin/watcher.py)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from watchdog.events import (
    DirModifiedEvent,
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

from mkdocs_journeys.plugin.watcher import ChangesOnly, SplitObserver, watch_by_events
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


@pytest.mark.unit
def test_watcher_polling_keeps_mkdocs_poll(tmp_path):
    server = _serve(copy_site(tmp_path / "s"), "polling")
    assert isinstance(server.observer, PollingObserver)
    assert watch_by_events(object(), []) is False  # a server without an observer is left as it is
