"""Data for the drill-down cards of report.html: per submission the score breakdown with evidence, per
scenario the count and margin, classification and findings in context, and duplicate evidence side by side.
Everything here is plain text (masked where it quotes a narrative); the templates escape it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..labels import KIND_ZH, SEVERITY_ZH, STATUS_ZH, exclusion_zh, notice_zh
from ..model import Finding
from ..review.types import DuplicatePair, ScenarioResult, SharedPassage, SubmissionResult
from .html_base import CONTEXT, Ctx, fmt, mask_text, pct

Segments = list[
    tuple[str, str]
]  # (kind, text): kind "t" plain, "m" marked, "g" elided gap, "b" beyond the limit


def text_slicer(text: str) -> Callable[[int, int], str]:
    """Masked slices of one narrative. Masking once keeps offsets when it preserves length (the usual case);
    otherwise each slice is masked on its own."""
    shown = mask_text(text)
    if len(shown) == len(text):
        return lambda a, b: shown[a:b]
    return lambda a, b: mask_text(text[a:b])


def marked(text: str, spans: Iterable[tuple[int, int]], elide: int = 0) -> Segments:
    """The text with the (possibly overlapping) spans marked; with ``elide``, unmarked runs longer than
    2*elide+40 characters are shortened to their ends so evidence stays compact."""
    out: Segments = []
    pos, view = 0, text_slicer(text)

    def plain(a: int, b: int) -> None:
        head = 0 if a == 0 else elide
        tail = 0 if b == len(text) else elide
        if not elide or b - a <= head + tail + 40:
            out.append(("t", view(a, b)))
        else:
            out.extend(
                [
                    ("t", view(a, a + head)),
                    ("g", f"…（略 {b - a - head - tail:,} 字）…"),
                    ("t", view(b - tail, b)),
                ]
            )

    for start, end in sorted((max(0, a), min(len(text), b)) for a, b in spans):
        start = max(start, pos)
        if end <= start:
            continue
        plain(pos, start)
        out.append(("m", view(start, end)))
        pos = end
    plain(pos, len(text))
    return [s for s in out if s[1]]


def _finding(f: Finding, text: str) -> dict[str, Any]:
    span = f.span
    if (
        f.check != "sensitive"
        and span
        and 0 <= span.start < span.end <= len(text)
        and span.end - span.start <= 120
    ):
        s, e = span.start, span.end
        view = text_slicer(text)
        ctx: Segments = [
            ("t", "…" + view(max(0, s - CONTEXT), s)),
            ("m", view(s, e)),
            ("t", view(e, min(len(text), e + CONTEXT)) + "…"),
        ]
    else:  # sensitive evidence is already masked and in context; never re-read the raw text around it
        ctx = [("t", f.evidence)] if f.evidence else []
    return {
        "severity": f.severity,
        "severity_zh": SEVERITY_ZH.get(f.severity, "提示"),
        "message": f.message,
        "context": ctx,
    }


_ORDER = {"error": 0, "warning": 1, "info": 2}


def _classification(sc: ScenarioResult) -> dict[str, Any] | None:
    c = sc.classification
    if c is None:
        return None
    return {
        "matches": c.declared_matches,
        "none_fits": c.none_fits,
        "top": [f"{m.name}（{m.link}，{m.score:.2f}）" for m in c.top],
        "keywords": list(c.keywords),
        "sentences": [mask_text(x) for x in c.sentences],
    }


def scenario(sc: ScenarioResult) -> dict[str, Any]:
    from ..counting import format_margin

    cross = sc.limit_crossed_at
    findings = sorted(sc.findings, key=lambda f: _ORDER.get(f.severity, 3))
    text = sc.text
    cut = cross.offset if cross and sc.over_limit else len(text)
    view = text_slicer(text)
    body: Segments = [("t", view(0, cut))] + ([("b", view(cut, len(text)))] if cut < len(text) else [])
    return {
        "index": sc.index,
        "title": sc.title,
        "over": sc.over_limit,
        "margin": format_margin(sc.counts.words, sc.limit),
        "where": f"；超出部分从第 {cross.paragraph} 段开始" if cross and sc.over_limit else "",
        "ocr": "（OCR 识别，近似）" if sc.from_ocr else "",
        "declared": sc.declared_typical,
        "classification": _classification(sc),
        "findings": [_finding(f, text) for f in findings],
        "body": body,
        "beyond": cut < len(text),
    }


def _score_rows(ctx: Ctx, s: SubmissionResult) -> dict[str, Any]:
    sc = s.score
    rows = [
        {
            "name": c.name,
            "weight": c.weight,
            "score": f"{c.score:.0f}",
            "bar": f"{max(0.0, min(100.0, c.score)):.0f}",
            "evidence": [ctx.readable(x) for x in c.evidence],
        }
        for c in sc.criteria
    ]
    totals = [("自动总分", fmt(sc.auto), "")]
    if sc.expert is not None:
        totals.append(("专家评分（截尾均值）", fmt(sc.expert), ""))
    totals.append(("最终得分", fmt(sc.final), s.reason))
    return {"rows": rows, "totals": totals}


def _dup_side(ctx: Ctx, key: str, passages: tuple[SharedPassage, ...], side: str) -> dict[str, Any]:
    owner = ctx.scenario.get(key)
    if owner is None:  # an older corpus: only the shared passages are known
        segs: Segments = [("m", mask_text(p.text_b if side == "b" else p.text)) for p in passages]
    else:
        spans = [p.b if side == "b" else p.a for p in passages]
        segs = marked(owner[1].text, spans, elide=60)
    return {
        "anchor": ctx.anchor_of(key),
        "label": ctx.labels.get(key, key),
        "segments": segs,
        "stacked": owner is None,
    }


def _pair(ctx: Ctx, d: DuplicatePair) -> dict[str, Any]:
    head = (
        f"{d.a.label} ↔ {d.b.label}（{KIND_ZH.get(d.kind, '其他')}，复制比 {pct(d.ratio_a)} / {pct(d.ratio_b)}，"
        f"最长共同段落 {d.longest} 字，共同段落 {len(d.passages)} 处）"
    )
    return {
        "head": head,
        "sides": [_dup_side(ctx, d.a.key, d.passages, "a"), _dup_side(ctx, d.b.key, d.passages, "b")],
    }


def _dups(ctx: Ctx, s: SubmissionResult, limit: int = 8) -> dict[str, Any]:
    prefix = f"{s.submission}#"
    mine = [d for d in ctx.review.duplicates if d.a.key.startswith(prefix) or d.b.key.startswith(prefix)]
    mine.sort(key=lambda d: -max(d.ratio_a, d.ratio_b))
    return {
        "count": len(mine),
        "pairs": [_pair(ctx, d) for d in mine[:limit]],
        "more": max(0, len(mine) - limit),
    }


def card(ctx: Ctx, s: SubmissionResult) -> dict[str, Any]:
    a = s.applicant
    if s.recommended:
        badge = ("yes", f"推荐第 {s.priority} 位")
    else:
        badge = ("excl", "不予推荐") if s.exclusions else ("no", "未推荐")
    meta = [
        ("项目类别", s.project_type),
        ("得分排名", s.rank),
        ("总分", fmt(s.score.final)),
        ("文件", s.file_name),
        ("状态", STATUS_ZH.get(s.status, "未知")),
        ("统一社会信用代码", a and a.credit_code),
        ("行业", a and a.industry),
        ("地市", a and a.region),
        ("成熟度自评", a and a.maturity_level and f"{a.maturity_level} 级"),
    ]
    return {
        "anchor": ctx.anchor[s.submission],
        "name": s.name,
        "badge": badge,
        "meta": [(k, v) for k, v in meta if v not in (None, "")],
        "exclusions": [f"{exclusion_zh(e.code)}：{e.reason}" for e in s.exclusions],
        "notices": [
            f"{notice_zh(n.code)}：{n.message}" + (f"（第 {n.page} 页）" if n.page else "") for n in s.notices
        ],
        "score": _score_rows(ctx, s),
        "scenarios": [scenario(sc) for sc in s.scenarios],
        "dups": _dups(ctx, s),
    }
