"""Time and peak memory of one `check` on hostile sizes (issue 14): a 2,000-page blank PDF, a 4 MB text whose
every line looks like a heading, a 50 MB .docx of pictures, and a 1 MB PDF inflating to 1 GB. The baseline,
measured in the same run, is an ordinary application form (tests/fixtures/forms/f01_scenario_headings.docx).

Each case runs in a fresh process (peak RSS is that process's ru_maxrss) through ``check_file`` with the
CLI's defaults (OCR auto, classification on). Target: each case bounded, none above 1 GB.

Run: python3 bench/bench_hostile.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import hostile_build as hb

CHILD = """
import json, resource, sys, time
from scenarioreview.pipeline import check_file
t0 = time.perf_counter()
rep = check_file(sys.argv[1])
dt = time.perf_counter() - t0
print(json.dumps({"status": rep.status, "code": rep.error.code if rep.error else None,
                  "scenarios": len(rep.scenarios), "seconds": dt,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def blank_pdf(pages: int) -> bytes:
    return hb.pdf_bytes([b""] * pages)


def picture_docx(total_mb: int) -> bytes:
    """The invented form plus noise JPEGs (incompressible, like photos) adding up to ``total_mb``."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(7)
    pictures: dict[str, tuple[bytes, int]] = {}
    size, k = 0, 0
    while size < total_mb * 1024 * 1024:
        k += 1
        buf = io.BytesIO()
        Image.fromarray(rng.integers(0, 256, (1400, 1400, 3), dtype=np.uint8)).save(buf, "JPEG", quality=95)
        pictures[f"word/media/image{k}.jpeg"] = (buf.getvalue(), zipfile.ZIP_STORED)
        size += len(buf.getvalue())
    paras = [hb.para(t) for t in hb.FORM_HEAD] + [hb.para("一、" + hb.SCENARIO_TITLE)]
    paras += [hb.para(t) for t in hb.SCENARIO_BODY]
    return hb.docx_bytes(paras, extra=pictures)


def run(path: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=False, env=env,
                         timeout=3600)
    if out.returncode != 0:
        return {"status": "crash", "code": out.stderr.strip().splitlines()[-1][:60], "scenarios": 0,
                "seconds": float("nan"), "peak_mb": float("nan")}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--keep", type=Path, default=None, help="write the generated inputs here (else a temp dir)")
    args = ap.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    cases = [("baseline: f01 form (.docx)", ROOT / "tests/fixtures/forms/f01_scenario_headings.docx")]
    for name, fname, make in (
        ("2,000-page blank PDF", "blank2000.pdf", lambda: blank_pdf(2000)),
        ("4 MB heading-like text", "headings4mb.txt", lambda: hb.heading_like_text(4 * 1024 * 1024).encode()),
        ("50 MB picture .docx", "pictures50mb.docx", lambda: picture_docx(50)),
        ("1 MB PDF inflating to 1 GB", "inflate1gb.pdf", lambda: hb.inflating_pdf(1000)),
    ):
        p = folder / fname
        if not p.exists():
            p.write_bytes(make())
        cases.append((name, p))
    rows = [(name, p.stat().st_size, run(p)) for name, p in cases]
    base = rows[0][2]
    print(f"{'case':30s} {'file MB':>8s} {'status':>14s} {'scen.':>6s} {'seconds':>8s} {'x base':>7s} "
          f"{'peak MB':>8s} {'x base':>7s}")
    for name, size, r in rows:
        status = r["status"] + (f"/{r['code']}" if r.get("code") else "")
        print(f"{name:30s} {size / 1048576:8.1f} {status:>14s} {r['scenarios']:6d} {r['seconds']:8.2f} "
              f"{r['seconds'] / base['seconds']:7.1f} {r['peak_mb']:8.0f} {r['peak_mb'] / base['peak_mb']:7.1f}")
    worst = max(r["peak_mb"] for _n, _s, r in rows)
    print(f"largest peak: {worst:.0f} MB ({'within' if worst <= 1024 else 'ABOVE'} the 1 GB target)")


if __name__ == "__main__":
    main()
