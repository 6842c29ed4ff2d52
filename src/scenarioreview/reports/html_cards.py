"""Drill-down cards of report.html: per submission the score breakdown with evidence, per scenario the
count and margin, classification and findings in context, and duplicate evidence side by side."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .html_base import (
    CONTEXT,
    KIND_ZH,
    SEVERITY_ZH,
    STATUS_ZH,
    Ctx,
    esc,
    esc_text,
    fmt,
    pct,
    sub_name,
    text_view,
)


def _marked(text: str, spans: Iterable[tuple[int, int]], elide: int = 0) -> str:
    """Escaped text with the (possibly overlapping) spans wrapped in <mark>; with ``elide``, unmarked runs
    longer than 2*elide+40 characters are shortened to their ends so evidence stays compact."""
    out, pos, view = [], 0, text_view(text)

    def plain(a: int, b: int) -> str:
        head = 0 if a == 0 else elide
        tail = 0 if b == len(text) else elide
        if not elide or b - a <= head + tail + 40:
            return view(a, b)
        return view(a, a + head) + f'<span class="gap">…（略 {b - a - head - tail:,} 字）…</span>' + view(b - tail, b)

    for start, end in sorted((max(0, a), min(len(text), b)) for a, b in spans):
        start = max(start, pos)
        if end <= start:
            continue
        out += [plain(pos, start), "<mark>", view(start, end), "</mark>"]
        pos = end
    out.append(plain(pos, len(text)))
    return "".join(out)


def _finding(f: dict[str, Any], text: str) -> str:
    sev = f["severity"]
    head = f'<span class="badge {esc(sev)}">{esc(SEVERITY_ZH.get(sev, sev))}</span> {esc(f["message"])}'
    span = f.get("span")
    if f["check"] != "sensitive" and span and 0 <= span[0] < span[1] <= len(text) and span[1] - span[0] <= 120:
        s, e = span
        view = text_view(text)
        ctx = ("…" + view(max(0, s - CONTEXT), s) + "<mark>" + view(s, e) + "</mark>"
               + view(e, min(len(text), e + CONTEXT)) + "…")
    else:  # sensitive evidence is already masked and in context; never re-read the raw text around it
        ctx = esc(f.get("evidence") or "")
    return f'<li>{head}{f"<span class=ctx>{ctx}</span>" if ctx else ""}</li>'


def _scenario(sc: dict[str, Any]) -> str:
    from ..counting import format_margin

    words, limit = sc["counts"]["words"], sc["limit"]
    cross = sc.get("limit_crossed_at")
    where = f"；超出部分从第 {cross['paragraph']} 段开始" if cross and sc["over_limit"] else ""
    ocr = "（OCR 识别，近似）" if sc.get("text_source") == "ocr" else ""
    lines = [f'<h4>场景 {esc(sc["index"])}：{esc(sc["title"])}</h4>',
             (f'<div>字数：<span class="{"over" if sc["over_limit"] else ""}">{esc(format_margin(words, limit))}</span>'
              f'{esc(where)}{esc(ocr)}</div>')]
    c = sc.get("classification")
    declared = sc.get("declared_typical")
    if c:
        fit = {True: '<span class="badge yes">相符</span>', False: '<span class="badge error">不符</span>',
               None: '<span class="badge no">未申报或无法判断</span>'}[c.get("declared_matches")]
        tops = "；".join(f'{esc(m["name"])}（{esc(m["link"])}，{m["score"]:.2f}）' for m in c.get("top", []))
        lines.append(f'<div>申报典型场景：{esc(declared or "未填写")} {fit}　归类：{tops or "—"}'
                     f'{"　<b>无合适典型场景</b>" if c.get("none_fits") else ""}</div>')
        if c.get("keywords"):
            lines.append('<div class="chips">关键词：' + "".join(f"<span>{esc(k)}</span>" for k in c["keywords"]) + "</div>")
        if c.get("sentences"):
            lines.append('<div class="muted">依据句：' + " ".join(f"“{esc_text(x)}”" for x in c["sentences"]) + "</div>")
    elif declared:
        lines.append(f"<div>申报典型场景：{esc(declared)}（未进行归类）</div>")
    findings = sc.get("findings", [])
    if findings:
        order = {"error": 0, "warning": 1, "info": 2}
        items = "".join(_finding(f, sc["text"]) for f in sorted(findings, key=lambda f: order.get(f["severity"], 3)))
        lines.append(f'<ul class="findings">{items}</ul>')
    text = sc["text"]
    cut = cross["offset"] if cross and sc["over_limit"] else len(text)
    view = text_view(text)
    body = view(0, cut) + (f'<span class="beyond">{view(cut, len(text))}</span>' if cut < len(text) else "")
    note = "（超出上限部分标红）" if cut < len(text) else ""
    lines.append(f'<details><summary>场景原文{note}</summary><div class="text">{body}</div></details>')
    return f'<div class="scn">{"".join(lines)}</div>'


def _score_table(ctx: Ctx, s: dict[str, Any]) -> str:
    sc = s["score"]
    rows = []
    for c in sc["criteria"]:
        pct = max(0.0, min(100.0, c["score"]))
        ev = "".join(f"<li>{esc(ctx.readable(x))}</li>" for x in c["evidence"])
        rows.append(f'<tr><td>{esc(c["name"])}</td><td class="num">{esc(c["weight"])}</td>'
                    f'<td class="num">{c["score"]:.0f}</td><td><span class="bar track"><span class="bar" '
                    f'style="width:{pct:.0f}%"></span></span></td><td><ul class="evidence">{ev}</ul></td></tr>')
    rows.append(f'<tr class="total"><td>自动总分</td><td></td><td class="num">{fmt(sc["auto"])}</td><td></td><td></td></tr>')
    if sc.get("expert") is not None:
        rows.append(f'<tr class="total"><td>专家评分（截尾均值）</td><td></td><td class="num">{fmt(sc["expert"])}</td>'
                    '<td></td><td></td></tr>')
    rows.append(f'<tr class="total"><td>最终得分</td><td></td><td class="num">{fmt(sc["final"])}</td><td></td>'
                f'<td>{esc(s["reason"])}</td></tr>')
    return ('<h3>得分构成</h3><table class="score"><thead><tr><th>评分项</th><th class="num">权重</th>'
            f'<th class="num">得分</th><th></th><th>依据</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _dup_side(ctx: Ctx, key: str, spans: list[tuple[int, int]], passages: list[dict[str, Any]]) -> str:
    owner = ctx.scenario.get(key)
    if owner is None:  # an older corpus: only the shared passages are known
        body = "<br>".join(f"<mark>{esc_text(p['text'])}</mark>" for p in passages)
    else:
        body = _marked(owner[1]["text"], spans, elide=60)
    return f'<div><h5>{ctx.side_link(key)}</h5><div class="text">{body}</div></div>'


def _card_dups(ctx: Ctx, s: dict[str, Any], limit: int = 8) -> str:
    prefix = f"{s['submission']}#"
    mine = [d for d in ctx.review.get("duplicates", [])
            if d["a"]["key"].startswith(prefix) or d["b"]["key"].startswith(prefix)]
    if not mine:
        return ""
    mine.sort(key=lambda d: -max(d["ratio_a"], d["ratio_b"]))
    out = [f"<h3>疑似重复（{len(mine)} 对）</h3>"]
    for d in mine[:limit]:
        head = (f'{esc(d["a"]["label"])} ↔ {esc(d["b"]["label"])}（{esc(KIND_ZH.get(d["kind"], d["kind"]))}，复制比 '
                f'{pct(d["ratio_a"])} / {pct(d["ratio_b"])}，最长共同段落 {esc(d["longest"])} 字，'
                f'共同段落 {len(d["passages"])} 处）')
        a = _dup_side(ctx, d["a"]["key"], [tuple(p["a"]) for p in d["passages"]], d["passages"])
        b = _dup_side(ctx, d["b"]["key"], [tuple(p["b"]) for p in d["passages"]], d["passages"])
        out.append(f'<details class="dup"><summary>{head}</summary><div class="side">{a}{b}</div></details>')
    if len(mine) > limit:
        out.append(f'<p class="muted">其余 {len(mine) - limit} 对见“疑似重复”表。</p>')
    return "".join(out)


def card(ctx: Ctx, s: dict[str, Any]) -> str:
    a = s.get("applicant") or {}
    badge = (f'<span class="badge yes">推荐第 {esc(s["priority"])} 位</span>' if s["recommended"] else
             '<span class="badge excl">不予推荐</span>' if s.get("exclusions") else '<span class="badge no">未推荐</span>')
    meta = [("项目类别", s["project_type"]), ("得分排名", s["rank"]), ("总分", fmt(s["score"]["final"])),
            ("文件", Path(s["file"]).name), ("格式", s.get("format")), ("状态", STATUS_ZH.get(s["status"], s["status"])),
            ("统一社会信用代码", a.get("credit_code")), ("行业", a.get("industry")), ("地市", a.get("region")),
            ("成熟度自评", a.get("maturity_level") and f"{a['maturity_level']} 级")]
    meta_html = "".join(f"<span>{esc(k)}：{esc(v)}</span>" for k, v in meta if v not in (None, ""))
    parts = [(f'<article class="card" id="{ctx.anchor[s["submission"]]}"><header><h3>{esc(sub_name(s))} {badge}</h3>'
              f'<div class="meta">{meta_html}</div></header><div class="body">')]
    for ex in s.get("exclusions", []):
        parts.append(f'<div class="callout">不予推荐：{esc(ex["reason"])}</div>')
    for n in s.get("notices", []):
        page = f"（第 {n['page']} 页）" if n.get("page") else ""
        parts.append(f'<div class="muted">解析提示：{esc(n["message"])}{esc(page)}</div>')
    parts.append(_score_table(ctx, s))
    parts.append(f'<h3>场景（{len(s["scenarios"])} 个）</h3>')
    parts += [_scenario(sc) for sc in s["scenarios"]] or ['<p class="empty">未识别出场景。</p>']
    parts.append(_card_dups(ctx, s))
    parts.append('<p class="noprint"><a href="#all">返回列表</a></p></div></article>')
    return "".join(parts)
