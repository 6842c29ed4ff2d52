"""Build the PDF parser fixtures in tests/fixtures/pdf/ (committed; tests never need LibreOffice).

Seven application forms are written as .docx with python-docx and converted to PDF with LibreOffice:
form_a/form_b (header, page-number footer, numbered headings, first-line-indented justified paragraphs, a
table over a page break with/without a repeated header row, paragraphs crossing page breaks, ASCII terms
such as "OPC UA" and "12.5%"), form_c (a table-style form whose description cell runs over a page),
form_d (ragged right, no indents, paragraph spacing, a figure with its caption), form_e (a page border and
a boxed paragraph), form_f (a merged description cell continued overleaf as a lone cell), form_g (a running header drawn
as a ruled table). ``manifest.json``
records exactly what went in, block by block, with the pages each paragraph starts and ends on. Derived
files exercise the awkward cases: fake-bold doubled glyphs, an image-only (scanned) PDF, a text page
followed by a scanned page, an encrypted PDF, a text layer without Unicode maps, a truncated PDF, garbage
bytes and a PDF without pages.

LibreOffice stamps dates and IDs, so a rerun changes every PDF's bytes: restore the PDFs whose source did
not change (git checkout) and commit only what is new, to keep the repository small.

Needs: python-docx, LibreOffice (soffice), fonts-noto-cjk, pypdf (fixture-only), Pillow, pypdfium2.
Run: python3 scripts/make_pdf_fixtures.py
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

from docx import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pdf"
FONT = "Noto Serif CJK SC"
HEADING_FONT = "Noto Sans CJK SC"

# Sentences are combined deterministically into paragraphs; the wording is ours, the vocabulary is the
# programme's (实施方法 / 实施要素 / 实施成效, equipment, software, network, data, people).
SENTENCES = [
    "企业以数字化车间为载体，围绕焊装、涂装和总装三大工序开展智能化改造。",
    "项目部署了基于OPC UA的设备数据采集平台，接入数控机床、工业机器人和AGV共计326台套。",
    "通过5G+MEC边缘计算架构，现场质检图像在本地完成推理，单帧检测时延降至35毫秒以内。",
    "生产计划由APS高级排产系统按订单交期、物料齐套和设备能力自动生成，并下发至MES执行。",
    "质量管控环节引入机器视觉在线检测，对焊缝气孔、漏焊和尺寸偏差实现全检。",
    "设备管理采用振动、温度和电流多源信号融合的预测性维护模型，提前识别主轴轴承早期故障。",
    "能源管理系统对水、电、气实施分项计量，按产线和班组核算单位产值综合能耗。",
    "仓储配送环节建设了立体仓库和WMS系统，实现原材料入库、拣选和配送的一物一码追溯。",
    "企业组建了由信息化部、工艺部和设备部共28人组成的专项团队，负责方案设计与实施推进。",
    "项目参照GB/T 39116-2020开展智能制造能力成熟度自评估，目前达到三级集成级水平。",
    "数字孪生模型与物理产线同步运行，工艺人员可在虚拟环境中验证节拍和布局调整方案。",
    "关键工业软件均采用国产化产品，核心控制系统满足安全可靠要求。",
    "项目实施后，生产效率提升23.6%，产品不良品率由1.8%下降至0.9%。",
    "设备综合利用率（OEE）由68%提高到81.5%，年节约运营成本约1,250万元。",
    "订单交付周期缩短31%，单位产值综合能耗下降12.5%，全员劳动生产率明显提高。",
    "企业制定了数据治理规范，统一了物料编码、设备编码和工艺参数的数据字典。",
    "网络方面，车间部署了工业以太网和5G专网双链路，关键业务数据实现毫秒级传输。",
    "在人员组织上，企业建立了内部讲师制度，累计开展智能制造专题培训46场次。",
    "该场景的实施经验已在集团内另外3家工厂复制推广，形成了可借鉴的标准化实施路径。",
    "系统通过API接口与ERP、PLM和SRM打通，消除了设计、生产和采购之间的信息孤岛。",
    "针对多品种小批量的生产特点，企业采用柔性工装和快速换型技术，换型时间由45分钟缩短至12分钟。",
    "质量数据按批次自动归档，客户投诉可在10分钟内追溯到具体工位、设备和操作人员。",
    "项目总投资8,600万元，其中软件投入占比34%，硬件投入占比52%，其余用于咨询和培训。",
    "下一步，企业将深化人工智能大模型在工艺优化和故障诊断中的应用。",
]


def _para_text(start: int, count: int) -> str:
    return "".join(SENTENCES[(start + i) % len(SENTENCES)] for i in range(count))


def _set_run_font(run, size: float, bold: bool = False, font: str = FONT) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = font
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), font)


def _field(paragraph, instr: str, size: float) -> None:
    """Append a simple field (PAGE / NUMPAGES) that LibreOffice renders with the real number."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(int(size * 2)))
    rpr.append(sz)
    r.append(rpr)
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    paragraph._p.append(fld)


def _text_run(paragraph, text: str, size: float) -> None:
    run = paragraph.add_run(text)
    _set_run_font(run, size)


class FormWriter:
    """Writes a .docx and remembers every body block it wrote (the manifest)."""

    def __init__(self, header: str, footer_style: str, repeat_table_header: bool) -> None:
        self.doc = DocxDocument()
        self.bold_first_row = True
        self.flat = False
        self.blocks: list[dict] = []
        self.repeat_table_header = repeat_table_header
        sec = self.doc.sections[0]
        sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
        sec.top_margin = sec.bottom_margin = Cm(2.54)
        sec.left_margin = sec.right_margin = Cm(3.0)
        hp = sec.header.paragraphs[0]
        hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _text_run(hp, header, 9)
        fp = sec.footer.paragraphs[0]
        fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if footer_style == "cn":  # 第 3 页 共 15 页
            _text_run(fp, "第 ", 9)
            _field(fp, "PAGE", 9)
            _text_run(fp, " 页 共 ", 9)
            _field(fp, "NUMPAGES", 9)
            _text_run(fp, " 页", 9)
        elif footer_style == "slash":  # 3/15
            _field(fp, "PAGE", 9)
            _text_run(fp, "/", 9)
            _field(fp, "NUMPAGES", 9)
        else:  # - 3 -
            _text_run(fp, "- ", 9)
            _field(fp, "PAGE", 9)
            _text_run(fp, " -", 9)

    def title(self, text: str) -> None:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(18)
        _set_run_font(p.add_run(text), 22, bold=True, font=HEADING_FONT)
        self.blocks.append({"kind": "heading", "level": 1, "text": text})

    def figure(self, caption: str) -> None:
        """A block diagram (boxes and arrows, no text in the image) with a centred caption below it."""
        from PIL import Image, ImageDraw

        img = Image.new("RGB", (480, 200), "white")
        draw = ImageDraw.Draw(img)
        for k in range(3):
            x = 20 + k * 160
            draw.rectangle((x, 60, x + 120, 140), outline="navy", width=4)
            if k < 2:
                draw.line((x + 120, 100, x + 160, 100), fill="navy", width=4)
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        buf.seek(0)
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run().add_picture(buf, width=Cm(10))
        self.blocks.append({"kind": "image"})
        c = self.doc.add_paragraph()
        c.alignment = WD_ALIGN_PARAGRAPH.CENTER
        c.paragraph_format.space_after = Pt(8)
        _set_run_font(c.add_run(caption), 10.5)
        self.blocks.append({"kind": "caption", "text": caption})

    def heading(self, text: str, level: int) -> None:
        size = {1: 16, 2: 14, 3: 12}[level]
        p = self.doc.add_paragraph()
        p.paragraph_format.space_before = Pt(12 if level == 1 else 6)
        p.paragraph_format.space_after = Pt(6)
        p.paragraph_format.keep_with_next = True
        _set_run_font(p.add_run(text), size, bold=True, font=HEADING_FONT)
        self.blocks.append({"kind": "heading", "level": level, "text": text})

    def para(self, text: str) -> None:
        p = self.doc.add_paragraph()
        if self.flat:  # left-aligned (ragged right), no indent, paragraphs set apart by spacing
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            p.paragraph_format.space_after = Pt(8)
        else:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Pt(24)
            p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.line_spacing = 1.25
        _set_run_font(p.add_run(text), 12)
        self.blocks.append({"kind": "paragraph", "text": text})

    def table(self, rows: list[list[str]]) -> None:
        t = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                cell = t.cell(r, c)
                cell.paragraphs[0].text = ""
                if "\n" in value:  # a narrative cell: one indented, justified paragraph per line
                    for k, part in enumerate(value.split("\n")):
                        p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                        p.paragraph_format.first_line_indent = Pt(21)
                        _set_run_font(p.add_run(part), 10.5)
                    continue
                _set_run_font(cell.paragraphs[0].add_run(value), 10.5, bold=(r == 0 and self.bold_first_row))
        if self.repeat_table_header:
            trpr = t.rows[0]._tr.get_or_add_trPr()
            el = OxmlElement("w:tblHeader")
            el.set(qn("w:val"), "true")
            trpr.append(el)
        self.blocks.append({"kind": "table", "rows": rows})
        # An empty spacer paragraph keeps Word from gluing the next heading to the table; it has no text.
        self.doc.add_paragraph()

    def save(self, path: Path) -> None:
        self.doc.save(str(path))


EQUIPMENT = [
    ["序号", "名称", "型号/规格", "数量", "用途"],
    *[
        [str(i + 1), name, model, qty, use]
        for i, (name, model, qty, use) in enumerate(
            [
                ("工业机器人", "KR-210 R2700", "48台", "车身焊接与搬运"),
                ("数控加工中心", "VMC-1160", "36台", "关键零部件精加工"),
                ("AGV", "SLAM激光导航", "22台", "物料配送"),
                ("机器视觉检测站", "12MP工业相机", "14套", "焊缝与外观检测"),
                ("5G工业网关", "5G+MEC", "30台", "设备数据接入"),
                ("边缘计算服务器", "2U GPU", "6台", "图像推理"),
                ("立体仓库堆垛机", "单立柱 20m", "4台", "原材料存储"),
                ("能源计量表", "多功能电表", "210块", "分项计量"),
                ("振动传感器", "三轴 IEPE", "180个", "预测性维护"),
                ("数据采集网关", "OPC UA", "40台", "设备联网"),
                ("MES系统", "自主开发 V3.2", "1套", "生产执行"),
                ("APS系统", "国产商业软件", "1套", "高级排产"),
                ("WMS系统", "国产商业软件", "1套", "仓储管理"),
                ("能源管理系统", "EMS 2.0", "1套", "能耗监测"),
                ("数字孪生平台", "自主开发", "1套", "产线仿真"),
                ("质量管理系统", "QMS", "1套", "质量追溯"),
                ("工业防火墙", "国产", "8台", "网络安全"),
                ("扫码枪", "二维码", "120把", "一物一码"),
            ]
        )
    ],
]


def form_a() -> FormWriter:
    """An 优秀场景 application: one scenario, a big equipment table crossing a page break."""
    w = FormWriter("华东精密机械股份有限公司智能制造优秀场景申报书", "cn", repeat_table_header=True)
    w.title("智能制造优秀场景申报书")
    w.heading("一、企业基本情况", 1)
    w.para(_para_text(0, 3))
    w.para(_para_text(8, 2))
    w.heading("二、场景描述", 1)
    w.heading("场景一：基于机器视觉的焊缝质量在线检测", 2)
    w.heading("（一）实施方法", 3)
    for k in range(6):
        w.para(_para_text(2 + k * 3, 5 + k % 2))
    w.heading("（二）实施要素", 3)
    w.para(_para_text(16, 3))
    w.table(EQUIPMENT)
    w.para(_para_text(19, 4))
    w.heading("（三）实施成效", 3)
    w.para(_para_text(12, 3))
    w.para(_para_text(5, 12))  # a long paragraph: likely crosses a page break
    w.para(_para_text(18, 2))
    return w


def form_b() -> FormWriter:
    """A 示范工厂 application: several scenarios, a KPI table without a repeated header row."""
    w = FormWriter("智能制造示范工厂揭榜任务申报书（江南汽车零部件有限公司）", "dash", repeat_table_header=False)
    w.title("智能制造示范工厂申报书")
    w.heading("一、工厂总体情况", 1)
    w.para(_para_text(22, 4))
    w.para(_para_text(9, 2))
    w.heading("二、典型场景", 1)
    titles = ["场景一：计划优化排产", "场景二：设备故障诊断与预测", "场景三：能耗数据监测"]
    for s, title in enumerate(titles):
        w.heading(title, 2)
        for sub, n in (("（一）实施方法", 6), ("（二）实施要素", 4), ("（三）实施成效", 3)):
            w.heading(sub, 3)
            w.para(_para_text(s * 7 + n, n + s))
    w.heading("三、揭榜任务指标", 1)
    kpi = [["指标", "实施前", "实施后", "变化"]]
    for i in range(26):
        kpi.append([f"指标{i + 1}：{['生产效率', '不良品率', '运营成本', '综合能耗'][i % 4]}",
                    f"{60 + i}.0", f"{70 + i}.5", f"{(i % 7) + 3}.2%"])
    w.table(kpi)
    w.para(_para_text(3, 3))
    return w


def form_c() -> FormWriter:
    """A table-style form: the whole scenario narrative sits in one cell that runs over a page break."""
    w = FormWriter("智能制造优秀场景申报表", "slash", repeat_table_header=False)
    w.bold_first_row = False
    w.title("智能制造优秀场景申报表")
    narrative = "\n".join(_para_text(k * 5, 3 + k % 3) for k in range(7))
    effect = "\n".join(_para_text(12 + k, 2) for k in range(2))
    w.table([
        ["申报单位", "苏州恒锐汽车零部件有限公司"],
        ["统一社会信用代码", "91320505MA1XK7PQ3R"],
        ["场景名称", "多约束智能排产与生产执行协同"],
        ["场景描述", narrative],
        ["实施成效", effect],
    ])
    w.para(_para_text(20, 2))
    return w


def form_d() -> FormWriter:
    """Ragged right, no first-line indents, spacing between paragraphs (a common Word default): paragraph
    ends must come from unbreakable-unit widths, vertical gaps and, over a page break, sentence ends."""
    w = FormWriter("智能制造优秀场景申报书（长江智能装备有限公司）", "dash", repeat_table_header=False)
    w.flat = True
    w.title("智能制造优秀场景申报书")
    w.heading("场景一：基于5G+MEC的设备预测性维护", 2)
    for k in range(14):
        w.para(_para_text(k * 5 + 1, 2 + k % 4))
        if k == 2:
            w.figure("图1 设备预测性维护系统架构")
    return w


def _page_border(writer: FormWriter) -> None:
    """A single-line border round every page (页面边框), as some templates have."""
    sect = writer.doc.sections[0]._sectPr
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "text")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        for k, v in (("w:val", "single"), ("w:sz", "8"), ("w:space", "12"), ("w:color", "000000")):
            el.set(qn(k), v)
        borders.append(el)
    sect.append(borders)


def form_e() -> FormWriter:
    """A page border and a boxed paragraph (a one-cell table): frames, not tables; their text is body."""
    w = FormWriter("智能制造优秀场景申报书（江淮新材料科技有限公司）", "cn", repeat_table_header=False)
    _page_border(w)
    w.title("智能制造优秀场景申报书")
    w.heading("一、申报说明", 1)
    w.para(_para_text(3, 3))
    box = w.doc.add_table(rows=1, cols=1)
    box.style = "Table Grid"
    cell = box.cell(0, 0)
    text = _para_text(7, 3)
    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    cell.paragraphs[0].paragraph_format.first_line_indent = Pt(24)
    _set_run_font(cell.paragraphs[0].add_run(text), 12)
    w.blocks.append({"kind": "paragraph", "text": text})
    w.doc.add_paragraph()
    w.heading("二、场景描述", 1)
    for k in range(7):
        w.para(_para_text(11 + k * 4, 3 + k % 3))
    return w


def form_f() -> FormWriter:
    """Table-style form whose last row, a description cell merged across both columns, breaks over a
    page: the next page shows it as a lone ruled cell (no table of its own for pdfplumber)."""
    w = FormWriter("智能制造优秀场景申报表（皖北精工机械有限公司）", "cn", repeat_table_header=False)
    w.title("智能制造优秀场景申报表")
    w.para(_para_text(4, 6))
    w.para(_para_text(9, 5))
    narrative = "\n".join(_para_text(k * 3 + 2, 3 + k % 2) for k in range(6))
    rows = [
        ["申报单位", "皖北精工机械有限公司"],
        ["场景名称", "关键零部件加工质量在线检测"],
        ["场景描述（3000字以内）", ""],
        [narrative, ""],
    ]
    t = w.doc.add_table(rows=len(rows), cols=2)
    t.style = "Table Grid"
    for r, row in enumerate(rows):
        if not row[1]:
            t.cell(r, 0).merge(t.cell(r, 1))
        cell = t.cell(r, 0)
        for k, part in enumerate(row[0].split("\n")):
            p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
            if "\n" in row[0]:
                p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                p.paragraph_format.first_line_indent = Pt(21)
            _set_run_font(p.add_run(part), 10.5)
        if row[1]:
            _set_run_font(t.cell(r, 1).paragraphs[0].add_run(row[1]), 10.5)
    w.blocks.append({"kind": "table", "rows": [tuple(x for x in row if x) for row in rows]})
    w.doc.add_paragraph()
    w.para(_para_text(15, 2))
    return w


def form_g() -> FormWriter:
    """The running header is a ruled two-cell table (a common template): it must not become a table."""
    w = FormWriter("", "dash", repeat_table_header=False)
    header = w.doc.sections[0].header
    t = header.add_table(rows=1, cols=2, width=Cm(15))
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, ("江淮新材料科技有限公司", "智能制造优秀场景申报书")):
        _set_run_font(cell.paragraphs[0].add_run(text), 9)
    w.title("智能制造优秀场景申报书")
    w.heading("一、场景描述", 1)
    for k in range(8):
        w.para(_para_text(k * 3 + 5, 3 + k % 3))
    return w


def soffice_convert(docx: Path, outdir: Path) -> Path:
    profile = Path(tempfile.gettempdir()) / f"lo-profile-{os.getpid()}"
    cmd = ["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
           "--outdir", str(outdir), str(docx)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
    return outdir / (docx.stem + ".pdf")


def _pages_of_paragraphs(pdf: Path, blocks: list[dict]) -> None:
    """Record on which page each paragraph starts and ends, from the raw text layer (independent of the
    parser under test): the first and last 10 characters are located in the whitespace-free page text."""
    import pdfplumber

    def without_tables(page):  # table text is left out: cells repeat sentences of the body
        for t in page.find_tables():
            page = page.outside_bbox(t.bbox)
        return page

    with pdfplumber.open(str(pdf)) as doc:
        pages = ["".join(without_tables(p).extract_text().split()) for p in doc.pages]
    starts = [sum(len(t) for t in pages[:i]) for i in range(len(pages))]
    flat = "".join(pages)
    pos = 0  # blocks are in order, so each one is searched after the previous one

    def page_at(offset: int) -> int:
        return max(i for i, s in enumerate(starts) if s <= offset) + 1

    for b in blocks:
        if b["kind"] in ("table", "image"):
            continue
        text = "".join(b["text"].split())
        at = flat.index(text[:12], pos)
        end = flat.index(text[-12:], at) + len(text[-12:]) - 1
        b["page"], b["end_page"] = page_at(at), page_at(end)
        pos = end


def _double_glyphs(src: Path, dst: Path) -> None:
    """WPS-style fake bold: every page's content is drawn twice, the second time shifted by 0.3 pt."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ContentStream

    writer = PdfWriter(clone_from=PdfReader(str(src)))
    for page in writer.pages:
        data = page.get_contents().get_data()
        doubled = b"q\n" + data + b"\nQ\nq 1 0 0 1 0.3 0 cm\n" + data + b"\nQ\n"
        cs = ContentStream(None, writer)
        cs.set_data(doubled)
        page.replace_contents(cs)
    writer.compress_identical_objects()
    for p in writer.pages:
        p.compress_content_streams()
    with dst.open("wb") as fh:
        writer.write(fh)


def _scanned(src: Path, dst: Path, pages: int) -> None:
    """An image-only PDF (no text layer), as a scanner makes: page renders saved as a PDF by Pillow."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(src))
    images = [pdf[i].render(scale=60 / 72).to_pil().convert("L") for i in range(pages)]
    images[0].save(str(dst), save_all=True, append_images=images[1:], resolution=60)


def _mixed(text_pdf: Path, scanned_pdf: Path, dst: Path) -> None:
    """Page 1 has a text layer, page 2 is a scan."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(str(text_pdf)).pages[0])
    writer.add_page(PdfReader(str(scanned_pdf)).pages[1])
    with dst.open("wb") as fh:
        writer.write(fh)


def _garbled(src: Path, dst: Path) -> None:
    """Page 1 only, with the fonts' ToUnicode maps removed: glyphs decode to "(cid:N)" (a text layer that
    exists but cannot be read, as in some PDFs made by old or Chinese-locale printer drivers)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(str(src)))
    while len(writer.pages) > 1:
        writer.remove_page(len(writer.pages) - 1)
    for font in writer.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        if "/ToUnicode" in font:
            del font[NameObject("/ToUnicode")]
    with dst.open("wb") as fh:
        writer.write(fh)


def _encrypted(src: Path, dst: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(src)))
    writer.encrypt(user_password="shenbao2024", owner_password="owner-2024", algorithm="AES-128")
    with dst.open("wb") as fh:
        writer.write(fh)


def _zero_pages(dst: Path) -> None:
    from pypdf import PdfWriter

    buf = io.BytesIO()
    PdfWriter().write(buf)
    dst.write_bytes(buf.getvalue())


def main() -> int:
    if shutil.which("soffice") is None:
        print("需要 LibreOffice (soffice)", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    manifest: dict = {"generator": "scripts/make_pdf_fixtures.py", "files": {}}
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        for name, build, header, footer in (
            ("form_a", form_a, "华东精密机械股份有限公司智能制造优秀场景申报书", "第 {n} 页 共 {total} 页"),
            ("form_b", form_b, "智能制造示范工厂揭榜任务申报书（江南汽车零部件有限公司）", "- {n} -"),
            ("form_c", form_c, "智能制造优秀场景申报表", "{n}/{total}"),
            ("form_d", form_d, "智能制造优秀场景申报书（长江智能装备有限公司）", "- {n} -"),
            ("form_e", form_e, "智能制造优秀场景申报书（江淮新材料科技有限公司）", "第 {n} 页 共 {total} 页"),
            ("form_f", form_f, "智能制造优秀场景申报表（皖北精工机械有限公司）", "第 {n} 页 共 {total} 页"),
            ("form_g", form_g, "江淮新材料科技有限公司智能制造优秀场景申报书", "- {n} -"),
        ):
            writer = build()
            docx = tmpdir / f"{name}.docx"
            writer.save(docx)
            pdf = soffice_convert(docx, tmpdir)
            shutil.copy(pdf, OUT / f"{name}.pdf")
            _pages_of_paragraphs(OUT / f"{name}.pdf", writer.blocks)
            manifest["files"][f"{name}.pdf"] = {"header": header, "footer": footer, "blocks": writer.blocks}
    _double_glyphs(OUT / "form_a.pdf", OUT / "fakebold.pdf")
    manifest["files"]["fakebold.pdf"] = {"same_as": "form_a.pdf"}
    _scanned(OUT / "form_a.pdf", OUT / "scanned.pdf", pages=2)
    _mixed(OUT / "form_a.pdf", OUT / "scanned.pdf", OUT / "mixed.pdf")
    _encrypted(OUT / "form_b.pdf", OUT / "encrypted.pdf")
    _garbled(OUT / "form_b.pdf", OUT / "garbled.pdf")
    full = (OUT / "form_b.pdf").read_bytes()
    (OUT / "truncated.pdf").write_bytes(full[: len(full) * 2 // 5])
    (OUT / "garbage.pdf").write_bytes(b"%PDF-1.7\n" + zlib.compress(b"not a pdf body" * 40))
    _zero_pages(OUT / "zero_pages.pdf")
    (OUT / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", "utf-8")
    for f in sorted(OUT.iterdir()):
        print(f"{f.name:20s} {f.stat().st_size:>8d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
