"""Training the static sentence embeddings (sentence-transformers ``StaticEmbedding``, torch at training only).

In-batch negatives (the MultipleNegativesRanking loss written out in a plain torch loop, symmetric); every
batch holds one example per label, so no negative repeats the anchor's label. Anchors and positives are random
runs of sentences of same-label texts: a few sentences of a narrative must land near its scenario.
"""

from __future__ import annotations

import logging
import random
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tokenizers import Tokenizer


def _views(text: str, rng: random.Random) -> str:
    """A random contiguous run of sentences: teaches the model that a few sentences carry the label."""
    sents = [s for s in re.split(r"(?<=[。！？；\n])", text) if s.strip()]
    if len(sents) <= 2 or rng.random() < 0.2:
        return text
    k = rng.randint(1, max(1, len(sents) // 2))
    start = rng.randrange(0, len(sents) - k + 1)
    return "".join(sents[start : start + k])


def _static_module() -> Any:
    import importlib

    try:
        return importlib.import_module("sentence_transformers.sentence_transformer.modules").StaticEmbedding
    except ImportError:  # sentence-transformers < 6 keeps it in .models
        return importlib.import_module("sentence_transformers.models").StaticEmbedding


def _positive(
    lab: str,
    by_label: dict[str, list[str]],
    real_by_label: dict[str, list[str]],
    real_share: float,
    rng: random.Random,
) -> str:
    """A same-scenario text; with probability ``real_share`` a real-genre narrative when the label has one, so
    composed and real writing about one scenario are pulled together (the genre gap is what hurts on real text)."""
    real = real_by_label.get(lab)
    if real_share > 0 and real and rng.random() < real_share:
        return _views(rng.choice(real), rng)
    return _views(rng.choice(by_label[lab]), rng)


def train_static(
    tokenizer: Tokenizer,
    by_label: dict[str, list[str]],
    *,
    dim: int,
    epochs: int,
    seed: int,
    lr: float = 0.05,
    scale: float = 20.0,
    real_by_label: dict[str, list[str]] | None = None,
    real_share: float = 0.0,
) -> Any:
    """A SentenceTransformer with one StaticEmbedding module, trained from random vectors.

    ``real_by_label``: real-genre narratives per label, drawn as positives with probability ``real_share``."""
    import torch
    from sentence_transformers import SentenceTransformer

    torch.manual_seed(seed)
    rng = random.Random(seed)
    gen = torch.Generator().manual_seed(seed)
    weights = torch.randn(tokenizer.get_vocab_size(), dim, generator=gen) * 0.1
    static = _static_module()(tokenizer, embedding_weights=weights)
    model = SentenceTransformer(modules=[static], device="cpu")
    opt = torch.optim.Adam(static.parameters(), lr=lr)
    labels = sorted(by_label)
    steps = max(len(v) for v in by_label.values())
    target = torch.arange(len(labels))
    for epoch in range(epochs):
        order = {lab: rng.sample(by_label[lab], len(by_label[lab])) for lab in labels}
        total = 0.0
        for step in range(steps):
            anchors = [_views(order[lab][step % len(order[lab])], rng) for lab in labels]
            positives = [_positive(lab, by_label, real_by_label or {}, real_share, rng) for lab in labels]
            a = torch.nn.functional.normalize(
                static(static.preprocess(anchors))["sentence_embedding"], dim=-1
            )
            p = torch.nn.functional.normalize(
                static(static.preprocess(positives))["sentence_embedding"], dim=-1
            )
            sim = a @ p.T * scale
            loss = (
                torch.nn.functional.cross_entropy(sim, target)
                + torch.nn.functional.cross_entropy(sim.T, target)
            ) / 2
            opt.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]  # torch's Tensor.backward is unannotated
            opt.step()
            total += float(loss.detach())
        logging.getLogger(__name__).info("epoch %d loss %.4f", epoch + 1, total / steps)
    return model
