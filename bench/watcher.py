"""How soon a content edit is noticed while serving, and what watching costs while nothing changes.

    python bench/watcher.py PROJECT [--edits 20] [--idle 20]

Watches PROJECT's content folders (journeys, personas, touchpoints) the two ways the plugin option
`watcher` offers: `events` (plugin/watcher.py, the system's change events) and `polling` (MkDocs' own
observer, a poll of every file every half second). For each it prints the process CPU time spent per
second over `--idle` seconds without a change, then the time from writing a file to the event that
would start a rebuild, over `--edits` writes spread over the poll's interval (median and slowest).
No build runs: these are the seconds an edit waits before the rebuild starts, and the interpreter time
the watching takes from it. The file written is a phase file's copy of itself plus a comment line,
restored afterwards.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import threading
import time
from pathlib import Path

from watchdog.events import FileSystemEventHandler
from watchdog.observers.polling import PollingObserver

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from mkdocs_journeys.plugin.watcher import SplitObserver  # noqa: E402

FOLDERS = ("journeys", "personas", "touchpoints")
POLL_S = 0.5  # MkDocs' PollingObserver interval (mkdocs/livereload)


class Noticed(FileSystemEventHandler):
    def __init__(self) -> None:
        self.event = threading.Event()

    def on_any_event(self, event) -> None:
        if not event.is_directory:
            self.event.set()


def observer(kind: str, project: Path, handler: Noticed):
    folders = [str(project / f) for f in FOLDERS if (project / f).is_dir()]
    polling = PollingObserver(timeout=POLL_S)
    watching = SplitObserver(polling, folders) if kind == "events" else polling
    for folder in folders:
        watching.schedule(handler, folder, recursive=True)
    watching.start()
    return watching


def measure(kind: str, project: Path, edits: int, idle: float, seed: int) -> dict:
    handler = Noticed()
    watching = observer(kind, project, handler)
    try:
        time.sleep(2 * POLL_S)  # the poll's first snapshot
        cpu0, t0 = time.process_time(), time.perf_counter()
        time.sleep(idle)
        cpu_per_s = (time.process_time() - cpu0) / (time.perf_counter() - t0)
        target = sorted((project / "journeys").iterdir())[0] / "awareness.md"
        original = target.read_bytes()
        pause = random.Random(seed)
        waits = []
        try:
            for i in range(edits):
                time.sleep(POLL_S + pause.uniform(0, POLL_S))  # where in the poll the write falls, drawn anew
                handler.event.clear()
                written = time.perf_counter()
                target.write_bytes(original + f"\n<!-- watcher bench {i} -->\n".encode())
                if not handler.event.wait(30):
                    raise SystemExit(f"watcher: {kind} did not notice the edit within 30 s")
                waits.append(time.perf_counter() - written)
        finally:
            target.write_bytes(original)
    finally:
        watching.stop()
        watching.join(10)
    return dict(cpu=cpu_per_s, median=statistics.median(waits), slowest=max(waits), n=len(waits))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--idle", type=float, default=20.0, help="seconds without a change, for the CPU figure")
    args = ap.parse_args(argv)
    files = sum(1 for f in FOLDERS for _ in (args.project / f).rglob("*.md"))
    print(f"{args.project}: {files} content files")
    print("| watcher | CPU while idle | edit noticed after: median | slowest | edits |")
    print("|---|---:|---:|---:|---:|")
    for kind in ("events", "polling"):
        got = measure(kind, args.project, args.edits, args.idle, seed=files)
        print(
            f"| {kind} | {got['cpu']:.1%} of a core | {got['median'] * 1000:.0f} ms | "
            f"{got['slowest'] * 1000:.0f} ms | {got['n']} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
