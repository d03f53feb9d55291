"""A real `mkdocs serve` on a free loopback port, for tests of what a person sees while editing."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tiny_site import BIN, env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=20) as r:  # a stalled server times out here
            return r.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, ok: Callable[[str], bool], seconds: float) -> str:
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        last = get(url)
        if last is not None and ok(last):
            return last
        time.sleep(0.5)
    raise AssertionError(f"{url} did not get there within {seconds} s; last answer: {(last or '')[:300]!r}")


@contextmanager
def serving(root: Path, log_path: Path) -> Iterator[str]:
    """`mkdocs serve` of the site in `root`, its output in `log_path`; yields the base URL and stops it after."""
    port = free_port()
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env(),
        )
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)
