"""The emotion scale's arithmetic, once: averages of steps and the level an average is coloured as."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mkdocs_journeys.core.schema import EMOTION_MAX, EMOTION_MIN

MIDDLE = (EMOTION_MIN + EMOTION_MAX) // 2


def average(emotions: Iterable[int]) -> float | None:
    """The mean of some steps' emotions (a phase, a journey, a matrix cell); None without steps."""
    values = list(emotions)
    return sum(values) / len(values) if values else None


def clamp(score: Any) -> int:
    """A score on the scale. Any: an emotion as the content wrote it; what int() cannot read counts as neutral."""
    try:
        return max(EMOTION_MIN, min(EMOTION_MAX, int(score)))
    except (TypeError, ValueError):
        return MIDDLE


def level(value: float | None) -> int | None:
    """The level an average is coloured as: rounded half up, on the scale; None for no average."""
    return None if value is None else clamp(int(value + 0.5))
