"""Smoke test of the performance benchmark (bench/) at N=10. Not timed: no assertion on durations."""

from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import edit_loop, generate, plain, run  # noqa: E402

from mkdocs_journeys.core.locales import messages  # noqa: E402


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.mark.build
def test_generator_is_deterministic_and_valid(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    info = generate.generate(10, a)
    generate.generate(10, b)
    assert _digest(a) == _digest(b)
    assert info == {"journeys": 10, "personas": 3, "touchpoints": 20, "files": info["files"], "bytes": info["bytes"]}
    assert len(list((a / "journeys").glob("*/index.md"))) == 10
    assert len(list((a / "journeys").glob("*/*.md"))) == 10 * 6  # index + 5 phases
    assert not (a / ".cache").exists()  # builds use the Mermaid that ships with the package
    check = run.journeys_check(a)
    assert check.ok, check.output
    assert "0 Fehler, 0 Warnungen" in check.output  # the generated site is German, like the sample


@pytest.mark.build
def test_plain_twin_has_the_plugin_pages_and_nav(tmp_path):
    project, twin = tmp_path / "project", tmp_path / "plain"
    generate.generate(10, project)
    info = plain.write_plain(project, twin)
    docs = twin / "docs"
    assert len(list(docs.glob("journeys/*/index.md"))) == 10
    assert len(list(docs.glob("personas/*.md"))) == 3 + 1  # + index
    assert len(list(docs.glob("touchpoints/*.md"))) == 20 + 1
    assert len(list(docs.glob("phases/*.md"))) >= 5 + 1
    assert info["generated"] >= 7 + 10 + 3 + 20 + 5  # indexes, journeys, personas, touchpoints, phases
    assert info["pages"] == info["generated"] + 1  # + the hand-written home page
    assert (docs / "assets/journeys/mermaid-loader.js").is_file()
    cfg = (twin / "mkdocs.yml").read_text(encoding="utf-8")
    assert "journeys" not in re.findall(r"^  - (\w+)", cfg, re.M)  # only the search plugin
    assert "assets/journeys/mermaid-loader.js" in cfg
    # nav mode `indexes` with 10 <= max_journeys journeys: the journeys are listed, personas are not
    assert "journeys/ebike-kauf-0001/index.md" in cfg
    assert "personas/nina-001.md" not in cfg.split("nav:", 1)[1]


@pytest.mark.build
def test_benchmark_build_path_and_table(tmp_path):
    log = io.StringIO()
    results, text = run.run_benchmark([10], tmp_path, log=log)
    (r,) = results
    assert r.builds_ok, log.getvalue()
    assert r.check is not None and r.check.ok
    assert all(x.ok for x in r.plugin + r.plainb)
    assert r.plugin_rss > 10 * 1024 * 1024 and r.plain_rss > 10 * 1024 * 1024
    assert r.pages == r.twin_pages >= 46  # 45+ generated pages + the home page
    assert r.same_file_set and r.html_compared == r.pages

    lines = text.splitlines()
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    assert header == run.COLUMNS
    for col in (
        "pages",
        "plugin build (s)",
        "peak memory (MiB)",
        "ms/page",
        "HTML mean (KB)",
        "HTML max (KB)",
        "plain build (s)",
        "plugin/plain",
        "check (s)",
    ):
        assert col in header
    rows = [ln for ln in lines[2:] if ln.startswith("| ")]
    assert len(rows) == 1
    cells = [c.strip() for c in rows[0].strip("|").split("|")]
    assert len(cells) == len(header)
    assert cells[0] == "10" and cells[1] == str(r.pages)
    for value in cells[2:11]:
        assert re.fullmatch(r"[\d.,]+×?", value), (value, rows[0])

    verdicts = [ln for ln in lines if re.match(r"- (PASS|FAIL|SKIP) ", ln)]
    names = (
        "build time at N=1000",
        "peak memory at N=1000",
        "scaling",
        "overhead vs plain",
        "journeys check",
        "HTML per page",
        "Mermaid JS",
    )
    assert len(verdicts) == len(names)
    for line, name in zip(verdicts, names):
        assert name in line, (name, line)
    assert next(ln for ln in verdicts if "Mermaid JS" in ln).startswith("- PASS")
    assert r.mermaid_script_pages == [] and r.pages_without_diagram > 0


@pytest.mark.unit
def test_the_edit_loop_reads_the_rebuild_times_of_a_server_log_in_either_language(tmp_path):
    log = tmp_path / "serve.log"
    said = "INFO    -  mkdocs_journeys: "
    lines = [
        "INFO    -  Documentation built in 3.16 seconds",
        said + messages("de").log("rebuilt", changed=0, pages=82, rendered=17, seconds="0.40"),
        said + messages("en").log("rebuilt", changed=3, pages=82, rendered=5, seconds="1.25"),
        said + messages("en").plural("serve_reused", 12),  # no rebuild of its own
        "INFO    -  Documentation built in 2.50 seconds",
    ]
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert edit_loop._built_count(log) == 4
    assert [edit_loop._built_in(log, n) for n in (1, 2, 3, 4, 5)] == ["3.16", "0.40", "1.25", "2.50", ""]


@pytest.mark.unit
def test_workdir_inside_repository_is_refused():
    with pytest.raises(SystemExit):
        run._workdir(REPO / "bench" / "tmp")


@pytest.mark.build
@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux /proc")
def test_process_tree_memory_counts_the_workers():
    alone = run._tree_pss(os.getpid())
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; x = b'x' * 80_000_000; print(1, flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE,
    )
    try:
        assert child.stdout.readline().strip() == b"1"
        time.sleep(0.2)
        assert run._tree_pss(os.getpid()) - alone > 70_000_000
        assert run._tree_pss(child.pid) > 70_000_000
    finally:
        child.kill()
        child.wait()


@pytest.mark.build
def test_rebuild_parts_times_a_partial_rebuild(tmp_path):
    from tiny_site import env, write_site

    root = write_site(tmp_path / "site")
    script = Path(__file__).parent.parent / "bench" / "rebuild_parts.py"
    done = subprocess.run(
        [
            sys.executable,
            str(script),
            str(root),
            "--edit",
            "personas/sara.md",
            "--builds",
            "2",
            "--partial",
            "--survivors",
        ],
        capture_output=True,
        text=True,
        env=env(),
        timeout=300,
    )
    # The second build went through the plugin's serve builder and was partial: its page steps were timed.
    assert done.returncode == 0, done.stderr[-2000:]
    assert "build 2 (after an edit)" in done.stdout, done.stdout
    assert "MkDocs' page steps for the changed pages" in done.stdout, done.stdout
    # What the partial rebuild took besides its timed parts: the page list, walked with the comparison.
    assert "the page list, made and compared page by page" in done.stdout, done.stdout
    # And how many objects it left alive: counted after the rebuild, so some (its new pages' records).
    left = re.search(r"objects the rebuild left alive: (\d+) of (\d+) tracked", done.stdout)
    assert left and 0 < int(left[1]) < int(left[2]), done.stdout


@pytest.mark.build
def test_rebuild_parts_makes_the_edit_loops_content_edits(tmp_path):
    project = tmp_path / "p"
    generate.generate(3, project)
    script = Path(__file__).parent.parent / "bench" / "rebuild_parts.py"
    done = subprocess.run(
        [sys.executable, str(script), str(project), "--content-edits", "--builds", "4", "--partial"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for n, what in enumerate(("phase", "persona", "touchpoint"), 2):
        assert f"build {n} (after a {what} edit)" in done.stdout, done.stdout
        assert f"{what} edits, medians of 1:" in done.stdout, done.stdout
    # Unlike a comment, each edit changes what a page shows: MkDocs built pages again.
    assert done.stdout.count("MkDocs' page steps for the changed pages") >= 2 * 3, done.stdout
    phase = sorted((project / "journeys").iterdir())[0] / "awareness.md"
    assert "rebuild1" in phase.read_text(encoding="utf-8")  # the step's title, as the edit loop edits it


def _edited_project(tmp_path: Path) -> tuple[Path, Path, bytes]:
    """A small generated project, the phase file the benches edit, and its bytes before."""
    project = tmp_path / "p"
    generate.generate(3, project)
    phase = sorted((project / "journeys").iterdir())[0] / "awareness.md"
    return project, phase, phase.read_bytes()


def _bench(script: str, project: Path, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    """One of bench/'s scripts run on `project`, its output captured."""
    return subprocess.run(
        [sys.executable, str(REPO / "bench" / script), str(project), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )


@pytest.mark.build
def test_watcher_bench_times_both_watchers_and_restores_the_file(tmp_path):
    project, phase, before = _edited_project(tmp_path)
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "watcher.py"), str(project), "--edits", "2", "--idle", "0.5"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    row = r"^\| (events|polling) \| ([0-9.]+)% of a core \| (\d+) ms \| (\d+) ms \| 2 \|$"
    rows = re.findall(row, done.stdout, re.M)
    assert [r[0] for r in rows] == ["events", "polling"], done.stdout
    for _, _, median, slowest in rows:
        assert int(median) <= int(slowest)
    assert phase.read_bytes() == before  # the edits are undone


@pytest.mark.build
def test_told_load_bench_times_both_loads_and_restores_the_file(tmp_path):
    project, phase, before = _edited_project(tmp_path)
    done = _bench("told_load.py", project, "--loads", "2")
    assert done.returncode == 0, done.stderr[-2000:]
    rows = re.findall(
        r"^(told|looked) +median ([0-9.]+) s, min ([0-9.]+), max ([0-9.]+) \(2 loads\)$", done.stdout, re.M
    )
    assert [r[0] for r in rows] == ["told", "looked"], done.stdout
    for _, median, low, high in rows:
        assert float(low) <= float(median) <= float(high)
    assert re.search(r"^told/looked, pair by pair: median [0-9.]+$", done.stdout, re.M), done.stdout
    assert phase.read_bytes() == before  # the edits are undone
    assert not (project / ".cache").exists()  # the project's own parse cache is left alone


@pytest.mark.build
def test_page_list_bench_times_each_kind_of_edit_on_a_copy(tmp_path):
    project = tmp_path / "n10"
    generate.generate(10, project)
    before = _digest(project)
    done = _bench("page_list.py", project, "--rounds", "2", timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert re.search(r"^first page list: [0-9.]+ s \([1-9][0-9]* pages\)$", done.stdout, re.M), done.stdout
    rows = re.findall(r"^page list after a (\w+) edit: median ([0-9.]+) ms, fastest ([0-9.]+) ms$", done.stdout, re.M)
    assert [r[0] for r in rows] == ["phase", "persona", "touchpoint"], done.stdout
    for _, median, fastest in rows:
        assert float(fastest) <= float(median)
    assert _digest(project) == before  # the edits go to a copy
