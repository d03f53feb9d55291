"""Personas: who goes through the journeys."""

from __future__ import annotations

from dataclasses import dataclass, field

from mkdocs_journeys.core.model.common import Source
from mkdocs_journeys.core.schema import PERSONA, Obj


def _parts(name: str) -> tuple[str, ...]:
    spec = PERSONA.get(name)
    assert spec is not None and isinstance(spec.type, Obj)
    return tuple(f.name for f in spec.type.fields)


# The parts of the empathy map and the value map, as the format defines them.
EMPATHY_QUADRANTS = _parts("empathy")
VALUE_FIT = _parts("value_fit")


@dataclass(slots=True)
class Persona:
    id: str
    source: Source
    name: str
    role: str
    segment: str = ""
    quote: str = ""
    jobs: list[str] = field(default_factory=list)
    pains: list[str] = field(default_factory=list)
    gains: list[str] = field(default_factory=list)
    empathy: dict[str, list[str]] = field(default_factory=dict)
    value_fit: dict[str, list[str]] = field(default_factory=dict)
    channels: list[str] = field(default_factory=list)
    body: str = ""
