"""A minimal valid journeys project on disk, for the problem tests.

`Project(tmp_path)` writes the project below ``tmp_path / "site"`` (so that
``tmp_path`` itself is "outside" the content folders, for symlink tests) and
offers small helpers to mutate files and to load the catalog.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from mkdocs_journeys.core.catalog_loader import LoadResult, Settings, load_catalog
from mkdocs_journeys.core.model import PhaseDef

PHASE_IDS = ("awareness", "information", "purchase", "loyalty", "offboarding")
PHASES = [PhaseDef(pid, pid.title()) for pid in PHASE_IDS]

PERSONA_SARA = """\
---
name: Sara Keller
role: Owner of a bakery with 12 employees
segment: B2B, SME
channels:
  - email
---
Sara runs a bakery.
"""

TOUCHPOINT_NEWSLETTER = """\
---
name: Newsletter
channel: email
kind: digital
owner: Marketing
---
The monthly newsletter.
"""

JOURNEY_INDEX = """\
---
title: Bakery enters marketing automation
summary: How a small bakery finds the product and stays.
personas:
  - sara
state: as-is
---
The journey body.
"""

PHASE_AWARENESS = """\
---
core_message: Marketing that runs by itself
steps:
  - title: Sees a post about automated mails
    touchpoint: newsletter
    emotion: 4
---
Awareness body.
"""

PHASE_INFORMATION = """\
---
core_message: Compare before you buy
goal:
  description: Win ten new customers
  value: 12000
  currency: CHF
  period: per year
needs:
  sara:
    - Understand what it costs
steps:
  - title: Reads the newsletter
    touchpoint: newsletter
    personas:
      - sara
    emotion: 3
    pains:
      - Too many mails
kpis:
  - id: open_rate
    name: Newsletter open rate
    target: 40
    unit: percent
impact_map:
  - persona: sara
    impact: Opens the newsletter every week
    kpi: open_rate
    deliverables:
      - newsletter
signals:
  - condition: Open rate below 20 percent
    kpi: open_rate
    action: Test new subject lines
    owner: Marketing
branches:
  - condition: Not convinced yet
    phase: awareness
---
Information body.
"""

VALID_FILES: dict[str, str] = {
    "personas/sara.md": PERSONA_SARA,
    "touchpoints/newsletter.md": TOUCHPOINT_NEWSLETTER,
    "journeys/j1/index.md": JOURNEY_INDEX,
    "journeys/j1/awareness.md": PHASE_AWARENESS,
    "journeys/j1/information.md": PHASE_INFORMATION,
}

# A second journey, for cases that need one (branch cycles, journey references).
JOURNEY_J2_INDEX = """\
---
title: Win back lost customers
summary: How inactive customers are won back.
personas:
  - sara
state: to-be
---
"""

JOURNEY_J2_AWARENESS = """\
---
steps:
  - title: Gets a personal call
    emotion: 4
---
"""


class Project:
    """A valid project below ``tmp_path / "site"`` plus mutation helpers."""

    def __init__(self, tmp_path: Path, files: dict[str, str] | None = None):
        self.tmp = tmp_path
        self.root = tmp_path / "site"
        self.root.mkdir(parents=True, exist_ok=True)
        self.settings_overrides: dict = {}
        for rel, text in (VALID_FILES if files is None else files).items():
            self.write(rel, text)

    # --- files ---

    def path(self, rel: str) -> Path:
        return self.root / rel

    def write(self, rel: str, content: str | bytes) -> Path:
        p = self.path(rel)
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_bytes(content.encode("utf-8"))
        return p

    def read(self, rel: str) -> str:
        return self.path(rel).read_bytes().decode("utf-8")

    def replace(self, rel: str, old: str, new: str) -> None:
        """Replace one exact, unique occurrence of `old` in a file."""
        text = self.read(rel)
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {rel}"
        self.write(rel, text.replace(old, new))

    def remove(self, rel: str) -> None:
        self.path(rel).unlink()

    def symlink(self, rel: str, target: str | Path) -> Path:
        p = self.path(rel)
        p.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, p)
        return p

    def line_of(self, rel: str, needle: str) -> int:
        """1-based number of the one line of `rel` that contains `needle`."""
        lines = self.path(rel).read_bytes().decode("utf-8", "replace").split("\n")
        hits = [i + 1 for i, line in enumerate(lines) if needle in line]
        assert len(hits) == 1, f"{needle!r} is on lines {hits} of {rel}"
        return hits[0]

    def add_journey_j2(self) -> None:
        self.write("journeys/j2/index.md", JOURNEY_J2_INDEX)
        self.write("journeys/j2/awareness.md", JOURNEY_J2_AWARENESS)

    # --- loading ---

    def settings(self) -> Settings:
        return Settings(root=self.root, phases=list(PHASES), **self.settings_overrides)

    def load(self) -> LoadResult:
        return load_catalog(self.settings())

    def hashes(self) -> dict[str, str]:
        """sha256 of every file below the project root (symlinks by their target text)."""
        out = {}
        for dirpath, dirnames, filenames in os.walk(self.root):
            for name in filenames + dirnames:
                p = Path(dirpath) / name
                rel = p.relative_to(self.root).as_posix()
                if p.is_symlink():
                    out[rel] = "link:" + os.readlink(p)
                elif p.is_file():
                    out[rel] = hashlib.sha256(p.read_bytes()).hexdigest() + f":{p.stat().st_mtime_ns}"
        return out
