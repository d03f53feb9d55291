"""Impact map as a Mermaid flowchart: goal -> actors -> impacts (KPI) -> deliverables."""

from __future__ import annotations

from collections.abc import Callable

from mkdocs_journeys.core.model import Catalog, JourneyPhase
from mkdocs_journeys.render.diagrams import mermaid_text as m
from mkdocs_journeys.render.diagrams.emotion_curve import PALETTE

Url = Callable[[str, str], str]  # (kind, id) -> URL relative to the page


def money(value: float, currency: str) -> str:
    return f"{currency} {value:,.0f}".replace(",", "'")


def impact_map_diagram(
    jp: JourneyPhase, catalog: Catalog, url: Url, goal_label: str, kpi_label: str, personas: list[str] | None = None
) -> str:
    """Top down, so a map grows in height (the page scrolls) rather than in width (the column does not).

    `personas`: the journey's personas, whose order gives each its palette colour.
    """
    order = {pid: i for i, pid in enumerate(personas or [])}
    lines = ["flowchart TD"]
    styled: list[tuple[str, int]] = []
    goal = jp.goal
    if goal:
        goal_text = f"{m.text(goal.description)}<br><b>{m.text(money(goal.value, goal.currency))}</b>"
    else:
        goal_text = m.text(goal_label)
    lines.append(f'    G(["{goal_text}"])')
    clicks: list[str] = []
    actors: dict[str, str] = {}
    deliverables: dict[str, str] = {}
    for i, imp in enumerate(jp.impacts):
        if imp.actor_key not in actors:
            aid = m.node_id("A", len(actors))
            actors[imp.actor_key] = aid
            if imp.persona:
                persona = catalog.personas.get(imp.persona)
                lines.append(f'    {aid}["{m.text(persona.name if persona else imp.persona)}"]')
                clicks.append(f'    click {aid} href "{m.href(url("persona", imp.persona))}"')
                if imp.persona in order:
                    styled.append((aid, order[imp.persona] % len(PALETTE)))
            else:
                lines.append(f'    {aid}["{m.text(imp.actor)}"]')
            lines.append(f"    G --> {aid}")
        aid = actors[imp.actor_key]
        iid = m.node_id("I", i)
        label = m.text(imp.impact)
        kpi = jp.kpi(imp.kpi)
        if kpi:
            target = f" #8594; {m.text(_num(kpi.target))} {m.text(kpi.unit)}".rstrip() if kpi.target is not None else ""
            label += f"<br><i>{m.text(kpi_label)}: {m.text(kpi.name)}{target}</i>"
        lines.append(f'    {iid}["{label}"]')
        lines.append(f"    {aid} --> {iid}")
        for tid in imp.deliverables:
            if tid not in deliverables:
                did = m.node_id("D", len(deliverables))
                deliverables[tid] = did
                tp = catalog.touchpoints.get(tid)
                lines.append(f'    {did}[/"{m.text(tp.name if tp else tid)}"/]')
                clicks.append(f'    click {did} href "{m.href(url("touchpoint", tid))}"')
            lines.append(f"    {iid} --> {deliverables[tid]}")
        for k, measure in enumerate(imp.measures):
            mid = m.node_id(f"M{i}x", k)
            lines.append(f'    {mid}[/"{m.text(measure)}"/]')
            lines.append(f"    {iid} --> {mid}")
    lines.append("    classDef goal stroke-width:3px")
    lines.append("    class G goal")
    for n in sorted({i for _, i in styled}):
        lines.append(f"    classDef persona{n + 1} stroke:{PALETTE[n]},stroke-width:3px")
    for aid, n in styled:
        lines.append(f"    class {aid} persona{n + 1}")
    return "\n".join(lines + clicks) + "\n"


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)
