"""`mkdocs serve` keeps serving while the content has errors: the pages show them; a build still fails.

Each test writes its own small site (strict: true, as teams set it) and plants the errors.
"""

from __future__ import annotations

import logging
import re
import subprocess
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from served import serving, wait_for
from tiny_site import BIN, FILES, MKDOCS_YML, env, mkdocs_build, write_site

BOX = re.compile(r'<div class="admonition failure jr-content-errors" role="alert">.*?</div>', re.S)
HOSTILE = "<img src=x onerror=alert(1)>"
BROKEN = {
    # a reference that is not an id: the phase loads without it, the journey page shows the error
    "journeys/bakery/awareness.md": FILES["journeys/bakery/awareness.md"].replace(
        "touchpoint: newsletter", f"touchpoint: '{HOSTILE}'"
    ),
    # YAML that does not parse: the persona page has no source left
    "personas/sara.md": "---\nname: Sara: Keller\nrole: Runs a bakery\n---\n",
}


def _serve_build(root: Path) -> None:
    """What `mkdocs serve` does before it serves: the startup event says 'serve', then a build."""
    cfg = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    cfg.plugins.on_startup(command="serve", dirty=False)
    build(cfg, serve_url="http://127.0.0.1:8000/")


def _page(root: Path, path: str) -> str:
    return (root / "site" / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_while_serving_the_pages_show_the_errors_and_the_build_goes_on(tmp_path):
    root = write_site(tmp_path, BROKEN)
    _serve_build(root)  # strict: true, and still no abort

    journey = BOX.findall(_page(root, "journeys/bakery"))
    assert len(journey) == 1
    assert "<code>journeys/bakery/awareness.md:5</code>" in journey[0]
    assert "steps[0].touchpoint" in journey[0] and "personas/sara.md" not in journey[0]
    assert HOSTILE not in journey[0] and "&lt;img src=x onerror=alert(1)&gt;" in journey[0]

    persona = _page(root, "personas/sara")  # the page stays, as an error page
    (box,) = BOX.findall(persona)
    assert "<code>personas/sara.md:2</code>" in box and "J203" in box
    assert "<title>Not loaded: personas/sara.md" in persona

    for home in (_page(root, "."), _page(root, "health")):
        (box,) = BOX.findall(home)
        assert "2 errors in the content" in box
        assert "journeys/bakery/awareness.md:5" in box and "personas/sara.md:2" in box

    assert not BOX.search(_page(root, "journeys/winback"))  # pages without errors stay as they are


@pytest.mark.build
def test_links_broken_by_an_error_do_not_abort_a_strict_serve(tmp_path):
    # A branch to a journey that does not exist: the diagram links to a page that is not there.
    branch = "---\nsteps:\n  - title: Buys\n    emotion: 3\nbranches:\n  - condition: Unsure\n    journey: ghost\n---\n"
    root = write_site(tmp_path, {"journeys/bakery/purchase.md": branch})
    _serve_build(root)
    (box,) = BOX.findall(_page(root, "journeys/bakery"))
    assert "journeys/bakery/purchase.md" in box and "ghost" in box


@pytest.mark.build
def test_without_errors_no_page_shows_a_box(tmp_path):
    root = write_site(tmp_path)
    _serve_build(root)
    assert not [p for p in (root / "site").rglob("*.html") if "jr-content-errors" in p.read_text(encoding="utf-8")]


@pytest.mark.build
def test_build_and_check_still_fail_on_the_same_errors(tmp_path):
    root = write_site(tmp_path, BROKEN)
    built = mkdocs_build(root)
    assert built.returncode != 0
    assert "journeys/bakery/awareness.md:5" in built.stderr and "2 errors in the content" in built.stderr
    checked = subprocess.run(
        [str(BIN / "journeys"), "check"], cwd=root, capture_output=True, text=True, timeout=120, env=env()
    )
    assert checked.returncode == 1
    assert "personas/sara.md:2" in checked.stdout + checked.stderr


# --------------------------------------------------------------------------- a real server


@pytest.mark.build
def test_mkdocs_serve_shows_the_error_then_drops_it_when_the_file_is_fixed(tmp_path):
    root = write_site(tmp_path, BROKEN)
    with serving(root, tmp_path / "serve.log") as base:
        journey = f"{base}/journeys/bakery/"
        page = wait_for(journey, lambda html: "jr-content-errors" in html, 90)
        assert "journeys/bakery/awareness.md:5" in page
        assert "jr-content-errors" in wait_for(f"{base}/personas/sara/", lambda h: True, 30)

        for rel in BROKEN:  # fix both files: the server rebuilds and the boxes go
            (root / rel).write_text(FILES[rel], encoding="utf-8")
        page = wait_for(journey, lambda html: "jr-content-errors" not in html, 90)
        assert 'id="awareness-steps"' in page
        home = wait_for(f"{base}/", lambda h: True, 30)
        assert "jr-content-errors" not in home
        assert "Sara Keller" in wait_for(f"{base}/personas/sara/", lambda h: True, 30)
    assert "An error happened during the rebuild" not in (tmp_path / "serve.log").read_text(encoding="utf-8")


# The plugin's line after a partial rebuild, in each language; each must be missing from the other's log.
REBUILT = {"de": "erzeugten Seiten neu gebaut", "en": "generated pages built again"}


@pytest.mark.build
@pytest.mark.parametrize("lang, other", [("de", "en"), ("en", "de")])
def test_a_partial_rebuild_is_told_in_the_site_language(tmp_path, caplog, monkeypatch, lang, other):
    monkeypatch.setattr(logging.getLogger("mkdocs"), "propagate", True)  # the CLI, run in a test, turns it off
    root = write_site(tmp_path, yml=MKDOCS_YML.replace("language: en", f"language: {lang}"))
    cfg = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    cfg.plugins.on_startup(command="serve", dirty=False)
    build(cfg, serve_url="http://127.0.0.1:8000/")

    class Server:  # what the serve event uses of MkDocs' server
        builder = None

        def watch(self, path):
            pass

    server = Server()
    cfg.plugins.on_serve(server, config=cfg, builder=lambda *a: pytest.fail("a full build"))
    edited = FILES["touchpoints/newsletter.md"].replace("The monthly newsletter.", "The weekly newsletter.")
    assert edited != FILES["touchpoints/newsletter.md"]
    (root / "touchpoints/newsletter.md").write_text(edited, encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        server.builder()
    said = [r.getMessage() for r in caplog.records if r.name.startswith("mkdocs.plugins.mkdocs_journeys")]
    assert [m for m in said if REBUILT[lang] in m], said
    assert all(m.startswith("mkdocs_journeys: ") and not m.startswith("mkdocs_journeys: journeys:") for m in said)
    assert not [m for m in said if REBUILT[other] in m], said


# --------------------------------------------------------------------------- which page shows which error


@pytest.mark.unit
def test_a_file_stands_for_its_page_even_when_it_did_not_load():
    from mkdocs_journeys.render.pages.errors import page_of

    folders = ("content/journeys", "personas", "touchpoints")
    assert page_of("content/journeys/bakery/awareness.md", *folders) == "journeys/bakery/index.md"
    assert page_of("content/journeys/bakery/index.md", *folders) == "journeys/bakery/index.md"
    assert page_of("personas/sara.md", *folders) == "personas/sara.md"
    assert page_of("touchpoints/shop.md", *folders) == "touchpoints/shop.md"
    for other in (
        "actuals/x.csv",
        "personas/sub/sara.md",
        "personas/Not An Id.md",
        "personas/index.md",
        "content/journeys/x.md",
        "content/journeys/../evil/index.md",
        "journeys/bakery/index.md",
    ):
        assert page_of(other, *folders) is None, other


@pytest.mark.unit
def test_the_error_box_escapes_everything_it_quotes():
    from mkdocs_journeys.core.problems import Problem, ProblemKind
    from mkdocs_journeys.render.pages.errors import box

    kind = ProblemKind("J999", "test-kind", "error", "a test kind")
    html = box([Problem(kind, "personas/<b>.md", "bad '<script>'", field="name<i>", line=3)], "Title <u>")
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html and "<u>" not in html
    assert "<code>personas/&lt;b&gt;.md:3</code>" in html and "J999 name&lt;i&gt;: bad" in html
