"""PDF text: bare pdfplumber ``extract_text`` vs our previous path (pdfplumber) vs our new path (pdfium glyphs,
same layout engine), CPU time per page on the same files in one process; then peak memory on a 300-page PDF.

Run: python3 bench/bench_pdf.py [files...] [--repeat N] [--pages 300]
Default files: tests/fixtures/pdf/form_*.pdf, fakebold.pdf, tests/fixtures/forms/*.pdf,
tests/fixtures/province/forms/*.pdf and examples/*.pdf. Each figure is the best of ``--repeat`` runs, the
three sides alternating and all opening the file from bytes, so the ratios compare like with like. CPU time
(``time.process_time``) is measured, so other load on the machine counts less than with wall time.
The 300-page file is generated into a temporary folder by repeating the fixture pages (pdfium
``import_pages``); each engine parses it in a fresh subprocess whose peak RSS is reported.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bare(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return sum(len(p.extract_text() or "") for p in pdf.pages)


def ours(path: Path, data: bytes, engine: str) -> int:
    from scenarioreview.parsers.pdf import parse_pdf

    doc = parse_pdf(path, data, hashlib.sha256(data).hexdigest(), ocr="never", engine=engine)
    return len(doc.blocks)


def best_of(fns: list[Callable[[], object]], repeat: int) -> list[float]:
    """Best CPU time of each function, run in turn so that load changes hit all alike."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for k, fn in enumerate(fns):
            t0 = time.process_time()
            fn()
            best[k] = min(best[k], time.process_time() - t0)
    return best


def _pad(name: str, width: int) -> str:
    """Left-justify by display width: CJK file names take two columns per character."""
    shown = sum(2 if ord(ch) > 0x2E80 else 1 for ch in name)
    return name + " " * max(0, width - shown)


def _default_files() -> list[Path]:
    return sorted(
        [*(ROOT / "tests/fixtures/pdf").glob("form_*.pdf"), ROOT / "tests/fixtures/pdf/fakebold.pdf",
         *(ROOT / "tests/fixtures/forms").glob("*.pdf"), *(ROOT / "tests/fixtures/province/forms").glob("*.pdf"),
         *(ROOT / "examples").glob("*.pdf")]
    )


def _page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return 0
    n = len(doc)
    doc.close()
    return n


def speed_table(files: list[Path], repeat: int) -> None:
    print(f"{'file':30s} {'pages':>5s} {'bare ms/p':>9s} {'old ms/p':>9s} {'new ms/p':>9s} "
          f"{'old/bare':>8s} {'bare/new':>8s} {'old/new':>8s}")
    tot = [0.0, 0.0, 0.0]
    tot_pages = 0
    for f in files:
        data = f.read_bytes()
        pages = _page_count(data)
        if not pages:
            continue
        tb, to, tn = best_of([lambda d=data: bare(d), lambda f=f, d=data: ours(f, d, "pdfplumber"),
                              lambda f=f, d=data: ours(f, d, "fast")], repeat)
        tot = [tot[0] + tb, tot[1] + to, tot[2] + tn]
        tot_pages += pages
        print(f"{_pad(f.name[:30], 30)} {pages:5d} {1000 * tb / pages:9.1f} {1000 * to / pages:9.1f} "
              f"{1000 * tn / pages:9.1f} {to / tb:8.2f} {tb / tn:8.2f} {to / tn:8.2f}")
    tb, to, tn = tot
    print(f"{'TOTAL':30s} {tot_pages:5d} {1000 * tb / tot_pages:9.1f} {1000 * to / tot_pages:9.1f} "
          f"{1000 * tn / tot_pages:9.1f} {to / tb:8.2f} {tb / tn:8.2f} {to / tn:8.2f}")
    print(f"new path vs bare pdfplumber extract_text: {tb / tn:.1f}x faster (target >= 5x)")


def make_long_pdf(sources: list[Path], pages: int, out: Path) -> None:
    """A ``pages``-page PDF made of the sources' pages, repeated in order."""
    import pypdfium2 as pdfium

    dst = pdfium.PdfDocument.new()
    srcs = [pdfium.PdfDocument(p.read_bytes()) for p in sources]
    while len(dst) < pages:
        for src in srcs:
            take = min(len(src), pages - len(dst))
            if take <= 0:
                break
            dst.import_pages(src, list(range(take)))
    dst.save(out)
    for s in srcs:
        s.close()
    dst.close()


def _child(path: str, engine: str) -> None:
    """Subprocess body: parse one file, print pages, blocks, CPU seconds and peak RSS (MB)."""
    sys.path.insert(0, str(ROOT / "src"))
    import scenarioreview.parsers.pdf  # noqa: F401 - imports outside the timing

    p = Path(path)
    data = p.read_bytes()
    t0 = time.process_time()
    from scenarioreview.parsers.pdf import parse_pdf

    doc = parse_pdf(p, data, hashlib.sha256(data).hexdigest(), ocr="never", engine=engine)
    cpu = time.process_time() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(doc.pages, len(doc.blocks), f"{cpu:.3f}", f"{peak:.0f}")


def memory_table(pages: int) -> None:
    sources = [ROOT / "tests/fixtures/pdf" / f"form_{c}.pdf" for c in "abcdefg"]
    with tempfile.TemporaryDirectory() as tmp:
        long_pdf = Path(tmp) / f"long{pages}.pdf"
        make_long_pdf(sources, pages, long_pdf)
        print(f"\n{pages}-page PDF ({long_pdf.stat().st_size / 1e6:.1f} MB, pages of form_a..g repeated), "
              f"one fresh process per engine:")
        print(f"{'engine':12s} {'pages':>5s} {'blocks':>6s} {'CPU s':>7s} {'ms/page':>8s} {'peak RSS MB':>11s}")
        for engine in ("pdfplumber", "fast"):
            env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
            out = subprocess.run([sys.executable, __file__, "--child", str(long_pdf), engine],
                                 capture_output=True, text=True, env=env, check=True).stdout.split()
            n, blocks, cpu, peak = int(out[0]), int(out[1]), float(out[2]), float(out[3])
            print(f"{engine:12s} {n:5d} {blocks:6d} {cpu:7.2f} {1000 * cpu / n:8.1f} {peak:11.0f}")
        print("target: new path peak RSS < 500 MB")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3])
        return
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pages", type=int, default=300, help="pages of the generated long PDF (0: skip)")
    args = ap.parse_args()
    files = args.files or _default_files()
    ours(files[0], files[0].read_bytes(), "fast")  # warm imports
    ours(files[0], files[0].read_bytes(), "pdfplumber")
    bare(files[0].read_bytes())
    speed_table(files, args.repeat)
    if args.pages:
        memory_table(args.pages)


if __name__ == "__main__":
    main()
