"""Scenario classification at review time: a text -> a ranked, calibrated, explained Classification.

    head.py        the model folder's classifier head (centroids, linear weights, calibration) and score maths
    features.py    TF-IDF rows (tokens + hashed character n-grams), linear logits, domain-word share (numpy)
    embedder.py    text -> vectors: the shipped static model with numpy + tokenizers, or a user's ST folder
    editions.py    serving another guide edition with a model labelled in one
    classifier.py  the Classifier: scores, none-fits, declared-scenario check, explanations, findings
    loading.py     load_classifier(): the shipped model or --model PATH

Runtime only: numpy and tokenizers. Training (scikit-learn, jieba, torch) lives in scenarioreview.training,
which this package never imports.
"""

from .classifier import Classifier
from .loading import load_classifier, shipped_folder

_shipped_folder = shipped_folder  # the name scripts/make_review_fixture.py imports (kept for that caller)

__all__ = ["Classifier", "load_classifier", "shipped_folder"]
