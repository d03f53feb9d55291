"""The health report: gaps in the maps, as findings of configurable rules, and completeness.

An incomplete map misleads. Each rule finds one class of gap; its severity
(error, warn, info, ignore) comes from the plugin option health.rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from mkdocs_journeys.core import problems as P
from mkdocs_journeys.core import teams
from mkdocs_journeys.core.model import Catalog, Journey, JourneyPhase, PhaseDef
from mkdocs_journeys.core.model.per_journey import PerJourney
from mkdocs_journeys.core.schema import fmt_path


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


def phase_touchpoints(jp: JourneyPhase) -> set[str]:
    return {s.touchpoint for s in jp.steps if s.touchpoint} | {d for i in jp.impacts for d in i.deliverables}


# What a covered phase of a journey is checked for: by completeness, the report's table and the rules below.
PHASE_CHECKS: dict[str, Callable[[Journey, JourneyPhase], bool]] = {
    "goal": lambda j, jp: jp.goal is not None,
    "core_message": lambda j, jp: bool(jp.core_message),
    "kpi": lambda j, jp: bool(jp.kpis),
    "touchpoint": lambda j, jp: bool(phase_touchpoints(jp)),
    "needs": lambda j, jp: all(jp.needs.get(pid) for pid in j.personas),
}
# What completeness counts, per phase of the phase model (documented on the report page).
CHECKS = ("covered", *PHASE_CHECKS)


def phase_checks(journey: Journey, jp: JourneyPhase | None) -> dict[str, bool]:
    """Check -> passed, for one phase of the phase model (jp None: the journey does not cover it: all fail)."""
    if jp is None:
        return dict.fromkeys(CHECKS, False)
    return {"covered": True} | {name: test(journey, jp) for name, test in PHASE_CHECKS.items()}


def _covered_checks(journey: Journey) -> dict[str, dict[str, bool]]:
    """Phase id -> the checks each phase the journey covers passes (the first phase of an id, as
    Journey.phase finds it)."""
    out: dict[str, dict[str, bool]] = {}
    for jp in journey.phases:
        if jp.phase not in out:
            out[jp.phase] = phase_checks(journey, jp)
    return out


# Worked out once per journey object: the health index ranks every journey by it on every rebuild.
_COVERED_CHECKS = PerJourney(_covered_checks)


def completeness_table(journey: Journey, catalog: Catalog) -> list[tuple[PhaseDef, dict[str, bool]]]:
    """Every phase of the phase model with the checks it passes: what completeness counts."""
    (covered,) = _COVERED_CHECKS([journey])
    return [(ph, dict(covered[ph.id]) if ph.id in covered else phase_checks(journey, None)) for ph in catalog.phases]


def completeness(journey: Journey, catalog: Catalog) -> Completeness:
    """The checks passed of those of completeness_table, without making it (a phase not covered passes none):
    the health index ranks every journey by it on every rebuild."""
    (passed,) = _PASSED([journey])
    return Completeness(sum(passed.get(ph.id, 0) for ph in catalog.phases), len(CHECKS) * len(catalog.phases))


# Phase id -> how many checks the journey's phase passes, once per journey object.
_PASSED = PerJourney(lambda j: {phase: sum(checks.values()) for phase, checks in _COVERED_CHECKS([j])[0].items()})


@dataclass(slots=True)
class _LastFindings:
    """A journey's findings, and what the rules read to find them (`_reads`)."""

    key: tuple | None = None
    problems: tuple[P.Problem, ...] = ()


# While serving, a rebuild takes the journey objects of unchanged files from the last (ModelMemo): one
# whose findings read what they read then has the same findings, without the rules walking it again.
_LAST_FINDINGS = PerJourney(lambda j: _LastFindings())


def _reads(j: Journey, c: Catalog, lines: Mapping[str, Mapping], shared: tuple) -> tuple:
    """What a journey's findings read besides the journey: what all journeys' read (`shared`: the language
    and the phase model), each persona it lists (a finding names it), the actual values its signals
    watch, and its files' line maps (the loader's, the same objects while its files stay the same:
    compared by identity, and kept with the key so that an id stays theirs)."""
    signals = tuple(c.latest(s.when.kpi) for jp in j.phases for s in jp.signals if s.when is not None)
    personas = tuple(p.name if (p := c.personas.get(pid)) is not None else None for pid in j.personas)
    maps = tuple(lines.get(f) for f in (j.source.file, *(jp.source.file for jp in j.phases)))
    return (shared, personas, signals, tuple(map(id, maps)), maps)


def _folders_of(files: AbstractSet[str]) -> set[str]:
    """Every folder that holds one of `files`, at any depth."""
    out: set[str] = set()
    for f in files:
        parts = f.split("/")[:-1]
        out.update("/".join(parts[:n]) for n in range(1, len(parts) + 1))
    return out


def findings(
    catalog: Catalog,
    report: P.Report,
    lines: Mapping[str, Mapping] | None = None,
    skip: AbstractSet[str] = frozenset(),
    delivered_elsewhere: AbstractSet[str] = frozenset(),
    mentions: list[teams.Mention] | None = None,
    each: Callable[[str, list[P.Problem]], None] | None = None,
) -> None:
    """Add every health finding (at its rule's default severity) to the report.

    `lines` (file -> field path -> line) locates each finding; files in `skip` have errors and are not
    checked; `delivered_elsewhere` are touchpoints that files outside the catalog deliver (files that
    failed to load, journeys taken from their check's record); `mentions`, when some journeys are not
    in the catalog, every owner named, in file order. `each(journey id, its findings)` follows each
    journey's findings (the owners' spellings and touchpoints are found across journeys, after them)."""
    c = catalog
    lines = lines or {}
    titles = {p.id: p.title for p in c.phases}
    delivered = c.delivered() | set(delivered_elsewhere)

    def locate(file: str, path: tuple) -> int:
        return line_in(lines.get(file, {}), path)

    def add(kind: P.ProblemKind, file: str, key: str, path: tuple = (), **args) -> None:
        report.add(kind, file, key, field=fmt_path(path) or None, line=locate(file, path), **args)

    skipped_folders = _folders_of(skip)
    shared = (report.language, tuple((ph.id, ph.title) for ph in c.phases))
    for j in c.journeys.values():
        first = len(report.problems)
        (memo,) = _LAST_FINDINGS([j])
        folder = j.source.file.rpartition("/")[0]
        key = None if folder in skipped_folders else _reads(j, c, lines, shared)
        if key is not None and memo.key == key:
            report.extend(memo.problems)  # what the rules read of it is as it was: so are its findings
        else:
            _journey_findings(j, c, add, titles, skip, skipped_folders, report.language)
            memo.key, memo.problems = key, tuple(report.problems[first:])
        if each is not None:
            each(j.id, report.problems[first:])
    _team_findings(teams.collect(c) if mentions is None else teams.found_in(mentions), report, locate, skip)
    for t in c.touchpoints.values():
        if t.source.file in skip:
            continue
        if t.id not in delivered:
            add(P.TOUCHPOINT_NO_PURPOSE, t.source.file, "touchpoint-without-purpose", name=t.name)
        for i, k in enumerate(t.kpis):
            _kpi_findings(add, t.source.file, ("kpis", i), k)


def _journey_findings(
    j: Journey,
    c: Catalog,
    add: Callable,
    titles: dict[str, str],
    skip: AbstractSet[str],
    skipped_folders: AbstractSet[str],
    language: str,
) -> None:
    """The findings of one journey's own files."""
    if j.source.file not in skip:
        covered = {p.phase for p in j.phases}
        folder = j.source.file.rpartition("/")[0]
        for ph in c.phases:
            # a phase file that failed to load is not missing
            if ph.id not in covered and folder not in skipped_folders:
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
    (covered_checks,) = _COVERED_CHECKS([j])
    for jp in j.phases:
        f, title = jp.source.file, titles.get(jp.phase, jp.phase)
        if f in skip:
            continue
        where = dict(journey=j.id, phase=jp.phase)
        passed = covered_checks[jp.phase]  # a journey holds one phase of an id (the loader refuses twins)
        if not passed["goal"]:
            add(P.PHASE_NO_GOAL, f, "phase-without-goal", ("goal",), title=title, **where)
        if not passed["kpi"]:
            add(P.PHASE_NO_KPI, f, "phase-without-kpi", ("kpis",), title=title, **where)
        if not passed["core_message"]:
            add(P.PHASE_NO_MESSAGE, f, "phase-without-core-message", ("core_message",), title=title, **where)
        if not passed["touchpoint"]:
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
                words = P.messages(language)
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


def line_in(line_map: Mapping, path: tuple) -> int:
    """The line of a field, or of its nearest parent that has one; else the first."""
    return next((line_map[path[:n]] for n in range(len(path), -1, -1) if path[:n] in line_map), 1)


def _team_findings(by_key: dict[str, teams.Team], report: P.Report, locate, skip: AbstractSet[str]) -> None:
    """One finding per other spelling of a team, at its first place; its further places are folded into it."""
    words = P.messages(report.language)
    for team in by_key.values():
        by_spelling = team.spellings
        if len(by_spelling) < 2:
            continue
        spellings = {s: [m for m in ms if m.file not in skip] for s, ms in by_spelling.items()}
        preferred = [P.Place(m.file, locate(m.file, m.path), fmt_path(m.path)) for m in by_spelling[team.spelling]]
        for spelling, found in spellings.items():
            if spelling == team.spelling:
                continue
            for m in found:
                report.add(
                    P.TEAM_SPELLINGS,
                    m.file,
                    "team-spelled-twice",
                    field=fmt_path(m.path),
                    line=locate(m.file, m.path),
                    related=tuple(preferred),
                    root=("team-spelled-twice", team.key, spelling),
                    spelling=spelling,
                    name=team.name,
                    places=words.places(preferred),
                )


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
