"""A small journeys site written by the test itself (never the sample site): two journeys, one persona,
two touchpoints, a hand-written home page; strict, with MkDocs' link and anchor validation at `warn`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent

MKDOCS_YML = """\
site_name: Tiny journeys
strict: true
theme:
  name: material
  language: en
  font: false
plugins:
  - search
  - journeys:
      git_dates: false
validation:
  nav:
    omitted_files: warn
  links:
    not_found: warn
    anchors: warn
    absolute_links: warn
    unrecognized_links: warn
"""

FILES = {
    "docs/index.md": "# Tiny journeys\n\nThe home page.\n",
    "personas/sara.md": """\
---
name: Sara Keller
role: Runs a bakery
---
Sara runs a bakery.
""",
    "touchpoints/newsletter.md": """\
---
name: Newsletter
channel: email
kind: digital
owner: Marketing
---
The monthly newsletter.
""",
    "touchpoints/shop.md": """\
---
name: Shop
channel: web
kind: digital
owner: Sales
---
The online shop.
""",
    "journeys/bakery/index.md": """\
---
title: Bakery buys marketing automation
summary: How a bakery finds the product.
personas:
  - sara
state: as-is
---
The journey body.
""",
    "journeys/bakery/awareness.md": """\
---
core_message: Marketing that runs by itself
steps:
  - title: Reads the newsletter
    touchpoint: newsletter
    personas:
      - sara
    emotion: 4
---
Awareness body.
""",
    "journeys/bakery/purchase.md": """\
---
steps:
  - title: Buys in the shop
    touchpoint: shop
    emotion: 3
---
""",
    "journeys/winback/index.md": """\
---
title: Win back lost customers
summary: How inactive customers come back.
personas:
  - sara
state: to-be
---
""",
    "journeys/winback/awareness.md": """\
---
steps:
  - title: Gets a personal call
    touchpoint: shop
    emotion: 4
---
""",
}


def write_site(root: Path, extra: dict[str, str] | None = None, yml: str = MKDOCS_YML) -> Path:
    """The site below `root`; `extra` adds or replaces files (relative paths)."""
    (root / "mkdocs.yml").parent.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(yml, encoding="utf-8")
    for rel, text in {**FILES, **(extra or {})}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def env() -> dict[str, str]:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1")


def mkdocs_build(root: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    """`mkdocs build` as a user runs it (no -q: it would hide the warnings that --strict counts)."""
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-d", str(root / "site")],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env(),
    )
