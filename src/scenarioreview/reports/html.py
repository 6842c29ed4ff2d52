"""report.html: one self-contained file for the review meeting (no external assets, works offline).

Rendered with Jinja2 from templates in ``reports/templates`` (package data) with autoescaping on: the Python
side (here, ``html_cards``, ``html_charts``) only prepares plain data, so no applicant text can reach the page
unescaped. Only our own CSS, script and the script-safe JSON block are passed as markup. The page stays
readable without JavaScript; the script adds sorting and filtering. Output is deterministic (no timestamps).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from markupsafe import Markup  # comes with Jinja2

from ..atomic import write_atomic
from ..labels import CRITERIA_ZH, KIND_ZH, REGION_ZH, error_zh
from ..review.types import APP_TYPES, LOW_OCR_CONFIDENCE, Review, SubmissionResult
from .html_base import Ctx, fmt, has_problems, mask_text, pct
from .html_cards import card
from .html_charts import bars, histogram


def _asset(name: str) -> str:
    return (
        resources.files("scenarioreview.reports")
        .joinpath("templates")
        .joinpath(name)
        .read_text(encoding="utf-8")
    )


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _printable(value: Any) -> Any:
    """Every value a template prints, without control characters (terminal escapes, bells) that applicant
    text may carry; our own markup (CSS, script, the JSON block) passes unchanged."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return _CONTROL.sub("", value)
    return value


@cache
def _env() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("scenarioreview.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_printable,
    )
    env.filters.update(fmt=fmt, pct=pct, masked=mask_text)
    return env


def _script_json(obj: Any) -> str:
    """JSON safe inside <script>: no raw < > & can end the element or open a comment."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _banner(review: Review) -> list[str]:
    """What a reviewer must know before trusting the ranking: forms that could not be judged."""
    sm, subs = review.summary, review.submissions
    lines = []
    if sm.failed:
        lines.append(
            f"{sm.failed} 个文件无法读取（已损坏、加密、为空或格式不支持），未参与评审，见“失败文件”。"
        )
    unusable = [s.name for s in subs if s.unusable]
    if unusable:
        lines.append(
            f"{len(unusable)} 份材料没有可评审的场景描述或文件类型不明（{'、'.join(unusable[:5])}"
            f"{' 等' if len(unusable) > 5 else ''}），一律不予推荐，请人工核对原件。"
        )
    low = [s.name for s in subs if s.ocr_confidence is not None and s.ocr_confidence < LOW_OCR_CONFIDENCE]
    if low:
        lines.append(
            f"{len(low)} 份扫描件的文字识别可信度较低（{'、'.join(low[:5])}），字数与内容可能不准，请对照原件。"
        )
    excluded = sum(1 for s in subs if s.exclusions and not s.unusable and not s.recommended)
    if excluded:
        lines.append(f"{excluded} 份材料因超字数、敏感内容等问题不予推荐，原因见各自详情。")
    return lines


def _settings_rows(review: Review) -> list[tuple[str, Any]]:
    st = review.settings
    quotas = st.quotas
    rows = [
        ("地区类型", REGION_ZH.get(st.region_type, st.region_type)),
        ("推荐名额", "，".join(f"{t} {quotas[t]} 个" for t in APP_TYPES if t in quotas)),
        ("评分细则", st.rubric),
        ("典型场景版本", st.edition),
        ("字数上限", f"{st.limit:,} 字" if st.limit else None),
        ("覆盖优化", "开启" if st.coverage else "关闭"),
        ("被标记材料", "保留参与推荐" if st.keep_flagged else "不予推荐"),
        ("往年材料比对", st.against and Path(st.against).name),
    ]
    return [(k, v) for k, v in rows if v not in (None, "")]


def _header(ctx: Ctx) -> dict[str, Any]:
    sm = ctx.review.summary
    rec = sm.recommended
    tiles = [
        (sm.files, "文件", False),
        (sm.analysed, "成功分析", False),
        (sm.failed, "无法读取", sm.failed > 0),
        (sm.unusable, "无可评审内容", sm.unusable > 0),
        (sm.scenarios, "场景", False),
        (sm.over_limit, "超字数场景", sm.over_limit > 0),
        (sm.sensitive_errors, "敏感内容错误", sm.sensitive_errors > 0),
        (sm.duplicate_pairs, "疑似重复（对）", sm.duplicate_pairs > 0),
        (sm.duplicate_clusters, "模板雷同群组", sm.duplicate_clusters > 0),
        (rec.get("优秀场景", 0), "推荐优秀场景", False),
        (rec.get("示范工厂", 0), "推荐示范工厂", False),
        (sm.excluded, "因问题不予推荐", sm.excluded > 0),
    ]
    return {
        "settings": _settings_rows(ctx.review),
        "weights": [(CRITERIA_ZH.get(k, k), v) for k, v in ctx.review.settings.weights.items()],
        "tiles": tiles,
    }


def _recommend(ctx: Ctx) -> list[dict[str, Any]]:
    out = []
    by_sha = ctx.review.by_submission()
    for t in APP_TYPES:
        picked = [by_sha[sha] for sha in ctx.review.recommendation.get(t, ()) if sha in by_sha]
        rows = [
            {
                "priority": s.priority,
                "anchor": ctx.anchor[s.submission],
                "name": s.name,
                "credit": (s.applicant and s.applicant.credit_code) or "—",
                "industry": (s.applicant and s.applicant.industry) or "—",
                "region": (s.applicant and s.applicant.region) or "—",
                "scenarios": [
                    (sc.title, sc.top_match.name if sc.top_match else "未归类") for sc in s.scenarios
                ],
                "score": fmt(s.score.final),
                "reason": s.reason,
            }
            for s in picked
        ]
        out.append({"type": t, "quota": ctx.review.settings.quotas.get(t, "—"), "rows": rows})
    return out


def _charts(ctx: Ctx) -> list[tuple[str, str, Any, str]]:
    from ..industry import group_counts

    cov = ctx.review.coverage
    typ = {f"{k} {ctx.typical.get(k, '')}".strip(): v for k, v in cov.typicals.items()}
    ind = cov.industry_divisions or group_counts(cov.industries)
    return [
        ("得分分布（5 分一档）", "hist", histogram(ctx.subs), "得分分布直方图"),
        ("推荐场景覆盖：典型场景", "bars", bars(typ), "推荐场景按典型场景统计"),
        ("推荐材料覆盖：国民经济行业大类", "bars", bars(ind), "推荐材料按国民经济行业大类统计"),
    ]


def _all_rows(ctx: Ctx) -> list[dict[str, Any]]:
    rows = []
    for i, s in enumerate(ctx.subs, 1):
        a, sc = s.applicant, s.score
        rows.append(
            {
                "anchor": ctx.anchor[s.submission],
                "order": i,
                "type": s.project_type,
                "rank": s.rank,
                "rec": int(bool(s.recommended)),
                "issues": int(has_problems(s)),
                "priority": s.priority,
                "state": 0 if s.recommended else (2 if s.exclusions else 1),
                "name": s.name,
                "file": s.file_name,
                "region": (a and a.region) or "—",
                "industry": (a and a.industry) or "—",
                "titles": "；".join(x.title for x in s.scenarios) or "—",
                "n": len(s.scenarios),
                "words": max((x.counts.words for x in s.scenarios), default=0),
                "over": any(x.over_limit for x in s.scenarios),
                "findings": sum(1 for x in s.scenarios for f in x.findings if f.severity != "info"),
                "auto": sc.auto,
                "expert": sc.expert,
                "final": sc.final,
                "reason": s.reason,
            }
        )
    return rows


def _search_blob(s: SubmissionResult) -> str:
    a = s.applicant
    parts: list[Any] = [
        s.name,
        s.file_name,
        s.project_type,
        a and a.region,
        a and a.industry,
        a and a.credit_code,
        s.reason,
    ]
    for sc in s.scenarios:
        parts += [sc.title, sc.declared_typical, sc.top_match.name if sc.top_match else None]
        parts += [f.message for f in sc.findings]
    return " ".join(str(p) for p in parts if p).lower()


def _dups(ctx: Ctx) -> dict[str, Any]:
    rows = []
    for d in ctx.review.duplicates:
        longest = max(d.passages, key=lambda p: p.length).text if d.passages else ""
        rows.append(
            {
                "a": (ctx.anchor_of(d.a.key), d.a.label),
                "b": (ctx.anchor_of(d.b.key), d.b.label),
                "kind": KIND_ZH.get(d.kind, "其他"),
                "ratio_a": d.ratio_a,
                "ratio_b": d.ratio_b,
                "longest": d.longest,
                "n": len(d.passages),
                "subtracted": d.subtracted,
                "passage": mask_text(longest),
            }
        )
    clusters = [
        {"members": list(c.members), "files": list(zip((ctx.anchor.get(s) for s in c.submissions), c.files))}
        for c in ctx.review.clusters
    ]
    return {"rows": rows, "clusters": clusters}


def render_html(review: Review) -> str:
    """The whole page as a string (deterministic for a given review)."""
    ctx = Ctx(review)
    js = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    page = {
        "title": "场景申报材料审查报告",
        "generator": review.generated_by or "scenarioreview",
        "css": Markup(_asset("report.css")),
        "js": Markup(js),
        "script_hash": f"'sha256-{digest}'",
        "data": Markup(
            _script_json({"search": {ctx.anchor[s.submission]: _search_blob(s) for s in ctx.subs}})
        ),
        "banner": _banner(review),
        "header": _header(ctx),
        "recommend": _recommend(ctx),
        "charts": _charts(ctx),
        "types": APP_TYPES,
        "rows": _all_rows(ctx),
        "dups": _dups(ctx),
        "failed": [
            {
                "name": Path(f.file).name,
                "path": f.file,
                "kind": error_zh(f.error.code),
                "message": f.error.message,
            }
            for f in review.failed
        ],
        "cards": [card(ctx, s) for s in ctx.subs],
    }
    return str(_env().get_template("report.html.j2").render(**page))


def write_html(review: Review, path: str | Path) -> None:
    """Write report.html atomically (readers never see half a file)."""
    write_atomic(path, render_html(review))
