"""Train the shipped scenario model: domain dictionary, tokenizer, static embeddings, classifier head.

    python -m scenarioreview.train [--corpus corpora/narratives/corpus.jsonl] [--out models/sr-static-zh]

Steps (seeded, a few minutes on 2 CPU cores):
1. a jieba user dictionary from the guide (names, aliases, keywords) and the TRAIN split
   (ASCII system names, frequent word pairs) -> corpora/lexicon/domain_dict.txt;
2. a ``tokenizers`` WordPiece tokenizer with an empty continuation prefix (= forward maximum matching) whose
   vocabulary is jieba's words of the train split plus a full character inventory, so nothing falls to [UNK];
3. a sentence-transformers ``StaticEmbedding`` trained with in-batch negatives (MultipleNegativesRanking
   loss written out in a plain torch loop; every batch holds one example per label so no negative repeats
   the anchor's label);
4. the classifier head (classify.Head): label centroids, a TF-IDF logistic-regression over the same tokens,
   and the mixing weight, temperature and thresholds chosen on the DEV split. The test split is never read.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from .errors import MissingExtra
from .guide import Guide, load_guide
from .resources import data_root as _data_root

# Defaults point into the data the package reads (the repository in a checkout, package data in a wheel).
ROOT = _data_root()
DEFAULT_CORPUS = ROOT / "corpora/narratives/corpus.jsonl"
DEFAULT_OUT = ROOT / "models/sr-static-zh"
DEFAULT_DICT = ROOT / "corpora/lexicon/domain_dict.txt"
DEFAULT_REAL_CORPUS = ROOT / "corpora/real/corpus.jsonl"
ONLY_2025 = ("02", "30", "35")  # 2025 items with no 2022 counterpart: extra model labels "2025:ID"
EXTRA_LABELS = tuple(f"2025:{i}" for i in ONLY_2025)
LR_C = 20.0  # inverse L2 strength of the lexical head
REAL_WEIGHT = 4.0  # a real-genre record counts this many composed ones (lexical head and embedding batches)
SPECIALS = ["[UNK]", "[PAD]"]
_ASCII_TERM = re.compile(r"[A-Za-z][A-Za-z0-9+/&.-]{1,15}")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def read_corpus(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def model_label(r: dict[str, Any]) -> str | None:
    """A record's label in model space: its 2022 id, or "2025:ID" for a 2025-only item."""
    if r.get("label_id"):
        return str(r["label_id"])
    if r.get("label_2025") in ONLY_2025:
        return f"2025:{r['label_2025']}"
    return None


def guide_text(guide: Guide, item_id: str) -> str:
    from .classify import label_item

    it = label_item(guide, item_id)
    return f"{it.name}。{'，'.join(it.aliases)}。{it.description}{'，'.join(it.keywords)}。"


def _jieba(dict_path: Path | None = None):  # type: ignore[no-untyped-def]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    if dict_path is not None and dict_path.is_file():
        tok.load_userdict(str(dict_path))
    return tok


def build_domain_dict(guide: Guide, train_texts: list[str], out: Path) -> list[str]:
    """Guide terms + ASCII system names + frequent adjacent word pairs of the train split."""
    terms: Counter[str] = Counter()
    for it in guide.items:
        for t in (it.name, *it.aliases, *it.keywords):
            t = t.strip()
            if 2 <= len(t) <= 12 and " " not in t:
                terms[t] += 50
    tok = _jieba(None)
    pairs: Counter[str] = Counter()
    for text in train_texts:
        for m in _ASCII_TERM.findall(text):
            terms[m] += 1
        words = [w for w in tok.lcut(text, HMM=False)]
        for a, b in zip(words, words[1:]):
            if _CJK.fullmatch(a[:1] or "x") and _CJK.fullmatch(b[:1] or "x") and len(a) >= 2 and len(b) >= 2 \
                    and len(a) + len(b) <= 6 and _CJK.search(a + b):
                pairs[a + b] += 1
    for w, c in pairs.items():
        if c >= 12:
            terms[w] += c
    words = sorted(t for t, c in terms.items() if c >= 3)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(f"{w} {max(terms[w], 10) * 20} n\n" for w in words), encoding="utf-8")
    return words


def _charset() -> list[str]:
    """GB2312 characters plus ASCII: the inventory that keeps whole clauses out of [UNK]."""
    chars = [chr(c) for c in range(0x21, 0x7F) if not chr(c).isupper()]
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def build_tokenizer(train_texts: list[str], dict_path: Path, min_count: int = 2):  # type: ignore[no-untyped-def]
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

    tok = _jieba(dict_path)
    counts: Counter[str] = Counter()
    for text in train_texts:
        for w in tok.lcut(text.lower(), HMM=False):
            w = w.strip()
            if len(w) >= 2 and not w.isdigit():
                counts[w] += 1
    dict_words = [line.split(" ")[0].lower() for line in dict_path.read_text(encoding="utf-8").splitlines()]
    vocab_list = SPECIALS + sorted(set(_charset()) | {c for t in train_texts for c in t.lower() if not c.isspace()}
                                   | {w for w, c in counts.items() if c >= min_count} | set(dict_words))
    vocab = {w: i for i, w in enumerate(dict.fromkeys(vocab_list))}
    model = models.WordPiece(vocab=vocab, unk_token="[UNK]", continuing_subword_prefix="",
                             max_input_chars_per_word=10_000)
    tokenizer = Tokenizer(model)
    from tokenizers import Regex

    from .lexical import QUOTE_CHARS

    quotes = Regex("[" + re.escape(QUOTE_CHARS) + "]")
    tokenizer.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase(),
                                                 normalizers.Replace(quotes, "")])
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Whitespace(),
                                                       pre_tokenizers.Digits(individual_digits=False)])
    return tokenizer


def _views(text: str, rng: random.Random) -> str:
    """A random contiguous run of sentences: teaches the model that a few sentences carry the label."""
    sents = [s for s in re.split(r"(?<=[。！？；\n])", text) if s.strip()]
    if len(sents) <= 2 or rng.random() < 0.2:
        return text
    k = rng.randint(1, max(1, len(sents) // 2))
    start = rng.randrange(0, len(sents) - k + 1)
    return "".join(sents[start:start + k])


def train_static(tokenizer, by_label: dict[str, list[str]], *, dim: int, epochs: int, seed: int,  # type: ignore[no-untyped-def]
                 lr: float = 0.05, scale: float = 20.0):
    import torch
    from sentence_transformers import SentenceTransformer
    try:
        from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    except ImportError:  # sentence-transformers < 6
        from sentence_transformers.models import StaticEmbedding

    torch.manual_seed(seed)
    rng = random.Random(seed)
    gen = torch.Generator().manual_seed(seed)
    weights = torch.randn(tokenizer.get_vocab_size(), dim, generator=gen) * 0.1
    static = StaticEmbedding(tokenizer, embedding_weights=weights)
    model = SentenceTransformer(modules=[static], device="cpu")
    opt = torch.optim.Adam(static.parameters(), lr=lr)
    labels = sorted(by_label)
    steps = max(len(v) for v in by_label.values())
    for epoch in range(epochs):
        order = {lab: rng.sample(by_label[lab], len(by_label[lab])) for lab in labels}
        total = 0.0
        for step in range(steps):
            anchors = [_views(order[lab][step % len(order[lab])], rng) for lab in labels]
            positives = [_views(rng.choice(by_label[lab]), rng) for lab in labels]
            fa = static.preprocess(anchors)
            fp = static.preprocess(positives)
            a = torch.nn.functional.normalize(static(fa)["sentence_embedding"], dim=-1)
            p = torch.nn.functional.normalize(static(fp)["sentence_embedding"], dim=-1)
            sim = a @ p.T * scale
            target = torch.arange(len(labels))
            loss = (torch.nn.functional.cross_entropy(sim, target) + torch.nn.functional.cross_entropy(sim.T, target)) / 2
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss.detach())
        logging.getLogger(__name__).info("epoch %d loss %.4f", epoch + 1, total / steps)
    return model


def _csr(rows, vocab_size: int):  # type: ignore[no-untyped-def]
    from scipy.sparse import csr_matrix

    indptr = np.cumsum([0] + [len(r[0]) for r in rows])
    idx = np.concatenate([r[0] for r in rows]) if rows else np.zeros(0, dtype=np.int64)
    val = np.concatenate([r[1] for r in rows]) if rows else np.zeros(0, dtype=np.float32)
    return csr_matrix((val, idx, indptr), shape=(len(rows), vocab_size))


def _lr_rows(embedder, texts: list[str], idf: np.ndarray, char_buckets: int):  # type: ignore[no-untyped-def]
    from .lexical import joint_row

    vocab = embedder.matrix.shape[0]
    return [joint_row(i, t, idf, vocab, char_buckets) for i, t in zip(embedder.token_ids(texts), texts)]


def fit_lexical(embedder, texts: list[str], y: np.ndarray, weights: np.ndarray, *, seed: int, C: float,  # type: ignore[no-untyped-def]
                char_buckets: int):
    """TF-IDF (tokens + hashed character n-grams) logistic regression; returns (idf, fitted model)."""
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:
        raise MissingExtra('训练需要 scikit-learn：请运行 pip install "scenarioreview[train]"') from exc

    from .lexical import char_ngram_ids, idf_from

    vocab = embedder.matrix.shape[0]
    ids = embedder.token_ids(texts)
    idf = idf_from([list(i) + char_ngram_ids(t, vocab, char_buckets).tolist() for i, t in zip(ids, texts)],
                   vocab + char_buckets)
    clf = LogisticRegression(C=C, max_iter=3000, random_state=seed)
    clf.fit(_csr(_lr_rows(embedder, texts, idf, char_buckets), vocab + char_buckets), y, sample_weight=weights)
    return idf, clf


def _parts(embedder, recs: list[dict[str, Any]], cents: np.ndarray, idf: np.ndarray, clf,  # type: ignore[no-untyped-def]
           char_buckets: int) -> tuple[np.ndarray, np.ndarray]:
    from .embed import normalize
    from .lexical import linear_logits

    texts = [r["text"] for r in recs]
    cos = normalize(embedder.encode(texts)) @ cents.T
    lex = linear_logits(_lr_rows(embedder, texts, idf, char_buckets),
                        np.ascontiguousarray(clf.coef_.T, dtype=np.float32), clf.intercept_.astype(np.float32))
    return cos, lex


def _topk(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    order = np.argsort(-z, axis=1)
    return float((order[:, 0] == y).mean()), float((order[:, :3] == y[:, None]).any(axis=1).mean())


def fit_head(embedder, guide: Guide, train: list[dict[str, Any]], dev: list[dict[str, Any]],  # type: ignore[no-untyped-def]
             labels: list[str], *, seed: int = 42, C: float = 20.0, char_buckets: int = 1 << 16,
             real_dev: list[dict[str, Any]] | None = None):
    """Centroids + TF-IDF logistic regression on train (records carry ``model_label`` and ``weight``).

    Mixing weight and temperature are chosen on the REAL dev split when there is one (the genre users bring),
    else on the composed dev split; the none-fits thresholds keep every in-domain dev text of both genres in
    and the composed non-manufacturing dev texts out."""
    from .classify import Head, combine, softmax
    from .embed import normalize

    lab_index = {lab: i for i, lab in enumerate(labels)}
    texts = [r["text"] for r in train] + [guide_text(guide, lab) for lab in labels]
    y = np.array([lab_index[r["model_label"]] for r in train] + list(range(len(labels))))
    w = np.array([float(r.get("weight", 1.0)) for r in train] + [1.0] * len(labels))
    idf, clf = fit_lexical(embedder, texts, y, w, seed=seed, C=C, char_buckets=char_buckets)
    emb = normalize(embedder.encode(texts))
    cents = np.stack([normalize((emb[y == k] * w[y == k, None]).sum(axis=0)) for k in range(len(labels))]
                     ).astype(np.float32)

    dev_in = [r for r in dev if r.get("model_label") in lab_index]
    dev_ood = [r for r in dev if r.get("label_id") is None and r.get("kind") == "ood"]
    tune = [r for r in (real_dev or []) if r.get("model_label") in lab_index] or dev_in
    yt = np.array([lab_index[r["model_label"]] for r in tune])
    cos, lex = _parts(embedder, tune, cents, idf, clf, char_buckets)
    acc = {}
    for a in np.round(np.linspace(0, 1, 11), 2):
        t1, t3 = _topk(combine(cos, lex, float(a)), yt)
        acc[float(a)] = round(t1 + 0.5 * t3, 4)
    # best dev top-1 (+ half top-3), averaged with the neighbouring alphas: a dev split of a few dozen real
    # texts moves by one text per 0.03, so a lone peak is noise; ties go to the larger embedding share
    keys = sorted(acc)
    smooth = {a: float(np.mean([acc[b] for b in keys if abs(b - a) < 0.15])) for a in keys}
    alpha = max(smooth, key=lambda a: (round(smooth[a], 4), a))
    z = combine(cos, lex, alpha)
    temps = np.exp(np.linspace(np.log(0.05), np.log(20), 200))
    nll = [float(-np.log(softmax(z / t)[np.arange(len(yt)), yt] + 1e-12).mean()) for t in temps]
    temperature = float(temps[int(np.argmin(nll))])
    thresholds = _none_fits_thresholds(embedder, dev_in, tune, dev_ood, cents, idf, clf, char_buckets,
                                       alpha, temperature)
    head = Head(edition=guide.edition, labels=tuple(labels), centroids=cents, idf=idf,
                coef=clf.coef_.astype(np.float32), intercept=clf.intercept_.astype(np.float32),
                alpha=alpha, temperature=temperature, mismatch_ratio=0.02, char_buckets=char_buckets,
                **thresholds["head"])
    info = {"dev": {"tuned_on": "real dev" if real_dev else "composed dev", "n": len(tune),
                    "score_by_alpha": acc, "alpha": alpha, "temperature": round(temperature, 4),
                    "nll": round(min(nll), 4), "top1_top3_lexical": _topk(lex, yt),
                    "top1_top3_embeddings": _topk(cos, yt), "top1_top3_combined": _topk(z, yt),
                    **thresholds["info"]}}
    return head, info


def _none_fits_thresholds(embedder, dev_in, tune, dev_ood, cents, idf, clf, char_buckets: int,  # type: ignore[no-untyped-def]
                          alpha: float, temperature: float) -> dict[str, Any]:
    """Domain-word share, best cosine and top probability below which nothing fits.

    Every in-domain dev text (composed 1st percentile, real minimum) stays above each threshold with a margin;
    the word threshold sits midway to the most domain-like non-manufacturing dev text when they separate."""
    from .classify import combine, domain_word_share, softmax, word_masks

    cjk, multi = word_masks(embedder.tokenizer.get_vocab())

    def share(recs):  # type: ignore[no-untyped-def]
        return np.array([domain_word_share(i, cjk, multi) for i in embedder.token_ids([r["text"] for r in recs])])

    cos_in, lex_in = _parts(embedder, dev_in, cents, idf, clf, char_buckets)
    cos_t, lex_t = _parts(embedder, tune, cents, idf, clf, char_buckets)
    low_cos = min(float(np.quantile(cos_in.max(axis=1), 0.01)), float(cos_t.max(axis=1).min()))
    low_in = min(float(np.quantile(share(dev_in), 0.01)), float(share(tune).min()))
    share_ood = share(dev_ood) if dev_ood else np.zeros(0)
    word_threshold = (low_in + float(share_ood.max())) / 2 if len(share_ood) and share_ood.max() < low_in \
        else low_in - 0.05
    low_lex = min(float(np.quantile(lex_in.max(axis=1), 0.01)), float(lex_t.max(axis=1).min()))
    lex_ood = _parts(embedder, dev_ood, cents, idf, clf, char_buckets)[1].max(axis=1) if dev_ood else np.zeros(0)
    # midway to the most scenario-like non-manufacturing dev text when they separate, else a margin below
    lex_threshold = (low_lex + float(lex_ood.max())) / 2 if len(lex_ood) and lex_ood.max() < low_lex else low_lex - 0.1
    top_p = softmax(combine(cos_t, lex_t, alpha) / temperature).max(axis=1)
    prob_threshold = min(0.15, round(float(top_p.min()) * 0.5, 4))
    return {"head": {"cos_threshold": low_cos - 0.05, "word_threshold": round(word_threshold, 4),
                     "prob_threshold": prob_threshold, "lex_threshold": round(lex_threshold, 4)},
            "info": {"cos_in_min": round(low_cos, 4), "word_share_in_min": round(low_in, 4),
                     "word_share_ood_max": round(float(share_ood.max()), 4) if len(share_ood) else None,
                     "word_threshold": round(word_threshold, 4), "top_p_tune_min": round(float(top_p.min()), 4),
                     "prob_threshold": prob_threshold, "lex_in_min": round(low_lex, 4),
                     "lex_ood_max": round(float(lex_ood.max()), 4) if len(lex_ood) else None,
                     "lex_threshold": round(lex_threshold, 4)}}


def main(argv: list[str] | None = None) -> dict[str, Any]:

    ap = argparse.ArgumentParser(prog="python -m scenarioreview.train", description="训练随包场景分类模型")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--real", type=Path, default=DEFAULT_REAL_CORPUS, help="真实体裁语料（不存在则只用合成语料）")
    ap.add_argument("--real-weight", type=float, default=REAL_WEIGHT)
    ap.add_argument("--C", type=float, default=LR_C, help="逻辑回归正则化强度的倒数")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--dict-out", type=Path, default=DEFAULT_DICT)
    ap.add_argument("--edition", default="2022")
    ap.add_argument("--dim", type=int, default=128)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--limit-per-label", type=int, default=0, help="train on a subset (tests)")
    ap.add_argument("--head-only", action="store_true", help="keep the saved embeddings, refit the classifier head")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    return run(args.corpus, args.out, args.dict_out, edition=args.edition, dim=args.dim, epochs=args.epochs,
               seed=args.seed, limit_per_label=args.limit_per_label, head_only=args.head_only,
               real=args.real, real_weight=args.real_weight, C=args.C)


def load_real(path: Path | None) -> list[dict[str, Any]]:
    """The real-genre corpus with ``model_label`` set; empty when there is none."""
    if path is None or not path.is_file():
        return []
    recs = read_corpus(path)
    for r in recs:
        r["model_label"] = model_label(r)
    return [r for r in recs if r["model_label"]]


def run(corpus: Path, out: Path, dict_out: Path, *, edition: str = "2022", dim: int = 128, epochs: int = 6,
        seed: int = 42, limit_per_label: int = 0, head_only: bool = False, real: Path | None = None,
        real_weight: float = REAL_WEIGHT, C: float = 0.0) -> dict[str, Any]:
    import torch

    torch.set_num_threads(2)
    t0 = time.time()
    guide = load_guide(edition)
    records = [r for r in read_corpus(corpus) if r["split"] in ("train", "dev")]  # test is never read
    for r in records:
        r["model_label"], r["weight"] = r["label_id"], 1.0
    train = [r for r in records if r["split"] == "train" and r["label_id"]]
    if limit_per_label:
        seen: Counter[str] = Counter()
        train = [r for r in train if (seen.update([r["label_id"]]) or seen[r["label_id"]]) <= limit_per_label]
    real_recs = [r for r in load_real(real) if r["split"] in ("train", "dev")]  # real test is never read
    real_train = [dict(r, weight=real_weight) for r in real_recs if r["split"] == "train"]
    real_dev = [r for r in real_recs if r["split"] == "dev"]
    labels = sorted({r["label_id"] for r in train}) + ([*EXTRA_LABELS] if edition == "2022" and real_recs else [])
    real_train = [r for r in real_train if r["model_label"] in labels]
    train_texts = [r["text"] for r in train + real_train] + [guide_text(guide, lab) for lab in labels]
    if not head_only:
        build_domain_dict(guide, train_texts, dict_out)
        tokenizer = build_tokenizer(train_texts, dict_out)
        by_label: dict[str, list[str]] = {lab: [guide_text(guide, lab)] for lab in labels}
        for r in train + real_train:
            # real-genre texts are drawn as often as their weight says (anchors and positives alike)
            by_label[r["model_label"]].extend([r["text"]] * max(1, round(r.get("weight", 1.0))))
        model = train_static(tokenizer, by_label, dim=dim, epochs=epochs, seed=seed)
        out.mkdir(parents=True, exist_ok=True)
        model.save(str(out))
    train_seconds = time.time() - t0
    previous: dict[str, Any] = {}
    if head_only and (out / "scenario_head.json").is_file():  # keep the embedding run's settings on the card
        previous = json.loads((out / "scenario_head.json").read_text(encoding="utf-8")).get("info", {})
        train_seconds, dim, epochs, seed = (previous.get("train_seconds", train_seconds), previous.get("dim", dim),
                                            previous.get("epochs", epochs), previous.get("seed", seed))
    from .embed import StaticEmbedder

    embedder = StaticEmbedder(out)
    dev = [r for r in records if r["split"] == "dev" and (r["label_id"] in labels or r["label_id"] is None)]
    head, info = fit_head(embedder, guide, train + real_train, dev, labels, seed=seed, C=C or LR_C,
                          real_dev=real_dev)
    info.update({"train_seconds": round(train_seconds, 1), "dim": dim, "epochs": epochs, "seed": seed,
                 "vocab_size": int(embedder.matrix.shape[0]), "train_records": len(train),
                 "real_train_records": len(real_train), "real_dev_records": len(real_dev),
                 "real_weight": real_weight, "C": C or LR_C, "corpus": str(corpus.name), "limit_per_label": limit_per_label})
    from .classify import save_head

    save_head(out, head, info)
    from .evaluate import write_card

    write_card(out)
    logging.getLogger(__name__).info("trained in %.1fs; dev %s", time.time() - t0, info.get("dev"))
    return info


if __name__ == "__main__":
    main()
