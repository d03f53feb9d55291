"""A site's own page templates: `<theme dir>/journeys/` before the package's, escaped alike, watched by serve."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markupsafe import escape

from factory import catalog
from mkdocs_journeys.plugin.site_links import SiteLinks
from mkdocs_journeys.render.labels import labels
from mkdocs_journeys.render.pages import SiteBuilder
from mkdocs_journeys.render.templating import TEMPLATES, make_env, override_dirs
from sitekit import copy_site, mkdocs_build

HOSTILE = '<script>window.__pwned=1</script> [x](javascript:window.__pwned=1) { onclick="window.__pwned=1" }'


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _changed(name: str, old: str, new: str) -> str:
    """The package's template `name` with `old` replaced by `new` once (the way a team starts an override)."""
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    assert old in text, f"{name} no longer has {old!r}"
    return text.replace(old, new, 1)


@pytest.mark.unit
def test_the_loader_looks_in_each_theme_dir_first_in_order_then_in_the_package(tmp_path):
    custom, theme = tmp_path / "overrides", tmp_path / "theme"
    _write(custom / "journeys/board.html", "custom {{ x }}")
    _write(theme / "journeys/board.html", "theme {{ x }}")
    _write(theme / "journeys/matrix.html", "theme matrix")
    env = make_env([str(custom), str(theme)])
    assert env.loader.searchpath == [str(custom / "journeys"), str(theme / "journeys"), str(TEMPLATES)]
    assert env.get_template("board.html").render(x="a") == "custom a"
    assert env.get_template("matrix.html").render() == "theme matrix"
    assert env.get_template("journey.html").filename == str(TEMPLATES / "journey.html")
    assert make_env().loader.searchpath == [str(TEMPLATES)]
    # Only folders that exist are watched while serving.
    assert override_dirs([str(custom), str(tmp_path / "none"), str(theme)]) == [
        str(custom / "journeys"),
        str(theme / "journeys"),
    ]


@pytest.mark.unit
def test_an_override_gets_the_page_context_and_autoescaped_content(tmp_path):
    _write(
        tmp_path / "journeys/phases_index.html",
        '# {{ t.phases_title | md }}\n{% call block() %}<p class="team">{% for j in c.journeys.values() %}'
        "{{ j.summary }}|{{ journey_link(j.id) }}{% endfor %}</p>{% endcall %}\n",
    )
    builder = SiteBuilder(catalog(HOSTILE), labels("en"), SiteLinks().links(), theme_dirs=[str(tmp_path)])
    page = builder.phases_index().markdown
    assert '<p class="team">' in page
    assert str(escape(HOSTILE)) + "|" in page and "<script>" not in page
    assert not re.search(r"<[^>]+\son\w+\s*=", page)
    # The other pages still come from the package.
    assert 'class="team"' not in builder.reference().markdown


@pytest.mark.build
def test_a_site_overrides_the_board_and_a_macro_and_content_stays_escaped(tmp_path):
    site = copy_site(tmp_path / "s")  # the fixture site has theme.custom_dir: overrides
    tp = site / "touchpoints/newsletter.md"
    tp.write_text(re.sub(r"^name: .*$", f"name: '{HOSTILE}'", tp.read_text(encoding="utf-8"), count=1, flags=re.M))
    overrides = site / "overrides/journeys"
    _write(
        overrides / "board.html",
        _changed(
            "board.html",
            '<div class="jr-board-page"',
            '<p class="team-board">Team board: {{ c.touchpoints["newsletter"].name }}</p>\n<div class="jr-board-page"',
        ),
    )
    _write(
        overrides / "_macros.html",
        _changed("_macros.html", '<div class="jr-source">', '<div class="jr-source">\n<p class="team-footer">Team</p>'),
    )
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr

    board = (site / "site/journeys/velo-kauf/board/index.html").read_text(encoding="utf-8")
    (marker,) = re.findall(r'<p class="team-board">.*?</p>', board)
    assert marker == f'<p class="team-board">Team board: {escape(HOSTILE)}</p>'
    main = board.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
    assert "<script" not in main and not re.search(r"<[^>]+\son\w+\s*=", main)
    assert 'class="jr-board"' in main  # the rest of the board is still there

    journey = (site / "site/journeys/velo-kauf/index.html").read_text(encoding="utf-8")
    assert '<p class="team-footer">Team</p>' in journey and "team-board" not in journey
    unchanged = (site / "site/phases/index.html").read_text(encoding="utf-8")
    assert "team-" not in unchanged


@pytest.mark.unit
def test_serve_watches_the_sites_template_overrides(tmp_path):
    from mkdocs.config import load_config

    site = copy_site(tmp_path / "s")
    _write(site / "overrides/journeys/board.html", "{{ j.title }}\n")
    cfg = load_config(str(site / "mkdocs.yml"))
    cfg.plugins.on_config(cfg)
    watched: list[str] = []

    class Server:
        def watch(self, path, *a, **k):
            watched.append(str(path))

    cfg.plugins["journeys"].on_serve(Server(), cfg, None)
    assert str(site / "overrides/journeys") in watched


@pytest.mark.build
def test_mkdocs_serve_picks_up_a_changed_override(tmp_path):
    from served import serving, wait_for
    from tiny_site import MKDOCS_YML, write_site

    yml = MKDOCS_YML.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
    assert yml != MKDOCS_YML
    template = '# {{ t.phases_title | md }}\n{% call block() %}<p class="team">{{ version }}</p>{% endcall %}\n'
    root = write_site(
        tmp_path, {"overrides/journeys/phases_index.html": template.replace("{{ version }}", "first")}, yml
    )
    with serving(root, tmp_path / "serve.log") as base:
        url = f"{base}/phases/"
        wait_for(url, lambda html: '<p class="team">first</p>' in html, 90)
        _write(root / "overrides/journeys/phases_index.html", template.replace("{{ version }}", "second"))
        wait_for(url, lambda html: '<p class="team">second</p>' in html, 90)


@pytest.mark.unit
def test_the_same_templates_give_the_same_environment_and_an_edited_or_new_one_another(tmp_path):
    # `mkdocs serve` makes a site builder per rebuild: the templates are compiled once, not each time.
    theme = tmp_path / "theme"
    _write(theme / "journeys/board.html", "one {{ x }}")
    env = make_env([str(theme)])
    assert make_env([str(theme)]) is env
    assert env.get_template("board.html").render(x="a") == "one a"
    _write(theme / "journeys/board.html", "two, longer {{ x }}")
    edited = make_env([str(theme)])
    assert edited is not env and edited.get_template("board.html").render(x="a") == "two, longer a"
    _write(theme / "journeys/matrix.html", "own matrix")  # a new override hides the package's template
    added = make_env([str(theme)])
    assert added is not edited and added.get_template("matrix.html").render() == "own matrix"
    (theme / "journeys/matrix.html").unlink()
    assert make_env([str(theme)]).get_template("matrix.html").filename == str(TEMPLATES / "matrix.html")
