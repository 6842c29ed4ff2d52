"""The model card (README.md in the model folder): data, settings and the measured figures as markdown."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ARTEFACT_IDS = {
    "02": "数字孪生工厂建设",
    "22": "危险作业自动化",
    "32": "物流实时监测与优化",
    "34": "大规模个性化定制",
    "36": "共享制造",
    "07": "车间智能排产",
    "08": "资源动态配置",
    "11": "工艺动态优化",
    "18": "产品质量优化",
    "20": "设备运行监测",
}
TARGETS = {"top1": 0.86, "top1_alt": 0.97, "top3": 0.97}
Table = list[tuple[str, dict[str, Any], dict[str, Any], Any]]  # (set name, metrics, ablation, ECE)


def _ci(m: dict[str, Any], k: str) -> str:
    lo, hi = m[k + "_ci"]
    return f"{m[k]:.3f} [{lo:.2f}, {hi:.2f}]"


def _real_rows(ev: dict[str, Any]) -> Table:
    rows: Table = []
    rt, rc = ev.get("real_test"), ev.get("real_cases")
    if rt:
        rows.append(("real test split", rt["overall"], rt["ablation"], rt["reliability"]["ece"]))
    if rc and "metrics" in rc.get("full", {}):
        rows.append(
            (
                "34 outside cases (title + text)",
                rc["full"]["metrics"],
                rc["full"]["ablation"],
                rc["full"]["ece"],
            )
        )
    return rows


def _accuracy_table(
    rows: Table, rt: dict[str, Any] | None, dev_rows: list[tuple[str, dict[str, Any]]] | None = None
) -> list[str]:
    lines = ["| set | n | top-1 | top-1 (label or alts) | top-3 | ECE |", "|---|---|---|---|---|---|"]
    lines += [
        f"| {name} | {m['n']} | {_ci(m, 'top1')} | {_ci(m, 'top1_alt')} | {_ci(m, 'top3')} | {ece} |"
        for name, m, _, ece in rows
    ]
    if rt and rt.get("baseline_tfidf_linear"):
        m = rt["baseline_tfidf_linear"]
        lines.append(
            f"| real test, baseline: TF-IDF (jieba words + chars) logistic regression, same train data | "
            f"{m['n']} | {_ci(m, 'top1')} | {_ci(m, 'top1_alt')} | {_ci(m, 'top3')} | - |"
        )
    for name, m in dev_rows or []:
        lines.append(
            f"| {name} | {m['n']} | {_ci(m, 'top1')} | {_ci(m, 'top1_alt')} | {_ci(m, 'top3')} | - |"
        )
    lines += [
        "",
        "Ablation (same texts; alpha = embedding share of the score):",
        "",
        "| set | component | alpha | top-1 | top-1 (label or alts) | top-3 |",
        "|---|---|---|---|---|---|",
    ]
    for name, _, ab, _ in rows:
        lines += [
            f"| {name} | {comp} | {m['alpha']:.2f} | {_ci(m, 'top1')} | {_ci(m, 'top1_alt')} | {_ci(m, 'top3')} |"
            for comp, m in ab.items()
        ]
    return lines


def _kind_lines(rt: dict[str, Any]) -> list[str]:
    kinds = rt.get("by_kind") or {}
    if not kinds:
        return []
    names = {"single": "one scenario", "hard": "marked hard (several scenarios, or ambiguous)"}
    return [
        "",
        "By kind of narrative on the real test split (the blind second labeller's agreement on each kind is in",
        "`corpora/real/README.md`):",
        "",
        "| narratives | n | top-1 | top-1 (label or alts) | top-3 |",
        "|---|---|---|---|---|",
        *(
            f"| {names[k]} | {m['n']} | {_ci(m, 'top1')} | {_ci(m, 'top1_alt')} | {_ci(m, 'top3')} |"
            for k, m in kinds.items()
        ),
    ]


def _real_test_details(rt: dict[str, Any]) -> list[str]:
    lines = [
        *_kind_lines(rt),
        "",
        "Per-scenario recall (top-1) on the real test split:",
        "",
        "| id | scenario | n | recall |",
        "|---|---|---|---|",
    ]
    lines += [f"| {g} | {m['name']} | {m['n']} | {m['recall']:.2f} |" for g, m in rt["per_scenario"].items()]
    e25 = rt.get("edition_2025")
    if e25:
        o = e25["only_2025"]
        lines += [
            "",
            (
                f"2025 edition on the real test split (`label_2025`): n={e25['n']}, top-1 {_ci(e25, 'top1')}, "
                f"top-3 {_ci(e25, 'top3')}; items with no 2022 counterpart (02/30/35): {o['top1']} of {o['n']} "
                f"at top-1, {o['top3']} of {o['n']} in top-3."
            ),
        ]
    lines += [
        f"'Nothing fits' on real test narratives: {rt['none_fits']} of {rt['overall']['n']}.",
        "",
        (
            "Known composed-corpus artefacts on the real test split (attractors, and scenarios once never "
            "predicted at rank 1): gold count / predicted at rank 1:"
        ),
        "",
        "| id | scenario | gold | predicted |",
        "|---|---|---|---|",
    ]
    gold_n = {g: m["n"] for g, m in rt["per_scenario"].items()}
    lines += [
        f"| {g} | {n} | {gold_n.get(g, 0)} | {rt['predicted_at_rank1'].get(g, 0)} |"
        for g, n in ARTEFACT_IDS.items()
    ]
    return lines


def real_tables(ev: dict[str, Any]) -> list[str]:
    """Markdown tables: real test split and outside cases (with 95% Wilson intervals), ablation, recall."""
    rows = _real_rows(ev)
    if not rows:
        return []
    rt, rd = ev.get("real_test"), ev.get("real_dev")
    dev_rows = (
        [
            ("real dev split (tuned on): this model", rd["model"]),
            ("real dev split: TF-IDF baseline", rd["baseline_tfidf_linear"]),
        ]
        if rd
        else None
    )
    return _accuracy_table(rows, rt, dev_rows) + (_real_test_details(rt) if rt else [])


def _baseline_note(ev: dict[str, Any]) -> list[str]:
    """The shipped model against the plain TF-IDF baseline on the dev split (tuned on) and the test split."""
    rt = ev.get("real_test") or {}
    rd = ev.get("real_dev") or {}
    sets = (
        ("dev", rd.get("model"), rd.get("baseline_tfidf_linear")),
        ("test", rt.get("overall"), rt.get("baseline_tfidf_linear")),
    )
    pairs = [(name, m, b) for name, m, b in sets if m and b]
    if not pairs:
        return []
    parts = [
        f"{name} (n={m['n']}, one text = {1 / max(1, m['n']):.3f}): top-1 {m['top1']:.3f} vs {b['top1']:.3f}, "
        f"with alternatives {m['top1_alt']:.3f} vs {b['top1_alt']:.3f}, top-3 {m['top3']:.3f} vs {b['top3']:.3f}"
        for name, m, b in pairs
    ]
    return [
        "Model vs the TF-IDF logistic-regression baseline trained on the same data (jieba + scikit-learn, not "
        "usable at inference), real splits: " + "; ".join(parts) + ".",
        "",
    ]


def targets_note(ev: dict[str, Any]) -> list[str]:
    """Which expert-level targets the real test split reaches, and whether the embeddings add anything."""
    rt = ev.get("real_test")
    if not rt:
        return []
    o = rt["overall"]
    missed = [f"{k} {o[k]:.3f} < {v}" for k, v in TARGETS.items() if o[k] < v]
    ece, chance = rt["reliability"]["ece"], rt["reliability"].get("ece_if_calibrated")
    if ece > 0.05:
        missed.append(
            f"ECE {ece} > 0.05"
            + (
                f" (a perfectly calibrated model would show about {chance} on {o['n']} texts by chance alone)"
                if chance is not None
                else ""
            )
        )
    ab = rt["ablation"]
    gain = {k: round(ab["combined"][k] - ab["lexical"][k], 4) for k in ("top1", "top1_alt", "top3")}
    verdict = (
        "The embeddings add to the lexical head on real text: "
        if any(v > 0 for v in gain.values()) and all(v >= 0 for v in gain.values())
        else "Plainly: on real text the embeddings do NOT add to the lexical head in this run (differences within "
        "the intervals): "
    )
    lines = _baseline_note(ev)
    return lines + [
        (
            "Targets on the real test split (top-1 >= 0.86, top-1 with alternatives >= 0.97, top-3 >= 0.97, "
            "ECE <= 0.05): " + ("all reached." if not missed else "NOT reached: " + "; ".join(missed) + ".")
        ),
        "",
        verdict
        + f"combined minus lexical alone = {gain} (alpha {ab['combined']['alpha']}, the shipped embedding "
        f"share); embeddings alone: top-1 {ab['embeddings']['top1']:.3f}, top-3 {ab['embeddings']['top3']:.3f}.",
    ]


def _head_lines(folder: Path, meta: dict[str, Any]) -> list[str]:
    return [
        "---",
        "library_name: sentence-transformers",
        "language: zh",
        "tags: [sentence-transformers, static-embeddings]",
        "---",
        "",
        f"# {folder.name}: static Chinese embeddings + scenario classifier head",
        "",
        "Trained from scratch on two genres: the application-genre corpus (`corpora/narratives/corpus.jsonl`, composed",
        "by `scripts/compose_corpus.py` from hand-written fragments) and the train split of the real-genre corpus",
        "(`corpora/real/`, public case narratives about named enterprises re-written in our own words, split by",
        f"enterprise), to classify smart-manufacturing scenario narratives against the {meta['edition']} reference guide",
        (
            f"({len(meta['labels'])} model labels: the guide's items plus the 2025 items with no {meta['edition']} counterpart,"
            " served when the 2025 edition is chosen). No pretrained weights."
        ),
        "",
        "## Files",
        "- `modules.json`, `model.safetensors`, `tokenizer.json`: a sentence-transformers folder with one",
        "  `StaticEmbedding` module (mean of token vectors); `SentenceTransformer(path)` loads it. The tool runs it",
        "  with numpy + `tokenizers` (scenarioreview.classify.embedder.StaticEmbedder), giving the same vectors",
        "  without torch.",
        "- `scenario_head.npz` / `.json`: label centroids, TF-IDF idf + logistic-regression weights over the same",
        "  tokens and hashed character n-grams, mixing weight `alpha`, softmax `temperature` and the none-fits",
        "  thresholds (all fitted on train/dev).",
        "- `domain_dict.txt`: the jieba user dictionary this training run derived (guide terms, system names,",
        "  frequent word pairs of the train split); used to build the tokenizer, not read at inference.",
        "- `eval.json`: the figures below, written by `python -m scenarioreview.evaluate`.",
        "",
    ]


def _training_lines(meta: dict[str, Any]) -> list[str]:
    info = meta.get("info", {})
    dev = info.get("dev", {})
    return [
        "## Training (reproduce: `python -m scenarioreview.train` then `python -m scenarioreview.evaluate`;",
        "code in `scenarioreview.training`)",
        "- tokenizer: WordPiece, empty continuation prefix (forward maximum matching) over jieba words of the train",
        f"  split + `domain_dict.txt` + GB2312 characters; vocabulary {info.get('vocab_size')}",
        (
            f"- embedding dim {info.get('dim')}, {info.get('epochs')} epochs, seed {info.get('seed')}, in-batch negatives"
            f" (one example per label per batch), Adam; {info.get('train_records')} train records; "
            f"{info.get('train_seconds')} s on 2 CPU cores"
        ),
        (
            f"- head: alpha={meta['alpha']} (embedding share, {_alpha_source(dev)}), "
            f"temperature={meta['temperature']:.4f} (fitted on the real dev split), "
            f"cos_threshold={meta['cos_threshold']:.3f}, word_threshold={meta.get('word_threshold', 0):.3f}, "
            f"prob_threshold={meta['prob_threshold']}"
        ),
        (
            f"- real-genre records: {info.get('real_train_records')} train (weight {info.get('real_weight')} each), "
            f"{info.get('real_dev_records')} dev; the 2025-only labels' probability is dropped and the rest renormalised "
            "when another edition is asked for"
        ),
        (
            f"- lexical head: a real text's alternative scenarios at {info.get('alt_weight')} of its weight, a 2025-only "
            f"item beside a 2022 label at {info.get('edition_weight')}; embeddings: real narratives as positives with "
            f"probability {info.get('real_share')}; C={info.get('C')}"
            + (
                "; sample weights scaled so that every label carries the same total"
                if info.get("balanced")
                else ""
            )
        ),
        (
            f"- dev (top-1 + top-3/2) by alpha: {dev.get('score_by_alpha')}; dev top-1/top-3 lexical "
            f"{dev.get('top1_top3_lexical')}, embeddings {dev.get('top1_top3_embeddings')}, "
            f"combined {dev.get('top1_top3_combined')}"
        ),
        "",
    ]


def _composed_lines(t: dict[str, Any]) -> list[str]:
    lines = [
        "## Composed test split (never used for training or tuning)",
        "",
        "| method | n | top-1 | top-3 | long-text top-1 |",
        "|---|---|---|---|---|",
    ]
    rows = [("this model", t["overall"], t["long"])] + [
        (k, v["overall"], v["long"]) for k, v in t["baselines"].items()
    ]
    lines += [
        f"| {n} | {o['n']} | {o['top1']:.3f} | {o['top3']:.3f} | {lg['top1']:.3f} |" for n, o, lg in rows
    ]
    kinds = ("narrative", "hard", "excerpt", "title", "one_liner")
    return lines + [
        "",
        "By input kind: "
        + "; ".join(
            f"{k}: top-1 {t['kind_' + k]['top1']:.3f} / top-3 {t['kind_' + k]['top3']:.3f} (n={t['kind_' + k]['n']})"
            for k in kinds
        ),
        (
            f"Hard cases, secondary label in top-3: {t['hard_secondary_in_top3']:.3f}. ECE {t['reliability']['ece']}. "
            f"Non-manufacturing texts flagged none-fits: {t.get('ood_detected')}."
        ),
        "",
    ]


def _outside_lines(rc: dict[str, Any]) -> list[str]:
    lines = [
        f"## Real public cases (`corpora/real-cases/`, {rc['n_mapped']} of {rc['n_cases']} labels mapped)",
        "",
        "| input | model top-1 | model top-3 | top-1 in alt_labels | tfidf_guide top-1/3 | tfidf_linear top-1/3 |",
        "|---|---|---|---|---|---|",
    ]
    for variant in ("full", "title_only"):
        v = rc[variant]
        lines.append(
            f"| {variant} | {v['model']['top1']:.3f} | {v['model']['top3']:.3f} | "
            f"{v['model']['top1_in_alt_labels']} | {v['tfidf_guide']['top1']:.3f}/{v['tfidf_guide']['top3']:.3f}"
            f" | {v['tfidf_linear']['top1']:.3f}/{v['tfidf_linear']['top3']:.3f} |"
        )
    return lines + [
        "",
        "Real cases are short journalistic texts; the gap to the test split measures how far the",
        "composed corpus is from real writing. They were not used for training or tuning.",
        "",
    ]


def _alpha_source(dev: dict[str, Any]) -> str:
    if dev.get("alpha_from") == "given":
        return (
            "given to training, from the cross-validation over real train+dev below and the design's call for "
            "embeddings in the score; the dev split's own choice is listed"
        )
    return "chosen on the real dev split"


def _tried_lines(folder: Path) -> list[str]:
    """Variants measured on the real DEV split while choosing the settings (dev_experiments.json, if present)."""
    path = folder / "dev_experiments.json"
    if not path.is_file():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    lines = [
        "## Variants tried on the real dev split",
        "",
        str(data.get("note", "")),
        "",
        "| variant | dev top-1 | top-1 (label or alts) | top-3 | ECE | lexical / embeddings / combined top-1 |",
        "|---|---|---|---|---|---|",
    ]
    for v in data.get("variants", []):
        lines.append(
            f"| {v['variant']} | {v['top1']:.3f} | {v['top1_alt']:.3f} | {v['top3']:.3f} | {v['ece']:.3f} | "
            f"{v['lexical']:.3f} / {v['embeddings']:.3f} / {v['combined']:.3f} |"
        )
    return [
        *lines,
        "",
        *_cross_validation_lines(data.get("cross_validation")),
        *_seed_lines(data.get("seed_spread")),
        *[line for table in data.get("tables", []) for line in _table_lines(table)],
    ]


def _table_lines(table: dict[str, Any]) -> list[str]:
    """A further measured table of dev_experiments.json: {"title", "note", "columns", "rows"}."""
    columns: list[str] = table["columns"]
    return [
        f"### {table['title']}",
        "",
        str(table.get("note", "")),
        "",
        "| " + " | ".join(columns) + " |",
        "|" + "---|" * len(columns),
        *("| " + " | ".join(str(cell) for cell in row) + " |" for row in table["rows"]),
        "",
    ]


def _seed_lines(spread: dict[str, Any] | None) -> list[str]:
    """The same settings retrained with other seeds (measured after the choice, to show run-to-run spread)."""
    if not spread:
        return []
    lines = [
        "### Run-to-run spread over embedding seeds",
        "",
        str(spread.get("note", "")),
        "",
        "| seed | top-1 | top-1 (label or alts) | top-3 | ECE | lexical / embeddings top-1 |",
        "|---|---|---|---|---|---|",
    ]
    for r in spread["rows"]:
        lines.append(
            f"| {r['seed']} | {r['top1']:.3f} | {r['top1_alt']:.3f} | {r['top3']:.3f} | {r['ece']:.3f} | "
            f"{r['lexical']:.3f} / {r['embeddings']:.3f} |"
        )
    return [*lines, ""]


def _cross_validation_lines(cv: dict[str, Any] | None) -> list[str]:
    """The cross-validated comparison of embedding settings (scripts/cross_validate_embeddings.py), if run."""
    if not cv:
        return []
    results: dict[str, dict[str, list[float]]] = cv["results"]
    keys = list(next(iter(results.values())))
    lines = [
        "### Embedding settings by cross-validation over real train+dev",
        "",
        str(cv.get("note", "")),
        "",
        "| variant | " + " | ".join(keys) + " |",
        "|---|" + "---|" * len(keys),
    ]
    for name, row in results.items():
        lines.append(f"| {name} | " + " | ".join(f"{row[k][0]:.3f} / {row[k][1]:.3f}" for k in keys) + " |")
    return [*lines, ""]


def _limits_lines(meta: dict[str, Any], ev: dict[str, Any] | None) -> list[str]:
    info = meta.get("info", {})
    dev = info.get("dev", {})
    test = (ev or {}).get("real_test", {})
    n_real = (
        (info.get("real_train_records") or 0)
        + (info.get("real_dev_records") or 0)
        + (test.get("records") or test.get("overall", {}).get("n") or 0)
    )
    fitted = "Temperature and none-fits thresholds are" if dev.get("alpha_from") == "given" else ""
    fitted = fitted or "Mixing weight, temperature and none-fits thresholds are"
    per = n_real / max(1, len(meta.get("labels", [])))
    return [
        "## Limits",
        "- Labels are the provisional 2022 reconstruction (36 of ~45 official items); other editions",
        "  are served by mapping names/aliases/crosswalk onto these labels.",
        (
            f"- {fitted} fitted on the {dev.get('tuned_on')}"
            f" split ({dev.get('n')} texts); with a dev split this small the fit is coarse."
        ),
        f"- The real-genre corpus is small ({n_real} records, about {per:.0f} per scenario); intervals above are wide.",
        "- The plain TF-IDF logistic-regression baseline (jieba + scikit-learn, trained on the same data) is shown",
        "  beside the model; the shipped model needs neither at inference.",
        "",
    ]


def write_card(folder: Path, ev: dict[str, Any] | None = None) -> None:
    """The model card (README.md): data, settings and the measured dev/test/real-case figures."""
    meta = json.loads((folder / "scenario_head.json").read_text(encoding="utf-8"))
    lines = _head_lines(folder, meta) + _training_lines(meta)
    if ev and real_tables(ev):
        lines += [
            "## Real-genre text (`corpora/real/` test split, never trained or tuned on; outside cases)",
            "",
        ]
        lines += real_tables(ev) + [""] + targets_note(ev) + [""]
    if ev:
        lines += _composed_lines(ev["test"])
        if ev.get("real_cases"):
            lines += _outside_lines(ev["real_cases"])
    lines += _tried_lines(folder) + _limits_lines(meta, ev)
    (folder / "README.md").write_text("\n".join(lines), encoding="utf-8")
