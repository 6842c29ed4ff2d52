#!/usr/bin/env python3
"""Long mutation fuzzing of the parsers, the segmenter and the counter (issue 14).

Each run takes a seed (the committed fixtures plus the hostile builders in tests/hostile_build.py), mutates
it, and runs it through the same path as ``check_file`` up to counting: format detection, the parser,
the size bound, ``read_application`` and ``count`` on every scenario. A run fails when anything but an
``InputError`` escapes (that is what ``check_file`` would report as code ``internal``) or when it takes
longer than --hang seconds. Failing inputs are saved under --save for replay.

    python3 scripts/fuzz_long.py --seconds 3600 --workers 2 --save /tmp/fuzz-crashes
    python3 scripts/fuzz_long.py --runs 20000 --seed 7

Prints one JSON line per progress report and a final summary: runs per target, failures by kind.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import random
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

import hostile_build as hb

from scenarioreview.counting import count
from scenarioreview.errors import InputError
from scenarioreview.model import Document
from scenarioreview.parsers import _bounded, detect_format
from scenarioreview.segment import read_application

FIX = ROOT / "tests" / "fixtures"


class Hang(BaseException):
    pass


def _seeds() -> dict[str, list[bytes]]:
    out: dict[str, list[bytes]] = {"docx": [], "doc": [], "pdf": [], "txt": []}
    for p in sorted((FIX / "forms").iterdir()) + sorted((FIX / "parsers").iterdir()):
        ext = p.suffix.lower().lstrip(".")
        ext = "doc" if ext == "wps" else ext
        if ext in out and p.name != "encrypted.docx":
            out[ext].append(p.read_bytes())
    out["docx"] += [hb.numbered_form(fmt, start) for fmt, start in
                    (("lowerLetter", "27"), ("chineseCounting", "11"), ("ideographDigital", "3"))]
    out["pdf"].append(hb.pdf_bytes([b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"] * 3))
    out["txt"].append(hb.heading_like_text(20_000).encode("utf-8"))
    return out


def _parse(fmt_hint: str, data: bytes) -> Document:
    from scenarioreview.parsers.doc import parse_doc
    from scenarioreview.parsers.docx import parse_docx
    from scenarioreview.parsers.pdf import parse_pdf
    from scenarioreview.parsers.text import parse_text

    name = Path(f"fuzz.{fmt_hint}")
    fmt = detect_format(data, name.name)
    sha = hashlib.sha256(data).hexdigest()
    if fmt == "docx":
        return parse_docx(name, data, sha)
    if fmt in ("doc", "wps"):
        return parse_doc(name, data, sha, fmt=fmt)
    if fmt == "pdf":
        return parse_pdf(name, data, sha, ocr="never")
    return parse_text(name, data, sha)


def _through(doc: Document) -> None:
    app = read_application(_bounded(doc))
    for s in app.scenarios:
        c = count(s.text)
        assert c.words >= 0


def _text_doc(text: str) -> Document:
    """One paragraph per line, built directly: the .doc reader can hand lone surrogates to the segmenter,
    which a UTF-8 file never could."""
    from scenarioreview.model import Block

    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    return Document(path="fuzz.txt", format="txt", sha256="0",
                    blocks=tuple(Block(kind="paragraph", text=ln, index=i) for i, ln in enumerate(lines)))


def make_case(rnd: random.Random, seeds: dict[str, list[bytes]]) -> tuple[str, Callable[[], None], bytes]:
    """(target, run, input bytes) for one run; weights favour the fast targets."""
    r = rnd.random()
    if r < 0.35:
        data = hb.mutate_docx(rnd.choice(seeds["docx"]), rnd)
        return "docx", lambda: _through(_parse("docx", data)), data
    if r < 0.55:
        data = hb.mutate_bytes(rnd.choice(seeds["doc"]), rnd)
        return "doc", lambda: _through(_parse("doc", data)), data
    if r < 0.62:
        data = hb.mutate_bytes(rnd.choice(seeds["pdf"]), rnd)
        return "pdf", lambda: _through(_parse("pdf", data)), data
    if r < 0.75:
        data = hb.mutate_bytes(rnd.choice(seeds["txt"]), rnd)
        return "txt", lambda: _through(_parse("txt", data)), data
    text = hb.hostile_lines(rnd, rnd.randint(1, 120))
    if r < 0.9:
        return "segment", lambda: _through(_text_doc(text)), text.encode("utf-8", "surrogatepass")
    return "count", lambda: [count(text, policy) for policy in ("fullwidth", "libreoffice")] and None, \
        text.encode("utf-8", "surrogatepass")


def _on_alarm(signum: int, frame: object) -> None:
    raise Hang()


def worker(seed: int, seconds: float, runs: int, hang: float, save: str | None, q: mp.Queue[dict]) -> None:
    import logging

    logging.disable(logging.CRITICAL)  # pdfminer's warnings about damaged input are expected here
    # CPU time, not wall time: on a loaded machine a 3-second parse can take 30 s of wall time
    signal.signal(signal.SIGPROF, _on_alarm)
    rnd = random.Random(seed)
    seeds = _seeds()
    stats: Counter[str] = Counter()
    fails: Counter[str] = Counter()
    t_end = time.monotonic() + seconds
    n = 0
    last = time.monotonic()
    while n < runs and time.monotonic() < t_end:
        target, run, data = make_case(rnd, seeds)
        n += 1
        stats[target] += 1
        signal.setitimer(signal.ITIMER_PROF, hang)
        try:
            run()
            kind = None
        except InputError:
            kind = None
        except Hang:
            kind = f"{target}:hang"
        except RecursionError:
            kind = f"{target}:RecursionError"
        except Exception as exc:  # noqa: BLE001 - the very thing this script looks for
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            kind = f"{target}:{type(exc).__name__}@{Path(frame.filename).name}:{frame.lineno}"
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
        if kind:
            fails[kind] += 1
            if save and fails[kind] <= 3:
                Path(save).mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha1(data).hexdigest()[:12]
                Path(save, f"{kind.replace('/', '_').replace(':', '_')}-{digest}.{target}").write_bytes(data)
        if time.monotonic() - last > 30:
            q.put({"seed": seed, "runs": n, "targets": dict(stats), "failures": dict(fails), "final": False})
            last = time.monotonic()
    q.put({"seed": seed, "runs": n, "targets": dict(stats), "failures": dict(fails), "final": True})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--runs", type=int, default=10**9, help="per worker")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hang", type=float, default=30.0, help="CPU seconds after which one run counts as a hang")
    ap.add_argument("--save", default=None, help="folder for failing inputs")
    args = ap.parse_args()
    q: mp.Queue[dict] = mp.Queue()
    procs = [mp.Process(target=worker, args=(args.seed + i, args.seconds, args.runs, args.hang, args.save, q))
             for i in range(args.workers)]
    for p in procs:
        p.start()
    latest: dict[int, dict] = {}
    done = 0
    t0 = time.monotonic()
    while done < len(procs):
        msg = q.get()
        latest[msg["seed"]] = msg
        done += msg["final"]
        total = sum(m["runs"] for m in latest.values())
        fails: Counter[str] = Counter()
        for m in latest.values():
            fails.update(m["failures"])
        print(json.dumps({"elapsed_s": round(time.monotonic() - t0), "runs": total, "failures": dict(fails)},
                         ensure_ascii=False), flush=True)
    for p in procs:
        p.join()
    targets: Counter[str] = Counter()
    fails = Counter()
    for m in latest.values():
        targets.update(m["targets"])
        fails.update(m["failures"])
    print(json.dumps({"summary": True, "runs": sum(targets.values()), "targets": dict(targets),
                      "failures": dict(fails), "tracebacks": sum(fails.values())}, ensure_ascii=False))


if __name__ == "__main__":
    main()
