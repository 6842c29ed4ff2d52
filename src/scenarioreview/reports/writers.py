"""Write every report of a review into OUTDIR as a set (report.json, report.xlsx, report.html)."""

from __future__ import annotations

import os
import shutil
import tempfile
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
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


def write_reports(review: Review, out_dir: str | Path, jobs: int = 1) -> list[Path]:
    """report.json, report.xlsx and report.html, replaced as a set: all three are written completely into
    a staging folder first and then renamed into place one right after the other, so that a run killed
    while writing leaves the previous set (and a stale staging folder the next run removes).

    ``jobs`` > 1 writes report.html in a second process meanwhile (half of a re-run's time is writing)."""
    out = Path(out_dir)
    for name in REPORT_NAMES:
        if (out / name).is_dir():
            raise ConfigError(f"{name} 是一个目录，无法写入报告；请删除或改名后重新运行", path=str(out))
    clean_stale(out)
    stage = Path(tempfile.mkdtemp(dir=out, prefix=".staging-"))
    try:
        _write_set(review, stage, jobs)
        for name in REPORT_NAMES:
            os.replace(stage / name, out / name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return [out / REPORT_JSON, out / "report.xlsx", out / "report.html"]


def _write_set(review: Review, out: Path, jobs: int = 1) -> None:
    """The three reports into the staging folder ``out``: report.html in a helper process when ``jobs`` > 1."""
    from .html import write_html
    from .xlsx import write_xlsx

    pool = _helper_pool() if jobs > 1 else None
    html = _submit(pool, review, out / "report.html") if pool else None
    try:
        (out / REPORT_JSON).write_text(dumps_review(review), encoding="utf-8")
        write_xlsx(review, out / "report.xlsx")
        if html is None or not _finished(html):
            # no helper, or it died (killed, out of memory): write it here, where any error is our own
            write_html(review, out / "report.html")
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)


def _html_job(review: Review, path: Path) -> None:
    """report.html in the helper process (looked up there by name, so the helper runs the installed writer)."""
    from .html import write_html

    write_html(review, path)


def _helper_pool() -> ProcessPoolExecutor | None:
    """One spawned worker (spawn: safe whatever threads this process runs); None where none can start."""
    try:
        return ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"))
    except (OSError, ValueError):
        return None


def _submit(pool: ProcessPoolExecutor, review: Review, path: Path) -> Future[None] | None:
    """report.html handed to the helper; None when it cannot take it (a process that may not start helpers,
    e.g. a script importing us without a main guard): the caller then writes it itself."""
    try:
        return pool.submit(_html_job, review, path)
    except (RuntimeError, OSError):  # BrokenProcessPool is a RuntimeError
        return None


def _finished(job: Future[None]) -> bool:
    """Did the helper write its report? Its own errors (a full disk, a bad path) are raised here as they
    would be in this process; a helper that died is answered by writing the report here."""
    try:
        job.result()
    except BrokenProcessPool:
        return False
    return True
