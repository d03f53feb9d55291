"""The facts a journey page opens with, and the status of each phase (journey page and board).

Plain Python over the catalog: no MkDocs, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs_journeys.core import emotions, health
from mkdocs_journeys.core.model import Catalog, Journey, JourneyPhase, Money, phase_kpi_key

# Phase status, worst first: a fired signal, a missed KPI target, no actuals to judge, all on target.
ALERT, MISSED, OPEN, OK, GAP = "alert", "missed", "open", "ok", "gap"


@dataclass(frozen=True)
class PhaseFacts:
    steps: int
    average: float | None  # average emotion of the steps
    kpis: int
    kpis_measured: int  # KPIs with an actual and a target
    kpis_missed: int
    signals: int
    signals_fired: int
    covered: bool = True

    @property
    def status(self) -> str:
        if not self.covered:
            return GAP
        if self.signals_fired:
            return ALERT
        if self.kpis_missed:
            return MISSED
        if self.kpis_measured:
            return OK
        return OPEN


@dataclass(frozen=True)
class JourneyFacts(PhaseFacts):
    goal: Money | None = None
    completeness: int = 0  # percent


def phase_facts(journey: Journey, jp: JourneyPhase | None, catalog: Catalog) -> PhaseFacts:
    if jp is None:
        return PhaseFacts(0, None, 0, 0, 0, 0, 0, covered=False)
    measured = missed = 0
    for k in jp.kpis:
        latest = catalog.latest(phase_kpi_key(journey.id, jp.phase, k.id))
        met = k.met(latest[1]) if latest else None
        measured += met is not None
        missed += met is False
    fired = sum(1 for s in jp.signals if catalog.fired(s))
    scores = [s.emotion for s in jp.steps]
    return PhaseFacts(
        len(scores),
        emotions.average(scores),
        len(jp.kpis),
        measured,
        missed,
        len(jp.signals),
        fired,
    )


def journey_facts(journey: Journey, catalog: Catalog) -> JourneyFacts:
    parts = [phase_facts(journey, jp, catalog) for jp in journey.phases]
    scores = [s.emotion for _, s in journey.steps]
    return JourneyFacts(
        steps=len(scores),
        average=emotions.average(scores),
        kpis=sum(p.kpis for p in parts),
        kpis_measured=sum(p.kpis_measured for p in parts),
        kpis_missed=sum(p.kpis_missed for p in parts),
        signals=sum(p.signals for p in parts),
        signals_fired=sum(p.signals_fired for p in parts),
        covered=bool(journey.phases),
        goal=journey.goal,
        completeness=health.completeness(journey, catalog).percent,
    )
