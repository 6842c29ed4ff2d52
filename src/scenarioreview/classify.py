"""Which typical scenario of the guide is this text? Ranked, calibrated, explained.

Scores combine (1) cosine similarity of the text's embedding to label centroids and (2) a linear model over
TF-IDF of the same tokens; ``alpha`` mixes them and ``temperature`` calibrates the softmax on the dev split
(see train.fit_head). The shipped model is labelled with the 2022 edition; another edition is served by
mapping each of its items onto the model's labels through names, aliases and the crosswalk.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .embed import Embedder, StaticEmbedder, load_embedder, normalize
from .errors import ConfigError, ModelError
from .guide import DEFAULT_EDITION, Guide, GuideItem, load_guide, resolve_name
from .lexical import Row, joint_row, linear_logits, top_terms
from .model import Classification, Finding, Match, Scenario

HEAD_NPZ = "scenario_head.npz"
HEAD_JSON = "scenario_head.json"
DEFAULT_MODEL = "sr-static-zh"
EMB_SCALE = 10.0  # puts cosines (−1..1) on roughly the scale of the linear model's logits
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SENT = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")


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
    np.savez_compressed(folder / HEAD_NPZ, centroids=head.centroids.astype(np.float32), idf=head.idf,
                        coef=head.coef.astype(np.float16), intercept=head.intercept.astype(np.float32))
    meta = {"edition": head.edition, "labels": list(head.labels), "alpha": head.alpha,
            "temperature": head.temperature, "cos_threshold": head.cos_threshold,
            "prob_threshold": head.prob_threshold, "mismatch_ratio": head.mismatch_ratio,
            "word_threshold": head.word_threshold, "char_buckets": head.char_buckets,
            "lex_threshold": head.lex_threshold, "info": info}
    (folder / HEAD_JSON).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def load_head(folder: Path) -> tuple[Head, dict[str, Any]]:
    try:
        meta = json.loads((folder / HEAD_JSON).read_text(encoding="utf-8"))
        arr = np.load(folder / HEAD_NPZ)
    except (OSError, ValueError) as exc:
        raise ModelError(f"分类器参数（{folder / HEAD_JSON}）缺失或损坏：{exc}") from exc
    head = Head(edition=meta["edition"], labels=tuple(meta["labels"]), centroids=arr["centroids"], idf=arr["idf"],
                coef=arr["coef"].astype(np.float32), intercept=arr["intercept"], alpha=float(meta["alpha"]),
                temperature=float(meta["temperature"]), cos_threshold=float(meta["cos_threshold"]),
                prob_threshold=float(meta["prob_threshold"]), mismatch_ratio=float(meta["mismatch_ratio"]),
                word_threshold=float(meta.get("word_threshold", 0.0)), char_buckets=int(meta.get("char_buckets", 0)),
                lex_threshold=float(meta.get("lex_threshold", float("-inf"))))
    return head, meta.get("info", {})


# ----------------------------------------------------------------------------------- pure maths

def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def combine(cos: np.ndarray, lex: np.ndarray, alpha: float) -> np.ndarray:
    return alpha * EMB_SCALE * cos + (1.0 - alpha) * lex


def edition_map(model_guide: Guide, labels: Sequence[str], target: Guide) -> np.ndarray:
    """(L_model, L_target) matrix moving probability mass from model labels to target items.

    A model label claimed by several target items splits its mass evenly. A label "EDITION:ID" (an item of
    another edition with no counterpart in the model's) goes to that item when the target is that edition;
    in any other edition it has no counterpart, its mass is dropped and the rest renormalised (to_edition):
    "not 5G infrastructure" then ranks the remaining items as they are."""
    m = np.zeros((len(labels), len(target.items)), dtype=np.float32)
    index = {lab: i for i, lab in enumerate(labels)}
    for j, it in enumerate(target.items):
        hits: set[str] = set()
        if target.edition == model_guide.edition and it.id in index and it.name == model_guide.get(it.id).name:
            hits = {it.id}
        else:
            for name in (it.name, *it.aliases):
                hits.update(resolve_name(model_guide, name, fuzzy_cutoff=0.8))
                if hits:
                    break
        for h in hits:
            if h in index:
                m[index[h], j] = 1.0
    fan = m.sum(axis=1, keepdims=True)
    m = np.divide(m, fan, out=np.zeros_like(m), where=fan > 0)
    col = {it.id: j for j, it in enumerate(target.items)}
    for lab, i in index.items():
        if ":" not in lab:
            continue
        edition, item_id = lab.split(":", 1)
        if edition == target.edition and item_id in col:
            m[i] = 0.0
            m[i, col[item_id]] = 1.0
    return m


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


def sentences(text: str) -> list[str]:
    return [text[a:b].strip() for a, b in sentence_spans(text)]


# ----------------------------------------------------------------------------------- the classifier

class Classifier:
    def __init__(self, head: Head, lex_tok: StaticEmbedder, embedder: Embedder, guide: Guide,
                 centroids: np.ndarray | None = None, model_name: str = DEFAULT_MODEL) -> None:
        self.head = head
        self.lex_tok = lex_tok
        self.embedder = embedder
        self.guide = guide
        self.model_guide = load_guide(head.edition) if guide.edition != head.edition else guide
        self.centroids = head.centroids if centroids is None else centroids
        self.to_target = edition_map(self.model_guide, head.labels, guide)
        self.edition = guide.edition
        self.model_name = model_name
        self._cjk, self._multi = word_masks(lex_tok.tokenizer.get_vocab())
        self._coef_t = np.ascontiguousarray(head.coef.T)

    # -- scoring
    def parts(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(cosine to each label centroid, lexical logits) in model-label space: the two halves of the score."""
        ids = self.lex_tok.token_ids(texts)
        vocab, buckets = self.lex_tok.matrix.shape[0], self.head.char_buckets
        rows = [joint_row(i, t, self.head.idf, vocab, buckets) for i, t in zip(ids, texts)]
        emb = self.lex_tok.encode_ids(ids) if self.embedder is self.lex_tok else self.embedder.encode(texts)
        return normalize(emb) @ self.centroids.T, linear_logits(rows, self._coef_t, self.head.intercept)

    def to_edition(self, probs: np.ndarray) -> np.ndarray:
        """Model-label probabilities -> probabilities over the target guide's items (rows sum to 1)."""
        target = probs @ self.to_target
        total = target.sum(axis=1, keepdims=True)
        return np.divide(target, total, out=np.full_like(target, 1.0 / target.shape[1]), where=total > 0)

    def _scores(self, texts: Sequence[str], ids: list[list[int]] | None = None,
                with_share: bool = True) -> tuple[np.ndarray, np.ndarray, list[Row], list[float], np.ndarray]:
        """(model-label probabilities, best cosine, TF-IDF rows, domain-word share, best lexical logit)."""
        if ids is None:
            ids = self.lex_tok.token_ids(texts)
        vocab, buckets = self.lex_tok.matrix.shape[0], self.head.char_buckets
        rows = [joint_row(i, t, self.head.idf, vocab, buckets) for i, t in zip(ids, texts)]
        emb = self.lex_tok.encode_ids(ids) if self.embedder is self.lex_tok else self.embedder.encode(texts)
        cos = normalize(emb) @ self.centroids.T
        lex = linear_logits(rows, self._coef_t, self.head.intercept)
        probs = softmax(combine(cos, lex, self.head.alpha) / self.head.temperature)
        share = [domain_word_share(i, self._cjk, self._multi) for i in ids] if with_share else []
        return probs, cos.max(axis=1), rows, share, lex.max(axis=1)

    def classify_many(self, texts: Sequence[str], top: int = 3, explain: bool = True,
                      declared: Sequence[str | None] | None = None) -> list[Classification]:
        texts = [t or "" for t in texts]
        if not texts:
            return []
        enc = self.lex_tok.token_ids_offsets(texts)
        probs, best_cos, rows, share, best_lex = self._scores(texts, [e[0] for e in enc])
        target = self.to_edition(probs)
        out = []
        for i, text in enumerate(texts):
            in_domain = (share[i] >= self.head.word_threshold and best_cos[i] >= self.head.cos_threshold
                         and best_lex[i] >= self.head.lex_threshold)
            out.append(self._one(text, target[i], probs[i], bool(in_domain), rows[i], top, explain,
                                 declared[i] if declared else None, enc[i]))
        return out

    def classify(self, text: str, declared: str | None = None, top: int = 3) -> Classification:
        return self.classify_many([text], top=top, declared=[declared])[0]

    def _one(self, text: str, p: np.ndarray, p_model: np.ndarray, in_domain: bool, row: Row, top: int,
             explain: bool, declared: str | None, enc: tuple[list[int], list[int]] = ([], [])) -> Classification:
        order = np.lexsort((np.arange(len(p)), -p))  # score desc, guide order on ties
        items = self.guide.items
        matches = tuple(Match(items[j].id, items[j].name, items[j].link, round(float(p[j]), 4))
                        for j in order[:max(1, top)])
        none_fits = not text.strip() or not in_domain or float(p[order[0]]) < self.head.prob_threshold
        declared_matches: bool | None = None
        declared_id: str | None = None
        if declared and declared.strip():
            ids = resolve_name(self.guide, declared)
            if ids:
                pos = {items[j].id: r for r, j in enumerate(order)}
                best = min(ids, key=lambda x: pos.get(x, 10**6))
                declared_id = best
                j = next(k for k, it in enumerate(items) if it.id == best)
                rank = pos[best] + 1
                far = float(p[j]) < self.head.mismatch_ratio * float(p[order[0]])
                declared_matches = rank <= 3 and not far
        keywords: tuple[str, ...] = ()
        sents: tuple[str, ...] = ()
        if explain and text.strip() and not none_fits:
            keywords, sents = self._explain(text, int(order[0]), p_model, row, enc)
        return Classification(edition=self.edition, top=matches, none_fits=bool(none_fits),
                              declared_matches=declared_matches, declared_id=declared_id,
                              keywords=keywords, sentences=sents)

    # -- explanation
    def _explain(self, text: str, target_j: int, p_model: np.ndarray, row: Row,
                 enc: tuple[list[int], list[int]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        col = self.to_target[:, target_j]
        cands = np.nonzero(col)[0]
        if not len(cands):
            return (), ()
        lab = int(cands[np.argmax(p_model[cands])])
        item = self.guide.items[target_j]
        low = text.lower()
        kws = [k for k in (*item.keywords, *label_item(self.model_guide, self.head.labels[lab]).keywords)
               if k.lower() in low]
        vocab = self.lex_tok.tokenizer.id_to_token
        n_vocab = self.lex_tok.matrix.shape[0]
        for tid, _ in top_terms(row, self.head.coef[lab], 24):
            if tid >= n_vocab:  # a hashed character n-gram: no readable form
                continue
            tok = vocab(tid)
            # skip tokens common to most narratives (建设, 实现 …): they explain nothing
            at = low.find(tok) if tok and len(tok) >= 2 and not tok.isdigit() else -1
            if at >= 0 and self.head.idf[tid] >= 2.0:
                kws.append(text[at:at + len(tok)])  # as written in the text (the vocabulary is lower-cased)
        seen: set[str] = set()
        uniq = [k for k in kws if not (k.lower() in seen or seen.add(k.lower()))]  # type: ignore[func-returns-value]
        keywords = tuple(uniq[:8])
        return keywords, self._driving_sentences(text, lab, enc)

    def _driving_sentences(self, text: str, lab: int, enc: tuple[list[int], list[int]], k: int = 2) -> tuple[str, ...]:
        """The k sentences whose own tokens point most to label ``lab``, in text order.

        Scored from the text's tokens sliced by offset (no second tokenisation): the cosine of the sentence's
        mean vector to the label centroid and its tokens' TF-IDF-weighted linear weights, mixed like the text
        score. Character n-grams are left out here: they cannot be attributed to one sentence cheaply."""
        spans = sentence_spans(text)
        ids, starts = np.asarray(enc[0], dtype=np.int64), np.asarray(enc[1], dtype=np.int64)
        if not spans or not len(ids):
            return ()
        lo = np.searchsorted(starts, [a for a, _ in spans])
        hi = np.searchsorted(starts, [b for _, b in spans])
        keep = np.nonzero(hi > lo)[0]
        if not len(keep):
            return ()
        lo, hi = lo[keep], hi[keep]
        order_ids = ids[np.concatenate([np.arange(a, b) for a, b in zip(lo, hi)])]
        bounds = np.concatenate([[0], np.cumsum(hi - lo)[:-1]])
        counts = (hi - lo).astype(np.float32)
        if self.embedder is self.lex_tok:
            summed = np.add.reduceat(self.lex_tok.matrix[order_ids], bounds, axis=0)
            cos = normalize(summed) @ self.centroids[lab]
        else:
            cos = np.zeros(len(keep), dtype=np.float32)
        lex = np.add.reduceat(self.head.idf[order_ids] * self._coef_t[order_ids, lab], bounds) / np.sqrt(counts)
        score = combine(cos, lex, self.head.alpha)
        best = sorted(np.argsort(-score, kind="stable")[:k].tolist())
        return tuple(text[spans[keep[j]][0]:spans[keep[j]][1]].strip() for j in best)

    # -- findings for the pipeline
    def findings(self, c: Classification, scenario: Scenario | None = None) -> list[Finding]:
        out: list[Finding] = []
        declared = (scenario.declared_typical if scenario is not None else None) or ""
        top = c.top[0] if c.top else None
        evidence = "；".join(c.sentences)
        if c.none_fits:
            out.append(Finding(check="classification", severity="warning", category="none_fits",
                               message=f"场景内容未能归入《参考指引》（{c.edition}）中的任何典型场景，"
                                       "请确认是否属于智能制造场景，或补充实施方法与要素",
                               extra=(("edition", c.edition),)))
        if declared.strip() and c.declared_matches is None:
            out.append(Finding(check="classification", severity="info", category="declared_unknown",
                               message=f"申报的典型场景「{declared}」无法对应到《参考指引》（{c.edition}）中的场景名称",
                               extra=(("declared", declared), ("edition", c.edition))))
        if c.declared_matches is False and top is not None:
            d_item = self.guide.get(c.declared_id) if c.declared_id else None
            d_score = next((m.score for m in c.top if m.id == c.declared_id), None)
            d_txt = f"得分 {d_score:.2f}" if d_score is not None else "未进入前列"
            out.append(Finding(
                check="classification", severity="warning", category="declared_mismatch",
                message=(f"申报的典型场景「{d_item.name if d_item else declared}」与描述内容不符（{d_txt}）："
                         f"内容最接近「{top.link}-{top.name}」（得分 {top.score:.2f}）"),
                evidence=evidence,
                extra=(("declared_id", c.declared_id), ("top_id", top.id), ("keywords", list(c.keywords)),
                       ("edition", c.edition))))
        return out


def _shipped_folder() -> Path:
    from .resources import models_path

    return models_path(DEFAULT_MODEL)


def load_classifier(edition: str = DEFAULT_EDITION, model_path: str | None = None) -> Classifier:
    """The shipped model (numpy only) or, with ``model_path``, any local sentence-transformers folder."""
    guide = load_guide(edition)
    folder = _shipped_folder()
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
    return Classifier(head, lex_tok, embedder, guide, centroids=user_centroids(embedder, head),
                      model_name=path.name)


def user_centroids(embedder: Embedder, head: Head, per_label: int = 8) -> np.ndarray:
    """Label centroids for a user-supplied model, from the train split of the packaged corpus."""
    from .resources import corpora_path

    model_guide = load_guide(head.edition)
    texts: dict[str, list[str]] = {lab: [] for lab in head.labels}
    path = corpora_path("narratives", "corpus.jsonl")
    with path.open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            lab = r.get("label_id")
            if r["split"] == "train" and lab in texts and r["kind"] == "narrative" and len(texts[lab]) < per_label:
                texts[lab].append(r["text"])
    cents = []
    for lab in head.labels:
        it = label_item(model_guide, lab)
        batch = [f"{it.name}。{it.description}"] + texts[lab]
        cents.append(normalize(normalize(embedder.encode(batch)).mean(axis=0)))
    return np.stack(cents).astype(np.float32)
