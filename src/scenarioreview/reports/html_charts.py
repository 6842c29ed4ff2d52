"""Geometry of the inline-SVG charts of report.html (drawn by the template, escaped there): the score
histogram and horizontal bar charts. Labels are never cut: the label column is as wide as the longest label
and long labels wrap onto a second line."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from ..review.types import SubmissionResult

LABEL_PX = 12.5  # width of one full-width character at the chart's font size
LINE_CHARS = 18  # full-width characters per label line before it wraps


def _units(text: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)


def _wrap(text: str, width: float = LINE_CHARS) -> list[str]:
    """Lines of at most ``width`` units, broken after a space or 、，/ when one lies past the first third."""
    lines, cur = [], ""
    for ch in text:
        if _units(cur + ch) > width and cur:
            cut = max(cur.rfind(p) for p in " 、，/")
            if cut >= len(cur) // 3:
                lines.append(cur[: cut + 1].rstrip())
                cur = cur[cut + 1 :]
            else:
                lines.append(cur)
                cur = ""
        cur += ch
    return lines + [cur] if cur else lines


def histogram(subs: Sequence[SubmissionResult]) -> dict[str, Any] | None:
    if not subs:
        return None
    bins = [[0, 0] for _ in range(20)]  # 5-point bins over 0..100: [recommended, other]
    for s in subs:
        bins[min(19, max(0, int(s.score.final // 5)))][0 if s.recommended else 1] += 1
    lo = min(i for i, b in enumerate(bins) if sum(b))
    first = max(0, lo - 1)
    shown = bins[first:]
    w, h, left, bottom, top = 560, 240, 34, 36, 14
    peak = max(sum(b) for b in shown)
    bw = (w - left - 10) / len(shown)
    scale = (h - bottom - top) / peak
    grid = [
        {"y": round(h - bottom - k * scale, 1), "k": k}
        for k in range(peak + 1)
        if peak <= 8 or k % max(1, peak // 6) == 0
    ]
    cols = []
    for i, (yes, no) in enumerate(shown):
        x, lo_edge = left + i * bw, (first + i) * 5
        rects = [
            {"y": round(h - bottom - (base + n) * scale, 1), "h": round(n * scale, 1), "n": n, "color": color}
            for n, color, base in ((no, "#9fb3cc", 0), (yes, "#2e7d32", no))
            if n
        ]
        cols.append(
            {
                "x": round(x + 2, 1),
                "w": round(bw - 4, 1),
                "cx": round(x + bw / 2, 1),
                "lo": lo_edge,
                "hi": lo_edge + 5,
                "total": yes + no,
                "ty": round(h - bottom - (yes + no) * scale - 4, 1),
                "rects": rects,
            }
        )
    return {"w": w, "h": h, "left": left, "bottom": bottom, "grid": grid, "cols": cols, "axis_y": h - bottom}


def bars(counts: Mapping[str, int]) -> dict[str, Any] | None:
    if not counts:
        return None
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    wrapped = [(_wrap(name), n, name) for name, n in items]
    left = (
        int(min(LINE_CHARS, max(_units(line) for lines, _n, _name in wrapped for line in lines)) * LABEL_PX)
        + 16
    )
    w, line_h, peak = left + 360, 16, max(counts.values())
    rows, y = [], 4
    for lines, n, name in wrapped:
        height = max(24, line_h * len(lines) + 8)
        bw = (w - left - 40) * n / peak
        rows.append(
            {
                "y": y,
                "h": height,
                "lines": [{"text": t, "y": y + 16 + k * line_h} for k, t in enumerate(lines)],
                "bar_y": y + (height - 16) / 2,
                "bw": round(bw, 1),
                "n": n,
                "name": name,
                "ny": y + height / 2 + 4,
            }
        )
        y += height
    return {"w": w, "h": y + 4, "left": left, "rows": rows}
