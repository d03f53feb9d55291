"""Mermaid `journey` diagram: sections are phases, tasks are steps, score is emotion."""

from __future__ import annotations

from mkdocs_journeys.core.emotions import clamp
from mkdocs_journeys.core.model import Catalog, Journey
from mkdocs_journeys.render.diagrams import mermaid_text as m

TASK_LIMIT = 60


def journey_diagram(journey: Journey, catalog: Catalog, phase_titles: dict[str, str]) -> str:
    # No title line: the page's heading already names the journey.
    lines = ["journey"]
    for jp in journey.phases:
        if not jp.steps:
            continue
        lines.append(f"    section {m.text(phase_titles.get(jp.phase, jp.phase))}")
        for step in jp.steps:
            actors = ", ".join(m.text(_persona_name(catalog, pid)) for pid in step.personas)
            score = clamp(step.emotion)
            # Long step titles are cut: the diagram shows the curve, the table below the full text.
            lines.append(f"        {m.text(step.title, TASK_LIMIT)}: {score}: {actors}".rstrip(": ").rstrip())
    return "\n".join(lines) + "\n"


def _persona_name(catalog: Catalog, pid: str) -> str:
    p = catalog.personas.get(pid)
    return p.name if p else pid


def has_steps(journey: Journey) -> bool:
    return any(jp.steps for jp in journey.phases)
