"""Branching diagram: the journey's phases in order, and where branches lead."""

from __future__ import annotations

from collections.abc import Callable

from mkdocs_journeys.core.model import Catalog, Journey
from mkdocs_journeys.render.diagrams import mermaid_text as m

Url = Callable[[str, str, str | None], str]  # (kind, id, anchor) -> URL relative to the page


def branch_diagram(journey: Journey, catalog: Catalog, url: Url, phase_titles: dict[str, str]) -> str:
    # Phases top down: five phases side by side with their branches do not fit a text column.
    lines = ["flowchart TD"]
    clicks: list[str] = []
    own: dict[str, str] = {}
    for i, jp in enumerate(journey.phases):
        nid = m.node_id("P", i)
        own[jp.phase] = nid
        lines.append(f'    {nid}["{m.text(phase_titles.get(jp.phase, jp.phase))}"]')
        clicks.append(f'    click {nid} href "{m.href(url("journey", journey.id, jp.phase))}"')
    for prev, nxt in zip(journey.phases, journey.phases[1:]):
        lines.append(f"    {own[prev.phase]} --> {own[nxt.phase]}")
    targets: dict[tuple, str] = {}
    for jp in journey.phases:
        for b in jp.branches:
            if b.journey == journey.id and b.phase in own:
                target = own[b.phase]
            else:
                key = (b.journey, b.phase)
                if key not in targets:
                    tid = m.node_id("T", len(targets))
                    targets[key] = tid
                    other = catalog.journeys.get(b.journey)
                    title = m.text(other.title if other else b.journey)
                    if b.phase:
                        title += " #8250; " + m.text(phase_titles.get(b.phase, b.phase))
                    lines.append(f'    {tid}(["{title}"])')
                    clicks.append(f'    click {tid} href "{m.href(url("journey", b.journey, b.phase))}"')
                target = targets[key]
            lines.append(f'    {own[jp.phase]} -.->|"{m.text(b.condition, 80)}"| {target}')
    return "\n".join(lines + clicks) + "\n"


def has_branches(journey: Journey) -> bool:
    return any(jp.branches for jp in journey.phases)
