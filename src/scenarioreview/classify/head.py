"""The classifier head: what the shipped model folder stores beside the embeddings, and the score maths.

Scores combine (1) cosine similarity of the text's embedding to label centroids and (2) a linear model over
TF-IDF features of the same text; ``alpha`` mixes them and ``temperature`` calibrates the softmax (both fitted
by training.head on the real-genre dev split).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from ..guide import Guide, GuideItem, load_guide

HEAD_NPZ = "scenario_head.npz"
HEAD_JSON = "scenario_head.json"
DEFAULT_MODEL = "sr-static-zh"
EMB_SCALE = 10.0  # puts cosines (−1..1) on roughly the scale of the linear model's logits


@dataclass
class Head:
    edition: str
    labels: tuple[str, ...]  # model label ids (guide items of ``edition``)
    centroids: np.ndarray  # (L, d), unit rows
    idf: np.ndarray  # (V,)
    coef: np.ndarray  # (L, V)
    intercept: np.ndarray  # (L,)
    alpha: float  # weight of the embedding score; 1 - alpha for the lexical score
    temperature: float
    cos_threshold: float  # below this best cosine the text is not a manufacturing scenario
    prob_threshold: float  # below this calibrated top score nothing fits
    mismatch_ratio: float  # declared score / top score below this = "far below the top"
    word_threshold: float = 0.0  # below this share of domain words among CJK tokens: not a manufacturing text
    char_buckets: int = 0  # hashed character n-gram features after the token features (0 = none)
    # below this best lexical logit no scenario's evidence is present (an office notice, a contract)
    lex_threshold: float = float("-inf")


def label_item(model_guide: Guide, label: str) -> GuideItem:
    """The guide item behind a model label: an id of the model's edition, or "EDITION:ID" of another one."""
    if ":" in label:
        edition, item_id = label.split(":", 1)
        return load_guide(edition).get(item_id)
    return model_guide.get(label)


def save_head(folder: Path, head: Head, info: dict[str, Any]) -> None:
    # the linear weights are stored in half precision: it halves the shipped folder, scores move by < 1e-3
    np.savez_compressed(
        folder / HEAD_NPZ,
        centroids=head.centroids.astype(np.float32),
        idf=head.idf,
        coef=head.coef.astype(np.float16),
        intercept=head.intercept.astype(np.float32),
    )
    meta = {
        "edition": head.edition,
        "labels": list(head.labels),
        "alpha": head.alpha,
        "temperature": head.temperature,
        "cos_threshold": head.cos_threshold,
        "prob_threshold": head.prob_threshold,
        "mismatch_ratio": head.mismatch_ratio,
        "word_threshold": head.word_threshold,
        "char_buckets": head.char_buckets,
        "lex_threshold": head.lex_threshold,
        "info": info,
    }
    (folder / HEAD_JSON).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def load_head(folder: Path) -> tuple[Head, dict[str, Any]]:
    try:
        meta = json.loads((folder / HEAD_JSON).read_text(encoding="utf-8"))
        arr = np.load(folder / HEAD_NPZ)
    except (OSError, ValueError) as exc:
        raise ModelError(f"分类器参数（{folder / HEAD_JSON}）缺失或损坏：{exc}") from exc
    head = Head(
        edition=meta["edition"],
        labels=tuple(meta["labels"]),
        centroids=arr["centroids"],
        idf=arr["idf"],
        coef=arr["coef"].astype(np.float32),
        intercept=arr["intercept"],
        alpha=float(meta["alpha"]),
        temperature=float(meta["temperature"]),
        cos_threshold=float(meta["cos_threshold"]),
        prob_threshold=float(meta["prob_threshold"]),
        mismatch_ratio=float(meta["mismatch_ratio"]),
        word_threshold=float(meta.get("word_threshold", 0.0)),
        char_buckets=int(meta.get("char_buckets", 0)),
        lex_threshold=float(meta.get("lex_threshold", float("-inf"))),
    )
    info: dict[str, Any] = meta.get("info", {})
    return head, info


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    out: np.ndarray = e / e.sum(axis=-1, keepdims=True)
    return out


def combine(cos: np.ndarray, lex: np.ndarray, alpha: float) -> np.ndarray:
    out: np.ndarray = alpha * EMB_SCALE * cos + (1.0 - alpha) * lex
    return out
