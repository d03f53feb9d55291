"""While serving: the content folders watched through the system's change events, not MkDocs' poll.

MkDocs' server polls every watched path every half second, asking each file for its status. At a
thousand journeys (6,750 files) an edit waited 0.45 s to be noticed (median; up to 0.7 s) and an idle
server spent a fifth of a core (bench/watcher.py). The system's events (inotify, FSEvents,
ReadDirectoryChanges, as watchdog picks) report an edit at once whatever the folder's size. The
server's own `watch` still registers each folder and rebuilds on its events; only the observer under
it differs. Folders on network or container mounts may send no events: the option `watcher: polling`
keeps MkDocs' poll for them, and a folder the system refuses to watch (too many watches) is polled.

The events also tell a rebuild which content files changed (`ChangeLog`, core/changed_files.py), so
that it need not ask every file for its status. That holds only while every change of every content
folder comes through here: from the observer's start if the content is then still as the first build
saw it (else from the rebuild after), until a folder is polled instead or a build fails.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from mkdocs.plugins import get_plugin_logger
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

from mkdocs_journeys.core.changed_files import ChangedFiles
from mkdocs_journeys.core.locales import Messages, messages
from mkdocs_journeys.core.terminal import safe

log = get_plugin_logger(__name__)

# What changes a file. The system also reports reads (opened, closed without writing): passed on,
# the build's own reads of the content would start the next rebuild.
CHANGES = frozenset({"created", "deleted", "modified", "moved", "closed", "attrib"})
# Reports a rebuild takes one by one; more (a checkout, say) and every file is looked at. The system
# drops events only past a queue of thousands (inotify: 16,384), all delivered before the drop: more.
MANY = 1000


class ChangeLog:
    """The changes reported since the last build began, for the next one. Events arrive on the
    observer's thread, before the server hears of them: a rebuild never starts ahead of its report."""

    def __init__(self, folders: Iterable[str] = (), as_last_built: Callable[[], bool] | None = None) -> None:
        self.folders = {os.path.abspath(f) for f in folders}  # a watch ends with its folder: gone, nothing is told
        # Whether the content is still as the last build saw it (asked once the observer runs).
        self.as_last_built = as_last_built
        self._lock = threading.Lock()
        self._events: list[tuple[str, str, str | None, bool]] = []
        self.recording = False  # every content folder is watched by events, since the observer started
        self._lost = False  # a content folder is polled instead
        self._whole = False  # every change since the last build began is in _events

    def record(self, event: FileSystemEvent) -> None:
        dest = getattr(event, "dest_path", None) or None
        if event.event_type in ("deleted", "moved") and os.path.abspath(os.fsdecode(event.src_path)) in self.folders:
            self.lost()
        with self._lock:
            if len(self._events) <= MANY:
                self._events.append(
                    (event.event_type, os.fsdecode(event.src_path), dest and os.fsdecode(dest), event.is_directory)
                )

    def started(self) -> None:
        """The observer runs, and every content folder is watched by it. If the content is still as the
        last build saw it, the changes since are those reported from now on: the first rebuild need not
        look at every file."""
        self.recording = not self._lost
        if self.recording and self.as_last_built is not None and self.as_last_built():
            with self._lock:
                self._whole = self.recording

    def lost(self) -> None:
        """A content folder is polled, not watched by events: from now on no report is complete."""
        with self._lock:
            self._lost, self.recording, self._whole = True, False, False

    def forget(self) -> None:
        """A build failed: what it took was maybe not looked at; the next one looks at every file."""
        with self._lock:
            self._whole = False

    def restart(self) -> None:
        """A build that looks at every file begins: the changes so far are in it."""
        self._take()

    def _take(self) -> tuple[list[tuple[str, str, str | None, bool]], bool]:
        with self._lock:
            events, self._events = self._events, []
            whole, self._whole = self._whole, self.recording
        return events, whole

    def take(self, root: Path) -> ChangedFiles | None:
        """What changed since the last build began (None: not known), as a build begins now."""
        events, whole = self._take()
        if not whole or len(events) > MANY:
            return None
        base = os.path.realpath(root)
        written: set[str] = set()
        created: set[str] = set()
        removed: set[str] = set()
        for kind, src, dest, is_dir in events:
            paths = (
                [(src, removed), (dest, created)]
                if kind == "moved"
                else [(src, {"created": created, "deleted": removed}.get(kind, written))]
            )
            for path, into in paths:
                if path is None:
                    continue
                rel = os.path.relpath(os.path.realpath(path), base)
                if rel == ".." or rel.startswith(".." + os.sep) or os.path.isabs(rel):
                    return None
                rel = rel.replace(os.sep, "/")
                if not is_dir:
                    into.add(rel)
                elif into is not written:  # a folder's own writes are its entries', reported on their own
                    into.add(rel + "/")
        return ChangedFiles(frozenset(written), frozenset(created), frozenset(removed))


class ChangesOnly(FileSystemEventHandler):
    """Passes the events that change a file on to `handler`, noting them in `changes` first."""

    def __init__(self, handler: FileSystemEventHandler, changes: ChangeLog | None = None):
        self.handler = handler
        self.changes = changes

    def dispatch(self, event: FileSystemEvent) -> None:
        if event.event_type in CHANGES:
            if self.changes is not None:
                self.changes.record(event)
            self.handler.dispatch(event)


class SplitObserver:
    """The server's observer: `folders` watched by the system's events, every other path (the docs,
    mkdocs.yml, theme folders) by the server's polling observer as before."""

    def __init__(
        self,
        polling: BaseObserver,
        folders: Iterable[str],
        events: BaseObserver | None = None,
        changes: ChangeLog | None = None,
        words: Messages | None = None,
    ):
        self.polling = polling
        self.words = words if words is not None else messages("en")
        self.events = events if events is not None else Observer()
        self.changes = changes
        self.folders = {os.path.abspath(f) for f in folders}
        self.watched: dict[ObservedWatch, tuple[FileSystemEventHandler, str, bool]] = {}
        # After a refused start: the handle the server holds, and the poll's handle for the same folder.
        self.polled_instead: dict[ObservedWatch, ObservedWatch] = {}

    def schedule(self, handler: FileSystemEventHandler, path: str, recursive: bool = False, **kw: Any) -> ObservedWatch:
        if os.path.abspath(path) not in self.folders:
            return self.polling.schedule(handler, path, recursive=recursive, **kw)
        try:
            watch = self.events.schedule(ChangesOnly(handler, self.changes), path, recursive=recursive)
        except OSError as e:  # started already, and the system refused the folder
            log.info(self.words.log("polled-folder", path=safe(path), reason=safe(e.strerror or e)))
            if self.changes is not None:
                self.changes.lost()
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
            log.info(self.words.log("polled", reason=safe(e.strerror or e)))
            self.events.stop()
            if self.changes is not None:
                self.changes.lost()
            for watch, (handler, path, recursive) in self.watched.items():
                self.polled_instead[watch] = self.polling.schedule(handler, path, recursive=recursive)
            self.watched.clear()
        else:
            if self.changes is not None:
                self.changes.started()
        self.polling.start()

    def stop(self) -> None:
        self.events.stop()
        self.polling.stop()

    def join(self, timeout: float | None = None) -> None:
        for observer in (self.events, self.polling):
            if observer.is_alive():
                observer.join(timeout)


def watch_by_events(
    server: Any, folders: Iterable[str], changes: ChangeLog | None = None, words: Messages | None = None
) -> bool:
    """Give `server` (MkDocs' LiveReloadServer) an observer that watches `folders` by events (noting
    them in `changes`, and saying what is polled instead in `words`' language); before the server starts
    and any folder is watched. False when the server has no observer to replace."""
    observer = getattr(server, "observer", None)
    if not isinstance(observer, BaseObserver) or observer.is_alive():
        return False
    server.observer = SplitObserver(observer, folders, changes=changes, words=words)
    return True
