"""The meeting commands as data (rank, show, compare, search, coverage): each function reads a typed
``Review`` and returns a typed view; the terminal views in reports/terminal_meeting print it and
`--format json` dumps ``as_json(view)`` (field names and order are the JSON's)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any

from ..errors import ConfigError
from ..labels import KIND_ZH
from ..model import Classification, Notice
from .types import APP_TYPES, Exclusion, Review, ScenarioResult, ScoreCard, SubmissionResult

_KEY_REF = re.compile(r"[0-9a-f]{64}#\d+")  # scenario keys (sha256#index) inside evidence strings


@dataclass(frozen=True, slots=True)
class RankRow:
    rank: int
    recommended: bool
    priority: int | None
    name: str
    file: str
    submission: str
    scenarios: int
    auto: float
    expert: float | None
    final: float
    reason: str
    exclusions: tuple[Exclusion, ...]


@dataclass(frozen=True, slots=True)
class RankGroup:
    type: str
    quota: int | None
    recommended: int
    rows: tuple[RankRow, ...]


@dataclass(frozen=True, slots=True)
class RankingView:
    groups: tuple[RankGroup, ...]


@dataclass(frozen=True, slots=True)
class FindingLine:
    check: str
    severity: str
    category: str | None
    message: str
    evidence: str


@dataclass(frozen=True, slots=True)
class ScenarioLine:
    index: int
    title: str
    words: int
    limit: int
    over_limit: bool
    ocr: bool
    declared_typical: str | None
    classification: Classification | None
    findings: tuple[FindingLine, ...]


@dataclass(frozen=True, slots=True)
class PairLine:
    a: str
    b: str
    kind: str
    kind_zh: str | None
    ratio_a: float
    ratio_b: float
    longest: int


@dataclass(frozen=True, slots=True)
class SubmissionView:
    name: str
    file: str
    submission: str
    project_type: str
    rank: int
    recommended: bool
    priority: int | None
    status: str
    reason: str
    score: ScoreCard  # evidence with scenario keys replaced by "file 场景N"
    exclusions: tuple[Exclusion, ...]
    notices: tuple[Notice, ...]
    scenarios: tuple[ScenarioLine, ...]
    duplicates: tuple[PairLine, ...]


@dataclass(frozen=True, slots=True)
class CompareSide:
    name: str
    file: str
    index: int
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class ComparePassage:
    a: tuple[int, int]
    b: tuple[int, int]
    length: int
    text_a: str
    text_b: str


@dataclass(frozen=True, slots=True)
class CompareView:
    a: CompareSide
    b: CompareSide
    shared: int
    ratio_a: float
    ratio_b: float
    passages: tuple[ComparePassage, ...]


@dataclass(frozen=True, slots=True)
class SearchHit:
    name: str
    file: str
    scenario: int
    title: str
    where: str  # title | text
    before: str
    match: str
    after: str


@dataclass(frozen=True, slots=True)
class SearchView:
    keyword: str
    count: int
    hits: tuple[SearchHit, ...]


@dataclass(frozen=True, slots=True)
class CoverageItem:
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class CoverageGroup:
    name: str
    count: int
    items: tuple[CoverageItem, ...]


@dataclass(frozen=True, slots=True)
class CoverageView:
    by: str  # link | industry
    unclassified: int
    groups: tuple[CoverageGroup, ...]
    uncovered: tuple[str, ...]


View = RankingView | SubmissionView | CompareView | SearchView | CoverageView


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def as_json(view: View) -> dict[str, Any]:
    """The JSON object of a view (what `--format json` prints): field names and order as declared."""
    return dict(_plain(asdict(view)))


def _row(s: SubmissionResult) -> RankRow:
    return RankRow(
        s.rank,
        s.recommended,
        s.priority,
        s.name,
        s.file_name,
        s.submission,
        len(s.scenarios),
        s.score.auto,
        s.score.expert,
        s.score.final,
        s.reason,
        s.exclusions,
    )


def ranking(review: Review, top: int | None = None, app_type: str | None = None) -> RankingView:
    groups = []
    for t in APP_TYPES:
        if app_type and t != app_type:
            continue
        subs = sorted((s for s in review.submissions if s.project_type == t), key=lambda s: s.rank)
        rows = tuple(_row(s) for s in subs[: top or None])
        if rows:
            groups.append(
                RankGroup(t, review.settings.quotas.get(t), review.summary.recommended.get(t, 0), rows)
            )
    return RankingView(tuple(groups))


def readable_keys(labels: Mapping[str, str], text: str) -> str:
    """Scenario keys (sha256#index) inside evidence text replaced by "file 场景N" labels
    (``labels``: ``Review.pair_labels()``, built once per report)."""
    return _KEY_REF.sub(lambda m: labels.get(m.group(0), "另一份材料"), text)


def _scenario_line(s: ScenarioResult) -> ScenarioLine:
    return ScenarioLine(
        s.index,
        s.title,
        s.counts.words,
        s.limit,
        s.over_limit,
        s.from_ocr,
        s.declared_typical,
        s.classification,
        tuple(FindingLine(f.check, f.severity, f.category, f.message, f.evidence) for f in s.findings),
    )


def submission(review: Review, sub: SubmissionResult) -> SubmissionView:
    prefix, labels = sub.submission + "#", review.pair_labels()
    score = replace(
        sub.score,
        criteria=tuple(
            replace(c, evidence=tuple(readable_keys(labels, e) for e in c.evidence))
            for c in sub.score.criteria
        ),
    )
    dups = [d for d in review.duplicates if d.a.key.startswith(prefix) or d.b.key.startswith(prefix)]
    return SubmissionView(
        sub.name,
        sub.file,
        sub.submission,
        sub.project_type,
        sub.rank,
        sub.recommended,
        sub.priority,
        sub.status,
        sub.reason,
        score,
        sub.exclusions,
        sub.notices,
        tuple(_scenario_line(s) for s in sub.scenarios),
        tuple(
            PairLine(d.a.label, d.b.label, d.kind, KIND_ZH.get(d.kind), d.ratio_a, d.ratio_b, d.longest)
            for d in dups
        ),
    )


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
            raise ConfigError(
                f"“{ref}”匹配到多份申报材料：{'、'.join(h.name for h in hits[:5])}，请写得更具体"
            )
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


def _side(sub: SubmissionResult, sc: ScenarioResult) -> CompareSide:
    return CompareSide(sub.name, sub.file_name, sc.index, sc.title, sc.text)


def compare(review: Review, a_ref: str, b_ref: str) -> CompareView:
    """Two scenarios and every shared passage, whole, located on both sides (computed exactly)."""
    from ..duplicates import fold_to_word_chars, shared_passages

    sa, a = _scenario_ref(review, a_ref)
    sb, b = _scenario_ref(review, b_ref)
    an, ao = fold_to_word_chars(a.text)
    bn, bo = fold_to_word_chars(b.text)
    passages, _ = shared_passages(an, ao, bn, bo, a.text)
    shared = sum(p.length for p in passages)
    return CompareView(
        _side(sa, a),
        _side(sb, b),
        shared,
        round(shared / max(1, len(an)), 4),
        round(shared / max(1, len(bn)), 4),
        tuple(
            ComparePassage(
                (p.a_start, p.a_end),
                (p.b_start, p.b_end),
                p.length,
                a.text[p.a_start : p.a_end],
                b.text[p.b_start : p.b_end],
            )
            for p in passages
        ),
    )


def search(review: Review, keyword: str, context: int = 30) -> SearchView:
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
                    hits.append(
                        SearchHit(
                            sub.name,
                            sub.file_name,
                            s.index,
                            s.title,
                            where,
                            text[max(0, pos - context) : pos].replace("\n", " "),
                            text[pos:end],
                            text[end : end + context].replace("\n", " "),
                        )
                    )
                    pos = low.find(needle, end)
    return SearchView(keyword, len(hits), tuple(hits))


def _links_of_guide(review: Review) -> list[str]:
    from ..errors import ReviewError
    from ..guide import load_guide

    try:
        return list(load_guide(review.settings.edition or "2022").links)
    except ReviewError:  # an edition given as a file that moved: list only the 环节 that occur
        return []


def coverage(review: Review, by: str = "link") -> CoverageView:
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
    return CoverageView(
        by,
        unclassified,
        tuple(
            CoverageGroup(
                n,
                sum(groups[n].values()),
                tuple(
                    CoverageItem(k, v) for k, v in sorted(groups[n].items(), key=lambda kv: (-kv[1], kv[0]))
                ),
            )
            for n in names
        ),
        tuple(n for n in order if n not in groups),
    )
