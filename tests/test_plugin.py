"""The plugin inside MkDocs: hostile content, serve rebuilds, options."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitekit import copy_site, mkdocs_build

HOSTILE = (
    '<script>window.__pwned=1</script> [x](javascript:window.__pwned=1) { onclick="window.__pwned=1" } '
    '"quote" #58; %% end'
)


def _hostile_site(tmp_path: Path) -> Path:
    site = copy_site(tmp_path / "s")
    tp = site / "touchpoints/newsletter.md"
    text = tp.read_text(encoding="utf-8")
    text = re.sub(r"^name: .*$", f"name: '{HOSTILE}'", text, count=1, flags=re.M)
    text += f'\n\n{HOSTILE}\n\n<img src=x onerror="window.__pwned=1">\n'
    tp.write_text(text, encoding="utf-8")
    return site


@pytest.mark.build
def test_hostile_content_builds_to_inert_html(tmp_path):
    site = _hostile_site(tmp_path)
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    for page in ["touchpoints/newsletter/index.html", "touchpoints/index.html", "journeys/velo-kauf/index.html"]:
        html = (site / "site" / page).read_text(encoding="utf-8")
        main = html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
        assert "<script" not in main
        assert not re.search(r"<[^>]+\son\w+\s*=", main), page
        assert not re.search(r'href="\s*javascript:', main, re.I), page
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in main, page


@pytest.mark.build
def test_config_state_is_reset_between_builds(tmp_path):
    """mkdocs serve re-runs the events in one process: a second build must not see the first one's state."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = copy_site(tmp_path / "s")
    cfg = load_config(str(site / "mkdocs.yml"))
    build(cfg)
    plugin = cfg.plugins["journeys"]
    first = set(plugin.generated)
    (site / "touchpoints/extra.md").write_text(
        "---\nname: Extra\nchannel: web\nkind: digital\n---\nNeu.\n", encoding="utf-8"
    )
    cfg2 = load_config(str(site / "mkdocs.yml"))
    cfg2.plugins = cfg.plugins  # serve keeps the same plugin instances
    cfg2.plugins.on_startup(command="serve", dirty=False)
    build(cfg2, serve_url="http://127.0.0.1:8000/")
    assert set(plugin.generated) == first | {"touchpoints/extra.md"}
    assert (site / "site/touchpoints/extra/index.html").is_file()


@pytest.mark.unit
def test_serve_watches_content_folders(tmp_path):
    from mkdocs.config import load_config

    site = copy_site(tmp_path / "s")
    cfg = load_config(str(site / "mkdocs.yml"))
    cfg.plugins.on_config(cfg)
    watched = []

    class Server:
        def watch(self, path, *a, **k):
            watched.append(Path(path).name)

    cfg.plugins["journeys"].on_serve(Server(), cfg, None)
    assert watched == ["journeys", "personas", "touchpoints", "actuals"]


@pytest.mark.build
def test_full_nav_mode_and_english_labels(tmp_path):
    site = copy_site(tmp_path / "s")
    yml = site / "mkdocs.yml"
    text = yml.read_text(encoding="utf-8").replace(
        "  - journeys:\n", "  - journeys:\n      language: en\n      nav:\n        mode: full\n", 1
    )
    yml.write_text(text, encoding="utf-8")
    assert mkdocs_build(site).returncode == 0
    # The error catalog links to no touchpoint, so a link there comes from the nav.
    html = (site / "site/reference/problems/index.html").read_text(encoding="utf-8")
    assert 'href="../../touchpoints/newsletter/"' in html  # full mode lists every touchpoint
    assert "grouped by channel" in (site / "site/touchpoints/index.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_indexes_nav_mode_keeps_detail_pages_out_of_the_nav(built_site):
    html = (built_site / "site/reference/problems/index.html").read_text(encoding="utf-8")
    assert "touchpoints/newsletter/" not in html
    assert 'href="../../journeys/velo-kauf/"' in html  # few journeys: listed


@pytest.mark.build
def test_mermaid2_configuration_builds_offline(tmp_path):
    """The design card's mermaid2 stays supported: the fixture site builds with it, Mermaid served locally."""
    site = copy_site(tmp_path / "s")
    result = mkdocs_build(site, "-f", "mkdocs-mermaid2.yml")
    assert result.returncode == 0, result.stderr
    page = (site / "site-mermaid2/journeys/velo-kauf/index.html").read_text(encoding="utf-8")
    assert "window.mermaidConfig" in page  # mermaid2 processed the page
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert "../../assets/journeys/mermaid.min.js" in scripts
    assert not [s for s in scripts if s.startswith(("http:", "https:", "//"))]
    assert "mermaid-loader.js" not in page


@pytest.mark.build
def test_mermaid2_mode_needs_the_mermaid2_fence(tmp_path):
    site = copy_site(tmp_path / "s")
    yml = site / "mkdocs-mermaid2.yml"
    yml.write_text(
        yml.read_text(encoding="utf-8").split("markdown_extensions:")[0] + "markdown_extensions: [tables]\n",
        encoding="utf-8",
    )
    result = mkdocs_build(site, "-f", "mkdocs-mermaid2.yml")
    assert result.returncode != 0
    assert "fence_mermaid_custom" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.build
def test_properdocs_builds_the_fixture_site_strictly(tmp_path):
    """ProperDocs, the maintained MkDocs 1.x fork, loads the plugin from the same entry point."""
    from sitekit import BIN, run

    site = copy_site(tmp_path / "s")
    result = run([str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml"], cwd=site)
    assert result.returncode == 0, result.stderr
    assert (site / "site/journeys/velo-kauf/index.html").is_file()
    assert (site / "site/touchpoints/newsletter/index.html").is_file()
    assert "Befunde der Qualitätsprüfung" in result.stderr  # our plugin ran (in the German sample's language)
