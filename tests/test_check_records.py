"""`journeys check` takes a journey whose files and context did not change from its record instead of
loading it (core/check_records.py). Whatever it takes must give the report of a check without a cache,
edit after edit: field edits at random, and edits that change what other journeys' checks read
(personas, touchpoints, journeys, counterparts, branches, actuals, team spellings, broken files)."""

from __future__ import annotations

import json
import random
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.test_page_inputs import CONTENT, _edit, _project

from mkdocs_journeys.cli import main
from mkdocs_journeys.core import catalog_loader, check_output, check_records
from mkdocs_journeys.core import parse_cache as pc
from mkdocs_journeys.core.catalog_loader import Settings, check

pytestmark = pytest.mark.unit

# Rules some of which are off by default; configured levels apply to recorded findings too.
LEVELS = {
    "phase-not-covered": "info",
    "as-is-without-to-be": "info",
    "phase-without-kpi": "warn",
    "step-without-touchpoint": "ignore",
}


def _report(result) -> dict:
    return {
        "problems": [p.to_dict() for p in result.report.sorted()],
        "unchecked": result.report.unchecked,
        "counts": check_output.counts_of(result),
    }


def _recorded_check(settings: Settings, cache: pc.ParseCache):
    time.sleep(0.02)  # the clock ticks past the last edit: its status can be trusted (RACY_NS is 0)
    return check(settings, LEVELS, cache=cache, records=True)


def _same_as_fresh(settings: Settings, cache: pc.ParseCache, what: str) -> int:
    """Checks twice with records (after the edit, and once more), compares each with a check without a
    cache; the number of journeys the second one took from records."""
    fresh = _report(check(settings, LEVELS))
    for _ in range(2):
        result = _recorded_check(settings, cache)
        assert _report(result) == fresh, what
    return len(result.recorded)


def _write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def _replace(root: Path, rel: str, old: str, new: str) -> None:
    text = (root / rel).read_text(encoding="utf-8")
    assert old in text, (rel, old)
    (root / rel).write_text(text.replace(old, new, 1), encoding="utf-8")


def _move(root: Path, old: str, new: str) -> None:
    (root / old).rename(root / new)


SOLL = "journeys/maatoo-einstieg-soll/index.md"
# (what, edit): each edit changes what some other journey's check reads, or breaks and mends a file.
STRUCTURAL: list[tuple[str, Callable[[Path], None]]] = [
    ("a persona deleted", lambda r: _move(r, "personas/walter.md", "walter.md.bak")),
    ("the persona back", lambda r: _move(r, "walter.md.bak", "personas/walter.md")),
    ("a persona's name, which findings quote", lambda r: _replace(r, "personas/nina.md", "Nina Baumann", "Nina B.")),
    ("a touchpoint renamed", lambda r: _move(r, "touchpoints/newsletter.md", "touchpoints/rundbrief.md")),
    ("its old name back", lambda r: _move(r, "touchpoints/rundbrief.md", "touchpoints/newsletter.md")),
    ("a journey added", lambda r: shutil.copytree(r / "journeys/reaktivierung", r / "journeys/reaktivierung-b")),
    (
        "a branch that closes a cycle",
        lambda r: _replace(
            r,
            "journeys/reaktivierung/purchase.md",
            "branches:\n",
            "branches:\n  - condition: Kauft\n    journey: velo-kauf\n",
        ),
    ),
    ("a journey removed", lambda r: shutil.rmtree(r / "journeys/reaktivierung-b")),
    ("a counterpart dropped", lambda r: _replace(r, SOLL, "counterpart: maatoo-einstieg\n", "")),
    (
        "the counterpart back",
        lambda r: _replace(r, SOLL, "state: to-be\n", "state: to-be\ncounterpart: maatoo-einstieg\n"),
    ),
    ("a broken phase file", lambda r: _replace(r, "journeys/velo-kauf/purchase.md", "steps:", "steps: [")),
    ("mended", lambda r: _replace(r, "journeys/velo-kauf/purchase.md", "steps: [", "steps:")),
    ("a file in a subfolder of a journey", lambda r: _write(r, "journeys/reaktivierung/alt/x.md", "# x\n")),
    ("removed again", lambda r: shutil.rmtree(r / "journeys/reaktivierung/alt")),
    ("an actual that fires a signal", lambda r: _replace(r, "actuals/journeys.yml", "2026-Q2: 27", "2026-Q2: 20")),
    (
        "a team spelled another way",
        lambda r: _replace(r, "journeys/velo-kauf/loyalty.md", "owner: Werkstatt", "owner: werkstatt"),
    ),
    (
        "a signal on a touchpoint's KPI that its journey names nowhere else",
        lambda r: _replace(
            r,
            "journeys/reaktivierung/loyalty.md",
            "branches:\n",
            "  - condition: Chat zu langsam\n    when: support-chat.chat_erstantwort > 10\nbranches:\n",
        ),
    ),
    ("that KPI's id", lambda r: _replace(r, "touchpoints/support-chat.md", "id: chat_erstantwort", "id: chat_antwort")),
    ("a branch's target phase gone", lambda r: _move(r, "journeys/reaktivierung/information.md", "information.bak")),
    ("back", lambda r: _move(r, "information.bak", "journeys/reaktivierung/information.md")),
    ("a phase file removed", lambda r: (r / "journeys/maatoo-einstieg/offboarding.md").unlink()),
    (
        "a phase KPI's id that an actual names",
        lambda r: _replace(r, "journeys/maatoo-einstieg/loyalty.md", "id: ticket_erstantwort", "id: ticket_antwort"),
    ),
]


def test_a_check_that_takes_records_reports_what_a_check_without_a_cache_does(tmp_path, monkeypatch):
    monkeypatch.setattr(pc, "RACY_NS", 0)
    settings = _project(tmp_path)
    root = settings.root
    cache = pc.ParseCache(None, remember_models=False)  # as the CLI opens it: no model kept in memory
    journeys = len(check(settings).catalog.journeys)
    assert _same_as_fresh(settings, cache, "first") == journeys, "a check without an edit takes every journey"
    for what, edit in STRUCTURAL:
        edit(root)
        _same_as_fresh(settings, cache, what)
    files = sorted(p for d in CONTENT for p in (root / d).rglob("*.md"))
    rnd = random.Random(20261202)
    taken = 0
    for _ in range(25):
        path = rnd.choice(files)
        if not _edit(path, rnd):
            continue
        result = _recorded_check(settings, cache)
        assert _report(result) == _report(check(settings, LEVELS)), path.name
        taken += len(result.recorded)
    assert taken > 0, "edits of one file leave the other journeys' records"


def test_an_edit_loads_the_edited_journey_only(tmp_path, monkeypatch):
    monkeypatch.setattr(pc, "RACY_NS", 0)
    settings = _project(tmp_path)
    cache = pc.ParseCache(None, remember_models=False)
    _recorded_check(settings, cache)
    everyone = _recorded_check(settings, cache)
    assert everyone.catalog.journeys == {} and len(everyone.recorded) == everyone.journey_count == 4
    _replace(settings.root, "journeys/velo-kauf/information.md", "owner: Filiale", "owner: Filiale Thun")
    after = _recorded_check(settings, cache)
    assert list(after.catalog.journeys) == ["velo-kauf"]
    assert after.journey_count == 4
    # a persona's name is read by the journeys that name the persona: they are loaded again, the others not
    naming = {jid for jid, j in check(settings).catalog.journeys.items() if "nina" in check_records.references(j)[0]}
    assert naming and len(naming) < 4, "the fixture has journeys with and without Nina"
    _replace(settings.root, "personas/nina.md", "Nina Baumann", "Nina B.")
    assert set(_recorded_check(settings, cache).catalog.journeys) == naming
    # a journey added loads no other journey
    _recorded_check(settings, cache)
    shutil.copytree(settings.root / "journeys/reaktivierung", settings.root / "journeys/reaktivierung-b")
    assert list(_recorded_check(settings, cache).catalog.journeys) == ["reaktivierung-b"]


def test_the_cli_keeps_records_on_disk_and_reports_as_without_them(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(pc, "RACY_NS", 0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))  # the cache's key
    project = tmp_path / "site"
    shutil.copytree(
        Path(__file__).parent / "fixtures" / "project", project, ignore=shutil.ignore_patterns("site", ".cache")
    )

    taken: list[int] = []

    def counted(*args, **kwargs):
        result = check(*args, **kwargs)
        taken.append(len(result.recorded))
        return result

    monkeypatch.setattr(catalog_loader, "check", counted)

    def run(*extra: str) -> tuple[dict, str]:
        time.sleep(0.02)
        main(["check", "--format", "json", *extra, str(project)])
        out, err = capsys.readouterr()
        return json.loads(out), err.strip().splitlines()[-1]  # the report, and the closing line with the counts

    without = run("--no-cache")
    assert run() == without  # makes the records
    assert run() == without and taken[-1] == 4  # takes them from the file
    _replace(project, "journeys/velo-kauf/information.md", "owner: Filiale", "owner: Filiale Thun")
    assert run() == run("--no-cache")
    assert taken[-2] == 3, "the other journeys' records are taken"


def test_a_record_that_cannot_be_read_is_not_trusted(tmp_path, monkeypatch):
    monkeypatch.setattr(pc, "RACY_NS", 0)
    settings = _project(tmp_path)
    cache = pc.ParseCache(None, remember_models=False)
    _recorded_check(settings, cache)
    cache.records = {folder: b"\x00not a record" for folder in cache.records}
    damaged = _recorded_check(settings, cache)
    assert damaged.recorded == {} and _report(damaged) == _report(check(settings, LEVELS))
    assert len(_recorded_check(settings, cache).recorded) == 4, "made again"
