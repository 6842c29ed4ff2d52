"""Time our PDF parser against bare pdfplumber ``page.extract_text()`` on the same files.

Run: python3 bench/bench_pdf.py [files...]   (default: tests/fixtures/pdf/form_*.pdf, fakebold.pdf, and
tests/fixtures/forms/*.pdf and examples/*.pdf when present). Each measurement is the best of ``--repeat`` runs, the two sides
alternating and both opening the file from bytes, so the ratio compares like with like.
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


def best_pair(fa, fb, repeat: int) -> tuple[float, float]:
    """Best time of each of two functions, run alternately so that load changes hit both alike."""
    ta, tb = [], []
    for _ in range(repeat):
        for fn, acc in ((fa, ta), (fb, tb)):
            t0 = time.perf_counter()
            fn()
            acc.append(time.perf_counter() - t0)
    return min(ta), min(tb)


def _pad(name: str, width: int) -> str:
    """Left-justify by display width: CJK file names take two columns per character."""
    shown = sum(2 if ord(ch) > 0x2E80 else 1 for ch in name)
    return name + " " * max(0, width - shown)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    files = args.files or sorted(
        [*(ROOT / "tests/fixtures/pdf").glob("form_*.pdf"), ROOT / "tests/fixtures/pdf/fakebold.pdf",
         *(ROOT / "tests/fixtures/forms").glob("*.pdf"), *(ROOT / "examples").glob("*.pdf")]
    )
    import pdfplumber

    ours(files[0], files[0].read_bytes())  # warm imports
    print(f"{'file':28s} {'pages':>5s} {'bare s':>8s} {'ours s':>8s} {'ratio':>6s} {'pages/s':>8s}")
    tot_pages = tot_bare = tot_ours = 0.0
    for f in files:
        data = f.read_bytes()
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = len(pdf.pages)
        tb, to = best_pair(lambda data=data: bare(data), lambda f=f, data=data: ours(f, data), args.repeat)
        tot_pages, tot_bare, tot_ours = tot_pages + pages, tot_bare + tb, tot_ours + to
        print(f"{_pad(f.name[:28], 28)} {pages:5d} {tb:8.3f} {to:8.3f} {to / tb:6.2f} {pages / to:8.1f}")
    print(f"{'TOTAL':28s} {int(tot_pages):5d} {tot_bare:8.3f} {tot_ours:8.3f} {tot_ours / tot_bare:6.2f} "
          f"{tot_pages / tot_ours:8.1f}")


if __name__ == "__main__":
    main()
