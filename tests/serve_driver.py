"""Builds a site the way `mkdocs serve` does, rebuilding on request, so a test decides when.

    python serve_driver.py MKDOCS_YML SITE_DIR SERVE_URL [--watch]  # builds; a rebuild per "rebuild" on stdin

`mkdocs serve` calls the startup event once with 'serve', builds with its serve URL as `site_url`,
hands its server to the plugins' serve event, and for each change calls the server's builder (which
loads the configuration again and builds into the same folder, unless a plugin replaced it), keeping
the plugin objects: exactly these steps, without the HTTP server. The file watcher's events never start
a rebuild (a test decides when); with --watch the server has MkDocs' observer, which the plugin gives
its event watcher, and each rebuild waits for the events of the edit before it begins. Prints 'built
reused=N rebuilt=K rendered=R taken=T kept=G vouched=V' (generated pages taken from the last build;
pages a partial rebuild built again, or 'all' after a full build; pages it rendered to tell which
changed, or 'all'; model objects the last load took from the one before; page groups kept without
being made; files the load took on the watcher's word) or 'failed ...'.
"""

from __future__ import annotations

import logging
import sys
import threading
import time

from mkdocs.commands.build import build
from mkdocs.config import load_config
from watchdog.events import FileSystemEventHandler
from watchdog.observers.polling import PollingObserver

SETTLE_S = 0.2  # after an edit's first event, for the events of its other files


class Noticed(FileSystemEventHandler):
    """What the server's handler would do on an event: here, only note that one came."""

    def __init__(self) -> None:
        self.came = threading.Event()

    def dispatch(self, event) -> None:
        self.came.set()

    def wait(self) -> None:
        if self.came.wait(timeout=2):  # an edit outside the content folders sends none here
            time.sleep(SETTLE_S)
        self.came.clear()


def main() -> int:
    config_file, site_dir, url = sys.argv[1:4]
    watching = "--watch" in sys.argv[4:]
    noticed = Noticed()
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")

    def get_config():
        config = load_config(config_file, site_dir=site_dir)
        config.site_url = url
        return config

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)

    plugin = config.plugins["journeys"]

    def builder(config=None) -> None:
        if config is None:
            config = get_config()
        build(config, serve_url=url)

    class Server:
        """What plugins see of MkDocs' LiveReloadServer: watch() and the builder it calls."""

        def __init__(self) -> None:
            self.builder = builder
            self.watched: list[str] = []
            if watching:
                self.observer = PollingObserver()  # as MkDocs' server has it

        def watch(self, path: str) -> None:
            self.watched.append(path)
            if watching:
                self.observer.schedule(noticed, path, recursive=True)

    def once(build) -> None:
        plugin.rebuilt = plugin.rendered = None
        try:
            build()
        except BaseException as e:  # serve logs the error and waits for the next change
            print(f"failed {e!r}", flush=True)
            return
        memo = plugin.memo
        rebuilt = "all" if plugin.rebuilt is None else plugin.rebuilt
        rendered = "all" if plugin.rendered is None else plugin.rendered
        reused = memo.reused if memo is not None else 0
        cache = plugin.parse_cache
        taken = cache.models.taken if cache is not None else 0
        kept = memo.kept if memo is not None else 0
        vouched = cache.vouched if cache is not None else 0
        print(
            f"built reused={reused} rebuilt={rebuilt} rendered={rendered} taken={taken} kept={kept} vouched={vouched}",
            flush=True,
        )

    once(lambda: builder(config))
    server = config.plugins.on_serve(Server(), config=config, builder=builder)
    if watching:
        server.observer.start()
    for line in sys.stdin:
        if line.strip() == "rebuild":
            if watching:
                noticed.wait()
            once(server.builder)
    if watching:
        server.observer.stop()
    config.plugins.on_shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
