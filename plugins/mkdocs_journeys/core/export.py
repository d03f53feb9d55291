"""`journeys export`: the whole model as JSON, in a stable, versioned format."""

from __future__ import annotations

import dataclasses
from typing import Any

from mkdocs_journeys.core.model import Catalog, Condition, Source

FORMAT = "mkdocs-journeys/export"
VERSION = 1  # bump on any incompatible change; additions keep the version


def _plain(value: Any) -> Any:
    if isinstance(value, Condition):
        return {"kpi": value.kpi, "op": value.op, "threshold": value.threshold}
    if isinstance(value, Source):
        return value.file
    if dataclasses.is_dataclass(value):
        return {
            f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name not in ("at", "body")
        }
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def to_dict(catalog: Catalog) -> dict:
    """The model as plain data: ids as keys, relations as ids, reverse links omitted (they are computed)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "phases": [_plain(p) for p in catalog.phases],
        "personas": {k: _plain(v) for k, v in sorted(catalog.personas.items())},
        "touchpoints": {k: _plain(v) for k, v in sorted(catalog.touchpoints.items())},
        "journeys": {k: _plain(v) for k, v in sorted(catalog.journeys.items())},
        "actuals": {k: [{"period": p, "value": v} for p, v in series] for k, series in sorted(catalog.actuals.items())},
    }
