"""The catalog: every journey, persona, touchpoint and phase, with reverse links.

Relations are stored once, on the journey phases; every reverse link
(where a touchpoint is used, which journeys a persona is in) is computed here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from mkdocs_journeys.core.model.common import phase_kpi_key, touchpoint_kpi_key
from mkdocs_journeys.core.model.impact_map import Impact
from mkdocs_journeys.core.model.journey import Journey, JourneyPhase, Signal, Step
from mkdocs_journeys.core.model.persona import Persona
from mkdocs_journeys.core.model.phase import PhaseDef
from mkdocs_journeys.core.model.touchpoint import Touchpoint


@dataclass(frozen=True, slots=True)
class StepUse:
    journey: Journey
    phase: JourneyPhase
    step: Step


@dataclass(frozen=True, slots=True)
class ImpactUse:
    journey: Journey
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

    @cached_property
    def _touchpoint_links(self) -> tuple[dict, dict]:
        steps: dict[str, list[StepUse]] = defaultdict(list)
        impacts: dict[str, list[ImpactUse]] = defaultdict(list)
        for j in self.journeys.values():
            for p in j.phases:
                for s in p.steps:
                    if s.touchpoint:
                        steps[s.touchpoint].append(StepUse(j, p, s))
                for imp in p.impacts:
                    for d in imp.deliverables:
                        impacts[d].append(ImpactUse(j, p, imp))
        return steps, impacts

    def touchpoint_steps(self, tp_id: str) -> list[StepUse]:
        return self._touchpoint_links[0].get(tp_id, [])

    def touchpoint_impacts(self, tp_id: str) -> list[ImpactUse]:
        return self._touchpoint_links[1].get(tp_id, [])

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

    @cached_property
    def _persona_journeys(self) -> dict[str, list[Journey]]:
        out: dict[str, list[Journey]] = defaultdict(list)
        for j in self.journeys.values():
            for pid in j.personas:
                out[pid].append(j)
        return out

    def persona_journeys(self, persona_id: str) -> list[Journey]:
        return self._persona_journeys.get(persona_id, [])

    def persona_needs(self, persona_id: str) -> list[tuple[Journey, JourneyPhase, list[str]]]:
        return [
            (j, p, p.needs[persona_id])
            for j in self.persona_journeys(persona_id)
            for p in j.phases
            if p.needs.get(persona_id)
        ]

    def persona_steps(self, persona_id: str) -> list[StepUse]:
        return [
            StepUse(j, p, s) for j in self.persona_journeys(persona_id) for p, s in j.steps if persona_id in s.personas
        ]

    @cached_property
    def _persona_impacts(self) -> dict[str, list[ImpactUse]]:
        out: dict[str, list[ImpactUse]] = defaultdict(list)
        for j in self.journeys.values():
            for p in j.phases:
                for i in p.impacts:
                    if i.persona:
                        out[i.persona].append(ImpactUse(j, p, i))
        return out

    def persona_impacts(self, persona_id: str) -> list[ImpactUse]:
        return self._persona_impacts.get(persona_id, [])

    @cached_property
    def _phase_entries(self) -> dict[str, list[tuple[Journey, JourneyPhase]]]:
        out: dict[str, list] = defaultdict(list)
        for j in self.journeys.values():
            for p in j.phases:
                out[p.phase].append((j, p))
        return out

    def phase_entries(self, phase_id: str) -> list[tuple[Journey, JourneyPhase]]:
        return self._phase_entries.get(phase_id, [])

    def phase_touchpoints(self, phase_id: str) -> list[str]:
        """Touchpoint ids used in a phase across all journeys, in first-seen order."""
        out: dict[str, None] = {}
        for _, p in self.phase_entries(phase_id):
            for s in p.steps:
                if s.touchpoint:
                    out[s.touchpoint] = None
            for imp in p.impacts:
                out.update(dict.fromkeys(imp.deliverables))
        return list(out)

    @cached_property
    def _incoming(self) -> dict[str, list[tuple[Journey, JourneyPhase]]]:
        out: dict[str, list] = defaultdict(list)
        for j in self.journeys.values():
            for p in j.phases:
                for b in p.branches:
                    if b.journey != j.id:
                        out[b.journey].append((j, p))
        return out

    def incoming_branches(self, journey_id: str) -> list[tuple[Journey, JourneyPhase]]:
        return self._incoming.get(journey_id, [])

    def used_personas(self) -> set[str]:
        return set(self._persona_journeys)

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
            for p in j.phases:
                for k in p.kpis:
                    out[phase_kpi_key(j.id, p.phase, k.id)] = (j, p, k)
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
