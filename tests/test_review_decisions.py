"""Review decisions an office relies on: nothing unreadable, empty or of unknown type is recommended; a long
copied passage is reported even inside otherwise different narratives; an unknown city has no city cap;
`review` takes --limit and --policy like `check`."""

from pathlib import Path

import pytest
from click.testing import CliRunner
from test_review import form

from scenarioreview.cli import main
from scenarioreview.duplicates import DupItem, find_duplicates
from scenarioreview.review.ranking import Candidate, rank
from scenarioreview.review.serialise import load_review_data as load_review  # the JSON as written

# ~200 字 copied passage, dropped into two otherwise different narratives
COPIED = (
    "针对多品种小批量订单频繁插单的难题，公司以数字孪生模型映射冲压线实时状态，结合订单优先级、模具寿命和"
    "操作人员技能矩阵，构建约束规划排程引擎；引擎每十五分钟读取一次设备采集数据，当某台压力机出现异常停机时，"
    "自动把受影响工单重新分配到同型号设备，并同步调整上下游焊装和涂装工序的开工时刻，使在制品库存保持在"
    "安全区间内，同时向班组长推送换模准备清单和质量检验要点，实现计划、执行、反馈的闭环管理。"
)
OWN_A = (
    "华晟机械地处长江沿岸，主营工程机械结构件，年产各类结构件四万余套，客户涵盖国内主要主机厂。"
    "项目实施前，车间计划依靠手工表格编排，设备利用不均衡，交付准时率长期徘徊在八成左右。" * 3
)
OWN_B = (
    "远航电子位于西部高新区，从事车载电子控制器的研发与制造，拥有表面贴装线十二条、测试线六条。"
    "公司此前使用的排产工具无法处理物料齐套约束，经常因缺料导致产线空转，影响订单兑现。" * 3
)


def test_long_shared_passage_is_reported_with_both_sides():
    # ~1,500-字 narratives: the copied passage is about an eighth of each, under the 15 % share rule
    a = DupItem("a#1", "a", OWN_A * 5 + COPIED + OWN_A[:80])
    b = DupItem("b#1", "b", OWN_B[:120] + COPIED + OWN_B * 5)
    fillers = [DupItem(f"f{i}#1", f"f{i}", form(i, f"填充企业{i}")) for i in range(3)]
    report = find_duplicates([a, b, *fillers])
    pair = next(p for p in report.pairs if {p.a, p.b} == {"a#1", "b#1"})
    assert pair.ratio < 0.15 and pair.longest >= 80
    longest = max(pair.passages, key=lambda p: p.length)
    assert "约束规划排程引擎" in longest.text
    assert b.text[longest.b_start : longest.b_end] == longest.text  # the same passage located on side B
    # the share rule alone drops this pair
    strict = find_duplicates([a, b, *fillers], long_passage=10**6)
    assert all({p.a, p.b} != {"a#1", "b#1"} for p in strict.pairs)


def test_short_common_phrase_is_not_a_long_passage():
    phrase = "生产效率提升百分之二十，运营成本降低百分之十五。"
    a = DupItem("a#1", "a", OWN_A + phrase)
    b = DupItem("b#1", "b", OWN_B + phrase)
    assert not find_duplicates([a, b]).pairs


def _cand(sub: str, score: float, city: str | None) -> Candidate:
    return Candidate(sub, "优秀场景", score, sub, city, None, (), ())


def test_unknown_city_has_no_city_cap():
    cands = [_cand(s, 90 - i, None) for i, s in enumerate("abcde")] + [
        _cand("x", 95, "苏州"),
        _cand("y", 94, "苏州"),
    ]
    ranked = rank(cands, {"优秀场景": 6}, city_quotas={"优秀场景": {"*": 1}})
    picked = {e.submission for e in ranked if e.recommended}
    assert picked == {"x", "a", "b", "c", "d", "e"}  # five without a city, one of the two 苏州 forms
    assert next(e for e in ranked if e.submission == "y").reason == "所在地市推荐名额已满"


@pytest.fixture()
def mixed(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    for i, n in enumerate(["华晟机械", "鼎力汽配", "宏图家电"]):
        (d / f"{i:02d}-{n}.txt").write_text(form(i, n), encoding="utf-8")
    # a scenario heading with nothing under it (0 字)
    (d / "10-空场景.txt").write_text(
        "智能制造优秀场景申报书\n申报单位：空白科技\n场景一：冲压车间智能排产\n对应典型场景：车间智能排产\n",
        encoding="utf-8",
    )
    # a plain-text file renamed to .docx
    (d / "11-改名.docx").write_text(form(4, "改名实业"), encoding="utf-8")
    # a cover page only, no scenario at all
    (d / "12-仅封面.txt").write_text(
        "智能制造优秀场景申报书\n申报单位：封面电子\n联系人：张三\n", encoding="utf-8"
    )
    (d / "13-空文件.txt").write_bytes(b"")
    return d


@pytest.mark.parametrize("keep_flagged", [False, True])
def test_unreadable_empty_or_unknown_type_is_never_recommended(mixed, tmp_path, keep_flagged):
    out = tmp_path / "ws"
    args = ["review", str(mixed), "--out", str(out), "--no-classify", "-q", "--quota-scenarios", "30"]
    r = CliRunner().invoke(main, args + (["--keep-flagged"] if keep_flagged else []), catch_exceptions=False)
    assert "Traceback" not in r.output
    rev = load_review(out)
    by_file = {Path(s["file"]).name: s for s in rev["submissions"]}
    expected = {
        "10-空场景.txt": "no_description",
        "11-改名.docx": "unknown_type",
        "12-仅封面.txt": "no_scenario",
    }
    for name, code in expected.items():
        sub = by_file[name]
        assert not sub["recommended"] and sub["unusable"], name
        codes = [e["code"] for e in sub["exclusions"]]
        assert code in codes, (name, codes)
        assert sub["reason"].startswith("不予推荐：")
        assert all(
            not any(c.isascii() and c.isalpha() for c in e["reason"].replace("docx", ""))
            for e in sub["exclusions"]
        )
    assert [Path(f["file"]).name for f in rev["failed"]] == ["13-空文件.txt"]
    assert rev["summary"]["unusable"] == 3
    good = [s for n, s in by_file.items() if n[:2] in ("00", "01", "02")]
    assert all(s["recommended"] for s in good)


def test_review_takes_limit_and_policy(mixed, tmp_path):
    out = tmp_path / "ws"
    r = CliRunner().invoke(
        main,
        [
            "review",
            str(mixed),
            "--out",
            str(out),
            "--no-classify",
            "-q",
            "--limit",
            "150",
            "--policy",
            "libreoffice",
        ],
        catch_exceptions=False,
    )
    assert r.exit_code in (1, 2), r.output
    rev = load_review(out)
    assert rev["settings"]["limit"] == 150
    sub = next(s for s in rev["submissions"] if s["file"].endswith("00-华晟机械.txt"))
    assert sub["scenarios"][0]["limit"] == 150 and sub["scenarios"][0]["over_limit"]
    assert "over_limit" in [e["code"] for e in sub["exclusions"]]


def test_review_progress_names_the_file_being_worked_on(mixed, tmp_path):
    from scenarioreview.pipeline import CheckOptions
    from scenarioreview.review.batch import ReviewSettings, run_review

    calls = []
    run_review(
        [str(mixed)],
        tmp_path / "ws",
        ReviewSettings(check=CheckOptions(classify=False), jobs=1),
        lambda stage, done, total, name: calls.append((done, total, name)),
    )
    files = sorted(p.name for p in mixed.iterdir())
    assert [n for _d, _t, n in calls if n] == files  # each file named once, while it is being worked on
    assert calls[-1][:2] == (len(list(mixed.iterdir())),) * 2


def test_scan_ocr_reports_page_progress(monkeypatch):
    from scenarioreview.parsers.pdf import reader as pdf

    seen = []
    monkeypatch.setattr(pdf, "page_progress", lambda i, n: seen.append((i, n)))
    out = pdf._ocr_all(lambda data, n: [], b"", [1, 2, 3, 4, 5])
    assert sorted(out) == [1, 2, 3, 4, 5] and sorted(seen) == [(i, 5) for i in range(1, 6)]


def test_reports_warn_about_forms_that_could_not_be_judged(mixed, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "ws"
    CliRunner().invoke(
        main, ["review", str(mixed), "--out", str(out), "--no-classify", "-q"], catch_exceptions=False
    )
    html = (out / "report.html").read_text(encoding="utf-8")
    banner = html[html.index('class="banner"') : html.index("</div>", html.index('class="banner"'))]
    assert "1 个文件无法读取" in banner and "3 份材料没有可评审的场景描述或文件类型不明" in banner
    assert "空白科技" in banner and "文件为空" in html  # the failed file's code shown in Chinese
    wb = load_workbook(out / "report.xlsx")
    rows = list(wb["全部申报"].iter_rows(min_row=2, values_only=True))
    reasons = {r[11]: r[9] for r in rows}
    assert "未找到场景" in reasons["12-仅封面.txt"] and "文件类型不明" in reasons["11-改名.docx"]
    assert [r[:2] for r in wb["失败文件"].iter_rows(min_row=2, values_only=True)] == [
        ("13-空文件.txt", "文件为空")
    ]


def test_other_format_under_the_wrong_extension_is_flagged_not_banned(tmp_path):
    from dataclasses import replace

    from scenarioreview.model import Notice
    from scenarioreview.pipeline import CheckOptions, check_file
    from scenarioreview.review.exclusions import exclusions as _exclusions
    from scenarioreview.review.rubric import load_rubric

    path = tmp_path / "华晟机械.txt"
    path.write_text(form(1, "华晟机械"), encoding="utf-8")
    rep = check_file(str(path), CheckOptions(classify=False))
    assert _exclusions(rep, load_rubric(), set()) == []
    # what the parser notes for a .docx saved under a .doc name
    noted = replace(
        rep,
        format="docx",
        notices=(
            Notice("format_mismatch", "文件扩展名为 .doc，但内容实际是Word 文档（.docx），已按实际格式读取"),
        ),
    )
    codes = [e.code for e in _exclusions(noted, load_rubric(), set())]
    assert codes == ["format_mismatch"]
    cands = [
        Candidate("x", "优秀场景", 90, "x", None, None, (), tuple(_exclusions(noted, load_rubric(), set())))
    ]
    assert not rank(cands, {"优秀场景": 5})[0].recommended
    assert rank(cands, {"优秀场景": 5}, keep_flagged=True)[0].recommended  # soft: the office may keep it


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("points: {fit: {none_fits: -5}}\n", "“points.fit.none_fits”应为非负数"),
        ("experts: {weight: 1.5}\n", "专家评分权重应在 0 到 1 之间"),
        ("factory: {scenario_weight: 2}\n", "示范工厂场景权重应在 0 到 1 之间"),
        ("quotas: {province: {优秀场景: 很多}}\n", "“quotas.province.优秀场景”应为非负数"),
        (
            "weights: {fit: 0, compliance: 0, completeness: 0, quantified: 0, advanced: 0, originality: 0, readability: 0}\n",
            "权重不能全为 0",
        ),
        ("ranking: 3\n", "“ranking”应为映射"),
    ],
)
def test_rubric_sections_are_checked_by_their_types(tmp_path, text, message):
    from scenarioreview.errors import ConfigError
    from scenarioreview.review.rubric import load_rubric

    path = tmp_path / "细则.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_rubric(path)
    assert message in err.value.message and err.value.path == str(path)


def test_a_user_rubric_overrides_only_what_it_names(tmp_path):
    from scenarioreview.review.rubric import load_rubric

    path = tmp_path / "细则.yaml"
    path.write_text(
        "name: 某省细则\nweights: {quantified: 40}\npoints: {fit: {none_fits: 0}}\nquotas: {province: {优秀场景: 12}}\n",
        encoding="utf-8",
    )
    base, mine = load_rubric(), load_rubric(path)
    assert mine.name == "某省细则" and mine.weights["quantified"] == 40 and mine.points.fit.none_fits == 0
    assert mine.points.fit.unclassified == base.points.fit.unclassified  # the packaged value stays
    assert mine.quotas["province"] == {"优秀场景": 12, "示范工厂": 10} and mine.experts == base.experts
    assert list(mine.weights) == list(base.weights)  # the report lists the criteria in the rubric's order
