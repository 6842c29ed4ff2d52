"""FileReport (everything known about one file) -> the review's view of it: the file's document/1 entry as
every report shows it (masked, with checks) followed by its scores and its place in the ranking."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from ..contract import DocumentResult, document_result
from ..model import FileReport
from .types import RankEntry, ScoreCard, SubmissionResult


def document_fields(d: DocumentResult) -> dict[str, Any]:
    """The document/1 part of a submission, field by field (for building a SubmissionResult from it)."""
    return {f.name: getattr(d, f.name) for f in fields(DocumentResult)}


def submission_result(
    rep: FileReport,
    project_type: str,
    score: ScoreCard,
    placed: RankEntry,
    ocr_confidence: float | None,
    unusable: bool,
) -> SubmissionResult:
    return SubmissionResult(
        **document_fields(document_result(rep, with_checks=True, mask=True)),
        submission=placed.submission,
        project_type=project_type,
        score=score,
        ocr_confidence=ocr_confidence,
        unusable=unusable,
        rank=placed.rank,
        recommended=placed.recommended,
        priority=placed.priority,
        reason=placed.reason,
    )
