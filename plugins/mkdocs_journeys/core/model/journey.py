"""Journeys and their phases, steps, signals and branches."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from mkdocs_journeys.core import emotions
from mkdocs_journeys.core.model.common import Condition, Kpi, Money, Source, phase_kpi_key
from mkdocs_journeys.core.model.impact_map import Impact


@dataclass(slots=True)
class Step:
    title: str
    emotion: int
    touchpoint: str | None = None
    personas: tuple[str, ...] = ()  # resolved: never empty after loading
    pains: tuple[str, ...] = ()
    opportunities: tuple[str, ...] = ()
    at: int = 0  # index in the source list, for messages


@dataclass(slots=True)
class Signal:
    condition: str
    action: str = ""
    owner: str = ""
    kpi: str | None = None
    at: int = 0
    when: Condition | None = None  # resolved machine-readable condition


@dataclass(slots=True)
class Branch:
    condition: str
    journey: str  # target journey id (this journey if the file names none)
    phase: str | None  # target phase id (None: the journey as a whole)
    at: int = 0


@dataclass(slots=True)
class DataPoints:
    must_track: tuple[str, ...] = ()
    collected: tuple[str, ...] = ()
    wanted: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.must_track or self.collected or self.wanted)


@dataclass(slots=True)
class JourneyPhase:
    journey: str
    phase: str
    source: Source
    goal: Money | None = None
    core_message: str = ""
    needs: dict[str, tuple[str, ...]] = field(default_factory=dict)  # persona -> needs
    steps: list[Step] = field(default_factory=list)
    kpis: list[Kpi] = field(default_factory=list)
    impacts: list[Impact] = field(default_factory=list)
    data_points: DataPoints = field(default_factory=DataPoints)
    signals: list[Signal] = field(default_factory=list)
    branches: list[Branch] = field(default_factory=list)
    body: str = ""

    def kpi(self, kpi_id: str | None) -> Kpi | None:
        for k in self.kpis:  # a loop, not a generator: asked for every impact of every step in the backlog
            if k.id == kpi_id:
                return k
        return None


@dataclass(slots=True, weakref_slot=True)  # values worked out from it are kept while it lives
class Journey:
    id: str
    source: Source
    title: str
    summary: str
    personas: list[str]
    state: str  # as-is | to-be
    owners: list[str] = field(default_factory=list)
    counterpart: str | None = None
    trigger: str = ""
    value_proposition: str = ""
    goal: Money | None = None
    phases: list[JourneyPhase] = field(default_factory=list)  # in phase-model order
    body: str = ""

    def phase(self, phase_id: str) -> JourneyPhase | None:
        return next((p for p in self.phases if p.phase == phase_id), None)

    @property
    def steps(self) -> list[tuple[JourneyPhase, Step]]:
        return [(p, s) for p in self.phases for s in p.steps]

    def kpi_keys(self) -> Iterator[tuple[str, JourneyPhase, Kpi]]:
        """Each phase KPI by its qualified key (what actuals name), in phase order."""
        for p in self.phases:
            for k in p.kpis:
                yield phase_kpi_key(self.id, p.phase, k.id), p, k

    def deliverables(self) -> set[str]:
        """The touchpoints its impact maps deliver."""
        return {d for p in self.phases for i in p.impacts for d in i.deliverables}

    def named_owners(self) -> Iterator[tuple[str, str, tuple, str]]:
        """Each owner the journey names, in file order: (as written, file, field path, journey | kpi | signal).
        The one definition of which teams a journey names (the team mentions)."""
        for i, owner in enumerate(self.owners):
            if owner.strip():
                yield owner, self.source.file, ("owners", i), "journey"
        for jp in self.phases:
            for i, k in enumerate(jp.kpis):
                if k.owner.strip():
                    yield k.owner, jp.source.file, ("kpis", i, "owner"), "kpi"
            for s in jp.signals:
                if s.owner.strip():
                    yield s.owner, jp.source.file, ("signals", s.at, "owner"), "signal"

    @property
    def average_emotion(self) -> float | None:
        return emotions.average(s.emotion for _, s in self.steps)
