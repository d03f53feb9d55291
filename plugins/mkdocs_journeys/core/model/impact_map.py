"""Impact maps (impactmapping.org): goal -> actor -> impact -> deliverables."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Impact:
    impact: str
    persona: str | None = None  # persona id, or
    actor: str | None = None  # a free-text actor
    kpi: str | None = None  # KPI id within the same phase
    deliverables: tuple[str, ...] = ()  # touchpoint ids
    measures: tuple[str, ...] = ()
    at: int = 0  # index in the source list, for messages

    @property
    def actor_key(self) -> str:
        return f"persona:{self.persona}" if self.persona else f"actor:{self.actor}"
