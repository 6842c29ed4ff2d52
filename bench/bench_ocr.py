"""OCR throughput and memory: seconds per scanned page on 2 cores, and a 60-page scanned application
checked end to end.

1. Pages: every page of the scanned fixtures (tests/fixtures/scanned, from scripts/make_scanned_fixtures.py)
   is OCRed by a process pool of ``--workers`` processes over pages (one onnxruntime thread each), after a
   warm-up that loads the models in every worker. Reports wall seconds per page, the workers' peak RSS
   and, for comparison, one process using all threads.
2. End to end: the fixture scan pages are repeated into a ``--pages``-page image-only PDF in a temp dir,
   and ``pipeline.check_file`` (parse with OCR on parallel page threads -> segment -> checks) runs on it. Reports wall time,
   seconds per page and this process's peak RSS.

Run: python3 bench/bench_ocr.py [--workers 2] [--pages 60] [--skip-e2e]
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures" / "scanned"
SCANS = ["a_clean200.pdf", "a_seal200.pdf", "b_seal300.pdf", "b_noisy150.pdf"]


def _init_worker() -> None:
    os.environ["SCENARIOREVIEW_OCR_THREADS"] = "1"  # one core per worker: the pool supplies parallelism
    from scenarioreview.parsers.pdf import ocr

    ocr._engine()


def _ocr(job: tuple[str, int]) -> tuple[str, int, int, float, float]:
    from scenarioreview.parsers.pdf.ocr import ocr_page

    name, page = job
    t, c = time.perf_counter(), time.process_time()
    blocks = ocr_page((FIX / name).read_bytes(), page)
    return name, page, sum(len(b.text) for b in blocks), time.perf_counter() - t, time.process_time() - c


def _pages() -> list[tuple[str, int]]:
    import pypdfium2 as pdfium

    jobs = []
    for name in SCANS:
        pdf = pdfium.PdfDocument(str(FIX / name))
        jobs += [(name, k + 1) for k in range(len(pdf))]
        pdf.close()
    return jobs


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def bench_pages(workers: int) -> None:
    jobs = _pages()
    with ProcessPoolExecutor(workers, initializer=_init_worker) as pool:
        list(pool.map(_ocr, jobs[:workers]))  # warm-up: models loaded, first inference done
        t = time.perf_counter()
        results = list(pool.map(_ocr, jobs))
        wall = time.perf_counter() - t
    chars = sum(r[2] for r in results)
    cpu = sum(r[4] for r in results)
    # CPU seconds do not depend on what else runs on the machine; wall seconds do (see the load average)
    print(f"pool of {workers}: {len(jobs)} pages, {chars} chars, {wall:.1f} s wall, "
          f"{wall / len(jobs):.2f} s/page wall; {cpu / len(jobs):.2f} CPU s/page, i.e. "
          f"{cpu / len(jobs) / workers:.2f} s/page on {workers} idle cores; "
          f"worker peak RSS {_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB")
    for name, page, n, secs, cpu_s in results:
        print(f"  {name:20s} p{page}  {n:5d} chars  {secs:5.1f} s wall  {cpu_s:5.2f} s CPU (one core)")

    from scenarioreview.parsers.pdf import ocr

    ocr._engine()
    t, c = time.perf_counter(), time.process_time()
    for job in jobs:
        _ocr(job)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    print(f"one process, one page at a time: {wall / len(jobs):.2f} s/page wall, {cpu / len(jobs):.2f} CPU s/page")


def _build(pages: int, out: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    readers = [PdfReader(str(FIX / n)) for n in SCANS]
    source = [p for r in readers for p in r.pages]
    for k in range(pages):
        writer.add_page(source[k % len(source)])
    buf = io.BytesIO()
    writer.write(buf)
    out.write_bytes(buf.getvalue())


def bench_e2e(pages: int) -> None:
    from scenarioreview.pipeline import CheckOptions, check_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scanned_application.pdf"
        _build(pages, path)
        t, c = time.perf_counter(), time.process_time()
        report = check_file(str(path), CheckOptions(classify=False))
        wall, cpu = time.perf_counter() - t, time.process_time() - c
        size = path.stat().st_size / 1e6
    doc = getattr(report, "document", None)
    status = getattr(report, "status", None) or getattr(doc, "status", "?")
    scenarios = len(getattr(report, "scenarios", ()) or ())
    print(f"end to end: {pages} scanned pages ({size:.1f} MB), {wall:.1f} s wall, {wall / pages:.2f} s/page wall, "
          f"{cpu / pages:.2f} CPU s/page (all threads), status {status}, {scenarios} scenarios; "
          f"peak RSS {_rss_mb(resource.RUSAGE_SELF):.0f} MB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--pages", type=int, default=60)
    ap.add_argument("--skip-e2e", action="store_true")
    ap.add_argument("--skip-pages", action="store_true")
    args = ap.parse_args()
    print(f"cores available: {len(os.sched_getaffinity(0))}, load average {os.getloadavg()[0]:.1f}")
    if not args.skip_pages:
        bench_pages(args.workers)
    if not args.skip_e2e:
        bench_e2e(args.pages)


if __name__ == "__main__":
    main()
