"""Render the generated pages beside MkDocs, on a second core.

MkDocs builds on one core. Turning the catalog into pages is independent of MkDocs'
own work, so a forked child renders every page in order and streams each page's text
(Markdown and HTML blocks, pages/blocks.py) back through a pipe, while the main process
converts Markdown to HTML. The main process takes a page when MkDocs first reads it
(`LazyFile`). Where fork is missing (Windows), for small sites, or with `parallel: false`,
pages render in-process on first read.

A page the child fails on is rendered again in the main process, so errors surface there,
with the usual messages.
"""

from __future__ import annotations

import os
import pickle
import signal
from typing import Callable, Sequence

from mkdocs.structure.files import File

MIN_PAGES = 200  # below this, forking costs more than it saves


class LazyFile(File):
    """A generated file whose content is produced when it is first read."""

    _produce: Callable[[], str] | None = None
    _value: str | bytes | None = None

    @property
    def _content(self):  # type: ignore[override]
        if self._produce is not None:
            produce, self._produce = self._produce, None
            self._value = produce()
        return self._value

    @_content.setter
    def _content(self, value) -> None:
        self._produce = None
        self._value = value


class PageRenderer:
    """The text of `pages[i]` (objects with a picklable `text` attribute), on request."""

    def __init__(self, pages: Sequence, parallel: bool = True, min_pages: int | None = None):
        self.pages = pages
        self._buffer: dict[int, object] = {}
        self._reader = None
        self._pid: int | None = None
        if parallel and hasattr(os, "fork") and len(pages) >= (MIN_PAGES if min_pages is None else min_pages):
            self._fork()

    @property
    def forked(self) -> bool:
        return self._pid is not None

    def _fork(self) -> None:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: render, send, and leave without running the parent's exit handlers
            code = 0
            try:
                os.close(read_fd)
                with os.fdopen(write_fd, "wb") as out:
                    for i, page in enumerate(self.pages):
                        try:
                            text = page.text
                        except Exception:
                            text = None  # the parent renders it again and reports the error
                        pickle.dump((i, text), out, protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        os.close(write_fd)
        self._pid = pid
        self._reader = os.fdopen(read_fd, "rb")

    def text(self, index: int):
        if index in self._buffer:
            return self._buffer.pop(index)
        while self._reader is not None:
            try:
                i, text = pickle.load(self._reader)
            except (EOFError, OSError, pickle.UnpicklingError):
                self.close()
                break
            if i == index:
                if text is not None:
                    return text
                break
            if text is not None:
                self._buffer[i] = text
        return self.pages[index].text

    def close(self) -> None:
        """Stop the child (if it still runs) and reap it."""
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                os.waitpid(self._pid, 0)
            except ChildProcessError:
                pass
            self._pid = None
        self._buffer.clear()
