"""What reading one content file gave, kept between runs so unchanged files are not parsed again.

One entry per file: the file's kind and the digest of its bytes, and what reading and validating
those bytes gave (front-matter with line numbers, body, validated data, the problems). An entry is
used only for the same bytes, in the same kind of file, under the same fingerprint (plugin version,
the code and messages that read and validate files, the settings they use); anything else reads
the file again, so the cache never changes a result.

On disk (`<project>/.cache/journeys/parsed.cache`) the entries are plain values (dicts, lists,
strings, numbers) in `marshal` form, which loads several times faster than pickle and runs no code;
it is still not meant for data from others, so a file is loaded only if it carries a MAC made with
a key that lives outside the project (in the user's cache folder): only this tool, for this user,
can have written it. A truncated, corrupted, foreign or stale file is ignored and replaced. Writes
go to a temporary file that replaces the old one, so a reader never sees half a file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import marshal
import os
import secrets
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mkdocs_journeys.core import problems as P
from mkdocs_journeys.core.source_files import SourceDoc

FORMAT = 1
MAGIC = b"mkdocs-journeys parsed files %d\n" % FORMAT
FILE_NAME = "parsed.cache"
KEY_BYTES = 32
_MAC_HEX = 64  # blake2b, 32 bytes, as hex
_CORE = Path(__file__).parent


@dataclass
class FileOutcome:
    """What reading one file gave: the parsed document (None if it could not be parsed), the validated
    data (None if the file failed), and the problems found in the file alone."""

    doc: SourceDoc | None
    data: dict | None
    problems: list[P.Problem]


def fingerprint(*settings: object) -> str:
    """Changes whenever a cached outcome could differ: plugin and PyYAML versions, the reading and
    validating code, the message texts, and the settings given (language, currencies, ...)."""
    from mkdocs_journeys import __version__
    from mkdocs_journeys.core.source_files import yaml  # the PyYAML that reads the files

    h = hashlib.blake2b(digest_size=16)
    versions = (
        FORMAT,
        __version__,
        yaml.__version__,
        hasattr(yaml, "CSafeLoader"),
        sys.version_info[:2],
        marshal.version,
    )
    for version in versions:
        h.update(repr(version).encode() + b"\0")
    # All of core/ (its code, messages, field descriptions), not a list that could miss a new module.
    inputs = sorted(p for p in _CORE.rglob("*") if p.suffix in (".py", ".yml") and "__pycache__" not in p.parts)
    for path in inputs:
        h.update(path.relative_to(_CORE).as_posix().encode() + b"\0")
        try:
            h.update(path.read_bytes() if path.is_file() else b"")
        except OSError:
            h.update(os.urandom(8))  # unreadable: never matches, so nothing stale is used
    for part in settings:
        h.update(repr(part).encode() + b"\0")
    return h.hexdigest()


def user_key() -> bytes | None:
    """The MAC key in the user's cache folder (made on first use), or None if there is none to be had."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / "mkdocs-journeys" / "cache.key"
    try:
        key = path.read_bytes()
        if len(key) == KEY_BYTES:
            return key
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(KEY_BYTES))
        key = path.read_bytes()
        return key if len(key) == KEY_BYTES else None
    except OSError:  # no home, read-only, or another process is writing it right now: no disk cache this run
        return None


def digest(raw: bytes) -> bytes:
    """What an entry is keyed by: the digest of the file's bytes."""
    return hashlib.blake2b(raw, digest_size=20).digest()


def _mac(key: bytes, payload: bytes) -> bytes:
    return hashlib.blake2b(MAGIC + payload, key=key, digest_size=32).hexdigest().encode()


class ParseCache:
    """Entries in memory (kept between rebuilds while serving) and, given a folder and a key, on disk."""

    def __init__(self, folder: Path | None, key: bytes | None = None):
        self.folder = folder
        self.key = key
        self.fingerprint: str | None = None
        self.entries: dict[str, tuple[str, bytes, bytes]] = {}  # rel -> (kind, digest, marshalled outcome)
        self.used: set[str] = set()
        self.changed = False
        self.hits = self.misses = 0
        self.loaded = False
        self.notes: list[str] = []  # why a file on disk was not used (for tests and debugging)

    @property
    def path(self) -> Path | None:
        return self.folder / FILE_NAME if self.folder is not None else None

    def begin(self, fingerprint: str) -> None:
        """Start a run: entries made under another fingerprint are dropped."""
        if fingerprint != self.fingerprint:
            self.entries = {}
            self.loaded = False
            self.fingerprint = fingerprint
        if not self.loaded:
            self.entries = self._load() or {}
            self.loaded = True
        self.used = set()
        self.changed = False
        self.hits = self.misses = 0

    def outcome(
        self,
        rel: str,
        kind: str,
        raw: bytes,
        compute: Callable[[], FileOutcome],
        path: Path | None = None,
        known_digest: bytes | None = None,
    ) -> FileOutcome:
        """The outcome for these bytes: from the cache if it holds it, else computed and kept."""
        key = known_digest or digest(raw)
        self.used.add(rel)
        entry = self.entries.get(rel)
        if entry is not None and entry[0] == kind and entry[1] == key:
            got = _decode(entry[2], path)
            if got is not None:
                self.hits += 1
                return got
        self.misses += 1
        result = compute()
        try:
            self.entries[rel] = (kind, key, _encode(result))
        except ValueError:  # a value marshal cannot hold: this file is read every time
            self.entries.pop(rel, None)
        self.changed = True
        return result

    def finish(self) -> None:
        """End a run: forget files that were not read (deleted or moved), write the cache if it changed."""
        gone = set(self.entries) - self.used
        for rel in gone:
            del self.entries[rel]
        if self.changed or gone:
            self._save()

    # --- disk ---

    def _load(self) -> dict | None:
        path = self.path
        if path is None or self.key is None:
            return None
        try:
            blob = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as e:
            self.notes.append(f"unreadable: {e}")
            return None
        head = len(MAGIC)
        if not blob.startswith(MAGIC) or len(blob) < head + _MAC_HEX + 1 or blob[head + _MAC_HEX] != ord("\n"):
            self.notes.append("not a parse cache of this format")
            return None
        mac, payload = blob[head : head + _MAC_HEX], blob[head + _MAC_HEX + 1 :]
        if not hmac.compare_digest(mac, _mac(self.key, payload)):
            self.notes.append("MAC does not match: truncated, corrupted or written by someone else")
            return None
        try:
            fingerprint, entries = marshal.loads(payload)
        except Exception as e:  # the MAC matched, so this is our own file, from a Python that differs
            self.notes.append(f"cannot load: {e!r}")
            return None
        if fingerprint != self.fingerprint or not isinstance(entries, dict):
            self.notes.append("stale: another plugin version, code or settings")
            return None
        return entries

    def _save(self) -> None:
        path = self.path
        if path is None or self.key is None:
            return
        payload = marshal.dumps((self.fingerprint, self.entries))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".parsed-", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(MAGIC + _mac(self.key, payload) + b"\n" + payload)
                os.replace(tmp, path)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError as e:  # a read-only checkout: the cache is an optimisation, never a failure
            self.notes.append(f"not written: {e}")


_PROBLEM_FIELDS = tuple(f.name for f in dataclasses.fields(P.Problem))


def _encode(result: FileOutcome) -> bytes:
    doc = result.doc
    doc_part = (doc.rel, doc.data, doc.lines, doc.body, doc.body_line) if doc is not None else None
    problems = [
        tuple(
            p.kind.name
            if name == "kind"
            else tuple(dataclasses.astuple(x) for x in getattr(p, name))
            if name in ("related", "folded")
            else getattr(p, name)
            for name in _PROBLEM_FIELDS
        )
        for p in result.problems
    ]
    return marshal.dumps((doc_part, result.data, problems))


def _decode(blob: bytes, path: Path | None) -> FileOutcome | None:
    """Fresh objects on every use (nothing is shared with an earlier run's catalog); None if unusable."""
    try:
        doc_part, data, problems = marshal.loads(blob)
        doc = None
        if doc_part is not None:
            rel, raw, lines, body, body_line = doc_part
            doc = SourceDoc(path=path or Path(rel), rel=rel, data=raw, lines=lines, body=body, body_line=body_line)
        out = []
        for values in problems:
            fields = dict(zip(_PROBLEM_FIELDS, values, strict=True))
            fields["kind"] = P.KINDS[fields["kind"]]
            fields["related"] = tuple(P.Place(*x) for x in fields["related"])
            fields["folded"] = tuple(P.Place(*x) for x in fields["folded"])
            out.append(P.Problem(**fields))
        return FileOutcome(doc, data, out)
    except Exception:  # an entry from another layout of the classes: read the file again
        return None
