"""The portfolio heat map of the journeys index: journeys as rows, the phases as columns.

A cell is coloured by the average emotion of the journey's steps in that phase (the same
average and score the board shows above its phase column) and marked by health: a gap (the
phase is not covered, has no steps, or fails a completeness check), a fired signal, a missed
KPI target. Plain Python over the catalog: no MkDocs, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs_journeys.core import health
from mkdocs_journeys.core.model import Catalog, Journey, PhaseDef
from mkdocs_journeys.render.pages.board import average_emotion, emotion_score
from mkdocs_journeys.render.pages.facts import phase_facts

# Health marks, in the order a cell shows them.
GAP, FIRED, MISSED = "gap", "fired", "missed"
NO_STEPS = "steps"  # what a covered phase without steps lacks, beside the completeness checks


@dataclass(frozen=True)
class HeatCell:
    phase: PhaseDef
    covered: bool
    average: float | None  # average emotion of the phase's steps; None without steps
    fired: int  # signals whose `when` the latest actual crosses
    missed: int  # KPIs whose latest actual misses the target
    missing: tuple[str, ...] = ()  # failed completeness checks (health.CHECKS), and NO_STEPS

    @property
    def score(self) -> int | None:
        """The colour, 1..5 (None: no steps, no colour)."""
        return emotion_score(self.average)

    @property
    def marks(self) -> tuple[str, ...]:
        """The health marks of a covered phase; an uncovered one is a gap as a whole."""
        if not self.covered:
            return ()
        return tuple(
            mark for mark, on in ((GAP, bool(self.missing)), (FIRED, self.fired > 0), (MISSED, self.missed > 0)) if on
        )


@dataclass(frozen=True)
class HeatRow:
    journey: Journey
    cells: tuple[HeatCell, ...]  # one per phase of the phase model


def heat_cell(journey: Journey, phase: PhaseDef, catalog: Catalog) -> HeatCell:
    jp = journey.phase(phase.id)
    if jp is None:
        return HeatCell(phase, False, None, 0, 0)
    facts = phase_facts(journey, jp, catalog)
    failed = [name for name, passed in health.phase_checks(journey, jp).items() if not passed]
    missing = ((NO_STEPS,) if not jp.steps else ()) + tuple(failed)
    return HeatCell(phase, True, average_emotion(jp.steps), facts.signals_fired, facts.kpis_missed, missing)


def heat_row(journey: Journey, catalog: Catalog) -> HeatRow:
    return HeatRow(journey, tuple(heat_cell(journey, ph, catalog) for ph in catalog.phases))
