"""Baselines measured in the same run as the model: TF-IDF (jieba words + character 1–3-grams)

* ``rank_guide``: cosine to each guide item's name, aliases, description and keywords (zero-shot);
* ``rank_linear``: logistic regression on the same features, trained on the same train data as the model.
They need scikit-learn and jieba (the ``train`` extra); the shipped classifier needs neither.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ..errors import MissingExtra
from ..guide import Guide
from .corpus import guide_text
from .vocab import jieba_tokenizer


class TfidfBaselines:
    """Both baselines share one vectoriser (jieba words + char 1–3-grams) fitted on the train split."""

    def __init__(
        self,
        guide: Guide,
        labels: list[str],
        train: list[dict[str, Any]],
        seed: int = 42,
        dict_path: Path | None = None,
    ) -> None:
        try:
            from scipy.sparse import hstack
            from sklearn.feature_extraction.text import TfidfVectorizer
            from sklearn.linear_model import LogisticRegression
        except ImportError as exc:
            raise MissingExtra(
                '评估的 TF-IDF 基线需要 scikit-learn：请运行 pip install "scenarioreview[train]"'
            ) from exc

        tok = jieba_tokenizer(dict_path)
        self._hstack = hstack
        self.words = TfidfVectorizer(
            tokenizer=lambda t: tok.lcut(t, HMM=False),
            lowercase=True,
            token_pattern=None,
            sublinear_tf=True,
            min_df=1,
        )
        self.chars = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2)
        texts = [r["text"] for r in train]
        self.words.fit(texts)
        self.chars.fit(texts)
        self.labels = labels
        self.protos = self._x([guide_text(guide, lab) for lab in labels])
        self.lr = LogisticRegression(C=20.0, max_iter=3000, random_state=seed)
        self.lr.fit(self._x(texts), [r["label_id"] for r in train])

    def _x(self, texts: list[str]) -> Any:
        from sklearn.preprocessing import normalize

        return normalize(self._hstack([self.words.transform(texts), self.chars.transform(texts)]).tocsr())

    def rank_guide(self, texts: list[str]) -> list[list[str]]:
        sim = (self._x(texts) @ self.protos.T).toarray()
        return [[self.labels[j] for j in np.argsort(-s, kind="stable")] for s in sim]

    def rank_linear(self, texts: list[str]) -> list[list[str]]:
        p = self.lr.predict_proba(self._x(texts))
        cls = list(self.lr.classes_)
        return [[cls[j] for j in np.argsort(-row, kind="stable")] for row in p]
