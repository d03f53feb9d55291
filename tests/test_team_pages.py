"""Team pages and the friction backlog, built from the test site and checked against its content.

The expectations are recomputed here from the content files (YAML front-matter), independently of the
plugin's model: which teams exist, which KPIs and signals name each as owner, and the backlog's order
by the score documented in the README (equal weights).
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import yaml

from sitekit import copy_site, journeys_cli, mkdocs_build

pytestmark = pytest.mark.build

RECENT_FILE = "touchpoints/newsletter.md"  # changed today; everything else two years ago


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1]) or {}


def key(owner: str) -> str:
    return " ".join(owner.split()).casefold()


class Content:
    """The test site's content as plain YAML."""

    def __init__(self, root: Path):
        config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Lenient)
        plugin = next(p["journeys"] for p in config["plugins"] if isinstance(p, dict) and "journeys" in p)
        self.phases = [p["id"] for p in plugin["phases"]]
        self.touchpoints = {f.stem: front(f) for f in sorted((root / "touchpoints").glob("*.md"))}
        self.journeys = {}
        for folder in sorted(p for p in (root / "journeys").iterdir() if p.is_dir()):
            index = front(folder / "index.md")
            index["phases"] = {ph: front(folder / f"{ph}.md") for ph in self.phases if (folder / f"{ph}.md").is_file()}
            self.journeys[folder.name] = index

    def owners(self) -> set[str]:
        found = set()
        for j in self.journeys.values():
            found |= {key(o) for o in j.get("owners", [])}
            for ph in j["phases"].values():
                found |= {key(x["owner"]) for x in ph.get("kpis", []) + ph.get("signals", []) if x.get("owner")}
        for t in self.touchpoints.values():
            found |= {key(x["owner"]) for x in [t] + t.get("kpis", []) if x.get("owner")}
        return found

    def kpis_of(self, team: str) -> Counter:
        found = Counter()
        for j in self.journeys.values():
            for ph in j["phases"].values():
                found.update((k["name"], j["title"]) for k in ph.get("kpis", []) if key(k.get("owner", "")) == team)
        for t in self.touchpoints.values():
            found.update((k["name"], t["name"]) for k in t.get("kpis", []) if key(k.get("owner", "")) == team)
        return found

    def measured_kpis_of(self, team: str, root: Path) -> Counter:
        """(KPI name, where, period of its latest actual or None) of every KPI the team owns."""
        last: dict[str, str] = {}
        for f in sorted((root / "actuals").glob("*.yml")):
            for k, series in (yaml.safe_load(f.read_text(encoding="utf-8")) or {}).items():
                last[k] = str(list(series)[-1])
        for f in sorted((root / "actuals").glob("*.csv")):
            for row in csv.DictReader(io.StringIO(f.read_text(encoding="utf-8"))):
                last[row["kpi"]] = row["period"]
        found = Counter()
        for jid, j in self.journeys.items():
            for ph_id, ph in j["phases"].items():
                for k in ph.get("kpis", []):
                    if key(k.get("owner", "")) == team:
                        found[(k["name"], j["title"], last.get(f"{jid}.{ph_id}.{k['id']}"))] += 1
        for tid, t in self.touchpoints.items():
            for k in t.get("kpis", []):
                if key(k.get("owner", "")) == team:
                    found[(k["name"], t["name"], last.get(f"{tid}.{k['id']}"))] += 1
        return found

    def signals_of(self, team: str) -> Counter:
        return Counter(
            (s["condition"], j["title"])
            for j in self.journeys.values()
            for ph in j["phases"].values()
            for s in ph.get("signals", [])
            if key(s.get("owner", "")) == team
        )

    def pains(self) -> list[dict]:
        """Every pain with the parts of its score, in journey, phase and step order."""
        rows = []
        for jid, j in self.journeys.items():
            no = 0
            for ph_id, ph in j["phases"].items():
                for s in ph.get("steps", []):
                    no += 1
                    tp = self.touchpoints.get(s.get("touchpoint"), {})
                    for at, pain in enumerate(s.get("pains", [])):
                        rows.append(
                            dict(
                                pain=pain,
                                journey=j["title"],
                                jid=jid,
                                phase=self.phases.index(ph_id),
                                no=no,
                                at=at,
                                goal=ph.get("goal"),
                                emotion=s["emotion"],
                                reach=len(s.get("personas") or j["personas"]),
                                owner=key(tp.get("owner", "")),
                            )
                        )
        return rows

    def ranked(self) -> list[dict]:
        """The README's score with equal weights: mean of money share, (5 - emotion) / 4 and reach share."""
        rows = self.pains()
        largest: dict[str, float] = {}
        most = 1
        for j in self.journeys.values():
            for ph in j["phases"].values():
                if ph.get("goal"):
                    g = ph["goal"]
                    largest[g["currency"]] = max(largest.get(g["currency"], 0), g["value"])
                for s in ph.get("steps", []):
                    most = max(most, len(s.get("personas") or j["personas"]))
        for r in rows:
            r["money"] = r["goal"]["value"] / largest[r["goal"]["currency"]] if r["goal"] else 0.0
            r["score"] = 100 * (r["money"] + (5 - r["emotion"]) / 4 + r["reach"] / most) / 3
        return sorted(
            rows,
            key=lambda r: (
                -round(r["score"], 9),
                -r["money"],
                r["emotion"],
                -r["reach"],
                r["journey"].casefold(),
                r["jid"],
                r["phase"],
                r["no"],
                r["at"],
            ),
        )


class _Lenient(yaml.SafeLoader):
    pass


_Lenient.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def git(root: Path, *args: str, when: str | None = None) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="T", GIT_AUTHOR_EMAIL="t@example.org")
    env.update(GIT_COMMITTER_NAME="T", GIT_COMMITTER_EMAIL="t@example.org")
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = copy_site(tmp_path_factory.mktemp("teams") / "project")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "old", when="2020-01-01T12:00:00")
    (root / RECENT_FILE).write_text((root / RECENT_FILE).read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    git(root, "commit", "-qam", "today")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root


def text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def table(page: str, cls: str) -> str:
    m = re.search(rf'<table class="jr-stack {cls}">(.*?)</table>', page, re.S)
    return m.group(1) if m else ""


def rows(fragment: str) -> list[list[str]]:
    """Cells (inner HTML) of each body row."""
    body = fragment.split("<tbody>", 1)[-1]
    return [re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S) for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def team_pages(site: Path) -> dict[str, list[str]]:
    """Team name (its page title) -> the HTML of its numbered pages, in order."""
    out = {}
    for first in sorted((site / "site" / "teams").glob("*/index.html")):
        if first.parent.name == "page":
            continue
        pages = [first] + sorted(first.parent.glob("[0-9]*/index.html"), key=lambda p: int(p.parent.name))
        htmls = [p.read_text(encoding="utf-8") for p in pages]
        name = text(re.search(r"<h1[^>]*>(.*?)</h1>", htmls[0], re.S).group(1)).rstrip("¶").strip()
        out[name] = htmls
    return out


def test_every_team_has_a_page_listed_on_the_index(site):
    content = Content(site)
    pages = team_pages(site)
    assert {key(n) for n in pages} == content.owners()
    index = (site / "site" / "teams" / "index.html").read_text(encoding="utf-8")
    assert [text(r[0]) for r in rows(table(index, "jr-teams"))] == sorted(pages, key=str.casefold)


def test_each_team_page_lists_exactly_the_kpis_and_signals_that_name_it_owner(site):
    content = Content(site)
    for name, htmls in team_pages(site).items():
        kpis, signals = Counter(), Counter()
        for page in htmls:
            for cells in rows(table(page, "jr-team-kpis")):
                kpi, where = cells[0].split("<br>", 1)
                kpis[(text(kpi), text(re.search(r"<a [^>]*>(.*?)</a>", where).group(1)))] += 1
            for cells in rows(table(page, "jr-team-signals")):
                journey = re.search(r"<a [^>]*>(.*?)</a>", cells[3]).group(1)
                signals[(text(cells[0].split("<br>")[0]), text(journey))] += 1
        assert kpis == content.kpis_of(key(name)), name
        assert signals == content.signals_of(key(name)), name
    assert sum(len(content.kpis_of(t)) for t in content.owners()) > 20  # the check had something to compare


def test_a_team_page_shows_the_latest_actual_of_each_kpi_it_owns_and_counts_the_measured_ones(site):
    content = Content(site)
    teams_measured = 0
    for name, htmls in team_pages(site).items():
        shown, missed = Counter(), 0
        for page in htmls:
            for cells in rows(table(page, "jr-team-kpis")):
                kpi, where = cells[0].split("<br>", 1)
                period = re.search(r"<small>\((.*?)\)</small>", cells[2])
                shown[
                    (text(kpi), text(re.search(r"<a [^>]*>(.*?)</a>", where).group(1)), period and period.group(1))
                ] += 1
                missed += "jr-missed" in cells[2]
        assert shown == content.measured_kpis_of(key(name), site), name
        measured = sum(n for (_, _, period), n in shown.items() if period)
        if measured:
            teams_measured += 1
            line = f"{measured - missed} von {measured} gemessenen Kennzahlen erreichen ihr Ziel."
            assert line in text(htmls[0]), name
    assert teams_measured >= 2  # the check had something to compare


def test_a_team_page_names_the_journey_of_each_step_at_its_touchpoints(site):
    content = Content(site)
    uses = {  # (touchpoint name, step title) -> titles of the journeys with such a step
        (content.touchpoints[s["touchpoint"]]["name"], s["title"]): j["title"]
        for j in content.journeys.values()
        for ph in j["phases"].values()
        for s in ph.get("steps", [])
        if s.get("touchpoint") in content.touchpoints
    }
    shown = []
    for htmls in team_pages(site).values():
        for page in htmls:
            for cells in rows(table(page, "jr-team-touchpoints")):
                tp = text(re.search(r"<a [^>]*>(.*?)</a>", cells[0]).group(1))
                for li in re.findall(r"<li>(.*?)</li>", cells[1], re.S):
                    step = text(re.search(r"<a [^>]*>(.*?)</a>", li).group(1))
                    journey = text(re.search(r"<small>\((.*) · [^·]*\)</small>", li).group(1))
                    shown.append((tp, step, journey))
    assert len(shown) > 5  # the check had something to compare
    for tp, step, journey in shown:
        assert uses.get((tp, step)) == journey, (tp, step, journey)


def backlog_rows(site: Path) -> list[tuple[str, float]]:
    folder = site / "site" / "backlog"
    pages = [folder / "index.html"] + sorted(folder.glob("page/*/index.html"), key=lambda p: int(p.parent.name))
    out = []
    for p in pages:
        for cells in rows(table(p.read_text(encoding="utf-8"), "jr-backlog")):
            score = re.search(r"([\d.]+)", text(cells[0].split("<br>", 1)[1])).group(1)
            out.append((text(re.search(r"<strong>(.*?)</strong>", cells[1]).group(1)), float(score)))
    return out


def test_the_backlog_ranks_pains_by_goal_emotion_and_reach(site):
    expected = Content(site).ranked()
    shown = backlog_rows(site)
    assert [p for p, _ in shown] == [r["pain"] for r in expected]
    assert [s for _, s in shown] == [round(r["score"], 1) for r in expected]
    # The top entries: the pains in the phase with the largest goal of its currency, at a low emotion.
    top = expected[0]
    assert top["money"] == 1.0 and top["emotion"] <= sorted(r["emotion"] for r in expected)[len(expected) // 4]


def test_each_team_page_shows_the_backlog_filtered_to_its_touchpoints(site):
    expected = Content(site).ranked()
    numbers = {i: r for i, r in enumerate(expected, 1)}
    for name, htmls in team_pages(site).items():
        shown = [
            (int(text(cells[0].split("<br>")[0])), text(re.search(r"<strong>(.*?)</strong>", cells[1]).group(1)))
            for page in htmls
            for cells in rows(table(page, "jr-backlog"))
        ]
        assert shown == [(n, r["pain"]) for n, r in numbers.items() if r["owner"] == key(name)], name


def test_the_backlog_exports_as_csv_in_the_same_order(site):
    result = journeys_cli(site, "export", "--backlog", "csv")
    assert result.returncode == 0, result.stderr
    table_ = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["pain"] for r in table_] == [p for p, _ in backlog_rows(site)]
    assert [r["rank"] for r in table_] == [str(n) for n in range(1, len(table_) + 1)]


def test_the_csv_export_defuses_formulas_from_content(tmp_path):
    root = copy_site(tmp_path / "project")
    phase = root / "journeys" / "velo-kauf" / "purchase.md"
    source = phase.read_text(encoding="utf-8")
    pain = "      - Lieferzeit wurde erst beim Bezahlen genannt"
    phase.write_text(source.replace(pain, "      - '=HYPERLINK(\"x\")'"), encoding="utf-8")
    result = journeys_cli(root, "export", "--backlog", "csv")
    assert result.returncode == 0, result.stderr
    pains = [r["pain"] for r in csv.DictReader(io.StringIO(result.stdout))]
    assert '\'=HYPERLINK("x")' in pains and not any(p.startswith("=") for p in pains)


def test_a_team_page_lists_what_changed_for_it_in_the_last_30_days(site):
    pages = team_pages(site)
    content = Content(site)
    owner = key(content.touchpoints["newsletter"]["owner"])
    for name, htmls in pages.items():
        recent = [text(c[2]) for page in htmls for c in rows(table(page, "jr-team-recent"))]
        if key(name) == owner:
            assert recent == [RECENT_FILE]
        else:
            assert recent == [] and 'id="recent"' in htmls[0], name
