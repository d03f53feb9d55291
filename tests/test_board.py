"""The journey map board (no browser): pages, lanes, gaps, escaping, and the as-is/to-be comparison."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from mkdocs.utils import meta
from pymdownx.superfences import fence_code_format

from factory import catalog
from mkdocs_journeys.core.model import Journey, JourneyPhase, PhaseDef, Source, Step
from mkdocs_journeys.plugin.config import LANES
from mkdocs_journeys.plugin.site_links import SiteLinks
from mkdocs_journeys.render.diagrams.emotion_curve import Band, CurveStep, Line, emotion_curve
from mkdocs_journeys.render.labels import labels
from mkdocs_journeys.render.pages import SiteBuilder
from mkdocs_journeys.render.pages.board import ADDED, CHANGED, REMOVED, SAME, build_board, compare_journeys, match_steps
from sitekit import copy_site, mkdocs_build

SAMPLE_PHASES = ["awareness", "information", "purchase", "loyalty", "offboarding"]
EXTENSIONS = [
    "tables",
    "attr_list",
    "md_in_html",
    "admonition",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tabbed",
]
CONFIGS = {
    "pymdownx.superfences": {"custom_fences": [{"name": "mermaid", "class": "mermaid", "format": fence_code_format}]},
    "pymdownx.tabbed": {"alternate_style": True},
}


class BoardHTML(HTMLParser):
    """The facts of a board page: lane rows in order, phase headers, gap markers, svgs."""

    def __init__(self):
        super().__init__()
        self.lanes: list[str] = []
        self.phases: list[str] = []
        self.phase_classes: dict[str, str] = {}
        self.gap_markers: dict[str, int] = {}
        self._phase: str | None = None
        self._depth = 0
        self.in_compare = 0
        self.tables = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class") or ""
        if tag == "div" and "jr-compare" in cls.split():
            self.in_compare = 1
        if tag == "table" and "jr-board" in cls.split():
            self.tables += 1
        if self.in_compare or self.tables != 1:
            return
        if tag == "tr" and a.get("data-jr-lane"):
            self.lanes.append(a["data-jr-lane"])
        if tag == "th" and a.get("data-jr-phase"):
            self.phases.append(a["data-jr-phase"])
            self.phase_classes[a["data-jr-phase"]] = cls
            self._phase = a["data-jr-phase"]
        if tag == "span" and "jr-gap-marker" in cls.split() and self._phase:
            self.gap_markers[self._phase] = self.gap_markers.get(self._phase, 0) + 1

    def handle_endtag(self, tag):
        if tag == "th":
            self._phase = None


def board_facts(html: str) -> BoardHTML:
    parser = BoardHTML()
    parser.feed(html)
    return parser


def board_html(site: Path, journey_id: str) -> str:
    return (site / "site" / "journeys" / journey_id / "board" / "index.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the fixture site


@pytest.mark.build
def test_every_journey_has_a_board_with_every_lane_and_phase(built_site):
    journeys = sorted(p.name for p in (built_site / "journeys").iterdir() if (p / "index.md").is_file())
    assert journeys == ["maatoo-einstieg", "maatoo-einstieg-soll", "reaktivierung", "velo-kauf"]
    for jid in journeys:
        facts = board_facts(board_html(built_site, jid))
        assert facts.lanes == list(LANES), jid
        assert facts.phases == SAMPLE_PHASES, jid


@pytest.mark.build
def test_board_cells_link_to_touchpoints_and_personas(built_site):
    html = board_html(built_site, "velo-kauf")
    assert 'href="../../../touchpoints/social-media/"' in html
    assert 'href="../../../personas/nina/"' in html
    assert 'href="../#awareness"' in html  # phase header -> the phase on the journey page
    journey = (built_site / "site" / "journeys" / "velo-kauf" / "index.html").read_text(encoding="utf-8")
    assert 'href="board/"' in journey


@pytest.mark.build
def test_uncovered_phases_show_a_gap_marker(built_site):
    facts = board_facts(board_html(built_site, "reaktivierung"))
    assert set(facts.gap_markers) == {"awareness", "offboarding"}
    for phase in ("awareness", "offboarding"):
        assert "jr-gap" in facts.phase_classes[phase].split()
    for phase in ("information", "purchase", "loyalty"):
        assert "jr-gap" not in facts.phase_classes[phase].split()
    html = board_html(built_site, "reaktivierung")
    assert html.count('<td class="jr-cell jr-gap">') == 2 * (len(LANES) - 1)  # emotion is one SVG across all columns
    assert html.count('class="jr-band jr-band-gap"') == 2  # the shaded gap bands of the emotion curve
    assert "Diese Journey deckt diese Phase nicht ab." in html
    assert not board_facts(board_html(built_site, "velo-kauf")).gap_markers


@pytest.mark.build
def test_board_page_hides_navigation_and_toc(built_site):
    html = board_html(built_site, "velo-kauf")
    assert 'data-md-type="navigation" hidden>' in html
    assert 'data-md-type="toc" hidden>' in html


@pytest.mark.build
def test_counterparts_show_as_is_beside_to_be(built_site):
    # One comparison page per pair, beside the to-be journey; both boards and journey pages link to it.
    site = built_site / "site" / "journeys"
    html = (site / "maatoo-einstieg-soll" / "compare" / "index.html").read_text(encoding="utf-8")
    assert 'id="as-is-vs-to-be"' in html
    assert 'class="jr-board jr-board-compare"' in html
    assert 'data-jr-diff="added"' in html and 'data-jr-diff="removed"' in html and 'data-jr-diff="changed"' in html
    assert 'href="../../maatoo-einstieg/board/"' in html and 'href="../board/"' in html
    assert not (site / "maatoo-einstieg" / "compare").exists()
    for jid, href in (
        ("maatoo-einstieg", "../../maatoo-einstieg-soll/compare/"),
        ("maatoo-einstieg-soll", "../compare/"),
    ):
        board = board_html(built_site, jid)
        assert f'href="{href}"' in board and 'id="as-is-vs-to-be"' not in board, jid
        # the board shows the differences in brief: the same counts as the comparison page
        summary = re.search(r'<div class="jr-diff-summary">.*?</div>', board, re.S).group(0)
        assert summary == re.search(r'<div class="jr-diff-summary">.*?</div>', html, re.S).group(0)
        assert re.search(r"\+[1-9]\d* ", summary), summary
        page = (site / jid / "index.html").read_text(encoding="utf-8")
        assert f'href="{href[3:]}"' in page, jid
    for jid in ("velo-kauf", "reaktivierung"):
        assert "compare/" not in board_html(built_site, jid) and "jr-diff-summary" not in board_html(built_site, jid)
        assert not (site / jid / "compare").exists()


@pytest.mark.build
def test_lanes_config_sets_the_lanes_and_their_order(tmp_path):
    site = copy_site(tmp_path / "lanes")
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - journeys:\n" in text
    config.write_text(
        text.replace("  - journeys:\n", "  - journeys:\n      board:\n        lanes: [emotion, steps]\n", 1),
        encoding="utf-8",
    )
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    for jid in ("velo-kauf", "reaktivierung"):
        facts = board_facts(board_html(site, jid))
        assert facts.lanes == ["emotion", "steps"], jid
        assert facts.phases == SAMPLE_PHASES
    assert set(board_facts(board_html(site, "reaktivierung")).gap_markers) == {"awareness", "offboarding"}


# --------------------------------------------------------------------------- escaping

HOSTILE = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "[click me](javascript:window.__pwned=1)",
    'text { onclick="window.__pwned=1" }',
    '"><svg onload=alert(1)>',
    "**bold** _it_ `code` | pipe | # heading",
    "line one\n\n    indented code\n<div>block</div>",
]
SVG_TAGS = {
    "svg",
    "defs",
    "pattern",
    "rect",
    "line",
    "lineargradient",
    "stop",
    "g",
    "circle",
    "text",
    "path",
    "title",
    "symbol",
    "use",
    "polyline",
}


class Audit(HTMLParser):
    """Tags and attributes content could smuggle in. SVG is ours: only its own tags; text only in <text> and <title>."""

    def __init__(self):
        super().__init__()
        self.bad: list[str] = []
        self.svgs = 0
        self._svg = 0
        self._tag = ""

    def handle_starttag(self, tag, attrs):
        self._tag = tag
        if tag == "svg":
            self.svgs += "jr-emotion" in (dict(attrs).get("class") or "").split()
            self._svg += 1
        elif self._svg and tag not in SVG_TAGS:
            self.bad.append(f"<{tag}> in svg")
        if tag in ("script", "iframe", "object", "embed", "style", "form", "img", "foreignobject"):
            self.bad.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"{tag}[{name}]")
            if (
                name in ("href", "src", "xlink:href", "action")
                and value
                and re.match(r"\s*(javascript|data|vbscript):", value, re.I)
            ):
                self.bad.append(f"{tag}[{name}={value}]")

    def handle_endtag(self, tag):
        if tag == "svg":
            self._svg -= 1
        self._tag = ""

    def handle_data(self, data):
        if self._svg and data.strip() and self._tag not in ("text", "title"):
            self.bad.append(f"svg text {data!r} in <{self._tag}>")


def render_board(cat, journey_id: str, lang: str = "en", lanes=LANES, page: str = "board") -> str:
    builder = SiteBuilder(cat, labels(lang), SiteLinks().links(), board_lanes=list(lanes))
    page = getattr(builder, page)(cat.journeys[journey_id])
    body, front = meta.get_data(page.markdown)
    assert front.get("hide") == ["navigation", "toc"]
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS).convert(body)


@pytest.mark.unit
@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_content_never_becomes_markup(value):
    cat = catalog(value)  # every free-text field, the first step's title included, is `value`
    cat.journeys["j1"].counterpart, cat.journeys["j2"].counterpart = "j2", "j1"  # the comparison renders content too
    to_be = "j1" if cat.journeys["j1"].state == "to-be" else "j2"
    for jid, kind in (("j1", "board"), ("j2", "board"), (to_be, "compare")):
        html = render_board(cat, jid, page=kind)
        audit = Audit()
        audit.feed(html)
        assert audit.bad == [], (jid, audit.bad)
        assert audit.svgs == 1  # the board's emotion curve, or the comparison's
    assert 'class="jr-board jr-board-compare"' in html


@pytest.mark.unit
def test_hostile_step_title_is_shown_as_text():
    html = render_board(catalog("<b>bold</b> [x](javascript:y)"), "j1")
    assert "&lt;b&gt;bold&lt;/b&gt; [x](javascript:y)" in html
    assert "<b>bold</b>" not in html


@pytest.mark.unit
def test_hostile_ids_stay_out_of_attributes():
    cat = catalog()
    step = cat.journeys["j1"].phases[0].steps[0]
    step.personas = ['sara" onmouseover="x', "sara"]
    board = build_board(cat.journeys["j1"], cat, list(LANES))
    assert board.columns[0].steps[0].personas == "sara"
    audit = Audit()
    audit.feed(render_board(cat, "j1"))
    assert audit.bad == []


@pytest.mark.unit
def test_board_curve_is_aligned_to_the_columns():
    board = build_board(catalog().journeys["j1"], catalog(), list(LANES))
    svg = str(board.emotion)
    # j1: awareness has 2 steps, purchase 1; 5 columns of 250 viewBox units each
    assert 'viewBox="0 0 1250 ' in svg and 'width="' not in svg.split(">", 1)[0]
    assert 'cx="62.5"' in svg and 'cx="187.5"' in svg and 'cx="625"' in svg
    assert svg.count('class="jr-band jr-band-gap"') == 3  # information, loyalty, offboarding
    assert "jr-line-gap" in svg  # Tom's line jumps the uncovered information phase
    assert 'data-jr-curve="sara"' in svg and 'data-jr-curve="tom"' in svg and 'data-jr-curve="all"' not in svg
    with pytest.raises(ValueError):
        emotion_curve([Band("A", (CurveStep(1, 3),))], [Line("all", "x")], 'a"b')


@pytest.mark.unit
def test_lanes_of_the_config_only():
    html = render_board(catalog(), "j1", lanes=["kpis", "emotion"])
    assert board_facts(html).lanes == ["kpis", "emotion"]


# --------------------------------------------------------------------------- as-is beside to-be

PHASES = [PhaseDef("a", "A"), PhaseDef("b", "B"), PhaseDef("c", "C"), PhaseDef("d", "D"), PhaseDef("e", "E")]


def _journey(jid: str, state: str, phases: dict[str, list[Step]]) -> Journey:
    jps = [JourneyPhase(jid, pid, Source(f"journeys/{jid}/{pid}.md"), steps=steps) for pid, steps in phases.items()]
    return Journey(
        jid, Source(f"journeys/{jid}/index.md"), title=jid, summary="", personas=["p"], state=state, phases=jps
    )


@pytest.mark.unit
def test_comparison_finds_exactly_the_planted_differences():
    before = _journey(
        "ist",
        "as-is",
        {
            "a": [
                Step("Reads the website", 3, "web", ["p"]),
                Step("Calls the shop", 2, "phone", ["p"]),
                Step("Visits the fair", 4, "fair", ["p"]),
                Step("Starts the trial", 3, "shop", ["p"]),
            ],
            "b": [Step("Only in as-is", 2, "mail", ["p"])],
            "d": [Step("Unchanged", 4, "web", ["p"])],
        },
    )
    after = _journey(
        "soll",
        "to-be",
        {
            "a": [
                Step("Reads the website", 4, "web", ["p"]),  # score moved 3 -> 4
                Step("Calls the shop", 2, "chat", ["p"]),  # touchpoint changed phone -> chat
                Step("Starts the trial without a card", 3, "shop", ["p"]),  # reworded, same touchpoint: same step
                Step("Chats with the bot", 5, "chatbot", ["p"]),
            ],  # added
            # "Visits the fair" removed
            "c": [Step("Only in to-be", 5, "web", ["p"])],
            "d": [Step("Unchanged", 4, "web", ["p"])],
        },
    )
    diff = compare_journeys(before, after, [p.id for p in PHASES])
    by = {p.phase: p for p in diff.phases}
    assert [p.status for p in diff.phases] == [CHANGED, REMOVED, ADDED, SAME, "gap"]

    a = by["a"]
    assert [(d.status, (d.before or d.after).title) for d in a.steps] == [
        (CHANGED, "Reads the website"),
        (CHANGED, "Calls the shop"),
        (REMOVED, "Visits the fair"),
        (CHANGED, "Starts the trial"),
        (ADDED, "Chats with the bot"),
    ]
    reads, calls, fair, trial, bot = a.steps
    assert reads.emotion_delta == 1 and not reads.touchpoint_changed and not reads.title_changed
    assert (
        calls.emotion_delta == 0
        and calls.touchpoint_changed
        and (calls.before.touchpoint, calls.after.touchpoint) == ("phone", "chat")
    )
    assert trial.title_changed and trial.emotion_delta == 0 and not trial.touchpoint_changed
    assert fair.after is None and bot.before is None
    assert a.touchpoints_added == ["chat", "chatbot"]
    assert a.touchpoints_removed == ["phone", "fair"]
    assert a.touchpoints_kept == ["web", "shop"]
    assert a.emotion_before == 3 and a.emotion_after == 3.5 and a.emotion_delta == 0.5

    assert [d.status for d in by["b"].steps] == [REMOVED]
    assert [d.status for d in by["c"].steps] == [ADDED]
    assert [d.status for d in by["d"].steps] == [SAME] and not by["d"].touchpoints_added
    assert by["e"].steps == []

    assert [d.step.title for d in diff.added] == ["Chats with the bot", "Only in to-be"]
    assert [d.step.title for d in diff.removed] == ["Visits the fair", "Only in as-is"]
    assert [d.step.title for d in diff.improved] == ["Reads the website"]
    assert diff.worsened == []
    assert [d.step.title for d in diff.touchpoint_changes] == ["Calls the shop"]


@pytest.mark.unit
def test_matching_passes():
    s = lambda title, tp=None, e=3: Step(title, e, tp, ["p"])  # noqa: E731
    # equal titles win over equal touchpoints; case and spacing do not matter
    d = match_steps([s("Pays  the bill", "a"), s("Other", "b")], [s("pays the bill", "b")])
    assert [(x.status, x.before.title if x.before else None) for x in d] == [
        (CHANGED, "Pays  the bill"),
        (REMOVED, "Other"),
    ]
    assert d[0].touchpoint_changed and not d[0].title_changed  # only case and spacing differ
    d = match_steps([s("Pays the bill", "a")], [s("Pays the bill", "a")])
    assert [x.status for x in d] == [SAME]
    # the same touchpoint pairs the most similar title
    d = match_steps(
        [s("Opens the newsletter", "nl"), s("Reads a tip in the newsletter", "nl")],
        [s("Reads a new tip in the newsletter", "nl")],
    )
    assert [x.status for x in d] == [REMOVED, CHANGED] and d[1].before.title == "Reads a tip in the newsletter"
    # similar titles pair across touchpoints; dissimilar ones do not
    d = match_steps([s("Asks the support by e-mail", "mail", 2)], [s("Asks the support by chat", "chat", 4)])
    assert [x.status for x in d] == [CHANGED] and d[0].touchpoint_changed and d[0].emotion_delta == 2
    d = match_steps([s("Visits the fair", "fair")], [s("Watches a video", "video")])
    assert [x.status for x in d] == [ADDED, REMOVED]
    assert match_steps([], []) == []


@pytest.mark.build
def test_comparison_of_the_fixture_pair_is_plausible(built_site):
    from mkdocs_journeys.core.catalog_loader import Settings, load_catalog

    phases = [PhaseDef(pid, pid) for pid in SAMPLE_PHASES]
    cat = load_catalog(Settings(root=built_site, phases=phases)).catalog
    diff = compare_journeys(cat.journeys["maatoo-einstieg"], cat.journeys["maatoo-einstieg-soll"], SAMPLE_PHASES)
    assert all(p.status == CHANGED for p in diff.phases)
    assert diff.improved and not diff.worsened  # the to-be journey only ever scores higher
    for p in diff.phases:
        assert len([d for d in p.steps if d.after]) == len(p.after.steps)
        assert len([d for d in p.steps if d.before]) == len(p.before.steps)


@pytest.mark.build
def test_boards_and_comparisons_stay_out_of_the_search_index(built_site):
    import json

    index = json.loads((built_site / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert "journeys/velo-kauf/" in locations  # the journey page carries the same content
    assert not [loc for loc in locations if loc.endswith(("/board/", "/compare/"))]


@pytest.mark.unit
def test_comparison_shows_only_the_changes_there_are():
    """No '0 worse' chip, and a phase whose steps did not change says so instead of 'changed'."""
    from mkdocs_journeys.core.model import Catalog

    before = _journey(
        "ist", "as-is", {"a": [Step("Reads the website", 3, "web", ["p"])], "b": [Step("Same", 4, "web", ["p"])]}
    )
    after = _journey(
        "soll", "to-be", {"a": [Step("Reads the website", 4, "web", ["p"])], "b": [Step("Same", 4, "web", ["p"])]}
    )
    before.counterpart, after.counterpart = "soll", "ist"
    cat = Catalog(phases=list(PHASES), journeys={"ist": before, "soll": after})
    html = render_board(cat, "soll", page="compare")
    summary = re.search(r'<div class="jr-diff-summary">(.*?)</div>', html, re.S).group(1)
    assert re.findall(r'class="jr-chip jr-chip-(\w+)">', summary) == ["up"]  # one step rated better, nothing else
    assert not re.search(r"[▲▼+−]\s?0\b", html)
    heads = dict(re.findall(r'<th scope="col" class="jr-phase[^"]*" data-jr-phase="(\w)">(.*?)</th>', html, re.S))
    assert "jr-status-changed" in heads["a"] and "1 " in heads["a"]  # the changed step, counted
    assert "jr-status-same" in heads["b"] and "jr-status-changed" not in heads["b"]
    board = render_board(cat, "soll")
    assert re.findall(r'class="jr-chip jr-chip-(\w+)">', board) == ["up"]
