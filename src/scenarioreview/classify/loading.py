"""Loading the classifier: the shipped model folder (numpy only) or a user's sentence-transformers folder."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..errors import ConfigError, ModelError
from ..guide import DEFAULT_EDITION, load_guide
from ..resources import corpora_path, models_path
from .classifier import Classifier
from .embedder import Embedder, StaticEmbedder, l2_normalize, load_embedder
from .head import DEFAULT_MODEL, Head, label_item, load_head


def shipped_folder() -> Path:
    """The packaged model folder (models/sr-static-zh in a checkout, package data in a wheel)."""
    return models_path(DEFAULT_MODEL)


def load_classifier(edition: str = DEFAULT_EDITION, model_path: str | None = None) -> Classifier:
    """The shipped model (numpy only) or, with ``model_path``, any local sentence-transformers folder."""
    guide = load_guide(edition)
    folder = shipped_folder()
    if not folder.is_dir():
        raise ModelError(f"随包模型目录不存在：{folder}（请先运行 python -m scenarioreview.train）")
    head, _ = load_head(folder)
    lex_tok = StaticEmbedder(folder)
    if model_path is None:
        return Classifier(head, lex_tok, lex_tok, guide)
    path = Path(model_path).expanduser()
    if not path.is_dir():
        raise ConfigError(f"--model 指定的模型目录不存在：{path}")
    embedder = load_embedder(path)
    if isinstance(embedder, StaticEmbedder) and path.resolve() == folder.resolve():
        return Classifier(head, lex_tok, lex_tok, guide)
    return Classifier(
        head, lex_tok, embedder, guide, centroids=user_centroids(embedder, head), model_name=path.name
    )


def user_centroids(embedder: Embedder, head: Head, per_label: int = 8) -> np.ndarray:
    """Label centroids for a user-supplied model, from the train split of the packaged corpus."""
    model_guide = load_guide(head.edition)
    texts: dict[str, list[str]] = {lab: [] for lab in head.labels}
    path = corpora_path("narratives", "corpus.jsonl")
    with path.open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            lab = r.get("label_id")
            if (
                r["split"] == "train"
                and lab in texts
                and r["kind"] == "narrative"
                and len(texts[lab]) < per_label
            ):
                texts[lab].append(r["text"])
    cents = []
    for lab in head.labels:
        it = label_item(model_guide, lab)
        batch = [f"{it.name}。{it.description}"] + texts[lab]
        cents.append(l2_normalize(l2_normalize(embedder.encode(batch)).mean(axis=0)))
    return np.stack(cents).astype(np.float32)
