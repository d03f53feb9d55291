"""View models of the phase × touchpoint matrix and the touchpoint catalog.

Both are one table of touchpoints grouped by channel. Long tables go on numbered pages by
rows, and a channel group stays on one page unless the group alone is longer than a page.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from mkdocs_journeys.core import emotions
from mkdocs_journeys.core.model import Catalog, StepUse, Touchpoint

T = TypeVar("T")


@lru_cache(maxsize=16384)  # names and labels, sorted again on every rebuild
def sort_key(text: str) -> str:
    """Alphabetical order for people: case and accents do not count ('Übersicht' beside 'Ubuntu')."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass
class Group:
    """The touchpoints of one channel (a slice of them when the group is longer than a page)."""

    channel: str
    label: str
    rows: list
    size: int  # rows of the whole group, on every page
    continued: bool = False  # the group began on an earlier page


def group_by_channel(
    touchpoints: Sequence[Touchpoint], channel_label: Callable[[str], str], row: Callable[[Touchpoint], T]
) -> list[Group]:
    """Groups ordered by the channel's label in the site language; touchpoints by name inside."""
    groups: dict[str, list[Touchpoint]] = {}
    for tp in touchpoints:
        groups.setdefault(tp.channel, []).append(tp)
    out = []
    for channel in sorted(groups, key=lambda ch: (sort_key(channel_label(ch)), ch)):
        tps = sorted(groups[channel], key=lambda t: (sort_key(t.name), t.id))
        out.append(Group(channel, channel_label(channel), [row(t) for t in tps], len(tps)))
    return out


def pack(groups: list[Group], per_page: int) -> list[list[Group]]:
    """Groups on pages of at most `per_page` rows; a group moves whole to the next page when it does not
    fit, and only a group longer than a page is cut (each part on a page of its own). per_page <= 0: one page."""
    if per_page <= 0:
        return [groups]
    pages: list[list[Group]] = [[]]
    used = 0
    for g in groups:
        if used and used + len(g.rows) > per_page:
            pages.append([])
            used = 0
        if len(g.rows) <= per_page:
            pages[-1].append(g)
            used += len(g.rows)
            continue
        for start in range(0, len(g.rows), per_page):
            part = g.rows[start : start + per_page]
            if used:
                pages.append([])
            pages[-1].append(Group(g.channel, g.label, part, g.size, continued=start > 0))
            used = len(part)
    return pages


class TouchpointRows:
    """Rows worked out per touchpoint, each with what it was worked out from: the touchpoint and the lists
    of its uses. While serving, the next build's rows take one over when those are the same objects: the
    model is never changed after loading, and a catalog keeps the uses of the touchpoints no changed
    journey uses (Catalog.follow), so an edit works out again only the rows it can change."""

    def __init__(self, last: TouchpointRows | None = None):
        self._last = dict(last._rows) if last is not None else {}
        self._rows: dict[tuple[str, str], tuple[tuple, Any]] = {}

    def row(self, kind: str, inputs: tuple, make: Callable[[], T]) -> T:
        """The row of `kind` made from `inputs` (the touchpoint first, then the lists it reads)."""
        key = (kind, inputs[0].id)
        got = self._last.pop(key, None)  # what is taken over is not held twice
        if got is None or len(got[0]) != len(inputs) or not all(map(_same, got[0], inputs)):
            got = (inputs, make())
        self._rows[key] = got  # the pair taken over is kept itself: nothing new for the collector to walk
        return got[1]


def _same(a: object, b: object) -> bool:
    # A touchpoint no journey uses gets a new empty list of uses from each catalog.
    return a is b or (type(a) is list and type(b) is list and not a and not b)


# --- the matrix ---


@dataclass
class Cell:
    """The steps that use one touchpoint in one phase, as the matrix shows them: values only, so that
    a page of the matrix is compared by what it shows (a step's title is not among it)."""

    phase: str
    steps: int
    journeys: int
    emotion: float  # the steps' average
    target: tuple[str, str] = ("", "")  # the source path and anchor the cell links to

    @classmethod
    def of(cls, phase: str, uses: list[StepUse], target: tuple[str, str]) -> Cell:
        emotion = emotions.average(u.step.emotion for u in uses) or 0.0
        return cls(phase, len(uses), len({u.journey for u in uses}), emotion, target)

    @property
    def level(self) -> int:
        """The colour class: the average emotion rounded half up."""
        return emotions.level(self.emotion) or emotions.MIDDLE


@dataclass
class MatrixRow:
    touchpoint: Touchpoint
    cells: list[Cell | None]  # one per phase of the phase model; None: no step there

    @property
    def steps(self) -> int:
        return sum(c.steps for c in self.cells if c)


@dataclass(frozen=True)
class Totals:
    """What the whole matrix sums up to: the footer of each of its numbered pages (which shows only its
    own rows, so that a change to one row leaves the other pages as they are)."""

    phases: list[str]
    column_steps: list[int]  # per phase
    total: int


@dataclass
class Matrix:
    groups: list[Group]
    totals: Totals


def uses_by_phase(catalog: Catalog, tid: str) -> list[StepUse]:
    """A touchpoint's steps in phase order (journeys in catalog order inside a phase).

    The touchpoint page lists them in this order, so the matrix knows on which numbered page
    the steps of a phase begin.
    """
    return sorted(catalog.touchpoint_steps(tid), key=lambda u: catalog.phase_index(u.phase.phase))


def matrix(
    catalog: Catalog,
    channel_label: Callable[[str], str],
    target: Callable[[str, str, list[StepUse]], tuple[str, str]],
    kept: TouchpointRows | None = None,
) -> Matrix:
    """Touchpoints (rows, grouped by channel) × phases (columns): the steps per cell.

    `target(tid, phase, uses)` is where a cell links to: (source path, anchor); with rows `kept`, it may
    read nothing of the catalog but the touchpoint's uses. Every touchpoint of the catalog has a row, so
    one that no step uses shows as an empty row.
    """
    phase_ids = [p.id for p in catalog.phases]

    def make(tp: Touchpoint, steps: list[StepUse]) -> MatrixRow:
        by_phase: dict[str, list[StepUse]] = {}
        for u in steps:
            by_phase.setdefault(u.phase.phase, []).append(u)
        cells = [
            Cell.of(pid, by_phase[pid], target(tp.id, pid, by_phase[pid])) if pid in by_phase else None
            for pid in phase_ids
        ]
        return MatrixRow(tp, cells)

    def row(tp: Touchpoint) -> MatrixRow:
        steps = catalog.touchpoint_steps(tp.id)
        return kept.row("matrix", (tp, steps), lambda: make(tp, steps)) if kept else make(tp, steps)

    groups = group_by_channel(list(catalog.touchpoints.values()), channel_label, row)
    rows = [r for g in groups for r in g.rows]
    columns = [sum(r.cells[i].steps for r in rows if r.cells[i]) for i in range(len(phase_ids))]
    return Matrix(groups, Totals(phase_ids, columns, sum(columns)))


# --- the catalog ---


@dataclass
class CatalogRow:
    touchpoint: Touchpoint
    phases: list[str]  # phase ids where a step uses it or an impact map lists it, in phase order
    journeys: int  # journeys with a step that uses it or an impact map that lists it
    steps: int


def catalog_rows(
    catalog: Catalog, channel_label: Callable[[str], str], kept: TouchpointRows | None = None
) -> list[Group]:
    def make(tp: Touchpoint, steps: list[StepUse], impacts: list) -> CatalogRow:
        journeys = {u.journey for u in steps} | {u.journey for u in impacts}
        return CatalogRow(tp, catalog.touchpoint_phases(tp.id), len(journeys), len(steps))

    def row(tp: Touchpoint) -> CatalogRow:
        steps, impacts = catalog.touchpoint_steps(tp.id), catalog.touchpoint_impacts(tp.id)
        if kept is None:
            return make(tp, steps, impacts)
        return kept.row("catalog", (tp, steps, impacts), lambda: make(tp, steps, impacts))

    return group_by_channel(list(catalog.touchpoints.values()), channel_label, row)
