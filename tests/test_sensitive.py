"""Rules of the sensitive-content check on realistic passages, identifiers, masking, lexicons and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from scenarioreview.checks.identifiers import credit_code_valid, find_identifiers, id_card_valid, luhn_valid
from scenarioreview.checks.sensitive import find_sensitive, load_lexicon, mask_personal, validate_lexicon
from scenarioreview.cli import main
from scenarioreview.errors import ConfigError
from scenarioreview.textnorm import fold, normalize_term


def cats(text: str, lexicon=None) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    found = find_sensitive(text, lexicon)
    return [(f.category or "", text[f.span.start : f.span.end]) for f in found if f.span]


# ----------------------------------------------------------------------------------------------- markings
@pytest.mark.parametrize(
    "text, matched",
    [
        ("机密★5年\n一、项目概况", "机密★5年"),
        ("绝密★长期\n本场景", "绝密★长期"),
        ("秘密★1年", "秘密★1年"),
        ("机密★\n正文", "机密★"),
        ("机 密 ★ 1 0 年\n正文", "机 密 ★ 1 0 年"),
        ("機密★１０年\n正文", "機密★１０年"),
        ("绝密★启用前", "绝密★启用前"),
        ("附图2 设备布置图 秘密☆3年", "秘密☆3年"),
    ],
)
def test_state_secret_markings(text: str, matched: str) -> None:
    found = find_sensitive(text)
    assert [(f.category, f.severity) for f in found] == [("state_secret_marking", "error")]
    assert text[found[0].span.start : found[0].span.end] == matched  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        "内部资料，注意保密\n场景概述：……",
        "场景概述……\n内部使用，不得外传",
        "【商业秘密】本场景介绍……",
        "公司机密\n一、建设背景",
        "CONFIDENTIAL\nProject overview",
        "核心商密 长期\n正文",
        "內 部 資 料 ， 注 意 保 密",
    ],
)
def test_internal_markings_used_as_markings(text: str) -> None:
    found = find_sensitive(text)
    assert [(f.category, f.severity) for f in found] == [("internal_marking", "error")]


@pytest.mark.parametrize(
    "text",
    [
        "公司建立商业秘密保护制度，对核心工艺文件实行分级管理，确保数据机密性。",
        "严格执行涉密载体管理制度，申报材料不涉及国家秘密和商业秘密。",
        "系统采用国产商用密码算法保障数据传输的机密性和完整性。",
        "员工签订保密协议，图纸严禁外传的规定写入了岗位职责，仅限内部使用的资料统一编号登记。",
        "We ensure the confidentiality of customer data.",
    ],
)
def test_describing_confidentiality_management_is_not_a_marking(text: str) -> None:
    assert cats(text) == []


# ------------------------------------------------------------------------------------------------ defence
@pytest.mark.parametrize(
    "text, term",
    [
        ("公司是航空行业军品配套企业。", "军品"),
        ("公司承担兵器行业配套任务。", "兵器"),
        ("依托武器装备科研生产许可开展生产。", "武器装备"),
        ("该车间设有一条涉密生产线。", "涉密生产线"),
        ("为保证型号任务按期交付，建设柔性产线。", "型号任务"),
        ("产品通过GJB 9001C认证。", "GJB"),
    ],
)
def test_defence_terms(text: str, term: str) -> None:
    assert cats(text) == [("defence", term)]
    assert find_sensitive(text)[0].severity == "warning"


def test_ordinary_model_numbers_are_not_defence() -> None:
    text = (
        "车间配置型号 XK-5032 数控机床12台、某型号产品故障率偏高的问题通过大数据分析解决，地址在军工路188号。"
    )
    assert cats(text) == []


# ---------------------------------------------------------------------------------------- trade secrets
@pytest.mark.parametrize(
    "text, fragment",
    [
        ("经过反复试验，配方中A组分占32.5%、B组分占21.3%，其余为助剂。", "32.5%"),
        ("烧结温度1285±5℃、保温42min，产品致密度显著提高。", "1285±5℃"),
        ("2022年与江苏恒远精密机械有限公司签订供货合同，合同金额2860万元。", "江苏恒远精密机械有限公司"),
        ("改造后单位成本由38.5元/件降至29.1元/件。", "单位成本由38.5元"),
        ("该产品毛利率达到41.6%。", "毛利率达到41.6%"),
        ("在集中招标中以中标价3280万元获得项目。", "中标价3280万元"),
        ("核心算法：\ndef predict(x):\n    return x\n", "def predict(x):"),
    ],
)
def test_trade_secret_cues(text: str, fragment: str) -> None:
    found = [f for f in find_sensitive(text) if f.category == "trade_secret_cue"]
    assert found, text
    hits = [text[f.span.start : f.span.end] for f in found if f.span]
    assert any(fragment in hit or hit in fragment for hit in hits)
    assert all(f.severity == "warning" and "（" in f.message for f in found)


def test_number_dense_narrative_is_clean() -> None:
    text = (
        "项目总投资3000万元，其中设备投资2100.5万元。实施后生产效率提升12.5%，不良品率由1.8%降至0.6%，"
        "单位产值综合能耗下降8.3%，年节约制造成本约860万元。企业依据GB/T 39116-2020自评为三级，"
        "拥有发明专利ZL202110123456.7等12项，车间配置型号XK-5032数控机床36台，2023年10月通过验收，"
        "年产能120万台，订单交付周期缩短30%，MES系统版本V3.2.1.8，会议于10:30:15开始。"
        "配比优化后，脱硫剂单耗降低12%，排放强度下降15%。设备重复定位精度±0.02mm。"
    )
    assert cats(text) == []


# ------------------------------------------------------------------------------------------- identifiers
def test_identifier_validators() -> None:
    assert id_card_valid("11010519491231002X")
    assert not id_card_valid("110105194912310021")  # wrong check char
    assert not id_card_valid("110105194913310028")  # month 13
    assert id_card_valid("110105491231002")
    assert credit_code_valid("91350100M000100Y43")
    assert not credit_code_valid("91350100M000100Y44")
    assert credit_code_valid("Y1110108500001341R")  # a letter in the first position is legal
    assert not credit_code_valid("Y1110108500001341Q")
    assert not credit_code_valid("91350100M000I00Y43")  # I is not in the alphabet
    assert luhn_valid("6222021234567890128") and not luhn_valid("6222021234567890120")
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")


@pytest.mark.parametrize(
    "text, category, matched",
    [
        ("负责人身份证号11010519491231002X。", "personal_id", "11010519491231002X"),
        (
            "身份证：１１０１０５１９４９１２３１００２Ｘ",
            "personal_id",
            "１１０１０５１９４９１２３１００２Ｘ",
        ),
        ("身份证 110105 19491231 002X", "personal_id", "110105 19491231 002X"),
        ("联系人手机138-1234-5678。", "phone", "138-1234-5678"),
        ("电话+86 13812345678", "phone", "+86 13812345678"),
        ("联系人手机138 1234\n5678，", "phone", "138 1234\n5678"),
        ("办公室电话0755-26881234。", "phone", "0755-26881234"),
        ("邮箱zhang.wei@hengyuan.com.cn。", "email", "zhang.wei@hengyuan.com.cn"),
        ("卡号4111111111111111已登记。", "bank_card", "4111111111111111"),
        ("工资发放至6222 0212 3456 7890 128。", "bank_card", "6222 0212 3456 7890 128"),
        ("代理机构代码Y1110108500001341R。", "credit_code", "Y1110108500001341R"),
        ("边缘网关fe80::1a:2bff:fe2c:3d直连PLC。", "network", "fe80::1a:2bff:fe2c:3d"),
        ("合作单位统一社会信用代码91350100M000100Y43。", "credit_code", "91350100M000100Y43"),
        ("服务器地址192.168.10.25。", "network", "192.168.10.25"),
        ("生产网段10.20.30.0/24。", "network", "10.20.30.0/24"),
        ("运维口令：Mes#2023abc，", "network", "口令：Mes#2023abc"),
    ],
)
def test_identifiers_found(text: str, category: str, matched: str) -> None:
    assert cats(text) == [(category, matched)]


@pytest.mark.parametrize(
    "text",
    [
        "年营业收入13912345678元，同比增长10%。",  # an amount, not a phone
        "专利号ZL202110123456.7，CN113123456789A。",
        "标准编号GB/T 39116-2020、JB/T 13589-2018，时间2023-10-01。",
        "章节3.2.1.4与版本V2.1.0.13。",
        "订单号2023101500012，批次号20231015123456。",
        "信用代码91350100M000100Y44（校验位错误）。",
        "身份证号110105194912310021（校验位错误）。",
    ],
)
def test_identifier_traps_are_not_flagged(text: str) -> None:
    assert cats(text) == []


def test_applicant_own_credit_code_is_expected() -> None:
    text = "申报单位统一社会信用代码91350100M000100Y43。"
    assert find_sensitive(text, expected_codes=["91350100m000100y43"]) == []


def test_mask_personal() -> None:
    text = "身份证11010519491231002X，手机13812345678，邮箱zhangwei@example.com，卡号4111111111111111，座机0755-26881234"
    masked = mask_personal(text)
    assert "110105********002X" in masked
    assert "138****5678" in masked
    assert "z***@example.com" in masked
    assert "4111********1111" in masked
    assert "0755-****1234" in masked
    assert "13812345678" not in masked and "11010519491231002X" not in masked
    assert mask_personal("效率提升12.5%，投资3000万元") == "效率提升12.5%，投资3000万元"


def test_evidence_marks_the_hit_in_context() -> None:
    text = "本项目由军工集团下属企业实施。" * 2
    f = find_sensitive(text)[0]
    assert "【军工】" in f.evidence and "\n" not in f.evidence
    assert normalize_term(text[f.span.start : f.span.end]) == "军工"  # type: ignore[union-attr]


def test_fold_is_length_preserving_and_simplifies() -> None:
    assert fold("機密ＡＢＣ１２３") == "机密abc123"


# ---------------------------------------------------------------------------------------------- lexicons
def test_user_lexicon_yaml(tmp_path: Path) -> None:
    p = tmp_path / "org.yaml"
    p.write_text(
        "categories:\n  project_codename:\n    name: 项目代号\n    severity: warning\n"
        "    explanation: 内部项目代号不宜公开。\n"
        "terms:\n  - {term: 天河工程, category: project_codename}\n"
        "  - {term: 华锐汽车, category: customer}\n"
        "whitelist: [天河工程大学]\n",
        encoding="utf-8",
    )
    lex = load_lexicon([str(p)])
    assert cats("本车间承担天 河 工 程的结构件加工。", lex) == [("project_codename", "天 河 工 程")]
    assert cats("毕业于天河工程大学。", lex) == []
    # A customer name alone is fine; with a price or quantity it is a trade-secret cue.
    assert cats("主要客户包括华锐汽车。", lex) == []
    assert cats("2023年向华锐汽车供货12万件，单价380元。", lex)[0] == ("trade_secret_cue", "华锐汽车")


def test_user_lexicon_csv(tmp_path: Path) -> None:
    p = tmp_path / "org.csv"
    p.write_text(
        "term,category,severity,explanation\n星火计划,codename,warning,项目代号不宜公开\n"
        "星火计划书,whitelist\n",
        encoding="utf-8",
    )
    lex = load_lexicon([str(p)])
    assert cats("启动星火计划二期。", lex) == [("codename", "星火计划")]
    assert cats("编写星火计划书。", lex) == []


@pytest.mark.parametrize(
    "content, suffix, fragment",
    [
        ("terms:\n  - {term: 星火, category: nosuch}\n", ".yaml", "未定义"),
        ("terms:\n  - {term: a, category: defence}\n", ".yaml", "不足 2 个字符"),
        ("terms: [\n", ".yaml", "第 2 行"),
        ("terms:\n  - {term: 星火, category: defence, severity: fatal}\n", ".yaml", "severity"),
        ("terms:\n  - 星火计划\n", ".yaml", "terms 第 1 项"),
        ("term,category\n星火计划\n", ".csv", "第 2 行"),
        ("星火计划,defence\n,defence\n", ".csv", "第 2 行"),
        ("x", ".txt", "格式不受支持"),
    ],
)
def test_bad_lexicons_name_file_and_place(tmp_path: Path, content: str, suffix: str, fragment: str) -> None:
    p = tmp_path / f"bad{suffix}"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_lexicon([str(p)])
    assert str(p) in str(exc.value) and fragment in str(exc.value)


def test_validate_lexicon_warns_on_duplicates(tmp_path: Path) -> None:
    p = tmp_path / "dup.yaml"
    p.write_text("terms:\n  - {term: 军品, category: defence}\n", encoding="utf-8")
    _lex, warnings = validate_lexicon(str(p))
    assert any("已在内置词表中" in w for w in warnings)


def test_cli_lexicon_show_and_validate(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(main, ["lexicon", "show", "--format", "json"])
    assert res.exit_code == 0, res.output
    assert '"state_secret_marking"' in res.output
    good = tmp_path / "good.csv"
    good.write_text("星火计划,defence\n", encoding="utf-8")
    res = runner.invoke(main, ["lexicon", "validate", str(good)])
    assert res.exit_code == 0 and "词表有效" in res.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("terms:\n  - {term: 星火, category: nosuch}\n", encoding="utf-8")
    res = runner.invoke(main, ["lexicon", "validate", str(bad)])
    assert res.exit_code == 2 and "未定义" in res.output
    res = runner.invoke(main, ["lexicon", "show", "--lexicon", str(bad)])
    assert res.exit_code == 2


def test_identifiers_offsets_are_original_offsets() -> None:
    text = "联系电话：１３８　１２３４　５６７８，谢谢"
    hits = find_identifiers(fold(text))
    assert [(h.kind, text[h.start : h.end]) for h in hits] == [("phone", "１３８　１２３４　５６７８")]


def test_evidence_never_cuts_an_identifier_in_half() -> None:
    text = "项目负责人张伟（身份证号：11010519491231002X，手机13812345678）。"
    phone = next(f for f in find_sensitive(text) if f.category == "phone")
    assert "1010519491231002X" not in phone.evidence  # the ID is dropped from the snippet, not halved
    assert "【13812345678】" in phone.evidence


def test_mask_personal_masks_card_numbers_without_their_cue() -> None:
    assert mask_personal("…4111111111111111已登记") == "…4111********1111已登记"


FORM = """智能制造优秀场景申报书
申报单位：江苏恒远精密机械有限公司
统一社会信用代码：91350100M000100Y43

场景一：基于数字孪生的烧结工艺优化
本场景针对粉末冶金烧结环节建设工艺仿真系统，申报单位信用代码91350100M000100Y43，
合作单位信用代码91110108MA01234567之外，项目负责人张伟（身份证号：11010519491231002X）。
生产效率提升23.6%，不良品率由1.8%降至0.6%，依据GB/T 39116-2020自评为三级。
"""


def test_pipeline_reports_masked_personal_data_and_skips_own_credit_code(tmp_path: Path) -> None:
    import json

    from scenarioreview.pipeline import CheckOptions, check_file
    from scenarioreview.reports.json_report import dumps

    p = tmp_path / "app.txt"
    p.write_text(FORM, encoding="utf-8")
    rep = check_file(str(p), CheckOptions(classify=False))
    assert rep.status != "failed", rep.error
    sens = [f for s in rep.scenarios for f in s.findings if f.check == "sensitive"]
    assert [f.category for f in sens] == ["personal_id"]  # own code expected; the other code fails its check
    data = json.loads(dumps([rep], with_checks=True, mask=True))
    finding = next(f for s in data[0]["scenarios"] for f in s["findings"] if f["check"] == "sensitive")
    assert "110105********002X" in finding["evidence"]
    assert finding["details"]["matched"] == "110105********002X"
    raw = json.loads(dumps([rep], with_checks=True, mask=False))
    finding = next(f for s in raw[0]["scenarios"] for f in s["findings"] if f["check"] == "sensitive")
    assert finding["details"]["matched"] == "11010519491231002X"


@pytest.mark.parametrize(
    "text, category, matched",
    [
        ("身份证号：1101051949\n1231002X，负责现场。", "personal_id", "1101051949\n1231002X"),
        ("身份证号110105-19491231-002X。", "personal_id", "110105-19491231-002X"),
        (
            "MES访问地址http://mes.hengyuan.local:8080/login，",
            "network",
            "http://mes.hengyuan.local:8080/login",
        ),
        ("采集服务opc.tcp://192.168.1.20:4840。", "network", "opc.tcp://192.168.1.20:4840"),
        ("电话(0755)2688 1234。", "phone", "(0755)2688 1234"),
        ("系统用户名：mesadmin，", "network", "用户名：mesadmin"),
        ("淬火温度850±10摄氏度。", "trade_secret_cue", "850±10摄氏度"),
    ],
)
def test_harder_variants(text: str, category: str, matched: str) -> None:
    assert cats(text) == [(category, matched)]


def test_public_urls_and_trade_secret_star_misuse() -> None:
    assert cats("详见工信部官网https://www.miit.gov.cn/。") == []
    assert cats("商业秘密★5年\n正文") == [("internal_marking", "商业秘密")]


def test_split_id_is_masked() -> None:
    assert mask_personal("身份证号：1101051949\n1231002X，") == "身份证号：110105********002X，"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("为某型号“天鹰”开展配套研制。", [("defence", "型号“天鹰”")]),
        ("设备型号“XK-5032”，产品型号规格齐全。", []),
        ("（四）商业秘密\n公司建立保护制度。", []),  # a section heading, not a marking
        ("内部资料管理\n公司建立台账。", []),
        ("密级：商业秘密\n正文", [("internal_marking", "商业秘密")]),
    ],
)
def test_codenames_and_marking_context(text: str, expected: list[tuple[str, str]]) -> None:
    assert cats(text) == expected


def test_headers_and_footers() -> None:
    from scenarioreview.checks.sensitive import find_sensitive_in_headers

    found = find_sensitive_in_headers(
        ["江苏恒远精密机械有限公司 内部资料", "智能制造优秀场景申报书"], ["第 1 页 机密★5年"]
    )
    assert [(f.category, dict(f.extra)["where"]) for f in found] == [
        ("internal_marking", "页眉 1"),
        ("state_secret_marking", "页脚 1"),
    ]
    assert found[0].evidence.startswith("页眉 1：")
    # In body text the same words in a sentence are not a marking.
    assert cats("江苏恒远精密机械有限公司 内部资料统一归档管理") == []


def test_touching_hits_of_one_category_are_one_finding() -> None:
    assert cats("公司长期承担兵器军品配套任务。") == [("defence", "兵器军品")]
    assert cats("（此页含商业秘密，请勿公开）") == [("internal_marking", "商业秘密，请勿公开")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2023年向宁德时代供应电芯结构件1200万件。", [("trade_secret_cue", "宁德时代")]),
        ("每年向客户供应结构件1200万件。", []),
        (
            "挤出机一区至五区温度设定为185/190/195/200/205℃。",
            [("trade_secret_cue", "温度设定为185/190/195/200/205℃")],
        ),
        ("注：本章节涉及公司商业秘密，仅供评审专家参阅。", [("internal_marking", "商业秘密")]),
        ("公司制定了《商业秘密管理制度》。", []),
    ],
)
def test_customer_without_suffix_setpoint_lists_and_declarations(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert cats(text) == expected


def test_every_lexicon_mode_has_a_rule() -> None:
    from scenarioreview.checks.sensitive_rules import RULES
    from scenarioreview.checks.sensitive_words import MODES

    assert set(MODES) == set(RULES)


@pytest.mark.parametrize(
    "text",
    [
        # Seen in composed narratives: an organisation far from any deal word, a part name (转向节) that
        # contains 向, and counts of sites rather than goods.
        "参与主体方面，协同网络覆盖鹏程陶瓷总部研究院、2个异地分院、5家集团工厂、核心配套企业120家。",
        "每年减少成品资金占用约600万元，转向节客户交付周期缩短一天。",
    ],
)
def test_regressions_from_composed_narratives(text: str) -> None:
    assert cats(text) == []
