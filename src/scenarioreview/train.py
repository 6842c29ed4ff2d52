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

from .guide import Guide, load_guide
from .resources import data_root as _data_root

# Defaults point into the data the package reads (the repository in a checkout, package data in a wheel).
ROOT = _data_root()
DEFAULT_CORPUS = ROOT / "corpora/narratives/corpus.jsonl"
DEFAULT_OUT = ROOT / "models/sr-static-zh"
DEFAULT_DICT = ROOT / "corpora/lexicon/domain_dict.txt"
SPECIALS = ["[UNK]", "[PAD]"]
_ASCII_TERM = re.compile(r"[A-Za-z][A-Za-z0-9+/&.-]{1,15}")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def read_corpus(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def guide_text(guide: Guide, item_id: str) -> str:
    it = guide.get(item_id)
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
    tokenizer.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
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


def fit_head(embedder, guide: Guide, train: list[dict[str, Any]], dev: list[dict[str, Any]],  # type: ignore[no-untyped-def]
             labels: list[str], *, seed: int = 42, C: float = 20.0, char_buckets: int = 1 << 16):
    """Centroids + TF-IDF logistic regression on train; mixing weight, temperature, thresholds on dev."""
    from sklearn.linear_model import LogisticRegression

    from .classify import Head, combine, domain_word_share, softmax, word_masks
    from .embed import normalize
    from .lexical import char_ngram_ids, idf_from, joint_row, linear_logits

    lab_index = {lab: i for i, lab in enumerate(labels)}
    texts = [r["text"] for r in train] + [guide_text(guide, lab) for lab in labels]
    y = np.array([lab_index[r["label_id"]] for r in train] + list(range(len(labels))))
    ids = embedder.token_ids(texts)
    vocab = embedder.matrix.shape[0]
    width = vocab + char_buckets
    idf = idf_from([list(i) + char_ngram_ids(t, vocab, char_buckets).tolist() for i, t in zip(ids, texts)], width)
    rows = [joint_row(i, t, idf, vocab, char_buckets) for i, t in zip(ids, texts)]
    clf = LogisticRegression(C=C, max_iter=3000, random_state=seed)
    clf.fit(_csr(rows, width), y)
    emb = normalize(embedder.encode_ids(ids))
    cents = np.stack([normalize(emb[y == k].mean(axis=0)) for k in range(len(labels))]).astype(np.float32)

    dev_in = [r for r in dev if r["label_id"] in lab_index]
    dev_ood = [r for r in dev if r["label_id"] is None]
    yd = np.array([lab_index[r["label_id"]] for r in dev_in])

    def parts(recs):  # type: ignore[no-untyped-def]
        i2 = embedder.token_ids([r["text"] for r in recs])
        cos = normalize(embedder.encode_ids(i2)) @ cents.T
        lex = linear_logits([joint_row(i, r["text"], idf, vocab, char_buckets) for i, r in zip(i2, recs)],
                            np.ascontiguousarray(clf.coef_.T, dtype=np.float32),
                            clf.intercept_.astype(np.float32))
        return cos, lex

    cos, lex = parts(dev_in)
    acc = {}
    for a in np.round(np.linspace(0, 1, 11), 2):
        pred = combine(cos, lex, float(a)).argmax(axis=1)
        acc[float(a)] = float((pred == yd).mean())
    # best dev accuracy; ties go to the larger embedding share (the model generalises beyond seen words)
    alpha = max(acc, key=lambda a: (round(acc[a], 4), a))
    z = combine(cos, lex, alpha)
    temps = np.exp(np.linspace(np.log(0.05), np.log(20), 200))
    nll = [float(-np.log(softmax(z / t)[np.arange(len(yd)), yd] + 1e-12).mean()) for t in temps]
    temperature = float(temps[int(np.argmin(nll))])
    best_in = cos.max(axis=1)
    ood_cos = parts(dev_ood)[0].max(axis=1) if dev_ood else np.zeros(0)
    # "not a manufacturing scenario": below the 1st percentile of in-domain dev texts (short inputs included)
    cos_threshold = float(np.quantile(best_in, 0.01)) - 0.02
    cjk, multi = word_masks(embedder.tokenizer.get_vocab())
    share_in = np.array([domain_word_share(i, cjk, multi) for i in embedder.token_ids([r["text"] for r in dev_in])])
    share_ood = np.array([domain_word_share(i, cjk, multi) for i in embedder.token_ids([r["text"] for r in dev_ood])])
    low_in = float(np.quantile(share_in, 0.01))
    # midway between the most domain-like non-manufacturing dev text and the 1st percentile of scenario texts
    word_threshold = (low_in + float(share_ood.max())) / 2 if len(share_ood) and share_ood.max() < low_in else low_in - 0.05
    head = Head(edition=guide.edition, labels=tuple(labels), centroids=cents, idf=idf,
                coef=clf.coef_.astype(np.float32), intercept=clf.intercept_.astype(np.float32),
                alpha=alpha, temperature=temperature, cos_threshold=cos_threshold, prob_threshold=0.15,
                mismatch_ratio=0.02, word_threshold=round(word_threshold, 4), char_buckets=char_buckets)
    info = {"dev": {"accuracy_by_alpha": acc, "alpha": alpha, "temperature": round(temperature, 4),
                    "nll": round(min(nll), 4), "n": len(dev_in),
                    "cos_in_min": round(float(best_in.min()), 4),
                    "cos_ood_max": round(float(ood_cos.max()), 4) if len(ood_cos) else None,
                    "cos_threshold": round(cos_threshold, 4), "word_share_in_p01": round(low_in, 4),
                    "word_share_ood_max": round(float(share_ood.max()), 4) if len(share_ood) else None,
                    "word_threshold": round(word_threshold, 4)}}
    return head, info


def main(argv: list[str] | None = None) -> dict[str, Any]:

    ap = argparse.ArgumentParser(prog="python -m scenarioreview.train", description="训练随包场景分类模型")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
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
               seed=args.seed, limit_per_label=args.limit_per_label, head_only=args.head_only)


def run(corpus: Path, out: Path, dict_out: Path, *, edition: str = "2022", dim: int = 128, epochs: int = 6,
        seed: int = 42, limit_per_label: int = 0, head_only: bool = False) -> dict[str, Any]:
    import torch

    torch.set_num_threads(2)
    t0 = time.time()
    guide = load_guide(edition)
    records = [r for r in read_corpus(corpus) if r["split"] in ("train", "dev")]  # test is never read
    train = [r for r in records if r["split"] == "train" and r["label_id"]]
    if limit_per_label:
        seen: Counter[str] = Counter()
        train = [r for r in train if (seen.update([r["label_id"]]) or seen[r["label_id"]]) <= limit_per_label]
    labels = sorted({r["label_id"] for r in train})
    train_texts = [r["text"] for r in train] + [guide_text(guide, lab) for lab in labels]
    if not head_only:
        build_domain_dict(guide, train_texts, dict_out)
        tokenizer = build_tokenizer(train_texts, dict_out)
        by_label: dict[str, list[str]] = {lab: [guide_text(guide, lab)] for lab in labels}
        for r in train:
            by_label[r["label_id"]].append(r["text"])
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
    head, info = fit_head(embedder, guide, train, dev, labels, seed=seed)
    info.update({"train_seconds": round(train_seconds, 1), "dim": dim, "epochs": epochs, "seed": seed,
                 "vocab_size": int(embedder.matrix.shape[0]), "train_records": len(train),
                 "corpus": str(corpus.name), "limit_per_label": limit_per_label})
    from .classify import save_head

    save_head(out, head, info)
    from .evaluate import write_card

    write_card(out)
    logging.getLogger(__name__).info("trained in %.1fs; dev %s", time.time() - t0, info.get("dev"))
    return info


if __name__ == "__main__":
    main()
