"""`journeys new`: valid, commented starter files in the right place. Never overwrites."""

from __future__ import annotations

from pathlib import Path

from .schema import ID_RE


class ScaffoldError(Exception):
    pass


PERSONA = """---
name: {title}                 # the persona's name
role: Rolle oder Segment       # role or segment (required)
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
channels: []                   # email, mobile, social, ads, web, search, chat, phone, in-person, print, event, product, review, other
---
Wer ist {title}? Beschreiben Sie die Persona in ein paar Sätzen.
"""

TOUCHPOINT = """---
name: {title}                 # name of the touchpoint
channel: web                   # email, mobile, social, ads, web, search, chat, phone, in-person, print, event, product, review, other
kind: digital                  # digital or analog
owner: ""                      # team that owns it
kpis: []                       # e.g. - {{id: besuche, name: Besuche pro Monat, target: 1000, unit: Besuche, source: Web-Analyse}}
---
Wozu dient {title}? Beschreiben Sie den Touchpoint in ein paar Sätzen.
"""

JOURNEY = """---
title: {title}                # title of the journey
summary: Eine oder zwei Sätze, worum es geht.
personas: [{persona}]          # persona ids (files in personas/)
owners: []                     # owner teams
state: as-is                   # as-is (what happens today) or to-be (the plan)
trigger: ""                    # scenario or trigger that starts the journey
value_proposition: ""
# goal: {{description: ..., value: 100000, currency: CHF, period: pro Jahr}}
---
Beschreiben Sie die Journey. Jede Phase steht in einer eigenen Datei daneben ({phase}.md, ...).
"""

PHASE = """---
goal:                          # business goal of the phase, in money
  description: Was das Unternehmen in dieser Phase erreichen will
  value: 10000
  currency: {currency}
  period: pro Jahr
core_message: ""               # derived from the value proposition
needs:
  {persona}: []                # needs per persona id
steps:                         # the customer's steps, in order
  - title: Was die Kundin tut
    touchpoint: null           # a touchpoint id (files in touchpoints/)
    emotion: 3                 # 1 (very bad) to 5 (very good)
    pains: []
    opportunities: []
kpis: []                       # - {{id: leads, name: Leads pro Monat, target: 40, unit: Leads, source: CRM, owner: Marketing}}
impact_map: []                 # - {{persona: {persona}, impact: ..., kpi: leads, deliverables: [touchpoint-id]}}
data_points: {{must_track: [], collected: [], wanted: []}}
signals: []                    # - {{condition: ..., when: "leads < 20", action: ..., owner: ...}}
branches: []                   # - {{condition: ..., journey: other-journey, phase: information}}
---
"""


def _write(path: Path, text: str) -> Path:
    if path.exists():
        raise ScaffoldError(f"{path} exists; 'journeys new' never overwrites. Choose another id or edit the file.")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as f:  # 'x': fail rather than overwrite, even in a race
        f.write(text)
    return path


def new(kind: str, id: str, root: Path, *, folders: dict[str, str], first_phase: str, personas: list[str],
        currency: str = "CHF") -> list[Path]:
    if not ID_RE.match(id):
        raise ScaffoldError(f"'{id}' is not a valid id; use lower-case letters, digits, '-' and '_'.")
    title = id.replace("-", " ").replace("_", " ").title()
    if kind == "persona":
        return [_write(root / folders["personas"] / f"{id}.md", PERSONA.format(title=title))]
    if kind == "touchpoint":
        return [_write(root / folders["touchpoints"] / f"{id}.md", TOUCHPOINT.format(title=title))]
    if kind == "journey":
        if not personas:
            raise ScaffoldError("a journey needs a persona; create one first with 'journeys new persona ID'.")
        folder = root / folders["journeys"] / id
        if folder.exists():
            raise ScaffoldError(f"{folder} exists; 'journeys new' never overwrites.")
        return [_write(folder / "index.md", JOURNEY.format(title=title, persona=personas[0], phase=first_phase)),
                _write(folder / f"{first_phase}.md", PHASE.format(persona=personas[0], currency=currency))]
    raise ScaffoldError(f"unknown kind '{kind}'; expected journey, persona or touchpoint.")
