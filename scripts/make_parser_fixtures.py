#!/usr/bin/env python3
"""Build the parser fixtures under tests/fixtures/parsers/ and their manifest.

Each .docx is assembled with python-docx (package skeleton, built-in styles, pictures, header/footer parts)
plus raw WordprocessingML for what python-docx cannot write: numbering.xml, WPS-like styles that carry only
an outline level, text boxes inside mc:AlternateContent, fields, tracked changes and hidden text. The
manifest records the exact text, label, level and table rows that were put in, written here from the
specification (never from parser output), so tests compare the parser against the source.

The .docx are converted to .doc with LibreOffice (private profile) to test the binary reader; two are stored
as .wps (Kingsoft WPS writes the same Word 97 binary format); doc_source is also converted to PDF for the
"PDF renamed .docx" test. encrypted.docx is made with msoffcrypto-tool (a dev-only tool, not a runtime
dependency). All other bad inputs (truncated, bombs, fEncrypted .doc …) are built by tests/test_bad_input.py
at test time from these files.

Run:  python3 scripts/make_parser_fixtures.py   (needs soffice and `pip install msoffcrypto-tool`)
"""

from __future__ import annotations

import io
import json
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import docx
from docx.oxml import parse_xml
from docx.shared import Cm

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "parsers"

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')


# ---------------------------------------------------------------------------------------------- runs
def t(text: str, hidden: bool = False) -> str:
    """Plain run(s); "\\n" becomes a soft line break, "\\t" a tab."""
    rpr = "<w:rPr><w:vanish/></w:rPr>" if hidden else ""
    out = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append(f"<w:r>{rpr}<w:br/></w:r>")
        for j, seg in enumerate(line.split("\t")):
            if j:
                out.append(f"<w:r>{rpr}<w:tab/></w:r>")
            if seg:
                out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{escape(seg)}</w:t></w:r>')
    return "".join(out)


def field(instr: str, result: str) -> str:
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {escape(instr)} </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{t(result)}'
            f'<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def ins(text: str) -> str:
    return f'<w:ins w:id="901" w:author="张工" w:date="2026-03-01T08:00:00Z">{t(text)}</w:ins>'


def delete(text: str) -> str:
    return (f'<w:del w:id="902" w:author="张工" w:date="2026-03-01T08:00:00Z"><w:r>'
            f'<w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>')


def textbox(text: str, shape_id: int) -> str:
    """A Word 2010 text box: DrawingML in mc:Choice, the same text again as VML in mc:Fallback."""
    box = f"<w:txbxContent><w:p>{t(text)}</w:p></w:txbxContent>"
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="251659264" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="2743200" cy="457200"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:wrapSquare wrapText="bothSides"/><wp:docPr id="{shape_id}" name="文本框 {shape_id}"/>'
        '<wp:cNvGraphicFramePr/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        '<wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2743200" cy="457200"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
        f'<wps:txbx>{box}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
        '</w:drawing></mc:Choice><mc:Fallback><w:pict>'
        f'<v:shape id="tb{shape_id}" style="width:216pt;height:36pt" type="#_x0000_t202">'
        f'<v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'
    )


# ------------------------------------------------------------------------------------------ blocks
def para(runs: str, style: str | None = None, num: tuple[int, int] | None = None,
         outline: int | None = None) -> str:
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    if outline is not None:
        ppr += f'<w:outlineLvl w:val="{outline}"/>'
    return f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{runs}</w:p>"


def cell(content: str | list[str], span: int = 1, vmerge: str | None = None, nested: str = "") -> str:
    tcpr = f'<w:tcW w:w="{2400 * span}" w:type="dxa"/>'
    if span > 1:
        tcpr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge:
        tcpr += f'<w:vMerge w:val="{vmerge}"/>' if vmerge == "restart" else "<w:vMerge/>"
    paras = [content] if isinstance(content, str) else content
    body = "".join(para(t(p)) for p in paras) + nested
    if not body.endswith("</w:p>"):
        body += "<w:p/>"  # a cell must end with a paragraph
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{body}</w:tc>"


def table(rows: list[list[str]], cols: int) -> str:
    grid = "".join('<w:gridCol w:w="2400"/>' for _ in range(cols))
    trs = "".join(f"<w:tr>{''.join(r)}</w:tr>" for r in rows)
    return (f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
            f'<w:tblBorders><w:top w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/>'
            f'<w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders>'
            f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{trs}</w:tbl>')


# --------------------------------------------------------------------------------------- numbering
def lvl(ilvl: int, fmt: str, text: str, start: int = 1, restart: int | None = None) -> str:
    rs = f'<w:lvlRestart w:val="{restart}"/>' if restart is not None else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{rs}'
            f'<w:lvlText w:val="{escape(text)}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{420 * (ilvl + 1)}" w:hanging="420"/></w:pPr></w:lvl>')


def numbering_xml(abstracts: dict[int, list[str]], nums: dict[int, tuple[int, dict[int, int]]]) -> str:
    parts = [f'<w:abstractNum w:abstractNumId="{aid}"><w:multiLevelType w:val="multilevel"/>{"".join(lv)}'
             f"</w:abstractNum>" for aid, lv in abstracts.items()]
    for nid, (aid, overrides) in nums.items():
        ovs = "".join(f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="{s}"/></w:lvlOverride>'
                      for i, s in overrides.items())
        parts.append(f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{ovs}</w:num>')
    return f'<w:numbering {NS}>{"".join(parts)}</w:numbering>'


# ------------------------------------------------------------------------------------------ builder
class Builder:
    """Appends raw XML blocks and python-docx content in order, and records what a reader should see."""

    def __init__(self) -> None:
        self.doc = docx.Document()
        self.expected: list[dict[str, Any]] = []
        self._body = self.doc.element.body

    def raw(self, xml: str, **expect: Any) -> None:
        wrapper = parse_xml(f"<w:body {NS}>{xml}</w:body>")
        for el in list(wrapper):
            self._body.insert(len(self._body) - 1, el)  # keep w:sectPr last
        if expect:
            self.expected.append(_exp(**expect))

    def expect(self, **expect: Any) -> None:
        self.expected.append(_exp(**expect))

    def picture(self, png: bytes) -> None:
        self.doc.add_paragraph().add_run().add_picture(io.BytesIO(png), width=Cm(4))
        self.expect(kind="image")

    def styles(self, xml: str) -> None:
        for el in parse_xml(f"<w:styles {NS}>{xml}</w:styles>"):
            self.doc.styles.element.append(el)

    def numbering(self, xml: str) -> None:
        el = self.doc.part.numbering_part.element
        for child in list(el):
            el.remove(child)
        for child in parse_xml(xml):
            el.append(child)

    def header_footer(self, header: str, footer_runs: str) -> None:
        sec = self.doc.sections[0]
        sec.header.paragraphs[0].text = header
        fp = sec.footer.paragraphs[0]._p
        for el in parse_xml(f"<w:p {NS}>{footer_runs}</w:p>"):
            fp.append(el)

    def save(self, name: str) -> None:
        self.doc.save(OUT / name)


def _exp(kind: str, text: str = "", label: str = "", level: int | None = None,
         rows: list[list[str]] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": kind, "text": text, "label": label, "level": level}
    if rows is not None:
        out["rows"] = rows
    return out


def png_bytes(width: int = 48, height: int = 32) -> bytes:
    """A small solid-colour PNG (no imaging library needed)."""
    raw = b"".join(b"\x00" + bytes((40, 110, 200)) * width for _ in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


# --------------------------------------------------------------------------------------- fixtures
SCENARIO_STYLE = (
    # a custom heading style that carries the scenario numbering (numbering inherited from the style)
    '<w:style w:type="paragraph" w:customStyle="1" w:styleId="ScenarioTitle"><w:name w:val="场景标题"/>'
    '<w:basedOn w:val="Heading1"/><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
    "</w:style>"
)


def word_application() -> dict[str, Any]:
    """A Word-style 优秀场景 application: every .docx feature the parser must understand."""
    b = Builder()
    b.styles(SCENARIO_STYLE)
    b.numbering(numbering_xml(
        {
            0: [lvl(0, "chineseCounting", "场景%1："), lvl(1, "chineseCounting", "（%2）"),
                lvl(2, "decimal", "%3.")],
            1: [lvl(0, "chineseCounting", "%1、")],
            2: [lvl(0, "decimal", "%1.", start=3)],
        },
        {1: (0, {}), 2: (1, {}), 3: (2, {}), 4: (1, {0: 1}), 5: (1, {})},
    ))
    b.header_footer("某某智能装备有限公司 智能制造优秀场景申报书",
                    t("第 ") + field("PAGE", "1") + t(" 页"))
    b.raw(para(t("智能制造优秀场景申报书"), style="Title"), kind="paragraph", text="智能制造优秀场景申报书")
    b.raw(para(t("申报主体基本情况"), style="Heading1"), kind="heading", text="申报主体基本情况", level=1)
    b.raw(table([
        [cell("申报单位"), cell("某某智能装备有限公司")],
        [cell("统一社会信用代码"), cell("91320500MA1XXXXX0Q")],
        [cell("所属行业"), cell("通用设备制造业")],
        [cell("以下填写场景情况（每个场景不超过3000字）", span=2)],
    ], 2), kind="table", rows=[["申报单位", "某某智能装备有限公司"], ["统一社会信用代码", "91320500MA1XXXXX0Q"],
                             ["所属行业", "通用设备制造业"], ["以下填写场景情况（每个场景不超过3000字）"]])
    b.raw(para(t("基于数字孪生的产线智能排产"), style="ScenarioTitle"),
          kind="heading", text="基于数字孪生的产线智能排产", label="场景一：", level=1)
    b.raw(para(t("实施方法"), style="Heading2", num=(1, 1)), kind="heading", text="实施方法", label="（一）", level=2)
    b.raw(para(t("企业部署MES系统与APS高级排产系统，\n通过5G专网实时采集设备数据。\t排产周期由8小时缩短至30分钟。")),
          kind="paragraph", text="企业部署MES系统与APS高级排产系统，\n通过5G专网实时采集设备数据。\t排产周期由8小时缩短至30分钟。")
    b.raw(para(t("系统架构详见") + field('REF _Ref1001 \\h', "图 1") + t("，数据经边缘网关汇入数字孪生平台。")),
          kind="paragraph", text="系统架构详见图 1，数据经边缘网关汇入数字孪生平台。")
    b.raw(para(t("设备数据采集频率提升至") + delete("每小时一次") + ins("每秒一次") + t("，实现产线状态实时监控。")),
          kind="paragraph", text="设备数据采集频率提升至每秒一次，实现产线状态实时监控。")
    b.raw(para(t("关键工序数控化率达到95%。") + t("（内部备注：数据待财务核实）", hidden=True)),
          kind="paragraph", text="关键工序数控化率达到95%。")
    b.picture(png_bytes())
    b.raw(para(t("图 ") + field("SEQ 图 \\* ARABIC", "1") + t(" 数字孪生产线系统架构"), style="Caption"),
          kind="caption", text="图 1 数字孪生产线系统架构")
    b.raw(para(t("产线物流布局如右侧文本框所示。") + textbox("AGV物流路径优化后，物料搬运距离缩短18%。", 11)),
          kind="paragraph", text="产线物流布局如右侧文本框所示。")
    b.expect(kind="textbox", text="AGV物流路径优化后，物料搬运距离缩短18%。")
    b.raw(para(t("实施要素"), style="Heading2", num=(1, 1)), kind="heading", text="实施要素", label="（二）", level=2)
    b.raw(para(t("工业软件：MES、APS、WMS与设备管理系统。"), num=(1, 2)),
          kind="paragraph", text="工业软件：MES、APS、WMS与设备管理系统。", label="1.")
    b.raw(para(t("网络：5G专网与工业以太网双链路冗余。"), num=(1, 2)),
          kind="paragraph", text="网络：5G专网与工业以太网双链路冗余。", label="2.")
    b.raw(para(t("实施成效"), style="Heading2", num=(1, 1)), kind="heading", text="实施成效", label="（三）", level=2)
    b.raw(para(t("生产效率提升25%，运营成本降低12%。"), num=(1, 2)),
          kind="paragraph", text="生产效率提升25%，运营成本降低12%。", label="1.")
    b.raw(para(t("表2 改造前后关键指标对比")), kind="caption", text="表2 改造前后关键指标对比")
    nested = table([[cell("MES"), cell("2025年")], [cell("能源管理系统"), cell("2025年")]], 2)
    b.raw(table([
        [cell("指标"), cell("改造前"), cell("改造后")],
        [cell("设备综合效率OEE"), cell("65%"), cell("82%")],
        [cell("不良品率"), cell("3.2%"), cell(["1.1%", "（抽检口径）"])],
        [cell("单位产值综合能耗", vmerge="restart"), cell("0.52吨标煤/万元"), cell("0.41吨标煤/万元")],
        [cell("", vmerge="continue"), cell("同比口径"), cell("同比口径")],
        [cell("备注"), cell("数据来源：", span=2, nested=nested)],
    ], 3), kind="table", rows=[
        ["指标", "改造前", "改造后"], ["设备综合效率OEE", "65%", "82%"], ["不良品率", "3.2%", "1.1%\n（抽检口径）"],
        ["单位产值综合能耗", "0.52吨标煤/万元", "0.41吨标煤/万元"], ["", "同比口径", "同比口径"],
        ["备注", "数据来源：\nMES\n2025年\n能源管理系统\n2025年"],
    ])
    b.raw(para(t("基于机器视觉的焊缝质量在线检测"), style="ScenarioTitle"),
          kind="heading", text="基于机器视觉的焊缝质量在线检测", label="场景二：", level=1)
    b.raw(para(t("场景概述"), style="Heading2", num=(1, 1)), kind="heading", text="场景概述", label="（一）", level=2)
    b.raw(para(t("采用工业相机与深度学习算法，对焊缝气孔、咬边等缺陷进行在线检测。")),
          kind="paragraph", text="采用工业相机与深度学习算法，对焊缝气孔、咬边等缺陷进行在线检测。")
    b.raw(para(t("建设背景"), num=(2, 0)), kind="paragraph", text="建设背景", label="一、")
    b.raw(para(t("建设内容"), num=(2, 0)), kind="paragraph", text="建设内容", label="二、")
    # numId 4 restarts the shared abstract list; numId 5 continues it (Word keeps counters per abstract list)
    b.raw(para(t("部署视觉检测工位12个"), num=(4, 0)), kind="paragraph", text="部署视觉检测工位12个", label="一、")
    b.raw(para(t("建立缺陷样本库与模型迭代机制"), num=(5, 0)),
          kind="paragraph", text="建立缺陷样本库与模型迭代机制", label="二、")
    b.raw(para(t("检测准确率达到99.2%"), num=(3, 0)), kind="paragraph", text="检测准确率达到99.2%", label="3.")
    b.raw(para(t("漏检率降至0.05%"), num=(3, 0)), kind="paragraph", text="漏检率降至0.05%", label="4.")
    b.raw(para(t("本段使用标题3样式但大纲级别为正文。"), style="Heading3", outline=9),
          kind="paragraph", text="本段使用标题3样式但大纲级别为正文。")
    b.save("word_application.docx")
    return {"file": "word_application.docx", "blocks": b.expected,
            "headers": ["某某智能装备有限公司 智能制造优秀场景申报书"], "footers": ["第 1 页"]}


WPS_STYLES = (
    # WPS-like: numeric style ids whose only heading signal is w:outlineLvl
    '<w:style w:type="paragraph" w:styleId="2"><w:name w:val="样式 二级"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="3"><w:name w:val="样式 三级"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="21"><w:name w:val="样式 二级 加粗"/><w:basedOn w:val="2"/>'
    "<w:rPr><w:b/></w:rPr></w:style>"
    # a localized built-in heading name, and a custom style based on a built-in heading
    '<w:style w:type="paragraph" w:styleId="a5"><w:name w:val="标题 1"/><w:basedOn w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:customStyle="1" w:styleId="MyHeading"><w:name w:val="我的小标题"/>'
    '<w:basedOn w:val="Heading2"/></w:style>'
    # numbering inherited from a paragraph style
    '<w:style w:type="paragraph" w:customStyle="1" w:styleId="10"><w:name w:val="任务条目"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="6"/></w:numPr></w:pPr></w:style>'
)


def wps_application() -> dict[str, Any]:
    """A WPS-style 示范工厂 application: outline levels only, numeric style ids, style-inherited numbering."""
    b = Builder()
    b.styles(WPS_STYLES)
    b.numbering(numbering_xml({6: [lvl(0, "ideographTraditional", "%1、")],
                               7: [lvl(0, "decimalEnclosedCircle", "%1"), lvl(1, "upperLetter", "%2)"),
                                   lvl(2, "lowerRoman", "%3.", restart=0)]},
                              {6: (6, {}), 7: (7, {})}))
    b.header_footer("智能制造示范工厂揭榜任务申报书", t("— ") + field("PAGE", "2") + t(" —"))
    b.raw(para(t("智能制造示范工厂申报书"), style="a5"), kind="heading", text="智能制造示范工厂申报书", level=1)
    b.raw(para(t("企业基本情况与揭榜任务"), outline=0), kind="heading", text="企业基本情况与揭榜任务", level=1)
    b.raw(para(t("工厂建设目标与指标"), style="2"), kind="heading", text="工厂建设目标与指标", level=2)
    b.raw(para(t("生产效率提升20%以上，不良品率降低30%以上，单位产值综合能耗降低15%。")),
          kind="paragraph", text="生产效率提升20%以上，不良品率降低30%以上，单位产值综合能耗降低15%。")
    b.raw(para(t("场景一 车间智能排产"), style="21"), kind="heading", text="场景一 车间智能排产", level=2)
    b.raw(para(t("实施方法"), style="3"), kind="heading", text="实施方法", level=3)
    b.raw(para(t("依托工业互联网平台打通ERP、MES与WMS数据，实现订单驱动的动态排产。")),
          kind="paragraph", text="依托工业互联网平台打通ERP、MES与WMS数据，实现订单驱动的动态排产。")
    b.raw(para(t("实施要素"), style="MyHeading"), kind="heading", text="实施要素", level=2)
    b.raw(para(t("建设5G+边缘计算网络"), style="10"), kind="paragraph", text="建设5G+边缘计算网络", label="甲、")
    b.raw(para(t("部署数字孪生工厂可视化系统"), style="10"), kind="paragraph", text="部署数字孪生工厂可视化系统", label="乙、")
    b.raw(para(t("培养复合型数字化人才30名"), style="10"), kind="paragraph", text="培养复合型数字化人才30名", label="丙、")
    b.raw(para(t("设备管理"), num=(7, 0)), kind="paragraph", text="设备管理", label="①")
    b.raw(para(t("预测性维护"), num=(7, 1)), kind="paragraph", text="预测性维护", label="A)")
    b.raw(para(t("振动监测"), num=(7, 2)), kind="paragraph", text="振动监测", label="i.")
    b.raw(para(t("油液分析"), num=(7, 2)), kind="paragraph", text="油液分析", label="ii.")
    b.raw(para(t("备件管理"), num=(7, 1)), kind="paragraph", text="备件管理", label="B)")
    b.raw(para(t("智能库存预警"), num=(7, 2)), kind="paragraph", text="智能库存预警", label="iii.")  # lvlRestart 0
    b.raw(para(t("能源管理"), num=(7, 0)), kind="paragraph", text="能源管理", label="②")
    b.raw(para(t("能耗在线监测"), num=(7, 1)), kind="paragraph", text="能耗在线监测", label="A)")
    b.save("wps_application.docx")
    return {"file": "wps_application.docx", "blocks": b.expected,
            "headers": ["智能制造示范工厂揭榜任务申报书"], "footers": ["— 2 —"]}


def zh_counting(n: int) -> str:
    """Independent reference for 1..99 (kept deliberately simple, unlike the parser's general routine)."""
    digits = "零一二三四五六七八九"
    tens, units = divmod(n, 10)
    if tens == 0:
        return digits[units]
    head = "十" if tens == 1 else digits[tens] + "十"
    return head + (digits[units] if units else "")


FORMAT_TABLE: dict[str, list[str]] = {
    # hand-written expectations for counters 1..12
    "decimal": [str(i) for i in range(1, 13)],
    "decimalZero": ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"],
    "chineseCounting": ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"],
    "chineseCountingThousand": ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"],
    "chineseLegalSimplified": ["壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖", "壹拾", "壹拾壹", "壹拾贰"],
    "ideographTraditional": ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸", "11", "12"],
    "upperLetter": ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L"],
    "lowerLetter": ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"],
    "upperRoman": ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"],
    "lowerRoman": ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"],
    "decimalEnclosedCircle": ["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩", "⑪", "⑫"],
    "decimalFullWidth": ["１", "２", "３", "４", "５", "６", "７", "８", "９", "１０", "１１", "１２"],
}


def numbering_formats() -> dict[str, Any]:
    """One list per numFmt (12 items each), then a 99-item 一、…九十九、 list."""
    b = Builder()
    abstracts: dict[int, list[str]] = {}
    nums: dict[int, tuple[int, dict[int, int]]] = {}
    for i, fmt in enumerate(FORMAT_TABLE, start=10):
        abstracts[i] = [lvl(0, fmt, "%1.")]
        nums[i] = (i, {})
    abstracts[99] = [lvl(0, "chineseCounting", "%1、")]
    nums[99] = (99, {})
    b.numbering(numbering_xml(abstracts, nums))
    for i, (fmt, labels) in enumerate(FORMAT_TABLE.items(), start=10):
        b.raw(para(t(f"编号格式 {fmt}"), style="Heading2"), kind="heading", text=f"编号格式 {fmt}", level=2)
        for n, label in enumerate(labels, start=1):
            b.raw(para(t(f"{fmt} 第{n}项"), num=(i, 0)), kind="paragraph", text=f"{fmt} 第{n}项", label=f"{label}.")
    b.raw(para(t("中文计数一至九十九"), style="Heading2"), kind="heading", text="中文计数一至九十九", level=2)
    for n in range(1, 100):
        b.raw(para(t(f"典型场景条目{n}"), num=(99, 0)), kind="paragraph", text=f"典型场景条目{n}",
              label=f"{zh_counting(n)}、")
    b.save("numbering_formats.docx")
    return {"file": "numbering_formats.docx", "blocks": b.expected, "headers": [], "footers": []}


def doc_source() -> dict[str, Any]:
    """Plain structure LibreOffice keeps in .doc: headings, paragraphs, tables, header/footer, a field."""
    b = Builder()
    b.header_footer("某某新材料股份有限公司 申报书", t("第") + field("PAGE", "1") + t("页"))
    b.raw(para(t("场景一：基于5G的设备远程运维"), style="Heading1"),
          kind="heading", text="场景一：基于5G的设备远程运维", level=1)
    b.raw(para(t("（一）实施方法"), style="Heading2"), kind="heading", text="（一）实施方法", level=2)
    b.raw(para(t("通过5G专网将200余台关键设备接入设备管理平台，开展预测性维护。")),
          kind="paragraph", text="通过5G专网将200余台关键设备接入设备管理平台，开展预测性维护。")
    b.raw(para(t("平台采用微服务架构，\n支持OPC UA与Modbus协议。")),
          kind="paragraph", text="平台采用微服务架构，\n支持OPC UA与Modbus协议。")
    b.raw(table([
        [cell("指标名称"), cell("改造前"), cell("改造后")],
        [cell("设备故障停机时间"), cell("120小时/年"), cell("45小时/年")],
        [cell("运维响应时间"), cell(""), cell(["2小时", "（远程诊断）"])],
        [cell("合计节约成本约300万元", span=3)],
    ], 3), kind="table", rows=[["指标名称", "改造前", "改造后"], ["设备故障停机时间", "120小时/年", "45小时/年"],
                             ["运维响应时间", "", "2小时\n（远程诊断）"], ["合计节约成本约300万元"]])
    b.raw(para(t("（二）实施成效"), style="Heading2"), kind="heading", text="（二）实施成效", level=2)
    b.raw(para(t("设备综合效率由") + field("QUOTE \"68%\"", "68%") + t("提升至85%。")),
          kind="paragraph", text="设备综合效率由68%提升至85%。")
    b.raw(para(t("场景二：数字孪生工艺仿真"), style="Heading1"), kind="heading", text="场景二：数字孪生工艺仿真", level=1)
    b.raw(para(t("构建窑炉数字孪生模型，仿真优化烧成曲线，\t能耗下降8%。")),
          kind="paragraph", text="构建窑炉数字孪生模型，仿真优化烧成曲线，\t能耗下降8%。")
    b.save("doc_source.docx")
    return {"file": "doc_source.docx", "blocks": b.expected,
            "headers": ["某某新材料股份有限公司 申报书"], "footers": ["第1页"]}


def soffice_convert(src: Path, fmt: str, out_dir: Path) -> Path:
    soffice = shutil.which("soffice")
    if not soffice:
        sys.exit("soffice (LibreOffice) is needed to build the .doc fixtures")
    with tempfile.TemporaryDirectory() as prof:
        subprocess.run([soffice, f"-env:UserInstallation={Path(prof).as_uri()}", "--headless", "--convert-to",
                        fmt, "--outdir", str(out_dir), str(src)], check=True, capture_output=True, timeout=180)
    return out_dir / (src.stem + "." + fmt)


def encrypted_docx(src: Path, dst: Path) -> None:
    """Password-protect a .docx (OLE EncryptedPackage) with msoffcrypto-tool, a dev-only dependency."""
    import msoffcrypto.format.ooxml as ooxml

    enc = io.BytesIO()
    with open(src, "rb") as fh:
        ooxml.OOXMLFile(fh).encrypt("scenario2026", enc)
    dst.write_bytes(enc.getvalue())


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    manifest = [word_application(), wps_application(), numbering_formats(), doc_source()]
    doc = soffice_convert(OUT / "doc_source.docx", "doc", OUT)
    shutil.copyfile(doc, OUT / "doc_source.wps")  # WPS Writer .wps files use the same Word 97 binary format
    # the other sources as .doc too: numbering (LST/LFO), styles, captions, objects in binary form
    for name in ("word_application", "wps_application", "numbering_formats"):
        soffice_convert(OUT / f"{name}.docx", "doc", OUT)
    shutil.move(OUT / "wps_application.doc", OUT / "wps_application.wps")
    encrypted_docx(OUT / "doc_source.docx", OUT / "encrypted.docx")
    soffice_convert(OUT / "doc_source.docx", "pdf", OUT)  # a real PDF, for the "PDF renamed .docx" test
    (OUT / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(manifest)} manifests and fixtures to {OUT}")


if __name__ == "__main__":
    main()
