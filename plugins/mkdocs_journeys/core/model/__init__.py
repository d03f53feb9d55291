"""The content model: plain dataclasses, no MkDocs."""

from mkdocs_journeys.core.model.catalog import Catalog, ImpactUse, StepUse
from mkdocs_journeys.core.model.common import Condition, Kpi, Money, Source, phase_kpi_key, touchpoint_kpi_key
from mkdocs_journeys.core.model.impact_map import Impact
from mkdocs_journeys.core.model.journey import Branch, DataPoints, Journey, JourneyPhase, Signal, Step
from mkdocs_journeys.core.model.persona import EMPATHY_QUADRANTS, VALUE_FIT, Persona
from mkdocs_journeys.core.model.phase import PhaseDef
from mkdocs_journeys.core.model.touchpoint import Touchpoint

__all__ = [
    "Branch",
    "Catalog",
    "Condition",
    "phase_kpi_key",
    "touchpoint_kpi_key",
    "DataPoints",
    "EMPATHY_QUADRANTS",
    "Impact",
    "ImpactUse",
    "Journey",
    "JourneyPhase",
    "Kpi",
    "Money",
    "Persona",
    "PhaseDef",
    "Signal",
    "Source",
    "Step",
    "StepUse",
    "Touchpoint",
    "VALUE_FIT",
]
