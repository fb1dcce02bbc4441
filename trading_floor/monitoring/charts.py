"""SVG charts drawn by the floor itself (no JavaScript, no CDN).

Each function returns the markup of one <svg>; the template puts the same numbers in a table
beside it, for screen readers and for printing.
"""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 240
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 44, 12, 12, 40


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
    every = max(1, len(labels) // 8)
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
        legend_x += 24 + 8 * len(name)
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(title: str, rows: list[tuple[str, float, float]],
              targets: tuple[float, float] | None = None,
              names: tuple[str, str] = ("", "")) -> Markup:
    """Two horizontal bars per group (participation and access rates, 0–1), with target ticks."""
    label_w, bar_h, gap = 170, 8, 8
    row_h = 2 * bar_h + gap
    plot_w = WIDTH - label_w - 50
    height = PAD_TOP + row_h * len(rows) + 30
    parts = [f'<svg class="chart chart-bars" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{escape(title)}</title>"]
    for i, (label, first, second) in enumerate(rows):
        top = PAD_TOP + i * row_h
        short = label if len(label) <= 26 else label[:25] + "…"
        parts.append(f'<text class="axis" x="{label_w - 6}" y="{top + bar_h + 3}" '
                     f'text-anchor="end">{escape(short)}</text>')
        for k, (value, css) in enumerate(((first, "participation"), (second, "access"))):
            width = plot_w * min(max(value, 0.0), 1.0)
            y = top + k * bar_h
            parts.append(f'<rect class="bar {css}" x="{label_w}" y="{y}" width="{width:.1f}" '
                         f'height="{bar_h - 1}"/>')
            parts.append(f'<text class="value" x="{label_w + width + 4:.1f}" y="{y + bar_h - 1}">'
                         f"{_percent(value)}</text>")
    bottom = PAD_TOP + row_h * len(rows)
    if targets:
        for value, css in zip(targets, ("participation", "access"), strict=True):
            tx = label_w + plot_w * value
            parts.append(f'<line class="target {css}" x1="{tx:.1f}" x2="{tx:.1f}" '
                         f'y1="{PAD_TOP - 4}" y2="{bottom}"/>')
    legend_x = label_w
    for name, css in zip(names, ("participation", "access"), strict=True):
        parts.append(f'<rect class="bar {css}" x="{legend_x}" y="{bottom + 12}" width="12" '
                     f'height="8"/><text class="axis" x="{legend_x + 16}" y="{bottom + 20}">'
                     f"{escape(name)}</text>")
        legend_x += 40 + 7 * len(name)
    parts.append("</svg>")
    return Markup("".join(parts))
