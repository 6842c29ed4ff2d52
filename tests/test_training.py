"""The training package's pieces on their own: features, accuracy figures, data loading, the model card."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from scenarioreview.classify.features import char_ngram_ids, joint_row
from scenarioreview.guide import load_guide

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "sr-static-zh"
TEXT = "项目新建自动化立体仓库，上线WMS，库存准确率由96%提升到99.9%。"


def test_char_ngrams_are_stable_hashed_ids_after_the_vocabulary() -> None:
    ids = char_ngram_ids(TEXT, 1000, 4096)
    assert len(ids) == 3 * len(TEXT) - 3  # unigrams, bigrams and trigrams
    assert ids.min() >= 1000 and ids.max() < 1000 + 4096
    assert np.array_equal(ids, char_ngram_ids(TEXT, 1000, 4096))
    assert np.array_equal(
        char_ngram_ids("“立体仓库”", 0, 4096), char_ngram_ids("立体仓库", 0, 4096)
    )  # quotes dropped
    assert len(char_ngram_ids(TEXT, 0, 0)) == 0


def test_joint_row_weighs_tokens_and_characters_equally() -> None:
    idf = np.ones(1000 + 4096, dtype=np.float32)
    idx, w = joint_row([5, 6, 6, 7], TEXT, idf, 1000, 4096)
    tok, chars = w[idx < 1000], w[idx >= 1000]
    assert np.isclose(np.linalg.norm(tok), np.sqrt(0.5)) and np.isclose(np.linalg.norm(chars), np.sqrt(0.5))
    assert (
        w[list(idx).index(6)] > w[list(idx).index(5)]
    )  # sublinear term frequency: a repeated token weighs more


def test_wilson_interval_and_reliability() -> None:
    from scenarioreview.training.accuracy import real_metrics, reliability, wilson

    lo, hi = wilson(8, 10)
    assert 0.49 < lo < 0.5 and 0.94 < hi < 0.95  # the textbook 95% interval of 8/10
    assert wilson(0, 0) == (0.0, 0.0)
    calibrated = reliability([0.75] * 4, [True, True, True, False])
    assert 0 < calibrated["ece_if_calibrated"] < 0.5  # four texts: chance alone gives a large ECE
    assert calibrated["ece"] == 0.0
    over = reliability([0.95] * 4, [True, False, True, False])
    assert over["ece"] == pytest.approx(0.45) and over["bins"][0]["accuracy"] == 0.5
    m = real_metrics([["14", "15", "13"], ["15", "14", "13"]], ["14", "14"], [set(), {"15"}])
    assert (m["top1"], m["top1_alt"], m["top3"]) == (0.5, 1.0, 1.0)


def test_alternative_labels_add_weighted_copies_for_the_lexical_head_only() -> None:
    from scenarioreview.training.corpus import default_corpus, default_real_corpus
    from scenarioreview.training.train import load_data

    g = load_guide("2022")
    plain = load_data(default_corpus(), default_real_corpus(), g, real_weight=4.0)
    alt = load_data(default_corpus(), default_real_corpus(), g, real_weight=4.0, alt_weight=0.25)
    copies = [r for r in alt.train if r.get("alt")]
    real = [r for r in plain.train if r["id"].startswith("real-")]
    assert len(copies) == sum(len([a for a in r["alt_label_ids"] if a in plain.labels]) for r in real) > 0
    assert all(c["weight"] == 1.0 and c["model_label"] in c["alt_label_ids"] for c in copies)
    assert (
        alt.real_train == plain.real_train and alt.texts == plain.texts
    )  # tokenizer/embeddings see no copies
    assert not any(r["split"] == "test" for r in alt.train + alt.dev + alt.real_dev)


def test_model_card_carries_the_dev_comparison_and_the_targets(tmp_path: Path) -> None:
    from scenarioreview.training.card import write_card

    shutil.copy(MODEL / "scenario_head.json", tmp_path / "scenario_head.json")
    ev = json.loads((MODEL / "eval.json").read_text(encoding="utf-8"))
    m = {
        "n": 10,
        "top1": 0.9,
        "top1_ci": (0.6, 0.98),
        "top1_alt": 1.0,
        "top1_alt_ci": (0.72, 1.0),
        "top3": 1.0,
        "top3_ci": (0.72, 1.0),
    }
    ev["real_dev"] = {"model": m, "baseline_tfidf_linear": dict(m, top1=0.5, top1_ci=(0.24, 0.76))}
    write_card(tmp_path, ev)
    card = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "| real dev split (tuned on): this model | 10 | 0.900 [0.60, 0.98] |" in card
    assert "| real dev split: TF-IDF baseline | 10 | 0.500 [0.24, 0.76] |" in card
    assert "NOT reached" in card or "all reached" in card


def test_train_balances_labels_by_default_and_can_be_told_not_to() -> None:
    from scenarioreview.training.train import BALANCED, _arg_parser

    assert _arg_parser().parse_args([]).balanced is BALANCED is True
    assert _arg_parser().parse_args(["--no-balanced"]).balanced is False


def test_balanced_weights_give_every_label_the_same_total() -> None:
    from scenarioreview.training.head import balanced_weights

    y = np.array([0, 0, 0, 1, 2, 2])
    w = np.array([1.0, 1.0, 4.0, 4.0, 1.0, 1.0])  # label totals 6, 4, 2
    out = balanced_weights(y, w, 4)  # label 3 has no record: it does not lower the mean
    assert np.allclose(np.bincount(y, weights=out, minlength=4)[:3], [4.0, 4.0, 4.0])
    assert np.allclose(out[:3] / w[:3], out[0] / w[0])  # within a label the proportions stay


def test_real_figures_are_given_apart_for_single_and_hard_narratives() -> None:
    from scenarioreview.training.evaluate import by_kind

    recs = [{"hard": False}, {"hard": False}, {"hard": True}, {}]
    ranked = [["07", "06", "08"], ["14", "15", "32"], ["24", "23", "26"], ["16", "17", "18"]]
    gold, alts = ["07", "15", "23", "16"], [set(), set(), {"24"}, set()]
    kinds = by_kind(recs, ranked, gold, alts)
    assert kinds["single"]["n"] == 3 and kinds["single"]["top1"] == round(2 / 3, 4)
    assert kinds["single"]["top3"] == 1.0
    assert kinds["hard"] == dict(kinds["hard"], n=1, top1=0.0, top1_alt=1.0, top3=1.0)


def test_model_card_renders_the_further_measured_tables(tmp_path: Path) -> None:
    """A table in dev_experiments.json (e.g. the learning curve) reaches the card with its note and every row."""
    from scenarioreview.training.card import write_card

    shutil.copy(MODEL / "scenario_head.json", tmp_path / "scenario_head.json")
    table = {
        "title": "Learning curve over real train data",
        "note": "measured by scripts/cross_validate_heads.py --curve",
        "columns": ["share", "texts", "top-1"],
        "rows": [["0.25", 100, "0.700"], ["1.00", 400, "0.750"]],
    }
    (tmp_path / "dev_experiments.json").write_text(json.dumps({"tables": [table]}), encoding="utf-8")
    write_card(tmp_path)
    card = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "### Learning curve over real train data" in card
    assert "| share | texts | top-1 |\n|---|---|---|\n| 0.25 | 100 | 0.700 |\n| 1.00 | 400 | 0.750 |" in card
    assert "measured by scripts/cross_validate_heads.py --curve" in card


def test_missing_or_broken_corpus_is_a_chinese_error_naming_the_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from scenarioreview.cli import main
    from scenarioreview.errors import ConfigError
    from scenarioreview.training.corpus import read_corpus

    with pytest.raises(ConfigError, match="无法读取语料"):
        read_corpus(tmp_path / "nope.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "a"}\n{broken\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.jsonl"):
        read_corpus(bad)
    r = CliRunner().invoke(main, ["train", "--corpus", str(bad), "--out", str(tmp_path / "m")])
    assert r.exit_code != 0 and "bad.jsonl" in r.output and "Traceback" not in r.output, r.output
    assert not (tmp_path / "m").exists()


def test_a_2025_only_item_beside_a_2022_label_becomes_an_extra_label() -> None:
    from scenarioreview.training.train import alternative_copies

    labels = ["28", "29", "2025:35"]
    rec = {
        "id": "real-x",
        "text": "t",
        "model_label": "29",
        "alt_label_ids": ["28", "99"],
        "label_2025": "35",
        "weight": 4.0,
    }
    out = alternative_copies([rec], labels, alt_weight=1.2, edition_weight=2.0)
    assert sorted((r["model_label"], r["weight"]) for r in out) == [("2025:35", 2.0), ("28", 1.2)]
    assert all(r["alt"] for r in out)
    assert alternative_copies([rec], labels, alt_weight=0.0, edition_weight=0.0) == []
    own = dict(rec, model_label="2025:35", alt_label_ids=[])  # the 2025 item is already its main label
    assert alternative_copies([own], labels, alt_weight=1.0, edition_weight=1.0) == []


def test_a_given_embedding_share_is_kept_and_dev_fits_the_rest() -> None:
    """--alpha 0.7 ships alpha 0.7 (the dev split still fits temperature and thresholds); --alpha dev chooses
    on the dev split; a share outside 0..1 is refused in Chinese."""
    import argparse

    from scenarioreview.classify.embedder import StaticEmbedder
    from scenarioreview.training.corpus import default_corpus, default_model, default_real_corpus
    from scenarioreview.training.head import fit_head
    from scenarioreview.training.train import _alpha, load_data

    assert _alpha("dev") is None and _alpha("0.3") == 0.3
    for bad in ("1.5", "半"):
        with pytest.raises(argparse.ArgumentTypeError, match="0 与 1 之间"):
            _alpha(bad)
    g = load_guide("2022")
    data = load_data(default_corpus(), default_real_corpus(), g, limit_per_label=3)
    emb = StaticEmbedder(default_model())
    args = (emb, g, data.train, data.dev, data.labels)
    given, info = fit_head(*args, C=5.0, char_buckets=1 << 12, real_dev=data.real_dev, alpha=0.7)
    assert given.alpha == 0.7 and info["dev"]["alpha_from"] == "given" and given.temperature > 0
    chosen, info = fit_head(*args, C=5.0, char_buckets=1 << 12, real_dev=data.real_dev)
    assert info["dev"]["alpha_from"] == "dev" and chosen.alpha == info["dev"]["alpha"]
    assert 0.0 <= chosen.alpha <= 1.0
    balanced, _ = fit_head(
        *args, C=5.0, char_buckets=1 << 12, real_dev=data.real_dev, alpha=0.7, balanced=True
    )
    assert not np.allclose(balanced.coef, given.coef)  # --balanced reaches the lexical head
    assert np.allclose(balanced.centroids, given.centroids)  # and only the lexical head
