"""Evaluate the scenario classifier on the TEST split and on real public cases, against two baselines.

    python -m scenarioreview.evaluate [--model models/sr-static-zh] [--corpus …] [--real …]

Prints tables and writes <model>/eval.json. Baselines, in the same run and on the same splits:
* ``tfidf_guide``: TF-IDF (jieba words + character 1–3-grams) cosine to each guide item's name, aliases,
  description and keywords (zero-shot, no training data);
* ``tfidf_linear``: logistic regression on the same TF-IDF features, trained on the same train split.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from .errors import MissingExtra
from .guide import Guide, load_guide, resolve_name
from .resources import data_root as _data_root
from .train import (
    DEFAULT_CORPUS,
    DEFAULT_DICT,
    DEFAULT_REAL_CORPUS,
    _jieba,
    guide_text,
    load_real,
    read_corpus,
)

# Defaults point into the data the package reads (the repository in a checkout, package data in a wheel).
ROOT = _data_root()
DEFAULT_REAL = ROOT / "corpora/real-cases/real-cases-dev.jsonl"


def topk_metrics(ranked: list[list[str]], gold: list[str]) -> dict[str, float]:
    n = len(gold) or 1
    return {"n": len(gold), "top1": round(sum(r[0] == g for r, g in zip(ranked, gold)) / n, 4),
            "top3": round(sum(g in r[:3] for r, g in zip(ranked, gold)) / n, 4)}


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a proportion k/n."""
    if n == 0:
        return 0.0, 0.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return round(float(centre - half), 4), round(float(centre + half), 4)


def real_metrics(ranked: list[list[str]], gold: list[str], alts: list[set[str]]) -> dict[str, Any]:
    """top-1, top-1 counting the reference's alternatives, top-3, each with a 95% Wilson interval."""
    n = len(gold)
    hits = {"top1": sum(r[0] == g for r, g in zip(ranked, gold)),
            "top1_alt": sum(r[0] == g or r[0] in a for r, g, a in zip(ranked, gold, alts)),
            "top3": sum(g in r[:3] for r, g in zip(ranked, gold))}
    out: dict[str, Any] = {"n": n}
    for k, v in hits.items():
        out[k] = round(v / (n or 1), 4)
        out[k + "_ci"] = wilson(v, n)
    return out


def ranked_from(clf, probs_model: np.ndarray) -> list[list[str]]:  # type: ignore[no-untyped-def]
    p = clf.to_edition(probs_model)
    ids = [it.id for it in clf.guide.items]
    return [[ids[j] for j in np.lexsort((np.arange(p.shape[1]), -row))] for row in p]


def ablation(clf, texts: list[str], gold: list[str], alts: list[set[str]]) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The same texts ranked by the lexical head alone, the embeddings alone and the shipped combination."""
    from .classify import combine, softmax

    cos, lex = clf.parts(texts)
    out = {}
    for name, a in (("lexical", 0.0), ("embeddings", 1.0), ("combined", clf.head.alpha)):
        probs = softmax(combine(cos, lex, a) / clf.head.temperature)
        out[name] = {"alpha": a, **real_metrics(ranked_from(clf, probs), gold, alts)}
    return out


def evaluate_real_split(clf, clf25, guide: Guide, recs: list[dict[str, Any]],  # type: ignore[no-untyped-def]
                        base: "TfidfBaselines | None" = None) -> dict[str, Any]:
    """Real-genre TEST split: accuracy with intervals, ablation, per-scenario recall, calibration, 2025 edition."""
    rec22 = [r for r in recs if r.get("label_id")]
    texts, gold = [r["text"] for r in rec22], [r["label_id"] for r in rec22]
    alts = [set(r.get("alt_label_ids") or []) for r in rec22]
    res = clf.classify_many(texts, top=len(clf.guide.items), explain=False)
    ranked = [[m.id for m in c.top] for c in res]
    out: dict[str, Any] = {"overall": real_metrics(ranked, gold, alts), "ablation": ablation(clf, texts, gold, alts)}
    if base is not None:  # same training data (both genres), plain TF-IDF features: is the model worth it?
        out["baseline_tfidf_linear"] = real_metrics(base.rank_linear(texts), gold, alts)
    per: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(gold):
        per[g].append(i)
    out["per_scenario"] = {g: {"name": guide.get(g).name, "n": len(ix),
                               "recall": round(sum(ranked[i][0] == g for i in ix) / len(ix), 4)}
                           for g, ix in sorted(per.items())}
    out["predicted_at_rank1"] = dict(Counter(r[0] for r in ranked).most_common())
    out["reliability"] = reliability([c.top[0].score for c in res], [r[0] == g for r, g in zip(ranked, gold)])
    out["none_fits"] = sum(c.none_fits for c in res)
    out["errors"] = [{"id": r["id"], "gold": g, "alts": sorted(a), "pred": k[0]}
                     for r, g, a, k in zip(rec22, gold, alts, ranked) if k[0] != g]
    rec25 = [r for r in recs if r.get("label_2025")]
    if rec25:
        res25 = clf25.classify_many([r["text"] for r in rec25], top=len(clf25.guide.items), explain=False)
        r25 = [[m.id for m in c.top] for c in res25]
        g25 = [r["label_2025"] for r in rec25]
        only = [i for i, r in enumerate(rec25) if r["label_2025"] in ("02", "30", "35")]
        out["edition_2025"] = {**real_metrics(r25, g25, [set()] * len(g25)),
                               "only_2025": {"n": len(only), "top1": sum(r25[i][0] == g25[i] for i in only),
                                             "top3": sum(g25[i] in r25[i][:3] for i in only)}}
    return out


def reliability(conf: list[float], correct: list[bool], bins: int = 10) -> dict[str, Any]:
    """Reliability table over the top score: per bin the count, mean score and accuracy; plus ECE."""
    conf_a, corr_a = np.asarray(conf), np.asarray(correct, dtype=float)
    rows, ece = [], 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        mask = (conf_a >= lo) & ((conf_a < hi) if b < bins - 1 else (conf_a <= hi))
        if mask.any():
            mc, acc = float(conf_a[mask].mean()), float(corr_a[mask].mean())
            ece += mask.sum() / len(conf_a) * abs(mc - acc)
            rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": int(mask.sum()), "mean_score": round(mc, 4),
                         "accuracy": round(acc, 4)})
    return {"bins": rows, "ece": round(float(ece), 4)}


class TfidfBaselines:
    """Both baselines share one vectoriser (jieba words + char 1–3-grams) fitted on the train split."""

    def __init__(self, guide: Guide, labels: list[str], train: list[dict[str, Any]], seed: int = 42) -> None:
        try:
            from scipy.sparse import hstack
            from sklearn.feature_extraction.text import TfidfVectorizer
            from sklearn.linear_model import LogisticRegression
        except ImportError as exc:
            raise MissingExtra('评估的 TF-IDF 基线需要 scikit-learn：请运行 pip install "scenarioreview[train]"') from exc

        tok = _jieba(DEFAULT_DICT)
        self._hstack = hstack
        self.words = TfidfVectorizer(tokenizer=lambda t: tok.lcut(t, HMM=False), lowercase=True,
                                     token_pattern=None, sublinear_tf=True, min_df=1)
        self.chars = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2)
        texts = [r["text"] for r in train]
        self.words.fit(texts)
        self.chars.fit(texts)
        self.labels = labels
        self.protos = self._x([guide_text(guide, lab) for lab in labels])
        self.lr = LogisticRegression(C=20.0, max_iter=3000, random_state=seed)
        self.lr.fit(self._x(texts), [r["label_id"] for r in train])

    def _x(self, texts: list[str]):  # type: ignore[no-untyped-def]
        from sklearn.preprocessing import normalize

        return normalize(self._hstack([self.words.transform(texts), self.chars.transform(texts)]).tocsr())

    def rank_guide(self, texts: list[str]) -> list[list[str]]:
        sim = (self._x(texts) @ self.protos.T).toarray()
        return [[self.labels[j] for j in np.argsort(-s, kind="stable")] for s in sim]

    def rank_linear(self, texts: list[str]) -> list[list[str]]:
        p = self.lr.predict_proba(self._x(texts))
        cls = list(self.lr.classes_)
        return [[cls[j] for j in np.argsort(-row, kind="stable")] for row in p]


def _rank(clf, texts: list[str]) -> tuple[list[list[str]], list[float], list[bool]]:  # type: ignore[no-untyped-def]
    res = clf.classify_many(texts, top=len(clf.guide.items), explain=False)
    return [[m.id for m in c.top] for c in res], [c.top[0].score for c in res], [c.none_fits for c in res]


def evaluate(model_dir: Path, corpus: Path, real: Path, edition: str = "2022",
             real_corpus: Path = DEFAULT_REAL_CORPUS) -> dict[str, Any]:
    from .classify import Classifier, load_head
    from .embed import StaticEmbedder

    guide = load_guide(edition)
    head, train_info = load_head(model_dir)
    emb = StaticEmbedder(model_dir)
    clf = Classifier(head, emb, emb, guide)
    records = read_corpus(corpus)
    labels = list(head.labels)
    train = [r for r in records if r["split"] == "train" and r["label_id"] in labels]
    test = [r for r in records if r["split"] == "test" and r["label_id"] in labels]
    test_ood = [r for r in records if r["split"] == "test" and r["label_id"] is None]
    base = TfidfBaselines(guide, labels, train)
    out: dict[str, Any] = {"schema": "scenarioreview.eval/1", "model": model_dir.name, "edition": edition,
                           "labels": len(labels), "train_info": train_info}

    texts, gold = [r["text"] for r in test], [r["label_id"] for r in test]
    ranked, conf, nf = _rank(clf, texts)
    correct = [r[0] == g for r, g in zip(ranked, gold)]
    test_out: dict[str, Any] = {"overall": topk_metrics(ranked, gold)}
    for kind in ("narrative", "hard", "excerpt", "title", "one_liner"):
        idx = [i for i, r in enumerate(test) if r["kind"] == kind]
        test_out[f"kind_{kind}"] = topk_metrics([ranked[i] for i in idx], [gold[i] for i in idx])
    long_idx = [i for i, r in enumerate(test) if r["kind"] in ("narrative", "hard")]
    test_out["long"] = topk_metrics([ranked[i] for i in long_idx], [gold[i] for i in long_idx])
    hard = [i for i, r in enumerate(test) if r["kind"] == "hard"]
    test_out["hard_secondary_in_top3"] = round(
        sum(all(s in ranked[i][:3] for s in test[i]["secondary_labels"]) for i in hard) / (len(hard) or 1), 4)
    per: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(gold):
        per[g].append(i)
    test_out["per_scenario"] = {
        g: {"name": guide.get(g).name, **topk_metrics([ranked[i] for i in ix], [gold[i] for i in ix])}
        for g, ix in sorted(per.items())}
    conf_pairs = Counter((g, r[0]) for r, g in zip(ranked, gold) if r[0] != g)
    test_out["confusions"] = [{"true": a, "true_name": guide.get(a).name, "pred": b, "pred_name": guide.get(b).name,
                               "n": n} for (a, b), n in sorted(conf_pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:20]]
    test_out["reliability"] = reliability(conf, correct)
    test_out["none_fits_in_domain_rate"] = round(sum(nf) / (len(nf) or 1), 4)
    if test_ood:
        _, _, nf_ood = _rank(clf, [r["text"] for r in test_ood])
        test_out["ood_detected"] = {"n": len(test_ood), "rate": round(sum(nf_ood) / len(nf_ood), 4)}
    test_out["baselines"] = {
        "tfidf_guide": {"overall": topk_metrics(base.rank_guide(texts), gold),
                        "long": topk_metrics([base.rank_guide([texts[i]])[0] for i in long_idx], [gold[i] for i in long_idx])},
        "tfidf_linear": {"overall": topk_metrics(base.rank_linear(texts), gold),
                         "long": topk_metrics([base.rank_linear([texts[i]])[0] for i in long_idx], [gold[i] for i in long_idx])},
    }
    out["test"] = test_out
    real_test = [r for r in load_real(real_corpus) if r["split"] == "test"]
    if real_test:
        clf25 = Classifier(head, emb, emb, load_guide("2025"))
        real_train = [dict(r, label_id=r["model_label"]) for r in load_real(real_corpus) if r["split"] == "train"
                      and r["model_label"] in labels]
        base_both = TfidfBaselines(guide, labels, train + real_train)
        out["real_test"] = evaluate_real_split(clf, clf25, guide, real_test, base_both)
    if real.is_file():
        out["real_cases"] = evaluate_real(clf, base, guide, real)
    return out


def evaluate_real(clf, base: TfidfBaselines, guide: Guide, path: Path) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    usable, unmapped = [], []
    for c in cases:
        ids = resolve_name(guide, c["label"])
        if ids:
            alts = {a for name in c.get("alt_labels", []) for a in resolve_name(guide, name)}
            usable.append((c, ids[0], alts))
        else:
            unmapped.append(c["label"])
    res: dict[str, Any] = {"n_cases": len(cases), "n_mapped": len(usable), "unmapped_labels": sorted(set(unmapped))}
    for variant in ("full", "title_only"):
        texts = [(c["title"] + "。" + c["text"]) if variant == "full" else c["title"] for c, _, _ in usable]
        gold = [g for _, g, _ in usable]
        ranked, conf, nf = _rank(clf, texts)
        alt_hit = sum(r[0] != g and r[0] in alts for r, g, (_, _, alts) in zip(ranked, gold, usable))
        alt_sets = [alts for _, _, alts in usable]
        res[variant] = {
            "metrics": real_metrics(ranked, gold, alt_sets), "ablation": ablation(clf, texts, gold, alt_sets),
            "ece": reliability(conf, [r[0] == g for r, g in zip(ranked, gold)])["ece"],
            "model": {**topk_metrics(ranked, gold), "top1_in_alt_labels": alt_hit,
                      "none_fits": sum(nf),
                      "errors": [{"id": c["id"], "gold": g, "pred": r[0], "pred_name": guide.get(r[0]).name}
                                 for r, g, (c, _, _) in zip(ranked, gold, usable) if r[0] != g]},
            "tfidf_guide": topk_metrics(base.rank_guide(texts), gold),
            "tfidf_linear": topk_metrics(base.rank_linear(texts), gold),
        }
    return res


def _ci(m: dict[str, Any], k: str) -> str:
    lo, hi = m[k + "_ci"]
    return f"{m[k]:.3f} [{lo:.2f}, {hi:.2f}]"


def real_tables(ev: dict[str, Any]) -> list[str]:
    """Markdown tables: real test split and outside cases (with 95% Wilson intervals), ablation, recall."""
    rows: list[tuple[str, dict[str, Any], dict[str, Any], Any]] = []
    rt, rc = ev.get("real_test"), ev.get("real_cases")
    if rt:
        rows.append(("real test split", rt["overall"], rt["ablation"], rt["reliability"]["ece"]))
    if rc and "metrics" in rc.get("full", {}):
        rows.append(("34 outside cases (title + text)", rc["full"]["metrics"], rc["full"]["ablation"], rc["full"]["ece"]))
    if not rows:
        return []
    lines = ["| set | n | top-1 | top-1 (label or alts) | top-3 | ECE |", "|---|---|---|---|---|---|"]
    lines += [f"| {name} | {m['n']} | {_ci(m, 'top1')} | {_ci(m, 'top1_alt')} | {_ci(m, 'top3')} | {ece} |"
              for name, m, _, ece in rows]
    if rt and rt.get("baseline_tfidf_linear"):
        m = rt["baseline_tfidf_linear"]
        lines.append(f"| real test, baseline: TF-IDF (jieba words + chars) logistic regression, same train data | "
                     f"{m['n']} | {_ci(m, 'top1')} | {_ci(m, 'top1_alt')} | {_ci(m, 'top3')} | - |")
    lines += ["", "Ablation (same texts; alpha = embedding share of the score):", "",
              "| set | component | alpha | top-1 | top-1 (label or alts) | top-3 |", "|---|---|---|---|---|---|"]
    for name, _, ab, _ in rows:
        lines += [f"| {name} | {comp} | {m['alpha']:.1f} | {_ci(m, 'top1')} | {_ci(m, 'top1_alt')} | {_ci(m, 'top3')} |"
                  for comp, m in ab.items()]
    if rt:
        lines += ["", "Per-scenario recall (top-1) on the real test split:", "",
                  "| id | scenario | n | recall |", "|---|---|---|---|"]
        lines += [f"| {g} | {m['name']} | {m['n']} | {m['recall']:.2f} |" for g, m in rt["per_scenario"].items()]
        e25 = rt.get("edition_2025")
        if e25:
            o = e25["only_2025"]
            lines += ["", f"2025 edition on the real test split (`label_2025`): n={e25['n']}, top-1 {_ci(e25, 'top1')}, "
                      f"top-3 {_ci(e25, 'top3')}; items with no 2022 counterpart (02/30/35): {o['top1']} of {o['n']} "
                      f"at top-1, {o['top3']} of {o['n']} in top-3.",
                      f"'Nothing fits' on real test narratives: {rt['none_fits']} of {rt['overall']['n']}.",
                      "", "Known composed-corpus artefacts on the real test split (attractors, and scenarios once never "
                      "predicted at rank 1): gold count / predicted at rank 1:", "",
                      "| id | scenario | gold | predicted |", "|---|---|---|---|"]
            gold_n = {g: m["n"] for g, m in rt["per_scenario"].items()}
            lines += [f"| {g} | {n} | {gold_n.get(g, 0)} | {rt['predicted_at_rank1'].get(g, 0)} |"
                      for g, n in ARTEFACT_IDS.items()]
    return lines


def print_report(ev: dict[str, Any]) -> None:
    t = ev["test"]
    print(f"模型 {ev['model']}（{ev['edition']} 年版，{ev['labels']} 个典型场景）— 测试集")
    print(f"{'方法':<16}{'n':>6}{'top1':>8}{'top3':>8}{'长文top1':>10}")
    rows = [("本模型", t["overall"], t["long"])] + [(k, v["overall"], v["long"]) for k, v in t["baselines"].items()]
    for name, o, lg in rows:
        print(f"{name:<16}{o['n']:>6}{o['top1']:>8.3f}{o['top3']:>8.3f}{lg['top1']:>10.3f}")
    for kind in ("narrative", "hard", "excerpt", "title", "one_liner"):
        k = t[f"kind_{kind}"]
        print(f"  {kind:<12} n={k['n']:<5} top1={k['top1']:.3f} top3={k['top3']:.3f}")
    print(f"  hard: secondary in top3 = {t['hard_secondary_in_top3']:.3f}; in-domain none_fits = "
          f"{t['none_fits_in_domain_rate']:.3f}; ood detected = {t.get('ood_detected')}")
    print("每个场景（top1 < 0.9）：")
    for g, m in t["per_scenario"].items():
        if m["top1"] < 0.9:
            print(f"  {g} {m['name']}: n={m['n']} top1={m['top1']:.3f} top3={m['top3']:.3f}")
    print("混淆最多：")
    for c in t["confusions"][:10]:
        print(f"  {c['true']} {c['true_name']} -> {c['pred']} {c['pred_name']}: {c['n']}")
    print(f"可靠性（ECE={t['reliability']['ece']}）：")
    for b in t["reliability"]["bins"]:
        print(f"  {b['bin']}: n={b['n']:<5} 平均得分={b['mean_score']:.3f} 准确率={b['accuracy']:.3f}")
    tables = real_tables(ev)
    if tables:
        print("真实体裁测试集与外部案例（95% 置信区间，Wilson）：")
        print("\n".join(tables))
    rc = ev.get("real_cases")
    if rc:
        print(f"真实案例（{rc['n_mapped']}/{rc['n_cases']} 条标签可映射）：")
        for variant in ("full", "title_only"):
            v = rc[variant]
            print(f"  {variant:<11} 本模型 top1={v['model']['top1']:.3f} top3={v['model']['top3']:.3f} "
                  f"(top1 落在 alt_labels: {v['model']['top1_in_alt_labels']}) | tfidf_guide top1="
                  f"{v['tfidf_guide']['top1']:.3f} top3={v['tfidf_guide']['top3']:.3f} | tfidf_linear top1="
                  f"{v['tfidf_linear']['top1']:.3f} top3={v['tfidf_linear']['top3']:.3f}")


def write_json(path: Path, data: dict[str, Any]) -> None:
    from .atomic import write_atomic

    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


ARTEFACT_IDS = {"02": "数字孪生工厂建设", "22": "危险作业自动化", "32": "物流实时监测与优化", "34": "大规模个性化定制",
                "36": "共享制造", "07": "车间智能排产", "08": "资源动态配置", "11": "工艺动态优化", "18": "产品质量优化",
                "20": "设备运行监测"}
TARGETS = {"top1": 0.86, "top1_alt": 0.97, "top3": 0.97}


def targets_note(ev: dict[str, Any]) -> list[str]:
    rt = ev.get("real_test")
    if not rt:
        return []
    o = rt["overall"]
    missed = [f"{k} {o[k]:.3f} < {v}" for k, v in TARGETS.items() if o[k] < v]
    ece = rt["reliability"]["ece"]
    if ece > 0.05:
        missed.append(f"ECE {ece} > 0.05")
    ab = rt["ablation"]
    gain = {k: round(ab["combined"][k] - ab["lexical"][k], 4) for k in ("top1", "top1_alt", "top3")}
    verdict = ("The embeddings add to the lexical head on real text: " if any(v > 0 for v in gain.values())
               and all(v >= 0 for v in gain.values()) else
               "Plainly: on real text the embeddings do NOT add to the lexical head in this run (differences within "
               "the intervals): ")
    return [("Targets on the real test split (top-1 >= 0.86, top-1 with alternatives >= 0.97, top-3 >= 0.97, "
             "ECE <= 0.05): " + ("all reached." if not missed else "NOT reached: " + "; ".join(missed) + ".")),
            "", verdict + f"combined minus lexical alone = {gain} (alpha {ab['combined']['alpha']}, chosen on the real "
            f"dev split); embeddings alone: top-1 {ab['embeddings']['top1']:.3f}, top-3 {ab['embeddings']['top3']:.3f}."]


def write_card(folder: Path, ev: dict[str, Any] | None = None) -> None:
    """The model card (README.md): data, settings and the measured dev/test/real-case figures."""
    meta = json.loads((folder / "scenario_head.json").read_text(encoding="utf-8"))
    info = meta.get("info", {})
    lines = [
        "---", "library_name: sentence-transformers", "language: zh", "tags: [sentence-transformers, static-embeddings]",
        "---", "", f"# {folder.name}: static Chinese embeddings + scenario classifier head", "",
        "Trained from scratch on two genres: the application-genre corpus (`corpora/narratives/corpus.jsonl`, composed",
        "by `scripts/compose_corpus.py` from hand-written fragments) and the train split of the real-genre corpus",
        "(`corpora/real/`, public case narratives about named enterprises re-written in our own words, split by",
        f"enterprise), to classify smart-manufacturing scenario narratives against the {meta['edition']} reference guide",
        f"({len(meta['labels'])} model labels: the guide's items plus the 2025 items with no {meta['edition']} counterpart,"
        " served when the 2025 edition is chosen). No pretrained weights.", "",
        "## Files", "- `modules.json`, `model.safetensors`, `tokenizer.json`: a sentence-transformers folder with one",
        "  `StaticEmbedding` module (mean of token vectors); `SentenceTransformer(path)` loads it. The tool runs it",
        "  with numpy + `tokenizers` (scenarioreview.embed.StaticEmbedder), giving the same vectors without torch.",
        "- `scenario_head.npz` / `.json`: label centroids, TF-IDF idf + logistic-regression weights over the same",
        "  tokens, mixing weight `alpha`, softmax `temperature` and the none-fits thresholds (all fitted on train/dev).",
        "- `eval.json`: the figures below, written by `python -m scenarioreview.evaluate`.", "",
        "## Training (reproduce: `python -m scenarioreview.train` then `python -m scenarioreview.evaluate`)",
        "- tokenizer: WordPiece, empty continuation prefix (forward maximum matching) over jieba words of the train",
        f"  split + `corpora/lexicon/domain_dict.txt` + GB2312 characters; vocabulary {info.get('vocab_size')}",
        f"- embedding dim {info.get('dim')}, {info.get('epochs')} epochs, seed {info.get('seed')}, in-batch negatives"
        f" (one example per label per batch), Adam; {info.get('train_records')} train records; "
        f"{info.get('train_seconds')} s on 2 CPU cores",
        f"- head: alpha={meta['alpha']} (embedding share), temperature={meta['temperature']:.4f}, "
        f"cos_threshold={meta['cos_threshold']:.3f}, word_threshold={meta.get('word_threshold', 0):.3f}, "
        f"prob_threshold={meta['prob_threshold']}",
        f"- real-genre records: {info.get('real_train_records')} train (weight {info.get('real_weight')} each), "
        f"{info.get('real_dev_records')} dev; the 2025-only labels' probability is dropped and the rest renormalised "
        "when another edition is asked for",
        f"- dev (top-1 + top-3/2) by alpha: {info.get('dev', {}).get('score_by_alpha')}; dev top-1/top-3 lexical "
        f"{info.get('dev', {}).get('top1_top3_lexical')}, embeddings {info.get('dev', {}).get('top1_top3_embeddings')}, "
        f"combined {info.get('dev', {}).get('top1_top3_combined')}", "",
    ]
    if ev and real_tables(ev):
        lines += ["## Real-genre text (`corpora/real/` test split, never trained or tuned on; outside cases)", ""]
        lines += real_tables(ev) + [""] + targets_note(ev) + [""]
    if ev:
        t = ev["test"]
        lines += ["## Composed test split (never used for training or tuning)", "",
                  "| method | n | top-1 | top-3 | long-text top-1 |", "|---|---|---|---|---|"]
        rows = [("this model", t["overall"], t["long"])] + [(k, v["overall"], v["long"]) for k, v in t["baselines"].items()]
        lines += [f"| {n} | {o['n']} | {o['top1']:.3f} | {o['top3']:.3f} | {lg['top1']:.3f} |" for n, o, lg in rows]
        lines += ["", "By input kind: " + "; ".join(
            f"{k}: top-1 {t['kind_' + k]['top1']:.3f} / top-3 {t['kind_' + k]['top3']:.3f} (n={t['kind_' + k]['n']})"
            for k in ("narrative", "hard", "excerpt", "title", "one_liner")),
            f"Hard cases, secondary label in top-3: {t['hard_secondary_in_top3']:.3f}. ECE {t['reliability']['ece']}. "
            f"Non-manufacturing texts flagged none-fits: {t.get('ood_detected')}.", ""]
        rc = ev.get("real_cases")
        if rc:
            lines += [f"## Real public cases (`corpora/real-cases/`, {rc['n_mapped']} of {rc['n_cases']} labels mapped)", "",
                      "| input | model top-1 | model top-3 | top-1 in alt_labels | tfidf_guide top-1/3 | tfidf_linear top-1/3 |",
                      "|---|---|---|---|---|---|"]
            for variant in ("full", "title_only"):
                v = rc[variant]
                lines.append(f"| {variant} | {v['model']['top1']:.3f} | {v['model']['top3']:.3f} | "
                             f"{v['model']['top1_in_alt_labels']} | {v['tfidf_guide']['top1']:.3f}/{v['tfidf_guide']['top3']:.3f}"
                             f" | {v['tfidf_linear']['top1']:.3f}/{v['tfidf_linear']['top3']:.3f} |")
            lines += ["", "Real cases are short journalistic texts; the gap to the test split measures how far the",
                      "composed corpus is from real writing. They were not used for training or tuning.", ""]
    lines += ["## Limits", "- Labels are the provisional 2022 reconstruction (36 of ~45 official items); other editions",
              "  are served by mapping names/aliases/crosswalk onto these labels.",
              f"- Mixing weight, temperature and none-fits thresholds are fitted on the {info.get('dev', {}).get('tuned_on')}"
              f" split ({info.get('dev', {}).get('n')} texts); with a dev split this small the fit is coarse.",
              "- The real-genre corpus is small (fewer than 15 records per scenario so far); intervals above are wide.",
              "- The plain TF-IDF logistic-regression baseline trained on the same data is shown beside the model; where",
              "  it scores higher, the difference lies within the intervals (on the real dev split it does not score",
              "  higher); it would need jieba and scikit-learn at inference, which the default path avoids.", ""]
    (folder / "README.md").write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    from .train import DEFAULT_OUT

    ap = argparse.ArgumentParser(prog="python -m scenarioreview.evaluate", description="评估场景分类模型")
    ap.add_argument("--model", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--real", type=Path, default=DEFAULT_REAL)
    ap.add_argument("--real-corpus", type=Path, default=DEFAULT_REAL_CORPUS, help="真实体裁语料（用其测试集）")
    ap.add_argument("--edition", default="2022")
    args = ap.parse_args(argv)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    ev = evaluate(args.model, args.corpus, args.real, args.edition, args.real_corpus)
    write_json(args.model / "eval.json", ev)
    write_card(args.model, ev)
    print_report(ev)
    return ev


if __name__ == "__main__":
    main()
