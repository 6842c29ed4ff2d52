"""Sensitive-content check (issue 3). Placeholder until the lexicon matcher lands."""

from __future__ import annotations

from ..model import Finding


def find_sensitive(text: str, lexicon: object | None = None) -> list[Finding]:
    return []


def mask_personal(text: str) -> str:
    return text
