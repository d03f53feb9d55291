"""mkdocs-journeys performance benchmark.

    python bench/run.py                      # N = 10, 100, 1000
    python bench/run.py --quick              # N = 10 only
    python bench/run.py --sizes 10,100 --repeat 3 --workdir /tmp/jb --keep
    python bench/run.py --profile 1000       # plugin build of one size under cProfile

For every N it generates a synthetic catalog (bench/generate.py) and its plain-MkDocs twin
(bench/plain.py), runs `journeys check --strict` on the catalog, and builds both sites with
`mkdocs build --strict`, each in a fresh child process. Wall time is measured around the child;
peak memory is the larger of the child's ru_maxrss (os.wait4() for exactly that child) and the peak
PSS of the child's whole process tree, sampled from /proc every 0.2 s (so a build that starts helper
processes is not under-counted; the plugin starts none). It then prints a Markdown table
and a PASS/FAIL line per target. Generated sites live in a temporary folder (or --workdir), never
inside the repository.
"""

from __future__ import annotations

import argparse
import os
import platform
import pstats
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import generate, plain  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_SIZES = (10, 100, 1000)
KB = 1000  # HTML sizes: 1 KB = 1000 bytes (the stricter reading of "80 KB")
MIB = 1024 * 1024

# Targets from the issue.
T_BUILD_S = 180.0  # plugin build at N=1000
T_RSS_BYTES = 1.5 * 1024**3  # peak RSS at N=1000
T_SCALING = 11.0  # time(10N) / time(N)
T_OVERHEAD = 0.10  # plugin build vs plain MkDocs build
T_CHECK_S = 5.0  # journeys check
T_HTML_MAX = 80 * KB  # largest HTML page
TARGET_N = 1000

COLUMNS = [
    "N",
    "pages",
    "plugin build (s)",
    "peak memory (MiB)",
    "ms/page",
    "HTML mean (KB)",
    "HTML max (KB)",
    "plain build (s)",
    "plain memory (MiB)",
    "plugin/plain",
    "check (s)",
    "scaling t(N)/t(N/10)",
]

START_LOAD = os.getloadavg() if hasattr(os, "getloadavg") else (0.0,)
MERMAID_SCRIPT = re.compile(r"<script\b[^>]*\bsrc=[\"'][^\"']*mermaid(?:\.min)?\.js", re.I)
MERMAID_CLASS = re.compile(r"class=\"mermaid\"")


@dataclass
class Run:
    """One child process: wall time, peak RSS, exit code, output."""

    cmd: list[str]
    wall: float
    maxrss: int  # bytes
    cpu: float  # user + system CPU seconds of the child (less sensitive to other load than wall time)
    returncode: int
    output: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


@dataclass
class SizeResult:
    n: int
    personas: int = 0
    touchpoints: int = 0
    content_files: int = 0
    content_bytes: int = 0
    gen_s: float = 0.0
    plain_write_s: float = 0.0
    check: Run | None = None
    plugin: list[Run] = field(default_factory=list)
    plainb: list[Run] = field(default_factory=list)
    pages: int = 0
    html_mean: float = 0.0
    html_max: int = 0
    html_largest: list[tuple[int, str]] = field(default_factory=list)
    html_over: int = 0  # pages above the HTML target
    twin_pages: int = 0  # pages of the plain twin (hand-written + dumped from the plugin)
    kinds: dict = field(default_factory=dict)  # page group -> [pages, bytes, max bytes, pages over the target]
    mermaid_script_pages: list[str] = field(default_factory=list)
    pages_without_diagram: int = 0
    pages_with_diagram: int = 0
    html_identical: int = 0
    html_compared: int = 0
    same_file_set: bool = False

    @property
    def plugin_s(self) -> float:
        return min(r.wall for r in self.plugin)

    @property
    def plain_s(self) -> float:
        return min(r.wall for r in self.plainb)

    @property
    def plugin_rss(self) -> int:
        return max(r.maxrss for r in self.plugin)

    @property
    def plain_rss(self) -> int:
        return max(r.maxrss for r in self.plainb)

    @property
    def builds_ok(self) -> bool:
        return bool(self.plugin) and bool(self.plainb) and all(r.ok for r in self.plugin + self.plainb)


def _env() -> dict:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")


def _tree_pss(pid: int) -> int:
    """PSS in bytes of a process and its descendants (Linux; 0 where /proc has no answer)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            pass
    return total


class _PssSampler(threading.Thread):
    def __init__(self, pid: int, every: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.every, self.peak = pid, every, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.every):
            self.peak = max(self.peak, _tree_pss(self.pid))


def timed(cmd: list[str], cwd: Path, timeout: float = 3600) -> Run:
    """Run cmd as a fresh child; wall time and peak memory of exactly this child and any processes it starts."""
    with tempfile.TemporaryFile() as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=_env())
        timer = threading.Timer(timeout, lambda: proc.send_signal(signal.SIGKILL))
        timer.start()
        sampler = _PssSampler(proc.pid)
        sampler.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
            sampler.done.set()
            sampler.join()
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; keep Popen from waiting again
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    # Linux reports ru_maxrss in KiB (macOS in bytes).
    maxrss = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return Run(cmd, wall, max(maxrss, sampler.peak), usage.ru_utime + usage.ru_stime, proc.returncode, text)


def mkdocs_build(site: Path) -> Run:
    # Every build from scratch: no output and no parse cache left by the check or an earlier build.
    shutil.rmtree(site / "site", ignore_errors=True)
    shutil.rmtree(site / ".cache" / "journeys", ignore_errors=True)
    return timed([str(BIN / "mkdocs"), "build", "--strict"], cwd=site)


def journeys_check(project: Path) -> Run:
    # Cold, as before the parse cache; bench/edit_loop.py measures cold against warm.
    return timed([str(BIN / "journeys"), "check", "--strict", "--no-cache", str(project)], cwd=project)


def html_pages(site_dir: Path) -> list[Path]:
    """Every built page (404.html is MkDocs' error page, not a page of the site)."""
    return sorted(p for p in site_dir.rglob("*.html") if p.relative_to(site_dir).as_posix() != "404.html")


def page_group(rel: str) -> str:
    """journeys/<id>/board/index.html -> journeys/*/board/; top-level index pages stay themselves."""
    parts = rel.split("/")
    if len(parts) >= 3:
        parts[1] = "*"
    return "/".join(parts[:-1]) + "/" if parts[-1] == "index.html" and len(parts) > 1 else "/".join(parts)


def analyse_html(res: SizeResult, project: Path, twin: Path) -> None:
    site, other = project / "site", twin / "site"
    pages = html_pages(site)
    sizes = []
    for p in pages:
        data = p.read_bytes()
        rel = p.relative_to(site).as_posix()
        sizes.append((len(data), rel))
        text = data.decode("utf-8", "replace")
        if MERMAID_SCRIPT.search(text):
            res.mermaid_script_pages.append(rel)
        if MERMAID_CLASS.search(text):
            res.pages_with_diagram += 1
        else:
            res.pages_without_diagram += 1
        twin_page = other / rel
        if twin_page.is_file():
            res.html_compared += 1
            res.html_identical += twin_page.read_bytes() == data
    res.pages = len(pages)
    res.html_mean = sum(s for s, _ in sizes) / len(sizes) if sizes else 0.0
    res.html_max = max((s for s, _ in sizes), default=0)
    res.html_largest = sorted(sizes, reverse=True)[:5]
    res.html_over = sum(1 for s, _ in sizes if s > T_HTML_MAX)
    for size, rel in sizes:
        k = res.kinds.setdefault(page_group(rel), [0, 0, 0, 0])
        k[0] += 1
        k[1] += size
        k[2] = max(k[2], size)
        k[3] += size > T_HTML_MAX

    def rel_set(d):
        return {p.relative_to(d).as_posix() for p in d.rglob("*") if p.is_file()}

    res.same_file_set = rel_set(site) == rel_set(other)


def measure(n: int, workdir: Path, repeat: int = 1, seed: int = generate.DEFAULT_SEED, log=sys.stderr) -> SizeResult:
    res = SizeResult(n)
    base = workdir / f"n{n}"
    shutil.rmtree(base, ignore_errors=True)
    project, twin = base / "project", base / "plain"
    t0 = time.perf_counter()
    info = generate.generate(n, project, seed)
    res.gen_s = time.perf_counter() - t0
    res.personas, res.touchpoints = info["personas"], info["touchpoints"]
    res.content_files, res.content_bytes = info["files"], info["bytes"]
    t0 = time.perf_counter()
    res.twin_pages = plain.write_plain(project, twin)["pages"]
    res.plain_write_s = time.perf_counter() - t0
    print(
        f"[N={n}] generated {info['files']} files ({info['bytes'] / MIB:.1f} MiB) in {res.gen_s:.1f} s, "
        f"plain twin in {res.plain_write_s:.1f} s",
        file=log,
        flush=True,
    )
    res.check = journeys_check(project)
    print(f"[N={n}] journeys check --strict: exit {res.check.returncode}, {res.check.wall:.2f} s", file=log, flush=True)
    for i in range(repeat):  # interleaved, so slow drift of the machine hits both alike
        r = mkdocs_build(project)
        res.plugin.append(r)
        print(
            f"[N={n}] plugin build {i + 1}/{repeat}: exit {r.returncode}, {r.wall:.1f} s, {r.maxrss / MIB:.0f} MiB",
            file=log,
            flush=True,
        )
        p = mkdocs_build(twin)
        res.plainb.append(p)
        print(
            f"[N={n}] plain build  {i + 1}/{repeat}: exit {p.returncode}, {p.wall:.1f} s, {p.maxrss / MIB:.0f} MiB",
            file=log,
            flush=True,
        )
        if not (r.ok and p.ok):
            for run in (r, p):
                if not run.ok:
                    print(f"[N={n}] FAILED: {' '.join(run.cmd)}\n{run.output[-4000:]}", file=log, flush=True)
            break
    if res.builds_ok:
        analyse_html(res, project, twin)
    return res


# --- report ---------------------------------------------------------------------------------


def _scaling(results: list[SizeResult]) -> dict[int, float]:
    by_n = {r.n: r for r in results if r.builds_ok}
    return {n: by_n[n].plugin_s / by_n[n // 10].plugin_s for n in by_n if n % 10 == 0 and n // 10 in by_n}


def table(results: list[SizeResult]) -> str:
    scaling = _scaling(results)
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join("---:" for _ in COLUMNS) + "|"]
    for r in results:
        check = f"{r.check.wall:.2f}" if r.check else "–"
        if not r.builds_ok:
            cells = [
                str(r.n),
                "–",
                "FAILED",
                "–",
                "–",
                "–",
                "–",
                "FAILED" if r.plainb and not r.plainb[-1].ok else "–",
                "–",
                "–",
                check,
                "–",
            ]
        else:
            cells = [
                str(r.n),
                f"{r.pages:,}",
                f"{r.plugin_s:.2f}",
                f"{r.plugin_rss / MIB:.0f}",
                f"{1000 * r.plugin_s / r.pages:.1f}",
                f"{r.html_mean / KB:.1f}",
                f"{r.html_max / KB:.1f}",
                f"{r.plain_s:.2f}",
                f"{r.plain_rss / MIB:.0f}",
                f"{r.plugin_s / r.plain_s:.2f}×",
                check,
                f"{scaling[r.n]:.1f}×" if r.n in scaling else "–",
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets(results: list[SizeResult]) -> list[tuple[bool | None, str]]:
    """(passed, text) per target; passed is None when the size it needs was not run."""
    out: list[tuple[bool | None, str]] = []
    ok = [r for r in results if r.builds_ok]
    failed = [r.n for r in results if not r.builds_ok]
    if failed:
        out.append((False, f"builds: `mkdocs build --strict` failed at N={', '.join(map(str, failed))}"))
    big = next((r for r in ok if r.n == TARGET_N), None)
    if big is None:
        out.append(
            (
                None,
                f"build time at N={TARGET_N} ≤ {T_BUILD_S:.0f} s: not run "
                f"(sizes {', '.join(str(r.n) for r in results)})",
            )
        )
        out.append((None, f"peak memory at N={TARGET_N} ≤ 1.5 GiB: not run"))
    else:
        out.append(
            (
                big.plugin_s <= T_BUILD_S,
                f"build time at N={TARGET_N}: {big.plugin_s:.1f} s (target ≤ {T_BUILD_S:.0f} s)",
            )
        )
        out.append(
            (
                big.plugin_rss <= T_RSS_BYTES,
                f"peak memory (RSS, or process-tree PSS if larger) at N={TARGET_N}: "
                f"{big.plugin_rss / MIB:.0f} MiB (target ≤ 1536 MiB = 1.5 GiB)",
            )
        )
    scaling = _scaling(results)
    if scaling:
        worst = max(scaling.values())
        detail = ", ".join(f"{n // 10}→{n}: {s:.1f}×" for n, s in sorted(scaling.items()))
        out.append((worst <= T_SCALING, f"scaling time(10N)/time(N): {detail} (target ≤ {T_SCALING:.0f}×)"))
    else:
        out.append((None, "scaling time(10N)/time(N): needs two sizes a factor 10 apart"))
    if ok:
        top = max(ok, key=lambda r: r.n)
        over = {r.n: r.plugin_s / r.plain_s - 1 for r in ok}
        rest = ", ".join(f"N={n}: {o:+.1%}" for n, o in sorted(over.items()) if n != top.n)
        cpu = min(x.cpu for x in top.plugin) / min(x.cpu for x in top.plainb) - 1
        out.append(
            (
                over[top.n] <= T_OVERHEAD,
                f"overhead vs plain MkDocs at N={top.n}: {over[top.n]:+.1%} wall "
                f"({top.plugin_s:.1f} s vs {top.plain_s:.1f} s; target ≤ +{T_OVERHEAD:.0%}), {cpu:+.1%} CPU time"
                + (f"; wall at {rest}" if rest else ""),
            )
        )
    checks = [r for r in results if r.check]
    if checks:
        top = max(checks, key=lambda r: r.n)
        bad = [r.n for r in checks if not r.check.ok]
        text = f"`journeys check --strict` at N={top.n}: {top.check.wall:.2f} s (target ≤ {T_CHECK_S:.0f} s)"
        if bad:
            text += f"; exit code ≠ 0 at N={', '.join(map(str, bad))}"
        out.append((top.check.wall <= T_CHECK_S and not bad, text))
    if ok:
        worst = max(ok, key=lambda r: r.html_max)
        text = (
            f"HTML per page: max {worst.html_max / KB:,.1f} KB ({worst.html_largest[0][1]} at N={worst.n}; "
            f"target ≤ {T_HTML_MAX / KB:.0f} KB)"
        )
        over = {r.n: r.html_over for r in ok if r.html_over}
        if over:
            text += "; pages over the limit: " + ", ".join(
                f"N={n}: {c} of {r.pages}" for r in ok for n, c in over.items() if r.n == n
            )
        out.append((not over, text))
        scripts = [(r.n, p) for r in ok for p in r.mermaid_script_pages]
        no_diag = {r.n: r.pages_without_diagram for r in ok}
        passed = not scripts and all(no_diag.values())
        text = (
            "Mermaid JS: "
            + (
                "no page includes mermaid.min.js"
                if not scripts
                else f"{len(scripts)} pages include mermaid.min.js, e.g. {scripts[0][1]} (N={scripts[0][0]})"
            )
            + '; pages without class="mermaid": '
            + ", ".join(f"N={n}: {c}" for n, c in sorted(no_diag.items()))
        )
        out.append((passed, text))
    return out


def details(results: list[SizeResult]) -> str:
    lines = []
    for r in results:
        lines.append(
            f"- N={r.n}: {r.n} journeys, {r.personas} personas, {r.touchpoints} touchpoints; "
            f"{r.content_files} content files ({r.content_bytes / MIB:.1f} MiB), generated in {r.gen_s:.1f} s"
        )
        if r.builds_ok:
            runs = ", ".join(f"{x.wall:.1f}" for x in r.plugin)
            pruns = ", ".join(f"{x.wall:.1f}" for x in r.plainb)
            cpu, pcpu = min(x.cpu for x in r.plugin), min(x.cpu for x in r.plainb)
            lines.append(
                f"  - builds, wall s: plugin [{runs}], plain [{pruns}] (table: fastest); CPU s (user+sys): "
                f"plugin {cpu:.1f}, plain {pcpu:.1f}, overhead {cpu / pcpu - 1:+.1%}; check CPU {r.check.cpu:.2f} s"
            )
            lines.append(f"  - {r.pages_with_diagram} pages with diagrams, {r.pages_without_diagram} without")
            lines.append(
                f"  - plain twin: same output files: {'yes' if r.same_file_set else 'NO'}; "
                f"byte-identical HTML pages: {r.html_identical}/{r.html_compared}"
            )
            lines.append("  - largest pages: " + ", ".join(f"{p} {s / KB:,.0f} KB" for s, p in r.html_largest))
            groups = sorted(r.kinds.items(), key=lambda kv: -kv[1][1])
            lines.append(
                "  - HTML by page group (pages, mean/max KB, over 80 KB): "
                + "; ".join(f"{g} {k[0]}, {k[1] / k[0] / KB:,.0f}/{k[2] / KB:,.0f}, {k[3]}" for g, k in groups)
            )
    return "\n".join(lines)


def report(results: list[SizeResult], argv: list[str]) -> str:
    verdicts = targets(results)
    out = [table(results), ""]
    for passed, text in verdicts:
        out.append(f"- {'PASS' if passed else 'FAIL' if passed is False else 'SKIP'} {text}")
    out += ["", details(results), "", environment(argv)]
    return "\n".join(out)


def environment(argv: list[str]) -> str:
    import mkdocs

    try:
        from importlib.metadata import version

        material = version("mkdocs-material")
    except Exception:  # pragma: no cover
        material = "?"
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0,)
    try:
        rev = (
            subprocess.run(
                ["git", "describe", "--always", "--dirty"], cwd=REPO, capture_output=True, text=True, timeout=10
            ).stdout.strip()
            or "?"
        )
    except (OSError, subprocess.SubprocessError):
        rev = "?"
    return (
        f"Command: `{' '.join(['python', 'bench/run.py', *argv])}` · plugin at git {rev} · "
        f"{platform.python_implementation()} "
        f"{platform.python_version()}, MkDocs {mkdocs.__version__}, Material {material} · {os.cpu_count()} CPUs, "
        f"load average (1/5/15 min) {' '.join(f'{x:.2f}' for x in START_LOAD)} at the start, "
        f"{' '.join(f'{x:.2f}' for x in load)} at the end · "
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}. Builds are single-threaded and run one at a time; "
        "times are wall-clock and include Python start-up."
    )


def run_benchmark(
    sizes,
    workdir: Path,
    repeat: int = 1,
    seed: int = generate.DEFAULT_SEED,
    argv: list[str] | None = None,
    log=sys.stderr,
) -> tuple[list[SizeResult], str]:
    global START_LOAD
    START_LOAD = os.getloadavg() if hasattr(os, "getloadavg") else (0.0,)
    results = []
    for n in sizes:
        results.append(measure(n, workdir, repeat, seed, log))
    return results, report(results, argv or [])


# --- profile --------------------------------------------------------------------------------


def profile(n: int, workdir: Path, seed: int, top: int = 25) -> str:
    project = workdir / f"profile-n{n}"
    shutil.rmtree(project, ignore_errors=True)
    generate.generate(n, project, seed)
    prof = workdir / f"profile-n{n}.prof"
    run = timed([sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "mkdocs", "build", "--strict"], cwd=project)
    if not run.ok:
        raise SystemExit(f"profiled build failed:\n{run.output[-4000:]}")
    import io

    buf = io.StringIO()
    stats = pstats.Stats(str(prof), stream=buf)
    stats.strip_dirs().sort_stats("cumulative")
    buf.write(f"# cProfile of `mkdocs build --strict` at N={n} ({run.wall:.1f} s wall under the profiler)\n")
    stats.print_stats(top)
    buf.write(f"\n# mkdocs_journeys functions only (top {top} cumulative)\n")
    stats = pstats.Stats(str(prof), stream=buf)
    stats.sort_stats("cumulative").print_stats(r"mkdocs_journeys", top)
    return buf.getvalue()


def _workdir(arg: Path | None) -> tuple[Path, bool]:
    if arg is None:
        return Path(tempfile.mkdtemp(prefix="journeys-bench-")), True
    wd = arg.resolve()
    if wd == REPO or REPO in wd.parents:
        raise SystemExit(f"--workdir must be outside the repository ({REPO})")
    wd.mkdir(parents=True, exist_ok=True)
    return wd, False


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(description="mkdocs-journeys performance benchmark")
    ap.add_argument("--sizes", default=None, help="comma-separated journey counts (default: 10,100,1000)")
    ap.add_argument("--quick", action="store_true", help="N=10 only")
    ap.add_argument("--repeat", type=int, default=1, help="builds per site and size; the table shows the fastest")
    ap.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    ap.add_argument("--workdir", type=Path, default=None, help="where sites are written (default: a temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir")
    ap.add_argument(
        "--profile",
        type=int,
        nargs="?",
        const=-1,
        metavar="N",
        help="only profile the plugin build of one size (default: the largest of --sizes)",
    )
    args = ap.parse_args(argv)
    sizes = (
        [10]
        if args.quick
        else [int(s) for s in (args.sizes or ",".join(map(str, DEFAULT_SIZES))).split(",") if s.strip()]
    )
    workdir, temp = _workdir(args.workdir)
    print(f"workdir: {workdir}", file=sys.stderr)
    try:
        if args.profile is not None:
            print(profile(max(sizes) if args.profile == -1 else args.profile, workdir, args.seed))
            return 0
        results, text = run_benchmark(sizes, workdir, args.repeat, args.seed, argv)
        print(text)
        return 0 if all(r.builds_ok and r.check and r.check.ok for r in results) else 1
    finally:
        if temp and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
