"""`journeys new` and `journeys init`: valid, commented starter files in the site's language. Never overwrites."""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs_journeys.core import ids
from mkdocs_journeys.core.schema import FILE_KINDS

STARTER = Path(__file__).parent / "starter"
# Stored without their leading dot so that packaging picks them up; renamed on write.
DOTTED = {"gitignore": ".gitignore", "github": ".github", "vscode": ".vscode", "remarkrc.mjs": ".remarkrc.mjs"}
# Files of the starter kit with placeholders (everything else is copied as it is).
TEMPLATED = {"mkdocs.yml", "requirements.txt"}
LANGUAGES = ("en", "de")


class ScaffoldError(Exception):
    pass


# --- journeys new ------------------------------------------------------------------

_CHANNELS = "email, mobile, social, ads, web, search, chat, phone, in-person, print, event, product, review, other"

TEXTS = {
    "en": {
        "persona": """---
name: {title}                  # the persona's name
role: Role or segment          # role or segment (required)
segment: ""                    # market segment
quote: ""                      # a typical sentence in the persona's words
jobs: []                       # jobs and goals (value-proposition canvas)
pains: []
gains: []
empathy:                       # empathy map
  says: []
  thinks: []
  does: []
  feels: []
value_fit:                     # products, pain relievers, gain creators
  products: []
  pain_relievers: []
  gain_creators: []
channels: []                   # {channels}
---
Who is {title}? Describe the persona in a few sentences.
""",
        "touchpoint": """---
name: {title}                  # name of the touchpoint
channel: web                   # {channels}
kind: digital                  # digital or analog
owner: ""                      # team that owns it
kpis: []                       # e.g. - {{id: visits, name: Visits per month, target: 1000, unit: visits}}
---
What is {title} for? Describe the touchpoint in a few sentences.
""",
        "journey": """---
title: {title}                 # title of the journey
summary: One or two sentences on what this journey is about.
personas: [{persona}]          # persona ids (files in {personas_dir}/)
owners: []                     # owner teams
state: as-is                   # as-is (what happens today) or to-be (the plan)
trigger: ""                    # scenario or trigger that starts the journey
value_proposition: ""
# goal: {{description: ..., value: 100000, currency: {currency}, period: per year}}
---
Describe the journey. Each phase has a file of its own beside this one ({phase}.md, ...).
""",
        "phase": """---
goal:                          # business goal of the phase, in money
  description: What the business wants to reach in this phase
  value: 10000
  currency: {currency}
  period: per year
core_message: ""               # derived from the value proposition
needs:
  {persona}: []                # needs per persona id
steps:                         # the customer's steps, in order
  - title: What the customer does
    {touchpoint_line}
    emotion: 3                 # 1 (very bad) to 5 (very good)
    pains: []
    opportunities: []
kpis: []                       # - {{id: leads, name: Leads per month, target: 40, unit: leads, owner: Marketing}}
impact_map: []                 # - {{persona: {persona}, impact: ..., kpi: leads, deliverables: [touchpoint-id]}}
data_points: {{must_track: [], collected: [], wanted: []}}
signals: []                    # - {{condition: ..., when: "leads < 20", action: ..., owner: ...}}
branches: []                   # - {{condition: ..., journey: other-journey, phase: {phase}}}
---
""",
        "touchpoint_ref": "touchpoint: {id}             # a touchpoint id (files in {dir}/)",
        "touchpoint_none": "# touchpoint: touchpoint-id  # a touchpoint id (files in {dir}/)",
    },
    "de": {
        "persona": """---
name: {title}                  # Name der Persona
role: Rolle oder Segment       # Rolle oder Segment (Pflicht)
segment: ""                    # Marktsegment
quote: ""                      # ein typischer Satz in den Worten der Persona
jobs: []                       # Aufgaben und Ziele (Value Proposition Canvas)
pains: []                      # Probleme
gains: []                      # Gewinne
empathy:                       # Empathy Map
  says: []
  thinks: []
  does: []
  feels: []
value_fit:                     # Produkte, Problemlöser, Gewinnbringer
  products: []
  pain_relievers: []
  gain_creators: []
channels: []                   # {channels}
---
Wer ist {title}? Beschreiben Sie die Persona in ein paar Sätzen.
""",
        "touchpoint": """---
name: {title}                  # Name des Touchpoints
channel: web                   # {channels}
kind: digital                  # digital oder analog
owner: ""                      # verantwortliches Team
kpis: []                       # z. B. - {{id: besuche, name: Besuche pro Monat, target: 1000, unit: Besuche}}
---
Wozu dient {title}? Beschreiben Sie den Touchpoint in ein paar Sätzen.
""",
        "journey": """---
title: {title}                 # Titel der Journey
summary: Ein oder zwei Sätze, worum es geht.
personas: [{persona}]          # Ids der Personas (Dateien in {personas_dir}/)
owners: []                     # verantwortliche Teams
state: as-is                   # as-is (was heute geschieht) oder to-be (der Plan)
trigger: ""                    # Szenario oder Auslöser der Journey
value_proposition: ""          # Wertversprechen
# goal: {{description: ..., value: 100000, currency: {currency}, period: pro Jahr}}
---
Beschreiben Sie die Journey. Jede Phase steht in einer eigenen Datei daneben ({phase}.md, ...).
""",
        "phase": """---
goal:                          # Geschäftsziel der Phase, in Geld
  description: Was das Unternehmen in dieser Phase erreichen will
  value: 10000
  currency: {currency}
  period: pro Jahr
core_message: ""               # Kernbotschaft, abgeleitet aus dem Wertversprechen
needs:
  {persona}: []                # Bedürfnisse je Persona-Id
steps:                         # die Schritte der Kundin, der Reihe nach
  - title: Was die Kundin tut
    {touchpoint_line}
    emotion: 3                 # 1 (sehr schlecht) bis 5 (sehr gut)
    pains: []
    opportunities: []
kpis: []                       # - {{id: leads, name: Leads pro Monat, target: 40, unit: Leads, owner: Marketing}}
impact_map: []                 # - {{persona: {persona}, impact: ..., kpi: leads, deliverables: [touchpoint-id]}}
data_points: {{must_track: [], collected: [], wanted: []}}
signals: []                    # - {{condition: ..., when: "leads < 20", action: ..., owner: ...}}
branches: []                   # - {{condition: ..., journey: andere-journey, phase: {phase}}}
---
""",
        "touchpoint_ref": "touchpoint: {id}             # Id eines Touchpoints (Dateien in {dir}/)",
        "touchpoint_none": "# touchpoint: touchpoint-id  # Id eines Touchpoints (Dateien in {dir}/)",
    },
}


def _align(text: str, column: int = 31) -> str:
    """Line the trailing comments up again after ids and titles of any length were filled in."""
    out = []
    for line in text.split("\n"):
        m = re.match(r"^(\s*[^#\s][^#]*?)\s+(# .*)$", line)
        out.append(f"{m.group(1):<{column - 1}} {m.group(2)}" if m else line)
    return "\n".join(out)


def _write(path: Path, text: str, command: str = "journeys new") -> Path:
    if path.exists():
        raise ScaffoldError(f"{path} exists; '{command}' never overwrites. Choose another id or edit the file.")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as f:  # 'x': fail rather than overwrite, even in a race
        f.write(text)
    return path


def new(
    kind: str,
    id: str,
    root: Path,
    *,
    folders: dict[str, str],
    first_phase: str,
    personas: list[str],
    touchpoints: list[str] = (),
    currency: str = "CHF",
    language: str = "en",
) -> list[Path]:
    """Starter files for one persona, touchpoint or journey (index.md and its first phase)."""
    if not ids.is_id(id):
        raise ScaffoldError(f"'{id}' is not a valid id; use {ids.RULE}.")
    if id in ids.RESERVED:
        raise ScaffoldError(f"'{id}' is reserved for a generated page; choose another id.")
    t = TEXTS["de" if language == "de" else "en"]
    title = id.replace("-", " ").replace("_", " ").title()
    if kind == "persona":
        return [
            _write(
                root / folders["personas"] / f"{id}.md", _align(t["persona"].format(title=title, channels=_CHANNELS))
            )
        ]
    if kind == "touchpoint":
        return [
            _write(
                root / folders["touchpoints"] / f"{id}.md",
                _align(t["touchpoint"].format(title=title, channels=_CHANNELS)),
            )
        ]
    if kind == "journey":
        if not personas:
            raise ScaffoldError("a journey needs a persona; create one first with 'journeys new persona ID'.")
        folder = root / folders["journeys"] / id
        if folder.exists():
            raise ScaffoldError(f"{folder} exists; 'journeys new' never overwrites.")
        line = (
            t["touchpoint_ref"].format(id=touchpoints[0], dir=folders["touchpoints"])
            if touchpoints
            else t["touchpoint_none"].format(dir=folders["touchpoints"])
        )
        persona = personas[0]
        index = t["journey"].format(
            title=title, persona=persona, phase=first_phase, currency=currency, personas_dir=folders["personas"]
        )
        phase = t["phase"].format(persona=persona, currency=currency, phase=first_phase, touchpoint_line=line)
        return [_write(folder / "index.md", _align(index)), _write(folder / f"{first_phase}.md", _align(phase))]
    raise ScaffoldError(f"unknown kind '{kind}'; expected journey, persona or touchpoint.")


# --- journeys init -----------------------------------------------------------------


def starter_files(language: str) -> dict[str, Path]:
    """Target path (relative, with its leading dots) -> the file of the starter kit it comes from."""
    if language not in LANGUAGES:
        raise ScaffoldError(f"no starter kit for the language '{language}'; choose one of {', '.join(LANGUAGES)}.")
    out: dict[str, Path] = {}
    for base in (STARTER / "common", STARTER / language):
        for src in sorted(base.rglob("*")):
            if src.is_file() and "__pycache__" not in src.parts:
                parts = list(src.relative_to(base).parts)
                parts[0] = DOTTED.get(parts[0], parts[0])
                out["/".join(parts)] = src
    return out


def plugin_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mkdocs-journeys")
    except PackageNotFoundError:
        raise ScaffoldError(
            "mkdocs-journeys is not installed as a package (pip install mkdocs-journeys); "
            "requirements.txt needs its version."
        ) from None


def init(target: Path, language: str = "en", site_name: str | None = None) -> list[Path]:
    """Write the starter kit into target; refuse, writing nothing, if any of its files exists."""
    if target.exists() and not target.is_dir():
        raise ScaffoldError(f"{target} is a file; 'journeys init' needs a folder (it may exist, and may be empty).")
    files = starter_files(language)
    schemas = [f"schemas/{kind}.schema.json" for kind in FILE_KINDS]
    existing = [rel for rel in [*files, *schemas] if (target / rel).exists() or (target / rel).is_symlink()]
    if existing:
        shown = ", ".join(existing[:5]) + (f" and {len(existing) - 5} more" if len(existing) > 5 else "")
        raise ScaffoldError(
            f"{target} already has {shown}; 'journeys init' never overwrites. "
            "Choose an empty folder, or move these files away."
        )
    values = {
        "__VERSION__": plugin_version(),
        "__SITE_NAME__": json.dumps(site_name or "Customer Journeys", ensure_ascii=False),
    }
    written = []
    for rel, src in files.items():
        text = src.read_text(encoding="utf-8")
        if src.name in TEMPLATED:
            for key, value in values.items():
                text = text.replace(key, value)
        written.append(_write(target / rel, text, "journeys init"))
    return written
