"""Parsing fidelity on forms made by someone else (shared/reference/forms-dev), and the time it takes.

    python3 bench/bench_forms_dev.py [--dir ../shared/reference/forms-dev] [--no-scans]

Prints the fidelity table (scenario count, description text, 字数, title, declaration per form) and the wall
time per form. Target: every form and every scenario right (scans: text >= 0.95, 字数 within 2 %).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from scenarioreview.fidelity import load_truth, score_form, table  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", type=Path, default=ROOT.parent / "shared" / "reference" / "forms-dev")
    ap.add_argument("--no-scans", action="store_true")
    a = ap.parse_args()
    if not (a.dir / "truth.json").exists():
        print(f"no truth.json in {a.dir}: nothing to measure")
        return 2
    forms, times = [], []
    for name, truth in load_truth(a.dir).items():
        if a.no_scans and truth.get("is_scanned"):
            continue
        t0 = time.perf_counter()
        forms.append(score_form(a.dir / name, truth))
        times.append((name, time.perf_counter() - t0))
    print(table(forms))
    print("\nwall time per form: " + ", ".join(f"{n} {t:.2f}s" for n, t in times))
    perfect = all(f.count_ok and all(s.text_ok and s.count_ok and s.title_ok and s.declared_ok
                                     for s in f.scenarios) for f in forms)
    return 0 if perfect else 1


if __name__ == "__main__":
    raise SystemExit(main())
