"""Mermaid text builders. Plain Python: no MkDocs, no I/O."""

from .branch_diagram import branch_diagram, has_branches
from .impact_map_diagram import impact_map_diagram, money
from .journey_diagram import has_steps, journey_diagram

__all__ = ["branch_diagram", "has_branches", "has_steps", "impact_map_diagram", "journey_diagram", "money"]
