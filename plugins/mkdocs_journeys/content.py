"""Load the content folders into a Catalog: read, validate, resolve references.

Every problem of one run goes into one Report; nothing raises on bad content.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
import gc
import re
from pathlib import Path

from . import problems as P
from .actuals import Actual, parse_condition, read_all
from .loading import SourceDoc, read_doc, read_docs, walk_markdown
from .model import (Branch, Condition, phase_kpi_key, touchpoint_kpi_key, Catalog, DataPoints, Impact, Journey, JourneyPhase, Kpi, Money, Persona,
                    PhaseDef, Signal, Source, Step, Touchpoint)
from .schema import DEFAULT_CURRENCIES, FILE_KINDS, ID_RE, fmt_path, guess_kind, validate
RESERVED_IDS = {"index", "page"}  # generated: personas/index.md, ...; numbered index pages: personas/page/2.md


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

    def folders(self) -> dict[str, Path]:
        return {k: (self.root / getattr(self, f"{k}_dir")) for k in ("journeys", "personas", "touchpoints")}


@dataclass
class LoadResult:
    catalog: Catalog
    report: P.Report
    files: list[Path] = field(default_factory=list)  # every content file read


def load_catalog(settings: Settings) -> LoadResult:
    with _gc_paused():
        return _Loader(settings).run()


@contextmanager
def _gc_paused():
    """Loading allocates millions of objects that all stay alive in the catalog, so the cyclic
    collector's full passes find nothing while re-walking the growing catalog (a third of the
    load time at 1,000 journeys). Plain reference counting still frees the YAML nodes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check(settings: Settings, rule_levels: dict[str, str] | None = None) -> LoadResult:
    """Load, then run the health rules, at the configured severities. Build and CLI share this."""
    from . import health

    result = load_catalog(settings)
    if not result.report.errors:  # findings on a catalog with errors would mislead
        health.findings(result.catalog, result.report)
    result.report.apply_levels(health.levels(rule_levels or {}))
    return result


class _Loader:
    def __init__(self, settings: Settings):
        self.s = settings
        self.report = P.Report()
        self.catalog = Catalog(phases=list(settings.phases))
        self.files: list[Path] = []
        self.phase_ids = [p.id for p in settings.phases]
        # kept for messages in resolve(): journey id -> index doc, (journey, phase) -> phase doc
        self.journey_docs: dict[str, SourceDoc] = {}
        self.phase_docs: dict[tuple[str, str], SourceDoc] = {}
        # Ids of files that exist but failed to load: references to them are not reported again.
        self.broken: dict[str, set[str]] = {"persona": set(), "touchpoint": set(), "journey": set(), "KPI": set()}
        self.broken_usage = False  # a broken journey may use personas we cannot see
        self.raw_personas: set[str] = set()  # personas named by journeys that failed to load
        self.parsed: dict = {}  # path -> (doc or None, problems), from prefetch()

    def rel(self, p: Path) -> str:
        try:
            return p.relative_to(self.s.root).as_posix()
        except ValueError:
            return p.as_posix()

    def prefetch(self, folders: list[Path]) -> None:
        """Parse every content file up front, in parallel where it pays (see loading.read_docs).

        The walk's own problems are reported by the real walk later; only the parse results are kept.
        """
        paths = [p for folder in folders if folder.is_dir() for p in walk_markdown(folder, self.s.root, P.Report())]
        self.parsed = read_docs([(p, self.rel(p)) for p in paths], self.s.max_file_size)

    def read(self, path: Path, kind: str) -> tuple[SourceDoc, dict] | None:
        self.files.append(path)
        if path in self.parsed:
            doc, problems = self.parsed.pop(path)
            self.report.problems.extend(problems)
        else:
            doc = read_doc(path, self.rel(path), self.report, self.s.max_file_size)
        if doc is None:
            self.mark_broken(kind, path, None)
            return None
        guessed = guess_kind(doc.data) if isinstance(doc.data, dict) else None
        if guessed and guessed != kind and not (kind == "phase" and guessed == "journey"):
            where = FILE_KINDS[guessed].location
            self.report.add(P.KIND_MISMATCH, doc.rel, f"this file has the fields of a {guessed}, but it is in the folder for {kind} files; move it to {where}.", line=1)
            self.mark_broken(kind, path, doc)
            return None
        data, ok = validate(doc, kind, self.report, self.s.currencies)
        if not ok:
            self.mark_broken(kind, path, doc)
            return None
        return doc, data

    def mark_broken(self, kind: str, path: Path, doc: SourceDoc | None) -> None:
        if kind in self.broken:
            self.broken[kind].add(self.file_id_quiet(path, kind == "journey"))
        if kind == "journey":
            personas = doc.data.get("personas") if doc is not None and isinstance(doc.data, dict) else None
            if isinstance(personas, list):
                self.raw_personas.update(p for p in personas if isinstance(p, str))
            else:
                self.broken_usage = True

    @staticmethod
    def file_id_quiet(path: Path, journey: bool = False) -> str:
        """The id a file stands for: its name, or for a journey's index.md its folder's name."""
        return path.parent.name if journey else path.stem

    def file_id(self, path: Path, journey: bool = False) -> str | None:
        stem = self.file_id_quiet(path, journey)
        if stem in RESERVED_IDS:
            self.report.add(P.INVALID_ID, self.rel(path), f"'{stem}' is reserved for the generated index pages and their numbered pages; rename the file.",
                            hint=f"{stem}-1")
            return None
        if not ID_RE.match(stem):
            hint = re.sub(r"[^a-z0-9_-]+", "-", stem.lower()).strip("-")
            self.report.add(P.INVALID_ID, self.rel(path), f"'{stem}' is not a valid id; rename the file using lower-case letters, digits, '-' and '_'.",
                            hint=hint if ID_RE.match(hint) else None)
            return None
        return stem

    # --- the steps ---

    def run(self) -> LoadResult:
        folders = self.s.folders()
        for name, folder in folders.items():
            if not folder.is_dir():
                self.report.add(P.MISSING_FOLDER, self.rel(folder), f"the {name} folder does not exist; create it or set the plugin option {name}_dir.")
        self.prefetch([folders["personas"], folders["touchpoints"], folders["journeys"]])
        self.load_flat("persona", folders["personas"], self.catalog.personas, self.make_persona)
        self.load_flat("touchpoint", folders["touchpoints"], self.catalog.touchpoints, self.make_touchpoint)
        self.load_journeys(folders["journeys"])
        self.resolve()
        self.load_actuals()
        return LoadResult(self.catalog, self.report, self.files)

    def load_flat(self, kind: str, folder: Path, into: dict, make) -> None:
        for path in walk_markdown(folder, self.s.root, self.report):
            if path.parent != folder:
                self.files.append(path)
                self.report.add(P.WRONG_FOLDER, self.rel(path), f"{kind} files live directly in {self.rel(folder)}/, not in a sub-folder; move it to {self.rel(folder)}/{path.name}.")
                continue
            fid = self.file_id(path)
            got = self.read(path, kind)
            if fid is None or got is None:
                continue
            doc, data = got
            if fid in into or fid.lower() in {k.lower() for k in into}:
                self.report.add(P.DUPLICATE_ID, doc.rel, f"another {kind} already has the id '{fid}' ({into[fid].source.file if fid in into else 'different case'}).")
                continue
            into[fid] = make(fid, doc, data)

    def make_persona(self, pid: str, doc: SourceDoc, d: dict) -> Persona:
        return Persona(id=pid, source=Source(doc.rel), name=d["name"], role=d["role"], segment=d.get("segment", ""),
                       quote=d.get("quote", ""), jobs=d.get("jobs", []), pains=d.get("pains", []), gains=d.get("gains", []),
                       empathy=d.get("empathy", {}), value_fit=d.get("value_fit", {}), channels=d.get("channels", []), body=doc.body)

    def make_touchpoint(self, tid: str, doc: SourceDoc, d: dict) -> Touchpoint:
        kpis = self.make_kpis(doc, d.get("kpis", []), ("kpis",))
        return Touchpoint(id=tid, source=Source(doc.rel), name=d["name"], channel=d["channel"], kind=d["kind"],
                          owner=d.get("owner", ""), kpis=kpis, body=doc.body)

    def make_kpis(self, doc: SourceDoc, items: list[dict], path: tuple) -> list[Kpi]:
        out: list[Kpi] = []
        for i, k in enumerate(items):
            if k is None:
                raw = _raw_item(doc, path[0], i)
                if isinstance(raw.get("id"), str):
                    self.broken["KPI"].add(f"{doc.rel}#{raw['id']}")
                continue
            if any(o.id == k["id"] for o in out):
                self.report.add(P.DUPLICATE_ID, doc.rel, f"the KPI id '{k['id']}' is used twice in this file.", field=f"{path[0]}[{i}].id", line=doc.line(path + (i, "id")))
                continue
            out.append(Kpi(id=k["id"], name=k["name"], target=k.get("target"), unit=k.get("unit", ""), source=k.get("source", ""),
                           owner=k.get("owner", ""), better=k.get("better", "higher")))
        return out

    def load_journeys(self, folder: Path) -> None:
        by_dir: dict[Path, list[Path]] = {}
        for path in walk_markdown(folder, self.s.root, self.report):
            if path.parent == folder:
                self.files.append(path)
                self.report.add(P.WRONG_FOLDER, self.rel(path), f"journeys are folders: move this file to {self.rel(folder)}/{path.stem}/index.md and put its phases beside it.")
                continue
            if path.parent.parent != folder:
                self.files.append(path)
                self.report.add(P.WRONG_FOLDER, self.rel(path), f"journey folders have no sub-folders; move it to {self.rel(folder)}/{path.parent.parent.relative_to(folder).parts[0]}/{path.name}.")
                continue
            by_dir.setdefault(path.parent, []).append(path)
        for jdir, paths in sorted(by_dir.items()):
            self.load_journey(jdir, paths)

    def load_journey(self, jdir: Path, paths: list[Path]) -> None:
        index = jdir / "index.md"
        if index not in paths:
            self.report.add(P.MISSING_INDEX, self.rel(jdir), f"the journey folder has no index.md; add {self.rel(index)} with title, summary, personas and state.")
            return
        jid = self.file_id(index, journey=True)
        got = self.read(index, "journey")
        phases: dict[str, JourneyPhase] = {}
        for path in sorted(p for p in paths if p != index):
            jp = self.load_phase(jid or jdir.name, path)
            if jp is None:
                continue
            if jp.phase in phases:
                self.report.add(P.DUPLICATE_PHASE, jp.source.file, f"the phase '{jp.phase}' is already described in {phases[jp.phase].source.file}; merge the two files.",
                                field="phase" if jp.source.line else None, line=jp.source.line or 1)
                continue
            phases[jp.phase] = jp
        if jid is None or got is None:
            return
        doc, d = got
        if not phases and not any(p.name != "index.md" for p in paths):
            self.report.add(P.NO_PHASES, doc.rel, f"the journey has no phase files; add at least one of {', '.join(f'{p}.md' for p in self.phase_ids)} beside index.md.")
        goal = self.make_money(d.get("goal"))
        ordered = sorted(phases.values(), key=lambda p: self.phase_ids.index(p.phase))
        self.catalog.journeys[jid] = Journey(
            id=jid, source=Source(doc.rel), title=d["title"], summary=d["summary"], personas=d["personas"],
            state=d["state"], owners=d.get("owners", []), counterpart=d.get("counterpart"), trigger=d.get("trigger", ""),
            value_proposition=d.get("value_proposition", ""), goal=goal, phases=ordered, body=doc.body)
        self.journey_docs[jid] = doc

    def load_phase(self, jid: str, path: Path) -> JourneyPhase | None:
        got = self.read(path, "phase")
        if got is None:
            return None
        doc, d = got
        phase_id = d.get("phase") or path.stem
        if phase_id not in self.phase_ids:
            field = "phase" if "phase" in d else None
            self.report.add(P.UNKNOWN_PHASE, doc.rel, f"'{phase_id}' is not a phase of the phase model; expected one of {', '.join(self.phase_ids)}.",
                            field=field, line=doc.line(("phase",)) if field else 1, hint=P.did_you_mean(phase_id, self.phase_ids))
            return None
        kpis = self.make_kpis(doc, d.get("kpis", []), ("kpis",))
        steps = [Step(title=s["title"], emotion=s["emotion"], touchpoint=s.get("touchpoint"), personas=s.get("personas", []),
                      pains=s.get("pains", []), opportunities=s.get("opportunities", []), at=i) for i, s in _items(d, "steps")]
        impacts = [Impact(impact=m["impact"], persona=m.get("persona"), actor=m.get("actor"), kpi=m.get("kpi"),
                          deliverables=m.get("deliverables", []), measures=m.get("measures", []), at=i) for i, m in _items(d, "impact_map")]
        dp = d.get("data_points", {})
        # A branch whose target was rejected is dropped, not redirected to this journey.
        branches = [Branch(condition=b["condition"], journey=b.get("journey") or jid, phase=b.get("phase"), at=i)
                    for i, b in _items(d, "branches")
                    if all(b.get(k) is not None or _raw_item(doc, "branches", i).get(k) is None for k in ("journey", "phase"))]
        signals = [Signal(condition=s["condition"], action=s.get("action", ""), owner=s.get("owner", ""), kpi=s.get("kpi"), at=i)
                   for i, s in _items(d, "signals")]
        jp = JourneyPhase(journey=jid, phase=phase_id, source=Source(doc.rel, doc.line(("phase",)) if "phase" in d else None), goal=self.make_money(d.get("goal")),
                          core_message=d.get("core_message", ""), needs=d.get("needs", {}), steps=steps, kpis=kpis, impacts=impacts,
                          data_points=DataPoints(dp.get("must_track", []), dp.get("collected", []), dp.get("wanted", [])),
                          signals=signals, branches=branches, body=doc.body)
        self.phase_docs[(jid, phase_id)] = doc
        return jp

    @staticmethod
    def make_money(d: dict | None) -> Money | None:
        if not d or "value" not in d or "currency" not in d or "description" not in d:
            return None
        return Money(description=d["description"], value=d["value"], currency=d["currency"], period=d.get("period", ""))

    # --- cross-file checks ---

    def ref(self, doc: SourceDoc, path: tuple, what: str, value: str | None, known) -> bool:
        if value is None or value in known:
            return True
        if value in self.broken.get(what, ()) or f"{doc.rel}#{value}" in self.broken["KPI"]:
            return False
        self.report.add(P.UNKNOWN_REFERENCE, doc.rel, f"unknown {what} '{value}'; no {what} has this id.",
                        field=fmt_path(path), line=doc.line(path), hint=P.did_you_mean(value, known))
        return False

    def resolve(self) -> None:
        c = self.catalog
        for jid, j in c.journeys.items():
            jdoc = self.journey_docs[jid]
            for i, pid in enumerate(j.personas):
                self.ref(jdoc, ("personas", i), "persona", pid, c.personas)
            if j.counterpart is not None and self.ref(jdoc, ("counterpart",), "journey", j.counterpart, c.journeys):
                other = c.journeys[j.counterpart]
                if other.id == j.id or other.state == j.state:
                    self.report.add(P.COUNTERPART_STATE, jdoc.rel, f"the counterpart '{other.id}' has state {other.state}; a {j.state} journey's counterpart must be {'to-be' if j.state == 'as-is' else 'as-is'}.",
                                    field="counterpart", line=jdoc.line(("counterpart",)))
                elif other.counterpart != j.id:
                    self.report.add(P.COUNTERPART_STATE, jdoc.rel, f"the counterpart '{other.id}' does not name '{j.id}' back; add 'counterpart: {j.id}' to {other.source.file}.",
                                    field="counterpart", line=jdoc.line(("counterpart",)))
            for jp in j.phases:
                self.resolve_phase(j, jp, self.phase_docs[(jid, jp.phase)])
        self.check_cycles()
        used = c.used_personas() | self.raw_personas
        for pid, p in c.personas.items():
            if pid not in used and not self.broken_usage:
                self.report.add(P.UNUSED_PERSONA, p.source.file, f"no journey lists the persona '{pid}'; add it to a journey's personas or remove the file.")

    def resolve_phase(self, j: Journey, jp: JourneyPhase, doc: SourceDoc) -> None:
        c = self.catalog
        for pid in list(jp.needs):
            if self.ref(doc, ("needs", pid), "persona", pid, c.personas) and pid not in j.personas:
                self.report.add(P.PERSONA_NOT_IN_JOURNEY, doc.rel, f"'{pid}' is not among the journey's personas ({', '.join(j.personas)}); add it to {j.source.file} or remove it here.",
                                field=f"needs.{pid}", line=doc.line(("needs", pid)), hint=P.did_you_mean(pid, j.personas))
        for s in jp.steps:
            si = s.at
            self.ref(doc, ("steps", si, "touchpoint"), "touchpoint", s.touchpoint, c.touchpoints)
            for k, pid in enumerate(s.personas):
                if self.ref(doc, ("steps", si, "personas", k), "persona", pid, c.personas) and pid not in j.personas:
                    self.report.add(P.PERSONA_NOT_IN_JOURNEY, doc.rel, f"'{pid}' is not among the journey's personas ({', '.join(j.personas)}).",
                                    field=f"steps[{si}].personas[{k}]", line=doc.line(("steps", si, "personas", k)), hint=P.did_you_mean(pid, j.personas))
            if not s.personas:
                s.personas = list(j.personas)
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
            raw_when = _raw_item(doc, "signals", si).get("when")
            if raw_when is not None:
                sig.when = self.resolve_condition(doc, j, jp, si, str(raw_when), kpi_ids)
        for b in jp.branches:
            bi = b.at
            if not self.ref(doc, ("branches", bi, "journey"), "journey", b.journey, c.journeys):
                continue
            target = c.journeys[b.journey]
            if b.phase is not None:
                if not self.ref(doc, ("branches", bi, "phase"), "phase", b.phase, self.phase_ids):
                    continue
                if target.phase(b.phase) is None:
                    self.report.add(P.UNKNOWN_REFERENCE, doc.rel, f"the journey '{target.id}' has no phase '{b.phase}'; it covers {', '.join(p.phase for p in target.phases) or 'no phases'}.",
                                    field=f"branches[{bi}].phase", line=doc.line(("branches", bi, "phase")), hint=P.did_you_mean(b.phase, [p.phase for p in target.phases]))
                    continue
            if b.journey == j.id and (b.phase is None or b.phase == jp.phase):
                self.report.add(P.BRANCH_TO_SELF, doc.rel, f"the branch '{b.condition}' leads back to the phase it starts from; point it at another phase or journey.",
                                field=f"branches[{bi}]", line=doc.line(("branches", bi)))

    def resolve_condition(self, doc: SourceDoc, j: Journey, jp: JourneyPhase, si: int, text: str, kpi_ids: list[str]):
        path = ("signals", si, "when")
        parsed = parse_condition(text)
        if parsed is None:
            self.report.add(P.INVALID_CONDITION, doc.rel, f"'{text}' is not a condition of the form '<kpi> <op> <number>', e.g. 'open_rate < 20'.",
                            field=fmt_path(path), line=doc.line(path))
            return None
        ref, op, threshold = parsed
        if "." in ref:
            tp_id, kpi_id = ref.split(".", 1)
            if not self.ref(doc, path, "touchpoint", tp_id, self.catalog.touchpoints):
                return None
            known = [k.id for k in self.catalog.touchpoints[tp_id].kpis]
            if not self.ref(doc, path, f"KPI of touchpoint '{tp_id}'", kpi_id, known):
                return None
            return Condition(touchpoint_kpi_key(tp_id, kpi_id), op, threshold)
        if not self.ref(doc, path, "KPI", ref, kpi_ids):
            return None
        return Condition(phase_kpi_key(j.id, jp.phase, ref), op, threshold)

    def load_actuals(self) -> None:
        folder = self.s.root / self.s.actuals_dir
        keys = self.catalog.kpi_keys()
        series: dict[str, dict[str, Actual]] = {}
        for a in read_all(folder, self.s.root, self.report, self.s.max_file_size):
            self.files.append(self.s.root / a.file)
            if a.kpi not in keys:
                self.report.add(P.UNKNOWN_REFERENCE, a.file, f"unknown KPI '{a.kpi}'; name it '<journey>.<phase>.<kpi>' or '<touchpoint>.<kpi>'.",
                                field=a.kpi, line=a.line, hint=P.did_you_mean(a.kpi, keys))
                continue
            seen = series.setdefault(a.kpi, {})
            if a.period in seen:
                first = seen[a.period]
                self.report.add(P.DUPLICATE_ACTUAL, a.file, f"'{a.kpi}' already has a value for {a.period} ({first.file}{f':{first.line}' if first.line else ''}).",
                                field=a.kpi, line=a.line)
                continue
            seen[a.period] = a
        self.catalog.actuals = {k: [(p, v.value) for p, v in sorted(s.items())] for k, s in series.items()}

    def check_cycles(self) -> None:
        """Warn once per cycle in the journey-to-journey branch graph."""
        c = self.catalog
        edges = {jid: sorted({b.journey for p in j.phases for b in p.branches if b.journey in c.journeys and b.journey != jid})
                 for jid, j in c.journeys.items()}
        state: dict[str, int] = {}
        reported: set[frozenset] = set()

        def visit(node: str, stack: list[str]) -> None:
            state[node] = 1
            stack.append(node)
            for nxt in edges.get(node, []):
                if state.get(nxt) == 1:
                    cycle = stack[stack.index(nxt):]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        j = c.journeys[cycle[0]]
                        self.report.add(P.BRANCH_CYCLE, j.source.file, "branches lead in a circle: " + " -> ".join(cycle + [cycle[0]]) + "; check that customers can leave the loop.")
                elif nxt not in state:
                    visit(nxt, stack)
            stack.pop()
            state[node] = 2

        for jid in sorted(edges):
            if jid not in state:
                visit(jid, [])


def _items(d: dict, key: str) -> list[tuple[int, dict]]:
    """Valid items of a list of objects, with their source index."""
    return [(i, v) for i, v in enumerate(d.get(key, [])) if v is not None]


def _raw_item(doc: SourceDoc, key: str, index: int) -> dict:
    """The unvalidated item of a list in the front-matter, or {}."""
    raw = doc.data.get(key) if isinstance(doc.data, dict) else None
    if isinstance(raw, list) and index < len(raw) and isinstance(raw[index], dict):
        return raw[index]
    return {}
