"""Precision and recall of the sensitive-content check on the labelled set (tests/data/sensitive_cases.jsonl).

A finding is a true positive when an expected item of the same category overlaps its span; every other
finding is a false positive; an expected item that no finding overlaps is a miss. Run with ``-s`` to see
the per-category table.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from scenarioreview.checks.sensitive import find_sensitive

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "sensitive_cases.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]

GROUPS = {
    "markings": {"state_secret_marking", "internal_marking"},
    "personal": {"personal_id", "phone", "email", "bank_card", "credit_code"},
    "trade_secret": {"trade_secret_cue", "network", "defence"},
}


def _evaluate() -> tuple[Counter, Counter, Counter, list[str]]:
    tp, fp, fn = Counter(), Counter(), Counter()
    notes: list[str] = []
    for case in CASES:
        text = case["text"]
        expected = []
        for item in case["expected"]:
            start = text.index(item["matched"])
            expected.append((item["category"], start, start + len(item["matched"])))
        found = find_sensitive(text)
        used = set()
        for f in found:  # several findings may cover one planted item (e.g. two lines of one code dump)
            assert f.span is not None
            matches = [
                i
                for i, (c, s, e) in enumerate(expected)
                if c == f.category and f.span.start < e and s < f.span.end
            ]
            if not matches:
                fp[f.category] += 1
                notes.append(f"误报 {case['id']} {f.category}: {f.evidence}")
            else:
                used.update(matches)
                tp[f.category] += 1
        for i, (c, s, e) in enumerate(expected):
            if i not in used:
                fn[c] += 1
                notes.append(f"漏报 {case['id']} {c}: {text[max(0, s - 15) : e + 15]!r}")
    return tp, fp, fn, notes


@pytest.fixture(scope="module")
def scores() -> tuple[Counter, Counter, Counter, list[str]]:
    return _evaluate()


def _table(tp: Counter, fp: Counter, fn: Counter, notes: list[str]) -> str:
    lines = [
        "",
        f"敏感内容标注集：{len(CASES)} 段",
        "类别                    TP   FP   FN  precision  recall",
    ]
    for cat in sorted(set(tp) | set(fp) | set(fn)):
        p = tp[cat] / (tp[cat] + fp[cat]) if tp[cat] + fp[cat] else 1.0
        r = tp[cat] / (tp[cat] + fn[cat]) if tp[cat] + fn[cat] else 1.0
        lines.append(f"{cat:22s} {tp[cat]:4d} {fp[cat]:4d} {fn[cat]:4d}  {p:9.3f}  {r:6.3f}")
    t, f = sum(tp.values()), sum(fp.values())
    lines.append(f"{'overall precision':22s} {t / (t + f):.3f}")
    lines += ["  " + n for n in notes[:40]]
    return "\n".join(lines)


def test_print_scores(scores, capsys) -> None:  # type: ignore[no-untyped-def]
    """Shows the per-category table even without -s (the assertions are in the tests below)."""
    table = _table(*scores)
    with capsys.disabled():
        print(table)
    tp, _fp, fn, _ = scores
    planted = {c for group in GROUPS.values() for c in group}
    assert all(tp[c] + fn[c] >= 10 for c in planted)  # every category is planted often enough to measure


def test_case_set_is_big_enough() -> None:
    positives = [c for c in CASES if c["expected"]]
    clean = [c for c in CASES if not c["expected"]]
    assert len(positives) >= 150 and len(clean) >= 150
    planted = {item["category"] for c in positives for item in c["expected"]}
    assert planted >= GROUPS["markings"] | GROUPS["personal"] | {"trade_secret_cue", "network", "defence"}


def _recall(tp: Counter, fn: Counter, cats: set[str]) -> float:
    t = sum(tp[c] for c in cats)
    return t / (t + sum(fn[c] for c in cats))


def test_recall_markings(scores) -> None:  # type: ignore[no-untyped-def]
    tp, _fp, fn, _ = scores
    assert _recall(tp, fn, GROUPS["markings"]) >= 0.98


def test_recall_personal_data(scores) -> None:  # type: ignore[no-untyped-def]
    tp, _fp, fn, _ = scores
    assert _recall(tp, fn, GROUPS["personal"]) >= 0.98


def test_recall_trade_secret_cues(scores) -> None:  # type: ignore[no-untyped-def]
    tp, _fp, fn, _ = scores
    assert _recall(tp, fn, GROUPS["trade_secret"]) >= 0.9


def test_precision_overall(scores) -> None:  # type: ignore[no-untyped-def]
    tp, fp, _fn, _ = scores
    total_tp, total_fp = sum(tp.values()), sum(fp.values())
    assert total_tp / (total_tp + total_fp) >= 0.95


def test_clean_passages_produce_nothing() -> None:
    flagged = [
        (c["id"], f.category, f.evidence)
        for c in CASES
        if not c["expected"]
        for f in find_sensitive(c["text"])
    ]
    assert len(flagged) <= 3, flagged
