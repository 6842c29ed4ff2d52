"""A province batch: files -> workspace -> duplicates -> scores -> ranking -> a typed ``Review``.

Re-runs only analyse new or changed files (content hash + analysis key, see analysis.py); a rubric change
only re-scores. ``serialise.review_dict`` turns the result into the ``scenarioreview.review/1`` JSON that
report.json holds; every report (JSON, Excel, HTML, terminal) renders the ``Review`` itself.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from .. import __version__
from ..checks.completeness import ContentProfile, profile
from ..duplicates import DupItem, DuplicateReport, find_duplicates
from ..errors import ConfigError
from ..industry import group_counts
from ..model import ErrorInfo, FileReport
from ..pipeline import CheckOptions, check_file, expand_inputs
from ..store import Workspace
from .analysis import Progress, analyse, content_sha, ocr_confidence, profiles
from .exclusions import HARD_EXCLUSIONS, app_type_of, exclusions, load_exclude_list
from .ranking import Candidate, rank
from .results import submission_result
from .rubric import Rubric, load_rubric
from .scoring import (
    ScenarioEvidence,
    factory_score,
    mean_criteria,
    merge_expert,
    score_scenario,
    trimmed_mean,
    weighted,
)
from .serialise import score_dict
from .types import (
    APP_TYPES,
    LOW_OCR_CONFIDENCE,
    AppliedSettings,
    Cluster,
    CoverageCounts,
    DuplicatePair,
    FailedFile,
    IdenticalFiles,
    PairSide,
    RankEntry,
    Review,
    ScoreCard,
    SharedPassage,
    SubmissionResult,
    Summary,
)


@dataclass(frozen=True)
class ReviewSettings:
    check: CheckOptions = field(default_factory=CheckOptions)
    region_type: str = "province"  # province | plan-city | bingtuan
    quota_scenarios: int | None = None  # None = the default for the region type
    quota_factories: int | None = None
    city_quotas: tuple[tuple[str, str, int], ...] = ()  # (项目类别, city or "*", cap)
    coverage: bool = False
    keep_flagged: bool = False
    rubric: str | None = None
    exclude_list: str | None = None
    against: str | None = None
    jobs: int | None = None


def _boilerplate() -> list[str]:
    from ..resources import corpora_path

    texts = []
    path = corpora_path("boilerplate", "form_prompts.txt")
    if path.exists():
        texts += [
            ln
            for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")
        ]
    from ..guide import load_guide  # the reference guide's own phrasing is shared legitimately

    texts += [it.description for it in load_guide().items if it.description]
    return texts


def _against_items(against: str, options: CheckOptions) -> list[DupItem]:
    p = Path(against)
    if (p / "review.sqlite").exists() or p.suffix == ".sqlite":
        ws = Workspace(p)
        try:
            rows = ws.db.execute("SELECT sha256, idx, text FROM scenarios ORDER BY sha256, idx").fetchall()
        finally:
            ws.close()
        return [DupItem(f"old:{sha}#{idx}", f"old:{sha}", text, "against") for sha, idx, text in rows]
    items = []
    quick = CheckOptions(
        limit=options.limit, policy=options.policy, ocr=options.ocr, sensitive=False, classify=False
    )
    for path in expand_inputs([against]):
        rep = check_file(path, quick)
        for s in rep.scenarios:
            items.append(
                DupItem(f"old:{rep.sha256}#{s.scenario.index}", f"old:{path}", s.scenario.text, "against")
            )
    return items


def _duplicates(
    ws: Workspace, reports: Sequence[FileReport], against: str | None, options: CheckOptions
) -> tuple[DuplicateReport, dict[str, str]]:
    items = [
        DupItem(f"{r.sha256}#{s.scenario.index}", r.sha256 or r.file, s.scenario.text)
        for r in reports
        for s in r.scenarios
    ]
    labels = {
        f"{r.sha256}#{s.scenario.index}": f"{Path(r.file).name} 场景{s.scenario.index}"
        for r in reports
        for s in r.scenarios
    }
    set_key = hashlib.sha256(json.dumps([sorted(i.key for i in items), against or ""]).encode()).hexdigest()
    cached: tuple[DuplicateReport, dict[str, str]] | None = ws.cached_blob("duplicates", set_key)
    if cached is not None:
        return cached
    if against:
        old = _against_items(against, options)
        items += old
        labels.update(
            {
                i.key: f"往年材料 {i.submission.removeprefix('old:')} 场景{i.key.rsplit('#', 1)[1]}"
                for i in old
            }
        )
    result = (find_duplicates(items, boilerplate=_boilerplate()), labels)
    ws.save_blob("duplicates", set_key, result)
    return result


def _copy_ratios(dups: DuplicateReport) -> dict[str, tuple[float, str]]:
    """Per scenario key: the highest share copied from/into another scenario, and that scenario."""
    copy: dict[str, tuple[float, str]] = {}
    for p in dups.pairs:
        for me, other, ratio in ((p.a, p.b, p.ratio_a), (p.b, p.a, p.ratio_b)):
            if ratio > copy.get(me, (0.0, ""))[0]:
                copy[me] = (ratio, other)
    return copy


def _typical_links(rep: FileReport) -> set[str]:
    return {
        s.classification.top[0].link
        for s in rep.scenarios
        if s.classification and s.classification.top and not s.classification.none_fits
    }


def _score_one(
    rep: FileReport,
    known: Sequence[ContentProfile],
    copy: dict[str, tuple[float, str]],
    rubric: Rubric,
    expert_scores: list[float],
    excluded_names: set[str],
) -> ScoreCard:
    per_scenario, totals = [], []
    for s, prof in zip(rep.scenarios, known):
        ratio, other = copy.get(f"{rep.sha256}#{s.scenario.index}", (0.0, None))
        crit = score_scenario(ScenarioEvidence(s, prof, ratio, other), rubric)
        per_scenario.append(crit)
        totals.append(weighted(crit))
    links = _typical_links(rep)
    criteria = mean_criteria(per_scenario)
    auto = factory_score(totals, len(links), rubric) if app_type_of(rep) == "示范工厂" else weighted(criteria)
    expert = trimmed_mean(expert_scores, rubric.experts.trim_min_experts)
    return ScoreCard(
        auto,
        expert,
        merge_expert(auto, expert, rubric.experts.weight),
        tuple(replace(c, score=round(c.score, 2)) for c in criteria),
        tuple(totals),
        tuple(sorted(links)),
        tuple(exclusions(rep, rubric, excluded_names)),
    )


def score_batch(
    reports: Sequence[FileReport],
    dups: DuplicateReport,
    rubric: Rubric,
    excluded_names: set[str],
    experts: dict[str, list[float]],
    known: dict[str, list[ContentProfile]] | None = None,
) -> dict[str, ScoreCard]:
    """Per submission (keyed by sha256): criteria, automatic/expert/final score, exclusions.

    ``known``: precomputed content profiles per document (see ``analysis.profiles``); computed when absent.
    """
    copy = _copy_ratios(dups)
    out: dict[str, ScoreCard] = {}
    for rep in reports:
        mine = (known or {}).get(rep.sha256 or "")
        if mine is None or len(mine) != len(rep.scenarios):
            mine = [profile(s.scenario.text) for s in rep.scenarios]
        out[rep.sha256 or rep.file] = _score_one(
            rep, mine, copy, rubric, experts.get(rep.sha256 or "", []), excluded_names
        )
    return out


def _city_quotas(rows: Sequence[Sequence[Any]]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for app_type, city, cap in rows:
        out.setdefault(app_type, {})[city] = int(cap)
    return out


def quotas_for(settings: ReviewSettings, rubric: Rubric) -> dict[str, int]:
    table = rubric.quotas.get(settings.region_type)
    if table is None:
        raise ConfigError(f"未知的地区类型：{settings.region_type}（可选 province、plan-city、bingtuan）")
    q = dict(table)
    if settings.quota_scenarios is not None:
        q["优秀场景"] = settings.quota_scenarios
    if settings.quota_factories is not None:
        q["示范工厂"] = settings.quota_factories
    return q


def _candidate(rep: FileReport, score: ScoreCard) -> Candidate:
    app = rep.application
    return Candidate(
        submission=rep.sha256 or rep.file,
        application_type=app_type_of(rep),
        score=score.final,
        name=(app.applicant.name if app and app.applicant.name else Path(rep.file).name),
        region=app.applicant.region if app else None,
        industry=app.applicant.industry if app else None,
        typicals=tuple(
            s.classification.top[0].id
            for s in rep.scenarios
            if s.classification and s.classification.top and not s.classification.none_fits
        ),
        exclusions=score.exclusions,
    )


def _submissions(
    reports: Sequence[FileReport], scores: dict[str, ScoreCard], ranking: Sequence[RankEntry]
) -> tuple[SubmissionResult, ...]:
    """Every analysed form with its scores and place, by project type and rank."""
    placed = {r.submission: r for r in ranking}
    ordered = sorted(reports, key=lambda r: (app_type_of(r), placed[r.sha256 or ""].rank))
    return tuple(
        submission_result(
            rep,
            app_type_of(rep),
            scores[rep.sha256 or ""],
            placed[rep.sha256 or ""],
            ocr_confidence(rep),
            any(e.code in HARD_EXCLUSIONS for e in scores[rep.sha256 or ""].exclusions),
        )
        for rep in ordered
    )


def _pairs(
    dups: DuplicateReport, labels: dict[str, str], reports: Sequence[FileReport]
) -> tuple[DuplicatePair, ...]:
    """The duplicate pairs with both sides' wording of every shared passage, personal data masked."""
    from ..checks.sensitive import mask_personal

    texts = {f"{r.sha256}#{s.scenario.index}": s.scenario.text for r in reports for s in r.scenarios}

    def side_b(key: str, start: int, end: int, fallback: str) -> str:
        text = texts.get(key)
        return mask_personal(text[start:end]) if text is not None else mask_personal(fallback)

    return tuple(
        DuplicatePair(
            PairSide(p.a, labels.get(p.a, p.a)),
            PairSide(p.b, labels.get(p.b, p.b)),
            p.kind,
            p.ratio_a,
            p.ratio_b,
            p.jaccard,
            p.longest,
            p.subtracted,
            tuple(
                SharedPassage(
                    (x.a_start, x.a_end),
                    (x.b_start, x.b_end),
                    x.length,
                    mask_personal(x.text),
                    side_b(p.b, x.b_start, x.b_end, x.text),
                )
                for x in p.passages
            ),
        )
        for p in dups.pairs
    )


def _clusters(
    dups: DuplicateReport, labels: dict[str, str], reports: Sequence[FileReport]
) -> tuple[Cluster, ...]:
    by_sha = {r.sha256: r for r in reports}
    return tuple(
        Cluster(
            tuple(labels.get(m, m) for m in c.members),
            tuple(c.submissions),
            tuple(Path(by_sha[s].file).name for s in c.submissions if s in by_sha),
        )
        for c in dups.clusters
    )


def _coverage(candidates: Sequence[Candidate], ranking: Sequence[RankEntry]) -> CoverageCounts:
    picked = {r.submission for r in ranking if r.recommended}
    typ = Counter(t for c in candidates if c.submission in picked for t in c.typicals)
    ind = Counter(c.industry or "未注明" for c in candidates if c.submission in picked)
    return CoverageCounts(dict(sorted(typ.items())), dict(sorted(ind.items())), group_counts(ind))


def _recommendation(ranking: Sequence[RankEntry]) -> dict[str, tuple[str, ...]]:
    return {
        t: tuple(
            r.submission
            for r in sorted(
                (x for x in ranking if x.recommended and x.application_type == t),
                key=lambda x: x.priority or 0,
            )
        )
        for t in APP_TYPES
    }


def _summary(
    reports: Sequence[FileReport],
    files: int,
    failed: int,
    dups: DuplicateReport,
    subs: Sequence[SubmissionResult],
    recommended: dict[str, tuple[str, ...]],
    identical: int,
) -> Summary:
    return Summary(
        files=files,
        analysed=len(reports),
        failed=failed,
        partial=sum(1 for r in reports if r.status == "partial"),
        scenarios=sum(len(r.scenarios) for r in reports),
        over_limit=sum(1 for r in reports for s in r.scenarios if s.over_limit),
        sensitive_errors=sum(
            1
            for r in reports
            for s in r.scenarios
            for f in s.findings
            if f.check == "sensitive" and f.severity == "error"
        ),
        duplicate_pairs=len(dups.pairs),
        duplicate_clusters=len(dups.clusters),
        boilerplate_shingles=dups.boilerplate_shingles,
        recommended={t: len(v) for t, v in recommended.items()},
        excluded=sum(1 for s in subs if not s.recommended and s.exclusions),
        flagged=sum(1 for s in subs if s.exclusions),
        identical_files=identical,
        # never-recommended forms (unreadable, empty, no description, unknown type)
        unusable=sum(1 for s in subs if s.unusable),
        low_confidence_ocr=sum(
            1 for s in subs if s.ocr_confidence is not None and s.ocr_confidence < LOW_OCR_CONFIDENCE
        ),
    )


def _applied(settings: ReviewSettings, rubric: Rubric, quotas: dict[str, int]) -> AppliedSettings:
    return AppliedSettings(
        settings.region_type,
        quotas,
        settings.coverage,
        settings.keep_flagged,
        rubric.name,
        rubric.weights,
        settings.check.edition,
        settings.check.limit,
        settings.against,
    )


def _rank(
    reports: Sequence[FileReport], scores: dict[str, ScoreCard], settings: ReviewSettings, rubric: Rubric
) -> tuple[list[Candidate], dict[str, int], list[RankEntry]]:
    candidates = [_candidate(rep, scores[rep.sha256 or rep.file]) for rep in reports]
    quotas = quotas_for(settings, rubric)
    ranking = rank(
        candidates,
        quotas,
        coverage=settings.coverage,
        keep_flagged=settings.keep_flagged,
        coverage_bonus=rubric.ranking.coverage_bonus,
        industry_bonus=rubric.ranking.industry_bonus,
        city_quotas=_city_quotas(settings.city_quotas),
    )
    return candidates, quotas, ranking


def build_review(ws: Workspace, run_id: int, settings: ReviewSettings) -> Review:
    """Duplicates, scores and ranking for the files of ``run_id``, saved to the workspace; the typed review."""
    files = ws.run_files(run_id)
    paths_of: dict[str, list[str]] = {}
    for p, sha, code, _m in files:
        if sha and code is None:
            paths_of.setdefault(sha, []).append(p)
    reports = ws.reports(sorted(paths_of))
    rubric = load_rubric(settings.rubric)
    dups, labels = _duplicates(ws, reports, settings.against, settings.check)
    scores = score_batch(
        reports,
        dups,
        rubric,
        load_exclude_list(settings.exclude_list),
        ws.expert_scores(),
        profiles(ws, reports, settings.check),
    )
    candidates, quotas, ranking = _rank(reports, scores, settings, rubric)
    ws.save_ranking(
        run_id,
        [
            (r.submission, r.application_type, r.rank, r.recommended, r.priority, r.score, r.reason)
            for r in ranking
        ],
    )
    ws.save_scores([(sha, rubric.name or "", score_dict(sc)) for sha, sc in scores.items()])
    subs = _submissions(reports, scores, ranking)
    failed = tuple(FailedFile(p, ErrorInfo(code, msg or "")) for p, _sha, code, msg in files if code)
    recommended = _recommendation(ranking)
    return Review(
        generated_by=f"scenarioreview {__version__}",
        settings=_applied(settings, rubric, quotas),
        summary=_summary(
            reports,
            len(files),
            len(failed),
            dups,
            subs,
            recommended,
            sum(len(v) - 1 for v in paths_of.values()),
        ),
        # The same bytes under several names are analysed once; every name is listed so nothing is dropped.
        identical_files=tuple(
            IdenticalFiles(sha, tuple(ps)) for sha, ps in sorted(paths_of.items()) if len(ps) > 1
        ),
        submissions=subs,
        failed=failed,
        duplicates=_pairs(dups, labels, reports),
        clusters=_clusters(dups, labels, reports),
        recommendation=recommended,
        coverage=_coverage(candidates, ranking),
    )


def run_review(
    inputs: Sequence[str], out_dir: str | Path, settings: ReviewSettings, progress: Progress | None = None
) -> Review:
    """Analyse ``inputs`` into the workspace at ``out_dir`` and build the review. Never stops on one file."""
    skipped: list[str] = []
    paths = expand_inputs(inputs, skipped)
    if not paths:
        raise ConfigError("没有找到可处理的申报文件（支持 .docx .doc .wps .pdf .txt .md）")
    # Settings are stored with the run and read again by `scores import` from any working directory.
    settings = replace(
        settings,
        **{
            k: os.path.abspath(v)
            for k in ("rubric", "exclude_list", "against")
            if (v := getattr(settings, k))
        },
    )
    load_rubric(settings.rubric)  # a bad rubric or list fails now, not after the whole batch was parsed
    load_exclude_list(settings.exclude_list)
    ws = Workspace(out_dir, create=True)
    try:
        run_id = ws.start_run(paths, settings_to_dict(settings))
        pairs, reused = analyse(ws, paths, settings.check, settings.jobs, progress)
        ws.record_files(
            run_id,
            [
                (
                    rep.file,
                    rep.sha256 or content_sha(p),
                    rep.error.code if rep.error else None,
                    rep.error.message if rep.error else None,
                )
                for p, rep in pairs
            ],
        )
        failed = sum(1 for _p, r in pairs if r.status == "failed")
        ws.finish_run(run_id, len(paths) - reused, reused, failed)
        review = build_review(ws, run_id, settings)
        # sub-folders not entered: added keys, the review/1 fields are unchanged
        return replace(review, summary=replace(review.summary, reused=reused), skipped=tuple(skipped))
    finally:
        ws.close()


def settings_to_dict(settings: ReviewSettings) -> dict[str, Any]:
    return asdict(settings)


def settings_from_dict(d: dict[str, Any]) -> ReviewSettings:
    check = dict(d.get("check", {}))
    check["lexicons"] = tuple(check.get("lexicons", ()))
    rest = {k: v for k, v in d.items() if k != "check"}
    rest["city_quotas"] = tuple(tuple(x) for x in rest.get("city_quotas", ()))
    return ReviewSettings(check=CheckOptions(**check), **rest)


def rebuild(out_dir: str | Path) -> Review:
    """Re-score and re-rank the latest run (after expert scores or a rubric edit) without re-parsing."""
    ws = Workspace(out_dir)
    try:
        run_id, _inputs, settings = ws.latest_run()
        return build_review(ws, run_id, settings_from_dict(settings))
    finally:
        ws.close()
