#!/usr/bin/env python3
"""Benchmark what issue 11 added to a review run, each against a baseline measured in the same run.

    python bench/bench_reports.py [--dup-n 10000] [--copies 180]

  duplicates        find_duplicates on N composed narratives (bench_review.dup_texts), with the long-passage
                    candidate stage and without it (baseline: MinHash candidates only)
  report.xlsx       the XlsxWriter workbook vs the previous openpyxl writer (taken from `git show
                    <rev>:src/scenarioreview/reports/xlsx.py`, default rev main~0 of this checkout's history)
                    on the fixture review replicated --copies times (180 copies = 3,060 scenarios)
  report.html       the Jinja2 page on the same review, vs writing report.json (baseline)
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "src"))


def _timed(fn, *args, **kw) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    out = fn(*args, **kw)
    return time.perf_counter() - t0, out


def bench_duplicates(n: int) -> list[tuple[str, float, float, str]]:
    from bench_review import dup_texts

    from scenarioreview import duplicates
    from scenarioreview.review.batch import _boilerplate

    items = [duplicates.DupItem(k, s, t) for k, s, t in dup_texts(n)]
    bp = _boilerplate()
    with_lp, rep = _timed(duplicates.find_duplicates, items, boilerplate=bp)
    originals = duplicates.passage_candidates, duplicates.passage_keys
    duplicates.passage_candidates = lambda *a, **k: set()  # baseline: MinHash candidates only
    duplicates.passage_keys = lambda *a, **k: None
    try:
        base, rep0 = _timed(duplicates.find_duplicates, items, boilerplate=bp)
    finally:
        duplicates.passage_candidates, duplicates.passage_keys = originals
    long_only = sum(1 for p in rep.pairs if p.ratio < 0.15)
    return [(f"duplicates, {n:,} narratives", with_lp, base,
             f"pairs {len(rep.pairs)} vs {len(rep0.pairs)} (long-passage only: {long_only})")]


def _big_review(copies: int) -> dict:
    review = json.loads((ROOT / "tests/fixtures/review/review.json").read_text(encoding="utf-8"))
    subs = []
    for k in range(copies):
        for s in review["submissions"]:
            c = copy.deepcopy(s)
            c["submission"] = f"{k:04d}{s['submission'][4:]}"
            c["file"] = f"{k:04d}-{Path(s['file']).name}"
            subs.append(c)
    review["submissions"] = subs
    return review


def _old_xlsx_writer(rev: str):  # type: ignore[no-untyped-def]
    try:
        src = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:src/scenarioreview/reports/xlsx.py"],
                             check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    if "openpyxl" not in src:
        return None
    spec = importlib.util.spec_from_loader("scenarioreview.reports._xlsx_baseline", loader=None)
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    mod.__package__ = "scenarioreview.reports"
    exec(compile(src, "xlsx_baseline.py", "exec"), mod.__dict__)  # noqa: S102 - our own earlier source, for the baseline
    return mod.write_xlsx


def bench_reports(copies: int, rev: str) -> list[tuple[str, float, float, str]]:
    from scenarioreview.reports.html import write_html
    from scenarioreview.reports.json_report import write_atomic
    from scenarioreview.reports.xlsx import write_xlsx
    from scenarioreview.review.serialise import review_from_dict

    review = _big_review(copies)
    typed = review_from_dict(review)
    n = sum(len(s["scenarios"]) for s in review["submissions"])
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        t_json, _ = _timed(write_atomic, Path(tmp) / "r.json", json.dumps(review, ensure_ascii=False, indent=1))
        t_xlsx, _ = _timed(write_xlsx, typed, Path(tmp) / "new.xlsx")
        old = _old_xlsx_writer(rev)
        if old is not None:
            t_old, _ = _timed(old, review, Path(tmp) / "old.xlsx")
            rows.append((f"report.xlsx, {n:,} scenarios", t_xlsx, t_old, f"baseline: openpyxl writer at {rev}"))
        t_html, _ = _timed(write_html, typed, Path(tmp) / "r.html")
        rows.append((f"report.html, {n:,} scenarios", t_html, t_json, "baseline: report.json"))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dup-n", type=int, default=10000)
    ap.add_argument("--copies", type=int, default=180)
    ap.add_argument("--baseline-rev", default="main")
    a = ap.parse_args()
    rows = bench_duplicates(a.dup_n) + bench_reports(a.copies, a.baseline_rev)
    print(f"| {'what':<34} | {'this':>8} | {'baseline':>8} | {'ratio':>6} | note |")
    print(f"|{'-' * 36}|{'-' * 10}|{'-' * 10}|{'-' * 8}|------|")
    for what, t, base, note in rows:
        print(f"| {what:<34} | {t:>7.2f}s | {base:>7.2f}s | {t / base:>5.2f}× | {note} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
