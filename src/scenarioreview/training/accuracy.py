"""Accuracy figures with 95% intervals and a reliability table (ECE), as the evaluation reports them."""

from __future__ import annotations

from typing import Any

import numpy as np


def topk_metrics(ranked: list[list[str]], gold: list[str]) -> dict[str, float]:
    """top-1 and top-3 accuracy of ranked label lists against gold labels."""
    n = len(gold) or 1
    return {
        "n": len(gold),
        "top1": round(sum(r[0] == g for r, g in zip(ranked, gold)) / n, 4),
        "top3": round(sum(g in r[:3] for r, g in zip(ranked, gold)) / n, 4),
    }


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a proportion k/n."""
    if n == 0:
        return 0.0, 0.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return round(float(centre - half), 4), round(float(centre + half), 4)


def real_metrics(ranked: list[list[str]], gold: list[str], alts: list[set[str]]) -> dict[str, Any]:
    """top-1, top-1 counting the reference's alternatives, top-3, each with a 95% Wilson interval."""
    n = len(gold)
    hits = {
        "top1": sum(r[0] == g for r, g in zip(ranked, gold)),
        "top1_alt": sum(r[0] == g or r[0] in a for r, g, a in zip(ranked, gold, alts)),
        "top3": sum(g in r[:3] for r, g in zip(ranked, gold)),
    }
    out: dict[str, Any] = {"n": n}
    for k, v in hits.items():
        out[k] = round(v / (n or 1), 4)
        out[k + "_ci"] = wilson(v, n)
    return out


def _ece(conf: np.ndarray, corr: np.ndarray, bins: int) -> tuple[float, list[dict[str, Any]]]:
    rows, ece = [], 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        mask = (conf >= lo) & ((conf < hi) if b < bins - 1 else (conf <= hi))
        if mask.any():
            mc, acc = float(conf[mask].mean()), float(corr[mask].mean())
            ece += mask.sum() / len(conf) * abs(mc - acc)
            rows.append(
                {
                    "bin": f"{lo:.1f}-{hi:.1f}",
                    "n": int(mask.sum()),
                    "mean_score": round(mc, 4),
                    "accuracy": round(acc, 4),
                }
            )
    return float(ece), rows


def reliability(conf: list[float], correct: list[bool], bins: int = 10, seed: int = 0) -> dict[str, Any]:
    """Reliability table over the top score: per bin the count, mean score and accuracy; plus ECE.

    ``ece_if_calibrated``: the mean ECE of 500 simulated outcomes drawn right with probability equal to each
    text's own score, i.e. what a perfectly calibrated model scores on this many texts by chance alone; an
    ECE near it cannot be told from perfect calibration at this size."""
    conf_a, corr_a = np.asarray(conf, dtype=float), np.asarray(correct, dtype=float)
    ece, rows = _ece(conf_a, corr_a, bins)
    rng = np.random.default_rng(seed)
    sims = [_ece(conf_a, (rng.random(len(conf_a)) < conf_a).astype(float), bins)[0] for _ in range(500)]
    return {
        "bins": rows,
        "ece": round(ece, 4),
        "ece_if_calibrated": round(float(np.mean(sims)), 4) if sims else 0.0,
    }
