"""Inline-SVG charts for report.html, drawn in Python (no script, no external library): the score
histogram and horizontal bar charts for coverage. Applicant-derived labels are escaped."""

from __future__ import annotations

from typing import Any

from .html_base import esc


def histogram_svg(subs: list[dict[str, Any]]) -> str:
    if not subs:
        return '<p class="empty">没有可统计的得分。</p>'
    bins = [[0, 0] for _ in range(20)]  # 5-point bins over 0..100: [recommended, other]
    for s in subs:
        bins[min(19, max(0, int(s["score"]["final"] // 5)))][0 if s["recommended"] else 1] += 1
    lo = min(i for i, b in enumerate(bins) if sum(b))
    shown = bins[max(0, lo - 1):]
    first = max(0, lo - 1)
    w, h, left, bottom, top = 560, 240, 34, 36, 14
    peak = max(sum(b) for b in shown)
    bw = (w - left - 10) / len(shown)
    scale = (h - bottom - top) / peak
    parts = [f'<svg viewBox="0 0 {w} {h}" role="img" aria-label="得分分布直方图">']
    for k in range(peak + 1):
        if peak <= 8 or k % max(1, peak // 6) == 0:
            y = h - bottom - k * scale
            parts.append(f'<line x1="{left}" x2="{w - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e8ef"/>'
                         f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="#5b6675">{k}</text>')
    for i, (yes, no) in enumerate(shown):
        x = left + i * bw
        lo_edge = (first + i) * 5
        for n, color, base in ((no, "#9fb3cc", 0), (yes, "#2e7d32", no)):
            if n:
                y = h - bottom - (base + n) * scale
                parts.append(f'<rect class="hbar" x="{x + 2:.1f}" y="{y:.1f}" width="{bw - 4:.1f}" height="{n * scale:.1f}" '
                             f'fill="{color}"><title>{lo_edge}–{lo_edge + 5} 分：{n} 份</title></rect>')
        if yes + no:
            parts.append(f'<text x="{x + bw / 2:.1f}" y="{h - bottom - (yes + no) * scale - 4:.1f}" font-size="11" '
                         f'text-anchor="middle" fill="#1d2733">{yes + no}</text>')
        parts.append(f'<text x="{x + bw / 2:.1f}" y="{h - bottom + 14}" font-size="10.5" text-anchor="middle" '
                     f'fill="#5b6675">{lo_edge}</text>')
    parts.append(f'<line x1="{left}" x2="{w - 10}" y1="{h - bottom}" y2="{h - bottom}" stroke="#5b6675"/>'
                 f'<text x="{w / 2:.0f}" y="{h - 4}" font-size="11.5" text-anchor="middle" fill="#5b6675">总分（分）</text>'
                 f'<rect x="{w - 170}" y="2" width="10" height="10" fill="#2e7d32"/><text x="{w - 156}" y="11" '
                 f'font-size="11">推荐</text><rect x="{w - 110}" y="2" width="10" height="10" fill="#9fb3cc"/>'
                 f'<text x="{w - 96}" y="11" font-size="11">未推荐</text></svg>')
    return "".join(parts)


def bars_svg(counts: dict[str, int], label: str) -> str:
    if not counts:
        return '<p class="empty">暂无数据（未进行场景归类或没有推荐材料）。</p>'
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    w, row, left = 560, 24, 220
    peak = max(counts.values())
    parts = [f'<svg viewBox="0 0 {w} {row * len(items) + 8}" role="img" aria-label="{esc(label)}">']
    for i, (name, n) in enumerate(items):
        y = 4 + i * row
        bw = (w - left - 40) * n / peak
        short = name if len(name) <= 15 else name[:14] + "…"
        parts.append(f'<text x="{left - 8}" y="{y + 15}" font-size="12" text-anchor="end" fill="#1d2733">'
                     f'<title>{esc(name)}</title>{esc(short)}</text>'
                     f'<rect class="cbar" x="{left}" y="{y + 3}" width="{bw:.1f}" height="{row - 8}" rx="2" fill="#2f6fb3"/>'
                     f'<text x="{left + bw + 6:.1f}" y="{y + 15}" font-size="12" fill="#1d2733">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)
