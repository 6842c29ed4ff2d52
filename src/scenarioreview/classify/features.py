"""Text features on top of the model's own tokenizer: sublinear TF-IDF rows (tokens + hashed character
n-grams), a linear model's logits, the domain-word share and sentence spans.

Pure numpy so that inference needs neither scikit-learn nor scipy; training (training/head.py) fits the
weights with scikit-learn on exactly the rows these functions build.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np

Row = tuple[np.ndarray, np.ndarray]  # (token ids, L2-normalised weights)
# Quotation marks carry no scenario; in the composed corpus they clustered in some scenarios' fragments and
# became evidence for them (a quoted slogan pulled real text towards 数字孪生). They are dropped from features.
QUOTE_CHARS = "\"'“”‘’「」『』《》〈〉"
_QUOTES = re.compile("[" + re.escape(QUOTE_CHARS) + "]")  # a regex class: several times faster than translate
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SENT = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")


def tfidf_row(ids: Sequence[int] | np.ndarray, idf: np.ndarray) -> Row:
    if not len(ids):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    uniq, counts = np.unique(np.asarray(ids, dtype=np.int64), return_counts=True)
    w = ((1.0 + np.log(counts)) * idf[uniq]).astype(np.float32)
    norm = float(np.linalg.norm(w))
    return uniq, (w / norm if norm > 0 else w)


def idf_from(rows_ids: Sequence[Sequence[int]], vocab_size: int) -> np.ndarray:
    """Smoothed idf, as scikit-learn computes it: ln((1 + n) / (1 + df)) + 1."""
    df = np.zeros(vocab_size, dtype=np.float64)
    for ids in rows_ids:
        df[np.unique(np.asarray(ids, dtype=np.int64))] += 1
    return (np.log((1.0 + len(rows_ids)) / (1.0 + df)) + 1.0).astype(np.float32)


def linear_logits(rows: Sequence[Row], coef_t: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    """(n, labels) = rows · coef + intercept, with ``coef_t`` the TRANSPOSED weights, shape (vocab, labels).

    Large batches use one sparse × dense product (scipy's C loop, no (nnz, labels) temporary); a few texts
    use a numpy gather instead, because importing scipy.sparse (~0.5 s) would double a one-text cold start."""
    out = np.tile(intercept.astype(np.float32), (len(rows), 1))
    if not rows:
        return out
    if len(rows) < 32:
        for i, (idx, w) in enumerate(rows):
            if len(idx):
                out[i] += w @ coef_t[idx]
        return out
    from scipy.sparse import csr_matrix

    indptr = np.concatenate([[0], np.cumsum([len(r[0]) for r in rows])])
    if indptr[-1] == 0:
        return out
    idx = np.concatenate([r[0] for r in rows])
    val = np.concatenate([r[1] for r in rows]).astype(np.float32)
    x = csr_matrix((val, idx, indptr), shape=(len(rows), coef_t.shape[0]))
    return out + np.asarray(x @ coef_t, dtype=np.float32)


def top_terms(row: Row, coef_label: np.ndarray, k: int, below: int | None = None) -> list[tuple[int, float]]:
    """Feature ids (only those < ``below`` when given) that push a row most towards one label (weight ×
    coefficient), strongest first."""
    idx, w = row
    if below is not None:
        keep = idx < below
        idx, w = idx[keep], w[keep]
    if not len(idx):
        return []
    contrib = w * coef_label[idx]
    if len(contrib) > 4 * k:  # only the k strongest are sorted (ties at the cut may go either way)
        cut = np.argpartition(-contrib, k)[:k]
        idx, contrib = idx[cut], contrib[cut]
    order = np.lexsort((idx, -contrib))  # stable tie-break on token id
    return [(int(idx[j]), float(contrib[j])) for j in order[:k] if contrib[j] > 0]


def char_ngram_ids(text: str, offset: int, buckets: int, unigrams: bool = True) -> np.ndarray:
    """Hashed character uni-, bi- and trigrams (NFKC, lower-cased), as ids ``offset .. offset + buckets``.

    Vectorised with unsigned wrap-around arithmetic: no Python loop over characters. Character n-grams
    carry evidence for words the tokenizer never saw (journalistic text, new product names)."""
    if buckets <= 0 or not text:
        return np.zeros(0, dtype=np.int64)
    if not unicodedata.is_normalized("NFKC", text):  # the quick check: most texts are already NFKC
        text = unicodedata.normalize("NFKC", text)
    text = _QUOTES.sub("", text.lower())
    a = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    a = a.astype(np.uint64)
    with np.errstate(over="ignore"):
        bi = a[:-1] * np.uint64(1_000_003) + a[1:]
        tri = bi[:-1] * np.uint64(1_000_003) + a[2:]
        parts = [bi, tri + np.uint64(0x9E3779B97F4A7C15)] + (
            [a + np.uint64(0x7F4A7C159E3779B9)] if unigrams else []
        )
        keys = np.concatenate(parts)
        h = (keys * np.uint64(0xBF58476D1CE4E5B9)) >> np.uint64(29)
    ids: np.ndarray = (h % np.uint64(buckets)).astype(np.int64) + offset
    return ids


def joint_row(tok_ids: Sequence[int], text: str, idf: np.ndarray, vocab: int, buckets: int) -> Row:
    """Token TF-IDF and character-n-gram TF-IDF, each L2-normalised, side by side (each half weighs 1/√2)."""
    t_idx, t_w = tfidf_row(tok_ids, idf)
    if buckets <= 0:
        return t_idx, t_w
    c_idx, c_w = tfidf_row(char_ngram_ids(text, vocab, buckets), idf)
    s = np.float32(1 / np.sqrt(2))
    return np.concatenate([t_idx, c_idx]), np.concatenate([t_w * s, c_w * s])


def word_masks(vocab: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """(is a CJK token, is a multi-character CJK word) per token id."""
    size = max(vocab.values()) + 1
    cjk = np.zeros(size, dtype=bool)
    multi = np.zeros(size, dtype=bool)
    for tok, i in vocab.items():
        if _HAN.search(tok):
            cjk[i] = True
            multi[i] = len(tok) >= 2
    return cjk, multi


def domain_word_share(ids: Sequence[int], cjk: np.ndarray, multi: np.ndarray) -> float:
    """Share of multi-character vocabulary words among the CJK tokens of a text.

    The vocabulary's words come from manufacturing narratives, so a recipe or a news item falls apart into
    single characters (share ≲ 0.3) while scenario texts, even titles, stay well above it."""
    a = np.asarray(ids, dtype=np.int64)
    n = int(cjk[a].sum()) if len(a) else 0
    return float(multi[a].sum()) / n if n else 0.0


def sentence_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENT.finditer(text) if len(m.group().strip()) >= 6]
