"""The JSON contract ("scenarioreview.document/1" per file; the review workspace's report.json is
"scenarioreview.review/1", serialised by review/serialise.py): field names are stable; new fields only get
added. The library serialises through here; the report layer (reports/) only renders.

A file's entry is built in two steps: ``document_result`` makes the published view of a FileReport (masked as
asked, classification scores rounded), ``document_dict`` writes it key by key; ``document_result_from`` reads
it back. The review's submissions extend that view (review/types.py), so both contracts share one layout.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from .model import (
    Applicant,
    Classification,
    Counts,
    ErrorInfo,
    FileReport,
    Finding,
    Location,
    Match,
    Notice,
    ScenarioReport,
    Span,
)

DOCUMENT_SCHEMA = "scenarioreview.document/1"


def masked_finding(f: Finding) -> Finding:
    """The finding as a report shows it: personal data in a sensitive finding's evidence and hit masked."""
    if f.check != "sensitive":
        return f
    from .checks.sensitive import mask_personal

    extra = tuple((k, mask_personal(v) if k == "matched" and isinstance(v, str) else v) for k, v in f.extra)
    return replace(f, evidence=mask_personal(f.evidence), extra=extra)


def finding_dict(f: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "check": f.check,
        "severity": f.severity,
        "category": f.category,
        "message": f.message,
        "span": [f.span.start, f.span.end] if f.span else None,
        "evidence": f.evidence,
    }
    if f.extra:
        out["details"] = dict(f.extra)
    return out


def classification_dict(c: Classification) -> dict[str, Any]:
    return {
        "edition": c.edition,
        "top": [{"id": m.id, "name": m.name, "link": m.link, "score": round(m.score, 4)} for m in c.top],
        "none_fits": c.none_fits,
        "declared_matches": c.declared_matches,
        "declared_id": c.declared_id,
        "keywords": list(c.keywords),
        "sentences": list(c.sentences),
    }


def mask_text(text: str, findings: tuple[Finding, ...]) -> str:
    """Mask the personal data the sensitive check found, keeping the length so every span stays valid."""
    from .checks.identifiers import PERSONAL_KINDS, mask_value

    chars = list(text)
    for f in findings:
        if f.check != "sensitive" or f.category not in PERSONAL_KINDS or f.span is None:
            continue
        s, e = f.span.start, f.span.end
        masked = mask_value(f.category, text[s:e])
        if len(masked) != e - s:  # e-mail masks are shorter: keep the first and last character
            masked = text[s] + "*" * max(0, e - s - 2) + text[e - 1] if e - s > 2 else "*" * (e - s)
        chars[s:e] = masked
    return "".join(chars)


EXCERPT_CHARS = 60  # characters of unassigned text quoted in a file's entry


@dataclass(frozen=True, slots=True)
class LimitCrossedAt:
    """Where a scenario goes over the word limit (the first 字 past it)."""

    paragraph: int
    page: int | None
    offset: int


@dataclass(frozen=True, slots=True)
class ScenarioResult:
    """One scenario as a file's entry publishes it (narrative masked when asked)."""

    index: int
    title: str
    declared_typical: str | None
    declared_link: str | None
    declared_source: str | None
    text: str
    counts: Counts
    limit: int
    over_limit: bool
    location: Location
    limit_crossed_at: LimitCrossedAt | None
    text_source: str  # "ocr" | "text-layer"
    findings: tuple[Finding, ...]
    classification: Classification | None

    @property
    def top_match(self) -> Match | None:
        """The best typical scenario, None when unclassified or when none fits."""
        c = self.classification
        return c.top[0] if c is not None and c.top and not c.none_fits else None

    @property
    def from_ocr(self) -> bool:
        return self.text_source == "ocr"


@dataclass(frozen=True, slots=True)
class UnassignedText:
    """A run of body text outside every scenario (excerpt masked when asked)."""

    chars: int
    page: int | None
    paragraph: int
    excerpt: str


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """A file's ``scenarioreview.document/1`` entry as an object."""

    file: str
    sha256: str | None
    format: str | None
    status: str
    error: ErrorInfo | None
    application_type: str | None
    applicant: Applicant | None
    structure: str | None
    coverage: float | None
    unassigned: tuple[UnassignedText, ...]
    notices: tuple[Notice, ...]
    findings: tuple[Finding, ...]
    scenarios: tuple[ScenarioResult, ...]


# --- FileReport -> published view ---------------------------------------------------------------------


def rounded(c: Classification) -> Classification:
    """Match scores to four places, as the contract publishes them."""
    return replace(c, top=tuple(replace(m, score=round(m.score, 4)) for m in c.top))


def scenario_result(r: ScenarioReport, *, with_checks: bool, mask: bool) -> ScenarioResult:
    s, cross = r.scenario, r.crossing
    return ScenarioResult(
        index=s.index,
        title=s.title,
        declared_typical=s.declared_typical,
        declared_link=s.declared_link,
        declared_source=s.declared_source,
        text=mask_text(s.text, r.findings) if mask and with_checks else s.text,
        counts=r.counts,
        limit=r.limit,
        over_limit=r.over_limit,
        location=s.location,
        limit_crossed_at=LimitCrossedAt(cross.paragraph, cross.page, cross.offset) if cross else None,
        text_source="ocr" if s.from_ocr else "text-layer",
        findings=tuple(masked_finding(f) if mask else f for f in r.findings),
        classification=rounded(r.classification) if r.classification else None,
    )


def document_result(rep: FileReport, *, with_checks: bool, mask: bool = True) -> DocumentResult:
    """The published view of a FileReport: narratives masked when ``mask`` (and checks shown), personal data in
    findings and excerpts masked when ``mask``."""
    from .checks.sensitive import mask_personal

    app = rep.application
    return DocumentResult(
        file=rep.file,
        sha256=rep.sha256,
        format=rep.format,
        status=rep.status,
        error=rep.error,
        application_type=app.application_type if app else None,
        applicant=app.applicant if app else None,
        structure=app.structure if app else None,
        coverage=app.coverage if app else None,
        unassigned=tuple(
            UnassignedText(
                u.chars,
                u.page,
                u.block_index + 1,
                mask_personal(u.text[:EXCERPT_CHARS]) if mask else u.text[:EXCERPT_CHARS],
            )
            for u in app.unassigned
        )
        if app
        else (),
        notices=rep.notices,
        findings=tuple(masked_finding(f) if mask else f for f in rep.findings),
        scenarios=tuple(scenario_result(r, with_checks=with_checks, mask=mask) for r in rep.scenarios),
    )


# --- published view -> JSON ---------------------------------------------------------------------------


def _counts(c: Counts) -> dict[str, Any]:
    return {
        "words": c.words,
        "chars_no_spaces": c.chars_no_spaces,
        "chars_with_spaces": c.chars_with_spaces,
        "cjk_chars": c.cjk_chars,
        "non_cjk_words": c.non_cjk_words,
    }


def scenario_result_dict(s: ScenarioResult, *, with_checks: bool) -> dict[str, Any]:
    cross = s.limit_crossed_at
    out: dict[str, Any] = {
        "index": s.index,
        "title": s.title,
        "declared_typical": s.declared_typical,
        "declared_link": s.declared_link,
        "declared_source": s.declared_source,
        "text": s.text,
        "counts": _counts(s.counts),
        "limit": s.limit,
        "over_limit": s.over_limit,
        "location": {"page": s.location.page, "paragraph": s.location.paragraph},
        "limit_crossed_at": {"paragraph": cross.paragraph, "page": cross.page, "offset": cross.offset}
        if cross
        else None,
        "text_source": s.text_source,
    }
    if with_checks:
        out["findings"] = [finding_dict(f) for f in s.findings]
        out["classification"] = classification_dict(s.classification) if s.classification else None
    return out


def _applicant(a: Applicant | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {
        "name": a.name,
        "credit_code": a.credit_code,
        "industry": a.industry,
        "region": a.region,
        "maturity_level": a.maturity_level,
    }


def document_dict(d: DocumentResult, *, with_checks: bool) -> dict[str, Any]:
    """A file's ``scenarioreview.document/1`` JSON object."""
    return {
        "schema": DOCUMENT_SCHEMA,
        "file": d.file,
        "sha256": d.sha256,
        "format": d.format,
        "status": d.status,
        "error": {"code": d.error.code, "message": d.error.message} if d.error else None,
        "application_type": d.application_type,
        "applicant": _applicant(d.applicant),
        "structure": d.structure,
        "coverage": d.coverage,
        "unassigned": [
            {"chars": u.chars, "page": u.page, "paragraph": u.paragraph, "excerpt": u.excerpt}
            for u in d.unassigned
        ],
        "notices": [{"code": n.code, "message": n.message, "page": n.page} for n in d.notices],
        "findings": [finding_dict(f) for f in d.findings] if with_checks else [],
        "scenarios": [scenario_result_dict(s, with_checks=with_checks) for s in d.scenarios],
    }


def scenario_dict(r: ScenarioReport, *, with_checks: bool, mask: bool = True) -> dict[str, Any]:
    return scenario_result_dict(
        scenario_result(r, with_checks=with_checks, mask=mask), with_checks=with_checks
    )


def file_dict(rep: FileReport, *, with_checks: bool, mask: bool = True) -> dict[str, Any]:
    return document_dict(document_result(rep, with_checks=with_checks, mask=mask), with_checks=with_checks)


# --- JSON -> published view (tolerant of entries written before a key was added) ----------------------


def finding_from(d: Mapping[str, Any]) -> Finding:
    span = d.get("span")
    return Finding(
        d["check"],
        d["severity"],
        d["message"],
        Span(span[0], span[1]) if span else None,
        d.get("evidence") or "",
        d.get("category"),
        tuple((d.get("details") or {}).items()),
    )


def classification_from(d: Mapping[str, Any] | None) -> Classification | None:
    if d is None:
        return None
    return Classification(
        d["edition"],
        tuple(Match(m["id"], m["name"], m["link"], m["score"]) for m in d["top"]),
        d["none_fits"],
        d.get("declared_matches"),
        d.get("declared_id"),
        tuple(d.get("keywords") or ()),
        tuple(d.get("sentences") or ()),
    )


def _scenario_from(d: Mapping[str, Any]) -> ScenarioResult:
    cross = d.get("limit_crossed_at")
    return ScenarioResult(
        d["index"],
        d["title"],
        d.get("declared_typical"),
        d.get("declared_link"),
        d.get("declared_source"),
        d["text"],
        Counts(**d["counts"]),
        d["limit"],
        d["over_limit"],
        Location(d["location"]["page"], d["location"]["paragraph"]),
        LimitCrossedAt(cross["paragraph"], cross["page"], cross["offset"]) if cross else None,
        d.get("text_source") or "text-layer",
        tuple(finding_from(f) for f in d.get("findings") or ()),
        classification_from(d.get("classification")),
    )


def document_result_from(d: Mapping[str, Any]) -> DocumentResult:
    a, e = d.get("applicant"), d.get("error")
    return DocumentResult(
        d["file"],
        d.get("sha256"),
        d.get("format"),
        d["status"],
        ErrorInfo(e["code"], e["message"]) if e else None,
        d.get("application_type"),
        Applicant(**a) if a else None,
        d.get("structure"),
        d.get("coverage"),
        tuple(
            UnassignedText(u["chars"], u["page"], u["paragraph"], u["excerpt"])
            for u in d.get("unassigned") or ()
        ),
        tuple(Notice(n["code"], n["message"], n.get("page")) for n in d.get("notices") or ()),
        tuple(finding_from(f) for f in d.get("findings") or ()),
        tuple(_scenario_from(s) for s in d["scenarios"]),
    )


def dumps(reports: Iterable[FileReport], *, with_checks: bool, mask: bool = True) -> str:
    data = [file_dict(r, with_checks=with_checks, mask=mask) for r in reports]
    return json.dumps(data, ensure_ascii=False, indent=2)


REPORT_JSON = "report.json"  # the review/1 file of a workspace (review/serialise.py reads and writes it)
