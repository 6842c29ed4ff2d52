"""FileReport (everything known about one file) -> the review's view of it, masked as every report shows it.

The document part follows ``contract.file_dict(rep, with_checks=True, mask=True)`` field for field: the
review keeps what it publishes, so reports rendered now and from report.json later are the same.
"""

from __future__ import annotations

from dataclasses import replace

from ..contract import mask_text, masked_finding
from ..model import Classification, FileReport, RankEntry, ScenarioReport
from .types import LimitCrossedAt, ScenarioResult, ScoreCard, SubmissionResult, UnassignedText

EXCERPT_CHARS = 60  # characters of unassigned text quoted in the review


def rounded(c: Classification) -> Classification:
    """Match scores to four places, as the contract publishes them."""
    return replace(c, top=tuple(replace(m, score=round(m.score, 4)) for m in c.top))


def scenario_result(r: ScenarioReport) -> ScenarioResult:
    s, cross = r.scenario, r.crossing
    return ScenarioResult(
        index=s.index, title=s.title, declared_typical=s.declared_typical, declared_link=s.declared_link,
        declared_source=s.declared_source, text=mask_text(s.text, r.findings), counts=r.counts, limit=r.limit,
        over_limit=r.over_limit, location=s.location,
        limit_crossed_at=LimitCrossedAt(cross.paragraph, cross.page, cross.offset) if cross else None,
        text_source="ocr" if s.from_ocr else "text-layer", findings=tuple(masked_finding(f) for f in r.findings),
        classification=rounded(r.classification) if r.classification else None)


def submission_result(rep: FileReport, project_type: str, score: ScoreCard, placed: RankEntry,
                      ocr_confidence: float | None, unusable: bool) -> SubmissionResult:
    from ..checks.sensitive import mask_personal

    app = rep.application
    return SubmissionResult(
        file=rep.file, sha256=rep.sha256, format=rep.format, status=rep.status, error=rep.error,
        application_type=app.application_type if app else None, applicant=app.applicant if app else None,
        structure=app.structure if app else None, coverage=app.coverage if app else None,
        unassigned=tuple(UnassignedText(u.chars, u.page, u.block_index + 1, mask_personal(u.text[:EXCERPT_CHARS]))
                         for u in app.unassigned) if app else (),
        notices=rep.notices, findings=tuple(masked_finding(f) for f in rep.findings),
        scenarios=tuple(scenario_result(s) for s in rep.scenarios), submission=placed.submission,
        project_type=project_type, score=score, ocr_confidence=ocr_confidence, unusable=unusable, rank=placed.rank,
        recommended=placed.recommended, priority=placed.priority, reason=placed.reason)
