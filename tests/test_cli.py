"""The `journeys` command: check, export, new, diff, schema."""

from __future__ import annotations

import json
import subprocess

import pytest

from sitekit import copy_site, journeys_cli

pytestmark = pytest.mark.build


def git(site, *args):
    subprocess.run(
        ["git", *args],
        cwd=site,
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@x",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@x",
            "PATH": "/usr/bin:/bin",
        },
    )


def test_export_is_versioned_json_of_the_whole_model(tmp_path):
    site = copy_site(tmp_path / "s")
    result = journeys_cli(site, "export")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["format"], data["version"]) == ("mkdocs-journeys/export", 1)
    assert set(data["journeys"]) == {p.name for p in (site / "journeys").iterdir() if p.is_dir()}
    assert set(data["personas"]) == {p.stem for p in (site / "personas").glob("*.md")}
    step = data["journeys"]["velo-kauf"]["phases"][0]["steps"][0]
    assert set(step) >= {"title", "emotion", "touchpoint", "personas", "pains", "opportunities"}
    assert data["actuals"]["newsletter.oeffnungsrate"][-1] == {"period": "2026-06", "value": 23.0}
    # never overwrites without --force
    (site / "model.json").write_text("keep", encoding="utf-8")
    assert journeys_cli(site, "export", "--out", "model.json").returncode == 2
    assert (site / "model.json").read_text(encoding="utf-8") == "keep"


def test_new_scaffolds_valid_files_and_never_overwrites(tmp_path):
    site = copy_site(tmp_path / "s")
    for kind, id_ in (("persona", "ben"), ("touchpoint", "flyer"), ("journey", "test-journey")):
        result = journeys_cli(site, "new", kind, id_)
        assert result.returncode == 0, result.stderr
    assert (site / "journeys/test-journey/index.md").is_file() and (
        site / "journeys/test-journey/awareness.md"
    ).is_file()
    check = journeys_cli(site, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    before = (site / "personas/ben.md").read_text(encoding="utf-8")
    again = journeys_cli(site, "new", "persona", "ben")
    assert again.returncode == 2 and "never overwrites" in again.stderr
    assert (site / "personas/ben.md").read_text(encoding="utf-8") == before
    assert journeys_cli(site, "new", "persona", "Bad Id").returncode == 2


def test_diff_lists_exactly_the_changes_between_two_commits(tmp_path):
    site = copy_site(tmp_path / "s")
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "base")
    aw = site / "journeys/velo-kauf/awareness.md"
    text = aw.read_text(encoding="utf-8")
    import re

    first_emotion = re.search(r"^    emotion: (\d)$", text, re.M)
    old = int(first_emotion.group(1))
    new = 1 if old != 1 else 2
    text = text[: first_emotion.start()] + f"    emotion: {new}" + text[first_emotion.end() :]
    target = re.search(r"^    target: ([\d.]+)$", text, re.M)
    text = text[: target.start()] + "    target: 999" + text[target.end() :]
    aw.write_text(text, encoding="utf-8")
    (site / "touchpoints/flyer.md").write_text(
        "---\nname: Flyer\nchannel: print\nkind: analog\n---\nNeu.\n", encoding="utf-8"
    )
    git(site, "add", "-A")
    git(site, "commit", "-qm", "change")
    result = journeys_cli(site, "diff", "HEAD~1", "HEAD")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    items = [ln for ln in out.splitlines() if ln.startswith("- ")]
    assert any(ln.startswith("- **moved**") and f"{old} → {new}" in ln for ln in items), out
    assert any(ln.startswith("- **changed**") and "→ 999" in ln for ln in items), out
    assert any(ln.startswith("- **added** Flyer") for ln in items), out
    assert any("touchpoint-without-purpose" in ln and "Flyer" in ln for ln in items), out
    assert len(items) == 4, out  # exactly the changes made
    same = journeys_cli(site, "diff", "HEAD", "HEAD")
    assert "No changes" in same.stdout
    bad = journeys_cli(site, "diff", "no-such-rev")
    assert bad.returncode == 2 and "unknown revision" in bad.stderr and "Traceback" not in bad.stderr  # usage


def test_check_reports_health_findings_without_failing(tmp_path):
    site = copy_site(tmp_path / "s")
    result = journeys_cli(site, "check")
    assert result.returncode == 0
    assert "[signal-fired]" in result.stdout and "[phase-not-covered]" in result.stdout


def test_schema_export_writes_one_file_per_kind(tmp_path):
    result = journeys_cli(tmp_path, "schema", "--out", str(tmp_path / "schemas"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "schemas").iterdir()) == [
        "journey.schema.json",
        "persona.schema.json",
        "phase.schema.json",
        "touchpoint.schema.json",
    ]
    assert journeys_cli(tmp_path, "schema", "--out", str(tmp_path / "schemas")).returncode == 2  # no overwrite


def test_check_without_config_is_a_usage_error(tmp_path):
    result = journeys_cli(tmp_path, "check")
    assert result.returncode == 2 and "no mkdocs.yml" in result.stderr
