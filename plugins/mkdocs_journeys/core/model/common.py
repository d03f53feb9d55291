"""Value types shared by several kinds of content."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass

from mkdocs_journeys.core.schema import KPI_DIRECTIONS


def team_key(name: str) -> str:
    """The identity of an owner: case and spacing do not matter."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True, slots=True)
class Source:
    """Where a thing is defined: the file (relative to the project) and its line."""

    file: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Money:
    description: str
    value: float
    currency: str
    period: str = ""


@dataclass(frozen=True, slots=True)
class Kpi:
    id: str
    name: str
    target: float | None = None
    unit: str = ""
    source: str = ""
    owner: str = ""
    better: str = KPI_DIRECTIONS[0]  # higher (the default) or lower

    def met(self, value: float | None) -> bool | None:
        """Whether a measured value reaches the target (None: no target or no value)."""
        if value is None or self.target is None:
            return None
        return value >= self.target if self.better == KPI_DIRECTIONS[0] else value <= self.target


@dataclass(frozen=True, slots=True)
class Operator:
    meaning: str  # for the format reference
    test: Callable[[float, float], bool]


# The operators of a signal's `when:` condition; the parser and the format reference read them from here.
OPERATORS: dict[str, Operator] = {
    "<": Operator("less than", operator.lt),
    "<=": Operator("at most", operator.le),
    ">": Operator("greater than", operator.gt),
    ">=": Operator("at least", operator.ge),
    "==": Operator("equal to", operator.eq),
    "!=": Operator("not equal to", operator.ne),
}


@dataclass(frozen=True, slots=True)
class Condition:
    """A machine-readable signal condition: <kpi> <op> <threshold>."""

    kpi: str  # qualified KPI key: journey.phase.kpi or touchpoint.kpi
    op: str
    threshold: float

    def holds(self, value: float) -> bool:
        return OPERATORS[self.op].test(value, self.threshold)

    def __str__(self) -> str:
        return f"{self.kpi} {self.op} {self.threshold:g}"


def phase_kpi_key(journey: str, phase: str, kpi: str) -> str:
    return f"{journey}.{phase}.{kpi}"


def touchpoint_kpi_key(touchpoint: str, kpi: str) -> str:
    return f"{touchpoint}.{kpi}"


# How actuals name a KPI: made by the same functions that make the catalog's keys.
KPI_KEY_FORMS = (phase_kpi_key("<journey>", "<phase>", "<kpi>"), touchpoint_kpi_key("<touchpoint>", "<kpi>"))
