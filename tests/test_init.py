"""`journeys init`: a complete site in English or German that checks and builds strictly, with no other step."""

from __future__ import annotations

import json
import re
from importlib.metadata import version
from pathlib import Path

import pytest

from mkdocs_journeys.cli.scaffold import STARTER
from sitekit import journeys_cli, mkdocs_build

# Words that only one of the two languages uses; a site in the other language must not contain them.
GERMAN = re.compile(r"\b(und|der|die|das|nicht|Kundin|Beschreiben|Rolle|pro Jahr|Sätze\w*)\b|[äöüß]")
ENGLISH = re.compile(r"\b(the|and|with|what|your|every|per year|Describe|Who is|customer)\b")


@pytest.fixture(scope="module", params=["en", "de"])
def site(request, tmp_path_factory) -> tuple[str, Path]:
    language = request.param
    root = tmp_path_factory.mktemp(f"init-{language}")
    result = journeys_cli(root, "init", "site", "--language", language)
    assert result.returncode == 0, result.stderr
    return language, root / "site"


def written(site: Path) -> list[Path]:
    """What init wrote: not what builds and checks leave (site/, .cache/; both in the starter's .gitignore)."""
    built = ("site", ".cache")
    return sorted(p for p in site.rglob("*") if p.is_file() and p.relative_to(site).parts[0] not in built)


@pytest.mark.build
def test_init_writes_a_complete_site(site):
    language, root = site
    rel = {p.relative_to(root).as_posix() for p in written(root)}
    assert {
        "mkdocs.yml",
        "docs/index.md",
        "requirements.txt",
        ".gitignore",
        ".remarkrc.mjs",
        ".vscode/settings.json",
        ".vscode/extensions.json",
        ".github/workflows/content-check.yml",
        ".github/workflows/deploy.yml",
    } <= rel
    assert {f"schemas/{k}.schema.json" for k in ("journey", "phase", "persona", "touchpoint")} <= rel
    assert any(r.startswith("personas/") for r in rel) and any(r.startswith("touchpoints/") for r in rel)
    journeys = {r.split("/")[1] for r in rel if r.startswith("journeys/")}
    assert len(journeys) == 1
    (jid,) = journeys
    assert f"journeys/{jid}/index.md" in rel and len([r for r in rel if r.startswith(f"journeys/{jid}/")]) >= 2
    # The starter kit is stored without leading dots; every such file is renamed on write.
    assert not {"gitignore", "remarkrc.mjs"} & rel and not any(r.startswith(("github/", "vscode/")) for r in rel)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^  font: false", config, re.M) and re.search(rf"^  language: {language}$", config, re.M)
    assert len(re.findall(r"^        - id: (\w+)$", config, re.M)) == 5  # the default phases, written out
    assert not re.search(r"^repo_url:", config, re.M)  # only a commented hint


@pytest.mark.build
def test_requirements_pin_the_installed_plugin(site):
    _, root = site
    lines = (root / "requirements.txt").read_text(encoding="utf-8").splitlines()
    pins = [line for line in lines if line and not line.startswith("#")]
    assert pins == [f"mkdocs-journeys=={version('mkdocs-journeys')}"]
    assert any("git+" in line for line in lines if line.startswith("#"))  # how to point it elsewhere


@pytest.mark.build
def test_the_site_checks_clean_and_builds_strictly(site):
    language, root = site
    check = journeys_cli(root, "check", "--strict")
    assert check.returncode == 0, check.stdout + check.stderr
    assert {"en": "0 errors, 0 warnings", "de": "0 Fehler, 0 Warnungen"}[language] in check.stderr
    build = mkdocs_build(root)  # no -q: it would hide warnings from --strict
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr, build.stderr
    built = root / "site"
    for schema in (root / "schemas").iterdir():  # the site serves the schemas `journeys init` wrote
        assert json.loads((built / "schemas" / schema.name).read_text(encoding="utf-8")) == json.loads(
            schema.read_text(encoding="utf-8")
        )
    assert (built / "assets/journeys/mermaid.min.js").is_file()  # Mermaid from the package, no fetch step
    pages = [p.read_text(encoding="utf-8") for p in built.rglob("*.html")]
    assert len(pages) > 10
    for host in ("fonts.googleapis.com", "api.github.com", "cdn.jsdelivr.net", "unpkg.com"):
        assert not any(host in page for page in pages), host


@pytest.mark.build
def test_the_site_speaks_one_language(site):
    language, root = site
    if language == "en":  # every file, the shared ones included
        files, foreign = written(root), GERMAN
    else:  # the files in the site's language; shared tooling files (workflows, editor setup) are English
        files = [root / p.relative_to(STARTER / "de") for p in (STARTER / "de").rglob("*") if p.is_file()]
        foreign = ENGLISH
    assert len(files) >= 7
    for path in files:
        text = path.read_text(encoding="utf-8")
        hits = sorted({m.group(0) for m in foreign.finditer(text)})
        assert not hits, f"{path.relative_to(root)}: {hits}"


@pytest.mark.unit
def test_the_word_lists_recognise_each_language():
    """The language test can fail: each list finds its language in the other starter."""
    assert GERMAN.search((STARTER / "de/docs/index.md").read_text(encoding="utf-8"))
    assert ENGLISH.search((STARTER / "en/docs/index.md").read_text(encoding="utf-8"))


@pytest.mark.build
def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path):
    (tmp_path / "s").mkdir()
    (tmp_path / "s/mkdocs.yml").write_text("keep\n", encoding="utf-8")
    result = journeys_cli(tmp_path, "init", "s")
    assert result.returncode == 2
    assert "mkdocs.yml" in result.stderr and "never overwrites" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "s/mkdocs.yml").read_text(encoding="utf-8") == "keep\n"
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == ["mkdocs.yml"]
    # A second init over a complete site: refused as well.
    assert journeys_cli(tmp_path, "init", "t").returncode == 0
    before = (tmp_path / "t/docs/index.md").read_text(encoding="utf-8")
    again = journeys_cli(tmp_path, "init", "t", "--language", "de")
    assert again.returncode == 2 and "never overwrites" in again.stderr
    assert (tmp_path / "t/docs/index.md").read_text(encoding="utf-8") == before


@pytest.mark.build
def test_init_into_the_current_folder_and_bad_language(tmp_path):
    assert journeys_cli(tmp_path, "init").returncode == 0
    assert (tmp_path / "mkdocs.yml").is_file()
    bad = journeys_cli(tmp_path, "init", "other", "--language", "fr")
    assert bad.returncode == 2 and "invalid choice" in bad.stderr and not (tmp_path / "other").exists()
