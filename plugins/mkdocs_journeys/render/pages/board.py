"""The journey map board: phases as columns, lanes as rows.

`board_markdown` builds a view of one journey (columns, numbered steps, the emotion
curve as inline SVG) and renders templates/board.html with it. `compare_journeys` is the
as-is/to-be comparison of a journey pair, shown on its own page (templates/compare.html).

Safety: content never becomes markup here. Everything marked as Markup in this module
is built from numbers, from slug ids checked against a strict pattern, or from fixed
strings; content text is left to the templates, which escape it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from markupsafe import Markup

from mkdocs_journeys.core import emotions, step_matching
from mkdocs_journeys.core.emotions import clamp
from mkdocs_journeys.core.model import Catalog, Journey, JourneyPhase, PhaseDef, Step
from mkdocs_journeys.core.step_matching import normalized
from mkdocs_journeys.render.diagrams.emotion_curve import (
    Band,
    CurveStep,
    Line,
    emotion_curve,
    persona_lines,
)
from mkdocs_journeys.render.pages.blocks import PageText
from mkdocs_journeys.render.pages.icons import channel_icon

# Lane id -> label key, and the group that gives the lane its colour stripe.
LANE_LABELS = {
    "steps": "steps",
    "touchpoints": "touchpoints",
    "needs": "needs",
    "emotion": "emotion_curve",
    "pains": "pains",
    "opportunities": "opportunities",
    "core_message": "core_message",
    "goal": "goal",
    "kpis": "kpis",
    "signals": "signals",
}
LANE_GROUPS = {
    "steps": "customer",
    "touchpoints": "customer",
    "needs": "customer",
    "emotion": "customer",
    "pains": "insight",
    "opportunities": "insight",
    "core_message": "business",
    "goal": "business",
    "kpis": "business",
    "signals": "business",
}

_SLUG = re.compile(r"[A-Za-z0-9_-]+")

# The emotion lane: the width of one phase column in the curve's viewBox units.
BAND = 250  # wide and flat: the lane stays about as high as the other lanes' cards


def glyph(channel: str) -> Markup:
    """The channel's Material icon (see icons.py)."""
    return channel_icon(channel)


def tokens(ids: Iterable[str]) -> Markup:
    """Space-separated slug ids for a data attribute; anything else is left out."""
    seen: dict[str, None] = {}
    for i in ids:
        if isinstance(i, str) and _SLUG.fullmatch(i):
            seen[i] = None
    return Markup(" ".join(seen))


def average_emotion(steps: list[Step]) -> float | None:
    """The average emotion of steps: a phase column of the board, a cell of the journeys' heat map."""
    return emotions.average(s.emotion for s in steps)


emotion_score = emotions.level  # the colour of an average: one rule for board, heat map, matrix and facts


# --------------------------------------------------------------------------- the board


@dataclass
class BoardStep:
    no: int  # 1.. across the journey, shown in the step card and on the curve
    step: Step
    personas: Markup  # data-jr-personas


@dataclass
class TouchpointUse:
    id: str
    steps: list[int]  # step numbers
    personas: Markup


@dataclass
class Column:
    index: int
    phase: PhaseDef
    jp: JourneyPhase | None
    steps: list[BoardStep] = field(default_factory=list)
    touchpoints: list[TouchpointUse] = field(default_factory=list)
    needs: list[tuple[str, Markup, tuple[str, ...]]] = field(default_factory=list)  # (persona id, token, needs)

    @property
    def covered(self) -> bool:
        return self.jp is not None

    @property
    def average(self) -> float | None:
        return average_emotion([s.step for s in self.steps])

    @property
    def average_score(self) -> int | None:
        return emotion_score(self.average)

    @property
    def pains(self) -> list[tuple[BoardStep, str]]:
        return [(s, p) for s in self.steps for p in s.step.pains]

    @property
    def opportunities(self) -> list[tuple[BoardStep, str]]:
        return [(s, o) for s in self.steps for o in s.step.opportunities]


@dataclass
class Board:
    journey: Journey
    columns: list[Column]
    lanes: list[str]
    personas: list[str]  # persona ids on this board, for the filter
    persona_index: dict[str, int]  # persona id -> 1.. (colour of its chips)
    channels: list[str]  # channels used, for the legend
    emotion: Markup  # the SVG of the emotion lane

    @property
    def width(self) -> int:
        return len(self.columns)

    @property
    def gaps(self) -> list[Column]:
        return [c for c in self.columns if not c.covered]


def build_board(journey: Journey, catalog: Catalog, lanes: list[str]) -> Board:
    columns: list[Column] = []
    no = 0
    personas: dict[str, None] = dict.fromkeys(journey.personas)
    for i, ph in enumerate(catalog.phases):
        jp = journey.phase(ph.id)
        col = Column(i, ph, jp)
        if jp is not None:
            tps: dict[str, TouchpointUse] = {}
            tp_personas: dict[str, list[str]] = {}
            for s in jp.steps:
                no += 1
                col.steps.append(BoardStep(no, s, tokens(s.personas)))
                personas.update(dict.fromkeys(s.personas))
                if s.touchpoint:
                    use = tps.setdefault(s.touchpoint, TouchpointUse(s.touchpoint, [], Markup("")))
                    use.steps.append(no)
                    tp_personas.setdefault(s.touchpoint, []).extend(s.personas)
            for tid, use in tps.items():
                use.personas = tokens(tp_personas[tid])
            col.touchpoints = list(tps.values())
            col.needs = [(pid, tokens([pid]), needs) for pid, needs in jp.needs.items()]
            personas.update(dict.fromkeys(jp.needs))
        columns.append(col)
    ids = [p for p in personas if _SLUG.fullmatch(p)]
    channels: dict[str, None] = {}
    for col in columns:
        for use in col.touchpoints:
            tp = catalog.touchpoints.get(use.id)
            if tp is not None:
                channels[tp.channel] = None
    bands = [
        Band(
            c.phase.title,
            tuple(CurveStep(s.no, clamp(s.step.emotion), s.step.title, tuple(s.step.personas)) for s in c.steps),
            c.covered,
        )
        for c in columns
    ]
    names = {pid: catalog.personas[pid].name for pid in ids if pid in catalog.personas}
    svg = emotion_curve(
        bands, persona_lines(bands, ids, names), "jr-board-curve", band_width=BAND, axis=False, titles=False
    )
    return Board(
        journey,
        columns,
        [lane for lane in lanes if lane in LANE_LABELS],
        ids,
        {pid: n for n, pid in enumerate(ids, 1)},
        list(channels),
        svg,
    )


# --------------------------------------------------------------------------- as-is beside to-be

ADDED, REMOVED, CHANGED, SAME = "added", "removed", "changed", "same"


@dataclass
class StepDiff:
    status: str  # added | removed | changed | same
    before: Step | None = None
    after: Step | None = None

    @property
    def step(self) -> Step:
        return self.after or self.before  # type: ignore[return-value]

    @property
    def emotion_delta(self) -> int:
        return self.after.emotion - self.before.emotion if self.before and self.after else 0

    @property
    def touchpoint_changed(self) -> bool:
        return bool(self.before and self.after and self.before.touchpoint != self.after.touchpoint)

    @property
    def title_changed(self) -> bool:
        return bool(self.before and self.after and normalized(self.before.title) != normalized(self.after.title))

    @property
    def personas(self) -> Markup:
        return tokens([*(self.before.personas if self.before else ()), *(self.after.personas if self.after else ())])


@dataclass
class PhaseDiff:
    phase: str
    before: JourneyPhase | None
    after: JourneyPhase | None
    steps: list[StepDiff] = field(default_factory=list)
    touchpoints_added: list[str] = field(default_factory=list)
    touchpoints_removed: list[str] = field(default_factory=list)
    touchpoints_kept: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        """gap (in neither), added (only to-be), removed (only as-is), changed or same."""
        if self.before is None and self.after is None:
            return "gap"
        if self.before is None:
            return ADDED
        if self.after is None:
            return REMOVED
        if self.touchpoints_added or self.touchpoints_removed or any(d.status != SAME for d in self.steps):
            return CHANGED
        return SAME

    @property
    def emotion_before(self) -> float | None:
        return average_emotion(self.before.steps) if self.before else None

    @property
    def emotion_after(self) -> float | None:
        return average_emotion(self.after.steps) if self.after else None

    @property
    def emotion_delta(self) -> float | None:
        b, a = self.emotion_before, self.emotion_after
        return round(a - b, 2) if a is not None and b is not None else None

    def with_status(self, status: str) -> list[StepDiff]:
        return [d for d in self.steps if d.status == status]


@dataclass
class JourneyDiff:
    before: Journey  # as-is
    after: Journey  # to-be
    phases: list[PhaseDiff]

    def _all(self) -> list[StepDiff]:
        return [d for p in self.phases for d in p.steps]

    @property
    def added(self) -> list[StepDiff]:
        return [d for d in self._all() if d.status == ADDED]

    @property
    def removed(self) -> list[StepDiff]:
        return [d for d in self._all() if d.status == REMOVED]

    @property
    def improved(self) -> list[StepDiff]:
        return [d for d in self._all() if d.emotion_delta > 0]

    @property
    def worsened(self) -> list[StepDiff]:
        return [d for d in self._all() if d.emotion_delta < 0]

    @property
    def touchpoint_changes(self) -> list[StepDiff]:
        return [d for d in self._all() if d.touchpoint_changed]

    @property
    def touchpoints_added(self) -> list[str]:
        return [t for p in self.phases for t in p.touchpoints_added]

    @property
    def touchpoints_removed(self) -> list[str]:
        return [t for p in self.phases for t in p.touchpoints_removed]


def match_steps(before: list[Step], after: list[Step]) -> list[StepDiff]:
    """Pair the steps of one phase, as-is against to-be, with the matcher `journeys diff` uses too
    (core/step_matching.py); the result follows the to-be order."""
    out: list[StepDiff] = []
    for b, a in step_matching.match_steps(before, after):
        if b is None:
            out.append(StepDiff(ADDED, None, a))
        elif a is None:
            out.append(StepDiff(REMOVED, b, None))
        else:
            same = (
                normalized(b.title) == normalized(a.title) and b.emotion == a.emotion and b.touchpoint == a.touchpoint
            )
            out.append(StepDiff(SAME if same else CHANGED, b, a))
    return out


def _touchpoints(jp: JourneyPhase | None) -> list[str]:
    return list(dict.fromkeys(s.touchpoint for s in (jp.steps if jp else []) if s.touchpoint))


def compare_phase(phase_id: str, before: JourneyPhase | None, after: JourneyPhase | None) -> PhaseDiff:
    tb, ta = _touchpoints(before), _touchpoints(after)
    steps = match_steps(before.steps if before else [], after.steps if after else [])
    return PhaseDiff(
        phase_id,
        before,
        after,
        steps,
        touchpoints_added=[t for t in ta if t not in tb],
        touchpoints_removed=[t for t in tb if t not in ta],
        touchpoints_kept=[t for t in ta if t in tb],
    )


def compare_journeys(before: Journey, after: Journey, phase_ids: list[str] | None = None) -> JourneyDiff:
    """As-is (`before`) against to-be (`after`), phase by phase.

    `phase_ids` is the phase model (order and set of the columns); by default the phases
    either journey covers, in their order.
    """
    if phase_ids is None:
        phase_ids = list(dict.fromkeys([p.phase for p in before.phases] + [p.phase for p in after.phases]))
    return JourneyDiff(before, after, [compare_phase(pid, before.phase(pid), after.phase(pid)) for pid in phase_ids])


def counterpart_diff(journey: Journey, catalog: Catalog) -> JourneyDiff | None:
    """The comparison for the board of `journey`, if its counterpart exists."""
    other = catalog.journeys.get(journey.counterpart or "")
    if other is None or other.id == journey.id:
        return None
    before, after = (other, journey) if journey.state == "to-be" else (journey, other)
    return compare_journeys(before, after, [p.id for p in catalog.phases])


def compare_svg(diff: JourneyDiff, titles: dict[str, str], labels: tuple[str, str] = ("", "")) -> Markup:
    """Both emotion curves over the same phase columns: as-is dashed and grey, to-be coloured."""

    def bands(side: str) -> tuple[Band, ...]:
        out = []
        for d in diff.phases:
            jp = getattr(d, side)
            steps = tuple(CurveStep(0, clamp(s.emotion), s.title, tuple(s.personas)) for s in (jp.steps if jp else []))
            out.append(Band(titles.get(d.phase, d.phase), steps, d.status != "gap"))
        return tuple(out)

    before, after = bands("before"), bands("after")
    lines = [Line("before", "jr-curve-before", labels[0], bands=before), Line("after", "jr-curve-after", labels[1])]
    return emotion_curve(
        list(after), lines, "jr-compare-curve", band_width=BAND, axis=False, titles=False, numbers=False
    )


# --------------------------------------------------------------------------- the page


def compare_id(journey: Journey, catalog: Catalog) -> str | None:
    """The to-be journey whose page shows the comparison of `journey`'s pair, if the pair exists."""
    other = catalog.journeys.get(journey.counterpart or "")
    if other is None or other.id == journey.id:
        return None
    return journey.id if journey.state == "to-be" else other.id


def board_markdown(
    journey: Journey, catalog: Catalog, lanes: list[str], render: Callable[..., str | PageText]
) -> str | PageText:
    """The board page of one journey: one HTML block (see pages/blocks.py).

    render(template, **context) renders a template of render/templates with the shared context.
    """
    board = build_board(journey, catalog, lanes)
    return render(
        "board.html",
        j=journey,
        board=board,
        lanes=board.lanes,
        lane_labels=LANE_LABELS,
        lane_groups=LANE_GROUPS,
        glyph=glyph,
        compare=compare_id(journey, catalog),
        diff=counterpart_diff(journey, catalog),
        score_of=emotion_score,
    )


def compare_markdown(journey: Journey, catalog: Catalog, render: Callable[..., str | PageText]) -> str | PageText:
    """Markdown of the as-is vs to-be page of a pair (on its own page: boards stay small)."""
    diff = counterpart_diff(journey, catalog)
    if diff is None:  # not a pair: site.py makes compare pages only for pairs (compare_id)
        return ""
    titles = {p.id: p.title for p in catalog.phases}
    return render(
        "compare.html",
        j=diff.after,
        diff=diff,
        diff_svg=compare_svg(diff, titles),
        glyph=glyph,
        score_of=emotion_score,
        signed=_signed,
    )


def _signed(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        value = round(value, 1)
        if value.is_integer():
            value = int(value)
    if value == 0:
        return "\u00b10"
    return f"{value:+}".replace("-", "\u2212")
