"""The health report: gaps in the maps, as findings of configurable rules, and completeness.

An incomplete map misleads. Each rule finds one class of gap; its severity
(error, warn, info, ignore) comes from the plugin option health.rules.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from mkdocs_journeys.core import problems as P
from mkdocs_journeys.core.model import Catalog, Journey, JourneyPhase
from mkdocs_journeys.core.schema import fmt_path

# What completeness counts, per phase of the phase model (documented on the report page).
CHECKS = ("covered", "goal", "core_message", "kpi", "touchpoint", "needs")


@dataclass(frozen=True)
class Completeness:
    passed: int
    total: int

    @property
    def ratio(self) -> float:
        return self.passed / self.total if self.total else 1.0

    @property
    def percent(self) -> int:
        return round(self.ratio * 100)


def phase_touchpoints(jp) -> set[str]:
    return {s.touchpoint for s in jp.steps if s.touchpoint} | {d for i in jp.impacts for d in i.deliverables}


def phase_checks(journey: Journey, jp: JourneyPhase | None) -> dict[str, bool]:
    """Each check of CHECKS for one phase of the phase model (`jp` None: not covered, every check fails)."""
    if jp is None:
        return dict.fromkeys(CHECKS, False)
    return {
        "covered": True,
        "goal": jp.goal is not None,
        "core_message": bool(jp.core_message),
        "kpi": bool(jp.kpis),
        "touchpoint": bool(phase_touchpoints(jp)),
        "needs": all(jp.needs.get(pid) for pid in journey.personas),
    }


def completeness(journey: Journey, catalog: Catalog) -> Completeness:
    passed = sum(sum(phase_checks(journey, journey.phase(ph.id)).values()) for ph in catalog.phases)
    return Completeness(passed, len(CHECKS) * len(catalog.phases))


def findings(
    catalog: Catalog,
    report: P.Report,
    lines: dict[str, dict] | None = None,
    skip: AbstractSet[str] = frozenset(),
    delivered_elsewhere: AbstractSet[str] = frozenset(),
) -> None:
    """Add every health finding (at its rule's default severity) to the report.

    `lines` (file -> field path -> line) locates each finding; files in `skip` have errors and are not
    checked; `delivered_elsewhere` are touchpoints that files which failed to load deliver."""
    c = catalog
    lines = lines or {}
    titles = {p.id: p.title for p in c.phases}
    delivered = {d for j in c.journeys.values() for p in j.phases for i in p.impacts for d in i.deliverables}
    delivered |= set(delivered_elsewhere)

    def add(kind: P.ProblemKind, file: str, key: str, path: tuple = (), **args) -> None:
        line_map = lines.get(file, {})
        line = next((line_map[path[:n]] for n in range(len(path), -1, -1) if path[:n] in line_map), 1)
        report.add(kind, file, key, field=fmt_path(path) or None, line=line, **args)

    for j in c.journeys.values():
        if j.source.file not in skip:
            covered = {p.phase for p in j.phases}
            folder = j.source.file.rpartition("/")[0]
            for ph in c.phases:
                # a phase file that failed to load is not missing
                if ph.id not in covered and not any(f.startswith(folder + "/") for f in skip):
                    add(
                        P.PHASE_NOT_COVERED,
                        j.source.file,
                        "phase-not-covered",
                        journey=j.id,
                        phase=ph.id,
                        title=ph.title,
                    )
            if j.state == "as-is" and not j.counterpart:
                add(P.AS_IS_NO_TO_BE, j.source.file, "as-is-without-to-be", ("counterpart",), journey=j.id)
        for jp in j.phases:
            f, title = jp.source.file, titles.get(jp.phase, jp.phase)
            if f in skip:
                continue
            where = dict(journey=j.id, phase=jp.phase)
            if jp.goal is None:
                add(P.PHASE_NO_GOAL, f, "phase-without-goal", ("goal",), title=title, **where)
            if not jp.kpis:
                add(P.PHASE_NO_KPI, f, "phase-without-kpi", ("kpis",), title=title, **where)
            if not jp.core_message:
                add(P.PHASE_NO_MESSAGE, f, "phase-without-core-message", ("core_message",), title=title, **where)
            if not phase_touchpoints(jp):
                add(P.PHASE_NO_TOUCHPOINT, f, "phase-without-touchpoint", ("steps",), title=title, **where)
            for pid in j.personas:
                if pid not in c.personas:
                    continue  # an unknown persona is an error of the journey, not a gap of its phases
                if not jp.needs.get(pid):
                    add(
                        P.PERSONA_NO_NEEDS,
                        f,
                        "persona-without-needs",
                        ("needs", pid),
                        name=c.personas[pid].name,
                        title=title,
                        **where,
                    )
            for step in jp.steps:
                if not step.touchpoint:
                    add(
                        P.STEP_NO_TOUCHPOINT,
                        f,
                        "step-without-touchpoint",
                        ("steps", step.at, "touchpoint"),
                        step=step.title,
                        **where,
                    )
            for i, k in enumerate(jp.kpis):
                _kpi_findings(add, f, ("kpis", i), k, **where)
            for s in jp.signals:
                path = ("signals", s.at)
                if not s.owner:
                    add(P.SIGNAL_NO_OWNER, f, "signal-without-owner", path + ("owner",), condition=s.condition, **where)
                if not s.action:
                    add(
                        P.SIGNAL_NO_ACTION,
                        f,
                        "signal-without-action",
                        path + ("action",),
                        condition=s.condition,
                        **where,
                    )
                # fired implies a condition and an actual value; the rest only narrows the types
                if c.fired(s) and s.when is not None and (last := c.latest(s.when.kpi)) is not None:
                    period, value = last
                    words = P.messages(report.language)
                    action = s.action or words.word("words", "none")
                    owner = s.owner or words.word("words", "no_owner")
                    add(
                        P.SIGNAL_FIRED,
                        f,
                        "signal-fired",
                        path + ("when",),
                        condition=s.condition,
                        kpi=s.when.kpi,
                        value=f"{value:g}",
                        period=period,
                        when=str(s.when),
                        action=action,
                        owner=owner,
                        **where,
                    )
    for t in c.touchpoints.values():
        if t.source.file in skip:
            continue
        if t.id not in delivered:
            add(P.TOUCHPOINT_NO_PURPOSE, t.source.file, "touchpoint-without-purpose", name=t.name)
        for i, k in enumerate(t.kpis):
            _kpi_findings(add, t.source.file, ("kpis", i), k)


def _kpi_findings(add, file: str, path: tuple, kpi, **where) -> None:
    if kpi.target is None:
        add(P.KPI_NO_TARGET, file, "kpi-without-target", path + ("target",), name=kpi.name, **where)
    if not kpi.source:
        add(P.KPI_NO_SOURCE, file, "kpi-without-source", path + ("source",), name=kpi.name, **where)


def levels(configured: dict[str, str]) -> dict[str, str]:
    """Rule -> severity: the defaults, overridden by the configuration."""
    out = {name: ("warn" if k.severity == P.WARNING else k.severity) for name, k in P.HEALTH.items()}
    out.update(configured)
    return out
