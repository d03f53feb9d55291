"""The phase model: the ordered phases every journey is mapped onto."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PhaseDef:
    id: str
    title: str
    description: str = ""
