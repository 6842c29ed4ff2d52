"""The meeting commands as data (rank, show, compare, search, coverage): each function reads a typed
``Review`` and returns plain JSON-ready data; the terminal views in reports/terminal_meeting print it and
`--format json` dumps it unchanged."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from ..contract import classification_dict
from ..errors import ConfigError
from ..labels import KIND_ZH
from .serialise import exclusion_dict, score_dict
from .types import APP_TYPES, Review, ScenarioResult, SubmissionResult

_KEY_REF = re.compile(r"[0-9a-f]{64}#\d+")  # scenario keys (sha256#index) inside evidence strings


def ranking(review: Review, top: int | None = None, app_type: str | None = None) -> dict[str, Any]:
    groups = []
    for t in APP_TYPES:
        if app_type and t != app_type:
            continue
        subs = sorted((s for s in review.submissions if s.project_type == t), key=lambda s: s.rank)
        groups.append({
            "type": t, "quota": review.settings.quotas.get(t), "recommended": review.summary.recommended.get(t, 0),
            "rows": [{"rank": s.rank, "recommended": s.recommended, "priority": s.priority, "name": s.name,
                      "file": s.file_name, "submission": s.submission, "scenarios": len(s.scenarios),
                      "auto": s.score.auto, "expert": s.score.expert, "final": s.score.final, "reason": s.reason,
                      "exclusions": [exclusion_dict(e) for e in s.exclusions]} for s in subs[: top or None]]})
    return {"groups": [g for g in groups if g["rows"]]}


def readable_keys(review: Review, text: str) -> str:
    """Scenario keys (sha256#index) inside evidence text replaced by "file 场景N" labels."""
    labels = review.pair_labels()
    return _KEY_REF.sub(lambda m: labels.get(m.group(0), "另一份材料"), text)


def _scenario_view(s: ScenarioResult) -> dict[str, Any]:
    return {"index": s.index, "title": s.title, "words": s.counts.words, "limit": s.limit,
            "over_limit": s.over_limit, "ocr": s.from_ocr, "declared_typical": s.declared_typical,
            "classification": classification_dict(s.classification) if s.classification else None,
            "findings": [{"check": f.check, "severity": f.severity, "category": f.category, "message": f.message,
                          "evidence": f.evidence} for f in s.findings]}


def submission(review: Review, sub: SubmissionResult) -> dict[str, Any]:
    prefix = sub.submission + "#"
    score = score_dict(sub.score)
    score["criteria"] = [{**c, "evidence": [readable_keys(review, e) for e in c["evidence"]]} for c in score["criteria"]]
    dups = [d for d in review.duplicates if d.a.key.startswith(prefix) or d.b.key.startswith(prefix)]
    return {
        "name": sub.name, "file": sub.file, "submission": sub.submission, "project_type": sub.project_type,
        "rank": sub.rank, "recommended": sub.recommended, "priority": sub.priority, "status": sub.status,
        "reason": sub.reason, "score": score, "exclusions": [exclusion_dict(e) for e in sub.exclusions],
        "notices": [{"code": n.code, "message": n.message, "page": n.page} for n in sub.notices],
        "scenarios": [_scenario_view(s) for s in sub.scenarios],
        "duplicates": [{"a": d.a.label, "b": d.b.label, "kind": d.kind, "kind_zh": KIND_ZH.get(d.kind),
                        "ratio_a": d.ratio_a, "ratio_b": d.ratio_b, "longest": d.longest} for d in dups],
    }


def find_submission(review: Review, ref: str) -> SubmissionResult:
    from .experts import resolve_submission

    sha = resolve_submission(review, ref)
    if sha is None and ref.isdigit():
        hits = [s for s in review.submissions if s.rank == int(ref)]
        if len(hits) > 1:
            which = "、".join(h.project_type + " " + h.name for h in hits)
            raise ConfigError(f"排名 {ref} 在多个项目类别中都有：{which}，请改用文件名或单位名称")
        sha = hits[0].submission if hits else None
    if sha is None:
        hits = [s for s in review.submissions if ref in s.name or ref in s.file_name]
        if len(hits) == 1:
            sha = hits[0].submission
        elif len(hits) > 1:
            raise ConfigError(f"“{ref}”匹配到多份申报材料：{'、'.join(h.name for h in hits[:5])}，请写得更具体")
    for s in review.submissions:
        if s.submission == sha:
            return s
    raise ConfigError(f"工作区中找不到申报材料“{ref}”（可用文件名、单位名称、排名或哈希前缀）")


def _scenario_ref(review: Review, ref: str) -> tuple[SubmissionResult, ScenarioResult]:
    base, _, idx = ref.partition("#")
    sub = find_submission(review, base)
    scenarios = sub.scenarios
    if not scenarios:
        raise ConfigError(f"“{base}”没有可比较的场景")
    if idx:
        hits = [s for s in scenarios if str(s.index) == idx]
        if not hits:
            raise ConfigError(f"“{base}”没有场景 {idx}（共 {len(scenarios)} 个）")
        return sub, hits[0]
    return sub, scenarios[0]


def _side(sub: SubmissionResult, sc: ScenarioResult) -> dict[str, Any]:
    return {"name": sub.name, "file": sub.file_name, "index": sc.index, "title": sc.title, "text": sc.text}


def compare(review: Review, a_ref: str, b_ref: str) -> dict[str, Any]:
    """Two scenarios and every shared passage, whole, located on both sides (computed exactly)."""
    from ..duplicates import normalise, shared_passages

    sa, a = _scenario_ref(review, a_ref)
    sb, b = _scenario_ref(review, b_ref)
    an, ao = normalise(a.text)
    bn, bo = normalise(b.text)
    passages, _ = shared_passages(an, ao, bn, bo, a.text)
    shared = sum(p.length for p in passages)
    return {"a": _side(sa, a), "b": _side(sb, b), "shared": shared,
            "ratio_a": round(shared / max(1, len(an)), 4), "ratio_b": round(shared / max(1, len(bn)), 4),
            "passages": [{"a": [p.a_start, p.a_end], "b": [p.b_start, p.b_end], "length": p.length,
                          "text_a": a.text[p.a_start:p.a_end], "text_b": b.text[p.b_start:p.b_end]}
                         for p in passages]}


def search(review: Review, keyword: str, context: int = 30) -> dict[str, Any]:
    """Every occurrence of ``keyword`` in scenario titles and texts (case-insensitive for Latin letters)."""
    keyword = keyword.strip()
    if not keyword:
        raise ConfigError("检索关键词不能为空")
    needle = keyword.lower()
    hits = []
    for sub in review.submissions:
        for s in sub.scenarios:
            for where, text in (("title", s.title), ("text", s.text)):
                low, pos = text.lower(), text.lower().find(needle)
                while pos >= 0:
                    end = pos + len(keyword)
                    hits.append({"name": sub.name, "file": sub.file_name, "scenario": s.index,
                                 "title": s.title, "where": where,
                                 "before": text[max(0, pos - context):pos].replace("\n", " "),
                                 "match": text[pos:end], "after": text[end:end + context].replace("\n", " ")})
                    pos = low.find(needle, end)
    return {"keyword": keyword, "count": len(hits), "hits": hits}


def _links_of_guide(review: Review) -> list[str]:
    from ..errors import ReviewError
    from ..guide import load_guide

    try:
        return list(load_guide(review.settings.edition or "2022").links)
    except ReviewError:  # an edition given as a file that moved: list only the 环节 that occur
        return []


def coverage(review: Review, by: str = "link") -> dict[str, Any]:
    """Recommended scenarios grouped by 环节 (``by="link"``) or by the applicant's GB/T 4754 大类
    (``by="industry"``), each group with its typical scenarios and counts; 环节 with none are listed."""
    from ..industry import UNMATCHED, division_of

    groups: dict[str, Counter[str]] = defaultdict(Counter)
    unclassified = 0
    for sub in (s for s in review.submissions if s.recommended):
        div = division_of(sub.applicant.industry if sub.applicant else None)
        for sc in sub.scenarios:
            top = sc.top_match
            if top is None:
                unclassified += 1
                continue
            key = (top.link or "未注明环节") if by == "link" else (div.label if div else UNMATCHED)
            groups[key][top.name] += 1
    order = _links_of_guide(review) if by == "link" else []
    names = [n for n in order if n in groups] + sorted(n for n in groups if n not in order)
    return {"by": by, "unclassified": unclassified,
            "groups": [{"name": n, "count": sum(groups[n].values()),
                        "items": [{"name": k, "count": v}
                                  for k, v in sorted(groups[n].items(), key=lambda kv: (-kv[1], kv[0]))]}
                       for n in names],
            "uncovered": [n for n in order if n not in groups]}
