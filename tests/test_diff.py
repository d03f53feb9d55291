"""`journeys diff` shows old → new for every changed field, and pairs steps as the comparison page does."""

from __future__ import annotations

import re
import subprocess

import pytest

from content_factory import Project
from minisite import make_site
from mkdocs_journeys.core.diff import compare
from mkdocs_journeys.render.pages.board import ADDED, REMOVED, compare_journeys
from sitekit import journeys_cli

BEFORE = {
    "personas/sara.md": """\
---
name: Sara Keller
role: Baker
segment: SME
quote: No time
jobs: [Bake]
pains: [Evenings]
gains: [Customers]
empathy: {says: [Spam], thinks: [Hm], does: [Posts], feels: [Tired]}
value_fit: {products: [Tool], pain_relievers: [Templates], gain_creators: [Mails]}
channels: [email]
---
Sara runs a bakery.
""",
    "personas/tom.md": "---\nname: Tom\nrole: Buyer\n---\n",
    "touchpoints/newsletter.md": """\
---
name: Newsletter
channel: email
kind: digital
owner: Marketing
kpis:
  - {id: opens, name: Opens, target: 30, unit: percent, source: Mail tool, owner: Marketing, better: higher}
  - {id: clicks, name: Clicks}
---
The monthly newsletter.
""",
    "touchpoints/shop.md": "---\nname: Shop\nchannel: web\nkind: digital\n---\nThe shop.\n",
    "journeys/j1/index.md": """\
---
title: Bakery journey
summary: Old summary
personas: [sara]
owners: [Marketing]
state: as-is
trigger: Old trigger
value_proposition: Old promise
goal: {description: Old goal, value: 1000, currency: CHF, period: per year}
---
Old journey text.
""",
    "journeys/j2/index.md": "---\ntitle: Other journey\nsummary: S\npersonas: [sara]\nstate: to-be\n---\n",
    "journeys/j1/awareness.md": """\
---
steps:
  - {title: Sees a post, touchpoint: newsletter, emotion: 4}
---
""",
    "journeys/j1/information.md": """\
---
goal: {description: Win ten, value: 12000, currency: CHF, period: per year}
core_message: Old message
needs: {sara: [Old need]}
steps:
  - title: Reads the newsletter carefully
    touchpoint: newsletter
    personas: [sara]
    emotion: 3
    pains: [Too many mails]
    opportunities: [Fewer mails]
kpis:
  - {id: leads, name: Leads, target: 40, unit: leads, source: CRM, owner: Sales, better: higher}
impact_map:
  - {persona: sara, impact: Old impact, kpi: leads, deliverables: [newsletter], measures: [Old measure]}
data_points: {must_track: [Old must], collected: [Old collected], wanted: [Old wanted]}
signals:
  - {condition: Old condition, when: leads < 20, kpi: leads, action: Old action, owner: Marketing}
branches:
  - {condition: Old branch, phase: awareness}
---
Old phase text.
""",
}

AFTER = {
    "personas/sara.md": """\
---
name: Sara K.
role: Owner
segment: Retail
quote: Some time
jobs: [Bake, Sell]
pains: [Nights]
gains: [Regulars]
empathy: {says: [Ads], thinks: [Hm], does: [Posts], feels: [Tired]}
value_fit: {products: [App], pain_relievers: [Templates], gain_creators: [Mails]}
channels: [email, social]
---
Sara runs two bakeries.
""",
    "personas/tom.md": BEFORE["personas/tom.md"],
    "touchpoints/newsletter.md": """\
---
name: Mailing
channel: chat
kind: analog
owner: Sales
kpis:
  - {id: opens, name: Open rate, target: 35, unit: percent of mails, source: CRM, owner: Sales, better: lower}
  - {id: replies, name: Replies}
---
The weekly mailing.
""",
    "touchpoints/shop.md": BEFORE["touchpoints/shop.md"],
    "journeys/j1/index.md": """\
---
title: Bakery journey 2
summary: New summary
personas: [sara, tom]
owners: [Sales]
state: to-be
counterpart: j2
trigger: New trigger
value_proposition: New promise
goal: {description: New goal, value: 2000, currency: EUR, period: per month}
---
New journey text.
""",
    "journeys/j2/index.md": (
        "---\ntitle: Other journey\nsummary: S\npersonas: [sara]\nstate: as-is\ncounterpart: j1\n---\n"
    ),
    "journeys/j1/information.md": """\
---
goal: {description: Win twenty, value: 24000, currency: EUR, period: per month}
core_message: New message
needs: {sara: [New need], tom: [A need]}
steps:
  - title: Reads the newsletter closely
    touchpoint: shop
    personas: [tom]
    emotion: 2
    pains: [Too few mails]
    opportunities: [More mails]
kpis:
  - {id: leads, name: Leads won, target: 50, unit: deals, source: Shop, owner: Marketing, better: lower}
impact_map:
  - {persona: tom, impact: New impact, deliverables: [shop], measures: [New measure]}
data_points: {must_track: [New must], collected: [New collected], wanted: [New wanted]}
signals:
  - {condition: New condition, when: leads > 30, action: New action, owner: Sales}
branches:
  - {condition: New branch, journey: j2, phase: information}
---
New phase text.
""",
}
BEFORE["journeys/j2/awareness.md"] = "---\nsteps:\n  - {title: Gets a call, emotion: 4}\n---\n"
BEFORE["journeys/j2/information.md"] = "---\nsteps:\n  - {title: Reads a letter, emotion: 3}\n---\n"
for unchanged in ("journeys/j1/awareness.md", "journeys/j2/awareness.md", "journeys/j2/information.md"):
    AFTER[unchanged] = BEFORE[unchanged]

# Every field changed above, as `journeys diff` shows it: (subject, 'field: old → new').
EXPECTED = [
    ("Sara K.", 'name: "Sara Keller" → "Sara K."'),
    ("Sara K.", 'role: "Baker" → "Owner"'),
    ("Sara K.", 'segment: "SME" → "Retail"'),
    ("Sara K.", 'quote: "No time" → "Some time"'),
    ("Sara K.", 'jobs: ["Bake"] → ["Bake", "Sell"]'),
    ("Sara K.", 'pains: ["Evenings"] → ["Nights"]'),
    ("Sara K.", 'gains: ["Customers"] → ["Regulars"]'),
    ("Sara K.", 'empathy.says: ["Spam"] → ["Ads"]'),
    ("Sara K.", 'value_fit.products: ["Tool"] → ["App"]'),
    ("Sara K.", 'channels: ["email"] → ["email", "social"]'),
    ("Sara K.", 'text: "Sara runs a bakery." → "Sara runs two bakeries."'),
    ("Mailing", 'name: "Newsletter" → "Mailing"'),
    ("Mailing", 'channel: "email" → "chat"'),
    ("Mailing", 'kind: "digital" → "analog"'),
    ("Mailing", 'owner: "Marketing" → "Sales"'),
    ("Mailing", 'text: "The monthly newsletter." → "The weekly mailing."'),
    ("Mailing: Open rate", 'name: "Opens" → "Open rate"'),
    ("Mailing: Open rate", "target: 30 → 35"),
    ("Mailing: Open rate", 'unit: "percent" → "percent of mails"'),
    ("Mailing: Open rate", 'source: "Mail tool" → "CRM"'),
    ("Mailing: Open rate", 'owner: "Marketing" → "Sales"'),
    ("Mailing: Open rate", 'better: "higher" → "lower"'),
    ("Bakery journey 2", 'title: "Bakery journey" → "Bakery journey 2"'),
    ("Bakery journey 2", 'summary: "Old summary" → "New summary"'),
    ("Bakery journey 2", 'personas: ["sara"] → ["sara", "tom"]'),
    ("Bakery journey 2", 'owners: ["Marketing"] → ["Sales"]'),
    ("Bakery journey 2", 'state: "as-is" → "to-be"'),
    ("Bakery journey 2", 'counterpart: — → "j2"'),
    ("Bakery journey 2", 'trigger: "Old trigger" → "New trigger"'),
    ("Bakery journey 2", 'value_proposition: "Old promise" → "New promise"'),
    ("Bakery journey 2", 'goal.description: "Old goal" → "New goal"'),
    ("Bakery journey 2", "goal.value: 1000 → 2000"),
    ("Bakery journey 2", 'goal.currency: "CHF" → "EUR"'),
    ("Bakery journey 2", 'goal.period: "per year" → "per month"'),
    ("Bakery journey 2", 'text: "Old journey text." → "New journey text."'),
    ("Other journey", 'state: "to-be" → "as-is"'),
    ("Other journey", 'counterpart: — → "j1"'),
    ("Information", 'goal.description: "Win ten" → "Win twenty"'),
    ("Information", "goal.value: 12000 → 24000"),
    ("Information", 'goal.currency: "CHF" → "EUR"'),
    ("Information", 'goal.period: "per year" → "per month"'),
    ("Information", 'core_message: "Old message" → "New message"'),
    ("Information", 'needs.sara: ["Old need"] → ["New need"]'),
    ("Information", 'needs.tom: — → ["A need"]'),
    ("Information", 'impact_map[0].persona: "sara" → "tom"'),
    ("Information", 'impact_map[0].impact: "Old impact" → "New impact"'),
    ("Information", 'impact_map[0].kpi: "leads" → —'),
    ("Information", 'impact_map[0].deliverables: ["newsletter"] → ["shop"]'),
    ("Information", 'impact_map[0].measures: ["Old measure"] → ["New measure"]'),
    ("Information", 'data_points.must_track: ["Old must"] → ["New must"]'),
    ("Information", 'data_points.collected: ["Old collected"] → ["New collected"]'),
    ("Information", 'data_points.wanted: ["Old wanted"] → ["New wanted"]'),
    ("Information", 'signals[0].condition: "Old condition" → "New condition"'),
    ("Information", 'signals[0].action: "Old action" → "New action"'),
    ("Information", 'signals[0].owner: "Marketing" → "Sales"'),
    ("Information", 'signals[0].kpi: "leads" → —'),
    ("Information", "signals[0].when: j1.information.leads < 20 → j1.information.leads > 30"),
    ("Information", 'branches[0].condition: "Old branch" → "New branch"'),
    ("Information", 'branches[0].journey: "j1" → "j2"'),
    ("Information", 'branches[0].phase: "awareness" → "information"'),
    ("Information", 'text: "Old phase text." → "New phase text."'),
    ("Information: Leads won", 'name: "Leads" → "Leads won"'),
    ("Information: Leads won", "target: 40 → 50"),
    ("Information: Leads won", 'unit: "leads" → "deals"'),
    ("Information: Leads won", 'source: "CRM" → "Shop"'),
    ("Information: Leads won", 'owner: "Sales" → "Marketing"'),
    ("Information: Leads won", 'better: "higher" → "lower"'),
    ("Reads the newsletter closely", 'title: "Reads the newsletter carefully" → "Reads the newsletter closely"'),
    ("Reads the newsletter closely", 'touchpoint: "newsletter" → "shop"'),
    ("Reads the newsletter closely", 'personas: ["sara"] → ["tom"]'),
    ("Reads the newsletter closely", 'pains: ["Too many mails"] → ["Too few mails"]'),
    ("Reads the newsletter closely", 'opportunities: ["Fewer mails"] → ["More mails"]'),
    ("Reads the newsletter closely", "3 → 2"),
]


def _git(root, *args):
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@x",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@x",
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def _unescaped(line: str) -> str:
    return re.sub(r"\\(.)", r"\1", line)  # the diff escapes Markdown characters for PR comments


@pytest.mark.build
def test_diff_shows_old_and_new_value_of_every_changed_field(tmp_path):
    project = make_site(tmp_path, BEFORE)
    site = project.root
    _git(site, "init", "-q")
    _git(site, "add", "-A")
    _git(site, "commit", "-qm", "before")
    for rel, text in AFTER.items():
        project.write(rel, text)
    _git(site, "add", "-A")
    _git(site, "commit", "-qm", "after")
    result = journeys_cli(site, "diff", "HEAD~1", "HEAD")
    assert result.returncode == 0, result.stderr
    items = [_unescaped(line) for line in result.stdout.splitlines() if line.startswith("- ")]
    missing = [(who, what) for who, what in EXPECTED if not any(who in i and what in i for i in items)]
    assert missing == [], result.stdout
    # KPIs added and removed by id; the renamed step is one changed step, neither added nor removed.
    assert any(i.startswith("- **added** Mailing: Replies") for i in items), result.stdout
    assert any(i.startswith("- **removed** Mailing: Clicks") for i in items), result.stdout
    assert not any("**added**" in i and "Reads the newsletter" in i for i in items), result.stdout
    assert not any("**removed**" in i and "Reads the newsletter" in i for i in items), result.stdout


PHASE = """\
---
steps:
{steps}
---
"""
AS_IS_STEPS = [
    ("Pays  the bill", "newsletter", 3),  # only case and spacing change
    ("Opens the newsletter", "newsletter", 3),
    ("Reads a tip in the newsletter", "newsletter", 3),  # reworded, same touchpoint
    ("Asks the support by e-mail", "newsletter", 2),  # similar title, other touchpoint
    ("Visits the fair", "newsletter", 3),  # removed
]
TO_BE_STEPS = [
    ("pays the bill", "newsletter", 3),
    ("Reads a new tip in the newsletter", "newsletter", 4),
    ("Asks the support by chat", "shop", 4),
    ("Watches a video", "shop", 5),  # added
]


def _phase(steps) -> str:
    lines = "\n".join(f"  - {{title: {t}, touchpoint: {tp}, emotion: {e}}}" for t, tp, e in steps)
    return PHASE.format(steps=lines)


def _catalog(tmp_path, steps):
    p = Project(tmp_path)
    p.write("touchpoints/shop.md", "---\nname: Shop\nchannel: web\nkind: digital\n---\n")
    p.write("journeys/j1/awareness.md", _phase(steps))
    result = p.load()
    assert not result.report.errors, [e.format() for e in result.report.errors]
    return result.catalog


@pytest.mark.unit
def test_diff_and_the_comparison_page_pair_the_same_steps(tmp_path):
    old = _catalog(tmp_path / "old", AS_IS_STEPS)
    new = _catalog(tmp_path / "new", TO_BE_STEPS)
    page = compare_journeys(old.journeys["j1"], new.journeys["j1"], ["awareness"])
    steps = page.phases[0].steps
    paired = {(d.before.title, d.after.title) for d in steps if d.before and d.after}
    assert ("Reads a tip in the newsletter", "Reads a new tip in the newsletter") in paired
    assert ("Asks the support by e-mail", "Asks the support by chat") in paired
    diff = compare(old, new)
    where = "Bakery enters marketing automation › Awareness: "
    step_items = diff.by_kind("step")
    assert {c.what.removeprefix(where) for c in step_items if c.change == "added"} == {
        d.after.title for d in steps if d.status == ADDED
    }
    assert {c.what.removeprefix(where) for c in step_items if c.change == "removed"} == {
        d.before.title for d in steps if d.status == REMOVED
    }
    renamed = {(b, a) for b, a in paired if b != a}
    shown = {c.detail for c in step_items if c.change == "changed"}
    for b, a in renamed:
        assert any(f"title: {b!r} → {a!r}".replace("'", '"') in detail for detail in shown), (b, a, shown)
    moved = {c.what.removeprefix(where): c.detail for c in diff.by_kind("emotion")}
    assert moved == {d.after.title: f"{d.before.emotion} → {d.after.emotion}" for d in steps if d.emotion_delta}
