"""A small inline SVG trend chart for KPI actuals: numbers only, so nothing from content enters it."""

from __future__ import annotations


def sparkline(
    values: list[float],
    target: float | None = None,
    met: bool | None = None,
    width: int = 120,
    height: int = 28,
    label: str = "",
) -> str:
    if not values:
        return ""
    pad = 4
    lo = min(values + ([target] if target is not None else []))
    hi = max(values + ([target] if target is not None else []))
    span = (hi - lo) or 1.0

    def x(i: int) -> float:
        return pad + (width - 2 * pad) * (i / (len(values) - 1) if len(values) > 1 else 0.5)

    def y(v: float) -> float:
        return height - pad - (height - 2 * pad) * (v - lo) / span

    points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
    colour = "currentColor" if met is None else ("#2e7d32" if met else "#d32f2f")
    parts = [
        f'<svg class="jr-spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{_attr(label)}">'
    ]
    if target is not None:
        ty = y(target)
        parts.append(
            f'<line x1="{pad}" x2="{width - pad}" y1="{ty:.1f}" y2="{ty:.1f}" '
            'stroke="currentColor" stroke-opacity="0.45" stroke-dasharray="3 2"/>'
        )
    if len(values) > 1:
        parts.append(f'<polyline points="{points}" fill="none" stroke="currentColor" stroke-width="1.5"/>')
    parts.append(f'<circle cx="{x(len(values) - 1):.1f}" cy="{y(values[-1]):.1f}" r="3" fill="{colour}"/>')
    parts.append("</svg>")
    return "".join(parts)


def _attr(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))
