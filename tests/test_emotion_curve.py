"""The emotion curve (diagrams/emotion_curve.py): points, scale, persona lines, numbering, escaping."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factory import catalog
from mkdocs_journeys.render.diagrams.emotion_curve import (
    LEVEL,
    PALETTE,
    Band,
    CurveStep,
    Line,
    emotion_curve,
    journey_bands,
    layout,
    persona_lines,
)

pytestmark = pytest.mark.unit

NS = {"s": "http://www.w3.org/2000/svg"}
CSS = Path(__file__).resolve().parent.parent / "plugins/mkdocs_journeys/render/assets/journeys.css"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))


def dots(root: ET.Element) -> list[tuple[float, float, int]]:
    """(x, y, score) of each step dot, in drawing order."""
    out = []
    for g in root.iterfind(".//s:g[@data-jr-personas]", NS):
        c = g.find("s:circle", NS)
        out.append((float(c.get("cx")), float(c.get("cy")), int(g.get("class").rsplit("jr-s", 1)[1])))
    return out


def test_steps_are_numbered_across_phases_as_on_the_board():
    c = catalog()
    bands = journey_bands(c.journeys["j1"], c.phases)
    assert [b.title for b in bands] == [p.title for p in c.phases]
    assert [[s.no for s in b.steps] for b in bands] == [[1, 2], [], [3], [], []]
    assert [b.covered for b in bands] == [True, False, True, False, False]
    assert bands[0].steps[1] == CurveStep(2, 4, "Second", ("sara", "tom"))


def test_points_sit_in_their_phase_band_and_on_the_scale():
    bands = [Band("A", (CurveStep(1, 1), CurveStep(2, 5))), Band("B", (), covered=False), Band("C", (CurveStep(3, 3),))]
    root = parse(emotion_curve(bands, [Line("all", "jr-curve-all")], "t", band_width=100, axis=False, titles=False))
    assert root.get("viewBox").startswith("0 0 300 ") and root.get("width") is None  # scales with its container
    (x1, y1, s1), (x2, y2, s2), (x3, y3, s3) = dots(root)
    assert (x1, x2, x3) == (25, 75, 250)  # evenly inside each band; band B is empty
    assert (s1, s2, s3) == (1, 5, 3)
    assert y1 - y2 == 4 * LEVEL and y1 - y3 == 2 * LEVEL  # 1 at the bottom, 5 at the top, evenly spaced
    assert [t.text for t in root.iterfind(".//s:text[@class='jr-axis']", NS)] == ["5", "3", "1"]
    gap = root.findall(".//s:rect[@class='jr-band jr-band-gap']", NS)
    assert len(gap) == 1 and float(gap[0].get("x")) == 100
    jumps = root.findall(".//s:path[@class='jr-line jr-line-gap']", NS)
    assert len(jumps) == 1 and jumps[0].get("d") == f"M75 {y2:g}L250 {y3:g}"  # dotted over the empty phase


def test_scale_has_faces_and_numbers_one_to_five():
    root = parse(emotion_curve([Band("A", (CurveStep(1, 2),))], [Line("all", "x")], "t"))
    faces = root.findall(".//s:g[@class='jr-scale']/s:g", NS)
    assert [f.get("class") for f in faces] == ["jr-s5", "jr-s4", "jr-s3", "jr-s2", "jr-s1"]  # coloured like the dots
    assert len(faces) == 5
    assert [t.text for t in root.iterfind(".//s:g[@class='jr-scale']/s:text", NS)] == ["5", "4", "3", "2", "1"]
    ys = [float(re.search(r"translate\(\S+ ([\d.]+)\)", f.get("transform")).group(1)) for f in faces]
    assert ys == sorted(ys) and ys[-1] - ys[0] == 4 * LEVEL


def test_one_line_per_persona_in_the_palette_order():
    c = catalog()
    j = c.journeys["j1"]
    bands = journey_bands(j, c.phases)
    lines = persona_lines(bands, j.personas, {"sara": "Sara", "tom": "Tom"})
    assert [(ln.key, ln.css, ln.steps) for ln in lines] == [
        ("sara", "jr-curve-persona jr-p1", frozenset({1, 2})),
        ("tom", "jr-curve-persona jr-p2", frozenset({2, 3})),
    ]
    root = parse(emotion_curve(bands, lines, "t"))
    groups = {g.get("data-jr-curve"): g for g in root.iterfind(".//s:g[@data-jr-curve]", NS)}
    assert set(groups) == {"sara", "tom"}
    assert groups["tom"].find("s:title", NS).text == "Tom"
    step_dots = dots(root)
    assert len(step_dots) == 3  # one dot per step, however many personas share it
    personas = [g.get("data-jr-personas") for g in root.iterfind(".//s:g[@data-jr-personas]", NS)]
    assert personas == ["sara", "sara tom", "tom"]  # the board's filter hides dots by persona


def test_a_single_persona_draws_one_neutral_line():
    bands = [Band("A", (CurveStep(1, 2, personas=("ann",)), CurveStep(2, 3, personas=("ann",))))]
    assert persona_lines(bands, ["ann"], {}) == [Line("all", "jr-curve-all", "")]


def test_the_palette_is_the_one_in_the_stylesheet_and_mermaid():
    css = CSS.read_text(encoding="utf-8")
    root = re.search(r":root \{([^}]*--jr-p1:[^}]*)\}", css).group(1)  # the block that defines the palette
    assert [re.search(rf"--jr-p{i}: (#[0-9a-f]{{6}})", root).group(1) for i in range(1, 7)] == list(PALETTE)
    loader = (CSS.parent / "mermaid-loader.js").read_text(encoding="utf-8")
    assert re.findall(r'"(#[0-9a-f]{6})"', re.search(r"actorColours: \[(.*?)\]", loader).group(1)) == list(PALETTE)


def test_keys_and_ids_must_be_slugs():
    with pytest.raises(ValueError):
        emotion_curve([], [], 'x" onload="y')
    root = parse(
        emotion_curve(
            [Band("A", (CurveStep(1, 3, personas=('a" b', "ok")),))], [Line('bad"key', "x"), Line("fine", "x")], "t"
        )
    )
    assert [g.get("data-jr-curve") for g in root.iterfind(".//s:g[@data-jr-curve]", NS)] == ["fine"]
    assert root.find(".//s:g[@data-jr-personas]", NS).get("data-jr-personas") == "ok"
    plain = parse(
        emotion_curve([Band("A", (CurveStep(1, 3, personas=("ok",)),))], [Line("all", "x")], "t", filter=False)
    )
    assert plain.find(".//s:g[@data-jr-personas]", NS) is None  # the journey page has no persona filter


def test_long_phase_titles_are_cut_to_their_band_and_kept_whole_in_the_tooltip():
    title = "A very long phase title that cannot fit a narrow band"
    root = parse(emotion_curve([Band(title, (CurveStep(1, 3),))], [Line("all", "x")], "t", band_width=80))
    text = root.find(".//s:text[@class='jr-band-title']", NS)
    assert text.find("s:title", NS).text == title
    shown = "".join(text.itertext())[len(title) :]
    assert shown.endswith("…") and len(shown) <= 80 / 7.2 + 1


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60)


@settings(max_examples=150, deadline=None)
@given(step=TEXT, phase=TEXT, persona=TEXT, label=TEXT)
def test_content_is_escaped(step, phase, persona, label):
    """Any text parses back as the same text: it never becomes markup of the SVG."""
    bands = [Band(phase, (CurveStep(1, 4, step, ("p1", "p2")), CurveStep(2, 2, step, ("p2",))))]
    lines = persona_lines(bands, ["p1", "p2"], {"p1": persona, "p2": persona})
    root = parse(emotion_curve(bands, lines, "t", band_width=400, label=label))  # fails on any unbalanced markup
    assert root.get("aria-label") == " ".join(label.split()) and root.get("role") == "img"
    band = root.find(".//s:text[@class='jr-band-title']", NS)
    tip = band.find("s:title", NS)  # the whole title as a tooltip where the band shows it cut
    if tip is not None:
        assert tip.text == phase and "".join(band.itertext()).endswith("…")
    else:
        assert (band.text or "") == " ".join(phase.split())
    tips = [t.text for t in root.iterfind(".//s:g[@data-jr-personas]/s:title", NS)]
    assert tips == [f"1. {step} (4/5)", f"2. {step} (2/5)"]
    assert [t.text for t in root.iterfind(".//s:g[@data-jr-curve]/s:title", NS)] == [persona, persona]
    tags = {el.tag.split("}")[1] for el in root.iter()}
    assert tags <= {"svg", "title", "rect", "text", "line", "g", "circle", "path"}
    assert not any(k.startswith("on") for el in root.iter() for k in el.attrib)


def test_layout_is_independent_of_content():
    a = layout([Band("x", (CurveStep(1, 3, "short"),))], 100)
    b = layout([Band("x" * 200, (CurveStep(1, 3, "<b>" * 50),))], 100)
    assert (a.width, a.height, [(p.x, p.y) for p in a.points]) == (b.width, b.height, [(p.x, p.y) for p in b.points])
