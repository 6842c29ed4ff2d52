"""Issue 9: form layouts stated by role (a label, its value, a heading, a section end), and never silent.

Written from the rules, in layouts our older fixtures did not cover; nothing here comes from the development
set. Documents are built by hand (model level) or as real files in a temporary folder (file level).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scenarioreview.cli import main
from scenarioreview.model import Block, Document
from scenarioreview.pipeline import CheckOptions, check_file
from scenarioreview.segment import read_application

P = "paragraph"


def H(text: str, level: int = 1, style: str = "", page: int | None = None) -> Block:
    return Block("heading", text, level=level, style=style, page=page)


def T(*rows: tuple[str, ...], page: int | None = None) -> Block:
    return Block("table", rows=tuple(rows), page=page)


def doc(*blocks: Block | str, fmt: str = "docx") -> Document:
    out = []
    for i, b in enumerate(blocks):
        b = Block(P, b) if isinstance(b, str) else b
        out.append(
            Block(b.kind, b.text, i, b.level, b.label, b.style, b.page, b.rows, b.source, b.confidence)
        )
    return Document(path=f"申报书.{fmt}", format=fmt, sha256="0" * 64, blocks=tuple(out))  # type: ignore[arg-type]


COMPANY = T(
    ("企业名称", "湖州禾丰轴承有限公司"),
    ("统一社会信用代码", "91330500MA2B3C4D5E"),
    ("所属行业", "通用设备制造业（C345 轴承制造）"),
)
PARTS = [
    "（一）场景背景",
    "公司年产深沟球轴承3800万套，磨加工工序多、换型频繁，质量波动依赖老师傅经验判断。",
    "（二）实施方法",
    "在42台磨床上加装主轴功率与振动传感器，建立砂轮磨损模型，按工件批次自动推送修整参数。",
    "（三）实施成效",
    "套圈尺寸一次合格率由97.2%提升至99.1%，砂轮消耗下降18%，年节约成本约260万元。",
]
PLEDGE = [
    H("四、真实性承诺"),
    "本单位承诺所填内容真实、准确，不涉及国家秘密和商业秘密。",
    "法定代表人（签字）：",
    "申报单位（盖章）：",
    "2023年　　月　　日",
]


# ---- 1. an info table owns the description under its own section heading ----------------------------------
@pytest.mark.parametrize(
    "info",
    [
        T(
            ("场景名称", "对应典型场景", "所属环节"),
            ("轴承套圈磨削工艺参数动态优化", "工艺动态优化", "生产作业"),
        ),
        T(
            ("场景名称", "轴承套圈磨削工艺参数动态优化"),
            ("对应典型场景", "工艺动态优化"),
            ("所属环节", "生产作业"),
        ),
    ],
    ids=["header-row", "label-rows"],
)
def test_info_table_owns_the_description_section(info: Block) -> None:
    d = doc(
        "2023年度智能制造优秀场景",
        "申　报　书",
        "申报单位（盖章）：湖州禾丰轴承有限公司",
        H("一、企业基本情况"),
        COMPANY,
        H("二、场景基本信息"),
        info,
        H("三、场景描述（不超过3000字）"),
        *PARTS,
        *PLEDGE,
    )
    app = read_application(d)
    (s,) = app.scenarios
    assert s.title == "轴承套圈磨削工艺参数动态优化"
    assert (s.declared_typical, s.declared_link, s.declared_source) == ("工艺动态优化", "生产作业", "label")
    assert s.text == "\n".join(PARTS)  # up to the next top-level section; the pledge and signatures stay out
    assert app.coverage == 1.0 and app.unassigned == ()


def test_description_subheadings_that_restart_the_top_level_numbering_stay_inside() -> None:
    inner = [
        "一、建设背景",
        PARTS[1],
        "二、主要做法",
        PARTS[3],
        "三、关键要素",
        "配置磨床数据采集终端42套。",
        "四、应用成效",
        PARTS[5],
    ]
    d = doc(
        H("一、企业基本情况"),
        COMPANY,
        H("二、场景基本信息"),
        T(("场景名称", "轴承套圈磨削工艺参数动态优化"), ("对应典型场景", "工艺动态优化")),
        H("三、场景描述"),
        *[H(x, 1) if x[1] == "、" else x for x in inner],
        H("四、推荐意见"),
        "同意推荐。",
        fmt="pdf",
    )
    (s,) = read_application(d).scenarios
    assert s.text == "\n".join(inner)  # "四、应用成效" continues the description's own numbering


# ---- 2. the cover title is not a scenario ----------------------------------------------------------------
def test_cover_title_on_two_lines_with_heading_sizes_is_not_a_scenario() -> None:
    d = doc(
        H("2023年度智能制造优秀场景", 1, page=1),
        H("申报书", 1, page=1),
        Block(P, "申报单位（盖章）：湖州禾丰轴承有限公司", page=1),
        Block(P, "二〇二三年九月", page=1),
        H("一、企业基本情况", 1, page=2),
        Block("table", rows=COMPANY.rows, page=2),
        H("二、场景基本信息", 1, page=2),
        Block(
            "table",
            rows=(("场景名称", "对应典型场景"), ("轴承套圈磨削工艺参数动态优化", "工艺动态优化")),
            page=2,
        ),
        H("三、场景描述（不超过3000字）", 1, page=2),
        *[Block(P, x, page=3) for x in PARTS],
        fmt="pdf",
    )
    app = read_application(d)
    assert [s.title for s in app.scenarios] == ["轴承套圈磨削工艺参数动态优化"]
    assert app.application_type == "优秀场景"
    assert app.applicant.name == "湖州禾丰轴承有限公司"


# ---- 3. table-per-scenario: only the description cell; wrapped label cells --------------------------------
def test_rows_after_the_description_cell_are_not_description() -> None:
    d = doc(
        H("二、场景信息表"),
        T(
            ("场景名称", "轴承套圈磨削工艺参数动态优化"),
            ("所属环节", "生产作业"),
            ("对应典型场景", "工艺动态优化"),
            ("场景描述（3000字以内）", "\n".join(PARTS)),
            ("申报单位意见", "（盖章）\n2023年　月　日"),
            ("推荐单位意见", "（盖章）\n年　月　日"),
        ),
        *PLEDGE,
    )
    (s,) = read_application(d).scenarios
    assert s.text == "\n".join(PARTS)


def test_label_cell_wrapped_in_a_narrow_pdf_column_is_still_a_label() -> None:
    d = doc(
        T(
            ("场景名称", "轴承套圈磨削工艺\n参数动态优化"),
            ("对应典型场景", "工艺动态优化"),
            ("场景描述（3000\n字以内）", "\n".join(PARTS)),
            page=3,
        ),
        H("三、真实性承诺", 1, page=5),
        fmt="pdf",
    )
    (s,) = read_application(d).scenarios
    assert s.text == "\n".join(PARTS) and "字以内" not in s.text
    assert s.title == "轴承套圈磨削工艺参数动态优化"  # 6. wrapped cell lines joined without a space


def test_wrapped_ascii_in_a_cell_keeps_one_space() -> None:
    d = doc(T(("场景名称", "基于OPC\nUA的磨床数据采集"), ("场景描述", "\n".join(PARTS))))
    assert read_application(d).scenarios[0].title == "基于OPC UA的磨床数据采集"


# ---- 4. a heading that names a guide scenario is the declaration ------------------------------------------
@pytest.mark.parametrize(
    ("heading", "declared"),
    [
        ("场景二：智能仓储", "智能仓储"),
        ("（三）精益生产管理场景", "精益生产管理"),
        ("场景一：冷轧车间设备故障诊断与预测", "设备故障诊断与预测"),
        ("场景一：轴承磨削车间的技术改造", None),
    ],
)
def test_heading_naming_a_guide_scenario_is_the_declaration(heading: str, declared: str | None) -> None:
    d = doc(H("二、示范工厂场景建设情况"), H(heading, 2, style="heading 2"), *PARTS[1::2], *PLEDGE)
    (s,) = read_application(d).scenarios
    assert s.declared_typical == declared
    assert s.declared_source == ("heading" if declared else None)


def test_a_label_beats_the_heading() -> None:
    d = doc(H("场景二：智能仓储", 2), "对应典型场景：精准配送", *PARTS[1::2])
    (s,) = read_application(d).scenarios
    assert (s.declared_typical, s.declared_source) == ("精准配送", "label")


# ---- never silent ----------------------------------------------------------------------------------------
def test_scenario_without_a_description_is_an_error_and_is_not_classified(tmp_path: Path) -> None:
    p = tmp_path / "只有信息表.txt"
    p.write_text(
        "场景名称：轴承套圈磨削工艺参数动态优化\n对应典型场景：工艺动态优化\n四、真实性承诺\n本单位承诺。\n",
        encoding="utf-8",
    )
    rep = check_file(str(p), CheckOptions())
    assert rep.status == "partial"
    (s,) = rep.scenarios
    assert [f.category for f in s.findings if f.severity == "error"] == ["missing_description"]
    assert "未找到场景描述" in s.findings[0].message
    assert s.classification is None


def test_body_text_outside_every_scenario_is_reported_and_scanned(tmp_path: Path) -> None:
    p = tmp_path / "场景外正文.txt"
    p.write_text(
        "\n".join(
            [
                "一、企业基本情况",
                "企业名称：湖州禾丰轴承有限公司",
                "二、场景情况",
                "场景一：轴承套圈磨削工艺参数动态优化",
                "对应典型场景：工艺动态优化",
                *PARTS,
                "三、补充说明",
                "项目联系人手机13912345678，项目资料另见附件，与以上场景无关的补充文字在这里继续写满一整段话。",
            ]
        ),
        encoding="utf-8",
    )
    rep = check_file(str(p), CheckOptions(classify=False))
    assert rep.application is not None
    (u,) = rep.application.unassigned
    assert u.chars > 30 and rep.application.coverage is not None and rep.application.coverage < 1
    assert any(n.code == "unassigned_text" for n in rep.notices)
    assert any(f.category == "phone" and "场景外正文" in f.evidence for f in rep.findings)


def test_a_renamed_text_file_says_what_it_is(tmp_path: Path) -> None:
    p = tmp_path / "申报书.docx"
    p.write_text("场景一：轴承套圈磨削工艺参数动态优化\n" + "\n".join(PARTS), encoding="utf-8")
    out = CliRunner().invoke(main, ["parse", str(p), "--format", "json"])
    rep = json.loads(out.output)[0]
    assert rep["format"] == "txt"
    assert [n["code"] for n in rep["notices"]] == ["format_mismatch"]
    assert "纯文本" in rep["notices"][0]["message"]


# ---- 5. OCR boxes rebuilt into table rows -----------------------------------------------------------------
def _box(x0: float, top: float, x1: float, text: str, h: float = 50) -> object:
    from scenarioreview.parsers.pdf.ocr import OcrLine

    return OcrLine(x0, top, x1, top + h, text, 0.99)


def test_ocr_boxes_become_table_rows_with_wrapped_cells() -> None:
    from scenarioreview.parsers.pdf.ocr import _Table, page_rows

    boxes = [
        _box(250, 100, 620, "二、场景基本信息"),
        _box(440, 200, 610, "场景名称"),
        _box(840, 200, 1070, "对应典型场景"),
        _box(1190, 200, 1350, "所属环节"),
        _box(280, 290, 770, "轴承套圈磨削工艺参"),
        _box(830, 290, 1080, "工艺动态优化"),
        _box(1180, 290, 1360, "生产作业"),
        _box(380, 345, 670, "数动态优化"),
        _box(250, 460, 880, "三、场景描述（不超过3000字）"),
        _box(250, 540, 1400, "公司年产深沟球轴承3800万套，磨加工工序多、换型频繁。"),
    ]
    rows = page_rows(boxes)  # type: ignore[arg-type]
    kinds = [type(r).__name__ for r in rows]
    assert kinds == ["OcrLine", "_Table", "OcrLine", "OcrLine"]
    table = rows[1]
    assert isinstance(table, _Table)
    assert table.rows == [
        ["场景名称", "对应典型场景", "所属环节"],
        ["轴承套圈磨削工艺参数动态优化", "工艺动态优化", "生产作业"],
    ]


def test_a_lone_signature_row_stays_a_line() -> None:
    from scenarioreview.parsers.pdf.ocr import page_rows

    rows = page_rows(
        [
            _box(250, 100, 560, "法定代表人（签字）："),
            _box(800, 100, 1100, "申报单位（盖章）："),  # type: ignore[list-item]
            _box(250, 200, 1400, "本单位承诺所填内容真实、准确。"),
        ]
    )
    assert [getattr(r, "text", None) for r in rows] == [
        "法定代表人（签字）：",
        "申报单位（盖章）：",
        "本单位承诺所填内容真实、准确。",
    ]


def test_ocr_paragraph_cut_by_a_page_break_is_joined() -> None:
    def ocr(text: str, page: int, kind: str = P, level: int | None = None) -> Block:
        return Block(kind, text, level=level, page=page, source="ocr", confidence=0.98)

    d = doc(
        ocr("场景一：轴承套圈磨削工艺参数动态优化", 2, "heading", 2),
        ocr("对应典型场景：工艺动态优化", 2),
        ocr("公司在42台磨床上加装主轴功率与振动传感器，建立砂轮", 2),
        ocr(
            "湖州禾丰轴承有限公司2023年度智能制造优秀场景申报书", 3, "heading", 2
        ),  # running header of a scan
        ocr("磨损模型，按工件批次自动推送修整参数。", 3),
        ocr("套圈尺寸一次合格率由97.2%提升至99.1%。", 3),
        ocr("湖州禾丰轴承有限公司2023年度智能制造优秀场景申报书", 4, "heading", 2),
        ocr("四、真实性承诺", 4, "heading", 1),
        fmt="pdf",
    )
    (s,) = read_application(d).scenarios
    assert [p.text for p in s.paragraphs] == [
        "公司在42台磨床上加装主轴功率与振动传感器，建立砂轮磨损模型，按工件批次自动推送修整参数。",
        "套圈尺寸一次合格率由97.2%提升至99.1%。",
    ]
