"""What checking one journey gave, kept between `journeys check` runs: a check after an edit makes the
model of the edited journeys only.

A journey whose files loaded and whose references resolved without a problem leaves a record: the
digests of its files, a digest of everything else its check read (`context`), its health findings,
and the few values the rules that span journeys need of it (what it is called and holds for others'
references, the personas it lists, its KPI keys, deliverables, branches and owners). The next check
takes the record instead of loading the journey while its files and that context stay the same: its
references then resolve as they did, without a problem, and its findings are the same.

The context is what the loader and the health rules read of other files for one journey: the ids of
personas (and their names, which findings quote), of touchpoints and their KPIs, of journeys with
their phases, states and counterparts; the actuals; and which other files in the journey's folder
have errors. Anything else a journey's check depends on is its own files or the settings, which the
parse cache's fingerprint covers. Records live in the parse cache's file (core/parse_cache.py).
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Callable
from dataclasses import dataclass

from mkdocs_journeys.core import problems as P
from mkdocs_journeys.core.model import Journey
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


Mention = tuple[str, str, tuple, str, int]  # an owner named: spelling, file, field path, what, line


@dataclass(frozen=True, slots=True)
class JourneyRecord:
    files: tuple[tuple[str, str, bytes], ...]  # (file, kind, digest) of every file in the journey's folder
    context: bytes  # see context_digest
    outline: Outline
    personas: tuple[str, ...]  # the personas it lists
    kpi_keys: tuple[str, ...]
    deliverables: tuple[str, ...]
    branches: tuple[tuple[str, P.Place], ...]  # the first branch to each other journey, where it is written
    mentions: tuple[Mention, ...]  # the owners it names, in file order
    findings: tuple[P.Problem, ...]  # its health findings, at their rules' default severities

    def encode(self) -> bytes:
        o = self.outline
        return marshal.dumps(
            (
                self.files,
                self.context,
                (o.id, o.file, o.state, o.counterpart, o.phases),
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
            files, context, outline, personas, kpis, deliverables, branches, mentions, findings = marshal.loads(blob)
            return cls(
                files,
                context,
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


def context_digest(shared: bytes, errors_beside: list[str]) -> bytes:
    """What a journey's check read besides its files: `shared` (see shared_context) and the files in
    its folder, not its own, that have errors (a phase file that failed to load is not missing)."""
    h = hashlib.blake2b(shared, digest_size=20)
    for f in errors_beside:
        h.update(f.encode() + b"\0")
    return h.digest()


def shared_context(personas: dict[str, str], touchpoints: tuple, outlines: list[Outline], actuals: bytes) -> bytes:
    """The part of every journey's context that is the same for all: personas (id -> name), touchpoints
    with their KPIs, the journeys' outlines, the actuals' digest."""
    values = (
        tuple(personas.items()),
        touchpoints,
        tuple((o.id, o.file, o.state, o.counterpart, o.phases) for o in outlines),
        actuals,
    )
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
    branches: tuple[tuple[str, P.Place], ...],
    findings: list[P.Problem],
    locate: Callable[[str, tuple], int],
) -> JourneyRecord:
    """The record of a journey that loaded and resolved without a problem."""
    return JourneyRecord(
        files,
        context,
        Outline.of(j),
        tuple(j.personas),
        tuple(key for key, _, _ in j.kpi_keys()),
        tuple(sorted(j.deliverables())),
        branches,
        tuple((spelling, file, path, what, locate(file, path)) for spelling, file, path, what in j.named_owners()),
        tuple(findings),
    )
