"""Analysing the files of a batch into the workspace: content hashes, the analysis key that decides when a
cached analysis may be reused, the cached content profiles, and the OCR confidence of a form."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from .. import __version__
from ..checks.completeness import ContentProfile, profile
from ..contract import file_dict
from ..model import FileReport
from ..pipeline import CheckOptions, check_files, process_count
from ..safetext import display_path
from ..store import Workspace

Progress = Callable[[str, int, int, str], None]  # (stage, done, total, file being worked on)


def ocr_confidence(rep: FileReport) -> float | None:
    """Character-weighted mean confidence of the OCR'd text of a form; None when nothing was OCR'd."""
    if rep.application is None:
        return None
    from ..parsers.pdf.quality import mean_confidence

    return mean_confidence(rep.application.document.blocks)


def _tree_digest(h: Any, root: Path, patterns: Sequence[str]) -> None:
    for pattern in patterns:
        for f in sorted(root.glob(pattern)):
            if f.is_file():
                h.update(str(f.relative_to(root)).encode())
                h.update(f.read_bytes())


def analysis_key(options: CheckOptions) -> str:
    """Identity of everything that shapes a file's analysis: the code, the options, and the contents of the
    model, guides, packaged lexicons and user lexicons. A cached analysis is reused only on an exact match."""
    from ..resources import corpora_path, models_path

    h = hashlib.sha256(
        json.dumps(
            {"version": __version__, "options": asdict(options)}, sort_keys=True, ensure_ascii=False
        ).encode()
    )
    _tree_digest(h, Path(__file__).resolve().parents[1], ["**/*.py"])  # the whole package
    _tree_digest(h, corpora_path(), ["guides/*.yaml", "lexicon/*", "boilerplate/*"])
    if options.classify:
        model = Path(options.model) if options.model else models_path()
        _tree_digest(h, model, ["**/*.json", "**/*.npz", "**/*.safetensors"])
    for lex in options.lexicons:
        try:
            h.update(Path(lex).read_bytes())
        except OSError:
            h.update(lex.encode())  # the lexicon loader reports the unreadable file
    return h.hexdigest()[:16]


def content_sha(path: str) -> str | None:
    """Content hash of a regular file; None for anything else (a FIFO would block, /dev/zero never ends)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        h = hashlib.sha256()  # hashlib.file_digest would do, but only from Python 3.11 (we support 3.10)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None
    finally:
        os.close(fd)


def analyse(
    ws: Workspace, paths: Sequence[str], options: CheckOptions, jobs: int | None, progress: Progress | None
) -> tuple[list[tuple[str, FileReport]], int]:
    """FileReports for every path, reusing cached analyses; returns (path, report) pairs and the reuse count."""
    key = analysis_key(options)
    results: dict[str, FileReport] = {}
    todo: list[str] = []
    reused = 0
    for p in paths:
        sha = content_sha(p)
        cached = ws.cached_report(sha, key) if sha else None
        if cached is not None:
            results[p] = cached
            reused += 1
        else:
            todo.append(p)
    done = reused
    if progress:
        progress("分析", done, len(paths), Path(todo[0]).name if todo else "")
    workers = min(process_count(jobs), len(todo)) if todo else 0

    def keep(path: str, rep: FileReport, following: str) -> None:
        nonlocal done
        results[path] = rep
        if rep.status != "failed" and rep.sha256:
            ws.save_report(rep, key, file_dict(rep, with_checks=True, mask=False))
        done += 1
        if progress:  # names the file now being worked on (in input order)
            progress("分析", done, len(paths), following)

    if todo:
        for i, (p, rep) in enumerate(zip(todo, check_files(todo, options, jobs=workers))):
            keep(p, rep, Path(todo[i + 1]).name if i + 1 < len(todo) else "")
    # A cached analysis may have been made from the same bytes under another name: report the current path.
    shown = {p: display_path(p) for p in paths}
    return [
        (p, results[p] if results[p].file == shown[p] else replace(results[p], file=shown[p])) for p in paths
    ], reused


def profiles(
    ws: Workspace, reports: Sequence[FileReport], options: CheckOptions
) -> dict[str, list[ContentProfile]]:
    """Content profiles (completeness, metrics, terms) per document, cached in the workspace.

    Profiling every scenario's text (metric extraction above all) was most of a re-run's or a rubric
    re-score's time; a profile depends only on the text, so it is keyed like the analysis itself.
    """
    key = analysis_key(options)
    wanted = {f"{key}:{r.sha256}": r for r in reports if r.sha256}
    cached = ws.cached_many("profiles", list(wanted))
    fresh = {k: [profile(s.scenario.text) for s in r.scenarios] for k, r in wanted.items() if k not in cached}
    if fresh:
        ws.save_many("profiles", fresh)
    both = {**cached, **fresh}
    return {r.sha256: both[k] for k, r in wanted.items() if r.sha256}
