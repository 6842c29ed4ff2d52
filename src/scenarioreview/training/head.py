"""Fitting the classifier head (classify.head.Head) on a trained static embedder.

Centroids and a TF-IDF logistic regression on the train records; the mixing weight, the temperature and the
none-fits thresholds on the dev records (the REAL dev split when there is one). The test split is never read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..classify.embedder import StaticEmbedder, l2_normalize
from ..classify.features import (
    Row,
    char_ngram_ids,
    domain_word_share,
    idf_from,
    joint_row,
    linear_logits,
    word_masks,
)
from ..classify.head import Head, combine, softmax
from ..errors import MissingExtra
from ..guide import Guide
from .corpus import guide_text

Record = dict[str, Any]


@dataclass
class Fitted:
    """What scoring a text needs before mixing: the embedder, centroids and the linear model over TF-IDF rows."""

    embedder: StaticEmbedder
    centroids: np.ndarray
    idf: np.ndarray
    coef: np.ndarray  # (L, V + buckets)
    intercept: np.ndarray
    char_buckets: int

    def rows(self, texts: list[str]) -> list[Row]:
        vocab = self.embedder.matrix.shape[0]
        return [
            joint_row(i, t, self.idf, vocab, self.char_buckets)
            for i, t in zip(self.embedder.token_ids(texts), texts)
        ]

    def lexical(self, texts: list[str]) -> np.ndarray:
        """The linear model's logits of the texts (no embedding needed)."""
        return linear_logits(
            self.rows(texts),
            np.ascontiguousarray(self.coef.T, dtype=np.float32),
            self.intercept.astype(np.float32),
        )

    def parts(self, recs: list[Record]) -> tuple[np.ndarray, np.ndarray]:
        """(cosine to each centroid, lexical logits) of the records' texts."""
        texts = [r["text"] for r in recs]
        return l2_normalize(self.embedder.encode(texts)) @ self.centroids.T, self.lexical(texts)


def _csr(rows: list[Row], size: int) -> Any:
    from scipy.sparse import csr_matrix

    indptr = np.cumsum([0] + [len(r[0]) for r in rows])
    idx = np.concatenate([r[0] for r in rows]) if rows else np.zeros(0, dtype=np.int64)
    val = np.concatenate([r[1] for r in rows]) if rows else np.zeros(0, dtype=np.float32)
    return csr_matrix((val, idx, indptr), shape=(len(rows), size))


def fit_lexical(
    embedder: StaticEmbedder,
    texts: list[str],
    y: np.ndarray,
    weights: np.ndarray,
    *,
    seed: int,
    C: float,
    char_buckets: int,
    n_labels: int,
) -> Fitted:
    """TF-IDF (tokens + hashed character n-grams) logistic regression (centroids are filled in by the caller)."""
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:
        raise MissingExtra('训练需要 scikit-learn：请运行 pip install "scenarioreview[train]"') from exc

    vocab = embedder.matrix.shape[0]
    ids = embedder.token_ids(texts)
    idf = idf_from(
        [list(i) + char_ngram_ids(t, vocab, char_buckets).tolist() for i, t in zip(ids, texts)],
        vocab + char_buckets,
    )
    fitted = Fitted(
        embedder,
        np.zeros((n_labels, embedder.dim), dtype=np.float32),
        idf,
        np.zeros(0),
        np.zeros(0),
        char_buckets,
    )
    clf = LogisticRegression(C=C, max_iter=3000, random_state=seed)
    clf.fit(_csr(fitted.rows(texts), vocab + char_buckets), y, sample_weight=weights)
    fitted.coef, fitted.intercept = clf.coef_.astype(np.float32), clf.intercept_.astype(np.float32)
    return fitted


def balanced_weights(y: np.ndarray, w: np.ndarray, n_labels: int) -> np.ndarray:
    """Sample weights rescaled so that every label carries the same total weight (the mean label's).

    Real narratives are few for some scenarios (网络协同制造, 能耗数据监测); unscaled, the lexical head rarely
    ranks them first."""
    total = np.bincount(y, weights=w, minlength=n_labels)
    out: np.ndarray = w * (total[total > 0].mean() / np.maximum(total[y], 1e-12))
    return out


def topk(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    order = np.argsort(-z, axis=1)
    return float((order[:, 0] == y).mean()), float((order[:, :3] == y[:, None]).any(axis=1).mean())


def choose_alpha(cos: np.ndarray, lex: np.ndarray, y: np.ndarray) -> tuple[float, dict[float, float]]:
    """Best dev top-1 (+ half top-3) over alpha, averaged with the neighbouring alphas.

    A dev split of a few dozen real texts moves by one text per 0.03, so a lone peak is noise; ties go to the
    larger embedding share."""
    acc = {}
    for a in np.round(np.linspace(0, 1, 11), 2):
        t1, t3 = topk(combine(cos, lex, float(a)), y)
        acc[float(a)] = round(t1 + 0.5 * t3, 4)
    keys = sorted(acc)
    smooth = {a: float(np.mean([acc[b] for b in keys if abs(b - a) < 0.15])) for a in keys}
    return max(smooth, key=lambda a: (round(smooth[a], 4), a)), acc


def fit_temperature(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(temperature, dev NLL): the softmax temperature minimising the negative log-likelihood of ``y``."""
    temps = np.exp(np.linspace(np.log(0.05), np.log(20), 200))
    nll = [float(-np.log(softmax(z / t)[np.arange(len(y)), y] + 1e-12).mean()) for t in temps]
    return float(temps[int(np.argmin(nll))]), min(nll)


def fit_head(
    embedder: StaticEmbedder,
    guide: Guide,
    train: list[Record],
    dev: list[Record],
    labels: list[str],
    *,
    seed: int = 42,
    C: float = 20.0,
    char_buckets: int = 1 << 16,
    real_dev: list[Record] | None = None,
    alpha: float | None = None,
    balanced: bool = False,
) -> tuple[Head, dict[str, Any]]:
    """Centroids + TF-IDF logistic regression on train (records carry ``model_label`` and ``weight``).

    Mixing weight and temperature are chosen on the REAL dev split when there is one (the genre users bring),
    else on the composed dev split; the none-fits thresholds keep every in-domain dev text of both genres in
    and the composed non-manufacturing dev texts out. A given ``alpha`` (training's ALPHA, see the
    cross-validation scripts) is kept; the dev split then fits only the temperature and thresholds.
    ``balanced`` gives every label the same total weight in the lexical head (balanced_weights)."""
    lab_index = {lab: i for i, lab in enumerate(labels)}
    texts = [r["text"] for r in train] + [guide_text(guide, lab) for lab in labels]
    y = np.array([lab_index[r["model_label"]] for r in train] + list(range(len(labels))))
    w = np.array([float(r.get("weight", 1.0)) for r in train] + [1.0] * len(labels))
    lexical_w = balanced_weights(y, w, len(labels)) if balanced else w
    fitted = fit_lexical(
        embedder, texts, y, lexical_w, seed=seed, C=C, char_buckets=char_buckets, n_labels=len(labels)
    )
    emb = l2_normalize(embedder.encode(texts))
    fitted.centroids = np.stack(
        [l2_normalize((emb[y == k] * w[y == k, None]).sum(axis=0)) for k in range(len(labels))]
    ).astype(np.float32)
    dev_in = [r for r in dev if r.get("model_label") in lab_index]
    dev_ood = [r for r in dev if r.get("label_id") is None and r.get("kind") == "ood"]
    tune = [r for r in (real_dev or []) if r.get("model_label") in lab_index] or dev_in
    alpha, temperature, thresholds, info = _calibrate(fitted, tune, dev_in, dev_ood, lab_index, alpha)
    info["tuned_on"] = "real dev" if real_dev else "composed dev"
    head = Head(
        edition=guide.edition,
        labels=tuple(labels),
        centroids=fitted.centroids,
        idf=fitted.idf,
        coef=fitted.coef,
        intercept=fitted.intercept,
        alpha=alpha,
        temperature=temperature,
        mismatch_ratio=0.02,
        char_buckets=char_buckets,
        **thresholds["head"],
    )
    return head, {"dev": info}


def _calibrate(
    fitted: Fitted,
    tune: list[Record],
    dev_in: list[Record],
    dev_ood: list[Record],
    lab_index: dict[str, int],
    given_alpha: float | None = None,
) -> tuple[float, float, dict[str, Any], dict[str, Any]]:
    """Mixing weight (unless given), temperature and none-fits thresholds fitted on the tuning texts, with what
    the card reports about the fit."""
    yt = np.array([lab_index[r["model_label"]] for r in tune])
    cos, lex = fitted.parts(tune)
    alpha, acc = choose_alpha(cos, lex, yt)
    alpha_from = "dev"
    if given_alpha is not None:
        alpha, alpha_from = given_alpha, "given"
    z = combine(cos, lex, alpha)
    temperature, nll = fit_temperature(z, yt)
    thresholds = none_fits_thresholds(fitted, dev_in, tune, dev_ood, alpha, temperature)
    info = {
        "tuned_on": "",
        "n": len(tune),
        "score_by_alpha": acc,
        "alpha": alpha,
        "alpha_from": alpha_from,
        "temperature": round(temperature, 4),
        "nll": round(nll, 4),
        "top1_top3_lexical": topk(lex, yt),
        "top1_top3_embeddings": topk(cos, yt),
        "top1_top3_combined": topk(z, yt),
        **thresholds["info"],
    }
    return alpha, temperature, thresholds, info


def _between(low_in: float, out_max: float | None, margin: float) -> float:
    """At least ``margin`` below the lowest in-domain dev text; lower still (midway to the most scenario-like
    non-manufacturing dev text) when that is lower. A few dozen dev texts do not show the in-domain minimum
    of new text, and each of the four rules alone can flag a narrative, so the margin is kept in every case."""
    low = low_in - margin
    return min(low, (low_in + out_max) / 2) if out_max is not None and out_max < low_in else low


def _rounded(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def none_fits_thresholds(
    fitted: Fitted,
    dev_in: list[Record],
    tune: list[Record],
    dev_ood: list[Record],
    alpha: float,
    temperature: float,
) -> dict[str, Any]:
    """Domain-word share, best cosine, best lexical logit and top probability below which nothing fits.

    Every in-domain dev text (composed 1st percentile, real minimum) stays above each threshold with a margin
    (see _between); a non-manufacturing text is flagged when any one rule fails."""
    cjk, multi = word_masks(fitted.embedder.tokenizer.get_vocab())

    def share(recs: list[Record]) -> np.ndarray:
        ids = fitted.embedder.token_ids([r["text"] for r in recs])
        return np.array([domain_word_share(i, cjk, multi) for i in ids])

    cos_in, lex_in = fitted.parts(dev_in)
    cos_t, lex_t = fitted.parts(tune)
    low_cos = min(float(np.quantile(cos_in.max(axis=1), 0.01)), float(cos_t.max(axis=1).min()))
    low_in = min(float(np.quantile(share(dev_in), 0.01)), float(share(tune).min()))
    share_ood = float(share(dev_ood).max()) if dev_ood else None
    word_threshold = _between(low_in, share_ood, 0.05)
    low_lex = min(float(np.quantile(lex_in.max(axis=1), 0.01)), float(lex_t.max(axis=1).min()))
    lex_ood = float(fitted.parts(dev_ood)[1].max()) if dev_ood else None
    lex_threshold = _between(low_lex, lex_ood, 0.1)
    top_p = softmax(combine(cos_t, lex_t, alpha) / temperature).max(axis=1)
    prob_threshold = min(0.15, round(float(top_p.min()) * 0.5, 4))
    return {
        "head": {
            "cos_threshold": low_cos - 0.05,
            "word_threshold": round(word_threshold, 4),
            "prob_threshold": prob_threshold,
            "lex_threshold": round(lex_threshold, 4),
        },
        "info": {
            "cos_in_min": round(low_cos, 4),
            "word_share_in_min": round(low_in, 4),
            "word_share_ood_max": _rounded(share_ood),
            "word_threshold": round(word_threshold, 4),
            "top_p_tune_min": round(float(top_p.min()), 4),
            "prob_threshold": prob_threshold,
            "lex_in_min": round(low_lex, 4),
            "lex_ood_max": _rounded(lex_ood),
            "lex_threshold": round(lex_threshold, 4),
        },
    }
