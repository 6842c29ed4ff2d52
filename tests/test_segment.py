"""Segmentation on hand-built Documents: every layout the issue lists and the Chinese edge cases around them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarioreview.model import Block, Document
from scenarioreview.segment import read_application, split_scenarios
from scenarioreview.segment.patterns import cn_to_int, parse_maturity, split_enumerator

P = "paragraph"


def H(text: str, level: int, style: str | None = None, label: str = "", page: int | None = None) -> Block:
    return Block("heading", text, level=level, style=style or f"Heading {level}", label=label, page=page)


def T(*rows: tuple[str, ...]) -> Block:
    return Block("table", rows=tuple(rows))


def doc(*blocks: Block | str, fmt: str = "docx") -> Document:
    out = []
    for i, b in enumerate(blocks):
        if isinstance(b, str):
            b = Block(P, b)
        out.append(
            Block(b.kind, b.text, i, b.level, b.label, b.style, b.page, b.rows, b.source, b.confidence)
        )
    return Document(path=f"申报书.{fmt}", format=fmt, sha256="0" * 64, blocks=tuple(out))  # type: ignore[arg-type]


COVER = (
    "附件4",
    "2022年度智能制造优秀场景申报书",
    "项目类别：智能制造优秀场景",
    "申报单位（盖章）：苏州恒锐汽车零部件有限公司",
    "推荐单位：苏州市工业和信息化局",
    "申报日期：2022年10月",
)
BASIC = T(
    ("企业名称", "苏州恒锐汽车零部件有限公司", "统一社会信用代码", "91320505MA1R8GQL5K"),
    ("所属行业", "汽车制造业（C36）", "所在地市", "苏州市"),
    ("联系人", "王立新", "联系电话", "0512-66885678"),
)
PLEDGE = (H("三、真实性及不涉密承诺", 1), "本单位承诺：申报材料真实、准确，不涉及国家秘密和商业秘密。")
S1 = ["公司机加工车间共有数控设备146台，过去由计划员用Excel排产。", "排产时间由4小时缩短到15分钟。"]
S2 = ["精加工线末端建设视觉检测站，单件节拍1.8秒。", "表面缺陷检出率由96.5%提升到99.7%。"]


def titles(d: Document) -> list[str]:
    return [s.title for s in split_scenarios(d)]


# --- layouts -------------------------------------------------------------------------------------------


def test_word_heading_styles_with_subheadings_inside_the_description() -> None:
    d = doc(
        *COVER,
        H("一、申报主体基本情况", 1),
        BASIC,
        H("二、场景情况", 1),
        H("场景一：机加工车间多约束智能排产", 2),
        "对应典型场景：车间智能排产",
        "所属环节：计划调度",
        H("（一）场景概述", 3),
        S1[0],
        H("（二）实施方法", 3),
        S1[1],
        H("场景二：基于机器视觉的制动盘表面缺陷在线检测", 2),
        "对应典型场景：智能在线检测",
        H("（一）实施方法", 3),
        *S2,
        *PLEDGE,
    )
    app = read_application(d)
    assert app.structure == "headings"
    assert [s.title for s in app.scenarios] == [
        "机加工车间多约束智能排产",
        "基于机器视觉的制动盘表面缺陷在线检测",
    ]
    assert [s.declared_typical for s in app.scenarios] == ["车间智能排产", "智能在线检测"]
    assert app.scenarios[0].text == "\n".join(["（一）场景概述", S1[0], "（二）实施方法", S1[1]])
    assert app.scenarios[1].text == "\n".join(["（一）实施方法", *S2])  # the 承诺 is not part of it
    assert app.application_type == "优秀场景"
    assert not app.notices


def test_label_rows_in_a_table_with_a_long_multi_paragraph_cell() -> None:
    d = doc(
        *COVER,
        H("一、申报主体基本情况", 1),
        BASIC,
        H("二、场景情况", 1),
        T(
            ("场景名称", "固体制剂全过程质量精准追溯"),
            ("对应典型场景", "质量精准追溯"),
            ("所属环节", "质量管控"),
            ("场景描述（3000字以内）", "一、场景概述\n" + S1[0] + "\n二、实施成效\n" + S1[1]),
        ),
        "注：可另附页。",
        *PLEDGE,
    )
    (s,) = split_scenarios(d)
    assert (s.title, s.declared_typical) == ("固体制剂全过程质量精准追溯", "质量精准追溯")
    assert s.text == "\n".join(
        ["一、场景概述", S1[0], "二、实施成效", S1[1]]
    )  # the note after the table is not
    assert read_application(d).structure == "table"


def test_title_on_one_row_and_description_in_the_next_row() -> None:
    d = doc(
        H("二、场景情况", 1),
        T(
            ("场景名称", "电子元器件智能料仓", "对应典型场景", "智能仓储"),
            (
                "场景描述（3000字以内）",
                "场景描述（3000字以内）",
                "场景描述（3000字以内）",
                "场景描述（3000字以内）",
            ),
            (S2[0] + "\n" + S2[1],) * 4,
        ),
    )
    (s,) = split_scenarios(d)
    assert (s.title, s.declared_typical) == ("电子元器件智能料仓", "智能仓储")
    assert s.text == "\n".join(S2)  # a merged row is read once


def test_factory_form_listing_twelve_scenarios_in_one_table() -> None:
    names = [
        f"第{i}号产线{n}场景" for i, n in enumerate("排产检测追溯仓储配送能耗巡检运维调度仿真协同定制", 1)
    ][:12]
    rows = [("序号", "场景名称", "对应典型场景", "场景描述")]
    rows += [
        (str(i), n, "车间智能排产", f"{n}的实施内容：部署系统后效率提升{i}%。")
        for i, n in enumerate(names, 1)
    ]
    d = doc(
        "2022年度智能制造示范工厂揭榜单位申报书",
        H("二、智能制造场景清单", 1),
        T(*rows),
        H("三、揭榜任务", 1),
        "本单位揭榜家电行业智能制造示范工厂任务。",
    )
    app = read_application(d)
    assert [s.title for s in app.scenarios] == names
    assert app.scenarios[11].text == f"{names[11]}的实施内容：部署系统后效率提升12%。"
    assert app.application_type == "示范工厂" and app.structure == "table"


def test_list_table_without_descriptions_lends_declared_typical_to_later_headings() -> None:
    d = doc(
        T(
            ("序号", "场景名称", "对应典型场景"),
            ("1", "机加工车间多约束智能排产", "车间智能排产"),
            ("2", "制动盘表面缺陷在线检测", "智能在线检测"),
        ),
        H("场景一：机加工车间多约束智能排产", 2),
        *S1,
        H("场景二：制动盘表面缺陷在线检测", 2),
        *S2,
    )
    app = read_application(d)
    assert [(s.title, s.declared_typical) for s in app.scenarios] == [
        ("机加工车间多约束智能排产", "车间智能排产"),
        ("制动盘表面缺陷在线检测", "智能在线检测"),
    ]
    assert app.scenarios[1].text == "\n".join(S2)


def test_wps_outline_levels_on_numeric_styles_without_scenario_words() -> None:
    d = doc(
        H("一、申报主体基本情况", 1, style="1"),
        BASIC,
        H("二、场景情况", 1, style="1"),
        H("（一）空调总装线多型号柔性混线生产", 2, style="2"),
        "对应典型场景：产线柔性配置",
        H("（一）场景概述", 3, style="3"),
        S1[0],
        H("（二）成品智能立体仓库", 2, style="2"),
        "对应典型场景：智能仓储",
        S2[0],
        H("三、揭榜任务", 1, style="1"),
        "揭榜任务说明。",
    )
    app = read_application(d)
    assert app.structure == "outline"
    assert titles(d) == ["空调总装线多型号柔性混线生产", "成品智能立体仓库"]
    assert app.scenarios[0].text == "（一）场景概述\n" + S1[0]
    assert app.scenarios[1].text == S2[0]


def test_automatic_numbering_kept_in_the_label() -> None:
    d = doc(
        H("二、场景情况", 1),
        Block(P, "机加工车间多约束智能排产", label="场景一："),
        "对应典型场景：车间智能排产",
        S1[0],
        Block(P, "基于机器视觉的在线检测", label="场景二："),
        "对应典型场景：智能在线检测",
        S2[0],
    )
    app = read_application(d)
    assert app.structure == "numbering"
    assert titles(d) == ["机加工车间多约束智能排产", "基于机器视觉的在线检测"]


def test_numbering_lost_in_conversion_takes_the_line_above_the_labels_as_title() -> None:
    d = doc(
        H("二、场景情况", 1),
        "机加工车间多约束智能排产",
        "对应典型场景：车间智能排产",
        *S1,
        "基于机器视觉的在线检测",
        "对应典型场景：智能在线检测",
        *S2,
        *PLEDGE,
    )
    app = read_application(d)
    assert titles(d) == ["机加工车间多约束智能排产", "基于机器视觉的在线检测"]
    assert app.scenarios[0].text == "\n".join(S1)  # the next title is not left in the previous text


@pytest.mark.parametrize(
    "heading, title",
    [
        ("3. 场景名称：高炉炉况智能诊断与操作优化", "高炉炉况智能诊断与操作优化"),
        ("3、场景名称: 高炉炉况智能诊断与操作优化", "高炉炉况智能诊断与操作优化"),
        ("场景一：高炉炉况智能诊断与操作优化", "高炉炉况智能诊断与操作优化"),
        ("场景1 高炉炉况智能诊断与操作优化", "高炉炉况智能诊断与操作优化"),
        ("场景（二）高炉炉况智能诊断与操作优化", "高炉炉况智能诊断与操作优化"),
        ("（三）高炉炉况智能诊断场景", "高炉炉况智能诊断场景"),
        ("(三) 高炉炉况智能诊断场景", "高炉炉况智能诊断场景"),
        ("一、场景一：高炉炉况智能诊断与操作优化", "高炉炉况智能诊断与操作优化"),
        ("场景十二：高炉炉况智能诊断与操作优化", "高炉炉况智能诊断与操作优化"),
        ("场景１：高炉炉况智能诊断与操作优化", "高炉炉况智能诊断与操作优化"),
        ("应用场景二：高炉炉况智能诊断与操作优化", "高炉炉况智能诊断与操作优化"),
        ("场景 三 ： 高炉炉况智能诊断与操作优化", "高炉炉况智能诊断与操作优化"),
    ],
)
def test_plain_text_scenario_headings(heading: str, title: str) -> None:
    d = doc(
        "二、场景情况",
        heading,
        "对应典型场景：先进过程控制",
        "（1）场景概述",
        *S1,
        "三、揭榜任务",
        "揭榜说明。",
        fmt="txt",
    )
    app = read_application(d)
    assert titles(d) == [title]
    assert app.scenarios[0].declared_typical == "先进过程控制"
    assert app.scenarios[0].text == "\n".join(["（1）场景概述", *S1])


@pytest.mark.parametrize(
    "line",
    [
        "本场景通过部署APS系统实现了车间智能排产。",
        "场景一通过部署MES系统，打通了计划与执行。",
        "场景1中，我们对146台设备进行了联网改造，实现数据实时采集，为后续排产优化奠定了基础。",
        "该场景在集团内另外两个工厂已经复制推广，形成了可复用的模板场景",  # too long for a heading? no: no marker
        "（二）应用场景",
        "（一）场景概述",
        "二、典型场景",
    ],
)
def test_scenario_words_that_are_not_headings(line: str) -> None:
    d = doc(H("场景一：机加工车间多约束智能排产", 2), "对应典型场景：车间智能排产", S1[0], line, S1[1])
    (s,) = split_scenarios(d)
    assert s.title == "机加工车间多约束智能排产"
    assert line in s.text.split("\n")


def test_subheading_at_the_title_level_in_a_pdf_does_not_split() -> None:
    # a PDF gives levels from font sizes: the sub-heading may get the same level as the scenario title
    d = doc(
        H("场景一：液压油缸数字孪生工厂建设", 2, style="", page=2),
        "对应典型场景：数字孪生工厂建设",
        H("（一）实施方法", 2, style="", page=2),
        S1[0],
        H("（二）实施成效", 2, style="", page=3),
        S1[1],
        H("二、真实性承诺", 1, style="", page=4),
        "本单位承诺。",
        fmt="pdf",
    )
    (s,) = split_scenarios(d)
    assert s.text == "\n".join(["（一）实施方法", S1[0], "（二）实施成效", S1[1]])
    assert s.location.page == 2


def test_factory_sections_and_cover_are_not_scenarios() -> None:
    d = doc(
        "2022年度智能制造示范工厂揭榜单位申报书",
        "项目类别：智能制造示范工厂",
        "申报单位（盖章）：江北新钢集团股份有限公司",
        H("一、申报主体基本情况", 1),
        BASIC,
        H("二、场景情况", 1),
        H("场景一：高炉炉况智能诊断与操作优化", 2),
        "对应典型场景：先进过程控制",
        *S1,
        H("三、揭榜任务", 1),
        "本单位揭榜钢铁行业示范工厂任务。",
        H("四、建设目标与指标", 1),
        "生产效率提升20%。",
        H("五、建设进度", 1),
        "2023年完成。",
        H("六、投资情况", 1),
        "总投资3.2亿元。",
        *PLEDGE,
    )
    app = read_application(d)
    assert titles(d) == ["高炉炉况智能诊断与操作优化"]
    assert app.scenarios[0].text == "\n".join(S1)
    assert app.application_type == "示范工厂"


def test_heading_title_then_name_label_sets_the_title() -> None:
    d = doc(
        H("场景一", 2),
        "场景名称：成品智能立体仓库",
        "对应典型场景：智能仓储",
        "场景描述（3000字以内）：",
        *S2,
    )
    (s,) = split_scenarios(d)
    assert (s.title, s.declared_typical, s.text) == ("成品智能立体仓库", "智能仓储", "\n".join(S2))


def test_description_label_with_inline_text_keeps_the_text() -> None:
    d = doc("场景名称：成品智能立体仓库", "场景描述：" + S2[0], S2[1])
    (s,) = split_scenarios(d)
    assert s.text == "\n".join(S2)


def test_table_of_contents_entries_are_not_scenarios() -> None:
    d = doc(
        "目  录",
        "场景一：机加工车间多约束智能排产…………3",
        "场景二：制动盘表面缺陷在线检测\t7",
        H("场景一：机加工车间多约束智能排产", 2),
        *S1,
        H("场景二：制动盘表面缺陷在线检测", 2),
        *S2,
    )
    app = read_application(d)
    assert titles(d) == ["机加工车间多约束智能排产", "制动盘表面缺陷在线检测"]
    assert app.scenarios[0].location.paragraph == 4


def test_images_are_skipped_captions_and_tables_inside_count() -> None:
    d = doc(
        H("场景一：全厂能耗数据监测与分析", 2),
        S1[0],
        Block("image"),
        Block("caption", "图1 能源管理平台架构"),
        T(("指标", "实施前", "实施后"), ("单位产值能耗", "0.085", "0.071")),
        S1[1],
    )
    (s,) = split_scenarios(d)
    assert s.text.split("\n") == [
        S1[0],
        "图1 能源管理平台架构",
        "指标",
        "实施前",
        "实施后",
        "单位产值能耗",
        "0.085",
        "0.071",
        S1[1],
    ]
    assert {p.block_index for p in s.paragraphs} == {1, 3, 4, 5}


def test_location_page_and_paragraph() -> None:
    d = doc(
        Block(P, "封面", page=1),
        Block(P, "说明", page=1),
        H("场景一：某场景", 2, page=2),
        Block(P, S1[0], page=2),
        H("场景二：另一场景", 2, page=3),
        Block(P, S2[0], page=3),
    )
    locs = [(s.location.page, s.location.paragraph) for s in split_scenarios(d)]
    assert locs == [(2, 3), (3, 5)]
    assert split_scenarios(d)[1].paragraphs[0].page == 3


def test_no_structure_falls_back_to_the_whole_body_with_a_notice() -> None:
    d = doc("公司简介", "我公司成立于2005年，主要生产汽车零部件。", Block("image"), "近年来推进数字化改造。")
    app = read_application(d)
    assert app.structure == "fallback"
    assert [n.code for n in app.notices] == ["no_structure"]
    assert "未识别出场景结构" in app.notices[0].message
    assert (
        app.scenarios[0].text == "公司简介\n我公司成立于2005年，主要生产汽车零部件。\n近年来推进数字化改造。"
    )


# --- applicant and type --------------------------------------------------------------------------------


def test_applicant_from_cover_and_basic_table() -> None:
    d = doc(*COVER, BASIC, H("场景一：某场景", 2), "供应商：上海某某软件有限公司。", S1[0])
    a = read_application(d).applicant
    assert a.name == "苏州恒锐汽车零部件有限公司"
    assert a.credit_code == "91320505MA1R8GQL5K"
    assert a.industry == "汽车制造业（C36）"
    assert a.region == "苏州市工业和信息化局"
    assert a.maturity_level is None


@pytest.mark.parametrize(
    "value, level",
    [
        ("二级", 2),
        ("2级", 2),
        ("规范级", 2),
        ("三级（集成级）", 3),
        ("GB/T 39116 四级", 4),
        ("引领级", 5),
        ("一级（规划级）", 1),
        ("未评估", None),
    ],
)
def test_maturity_levels(value: str, level: int | None) -> None:
    assert parse_maturity(value) == level
    d = doc(
        T(("企业名称", "江北新钢集团股份有限公司"), ("智能制造能力成熟度自评等级", value)),
        H("场景一：某场景", 2),
        S1[0],
    )
    assert read_application(d).applicant.maturity_level == level


@pytest.mark.parametrize(
    "lines, kind",
    [
        (("2022年度智能制造优秀场景申报书",), "优秀场景"),
        (("智能制造示范工厂揭榜单位申报书",), "示范工厂"),
        (("申报书", "项目类别：智能制造示范工厂"), "示范工厂"),
        (("申报书", "项目类别：智能制造优秀场景"), "优秀场景"),
        (("企业数字化改造情况报告",), "unknown"),
    ],
)
def test_application_type(lines: tuple[str, ...], kind: str) -> None:
    assert read_application(doc(*lines, H("场景一：某场景", 2), S1[0])).application_type == kind


# --- patterns ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("一", 1),
        ("九", 9),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("三十五", 35),
        ("九十九", 99),
        ("12", 12),
        ("一百", None),
        ("十十", None),
        ("二二", None),
    ],
)
def test_chinese_numerals(text: str, value: int | None) -> None:
    assert cn_to_int(text) == value


@pytest.mark.parametrize(
    "line, kind, core",
    [
        ("（一）实施方法", "paren_cn", "实施方法"),
        ("(一)实施方法", "paren_cn", "实施方法"),
        ("一、申报主体基本情况", "cn_comma", "申报主体基本情况"),
        ("十一．推广价值", "cn_comma", "推广价值"),
        ("1.场景概述", "arabic_dot", "场景概述"),
        ("1、场景概述", "arabic_dot", "场景概述"),
        ("3 场景名称", "arabic_dot", "场景名称"),
        ("（2）实施要素", "paren_arabic", "实施要素"),
        ("①设备联网", "circled", "设备联网"),
        ("3.5亿元投资", None, "3.5亿元投资"),
        ("2022年度", None, "2022年度"),
        ("一是建立模型", None, "一是建立模型"),
    ],
)
def test_enumerators(line: str, kind: str | None, core: str) -> None:
    en = split_enumerator(line)
    assert (en.kind, en.core) == (kind, core)


# --- properties ----------------------------------------------------------------------------------------

_POOL = [
    "场景一：机加工车间智能排产",
    "对应典型场景：车间智能排产",
    "（一）实施方法",
    "三、揭榜任务",
    "场景名称：智能仓储",
    "公司部署了APS系统。",
    "排产时间缩短到15分钟。",
    "场景描述（3000字以内）",
    "真实性承诺",
    "（三）柔性产线场景",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_POOL) | st.text(min_size=1, max_size=30), max_size=25))
def test_segmentation_is_total_and_only_reuses_document_text(lines: list[str]) -> None:
    d = doc(*[ln for ln in lines if ln.strip()] or ["空"])
    app = read_application(d)
    assert [s.index for s in app.scenarios] == list(range(1, len(app.scenarios) + 1))
    body = "\n".join(b.text for b in d.blocks)
    for s in app.scenarios:
        for p in s.paragraphs:
            assert p.text in body
    assert read_application(d) == app  # deterministic


# --- second strategy and form tables -------------------------------------------------------------------


def test_unmarked_child_headings_of_the_scenario_section() -> None:
    d = doc(
        *COVER,
        H("一、申报主体基本情况", 1),
        BASIC,
        H("二、智能制造场景情况", 1),
        H("（一）空调总装线多型号柔性混线生产", 2),
        H("1. 场景概述", 3),
        S1[0],
        H("2. 实施成效", 3),
        S1[1],
        H("（二）成品智能立体仓库", 2),
        S2[0],
        S2[1],
        H("三、揭榜任务", 1),
        "揭榜任务说明。",
    )
    app = read_application(d)
    assert app.structure == "sections"
    assert titles(d) == ["空调总装线多型号柔性混线生产", "成品智能立体仓库"]
    assert app.scenarios[0].text == "\n".join(["1. 场景概述", S1[0], "2. 实施成效", S1[1]])
    assert app.scenarios[1].text == "\n".join(S2)  # 揭榜任务 is not part of it
    assert not app.notices


def test_scenario_section_whose_children_are_sub_parts_is_one_scenario() -> None:
    d = doc(
        *COVER,
        "一、企业基本情况",
        "公司成立于2005年。",
        "二、场景情况",
        "（一）场景概述",
        S1[0],
        "（二）实施成效",
        S1[1],
        "三、真实性承诺",
        "本单位承诺。",
        fmt="txt",
    )
    (s,) = split_scenarios(d)
    assert s.title == "（未命名场景）"
    assert s.text == "\n".join(["（一）场景概述", S1[0], "（二）实施成效", S1[1]])


def test_name_in_an_info_table_and_description_under_a_heading() -> None:
    d = doc(
        *COVER,
        H("一、基本信息", 1),
        T(
            ("场景名称", "成品智能立体仓库", "对应典型场景", "智能仓储"),
            ("实施单位", "成品物流中心", "实施周期", "2021.3—2022.6"),
            ("联系人", "王立新", "联系电话", "0551-62881234"),
        ),
        H("二、场景描述（3000字以内）", 1),
        H("（一）场景概述", 2),
        S2[0],
        H("（二）实施成效", 2),
        S2[1],
        *PLEDGE,
    )
    (s,) = split_scenarios(d)
    assert (s.title, s.declared_typical) == ("成品智能立体仓库", "智能仓储")
    assert s.text == "\n".join(["（一）场景概述", S2[0], "（二）实施成效", S2[1]])


def test_word_toc_paragraphs_are_skipped() -> None:
    d = doc(
        Block(P, "场景一：机加工车间多约束智能排产", style="toc 2"),
        Block(P, "场景二：制动盘表面缺陷在线检测", style="TOC 2"),
        H("场景一：机加工车间多约束智能排产", 2),
        S1[0],
        H("场景二：制动盘表面缺陷在线检测", 2),
        S2[0],
    )
    app = read_application(d)
    assert titles(d) == ["机加工车间多约束智能排产", "制动盘表面缺陷在线检测"]
    assert app.scenarios[0].text == S1[0]


def test_declared_link_is_kept_when_stated() -> None:
    d = doc(
        H("场景一：机加工车间多约束智能排产", 2),
        "对应典型场景：车间智能排产",
        "所属环节：计划调度",
        S1[0],
        H("场景二：制动盘表面缺陷在线检测", 2),
        "对应典型场景：智能在线检测",
        S2[0],
    )
    assert [s.declared_link for s in split_scenarios(d)] == ["计划调度", None]


@pytest.mark.parametrize(
    "lines",
    [
        ("场景名称：成品智能立体仓库；对应典型场景：智能仓储；所属环节：仓储配送",),
        ("场景名称：成品智能立体仓库", "对应典型场景：智能仓储  所属环节：仓储配送"),
        ("场景名称：成品智能立体仓库", "所属环节：仓储配送，对应典型场景：智能仓储"),
    ],
)
def test_several_labels_on_one_line(lines: tuple[str, ...]) -> None:
    (s,) = split_scenarios(doc(*lines, *S2))
    assert (s.title, s.declared_typical, s.declared_link, s.text) == (
        "成品智能立体仓库",
        "智能仓储",
        "仓储配送",
        "\n".join(S2),
    )


def test_ocr_source_and_pages_are_carried_to_paragraphs() -> None:
    d = doc(
        Block(P, "场景一：高炉炉况智能诊断与操作优化", page=3, source="ocr", confidence=0.93),
        Block(P, "对应典型场景：先进过程控制", page=3, source="ocr", confidence=0.95),
        Block(P, S1[0], page=3, source="ocr", confidence=0.9),
        Block(P, S1[1], page=4, source="ocr", confidence=0.9),
        fmt="pdf",
    )
    (s,) = split_scenarios(d)
    assert s.from_ocr and [(p.page, p.source) for p in s.paragraphs] == [(3, "ocr"), (4, "ocr")]
    assert (s.location.page, s.location.paragraph) == (3, 1)


def test_one_table_form_with_applicant_and_scenario_rows() -> None:
    d = doc(
        H("智能制造优秀场景申报表", 1),
        T(
            ("申报单位", "苏州恒锐汽车零部件有限公司"),
            ("统一社会信用代码", "91320505MA1R8GQL5K"),
            ("场景名称", "多约束智能排产与生产执行协同"),
            ("场景描述", S1[0] + "\n" + S1[1]),
            ("实施成效", S2[1]),
        ),
    )
    app = read_application(d)
    assert (
        app.applicant.name == "苏州恒锐汽车零部件有限公司"
        and app.applicant.credit_code == "91320505MA1R8GQL5K"
    )
    assert app.application_type == "优秀场景"
    (s,) = app.scenarios
    assert s.text == "\n".join([S1[0], S1[1], "实施成效", S2[1]])


def test_scenario_section_with_prose_only_is_one_scenario() -> None:
    d = doc(
        H("智能制造优秀场景申报书", 1),
        H("一、申报说明", 1),
        "本表由申报单位填写。",
        H("二、场景描述", 1),
        *S1,
        H("三、真实性承诺", 1),
        "本单位承诺。",
        fmt="pdf",
    )
    app = read_application(d)
    # the description section owns the prose under it (first pass); the section strategy is no longer needed
    assert len(app.scenarios) == 1 and app.scenarios[0].text == "\n".join(S1)


@pytest.mark.parametrize(
    "stated, declared",
    [
        ("车间智能排产", "车间智能排产"),
        ("车间智能排产。", "车间智能排产"),
        ("□智能仓储 ☑车间智能排产 □智能在线检测", "车间智能排产"),
        ("☐ 生产计划优化  ■ 车间智能排产", "车间智能排产"),
        ("□智能仓储 □精准配送", None),
    ],
)
def test_declared_typical_as_written_or_ticked(stated: str, declared: str | None) -> None:
    (s,) = split_scenarios(doc("场景名称：机加工车间多约束智能排产", f"对应典型场景：{stated}", S1[0]))
    assert s.declared_typical == declared


def test_pdf_description_cell_running_over_the_page_break() -> None:
    desc = T(
        ("场景名称", "成品智能立体仓库"),
        ("对应典型场景", "智能仓储"),
        ("场景描述（3000字以内）", ""),
        ("一、场景概述\n" + S2[0], ""),
    )

    def spill(page: int) -> Block:
        return Block(desc.kind, rows=desc.rows, page=page)

    d = doc(
        spill(2),
        Block(P, "（续）" + S2[1], page=3),
        Block("heading", "二、实施成效", level=1, page=3),
        Block(P, S1[1], page=3),
        Block("table", rows=(("场景名称", "制动钳质量追溯"), ("场景描述", S1[0])), page=3),
        Block(P, "表后说明文字。", page=3),
        fmt="pdf",
    )
    first, second = split_scenarios(d)
    assert first.text == "\n".join(["一、场景概述", S2[0], "（续）" + S2[1], "二、实施成效", S1[1]])
    assert second.text == S1[0]  # this table ends mid-page: the note after it is not description


def test_heading_then_small_label_table_then_prose() -> None:
    d = doc(
        H("二、场景情况", 1),
        H("（一）机加工车间多约束智能排产", 2),
        T(("场景名称", "机加工车间多约束智能排产"), ("对应典型场景", "车间智能排产")),
        *S1,
        H("（二）成品智能立体仓库", 2),
        T(("场景名称", "成品智能立体仓库"), ("对应典型场景", "智能仓储")),
        *S2,
        H("三、揭榜任务", 1),
        "揭榜说明。",
    )
    app = read_application(d)
    assert [(s.title, s.declared_typical) for s in app.scenarios] == [
        ("机加工车间多约束智能排产", "车间智能排产"),
        ("成品智能立体仓库", "智能仓储"),
    ]
    assert [s.text for s in app.scenarios] == ["\n".join(S1), "\n".join(S2)]
