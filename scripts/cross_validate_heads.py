#!/usr/bin/env python3
"""Lexical-head settings and a learning curve by 5-fold cross-validation over the real train+dev splits.

Runs on the fold models of scripts/cross_validate_embeddings.py (its --work folder, first variant): each fold's
embeddings and centroids stay fixed and only the TF-IDF logistic regression is refitted, in process (about half a
minute per fit). The real test split is never read.

    python scripts/cross_validate_heads.py --work DIR [--curve]

Printed: per head variant, top-1 / top-1 (label or alternatives) / top-3 on the held-out folds at several
embedding shares (0 = the lexical head alone); with --curve, the lexical head's figures when only a share of
the real train enterprises is kept (two draws per share), which shows how accuracy grows with real data.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from build_real_corpus import enterprise_key  # noqa: E402
from cross_validate_embeddings import FOLDS  # noqa: E402

from scenarioreview.classify.embedder import StaticEmbedder, l2_normalize  # noqa: E402
from scenarioreview.classify.head import combine, load_head  # noqa: E402
from scenarioreview.guide import load_guide  # noqa: E402
from scenarioreview.training.corpus import default_corpus, guide_text, load_real  # noqa: E402
from scenarioreview.training.head import balanced_weights, fit_lexical, topk  # noqa: E402
from scenarioreview.training.train import LR_C, load_data  # noqa: E402

Record = dict[str, Any]
BUCKETS = 1 << 16
# name -> (real weight, C, class-balanced sample weights, guide-text weight, composed-record weight)
VARIANTS: dict[str, tuple[float, float, bool, float, float]] = {
    "unweighted labels (real weight 4, C 20)": (4.0, LR_C, False, 1.0, 1.0),
    "class-balanced weights": (4.0, LR_C, True, 1.0, 1.0),
    "real weight 2": (2.0, LR_C, False, 1.0, 1.0),
    "real weight 8": (8.0, LR_C, False, 1.0, 1.0),
    "C 10": (4.0, 10.0, False, 1.0, 1.0),
    "guide text weight 5": (4.0, LR_C, False, 5.0, 1.0),
    "composed records at half weight": (4.0, LR_C, False, 1.0, 0.5),
}
SHARES = (0.0, 0.25, 0.5, 0.75, 1.0)
ALPHAS = (0.0, 0.05, 0.1, 0.2, 0.3)  # embedding shares each head variant is scored at


@dataclass
class Fold:
    """One held-out fold: its embedder and centroids, the held-out texts, and what they are labelled."""

    k: int
    corpus: Path
    embedder: StaticEmbedder
    labels: tuple[str, ...]
    cos: np.ndarray  # held-out texts x labels
    held: list[Record]
    y: np.ndarray

    @classmethod
    def load(cls, work: Path, k: int) -> Fold:
        model = work / f"v0_fold{k}"
        head, _ = load_head(model)
        index = {lab: i for i, lab in enumerate(head.labels)}
        corpus = work / f"fold{k}.jsonl"
        held = [r for r in load_real(corpus) if r["split"] == "dev" and r["model_label"] in index]
        embedder = StaticEmbedder(model)
        cos = l2_normalize(embedder.encode([r["text"] for r in held])) @ head.centroids.T
        y = np.array([index[r["model_label"]] for r in held])
        return cls(k, corpus, embedder, head.labels, cos, held, y)

    def score(self, z: np.ndarray) -> np.ndarray:
        """(top-1, top-1 with alternatives, top-3) of scores ``z`` on the held-out texts."""
        t1, t3 = topk(z, self.y)
        best = [self.labels[i] for i in z.argmax(axis=1)]
        alt = np.mean(
            [b in {r["model_label"], *(r.get("alt_label_ids") or [])} for b, r in zip(best, self.held)]
        )
        return np.array([t1, float(alt), t3])


def refit(fold: Fold, train: list[Record], variant: tuple[float, float, bool, float, float]) -> np.ndarray:
    """Lexical logits of the held-out texts from a head refitted on ``train`` (+ one guide text per label)."""
    _rw, c, balanced, guide_w, composed_w = variant
    guide = load_guide("2022")
    index = {lab: i for i, lab in enumerate(fold.labels)}
    texts = [r["text"] for r in train] + [guide_text(guide, lab) for lab in fold.labels]
    y = np.array([index[r["model_label"]] for r in train] + list(range(len(fold.labels))))
    w = np.array(
        [float(r.get("weight", 1.0)) * (1.0 if r["id"].startswith("real-") else composed_w) for r in train]
        + [guide_w] * len(fold.labels)
    )
    if balanced:
        w = balanced_weights(y, w, len(fold.labels))
    fitted = fit_lexical(
        fold.embedder, texts, y, w, seed=42, C=c, char_buckets=BUCKETS, n_labels=len(fold.labels)
    )
    return fitted.lexical([r["text"] for r in fold.held])


@functools.cache
def _train_records(corpus: Path, real_weight: float) -> tuple[Record, ...]:
    return tuple(load_data(default_corpus(), corpus, load_guide("2022"), real_weight=real_weight).train)


def train_records(fold: Fold, real_weight: float) -> list[Record]:
    """The fold's train records (composed corpus + the other folds), read once per fold and real weight."""
    return list(_train_records(fold.corpus, real_weight))


def variant_rows(folds: list[Fold]) -> Iterator[tuple[str, dict[float, np.ndarray]]]:
    """(variant, figures per embedding share, summed over texts); share 0 is the lexical head alone."""
    for name, variant in VARIANTS.items():
        sums = {a: np.zeros(3) for a in ALPHAS}
        for fold in folds:
            lex = refit(fold, train_records(fold, variant[0]), variant)
            for a in ALPHAS:
                sums[a] += fold.score(combine(fold.cos, lex, a)) * len(fold.y)
            print(f"  fold {fold.k}: {name}", file=sys.stderr, flush=True)
        yield name, sums


def keeps(share: float, draw: int) -> Callable[[Record], bool]:
    """Keep every composed record and the real ones of ``share`` of the enterprises (a seeded draw)."""

    def keep(r: Record) -> bool:
        if not r["id"].startswith("real-"):
            return True
        h = int(hashlib.sha1(f"{draw}|{enterprise_key(r['enterprise'])}".encode()).hexdigest(), 16)
        return h % 1000 < share * 1000

    return keep


def curve_rows(folds: list[Fold]) -> Iterator[tuple[float, float, np.ndarray, int]]:
    """(share of real train enterprises, mean real train texts per fold, figures summed over texts, texts)."""
    unweighted = VARIANTS["unweighted labels (real weight 4, C 20)"]
    for share in SHARES:
        total, n_real, n = np.zeros(3), [], 0
        for draw in (0, 1) if 0.0 < share < 1.0 else (0,):
            for fold in folds:
                train = [r for r in train_records(fold, unweighted[0]) if keeps(share, draw)(r)]
                n_real.append(sum(r["id"].startswith("real-") for r in train))
                total += fold.score(refit(fold, train, unweighted)) * len(fold.y)
                n += len(fold.y)
            print(f"  share {share} draw {draw}", file=sys.stderr, flush=True)
        yield share, float(np.mean(n_real)), total, n


def fmt(v: np.ndarray) -> str:
    return " / ".join(f"{x:.3f}" for x in v)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--work", type=Path, required=True, help="the --work folder of cross_validate_embeddings.py"
    )
    ap.add_argument("--curve", action="store_true", help="also the learning curve over real train data")
    ap.add_argument("--json", type=Path, default=None)
    a = ap.parse_args()
    folds = [Fold.load(a.work, k) for k in range(FOLDS)]
    n = sum(len(f.y) for f in folds)
    out: dict[str, Any] = {"texts": n, "alphas": ALPHAS, "variants": {}, "curve": []}
    print("| head variant | " + " | ".join(f"alpha {a}" for a in ALPHAS) + " |")
    print("|---|" + "---|" * len(ALPHAS))
    for name, sums in variant_rows(folds):
        out["variants"][name] = {str(a): list(np.round(v / n, 3)) for a, v in sums.items()}
        print(f"| {name} | " + " | ".join(fmt(v / n) for v in sums.values()) + " |", flush=True)
    print(f"(top-1 / top-1 with alternatives / top-3 over {n} held-out texts, {FOLDS} folds by enterprise)")
    if a.curve:
        print("\n| share of real train enterprises | real train texts per fold | lexical head alone |")
        print("|---|---|---|")
        for share, n_real, total, m in curve_rows(folds):
            out["curve"].append(
                {"share": share, "real_train_texts": round(n_real), "lexical": list(np.round(total / m, 3))}
            )
            print(f"| {share:.2f} | {n_real:.0f} | {fmt(total / m)} |", flush=True)
    if a.json:
        a.json.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
