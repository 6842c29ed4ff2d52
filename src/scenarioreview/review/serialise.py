"""The one serialiser of the ``scenarioreview.review/1`` JSON (report.json) and its one reader.

``review_dict`` turns a typed ``Review`` into the JSON object, key by key in the contract's order;
``review_from_dict`` / ``load_review`` read it back into the same objects. An older report.json that lacks
keys added since is read with neutral defaults (the contract only ever adds keys).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import __version__
from ..contract import REPORT_JSON, document_dict, document_result_from
from ..errors import ConfigError
from ..model import ErrorInfo
from .results import document_fields
from .types import (
    AppliedSettings,
    Cluster,
    CoverageCounts,
    CriterionScore,
    DuplicatePair,
    Exclusion,
    FailedFile,
    IdenticalFiles,
    PairSide,
    Review,
    ScoreCard,
    SharedPassage,
    SubmissionResult,
    Summary,
)

REVIEW_SCHEMA = "scenarioreview.review/1"
Json = dict[str, Any]

# --- objects -> JSON ----------------------------------------------------------------------------------


def error_dict(e: ErrorInfo | None) -> Json | None:
    return {"code": e.code, "message": e.message} if e else None


def exclusion_dict(e: Exclusion) -> Json:
    return {"code": e.code, "reason": e.reason}


def criterion_dict(c: CriterionScore) -> Json:
    return {
        "criterion": c.criterion,
        "name": c.name,
        "score": c.score,
        "weight": c.weight,
        "evidence": list(c.evidence),
    }


def score_dict(s: ScoreCard) -> Json:
    return {
        "auto": s.auto,
        "expert": s.expert,
        "final": s.final,
        "criteria": [criterion_dict(c) for c in s.criteria],
        "scenario_scores": list(s.scenario_scores),
        "links_covered": list(s.links_covered),
        "exclusions": [exclusion_dict(e) for e in s.exclusions],
    }


def submission_dict(s: SubmissionResult) -> Json:
    """The document/1 entry of the form (masked, with checks) followed by the review's fields for it."""
    return {
        **document_dict(s, with_checks=True),
        "submission": s.submission,
        "project_type": s.project_type,
        "score": score_dict(s.score),
        "ocr_confidence": s.ocr_confidence,
        "unusable": s.unusable,
        "rank": s.rank,
        "recommended": s.recommended,
        "priority": s.priority,
        "reason": s.reason,
        "exclusions": [exclusion_dict(e) for e in s.exclusions],
    }


def _pair_dict(p: DuplicatePair) -> Json:
    return {
        "a": {"key": p.a.key, "label": p.a.label},
        "b": {"key": p.b.key, "label": p.b.label},
        "kind": p.kind,
        "ratio_a": p.ratio_a,
        "ratio_b": p.ratio_b,
        "jaccard": p.jaccard,
        "longest": p.longest,
        "subtracted": p.subtracted,
        "passages": [
            {"a": list(x.a), "b": list(x.b), "length": x.length, "text": x.text, "text_b": x.text_b}
            for x in p.passages
        ],
    }


def _summary_dict(s: Summary) -> Json:
    out: Json = {
        "files": s.files,
        "analysed": s.analysed,
        "failed": s.failed,
        "partial": s.partial,
        "scenarios": s.scenarios,
        "over_limit": s.over_limit,
        "sensitive_errors": s.sensitive_errors,
        "duplicate_pairs": s.duplicate_pairs,
        "duplicate_clusters": s.duplicate_clusters,
        "boilerplate_shingles": s.boilerplate_shingles,
        "recommended": dict(s.recommended),
        "excluded": s.excluded,
        "flagged": s.flagged,
        "identical_files": s.identical_files,
        "unusable": s.unusable,
        "low_confidence_ocr": s.low_confidence_ocr,
    }
    if s.reused is not None:
        out["reused"] = s.reused
    return out


def _settings_dict(s: AppliedSettings) -> Json:
    return {
        "region_type": s.region_type,
        "quotas": dict(s.quotas),
        "coverage": s.coverage,
        "keep_flagged": s.keep_flagged,
        "rubric": s.rubric,
        "weights": dict(s.weights),
        "edition": s.edition,
        "limit": s.limit,
        "against": s.against,
    }


def review_dict(r: Review) -> Json:
    """The ``scenarioreview.review/1`` JSON object of a review."""
    out: Json = {
        "schema": REVIEW_SCHEMA,
        "generated_by": r.generated_by,
        "settings": _settings_dict(r.settings),
        "summary": _summary_dict(r.summary),
        "identical_files": [{"submission": x.submission, "files": list(x.files)} for x in r.identical_files],
        "submissions": [submission_dict(s) for s in r.submissions],
        "failed": [{"file": f.file, "error": error_dict(f.error)} for f in r.failed],
        "duplicates": [_pair_dict(p) for p in r.duplicates],
        "clusters": [
            {"members": list(c.members), "submissions": list(c.submissions), "files": list(c.files)}
            for c in r.clusters
        ],
        "recommendation": {t: list(v) for t, v in r.recommendation.items()},
        "coverage": {
            "typicals": dict(r.coverage.typicals),
            "industries": dict(r.coverage.industries),
            "industry_divisions": dict(r.coverage.industry_divisions),
        },
    }
    if r.skipped is not None:
        out["skipped"] = list(r.skipped)
    return out


def dumps_review(r: Review) -> str:
    """report.json's text."""
    return json.dumps(review_dict(r), ensure_ascii=False, indent=1)


# --- JSON -> objects ----------------------------------------------------------------------------------


def exclusion_from(d: Mapping[str, Any]) -> Exclusion:
    return Exclusion(d["code"], d["reason"])


def score_from(d: Mapping[str, Any]) -> ScoreCard:
    return ScoreCard(
        d["auto"],
        d.get("expert"),
        d["final"],
        tuple(
            CriterionScore(c["criterion"], c["name"], c["score"], c["weight"], tuple(c["evidence"]))
            for c in d["criteria"]
        ),
        tuple(d.get("scenario_scores") or ()),
        tuple(d.get("links_covered") or ()),
        tuple(exclusion_from(e) for e in d.get("exclusions") or ()),
    )


def _submission_from(d: Mapping[str, Any]) -> SubmissionResult:
    return SubmissionResult(
        **document_fields(document_result_from(d)),
        submission=d["submission"],
        project_type=d["project_type"],
        score=score_from(d["score"]),
        ocr_confidence=d.get("ocr_confidence"),
        unusable=bool(d.get("unusable", False)),
        rank=d["rank"],
        recommended=d["recommended"],
        priority=d.get("priority"),
        reason=d.get("reason") or "",
    )


def _pair_from(d: Mapping[str, Any]) -> DuplicatePair:
    passages = tuple(
        SharedPassage(
            (p["a"][0], p["a"][1]), (p["b"][0], p["b"][1]), p["length"], p["text"], p.get("text_b", p["text"])
        )
        for p in d.get("passages") or ()
    )
    return DuplicatePair(
        PairSide(d["a"]["key"], d["a"]["label"]),
        PairSide(d["b"]["key"], d["b"]["label"]),
        d["kind"],
        d["ratio_a"],
        d["ratio_b"],
        d.get("jaccard", 0.0),
        d["longest"],
        d.get("subtracted", 0),
        passages,
    )


def _summary_from(d: Mapping[str, Any]) -> Summary:
    ints = (
        "files",
        "analysed",
        "failed",
        "partial",
        "scenarios",
        "over_limit",
        "sensitive_errors",
        "duplicate_pairs",
        "duplicate_clusters",
        "boilerplate_shingles",
        "excluded",
        "flagged",
        "identical_files",
        "unusable",
        "low_confidence_ocr",
    )
    values = {k: d.get(k, 0) for k in ints}
    return Summary(**values, recommended=dict(d.get("recommended") or {}), reused=d.get("reused"))


def _settings_from(d: Mapping[str, Any]) -> AppliedSettings:
    return AppliedSettings(
        d.get("region_type", "province"),
        dict(d.get("quotas") or {}),
        bool(d.get("coverage")),
        bool(d.get("keep_flagged")),
        d.get("rubric"),
        dict(d.get("weights") or {}),
        d.get("edition"),
        d.get("limit"),
        d.get("against"),
    )


def _coverage_from(d: Mapping[str, Any]) -> CoverageCounts:
    from ..industry import group_counts

    industries = dict(d.get("industries") or {})
    divisions = d.get("industry_divisions")
    return CoverageCounts(
        dict(d.get("typicals") or {}),
        industries,
        dict(divisions) if divisions is not None else group_counts(industries),
    )


def review_from_dict(d: Mapping[str, Any]) -> Review:
    """The typed review of a ``scenarioreview.review/1`` JSON object (KeyError/TypeError on a broken one)."""
    skipped = d.get("skipped")
    return Review(
        d.get("generated_by") or f"scenarioreview {__version__}",
        _settings_from(d.get("settings") or {}),
        _summary_from(d.get("summary") or {}),
        tuple(IdenticalFiles(x["submission"], tuple(x["files"])) for x in d.get("identical_files") or ()),
        tuple(_submission_from(s) for s in d.get("submissions") or ()),
        tuple(
            FailedFile(f["file"], ErrorInfo(f["error"]["code"], f["error"]["message"]))
            for f in d.get("failed") or ()
        ),
        tuple(_pair_from(p) for p in d.get("duplicates") or ()),
        tuple(
            Cluster(tuple(c["members"]), tuple(c.get("submissions") or ()), tuple(c.get("files") or ()))
            for c in d.get("clusters") or ()
        ),
        {t: tuple(v) for t, v in (d.get("recommendation") or {}).items()},
        _coverage_from(d.get("coverage") or {}),
        tuple(skipped) if skipped is not None else None,
    )


def load_review_data(workspace: str | Path) -> Json:
    """The review/1 JSON object of a workspace as written (ConfigError when missing, broken or not a review)."""
    path = Path(workspace) / REPORT_JSON
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(
            "不是审查工作区：找不到 report.json（请先运行 scenarioreview review）", path=str(workspace)
        ) from exc
    except (OSError, ValueError) as exc:
        raise ConfigError(f"report.json 无法读取或已损坏：{exc}", path=str(path)) from exc
    if not isinstance(data, dict) or not str(data.get("schema", "")).startswith("scenarioreview.review/"):
        raise ConfigError("report.json 不是审查报告（schema 不符）", path=str(path))
    return data


def load_review(workspace: str | Path) -> Review:
    """The review of a workspace (what `review` wrote), for the meeting commands and expert scores."""
    data = load_review_data(workspace)
    try:
        return review_from_dict(data)
    except (KeyError, TypeError, IndexError, ValueError, AttributeError) as exc:
        path = Path(workspace) / REPORT_JSON
        raise ConfigError(
            f"report.json 内容不完整或已损坏（{type(exc).__name__}: {exc}）", path=str(path)
        ) from exc
