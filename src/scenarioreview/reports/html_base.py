"""Shared pieces of report.html: personal data masked in narratives, small formatters and the lookups every
section needs (card anchors, scenario texts by key, duplicate labels)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..review.types import Review, ScenarioResult, SubmissionResult

_KEY_REF = re.compile(r"[0-9a-f]{64}#\d+")  # scenario keys (sha256#index) inside evidence strings
CONTEXT = 40  # characters shown either side of a finding


@lru_cache(maxsize=8192)
def mask_text(text: str) -> str:
    """Personal data (phones, ID and card numbers, e-mails) masked: the page is shown on a projector,
    and the findings already carry masked evidence."""
    from ..checks.sensitive import mask_personal

    return mask_personal(text)


def has_problems(sub: SubmissionResult) -> bool:
    """Anything a reviewer must look at: exclusions, over-limit, an error or warning finding."""
    return bool(sub.exclusions) or any(
        sc.over_limit or any(f.severity in ("error", "warning") for f in sc.findings) for sc in sub.scenarios
    )


def fmt(x: float | None, digits: int = 1) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def pct(x: float) -> str:
    return f"{x:.0%}"


class Ctx:
    """Lookups shared by the sections: card anchors, scenario texts by key, labels, typical names."""

    def __init__(self, review: Review) -> None:
        self.review = review
        self.subs = review.submissions
        self.anchor = {s.submission: f"sub-{i}" for i, s in enumerate(self.subs, 1)}
        self.scenario: dict[str, tuple[SubmissionResult, ScenarioResult]] = {
            f"{s.submission}#{sc.index}": (s, sc) for s in self.subs for sc in s.scenarios
        }
        self.labels = review.pair_labels()
        self.typical = {
            m.id: m.name
            for s in self.subs
            for sc in s.scenarios
            for m in (sc.classification.top if sc.classification else ())
        }

    def anchor_of(self, key: str) -> str | None:
        """The card anchor of the submission a scenario key belongs to (None for an older corpus)."""
        owner = self.scenario.get(key)
        return self.anchor.get(owner[0].submission) if owner else None

    def readable(self, text: str) -> str:
        return _KEY_REF.sub(lambda m: self.labels.get(m.group(0), m.group(0)[:12]), text)
