"""While serving: the content folders watched through the system's change events, not MkDocs' poll.

MkDocs' server polls every watched path every half second, asking each file for its status. At a
thousand journeys (6,750 files) an edit waited 0.45 s to be noticed (median; up to 0.7 s) and an idle
server spent a fifth of a core (bench/watcher.py). The system's events (inotify, FSEvents,
ReadDirectoryChanges, as watchdog picks) report an edit at once whatever the folder's size. The
server's own `watch` still registers each folder and rebuilds on its events; only the observer under
it differs. Folders on network or container mounts may send no events: the option `watcher: polling`
keeps MkDocs' poll for them, and a folder the system refuses to watch (too many watches) is polled.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from mkdocs.plugins import get_plugin_logger
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

log = get_plugin_logger("journeys")

# What changes a file. The system also reports reads (opened, closed without writing): passed on,
# the build's own reads of the content would start the next rebuild.
CHANGES = frozenset({"created", "deleted", "modified", "moved", "closed", "attrib"})


class ChangesOnly(FileSystemEventHandler):
    """Passes the events that change a file on to `handler`."""

    def __init__(self, handler: FileSystemEventHandler):
        self.handler = handler

    def dispatch(self, event: FileSystemEvent) -> None:
        if event.event_type in CHANGES:
            self.handler.dispatch(event)


class SplitObserver:
    """The server's observer: `folders` watched by the system's events, every other path (the docs,
    mkdocs.yml, theme folders) by the server's polling observer as before."""

    def __init__(self, polling: BaseObserver, folders: Iterable[str], events: BaseObserver | None = None):
        self.polling = polling
        self.events = events if events is not None else Observer()
        self.folders = {os.path.abspath(f) for f in folders}
        self.watched: dict[ObservedWatch, tuple[FileSystemEventHandler, str, bool]] = {}
        # After a refused start: the handle the server holds, and the poll's handle for the same folder.
        self.polled_instead: dict[ObservedWatch, ObservedWatch] = {}

    def schedule(self, handler: FileSystemEventHandler, path: str, recursive: bool = False, **kw: Any) -> ObservedWatch:
        if os.path.abspath(path) not in self.folders:
            return self.polling.schedule(handler, path, recursive=recursive, **kw)
        try:
            watch = self.events.schedule(ChangesOnly(handler), path, recursive=recursive)
        except OSError as e:  # started already, and the system refused the folder
            log.info(f"journeys: {path} is polled for changes: the system does not report them ({e.strerror or e})")
            return self.polling.schedule(handler, path, recursive=recursive)
        self.watched[watch] = (handler, path, recursive)
        return watch

    def unschedule(self, watch: ObservedWatch) -> None:
        if self.watched.pop(watch, None) is not None:
            self.events.unschedule(watch)
        else:
            self.polling.unschedule(self.polled_instead.pop(watch, watch))

    def start(self) -> None:
        try:
            self.events.start()
        except OSError as e:  # e.g. the limit of watches reached: every folder is polled as before
            reason = e.strerror or e
            log.info(f"journeys: content folders are polled for changes: the system does not report them ({reason})")
            self.events.stop()
            for watch, (handler, path, recursive) in self.watched.items():
                self.polled_instead[watch] = self.polling.schedule(handler, path, recursive=recursive)
            self.watched.clear()
        self.polling.start()

    def stop(self) -> None:
        self.events.stop()
        self.polling.stop()

    def join(self, timeout: float | None = None) -> None:
        for observer in (self.events, self.polling):
            if observer.is_alive():
                observer.join(timeout)


def watch_by_events(server: Any, folders: Iterable[str]) -> bool:
    """Give `server` (MkDocs' LiveReloadServer) an observer that watches `folders` by events; before
    the server starts and any folder is watched. False when the server has no observer to replace."""
    observer = getattr(server, "observer", None)
    if not isinstance(observer, BaseObserver) or observer.is_alive():
        return False
    server.observer = SplitObserver(observer, folders)
    return True
