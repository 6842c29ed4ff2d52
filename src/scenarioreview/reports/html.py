"""report.html: one self-contained file for the review meeting (no external assets, works offline).

Everything is rendered here from the ``scenarioreview.review/1`` dict; the template, CSS and JS live in
``reports/templates`` as package data. The page stays readable without JavaScript (static tables,
cards and inline-SVG charts); the script only adds sorting and filtering. Every piece of applicant
text goes through ``_e`` (html.escape with quotes), and the JSON block for the script escapes ``<``
``>`` and ``&`` so no text can close the script element. Output is deterministic: no timestamps.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .json_report import write_atomic

TYPES = ("优秀场景", "示范工厂")
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_ZH = {"ok": "成功", "partial": "部分成功", "failed": "失败"}
KIND_ZH = {"cross": "跨申报", "within": "同一申报内", "against": "与往年材料"}
REGION_ZH = {"province": "省、自治区、直辖市", "plan-city": "计划单列市", "bingtuan": "新疆生产建设兵团"}
CRITERIA_ZH = {"compliance": "合规", "fit": "场景契合度", "completeness": "内容完整性", "quantified": "成效量化",
               "advanced": "技术先进性", "originality": "原创性", "readability": "可读性"}
_KEY_REF = re.compile(r"[0-9a-f]{64}#\d+")  # scenario keys (sha256#index) inside evidence strings
CONTEXT = 40  # characters shown either side of a finding


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


@lru_cache(maxsize=8192)
def _masked(text: str) -> str:
    """Personal data (phones, ID and card numbers, e-mails) masked: the page is shown on a projector,
    and the findings already carry masked evidence."""
    from ..checks.sensitive import mask_personal

    return mask_personal(text)


def _et(text: str) -> str:
    return _e(_masked(text))


def _view(text: str) -> Callable[[int, int], str]:
    """Escaped, masked slices of one narrative. Masking once keeps offsets when it preserves length (the
    usual case); otherwise each slice is masked on its own."""
    masked = _masked(text)
    if len(masked) == len(text):
        return lambda a, b: _e(masked[a:b])
    return lambda a, b: _et(text[a:b])


def _asset(name: str) -> str:
    return resources.files("scenarioreview.reports").joinpath("templates", name).read_text(encoding="utf-8")


def _script_json(obj: Any) -> str:
    """JSON safe inside <script>: no raw < > & can end the element or open a comment."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _name(sub: dict[str, Any]) -> str:
    return (sub.get("applicant") or {}).get("name") or Path(sub["file"]).name


def _top(sc: dict[str, Any]) -> dict[str, Any] | None:
    c = sc.get("classification") or {}
    return c["top"][0] if c.get("top") and not c.get("none_fits") else None


def _problems(sub: dict[str, Any]) -> bool:
    """Anything a reviewer must look at: exclusions, over-limit, an error or warning finding."""
    return bool(sub.get("exclusions")) or any(
        sc["over_limit"] or any(f["severity"] in ("error", "warning") for f in sc.get("findings", []))
        for sc in sub["scenarios"])


def _fmt(x: float | None, digits: int = 1) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def _pct(x: float) -> str:
    return f"{x:.0%}"


class _Ctx:
    """Lookups shared by the sections: card anchors, scenario texts by key, labels, typical names."""

    def __init__(self, review: dict[str, Any]) -> None:
        self.review = review
        self.subs: list[dict[str, Any]] = review.get("submissions", [])
        self.anchor = {s["submission"]: f"sub-{i}" for i, s in enumerate(self.subs, 1)}
        self.scenario: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
            f"{s['submission']}#{sc['index']}": (s, sc) for s in self.subs for sc in s["scenarios"]}
        self.labels = {side["key"]: side["label"] for d in review.get("duplicates", []) for side in (d["a"], d["b"])}
        self.typical = {m["id"]: m["name"] for s in self.subs for sc in s["scenarios"]
                        for m in ((sc.get("classification") or {}).get("top") or [])}

    def link(self, sha: str | None, text: str) -> str:
        a = self.anchor.get(sha or "")
        return f'<a href="#{a}">{_e(text)}</a>' if a else _e(text)

    def side_link(self, key: str) -> str:
        owner = self.scenario.get(key)
        return self.link(owner[0]["submission"] if owner else None, self.labels.get(key, key))

    def readable(self, text: str) -> str:
        return _KEY_REF.sub(lambda m: self.labels.get(m.group(0), m.group(0)[:12]), text)


# --- header ------------------------------------------------------------------------------------------

def _header(ctx: _Ctx) -> str:
    st, sm = ctx.review.get("settings", {}), ctx.review.get("summary", {})
    quotas = st.get("quotas", {})
    settings = [("地区类型", REGION_ZH.get(st.get("region_type"), st.get("region_type"))),
                ("推荐名额", "，".join(f"{t} {quotas[t]} 个" for t in TYPES if t in quotas)),
                ("评分细则", st.get("rubric")), ("典型场景版本", st.get("edition")),
                ("字数上限", f"{st['limit']:,} 字" if st.get("limit") else None),
                ("覆盖优化", "开启" if st.get("coverage") else "关闭"),
                ("被标记材料", "保留参与推荐" if st.get("keep_flagged") else "不予推荐"),
                ("往年材料比对", st.get("against") and Path(st["against"]).name)]
    dl = "".join(f"<div><dt>{_e(k)}：</dt><dd>{_e(v)}</dd></div>" for k, v in settings if v not in (None, ""))
    weights = "".join(f"<span>{_e(CRITERIA_ZH.get(k, k))} {_e(v)}</span>" for k, v in st.get("weights", {}).items())
    rec = sm.get("recommended", {})
    tiles = [(sm.get("files", 0), "文件", False), (sm.get("analysed", 0), "成功分析", False),
             (sm.get("failed", 0), "失败", sm.get("failed", 0) > 0), (sm.get("scenarios", 0), "场景", False),
             (sm.get("over_limit", 0), "超字数场景", sm.get("over_limit", 0) > 0),
             (sm.get("sensitive_errors", 0), "敏感内容错误", sm.get("sensitive_errors", 0) > 0),
             (sm.get("duplicate_pairs", 0), "疑似重复（对）", sm.get("duplicate_pairs", 0) > 0),
             (sm.get("duplicate_clusters", 0), "模板雷同群组", sm.get("duplicate_clusters", 0) > 0),
             (rec.get("优秀场景", 0), "推荐优秀场景", False), (rec.get("示范工厂", 0), "推荐示范工厂", False),
             (sm.get("excluded", 0), "因问题不予推荐", sm.get("excluded", 0) > 0)]
    tile_html = "".join(f'<div class="tile{" alert" if alert else ""}"><b>{_e(n)}</b><span>{_e(label)}</span></div>'
                        for n, label, alert in tiles)
    return (f'<header class="top"><h1>智能制造试点示范 · 场景申报材料审查报告</h1>'
            f'<div class="sub">{_e(ctx.review.get("generated_by", ""))} 生成　·　已扣除通用表述 '
            f'{_e(sm.get("boilerplate_shingles", 0))} 个片段（查重前）</div>'
            f'<dl class="settings">{dl}</dl><div class="weights">评分权重：{weights}</div>'
            f'<div class="tiles">{tile_html}</div></header>'
            '<nav class="toc"><a href="#recommend">推荐汇总</a><a href="#charts">统计图</a><a href="#all">全部申报</a>'
            '<a href="#dups">疑似重复</a><a href="#failed">失败文件</a><a href="#cards">逐份详情</a></nav>')


# --- 推荐汇总 (附件5 style) -----------------------------------------------------------------------------

def _recommend(ctx: _Ctx) -> str:
    st, out = ctx.review.get("settings", {}), []
    by_sha = {s["submission"]: s for s in ctx.subs}
    for t in TYPES:
        picked = [by_sha[sha] for sha in ctx.review.get("recommendation", {}).get(t, []) if sha in by_sha]
        out.append(f"<h3>{_e(t)}（推荐名额 {_e(st.get('quotas', {}).get(t, '—'))} 个，已推荐 {len(picked)} 个）</h3>")
        if not picked:
            out.append('<p class="empty">无推荐。</p>')
            continue
        rows = []
        for s in picked:
            a = s.get("applicant") or {}
            # one line per scenario, its typical scenario beside it, so wrapped titles cannot misalign
            titles = "".join(f'<div>{_e(sc["title"])}<span class="muted">（{_e(m["name"]) if (m := _top(sc)) else "未归类"}）'
                             "</span></div>" for sc in s["scenarios"])
            rows.append(f'<tr><td class="num">{_e(s["priority"])}</td><td>{ctx.link(s["submission"], _name(s))}</td>'
                        f'<td>{_e(a.get("credit_code") or "—")}</td><td>{_e(a.get("industry") or "—")}</td>'
                        f'<td>{_e(a.get("region") or "—")}</td><td>{titles}</td>'
                        f'<td class="num">{_fmt(s["score"]["final"])}</td><td class="reason">{_e(s["reason"])}</td></tr>')
        out.append('<div class="scroll"><table><thead><tr><th class="num">推荐顺序</th><th>申报单位</th>'
                   '<th>统一社会信用代码</th><th>所属行业</th><th>推荐单位/地市</th><th>场景名称（归类典型场景）</th>'
                   f'<th class="num">总分</th><th>说明</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>')
    return f'<section class="block" id="recommend"><h2>推荐汇总</h2>{"".join(out)}</section>'


# --- charts (inline SVG) ----------------------------------------------------------------------------

def _histogram(subs: list[dict[str, Any]]) -> str:
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


def _bars(counts: dict[str, int], label: str) -> str:
    if not counts:
        return '<p class="empty">暂无数据（未进行场景归类或没有推荐材料）。</p>'
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    w, row, left = 560, 24, 220
    peak = max(counts.values())
    parts = [f'<svg viewBox="0 0 {w} {row * len(items) + 8}" role="img" aria-label="{_e(label)}">']
    for i, (name, n) in enumerate(items):
        y = 4 + i * row
        bw = (w - left - 40) * n / peak
        short = name if len(name) <= 15 else name[:14] + "…"
        parts.append(f'<text x="{left - 8}" y="{y + 15}" font-size="12" text-anchor="end" fill="#1d2733">'
                     f'<title>{_e(name)}</title>{_e(short)}</text>'
                     f'<rect class="cbar" x="{left}" y="{y + 3}" width="{bw:.1f}" height="{row - 8}" rx="2" fill="#2f6fb3"/>'
                     f'<text x="{left + bw + 6:.1f}" y="{y + 15}" font-size="12" fill="#1d2733">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _charts(ctx: _Ctx) -> str:
    cov = ctx.review.get("coverage", {})
    typ = {f"{k} {ctx.typical.get(k, '')}".strip(): v for k, v in cov.get("typicals", {}).items()}
    blocks = [("得分分布（5 分一档）", _histogram(ctx.subs)),
              ("推荐场景覆盖：典型场景", _bars(typ, "推荐场景按典型场景统计")),
              ("推荐材料覆盖：所属行业", _bars(cov.get("industries", {}), "推荐材料按行业统计"))]
    inner = "".join(f'<div class="chart"><h3>{_e(t)}</h3>{svg}</div>' for t, svg in blocks)
    return f'<section class="block" id="charts"><h2>统计图</h2><div class="charts">{inner}</div></section>'


# --- all submissions (sortable, filterable) -------------------------------------------------------

def _all_table(ctx: _Ctx) -> str:
    rows = []
    for i, s in enumerate(ctx.subs, 1):
        a, sc = s.get("applicant") or {}, s["score"]
        words = max((x["counts"]["words"] for x in s["scenarios"]), default=0)
        over = any(x["over_limit"] for x in s["scenarios"])
        n_find = sum(1 for x in s["scenarios"] for f in x.get("findings", []) if f["severity"] != "info")
        if s["recommended"]:
            mark = f'<span class="badge yes">推荐 {_e(s["priority"])}</span>'
        elif s.get("exclusions"):
            mark = '<span class="badge excl">不予推荐</span>'
        else:
            mark = '<span class="badge no">未推荐</span>'
        titles = "；".join(x["title"] for x in s["scenarios"]) or "—"
        rows.append(
            f'<tr data-id="{ctx.anchor[s["submission"]]}" data-order="{i}" data-type="{_e(s["project_type"])}" '
            f'data-rec="{int(bool(s["recommended"]))}" data-issues="{int(_problems(s))}">'
            f'<td>{_e(s["project_type"])}</td><td class="num">{_e(s["rank"])}</td>'
            f'<td data-v="{0 if s["recommended"] else (2 if s.get("exclusions") else 1)}">{mark}</td>'
            f'<td>{ctx.link(s["submission"], _name(s))}<div class="muted">{_e(Path(s["file"]).name)}</div></td>'
            f'<td>{_e(a.get("region") or "—")}</td><td>{_e(a.get("industry") or "—")}</td><td>{_e(titles)}</td>'
            f'<td class="num">{len(s["scenarios"])}</td>'
            f'<td class="num{" over" if over else ""}" data-v="{words}">{words:,}</td>'
            f'<td class="num">{n_find}</td><td class="num" data-v="{sc["auto"]}">{_fmt(sc["auto"])}</td>'
            f'<td class="num" data-v="{"" if sc["expert"] is None else sc["expert"]}">{_fmt(sc["expert"])}</td>'
            f'<td class="num" data-v="{sc["final"]}"><b>{_fmt(sc["final"])}</b></td><td class="reason">{_e(s["reason"])}</td></tr>')
    options = "".join(f'<option value="{_e(t)}">{_e(t)}</option>' for t in TYPES)
    head = "".join(f'<th{" class=num" if num else ""}>{_e(h)}</th>' for h, num in (
        ("项目类别", False), ("排名", True), ("推荐", True), ("申报单位 / 文件", False), ("推荐单位/地市", False),
        ("行业", False), ("场景名称", False), ("场景数", True), ("最大字数", True), ("问题数", True),
        ("自动分", True), ("专家分", True), ("总分", True), ("说明", False)))
    return (f'<section class="block" id="all"><h2>全部申报材料</h2><div class="filters">'
            '<label>关键词 <input type="search" id="f-text" placeholder="单位、文件、场景名称、典型场景…"></label>'
            f'<label>项目类别 <select id="f-type"><option value="">全部</option>{options}</select></label>'
            '<label>是否推荐 <select id="f-rec"><option value="">全部</option><option value="1">推荐</option>'
            '<option value="0">未推荐</option></select></label>'
            '<label>有问题 <select id="f-issues"><option value="">全部</option><option value="1">有问题</option>'
            '<option value="0">无问题</option></select></label>'
            f'<span class="count" id="f-count">共 {len(ctx.subs)} 份</span></div>'
            f'<div class="scroll"><table class="sortable" id="subs"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>'
            '<p class="muted">“问题数”只计错误和警告；“有问题”指不予推荐、超字数或存在错误/警告。点击表头排序。</p></section>')


def _search_blob(s: dict[str, Any]) -> str:
    a = s.get("applicant") or {}
    parts: list[Any] = [_name(s), Path(s["file"]).name, s["project_type"], a.get("region"), a.get("industry"),
                        a.get("credit_code"), s.get("reason")]
    for sc in s["scenarios"]:
        parts += [sc["title"], sc.get("declared_typical"), (_top(sc) or {}).get("name")]
        parts += [f["message"] for f in sc.get("findings", [])]
    return " ".join(str(p) for p in parts if p).lower()


# --- duplicates and failed files ------------------------------------------------------------------

def _dups(ctx: _Ctx) -> str:
    dups = ctx.review.get("duplicates", [])
    rows = []
    for d in dups:
        longest = max(d["passages"], key=lambda p: p["length"])["text"] if d["passages"] else ""
        rows.append(f'<tr><td>{ctx.side_link(d["a"]["key"])}</td><td>{ctx.side_link(d["b"]["key"])}</td>'
                    f'<td>{_e(KIND_ZH.get(d["kind"], d["kind"]))}</td>'
                    f'<td class="num" data-v="{d["ratio_a"]}">{_pct(d["ratio_a"])}</td>'
                    f'<td class="num" data-v="{d["ratio_b"]}">{_pct(d["ratio_b"])}</td>'
                    f'<td class="num">{_e(d["longest"])}</td><td class="num">{len(d["passages"])}</td>'
                    f'<td class="num">{_e(d["subtracted"])}</td>'
                    f'<td>{_et(longest[:90])}{"…" if len(longest) > 90 else ""}</td></tr>')
    table = ('<p class="empty">未发现疑似重复。</p>' if not rows else
             '<div class="scroll"><table class="sortable" id="dup-table"><thead><tr><th>材料 A</th><th>材料 B</th>'
             '<th>类型</th><th class="num">A 复制比</th><th class="num">B 复制比</th><th class="num">最长共同段落（字）</th>'
             '<th class="num">共同段落数</th><th class="num">已扣除通用表述（字）</th><th>最长共同段落</th></tr></thead>'
             f'<tbody>{"".join(rows)}</tbody></table></div>')
    clusters = []
    for k, c in enumerate(ctx.review.get("clusters", []), 1):
        files = "、".join(ctx.link(sha, f) for sha, f in zip(c.get("submissions", []), c.get("files", [])))
        clusters.append(f'<li><b>群组 {k}</b>（{len(c["members"])} 个场景）：{"、".join(_e(m) for m in c["members"])}'
                        f'<div class="muted">涉及文件：{files}</div></li>')
    cl = (f'<h3>模板雷同群组（三份及以上）</h3><ol>{"".join(clusters)}</ol>' if clusters else "")
    return (f'<section class="block" id="dups"><h2>疑似重复</h2><p class="muted">复制比 = 与对方共同的文字占本方全文的比例；'
            f'指南原文、申报书提示语和常见政策表述已在比对前扣除。</p>{table}{cl}</section>')


def _failed(ctx: _Ctx) -> str:
    items = "".join(f'<tr><td>{_e(Path(f["file"]).name)}</td><td>{_e(f["error"]["code"])}</td>'
                    f'<td>{_e(f["error"]["message"])}</td></tr>' for f in ctx.review.get("failed", []))
    body = ('<p class="empty">全部文件均已成功读取。</p>' if not items else
            f'<table><thead><tr><th>文件</th><th>错误类型</th><th>原因</th></tr></thead><tbody>{items}</tbody></table>')
    return f'<section class="block" id="failed"><h2>失败文件</h2>{body}</section>'


# --- drill-down cards -----------------------------------------------------------------------------

def _marked(text: str, spans: Iterable[tuple[int, int]], elide: int = 0) -> str:
    """Escaped text with the (possibly overlapping) spans wrapped in <mark>; with ``elide``, unmarked runs
    longer than 2*elide+40 characters are shortened to their ends so evidence stays compact."""
    out, pos, view = [], 0, _view(text)

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
    head = f'<span class="badge {_e(sev)}">{_e(SEVERITY_ZH.get(sev, sev))}</span> {_e(f["message"])}'
    span = f.get("span")
    if f["check"] != "sensitive" and span and 0 <= span[0] < span[1] <= len(text) and span[1] - span[0] <= 120:
        s, e = span
        view = _view(text)
        ctx = ("…" + view(max(0, s - CONTEXT), s) + "<mark>" + view(s, e) + "</mark>"
               + view(e, min(len(text), e + CONTEXT)) + "…")
    else:  # sensitive evidence is already masked and in context; never re-read the raw text around it
        ctx = _e(f.get("evidence") or "")
    return f'<li>{head}{f"<span class=ctx>{ctx}</span>" if ctx else ""}</li>'


def _scenario(sc: dict[str, Any]) -> str:
    from ..counting import format_margin

    words, limit = sc["counts"]["words"], sc["limit"]
    cross = sc.get("limit_crossed_at")
    where = f"；第 {limit:,} 字位于第 {cross['paragraph']} 段" if cross and sc["over_limit"] else ""
    ocr = "（OCR 识别，近似）" if sc.get("text_source") == "ocr" else ""
    lines = [f'<h4>场景 {_e(sc["index"])}：{_e(sc["title"])}</h4>',
             (f'<div>字数：<span class="{"over" if sc["over_limit"] else ""}">{_e(format_margin(words, limit))}</span>'
              f'{_e(where)}{_e(ocr)}</div>')]
    c = sc.get("classification")
    declared = sc.get("declared_typical")
    if c:
        fit = {True: '<span class="badge yes">相符</span>', False: '<span class="badge error">不符</span>',
               None: '<span class="badge no">未申报或无法判断</span>'}[c.get("declared_matches")]
        tops = "；".join(f'{_e(m["name"])}（{_e(m["link"])}，{m["score"]:.2f}）' for m in c.get("top", []))
        lines.append(f'<div>申报典型场景：{_e(declared or "未填写")} {fit}　归类：{tops or "—"}'
                     f'{"　<b>无合适典型场景</b>" if c.get("none_fits") else ""}</div>')
        if c.get("keywords"):
            lines.append('<div class="chips">关键词：' + "".join(f"<span>{_e(k)}</span>" for k in c["keywords"]) + "</div>")
        if c.get("sentences"):
            lines.append('<div class="muted">依据句：' + " ".join(f"“{_et(x)}”" for x in c["sentences"]) + "</div>")
    elif declared:
        lines.append(f"<div>申报典型场景：{_e(declared)}（未进行归类）</div>")
    findings = sc.get("findings", [])
    if findings:
        order = {"error": 0, "warning": 1, "info": 2}
        items = "".join(_finding(f, sc["text"]) for f in sorted(findings, key=lambda f: order.get(f["severity"], 3)))
        lines.append(f'<ul class="findings">{items}</ul>')
    text = sc["text"]
    cut = cross["offset"] if cross and sc["over_limit"] else len(text)
    view = _view(text)
    body = view(0, cut) + (f'<span class="beyond">{view(cut, len(text))}</span>' if cut < len(text) else "")
    note = "（超出上限部分标红）" if cut < len(text) else ""
    lines.append(f'<details><summary>场景原文{note}</summary><div class="text">{body}</div></details>')
    return f'<div class="scn">{"".join(lines)}</div>'


def _score_table(ctx: _Ctx, s: dict[str, Any]) -> str:
    sc = s["score"]
    rows = []
    for c in sc["criteria"]:
        pct = max(0.0, min(100.0, c["score"]))
        ev = "".join(f"<li>{_e(ctx.readable(x))}</li>" for x in c["evidence"])
        rows.append(f'<tr><td>{_e(c["name"])}</td><td class="num">{_e(c["weight"])}</td>'
                    f'<td class="num">{c["score"]:.0f}</td><td><span class="bar track"><span class="bar" '
                    f'style="width:{pct:.0f}%"></span></span></td><td><ul class="evidence">{ev}</ul></td></tr>')
    rows.append(f'<tr class="total"><td>自动总分</td><td></td><td class="num">{_fmt(sc["auto"])}</td><td></td><td></td></tr>')
    if sc.get("expert") is not None:
        rows.append(f'<tr class="total"><td>专家评分（截尾均值）</td><td></td><td class="num">{_fmt(sc["expert"])}</td>'
                    '<td></td><td></td></tr>')
    rows.append(f'<tr class="total"><td>最终得分</td><td></td><td class="num">{_fmt(sc["final"])}</td><td></td>'
                f'<td>{_e(s["reason"])}</td></tr>')
    return ('<h3>得分构成</h3><table class="score"><thead><tr><th>评分项</th><th class="num">权重</th>'
            f'<th class="num">得分</th><th></th><th>依据</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _dup_side(ctx: _Ctx, key: str, spans: list[tuple[int, int]], passages: list[dict[str, Any]]) -> str:
    owner = ctx.scenario.get(key)
    if owner is None:  # an older corpus: only the shared passages are known
        body = "<br>".join(f"<mark>{_et(p['text'])}</mark>" for p in passages)
    else:
        body = _marked(owner[1]["text"], spans, elide=60)
    return f'<div><h5>{ctx.side_link(key)}</h5><div class="text">{body}</div></div>'


def _card_dups(ctx: _Ctx, s: dict[str, Any], limit: int = 8) -> str:
    prefix = f"{s['submission']}#"
    mine = [d for d in ctx.review.get("duplicates", [])
            if d["a"]["key"].startswith(prefix) or d["b"]["key"].startswith(prefix)]
    if not mine:
        return ""
    mine.sort(key=lambda d: -max(d["ratio_a"], d["ratio_b"]))
    out = [f"<h3>疑似重复（{len(mine)} 对）</h3>"]
    for d in mine[:limit]:
        head = (f'{_e(d["a"]["label"])} ↔ {_e(d["b"]["label"])}（{_e(KIND_ZH.get(d["kind"], d["kind"]))}，复制比 '
                f'{_pct(d["ratio_a"])} / {_pct(d["ratio_b"])}，最长共同段落 {_e(d["longest"])} 字，'
                f'共同段落 {len(d["passages"])} 处）')
        a = _dup_side(ctx, d["a"]["key"], [tuple(p["a"]) for p in d["passages"]], d["passages"])
        b = _dup_side(ctx, d["b"]["key"], [tuple(p["b"]) for p in d["passages"]], d["passages"])
        out.append(f'<details class="dup"><summary>{head}</summary><div class="side">{a}{b}</div></details>')
    if len(mine) > limit:
        out.append(f'<p class="muted">其余 {len(mine) - limit} 对见“疑似重复”表。</p>')
    return "".join(out)


def _card(ctx: _Ctx, s: dict[str, Any]) -> str:
    a = s.get("applicant") or {}
    badge = (f'<span class="badge yes">推荐第 {_e(s["priority"])} 位</span>' if s["recommended"] else
             '<span class="badge excl">不予推荐</span>' if s.get("exclusions") else '<span class="badge no">未推荐</span>')
    meta = [("项目类别", s["project_type"]), ("得分排名", s["rank"]), ("总分", _fmt(s["score"]["final"])),
            ("文件", Path(s["file"]).name), ("格式", s.get("format")), ("状态", STATUS_ZH.get(s["status"], s["status"])),
            ("统一社会信用代码", a.get("credit_code")), ("行业", a.get("industry")), ("地市", a.get("region")),
            ("成熟度自评", a.get("maturity_level") and f"{a['maturity_level']} 级")]
    meta_html = "".join(f"<span>{_e(k)}：{_e(v)}</span>" for k, v in meta if v not in (None, ""))
    parts = [(f'<article class="card" id="{ctx.anchor[s["submission"]]}"><header><h3>{_e(_name(s))} {badge}</h3>'
              f'<div class="meta">{meta_html}</div></header><div class="body">')]
    for ex in s.get("exclusions", []):
        parts.append(f'<div class="callout">不予推荐：{_e(ex["reason"])}</div>')
    for n in s.get("notices", []):
        page = f"（第 {n['page']} 页）" if n.get("page") else ""
        parts.append(f'<div class="muted">解析提示：{_e(n["message"])}{_e(page)}</div>')
    parts.append(_score_table(ctx, s))
    parts.append(f'<h3>场景（{len(s["scenarios"])} 个）</h3>')
    parts += [_scenario(sc) for sc in s["scenarios"]] or ['<p class="empty">未识别出场景。</p>']
    parts.append(_card_dups(ctx, s))
    parts.append('<p class="noprint"><a href="#all">返回列表</a></p></div></article>')
    return "".join(parts)


# --- page ---------------------------------------------------------------------------------------------

def render_html(review: dict[str, Any]) -> str:
    """The whole page as a string (deterministic for a given review dict)."""
    ctx = _Ctx(review)
    cards = "".join(_card(ctx, s) for s in ctx.subs) or '<p class="empty">没有成功分析的申报材料。</p>'
    body = (_header(ctx) + "<main>" + _recommend(ctx) + _charts(ctx) + _all_table(ctx) + _dups(ctx) + _failed(ctx)
            + f'<section class="block" id="cards"><h2>逐份详情</h2>{cards}</section></main>'
            + f'<footer class="foot">{_e(review.get("generated_by", ""))} · 评分细则为本工具自拟，仅供评审参考，'
              '不代替专家评审。</footer>')
    js = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    parts = {"title": "场景申报材料审查报告", "generator": _e(review.get("generated_by", "scenarioreview")),
             "css": _asset("report.css"), "body": body, "js": js, "script_hash": f"'sha256-{digest}'",
             "data": _script_json({"search": {ctx.anchor[s["submission"]]: _search_blob(s) for s in ctx.subs}})}
    return re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], _asset("report.html"))


def write_html(review: dict[str, Any], path: str | Path) -> None:
    """Write report.html atomically (readers never see half a file)."""
    write_atomic(path, render_html(review))
