"""The team pages, their index and the friction backlog: view models over core/teams.py and core/backlog.py."""

from __future__ import annotations

import operator
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from mkdocs_journeys.core import teams as T
from mkdocs_journeys.core.backlog import Friction, Weights, backlog
from mkdocs_journeys.core.history import RECENT_DAYS
from mkdocs_journeys.core.model import phase_kpi_key
from mkdocs_journeys.render.pages.page_group import PageGroup
from mkdocs_journeys.render.templating import link as html_link

if TYPE_CHECKING:
    from mkdocs_journeys.render.pages.site import SiteBuilder

USES_SHOWN = 2  # step uses named per touchpoint on a team page; the touchpoint page lists them all
# A team page shows a slice of each of its lists: rows per page as a share of per_page, by how heavy a row
# is (a friction row or a touchpoint with its uses is several times a journey's line), so that a page
# with every list full stays within its size bound.
ROW_SHARE = dict(
    journeys=2 / 3, touchpoints=1 / 3, kpis=2 / 5, signals=2 / 5, friction=1 / 3, chances=2 / 5, recent=1 / 2
)


@dataclass(frozen=True)
class TeamRow:
    """A team on the index: its page and what it holds, counted."""

    team: T.Team
    journeys: int
    touchpoints: int
    kpis: int
    kpis_measured: int
    kpis_missed: int
    signals: int
    fired: int
    pains: int


@dataclass(frozen=True)
class TouchpointUses:
    touchpoint: object
    uses: list  # the first step uses: (journey id, phase id, step)
    count: int  # all step uses
    journeys: int


@dataclass(frozen=True, slots=True)
class TeamRows:
    """What a team's pages are made from besides the render key: equal rows make equal pages."""

    journeys: list[str]  # ids
    touchpoints: list[TouchpointUses]
    kpis: list[T.OwnedKpi]
    signals: list[T.OwnedSignal]
    files: dict[str, tuple]
    chances: list[tuple]
    friction: list[Friction]


@dataclass(frozen=True, slots=True)
class TeamSlices:
    """A team's pages as worked out from its rows and the team as its pages show it: what each page holds
    (its slice of every list), and what they all show besides."""

    rows: TeamRows
    team: T.Team
    slices: list[dict[str, list]]
    extra: dict


class TeamPages:
    def __init__(
        self,
        site: SiteBuilder,
        weights: Weights | None = None,
        today: date | None = None,
        last: TeamPages | None = None,
    ):
        # A proxy, not the builder: without a cycle between them, a replaced builder (and the catalog and
        # pages it holds) is freed at once instead of waiting for the garbage collector's full pass.
        self.site, self.c, self.t = weakref.proxy(site), site.c, site.t
        self.weights = weights or Weights()
        self.today = today or date.today()
        # The last build's holdings and what they were found from, and its teams' pages (the values, not
        # the last TeamPages: builders would otherwise hold each other in a chain).
        self._last_holdings = last._holdings if last is not None else None
        self._holdings: tuple[tuple, dict, dict[str, T.Holdings]] | None = None
        # What the teams' slices are worked out from besides their rows; the last build's slices, when
        # worked out in the same context.
        self._context = (site.dates, self.today, self.c.actuals)
        taken = last._pages if last is not None and last._context == self._context else {}
        self._known: dict[str, TeamSlices] = dict(taken)
        self._pages: dict[str, TeamSlices] = {}  # team key -> its slices
        # Touchpoint id -> its row on a team page, with the touchpoint and its list of step uses it was
        # made from (the same objects again while no changed journey uses the touchpoint: catalog.py).
        self._last_uses = last._uses_made if last is not None else {}
        self._uses_made: dict[str, tuple[object, list, TouchpointUses]] = {}

    # --- the model, computed once ---

    @cached_property
    def teams(self) -> dict[str, T.Team]:
        return T.collect(self.c)

    @cached_property
    def shown(self) -> dict[str, T.Team]:
        """The teams as their pages get them: without the places that name them, which only the health
        rules read. A page that held them would depend on every owner field of the catalog."""
        return {key: replace(t, mentions=[]) for key, t in self.teams.items()}

    @cached_property
    def holdings(self) -> dict[str, T.Holdings]:
        """What each team holds. Found from the teams, the journeys and touchpoints (objects, in order)
        and the actuals (which signals fired): the same objects and values find the same holdings, so
        while serving an edit that leaves them (a persona's text) takes the last build's."""
        inputs = (self.teams, *self.c.journeys.values(), *self.c.touchpoints.values())
        last = self._last_holdings
        self._last_holdings = None
        if (
            last is not None
            and len(last[0]) == len(inputs)
            and all(map(operator.is_, last[0], inputs))
            and last[1] == self.c.actuals
        ):
            found = last[2]
        else:
            found = T.holdings(self.c, self.teams)
        self._holdings = (inputs, self.c.actuals, found)
        return found

    @cached_property
    def backlog(self) -> list[Friction]:
        return backlog(self.c, self.weights)

    @cached_property
    def friction_by_team(self) -> dict[str, list[Friction]]:
        out: dict[str, list[Friction]] = {}
        for f in self.backlog:
            if f.owner.strip():
                out.setdefault(T.team_key(f.owner), []).append(f)
        return out

    def team_of(self, owner: str) -> T.Team | None:
        return self.teams.get(T.team_key(owner)) if owner and owner.strip() else None

    # --- helpers for templates ---

    def team_link(self, page_src: str, owner: str) -> Markup:
        """An owner as written in the content, linked to its team's page (every page that names an owner)."""
        team = self.team_of(owner)
        if team is None:
            return escape(owner) if owner else Markup(escape(self.t.none))
        return html_link(team.name, self.site.links.url(page_src, "team", team.id))

    def context(self, page_src: str) -> dict:
        url = self.site.links.url

        def step_link(journey: str, phase: str, text: str) -> Markup:
            """The step in its phase's table of steps on the page of the journey (ids)."""
            return html_link(text, url(page_src, "journey", journey, f"{phase}-steps"))

        return dict(
            step_link=step_link,
            kpi_key=lambda journey, phase, k: phase_kpi_key(journey, phase, k.id),
            weights=self.weights,
        )

    # --- pages ---

    def groups(self) -> Iterator[PageGroup]:
        """The index, the backlog and each team's pages, page by page, each page compared by the rows it
        shows (site._page_groups). A team's rows are what it holds (the journeys that name it, its
        touchpoints with their first uses, its KPIs, signals, chances and files) and its pain points with
        their ranks in the whole backlog; most are the same objects as in the last build, so an edit that
        leaves a team's rows as they were (a step's title, on another team's touchpoint) does not make its
        pages again, and one that changes a row makes again the page that shows it, not the team's
        hundreds of others. The teams themselves, the actuals and the dates are the render key's."""
        rows = self._index_rows()
        yield from self.site._page_groups(
            "teams", self.t.teams, "teams_index.html", dict(rows=rows), extra_ctx=self.context, count=len(rows)
        )
        pains = self.backlog
        yield from self.site._page_groups(
            "backlog",
            self.t.backlog,
            "backlog.html",
            dict(rows=pains),
            extra_ctx=self.context,
            count=len(pains),
            currencies=sorted({f.goal.currency for f in pains if f.goal}),
        )
        for team in self.teams.values():
            slices = self._slices(team)
            yield from self.site._page_groups(
                "team",
                team.name,
                "team.html",
                {},
                slices=slices.slices,
                extra_ctx=self.context,
                id=team.id,
                page_kind="team",
                **slices.extra,
            )
        self._last_uses = {}  # the last build's rows (and the objects they hold) can go

    def _slices(self, team: T.Team) -> TeamSlices:
        """The team's pages, slice by slice. Worked out from its rows, the team, the dates and the actuals:
        while serving, a team whose rows and context an edit left as they were takes the last build's
        slices, so that its pages compare as the same objects."""
        rows, shown = self._rows(team), self.shown[team.key]
        got = self._pages.get(team.key) or self._known.pop(team.key, None)
        if got is None or got.rows != rows or got.team != shown:
            got = self._team_slices(shown, rows)
        self._pages[team.key] = got
        return got

    def _rows(self, team: T.Team) -> TeamRows:
        h = self.holdings[team.key]
        return TeamRows(
            h.journeys,
            [self._uses(tp) for tp in h.touchpoints],
            h.kpis,
            h.signals,
            h.files,
            h.chances,
            self.friction_by_team.get(team.key, []),
        )

    def _index_rows(self) -> list[TeamRow]:
        rows = []
        for team in self.teams.values():
            h = self.holdings[team.key]
            # Counted, not shown; without actuals nothing is measured.
            latest = [(o.kpi, last) for o in h.kpis if (last := self.c.latest(o.key))] if self.c.actuals else []
            rows.append(
                TeamRow(
                    self.shown[team.key],
                    len(h.journeys),
                    len(h.touchpoints),
                    len(h.kpis),
                    len(latest),
                    sum(1 for kpi, last in latest if kpi.met(last[1]) is False),
                    len(h.signals),
                    sum(1 for o in h.signals if self.c.fired(o.signal)),
                    len(self.friction_by_team.get(team.key, [])),
                )
            )
        return rows

    def _team_slices(self, team: T.Team, rows: TeamRows) -> TeamSlices:
        views = [self.site.kpi_view(o.key, o.kpi) for o in rows.kpis]
        measured = [v for v in views if v.latest]
        summary = dict(
            journeys=len(rows.journeys),
            touchpoints=len(rows.touchpoints),
            kpis=len(rows.kpis),
            measured=len(measured),
            missed=sum(1 for v in measured if v.met is False),
            signals=len(rows.signals),
            fired=sum(1 for o in rows.signals if self.c.fired(o.signal)),
            pains=len(rows.friction),
        )
        recent = T.recent(self.site.dates, rows.files, self.today)
        lists: dict[str, list] = dict(
            journeys=rows.journeys,
            touchpoints=rows.touchpoints,
            kpis=list(zip(rows.kpis, views)),
            signals=rows.signals,
            friction=rows.friction,
            chances=rows.chances,
            recent=recent,
        )
        slices = split_each(lists, self.site.per_page)
        extra = dict(team=team, summary=summary, dated=bool(self.site.dates), days=RECENT_DAYS)
        return TeamSlices(rows, team, slices, extra)

    def _uses(self, tp) -> TouchpointUses:
        uses = self.c.touchpoint_steps(tp.id)
        made = self._uses_made.get(tp.id) or self._last_uses.get(tp.id)
        if made is None or made[0] is not tp or made[1] is not uses:
            first = [(u.journey, u.phase.phase, u.step) for u in uses[:USES_SHOWN]]
            made = (tp, uses, TouchpointUses(tp, first, len(uses), len({u.journey for u in uses})))
        self._uses_made[tp.id] = made
        return made[2]


def split_each(lists: dict[str, list], per_page: int) -> list[dict[str, list]]:
    """Page by page, a slice of every list, each list with its own rows per page (ROW_SHARE of per_page)."""
    if per_page <= 0:
        return [dict(lists)]
    sizes = {k: max(1, round(per_page * ROW_SHARE.get(k, 1))) for k in lists}
    count = max([1] + [-(-len(v) // sizes[k]) for k, v in lists.items()])
    return [{k: v[i * sizes[k] : (i + 1) * sizes[k]] for k, v in lists.items()} for i in range(count)]
