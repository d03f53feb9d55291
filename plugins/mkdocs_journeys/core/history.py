"""Last Git change of each content file, from one `git log` call."""

from __future__ import annotations

import subprocess
from pathlib import Path


def last_changes(root: Path, folders: list[str]) -> dict[str, str]:
    """Map of path (relative to root) -> ISO date of its last commit. Empty outside Git."""
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True, text=True, timeout=30
        )
        if top.returncode != 0:
            return {}
        log = subprocess.run(
            ["git", "log", "--format=\x1e%cs", "--name-only", "--no-renames", "--relative", "--", *folders],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    if log.returncode != 0:
        return {}
    out: dict[str, str] = {}
    for entry in log.stdout.split("\x1e"):
        lines = [ln for ln in entry.splitlines() if ln.strip()]
        if not lines:
            continue
        date, files = lines[0], lines[1:]
        for f in files:
            out.setdefault(f, date)  # newest first, so the first date wins
    return out
