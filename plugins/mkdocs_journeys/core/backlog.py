"""The friction backlog: every pain point of every step, ranked by what it puts at stake.

The score of a pain point is a weighted mean of three parts, each between 0 and 1, times 100:

- money: the business goal of the step's phase, as a share of the largest phase goal in the same
  currency. Amounts are compared only within a currency (no exchange rates), so the largest goal of
  each currency gets the full money part; periods are not converted. A phase without goal: 0.
- emotion: how negative the step's emotion is, (5 - emotion) / 4: 1 for a 1, 0 for a 5.
- reach: the personas the step reaches, as a share of the most personas any step reaches.

    score = 100 * (w_money * money + w_emotion * emotion + w_reach * reach) / (w_money + w_emotion + w_reach)

The weights are the plugin option `backlog.weights` (default 1 each). Ties rank by the larger goal,
the lower emotion, the wider reach, then in journey, phase and step order. Each pain point of a
step is its own row; all rows of one step have the same score.

A pain hurts the impacts of its phase that the step's touchpoint delivers; if it delivers none, the
impacts of the personas the step reaches. Their KPIs are the row's KPIs. The owner is the owner of
the step's touchpoint.
"""

from __future__ import annotations

import csv
import io
import weakref
from dataclasses import dataclass

from mkdocs_journeys.core.model import Catalog, Journey, JourneyPhase, Kpi, Money, Step
from mkdocs_journeys.core.model.per_journey import PerJourney
from mkdocs_journeys.core.terminal import safe

EMOTION_MIN, EMOTION_MAX = 1, 5


@dataclass(frozen=True, slots=True)
class Weights:
    money: float = 1.0
    emotion: float = 1.0
    reach: float = 1.0

    @property
    def total(self) -> float:
        return self.money + self.emotion + self.reach


@dataclass(frozen=True, slots=True)
class Friction:
    """One pain point in the backlog, with the parts of its score."""

    rank: int
    journey: str  # id
    phase: str  # id: the row stays equal when something else of the phase file changes
    goal: Money | None  # the phase's
    step: Step
    step_no: int  # the step's number in its journey (as on the journey page and board)
    pain: str
    money: float  # parts of the score, 0..1
    emotion: float
    reach: float
    score: float  # 0..100
    kpis: tuple[Kpi, ...]
    owner: str  # the owner of the step's touchpoint, as written ('' when none)

    @property
    def personas(self) -> int:
        return len(self.step.personas)


def emotion_part(emotion: int) -> float:
    return (EMOTION_MAX - emotion) / (EMOTION_MAX - EMOTION_MIN)


def score(money: float, emotion: float, reach: float, weights: Weights) -> float:
    if weights.total <= 0:
        return 0.0
    return 100 * (weights.money * money + weights.emotion * emotion + weights.reach * reach) / weights.total


def hurt_kpis(phase: JourneyPhase, step: Step) -> tuple[Kpi, ...]:
    """The KPIs of the impacts a step's pains hurt (see the module's description)."""
    impacts = [i for i in phase.impacts if step.touchpoint and step.touchpoint in i.deliverables]
    if not impacts:
        impacts = [i for i in phase.impacts if i.persona and i.persona in step.personas]
    found: dict[str, Kpi] = {}
    for i in impacts:
        k = phase.kpi(i.kpi)
        if k is not None:
            found.setdefault(k.id, k)
    return tuple(found.values())


@dataclass(frozen=True, slots=True)
class _Pained:
    """A step with pain points, and what its journey alone says of it."""

    phase: JourneyPhase
    step: Step
    step_no: int
    kpis: tuple[Kpi, ...]


def _pained_steps(j: Journey) -> tuple[_Pained, ...]:
    return tuple(_Pained(jp, s, no, hurt_kpis(jp, s)) for no, (jp, s) in enumerate(j.steps, 1) if s.pains)


_PAINED = PerJourney(_pained_steps)


def backlog(catalog: Catalog, weights: Weights | None = None) -> list[Friction]:
    """Every pain point, best first (rank 1 is the most at stake)."""
    global _last_backlog
    w = weights or Weights()
    journeys = list(catalog.journeys.values())
    ranked_from = _ranked_from(catalog, w)
    if _last_backlog is not None and _last_backlog.same_inputs(journeys, ranked_from):
        return list(_last_backlog.rows)
    largest: dict[str, float] = {}
    most_personas = 1
    for currencies, personas in _EXTENT(journeys):
        for currency, value in currencies:
            largest[currency] = max(largest.get(currency, 0.0), value)
        most_personas = max(most_personas, personas)
    # All pain points of a step have the same score: steps are ranked, then their pain points in order.
    # Steps and their values sit in lists beside the order, which holds plain values with the step's
    # place: the collector stops tracking such tuples at once (thousands, made on every rebuild).
    global _last_scores
    scored_from = (ranked_from, tuple(sorted(largest.items())), most_personas)
    last_scores = _last_scores[1] if _last_scores[0] == scored_from else {}
    scores: dict[int, tuple] = {}
    pained_steps: list[_Pained] = []
    step_values: list[tuple] = []
    stakes: list[tuple] = []
    scored: set[int] = set()  # the steps of journeys scored anew
    for j, pained in zip(journeys, _PAINED(journeys), strict=True):
        got = last_scores.get(id(j))
        if got is None or got[0]() is not j:
            got = (weakref.ref(j), *_scored(catalog, j, pained, largest, most_personas, w))
            scored.update(id(p.step) for p in pained)
        scores[id(j)] = got
        stakes += got[1]
        pained_steps += pained
        step_values += got[2]
    _last_scores = (scored_from, scores)
    # The same stakes in the same order sort the same: an edit that moves no score sorts nothing again.
    global _last_order
    if _last_order is not None and _last_order[0] == stakes:
        same_order, order = True, _last_order[1]
    else:
        same_order, order = False, sorted((at_stake, n) for n, at_stake in enumerate(stakes))
    _last_order = (stakes, order)
    global _last_rows
    last, now = _last_rows, {}
    out: list[Friction] = []
    for _, n in order:
        p, values = pained_steps[n], step_values[n]
        rows = last.get(id(p.step))
        # Where the order is the last one, a step of a journey not scored anew has its last rank and values.
        kept = same_order and rows is not None and id(p.step) not in scored
        if rows is None or not (kept or _same_rows(rows, len(out) + 1, p, values)):
            jid, money, emotion, reach, total, owner = values
            rows = [
                Friction(
                    rank,
                    jid,
                    p.phase.phase,
                    p.phase.goal,
                    p.step,
                    p.step_no,
                    pain,
                    money,
                    emotion,
                    reach,
                    total,
                    p.kpis,
                    owner,
                )
                for rank, pain in enumerate(p.step.pains, len(out) + 1)
            ]
        now[id(p.step)] = rows
        out += rows
    _last_rows = now
    _last_backlog = _Ranked(tuple(map(weakref.ref, journeys)), ranked_from, tuple(out))
    return out


def _extent(j: Journey) -> tuple[tuple[tuple[str, float], ...], int]:
    """A journey's largest phase goal per currency, and the most personas one of its steps reaches."""
    largest: dict[str, float] = {}
    most = 0
    for jp in j.phases:
        if jp.goal is not None:
            largest[jp.goal.currency] = max(largest.get(jp.goal.currency, 0.0), jp.goal.value)
        for s in jp.steps:
            most = max(most, len(s.personas))
    return tuple(largest.items()), most


_EXTENT = PerJourney(_extent)


def _scored(
    catalog: Catalog,
    j: Journey,
    pained: tuple[_Pained, ...],
    largest: dict[str, float],
    most_personas: int,
    w: Weights,
) -> tuple[tuple[tuple, ...], tuple[tuple, ...]]:
    """Where each pained step of `j` ranks (plain values, compared in the sort) and its score's parts."""
    title = j.title.casefold()
    stakes, values = [], []
    for p in pained:
        jp, s = p.phase, p.step
        top = largest.get(jp.goal.currency, 0.0) if jp.goal else 0.0
        money = jp.goal.value / top if jp.goal and top > 0 else 0.0
        emotion = emotion_part(s.emotion)
        reach = len(s.personas) / most_personas
        total = score(money, emotion, reach, w)
        owner = catalog.touchpoints[s.touchpoint].owner if s.touchpoint in catalog.touchpoints else ""
        at = catalog.phase_index(jp.phase)
        stakes.append((-round(total, 9), -money, s.emotion, -len(s.personas), title, j.id, at, p.step_no))
        values.append((j.id, money, emotion, reach, total, owner))
    return tuple(stakes), tuple(values)


def _ranked_from(catalog: Catalog, weights: Weights) -> tuple:
    """What a backlog reads besides its journeys: the weights, the phase order, each touchpoint's owner."""
    owners = tuple((tid, t.owner) for tid, t in catalog.touchpoints.items())
    return weights, tuple(p.id for p in catalog.phases), owners


@dataclass(frozen=True, slots=True)
class _Ranked:
    """A backlog and what it was ranked from. The model is never changed after loading, so the same
    journey objects in the same order, with the same weights, phases and owners, rank the same rows.
    The journeys are held weakly: a catalog nobody uses any more goes with them."""

    journeys: tuple[weakref.ref[Journey], ...]
    ranked_from: tuple
    rows: tuple[Friction, ...]

    def same_inputs(self, journeys: list[Journey], ranked_from: tuple) -> bool:
        return (
            len(journeys) == len(self.journeys)
            and all(ref() is j for ref, j in zip(self.journeys, journeys))
            and ranked_from == self.ranked_from
        )


# The last backlog: while serving, an edit that leaves every journey the same object (a persona's or a
# touchpoint's text) gives it again instead of scoring and sorting every pain point again.
_last_backlog: _Ranked | None = None


# What the last backlog was scored from (besides the journeys: the weights, phases and owners, the
# largest goal per currency, the most personas a step reaches), and by journey id its scored steps
# (`_scored`) with a weak reference to the journey: an edit scores again the journeys it changed only.
_last_scores: tuple[tuple | None, dict[int, tuple]] = (None, {})


# The last backlog's stakes in journey order, and their sorted order ((stake, position) pairs: plain values).
_last_order: tuple[list[tuple], list[tuple]] | None = None


# The last backlog's rows by step (the rows hold the step: its id stays its own). A row that would be
# made again with the same values is the same object: after an edit, the rows of every other step are
# taken as they are instead of being made again by the thousand.
_last_rows: dict[int, list[Friction]] = {}


def _same_rows(rows: list[Friction], rank: int, p: _Pained, values: tuple) -> bool:
    first = rows[0]  # of the same step: the rows are found by its id
    return (
        first.phase == p.phase.phase
        and first.goal == p.phase.goal
        and first.kpis is p.kpis
        and first.rank == rank
        and first.step_no == p.step_no
        and len(rows) == len(p.step.pains)
        and (first.journey, first.money, first.emotion, first.reach, first.score, first.owner) == values
    )


# --- CSV export ---

COLUMNS = (
    "rank",
    "score",
    "money",
    "emotion_part",
    "reach",
    "journey",
    "journey_title",
    "phase",
    "step_no",
    "step",
    "pain",
    "emotion",
    "personas",
    "goal_value",
    "goal_currency",
    "goal_period",
    "opportunities",
    "kpis",
    "owner",
)
_FORMULA = ("=", "+", "-", "@")


def csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: control characters escaped, and a leading apostrophe
    where the cell would otherwise start a formula."""
    text = safe("" if value is None else value)
    return "'" + text if text.startswith(_FORMULA) else text


def _amount(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def to_csv(items: list[Friction], catalog: Catalog, team_name=lambda owner: owner) -> str:
    """The backlog of `catalog` as CSV (comma-separated, a header row, one row per pain point)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for f in items:
        g = f.goal
        row = (
            f.rank,
            f"{f.score:.1f}",
            f"{f.money:.3f}",
            f"{f.emotion:.3f}",
            f"{f.reach:.3f}",
            f.journey,
            catalog.journeys[f.journey].title,
            f.phase,
            f.step_no,
            f.step.title,
            f.pain,
            f.step.emotion,
            len(f.step.personas),
            _amount(g.value) if g else "",
            g.currency if g else "",
            g.period if g else "",
            "; ".join(f.step.opportunities),
            "; ".join(k.name for k in f.kpis),
            team_name(f.owner) if f.owner else "",
        )
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue()
