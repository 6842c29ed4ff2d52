"""Terminal views of a review (the meeting commands): ranking, summary, one submission, compare, search."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .terminal import SEVERITY_ZH, STATUS_ZH, console

KIND_ZH = {"cross": "跨申报", "within": "同一申报内", "against": "与往年材料"}


def _name(sub: dict[str, Any]) -> str:
    a = sub.get("applicant") or {}
    return a.get("name") or Path(sub["file"]).name


def print_ranking(review: dict[str, Any], top: int | None = None, app_type: str | None = None) -> None:
    from rich.table import Table

    out = console()
    for t in ("优秀场景", "示范工厂"):
        if app_type and t != app_type:
            continue
        subs = sorted((s for s in review["submissions"] if s["project_type"] == t), key=lambda s: s["rank"])
        if not subs:
            continue
        quota = review["settings"]["quotas"].get(t)
        table = Table(title=f"{t}（推荐名额 {quota}，已推荐 {review['summary']['recommended'].get(t, 0)}）")
        for col, just in (("排名", "right"), ("推荐", "center"), ("申报单位/文件", "left"), ("场景数", "right"),
                          ("自动分", "right"), ("专家分", "right"), ("总分", "right"), ("说明", "left")):
            table.add_column(col, justify=just)  # type: ignore[arg-type]
        for s in subs[: top or None]:
            sc = s["score"]
            mark = f"✔ {s['priority']}" if s["recommended"] else ("✘" if s["exclusions"] else "")
            table.add_row(str(s["rank"]), mark, _name(s), str(len(s["scenarios"])), f"{sc['auto']:.1f}",
                          "—" if sc["expert"] is None else f"{sc['expert']:.1f}", f"{sc['final']:.1f}", s["reason"])
        out.print(table)


def print_summary(review: dict[str, Any], written: Sequence[Path] = ()) -> None:
    s = review["summary"]
    out = console()
    rec = s["recommended"]
    lines = [
        f"共 {s['files']} 个文件：成功分析 {s['analysed']} 个（其中部分成功 {s['partial']} 个），失败 {s['failed']} 个；"
        f"本次复用已有结果 {s.get('reused', 0)} 个。",
        f"共 {s['scenarios']} 个场景；超字数 {s['over_limit']} 个；敏感内容错误 {s['sensitive_errors']} 处；"
        f"疑似重复 {s['duplicate_pairs']} 对、模板雷同群组 {s['duplicate_clusters']} 个。",
        f"推荐优秀场景 {rec.get('优秀场景', 0)} 个、示范工厂 {rec.get('示范工厂', 0)} 个；因问题不予推荐 {s['excluded']} 个。",
    ]
    for dup in review.get("identical_files", []):
        lines.append(f"内容完全相同的文件（只分析一次）：{'、'.join(Path(f).name for f in dup['files'])}")
    if written:
        lines.append("报告：" + "、".join(str(p) for p in written))
    for ln in lines:
        out.print(ln, markup=False)


def find_submission(review: dict[str, Any], ref: str) -> dict[str, Any]:
    from ..experts import resolve_submission

    sha = resolve_submission(review, ref)
    if sha is None and ref.isdigit():
        hits = [s for s in review["submissions"] if s["rank"] == int(ref)]
        if len(hits) > 1:
            which = "、".join(h["project_type"] + " " + _name(h) for h in hits)
            raise ConfigError(f"排名 {ref} 在多个项目类别中都有：{which}，请改用文件名或单位名称")
        sha = hits[0]["submission"] if hits else None
    if sha is None:
        hits = [s for s in review["submissions"] if ref in _name(s) or ref in Path(s["file"]).name]
        if len(hits) == 1:
            sha = hits[0]["submission"]
        elif len(hits) > 1:
            raise ConfigError(f"“{ref}”匹配到多份申报材料：{'、'.join(_name(h) for h in hits[:5])}，请写得更具体")
    for s in review["submissions"]:
        if s["submission"] == sha:
            return s
    raise ConfigError(f"工作区中找不到申报材料“{ref}”（可用文件名、单位名称、排名或哈希前缀）")


def print_submission(review: dict[str, Any], sub: dict[str, Any]) -> None:
    from .terminal import format_margin

    out = console()
    sc = sub["score"]
    out.print(f"{_name(sub)}　{sub['project_type']}　第 {sub['rank']} 名　总分 {sc['final']:.1f}"
              f"（自动 {sc['auto']:.1f}" + ("" if sc["expert"] is None else f"，专家 {sc['expert']:.1f}") + "）",
              style="bold", markup=False)
    out.print(f"文件：{sub['file']}　状态：{STATUS_ZH.get(sub['status'], sub['status'])}　{sub['reason']}", markup=False)
    out.print("得分构成：", style="bold")
    for c in sc["criteria"]:
        out.print(f"  {c['name']}（权重 {c['weight']}）：{c['score']:.0f}　依据：{'；'.join(c['evidence'])}", markup=False)
    for s in sub["scenarios"]:
        out.print()
        out.print(f"场景 {s['index']}：{s['title']}", style="bold", markup=False)
        out.print(f"  字数：{format_margin(s['counts']['words'], s['limit'])}"
                  + ("（OCR 识别，近似）" if s.get("text_source") == "ocr" else ""), markup=False)
        c = s.get("classification")
        if c and c["top"]:
            out.print("  典型场景：" + "；".join(f"{m['name']}（{m['score']:.2f}）" for m in c["top"])
                      + ("" if c["declared_matches"] is not False else f"　申报的“{s['declared_typical']}”与内容不符"),
                      markup=False)
        for f in s.get("findings", []):
            out.print(f"  [{SEVERITY_ZH[f['severity']]}] {f['message']}", markup=False)
            if f.get("evidence"):
                out.print(f"      原文：{f['evidence']}", markup=False)
    key_prefix = sub["submission"] + "#"
    dups = [d for d in review["duplicates"] if d["a"]["key"].startswith(key_prefix) or d["b"]["key"].startswith(key_prefix)]
    if dups:
        out.print()
        out.print("疑似重复：", style="bold")
        for d in dups:
            out.print(f"  {d['a']['label']} ↔ {d['b']['label']}（{KIND_ZH[d['kind']]}，复制比 {d['ratio_a']:.0%}/"
                      f"{d['ratio_b']:.0%}，最长共同段落 {d['longest']} 字）", markup=False)


def _scenario_ref(review: dict[str, Any], ref: str) -> tuple[dict[str, Any], dict[str, Any]]:
    base, _, idx = ref.partition("#")
    sub = find_submission(review, base)
    scenarios = sub["scenarios"]
    if not scenarios:
        raise ConfigError(f"“{base}”没有可比较的场景")
    if idx:
        hits = [s for s in scenarios if str(s["index"]) == idx]
        if not hits:
            raise ConfigError(f"“{base}”没有场景 {idx}（共 {len(scenarios)} 个）")
        return sub, hits[0]
    return sub, scenarios[0]


def print_compare(review: dict[str, Any], a_ref: str, b_ref: str) -> None:
    """Two scenarios side by side, shared passages highlighted (computed exactly, not from the cache)."""
    from rich.columns import Columns
    from rich.panel import Panel

    from ..duplicates import normalise, shared_passages
    from ..safetext import plain_text

    sa, a = _scenario_ref(review, a_ref)
    sb, b = _scenario_ref(review, b_ref)
    an, ao = normalise(a["text"])
    bn, bo = normalise(b["text"])
    passages, _ = shared_passages(an, ao, bn, bo, a["text"])
    ta, tb = plain_text(a["text"]), plain_text(b["text"])
    for p in passages:
        ta.stylize("reverse bold", p.a_start, p.a_end)
        tb.stylize("reverse bold", p.b_start, p.b_end)
    shared = sum(p.length for p in passages)
    out = console()
    out.print(f"共同段落 {len(passages)} 处，共 {shared} 字；复制比 {shared / max(1, len(an)):.0%}（左） / "
              f"{shared / max(1, len(bn)):.0%}（右）", style="bold", markup=False)
    width = max(40, (out.width - 4) // 2)
    out.print(Columns([Panel(ta, title=plain_text(f"{_name(sa)} 场景{a['index']}"), width=width),
                       Panel(tb, title=plain_text(f"{_name(sb)} 场景{b['index']}"), width=width)]))
    for i, p in enumerate(passages, 1):
        out.print(f"  [{i}] {p.text[:80]}{'…' if len(p.text) > 80 else ''}", markup=False)


def print_search(review: dict[str, Any], keyword: str) -> None:
    keyword = keyword.strip()
    if not keyword:
        raise ConfigError("检索关键词不能为空")
    out = console()
    hits = 0
    for sub in review["submissions"]:
        for s in sub["scenarios"]:
            text = s["text"]
            pos = text.find(keyword)
            while pos >= 0:
                hits += 1
                ctx = text[max(0, pos - 25): pos] + "【" + keyword + "】" + text[pos + len(keyword): pos + len(keyword) + 25]
                out.print(f"{_name(sub)} 场景{s['index']}《{s['title']}》：…{ctx.replace(chr(10), ' ')}…", markup=False)
                pos = text.find(keyword, pos + len(keyword))
    out.print(f"共 {hits} 处。" if hits else f"没有找到“{keyword}”。", markup=False)


def print_coverage(review: dict[str, Any]) -> None:
    from rich.table import Table

    rec = [s for s in review["submissions"] if s["recommended"]]
    industries = sorted({(s.get("applicant") or {}).get("industry") or "未注明" for s in rec})
    rows: dict[str, dict[str, int]] = {}
    for s in rec:
        ind = (s.get("applicant") or {}).get("industry") or "未注明"
        for sc in s["scenarios"]:
            c = sc.get("classification")
            if c and c["top"] and not c["none_fits"]:
                name = c["top"][0]["name"]
                rows.setdefault(name, {}).setdefault(ind, 0)
                rows[name][ind] += 1
    table = Table(title=f"推荐名单覆盖：{len(rows)} 个典型场景 × {len(industries)} 个行业")
    table.add_column("典型场景")
    for ind in industries:
        table.add_column(ind, justify="right")
    for name in sorted(rows):
        table.add_row(name, *[str(rows[name].get(ind, "")) for ind in industries])
    console().print(table)
