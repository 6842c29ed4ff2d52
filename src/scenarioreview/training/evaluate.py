"""Evaluate the scenario classifier on the TEST splits and on the outside cases, against two baselines.

    python -m scenarioreview.evaluate [--model models/sr-static-zh] [--corpus …] [--real …]

Prints tables and writes <model>/eval.json and the model card. Baselines (baselines.py), in the same run and
on the same splits: TF-IDF nearest guide item (zero-shot) and TF-IDF logistic regression on the same train data.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from ..atomic import write_atomic
from ..classify.classifier import Classifier
from ..classify.embedder import StaticEmbedder
from ..classify.head import combine, load_head, softmax
from ..guide import Guide, load_guide, resolve_name
from .accuracy import real_metrics, reliability, topk_metrics
from .baselines import TfidfBaselines
from .card import real_tables, write_card
from .corpus import (
    DICT_NAME,
    ONLY_2025,
    default_corpus,
    default_model,
    default_outside_cases,
    default_real_corpus,
    load_real,
    read_corpus,
)

Record = dict[str, Any]
KINDS = ("narrative", "hard", "excerpt", "title", "one_liner")


def ranked_from(clf: Classifier, probs_model: np.ndarray) -> list[list[str]]:
    p = clf.to_edition(probs_model)
    ids = [it.id for it in clf.guide.items]
    return [[ids[j] for j in np.lexsort((np.arange(p.shape[1]), -row))] for row in p]


def ablation(clf: Classifier, texts: list[str], gold: list[str], alts: list[set[str]]) -> dict[str, Any]:
    """The same texts ranked by the lexical head alone, the embeddings alone and the shipped combination."""
    cos, lex = clf.parts(texts)
    out = {}
    for name, a in (("lexical", 0.0), ("embeddings", 1.0), ("combined", clf.head.alpha)):
        probs = softmax(combine(cos, lex, a) / clf.head.temperature)
        out[name] = {"alpha": a, **real_metrics(ranked_from(clf, probs), gold, alts)}
    return out


def _rank(clf: Classifier, texts: list[str]) -> tuple[list[list[str]], list[float], list[bool]]:
    res = clf.classify_many(texts, top=len(clf.guide.items), explain=False)
    return [[m.id for m in c.top] for c in res], [c.top[0].score for c in res], [c.none_fits for c in res]


def _by_label(gold: list[str]) -> dict[str, list[int]]:
    per: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(gold):
        per[g].append(i)
    return dict(sorted(per.items()))


def _edition_2025(clf25: Classifier, recs: list[Record]) -> dict[str, Any] | None:
    rec25 = [r for r in recs if r.get("label_2025")]
    if not rec25:
        return None
    r25, _, _ = _rank(clf25, [r["text"] for r in rec25])
    g25 = [r["label_2025"] for r in rec25]
    only = [i for i, r in enumerate(rec25) if r["label_2025"] in ONLY_2025]
    return {
        **real_metrics(r25, g25, [set()] * len(g25)),
        "only_2025": {
            "n": len(only),
            "top1": sum(r25[i][0] == g25[i] for i in only),
            "top3": sum(g25[i] in r25[i][:3] for i in only),
        },
    }


def by_kind(
    recs: list[Record], ranked: list[list[str]], gold: list[str], alts: list[set[str]]
) -> dict[str, Any]:
    """The figures apart for narratives of one scenario and those the writer marked ``hard`` (several scenarios
    about equally, or ambiguous): human labellers also agree less on the second kind."""
    out = {}
    for kind, hard in (("single", False), ("hard", True)):
        ix = [i for i, r in enumerate(recs) if bool(r.get("hard")) == hard]
        if ix:
            out[kind] = real_metrics([ranked[i] for i in ix], [gold[i] for i in ix], [alts[i] for i in ix])
    return out


def evaluate_real_split(
    clf: Classifier, clf25: Classifier, guide: Guide, recs: list[Record], base: TfidfBaselines | None = None
) -> dict[str, Any]:
    """Real-genre TEST split: accuracy with intervals, ablation, per-scenario recall, calibration, 2025 edition."""
    rec22 = [r for r in recs if r.get("label_id")]
    texts, gold = [r["text"] for r in rec22], [r["label_id"] for r in rec22]
    alts = [set(r.get("alt_label_ids") or []) for r in rec22]
    ranked, conf, nf = _rank(clf, texts)
    out: dict[str, Any] = {
        "records": len(recs),  # with the 2025-only items, which "overall" (2022 labels) leaves out
        "overall": real_metrics(ranked, gold, alts),
        "by_kind": by_kind(rec22, ranked, gold, alts),
        "ablation": ablation(clf, texts, gold, alts),
    }
    if base is not None:  # same training data (both genres), plain TF-IDF features: is the model worth it?
        out["baseline_tfidf_linear"] = real_metrics(base.rank_linear(texts), gold, alts)
    out["per_scenario"] = {
        g: {
            "name": guide.get(g).name,
            "n": len(ix),
            "recall": round(sum(ranked[i][0] == g for i in ix) / len(ix), 4),
        }
        for g, ix in _by_label(gold).items()
    }
    out["predicted_at_rank1"] = dict(Counter(r[0] for r in ranked).most_common())
    out["reliability"] = reliability(conf, [r[0] == g for r, g in zip(ranked, gold)])
    out["none_fits"] = sum(nf)
    out["errors"] = [
        {"id": r["id"], "gold": g, "alts": sorted(a), "pred": k[0]}
        for r, g, a, k in zip(rec22, gold, alts, ranked)
        if k[0] != g
    ]
    e25 = _edition_2025(clf25, recs)
    if e25:
        out["edition_2025"] = e25
    return out


def model_and_baseline(clf: Classifier, base: TfidfBaselines, recs: list[Record]) -> dict[str, Any]:
    """The model and the TF-IDF baseline side by side (the real DEV split: the one tuned on, never tested on)."""
    rec22 = [r for r in recs if r.get("label_id")]
    texts, gold = [r["text"] for r in rec22], [r["label_id"] for r in rec22]
    alts = [set(r.get("alt_label_ids") or []) for r in rec22]
    ranked, _, _ = _rank(clf, texts)
    return {
        "model": real_metrics(ranked, gold, alts),
        "baseline_tfidf_linear": real_metrics(base.rank_linear(texts), gold, alts),
    }


def evaluate_composed_test(
    clf: Classifier, guide: Guide, test: list[Record], test_ood: list[Record], base: TfidfBaselines
) -> dict[str, Any]:
    """The composed corpus's test split: by input kind, per scenario, confusions, calibration, baselines."""
    texts, gold = [r["text"] for r in test], [r["label_id"] for r in test]
    ranked, conf, nf = _rank(clf, texts)
    out: dict[str, Any] = {"overall": topk_metrics(ranked, gold)}
    for kind in KINDS:
        idx = [i for i, r in enumerate(test) if r["kind"] == kind]
        out[f"kind_{kind}"] = topk_metrics([ranked[i] for i in idx], [gold[i] for i in idx])
    long_idx = [i for i, r in enumerate(test) if r["kind"] in ("narrative", "hard")]
    out["long"] = topk_metrics([ranked[i] for i in long_idx], [gold[i] for i in long_idx])
    hard = [i for i, r in enumerate(test) if r["kind"] == "hard"]
    out["hard_secondary_in_top3"] = round(
        sum(all(s in ranked[i][:3] for s in test[i]["secondary_labels"]) for i in hard) / (len(hard) or 1), 4
    )
    out["per_scenario"] = {
        g: {"name": guide.get(g).name, **topk_metrics([ranked[i] for i in ix], [gold[i] for i in ix])}
        for g, ix in _by_label(gold).items()
    }
    pairs = Counter((g, r[0]) for r, g in zip(ranked, gold) if r[0] != g)
    out["confusions"] = [
        {"true": a, "true_name": guide.get(a).name, "pred": b, "pred_name": guide.get(b).name, "n": n}
        for (a, b), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
    ]
    out["reliability"] = reliability(conf, [r[0] == g for r, g in zip(ranked, gold)])
    out["none_fits_in_domain_rate"] = round(sum(nf) / (len(nf) or 1), 4)
    if test_ood:
        _, _, nf_ood = _rank(clf, [r["text"] for r in test_ood])
        out["ood_detected"] = {"n": len(test_ood), "rate": round(sum(nf_ood) / len(nf_ood), 4)}
    long_texts, long_gold = [texts[i] for i in long_idx], [gold[i] for i in long_idx]
    out["baselines"] = {
        "tfidf_guide": {
            "overall": topk_metrics(base.rank_guide(texts), gold),
            "long": topk_metrics(base.rank_guide(long_texts), long_gold),
        },
        "tfidf_linear": {
            "overall": topk_metrics(base.rank_linear(texts), gold),
            "long": topk_metrics(base.rank_linear(long_texts), long_gold),
        },
    }
    return out


def evaluate(
    model_dir: Path, corpus: Path, real: Path, edition: str = "2022", real_corpus: Path | None = None
) -> dict[str, Any]:
    """Every figure of the model card, as one JSON-able dict (schema scenarioreview.eval/1)."""
    guide = load_guide(edition)
    head, train_info = load_head(model_dir)
    emb = StaticEmbedder(model_dir)
    clf = Classifier(head, emb, emb, guide)
    records = read_corpus(corpus)
    labels = list(head.labels)
    train = [r for r in records if r["split"] == "train" and r["label_id"] in labels]
    test = [r for r in records if r["split"] == "test" and r["label_id"] in labels]
    test_ood = [r for r in records if r["split"] == "test" and r["label_id"] is None]
    dict_path = model_dir / DICT_NAME
    base = TfidfBaselines(guide, labels, train, dict_path=dict_path)
    out: dict[str, Any] = {
        "schema": "scenarioreview.eval/1",
        "model": model_dir.name,
        "edition": edition,
        "labels": len(labels),
        "train_info": train_info,
        "test": evaluate_composed_test(clf, guide, test, test_ood, base),
    }
    real_recs = load_real(real_corpus or default_real_corpus())
    real_test = [r for r in real_recs if r["split"] == "test"]
    if real_test:
        real_train = [
            dict(r, label_id=r["model_label"])
            for r in real_recs
            if r["split"] == "train" and r["model_label"] in labels
        ]
        base_both = TfidfBaselines(guide, labels, train + real_train, dict_path=dict_path)
        out["real_test"] = evaluate_real_split(
            clf, Classifier(head, emb, emb, load_guide("2025")), guide, real_test, base_both
        )
        out["real_dev"] = model_and_baseline(clf, base_both, [r for r in real_recs if r["split"] == "dev"])
    if real.is_file():
        out["real_cases"] = evaluate_outside(clf, base, guide, real)
    return out


def _outside_variant(
    clf: Classifier,
    base: TfidfBaselines,
    guide: Guide,
    usable: list[tuple[Record, str, set[str]]],
    texts: list[str],
) -> dict[str, Any]:
    gold = [g for _, g, _ in usable]
    alt_sets = [alts for _, _, alts in usable]
    ranked, conf, nf = _rank(clf, texts)
    alt_hit = sum(r[0] != g and r[0] in alts for r, g, alts in zip(ranked, gold, alt_sets))
    return {
        "metrics": real_metrics(ranked, gold, alt_sets),
        "ablation": ablation(clf, texts, gold, alt_sets),
        "ece": reliability(conf, [r[0] == g for r, g in zip(ranked, gold)])["ece"],
        "model": {
            **topk_metrics(ranked, gold),
            "top1_in_alt_labels": alt_hit,
            "none_fits": sum(nf),
            "errors": [
                {"id": c["id"], "gold": g, "pred": r[0], "pred_name": guide.get(r[0]).name}
                for r, g, (c, _, _) in zip(ranked, gold, usable)
                if r[0] != g
            ],
        },
        "tfidf_guide": topk_metrics(base.rank_guide(texts), gold),
        "tfidf_linear": topk_metrics(base.rank_linear(texts), gold),
    }


def evaluate_outside(clf: Classifier, base: TfidfBaselines, guide: Guide, path: Path) -> dict[str, Any]:
    """The outside cases (never trained or tuned on): title + text, and title only."""
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    usable: list[tuple[Record, str, set[str]]] = []
    unmapped = []
    for c in cases:
        ids = resolve_name(guide, c["label"])
        if ids:
            usable.append(
                (c, ids[0], {a for name in c.get("alt_labels", []) for a in resolve_name(guide, name)})
            )
        else:
            unmapped.append(c["label"])
    return {
        "n_cases": len(cases),
        "n_mapped": len(usable),
        "unmapped_labels": sorted(set(unmapped)),
        "full": _outside_variant(
            clf, base, guide, usable, [c["title"] + "。" + c["text"] for c, _, _ in usable]
        ),
        "title_only": _outside_variant(clf, base, guide, usable, [c["title"] for c, _, _ in usable]),
    }


def print_report(ev: dict[str, Any]) -> None:
    """The evaluation as terminal tables (Chinese headings; the card carries the same figures)."""
    t = ev["test"]
    print(f"模型 {ev['model']}（{ev['edition']} 年版，{ev['labels']} 个典型场景）— 测试集")
    print(f"{'方法':<16}{'n':>6}{'top1':>8}{'top3':>8}{'长文top1':>10}")
    rows = [("本模型", t["overall"], t["long"])] + [
        (k, v["overall"], v["long"]) for k, v in t["baselines"].items()
    ]
    for name, o, lg in rows:
        print(f"{name:<16}{o['n']:>6}{o['top1']:>8.3f}{o['top3']:>8.3f}{lg['top1']:>10.3f}")
    for kind in ("narrative", "hard", "excerpt", "title", "one_liner"):
        k = t[f"kind_{kind}"]
        print(f"  {kind:<12} n={k['n']:<5} top1={k['top1']:.3f} top3={k['top3']:.3f}")
    print(
        f"  hard: secondary in top3 = {t['hard_secondary_in_top3']:.3f}; in-domain none_fits = "
        f"{t['none_fits_in_domain_rate']:.3f}; ood detected = {t.get('ood_detected')}"
    )
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
            print(
                f"  {variant:<11} 本模型 top1={v['model']['top1']:.3f} top3={v['model']['top3']:.3f} "
                f"(top1 落在 alt_labels: {v['model']['top1_in_alt_labels']}) | tfidf_guide top1="
                f"{v['tfidf_guide']['top1']:.3f} top3={v['tfidf_guide']['top3']:.3f} | tfidf_linear top1="
                f"{v['tfidf_linear']['top1']:.3f} top3={v['tfidf_linear']['top3']:.3f}"
            )


def write_json(path: Path, data: dict[str, Any]) -> None:
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(prog="python -m scenarioreview.evaluate", description="评估场景分类模型")
    ap.add_argument("--model", type=Path, default=None, help="模型目录（默认随包 models/sr-static-zh）")
    ap.add_argument("--corpus", type=Path, default=None, help="合成语料（用其测试集）")
    ap.add_argument("--real", type=Path, default=None, help="外部真实案例（34 条，只用于测量）")
    ap.add_argument("--real-corpus", type=Path, default=None, help="真实体裁语料（用其测试集）")
    ap.add_argument("--edition", default="2022")
    args = ap.parse_args(argv)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    model = args.model or default_model()
    ev = evaluate(
        model,
        args.corpus or default_corpus(),
        args.real or default_outside_cases(),
        args.edition,
        args.real_corpus or default_real_corpus(),
    )
    write_json(model / "eval.json", ev)
    write_card(model, ev)
    print_report(ev)
    return ev


if __name__ == "__main__":
    main()
