"""Health rules: each planted gap is found, at its configured severity, and nothing else."""

from __future__ import annotations

from dataclasses import replace

import pytest

from content_factory import Project
from mkdocs_journeys.core import problems as P
from mkdocs_journeys.core.catalog_loader import check
from mkdocs_journeys.core.health import CHECKS, completeness, completeness_table
from mkdocs_journeys.plugin.site_links import SiteLinks
from mkdocs_journeys.render.labels import labels
from mkdocs_journeys.render.pages import SiteBuilder

INFO = "journeys/j1/information.md"

pytestmark = pytest.mark.unit

AW = "journeys/j1/awareness.md"
IDX = "journeys/j1/index.md"
NEWS = "touchpoints/newsletter.md"
ALL_ON = {name: "info" for name in P.HEALTH}


def run(p: Project, levels: dict | None = None):
    result = check(p.settings(), ALL_ON if levels is None else levels)
    assert not result.report.errors, [e.format() for e in result.report.errors]
    return result


def findings(p: Project, levels: dict | None = None) -> set[tuple[str, str, str | None]]:
    return {(f.kind.name, f.file, f.field) for f in run(p, levels).report.problems if f.kind.name in P.HEALTH}


def complete(p: Project) -> None:
    """Fill the valid project's gaps so that the baseline has no finding at all."""
    p.write(
        AW,
        """---
goal: {description: More leads, value: 1000, currency: CHF}
core_message: Marketing that runs by itself
needs: {sara: [Save time]}
steps:
  - title: Sees a post
    touchpoint: newsletter
    emotion: 4
kpis:
  - {id: leads, name: Leads, target: 10, source: CRM}
---
""",
    )
    p.replace(INFO, "    unit: percent\n", "    unit: percent\n    source: Mail tool\n")
    p.replace(IDX, "state: as-is\n", "state: as-is\ncounterpart: j2\n")
    p.write(
        "journeys/j2/index.md", "---\ntitle: To-be\nsummary: S\npersonas: [sara]\nstate: to-be\ncounterpart: j1\n---\n"
    )
    for ph in ("awareness", "information", "purchase", "loyalty", "offboarding"):
        for j in ("j1", "j2"):
            if not p.path(f"journeys/{j}/{ph}.md").exists():
                p.write(f"journeys/{j}/{ph}.md", p.read(AW))


@pytest.fixture
def project(tmp_path) -> Project:
    p = Project(tmp_path)
    complete(p)
    return p


def test_complete_project_has_no_findings_and_full_completeness(project):
    assert findings(project) == set()
    result = run(project)
    assert completeness(result.catalog.journeys["j1"], result.catalog).ratio == 1.0


RULES = {
    "phase-without-goal": lambda p: p.replace(AW, "goal: {description: More leads, value: 1000, currency: CHF}\n", ""),
    "phase-without-kpi": lambda p: p.replace(AW, "kpis:\n  - {id: leads, name: Leads, target: 10, source: CRM}\n", ""),
    "phase-without-core-message": lambda p: p.replace(AW, "core_message: Marketing that runs by itself\n", ""),
    "phase-without-touchpoint": lambda p: p.replace(AW, "    touchpoint: newsletter\n", ""),
    "persona-without-needs": lambda p: p.replace(AW, "needs: {sara: [Save time]}\n", ""),
    "step-without-touchpoint": lambda p: p.replace(AW, "    touchpoint: newsletter\n", ""),
    "touchpoint-without-purpose": lambda p: p.write(
        "touchpoints/flyer.md", "---\nname: Flyer\nchannel: print\nkind: analog\n---\n"
    ),
    "kpi-without-target": lambda p: p.replace(AW, "target: 10, ", ""),
    "kpi-without-source": lambda p: p.replace(AW, ", source: CRM", ""),
    "signal-without-owner": lambda p: p.replace(INFO, "    owner: Marketing\n", ""),
    "signal-without-action": lambda p: p.replace(INFO, "    action: Test new subject lines\n", ""),
    "as-is-without-to-be": lambda p: (
        p.replace(IDX, "counterpart: j2\n", ""),
        p.replace("journeys/j2/index.md", "counterpart: j1\n", ""),
    ),
    "phase-not-covered": lambda p: p.remove("journeys/j1/offboarding.md"),
    "signal-fired": lambda p: (
        p.replace(INFO, "    kpi: open_rate\n    action:", "    when: open_rate < 20\n    action:"),
        p.write(
            "actuals/mail.csv",
            "kpi,period,value\nj1.information.open_rate,2026-05,25\nj1.information.open_rate,2026-06,12\n",
        ),
    ),
    "unused-persona": lambda p: p.write("personas/ben.md", "---\nname: Ben\nrole: Buyer\n---\n"),
    "team-spelled-twice": lambda p: p.replace(INFO, "    owner: Marketing\n", "    owner: marketing\n"),
}
EXPECTED = {  # rule -> (file, field) of the one finding
    "phase-without-goal": (AW, "goal"),
    "phase-without-kpi": (AW, "kpis"),
    "phase-without-core-message": (AW, "core_message"),
    "persona-without-needs": (AW, "needs.sara"),
    "touchpoint-without-purpose": ("touchpoints/flyer.md", None),
    "kpi-without-target": (AW, "kpis[0].target"),
    "kpi-without-source": (AW, "kpis[0].source"),
    "signal-without-owner": (INFO, "signals[0].owner"),
    "signal-without-action": (INFO, "signals[0].action"),
    "as-is-without-to-be": (IDX, "counterpart"),
    "phase-not-covered": (IDX, None),
    "signal-fired": (INFO, "signals[0].when"),
    "unused-persona": ("personas/ben.md", None),
    "team-spelled-twice": (INFO, "signals[0].owner"),
}


def test_every_rule_has_a_case():
    assert set(RULES) == set(P.HEALTH)


@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule_finds_exactly_the_planted_gap(project, rule):
    RULES[rule](project)
    found = findings(project)
    if rule in ("phase-without-touchpoint", "step-without-touchpoint"):
        # a step without touchpoint, in a phase with no other touchpoint: both rules see it
        assert found == {
            ("phase-without-touchpoint", AW, "steps"),
            ("step-without-touchpoint", AW, "steps[0].touchpoint"),
        }
        return
    if rule == "touchpoint-without-purpose":
        assert found == {(rule, "touchpoints/flyer.md", None)}
        return
    assert found == {(rule, *EXPECTED[rule])}


def test_completeness_counts_missing_phases_and_gaps(project):
    project.remove("journeys/j1/offboarding.md")
    project.replace(AW, "core_message: Marketing that runs by itself\n", "")
    result = run(project)
    score = completeness(result.catalog.journeys["j1"], result.catalog)
    assert (score.passed, score.total) == (30 - 6 - 1, 30)
    j, catalog = result.catalog.journeys["j1"], result.catalog
    assert score.passed == sum(sum(row.values()) for _, row in completeness_table(j, catalog))
    # Worked out once per journey object: another object with a gap more counts one less.
    changed = replace(j, phases=[replace(j.phases[0], kpis=[]), *j.phases[1:]])
    assert completeness(changed, catalog).passed == score.passed - 1
    assert completeness(j, catalog).passed == score.passed


def test_a_journeys_checks_are_worked_out_once_per_journey_object(project, monkeypatch):
    from dataclasses import replace

    from mkdocs_journeys.core import health

    catalog = run(project).catalog
    j = catalog.journeys["j1"]
    before = completeness_table(j, catalog)
    calls: list[object] = []
    real = health.phase_checks
    monkeypatch.setattr(health, "phase_checks", lambda journey, jp: calls.append(jp) or real(journey, jp))
    again = completeness_table(j, catalog)
    assert again == before and [jp for jp in calls if jp is not None] == []  # the same journey: kept
    again[0][1]["goal"] = not again[0][1]["goal"]  # a caller's table is its own
    assert completeness_table(j, catalog) == before
    first = j.phases[0]
    changed = replace(j, phases=[replace(first, core_message=""), *j.phases[1:]])  # a new journey object
    table = dict((ph.id, row) for ph, row in completeness_table(changed, catalog))
    assert table[first.phase]["core_message"] is False and len([jp for jp in calls if jp is not None]) == len(j.phases)


def test_levels_come_from_the_configuration(project):
    project.replace(AW, "core_message: Marketing that runs by itself\n", "")
    report = check(project.settings(), {"phase-without-core-message": "error"}).report
    assert [p.kind.name for p in report.errors] == ["phase-without-core-message"]
    report = check(project.settings(), {"phase-without-core-message": "warn"}).report
    assert [p.kind.name for p in report.warnings] == ["phase-without-core-message"]
    report = check(project.settings(), {"phase-without-core-message": "ignore"}).report
    assert report.problems == []
    report = check(project.settings(), {}).report  # default: info, never fails a build
    assert [p.kind.name for p in report.infos] == ["phase-without-core-message"] and not report.warnings


def test_defaults_ignore_the_optional_rules(project):
    project.remove("journeys/j1/offboarding.md")
    project.replace(IDX, "counterpart: j2\n", "")
    project.replace("journeys/j2/index.md", "counterpart: j1\n", "")
    assert check(project.settings(), {}).report.problems == []


def test_signal_fires_only_when_the_latest_actual_crosses(project):
    project.replace(INFO, "    kpi: open_rate\n    action:", "    when: open_rate < 20\n    action:")
    project.write("actuals/mail.yml", "j1.information.open_rate:\n  2026-06: 12\n  2026-07: 25\n")
    result = run(project)
    sig = result.catalog.journeys["j1"].phase("information").signals[0]
    assert str(sig.when) == "j1.information.open_rate < 20"
    assert result.catalog.latest("j1.information.open_rate") == ("2026-07", 25.0)
    assert result.catalog.fired(sig) is False
    project.write("actuals/mail.yml", "j1.information.open_rate:\n  2026-07: 25\n  2026-08: 19.5\n")
    assert run(project).catalog.fired(run(project).catalog.journeys["j1"].phase("information").signals[0]) is True


def test_signal_on_a_touchpoint_kpi(project):
    project.replace(
        NEWS, "owner: Marketing\n", "owner: Marketing\nkpis:\n  - {id: opens, name: Opens, target: 30, source: Mail}\n"
    )
    project.replace(INFO, "    kpi: open_rate\n    action:", "    when: newsletter.opens <= 10%\n    action:")
    project.write("actuals/a.csv", "kpi,period,value\nnewsletter.opens,2026-Q1,10\n")
    c = run(project).catalog
    sig = c.journeys["j1"].phase("information").signals[0]
    assert (sig.when.kpi, sig.when.op, sig.when.threshold) == ("newsletter.opens", "<=", 10.0)
    assert c.fired(sig) is True


def test_a_team_in_two_spellings_is_one_finding_naming_both_spellings_and_places(project):
    """The minority spelling is the finding, at its first place; its other places fold into it."""
    project.replace(INFO, "    owner: Marketing\n", "    owner: marketing\n")
    project.write("touchpoints/flyer.md", "---\nname: Flyer\nchannel: print\nkind: analog\nowner: '  MARKETING'\n---\n")
    project.write("touchpoints/poster.md", "---\nname: Poster\nchannel: print\nkind: analog\nowner: Marketing\n---\n")
    found = [f for f in run(project, {}).report.problems if f.kind.name == "team-spelled-twice"]
    # Marketing (newsletter, poster), marketing (the signal), '  MARKETING' (flyer): Marketing, the most
    # used, is the team's name; each other spelling is one finding (spacing counts as a spelling too).
    assert sorted((f.file, f.field) for f in found) == [(INFO, "signals[0].owner"), ("touchpoints/flyer.md", "owner")]
    signal = next(f for f in found if f.file == INFO)
    assert "'marketing'" in signal.message and "'Marketing'" in signal.message
    assert f"{NEWS}:5 (owner)" in signal.message  # the place of the team's own spelling
    assert [p.file for p in signal.related] == [NEWS, "touchpoints/poster.md"]
    lines = project.read(INFO).splitlines()
    assert lines[signal.line - 1] == "    owner: marketing" and signal.severity == "warning"


# Completeness check -> the health rule that reports the same gap.
CHECK_RULES = {
    "covered": "phase-not-covered",
    "goal": "phase-without-goal",
    "core_message": "phase-without-core-message",
    "kpi": "phase-without-kpi",
    "touchpoint": "phase-without-touchpoint",
    "needs": "persona-without-needs",
}


def test_every_completeness_check_has_its_rule():
    assert set(CHECK_RULES) == set(CHECKS)


@pytest.mark.parametrize("check_name", list(CHECK_RULES))
def test_a_failed_check_is_the_finding_of_its_rule_and_shows_on_the_report_page(project, check_name):
    """Completeness, the rules and the journey's health page see one gap the same way (one definition in core)."""
    rule = CHECK_RULES[check_name]
    RULES[rule](project)
    result = run(project)
    j = result.catalog.journeys["j1"]
    phase = "offboarding" if check_name == "covered" else "awareness"
    table = dict((ph.id, row) for ph, row in completeness_table(j, result.catalog))
    failed = {(pid, name) for pid, row in table.items() for name, ok in row.items() if not ok}
    expected = set(CHECKS) if check_name == "covered" else {check_name}
    assert failed == {(phase, name) for name in expected}
    assert rule in {f.kind.name for f in result.report.problems}
    score = completeness(j, result.catalog)
    assert (score.passed, score.total) == (30 - len(expected), 30)
    # The page shows the core's table: one ✗ per failed check, the rest ✓.
    page = SiteBuilder(result.catalog, labels("en"), SiteLinks().links(), findings=[]).journey_health(j)
    text = page.markdown
    assert text.count('<span class="jr-no">') == len(expected)
    assert text.count('<span class="jr-ok">') == score.passed


@pytest.mark.parametrize("where", ["journeys/j1/purchase.md", "journeys/j1/old/purchase.md"])
def test_a_journey_with_a_file_that_failed_to_load_is_not_told_it_misses_phases(tmp_path, where):
    # a phase file with an error, or a file in a folder of its own: the phase it holds may be the one missing
    p = Project(tmp_path)
    p.write(where, "---\nsteps:\n  - title: Buys\n    emotion: 9\n---\n")
    p.write("journeys/j2/index.md", "---\ntitle: Other\nsummary: S\npersonas: [sara]\nstate: to-be\n---\n")
    p.write("journeys/j2/awareness.md", p.read(AW))
    result = check(p.settings(), ALL_ON)
    assert result.report.errors and {e.file for e in result.report.errors} == {where}
    missing = {(f.file, f.phase) for f in result.report.problems if f.kind.name == "phase-not-covered"}
    assert missing and {f for f, _ in missing} == {"journeys/j2/index.md"}, "only the other journey's"
