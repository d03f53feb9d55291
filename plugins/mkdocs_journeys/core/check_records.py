"""What checking one journey gave, kept between `journeys check` runs: a check after an edit makes the
model of the edited journeys only.

A journey whose files loaded and whose references resolved without a problem leaves a record: the
digests of its files, a digest of everything else its check read (`context`), its health findings,
and the few values the rules that span journeys need of it (what it is called and holds for others'
references, the personas it lists, its KPI keys, deliverables, branches and owners). The next check
takes the record instead of loading the journey while its files and that context stay the same: its
references then resolve as they did, without a problem, and its findings are the same.

The context is what the loader and the health rules read of other files for one journey: the
personas it names (whether each exists, and its name, which findings quote), the touchpoints it names
(and their KPI ids), the journeys it names as counterpart or branch target (their phases, state and
counterpart); the actuals; and which other files in the journey's folder have errors. So an edit of a
persona loads again only the journeys that name it, and a journey added loads no other. Anything else
a journey's check depends on is its own files or the settings, which the parse cache's fingerprint
covers. Records live in the parse cache's file (core/parse_cache.py).
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Callable
from dataclasses import dataclass

from mkdocs_journeys.core import problems as P
from mkdocs_journeys.core.model import Journey
from mkdocs_journeys.core.model.catalog import signal_touchpoints
from mkdocs_journeys.core.schema import fmt_path
from mkdocs_journeys.core.source_files import SourceDoc


@dataclass(frozen=True, slots=True)
class Outline:
    """What other files' references can name of a journey, and what they check of it."""

    id: str
    file: str  # its index.md
    state: str
    counterpart: str | None
    phases: tuple[str, ...]

    @classmethod
    def of(cls, j: Journey) -> Outline:
        return cls(j.id, j.source.file, j.state, j.counterpart, tuple(p.phase for p in j.phases))

    def values(self) -> tuple:
        return (self.id, self.file, self.state, self.counterpart, self.phases)


OwnerNamed = tuple[str, str, tuple, str, int]  # spelling, file, field path, what (teams.Mention), line


@dataclass(frozen=True, slots=True)
class JourneyRecord:
    files: tuple[tuple[str, str, bytes], ...]  # (file, kind, digest) of every file in the journey's folder
    context: bytes  # see context_digest
    refs: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]  # see references
    outline: Outline
    personas: tuple[str, ...]  # the personas it lists
    kpi_keys: tuple[str, ...]
    deliverables: tuple[str, ...]
    branches: tuple[tuple[str, P.Place], ...]  # the first branch to each other journey, where it is written
    mentions: tuple[OwnerNamed, ...]  # the owners it names, in file order
    findings: tuple[P.Problem, ...]  # its health findings, at their rules' default severities

    def encode(self) -> bytes:
        o = self.outline
        return marshal.dumps(
            (
                self.files,
                self.context,
                self.refs,
                o.values(),
                self.personas,
                self.kpi_keys,
                self.deliverables,
                tuple((target, (p.file, p.line, p.field)) for target, p in self.branches),
                self.mentions,
                tuple(P.problem_values(p) for p in self.findings),
            )
        )

    @classmethod
    def decode(cls, blob: bytes) -> JourneyRecord | None:
        """None for a record that cannot be read (another layout): the journey is loaded."""
        try:
            files, context, refs, outline, personas, kpis, deliverables, branches, mentions, findings = marshal.loads(
                blob
            )
            return cls(
                files,
                context,
                refs,
                Outline(*outline),
                personas,
                kpis,
                deliverables,
                tuple((target, P.Place(*place)) for target, place in branches),
                mentions,
                tuple(P.problem_of(values) for values in findings),
            )
        except Exception:
            return None


def references(j: Journey) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The personas, touchpoints and other journeys a journey's files name (each sorted): what of other
    files its references resolve against."""
    personas = set(j.personas)
    touchpoints: set[str] = set()
    journeys = {j.counterpart} if j.counterpart else set()
    for p in j.phases:
        personas.update(p.needs)
        for s in p.steps:
            personas.update(s.personas)
            if s.touchpoint:
                touchpoints.add(s.touchpoint)
        for i in p.impacts:
            if i.persona:
                personas.add(i.persona)
            touchpoints.update(i.deliverables)
        for sig in p.signals:
            touchpoints.update(signal_touchpoints(p, sig))  # the one whose KPI it watches, if any
        journeys.update(b.journey for b in p.branches if b.journey != j.id)
    return tuple(sorted(personas)), tuple(sorted(touchpoints)), tuple(sorted(journeys))


def context_digest(
    personas: list[tuple[str, str | None]],
    touchpoints: list[tuple[str, tuple[str, ...] | None]],
    journeys: list[Outline | None],
    actuals: bytes,
    errors_beside: list[str],
) -> bytes:
    """What a journey's check read besides its files: each persona it names (its name, which findings
    quote; None if there is none), each touchpoint (its KPI ids), each other journey (its outline), the
    actuals' digest, and the files in its folder, not its own, that have errors (a phase file that
    failed to load is not missing)."""
    values = (personas, touchpoints, [o.values() if o else None for o in journeys], actuals, errors_beside)
    # repr, not marshal: marshal's bytes depend on which equal strings are the same object
    return hashlib.blake2b(repr(values).encode(), digest_size=20).digest()


def branch_place(doc: SourceDoc, at: int) -> P.Place:
    """Where a branch to another journey is written (a cycle's warning names it)."""
    path = ("branches", at, "journey")
    return P.Place(doc.rel, doc.line(path) or doc.line(("branches", at)), fmt_path(path))


def make(
    j: Journey,
    files: tuple[tuple[str, str, bytes], ...],
    context: bytes,
    refs: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]],
    branches: tuple[tuple[str, P.Place], ...],
    findings: list[P.Problem],
    locate: Callable[[str, tuple], int],
) -> JourneyRecord:
    """The record of a journey that loaded and resolved without a problem."""
    return JourneyRecord(
        files,
        context,
        refs,
        Outline.of(j),
        tuple(j.personas),
        tuple(key for key, _, _ in j.kpi_keys()),
        tuple(sorted(j.deliverables())),
        branches,
        tuple((spelling, file, path, what, locate(file, path)) for spelling, file, path, what in j.named_owners()),
        tuple(findings),
    )
