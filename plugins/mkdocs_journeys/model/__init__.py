"""The content model: plain dataclasses, no MkDocs."""

from .catalog import Catalog, ImpactUse, StepUse
from .common import Condition, Kpi, Money, Source, phase_kpi_key, touchpoint_kpi_key
from .impact_map import Impact
from .journey import Branch, DataPoints, Journey, JourneyPhase, Signal, Step
from .persona import EMPATHY_QUADRANTS, VALUE_FIT, Persona
from .phase import PhaseDef
from .touchpoint import Touchpoint

__all__ = [
    "Branch", "Catalog", "Condition", "phase_kpi_key", "touchpoint_kpi_key", "DataPoints", "EMPATHY_QUADRANTS", "Impact", "ImpactUse", "Journey",
    "JourneyPhase", "Kpi", "Money", "Persona", "PhaseDef", "Signal", "Source", "Step", "StepUse",
    "Touchpoint", "VALUE_FIT",
]
