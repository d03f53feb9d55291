"""Which step of one version of a phase is which step of another.

One matcher for both places that compare steps: the as-is/to-be comparison page (render/pages/board.py)
and `journeys diff` between two revisions (core/diff.py), so both pair the same steps.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from mkdocs_journeys.core.model import Step

SIMILAR = 0.75  # titles at least this similar (difflib ratio) are the same step reworded

# (before, after): a pair of the same step, or one side None for a step only one version has.
StepPair = tuple[Step | None, Step | None]


def normalized(title: str) -> str:
    """A title as the matcher compares it: case and spacing do not matter."""
    return " ".join(title.casefold().split())


def similarity(a: Step, b: Step) -> float:
    return SequenceMatcher(None, normalized(a.title), normalized(b.title)).ratio()


def match_steps(before: list[Step], after: list[Step]) -> list[StepPair]:
    """Pair the steps of one phase, an earlier version (`before`) against a later one (`after`).

    An after step is the same step as a before step when, in this order of passes,
    (1) the titles are equal (ignoring case and spacing), (2) both use the same touchpoint
    (the most similar title wins), (3) the titles are at least SIMILAR alike.
    Unpaired before steps are removed (after is None), unpaired after steps added (before is None).
    The result follows the after order, with each removed step placed before the next paired step after it.
    """
    pair: dict[int, int] = {}  # after index -> before index
    free_b = list(range(len(before)))

    def take(ai: int, bi: int) -> None:
        pair[ai] = bi
        free_b.remove(bi)

    for ai, a in enumerate(after):
        bi = next((bi for bi in free_b if normalized(before[bi].title) == normalized(a.title)), None)
        if bi is not None:
            take(ai, bi)
    for ai, a in enumerate(after):
        if ai in pair or not a.touchpoint:
            continue
        same_tp = [bi for bi in free_b if before[bi].touchpoint == a.touchpoint]
        if same_tp:
            take(ai, max(same_tp, key=lambda bi: (similarity(before[bi], a), -bi)))
    candidates = sorted(
        (
            (similarity(before[bi], a), -ai, -bi, ai, bi)
            for ai, a in enumerate(after)
            if ai not in pair
            for bi in free_b
        ),
        reverse=True,
    )
    for ratio, _, _, ai, bi in candidates:
        if ratio < SIMILAR:
            break
        if ai not in pair and bi in free_b:
            take(ai, bi)

    out: list[StepPair] = []
    emitted: set[int] = set()
    removed = [bi for bi in range(len(before)) if bi not in pair.values()]
    for ai, a in enumerate(after):
        if ai in pair:
            bi = pair[ai]
            for r in removed:
                if r < bi and r not in emitted:
                    out.append((before[r], None))
                    emitted.add(r)
            out.append((before[bi], a))
        else:
            out.append((None, a))
    out += [(before[r], None) for r in removed if r not in emitted]
    return out
