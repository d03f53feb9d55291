"""Last Git change of each content file, from one `git log` call, and which changes count as recent."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Mapping
from datetime import date
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


# A file changed this many days before today, or later, counts as recently changed (badges on cards and rows).
RECENT_DAYS = 30


def recent_change(dates: Mapping[str, str], files: Iterable[str], today: date) -> str | None:
    """The latest change date of `files` if it lies within RECENT_DAYS of `today`, else None.

    `dates` is what last_changes returns; files it does not know (no Git, never committed) have no date.
    A date after `today` (clocks disagree) counts as recent.
    """
    latest = max((dates[f] for f in files if f in dates), default=None)
    if latest is None:
        return None
    try:
        changed = date.fromisoformat(latest)
    except ValueError:
        return None
    return latest if (today - changed).days <= RECENT_DAYS else None
