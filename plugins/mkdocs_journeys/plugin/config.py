"""The plugin's options, as a typed MkDocs config."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import base
from mkdocs.config import config_options as c

from mkdocs_journeys.core.schema import DEFAULT_CURRENCIES, DEFAULT_PHASES

if TYPE_CHECKING:
    from mkdocs_journeys.core.catalog_loader import Settings


class PhaseConfig(base.Config):
    id = c.Type(str)
    title = c.Type(str)
    description = c.Type(str, default="")


class NavConfig(base.Config):
    # indexes: index pages, phases and (up to max_journeys) journeys; full: every page; off: leave the nav alone
    mode = c.Choice(("indexes", "full", "off"), default="indexes")
    max_journeys = c.Type(int, default=40)
    position = c.Type(int, default=1)


LANES = (
    "steps",
    "touchpoints",
    "needs",
    "emotion",
    "pains",
    "opportunities",
    "core_message",
    "goal",
    "kpis",
    "signals",
)


class BoardConfig(base.Config):
    # The journey map board: one row ("lane") per entry, in this order.
    enabled = c.Type(bool, default=True)
    lanes = c.ListOfItems(c.Choice(LANES), default=list(LANES))


class HealthConfig(base.Config):
    # Pages: a health report per journey and a portfolio page.
    report = c.Type(bool, default=True)
    # Severity per rule: error | warn | info | ignore (see the error catalog for the rules).
    rules = c.Type(dict, default={})


class BacklogWeights(base.Config):
    # How much each part counts in a pain point's score (see core/backlog.py and the README).
    money = c.Type((int, float), default=1.0)
    emotion = c.Type((int, float), default=1.0)
    reach = c.Type((int, float), default=1.0)


class BacklogConfig(base.Config):
    weights = c.SubConfig(BacklogWeights)


class JourneysConfig(base.Config):
    journeys_dir = c.Type(str, default="journeys")
    personas_dir = c.Type(str, default="personas")
    touchpoints_dir = c.Type(str, default="touchpoints")
    actuals_dir = c.Type(str, default="actuals")
    phases = c.Optional(c.ListOfItems(c.SubConfig(PhaseConfig)))
    currencies = c.ListOfItems(c.Type(str), default=list(DEFAULT_CURRENCIES))
    max_file_size = c.Type(int, default=512 * 1024)
    language = c.Optional(c.Choice(("en", "de")))
    nav = c.SubConfig(NavConfig)
    # material: Material's own Mermaid support, fed by the pinned local mermaid.min.js;
    # mermaid2: leave diagrams to mkdocs-mermaid2-plugin.
    mermaid = c.Choice(("material", "mermaid2"), default="material")
    mermaid_js = c.Optional(c.Type(str))
    git_dates = c.Type(bool, default=True)
    # Keep parsed content files in .cache/journeys/ next to mkdocs.yml, so unchanged files are not parsed again.
    cache = c.Type(bool, default=True)
    # How `mkdocs serve` notices content edits: the system's change events, or MkDocs' poll of every
    # file every half second (for folders on network or container mounts, which may send no events).
    watcher = c.Choice(("events", "polling"), default="events")
    # Long lists (index pages, phase pages, a persona's journeys, ...) go on numbered pages of this
    # many rows each, so no page grows with the catalog; 0 keeps every list on one page.
    per_page = c.Type(int, default=30)
    board = c.SubConfig(BoardConfig)
    health = c.SubConfig(HealthConfig)
    backlog = c.SubConfig(BacklogConfig)


def language_of(mkdocs_config, plugin_config: JourneysConfig) -> str:
    """Plugin option, else theme.language; German and English labels exist."""
    if plugin_config.language:
        return plugin_config.language
    theme = mkdocs_config.get("theme")
    lang = (theme.get("language") if theme is not None else None) or "en"
    return "de" if str(lang).lower().startswith("de") else "en"


def make_settings(mkdocs_config, plugin_config: JourneysConfig) -> Settings:
    """Content settings for `content.load_catalog`, from the MkDocs and plugin config."""
    from mkdocs_journeys.core.catalog_loader import Settings
    from mkdocs_journeys.core.model import PhaseDef
    from mkdocs_journeys.render.labels import labels

    root = Path(mkdocs_config.config_file_path or ".").resolve().parent
    language = language_of(mkdocs_config, plugin_config)
    if plugin_config.phases:
        phases = [PhaseDef(p.id, p.title, p.description) for p in plugin_config.phases]
    else:
        t = labels(language)
        phases = [PhaseDef(pid, *t["phases"][pid]) for pid in DEFAULT_PHASES]
    return Settings(
        root=root,
        phases=phases,
        journeys_dir=plugin_config.journeys_dir,
        personas_dir=plugin_config.personas_dir,
        touchpoints_dir=plugin_config.touchpoints_dir,
        actuals_dir=plugin_config.actuals_dir,
        currencies=tuple(plugin_config.currencies),
        max_file_size=plugin_config.max_file_size,
        language=language,
        cache_dir=root / ".cache" / "journeys" if plugin_config.cache else None,
    )


def backlog_weights(plugin_config: JourneysConfig):
    from mkdocs_journeys.core.backlog import Weights

    w = plugin_config.backlog.weights
    return Weights(float(w.money), float(w.emotion), float(w.reach))


def check_options(plugin_config: JourneysConfig) -> list[str]:
    """Problems in the phase model and the health rules (MkDocs' schema cannot express them)."""
    from mkdocs_journeys.core import ids
    from mkdocs_journeys.core.problems import HEALTH, LEVELS, did_you_mean

    out: list[str] = []
    for rule, level in (plugin_config.health.rules or {}).items():
        if rule not in HEALTH:
            hint = did_you_mean(str(rule), HEALTH)
            out.append(
                f"health.rules: unknown rule '{rule}'"
                + (f"; did you mean '{hint}'?" if hint else f"; rules: {', '.join(HEALTH)}.")
            )
        elif level not in LEVELS:
            out.append(f"health.rules.{rule}: '{level}' is not one of error, warn, info, ignore.")
    if plugin_config.per_page < 0:
        out.append(f"per_page: {plugin_config.per_page} is negative; use a number of rows per page, or 0 for one page.")
    weights = plugin_config.backlog.weights
    negative = [part for part in ("money", "emotion", "reach") if getattr(weights, part) < 0]
    for part in negative:
        out.append(f"backlog.weights.{part}: {getattr(weights, part)} is negative; use a weight of 0 or more.")
    if not negative and weights.money + weights.emotion + weights.reach <= 0:
        out.append("backlog.weights: all weights are 0; give at least one part a weight above 0.")
    seen: set[str] = set()
    for i, p in enumerate(plugin_config.phases or []):
        if not ids.is_id(p.id):
            out.append(f"phases[{i}].id: '{p.id}' is not a valid id ({ids.RULE}).")
        if p.id in seen:
            out.append(f"phases[{i}].id: the phase '{p.id}' is listed twice.")
        if p.id in ids.RESERVED:
            out.append(
                f"phases[{i}].id: '{p.id}' is reserved for a generated page (phases/{p.id}/); choose another id."
            )
        seen.add(p.id)
    return out
