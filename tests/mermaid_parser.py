"""Python side of the Mermaid syntax checker used by the test-suite.

Diagrams are checked with Mermaid's real parser, run under Node with a jsdom
window (no browser).  The Node side lives in ``tests/js/mermaid_parse.mjs``;
its dependencies are pinned in the repository's ``package.json`` /
``package-lock.json`` (install them with ``npm ci`` in the repository root).

Usage::

    from mermaid_parser import available, parse_all

    errors = parse_all([diagram_a, diagram_b])
    assert errors == [None, None]      # None = accepted, str = error message

Call :func:`parse_all` once with every diagram you need: each call starts a
Node process and loads Mermaid (roughly a second), while parsing itself is
fast.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).resolve().parent / "js" / "mermaid_parse.mjs"
NODE_MODULES = REPO_ROOT / "node_modules"

#: Upper bound for a single batch; generous because CI machines can be slow.
TIMEOUT_SECONDS = 300


def _node() -> str | None:
    return shutil.which("node")


def available() -> bool:
    """True if Node and the npm dev dependencies (mermaid, jsdom) are installed."""
    return (
        _node() is not None
        and SCRIPT.is_file()
        and (NODE_MODULES / "mermaid" / "package.json").is_file()
        and (NODE_MODULES / "jsdom" / "package.json").is_file()
    )


def parse_all(texts: list[str]) -> list[str | None]:
    """Parse every Mermaid diagram in *texts* with Mermaid's own parser.

    Returns a list of the same length: ``None`` where the diagram was
    accepted, otherwise Mermaid's error message.  Runs a single Node process
    for the whole batch.  Raises :class:`RuntimeError` if Node is missing or
    the checker itself fails (as opposed to a diagram being rejected).
    """
    texts = list(texts)
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"texts[{i}] is {type(text).__name__}, expected str")
    if not texts:
        return []

    node = _node()
    if node is None:
        raise RuntimeError("Mermaid parse check: 'node' was not found on PATH")
    if not (NODE_MODULES / "mermaid").is_dir():
        raise RuntimeError(f"Mermaid parse check: {NODE_MODULES / 'mermaid'} is missing; run 'npm ci' in {REPO_ROOT}")

    try:
        proc = subprocess.run(
            [node, str(SCRIPT)],
            input=json.dumps(texts),
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=REPO_ROOT,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"Mermaid parse check timed out after {TIMEOUT_SECONDS}s ({len(texts)} diagrams)") from exc

    if proc.returncode != 0:
        raise RuntimeError(
            f"Mermaid parse check failed: node exited with status {proc.returncode}\nstderr:\n{proc.stderr.strip()}"
        )
    try:
        results = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise RuntimeError(
            "Mermaid parse check: node did not print valid JSON\n"
            f"stdout:\n{proc.stdout[:2000]}\nstderr:\n{proc.stderr[-2000:]}"
        ) from exc
    if not isinstance(results, list) or len(results) != len(texts):
        raise RuntimeError(
            f"Mermaid parse check: expected a JSON list of {len(texts)} results, got: {proc.stdout[:2000]}"
        )
    return results
