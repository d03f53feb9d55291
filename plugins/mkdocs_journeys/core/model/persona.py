"""Personas: who goes through the journeys."""

from __future__ import annotations

from dataclasses import dataclass, field

from mkdocs_journeys.core.model.common import Source

EMPATHY_QUADRANTS = ("says", "thinks", "does", "feels")
VALUE_FIT = ("products", "pain_relievers", "gain_creators")


@dataclass
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
