"""Teams: every owner named on a journey, touchpoint, KPI or signal, as one identity per team.

Owners are free text. Two spellings that differ only in case or spacing (`Marketing`, `marketing `)
name one team: `team_key` is that rule, defined once. The team is shown under its most used
spelling; a second spelling is a health finding (core/health.py). Each team gets a page id: a
slug of its name that no other team and no reserved page name (core/ids.py) takes.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from mkdocs_journeys.core import ids
from mkdocs_journeys.core.history import recent_change
from mkdocs_journeys.core.model import (
    Catalog,
    Journey,
    Kpi,
    Signal,
    Touchpoint,
    phase_kpi_key,
    touchpoint_kpi_key,
)
from mkdocs_journeys.core.model.common import team_key
from mkdocs_journeys.core.model.per_journey import PerJourney, PerTouchpoint

RESERVED = ids.RESERVED  # the index page and its numbered pages sit beside the team pages


@dataclass(frozen=True, slots=True)
class Mention:
    """One place that names an owner: the file, the field path within it, and the spelling used."""

    spelling: str
    file: str
    path: tuple
    what: str  # journey | touchpoint | kpi | signal


@dataclass(slots=True)
class Team:
    key: str
    id: str  # page slug
    name: str  # the spelling used most, spaces normalised
    spelling: str  # that spelling as written
    mentions: list[Mention] = field(default_factory=list)

    @property
    def spellings(self) -> dict[str, list[Mention]]:
        out: dict[str, list[Mention]] = {}
        for m in self.mentions:
            out.setdefault(m.spelling, []).append(m)
        return out


def journey_mentions(j: Journey) -> tuple[Mention, ...]:
    return tuple(Mention(*named) for named in j.named_owners())


_JOURNEY_MENTIONS = PerJourney(journey_mentions)


def mentions(catalog: Catalog) -> list[Mention]:
    """Every owner named in the content, in file order."""
    out: list[Mention] = []
    for found in _JOURNEY_MENTIONS(catalog.journeys.values()):
        out += found
    return out + touchpoint_mentions(catalog)


def touchpoint_mentions(catalog: Catalog) -> list[Mention]:
    out: list[Mention] = []
    for found in _TOUCHPOINT_MENTIONS(catalog.touchpoints.values()):
        out += found
    return out


def _touchpoint_mentions(t: Touchpoint) -> tuple[Mention, ...]:
    out = [Mention(t.owner, t.source.file, ("owner",), "touchpoint")] if t.owner.strip() else []
    for i, k in enumerate(t.kpis):
        if k.owner.strip():
            out.append(Mention(k.owner, t.source.file, ("kpis", i, "owner"), "kpi"))
    return tuple(out)


_TOUCHPOINT_MENTIONS = PerTouchpoint(_touchpoint_mentions)


def slug(name: str) -> str:
    """ASCII letters, digits and '-' (German umlauts spelled out); '' when nothing is left."""
    text = name.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text)[: ids.MAX_LENGTH - 4].strip("-")  # room for a '-2' suffix


@dataclass(frozen=True, slots=True)
class _Found:
    """The last catalog's teams, and the mentions they were found from: the health rules and the team
    pages ask for them in the same build, and while serving, a rebuild whose journeys and touchpoints
    name their owners in the same mentions finds the same teams."""

    catalog: weakref.ref[Catalog]
    teams: dict[str, Team]
    journeys: list[tuple[Mention, ...]]
    touchpoints: list[Mention]


_last: _Found | None = None


def collect(catalog: Catalog) -> dict[str, Team]:
    """Team key -> team, sorted by name; page ids unique and never reserved. Computed once per catalog:
    the teams are shared, never changed."""
    global _last
    if _last is not None and _last.catalog() is catalog:
        return _last.teams
    journeys = _JOURNEY_MENTIONS(catalog.journeys.values())
    touchpoints = touchpoint_mentions(catalog)
    last = _last
    # Compared by value: most are the same objects (PerJourney), and an edited journey mostly names its
    # owners in the same places (a step title's edit), which finds the same teams.
    if last is not None and journeys == last.journeys and touchpoints == last.touchpoints:
        found = last.teams
    else:
        found = found_in([m for named in journeys for m in named] + touchpoints)
    _last = _Found(weakref.ref(catalog), found, journeys, touchpoints)
    return found


def found_in(named: list[Mention]) -> dict[str, Team]:
    """The teams the mentions name (journeys' in file order, then touchpoints'; see `collect`)."""
    by_key: dict[str, list[Mention]] = {}
    for m in named:
        by_key.setdefault(team_key(m.spelling), []).append(m)
    teams: list[Team] = []
    for key, found in by_key.items():
        counts = Counter(m.spelling for m in found)
        # The most used spelling; on a tie one that starts with a capital (and is not all capitals),
        # then the first one written.
        written = max(counts, key=lambda s: (counts[s], s.strip()[:1].isupper() and not s.isupper()))
        teams.append(Team(key, "", " ".join(written.split()), written, found))
    teams.sort(key=lambda t: (t.name.casefold(), t.name))
    taken: set[str] = set()
    for t in teams:
        base = slug(t.name) or "team"
        candidate, n = base, 1
        while candidate in RESERVED or candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        t.id = candidate
        taken.add(candidate)
    return {t.key: t for t in teams}


# The rows name a journey and a phase by id: a row stays equal to the last build's when something else
# of its phase file changes (a step's title), so the team pages that show it need not be made again.


@dataclass(frozen=True, slots=True)
class OwnedKpi:
    key: str  # qualified KPI key (for actuals)
    kpi: Kpi
    journey: str | None  # a phase KPI: its journey and phase (ids)
    phase: str | None
    touchpoint: Touchpoint | None  # a touchpoint KPI


@dataclass(frozen=True, slots=True)
class OwnedSignal:
    journey: str  # id
    phase: str  # id
    signal: Signal


@dataclass(slots=True)
class Holdings:
    """What names a team as owner, and the content files that concern it."""

    journeys: list[str] = field(default_factory=list)  # ids of the journeys it owns
    touchpoints: list[Touchpoint] = field(default_factory=list)
    kpis: list[OwnedKpi] = field(default_factory=list)  # phase KPIs in journey and phase order, then touchpoint KPIs
    signals: list[OwnedSignal] = field(default_factory=list)  # fired first, then quiet, then without data
    # file -> ("journey", journey id) | ("phase", journey id, phase id) | ("touchpoint", t): a journey it owns; a phase
    # file with a KPI or signal it owns or a step or impact at one of its touchpoints; a touchpoint it owns or
    # whose KPI it owns.
    files: dict[str, tuple] = field(default_factory=dict)
    # (journey id, phase id, step number, step): steps at its touchpoints with opportunities and no pain point
    # (those with pain points are in the backlog), in journey and step order
    chances: list[tuple] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _PhaseHoldings:
    """What one phase of a journey gives the teams, before it is known which team owns which touchpoint."""

    file: str
    entry: tuple  # ("phase", journey id, phase id): the value of `Holdings.files`
    kpis: tuple[tuple[str, OwnedKpi], ...]  # (owner as written, row)
    signals: tuple[tuple[str, OwnedSignal], ...]
    used: tuple[str, ...]  # the touchpoints its steps and impacts use


@dataclass(frozen=True, slots=True)
class _JourneyHoldings:
    owners: tuple[str, ...]  # team keys, each once
    entry: tuple  # ("journey", journey id)
    phases: tuple[_PhaseHoldings, ...]
    chances: tuple[tuple, ...]  # (journey id, phase id, step number, step): opportunities without pain points


def _journey_holdings(j: Journey) -> _JourneyHoldings:
    phases = tuple(
        _PhaseHoldings(
            jp.source.file,
            ("phase", j.id, jp.phase),
            tuple((k.owner, OwnedKpi(phase_kpi_key(j.id, jp.phase, k.id), k, j.id, jp.phase, None)) for k in jp.kpis),
            tuple((s.owner, OwnedSignal(j.id, jp.phase, s)) for s in jp.signals),
            tuple([s.touchpoint for s in jp.steps if s.touchpoint] + [d for i in jp.impacts for d in i.deliverables]),
        )
        for jp in j.phases
    )
    chances = tuple(
        (j.id, jp.phase, no, step) for no, (jp, step) in enumerate(j.steps, 1) if step.opportunities and not step.pains
    )
    owners = tuple(dict.fromkeys(team_key(o) for o in j.owners if o.strip()))
    return _JourneyHoldings(owners, ("journey", j.id), phases, chances)


_JOURNEY_HOLDINGS = PerJourney(_journey_holdings)


def _touchpoint_holdings(t: Touchpoint) -> tuple[tuple, tuple[tuple[str, OwnedKpi], ...]]:
    """What a touchpoint gives the team that owns it or one of its KPIs: its value of `Holdings.files`,
    and its KPIs with their owners as written."""
    return ("touchpoint", t), tuple(
        (k.owner, OwnedKpi(touchpoint_kpi_key(t.id, k.id), k, None, None, t)) for k in t.kpis
    )


_TOUCHPOINT_HOLDINGS = PerTouchpoint(_touchpoint_holdings)


# What one journey gives one team's holdings, in the order the journey gives it: (team key, whether the
# journey names the team as its owner, KPIs, signals, (file, entry) pairs, chances). Plain tuples: they
# live while serving, and the collector walks each object it tracks.
_Share = tuple[str, bool, tuple, tuple, tuple, tuple]


@dataclass(frozen=True, slots=True)
class _Owners:
    """Which team owner fields name: the teams' keys, and each touchpoint's team (key) by its id."""

    teams: tuple[str, ...]
    touchpoints: dict[str, str]


@dataclass(slots=True)
class _LastShares:
    owners: _Owners | None = None  # what the shares were found with
    shares: tuple[_Share, ...] = ()


# While serving, a journey taken again from the last run gives the teams what it gave then, as long as
# the same teams own the same touchpoints: its shares are added as they are, not found again.
_LAST_SHARES = PerJourney(lambda j: _LastShares())
_last_owners: _Owners | None = None


def _shares(j: Journey, made: _JourneyHoldings, owners: _Owners) -> tuple[_Share, ...]:
    teams, tp_team = set(owners.teams), owners.touchpoints
    found: dict[str, tuple[list, list, list, list]] = {}  # team key -> kpis, signals, files, chances

    def of(key: str | None) -> tuple[list, list, list, list] | None:
        if key is None or key not in teams:
            return None
        return found.setdefault(key, ([], [], [], []))

    for o in made.owners:
        got = of(o)
        if got is not None:
            got[2].append((j.source.file, made.entry))
    for phase in made.phases:
        concerned: dict[str, tuple[list, list, list, list]] = {}
        for owner, owned_kpi in phase.kpis:
            if owner.strip() and (got := of(key := team_key(owner))) is not None:
                got[0].append(owned_kpi)
                concerned[key] = got
        for owner, owned_signal in phase.signals:
            if owner.strip() and (got := of(key := team_key(owner))) is not None:
                got[1].append(owned_signal)
                concerned[key] = got
        for tid in phase.used:
            if (got := of(tp_team.get(tid))) is not None:
                concerned[tp_team[tid]] = got
        for got in concerned.values():
            got[2].append((phase.file, phase.entry))
    for chance in made.chances:
        if (got := of(tp_team.get(chance[3].touchpoint))) is not None:
            got[3].append(chance)
    owning = set(made.owners)
    return tuple((key, key in owning, tuple(k), tuple(s), tuple(f), tuple(c)) for key, (k, s, f, c) in found.items())


def holdings(catalog: Catalog, teams: dict[str, Team]) -> dict[str, Holdings]:
    """Team key -> its holdings, in one pass over the catalog."""
    out = {key: Holdings() for key in teams}
    keys: dict[str, Holdings | None] = {}  # owner as written -> its team's holdings: a few spellings, many fields

    def of(owner: str) -> Holdings | None:
        if owner not in keys:
            keys[owner] = out.get(team_key(owner)) if owner.strip() else None
        return keys[owner]

    tp_key: dict[str, str] = {}  # touchpoint id -> its team's key
    touchpoints = catalog.touchpoints.values()
    tp_made = {t.id: made for t, made in zip(touchpoints, _TOUCHPOINT_HOLDINGS(touchpoints), strict=True)}
    for t in sorted(catalog.touchpoints.values(), key=lambda t: (t.name.casefold(), t.id)):
        h = of(t.owner)
        if h is not None:
            h.touchpoints.append(t)
            h.files[t.source.file] = tp_made[t.id][0]
            tp_key[t.id] = team_key(t.owner)
    global _last_owners
    owners = _Owners(tuple(out), tp_key)
    if owners == _last_owners:
        owners = _last_owners  # the same teams own the same touchpoints: each journey's shares hold
    _last_owners = owners
    journeys = catalog.journeys.values()
    for j, made, last in zip(journeys, _JOURNEY_HOLDINGS(journeys), _LAST_SHARES(journeys), strict=True):
        if last.owners is not owners:
            last.owners, last.shares = owners, _shares(j, made, owners)
        for key, owns, kpis, signals, files, chances in last.shares:
            h = out[key]
            if owns:
                h.journeys.append(j.id)
            h.kpis += kpis
            h.signals += signals
            h.files.update(files)
            h.chances += chances
    for t in catalog.touchpoints.values():
        entry, owned_kpis = tp_made[t.id]
        for owner, owned in owned_kpis:
            h = of(owner)
            if h is not None:
                h.kpis.append(owned)
                h.files.setdefault(t.source.file, entry)
    rank = {True: 0, False: 1, None: 2}
    for h in out.values() if catalog.actuals else ():  # without actuals, no signal can be told: all rank alike
        h.signals.sort(key=lambda o: rank[catalog.fired(o.signal)])
    return out


def recent(dates: dict[str, str], files: dict[str, tuple], today: date) -> list[tuple]:
    """(date, file, what) for the files changed lately (history.recent_change), newest first."""
    found = []
    for f in sorted(f for f in files if f in dates):  # a team holds thousands of files, few of them dated
        changed = recent_change(dates, (f,), today)
        if changed is not None:
            found.append((changed, f, files[f]))
    return sorted(found, key=lambda x: x[0], reverse=True)  # stable: files of one day stay in path order
