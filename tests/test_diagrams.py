"""Mermaid text builders: structure, links and escaping."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factory import catalog
from mkdocs_journeys.render.diagrams import branch_diagram, impact_map_diagram, journey_diagram
from mkdocs_journeys.render.diagrams import mermaid_text as m

TITLES = {"awareness": "Awareness", "information": "Information", "purchase": "Purchase", "loyalty": "Loyalty"}
HOSTILE = [
    'Title: with; colon "quotes" #hash %% comment',
    "<script>window.__pwned=1</script>",
    "javascript:alert(1)",
    'x"] --> Y\nclick A href "javascript:alert(1)"',
    "end",
    "style A fill:#f00",
    "[brackets] {braces} (parens) |pipe| `tick`",
    "Grüße 😀 éà",
    "line\nbreak\r\nand\ttab",
    "%%{init: {'securityLevel': 'loose'}}%%",
    "title override",
    "section Fake",
]


def url(kind, id, anchor=None):
    return f"../../{kind}s/{id}/" + (f"#{anchor}" if anchor else "")


@pytest.mark.unit
def test_journey_diagram_structure():
    text = journey_diagram(catalog().journeys["j1"], catalog(), TITLES)
    assert text.splitlines()[0] == "journey"
    assert "    section Awareness" in text and "    section Purchase" in text
    assert "        Plain text: 2: Plain text" in text
    assert "        Second: 4: Plain text, Tom" in text


@pytest.mark.unit
def test_impact_map_links_personas_and_touchpoints():
    c = catalog()
    text = impact_map_diagram(c.journeys["j1"].phase("awareness"), c, lambda k, i: url(k, i), "Goal", "KPI")
    assert text.startswith("flowchart TD\n")  # grows in height, not in width
    assert 'click A0 href "../../personas/sara/"' in text
    assert 'click D0 href "../../touchpoints/newsletter/"' in text
    assert 'click D1 href "../../touchpoints/shop/"' in text
    assert "G --> A0" in text and "A0 --> I0" in text and "I0 --> D0" in text
    assert "CHF 1'000" in text
    # persona actors in the palette colour of their place in the journey (sara is the first persona)
    text = impact_map_diagram(
        c.journeys["j1"].phase("awareness"), c, lambda k, i: url(k, i), "Goal", "KPI", ["sara", "tom"]
    )
    assert "classDef persona1 stroke:#1e88e5,stroke-width:3px" in text and "    class A0 persona1" in text
    assert "class A1 " not in text  # an actor that is no persona keeps the theme's colours


@pytest.mark.unit
def test_branch_diagram_links_targets():
    c = catalog()
    text = branch_diagram(c.journeys["j1"], c, url, TITLES)
    assert 'click T0 href "../../journeys/j2/#loyalty"' in text
    assert re.search(r'P0 -\.->\|"Back"\| P1', text)  # a branch inside the journey points at its own phase node


@pytest.mark.unit
@pytest.mark.parametrize("value", HOSTILE)
def test_escaped_text_has_no_mermaid_syntax(value):
    out = m.text(value)
    assert "\n" not in out and '"' not in out and ";" not in out.replace("#", "")[0:0] + ""
    assert not re.search(r"[\"'`<>\[\]{}()|:;%\n\r\t]", re.sub(r"#\d+;", "", out).replace("'", ""))
    assert not re.search(r"\b(end|click|style|title|section)\b", out, re.I)


@pytest.mark.unit
@pytest.mark.parametrize("value", ["javascript:alert(1)", 'x" onclick="y', "../a b", "data:text/html,1"])
def test_unsafe_hrefs_are_refused(value):
    with pytest.raises(ValueError):
        m.href(value)


def _all_diagrams(text: str) -> list[str]:
    c = catalog(text)
    j = c.journeys["j1"]
    return [
        journey_diagram(j, c, TITLES),
        branch_diagram(j, c, url, TITLES),
        impact_map_diagram(j.phase("awareness"), c, lambda k, i: url(k, i), "Goal", "KPI"),
    ]


@pytest.mark.build
def test_hostile_content_gives_diagrams_mermaid_accepts():
    import mermaid_parser

    if not mermaid_parser.available():
        pytest.skip("Node/mermaid not installed (run npm ci)")
    texts = [d for value in HOSTILE for d in _all_diagrams(value)]
    results = mermaid_parser.parse_all(texts)
    assert [r for r in results if r is not None] == []


@pytest.mark.unit
@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=80))
def test_fuzz_escaped_text_stays_one_token(value):
    out = m.text(value)
    # Only safe characters and numeric entity codes remain: no quote, bracket, colon, semicolon outside entities.
    assert re.fullmatch(r"(?:[^\W_]|[ .,!?'+=*@/-]|#\d+;|…)*", out), out
    assert "\n" not in out


FUZZ_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


def fuzz_corpus(examples: int = 60) -> list[str]:
    """Every diagram kind for `examples` fuzzed texts, collected so that one Node run parses them all."""
    corpus: list[str] = []

    @settings(max_examples=examples, deadline=None, database=None)
    @given(FUZZ_TEXT)
    def collect(value):
        corpus.extend(_all_diagrams(value))

    collect()
    return corpus


@pytest.mark.unit
def test_fuzzed_text_builds_every_diagram():
    """Any text gives the three diagrams, whether or not Node is there to parse them."""
    corpus = fuzz_corpus()
    assert len(corpus) >= 3 * 50 and len(corpus) % 3 == 0
    assert all(d.startswith(("journey\n", "flowchart ")) for d in corpus)


@pytest.mark.build
def test_fuzz_corpus_accepted_by_mermaid():
    """Builds its own corpus (no other test needs to run first): every fuzzed diagram parses."""
    import mermaid_parser

    if not mermaid_parser.available():
        pytest.skip("Node/mermaid not installed (run npm ci)")
    corpus = fuzz_corpus()
    assert len(corpus) >= 3 * 50  # three diagrams per example; Hypothesis may stop a few short
    results = mermaid_parser.parse_all(corpus)
    bad = [(t, r) for t, r in zip(corpus, results) if r is not None]
    assert not bad, bad[:3]
