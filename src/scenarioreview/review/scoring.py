"""Transparent rubric scoring and expert-score merging. Pure functions.

Every criterion score carries the evidence that produced it, so a reviewer can defend a number in the
meeting. The seven criteria are a table of small functions (``CRITERIA``), each returning a raw score and
its evidence; the rubric (rubric.py: weights and points) is data, corpora/rubric/default.yaml, overridable
with --config.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..checks.completeness import ELEMENTS, ContentProfile
from ..checks.quantified_results import CATEGORY_ZH
from ..labels import CRITERIA_ZH
from ..model import ScenarioReport
from .rubric import Points, Rubric
from .types import CriterionScore


@dataclass(frozen=True)
class ScenarioEvidence:
    """What the rubric needs about one scenario besides its report."""

    report: ScenarioReport
    profile: ContentProfile
    copy_ratio: float  # highest share of this scenario copied from/into another application, 0..1
    copy_with: str | None  # the other submission, for the evidence line


Judged = tuple[float, tuple[str, ...]]  # raw score (clamped to 0..100 afterwards) and its evidence lines
Criterion = Callable[[ScenarioEvidence, Points], Judged]


def _compliance(ev: ScenarioEvidence, pts: Points) -> Judged:
    """合规: over the word limit, sensitive findings, a declared typical scenario the text does not match."""
    p, r = pts.compliance, ev.report
    score, why = 100.0, []
    if r.over_limit:
        score -= p.over_limit
        why.append(f"超出字数上限（{r.counts.words:,}/{r.limit:,} 字）")
    sens = [f for f in r.findings if f.check == "sensitive"]
    for f in sens:
        score -= (
            p.sensitive_error
            if f.severity == "error"
            else p.sensitive_warning
            if f.severity == "warning"
            else 0
        )
    if sens:
        why.append(f"敏感内容 {len(sens)} 处（错误 {sum(f.severity == 'error' for f in sens)} 处）")
    c = r.classification
    if c is not None and c.declared_matches is False:
        score -= p.declared_mismatch
        why.append("申报的典型场景与内容不符")
    return score, tuple(why) or ("字数、敏感内容、申报类别均无问题",)


def _fit(ev: ScenarioEvidence, pts: Points) -> Judged:
    """场景契合度: the classifier's confidence in the best typical scenario."""
    c = ev.report.classification
    if c is None:
        return pts.fit.unclassified, ("未进行典型场景归类",)
    if c.none_fits or not c.top:
        return pts.fit.none_fits, ("没有足够匹配的典型场景",)
    top = c.top[0]
    return 100 * top.score, (f"最匹配：{top.name}（置信度 {top.score:.2f}）",)


def _completeness(ev: ScenarioEvidence, pts: Points) -> Judged:
    """内容完整性: an implementation method, the implementation elements, results."""
    p, prof = pts.completeness, ev.profile
    found = [ELEMENTS[k][0] for k, terms in prof.elements if terms]
    score = (
        (p.method if prof.has_method else 0)
        + p.per_element * len(found)
        + (p.results if prof.metrics or prof.has_result_section else 0)
    )
    why = [
        ("有实施方法" + (f"（“{prof.method_cue}”）" if prof.method_cue else ""))
        if prof.has_method
        else "未见实施方法",
        f"实施要素涉及：{'、'.join(found) or '无'}",
    ]
    if prof.missing_elements():
        why.append(f"未提及：{'、'.join(prof.missing_elements())}")
    return score, tuple(why)


def _quantified(ev: ScenarioEvidence, pts: Points) -> Judged:
    """成效量化: quantified results and how many kinds of indicator they cover."""
    p, prof = pts.quantified, ev.profile
    cats = sorted({m.category for m in prof.metrics if m.category != "other"})
    score = min(p.max_from_metrics, p.per_metric * len(prof.metrics)) + min(
        p.max_from_categories, p.per_category * len(cats)
    )
    why = [m.text for m in prof.metrics[:6]] or ["未见量化指标"]
    if cats:
        why.append(f"覆盖指标类别：{'、'.join(CATEGORY_ZH[x] for x in cats)}")
    return score, tuple(why)


def _advanced(ev: ScenarioEvidence, pts: Points) -> Judged:
    """技术先进性: advanced technologies named, secure and self-controlled (安全可靠/自主可控) ones."""
    p, prof = pts.advanced, ev.profile
    score = min(p.max_from_terms, p.per_term * len(prof.advanced)) + (p.secure if prof.secure else 0)
    why = [f"先进技术：{'、'.join(prof.advanced) or '未见'}"]
    if prof.secure:
        why.append(f"安全可靠/自主可控：{'、'.join(prof.secure)}")
    return score, tuple(why)


def _originality(ev: ScenarioEvidence, pts: Points) -> Judged:
    """原创性: the share not copied from or into another application."""
    if ev.copy_with and ev.copy_ratio > 0:
        return 100 * (1 - ev.copy_ratio), (f"与 {ev.copy_with} 雷同 {ev.copy_ratio:.0%}",)
    return 100 * (1 - ev.copy_ratio), ("未发现雷同",)


def _readability(ev: ScenarioEvidence, pts: Points) -> Judged:
    """可读性: sub-headings, a moderate mean sentence length, enough paragraphs."""
    p, prof = pts.readability, ev.profile
    score, why = 0.0, []
    if prof.sections:
        score += p.sections
        why.append(f"小标题 {prof.sections} 个")
    if p.sentence_min <= prof.mean_sentence_len <= p.sentence_max:
        score += p.sentence_length
    why.append(f"平均句长 {prof.mean_sentence_len:.0f} 字")
    if prof.paragraphs >= p.min_paragraphs:
        score += p.paragraphs
    why.append(f"{prof.paragraphs} 段")
    return score, tuple(why)


CRITERIA: tuple[tuple[str, Criterion], ...] = (
    ("compliance", _compliance),
    ("fit", _fit),
    ("completeness", _completeness),
    ("quantified", _quantified),
    ("advanced", _advanced),
    ("originality", _originality),
    ("readability", _readability),
)


def _clamp(x: float) -> float:
    return max(0.0, min(100.0, x))


def score_scenario(ev: ScenarioEvidence, rubric: Rubric) -> tuple[CriterionScore, ...]:
    """Every criterion of one scenario, in the rubric's order, each with its evidence."""
    out = []
    for cid, judge in CRITERIA:
        score, why = judge(ev, rubric.points)
        out.append(CriterionScore(cid, CRITERIA_ZH[cid], _clamp(score), rubric.weights[cid], why))
    return tuple(out)


def weighted(criteria: Sequence[CriterionScore]) -> float:
    total = sum(c.weight for c in criteria)
    return round(sum(c.score * c.weight for c in criteria) / total, 2) if total else 0.0


def mean_criteria(per_scenario: Sequence[Sequence[CriterionScore]]) -> tuple[CriterionScore, ...]:
    """Average each criterion over a submission's scenarios (evidence from the weakest scenario first)."""
    if not per_scenario:
        return ()
    out = []
    for i, first in enumerate(per_scenario[0]):
        col = [s[i] for s in per_scenario]
        weakest = min(col, key=lambda c: c.score)
        mean = sum(c.score for c in col) / len(col)
        evidence = weakest.evidence if len(col) == 1 else (f"{len(col)} 个场景平均", *weakest.evidence)
        out.append(CriterionScore(first.criterion, first.name, round(mean, 2), first.weight, evidence))
    return tuple(out)


def factory_score(scenario_scores: Sequence[float], links_covered: int, rubric: Rubric) -> float:
    f = rubric.factory
    mean = sum(scenario_scores) / len(scenario_scores) if scenario_scores else 0.0
    breadth = 100 * min(1.0, links_covered / f.breadth_links)
    return round(f.scenario_weight * mean + (1 - f.scenario_weight) * breadth, 2)


def trimmed_mean(scores: Sequence[float], trim_min: int = 5) -> float | None:
    """Expert aggregation: with ``trim_min`` or more experts drop one highest and one lowest."""
    if not scores:
        return None
    xs = sorted(scores)
    if len(xs) >= trim_min:
        xs = xs[1:-1]
    return round(sum(xs) / len(xs), 2)


def merge_expert(auto: float, expert: float | None, weight: float) -> float:
    return round(auto if expert is None else (1 - weight) * auto + weight * expert, 2)
