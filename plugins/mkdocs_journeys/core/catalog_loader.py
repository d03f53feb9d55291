"""Load the content folders into a Catalog: read, validate, resolve references.

Every problem of one run goes into one Report; nothing raises on bad content.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from mkdocs_journeys.core import check_records, ids, teams
from mkdocs_journeys.core import problems as P
from mkdocs_journeys.core.actuals import Actual, actuals_digest, parse_condition, read_all
from mkdocs_journeys.core.changed_files import ChangedFiles
from mkdocs_journeys.core.check_records import JourneyRecord, Outline
from mkdocs_journeys.core.model import (
    Branch,
    Catalog,
    Condition,
    DataPoints,
    Impact,
    Journey,
    JourneyPhase,
    Kpi,
    Money,
    Persona,
    PhaseDef,
    Signal,
    Source,
    Step,
    Touchpoint,
    phase_kpi_key,
    touchpoint_kpi_key,
)
from mkdocs_journeys.core.parse_cache import FileOutcome, Listing, Made, ParseCache, digest, fingerprint, user_key
from mkdocs_journeys.core.schema import (
    DEFAULT_CURRENCIES,
    FILE_KINDS,
    KPI_DIRECTIONS,
    fmt_path,
    guess_kind,
    validate,
)
from mkdocs_journeys.core.source_files import SourceDoc, parse_bytes, read_content, stat_content, walk_markdown
from mkdocs_journeys.core.teams import Mention


@dataclass
class Settings:
    root: Path  # project root; messages name files relative to it
    phases: list[PhaseDef]
    journeys_dir: str = "journeys"
    personas_dir: str = "personas"
    touchpoints_dir: str = "touchpoints"
    actuals_dir: str = "actuals"
    currencies: tuple[str, ...] = DEFAULT_CURRENCIES
    max_file_size: int = 512 * 1024
    language: str = "en"  # the site's language: messages are written in it
    cache_dir: Path | None = None  # where parsed files are kept between runs (None: parse every file every run)

    def folders(self) -> dict[str, Path]:
        return {k: (self.root / getattr(self, f"{k}_dir")) for k in ("journeys", "personas", "touchpoints")}


@dataclass
class LoadResult:
    catalog: Catalog
    report: P.Report
    files: list[str] = field(default_factory=list)  # every content file read (absolute paths)
    lines: dict[str, Mapping] = field(default_factory=dict)  # file -> {field path: line}, to locate health findings
    # Health rules need every file: references from files that failed to load, by kind (touchpoints delivered, ...)
    raw_deliverables: set[str] = field(default_factory=set)
    orphans: set[str] = field(default_factory=set)  # phase files whose journey failed to load
    digests: dict[str, bytes] = field(default_factory=dict)  # content file -> digest of the bytes read
    # A check that keeps journey records (`check(records=True)`): the journeys taken from them, which
    # are counted but not in the catalog, and what the health rules need of them.
    recorded: dict[str, JourneyRecord] = field(default_factory=dict)

    @property
    def journey_count(self) -> int:
        return len(self.catalog.journeys) + len(self.recorded)


@dataclass(frozen=True, slots=True)
class _LoadedFolder:
    """A journey folder that loaded without a problem: its files as walked, what each made (its index.md
    first, then its phases as read), the journey and its outline. Few objects: they live while serving."""

    paths: list[str]
    made: tuple[Made, ...]
    journey: Journey
    outline: Outline


def load_catalog(settings: Settings, cache: ParseCache | None = None) -> LoadResult:
    """The catalog from the content folders. `cache` (or one in settings.cache_dir) skips parsing unchanged files."""
    return _load(settings, cache)


def _load(
    settings: Settings,
    cache: ParseCache | None,
    records: bool = False,
    then: Callable[[_CatalogBuild, LoadResult], None] | None = None,
    changed: ChangedFiles | None = None,
) -> LoadResult:
    if cache is None and settings.cache_dir is not None:
        cache = open_cache(settings, remember_models=False)  # this run only: no model objects kept for a next
    if cache is not None:
        cache.begin(cache_fingerprint(settings))
        if records:
            cache.use_records()
    build = _CatalogBuild(settings, cache, changed)
    result = build.run()
    if then is not None:
        then(build, result)  # before the cache is written: records are made from the health findings
    if cache is not None:
        cache.finish()
    return result


def open_cache(settings: Settings, remember_models: bool = True) -> ParseCache:
    """The parse cache in settings.cache_dir (in memory only without a folder or a user key)."""
    folder = settings.cache_dir
    return ParseCache(folder, user_key() if folder is not None else None, remember_models)


def cache_fingerprint(settings: Settings) -> str:
    """What a file's cached outcome may depend on besides its bytes, its name and its kind: every
    setting (a new one included) but where the project and the cache are."""
    return fingerprint(*[(f.name, getattr(settings, f.name)) for f in fields(settings) if f.name not in _NOT_READ])


_NOT_READ = ("root", "cache_dir")  # messages name files relative to the root; the outcome never holds it


def check(
    settings: Settings,
    rule_levels: dict[str, str] | None = None,
    cache: ParseCache | None = None,
    records: bool = False,
    changed: ChangedFiles | None = None,
) -> LoadResult:
    """Load, then run the health rules, at the configured severities. Build and CLI share this.

    `changed`: while serving, every change the file watcher saw since the last load through `cache`
    (core/changed_files.py); the files it leaves alone are taken as they were without a look at each.

    With `records` (the CLI's check, which needs the problems, not the model) and a cache, a journey
    whose files and context did not change since the last such check is taken from its record instead
    of being loaded (core/check_records.py): the catalog then holds only the journeys loaded."""
    from mkdocs_journeys.core import health

    def findings(build: _CatalogBuild, result: LoadResult) -> None:
        # Findings beside errors: every file that loaded without errors is checked; the others are listed.
        unchecked = result.report.files_with_errors() | result.orphans
        made: dict[str, list[P.Problem]] = {}
        mentions = build.mentions(result.lines) if result.recorded else None
        health.findings(
            result.catalog,
            result.report,
            lines=result.lines,
            skip=unchecked,
            delivered_elsewhere=result.raw_deliverables.union(*(r.deliverables for r in result.recorded.values())),
            mentions=mentions,
            each=made.__setitem__ if records else None,
        )
        for rec in result.recorded.values():
            result.report.extend(rec.findings)
        build.keep_records(made, lambda file, path: health.line_in(result.lines.get(file, {}), path), unchecked)
        result.report.unchecked = sorted(f for f in unchecked if f.endswith(".md"))

    result = _load(settings, cache, records, findings, changed)
    result.report.apply_levels(health.levels(rule_levels or {}))
    return result


class _CatalogBuild:
    def __init__(self, settings: Settings, cache: ParseCache | None = None, changed: ChangedFiles | None = None):
        self.s = settings
        self.cache = cache
        self.root_prefix = settings.root.as_posix().rstrip("/") + "/"
        self.digests: dict[str, bytes] = {}
        self.report = P.Report(language=settings.language, phases=tuple(p.id for p in settings.phases))
        self.words = P.messages(settings.language)
        self.catalog = Catalog(phases=list(settings.phases))
        self.files: list[str] = []
        self.phase_ids = [p.id for p in settings.phases]
        # kept for messages in resolve(): journey id -> index doc, (journey, phase) -> phase doc
        self.journey_docs: dict[str, SourceDoc] = {}
        self.phase_docs: dict[tuple[str, str], SourceDoc] = {}
        # Ids of files that exist but failed to load -> the file: references to them are folded into its problem.
        kinds = ("persona", "touchpoint", "journey", "KPI", "phase")
        self.broken: dict[str, dict[str, str]] = {kind: {} for kind in kinds}
        self.raw_deliverables: set[str] = set()  # touchpoints that phases which failed to load deliver
        self.broken_usage = False  # a broken journey may use personas we cannot see
        self.raw_personas: set[str] = set()  # personas named by journeys that failed to load
        self.flat_lines: dict[str, Mapping] = {}  # persona and touchpoint file -> line map
        self.orphans: set[str] = set()  # phase files of journeys whose index.md failed to load
        # (journey, phase) -> signal index -> its `when` as written (the front-matter is dropped after loading)
        self.raw_conditions: dict[tuple[str, str], dict[int, object]] = {}
        # Every journey, loaded or taken from its record, in the order of the folders: what references
        # to journeys can name and check.
        self.outlines: dict[str, Outline] = {}
        # A check that keeps journey records (core/check_records.py):
        self.records = cache is not None and cache.records_used is not None
        self.deferred: dict[str, tuple[str, list[str], str, JourneyRecord]] = {}  # records whose files match
        self.recorded: dict[str, JourneyRecord] = {}  # records taken: their journeys are not loaded
        self.journey_files: dict[str, tuple[str, list[str], str]] = {}  # journey -> folder, files, index.md
        self.loaded_clean: set[str] = set()  # journeys whose files loaded without a problem
        self.resolved_clean: set[str] = set()  # ... and whose references resolved without one
        self.actuals_digest = b""
        # The files that may differ from the last run's (None: any): the others are taken as the cache
        # last saw them, without asking each for its status; each folder listed as it last was.
        self.may_differ = self.told(changed)

    def told(self, changed: ChangedFiles | None) -> frozenset[str] | None:
        if changed is None or self.cache is None or self.records or not self.cache.models.remember:
            return None
        listed: frozenset[str] = frozenset()
        for folder in self.s.folders().values():
            last = self.cache.models.listing(os.fspath(folder))
            if last is None:
                return None
            listed |= last.rels
        return changed.unlisted(listed)

    def unchanged(self, rel: str) -> bool:
        """Whether the watcher vouches that the file holds the bytes it held in the last run."""
        return self.may_differ is not None and rel not in self.may_differ

    def listing(self, folder: Path) -> list[str]:
        """The Markdown files of a content folder (walk_markdown), as the last run listed them when the
        watcher saw nothing come or go."""
        key = os.fspath(folder)
        models = self.cache.models if self.cache is not None else None
        if models is not None and self.may_differ is not None:
            last = models.listing(key)
            if last is not None:
                models.keep_listing(key, last)
                return list(last.paths)
        mark, links = self.mark(), list[str]()
        paths = walk_markdown(folder, self.s.root, self.report, links)
        if models is not None and mark == self.mark() and not links and os.path.isdir(folder):
            models.keep_listing(key, Listing(tuple(paths), frozenset(self.rel(p) for p in paths)))
        return paths

    def rel(self, p: str | Path) -> str:
        # String prefix instead of Path.relative_to: this runs for every file of every run.
        text, root = os.fspath(p).replace(os.sep, "/"), self.root_prefix
        if text.startswith(root):
            return text[len(root) :]
        return "." if text + "/" == root else text

    def read(self, path: str, kind: str, context: object = None) -> tuple[SourceDoc, dict] | Made | None:
        """The file's document and validated data; or, for a file the last run made an object of and
        that has not changed since (nor has `context`, what else the object was made with), that."""
        self.files.append(path)
        rel = self.rel(path)
        # A file the watcher vouches for is taken by the status the cache last saw (st None).
        vouched = self.cache is not None and self.unchanged(rel)
        st = None if vouched else stat_content(path, rel, self.report, self.s.max_file_size)
        if self.cache is not None and (vouched or st is not None):
            unread = self.cache.known_digest(rel, kind, st)
            made = self.cache.models.get(rel, unread, context) if unread is not None else None
            if made is not None:
                self.cache.note_unread(rel)
                self.cache.vouched += vouched
                self.digests[rel] = made.digest
                return made
        if vouched:  # no object of it to take: looked at as without the watcher
            st = stat_content(path, rel, self.report, self.s.max_file_size)
        known = self.cache.unchanged(rel, kind, st, path) if self.cache is not None and st is not None else None
        if known is not None:
            self.digests[rel], got = known
        else:
            raw = read_content(path, rel, self.report) if st is not None else None
            if raw is None:
                self.mark_broken(kind, path, None)
                return None
            self.digests[rel] = digest(raw)
            if self.cache is not None:
                made = self.cache.models.get(rel, self.digests[rel], context)
                if made is not None:  # read (a recent status is not trusted), and the same bytes as last time
                    self.cache.note_read(rel, made.digest, st)
                    return made
                got = self.cache.outcome(
                    rel, kind, raw, lambda: self.read_file(path, rel, kind, raw), path, self.digests[rel], st
                )
            else:
                got = self.read_file(path, rel, kind, raw)
        self.report.extend(got.problems)
        if got.data is None:
            self.mark_broken(kind, path, got.doc)
            return None
        assert got.doc is not None
        return got.doc, got.data

    def mark(self) -> tuple[int, int]:
        """How many problems and broken parts were noted so far: a file is clean when loading it left this as it was."""
        return len(self.report.problems), sum(len(b) for b in self.broken.values())

    def keep(self, made: object, doc: SourceDoc, mark: tuple[int, int], context=None, extra=None) -> None:
        """Keep what a clean file made (no problem noted since `mark`), for the next run (see ParseCache.models)."""
        if self.cache is not None and mark == self.mark():
            self.cache.models.keep(doc.rel, Made(self.digests[doc.rel], context, made, doc, extra))

    def read_file(self, path: str, rel: str, kind: str, raw: bytes) -> FileOutcome:
        """Parse and validate one file on its own: what it gives depends on its bytes, name and kind only."""
        report = P.Report(language=self.s.language, phases=self.report.phases)
        doc = parse_bytes(path, rel, raw, report)
        if doc is None:
            return FileOutcome(None, None, report.problems)
        guessed = guess_kind(doc.data) if isinstance(doc.data, dict) else None
        if guessed and guessed != kind and not (kind == "phase" and guessed == "journey"):
            where = FILE_KINDS[guessed].location
            report.add(
                P.KIND_MISMATCH,
                doc.rel,
                "kind-mismatch",
                line=1,
                guessed=self.noun(guessed),
                noun=self.noun(kind),
                where=where,
            )
            return FileOutcome(doc, None, report.problems)
        data, ok = validate(doc, kind, report, self.s.currencies)
        return FileOutcome(doc, data if ok else None, report.problems)

    def mark_broken(self, kind: str, path: str, doc: SourceDoc | None) -> None:
        if kind == "phase":
            self.broken["phase"][f"{_folder_name(path)}.{_stem(path)}"] = self.rel(path)
            raw = doc.data.get("impact_map") if doc is not None and isinstance(doc.data, dict) else None
            for item in raw if isinstance(raw, list) else []:
                got = item.get("deliverables") if isinstance(item, dict) else None
                self.raw_deliverables.update(d for d in (got if isinstance(got, list) else [got]) if isinstance(d, str))
        elif kind in self.broken:
            self.broken[kind].setdefault(self.file_id_quiet(path, kind == "journey"), self.rel(path))
        if kind == "journey":
            personas = doc.data.get("personas") if doc is not None and isinstance(doc.data, dict) else None
            if isinstance(personas, list):
                self.raw_personas.update(p for p in personas if isinstance(p, str))
            else:
                self.broken_usage = True

    @staticmethod
    def file_id_quiet(path: str, journey: bool = False) -> str:
        """The id a file stands for: its name, or for a journey's index.md its folder's name."""
        return _folder_name(path) if journey else _stem(path)

    def file_id(self, path: str, journey: bool = False) -> str | None:
        stem = self.file_id_quiet(path, journey)
        if stem in ids.RESERVED:
            self.report.add(P.INVALID_ID, self.rel(path), "invalid-id.reserved", line=1, hint=f"{stem}-1", stem=stem)
            return None
        if not ids.is_id(stem):
            self.report.add(
                P.INVALID_ID,
                self.rel(path),
                "invalid-id.file",
                line=1,
                hint=ids.suggest(stem),
                stem=stem,
                max=ids.MAX_LENGTH,
            )
            return None
        return stem

    # --- the steps ---

    def run(self) -> LoadResult:
        folders = self.s.folders()
        for name, folder in folders.items():
            if not folder.is_dir():
                self.report.add(P.MISSING_FOLDER, self.rel(folder), "missing-folder", name=name)
        self.load_flat("persona", folders["personas"], self.catalog.personas, self.make_persona)
        self.load_flat("touchpoint", folders["touchpoints"], self.catalog.touchpoints, self.make_touchpoint)
        self.load_journeys(folders["journeys"])
        self.settle_records()
        self.resolve()
        self.load_actuals()
        lines = {doc.rel: doc.lines for doc in self.journey_docs.values()}
        lines.update({doc.rel: doc.lines for doc in self.phase_docs.values()})
        lines.update(self.flat_lines)
        return LoadResult(
            self.catalog,
            self.report,
            self.files,
            lines,
            self.raw_deliverables,
            self.orphans,
            self.digests,
            self.recorded,
        )

    def noun(self, kind: str) -> str:
        return self.words.word("noun", kind)

    def load_flat(self, kind: str, folder: Path, into: dict, make) -> None:
        paths = self.listing(folder)
        top = os.fspath(folder)
        twins = self.case_twins([p for p in paths if os.path.dirname(p) == top], _stem)
        for path in paths:
            if os.path.dirname(path) != top:
                self.files.append(path)
                self.report.add(
                    P.WRONG_FOLDER,
                    self.rel(path),
                    "wrong-folder.flat",
                    line=1,
                    noun=self.noun(kind),
                    folder=self.rel(folder),
                    target=f"{self.rel(folder)}/{os.path.basename(path)}",
                )
                continue
            if path in twins:
                self.files.append(path)
                continue
            fid = self.file_id(path)
            mark = self.mark()
            got = self.read(path, kind)
            if fid is None or got is None:
                continue
            doc, data = (got.doc, None) if isinstance(got, Made) else got
            self.flat_lines[doc.rel] = doc.lines
            if fid in into:
                self.report.add(
                    P.DUPLICATE_ID,
                    doc.rel,
                    "duplicate-id.file",
                    line=1,
                    related=(P.Place(into[fid].source.file, 1),),
                    noun=self.noun(kind),
                    id=fid,
                    other=into[fid].source.file,
                )
                continue
            if isinstance(got, Made):
                into[fid] = got.made
            else:
                into[fid] = obj = make(fid, doc, data)
                self.keep(obj, doc, mark)

    def case_twins(self, paths: list[str], name_of) -> set[str]:
        """Files or folders whose names differ only in case from a valid id's: one duplicate-id problem
        names them all (rather than an invalid id whose did-you-mean is the file that exists)."""
        groups: dict[str, list[str]] = {}
        for p in paths:
            groups.setdefault(name_of(p).lower(), []).append(p)
        out: set[str] = set()
        for key, group in groups.items():
            if len(group) < 2 or not ids.is_id(key):
                continue
            keep = next((p for p in group if name_of(p) == key), None)
            others = [p for p in group if p is not keep]
            for p in others:
                other = keep or next(q for q in group if q is not p)
                self.report.add(
                    P.DUPLICATE_ID,
                    self.rel(p),
                    "duplicate-id.case",
                    line=1,
                    related=(P.Place(self.rel(other), 1),),
                    name=self.rel(p),
                    other=self.rel(other),
                    id=key,
                )
                out.add(p)
        return out

    def make_persona(self, pid: str, doc: SourceDoc, d: dict) -> Persona:
        return Persona(
            id=pid,
            source=Source(doc.rel),
            name=d["name"],
            role=d["role"],
            segment=d.get("segment", ""),
            quote=d.get("quote", ""),
            jobs=d.get("jobs", []),
            pains=d.get("pains", []),
            gains=d.get("gains", []),
            empathy=d.get("empathy", {}),
            value_fit=d.get("value_fit", {}),
            channels=d.get("channels", []),
            body=doc.body,
        )

    def make_touchpoint(self, tid: str, doc: SourceDoc, d: dict) -> Touchpoint:
        kpis = self.make_kpis(doc, d.get("kpis", []), ("kpis",))
        return Touchpoint(
            id=tid,
            source=Source(doc.rel),
            name=d["name"],
            channel=d["channel"],
            kind=d["kind"],
            owner=d.get("owner", ""),
            kpis=kpis,
            body=doc.body,
        )

    def make_kpis(self, doc: SourceDoc, items: list[dict], path: tuple) -> list[Kpi]:
        out: list[Kpi] = []
        for i, k in enumerate(items):
            if k is None:
                raw = _raw_item(doc, path[0], i)
                if isinstance(raw.get("id"), str):
                    self.broken["KPI"][f"{doc.rel}#{raw['id']}"] = doc.rel
                continue
            if any(o.id == k["id"] for o in out):
                first_at = next(j for j, o in enumerate(items) if o is not None and o["id"] == k["id"])
                first = doc.line(path + (first_at, "id"))
                self.report.add(
                    P.DUPLICATE_ID,
                    doc.rel,
                    "duplicate-id.kpi",
                    field=f"{path[0]}[{i}].id",
                    line=doc.line(path + (i, "id")),
                    related=(P.Place(doc.rel, first, None),),
                    id=k["id"],
                    first=first,
                )
                continue
            out.append(
                Kpi(
                    id=k["id"],
                    name=k["name"],
                    target=k.get("target"),
                    unit=k.get("unit", ""),
                    source=k.get("source", ""),
                    owner=k.get("owner", ""),
                    better=k.get("better", KPI_DIRECTIONS[0]),
                )
            )
        return out

    def load_journeys(self, folder: Path) -> None:
        by_dir: dict[str, list[str]] = {}  # a journey's folder -> its files
        top = os.fspath(folder)
        for path in self.listing(folder):
            parent = os.path.dirname(path)
            found = by_dir.get(parent)
            if found is not None:
                found.append(path)
                continue
            if parent == top:
                self.files.append(path)
                self.report.add(
                    P.WRONG_FOLDER,
                    self.rel(path),
                    "wrong-folder.journey-file",
                    line=1,
                    target=f"{self.rel(folder)}/{_stem(path)}/index.md",
                )
                continue
            if os.path.dirname(parent) != top:
                self.files.append(path)
                first = os.path.relpath(parent, top).split(os.sep)[0]
                target = f"{self.rel(folder)}/{first}/{os.path.basename(path)}"
                self.report.add(P.WRONG_FOLDER, self.rel(path), "wrong-folder.journey-subfolder", line=1, target=target)
                continue
            by_dir[parent] = [path]
        indexes = {
            d: next((p for p in paths if os.path.normcase(os.path.basename(p)) == "index.md"), None)
            for d, paths in by_dir.items()
        }
        twins = self.case_twins([p for p in indexes.values() if p is not None], _folder_name)
        for jdir, paths in sorted(by_dir.items()):
            if indexes[jdir] in twins:
                self.files.extend(paths)
                continue
            self.load_journey(jdir, paths, indexes[jdir])

    def load_journey(self, jdir: str, paths: list[str], index: str | None) -> None:
        if index is None:
            index_file = os.path.join(jdir, "index.md")
            self.report.add(P.MISSING_INDEX, self.rel(jdir), "missing-index", index=self.rel(index_file))
            return
        if self.records:
            rec = self.record_of(jdir, paths)
            if rec is not None:  # its files are the record's: taken in settle_records() if its context is too
                self.deferred[rec.outline.id] = (jdir, paths, index, rec)
                self.outlines[rec.outline.id] = rec.outline
                return
        self.load_journey_files(jdir, paths, index)

    def load_journey_files(self, jdir: str, paths: list[str], index: str) -> None:
        if self.take_folder(jdir, paths):
            return
        jid = self.file_id(index, journey=True)
        mark = self.mark()
        got = self.read(index, "journey")
        # A phase is made with its journey's id and index.md (what its steps inherit).
        folder_name = os.path.basename(jdir)
        context = (jid or folder_name, self.digests.get(self.rel(index)))
        phases: dict[str, JourneyPhase] = {}
        for path in sorted(p for p in paths if p is not index):
            jp = self.load_phase(jid or folder_name, path, context)
            if jp is None:
                continue
            if jp.phase in phases:
                first = phases[jp.phase].source
                self.report.add(
                    P.DUPLICATE_PHASE,
                    jp.source.file,
                    "duplicate-phase",
                    field="phase" if jp.source.line else None,
                    line=jp.source.line or 1,
                    related=(P.Place(first.file, first.line or 1),),
                    phase_id=jp.phase,
                    other=first.file,
                )
                continue
            phases[jp.phase] = jp
        if jid is None or got is None:
            # the phases of a journey that failed to load cannot be checked by the health rules either
            self.orphans.update(self.rel(p) for p in paths if p is not index)
            return
        doc, d = (got.doc, got.extra) if isinstance(got, Made) else got
        assert isinstance(d, dict)
        if not phases and not any(os.path.basename(p) != "index.md" for p in paths):
            self.report.add(
                P.NO_PHASES, doc.rel, "no-phases", line=1, files=", ".join(f"{p}.md" for p in self.phase_ids)
            )
        ordered = sorted(phases.values(), key=lambda p: self.phase_ids.index(p.phase))
        kept = got.made if isinstance(got, Made) else None
        if isinstance(kept, Journey) and list(map(id, kept.phases)) == list(map(id, ordered)):
            j = kept  # the same index.md and the same phase objects
        else:
            j = self.make_journey(jid, doc, d, ordered)
            self.keep(j, doc, mark, extra=d)
        self.add_journey(j, doc, (jdir, paths, index), Outline.of(j))
        if mark == self.mark():
            self.loaded_clean.add(jid)
            self.keep_folder(jdir, paths, index, j)

    def keep_folder(self, jdir: str, paths: list[str], index: str, j: Journey) -> None:
        """Keep what a journey folder that loaded cleanly gave, for a next run to take as a whole."""
        if self.cache is None or not self.cache.models.remember:
            return
        made = []
        for path in [index, *sorted(p for p in paths if p is not index)]:  # the order they were read in
            got = self.cache.models.made_now(self.rel(path))
            if got is None:
                return
            made.append(got)
        if made[0].made is j:
            self.cache.models.keep_folder(jdir, _LoadedFolder(list(paths), tuple(made), j, self.outlines[j.id]))

    def take_folder(self, jdir: str, paths: list[str]) -> bool:
        """While serving: take the journey of a folder whose files are the ones the last run loaded
        cleanly, each with the bytes it had (as its status tells; see ParseCache.known_digest), as a
        whole. Each of its files would give the object it gave then (`read`): this skips asking."""
        if self.cache is None or self.records:
            return False
        last = self.cache.models.folder(jdir)
        if not isinstance(last, _LoadedFolder) or last.paths != paths:
            return False
        cache, index = self.cache, last.made[0]
        vouched = 0
        for made in last.made:
            st = None
            if self.unchanged(made.doc.rel):
                vouched += 1
            else:
                try:
                    st = os.stat(made.doc.path)
                except OSError:
                    return False
            if cache.known_digest(made.doc.rel, "journey" if made is index else "phase", st) != made.digest:
                return False
        j = last.journey
        for made in last.made:
            rel = made.doc.rel
            self.files.append(made.doc.path)
            self.digests[rel] = made.digest
            cache.note_unread(rel)
            cache.models.take(rel, made)
            if made is not index:
                self.add_phase(j.id, made)
        self.add_journey(j, index.doc, (jdir, paths, index.doc.path), last.outline)
        self.loaded_clean.add(j.id)
        cache.models.keep_folder(jdir, last)
        cache.vouched += vouched
        return True

    def add_journey(self, j: Journey, doc: SourceDoc, files: tuple[str, list[str], str], outline: Outline) -> None:
        """A journey loaded, or taken whole: what the later steps read of it (its index.md, its folder's
        files, its outline for references)."""
        self.journey_docs[j.id] = doc
        self.journey_files[j.id] = files
        self.catalog.journeys[j.id] = j
        self.outlines[j.id] = outline

    def add_phase(self, jid: str, made: Made) -> JourneyPhase:
        """A phase taken from the last load: its document and its signals' conditions as written."""
        jp = made.made
        assert isinstance(jp, JourneyPhase) and isinstance(made.extra, dict)
        self.phase_docs[(jid, jp.phase)] = made.doc
        self.raw_conditions[(jid, jp.phase)] = made.extra
        return jp

    def make_journey(self, jid: str, doc: SourceDoc, d: dict, ordered: list[JourneyPhase]) -> Journey:
        goal = self.make_money(d.get("goal"))
        return Journey(
            id=jid,
            source=Source(doc.rel),
            title=d["title"],
            summary=d["summary"],
            personas=d["personas"],
            state=d["state"],
            owners=d.get("owners", []),
            counterpart=d.get("counterpart"),
            trigger=d.get("trigger", ""),
            value_proposition=d.get("value_proposition", ""),
            goal=goal,
            phases=ordered,
            body=doc.body,
        )

    def load_phase(self, jid: str, path: str, context: object = None) -> JourneyPhase | None:
        mark = self.mark()
        got = self.read(path, "phase", context)
        if got is None:
            return None
        if isinstance(got, Made):
            return self.add_phase(jid, got)
        doc, d = got
        phase_id = d.get("phase") or _stem(path)
        if phase_id not in self.phase_ids:
            field = "phase" if "phase" in d else None
            self.report.add(
                P.UNKNOWN_PHASE,
                doc.rel,
                "unknown-phase",
                field=field,
                line=doc.line(("phase",)) if field else 1,
                hint=P.did_you_mean(phase_id, self.phase_ids),
                phase_id=phase_id,
                expected=", ".join(self.phase_ids),
            )
            return None
        kpis = self.make_kpis(doc, d.get("kpis", []), ("kpis",))
        steps = [
            Step(
                title=s["title"],
                emotion=s["emotion"],
                touchpoint=s.get("touchpoint"),
                personas=tuple(s.get("personas", ())),
                pains=tuple(s.get("pains", ())),
                opportunities=tuple(s.get("opportunities", ())),
                at=i,
            )
            for i, s in _items(d, "steps")
        ]
        impacts = [
            Impact(
                impact=m["impact"],
                persona=m.get("persona"),
                actor=m.get("actor"),
                kpi=m.get("kpi"),
                deliverables=tuple(m.get("deliverables", ())),
                measures=tuple(m.get("measures", ())),
                at=i,
            )
            for i, m in _items(d, "impact_map")
        ]
        dp = d.get("data_points", {})
        # A branch whose target was rejected is dropped, not redirected to this journey.
        branches = [
            Branch(condition=b["condition"], journey=b.get("journey") or jid, phase=b.get("phase"), at=i)
            for i, b in _items(d, "branches")
            if all(b.get(k) is not None or _raw_item(doc, "branches", i).get(k) is None for k in ("journey", "phase"))
        ]
        signals = [
            Signal(
                condition=s["condition"], action=s.get("action", ""), owner=s.get("owner", ""), kpi=s.get("kpi"), at=i
            )
            for i, s in _items(d, "signals")
        ]
        jp = JourneyPhase(
            journey=jid,
            phase=phase_id,
            source=Source(doc.rel, doc.line(("phase",)) if "phase" in d else None),
            goal=self.make_money(d.get("goal")),
            core_message=d.get("core_message", ""),
            needs={pid: tuple(items) for pid, items in d.get("needs", {}).items()},
            steps=steps,
            kpis=kpis,
            impacts=impacts,
            data_points=DataPoints(*(tuple(dp.get(k, ())) for k in ("must_track", "collected", "wanted"))),
            signals=signals,
            branches=branches,
            body=doc.body,
        )
        self.phase_docs[(jid, phase_id)] = doc
        # resolve() reads the signals' conditions as written; nothing else needs the front-matter from
        # here on. Letting it go now spares the garbage collector a tree of objects per file.
        conditions = (
            (i, item.get("when")) for i, item in enumerate(_raw_list(doc, "signals")) if isinstance(item, dict)
        )
        self.raw_conditions[(jid, phase_id)] = {i: when for i, when in conditions if when is not None}
        doc.data = {}
        self.keep(jp, doc, mark, context, self.raw_conditions[(jid, phase_id)])
        return jp

    @staticmethod
    def make_money(d: dict | None) -> Money | None:
        if not d or "value" not in d or "currency" not in d or "description" not in d:
            return None
        return Money(description=d["description"], value=d["value"], currency=d["currency"], period=d.get("period", ""))

    # --- cross-file checks ---
    # One problem per root cause: every reference to the same unknown id is one problem that lists its
    # places, and a reference to a file that failed to load is a place of that file's problem.

    def broken_file(self, what: str, value: str, doc: SourceDoc) -> str | None:
        """The file that failed to load and would have defined `value`, if there is one."""
        if what == "KPI":
            return self.broken["KPI"].get(f"{doc.rel}#{value}")
        return self.broken.get(what, {}).get(value)

    def ref(self, doc: SourceDoc, path: tuple, what: str, value: str | None, known, scope: str | None = None) -> bool:
        if value is None or value in known:
            return True
        place = P.Place(doc.rel, doc.line(path), fmt_path(path))
        broken = self.broken_file(what, value, doc)
        if broken is not None:
            self.report.fold_into_file(broken, place)
            return False
        if what == "KPI":
            scope = doc.rel  # a KPI id is local to its file
        self.report.add(
            P.UNKNOWN_REFERENCE,
            doc.rel,
            f"unknown-reference.{what}",
            field=place.field,
            line=place.line,
            hint=P.did_you_mean(value, known),
            root=("unknown", what, value, scope),
            value=value,
        )
        return False

    def names(self) -> tuple:
        """What a phase's references can name: personas, touchpoints with their KPIs, journeys with
        their phases. A phase resolves as it did while these, its own file and its journey's index.md
        stay the same (the phase is then the last run's object, see ParseCache.models)."""
        c = self.catalog
        return (
            tuple(c.personas),
            tuple((tid, tuple(k.id for k in t.kpis)) for tid, t in c.touchpoints.items()),
            tuple((jid, o.phases) for jid, o in self.outlines.items()),
        )

    def resolve(self) -> None:
        c = self.catalog
        memo = self.cache.models if self.cache is not None else None
        clean = memo.resolved_clean(self.names()) if memo is not None else {}
        for jid, j in c.journeys.items():
            jdoc = self.journey_docs[jid]
            revision = self.report.revision
            for i, pid in enumerate(j.personas):
                self.ref(jdoc, ("personas", i), "persona", pid, c.personas)
            if j.counterpart is not None and self.ref(jdoc, ("counterpart",), "journey", j.counterpart, self.outlines):
                other = self.outlines[j.counterpart]
                if other.id == j.id or other.state == j.state:
                    self.report.add(
                        P.COUNTERPART_STATE,
                        jdoc.rel,
                        "counterpart-state.state",
                        field="counterpart",
                        line=jdoc.line(("counterpart",)),
                        other=other.id,
                        other_state=other.state,
                        state=j.state,
                        expected="to-be" if j.state == "as-is" else "as-is",
                    )
                elif other.counterpart != j.id:
                    self.report.add(
                        P.COUNTERPART_STATE,
                        jdoc.rel,
                        "counterpart-state.back",
                        field="counterpart",
                        line=jdoc.line(("counterpart",)),
                        related=(P.Place(other.file, 1),),
                        other=other.id,
                        jid=j.id,
                        other_file=other.file,
                    )
            for jp in j.phases:
                if clean.get(id(jp)) is not jp:
                    before = self.report.revision
                    self.resolve_phase(j, jp, self.phase_docs[(jid, jp.phase)])
                    if self.report.revision != before:
                        continue
                if memo is not None:
                    memo.note_resolved(jp)
            if self.report.revision == revision:
                self.resolved_clean.add(jid)
        self.check_cycles()
        used = c.used_personas() | self.raw_personas
        used.update(*(r.personas for r in self.recorded.values()))
        # a persona that a misspelled reference meant is not unused: the typo's problem says so
        meant = {
            P.did_you_mean(pid, c.personas) for j in c.journeys.values() for pid in j.personas if pid not in c.personas
        }
        for pid, p in c.personas.items():
            if pid not in used and pid not in meant and not self.broken_usage:
                self.report.add(P.UNUSED_PERSONA, p.source.file, "unused-persona", line=1, value=pid)

    def not_in_journey(self, j: Journey, doc: SourceDoc, path: tuple, pid: str) -> None:
        """A phase names a persona that exists but that the journey does not list.

        When the journey lists a persona that does not exist, this follows from that typo: it is a
        place of the typo's problem, never a problem of its own that suggests the misspelled id."""
        place = P.Place(doc.rel, doc.line(path), fmt_path(path))
        unknown = [u for u in j.personas if u not in self.catalog.personas and u not in self.broken["persona"]]
        if unknown:
            typo = next((u for u in unknown if P.did_you_mean(u, [pid]) == pid), unknown[0])
            if self.report.fold(("unknown", "persona", typo, None), place):
                return
        if any(u in self.broken["persona"] for u in j.personas):
            return  # the journey lists a persona whose file is broken: the problem is there
        self.report.add(
            P.PERSONA_NOT_IN_JOURNEY,
            doc.rel,
            "persona-not-in-journey",
            field=place.field,
            line=place.line,
            hint=P.did_you_mean(pid, j.personas),
            value=pid,
            personas=", ".join(j.personas),
            index=j.source.file,
        )

    def resolve_phase(self, j: Journey, jp: JourneyPhase, doc: SourceDoc) -> None:
        c = self.catalog
        for pid in list(jp.needs):
            if self.ref(doc, ("needs", pid), "persona", pid, c.personas) and pid not in j.personas:
                self.not_in_journey(j, doc, ("needs", pid), pid)
        everyone = tuple(j.personas)  # a step that names none is the journey's: one tuple for all of them
        for s in jp.steps:
            si = s.at
            self.ref(doc, ("steps", si, "touchpoint"), "touchpoint", s.touchpoint, c.touchpoints)
            for k, pid in enumerate(s.personas):
                if self.ref(doc, ("steps", si, "personas", k), "persona", pid, c.personas) and pid not in j.personas:
                    self.not_in_journey(j, doc, ("steps", si, "personas", k), pid)
            if not s.personas:
                s.personas = everyone
        kpi_ids = [k.id for k in jp.kpis]
        for imp in jp.impacts:
            ii = imp.at
            self.ref(doc, ("impact_map", ii, "persona"), "persona", imp.persona, c.personas)
            self.ref(doc, ("impact_map", ii, "kpi"), "KPI", imp.kpi, kpi_ids)
            for k, tid in enumerate(imp.deliverables):
                self.ref(doc, ("impact_map", ii, "deliverables", k), "touchpoint", tid, c.touchpoints)
        for sig in jp.signals:
            si = sig.at
            self.ref(doc, ("signals", si, "kpi"), "KPI", sig.kpi, kpi_ids)
            raw_when = self.raw_conditions[(j.id, jp.phase)].get(si)
            if raw_when is not None:
                sig.when = self.resolve_condition(doc, j, jp, si, str(raw_when), kpi_ids)
        for b in jp.branches:
            bi = b.at
            if not self.ref(doc, ("branches", bi, "journey"), "journey", b.journey, self.outlines):
                continue
            target = self.outlines[b.journey]
            if b.phase is not None:
                if not self.ref(doc, ("branches", bi, "phase"), "phase", b.phase, self.phase_ids):
                    continue
                if b.phase not in target.phases:
                    path = ("branches", bi, "phase")
                    broken = self.broken["phase"].get(f"{target.id}.{b.phase}")
                    if broken is not None:
                        self.report.fold_into_file(broken, P.Place(doc.rel, doc.line(path), fmt_path(path)))
                        continue
                    covered = ", ".join(target.phases)
                    key = "unknown-reference.branch-phase" + ("" if covered else "-none")
                    self.report.add(
                        P.UNKNOWN_REFERENCE,
                        doc.rel,
                        key,
                        field=fmt_path(path),
                        line=doc.line(path),
                        hint=P.did_you_mean(b.phase, target.phases),
                        root=("unknown", "branch-phase", target.id, b.phase),
                        target=target.id,
                        value=b.phase,
                        covered=covered,
                    )
                    continue
            if b.journey == j.id and (b.phase is None or b.phase == jp.phase):
                self.report.add(
                    P.BRANCH_TO_SELF,
                    doc.rel,
                    "branch-to-self",
                    field=f"branches[{bi}]",
                    line=doc.line(("branches", bi)),
                    condition=b.condition,
                )

    def resolve_condition(self, doc: SourceDoc, j: Journey, jp: JourneyPhase, si: int, text: str, kpi_ids: list[str]):
        path = ("signals", si, "when")
        parsed = parse_condition(text)
        if parsed is None:
            self.report.add(
                P.INVALID_CONDITION, doc.rel, "invalid-condition", field=fmt_path(path), line=doc.line(path), value=text
            )
            return None
        ref, op, threshold = parsed
        if "." in ref:
            tp_id, kpi_id = ref.split(".", 1)
            if not self.ref(doc, path, "touchpoint", tp_id, self.catalog.touchpoints):
                return None
            known = [k.id for k in self.catalog.touchpoints[tp_id].kpis]
            if kpi_id not in known:
                self.report.add(
                    P.UNKNOWN_REFERENCE,
                    doc.rel,
                    "unknown-reference.touchpoint-kpi",
                    field=fmt_path(path),
                    line=doc.line(path),
                    hint=P.did_you_mean(kpi_id, known),
                    root=("unknown", "touchpoint-kpi", tp_id, kpi_id),
                    touchpoint=tp_id,
                    value=kpi_id,
                )
                return None
            return Condition(touchpoint_kpi_key(tp_id, kpi_id), op, threshold)
        if not self.ref(doc, path, "KPI", ref, kpi_ids):
            return None
        return Condition(phase_kpi_key(j.id, jp.phase, ref), op, threshold)

    def broken_kpi_file(self, key: str) -> str | None:
        """For an actual whose KPI is unknown: the file that failed to load and would define it."""
        parts = key.split(".")
        if len(parts) == 2:
            touchpoint = self.catalog.touchpoints.get(parts[0])
            kpi = f"{touchpoint.source.file}#{parts[1]}" if touchpoint is not None else ""
            return self.broken["touchpoint"].get(parts[0]) or self.broken["KPI"].get(kpi)
        if len(parts) == 3:
            doc = self.phase_docs.get((parts[0], parts[1]))
            return (
                self.broken["journey"].get(parts[0])
                or self.broken["phase"].get(f"{parts[0]}.{parts[1]}")
                or (self.broken["KPI"].get(f"{doc.rel}#{parts[2]}") if doc is not None else None)
            )
        return None

    def load_actuals(self) -> None:
        folder = self.s.root / self.s.actuals_dir
        keys: dict[str, tuple] | None = None  # made for the first measured value: most sites have none
        series: dict[str, dict[str, Actual]] = {}
        for a in read_all(folder, self.s.root, self.report, self.s.max_file_size):
            self.files.append(os.fspath(self.s.root / a.file))
            if keys is None:
                keys = self.catalog.kpi_keys()
                keys.update((key, ()) for r in self.recorded.values() for key in r.kpi_keys)
            if a.kpi not in keys:
                broken = self.broken_kpi_file(a.kpi)
                if broken is not None:
                    self.report.fold_into_file(broken, P.Place(a.file, a.line, a.kpi))
                    continue
                self.report.add(
                    P.UNKNOWN_REFERENCE,
                    a.file,
                    "unknown-reference.actual",
                    field=a.kpi,
                    line=a.line,
                    hint=P.did_you_mean(a.kpi, keys),
                    root=("unknown", "actual", a.kpi, None),
                    kpi=a.kpi,
                )
                continue
            seen = series.setdefault(a.kpi, {})
            if a.period in seen:
                first = seen[a.period]
                self.report.add(
                    P.DUPLICATE_ACTUAL,
                    a.file,
                    "duplicate-actual",
                    field=a.kpi,
                    line=a.line,
                    related=(P.Place(first.file, first.line, first.kpi),),
                    kpi=a.kpi,
                    period=a.period,
                    first=f"{first.file}{f':{first.line}' if first.line else ''}",
                )
                continue
            seen[a.period] = a
        self.catalog.actuals = {k: [(p, v.value) for p, v in sorted(s.items())] for k, s in series.items()}

    def check_cycles(self) -> None:
        """Warn once per cycle in the journey-to-journey branch graph, naming each branch in it."""
        c = self.catalog
        # (from, to) -> the first branch that leads there: its file and index (its place only if in a cycle)
        via: dict[tuple[str, str], tuple[SourceDoc, int] | P.Place] = {}
        for jid in self.outlines:
            j = c.journeys.get(jid)
            if j is not None:
                for to, doc, at in self.branches_out(j):
                    via.setdefault((jid, to), (doc, at))
            elif jid in self.recorded:
                via.update(((jid, to), place) for to, place in self.recorded[jid].branches if to in self.outlines)

        def place(edge: tuple[str, str]) -> P.Place:
            got = via[edge]
            return got if isinstance(got, P.Place) else check_records.branch_place(*got)

        edges: dict[str, list[str]] = {jid: [] for jid in self.outlines}
        for src, dst in sorted(via):
            edges[src].append(dst)
        state: dict[str, int] = {}  # 1: on the path being walked, 2: done
        reported: set[frozenset] = set()
        # Depth first, in journey order, without recursion (a chain of journeys may be longer than
        # Python's recursion limit, and a recursive closure is a cycle that keeps the whole load alive).
        for start in sorted(edges):
            if start in state:
                continue
            state[start] = 1
            stack, todo = [start], [iter(edges[start])]
            while todo:
                for nxt in todo[-1]:
                    if state.get(nxt) == 1:
                        self.report_cycle(stack[stack.index(nxt) :], reported, place)
                    elif nxt not in state:
                        state[nxt] = 1
                        stack.append(nxt)
                        todo.append(iter(edges.get(nxt, [])))
                        break
                else:
                    todo.pop()
                    state[stack.pop()] = 2

    def report_cycle(
        self, cycle: list[str], reported: set[frozenset], place: Callable[[tuple[str, str]], P.Place]
    ) -> None:
        """One warning per cycle, at its first branch, naming every branch in it."""
        key = frozenset(cycle)
        if key in reported:
            return
        reported.add(key)
        places = [place((a, b)) for a, b in zip(cycle, cycle[1:] + cycle[:1])]
        first = places[0]
        self.report.add(
            P.BRANCH_CYCLE,
            first.file,
            "branch-cycle",
            field=first.field,
            line=first.line,
            related=tuple(places[1:]),
            cycle=" -> ".join(cycle + [cycle[0]]),
            branches=", ".join(pl.format() for pl in places),
        )

    def branches_out(self, j: Journey) -> Iterator[tuple[str, SourceDoc, int]]:
        """Each branch of a journey to another journey there is: that journey, the branch's file and index."""
        for jp in j.phases:
            if jp.branches:
                doc = self.phase_docs[(j.id, jp.phase)]
                for b in jp.branches:
                    if b.journey != j.id and b.journey in self.outlines:
                        yield b.journey, doc, b.at

    # --- journey records (a check that keeps them, see core/check_records.py) ---

    def record_of(self, jdir: str, paths: list[str]) -> JourneyRecord | None:
        """The journey's record, if its files are the ones it was made of (known from their status)."""
        assert self.cache is not None
        blob = self.cache.record(self.rel(jdir))
        rec = JourneyRecord.decode(blob) if blob is not None else None
        if rec is None or len(rec.files) != len(paths):
            return None
        for (rel, kind, known), path in zip(rec.files, sorted(paths)):
            try:
                st = os.stat(path)
            except OSError:
                return None  # loading it reports why
            if rel != self.rel(path) or st.st_size > self.s.max_file_size:
                return None
            if self.cache.known_digest(rel, kind, st) == known:
                continue
            try:  # a status not seen (or too recent to trust): the bytes tell
                with open(path, "rb") as f:
                    raw = f.read()
            except OSError:
                return None
            if digest(raw) != known:
                return None
            self.cache.note_read(rel, known, st)
        return rec

    def context_of(self, jdir: str, paths: list[str], errors: set[str], refs: tuple) -> bytes:
        """See check_records.context_digest; `refs`, what the journey names (check_records.references)."""
        c = self.catalog
        personas, touchpoints, journeys = refs
        tp = c.touchpoints.get
        folder, own = self.rel(jdir) + "/", {self.rel(p) for p in paths}
        return check_records.context_digest(
            [(pid, p.name if (p := c.personas.get(pid)) else None) for pid in personas],
            [(tid, tuple(k.id for k in t.kpis) if (t := tp(tid)) else None) for tid in touchpoints],
            [self.outlines.get(jid) for jid in journeys],
            self.actuals_digest,
            sorted(f for f in errors if f.startswith(folder) and f not in own),
        )

    def settle_records(self) -> None:
        """Take the records whose context is the same as when they were made; load the journeys of the
        others, which then resolve in the order of the folders like every other."""
        if not self.records:
            return
        c = self.catalog
        self.actuals_digest = actuals_digest(self.s.root / self.s.actuals_dir, self.s.max_file_size)
        errors = self.report.files_with_errors()
        for jid, (jdir, paths, index, rec) in self.deferred.items():
            if rec.context != self.context_of(jdir, paths, errors, rec.refs):
                self.load_journey_files(jdir, paths, index)
                continue
            self.recorded[jid] = rec
            self.files.extend(paths)
            for rel, _, known in rec.files:
                self.digests[rel] = known
                assert self.cache is not None
                self.cache.note_unread(rel)
        if len(self.recorded) < len(self.deferred):
            c.journeys = {jid: c.journeys[jid] for jid in self.outlines if jid in c.journeys}

    def mentions(self, lines: dict[str, Mapping]) -> list[Mention]:
        """Every owner named, in file order, the recorded journeys' among them; their lines go to `lines`."""
        out: list[Mention] = []
        located: dict[str, dict[tuple, int]] = {}
        for jid in self.outlines:
            j = self.catalog.journeys.get(jid)
            if j is not None:
                out += teams.journey_mentions(j)
            elif jid in self.recorded:
                for spelling, file, path, what, line in self.recorded[jid].mentions:
                    out.append(Mention(spelling, file, path, what))
                    located.setdefault(file, {})[path] = line
        lines.update(located)
        return out + teams.touchpoint_mentions(self.catalog)

    def keep_records(
        self, findings: dict[str, list[P.Problem]], locate: Callable[[str, tuple], int], errors: set[str]
    ) -> None:
        """A record of every journey loaded that loaded and resolved without a problem; `errors`, the
        files with errors (as the health rules skip them)."""
        if not self.records:
            return
        assert self.cache is not None
        for jid in self.loaded_clean & self.resolved_clean:
            j = self.catalog.journeys[jid]
            jdir, paths, index = self.journey_files[jid]
            files = tuple(
                (self.rel(p), "journey" if p is index else "phase", self.digests[self.rel(p)]) for p in sorted(paths)
            )
            first: dict[str, P.Place] = {}
            for to, doc, at in self.branches_out(j):
                if to not in first:
                    first[to] = check_records.branch_place(doc, at)
            branches = tuple(first.items())
            refs = check_records.references(j)
            context = self.context_of(jdir, paths, errors, refs)
            rec = check_records.make(j, files, context, refs, branches, findings.get(jid, []), locate)
            self.cache.keep_record(self.rel(jdir), rec.encode())


def _items(d: dict, key: str) -> list[tuple[int, dict]]:
    """Valid items of a list of objects, with their source index."""
    return [(i, v) for i, v in enumerate(d.get(key, [])) if v is not None]


def _raw_list(doc: SourceDoc, key: str) -> list:
    """The unvalidated list under `key` in the front-matter, or []."""
    raw = doc.data.get(key) if isinstance(doc.data, dict) else None
    return raw if isinstance(raw, list) else []


def _raw_item(doc: SourceDoc, key: str, index: int) -> dict:
    """The unvalidated item of a list in the front-matter, or {}."""
    raw = _raw_list(doc, key)
    if index < len(raw) and isinstance(raw[index], dict):
        return raw[index]
    return {}


def _stem(path: str) -> str:
    """A file's name without its extension (Path.stem, for a path as text)."""
    return os.path.splitext(os.path.basename(path))[0]


def _folder_name(path: str) -> str:
    return os.path.basename(os.path.dirname(path))
