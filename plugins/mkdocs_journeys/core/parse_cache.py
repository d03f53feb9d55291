"""What reading one content file gave, kept between runs so unchanged files are not parsed again.

One entry per file: the file's kind and the digest of its bytes, and what reading and validating
those bytes gave (front-matter with line numbers, body, validated data, the problems). An entry is
used only for the same bytes, in the same kind of file, under the same fingerprint (plugin version,
the code and messages that read and validate files, the settings they use); anything else reads
the file again, so the cache never changes a result.

Which bytes a file holds is known without reading it when its status (size, modification and
change times, inode) is the one seen when it was last read, as Git's index does: the change time
cannot be set back (restoring a file's modification time sets it), and a status taken within
`RACY_NS` of a change is not trusted, since a second edit in the same clock tick could keep every
time; such a file is read and its digest compared. Only POSIX systems give such a change time.

On disk (`<project>/.cache/journeys/parsed.cache`) the entries are plain values (dicts, lists,
strings, numbers) in `marshal` form, which loads several times faster than pickle and runs no code;
it is still not meant for data from others, so a file is loaded only if it carries a MAC made with
a key that lives outside the project (in the user's cache folder): only this tool, for this user,
can have written it. A truncated, corrupted, foreign or stale file is ignored and replaced. Writes
go to a temporary file that replaces the old one, so a reader never sees half a file.

In memory only, `ModelMemo` keeps what the loader made of each file that loaded without a problem
(the model object, its document for messages): a run that finds such a file unchanged by its status
takes the object instead of decoding the entry and making it again, so a rebuild while serving makes
the objects of the edited files, not of the whole catalog. A cache opened for one run (`journeys
check`) keeps none: no run follows in that process. That check keeps journey records instead, on disk
beside the entries (core/check_records.py).
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import secrets
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from mkdocs_journeys.core import problems as P
from mkdocs_journeys.core.source_files import SourceDoc, walk_markdown

FORMAT = 3
MAGIC = b"mkdocs-journeys parsed files %d\n" % FORMAT
FILE_NAME = "parsed.cache"
KEY_BYTES = 32
_MAC_HEX = 64  # HMAC-SHA256 as hex
_CORE = Path(__file__).parent
# A status is trusted only when the file's last change is at least this much older than the run
# that saw it: file times come from a coarse clock, and an edit within the same tick keeps them.
RACY_NS = 2_000_000_000
_STATUS_TRUSTED = os.name == "posix"  # elsewhere st_ctime is the creation time: read every file
# The file is rewritten once at least one entry in this many differs from it. A file parsed again
# costs about as much as writing 50 entries (N=1000: 0.9 ms against 0.05-0.1 s for 6,750), so a few
# edits among thousands of files are parsed again by the next run rather than rewriting the whole
# file each time; small projects are written on every change.
WRITE_EVERY = 128


@dataclass(slots=True)
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


def _mac(key: bytes, payload: bytes | memoryview, magic: bytes = MAGIC) -> bytes:
    # HMAC-SHA256: processors with SHA extensions hash it about twice as fast as keyed BLAKE2b.
    mac = hmac.new(key, magic, hashlib.sha256)
    mac.update(payload)
    return mac.hexdigest().encode()


def status_key(st: os.stat_result) -> tuple[int, int, int, int, int]:
    """What a file's status says about its bytes: any write changes one of these."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


@dataclass(slots=True)
class Made:
    """What the loader made of one clean file (one that gave no problem), for the next run to take
    again while the file and what else it was made with stay the same."""

    digest: bytes  # of the file's bytes
    context: object  # what else it was made with (a phase file: its journey's id and index.md digest)
    made: object  # the model object
    doc: SourceDoc  # for the messages of later checks (lines), never changed after loading
    extra: object = None  # what else the loader kept of the file (a phase's signal conditions as written)


@dataclass(frozen=True, slots=True)
class Listing:
    """A content folder's Markdown files as one run listed them."""

    paths: tuple[str, ...]
    rels: frozenset[str]


class ModelMemo:
    """In memory only: the model objects of the last run, by file. A content edit while serving then
    makes the objects of the edited files, not of the whole catalog. The model is never changed after
    loading, so an object can be part of two runs' catalogs."""

    def __init__(self, remember: bool = True) -> None:
        self.remember = remember  # False: one run only, nothing is kept for a next one
        self.last: dict[str, Made] = {}
        self.now: dict[str, Made] = {}
        self.taken = 0  # objects this run took from the last one
        # Journey folder -> what loading it cleanly gave (the loader's own record, made of entries above):
        # a folder whose files all stayed the same is taken as a whole, without a look at each file's object.
        self.last_folders: dict[str, object] = {}
        self.now_folders: dict[str, object] = {}
        # The phases whose references resolved without a problem (id -> the phase, which keeps its id its
        # own), and what the references could name then: the same phase resolves so again while that stays.
        self.resolved: tuple[object, dict[int, object]] = (None, {})
        self.resolving: tuple[object, dict[int, object]] = (None, {})
        # Content folder -> the files it listed (paths, and relative to the project), when listing it noted
        # no problem and met no link: what a run told by the file watcher that no file came or went
        # (core/changed_files.py) lists again.
        self.last_listings: dict[str, Listing] = {}
        self.now_listings: dict[str, Listing] = {}

    def get(self, rel: str, digest: bytes, context: object = None) -> Made | None:
        got = self.last.get(rel)
        if got is None or got.digest != digest or got.context != context:
            return None
        self.now[rel] = got
        self.taken += 1
        return got

    def keep(self, rel: str, made: Made) -> None:
        if self.remember:
            self.now[rel] = made

    def take(self, rel: str, made: Made) -> None:
        """`made`, the last run's for `rel`, is this run's too (its file is known to be unchanged)."""
        self.now[rel] = made
        self.taken += 1

    def made_now(self, rel: str) -> Made | None:
        return self.now.get(rel)

    def folder(self, name: str) -> object:
        """What the last run kept of a journey folder (see `keep_folder`), if anything."""
        return self.last_folders.get(name)

    def keep_folder(self, name: str, loaded: object) -> None:
        if self.remember:
            self.now_folders[name] = loaded

    def resolved_clean(self, names: object) -> dict[int, object]:
        """The phases that resolved without a problem in the last run, if their references could name
        the same then (`names`); from now on, this run's are noted under `names`."""
        self.resolving = (names, {})
        return self.resolved[1] if self.resolved[0] == names else {}

    def note_resolved(self, phase: object) -> None:
        if self.remember:
            self.resolving[1][id(phase)] = phase

    def listing(self, folder: str) -> Listing | None:
        return self.last_listings.get(folder)

    def keep_listing(self, folder: str, listing: Listing) -> None:
        if self.remember:
            self.now_listings[folder] = listing

    def rotate(self) -> None:
        """A run ended: what it made or took is what the next run may take."""
        self.last, self.now = self.now, {}
        self.last_folders, self.now_folders = self.now_folders, {}
        self.last_listings, self.now_listings = self.now_listings, {}
        self.resolved, self.resolving = self.resolving, (None, {})


class ParseCache:
    """Entries in memory (kept between rebuilds while serving) and, given a folder and a key, on disk."""

    def __init__(self, folder: Path | None, key: bytes | None = None, remember_models: bool = True):
        self.folder = folder
        self.key = key
        self.remember_models = remember_models  # see ModelMemo.remember
        self.fingerprint: str | None = None
        self.entries: dict[str, tuple[str, bytes, bytes]] = {}  # rel -> (kind, digest, marshalled outcome)
        # journey folder -> what checking the journey gave (core/check_records.py), marshalled
        self.records: dict[str, bytes] = {}
        self.records_used: set[str] | None = None  # None: this run neither takes nor makes records
        # rel -> (status key, digest): the file had these bytes when it had this status (trusted ones only)
        self.statuses: dict[str, tuple[tuple[int, ...], bytes]] = {}
        self.used: set[str] = set()
        # rel -> digest: files this run read whose status was taken too soon after their last change to
        # be trusted (see settle)
        self.racy: dict[str, bytes] = {}
        self.changed = False
        self.unsaved = 0  # entries that differ from the file on disk
        self.hits = self.misses = 0
        self.unread = 0  # hits known from the file's status alone, without reading it
        self.vouched = 0  # of those, files the watcher vouched for: not even asked for their status
        self.loaded = False
        self.started_ns = 0
        self.notes: list[str] = []  # why a file on disk was not used (for tests and debugging)
        self.models = ModelMemo(self.remember_models)

    @property
    def path(self) -> Path | None:
        return self.folder / FILE_NAME if self.folder is not None else None

    def begin(self, fingerprint: str) -> None:
        """Start a run: entries made under another fingerprint are dropped."""
        if fingerprint != self.fingerprint:
            self.entries, self.statuses, self.records = {}, {}, {}
            self.models = ModelMemo(self.remember_models)
            self.loaded = False
            self.fingerprint = fingerprint
        if not self.loaded:
            self.entries, self.statuses, self.records = self._load() or ({}, {}, {})
            self.loaded = True
            self.unsaved = 0
        self.used = set()
        self.racy = {}
        self.records_used = None
        self.changed = False
        self.hits = self.misses = self.unread = self.vouched = self.models.taken = 0
        self.started_ns = time.time_ns()

    def unchanged(
        self, rel: str, kind: str, st: os.stat_result, path: str | None = None
    ) -> tuple[bytes, FileOutcome] | None:
        """(digest, outcome) for a file whose status shows it still holds the bytes of its entry, without
        reading it; None if it has to be read."""
        known = self.known_digest(rel, kind, st)
        if known is None:
            return None
        got = _decode(self.entries[rel][2], path)
        if got is None:
            return None
        self.note_unread(rel)
        return known, got

    def known_digest(self, rel: str, kind: str, st: os.stat_result | None) -> bytes | None:
        """The digest of the bytes a file holds, when its status shows they are its entry's; else None.
        `st` None: the file is known to be as it was when its status was last seen (core/changed_files.py)."""
        seen = self.statuses.get(rel)
        entry = self.entries.get(rel)
        if seen is None or entry is None or entry[0] != kind or seen[1] != entry[1]:
            return None
        if st is not None and seen[0] != status_key(st):
            return None
        return entry[1]

    def note_unread(self, rel: str) -> None:
        """The entry of `rel` served this run without the file being read."""
        self.used.add(rel)
        self.hits += 1
        self.unread += 1

    def note_read(self, rel: str, key: bytes, st: os.stat_result | None) -> None:
        """`rel` was read, and its bytes are still those of its entry (`key`)."""
        self.used.add(rel)
        self._note_status(rel, key, st)
        self.hits += 1

    def outcome(
        self,
        rel: str,
        kind: str,
        raw: bytes,
        compute: Callable[[], FileOutcome],
        path: str | None = None,
        known_digest: bytes | None = None,
        st: os.stat_result | None = None,
    ) -> FileOutcome:
        """The outcome for these bytes: from the cache if it holds it, else computed and kept.

        `st`, the file's status taken before its bytes were read, lets the next run skip reading it."""
        key = known_digest or digest(raw)
        self.used.add(rel)
        self._note_status(rel, key, st)
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
            self.statuses.pop(rel, None)
        self.changed = True
        self.unsaved += 1
        return result

    def use_records(self) -> None:
        """This run takes and makes journey records: the ones it does not use are dropped at its end."""
        self.records_used = set()

    def record(self, folder: str) -> bytes | None:
        assert self.records_used is not None
        self.records_used.add(folder)
        return self.records.get(folder)

    def keep_record(self, folder: str, blob: bytes) -> None:
        """A journey loaded this run (so its record was missing or stale) leaves this one."""
        self.records[folder] = blob
        self.changed = True
        self.unsaved += 1

    def _note_status(self, rel: str, key: bytes, st: os.stat_result | None) -> None:
        # Statuses alone never make the file be written (a warm run writes nothing): one that settled is
        # written with the next change of an entry, and until then its file is read and its digest compared.
        trusted = st is not None and _STATUS_TRUSTED and max(st.st_mtime_ns, st.st_ctime_ns) < self.started_ns - RACY_NS
        if trusted:
            assert st is not None
            seen = (status_key(st), key)
            self.statuses[rel] = seen
            self.racy.pop(rel, None)
        else:
            self.statuses.pop(rel, None)
            if st is not None and _STATUS_TRUSTED:
                self.racy[rel] = key

    def settle(self, root: Path) -> int:
        """Trust the statuses of the files this run read too soon after their last change, where that
        change is now long enough ago: each is read again, and its status trusted when the file still
        holds the bytes the run read and did not change while read (as Git refreshes its racily clean
        entries). While serving, after a build: the next one takes these files without reading them (a
        project written just before the server started, as after a clone, has thousands). How many."""
        settled = 0
        for rel, key in list(self.racy.items()):
            path = os.path.join(root, rel)
            try:
                before = os.stat(path)
                if max(before.st_mtime_ns, before.st_ctime_ns) >= time.time_ns() - RACY_NS:
                    continue  # still too recent: read again by the next run, as it would be anyway
                with open(path, "rb") as f:
                    raw = f.read()
                after = os.stat(path)
            except OSError:
                del self.racy[rel]
                continue
            del self.racy[rel]
            entry = self.entries.get(rel)
            same = status_key(before) == status_key(after) and digest(raw) == key
            if same and entry is not None and entry[1] == key and rel not in self.statuses:
                self.statuses[rel] = (status_key(after), key)
                settled += 1
        return settled

    def as_last_run_saw(self, root: Path, folders: Iterable[Path]) -> bool:
        """Whether each content folder still holds the Markdown files the last run listed, each with the
        status it was read with where that was trusted (a file without one is read by the next run in any
        case). While serving, once the file watcher runs: from then on its reports tell every change since
        that run, so the first rebuild need not look at every file either."""
        report, links = P.Report(), list[str]()
        for folder in folders:
            last = self.models.listing(os.fspath(folder))
            if last is None or tuple(walk_markdown(folder, root, report, links)) != last.paths:
                return False
            if links or report.problems:
                return False
            for rel in last.rels:
                seen = self.statuses.get(rel)
                if seen is None:
                    continue
                try:
                    if status_key(os.stat(os.path.join(root, rel))) != seen[0]:
                        return False
                except OSError:
                    return False
        return True

    def finish(self) -> None:
        """End a run: forget files that were not read (deleted or moved), write the cache if it changed
        enough to be worth it (see WRITE_EVERY)."""
        self.models.rotate()
        gone = set(self.entries) - self.used
        for rel in gone:
            del self.entries[rel]
        for rel in set(self.statuses) - set(self.entries):
            del self.statuses[rel]
        self.unsaved += len(gone)
        if self.records_used is not None:
            for folder in set(self.records) - self.records_used:
                del self.records[folder]
                gone.add(folder)
                self.unsaved += 1
        if not (self.changed or gone or self.unsaved):
            return
        if 0 < self.unsaved < len(self.entries) // WRITE_EVERY:
            return  # kept in memory; the file on disk still holds the entries before these changes
        self._save()
        self.unsaved = 0

    # --- disk ---

    def _load(self) -> tuple[dict, dict, dict] | None:
        path = self.path
        if path is None or self.key is None:
            return None
        payload = read_sealed(path, self.key, MAGIC, self.notes)
        if payload is None:
            return None
        try:
            fingerprint, entries, statuses, records = marshal.loads(payload)
        except Exception as e:  # the MAC matched, so this is our own file, from a Python that differs
            self.notes.append(f"cannot load: {e!r}")
            return None
        if fingerprint != self.fingerprint or not all(isinstance(x, dict) for x in (entries, statuses, records)):
            self.notes.append("stale: another plugin version, code or settings")
            return None
        return entries, statuses, records

    def _save(self) -> None:
        path = self.path
        if path is None or self.key is None:
            return
        # Each entry stays one marshalled string inside the file: loading it is one read, one MAC and one
        # marshal.loads of a few thousand strings; an entry's values are made only when its file is used.
        payload = marshal.dumps((self.fingerprint, self.entries, self.statuses, self.records))
        write_sealed(path, self.key, MAGIC, payload, self.notes)


def read_sealed(path: Path, key: bytes, magic: bytes, notes: list[str]) -> memoryview | None:
    """The payload of a file `write_sealed` wrote with this key and magic line; None (and why, in
    `notes`) for a missing, unreadable, damaged or foreign file."""
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        notes.append(f"unreadable: {e}")
        return None
    head = len(magic)
    if not blob.startswith(magic) or len(blob) < head + _MAC_HEX + 1 or blob[head + _MAC_HEX] != ord("\n"):
        notes.append("not a parse cache of this format")
        return None
    mac, payload = blob[head : head + _MAC_HEX], memoryview(blob)[head + _MAC_HEX + 1 :]  # no copy
    if not hmac.compare_digest(mac, _mac(key, payload, magic)):
        notes.append("MAC does not match: truncated, corrupted or written by someone else")
        return None
    return payload


def write_sealed(path: Path, key: bytes, magic: bytes, payload: bytes, notes: list[str]) -> None:
    """The magic line, a MAC of the payload made with `key`, the payload; written to a temporary file
    that replaces `path`, so a reader never sees half a file. A folder that cannot be written is a note."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".parsed-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(magic + _mac(key, payload, magic) + b"\n")
                f.write(payload)  # not joined to the head: that would copy the whole payload once more
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as e:  # a read-only checkout: the cache is an optimisation, never a failure
        notes.append(f"not written: {e}")


class LineMap(Mapping):
    """A document's field path -> line map, kept marshalled (and compressed: it is the largest part of
    an entry) until a line is asked for: most runs that take a file from the cache never need its
    lines, which only locate problems."""

    __slots__ = ("blob", "_map")

    def __init__(self, blob: bytes):
        self.blob = blob
        self._map: dict | None = None

    def _lines(self) -> dict:
        if self._map is None:
            self._map = marshal.loads(zlib.decompress(self.blob))
        return self._map

    def __getitem__(self, path: tuple) -> int:
        return self._lines()[path]

    def __contains__(self, path: object) -> bool:
        return path in self._lines()

    def __iter__(self) -> Iterator[tuple]:
        return iter(self._lines())

    def __len__(self) -> int:
        return len(self._lines())


def _encode(result: FileOutcome) -> bytes:
    doc, data = result.doc, result.data
    doc_part = None
    if doc is not None:
        lines = doc.lines.blob if isinstance(doc.lines, LineMap) else zlib.compress(marshal.dumps(dict(doc.lines)), 1)
        # A valid file's front-matter usually is its validated data (in another key order, which nothing
        # reads): kept once, and one object on use, as nothing changes either after validation.
        raw = None if data is not None and _same(doc.data, data) else doc.data
        doc_part = (doc.rel, raw, lines, doc.body, doc.body_line)
    problems = [P.problem_values(p) for p in result.problems]
    return marshal.dumps((doc_part, data, problems))


def _same(a: object, b: object) -> bool:
    """Equal values of the same types all the way down (1, 1.0 and True are equal, but not the same)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        assert isinstance(b, dict)
        return a.keys() == b.keys() and all(_same(v, b[k]) for k, v in a.items())
    if isinstance(a, list):
        assert isinstance(b, list)
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def _decode(blob: bytes, path: str | None) -> FileOutcome | None:
    """Fresh objects on every use (nothing is shared with an earlier run's catalog); None if unusable."""
    try:
        doc_part, data, problems = marshal.loads(blob)
        doc = None
        if doc_part is not None:
            rel, raw, lines, body, body_line = doc_part
            if raw is None:  # a front-matter is never None: this one is the validated data
                raw = data
            doc = SourceDoc(path=path or rel, rel=rel, data=raw, lines=LineMap(lines), body=body, body_line=body_line)
        out = [P.problem_of(values) for values in problems]
        return FileOutcome(doc, data, out)
    except Exception:  # an entry from another layout of the classes: read the file again
        return None
