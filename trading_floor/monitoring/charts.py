"""SVG charts drawn by the floor itself (no JavaScript, no CDN).

Each function returns the markup of one <svg>; the template puts the same numbers in a table
beside it, for screen readers and for printing.
"""

from __future__ import annotations

from markupsafe import Markup, escape

# Drawn in user units that the page scales to its column: the text is 14 units (CSS), so a
# chart shown at least ~280 px wide (a 375 px phone, a dashboard column) keeps labels >= 11 px.
WIDTH, HEIGHT = 380, 220
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 44, 10, 12, 44
BARS_WIDTH = 360


def _percent(value: float) -> str:
    return f"{value * 100:.0f}%"


def line_chart(title: str, labels: list[str], series: list[tuple[str, list[float], str]],
               targets: list[tuple[float, str, str]] = (), ymax: float = 1.0) -> Markup:
    """Rates (0–1) over time: `series` is (name, values, css class), `targets` (value, label,
    css class) are dashed horizontal lines."""
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    n = max(len(labels), 2)

    def x(i: int) -> float:
        return PAD_LEFT + plot_w * i / (n - 1)

    def y(v: float) -> float:
        return PAD_TOP + plot_h * (1 - min(max(v, 0.0), ymax) / ymax)

    parts = [f'<svg class="chart chart-line" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{escape(title)}</title>"]
    for step in range(0, 11, 2):
        v = ymax * step / 10
        parts.append(f'<line class="grid" x1="{PAD_LEFT}" x2="{WIDTH - PAD_RIGHT}" '
                     f'y1="{y(v):.1f}" y2="{y(v):.1f}"/>')
        parts.append(f'<text class="axis" x="{PAD_LEFT - 6}" y="{y(v) + 4:.1f}" '
                     f'text-anchor="end">{_percent(v)}</text>')
    every = max(1, -(-len(labels) // 5))  # at most ~6 month labels: each is ~50 units wide
    for i, label in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            anchor = "end" if i == len(labels) - 1 else "middle"
            parts.append(f'<text class="axis" x="{x(i):.1f}" y="{HEIGHT - PAD_BOTTOM + 16}" '
                         f'text-anchor="{anchor}">{escape(label)}</text>')
    for value, label, css in targets:
        parts.append(f'<line class="target {css}" x1="{PAD_LEFT}" x2="{WIDTH - PAD_RIGHT}" '
                     f'y1="{y(value):.1f}" y2="{y(value):.1f}"/>')
        parts.append(f'<text class="target-label {css}" x="{WIDTH - PAD_RIGHT - 4}" '
                     f'y="{y(value) - 4:.1f}" text-anchor="end">{escape(label)}</text>')
    legend_x = PAD_LEFT
    for name, values, css in series:
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(f'<polyline class="series {css}" points="{points}"/>')
        if values:
            parts.append(f'<circle class="series-dot {css}" cx="{x(len(values) - 1):.1f}" '
                         f'cy="{y(values[-1]):.1f}" r="3.5"/>')
        parts.append(f'<rect class="legend {css}" x="{legend_x}" y="{HEIGHT - 14}" width="12" '
                     f'height="4"/><text class="axis" x="{legend_x + 16}" y="{HEIGHT - 9}">'
                     f'{escape(name)}</text>')
        legend_x += 28 + 8 * len(name)
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(title: str, rows: list[tuple[str, float, float]],
              targets: tuple[float, float] | None = None,
              names: tuple[str, str] = ("", "")) -> Markup:
    """Two horizontal bars per group (participation and access rates, 0–1), with target lines.

    Each group's name stands on its own line above its bars, so long commune and sector names
    are readable on a phone instead of being squeezed into a left margin."""
    label_h, bar_h, gap = 16, 10, 10
    row_h = label_h + 2 * bar_h + gap
    left, value_w = 4, 44
    plot_w = BARS_WIDTH - left - value_w
    top0 = PAD_TOP
    bottom = top0 + row_h * len(rows)
    height = bottom + 34
    parts = [f'<svg class="chart chart-bars" viewBox="0 0 {BARS_WIDTH} {height}" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{escape(title)}</title>"]
    for i, (label, first, second) in enumerate(rows):
        top = top0 + i * row_h
        short = label if len(label) <= 44 else label[:43] + "…"
        parts.append(f'<text class="axis bar-label" x="{left}" y="{top + label_h - 4}">'
                     f"{escape(short)}</text>")
        for k, (value, css) in enumerate(((first, "participation"), (second, "access"))):
            width = plot_w * min(max(value, 0.0), 1.0)
            y = top + label_h + k * bar_h
            parts.append(f'<rect class="bar {css}" x="{left}" y="{y}" width="{width:.1f}" '
                         f'height="{bar_h - 1}"/>')
            parts.append(f'<text class="value" x="{left + width + 4:.1f}" y="{y + bar_h - 1}">'
                         f"{_percent(value)}</text>")
    if targets:
        for value, css in zip(targets, ("participation", "access"), strict=True):
            tx = left + plot_w * value
            parts.append(f'<line class="target {css}" x1="{tx:.1f}" x2="{tx:.1f}" '
                         f'y1="{top0 - 4}" y2="{bottom}"/>')
    legend_x = left
    for name, css in zip(names, ("participation", "access"), strict=True):
        parts.append(f'<rect class="bar {css}" x="{legend_x}" y="{bottom + 14}" width="12" '
                     f'height="8"/><text class="axis" x="{legend_x + 16}" y="{bottom + 22}">'
                     f"{escape(name)}</text>")
        legend_x += 36 + 8 * len(name)
    parts.append("</svg>")
    return Markup("".join(parts))
