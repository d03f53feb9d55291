"""The edit loop: how long from saving a content file to the changed page being served, and
`journeys check` cold and warm (with the parse cache).

    python bench/edit_loop.py                          # N = 10, 100, 1000
    python bench/edit_loop.py --sizes 10,100 --workdir /tmp/jb-edit --keep
    python bench/edit_loop.py --sizes 100 --bin /other/venv/bin   # another install, e.g. before a change
    python bench/edit_loop.py --sizes 10,1000 --watcher polling   # the servers notice edits by MkDocs' poll

For every N it generates a catalog (bench/generate.py), then

- runs `journeys check --no-cache` (cold, never writes the cache), `journeys check` once to fill
  the cache, `journeys check` `--repeat` times warm, and `--repeat` times right after changing a step
  title in one phase file (as a person checks an edit); wall and CPU time of each child. The target
  counts the slower of the two warm figures;
- starts `mkdocs serve` on a free port of 127.0.0.1 for every N, one after the other, waits for each
  home page (the first build), and for each of five edits (a step title in one phase file, the role
  of one persona, the description of one touchpoint, the heading of the home page in docs/, and the
  owner of one touchpoint, which makes a new team and so a new page) writes the file and polls the
  page that shows it over HTTP until it holds the new text: the time from the write to that
  response, and the server's CPU time meanwhile (the steadier figure on a shared machine). The
  targets count the three content edits; the docs edit and the new team change the site's pages or
  navigation, so they get a full build. `--rounds K` makes the three content edits K times in turn
  before the other two: one sample of each is one draw of where the file watcher's poll and the
  garbage collector's full passes fall, K show how often they fall in an edit. The targets count the
  slowest content edit of all rounds. Between edits the script waits one second and a random part of
  the watcher's poll interval, so that where in the poll an edit falls is drawn anew (not set by the
  length of the last rebuild). The servers of all sizes run side by side, and each edit is made on
  every size in turn before the next: the sizes' edits fall in the same minutes, so a change in the
  machine's speed between one size and the next cannot move the ratio between them (bench/README.md,
  nineteenth round).

Times are wall-clock on a shared machine: the load average is printed with the results. Nothing is
timed in the tests; this script only prints figures.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from bench import generate  # noqa: E402
from bench.run import Run, timed  # noqa: E402
from mkdocs_journeys.core.locales import LANGUAGES, messages  # noqa: E402

DEFAULT_SIZES = (10, 100, 1000)
POLL_S = 0.05
WATCH_POLL_S = 0.5  # MkDocs polls watched files this often (the docs folder; content too with `--watcher polling`)
T_RELOAD_SHARE = 0.05  # edit-to-reload at the largest N, as a share of that N's full (first) build
T_RELOAD_GROWTH = 2.0  # edit-to-reload at the largest N against the smallest
T_WARM_SHARE = 0.20  # warm check against cold


@dataclass
class Edit:
    what: str  # phase | persona | touchpoint
    file: str
    url: str  # path below the site root
    seconds: float | None = None  # write -> page served with the change; None: timed out
    server_cpu: float = 0.0
    built_in: str = ""  # MkDocs' own "Documentation built in" figure for the rebuild
    round: int = 1  # which round of the content edits (--rounds)


@dataclass
class SizeResult:
    n: int
    files: int = 0
    check_nocache: Run | None = None
    check_fill: Run | None = None
    check_warm: list[Run] = field(default_factory=list)
    check_edited: list[Run] = field(default_factory=list)  # warm, right after a phase file's edit
    first_build: float | None = None
    first_build_cpu: float = 0.0
    first_built_in: str = ""
    edits: list[Edit] = field(default_factory=list)
    server_peak_mib: float = 0.0  # the server's peak resident memory (VmHWM) after the last edit
    log_tail: str = ""

    @property
    def warm(self) -> Run | None:
        return min(self.check_warm, key=lambda r: r.wall) if self.check_warm else None

    @property
    def edited(self) -> Run | None:
        return min(self.check_edited, key=lambda r: r.wall) if self.check_edited else None

    @property
    def slower_warm(self) -> Run | None:
        """The warm check the target counts: after an edit, if it was measured and took longer."""
        runs = [r for r in (self.warm, self.edited) if r is not None]
        return max(runs, key=lambda r: r.cpu) if runs else None

    def edit_s(self, content_only: bool = False) -> list[float]:
        return [e.seconds for e in self.edits if e.seconds is not None and (not content_only or e.what in CONTENT)]


CONTENT = ("phase", "persona", "touchpoint")  # the edits the targets are about: content that keeps the pages


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a running process, from /proc (0 where there is none)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def peak_mib(pid: int) -> float:
    """Peak resident memory of a running process (VmHWM), in MiB; 0 where /proc has none."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, needle: str | None, timeout: float) -> float | None:
    """Seconds until `url` answers (holding `needle`, if given); None on timeout."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        body = fetch(url)
        if body is not None and (needle is None or needle in body):
            return time.perf_counter() - t0
        time.sleep(POLL_S)
    return None


def _first(pattern: str, text: str, what: str) -> re.Match:
    m = re.search(pattern, text, re.M)
    if m is None:
        raise SystemExit(f"edit_loop: no {what} found to edit")
    return m


def plan_edits(project: Path) -> list[tuple[str, Path, str, str]]:
    """(what, file, url, line to append to) for a phase file, a persona, a touchpoint and the home page."""
    journey = sorted((project / "journeys").iterdir())[0]
    phase = journey / "awareness.md"
    persona = sorted((project / "personas").glob("*.md"))[0]
    touchpoint = sorted((project / "touchpoints").glob("*.md"))[0]
    step = _first(r"^- title: .*$", phase.read_text(encoding="utf-8"), "step title")
    role = _first(r"^role: .*$", persona.read_text(encoding="utf-8"), "persona role")
    owner = _first(r"^owner: .*$", touchpoint.read_text(encoding="utf-8"), "touchpoint owner")
    described = _first(
        r"^[A-Za-zÄÖÜäöü].*$", touchpoint.read_text(encoding="utf-8").split("\n---\n", 1)[1], "touchpoint text"
    )
    home = project / "docs" / "index.md"
    heading = _first(r"^# .*$", home.read_text(encoding="utf-8"), "home page heading")
    return [
        ("phase", phase, f"journeys/{journey.name}/", step.group(0)),
        ("persona", persona, f"personas/{persona.stem}/", role.group(0)),
        ("touchpoint", touchpoint, f"touchpoints/{touchpoint.stem}/", described.group(0)),
        ("docs", home, "", heading.group(0)),
        ("new team", touchpoint, f"touchpoints/{touchpoint.stem}/", owner.group(0)),
    ]


def edit_order(plan: list[tuple[str, Path, str, str]], rounds: int) -> list[tuple[int, tuple[str, Path, str, str]]]:
    """(round, edit): the content edits `rounds` times in turn, then the others once."""
    content = [e for e in plan if e[0] in CONTENT]
    others = [e for e in plan if e[0] not in CONTENT]
    return [(r + 1, e) for r in range(rounds) for e in content] + [(rounds, e) for e in others]


class Served:
    """One `mkdocs serve` of a generated project, and the edits made to it, each timed to the page."""

    def __init__(self, res: SizeResult, project: Path, bin_dir: Path, timeout: float, log=sys.stderr):
        self.res, self.project, self.bin_dir, self.timeout, self.log = res, project, bin_dir, timeout, log
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.log_path = project.parent / f"serve-n{res.n}.log"
        self.proc: subprocess.Popen | None = None
        self.t0 = 0.0

    def start(self) -> bool:
        """Starts the server and waits for the first build; False if it never answered."""
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        res = self.res
        with open(self.log_path, "w") as out:
            self.t0 = time.perf_counter()
            self.proc = subprocess.Popen(
                [str(self.bin_dir / "mkdocs"), "serve", "-a", f"127.0.0.1:{self.port}"],
                cwd=self.project,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        if wait_for(self.base, None, self.timeout) is None:
            print(f"[N={res.n}] serve: no first build within {self.timeout:.0f} s", file=self.log, flush=True)
            return False
        res.first_build = time.perf_counter() - self.t0
        res.first_build_cpu = cpu_seconds(self.proc.pid)
        res.first_built_in = _built_in(self.log_path, 1)
        print(
            f"[N={res.n}] serve: first page after {res.first_build:.1f} s ({res.first_build_cpu:.1f} s CPU)",
            file=self.log,
            flush=True,
        )
        return True

    def edit(self, i: int, round_no: int, what: str, path: Path, url: str, before: str) -> None:
        """Writes the edit and times it to the page that shows it (and to MkDocs' own log line)."""
        assert self.proc is not None
        res, log_path = self.res, self.log_path
        # each edit adds its marker right after the line it edits, ahead of the earlier rounds' markers
        marker = f"Bench{res.n}x{i}x{os.getpid() % 1000}"
        text = path.read_text(encoding="utf-8")
        cpu0 = cpu_seconds(self.proc.pid)
        builds = _built_count(log_path)
        w0 = time.perf_counter()
        path.write_text(text.replace(before, f"{before} {marker}", 1), encoding="utf-8")
        seconds = wait_for(self.base + url, marker, self.timeout)
        edit = Edit(what, path.relative_to(self.project).as_posix(), url, seconds, round=round_no)
        # MkDocs' own figure for the rebuild, once its log line is out
        settle = time.perf_counter() + 30
        while _built_count(log_path) <= builds and time.perf_counter() < settle:
            time.sleep(POLL_S)
        edit.server_cpu = cpu_seconds(self.proc.pid) - cpu0
        edit.built_in = _built_in(log_path, builds + 1)
        res.edits.append(edit)
        shown = f"{seconds:.2f} s" if seconds is not None else "timed out"
        print(
            f"[N={res.n}] edit {what} ({edit.file}{f', round {round_no}' if what in CONTENT else ''}): "
            f"{shown} to {url}; server CPU {edit.server_cpu:.2f} s"
            f"{f', MkDocs: built in {edit.built_in} s' if edit.built_in else ''} (after {w0 - self.t0:.0f} s)",
            file=self.log,
            flush=True,
        )

    def stop(self) -> None:
        if self.proc is not None:
            self.res.server_peak_mib = peak_mib(self.proc.pid)
            os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
            self.res.log_tail = "\n".join(self.log_path.read_text(errors="replace").splitlines()[-15:])
            self.proc = None


def serve_and_edit(served: list[Served], rounds: int = 1) -> None:
    """Starts the servers one after the other, then makes each edit on each of them in turn (every size's
    first edit, then every size's second, ...): edits of all sizes fall in the same minutes, so a change in
    the machine's speed moves every size alike, and the ratio between sizes holds."""
    try:
        started = [s for s in served if s.start()]
        time.sleep(1.0)  # let the file watchers settle
        # Without a random pause an edit would fall at the same point of the watcher's poll each time, set
        # by how long the last rebuild took. Seeded: the same draws for the same sizes.
        pause = random.Random(sum(s.res.n for s in served))
        plans = [edit_order(plan_edits(s.project), rounds) for s in started]
        for i in range(len(plans[0]) if plans else 0):
            for s, plan in zip(started, plans):
                round_no, (what, path, url, before) = plan[i]
                s.edit(i, round_no, what, path, url, before)
                time.sleep(1.0 + pause.uniform(0, WATCH_POLL_S))
    finally:
        for s in served:
            s.stop()


def _built_pattern() -> re.Pattern[str]:
    """MkDocs' line after a full build, or the plugin's after a partial one in any of its languages:
    either ends a rebuild. Each form has one group, the seconds."""
    forms = [re.escape("Documentation built in ") + r"([0-9.]+)"]
    for lang in LANGUAGES:  # the plugin's line as its messages write it, numbers left open
        line = messages(lang).log("rebuilt", changed="\0", pages="\0", rendered="\0", seconds="\1")
        forms.append(re.escape(line).replace("\0", r"\d+").replace("\1", r"([0-9.]+)"))
    return re.compile("|".join(forms))


_BUILT = _built_pattern()


def _built_times(log_path: Path) -> list[str]:
    return [m.group(m.lastindex or 0) for m in _BUILT.finditer(log_path.read_text(errors="replace"))]


def _built_count(log_path: Path) -> int:
    return len(_built_times(log_path))


def _built_in(log_path: Path, nth: int) -> str:
    found = _built_times(log_path)
    return found[nth - 1] if len(found) >= nth else ""


def check_runs(res: SizeResult, project: Path, bin_dir: Path, repeat: int, log=sys.stderr) -> None:
    journeys = str(bin_dir / "journeys")
    shutil.rmtree(project / ".cache" / "journeys", ignore_errors=True)
    res.check_nocache = timed([journeys, "check", "--no-cache"], cwd=project)
    res.check_fill = timed([journeys, "check"], cwd=project)
    for _ in range(repeat):
        res.check_warm.append(timed([journeys, "check"], cwd=project))
    # Then as a person checks after an edit: one step title of one phase file changed each time.
    _, phase, _, step = plan_edits(project)[0]
    before = phase.read_text(encoding="utf-8")
    for i in range(repeat):
        phase.write_text(before.replace(step, f"{step} (check {i})", 1), encoding="utf-8")
        res.check_edited.append(timed([journeys, "check"], cwd=project))
    phase.write_text(before, encoding="utf-8")
    warm, edited = res.warm, res.edited
    assert warm is not None and edited is not None
    print(
        f"[N={res.n}] check: no cache {res.check_nocache.wall:.2f} s ({res.check_nocache.cpu:.2f} s CPU), "
        f"filling {res.check_fill.wall:.2f} s, warm {warm.wall:.2f} s ({warm.cpu:.2f} s CPU), "
        f"after an edit {edited.wall:.2f} s ({edited.cpu:.2f} s CPU); exit codes {res.check_nocache.returncode} "
        f"{res.check_fill.returncode} {warm.returncode} {edited.returncode}",
        file=log,
        flush=True,
    )


def prepare(n: int, workdir: Path, bin_dir: Path, repeat: int, watcher: str | None = None) -> tuple[SizeResult, Path]:
    """Generates the catalog of size `n` (with the plugin option `watcher`, if given) and times `journeys check`
    on it."""
    project = workdir / f"n{n}" / "project"
    shutil.rmtree(project.parent, ignore_errors=True)
    info = generate.generate(n, project)
    if watcher is not None:
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        if "  - journeys:\n" not in text:
            raise SystemExit("edit_loop: the generated mkdocs.yml has no journeys plugin entry")
        config.write_text(text.replace("  - journeys:\n", f"  - journeys:\n      watcher: {watcher}\n", 1))
    res = SizeResult(n, files=info["files"])
    print(f"[N={n}] generated {info['files']} files", file=sys.stderr, flush=True)
    check_runs(res, project, bin_dir, repeat)
    return res, project


def _s(x: float | None) -> str:
    return f"{x:.2f}" if x is not None else "–"


def _edit_cell(r: SizeResult, what: str) -> str:
    """One edit: seconds (server CPU); several rounds: median, then the slowest with its CPU."""
    done = [e for e in r.edits if e.what == what]
    timed_out = [e for e in done if e.seconds is None]
    samples = [e for e in done if e.seconds is not None]
    if not samples:
        return "–"
    seconds = [e.seconds for e in samples if e.seconds is not None]
    slowest = samples[seconds.index(max(seconds))]
    cell = f"{_s(slowest.seconds)} ({slowest.server_cpu:.1f})"
    if len(samples) > 1:
        cell = f"{statistics.median(seconds):.2f}, slowest {cell}"
    return cell + (f", {len(timed_out)} timed out" if timed_out else "")


def table(results: list[SizeResult]) -> str:
    head = (
        "| N | files | check cold (s) | check warm (s) | check after an edit (s) | warm/cold CPU "
        "| first build (s, CPU) | edit phase (s, CPU) | edit persona (s, CPU) | edit touchpoint (s, CPU) "
        "| edit docs (s, CPU) | new team (s, CPU) | content edit/first build |"
    )
    rows = [head, "|" + "---:|" * 13]
    for r in results:
        cold, warm, edited = r.check_nocache, r.warm, r.edited
        ratio = "–"
        if cold and warm and cold.cpu:
            ratio = f"{warm.cpu / cold.cpu:.2f}" + (f", {edited.cpu / cold.cpu:.2f}" if edited else "")
        edits = {what: _edit_cell(r, what) for what in (*CONTENT, "docs", "new team")}
        worst = max(r.edit_s(content_only=True), default=None)
        share = f"{worst / r.first_build:.1%}" if worst is not None and r.first_build else "–"
        cpu = max((e.server_cpu for e in r.edits if e.what in CONTENT), default=None)
        if cpu is not None and r.first_build_cpu:
            share += f" ({cpu / r.first_build_cpu:.0%} CPU)"
        rows.append(
            f"| {r.n} | {r.files:,} | {_s(cold.wall if cold else None)} | {_s(warm.wall if warm else None)} "
            f"| {_s(edited.wall if edited else None)} | {ratio} "
            f"| {_s(r.first_build)} ({r.first_build_cpu:.1f}) | {edits.get('phase', '–')} "
            f"| {edits.get('persona', '–')} | {edits.get('touchpoint', '–')} | {edits.get('docs', '–')} "
            f"| {edits.get('new team', '–')} | {share} |"
        )
    return "\n".join(rows)


def targets(results: list[SizeResult]) -> list[str]:
    out = []
    done = [r for r in results if r.edit_s(content_only=True) and r.first_build]
    if done:
        big, small = max(done, key=lambda r: r.n), min(done, key=lambda r: r.n)
        worst = max(big.edit_s(content_only=True))
        assert big.first_build is not None
        share = worst / big.first_build
        out.append(
            f"{'PASS' if share <= T_RELOAD_SHARE else 'FAIL'} edit-to-reload at N={big.n}: worst {worst:.2f} s "
            f"= {share:.1%} of the first build ({big.first_build:.1f} s; target ≤ {T_RELOAD_SHARE:.0%}); "
            f"server CPU {max(e.server_cpu for e in big.edits if e.what in CONTENT):.1f} s against "
            f"{big.first_build_cpu:.1f} s for start-up and first build"
        )
        if big is not small:
            growth = worst / max(small.edit_s(content_only=True))
            out.append(
                f"{'PASS' if growth <= T_RELOAD_GROWTH else 'FAIL'} edit-to-reload N={big.n} vs N={small.n}: "
                f"{growth:.1f}× (target ≤ {T_RELOAD_GROWTH:g}×)"
            )
            big_s, small_s = big.edit_s(content_only=True), small.edit_s(content_only=True)
            if len(big_s) > len(CONTENT):  # several rounds: the typical edit too
                typical, base = statistics.median(big_s), statistics.median(small_s)
                out.append(
                    f"(information) median content edit N={big.n} vs N={small.n}: {typical / base:.1f}× "
                    f"({typical:.2f} against {base:.2f} s); the target counts the slowest"
                )
    checked = [r for r in results if r.check_nocache and r.slower_warm]
    if checked:
        big = max(checked, key=lambda r: r.n)
        warm = big.slower_warm
        assert big.check_nocache is not None and warm is not None
        share = warm.cpu / big.check_nocache.cpu
        which = "after an edit" if warm is big.edited else "without an edit"
        out.append(
            f"{'PASS' if share <= T_WARM_SHARE else 'FAIL'} journeys check warm at N={big.n} (the slower, {which}): "
            f"{warm.cpu:.2f} s CPU = {share:.0%} of cold ({big.check_nocache.cpu:.2f} s; "
            f"target ≤ {T_WARM_SHARE:.0%}); wall {warm.wall:.2f} s vs {big.check_nocache.wall:.2f} s"
        )
    return out


def details(results: list[SizeResult]) -> str:
    lines = []
    for r in results:
        for e in r.edits:
            lines.append(
                f"- N={r.n} {e.what}{f' (round {e.round})' if e.what in CONTENT else ''}: {e.file} -> /{e.url}: "
                f"{_s(e.seconds)} s, server CPU {e.server_cpu:.2f} s, "
                f"MkDocs 'built in' {e.built_in or '–'} s"
            )
        if r.first_built_in:
            lines.append(
                f"- N={r.n} first build: MkDocs 'built in' {r.first_built_in} s; "
                f"server peak memory {r.server_peak_mib:.0f} MiB after the edits"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="mkdocs-journeys edit-loop benchmark")
    ap.add_argument("--sizes", default=None, help="comma-separated journey counts (default: 10,100,1000)")
    ap.add_argument("--repeat", type=int, default=3, help="warm check runs (the table shows the fastest)")
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--bin", type=Path, default=Path(sys.executable).parent, help="folder with mkdocs and journeys")
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds to wait for a build or a changed page")
    ap.add_argument("--no-serve", action="store_true", help="journeys check only")
    ap.add_argument("--rounds", type=int, default=1, help="times the three content edits are made in turn")
    ap.add_argument("--watcher", choices=("events", "polling"), help="the plugin option watcher (default: its own)")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else list(DEFAULT_SIZES)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="journeys-edit-"))
    workdir.mkdir(parents=True, exist_ok=True)
    load0 = os.getloadavg()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    try:
        prepared = [prepare(n, workdir, args.bin, args.repeat, args.watcher) for n in sizes]
        results = [res for res, _ in prepared]
        if not args.no_serve:
            serve_and_edit([Served(res, project, args.bin, args.timeout) for res, project in prepared], args.rounds)
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    load1 = os.getloadavg()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=Path(__file__).parent
    ).stdout.strip()
    print(table(results))
    print()
    for line in targets(results):
        print(f"- {line}")
    print()
    print(details(results))
    print()
    print(
        f"Command: `python bench/edit_loop.py {' '.join(argv if argv is not None else sys.argv[1:])}` · "
        f"mkdocs from {args.bin} · git {commit} · load average {load0[0]:.2f} {load0[1]:.2f} {load0[2]:.2f} "
        f"at the start, {load1[0]:.2f} {load1[1]:.2f} {load1[2]:.2f} at the end · {started}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
