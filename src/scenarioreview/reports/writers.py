"""Write every report of a review into OUTDIR as a set (report.json, report.xlsx, report.html)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..contract import REPORT_JSON
from ..errors import ConfigError
from ..review.serialise import dumps_review
from ..review.types import Review

REPORT_NAMES = ("report.xlsx", "report.html", REPORT_JSON)  # JSON last: the meeting commands read it


def clean_stale(out: Path) -> None:
    """Remove what a killed run left behind: staging folders and half-written temp files. Called under
    the workspace lock, so nothing here belongs to a live writer."""
    for p in out.glob(".staging-*"):
        shutil.rmtree(p, ignore_errors=True)
    for name in REPORT_NAMES:
        for p in out.glob(f".{name}.*"):
            p.unlink(missing_ok=True)


def write_reports(review: Review, out_dir: str | Path) -> list[Path]:
    """report.json, report.xlsx and report.html, replaced as a set: all three are written completely into
    a staging folder first and then renamed into place one right after the other, so that a run killed
    while writing leaves the previous set (and a stale staging folder the next run removes)."""
    out = Path(out_dir)
    for name in REPORT_NAMES:
        if (out / name).is_dir():
            raise ConfigError(f"{name} 是一个目录，无法写入报告；请删除或改名后重新运行", path=str(out))
    clean_stale(out)
    stage = Path(tempfile.mkdtemp(dir=out, prefix=".staging-"))
    try:
        _write_set(review, stage)
        for name in REPORT_NAMES:
            os.replace(stage / name, out / name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return [out / REPORT_JSON, out / "report.xlsx", out / "report.html"]


def _write_set(review: Review, out: Path) -> None:
    """The three reports into the staging folder ``out``, in this process."""
    from .html import write_html
    from .xlsx import write_xlsx

    (out / REPORT_JSON).write_text(dumps_review(review), encoding="utf-8")
    write_xlsx(review, out / "report.xlsx")
    write_html(review, out / "report.html")
