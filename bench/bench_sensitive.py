#!/usr/bin/env python3
"""Throughput of the sensitive-content check, in characters per second on one core.

Builds a ~1,000,000-character corpus by shuffling the passages of tests/data/sensitive_cases.jsonl (clean
and planted: about one finding per 140 characters, far denser than real narratives) into scenario-sized
texts (~3,000 characters each), then times ``find_sensitive`` with the default lexicon and with the default
plus a generated 10,000-term user lexicon; a last row uses only the clean passages (the common case).
The target (≥ 2,000,000 chars/s) is checked on the mixed corpus with both lexicons.

    python3 bench/bench_sensitive.py [--chars 1000000] [--terms 10000] [--repeat 3]

Times are CPU seconds of this process (time.process_time), so other load on the machine does not skew them.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from scenarioreview.checks.sensitive import find_sensitive, load_lexicon
from scenarioreview.textnorm import fold_for_matching

ROOT = Path(__file__).resolve().parents[1]
HAN = "智能制造车间设备工艺质量数据平台系统管理生产计划调度仓储物流能源安全检测装配焊接涂装注塑冲压机加工"


def build_corpus(chars: int, seed: int = 7, clean_only: bool = False) -> list[str]:
    path = ROOT / "tests" / "data" / "sensitive_cases.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    cases = [r["text"] for r in rows if not (clean_only and r["expected"])]
    rng = random.Random(seed)
    texts: list[str] = []
    total = 0
    while total < chars:
        parts: list[str] = []
        size = 0
        while size < 3000:
            p = rng.choice(cases)
            parts.append(p)
            size += len(p) + 1
        text = "\n".join(parts)
        texts.append(text)
        total += len(text)
    return texts


def user_lexicon(n: int, path: Path, seed: int = 11) -> None:
    """n made-up customer names and project code names, as a CSV user lexicon."""
    rng = random.Random(seed)
    seen: set[str] = set()
    rows = ["term,category"]
    while len(seen) < n:
        name = "".join(rng.choice(HAN) for _ in range(rng.randint(3, 6)))
        if name in seen:
            continue
        seen.add(name)
        odd = len(seen) % 2  # half customer names, half project code names
        rows.append(f"{name}{'科技有限公司' if odd else '工程'},{'customer' if odd else 'defence'}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def timed(texts: list[str], lexicon, repeat: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    best = float("inf")
    findings = 0
    for _ in range(repeat):
        t0 = time.process_time()
        findings = sum(len(find_sensitive(t, lexicon)) for t in texts)
        best = min(best, time.process_time() - t0)
    return best, findings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=1_000_000)
    ap.add_argument("--terms", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    texts = build_corpus(args.chars)
    total = sum(len(t) for t in texts)
    default = load_lexicon([])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "user.csv"
        user_lexicon(args.terms, path)
        t0 = time.process_time()
        big = load_lexicon([str(path)])
        big.automaton()
        load_s = time.process_time() - t0
    find_sensitive(texts[0], default)  # warm caches (fold table, automaton) outside the timing
    t0 = time.process_time()
    for t in texts:
        fold_for_matching(t)
    norm_s = time.process_time() - t0
    rows = [("仅归一化 fold_for_matching", norm_s, 0)]
    s, n = timed(texts, default, args.repeat)
    rows.append(("默认词表", s, n))
    s, n = timed(texts, big, args.repeat)
    rows.append((f"默认 + {args.terms:,} 词用户词表", s, n))
    clean = build_corpus(args.chars, clean_only=True)
    s, n = timed(clean, big, args.repeat)
    rows.append(("同上，仅无敏感内容的段落", s * total / sum(len(t) for t in clean), n))
    print(f"语料：{len(texts)} 段，共 {total:,} 字符；用户词表加载与建自动机 {load_s:.2f} 秒")
    print(f"{'配置':28s} {'秒':>8s} {'字符/秒':>14s} {'发现':>8s}")
    for name, secs, found in rows:
        print(f"{name:28s} {secs:8.3f} {total / secs:14,.0f} {found:8d}")
    target = total / rows[2][1]
    print(("达标" if target >= 2_000_000 else "未达标") + f"（目标 ≥ 2,000,000 字符/秒，实测 {target:,.0f}）")


if __name__ == "__main__":
    main()
