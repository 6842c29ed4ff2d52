"""The ``scenarioreview.review/1`` contract, byte for byte: a small batch reviewed through the CLI must write
exactly the report.json that the code before the typed review level (issue 12, commit a7a36a0) wrote.

This is the contract check, not a parser golden: the expected files in tests/fixtures/review/contract/ were
produced by the PRE-refactor code (scripts/pin_review_contract.py run against a7a36a0's src/) and must stay
byte-identical. Only what legitimately varies per run is normalised: the temporary folder in file paths and
the package version in ``generated_by``. The batch plants a failed file, an over-limit form, an exclude-list
hit, a template cluster, duplicates against an older corpus, a rubric override and an expert-score re-rank.
If a change to the contract is intended (keys are only ever added), regenerate with the script and say so.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from scenarioreview.cli import main

EXPECTED = Path(__file__).parent / "fixtures" / "review" / "contract"
NAMES = ["华晟机械", "鼎力汽配", "远航电子", "宏图家电", "北辰钢铁", "安泰医药"]
TOPICS = ["冲压", "焊装", "涂装", "总装", "机加工", "热处理", "注塑", "电子装联"]


def form(i: int, name: str, extra: str = "") -> str:
    """A plain-text 优秀场景 form. Kept here, not shared: the pinned bytes must not move with other tests."""
    topic = TOPICS[i % len(TOPICS)]
    return (
        f"智能制造优秀场景申报书\n申报单位：{name}\n场景一：{topic}车间智能排产\n对应典型场景：车间智能排产\n"
        f"{name}是一家专注于{topic}工艺的制造企业，围绕{topic}车间的计划协同开展数字化改造，覆盖产线{i + 3}条。\n"
        f"（一）实施方法\n{name}部署了高级计划排程系统，与MES和ERP集成，按交期、换型时间和设备能力生成工序级排程，"
        "插单后十分钟内完成重排。\n"
        "（二）实施要素\n建设5G专网和边缘计算节点，采集两百台设备数据；组建15人的数字化团队，制定排产管理规范。\n"
        f"（三）实施成效\n生产效率提升{20 + i}%，订单交付周期从15天缩短到{12 - i % 5}天，"
        f"设备综合效率（OEE）由68%提高到{75 + i % 10}%，联系电话13812345678。\n" + extra
    )


def _inputs(root: Path) -> Path:
    batch = root / "in"
    batch.mkdir(parents=True)
    for i, n in enumerate(NAMES):
        (batch / f"{i:02d}-{n}.txt").write_text(form(i, n), encoding="utf-8")
    (batch / "99-超长.txt").write_text(
        form(7, "超长科技", "补充说明。" + "数字化车间建设持续推进" * 300 + "\n"), encoding="utf-8"
    )
    (batch / "98-损坏.docx").write_bytes(b"PK\x03\x04 truncated")
    old = root / "old"
    old.mkdir()
    (old / "2021-获奖.txt").write_text(form(2, "远航电子"), encoding="utf-8")
    (root / "excl.txt").write_text("华晟机械\n", encoding="utf-8")
    (root / "rubric.yaml").write_text(
        "weights: {quantified: 25, fit: 5}\nexperts: {weight: 0.4}\n", encoding="utf-8"
    )
    rows = ["申报材料,专家,分数"] + [
        f"05-安泰医药.txt,专家{i},{v}" for i, v in enumerate([95, 97, 99, 96, 40])
    ]
    (root / "experts.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return batch


def _normalised(text: str, root: Path) -> str:
    text = text.replace(json.dumps(str(root), ensure_ascii=False)[1:-1], "<TMP>")
    return re.sub(
        r'"generated_by": "scenarioreview [^"]*"', '"generated_by": "scenarioreview <VERSION>"', text
    )


def build_outputs(root: Path) -> dict[str, str]:
    """report.json after the review and after the expert-score import, normalised (file name -> text)."""
    batch, out = _inputs(root), root / "ws"
    run = CliRunner().invoke
    args = [
        "review",
        str(batch),
        "--out",
        str(out),
        "--no-classify",
        "-q",
        "-j",
        "1",
        "--quota-scenarios",
        "3",
        "--exclude-list",
        str(root / "excl.txt"),
        "--against",
        str(root / "old"),
        "--config",
        str(root / "rubric.yaml"),
    ]
    first = run(main, args, catch_exceptions=False)
    assert first.exit_code == 2, first.output  # the broken .docx
    reviewed = (out / "report.json").read_text(encoding="utf-8")
    second = run(main, ["scores", "import", str(out), str(root / "experts.csv")], catch_exceptions=False)
    assert second.exit_code == 0 and "已导入 5 条" in second.output, second.output
    rescored = (out / "report.json").read_text(encoding="utf-8")
    return {"reviewed.json": _normalised(reviewed, root), "rescored.json": _normalised(rescored, root)}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("contract")
    return root, build_outputs(root)


@pytest.mark.parametrize("name", ["reviewed.json", "rescored.json"])
def test_report_json_is_byte_identical_to_the_pre_refactor_output(outputs, name: str) -> None:
    _root, texts = outputs
    expected = (EXPECTED / name).read_text(encoding="utf-8")
    assert texts[name] == expected


def test_the_pinned_batch_exercises_the_contract(outputs) -> None:
    """The pin is worth something only if the batch reaches every part of the review/1 document."""
    _root, texts = outputs
    first, second = json.loads(texts["reviewed.json"]), json.loads(texts["rescored.json"])
    assert first["failed"] and first["clusters"] and "skipped" in first and "reused" in first["summary"]
    assert {d["kind"] for d in first["duplicates"]} >= {"cross", "against"}
    assert {e["code"] for s in first["submissions"] for e in s["exclusions"]} >= {
        "over_limit",
        "exclude_list",
    }
    assert any(s["score"]["expert"] is not None for s in second["submissions"]) and "skipped" not in second
    assert first["settings"]["weights"]["quantified"] == 25 and first["settings"]["against"].startswith(
        "<TMP>"
    )


def test_the_loader_reads_back_what_the_serialiser_wrote(outputs) -> None:
    """load_review -> dumps_review reproduces report.json exactly (one serialiser, one loader)."""
    from scenarioreview.review.serialise import dumps_review, load_review

    root, _texts = outputs
    path = root / "ws" / "report.json"
    assert dumps_review(load_review(root / "ws")) == path.read_text(encoding="utf-8")


def test_reports_written_in_two_processes_equal_those_written_in_one(outputs, tmp_path: Path) -> None:
    """write_reports(jobs=2) writes report.html in a spawned helper: the set must be the same files."""
    from openpyxl import load_workbook

    from scenarioreview.reports.writers import write_reports
    from scenarioreview.review.serialise import load_review

    root, _texts = outputs
    review = load_review(root / "ws")
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir(), two.mkdir()
    write_reports(review, one, jobs=1)
    write_reports(review, two, jobs=2)
    for name in ("report.json", "report.html"):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    assert "远航电子" in (two / "report.html").read_text(encoding="utf-8")

    def cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
        book = load_workbook(path, read_only=True)
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}

    assert cells(one / "report.xlsx") == cells(two / "report.xlsx")
    assert not list(two.glob(".staging-*"))


class _DeadHelper:
    """A helper pool that cannot take work, or whose worker died while writing."""

    def __init__(self, refuse: bool) -> None:
        self.refuse = refuse

    def submit(self, *_args: object) -> object:
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        if self.refuse:
            raise RuntimeError("cannot start a helper here")
        job: Future[None] = Future()
        job.set_exception(BrokenProcessPool("a helper process died"))
        return job

    def shutdown(self, **_kw: object) -> None:
        pass


@pytest.mark.parametrize("refuse", [True, False], ids=["refused", "died"])
def test_a_helper_that_cannot_write_leaves_the_report_to_this_process(
    outputs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refuse: bool
) -> None:
    from scenarioreview.reports import writers
    from scenarioreview.review.serialise import load_review

    root, _texts = outputs
    review = load_review(root / "ws")
    monkeypatch.setattr(writers, "_helper_pool", lambda: _DeadHelper(refuse))
    writers.write_reports(review, tmp_path, jobs=2)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "远航电子" in html and html.rstrip().endswith("</html>")
