"""Transparent rubric scoring, expert-score merging, and quota-aware ranking. Pure functions.

Every criterion score carries the evidence that produced it, so a reviewer can defend a number in the
meeting. The rubric (weights and points) is data: corpora/rubric/default.yaml, overridable with --config.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..checks.completeness import ELEMENTS, ContentProfile
from ..errors import ConfigError
from ..labels import CRITERIA_ZH
from ..metrics import CATEGORY_ZH
from ..model import CriterionScore, Exclusion, RankEntry, ScenarioReport

RUBRIC_SCHEMA = "scenarioreview.rubric/1"
# Exclusions no setting can lift (not even --keep-flagged): the text was not there to be judged.
HARD_EXCLUSIONS = frozenset({"unreadable", "no_scenario", "no_description", "unknown_type"})


def blocking(exclusions: Sequence[Exclusion], keep_flagged: bool) -> list[Exclusion]:
    """The exclusions that keep a submission off the list under the given setting."""
    return [e for e in exclusions if not keep_flagged or e.code in HARD_EXCLUSIONS]


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, Mapping) and isinstance(out.get(k), dict) else v
    return out


def load_rubric(path: str | Path | None = None) -> dict[str, Any]:
    """The packaged rubric, with a user file's values merged over it (ConfigError on a bad file)."""
    from ..resources import read_text

    rubric = yaml.safe_load(read_text("rubric", "default.yaml"))
    if path is None:
        return rubric
    try:
        user = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"无法读取评分细则文件：{exc.strerror or exc}", path=str(path)) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"评分细则不是有效的 YAML：{exc}", path=str(path)) from exc
    if not isinstance(user, dict):
        raise ConfigError("评分细则应为 YAML 映射（键: 值）", path=str(path))
    unknown = set(user.get("weights", {}) or {}) - set(CRITERIA_ZH)
    if unknown:
        raise ConfigError(f"未知的评分项：{'、'.join(sorted(unknown))}（可用：{'、'.join(CRITERIA_ZH)}）", path=str(path))
    merged = _merge(rubric, user)
    _validate(merged, rubric, str(path))
    return merged


def _validate(rubric: Any, shape: Any, path: str, where: str = "") -> None:
    """The user's rubric must have the packaged rubric's shape: the same sections, numbers where numbers are."""
    if isinstance(shape, dict):
        if not isinstance(rubric, dict):
            raise ConfigError(f"评分细则中“{where or '顶层'}”应为映射（键: 值），实际为 {rubric!r}", path=path)
        for key, sub in shape.items():
            if key in rubric:
                _validate(rubric[key], sub, path, f"{where}.{key}" if where else key)
    elif isinstance(shape, (int, float)) and not isinstance(shape, bool):
        if isinstance(rubric, bool) or not isinstance(rubric, (int, float)) or rubric < 0:
            raise ConfigError(f"评分细则中“{where}”应为非负数，实际为 {rubric!r}", path=path)
    if where == "weights" and not any(v > 0 for v in rubric.values()):
        raise ConfigError("评分细则的权重不能全为 0", path=path)
    if where == "experts.weight" and not 0 <= rubric <= 1:
        raise ConfigError(f"专家评分权重应在 0 到 1 之间，实际为 {rubric!r}", path=path)
    if where == "factory.scenario_weight" and not 0 <= rubric <= 1:
        raise ConfigError(f"示范工厂场景权重应在 0 到 1 之间，实际为 {rubric!r}", path=path)


@dataclass(frozen=True)
class ScenarioEvidence:
    """What the rubric needs about one scenario besides its report."""

    report: ScenarioReport
    profile: ContentProfile
    copy_ratio: float  # highest share of this scenario copied from/into another application, 0..1
    copy_with: str | None  # the other submission, for the evidence line


def _clamp(x: float) -> float:
    return max(0.0, min(100.0, x))


def score_scenario(ev: ScenarioEvidence, rubric: Mapping[str, Any]) -> tuple[CriterionScore, ...]:
    pts = rubric["points"]
    w = rubric["weights"]
    r, prof = ev.report, ev.profile
    out: list[CriterionScore] = []

    # 合规
    p = pts["compliance"]
    score, why = 100.0, []
    if r.over_limit:
        score -= p["over_limit"]
        why.append(f"超出字数上限（{r.counts.words:,}/{r.limit:,} 字）")
    sens = [f for f in r.findings if f.check == "sensitive"]
    for f in sens:
        score -= p["sensitive_error"] if f.severity == "error" else p["sensitive_warning"] if f.severity == "warning" else 0
    if sens:
        why.append(f"敏感内容 {len(sens)} 处（错误 {sum(f.severity == 'error' for f in sens)} 处）")
    c = r.classification
    if c is not None and c.declared_matches is False:
        score -= p["declared_mismatch"]
        why.append("申报的典型场景与内容不符")
    out.append(CriterionScore("compliance", CRITERIA_ZH["compliance"], _clamp(score), w["compliance"],
                              tuple(why) or ("字数、敏感内容、申报类别均无问题",)))

    # 场景契合度
    p = pts["fit"]
    if c is None:
        out.append(CriterionScore("fit", CRITERIA_ZH["fit"], p["unclassified"], w["fit"], ("未进行典型场景归类",)))
    elif c.none_fits or not c.top:
        out.append(CriterionScore("fit", CRITERIA_ZH["fit"], p["none_fits"], w["fit"], ("没有足够匹配的典型场景",)))
    else:
        top = c.top[0]
        out.append(CriterionScore("fit", CRITERIA_ZH["fit"], _clamp(100 * top.score), w["fit"],
                                  (f"最匹配：{top.name}（置信度 {top.score:.2f}）",)))

    # 内容完整性
    p = pts["completeness"]
    found = [ELEMENTS[k][0] for k, terms in prof.elements if terms]
    score = (p["method"] if prof.has_method else 0) + p["per_element"] * len(found) + (
        p["results"] if prof.metrics or prof.has_result_section else 0)
    why = [("有实施方法" + (f"（“{prof.method_cue}”）" if prof.method_cue else "")) if prof.has_method else "未见实施方法",
           f"实施要素涉及：{'、'.join(found) or '无'}"]
    if prof.missing_elements():
        why.append(f"未提及：{'、'.join(prof.missing_elements())}")
    out.append(CriterionScore("completeness", CRITERIA_ZH["completeness"], _clamp(score), w["completeness"], tuple(why)))

    # 成效量化
    p = pts["quantified"]
    cats = sorted({m.category for m in prof.metrics if m.category != "other"})
    score = min(p["max_from_metrics"], p["per_metric"] * len(prof.metrics)) + min(
        p["max_from_categories"], p["per_category"] * len(cats))
    why = [m.text for m in prof.metrics[:6]] or ["未见量化指标"]
    if cats:
        why.append(f"覆盖指标类别：{'、'.join(CATEGORY_ZH[x] for x in cats)}")
    out.append(CriterionScore("quantified", CRITERIA_ZH["quantified"], _clamp(score), w["quantified"], tuple(why)))

    # 技术先进性
    p = pts["advanced"]
    score = min(p["max_from_terms"], p["per_term"] * len(prof.advanced)) + (p["secure"] if prof.secure else 0)
    why = [f"先进技术：{'、'.join(prof.advanced) or '未见'}"]
    if prof.secure:
        why.append(f"安全可靠/自主可控：{'、'.join(prof.secure)}")
    out.append(CriterionScore("advanced", CRITERIA_ZH["advanced"], _clamp(score), w["advanced"], tuple(why)))

    # 原创性
    score = 100 * (1 - ev.copy_ratio)
    why = (f"与 {ev.copy_with} 雷同 {ev.copy_ratio:.0%}",) if ev.copy_with and ev.copy_ratio > 0 else ("未发现雷同",)
    out.append(CriterionScore("originality", CRITERIA_ZH["originality"], _clamp(score), w["originality"], why))

    # 可读性
    p = pts["readability"]
    score, why = 0.0, []
    if prof.sections:
        score += p["sections"]
        why.append(f"小标题 {prof.sections} 个")
    if p["sentence_min"] <= prof.mean_sentence_len <= p["sentence_max"]:
        score += p["sentence_length"]
    why.append(f"平均句长 {prof.mean_sentence_len:.0f} 字")
    if prof.paragraphs >= p["min_paragraphs"]:
        score += p["paragraphs"]
    why.append(f"{prof.paragraphs} 段")
    out.append(CriterionScore("readability", CRITERIA_ZH["readability"], _clamp(score), w["readability"], tuple(why)))
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


def factory_score(scenario_scores: Sequence[float], links_covered: int, rubric: Mapping[str, Any]) -> float:
    f = rubric["factory"]
    mean = sum(scenario_scores) / len(scenario_scores) if scenario_scores else 0.0
    breadth = 100 * min(1.0, links_covered / f["breadth_links"])
    return round(f["scenario_weight"] * mean + (1 - f["scenario_weight"]) * breadth, 2)


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


@dataclass(frozen=True)
class Candidate:
    submission: str
    application_type: str
    score: float
    name: str  # for ties and display: applicant or file name
    region: str | None
    industry: str | None
    typicals: tuple[str, ...]  # typical-scenario ids its scenarios were classified as
    exclusions: tuple[Exclusion, ...]


def rank(
    candidates: Sequence[Candidate],
    quotas: Mapping[str, int],
    *,
    coverage: bool = False,
    coverage_bonus: float = 3.0,
    industry_bonus: float = 2.0,
    keep_flagged: bool = False,
    city_quotas: Mapping[str, Mapping[str, int]] | None = None,
) -> list[RankEntry]:
    """Rank per application type; fill the recommendation list within quotas (and per-city sub-quotas).

    Ties break on name then submission hash, so output is deterministic. With ``coverage``, each pick
    maximises score + bonuses for a typical scenario / industry not yet on the list; the reason says so.
    """
    out: list[RankEntry] = []
    for app_type in sorted({c.application_type for c in candidates}):
        group = sorted((c for c in candidates if c.application_type == app_type),
                       key=lambda c: (-c.score, c.name, c.submission))
        position = {c.submission: i + 1 for i, c in enumerate(group)}
        quota = quotas.get(app_type, quotas.get("default", 0))
        # Per application type: {city: cap}, "*" for every city (e.g. 每个地市 ≤5 个场景、≤3 个工厂).
        city_limit = dict((city_quotas or {}).get(app_type, {}))
        city_used: dict[str, int] = {}
        city_blocked: set[str] = set()  # passed over at least once because their city was full
        eligible = [c for c in group if not blocking(c.exclusions, keep_flagged)]
        picked: list[tuple[Candidate, str]] = []
        seen_typ: set[str] = set()
        seen_ind: set[str] = set()
        pool = list(eligible)
        while pool and len(picked) < quota:
            def gain(c: Candidate) -> float:
                if not coverage:
                    return c.score
                new_t = any(t not in seen_typ for t in c.typicals)
                new_i = bool(c.industry) and c.industry not in seen_ind
                return c.score + (coverage_bonus if new_t else 0) + (industry_bonus if new_i else 0)

            pool.sort(key=lambda c: (-gain(c), c.name, c.submission))
            choice = None
            for c in pool:
                # Unknown city: no city cap (one shared "no city" bucket would cap the whole batch).
                cap = city_limit.get(c.region, city_limit.get("*")) if c.region else None
                if cap is not None and city_used.get(c.region or "", 0) >= cap:
                    city_blocked.add(c.submission)
                    continue
                choice = c
                break
            if choice is None:
                break
            pool.remove(choice)
            reason = f"按得分第 {position[choice.submission]} 名入选"
            if coverage and gain(choice) > choice.score:
                best_plain = max(pool + [choice], key=lambda c: (c.score, c.name))
                extra = [x for x, new in (("典型场景", any(t not in seen_typ for t in choice.typicals)),
                                          ("行业", bool(choice.industry) and choice.industry not in seen_ind)) if new]
                reason = f"得分第 {position[choice.submission]} 名，补充新的{'和'.join(extra)}覆盖"
                if best_plain.submission != choice.submission and best_plain.score > choice.score:
                    reason += f"（优先于得分更高的 {best_plain.name}）"
            picked.append((choice, reason))
            seen_typ.update(choice.typicals)
            if choice.industry:
                seen_ind.add(choice.industry)
            if choice.region:
                city_used[choice.region] = city_used.get(choice.region, 0) + 1
        chosen = {c.submission: (i + 1, why) for i, (c, why) in enumerate(picked)}
        for c in group:
            if c.submission in chosen:
                prio, why = chosen[c.submission]
                out.append(RankEntry(c.submission, app_type, position[c.submission], True, prio, c.score, why))
            else:
                if blocked := blocking(c.exclusions, keep_flagged):
                    why = "不予推荐：" + "；".join(e.reason for e in blocked)
                elif c.submission in city_blocked:
                    why = "所在地市推荐名额已满"
                else:
                    why = f"超出推荐名额（{quota} 个）"
                out.append(RankEntry(c.submission, app_type, position[c.submission], False, None, c.score, why))
    return out
