"""A built site served on 127.0.0.1 for headless Chromium (PDF export, screenshots, browser tests)."""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from pathlib import Path

CHROMIUM = Path(os.environ.get("JOURNEYS_CHROMIUM", "/usr/bin/chromium"))
# Needed as root, and so Chromium does not try to reach Google's hosts.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # A browser drops connections when it navigates away mid-download; not an error.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class LocalServer:
    """Serves a folder on a free port of 127.0.0.1 until close()."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        handler = functools.partial(_QuietHandler, directory=str(self.folder))
        self.httpd = _Server(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> LocalServer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
