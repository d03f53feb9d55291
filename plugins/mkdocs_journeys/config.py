"""The plugin's options, as a typed MkDocs config."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class PhaseConfig(base.Config):
    id = c.Type(str)
    title = c.Type(str)
    description = c.Type(str, default="")


class NavConfig(base.Config):
    # indexes: index pages, phases and (up to max_journeys) journeys; full: every page; off: leave the nav alone
    mode = c.Choice(("indexes", "full", "off"), default="indexes")
    max_journeys = c.Type(int, default=40)
    position = c.Type(int, default=1)


LANES = ("steps", "touchpoints", "needs", "emotion", "pains", "opportunities", "core_message", "goal", "kpis", "signals")


class BoardConfig(base.Config):
    # The journey map board: one row ("lane") per entry, in this order.
    enabled = c.Type(bool, default=True)
    lanes = c.ListOfItems(c.Choice(LANES), default=list(LANES))


class JourneysConfig(base.Config):
    journeys_dir = c.Type(str, default="journeys")
    personas_dir = c.Type(str, default="personas")
    touchpoints_dir = c.Type(str, default="touchpoints")
    phases = c.Optional(c.ListOfItems(c.SubConfig(PhaseConfig)))
    currencies = c.ListOfItems(c.Type(str), default=["CHF", "EUR", "USD", "GBP"])
    max_file_size = c.Type(int, default=512 * 1024)
    language = c.Optional(c.Choice(("en", "de")))
    nav = c.SubConfig(NavConfig)
    # material: Material's own Mermaid support, fed by the pinned local mermaid.min.js;
    # mermaid2: leave diagrams to mkdocs-mermaid2-plugin.
    mermaid = c.Choice(("material", "mermaid2"), default="material")
    mermaid_js = c.Optional(c.Type(str))
    git_dates = c.Type(bool, default=True)
    board = c.SubConfig(BoardConfig)


def language_of(mkdocs_config, plugin_config: JourneysConfig) -> str:
    """Plugin option, else theme.language; German and English labels exist."""
    if plugin_config.language:
        return plugin_config.language
    theme = mkdocs_config.get("theme")
    lang = (theme.get("language") if theme is not None else None) or "en"
    return "de" if str(lang).lower().startswith("de") else "en"


def make_settings(mkdocs_config, plugin_config: JourneysConfig):
    """Content settings for `content.load_catalog`, from the MkDocs and plugin config."""
    from pathlib import Path

    from .content import Settings
    from .locales import labels
    from .model import PhaseDef

    root = Path(mkdocs_config.config_file_path or ".").resolve().parent
    if plugin_config.phases:
        phases = [PhaseDef(p.id, p.title, p.description) for p in plugin_config.phases]
    else:
        t = labels(language_of(mkdocs_config, plugin_config))
        phases = [PhaseDef(pid, title, desc) for pid, (title, desc) in t.phases.items()]
    return Settings(root=root, phases=phases, journeys_dir=plugin_config.journeys_dir,
                    personas_dir=plugin_config.personas_dir, touchpoints_dir=plugin_config.touchpoints_dir,
                    currencies=tuple(plugin_config.currencies), max_file_size=plugin_config.max_file_size)


def check_phases(plugin_config: JourneysConfig) -> list[str]:
    """Problems in the configured phase model."""
    import re

    out: list[str] = []
    seen: set[str] = set()
    for i, p in enumerate(plugin_config.phases or []):
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", p.id or ""):
            out.append(f"phases[{i}].id: '{p.id}' is not a valid id (lower-case letters, digits, '-' and '_').")
        if p.id in seen:
            out.append(f"phases[{i}].id: the phase '{p.id}' is listed twice.")
        seen.add(p.id)
    return out
