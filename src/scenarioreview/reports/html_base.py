"""Shared pieces of report.html: escaping (with personal data masked in narratives), small formatters
and the lookups every section needs (card anchors, scenario texts by key, duplicate labels)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

TYPES = ("优秀场景", "示范工厂")
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_ZH = {"ok": "成功", "partial": "部分成功", "failed": "失败"}
KIND_ZH = {"cross": "跨申报", "within": "同一申报内", "against": "与往年材料"}
REGION_ZH = {"province": "省、自治区、直辖市", "plan-city": "计划单列市", "bingtuan": "新疆生产建设兵团"}
CRITERIA_ZH = {"compliance": "合规", "fit": "场景契合度", "completeness": "内容完整性", "quantified": "成效量化",
               "advanced": "技术先进性", "originality": "原创性", "readability": "可读性"}
_KEY_REF = re.compile(r"[0-9a-f]{64}#\d+")  # scenario keys (sha256#index) inside evidence strings
CONTEXT = 40  # characters shown either side of a finding


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


@lru_cache(maxsize=8192)
def mask_text(text: str) -> str:
    """Personal data (phones, ID and card numbers, e-mails) masked: the page is shown on a projector,
    and the findings already carry masked evidence."""
    from ..checks.sensitive import mask_personal

    return mask_personal(text)


def esc_text(text: str) -> str:
    return esc(mask_text(text))


def text_view(text: str) -> Callable[[int, int], str]:
    """Escaped, masked slices of one narrative. Masking once keeps offsets when it preserves length (the
    usual case); otherwise each slice is masked on its own."""
    shown = mask_text(text)
    if len(shown) == len(text):
        return lambda a, b: esc(shown[a:b])
    return lambda a, b: esc_text(text[a:b])


def sub_name(sub: dict[str, Any]) -> str:
    return (sub.get("applicant") or {}).get("name") or Path(sub["file"]).name


def top_match(sc: dict[str, Any]) -> dict[str, Any] | None:
    c = sc.get("classification") or {}
    return c["top"][0] if c.get("top") and not c.get("none_fits") else None


def has_problems(sub: dict[str, Any]) -> bool:
    """Anything a reviewer must look at: exclusions, over-limit, an error or warning finding."""
    return bool(sub.get("exclusions")) or any(
        sc["over_limit"] or any(f["severity"] in ("error", "warning") for f in sc.get("findings", []))
        for sc in sub["scenarios"])


def fmt(x: float | None, digits: int = 1) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def pct(x: float) -> str:
    return f"{x:.0%}"


class Ctx:
    """Lookups shared by the sections: card anchors, scenario texts by key, labels, typical names."""

    def __init__(self, review: dict[str, Any]) -> None:
        self.review = review
        self.subs: list[dict[str, Any]] = review.get("submissions", [])
        self.anchor = {s["submission"]: f"sub-{i}" for i, s in enumerate(self.subs, 1)}
        self.scenario: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
            f"{s['submission']}#{sc['index']}": (s, sc) for s in self.subs for sc in s["scenarios"]}
        self.labels = {side["key"]: side["label"] for d in review.get("duplicates", []) for side in (d["a"], d["b"])}
        self.typical = {m["id"]: m["name"] for s in self.subs for sc in s["scenarios"]
                        for m in ((sc.get("classification") or {}).get("top") or [])}

    def link(self, sha: str | None, text: str) -> str:
        a = self.anchor.get(sha or "")
        return f'<a href="#{a}">{esc(text)}</a>' if a else esc(text)

    def anchor_of(self, key: str) -> str | None:
        """The card anchor of the submission a scenario key belongs to (None for an older corpus)."""
        owner = self.scenario.get(key)
        return self.anchor.get(owner[0]["submission"]) if owner else None

    def side_link(self, key: str) -> str:
        owner = self.scenario.get(key)
        return self.link(owner[0]["submission"] if owner else None, self.labels.get(key, key))

    def readable(self, text: str) -> str:
        return _KEY_REF.sub(lambda m: self.labels.get(m.group(0), m.group(0)[:12]), text)
