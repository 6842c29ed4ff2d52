#!/usr/bin/env python3
"""Benchmark the batch review on a generated province batch.

    python bench/bench_review.py [--forms 300] [--factory-size 28] [--dup-n 10000] [--keep DIR] [--json out.json]

Generates (into a temporary folder; LibreOffice converts the PDFs in chunks, one soffice process each) 200
优秀场景 + 100 示范工厂 of 28 scenarios = 3,000 scenarios, half .docx and half .pdf, with the planted problems
of scripts/make_province_batch.py (fragments reused with 15% character noise so that unrelated narratives do
not share whole paragraphs, see make_province_batch.Composer). Then runs the CLI in a subprocess (`scenarioreview review -j 2 -q`):

  full review        wall time, cold workspace (target ≤ 120 s on 2 cores)
  re-run unchanged   same command again (≤ 5 s)
  rubric re-score    same inputs with --config pointing at an edited rubric (≤ 5 s)
  peak memory        the largest sum of RSS over the process tree, sampled from /proc every 0.1 s, and
                     the largest single process (getrusage RUSAGE_CHILDREN) (≤ 1.5 GB)
  duplicates alone   scenarioreview.duplicates.find_duplicates on N narratives composed from the fragments,
                     with planted copies (≤ 60 s for 10,000)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "src"))

NOISE = 0.15  # see make_province_batch.Composer: keeps reused fragments from looking copied
TARGETS = {"full_review_s": 120, "rerun_s": 5, "rescore_s": 5, "peak_tree_rss_mb": 1536, "duplicates_s": 60}


def _tree_rss_kb(root: int) -> int:
    """Sum of VmRSS over ``root`` and all its descendants (Linux /proc)."""
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                    break
            for task in Path(f"/proc/{pid}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_cli(args: list[str]) -> tuple[float, int, float]:
    """Run the CLI in a subprocess; (wall seconds, peak tree RSS in kB, CPU seconds of the process tree).

    CPU seconds are reported beside wall time because a shared machine's load inflates wall time; on an
    idle 2-core machine wall ≈ CPU / 2 for the parallel part.
    """
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "scenarioreview", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid))
            stop.wait(0.1)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    _out, err = proc.communicate()
    wall = time.perf_counter() - t0
    stop.set()
    th.join()
    if proc.returncode not in (0, 1, 2):
        raise RuntimeError(f"review failed ({proc.returncode}): {err[-2000:]}")
    return wall, peak, _children_cpu() - cpu0


def dup_texts(n: int, seed: int = 7) -> list[tuple[str, str, str]]:
    """(key, submission, text) for n narratives composed from the fragments; 1% are planted copies."""
    from make_province_batch import Composer, load_sources, make_company

    rng = random.Random(seed)
    frags, profiles, guide = load_sources()
    comp = Composer(frags, guide, rng, strict=False, noise=NOISE)
    sids = sorted(frags)
    items = []
    per_app = 10  # ten scenarios per application
    for k in range(n):
        app = k // per_app
        c = make_company(profiles[app % len(profiles)], app, rng, str(app))
        s = comp.scenario(sids[k % len(sids)], c, intro=k % per_app == 0, enum="cn_paren",
                          methods=rng.choice([1, 2, 3]), elements=rng.choice([1, 2]), results=rng.choice([1, 2]))
        items.append((f"a{app}#{k % per_app + 1}", f"a{app}", s.text))
    for j in range(n // 100):  # planted copies across applications
        src = items[rng.randrange(n)]
        k = rng.randrange(n)
        items[k] = (items[k][0], items[k][1], src[2])
    return items


def bench_duplicates(n: int) -> dict[str, float]:
    from scenarioreview.duplicates import DupItem, find_duplicates
    from scenarioreview.review.batch import _boilerplate

    texts = dup_texts(n)
    items = [DupItem(k, s, t) for k, s, t in texts]
    t0, c0 = time.perf_counter(), time.process_time()
    rep = find_duplicates(items, boilerplate=_boilerplate())
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"duplicates_s": round(wall, 2), "duplicates_cpu_s": round(cpu, 2), "duplicates_n": n,
            "duplicate_pairs": len(rep.pairs),
            "duplicate_clusters": len(rep.clusters)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--forms", type=int, default=300)
    ap.add_argument("--factory-size", type=int, default=28)
    ap.add_argument("--dup-n", type=int, default=10_000)
    ap.add_argument("--keep", type=Path, default=None, help="generate into (or reuse) this folder")
    ap.add_argument("--skip-review", action="store_true")
    ap.add_argument("--json", type=Path, default=None)
    a = ap.parse_args()
    res: dict[str, float | int | str] = {}
    with tempfile.TemporaryDirectory(prefix="bench_review_") as tmp:
        base = a.keep or Path(tmp) / "batch"
        if not a.skip_review:
            from make_province_batch import make_batch

            n_fac = a.forms // 3
            if not (base / "manifest.json").exists():
                t0 = time.perf_counter()
                m = make_batch(base, n_scenario=a.forms - n_fac, n_factory=n_fac,
                               factory_size=(a.factory_size, a.factory_size), mix={"pdf": 0.5},
                               strict=False, manifest_texts=False, noise=NOISE)
                res["generate_s"] = round(time.perf_counter() - t0, 1)
            else:
                m = json.loads((base / "manifest.json").read_text(encoding="utf-8"))
            res["forms"] = len(m["forms"]) + len(m["broken"])
            res["scenarios"] = sum(len(f["scenarios"]) for f in m["forms"])
            ws = Path(tmp) / "ws"
            common = ["review", str(base / "forms"), "--out", str(ws), "-j", "2", "-q",
                      "--exclude-list", str(base / "exclude_list.txt")]
            res["load_avg_1min_before"] = round(os.getloadavg()[0], 1)
            wall, peak, cpu = run_cli(common)
            res["full_review_s"] = round(wall, 1)
            res["full_review_cpu_s"] = round(cpu, 1)
            res["peak_tree_rss_mb"] = round(peak / 1024)
            res["max_single_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
            wall, _peak, cpu = run_cli(common)
            res["rerun_s"] = round(wall, 2)
            res["rerun_cpu_s"] = round(cpu, 2)
            # < the analysed count means the analysis key changed (sources, model or corpora edited meanwhile)
            res["reused_on_rerun"] = json.loads((ws / "report.json").read_text(encoding="utf-8"))["summary"].get(
                "reused", -1)
            import yaml

            rubric = yaml.safe_load((ROOT / "corpora" / "rubric" / "default.yaml").read_text(encoding="utf-8"))
            rubric["weights"]["quantified"] = 30
            rubric["name"] = "基准测试评分细则"
            cfg = Path(tmp) / "rubric.yaml"
            cfg.write_text(yaml.safe_dump(rubric, allow_unicode=True), encoding="utf-8")
            wall, _peak, cpu = run_cli([*common, "--config", str(cfg)])
            res["rescore_s"] = round(wall, 2)
            res["rescore_cpu_s"] = round(cpu, 2)
            review = json.loads((ws / "report.json").read_text(encoding="utf-8"))
            res["reused_on_rescore"] = review["summary"].get("reused", -1)
            res["duplicate_pairs_batch"] = review["summary"]["duplicate_pairs"]
        if a.dup_n:
            res.update(bench_duplicates(a.dup_n))
    print(f"{'measure':<22}{'value':>12}{'target':>10}  ok")
    for k, v in res.items():
        t = TARGETS.get(k)
        ok = "" if t is None else ("yes" if float(v) <= t else "NO")
        print(f"{k:<22}{v!s:>12}{'' if t is None else '≤ ' + str(t):>10}  {ok}")
    if a.json:
        a.json.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
