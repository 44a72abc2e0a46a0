"""Stacked bars as one inline SVG: the data walls of the HTML reports (``grouper progress``, ``grouper school``).

One bar a row (a week, a class or a tag), one segment a stage, as wide as its count. The page must read
on a projector and print in black and white, so colour is never the only sign: each stage has a
hatching of its own as well as a colour, each segment says its stage mark and count when they fit
(the mark alone when only that fits) and has a ``<title>`` with both, and the legend under the bars
pairs each swatch with the mark and the stage's label. No script, nothing fetched. Every label is the
teacher's text and is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

#: Fills, light enough for black labels, picked to stay apart for the common colour blindnesses.
FILLS = ("#9ecae1", "#fdd49e", "#a1d99b", "#d4b9da", "#fcbba1", "#c7e9c0", "#fee391", "#bcbddc", "#d9d9d9")
#: Hatchings drawn over the fills (one path each, in an 8 px tile), so the stages part in black and white too.
HATCHES = ("", "M0 8L8 0", "M0 4H8", "M0 0L8 8", "M4 0V8", "M0 8L8 0M0 0L8 8", "M0 2H8M0 6H8", "M0 4H8M4 0V8")

WIDTH = 720
BAR_AREA = 520
ROW = 28
GAP = 8
#: About how wide one character of the 12 px labels is, in pixels.
CHAR_PX = 7
LEGEND_ROW = 20


def _fit(text: str, width: float) -> bool:
    return CHAR_PX * len(text) + 4 <= width


def stacked_bars(
    rows: Sequence[tuple[str, Sequence[int]]], marks: Sequence[str], labels: Sequence[str], caption: str, key: str
) -> str:
    """One ``<svg>``: a bar per (row label, counts by stage), the stages' ``marks`` and ``labels`` in the legend.

    Every bar is drawn on one scale (the largest total), so the bars compare; a row with nobody in it
    says so instead. ``key`` names the chart's hatchings, unique on the page (ids are the page's).
    """
    e = html.escape
    chart = f"bars-{key}"
    label_w = min(220, max([60, *(CHAR_PX * len(r) + 12 for r, _ in rows)]))
    top = max([1, *(sum(c) for _, c in rows)])
    scale = BAR_AREA / top
    legend_items = [f"{m} {lab}" for m, lab in zip(marks, labels, strict=True)]
    # The legend, laid out in lines across the chart's width.
    placed: list[tuple[float, int, int, str]] = []
    x, line = 0.0, 0
    for i, item in enumerate(legend_items):
        w = 22 + CHAR_PX * len(item) + 16
        if x and x + w > WIDTH:
            x, line = 0.0, line + 1
        placed.append((x, line, i, item))
        x += w
    bars_h = len(rows) * (ROW + GAP)
    height = bars_h + 10 + (line + 1) * LEGEND_ROW
    words = "; ".join(
        f"{r}: " + ", ".join(f"{m} {lab} {n}" for m, lab, n in zip(marks, labels, c, strict=True) if n)
        for r, c in rows
    )
    out = [f'<svg class="stacked" width="{WIDTH}" height="{height}" '
           f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{e(caption)}: {e(words)}" '
           'font-family="sans-serif" font-size="12">',
           f"<title>{e(caption)}</title><defs>"]
    for i in range(len(marks)):
        hatch = HATCHES[i % len(HATCHES)]
        lines = f'<path d="{hatch}" stroke="#000" stroke-opacity=".45" stroke-width="1"/>' if hatch else ""
        out.append(f'<pattern id="{chart}-s{i}" width="8" height="8" patternUnits="userSpaceOnUse">'
                   f'<path d="M0 0H8V8H0Z" fill="{FILLS[i % len(FILLS)]}"/>{lines}</pattern>')
    out.append("</defs>")
    for r, (label, counts) in enumerate(rows):
        y = r * (ROW + GAP)
        mid = y + ROW / 2 + 4
        out.append(f'<text x="{label_w - 8}" y="{mid:.0f}" text-anchor="end">{e(label)}</text>')
        total = sum(counts)
        if not total:
            out.append(f'<text x="{label_w}" y="{mid:.0f}" fill="#555">no students</text>')
            continue
        left = float(label_w)
        for i, n in enumerate(counts):
            if not n:
                continue
            w = n * scale
            full, short = f"{marks[i]}: {n}", marks[i]
            text = full if _fit(full, w) else short if _fit(short, w) else ""
            out.append(f'<g><title>{e(labels[i])}: {n}</title>'
                       f'<rect x="{left:.1f}" y="{y}" width="{w:.1f}" height="{ROW}" fill="url(#{chart}-s{i})" '
                       'stroke="#000" stroke-width="1"/>'
                       + (f'<text x="{left + w / 2:.1f}" y="{mid:.0f}" text-anchor="middle" font-weight="bold" '
                          f'paint-order="stroke" stroke="#fff" stroke-width="3">{e(text)}</text>' if text else "")
                       + "</g>")
            left += w
        out.append(f'<text x="{left + 6:.1f}" y="{mid:.0f}">{total}</text>')
    for x, line, i, item in placed:
        y = bars_h + 10 + line * LEGEND_ROW
        out.append(f'<path d="M{x:.0f} {y}h16v14h-16Z" fill="url(#{chart}-s{i})" stroke="#000"/>'
                   f'<text x="{x + 22:.0f}" y="{y + 12}">{e(item)}</text>')
    out.append("</svg>")
    return "".join(out)
