"""The committed training corpora are what their scripts make: the composed application-genre corpus equals the
composition of the committed fragments, and the real-genre corpus is split by enterprise."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NARRATIVES = ROOT / "corpora" / "narratives"
REAL = ROOT / "corpora" / "real"


def test_committed_narratives_equal_the_composition_of_the_fragments(tmp_path: Path) -> None:
    out = tmp_path / "corpus.jsonl"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "compose_corpus.py"), "--out", str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    committed = (NARRATIVES / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    composed = out.read_text(encoding="utf-8").splitlines()
    differing = [json.loads(a)["id"] for a, b in zip(committed, composed) if a != b]
    assert len(committed) == len(composed) and not differing, (
        f"{len(differing)} records differ (first {differing[:5]}): re-run scripts/compose_corpus.py"
    )
    assert (tmp_path / "split.json").read_text(encoding="utf-8") == (NARRATIVES / "split.json").read_text(
        encoding="utf-8"
    )


def _real() -> list[dict]:
    return [
        json.loads(x) for x in (REAL / "corpus.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()
    ]


def _builder():  # type: ignore[no-untyped-def]
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_real_corpus", ROOT / "scripts" / "build_real_corpus.py"
    )
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def test_real_corpus_is_split_by_enterprise() -> None:
    b = _builder()
    recs = _real()
    split = json.loads((REAL / "split.json").read_text(encoding="utf-8"))
    where: dict[str, set[str]] = {}
    for r in recs:
        where.setdefault(b.enterprise_key(r["enterprise"]), set()).add(r["split"])
    assert not {k: v for k, v in where.items() if len(v) > 1}
    assert {r["id"] for r in recs} == {i for s in ("train", "dev", "test") for i in split[s]}
    assert all(r["id"] in split[r["split"]] for r in recs)
    assert not set(split["train"]) & set(split["test"]) and not set(split["dev"]) & set(split["test"])
    sizes = {s: len(split[s]) for s in ("train", "dev", "test")}
    assert sizes["train"] > sizes["dev"] > 0 and sizes["test"] > 0, sizes


def test_enterprise_key_merges_plants_and_legal_forms() -> None:
    b = _builder()
    assert b.enterprise_key("上汽大通汽车有限公司（无锡工厂）") == b.enterprise_key("上汽大通汽车有限公司")
    assert b.enterprise_key("海尔集团公司") == b.enterprise_key("海尔集团") == b.enterprise_key("海尔")
    assert b.enterprise_key("美的集团") != b.enterprise_key("海尔集团")


def test_real_corpus_records_are_valid_and_keep_out_the_outside_cases() -> None:
    from scenarioreview.guide import load_guide

    b = _builder()
    ids22 = {it.id for it in load_guide("2022").items}
    recs = _real()
    assert len({r["id"] for r in recs}) == len(recs)
    for r in recs:
        assert 150 <= len(b.norm_text(r["text"])) <= 1500 and r["source_url"] and r["enterprise"]
        assert r["label_id"] in ids22 or (r["label_id"] is None and r["label_2025"] in b.ONLY_2025)
        assert set(r["alt_label_ids"]) <= ids22 and len(r["alt_label_ids"]) <= 2
    outside = [
        b.shingles(json.loads(x)["text"])
        for x in (ROOT / "corpora/real-cases/real-cases-dev.jsonl").read_text(encoding="utf-8").splitlines()
        if x.strip()
    ]
    close = [r["id"] for r in recs if any(b.jaccard(b.shingles(r["text"]), o) >= 0.3 for o in outside)]
    assert not close


def test_builder_drops_near_duplicates_and_bad_records(tmp_path: Path) -> None:
    b = _builder()
    base = {
        "enterprise": "示例机械股份有限公司",
        "year": 2023,
        "industry": "通用设备制造业",
        "source_url": "https://example.org/a",
        "source_title": "t",
        "label_id": "14",
        "alt_label_ids": ["15"],
        "label_2025": "12",
        "hard": False,
        "label_note": "",
    }
    text = (
        "该公司在总装车间旁新建一座十二层自动化立体仓库，配置六台堆垛机与环形穿梭车，仓储管理系统与企业资源计划"
        "系统打通，物料入库自动赋码、按批次先进先出。项目投用后库容提升约两倍，拣选差错率降到万分之三以下，"
        "原先依靠叉车和纸质单据的出入库作业全部改为系统派单，仓库人员由四十人减到十二人。"
    ) * 2
    rows = [
        dict(base, id="x-1", text=text),
        dict(base, id="x-2", text=text.replace("十二人", "十一人")),
        dict(base, id="x-3", text=text[:100]),
        dict(base, id="x-4", text=text, label_id="99"),
    ]
    (tmp_path / "a.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n{broken", encoding="utf-8"
    )
    stats = b.build(tmp_path, tmp_path / "out", b.SEED)
    assert stats["kept"] == 1 and stats["dropped"] == {"near-duplicate text": 1}
    assert sum(stats["rejected"].values()) == 2
    again = b.build(tmp_path, tmp_path / "out2", b.SEED)
    assert (tmp_path / "out" / "corpus.jsonl").read_text(encoding="utf-8") == (
        tmp_path / "out2" / "corpus.jsonl"
    ).read_text(encoding="utf-8") and again == stats


def test_splits_are_sticky_when_the_corpus_grows(tmp_path: Path) -> None:
    """An enterprise keeps its split when records are added; only new enterprises are dealt out."""
    b = _builder()
    recs = [r for r in _real() if r.get("label_id")]
    first = {b.enterprise_key(r["enterprise"]) for r in recs[:60]}
    old = [r for r in recs if b.enterprise_key(r["enterprise"]) in first]
    new = [r for r in recs if b.enterprise_key(r["enterprise"]) not in first]
    staging, out = tmp_path / "staging", tmp_path / "out"
    staging.mkdir()

    def stage(rows: list[dict]) -> None:  # type: ignore[type-arg]
        (staging / "a.jsonl").write_text(
            "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8"
        )

    def where() -> dict[str, str]:
        data = json.loads((out / "split.json").read_text(encoding="utf-8"))
        return {k: s for s in ("train", "dev", "test") for k in data["enterprises"][s]}

    stage(old)
    b.build(staging, out, b.SEED)
    before = where()
    assert set(before) == first and len(set(before.values())) == 3
    stage(old + new)
    b.build(staging, out, b.SEED)
    after = where()
    assert {k: after[k] for k in before} == before and set(after) > set(before)
    resplit = b.build(staging, tmp_path / "fresh", b.SEED, sticky=False)  # no split.json there: dealt afresh
    assert resplit["kept"] == len(old) + len(new)


def test_adjudication_settles_a_disagreement_and_keeps_both_passes(tmp_path: Path) -> None:
    """A record whose blind label differs from the writer's takes the adjudicated label; the writer's label and
    the decision stay on the record; a record the passes agreed on is left alone even if a decision names it."""
    b = _builder()
    recs = [r for r in _real() if r.get("label_id")][:2]
    staged = [
        dict(recs[0], id="s-1", label_id="07", alt_label_ids=["06"], label_blind="06"),
        dict(recs[1], id="s-2", label_id="14", alt_label_ids=[], label_blind="14"),
    ]
    staging, out, ids = _stage(b, staged, tmp_path)
    (out / b.ADJUDICATION).write_text(
        "\n".join(
            json.dumps({"id": i, "final": "06", "final_alts": ["07"], "chose": "B", "reason": "计划层面"})
            for i in ids
        )
        + "\n",
        encoding="utf-8",
    )
    stats = b.build(staging, out, b.SEED)
    got = {
        r["id"]: r for r in (json.loads(x) for x in (out / "corpus.jsonl").read_text("utf-8").splitlines())
    }
    settled, agreed = got[ids[0]], got[ids[1]]
    assert (settled["label_id"], settled["alt_label_ids"], settled["label_reference"]) == ("06", ["07"], "07")
    assert settled["label_resolution"]["chose"] == "B" and settled["label"] == "生产计划优化"
    assert agreed["label_id"] == "14" and "label_reference" not in agreed
    assert stats["resolved"] == {"B": 1}
    assert "1 B" in (out / "README.md").read_text(encoding="utf-8")
    (out / b.ADJUDICATION).write_text(json.dumps({"id": ids[0], "final": "99"}) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"final label '99' not in the 2022 guide"):
        b.build(staging, out, b.SEED)  # a decision naming no guide item stops the build, naming the record


def test_blind_agreement_is_given_apart_for_single_and_hard_narratives() -> None:
    """The writer's main label (before adjudication) against the blind one, with and without the writer's
    alternatives, per kind of narrative."""
    b = _builder()
    recs = [
        {"id": "a", "label_id": "07", "alt_label_ids": ["06"], "label_blind": "07", "hard": False},
        {"id": "b", "label_id": "14", "alt_label_ids": [], "label_blind": "15", "hard": False},
        {"id": "c", "label_id": "23", "alt_label_ids": ["24"], "label_blind": "24", "hard": True},
        # adjudicated to the blind label: agreement is measured on the writer's label that was kept aside
        {
            "id": "d",
            "label_id": "06",
            "label_reference": "07",
            "alt_reference": [],
            "alt_label_ids": [],
            "label_blind": "06",
            "hard": True,
        },
    ]
    assert b.agreement(recs) == (1, 2)
    text = b.agreement_by_kind(recs)
    assert text == "one scenario 2 records, 50.0% / 50.0%; marked hard 2 records, 0.0% / 50.0%"


def _stage(b, staged: list[dict], tmp_path: Path) -> tuple[Path, Path, list[str]]:  # type: ignore[no-untyped-def]
    """One staging file of ``staged`` records, an empty output folder, and the corpus ids the build will give."""
    staging, out = tmp_path / "staging", tmp_path / "out"
    staging.mkdir()
    (staging / "a.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in staged) + "\n", encoding="utf-8"
    )
    out.mkdir()
    return staging, out, [b.stable_id(b.validate(r, *_guides())[0]) for r in staged]


def _guides():  # type: ignore[no-untyped-def]
    from scenarioreview.guide import load_guide

    return load_guide("2022"), load_guide("2025")


def test_adjudication_can_settle_on_a_2025_only_item_either_way(tmp_path: Path) -> None:
    """The blind pass may name a 2025-only item (label_2025_blind) where the writer gave a 2022 label, and the
    other way round; the decision "2025-30" leaves no 2022 label, a 2022 decision clears the 2025-only one."""
    b = _builder()
    recs = [r for r in _real() if r.get("label_id")][2:4]
    staged = [
        dict(
            recs[0],
            id="s-1",
            label_id="13",
            alt_label_ids=[],
            label_2025=None,
            label_blind=None,
            label_2025_blind="30",
        ),
        dict(recs[1], id="s-2", label_id=None, alt_label_ids=["21"], label_2025="02", label_blind="21"),
    ]
    staging, out, ids = _stage(b, staged, tmp_path)
    decisions = [
        {"id": ids[0], "final": "2025-30", "final_alts": ["13"], "chose": "B", "reason": "经营决策"},
        {"id": ids[1], "final": "21", "final_alts": [], "chose": "B", "reason": "安全监测为主"},
    ]
    (out / b.ADJUDICATION).write_text(
        "\n".join(json.dumps(d, ensure_ascii=False) for d in decisions) + "\n", encoding="utf-8"
    )
    stats = b.build(staging, out, b.SEED)
    got = {
        r["id"]: r for r in (json.loads(x) for x in (out / "corpus.jsonl").read_text("utf-8").splitlines())
    }
    to25, to22 = got[ids[0]], got[ids[1]]
    assert (to25["label_id"], to25["label_2025"], to25["label_reference"]) == (None, "30", "13")
    assert to25["alt_label_ids"] == ["13"] and to25["label_2025_blind"] == "30"
    assert (to22["label_id"], to22["label"], to22["label_2025"]) == ("21", "安全风险实时监测与应急处置", None)
    assert to22["label_2025_reference"] == "02" and to22["label_reference"] is None
    assert stats["resolved"] == {"B": 2}
    assert "Blind second labelling: 2 records; main label agrees on 0" in (out / "README.md").read_text(
        "utf-8"
    )
