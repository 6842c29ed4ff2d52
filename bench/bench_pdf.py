"""Time our PDF parser against bare pdfplumber ``page.extract_text()`` on the same files.

Run: python3 bench/bench_pdf.py [files...]   (default: tests/fixtures/pdf/form_*.pdf, fakebold.pdf and
tests/fixtures/forms/*.pdf when present). Each measurement is the best of ``--repeat`` runs, both sides
opening the file from bytes, so the ratio compares like with like.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bare(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return sum(len(p.extract_text() or "") for p in pdf.pages)


def ours(path: Path, data: bytes) -> int:
    from scenarioreview.parsers.pdf import parse_pdf

    doc = parse_pdf(path, data, hashlib.sha256(data).hexdigest(), ocr="never")
    return len(doc.blocks)


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    files = args.files or sorted(
        [*(ROOT / "tests/fixtures/pdf").glob("form_*.pdf"), ROOT / "tests/fixtures/pdf/fakebold.pdf",
         *(ROOT / "tests/fixtures/forms").glob("*.pdf")]
    )
    import pdfplumber

    ours(files[0], files[0].read_bytes())  # warm imports
    print(f"{'file':28s} {'pages':>5s} {'bare s':>8s} {'ours s':>8s} {'ratio':>6s} {'pages/s':>8s}")
    tot_pages = tot_bare = tot_ours = 0.0
    for f in files:
        data = f.read_bytes()
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = len(pdf.pages)
        tb = best(lambda data=data: bare(data), args.repeat)
        to = best(lambda f=f, data=data: ours(f, data), args.repeat)
        tot_pages, tot_bare, tot_ours = tot_pages + pages, tot_bare + tb, tot_ours + to
        print(f"{f.name[:28]:28s} {pages:5d} {tb:8.3f} {to:8.3f} {to / tb:6.2f} {pages / to:8.1f}")
    print(f"{'TOTAL':28s} {int(tot_pages):5d} {tot_bare:8.3f} {tot_ours:8.3f} {tot_ours / tot_bare:6.2f} "
          f"{tot_pages / tot_ours:8.1f}")


if __name__ == "__main__":
    main()
