"""Write every report of a review into OUTDIR (atomically) and read the review back for meeting commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .json_report import write_atomic

REPORT_JSON = "report.json"


def write_reports(review: dict[str, Any], out_dir: str | Path) -> list[Path]:
    """report.json, report.xlsx and report.html, each written atomically, in this process."""
    from .html import write_html
    from .xlsx import write_xlsx

    out = Path(out_dir)
    path = out / REPORT_JSON
    write_atomic(path, json.dumps(review, ensure_ascii=False, indent=1))
    xlsx_path = out / "report.xlsx"
    write_xlsx(review, xlsx_path)
    html_path = out / "report.html"
    write_html(review, html_path)
    return [path, xlsx_path, html_path]


def load_review(workspace: str | Path) -> dict[str, Any]:
    path = Path(workspace) / REPORT_JSON
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError("不是审查工作区：找不到 report.json（请先运行 scenarioreview review）", path=str(workspace)) from exc
    except (OSError, ValueError) as exc:
        raise ConfigError(f"report.json 无法读取或已损坏：{exc}", path=str(path)) from exc
    if not str(data.get("schema", "")).startswith("scenarioreview.review/"):
        raise ConfigError("report.json 不是审查报告（schema 不符）", path=str(path))
    return data
