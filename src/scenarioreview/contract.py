"""The JSON contract ("scenarioreview.document/1" per file; the review workspace's report.json is
"scenarioreview.review/1", serialised by review/serialise.py): field names are stable; new fields only get
added. The library serialises through here; the report layer (reports/) only renders.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from .model import Classification, FileReport, Finding, ScenarioReport

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


def _finding(f: Finding, mask: bool) -> dict[str, Any]:
    return finding_dict(masked_finding(f) if mask else f)


def _masked(text: str, mask: bool) -> str:
    if not mask:
        return text
    from .checks.sensitive import mask_personal

    return mask_personal(text)


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


def scenario_dict(r: ScenarioReport, *, with_checks: bool, mask: bool = True) -> dict[str, Any]:
    s = r.scenario
    out: dict[str, Any] = {
        "index": s.index,
        "title": s.title,
        "declared_typical": s.declared_typical,
        "declared_link": s.declared_link,
        "declared_source": s.declared_source,
        "text": mask_text(s.text, r.findings) if mask and with_checks else s.text,
        "counts": {
            "words": r.counts.words,
            "chars_no_spaces": r.counts.chars_no_spaces,
            "chars_with_spaces": r.counts.chars_with_spaces,
            "cjk_chars": r.counts.cjk_chars,
            "non_cjk_words": r.counts.non_cjk_words,
        },
        "limit": r.limit,
        "over_limit": r.over_limit,
        "location": {"page": s.location.page, "paragraph": s.location.paragraph},
        "limit_crossed_at": (
            {"paragraph": r.crossing.paragraph, "page": r.crossing.page, "offset": r.crossing.offset}
            if r.crossing else None
        ),
        "text_source": "ocr" if s.from_ocr else "text-layer",
    }
    if with_checks:
        out["findings"] = [_finding(f, mask) for f in r.findings]
        out["classification"] = classification_dict(r.classification) if r.classification else None
    return out


def file_dict(rep: FileReport, *, with_checks: bool, mask: bool = True) -> dict[str, Any]:
    app = rep.application
    applicant = None
    if app is not None:
        a = app.applicant
        applicant = {"name": a.name, "credit_code": a.credit_code, "industry": a.industry,
                     "region": a.region, "maturity_level": a.maturity_level}
    return {
        "schema": DOCUMENT_SCHEMA,
        "file": rep.file,
        "sha256": rep.sha256,
        "format": rep.format,
        "status": rep.status,
        "error": {"code": rep.error.code, "message": rep.error.message} if rep.error else None,
        "application_type": app.application_type if app else None,
        "applicant": applicant,
        "structure": app.structure if app else None,
        "coverage": app.coverage if app else None,
        "unassigned": [{"chars": u.chars, "page": u.page, "paragraph": u.block_index + 1,
                        "excerpt": _masked(u.text[:60], mask)} for u in app.unassigned] if app else [],
        "notices": [{"code": n.code, "message": n.message, "page": n.page} for n in rep.notices],
        "findings": [_finding(f, mask) for f in rep.findings] if with_checks else [],
        "scenarios": [scenario_dict(s, with_checks=with_checks, mask=mask) for s in rep.scenarios],
    }


def dumps(reports: Iterable[FileReport], *, with_checks: bool, mask: bool = True) -> str:
    data = [file_dict(r, with_checks=with_checks, mask=mask) for r in reports]
    return json.dumps(data, ensure_ascii=False, indent=2)


REPORT_JSON = "report.json"  # the review/1 file of a workspace (review/serialise.py reads and writes it)
