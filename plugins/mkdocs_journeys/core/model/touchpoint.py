"""Touchpoints: the shared catalog of contact points."""

from __future__ import annotations

from dataclasses import dataclass, field

from mkdocs_journeys.core.model.common import Kpi, Source


@dataclass(slots=True)
class Touchpoint:
    id: str
    source: Source
    name: str
    channel: str
    kind: str  # digital | analog
    owner: str = ""
    kpis: list[Kpi] = field(default_factory=list)
    body: str = ""
