"""Content cannot steer a terminal: control characters reach no terminal or log line raw."""

from __future__ import annotations

import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minisite import make_site
from mkdocs_journeys.core import check_output as out
from mkdocs_journeys.core import problems as P
from mkdocs_journeys.core.terminal import safe, safe_lines
from sitekit import journeys_cli, mkdocs_build

HOSTILE = ["\x1b]0;evil\x07", "\x1b[31m", "\x9b2J", "\u202e", "\x00", "\x7f", "\u2028", "\u200b", "\ufeff", "\r"]


def raw_controls(text: str) -> list[str]:
    """Characters a terminal could act on: anything not printable, except the line breaks of the output."""
    return [c for c in text if not c.isprintable() and c != "\n"]


@pytest.mark.unit
@pytest.mark.parametrize("value", HOSTILE)
def test_safe_shows_controls_as_escapes(value):
    text = safe(f"a{value}b")
    assert raw_controls(text) == [] and "\n" not in text
    assert text.startswith("a") and text.endswith("b") and len(text) > 3


@pytest.mark.unit
def test_safe_keeps_printable_text_and_plain_spaces():
    assert safe("Grüße, Sara — 100 % ✓") == "Grüße, Sara — 100 % ✓"
    assert safe("a\x1b[31mb") == "a\\x1b[31mb"
    assert safe("\u202eevil") == "\\u202eevil"
    assert safe("tab\there\nnext") == "tab\\there\\nnext"
    assert safe_lines("one\x1b\ntwo") == "one\\x1b\ntwo"


@pytest.mark.unit
@settings(max_examples=500, deadline=None)
@given(st.text(max_size=80))
def test_fuzz_safe_output_has_no_control_character(value):
    text = safe(value)
    assert raw_controls(text) == [] and "\n" not in text
    assert safe(text) == text  # escaping is stable: a line made safe twice reads the same
    if value.isprintable():
        assert text == value


@settings(max_examples=200, deadline=None)
@given(
    file=st.text(min_size=1, max_size=20),
    message=st.text(max_size=40),
    field=st.none() | st.text(max_size=10),
    hint=st.none() | st.text(max_size=10),
)
@pytest.mark.unit
def test_fuzz_every_format_is_free_of_control_characters(file, message, field, hint):
    p = P.Problem(P.UNKNOWN_REFERENCE, file, message, field=field, line=3, hint=hint)
    counts = {"errors": 1, "warnings": 0, "findings": 0}
    for text in (
        p.format(),
        out.to_text([p]),
        out.to_github([p]),
        out.json_text(out.to_json_data([p], {})),
        out.json_text(out.to_sarif_data([p])),
        out.step_summary([p], counts),
    ):
        assert raw_controls(text) == [], text


# Control characters planted in every place content reaches a message or a listing. YAML's
# double-quoted escapes (\e, \a, \x9b, \u202e) carry them through a valid front-matter.
EVIL = r"\e]0;evil\a\e[31m\x9b2J\u202e"
HOSTILE_FILES = {
    "personas/sara.md": f'---\nname: "Sara {EVIL}"\nrole: Owner\nsegment: SME\n---\n',
    "touchpoints/newsletter.md": f'---\nname: "News {EVIL}"\nchannel: email\nkind: digital\n---\n',
    "journeys/j1/awareness.md": (
        f'---\nsteps:\n  - title: "Sees {EVIL}"\n    touchpoint: newsletter\n    emotion: 4\n---\n'
    ),
}
BROKEN_FILES = HOSTILE_FILES | {
    # an id in a message, a field name, a file name and an actuals key, each with controls
    "journeys/j1/information.md": f'---\nsteps:\n  - title: "Reads {EVIL}"\n    touchpoint: "newsletter{EVIL}"\n'
    f'    emotion: 3\n"bad{EVIL}": 1\n---\n',
    "personas/\x1b[31mevil\u202e.md": "---\nname: X\n---\n",
    "actuals/kpis.csv": "kpi,period,value\nnews\x1b]0;evil\x07letter.open,2026-01,5\nj1.awareness.x,2026-\x9b1,5\n",
}


@pytest.mark.build
def test_hostile_content_reaches_no_check_output_raw(tmp_path):
    project = make_site(tmp_path, BROKEN_FILES)
    for fmt in ("text", "json", "github", "sarif"):
        result = journeys_cli(project.root, "check", "--format", fmt)
        assert result.returncode == 1, (fmt, result.stderr)
        assert "evil" in result.stdout  # the hostile text is reported, visibly
        assert raw_controls(result.stdout) == [], fmt
        assert raw_controls(result.stderr) == [], fmt
    text = journeys_cli(project.root, "check").stdout
    assert "\\x1b]0;evil\\x07" in text or "\\x1b" in text


@pytest.mark.build
def test_hostile_content_reaches_no_build_log_raw(tmp_path):
    project = make_site(tmp_path, BROKEN_FILES)
    result = mkdocs_build(project.root)
    assert result.returncode != 0
    assert "evil" in result.stderr and "J401" in result.stderr
    assert raw_controls(result.stdout) == [] and raw_controls(result.stderr) == []


@pytest.mark.build
def test_hostile_titles_reach_no_diff_output_raw(tmp_path):
    project = make_site(tmp_path)
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@x",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@x",
        "PATH": "/usr/bin:/bin",
    }

    def git(*args):
        subprocess.run(["git", *args], cwd=project.root, check=True, capture_output=True, env=env)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "base")
    for rel, text in HOSTILE_FILES.items():
        project.write(rel, text)
    result = journeys_cli(project.root, "diff", "HEAD")
    assert result.returncode == 0, result.stderr
    assert "evil" in result.stdout  # the changed titles are listed
    assert raw_controls(result.stdout) == [] and raw_controls(result.stderr) == []


@pytest.mark.build
def test_hostile_titles_reach_no_export_output_raw(tmp_path):
    import json

    project = make_site(tmp_path, HOSTILE_FILES)
    result = journeys_cli(project.root, "export")
    assert result.returncode == 0, result.stderr
    assert raw_controls(result.stdout) == [] and raw_controls(result.stderr) == []
    data = json.loads(result.stdout)  # the data itself keeps every character
    assert data["personas"]["sara"]["name"] == "Sara \x1b]0;evil\x07\x1b[31m\x9b2J\u202e"


@settings(max_examples=300, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
        max_leaves=12,
    )
)
@pytest.mark.unit
def test_fuzz_json_text_is_safe_and_round_trips(data):
    import json

    from mkdocs_journeys.core.terminal import json_text

    text = json_text(data)
    assert raw_controls(text) == []
    assert json.loads(text) == data
