"""A small buildable site of the tests' own (content_factory's valid project plus mkdocs.yml and docs/)."""

from __future__ import annotations

import html
import re
from pathlib import Path

from content_factory import PHASE_IDS, Project

MKDOCS_YML = """\
site_name: Test site
docs_dir: docs
theme:
  name: material
  font: false
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
plugins:
  - journeys:
      language: en
      git_dates: false
      phases:
{phases}
"""


def make_site(tmp_path: Path, files: dict[str, str] | None = None, docs: dict[str, str] | None = None) -> Project:
    """The valid project with `files` changed or added, a mkdocs.yml, docs/ pages and the pinned Mermaid."""
    project = Project(tmp_path)
    for rel, text in (files or {}).items():
        project.write(rel, text)
    phases = "\n".join(f"        - id: {p}\n          title: {p.title()}" for p in PHASE_IDS)
    project.write("mkdocs.yml", MKDOCS_YML.format(phases=phases))
    for rel, text in ({"index.md": "# Home\n"} | (docs or {})).items():
        project.write(f"docs/{rel}", text)
    return project


# Hand-written diagrams: in a persona's and a touchpoint's body and on a docs/ page.
FLOWCHART = (
    'flowchart LR\n  A["Sees the ad"] --> B{"Signs up?"}\n  B -->|yes| C["Trial & more"]\n  B -->|no| D["Leaves"]\n'
)
SEQUENCE = "sequenceDiagram\n  Sara->>Shop: Orders bread\n  Shop-->>Sara: Confirms\n"
PERSONA = f"---\nname: Sara Keller\nrole: Owner\nsegment: SME\n---\nHow Sara decides:\n\n```mermaid\n{FLOWCHART}```\n"
# A diagram that tries to lower Mermaid's security, run script through a label and a click, and load
# images from another host.
HOSTILE = (
    '%%{init: {"securityLevel": "loose", "dompurifyConfig": {"ADD_ATTR": ["onerror"]}}}%%\nflowchart LR\n'
    '  A["<img src=http://example.invalid/a.png onerror=window.__pwned=1>"] --> '
    "B[\"<b style='background:url(http://example.invalid/b.png)'>Go</b>\"]\n"
    '  click B href "javascript:window.__pwned=2"\n  click A call eval("window.__pwned=3")\n'
)
TOUCHPOINT = (
    f"---\nname: Newsletter\nchannel: email\nkind: digital\n---\nThe flow:\n\n```mermaid\n{SEQUENCE}```\n\n"
    f"```mermaid\n{HOSTILE}```\n"
)
DOCS_PAGE = f"# Our funnel\n\n```mermaid\n{FLOWCHART}```\n"
SOURCE = re.compile(r'<pre class="mermaid"><code>(.*?)</code></pre>', re.S)
SOURCE = re.compile(r'<pre class="mermaid"><code>(.*?)</code></pre>', re.S)


def mermaid_sources(page_html: str) -> list[str]:
    """The Mermaid sources of a built page, as Mermaid reads them."""
    return [html.unescape(s) for s in SOURCE.findall(page_html)]


def build_mermaid_site(tmp_path: Path) -> Path:
    """The site with the hand-written diagrams, built strictly; returns its site/ folder."""
    from sitekit import mkdocs_build

    project = make_site(
        tmp_path, {"personas/sara.md": PERSONA, "touchpoints/newsletter.md": TOUCHPOINT}, docs={"funnel.md": DOCS_PAGE}
    )
    result = mkdocs_build(project.root)
    assert result.returncode == 0, result.stderr
    return project.root / "site"
