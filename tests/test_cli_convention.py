"""One CLI convention: `-p/--project` in every command, `--version`, help when bare, exit codes 0/1/2."""

from __future__ import annotations

import json
import os
import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest

from mkdocs_journeys.core.diff import cut
from sitekit import journeys_cli

NEEDS_PROJECT = [("check",), ("export",), ("new", "persona", "x"), ("diff", "HEAD"), ("pdf", "j")]


@pytest.fixture()
def site(tmp_path) -> Path:
    """A fresh site from `journeys init`, committed to Git (for diff)."""
    result = journeys_cli(tmp_path, "init", "proj")
    assert result.returncode == 0, result.stderr
    root = tmp_path / "proj"
    env = dict(
        os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@x", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@x"
    )
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "base"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)
    return root


@pytest.mark.build
def test_version_and_help():
    here = Path.cwd()
    v = journeys_cli(here, "--version")
    assert v.returncode == 0 and version("mkdocs-journeys") in v.stdout
    bare = journeys_cli(here)
    assert bare.returncode == 0 and "usage: journeys" in bare.stdout and "exit codes" in bare.stdout
    for command in ("init", "check", "new", "diff", "export", "schema", "pdf", "fetch-mermaid"):
        assert command in bare.stdout
        help_ = journeys_cli(here, command, "--help")
        assert help_.returncode == 0 and "exit codes" in help_.stdout and "2  usage or set-up" in help_.stdout
        if command != "init":
            assert "-p PATH, --project PATH" in help_.stdout, command
    unknown = journeys_cli(here, "check", "--no-such-option")
    assert unknown.returncode == 2


@pytest.mark.build
def test_every_command_finds_the_project_with_the_same_option(site, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    check = journeys_cli(elsewhere, "check", "--strict", "-p", str(site))
    assert check.returncode == 0, check.stderr
    export = journeys_cli(elsewhere, "export", "--project", str(site / "mkdocs.yml"))
    assert export.returncode == 0 and json.loads(export.stdout)["personas"]
    new = journeys_cli(elsewhere, "new", "persona", "sam", "-p", str(site))
    assert new.returncode == 0 and (site / "personas/sam.md").is_file()
    diff = journeys_cli(elsewhere, "diff", "HEAD", "-p", str(site))
    assert diff.returncode == 0 and "sam" in diff.stdout
    (site / "schemas").rename(site / "schemas-init")
    schema = journeys_cli(elsewhere, "schema", "-p", str(site))
    assert schema.returncode == 0 and (site / "schemas/phase.schema.json").is_file()  # default: the project's schemas/
    fetch = journeys_cli(elsewhere, "fetch-mermaid", "-p", str(site))  # the bundled build: no network
    assert fetch.returncode == 0 and "ships with mkdocs-journeys" in fetch.stdout, fetch.stderr


@pytest.mark.build
def test_pdf_finds_the_built_site_from_the_projects_site_dir(site, tmp_path):
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "site_dir: public\n", encoding="utf-8")
    result = journeys_cli(tmp_path, "pdf", "first-purchase", "-p", str(site), "--out", str(tmp_path / "x.pdf"))
    assert result.returncode == 2 and str(site / "public") in result.stderr and "mkdocs build" in result.stderr
    override = journeys_cli(
        tmp_path, "pdf", "first-purchase", "--site-dir", str(tmp_path / "nowhere"), "--out", "x.pdf"
    )
    assert override.returncode == 2 and "nowhere" in override.stderr


@pytest.mark.build
@pytest.mark.parametrize("args", NEEDS_PROJECT, ids=lambda a: a[0])
def test_a_missing_mkdocs_yml_is_a_set_up_error(tmp_path, args):
    result = journeys_cli(tmp_path, *args)
    assert result.returncode == 2 and "no mkdocs.yml" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.build
def test_content_problems_exit_1(site):
    (site / "personas/alex.md").write_text("---\nname: Alex\n---\n", encoding="utf-8")  # role is required
    assert journeys_cli(site, "check").returncode == 1
    assert journeys_cli(site, "export").returncode == 1
    diff = journeys_cli(site, "diff", "HEAD")
    assert diff.returncode == 1 and "errors" in diff.stderr


@pytest.mark.unit
def test_diff_cut_keeps_whole_lines_and_links_the_full_diff():
    text = "## Changes\n\n" + "".join(f"- **added** item {i}\n" for i in range(5000))
    out = cut(text, 1000, "https://example.invalid/artifact")
    assert len(out) <= 1000 and out.startswith("## Changes\n")
    body, note = out.split("\n---\n")
    assert all(line.startswith("- **added** item ") and line[17:].isdigit() for line in body.splitlines()[2:])
    assert "cut" in note and "(https://example.invalid/artifact)" in note
    assert cut("short\n", 1000) == "short\n"
    assert len(cut(text, 65536)) <= 65536


@pytest.mark.build
def test_diff_max_chars_on_the_command_line(site):
    for i in range(300):
        (site / f"touchpoints/tp{i:03}.md").write_text(
            f"---\nname: Touchpoint {i}\nchannel: web\nkind: digital\n---\n", encoding="utf-8"
        )
    full = journeys_cli(site, "diff", "HEAD")
    assert full.returncode == 0 and len(full.stdout) > 5000
    short = journeys_cli(site, "diff", "HEAD", "--max-chars", "2000", "--full-url", "https://example.invalid/a")
    assert short.returncode == 0 and len(short.stdout) <= 2000 and "https://example.invalid/a" in short.stdout
    assert full.stdout.startswith(short.stdout.split("\n---\n")[0])
    assert journeys_cli(site, "diff", "HEAD", "--max-chars", "10").returncode == 2
