"""The health report: gaps in the maps, as findings of configurable rules, and completeness.

An incomplete map misleads. Each rule finds one class of gap; its severity
(error, warn, info, ignore) comes from the plugin option health.rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import problems as P
from .model import Catalog, Journey

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


def completeness(journey: Journey, catalog: Catalog) -> Completeness:
    passed = 0
    for ph in catalog.phases:
        jp = journey.phase(ph.id)
        if jp is None:
            continue
        passed += 1
        passed += jp.goal is not None
        passed += bool(jp.core_message)
        passed += bool(jp.kpis)
        passed += bool(phase_touchpoints(jp))
        passed += all(jp.needs.get(pid) for pid in journey.personas)
    return Completeness(passed, len(CHECKS) * len(catalog.phases))


def findings(catalog: Catalog, report: P.Report) -> None:
    """Add every health finding (at its rule's default severity) to the report."""
    c = catalog
    titles = {p.id: p.title for p in c.phases}
    delivered = {d for j in c.journeys.values() for p in j.phases for i in p.impacts for d in i.deliverables}
    for j in c.journeys.values():
        covered = {p.phase for p in j.phases}
        for ph in c.phases:
            if ph.id not in covered:
                report.add(P.PHASE_NOT_COVERED, j.source.file, f"the journey does not cover the phase {ph.title}.", journey=j.id, phase=ph.id)
        if j.state == "as-is" and not j.counterpart:
            report.add(P.AS_IS_NO_TO_BE, j.source.file, "this as-is journey has no to-be counterpart.", field="counterpart", journey=j.id)
        for jp in j.phases:
            f, title = jp.source.file, titles.get(jp.phase, jp.phase)
            where = dict(journey=j.id, phase=jp.phase)
            if jp.goal is None:
                report.add(P.PHASE_NO_GOAL, f, f"{title} has no business goal.", field="goal", **where)
            if not jp.kpis:
                report.add(P.PHASE_NO_KPI, f, f"{title} has no KPI.", field="kpis", **where)
            if not jp.core_message:
                report.add(P.PHASE_NO_MESSAGE, f, f"{title} has no core message.", field="core_message", **where)
            if not phase_touchpoints(jp):
                report.add(P.PHASE_NO_TOUCHPOINT, f, f"{title} uses no touchpoint.", field="steps", **where)
            for pid in j.personas:
                if not jp.needs.get(pid):
                    name = c.personas[pid].name if pid in c.personas else pid
                    report.add(P.PERSONA_NO_NEEDS, f, f"{name} has no needs stated in {title}.", field=f"needs.{pid}", **where)
            for s in jp.steps:
                if not s.touchpoint:
                    report.add(P.STEP_NO_TOUCHPOINT, f, f"the step '{s.title}' names no touchpoint.", field=f"steps[{s.at}].touchpoint", **where)
            for i, k in enumerate(jp.kpis):
                _kpi_findings(report, f, f"kpis[{i}]", k, **where)
            for s in jp.signals:
                if not s.owner:
                    report.add(P.SIGNAL_NO_OWNER, f, f"the signal '{s.condition}' has no owner.", field=f"signals[{s.at}].owner", **where)
                if not s.action:
                    report.add(P.SIGNAL_NO_ACTION, f, f"the signal '{s.condition}' has no action.", field=f"signals[{s.at}].action", **where)
                if c.fired(s):
                    period, value = c.latest(s.when.kpi)
                    report.add(P.SIGNAL_FIRED, f, f"'{s.condition}' fired: {s.when.kpi} was {value:g} in {period} ({s.when}). "
                               f"Action: {s.action or '—'} ({s.owner or 'no owner'}).", field=f"signals[{s.at}].when", **where)
    for t in c.touchpoints.values():
        if t.id not in delivered:
            report.add(P.TOUCHPOINT_NO_PURPOSE, t.source.file, f"{t.name} serves no goal or impact: no impact map lists it as a deliverable.")
        for i, k in enumerate(t.kpis):
            _kpi_findings(report, t.source.file, f"kpis[{i}]", k)


def _kpi_findings(report: P.Report, file: str, field: str, kpi, **where) -> None:
    if kpi.target is None:
        report.add(P.KPI_NO_TARGET, file, f"the KPI '{kpi.name}' has no target.", field=f"{field}.target", **where)
    if not kpi.source:
        report.add(P.KPI_NO_SOURCE, file, f"the KPI '{kpi.name}' has no data source.", field=f"{field}.source", **where)


def levels(configured: dict[str, str]) -> dict[str, str]:
    """Rule -> severity: the defaults, overridden by the configuration."""
    out = {name: ("warn" if k.severity == P.WARNING else k.severity) for name, k in P.HEALTH.items()}
    out.update(configured)
    return out
