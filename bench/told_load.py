"""What the file watcher's report saves a rebuild's load while serving, load by load.

    python bench/told_load.py PROJECT [--loads 20] [--mode both|told|looked]

Loads PROJECT's content as a rebuild under `mkdocs serve` does (the plugin's settings and health rules,
one parse cache kept in memory from load to load), once to fill it. Then, `--loads` times, changes one
phase file (a comment line appended, removed again at the end) and loads again: `told` with the
watcher's report of that file (core/changed_files.py: the other files are taken as the last load saw
them), `looked` without one (every file asked for its status, every folder listed), `both` each in turn,
so that the ratio is taken pair by pair. Prints the median seconds per mode and the median ratio.
Files count as settled at once here (as after two seconds while serving), so statuses are trusted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from mkdocs_journeys.cli.commands import Project  # noqa: E402
from mkdocs_journeys.core import parse_cache  # noqa: E402
from mkdocs_journeys.core.catalog_loader import check, open_cache  # noqa: E402
from mkdocs_journeys.core.changed_files import ChangedFiles  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--loads", type=int, default=20)
    ap.add_argument("--mode", choices=("both", "told", "looked"), default="both")
    args = ap.parse_args(argv)
    parse_cache.RACY_NS = 0  # this run only: a status is trusted as soon as it is taken
    project = Project(args.project / "mkdocs.yml")
    settings, rules = project.settings, project.rules
    settings.cache_dir = None  # in memory, as one serve's rebuilds share it; the project's cache is left alone
    cache = open_cache(settings)
    phase = sorted((settings.root / settings.journeys_dir).glob("*/awareness.md"))[0]
    rel = phase.relative_to(settings.root).as_posix()
    original = phase.read_bytes()
    modes = ["told", "looked"] if args.mode == "both" else [args.mode]
    seconds: dict[str, list[float]] = {m: [] for m in modes}
    t0 = time.perf_counter()
    check(settings, rules, cache=cache)
    print(f"{args.project}: first load {time.perf_counter() - t0:.2f} s, {cache.misses} files parsed")
    try:
        for n in range(args.loads):
            for mode in modes if n % 2 == 0 else modes[::-1]:
                phase.write_bytes(original + f"\n<!-- load {n} {mode} -->\n".encode())
                told = ChangedFiles(written=frozenset({rel})) if mode == "told" else None
                t0 = time.perf_counter()
                check(settings, rules, cache=cache, changed=told)
                seconds[mode].append(time.perf_counter() - t0)
                if mode == "told" and cache.vouched == 0:
                    raise SystemExit("told_load: the report was not taken (no listing kept?)")
    finally:
        phase.write_bytes(original)
    for mode in modes:
        s = seconds[mode]
        print(f"{mode:7s} median {statistics.median(s):.3f} s, min {min(s):.3f}, max {max(s):.3f} ({len(s)} loads)")
    if len(modes) == 2:
        ratios = [a / b for a, b in zip(seconds["told"], seconds["looked"])]
        print(f"told/looked, pair by pair: median {statistics.median(ratios):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
