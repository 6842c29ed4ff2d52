"""The typed review level: what a batch review knows, as frozen objects.

A ``Review`` is built by ``batch.build_review`` and read back from report.json by ``serialise.load_review``;
``serialise.review_dict`` is the one place that turns it into the ``scenarioreview.review/1`` JSON. Field
names and order follow that JSON, so a reader of the contract finds every field here under its own name; a
submission extends the document/1 entry of its file (contract.DocumentResult, ScenarioResult).
Values are stored as they appear on the wire (masked narratives, rounded classification scores), so a
report rendered from a fresh review and one rendered from report.json are the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..contract import DocumentResult, LimitCrossedAt, ScenarioResult, UnassignedText
from ..model import ErrorInfo

__all__ = [  # the document/1 views are part of the review's vocabulary, so they are exported from here too
    "APP_TYPES",
    "LOW_OCR_CONFIDENCE",
    "AppliedSettings",
    "Cluster",
    "CoverageCounts",
    "CriterionScore",
    "DocumentResult",
    "DuplicatePair",
    "Exclusion",
    "FailedFile",
    "IdenticalFiles",
    "LimitCrossedAt",
    "PairSide",
    "RankEntry",
    "Review",
    "ScenarioResult",
    "ScoreCard",
    "SharedPassage",
    "SubmissionResult",
    "Summary",
    "UnassignedText",
]

APP_TYPES = ("优秀场景", "示范工厂")  # the two project types (项目类别), in report order
LOW_OCR_CONFIDENCE = 0.8  # mean OCR confidence below which a reviewer should check the text against the scan


# The review level's small records: a criterion's score, why a submission is excluded, one ranking row.


@dataclass(frozen=True)
class CriterionScore:
    criterion: str  # stable id: compliance, fit, completeness, quantified, advanced, originality, readability
    name: str  # Chinese label
    score: float  # 0..100
    weight: float
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Exclusion:
    code: str  # over_limit, error_finding, maturity_below_2, exclude_list, not_application
    reason: str  # Chinese


@dataclass(frozen=True)
class RankEntry:
    submission: str
    application_type: str
    rank: int  # 1-based within the application type, over all submissions (flagged ones included)
    recommended: bool
    priority: int | None  # 1-based position on the recommendation list, None when not recommended
    score: float
    reason: str  # Chinese: why picked or not (quota, exclusion, coverage trade-off)


@dataclass(frozen=True, slots=True)
class ScoreCard:
    """A submission's scores: the criteria with evidence, automatic/expert/final score, exclusions."""

    auto: float
    expert: float | None
    final: float
    criteria: tuple[CriterionScore, ...]
    scenario_scores: tuple[float, ...]
    links_covered: tuple[str, ...]
    exclusions: tuple[Exclusion, ...]


@dataclass(frozen=True, slots=True)
class SubmissionResult(DocumentResult):
    """One application form: its document/1 entry (masked) followed by its scores and place in the ranking."""

    submission: str  # the content hash that identifies the submission
    project_type: str  # 优秀场景 | 示范工厂
    score: ScoreCard
    ocr_confidence: float | None
    unusable: bool  # a hard exclusion: never recommended
    rank: int
    recommended: bool
    priority: int | None
    reason: str

    @property
    def exclusions(self) -> tuple[Exclusion, ...]:
        return self.score.exclusions

    @property
    def file_name(self) -> str:
        return Path(self.file).name

    @property
    def name(self) -> str:
        """The applicant's name, or the file name when the form does not give one."""
        return (self.applicant.name if self.applicant else None) or self.file_name


@dataclass(frozen=True, slots=True)
class FailedFile:
    file: str
    error: ErrorInfo


@dataclass(frozen=True, slots=True)
class IdenticalFiles:
    """The same bytes under several names: analysed once, every name listed."""

    submission: str
    files: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PairSide:
    key: str  # scenario key: sha256#index, or old:…#index for an older corpus
    label: str  # "file 场景N"


@dataclass(frozen=True, slots=True)
class SharedPassage:
    a: tuple[int, int]  # offsets into side a's scenario text
    b: tuple[int, int]
    length: int
    text: str  # side a's wording, masked
    text_b: str  # side b's wording, masked


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    a: PairSide
    b: PairSide
    kind: str  # cross | within | against
    ratio_a: float
    ratio_b: float
    jaccard: float
    longest: int
    subtracted: int
    passages: tuple[SharedPassage, ...]


@dataclass(frozen=True, slots=True)
class Cluster:
    """A template cluster: several submissions sharing the same text."""

    members: tuple[str, ...]
    submissions: tuple[str, ...]
    files: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CoverageCounts:
    """What the recommendation list covers: typical scenario ids, industries, GB/T 4754 divisions."""

    typicals: Mapping[str, int]
    industries: Mapping[str, int]
    industry_divisions: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class AppliedSettings:
    """The settings a review was made with, as the reports state them."""

    region_type: str
    quotas: Mapping[str, int]
    coverage: bool
    keep_flagged: bool
    rubric: str | None  # the rubric's name
    weights: Mapping[str, float]
    edition: str | None
    limit: int | None
    against: str | None


@dataclass(frozen=True, slots=True)
class Summary:
    files: int
    analysed: int
    failed: int
    partial: int
    scenarios: int
    over_limit: int
    sensitive_errors: int
    duplicate_pairs: int
    duplicate_clusters: int
    boilerplate_shingles: int
    recommended: Mapping[str, int]
    excluded: int
    flagged: int
    identical_files: int
    unusable: int
    low_confidence_ocr: int
    reused: int | None = None  # set by a run that analysed files (not by a re-score)


@dataclass(frozen=True, slots=True)
class Review:
    """A whole batch review: the ``scenarioreview.review/1`` document as objects."""

    generated_by: str
    settings: AppliedSettings
    summary: Summary
    identical_files: tuple[IdenticalFiles, ...]
    submissions: tuple[SubmissionResult, ...]
    failed: tuple[FailedFile, ...]
    duplicates: tuple[DuplicatePair, ...]
    clusters: tuple[Cluster, ...]
    recommendation: Mapping[str, tuple[str, ...]]  # per project type, submissions in priority order
    coverage: CoverageCounts
    skipped: tuple[str, ...] | None = None  # sub-folders not entered (set by a run that read folders)

    def pair_labels(self) -> dict[str, str]:
        """Scenario key -> "file 场景N" for every scenario a duplicate pair names."""
        return {side.key: side.label for d in self.duplicates for side in (d.a, d.b)}

    def by_submission(self) -> dict[str, SubmissionResult]:
        return {s.submission: s for s in self.submissions}
