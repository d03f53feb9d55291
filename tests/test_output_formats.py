"""`journeys check --format`: text, json, github workflow commands and SARIF 2.1.0."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minisite import make_site
from mkdocs_journeys.core import check_output as out
from mkdocs_journeys.core import problems as P
from sitekit import journeys_cli, unavailable

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

# GitHub's workflow-command grammar: ::command key=value,key=value::message, one line. In property
# values '%', CR, LF, ':' and ',' are written %25 %0D %0A %3A %2C; in the message '%', CR and LF.
_VALUE = r"(?:[^%,:\r\n]|%25|%0D|%0A|%3A|%2C)*"
_PROP = rf"(?:file|line|endLine|col|endColumn|title)={_VALUE}"
GITHUB_COMMAND = re.compile(rf"::(error|warning|notice)(?: {_PROP}(?:,{_PROP})*)?::((?:[^%\r\n]|%25|%0D|%0A)*)")


def _jsonschema():
    """The validator; missing, it skips locally and fails on CI (it is in the `test` extra)."""
    try:
        import jsonschema
    except ImportError:
        unavailable("SARIF schema check", "jsonschema is not installed (pip install -e '.[test]')")
    return jsonschema


def _unescape(text: str) -> str:
    return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: bytes.fromhex(m.group(1)).decode(), text)


def _props(line: str) -> dict[str, str]:
    head = line.split("::")[1]
    _, _, props = head.partition(" ")
    return {k: _unescape(v) for k, v in (p.split("=", 1) for p in props.split(","))}


def _report(project) -> P.Report:
    from mkdocs_journeys.core.catalog_loader import check

    return check(project.settings(), {}).report


def _broken_site(tmp_path):
    """Errors, a warning and findings, some without a line, one in a file whose name needs URI escaping."""
    project = make_site(tmp_path)
    project.replace("journeys/j1/awareness.md", "touchpoint: newsletter", "touchpoint: newsleter")
    project.write("personas/Sara Keller.md", "---\nname: Sara\nrole: Baker\nsegment: SME\n---\n")
    project.replace("journeys/j1/index.md", "  - sara\n", "  - sara\n  - sara\n")  # J411, a warning
    return project


def _check(project, fmt):
    result = journeys_cli(project.root, "check", "--format", fmt)
    assert result.returncode == 1, result.stderr
    return result.stdout


def _run_env(project, fmt, env):
    import os
    import sys

    cmd = [str(Path(sys.executable).parent / "journeys"), "check", "--format", fmt]
    return subprocess.run(
        cmd, cwd=project.root, capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **env)
    )


@pytest.mark.build
def test_text_is_the_build_log_lines(tmp_path):
    project = _broken_site(tmp_path)
    expected = [p.format() for p in _report(project).sorted()]
    assert _check(project, "text").splitlines() == expected
    assert any("J401" in line and "Did you mean 'newsletter'?" in line for line in expected)


@pytest.mark.build
def test_sarif_validates_against_the_sarif_2_1_0_schema(tmp_path):
    jsonschema = _jsonschema()
    project = _broken_site(tmp_path)
    data = json.loads(_check(project, "sarif"))
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(data)
    run = data["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(k.code for k in P.KINDS.values())  # one rule per kind
    assert {r["name"] for r in rules} == set(P.KINDS)
    problems = _report(project).sorted()
    assert len(run["results"]) == len(problems)
    for result, p in zip(run["results"], problems):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == p.kind.code
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[p.severity]
        loc = result["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == p.file.replace(" ", "%20")
        assert loc["region"]["startLine"] == (p.line or 1)  # code scanning needs a line: the file's first
    j401 = next(r for r in run["results"] if r["ruleId"] == "J401")
    line = project.line_of("journeys/j1/awareness.md", "newsleter")
    assert j401["locations"][0]["physicalLocation"]["region"]["startLine"] == line
    assert "Did you mean 'newsletter'?" in j401["message"]["text"]
    assert {r["level"] for r in run["results"]} >= {"error", "warning"}
    assert any(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "personas/Sara%20Keller.md"
        for r in run["results"]
    )


@pytest.mark.build
def test_findings_are_notes_and_notices(tmp_path):
    """A site without errors still reports its health findings, at the lowest level each format has."""
    jsonschema = _jsonschema()
    project = make_site(tmp_path)
    findings = _report(project).sorted()
    assert findings and {p.severity for p in findings} == {"info"}
    sarif = journeys_cli(project.root, "check", "--format", "sarif")
    assert sarif.returncode == 0
    data = json.loads(sarif.stdout)
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(data)
    assert [r["level"] for r in data["runs"][0]["results"]] == ["note"] * len(findings)
    github = journeys_cli(project.root, "check", "--format", "github").stdout.splitlines()
    assert len(github) == len(findings) and all(line.startswith("::notice file=") for line in github)


@pytest.mark.unit
def test_sarif_that_breaks_the_schema_is_caught():
    """The schema check can fail: a result without a message is refused."""
    jsonschema = _jsonschema()
    data = out.to_sarif_data([P.Problem(P.UNKNOWN_REFERENCE, "a.md", "m", line=3)])
    del data["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(data)


@pytest.mark.build
def test_paths_are_relative_to_the_git_repository(tmp_path):
    project = make_site(tmp_path / "repo")  # the project is repo/site
    project.replace("journeys/j1/awareness.md", "touchpoint: newsletter", "touchpoint: newsleter")
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    sarif = json.loads(_check(project, "sarif"))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    # Health findings sit beside the error now, so other files of the project may appear too.
    assert "site/journeys/j1/awareness.md" in uris and all(u.startswith("site/journeys/") for u in uris)
    assert "file=site/journeys/j1/awareness.md," in _check(project, "github")


@pytest.mark.build
def test_github_lines_follow_the_workflow_command_grammar(tmp_path):
    project = _broken_site(tmp_path)
    lines = _check(project, "github").splitlines()
    problems = _report(project).sorted()
    assert len(lines) == len(problems)
    for line, p in zip(lines, problems):
        m = GITHUB_COMMAND.fullmatch(line)
        assert m, line
        assert m.group(1) == {"error": "error", "warning": "warning", "info": "notice"}[p.severity]
        props = _props(line)
        assert props["file"] == p.file and props["title"] == f"{p.kind.code} {p.kind.name}"
        assert props.get("line") == (str(p.line) if p.line else None)
        assert _unescape(m.group(2)) == out.message_text(p)


@pytest.mark.unit
@settings(max_examples=200, deadline=None)
@given(file=st.text(min_size=1, max_size=30), message=st.text(max_size=60), field=st.none() | st.text(max_size=20))
def test_fuzz_github_escaping_round_trips(file, message, field):
    p = P.Problem(P.UNKNOWN_REFERENCE, file, message, field=field, line=7)
    (line,) = out.to_github([p]).splitlines()
    m = GITHUB_COMMAND.fullmatch(line)
    assert m, line
    # What GitHub reads back is the text, made safe for the log it also lands in.
    assert _props(line)["file"] == out.safe(file)
    assert _unescape(m.group(2)) == out.safe(out.message_text(p))


@pytest.mark.build
def test_github_writes_a_step_summary(tmp_path):
    project = _broken_site(tmp_path)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    result = _run_env(project, "github", {"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n")  # appended, never replaced
    assert "### Customer journeys: 2 errors, 1 warning," in text
    assert "| error | J401 unknown-reference | journeys/j1/awareness.md:5 |" in text


@pytest.mark.build
def test_json_is_versioned_and_lists_every_problem(tmp_path):
    project = _broken_site(tmp_path)
    data = json.loads(_check(project, "json"))
    assert (data["format"], data["version"]) == ("mkdocs-journeys/check", 1)
    report = _report(project)
    assert data["summary"] == {
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "findings": len(report.infos),
        "journeys": 1,
        "personas": 1,
        "touchpoints": 1,
    }
    assert data["summary"]["errors"] >= 2 and data["summary"]["warnings"] >= 1
    problems = report.sorted()
    keys = ("code", "rule", "severity", "file", "line", "field", "message", "hint")
    assert [tuple(x[k] for k in keys) for x in data["problems"]] == [
        (p.kind.code, p.kind.name, p.severity, p.file, p.line, p.field, p.message, p.hint) for p in problems
    ]


@pytest.mark.unit
def test_json_keeps_letters_and_escapes_controls():
    p = P.Problem(P.UNKNOWN_REFERENCE, "personas/müller.md", "Grüße \x1b]0;evil\x07 \u202e \U000e0001 \x9b")
    text = out.json_text(out.to_json_data([p], {}))
    assert "müller" in text and "Grüße" in text
    assert not [c for c in text if not c.isprintable() and c != "\n"]
    assert json.loads(text)["problems"][0]["message"] == p.message  # the data itself is unchanged


@pytest.mark.unit
def test_the_cli_offers_exactly_the_renderers_formats(capsys):
    from mkdocs_journeys.cli.commands import main

    with pytest.raises(SystemExit):
        main(["check", "--help"])
    assert "--format {" + ",".join(out.FORMATS) + "}" in capsys.readouterr().out


@pytest.mark.build
def test_unknown_format_is_a_usage_error(tmp_path):
    project = make_site(tmp_path)
    result = journeys_cli(project.root, "check", "--format", "xml")
    assert result.returncode == 2 and "invalid choice" in result.stderr
