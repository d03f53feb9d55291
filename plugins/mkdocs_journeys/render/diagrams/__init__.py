"""Diagram builders: Mermaid text, and the emotion curve as SVG. Plain Python: no MkDocs, no I/O."""

from mkdocs_journeys.render.diagrams.branch_diagram import branch_diagram, has_branches
from mkdocs_journeys.render.diagrams.emotion_curve import (
    PALETTE,
    Band,
    CurveStep,
    Line,
    emotion_curve,
    journey_bands,
    persona_lines,
)
from mkdocs_journeys.render.diagrams.impact_map_diagram import impact_map_diagram, money
from mkdocs_journeys.render.diagrams.journey_diagram import has_steps, journey_diagram

__all__ = [
    "PALETTE",
    "Band",
    "CurveStep",
    "Line",
    "branch_diagram",
    "emotion_curve",
    "has_branches",
    "has_steps",
    "impact_map_diagram",
    "journey_bands",
    "journey_diagram",
    "money",
    "persona_lines",
]
