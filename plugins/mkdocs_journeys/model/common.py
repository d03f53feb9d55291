"""Value types shared by several kinds of content."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """Where a thing is defined: the file (relative to the project) and its line."""

    file: str
    line: int | None = None


@dataclass(frozen=True)
class Money:
    description: str
    value: float
    currency: str
    period: str = ""


@dataclass(frozen=True)
class Kpi:
    id: str
    name: str
    target: float | None = None
    unit: str = ""
    source: str = ""
    owner: str = ""
