"""`journeys check --format`: the problems of one run for people (text) and for tools.

- `text`: one line per problem, as the build log shows them.
- `json`: a documented, versioned document (format `mkdocs-journeys/check`).
- `github`: GitHub Actions workflow commands, which become annotations on a pull request's lines.
- `sarif`: SARIF 2.1.0, for code scanning.

All of them are safe for a terminal: text is escaped by `terminal.safe`, JSON escapes every
non-printable character inside its strings.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import quote

from mkdocs_journeys.core import problems as P
from mkdocs_journeys.core.terminal import json_text, safe

FORMATS = ("text", "json", "github", "sarif")
FORMAT = "mkdocs-journeys/check"
VERSION = 1  # bump on any incompatible change; additions keep the version
TOOL = "mkdocs-journeys"

SARIF_LEVELS = {P.ERROR: "error", P.WARNING: "warning", P.INFO: "note", P.IGNORE: "none"}
GITHUB_COMMANDS = {P.ERROR: "error", P.WARNING: "warning", P.INFO: "notice"}


def tool_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(TOOL)
    except PackageNotFoundError:
        return "0+unknown"


def repo_prefix(root: Path) -> str:
    """The project's folder inside its Git repository ('' at the top or outside Git): tools want repo paths."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--show-prefix"], cwd=root, capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def related(p: P.Problem) -> list[tuple[str, int | None]]:
    """Other places that belong to the same problem, where the loader names them."""
    out = []
    for r in getattr(p, "related", None) or ():
        if isinstance(r, (tuple, list)) and r:
            out.append((str(r[0]), r[1] if len(r) > 1 and isinstance(r[1], int) else None))
        elif hasattr(r, "file"):
            out.append((str(r.file), getattr(r, "line", None)))
        elif isinstance(r, str):
            out.append((r, None))
    return out


def message_text(p: P.Problem) -> str:
    """The message with its field and did-you-mean, without the location (tools show that themselves)."""
    text = (f"{p.field}: " if p.field else "") + p.message
    if p.hint:
        text += f" Did you mean '{p.hint}'?"
    return text


# --- text ---


def to_text(problems: list[P.Problem]) -> str:
    return "".join(p.format() + "\n" for p in problems)


# --- json ---

# The fields of each problem in the json format, documented on the error catalog page.
JSON_FIELDS: tuple[tuple[str, str], ...] = (
    ("code", "the stable code, e.g. J401"),
    ("rule", "the stable rule name, e.g. unknown-reference"),
    ("severity", "error, warning or info (health findings)"),
    ("file", "the file, relative to the folder of mkdocs.yml"),
    ("line", "the line in the file, or null"),
    ("field", "the field, as a path like steps[0].touchpoint, or null"),
    ("message", "what is wrong and what was expected"),
    ("hint", "the likely id for a typo (did you mean), or null"),
    ("related", "other places of the same problem: a list of {file, line}"),
)


def to_json_data(problems: list[P.Problem], counts: dict[str, int]) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "tool": {"name": TOOL, "version": tool_version()},
        "summary": counts,
        "problems": [
            {
                "code": p.kind.code,
                "rule": p.kind.name,
                "severity": p.severity,
                "file": p.file,
                "line": p.line,
                "field": p.field,
                "message": p.message,
                "hint": p.hint,
                "related": [{"file": f, "line": line} for f, line in related(p)],
            }
            for p in problems
        ],
    }


# --- github ---


def github_data(text: str) -> str:
    """Escaping of a workflow command's message (GitHub's toolkit: escapeData)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """Escaping of a workflow command's property value (GitHub's toolkit: escapeProperty)."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(problems: list[P.Problem], prefix: str = "") -> str:
    lines = []
    for p in problems:
        command = GITHUB_COMMANDS.get(p.severity, "notice")
        props = [f"file={github_property(safe(prefix + p.file))}"]
        if p.line:
            props.append(f"line={p.line}")
        props.append(f"title={github_property(f'{p.kind.code} {p.kind.name}')}")
        message = message_text(p)
        places = related(p)
        if places:
            message += " (" + "; ".join(f + (f":{line}" if line else "") for f, line in places) + ")"
        lines.append(f"::{command} {','.join(props)}::{github_data(safe(message))}")
    return "".join(line + "\n" for line in lines)


def _md(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>#|!~])", r"\\\1", safe(text))


def step_summary(problems: list[P.Problem], counts: dict[str, int]) -> str:
    """Markdown for the job's page ($GITHUB_STEP_SUMMARY)."""

    def n(count: int, word: str) -> str:
        return f"{count} {word}" + ("s" if count != 1 else "")

    head = (
        f"### Customer journeys: {n(counts['errors'], 'error')}, {n(counts['warnings'], 'warning')}, "
        f"{n(counts['findings'], 'finding')}\n\n"
    )
    if not problems:
        return head
    rows = ["| | Code | Where | Message |", "|---|---|---|---|"]
    for p in problems:
        where = p.file + (f":{p.line}" if p.line else "")
        rows.append(f"| {p.severity} | {p.kind.code} {_md(p.kind.name)} | {_md(where)} | {_md(message_text(p))} |")
    return head + "\n".join(rows) + "\n\n"


# --- sarif ---


def _location(path: str, line: int | None, prefix: str) -> dict:
    # Code scanning shows only results with a region; a problem with the whole file sits on its first line.
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": quote(prefix + path, safe="/"), "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": line or 1},
        }
    }


def to_sarif_data(problems: list[P.Problem], prefix: str = "") -> dict:
    kinds = sorted(P.KINDS.values(), key=lambda k: k.code)
    index = {k.code: i for i, k in enumerate(kinds)}
    rules = [
        {
            "id": k.code,
            "name": k.name,
            "shortDescription": {"text": k.summary},
            "defaultConfiguration": {"level": SARIF_LEVELS.get(k.severity, "warning")},
        }
        for k in kinds
    ]
    results = []
    for p in problems:
        result = {
            "ruleId": p.kind.code,
            "ruleIndex": index[p.kind.code],
            "level": SARIF_LEVELS.get(p.severity, "warning"),
            "message": {"text": message_text(p)},
            "locations": [_location(p.file, p.line, prefix)],
        }
        places = related(p)
        if places:
            result["relatedLocations"] = [dict(_location(f, line, prefix), id=i) for i, (f, line) in enumerate(places)]
        results.append(result)
    return {
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": TOOL, "version": tool_version(), "rules": rules}}, "results": results}],
    }


# --- entry point ---


def counts_of(result) -> dict[str, int]:
    c, r = result.catalog, result.report
    return {
        "errors": len(r.errors),
        "warnings": len(r.warnings),
        "findings": len(r.infos),
        "journeys": result.journey_count,
        "personas": len(c.personas),
        "touchpoints": len(c.touchpoints),
    }


def render(fmt: str, result, root: Path) -> str:
    """The report of a `check` run (content.LoadResult) in one of FORMATS."""
    problems = result.report.sorted()
    if fmt == "text":
        return to_text(problems)
    if fmt == "json":
        return json_text(to_json_data(problems, counts_of(result)))
    if fmt == "github":
        return to_github(problems, repo_prefix(root))
    if fmt == "sarif":
        return json_text(to_sarif_data(problems, repo_prefix(root)))
    raise ValueError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")


def append_step_summary(result, path: str) -> None:
    """Adds the Markdown summary to GitHub's job page; a summary that cannot be written is no reason to fail."""
    try:
        with open(path, "a", encoding="utf-8") as f:
            f.write(step_summary(result.report.sorted(), counts_of(result)))
    except OSError:
        pass
