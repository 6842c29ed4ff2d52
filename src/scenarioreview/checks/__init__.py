"""Checks: each takes a scenario (and its context) and returns findings. No I/O here."""

from __future__ import annotations

from .length import check_length

__all__ = ["check_length"]
