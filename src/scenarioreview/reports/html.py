"""report.html (placeholder until the full self-contained report lands)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from .json_report import write_atomic


def write_html(review: dict[str, Any], path: str | Path) -> None:
    rows = "".join(f"<tr><td>{s['rank']}</td><td>{html.escape(s['file'])}</td><td>{s['score']['final']}</td></tr>"
                   for s in review["submissions"])
    write_atomic(path, f"<!doctype html><meta charset=utf-8><title>审查报告</title><table>{rows}</table>")
