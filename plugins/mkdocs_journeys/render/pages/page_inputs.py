"""What a generated page's render read, so that a later build can tell, without rendering, whether
the page would come out the same.

A render reads two things: its own arguments (the `partial` a GeneratedPage holds) and the catalog,
which it sees through a `RecordingCatalog` that notes every lookup, every walk over a collection and
every query with its arguments. Both are fingerprinted by value: a journey, phase, persona or
touchpoint by the bytes of the files it is read from, everything else by pickling it. Rendering is
deterministic, so when the arguments and every read give the same fingerprints on the new catalog,
the render would read the same values and give the same page. What lies outside the catalog and the
arguments (configuration, labels, templates, the site's files, Git dates) is the caller's to compare
as a whole. Told what changed since the last catalog (core/model/catalog_change.py), a read of an
object that is still the last catalog's, or of rows no changed journey adds to, is not read again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import marshal
import operator
import os
import pickle
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from markupsafe import Markup

from mkdocs_journeys.core.model import Catalog, Journey, JourneyPhase, Persona, Touchpoint
from mkdocs_journeys.core.model.catalog_change import (
    CatalogChange,
    Dependency,
    key_dependencies,
    query_dependencies,
)

# A read: ("field", collection, key, field) | ("has", collection, key) | ("all", collection)
# | ("call", query, args, kwargs) | ("attr", name, None)
Read = tuple


class Untracked(Exception):
    """A page's arguments hold the catalog itself: reads through it could not be recorded."""


@dataclass(slots=True)
class PageInputs:
    """The fingerprints of one render's arguments and of everything it read from the catalog."""

    arguments: bytes
    reads: tuple[tuple[Read, bytes], ...] = ()  # a tuple of plain pairs: the collector stops tracking it


class Fingerprints:
    """Fingerprints over one catalog; a value is fingerprinted once per catalog (journeys by file digests)."""

    def __init__(self, catalog: Catalog, digests: Mapping[str, bytes], shared: tuple[type, ...] = ()):
        self.catalog = catalog
        self.digests = digests
        self.shared = shared  # the build's own objects (site builder, labels, links): the caller's global key
        self._entities: dict[int, bytes] = {}  # id of a content object or a part of one -> what it is
        self._parts_known = False
        self._carried: tuple[Catalog, dict[int, bytes]] | None = None
        self._unkeyed = False
        self._values: dict[int, bytes] = {}
        self._kept: list[object] = []
        self.kinds: dict[type, object] = {}
        self._reads: dict[Any, tuple[Read, bytes]] = {}
        self.change: CatalogChange | None = None  # since the catalog the recorded reads were taken on

    # --- values ---

    def of(self, value: object) -> bytes:
        buf = io.BytesIO()
        _Pickler(buf, self).dump(value)
        return hashlib.blake2b(buf.getvalue(), digest_size=16).digest()

    def of_record(self, value: object) -> bytes:
        """A dataclass value's fingerprint, once per object: many pages pass the same rows around."""
        got = self._values.get(id(value))
        if got is None:
            fields = (type(value).__qualname__, *_values(value))
            got = self._values[id(value)] = self._flat(fields) or self.of(fields)
            self._kept.append(value)  # kept alive with its fingerprint: its id stays its own meanwhile
        return got

    def _flat(self, fields: tuple) -> bytes | None:
        """The common row (content objects, plain values, markup, other rows and lists of these, as a
        step's use in a journey) without the pickler: marshal takes what _plain() makes of them. None
        when there is more."""
        entities = self.entities()
        out: list[Any] = []
        for v in fields:
            if type(v) in _SCALARS:  # the common cases first, without a call
                out.append(v)
                continue
            key = entities.get(id(v))
            if key is not None:
                out.append(("ref", key))
                continue
            plain = self._plain(v, entities)
            if plain is _NO:
                return None
            out.append(plain)
        return hashlib.blake2b(marshal.dumps(tuple(out)), digest_size=16).digest()

    def _plain(self, v: object, entities: dict[int, bytes], depth: int = 0) -> object:
        t = type(v)
        if t in _SCALARS:
            return v
        key = entities.get(id(v))
        if key is not None:
            return ("ref", key)
        if t is Markup:
            return ("Markup", str(v))
        if (t is list or t is tuple) and depth == 0:
            items = [self._plain(x, entities, 1) for x in v]  # type: ignore[attr-defined]
            return _NO if any(x is _NO for x in items) else (t.__name__, *items)
        kind = self.kinds.get(t)
        if kind is None:
            kind = self.kinds[t] = self.kind_of(t)
        return ("record", self.of_record(v)) if kind is _RECORD else _NO

    def entities(self) -> dict[int, bytes]:
        """Content objects and their parts (a step of a phase, a phase's list of KPIs), by id: each as
        its kind and the digests of the files it is read from, or as that and where the part sits."""
        if not self._parts_known:
            # One level down is enough: the steps, impacts, signals of a phase are what pages pass around.
            self._parts_known = True
            c, carried, self._carried = self.catalog, self._carried, None
            if carried is None or self.change is None:
                for kind in (c.journeys, c.personas, c.touchpoints):
                    for obj in kind.values():
                        self._register(obj)
            else:
                # An object the last catalog holds too is the same files (catalog_change.py): its key
                # is the one worked out then. Only the objects of changed files are registered.
                before, self._entities = carried[0], dict(carried[1])
                for name, ids in self.change.ids.items():
                    if name in ("journeys", "personas", "touchpoints"):
                        for key in ids:
                            self._forget(getattr(before, name).get(key))
                        for key in ids:
                            if (obj := getattr(c, name).get(key)) is not None:
                                self._register(obj)
        return self._entities

    def entities_if_known(self) -> dict[int, bytes] | None:
        """The entities, once worked out, for the next catalog to carry (when every file had a digest)."""
        return self._entities if self._parts_known and not self._unkeyed else None

    def carry(self, before: Catalog, entities: dict[int, bytes]) -> None:
        """Take the entities of `before`, the last catalog (whose objects live on meanwhile), for the
        objects this catalog shares with it; `change` must tell this catalog from that one."""
        self._carried = (before, entities)

    def kind_of(self, t: type) -> object:
        """How the pickler treats objects of type `t` (see _Pickler.persistent_id)."""
        if t in _SCALARS:
            return _PLAIN
        if t is Markup:
            return _MARKUP
        if issubclass(t, Catalog | RecordingCatalog):
            return _CATALOG
        if t in _ENTITY_FILES:
            return _CONTAINER  # its own objects are in entities(); one of another catalog pickles by value
        if hasattr(t, "__dataclass_fields__"):
            return _RECORD
        if issubclass(t, self.shared):
            return _SHARED
        if issubclass(t, types.FunctionType):
            return _FUNCTION
        if issubclass(t, types.MethodType):
            return _METHOD
        if issubclass(t, partial):
            return _PARTIAL
        return _CONTAINER

    def _register(self, obj: object) -> None:
        # Persistent ids are pickled in turn: one bytes value each keeps that cheap.
        h = hashlib.blake2b(type(obj).__name__.encode(), digest_size=16)
        for f in _ENTITY_FILES[type(obj)](obj):
            # A file without a digest matches nothing: its pages render again (and no key is carried).
            got = self.digests.get(f)
            if got is None:
                self._unkeyed = True
            h.update(b"\0" + f.encode() + b"\0" + (got or os.urandom(16)))
        key = h.digest()
        self._entities[id(obj)] = key
        for part, value in _parts(obj, key):
            self._entities[id(value)] = part
        if isinstance(obj, Journey):
            for jp in obj.phases:
                self._register(jp)

    def _forget(self, obj: object) -> None:
        """Drop what `_register` noted of an object of the last catalog that this one does not hold."""
        if obj is None:
            return
        self._entities.pop(id(obj), None)
        for _, value in _parts(obj, b""):
            self._entities.pop(id(value), None)
        if isinstance(obj, Journey):
            for jp in obj.phases:
                self._forget(jp)

    # --- reads ---

    def read(self, read: Read) -> bytes:
        """The fingerprint of what `read` gives on this catalog."""
        return self._read(read)[1]

    def _read(self, read: Read) -> tuple[Read, bytes]:
        # One (read, fingerprint) pair per distinct read: the pages that make the same read share it.
        key = _read_key(read, self)
        got = self._reads.get(key)
        if got is None:
            try:
                value = _evaluate(self.catalog, read)
                fp = self._flat((value,)) or self.of(value)
            except Untracked:
                raise
            except Exception:  # a query that fails compares equal to nothing: the page renders again
                fp = os.urandom(16)
            got = self._reads[key] = (read, fp)
        return got

    def inputs(self, render: Callable, reads: list[Read]) -> PageInputs:
        return PageInputs(self.of(render), tuple(self._read(r) for r in reads))

    def unchanged(self, render: Callable, before: PageInputs) -> bool:
        """Whether a render with these arguments, on this catalog, reads what the recorded one read: the
        rule for one page (while serving, plugin/read_index.py asks it of all pages at once)."""
        return self.same_arguments(render, before) and not any(self.reads_otherwise(pair) for pair in before.reads)

    def same_arguments(self, render: Callable, before: PageInputs) -> bool:
        try:
            return self.of(render) == before.arguments
        except (Untracked, pickle.PicklingError, TypeError, AttributeError):
            return False

    def reads_otherwise(self, pair: tuple[Read, bytes]) -> bool:
        """Whether a recorded (read, fingerprint) pair gives another fingerprint on this catalog."""
        read, fp = pair
        try:
            return self.read(read) != fp
        except (Untracked, pickle.PicklingError, TypeError, AttributeError):
            return True


_GETTERS: dict[type, tuple[tuple[str, ...], Callable[[Any], Any]]] = {}


def _fields(t: type) -> tuple[tuple[str, ...], Callable[[Any], Any]]:
    """A slotted record type's field names, and a getter of their values."""
    got = _GETTERS.get(t)
    if got is None:
        names = tuple(f.name for f in dataclasses.fields(t))
        get = operator.attrgetter(*names) if names else (lambda obj: ())
        got = _GETTERS[t] = (names, (lambda obj: (get(obj),)) if len(names) == 1 else get)
    return got


def _values(obj: object) -> tuple:
    """A record's attribute values: every one it holds (a __dict__), or its fields (slots)."""
    d = getattr(obj, "__dict__", None)
    return tuple(d.values()) if d is not None else _fields(type(obj))[1](obj)


def _items(obj: object) -> Iterable[tuple[str, object]]:
    d = getattr(obj, "__dict__", None)
    if d is not None:
        return d.items()
    names, get = _fields(type(obj))
    return zip(names, get(obj), strict=True)


def _parts(obj: object, key: bytes) -> Iterator[tuple[bytes, object]]:
    """The parts of a content object that pages pass around, each with its key under the object's."""
    for name, value in _items(obj):
        part = key + b"/" + name.encode()
        if value == ():  # the one empty tuple is everybody's: never a part of this object
            continue
        if isinstance(value, list | tuple):
            yield part, value
            for i, item in enumerate(value):
                if hasattr(item, "__dataclass_fields__"):
                    yield part + b"/%d" % i, item
        elif isinstance(value, dict) or hasattr(value, "__dataclass_fields__"):
            yield part, value


def _journey_files(j: Journey) -> list[str]:
    return [j.source.file] + [jp.source.file for jp in j.phases]


def _phase_files(jp: JourneyPhase) -> list[str]:
    # A phase file lives beside its journey's index.md, which may set what the phase inherits.
    folder = jp.source.file.rsplit("/", 1)[0]
    return [jp.source.file, f"{folder}/index.md"]


_ENTITY_FILES: dict[type, Callable[[Any], list[str]]] = {
    Journey: _journey_files,
    JourneyPhase: _phase_files,
    Persona: lambda p: [p.source.file],
    Touchpoint: lambda t: [t.source.file],
}


_SCALARS = frozenset({str, int, float, bool, type(None), bytes})


class _Pickler(pickle.Pickler):
    """Pickles a value with content objects, the build's own objects and functions replaced by what
    identifies them, so that equal inputs pickle to equal bytes. Plain values, lists, tuples and dicts
    are pickled by the C pickler itself (reducer_override is not asked about them): only other objects
    cost a call here."""

    def __init__(self, file: io.BytesIO, prints: Fingerprints):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.prints = prints
        self.entities = prints.entities()
        self.kinds = prints.kinds

    def reducer_override(self, obj: object) -> Any:
        t = type(obj)
        kind = self.kinds.get(t)
        if kind is None:
            kind = self.kinds[t] = self.prints.kind_of(t)
        if kind is _PLAIN or obj is _ref:
            return NotImplemented
        entity = self.entities.get(id(obj))
        if entity is not None:
            return _ref, ("content", entity)
        if kind is _RECORD:
            return _ref, ("record", self.prints.of_record(obj))
        if kind is _MARKUP:
            return _ref, ("Markup", str(obj))
        if kind is _SHARED:
            return _ref, ("shared", t.__qualname__)
        if kind is _FUNCTION:
            cells = tuple(c.cell_contents for c in obj.__closure__ or ())  # type: ignore[attr-defined]
            return _ref, ("fn", obj.__module__, obj.__qualname__, cells, obj.__defaults__, obj.__kwdefaults__)  # type: ignore[attr-defined]
        if kind is _METHOD:
            return _ref, ("method", obj.__func__.__module__, obj.__func__.__qualname__, obj.__self__)  # type: ignore[attr-defined]
        if kind is _PARTIAL:
            return _ref, ("partial", obj.func, obj.args, obj.keywords)  # type: ignore[attr-defined]
        if kind is _CATALOG:
            raise Untracked(t.__name__)
        return NotImplemented  # another object: pickled as it is


def _ref(*identity: object) -> None:
    """What a replaced object pickles as: a call of this function with what identifies it (never made)."""


_PLAIN, _CONTAINER, _RECORD, _SHARED, _FUNCTION, _METHOD, _PARTIAL, _CATALOG, _MARKUP = (object() for _ in range(9))
_NO = object()  # what _plain() gives for a value marshal cannot stand for


def _read_key(read: Read, prints: Fingerprints) -> Any:
    """A read as a dictionary key: a query with other than plain arguments by their fingerprint."""
    if read[0] == "call":
        _, name, args, kwargs = read
        if kwargs or not all(type(a) in _SCALARS for a in args):
            return ("call", name, prints.of((args, kwargs)))
    return read


def untouched(reads: Iterable[Read], change: CatalogChange | None) -> bool:
    """Whether none of `reads` can give otherwise after `change` (False when no change is known)."""
    return change is not None and not any(_touched(r, change) for r in reads)


def _touched(read: Read, change: CatalogChange) -> bool:
    """Whether what `read` gives may differ after `change`."""
    return change.moves(read_dependencies(read))


def read_dependencies(read: Read) -> tuple[Dependency, ...] | None:
    """What a change must move for `read` to give otherwise (catalog_change.py); None: any change."""
    op = read[0]
    if op in ("field", "has", "get"):
        return key_dependencies(read[1], read[2])
    if op == "all":
        return (("walk", read[1], None),)
    if op == "call":
        _, name, args, kwargs = read
        return None if kwargs else query_dependencies(name, args)
    return None


def _evaluate(c: Catalog, read: Read) -> object:
    op, name, *rest = read
    if op == "field":
        obj = getattr(c, name).get(rest[0], _Absent)
        return getattr(obj, rest[1], _Absent)
    if op == "has":
        return rest[0] in getattr(c, name)
    if op == "get":
        return getattr(c, name).get(rest[0], _Absent)
    if op == "all":
        return list(getattr(c, name).items())
    if op == "call":
        args, kwargs = rest
        return getattr(c, name)(*args, **dict(kwargs))
    return getattr(c, name)


class _Absent:
    """What a lookup of a missing key gives (a class: it pickles by name)."""


class _ReadLog:
    """Reads in first-read order, each once (a query whose arguments cannot be hashed, each time)."""

    def __init__(self) -> None:
        self.seen: dict[Read, None] = {}
        self.unhashable: list[Read] = []

    def note(self, read: Read) -> None:
        try:
            self.seen[read] = None
        except TypeError:
            self.unhashable.append(read)

    def reads(self) -> list[Read]:
        return [*self.seen, *self.unhashable]


class RecordingCatalog:
    """The catalog as a page's render sees it: every read is noted in the log."""

    def __init__(self, catalog: Catalog, log: _ReadLog):
        self._catalog = catalog
        self._log = log
        self.phases = catalog.phases  # the site's phase model is configuration, not content
        for name in ("journeys", "personas", "touchpoints", "actuals"):
            setattr(self, name, _RecordingMap(name, getattr(catalog, name), log))

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._catalog, name)
        log = self._log
        if not callable(value):
            log.note(("attr", name, None))
            return value

        def query(*args: Any, **kwargs: Any) -> Any:
            log.note(("call", name, args, tuple(sorted(kwargs.items()))))
            return value(*args, **kwargs)

        return query


class _RecordingMap(Mapping):
    """A collection of the catalog: a lookup gives the object with each of its fields read on its own
    (a page that shows a persona's name does not change with her quote), a membership test is a read
    of the key, a walk a read of every object."""

    def __init__(self, name: str, data: dict, log: _ReadLog):
        self._name, self._data, self._log = name, data, log

    def __getitem__(self, key: str) -> Any:
        return self._seen(key, self._data[key])

    def get(self, key: str, default: Any = None) -> Any:
        got = self._data.get(key)
        if got is None:
            self._log.note(("has", self._name, key))
            return default
        return self._seen(key, got)

    def _seen(self, key: str, value: Any) -> Any:
        if type(value) in _ENTITY_FILES:
            return _Fields(self._name, key, value, self._log)
        self._log.note(("get", self._name, key))  # a value of another kind (a series of actuals): read whole
        return value

    def __contains__(self, key: object) -> bool:
        self._log.note(("has", self._name, key))
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        self._log.note(("all", self._name))
        return iter(self._data)

    def __len__(self) -> int:
        self._log.note(("all", self._name))
        return len(self._data)

    def keys(self) -> Any:
        self._log.note(("all", self._name))
        return self._data.keys()

    def values(self) -> Any:
        self._log.note(("all", self._name))
        return self._data.values()

    def items(self) -> Any:
        self._log.note(("all", self._name))
        return self._data.items()


class _Fields:
    """An object looked up in the catalog during a render: reading a field is a read of that field."""

    __slots__ = ("_collection", "_key", "_obj", "_log")

    def __init__(self, collection: str, key: str, obj: object, log: _ReadLog):
        self._collection, self._key, self._obj, self._log = collection, key, obj, log

    def __getattr__(self, name: str) -> Any:
        self._log.note(("field", self._collection, self._key, name))
        return getattr(self._obj, name)


def record(render: Callable[[], Any], catalog: Catalog, holders: list) -> tuple[Any, list[Read]]:
    """Call `render` while every holder's `c` is a RecordingCatalog; its result and what it read."""
    log = _ReadLog()
    seen = RecordingCatalog(catalog, log)
    for h in holders:
        h.c = seen
    try:
        return render(), log.reads()
    finally:
        for h in holders:
            h.c = catalog
