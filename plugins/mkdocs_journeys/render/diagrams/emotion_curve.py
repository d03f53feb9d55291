"""The emotion curve as one SVG: phases as bands, steps as numbered dots, one line per persona.

The same drawing serves the journey page, the board's emotion lane, the as-is/to-be comparison and
(through the board's print style) the A3 PDF. It scales with its container (viewBox, no pixel width)
and takes its colours from CSS classes, so it follows the light and dark palettes.

Plain Python: no MkDocs, no I/O. Content (step and phase titles, persona names) is HTML-escaped
here; keys and classes are slugs or fixed strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from mkdocs_journeys.core.emotions import MIDDLE, clamp
from mkdocs_journeys.core.schema import EMOTION_MAX, EMOTION_MIN

# Persona colours, in the order of a journey's personas. journeys.css defines the same colours as
# --jr-p1 … --jr-p6 (lighter in dark mode); impact maps use them for persona nodes.
PALETTE = ("#1e88e5", "#8e24aa", "#00897b", "#f4511e", "#6d4c41", "#546e7a")

_SLUG = re.compile(r"[A-Za-z0-9_-]+")

# The emotion scale, highest first; _MOUTH draws a face for each level.
SCALE = tuple(range(EMOTION_MAX, EMOTION_MIN - 1, -1))
# Geometry in viewBox units: one level of the scale is LEVEL high.
LEVEL = 30
TOP_TITLES = 26  # room for the phase titles above the plot
PAD = 16
AXIS = 58  # the scale on the left (faces and numbers)


def persona_colour(index: int) -> str:
    """The palette colour of the persona at `index` (0-based) in its journey."""
    return PALETTE[index % len(PALETTE)]


@dataclass(frozen=True)
class CurveStep:
    no: int  # the step number the board shows (0: none)
    score: int  # 1..5
    title: str = ""
    personas: tuple[str, ...] = ()


@dataclass(frozen=True)
class Band:
    """One phase column."""

    title: str
    steps: tuple[CurveStep, ...] = ()
    covered: bool = True


@dataclass(frozen=True)
class Line:
    """A line through some steps: `steps` are their numbers; None takes every step of its bands."""

    key: str  # data-jr-curve (a slug)
    css: str  # fixed class names
    label: str = ""
    steps: frozenset[int] | None = None
    bands: tuple[Band, ...] | None = None  # its own steps (the comparison's as-is line); None: the curve's


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    band: int
    step: CurveStep


@dataclass
class Curve:
    """What the SVG shows, for tests and for the template's text alternative."""

    width: float
    height: float
    bands: list[tuple[float, float]] = field(default_factory=list)  # (x, width) per band
    points: list[Point] = field(default_factory=list)  # the dots
    lines: dict[str, list[Point]] = field(default_factory=dict)


def layout(bands: list[Band], band_width: float, axis: bool = True, titles: bool = True) -> Curve:
    """Positions: bands of equal width (aligned with the board's phase columns), steps evenly inside."""
    left = AXIS if axis else 0
    top = (TOP_TITLES if titles else 0) + PAD
    height = top + (EMOTION_MAX - EMOTION_MIN) * LEVEL + PAD
    curve = Curve(left + band_width * max(1, len(bands)), height)
    for i, _band in enumerate(bands):
        x0 = left + i * band_width
        curve.bands.append((x0, band_width))
    curve.points = _points(bands, curve, top)
    return curve


def _points(bands: tuple[Band, ...] | list[Band], curve: Curve, top: float) -> list[Point]:
    out = []
    for i, band in enumerate(bands):
        x0, w = curve.bands[i]
        n = len(band.steps)
        for pos, s in enumerate(band.steps):
            out.append(Point(round(x0 + w * (pos + 0.5) / n, 1), y_of(s.score, top), i, s))
    return out


def y_of(score: int, top: float) -> float:
    return round(top + (EMOTION_MAX - clamp(score)) * LEVEL, 2)


def emotion_curve(
    bands: list[Band],
    lines: list[Line],
    uid: str,
    *,
    band_width: float = 150,
    axis: bool = True,
    titles: bool = True,
    dots: bool = True,
    numbers: bool = True,
    label: str = "",
    filter: bool = True,
) -> Markup:
    """The SVG; `label` is its accessible name (none: hidden from assistive technology).

    With `filter`, each dot names its personas (data-jr-personas) for the board's persona filter.
    """
    if not _SLUG.fullmatch(uid):
        raise ValueError(f"not an identifier: {uid!r}")
    curve = layout(bands, band_width, axis, titles)
    top = (TOP_TITLES if titles else 0) + PAD
    w, h = curve.width, curve.height
    role = f'role="img" aria-label="{escape(" ".join(label.split()))}"' if label else 'aria-hidden="true"'
    parts = [f'<svg class="jr-emotion" viewBox="0 0 {w:g} {h:g}" {role} xmlns="http://www.w3.org/2000/svg">']
    # phase bands: alternating tint, shaded where the journey does not cover the phase
    for i, (band, (x0, bw)) in enumerate(zip(bands, curve.bands)):
        cls = "jr-band jr-band-gap" if not band.covered else f"jr-band jr-band-{i % 2}"
        parts.append(f'<rect class="{cls}" x="{x0:g}" y="0" width="{bw:g}" height="{h:g}"/>')
        if titles:
            shown = _fit(band.title, bw, 7.2)
            tip = f"<title>{escape(band.title)}</title>" if shown != " ".join(band.title.split()) else ""
            parts.append(f'<text class="jr-band-title" x="{x0 + bw / 2:g}" y="{PAD + 4:g}">{tip}{escape(shown)}</text>')
    left = curve.bands[0][0] if curve.bands else 0
    grid = "".join(f"M{left:g} {y_of(s, top):g}H{w:g}" for s in SCALE if s != MIDDLE)
    parts.append(
        f'<path class="jr-grid" d="{grid}"/><path class="jr-grid jr-grid-3" d="M{left:g} {y_of(MIDDLE, top):g}H{w:g}"/>'
    )
    if len(curve.bands) > 1:
        parts.append(f'<path class="jr-sep" d="{"".join(f"M{x0:g} 0V{h:g}" for x0, _ in curve.bands[1:])}"/>')
    if axis:
        parts.append(_axis(top))
    else:
        for score in (EMOTION_MAX, MIDDLE, EMOTION_MIN):
            parts.append(f'<text class="jr-axis" x="4" y="{y_of(score, top) + 4:g}">{score}</text>')
    by_no = {p.step.no: p for p in curve.points if p.step.no}
    for k, line in enumerate(lines):
        if not _SLUG.fullmatch(line.key):
            continue
        if line.bands is not None:
            pts = _points(line.bands, curve, top)
        elif line.steps is None:
            pts = curve.points
        else:
            pts = [by_no[n] for n in sorted(line.steps) if n in by_no]
        offset = (k - (len(lines) - 1) / 2) * 3 if line.bands is None and len(lines) > 1 else 0
        pts = [Point(p.x, round(p.y + offset, 2), p.band, p.step) for p in pts]
        curve.lines[line.key] = pts
        parts.append(f'<g class="jr-curve {line.css}" data-jr-curve="{line.key}">')
        if line.label:
            parts.append(f"<title>{escape(line.label)}</title>")
        parts.append(_path(pts, list(line.bands) if line.bands is not None else bands))
        if line.bands is not None:
            for p in pts:
                parts.append(f'<circle class="jr-dot jr-s{clamp(p.step.score)}" cx="{p.x:g}" cy="{p.y:g}" r="5"/>')
        parts.append("</g>")
    if dots:
        r = _radius(curve) if numbers else 6.5
        for p in curve.points:
            s = p.step
            who = " ".join(x for x in dict.fromkeys(s.personas) if _SLUG.fullmatch(x))
            data = f' data-jr-personas="{who}"' if filter else ""
            parts.append(f'<g class="jr-step-dot jr-s{clamp(s.score)}"{data}>')
            if s.title:
                no = f"{s.no}. " if s.no else ""
                parts.append(f"<title>{no}{escape(s.title)} ({clamp(s.score)}/{EMOTION_MAX})</title>")
            parts.append(f'<circle cx="{p.x:g}" cy="{p.y:g}" r="{r:g}"/>')
            if numbers and s.no:
                parts.append(f'<text x="{p.x:g}" y="{p.y + 4:g}">{int(s.no)}</text>')
            parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))


def _radius(curve: Curve) -> float:
    """Dots as large as the closest neighbours allow (between 6 and 11 units)."""
    xs = sorted(p.x for p in curve.points)
    gap = min((b - a for a, b in zip(xs, xs[1:])), default=40)
    return round(max(6.0, min(11.0, gap * 0.45)), 1)


def _path(pts: list[Point], bands: list[Band]) -> str:
    """Smooth runs inside covered phases; a dotted straight jump over phases without steps."""
    if len(pts) < 2:
        return ""
    solid, jumps = [f"M{pts[0].x:g} {pts[0].y:g}"], []
    for a, b in zip(pts, pts[1:]):
        if any(not bands[i].steps or not bands[i].covered for i in range(a.band + 1, b.band)):
            jumps.append(f"M{a.x:g} {a.y:g}L{b.x:g} {b.y:g}")
            solid.append(f"M{b.x:g} {b.y:g}")
        else:
            mid = (b.x - a.x) / 2
            solid.append(f"C{a.x + mid:g} {a.y:g} {b.x - mid:g} {b.y:g} {b.x:g} {b.y:g}")
    out = f'<path class="jr-line" d="{"".join(solid)}"/>'
    if jumps:
        out += f'<path class="jr-line jr-line-gap" d="{"".join(jumps)}"/>'
    return out


_MOUTH = {
    5: "M-4 1.5Q0 6 4 1.5",
    4: "M-4 2.5Q0 5 4 2.5",
    3: "M-4 3.5L4 3.5",
    2: "M-4 5Q0 2.5 4 5",
    1: "M-4 6Q0 1.5 4 6",
}


def _axis(top: float) -> str:
    """Faces and numbers of the scale."""
    parts = ['<g class="jr-scale">']
    for s in SCALE:
        y = y_of(s, top)
        parts.append(
            f'<g class="jr-s{s}" transform="translate(14 {y:g})"><circle r="9"/>'
            f'<path class="jr-face" d="M-3-2.5h0M3-2.5h0{_MOUTH[s]}"/></g>'
        )
        parts.append(f'<text class="jr-axis" x="28" y="{y + 4:g}">{s}</text>')
    parts.append("</g>")
    return "".join(parts)


def _fit(text: str, width: float, char: float) -> str:
    """Cut a title to the band, by an average glyph width."""
    text = " ".join(text.split())
    room = max(3, int(width / char))
    return text if len(text) <= room else text[: room - 1].rstrip() + "…"


def journey_bands(journey, phases) -> list[Band]:
    """The bands of a journey over the phase model `phases` (PhaseDefs), steps numbered as on the board."""
    out, no = [], 0
    for ph in phases:
        jp = journey.phase(ph.id)
        steps = []
        for s in jp.steps if jp else []:
            no += 1
            steps.append(CurveStep(no, clamp(s.emotion), s.title, tuple(s.personas)))
        out.append(Band(ph.title, tuple(steps), jp is not None))
    return out


def persona_lines(bands: list[Band], personas: list[str], names: dict[str, str]) -> list[Line]:
    """One line per persona that has steps (palette colour by its place in `personas`); one line if fewer than two."""
    steps = [s for b in bands for s in b.steps]
    ids = [p for p in dict.fromkeys(personas + [p for s in steps for p in s.personas]) if _SLUG.fullmatch(p)]
    lines = []
    for i, pid in enumerate(ids):
        own = frozenset(s.no for s in steps if pid in s.personas)
        if own:
            lines.append(Line(pid, f"jr-curve-persona jr-p{i % len(PALETTE) + 1}", names.get(pid, pid), own))
    if len(lines) < 2:
        return [Line("all", "jr-curve-all", "")]
    return lines
