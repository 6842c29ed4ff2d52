"""report.html: one self-contained file for the review meeting (no external assets, works offline).

Rendered from the ``scenarioreview.review/1`` dict: the page and its tables here, the drill-down cards in
``html_cards``, the inline-SVG charts in ``html_charts``, shared helpers in ``html_base``; the template,
CSS and JS live in ``reports/templates`` as package data. The page stays readable without JavaScript (static tables,
cards and inline-SVG charts); the script only adds sorting and filtering. Every piece of applicant
text goes through ``esc`` (html.escape with quotes), and the JSON block for the script escapes ``<``
``>`` and ``&`` so no text can close the script element. Output is deterministic: no timestamps.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from .html_base import (
    CRITERIA_ZH,
    KIND_ZH,
    REGION_ZH,
    TYPES,
    Ctx,
    esc,
    esc_text,
    fmt,
    has_problems,
    pct,
    sub_name,
    top_match,
)
from .html_cards import card
from .html_charts import bars_svg, histogram_svg
from .json_report import write_atomic


def _asset(name: str) -> str:
    return resources.files("scenarioreview.reports").joinpath("templates", name).read_text(encoding="utf-8")


def _script_json(obj: Any) -> str:
    """JSON safe inside <script>: no raw < > & can end the element or open a comment."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")



# --- header ------------------------------------------------------------------------------------------

def _header(ctx: Ctx) -> str:
    st, sm = ctx.review.get("settings", {}), ctx.review.get("summary", {})
    quotas = st.get("quotas", {})
    settings = [("地区类型", REGION_ZH.get(st.get("region_type"), st.get("region_type"))),
                ("推荐名额", "，".join(f"{t} {quotas[t]} 个" for t in TYPES if t in quotas)),
                ("评分细则", st.get("rubric")), ("典型场景版本", st.get("edition")),
                ("字数上限", f"{st['limit']:,} 字" if st.get("limit") else None),
                ("覆盖优化", "开启" if st.get("coverage") else "关闭"),
                ("被标记材料", "保留参与推荐" if st.get("keep_flagged") else "不予推荐"),
                ("往年材料比对", st.get("against") and Path(st["against"]).name)]
    dl = "".join(f"<div><dt>{esc(k)}：</dt><dd>{esc(v)}</dd></div>" for k, v in settings if v not in (None, ""))
    weights = "".join(f"<span>{esc(CRITERIA_ZH.get(k, k))} {esc(v)}</span>" for k, v in st.get("weights", {}).items())
    rec = sm.get("recommended", {})
    tiles = [(sm.get("files", 0), "文件", False), (sm.get("analysed", 0), "成功分析", False),
             (sm.get("failed", 0), "失败", sm.get("failed", 0) > 0), (sm.get("scenarios", 0), "场景", False),
             (sm.get("over_limit", 0), "超字数场景", sm.get("over_limit", 0) > 0),
             (sm.get("sensitive_errors", 0), "敏感内容错误", sm.get("sensitive_errors", 0) > 0),
             (sm.get("duplicate_pairs", 0), "疑似重复（对）", sm.get("duplicate_pairs", 0) > 0),
             (sm.get("duplicate_clusters", 0), "模板雷同群组", sm.get("duplicate_clusters", 0) > 0),
             (rec.get("优秀场景", 0), "推荐优秀场景", False), (rec.get("示范工厂", 0), "推荐示范工厂", False),
             (sm.get("excluded", 0), "因问题不予推荐", sm.get("excluded", 0) > 0)]
    tile_html = "".join(f'<div class="tile{" alert" if alert else ""}"><b>{esc(n)}</b><span>{esc(label)}</span></div>'
                        for n, label, alert in tiles)
    return (f'<header class="top"><h1>智能制造试点示范 · 场景申报材料审查报告</h1>'
            f'<div class="sub">{esc(ctx.review.get("generated_by", ""))} 生成　·　已扣除通用表述 '
            f'{esc(sm.get("boilerplate_shingles", 0))} 个片段（查重前）</div>'
            f'<dl class="settings">{dl}</dl><div class="weights">评分权重：{weights}</div>'
            f'<div class="tiles">{tile_html}</div></header>'
            '<nav class="toc"><a href="#recommend">推荐汇总</a><a href="#charts">统计图</a><a href="#all">全部申报</a>'
            '<a href="#dups">疑似重复</a><a href="#failed">失败文件</a><a href="#cards">逐份详情</a></nav>')


# --- 推荐汇总 (附件5 style) -----------------------------------------------------------------------------

def _recommend(ctx: Ctx) -> str:
    st, out = ctx.review.get("settings", {}), []
    by_sha = {s["submission"]: s for s in ctx.subs}
    for t in TYPES:
        picked = [by_sha[sha] for sha in ctx.review.get("recommendation", {}).get(t, []) if sha in by_sha]
        out.append(f"<h3>{esc(t)}（推荐名额 {esc(st.get('quotas', {}).get(t, '—'))} 个，已推荐 {len(picked)} 个）</h3>")
        if not picked:
            out.append('<p class="empty">无推荐。</p>')
            continue
        rows = []
        for s in picked:
            a = s.get("applicant") or {}
            # one line per scenario, its typical scenario beside it, so wrapped titles cannot misalign
            titles = "".join(f'<div>{esc(sc["title"])}<span class="muted">（{esc(m["name"]) if (m := top_match(sc)) else "未归类"}）'
                             "</span></div>" for sc in s["scenarios"])
            rows.append(f'<tr><td class="num">{esc(s["priority"])}</td><td>{ctx.link(s["submission"], sub_name(s))}</td>'
                        f'<td>{esc(a.get("credit_code") or "—")}</td><td>{esc(a.get("industry") or "—")}</td>'
                        f'<td>{esc(a.get("region") or "—")}</td><td>{titles}</td>'
                        f'<td class="num">{fmt(s["score"]["final"])}</td><td class="reason">{esc(s["reason"])}</td></tr>')
        out.append('<div class="scroll"><table><thead><tr><th class="num">推荐顺序</th><th>申报单位</th>'
                   '<th>统一社会信用代码</th><th>所属行业</th><th>推荐单位/地市</th><th>场景名称（归类典型场景）</th>'
                   f'<th class="num">总分</th><th>说明</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>')
    return f'<section class="block" id="recommend"><h2>推荐汇总</h2>{"".join(out)}</section>'


def _charts(ctx: Ctx) -> str:
    cov = ctx.review.get("coverage", {})
    typ = {f"{k} {ctx.typical.get(k, '')}".strip(): v for k, v in cov.get("typicals", {}).items()}
    blocks = [("得分分布（5 分一档）", histogram_svg(ctx.subs)),
              ("推荐场景覆盖：典型场景", bars_svg(typ, "推荐场景按典型场景统计")),
              ("推荐材料覆盖：所属行业", bars_svg(cov.get("industries", {}), "推荐材料按行业统计"))]
    inner = "".join(f'<div class="chart"><h3>{esc(t)}</h3>{svg}</div>' for t, svg in blocks)
    return f'<section class="block" id="charts"><h2>统计图</h2><div class="charts">{inner}</div></section>'


# --- all submissions (sortable, filterable) -------------------------------------------------------

def _all_table(ctx: Ctx) -> str:
    rows = []
    for i, s in enumerate(ctx.subs, 1):
        a, sc = s.get("applicant") or {}, s["score"]
        words = max((x["counts"]["words"] for x in s["scenarios"]), default=0)
        over = any(x["over_limit"] for x in s["scenarios"])
        n_find = sum(1 for x in s["scenarios"] for f in x.get("findings", []) if f["severity"] != "info")
        if s["recommended"]:
            mark = f'<span class="badge yes">推荐 {esc(s["priority"])}</span>'
        elif s.get("exclusions"):
            mark = '<span class="badge excl">不予推荐</span>'
        else:
            mark = '<span class="badge no">未推荐</span>'
        titles = "；".join(x["title"] for x in s["scenarios"]) or "—"
        rows.append(
            f'<tr data-id="{ctx.anchor[s["submission"]]}" data-order="{i}" data-type="{esc(s["project_type"])}" '
            f'data-rec="{int(bool(s["recommended"]))}" data-issues="{int(has_problems(s))}">'
            f'<td>{esc(s["project_type"])}</td><td class="num">{esc(s["rank"])}</td>'
            f'<td data-v="{0 if s["recommended"] else (2 if s.get("exclusions") else 1)}">{mark}</td>'
            f'<td>{ctx.link(s["submission"], sub_name(s))}<div class="muted">{esc(Path(s["file"]).name)}</div></td>'
            f'<td>{esc(a.get("region") or "—")}</td><td>{esc(a.get("industry") or "—")}</td><td>{esc(titles)}</td>'
            f'<td class="num">{len(s["scenarios"])}</td>'
            f'<td class="num{" over" if over else ""}" data-v="{words}">{words:,}</td>'
            f'<td class="num">{n_find}</td><td class="num" data-v="{sc["auto"]}">{fmt(sc["auto"])}</td>'
            f'<td class="num" data-v="{"" if sc["expert"] is None else sc["expert"]}">{fmt(sc["expert"])}</td>'
            f'<td class="num" data-v="{sc["final"]}"><b>{fmt(sc["final"])}</b></td><td class="reason">{esc(s["reason"])}</td></tr>')
    options = "".join(f'<option value="{esc(t)}">{esc(t)}</option>' for t in TYPES)
    head = "".join(f'<th{" class=num" if num else ""}>{esc(h)}</th>' for h, num in (
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
            '<p class="muted">“问题数”只计错误和警告；“有问题”指不予推荐、超字数或存在错误/警告。点击表头排序。'
            '筛选和排序会写入地址栏（如 report.html#filter=关键词&amp;type=优秀场景&amp;rec=1&amp;issues=1&amp;sort=总分:desc），'
            '可收藏或发给他人直接打开。</p></section>')


def _search_blob(s: dict[str, Any]) -> str:
    a = s.get("applicant") or {}
    parts: list[Any] = [sub_name(s), Path(s["file"]).name, s["project_type"], a.get("region"), a.get("industry"),
                        a.get("credit_code"), s.get("reason")]
    for sc in s["scenarios"]:
        parts += [sc["title"], sc.get("declared_typical"), (top_match(sc) or {}).get("name")]
        parts += [f["message"] for f in sc.get("findings", [])]
    return " ".join(str(p) for p in parts if p).lower()


# --- duplicates and failed files ------------------------------------------------------------------

def _dups(ctx: Ctx) -> str:
    dups = ctx.review.get("duplicates", [])
    rows = []
    for d in dups:
        longest = max(d["passages"], key=lambda p: p["length"])["text"] if d["passages"] else ""
        rows.append(f'<tr><td>{ctx.side_link(d["a"]["key"])}</td><td>{ctx.side_link(d["b"]["key"])}</td>'
                    f'<td>{esc(KIND_ZH.get(d["kind"], d["kind"]))}</td>'
                    f'<td class="num" data-v="{d["ratio_a"]}">{pct(d["ratio_a"])}</td>'
                    f'<td class="num" data-v="{d["ratio_b"]}">{pct(d["ratio_b"])}</td>'
                    f'<td class="num">{esc(d["longest"])}</td><td class="num">{len(d["passages"])}</td>'
                    f'<td class="num">{esc(d["subtracted"])}</td>'
                    f'<td>{esc_text(longest[:90])}{"…" if len(longest) > 90 else ""}</td></tr>')
    table = ('<p class="empty">未发现疑似重复。</p>' if not rows else
             '<div class="scroll"><table class="sortable" id="dup-table"><thead><tr><th>材料 A</th><th>材料 B</th>'
             '<th>类型</th><th class="num">A 复制比</th><th class="num">B 复制比</th><th class="num">最长共同段落（字）</th>'
             '<th class="num">共同段落数</th><th class="num">已扣除通用表述（字）</th><th>最长共同段落</th></tr></thead>'
             f'<tbody>{"".join(rows)}</tbody></table></div>')
    clusters = []
    for k, c in enumerate(ctx.review.get("clusters", []), 1):
        files = "、".join(ctx.link(sha, f) for sha, f in zip(c.get("submissions", []), c.get("files", [])))
        clusters.append(f'<li><b>群组 {k}</b>（{len(c["members"])} 个场景）：{"、".join(esc(m) for m in c["members"])}'
                        f'<div class="muted">涉及文件：{files}</div></li>')
    cl = (f'<h3>模板雷同群组（三份及以上）</h3><ol>{"".join(clusters)}</ol>' if clusters else "")
    return (f'<section class="block" id="dups"><h2>疑似重复</h2><p class="muted">复制比 = 与对方共同的文字占本方全文的比例；'
            f'指南原文、申报书提示语和常见政策表述已在比对前扣除。</p>{table}{cl}</section>')


def _failed(ctx: Ctx) -> str:
    items = "".join(f'<tr><td>{esc(Path(f["file"]).name)}</td><td>{esc(f["error"]["code"])}</td>'
                    f'<td>{esc(f["error"]["message"])}</td></tr>' for f in ctx.review.get("failed", []))
    body = ('<p class="empty">全部文件均已成功读取。</p>' if not items else
            f'<table><thead><tr><th>文件</th><th>错误类型</th><th>原因</th></tr></thead><tbody>{items}</tbody></table>')
    return f'<section class="block" id="failed"><h2>失败文件</h2>{body}</section>'


# --- page ---------------------------------------------------------------------------------------------

def render_html(review: dict[str, Any]) -> str:
    """The whole page as a string (deterministic for a given review dict)."""
    ctx = Ctx(review)
    cards = "".join(card(ctx, s) for s in ctx.subs) or '<p class="empty">没有成功分析的申报材料。</p>'
    body = (_header(ctx) + "<main>" + _recommend(ctx) + _charts(ctx) + _all_table(ctx) + _dups(ctx) + _failed(ctx)
            + f'<section class="block" id="cards"><h2>逐份详情</h2>{cards}</section></main>'
            + f'<footer class="foot">{esc(review.get("generated_by", ""))} · 评分细则为本工具自拟，仅供评审参考，'
              '不代替专家评审。</footer>')
    js = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    parts = {"title": "场景申报材料审查报告", "generator": esc(review.get("generated_by", "scenarioreview")),
             "css": _asset("report.css"), "body": body, "js": js, "script_hash": f"'sha256-{digest}'",
             "data": _script_json({"search": {ctx.anchor[s["submission"]]: _search_blob(s) for s in ctx.subs}})}
    return re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], _asset("report.html"))


def write_html(review: dict[str, Any], path: str | Path) -> None:
    """Write report.html atomically (readers never see half a file)."""
    write_atomic(path, render_html(review))
