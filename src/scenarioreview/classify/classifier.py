"""Which typical scenario of the guide is this text? Ranked, calibrated, explained.

The shipped model is labelled with the 2022 edition; another edition is served by mapping each of its items
onto the model's labels through names, aliases and the crosswalk (editions.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..guide import Guide, load_guide, resolve_name
from ..model import Classification, Finding, Match, Scenario
from .editions import edition_map
from .embedder import Embedder, StaticEmbedder, l2_normalize
from .features import Row, domain_word_share, joint_row, linear_logits, sentence_spans, top_terms, word_masks
from .head import DEFAULT_MODEL, Head, combine, label_item, softmax

# ----------------------------------------------------------------------------------- the classifier


class Classifier:
    def __init__(
        self,
        head: Head,
        lex_tok: StaticEmbedder,
        embedder: Embedder,
        guide: Guide,
        centroids: np.ndarray | None = None,
        model_name: str = DEFAULT_MODEL,
    ) -> None:
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
    def _features(
        self, texts: Sequence[str], ids: list[list[int]]
    ) -> tuple[np.ndarray, np.ndarray, list[Row]]:
        """(cosine to each label centroid, lexical logits, TF-IDF rows) in model-label space."""
        vocab, buckets = self.lex_tok.matrix.shape[0], self.head.char_buckets
        rows = [joint_row(i, t, self.head.idf, vocab, buckets) for i, t in zip(ids, texts)]
        emb = self.lex_tok.encode_ids(ids) if self.embedder is self.lex_tok else self.embedder.encode(texts)
        return (
            l2_normalize(emb) @ self.centroids.T,
            linear_logits(rows, self._coef_t, self.head.intercept),
            rows,
        )

    def parts(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(cosine to each label centroid, lexical logits) in model-label space: the two halves of the score."""
        cos, lex, _ = self._features(texts, self.lex_tok.token_ids(texts))
        return cos, lex

    def to_edition(self, probs: np.ndarray) -> np.ndarray:
        """Model-label probabilities -> probabilities over the target guide's items (rows sum to 1)."""
        target = probs @ self.to_target
        total = target.sum(axis=1, keepdims=True)
        out: np.ndarray = np.divide(
            target, total, out=np.full_like(target, 1.0 / target.shape[1]), where=total > 0
        )
        return out

    def _in_domain(self, ids: list[list[int]], cos: np.ndarray, lex: np.ndarray) -> list[bool]:
        """Is each text a manufacturing scenario at all (domain words, best cosine, best lexical logit)?"""
        share = [domain_word_share(i, self._cjk, self._multi) for i in ids]
        best_cos, best_lex = cos.max(axis=1), lex.max(axis=1)
        return [
            bool(
                s >= self.head.word_threshold
                and c >= self.head.cos_threshold
                and x >= self.head.lex_threshold
            )
            for s, c, x in zip(share, best_cos, best_lex)
        ]

    def classify_many(
        self,
        texts: Sequence[str],
        top: int = 3,
        explain: bool = True,
        declared: Sequence[str | None] | None = None,
    ) -> list[Classification]:
        texts = [t or "" for t in texts]
        if not texts:
            return []
        enc = self.lex_tok.token_ids_offsets(texts)
        ids = [e[0] for e in enc]
        cos, lex, rows = self._features(texts, ids)
        probs = softmax(combine(cos, lex, self.head.alpha) / self.head.temperature)
        target = self.to_edition(probs)
        in_domain = self._in_domain(ids, cos, lex)
        return [
            self._one(
                text,
                target[i],
                probs[i],
                in_domain[i],
                rows[i],
                top,
                explain,
                declared[i] if declared else None,
                enc[i],
            )
            for i, text in enumerate(texts)
        ]

    def classify(self, text: str, declared: str | None = None, top: int = 3) -> Classification:
        return self.classify_many([text], top=top, declared=[declared])[0]

    def _one(
        self,
        text: str,
        p: np.ndarray,
        p_model: np.ndarray,
        in_domain: bool,
        row: Row,
        top: int,
        explain: bool,
        declared: str | None,
        enc: tuple[list[int], list[int]] = ([], []),
    ) -> Classification:
        order = np.lexsort((np.arange(len(p)), -p))  # score desc, guide order on ties
        items = self.guide.items
        matches = tuple(
            Match(items[j].id, items[j].name, items[j].link, round(float(p[j]), 4))
            for j in order[: max(1, top)]
        )
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
        return Classification(
            edition=self.edition,
            top=matches,
            none_fits=bool(none_fits),
            declared_matches=declared_matches,
            declared_id=declared_id,
            keywords=keywords,
            sentences=sents,
        )

    # -- explanation
    def _explain(
        self, text: str, target_j: int, p_model: np.ndarray, row: Row, enc: tuple[list[int], list[int]]
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        col = self.to_target[:, target_j]
        cands = np.nonzero(col)[0]
        if not len(cands):
            return (), ()
        lab = int(cands[np.argmax(p_model[cands])])
        item = self.guide.items[target_j]
        low = text.lower()
        kws = [
            k
            for k in (*item.keywords, *label_item(self.model_guide, self.head.labels[lab]).keywords)
            if k.lower() in low
        ]
        vocab = self.lex_tok.tokenizer.id_to_token
        n_vocab = self.lex_tok.matrix.shape[0]
        for tid, _ in top_terms(
            row, self.head.coef[lab], 24, below=n_vocab
        ):  # char n-grams have no readable form
            tok = vocab(tid) or ""
            # skip tokens common to most narratives (建设, 实现 …): they explain nothing
            at = low.find(tok) if tok and len(tok) >= 2 and not tok.isdigit() else -1
            if at >= 0 and self.head.idf[tid] >= 2.0:
                kws.append(text[at : at + len(tok)])  # as written in the text (the vocabulary is lower-cased)
        first: dict[str, str] = {}
        for k in kws:  # the first spelling of each keyword, in order
            first.setdefault(k.lower(), k)
        keywords = tuple(list(first.values())[:8])
        return keywords, self._driving_sentences(text, lab, enc)

    def _driving_sentences(
        self, text: str, lab: int, enc: tuple[list[int], list[int]], k: int = 2
    ) -> tuple[str, ...]:
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
            cos = l2_normalize(summed) @ self.centroids[lab]
        else:
            cos = np.zeros(len(keep), dtype=np.float32)
        lex = np.add.reduceat(self.head.idf[order_ids] * self._coef_t[order_ids, lab], bounds) / np.sqrt(
            counts
        )
        score = combine(cos, lex, self.head.alpha)
        best = sorted(np.argsort(-score, kind="stable")[:k].tolist())
        return tuple(text[spans[keep[j]][0] : spans[keep[j]][1]].strip() for j in best)

    # -- findings for the pipeline
    def findings(self, c: Classification, scenario: Scenario | None = None) -> list[Finding]:
        out: list[Finding] = []
        declared = (scenario.declared_typical if scenario is not None else None) or ""
        top = c.top[0] if c.top else None
        evidence = "；".join(c.sentences)
        if c.none_fits:
            out.append(
                Finding(
                    check="classification",
                    severity="warning",
                    category="none_fits",
                    message=f"场景内容未能归入《参考指引》（{c.edition}）中的任何典型场景，"
                    "请确认是否属于智能制造场景，或补充实施方法与要素",
                    extra=(("edition", c.edition),),
                )
            )
        if declared.strip() and c.declared_matches is None:
            out.append(
                Finding(
                    check="classification",
                    severity="info",
                    category="declared_unknown",
                    message=f"申报的典型场景「{declared}」无法对应到《参考指引》（{c.edition}）中的场景名称",
                    extra=(("declared", declared), ("edition", c.edition)),
                )
            )
        if c.declared_matches is False and top is not None:
            d_item = self.guide.get(c.declared_id) if c.declared_id else None
            d_score = next((m.score for m in c.top if m.id == c.declared_id), None)
            d_txt = f"得分 {d_score:.2f}" if d_score is not None else "未进入前列"
            out.append(
                Finding(
                    check="classification",
                    severity="warning",
                    category="declared_mismatch",
                    message=(
                        f"申报的典型场景「{d_item.name if d_item else declared}」与描述内容不符（{d_txt}）："
                        f"内容最接近「{top.link}-{top.name}」（得分 {top.score:.2f}）"
                    ),
                    evidence=evidence,
                    extra=(
                        ("declared_id", c.declared_id),
                        ("top_id", top.id),
                        ("keywords", list(c.keywords)),
                        ("edition", c.edition),
                    ),
                )
            )
        return out
