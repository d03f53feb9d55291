"""The catalog: every journey, persona, touchpoint and phase, with reverse links.

Relations are stored once, on the journey phases; every reverse link
(where a touchpoint is used, which journeys a persona is in) is computed here,
from the rows each journey adds to it (REVERSE_LINKS).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from mkdocs_journeys.core.model.common import touchpoint_kpi_key
from mkdocs_journeys.core.model.impact_map import Impact
from mkdocs_journeys.core.model.journey import Journey, JourneyPhase, Signal, Step
from mkdocs_journeys.core.model.per_journey import PerJourney
from mkdocs_journeys.core.model.persona import Persona
from mkdocs_journeys.core.model.phase import PhaseDef
from mkdocs_journeys.core.model.touchpoint import Touchpoint


# A row of a reverse link names its journey by id, as the content names what it relates to, and holds
# the phase it is in: a page that lists it changes with that phase's file, not with every file of the
# journey (render/pages/page_inputs.py).
@dataclass(frozen=True, slots=True)
class StepUse:
    journey: str  # id
    phase: JourneyPhase
    step: Step


@dataclass(frozen=True, slots=True)
class ImpactUse:
    journey: str  # id
    phase: JourneyPhase
    impact: Impact


@dataclass
class Catalog:
    phases: list[PhaseDef]
    journeys: dict[str, Journey] = field(default_factory=dict)
    personas: dict[str, Persona] = field(default_factory=dict)
    touchpoints: dict[str, Touchpoint] = field(default_factory=dict)
    # Measured KPI values: qualified KPI key -> [(period, value)] sorted by period.
    actuals: dict[str, list[tuple[str, float]]] = field(default_factory=dict)

    def phase_def(self, phase_id: str) -> PhaseDef | None:
        return next((p for p in self.phases if p.id == phase_id), None)

    def phase_index(self, phase_id: str) -> int:
        return self._phase_positions.get(phase_id, len(self.phases))

    @cached_property
    def _phase_positions(self) -> dict[str, int]:
        # Sorting by phase asks for positions many thousand times: one lookup each.
        out: dict[str, int] = {}
        for i, p in enumerate(self.phases):
            out.setdefault(p.id, i)
        return out

    # --- reverse links, computed once per catalog ---

    def follow(self, previous: Catalog | None, touched: Mapping[str, frozenset[str]] | None = None) -> None:
        """Take the reverse links of `previous`, a catalog whose unchanged objects this one shares, under
        every key but those `touched` names per link (see catalog_change.py); None: take nothing."""
        self._follows = (previous, touched or {}) if previous is not None else None

    def _link(self, name: str) -> dict[str, list]:
        got = self._links.get(name)
        if got is None:
            got = self._links[name] = self._make_link(name)
        return got

    @cached_property
    def _links(self) -> dict[str, dict[str, list]]:
        return {}

    def _make_link(self, name: str) -> dict[str, list]:
        follows: tuple[Catalog, Mapping[str, frozenset[str]]] | None = getattr(self, "_follows", None)
        before, only = None, None
        if follows is not None and "_links" in follows[0].__dict__:  # the link as the last catalog computed it
            before = follows[0]._links.get(name)
            only = follows[1].get(name) if before is not None else None
        out: dict[str, list] = defaultdict(list)
        kept = _KEPT_ROWS.get(name)
        if kept is not None:
            for keys, rows in kept(self.journeys.values()):
                for key, row in zip(keys, rows):
                    if only is None or key in only:
                        out[key].append(row)
        else:
            for j in self.journeys.values():
                for key, row in REVERSE_LINKS[name][0](j):
                    if only is None or key in only:
                        out[key].append(row)
        if before is not None and only is not None:  # the rows no changed journey adds to: the same objects
            out.update((key, rows) for key, rows in before.items() if key not in only)
        return out

    def touchpoint_steps(self, tp_id: str) -> list[StepUse]:
        return self._link("touchpoint_steps").get(tp_id, [])

    def touchpoint_impacts(self, tp_id: str) -> list[ImpactUse]:
        return self._link("touchpoint_impacts").get(tp_id, [])

    def touchpoint_personas(self, tp_id: str) -> list[str]:
        """Persona ids the touchpoint reaches, in first-seen order."""
        out: dict[str, None] = {}
        for use in self.touchpoint_steps(tp_id):
            out.update(dict.fromkeys(use.step.personas))
        for impact_use in self.touchpoint_impacts(tp_id):
            if impact_use.impact.persona:
                out[impact_use.impact.persona] = None
        return list(out)

    def touchpoint_phases(self, tp_id: str) -> list[str]:
        ids = {u.phase.phase for u in self.touchpoint_steps(tp_id)} | {
            u.phase.phase for u in self.touchpoint_impacts(tp_id)
        }
        return sorted(ids, key=self.phase_index)

    def persona_journeys(self, persona_id: str) -> list[Journey]:
        return self._link("persona_journeys").get(persona_id, [])

    def persona_needs(self, persona_id: str) -> list[tuple[Journey, JourneyPhase, tuple[str, ...]]]:
        return [
            (j, p, p.needs[persona_id])
            for j in self.persona_journeys(persona_id)
            for p in j.phases
            if p.needs.get(persona_id)
        ]

    def persona_steps(self, persona_id: str) -> list[StepUse]:
        return [
            StepUse(j.id, p, s)
            for j in self.persona_journeys(persona_id)
            for p, s in j.steps
            if persona_id in s.personas
        ]

    def persona_impacts(self, persona_id: str) -> list[ImpactUse]:
        return self._link("persona_impacts").get(persona_id, [])

    def phase_entries(self, phase_id: str) -> list[tuple[str, JourneyPhase]]:
        """(journey id, its phase) of every journey with the phase, in journey order."""
        return self._link("phase_entries").get(phase_id, [])

    def phase_touchpoints(self, phase_id: str) -> list[str]:
        """Touchpoint ids used in a phase across all journeys, in first-seen order."""
        got = self._phase_touchpoints.get(phase_id)
        if got is None:
            got = self._phase_touchpoints_followed(phase_id)
        if got is None:  # a walk over every journey: a page build asks it several times
            out: dict[str, None] = {}
            for _, p in self.phase_entries(phase_id):
                for s in p.steps:
                    if s.touchpoint:
                        out[s.touchpoint] = None
                for imp in p.impacts:
                    out.update(dict.fromkeys(imp.deliverables))
            got = self._phase_touchpoints[phase_id] = tuple(out)
        return list(got)

    @cached_property
    def _phase_touchpoints(self) -> dict[str, tuple[str, ...]]:
        return {}

    def _phase_touchpoints_followed(self, phase_id: str) -> tuple[str, ...] | None:
        """The last catalog's answer, when no changed journey adds a row to the phase's entries: it is
        made from those rows alone (every phase's pages are compared on every rebuild while serving)."""
        follows: tuple[Catalog, Mapping[str, frozenset[str]]] | None = getattr(self, "_follows", None)
        if follows is None:
            return None
        before, touched = follows
        only = touched.get("phase_entries")
        known = before.__dict__.get("_phase_touchpoints")
        if only is None or phase_id in only or known is None:
            return None
        got = known.get(phase_id)
        if got is not None:
            self._phase_touchpoints[phase_id] = got
        return got

    def incoming_branches(self, journey_id: str) -> list[tuple[Journey, JourneyPhase]]:
        return self._link("incoming_branches").get(journey_id, [])

    def delivered(self) -> set[str]:
        """The touchpoints an impact of some journey delivers."""
        return set().union(*_DELIVERED(self.journeys.values()))

    def used_personas(self) -> set[str]:
        """The keys of the persona link, without making it: the loader asks before a rebuild's catalog
        follows the last one, which would make a new list of journeys for every persona."""
        out: set[str] = set()
        for j in self.journeys.values():
            out.update(key for key, _ in _persona_rows(j))
        return out

    # --- KPI actuals and signals ---

    def series(self, key: str) -> list[tuple[str, float]]:
        return self.actuals.get(key, [])

    def latest(self, key: str) -> tuple[str, float] | None:
        values = self.actuals.get(key)
        return values[-1] if values else None

    def fired(self, signal: Signal) -> bool | None:
        """True when the latest actual meets the signal's condition; None when it cannot be told."""
        if signal.when is None:
            return None
        last = self.latest(signal.when.kpi)
        return None if last is None else signal.when.holds(last[1])

    def fired_signals(self) -> list[tuple[Journey, JourneyPhase, Signal]]:
        return list(self._fired)

    @cached_property
    def _fired(self) -> list[tuple[Journey, JourneyPhase, Signal]]:
        # Computed once: call after actuals are loaded (the loader sets them before anyone asks).
        if not self.actuals:  # no signal can be told
            return []
        return [(j, p, s) for j in self.journeys.values() for p in j.phases for s in p.signals if self.fired(s)]

    @cached_property
    def _touchpoint_signals(self) -> dict[str, list[tuple[tuple[Journey, JourneyPhase], Signal]]]:
        out: dict[str, list] = defaultdict(list)
        for j, jp, sig in self._fired:
            for tid in signal_touchpoints(jp, sig):
                out[tid].append(((j, jp), sig))
        return out

    def touchpoint_signals(self, tp_id: str) -> list[tuple[tuple[Journey, JourneyPhase], Signal]]:
        """Fired signals about a touchpoint: on one of its KPIs, or on a KPI of an impact it delivers."""
        return self._touchpoint_signals.get(tp_id, [])

    def kpi_keys(self) -> dict[str, tuple]:
        """Every KPI by qualified key: (journey, phase, kpi) or (touchpoint, kpi)."""
        out: dict[str, tuple] = {}
        for j in self.journeys.values():
            for key, p, k in j.kpi_keys():
                out[key] = (j, p, k)
        for t in self.touchpoints.values():
            for k in t.kpis:
                out[touchpoint_kpi_key(t.id, k.id)] = (t, k)
        return out


def signal_touchpoints(jp: JourneyPhase, signal: Signal) -> list[str]:
    """The touchpoints a signal is about: the one whose KPI it watches (`touchpoint.kpi`), and those that
    deliver an impact measured by the phase KPI it watches."""
    if signal.when is None:
        return []
    tids: list[str] = []
    if signal.when.kpi.count(".") == 1:
        tids.append(signal.when.kpi.split(".", 1)[0])
    local = signal.when.kpi.rsplit(".", 1)[-1]
    tids += [d for i in jp.impacts if i.kpi == local for d in i.deliverables]
    return list(dict.fromkeys(tids))


# --- the rows each journey adds to a reverse link, by key ---


def _persona_rows(j: Journey) -> Iterator[tuple[str, object]]:
    for pid in j.personas:
        yield pid, j


def _persona_impact_rows(j: Journey) -> Iterator[tuple[str, object]]:
    for p in j.phases:
        for i in p.impacts:
            if i.persona:
                yield i.persona, ImpactUse(j.id, p, i)


def _step_rows(j: Journey) -> Iterator[tuple[str, object]]:
    for p in j.phases:
        for s in p.steps:
            if s.touchpoint:
                yield s.touchpoint, StepUse(j.id, p, s)


def _deliverable_rows(j: Journey) -> Iterator[tuple[str, object]]:
    for p in j.phases:
        for imp in p.impacts:
            for d in imp.deliverables:
                yield d, ImpactUse(j.id, p, imp)


def _phase_rows(j: Journey) -> Iterator[tuple[str, object]]:
    for p in j.phases:
        yield p.phase, (j.id, p)


def _incoming_rows(j: Journey) -> Iterator[tuple[str, object]]:
    for p in j.phases:
        for b in p.branches:
            if b.journey != j.id:
                yield b.journey, (j, p)


# Each reverse link: the rows one journey adds to it (in journey order, under a key each), and the
# queries that read it. A journey's rows are its own: under a key no changed journey adds rows to, a
# link reads the same in two catalogs that share their other journeys.
REVERSE_LINKS: dict[str, tuple[Callable[[Journey], Iterator[tuple[str, object]]], tuple[str, ...]]] = {
    "persona_journeys": (_persona_rows, ("persona_journeys", "persona_needs", "persona_steps")),
    "persona_impacts": (_persona_impact_rows, ("persona_impacts",)),
    "touchpoint_steps": (_step_rows, ("touchpoint_steps", "touchpoint_personas", "touchpoint_phases")),
    "touchpoint_impacts": (_deliverable_rows, ("touchpoint_impacts", "touchpoint_personas", "touchpoint_phases")),
    "phase_entries": (_phase_rows, ("phase_entries", "phase_touchpoints")),
    "incoming_branches": (_incoming_rows, ("incoming_branches",)),
}


def _kept(rows_of: Callable[[Journey], Iterator[tuple[str, object]]]) -> PerJourney[tuple[tuple, tuple]]:
    def keys_and_rows(j: Journey) -> tuple[tuple, tuple]:
        pairs = list(rows_of(j))
        return tuple(key for key, _ in pairs), tuple(row for _, row in pairs)

    return PerJourney(keys_and_rows)


# Each journey's rows of the links whose rows name it by id, kept while the journey lives (a row that
# held the journey would keep it alive). A catalog that makes a link again for the keys a changed
# journey adds to takes the other journeys' rows as they are: the rows of the last catalog, not
# thousands of new ones (which would live through the rebuild into the collector's oldest generation).
# The keys apart from the rows: a tuple of ids the collector stops tracking.
_KEPT_ROWS = {
    name: _kept(REVERSE_LINKS[name][0])
    for name in ("persona_impacts", "touchpoint_steps", "touchpoint_impacts", "phase_entries")
}

# Each journey's deliverables, kept while the journey lives: a rebuild asks for all of them.
_DELIVERED = PerJourney(lambda j: frozenset(j.deliverables()))
