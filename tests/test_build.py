"""End-to-end builds of the fixture site with `mkdocs build --strict`."""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from sitekit import FIXTURE_SITE, copy_site, journeys_cli, mkdocs_build

pytestmark = pytest.mark.build

CONTENT = ("journeys", "personas", "touchpoints", "docs")


def ids(folder: str) -> list[str]:
    root = FIXTURE_SITE / folder
    if folder == "journeys":
        return sorted(p.name for p in root.iterdir() if (p / "index.md").is_file())
    return sorted(p.stem for p in root.glob("*.md"))


def html_files(site: Path) -> list[Path]:
    return sorted((site / "site").rglob("*.html"))


def test_every_journey_persona_and_touchpoint_has_a_page(built_site):
    out = built_site / "site"
    assert ids("journeys") and ids("personas") and ids("touchpoints")
    for kind in ("journeys", "personas", "touchpoints"):
        for i in ids(kind):
            assert (out / kind / i / "index.html").is_file(), f"{kind}/{i}/index.html missing"
    for phase in ("awareness", "information", "purchase", "loyalty", "offboarding"):
        assert (out / "phases" / phase / "index.html").is_file()
    for index in (
        "journeys/index.html",
        "personas/index.html",
        "touchpoints/index.html",
        "phases/index.html",
        "phases/matrix/index.html",
        "reference/format/index.html",
        "reference/problems/index.html",
    ):
        assert (out / index).is_file(), index


def test_journey_page_has_an_svg_emotion_curve_with_every_step(built_site):
    page = (built_site / "site/journeys/maatoo-einstieg/index.html").read_text(encoding="utf-8")
    blocks = [html.unescape(b) for b in re.findall(r'<pre class="mermaid"><code>(.*?)</code></pre>', page, re.S)]
    assert not [b for b in blocks if b.startswith("journey")]  # the SVG curve replaces Mermaid's journey diagram
    curves = re.findall(r'<svg class="jr-emotion".*?</svg>', page, re.S)
    assert len(curves) == 1
    numbers = [
        int(n)
        for n in re.findall(
            r'<g class="jr-step-dot[^>]*>(?:<title>[^<]*</title>)?<circle[^>]*/><text[^>]*>(\d+)</text>', curves[0]
        )
    ]
    assert len(numbers) >= 5 and numbers == list(range(1, len(numbers) + 1))
    rows = re.search(r'jr-curve-section".*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    assert rows.count("<tr><td>") == len(numbers)  # the folded table has the same steps, grouped by phase


def test_edit_link_opens_the_source_file_not_a_generated_one(built_site):
    page = (built_site / "site/journeys/maatoo-einstieg/index.html").read_text(encoding="utf-8")
    edits = re.findall(r'<a href="([^"]+)"[^>]*rel="edit"', page)
    assert "https://github.com/example/mkdocs-journeys/edit/main/journeys/maatoo-einstieg/index.md" in edits
    persona = (built_site / "site/personas/sara/index.html").read_text(encoding="utf-8")
    assert "edit/main/personas/sara.md" in persona


SITE_PREFIX = urlsplit(re.search(r"^site_url:\s*(\S+)", (FIXTURE_SITE / "mkdocs.yml").read_text(), re.M).group(1)).path


def _targets(site_dir: Path, page: Path, url: str) -> Path | None:
    if url.startswith(SITE_PREFIX):  # 404.html links absolutely, below site_url
        url = "/" + url[len(SITE_PREFIX) :]
    rel = page.relative_to(site_dir).as_posix()
    base = "http://site/" + rel
    absolute = urljoin(base, url)
    parts = urlsplit(absolute)
    if parts.netloc != "site":
        return None
    path = unquote(parts.path).lstrip("/")
    target = site_dir / path
    if path == "" or path.endswith("/"):
        target = target / "index.html"
    return target


def test_every_internal_link_and_anchor_resolves(built_site):
    site_dir = built_site / "site"
    ids_of: dict[Path, set[str]] = {}
    broken = []
    for page in html_files(built_site):
        text = page.read_text(encoding="utf-8")
        for url in re.findall(r'<a [^>]*href="([^"]+)"', text):
            url = html.unescape(url)
            if url.startswith(("http://", "https://", "mailto:", "javascript:")):
                continue
            target = _targets(site_dir, page, url)
            if target is None:
                continue
            if not target.exists():
                broken.append(f"{page.relative_to(site_dir)} -> {url}")
                continue
            frag = urlsplit(url).fragment
            if frag and target.suffix == ".html":
                if target not in ids_of:
                    ids_of[target] = set(re.findall(r'id="([^"]+)"', target.read_text(encoding="utf-8")))
                if unquote(frag) not in ids_of[target]:
                    broken.append(f"{page.relative_to(site_dir)} -> {url} (no anchor)")
    assert not broken, "\n".join(broken[:30])


def mermaid_blocks(site: Path) -> list[tuple[Path, str]]:
    out = []
    for page in html_files(site):
        for b in re.findall(r'<pre class="mermaid"><code>(.*?)</code></pre>', page.read_text(encoding="utf-8"), re.S):
            out.append((page, html.unescape(b)))
    return out


def test_diagram_click_links_resolve(built_site):
    site_dir = built_site / "site"
    clicks = 0
    for page, text in mermaid_blocks(built_site):
        for url in re.findall(r'^\s*click \w+ href "([^"]+)"', text, re.M):
            clicks += 1
            target = _targets(site_dir, page, url)
            assert target is not None and target.exists(), f"{page.relative_to(site_dir)}: click -> {url}"
    assert clicks > 10


def test_every_diagram_is_accepted_by_mermaids_parser(built_site):
    import mermaid_parser

    if not mermaid_parser.available():
        pytest.skip("Node/mermaid not installed (run npm ci)")
    blocks = mermaid_blocks(built_site)
    assert len(blocks) > 5
    results = mermaid_parser.parse_all([t for _, t in blocks])
    bad = [(p.name, r) for (p, _), r in zip(blocks, results) if r is not None]
    assert not bad, bad


def test_nothing_is_loaded_from_another_host(built_site):
    offenders = []
    for page in html_files(built_site):
        text = page.read_text(encoding="utf-8")
        for tag, url in re.findall(r'<(script|link|img|iframe|source)\b[^>]*?(?:src|href)="([^"]+)"', text):
            if tag == "link" and not re.search(
                rf'<link[^>]*rel="(?:stylesheet|preload|modulepreload|icon|manifest)"[^>]*href="{re.escape(url)}"', text
            ):
                continue
            if re.match(r"^(https?:)?//", url):
                offenders.append(f"{page.name}: <{tag}> {url}")
    for css in (built_site / "site").rglob("*.css"):
        for url in re.findall(r"@import\s+url\(([^)]+)\)|url\((https?://[^)]+)\)", css.read_text(encoding="utf-8")):
            offenders.append(f"{css.name}: {url}")
    assert not offenders, offenders[:20]
    assert (built_site / "site/assets/journeys/mermaid.min.js").stat().st_size > 1_000_000


def test_build_leaves_source_files_untouched(tmp_path):
    site = copy_site(tmp_path / "s")

    def digest() -> dict[str, str]:
        return {
            str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in CONTENT
            for p in (site / folder).rglob("*")
            if p.is_file()
        }

    before = digest()
    assert mkdocs_build(site).returncode == 0
    assert digest() == before


def test_misspelled_persona_fails_build_and_check_with_a_suggestion(tmp_path):
    site = copy_site(tmp_path / "s")
    index = site / "journeys/maatoo-einstieg/index.md"
    text = index.read_text(encoding="utf-8")
    assert "- sara" in text or "[sara" in text or " sara" in text
    index.write_text(re.sub(r"\bsara\b", "sarah", text, count=1), encoding="utf-8")
    build = mkdocs_build(site)
    assert build.returncode != 0
    assert "journeys/maatoo-einstieg/index.md" in build.stderr
    # the sample site is German: so are its messages
    assert "unbekannte Persona 'sarah'" in build.stderr and "Gemeint ist wohl 'sara'." in build.stderr
    assert "Traceback" not in build.stderr
    check = journeys_cli(site, "check")
    assert check.returncode == 1
    line = next(ln for ln in check.stdout.splitlines() if "sarah" in ln)
    assert line in build.stderr


def test_broken_yaml_names_the_file_without_a_traceback(tmp_path):
    site = copy_site(tmp_path / "s")
    persona = site / "personas/sara.md"
    persona.write_text(persona.read_text(encoding="utf-8").replace("name:", "name: [unclosed", 1), encoding="utf-8")
    build = mkdocs_build(site)
    assert build.returncode != 0
    assert "personas/sara.md" in build.stderr and "J203 [invalid-yaml]" in build.stderr
    assert "Traceback" not in build.stderr
    check = journeys_cli(site, "check")
    assert check.returncode == 1 and "personas/sara.md" in check.stdout and "Traceback" not in check.stderr


def test_check_passes_on_the_fixture_site(tmp_path):
    result = journeys_cli(copy_site(tmp_path / "s"), "check", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr


def _raw_references(site: Path) -> tuple[dict[str, set], dict[str, set]]:
    """touchpoint -> journeys using it, persona -> journeys listing it, read from the YAML directly."""
    import yaml

    tps: dict[str, set] = {}
    personas: dict[str, set] = {}
    for index in (site / "journeys").glob("*/index.md"):
        jid = index.parent.name
        meta = yaml.safe_load(index.read_text(encoding="utf-8").split("---")[1])
        for p in meta["personas"]:
            personas.setdefault(p, set()).add(jid)
        for phase in index.parent.glob("*.md"):
            if phase.name == "index.md":
                continue
            data = yaml.safe_load(phase.read_text(encoding="utf-8").split("---")[1]) or {}
            for step in data.get("steps") or []:
                if step.get("touchpoint"):
                    tps.setdefault(step["touchpoint"], set()).add(jid)
            for imp in data.get("impact_map") or []:
                for d in imp.get("deliverables") or []:
                    tps.setdefault(d, set()).add(jid)
    return tps, personas


def _section(page: str, anchor: str) -> str:
    start = page.index(f'id="{anchor}"')
    nxt = re.search(r"<h2 ", page[start + 10 :])
    return page[start : start + 10 + (nxt.start() if nxt else len(page))]


def test_reverse_links_on_touchpoint_and_persona_pages_match_the_content(built_site):
    tps, personas = _raw_references(built_site)
    for tid in ids("touchpoints"):
        page = (built_site / f"site/touchpoints/{tid}/index.html").read_text(encoding="utf-8")
        linked = set(
            re.findall(
                r'href="\.\./\.\./journeys/([a-z0-9_-]+)/', _section(page, "used-in") + _section(page, "impacts")
            )
        )
        assert linked == tps.get(tid, set()), tid
    for pid in ids("personas"):
        page = (built_site / f"site/personas/{pid}/index.html").read_text(encoding="utf-8")
        linked = set(re.findall(r'href="\.\./\.\./journeys/([a-z0-9_-]+)/"', _section(page, "journeys")))
        assert linked == personas.get(pid, set()), pid
