"""PDF parser: generated application forms (tests/fixtures/pdf, made by scripts/make_pdf_fixtures.py)
must come back block for block; bad inputs must raise the right InputError."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarioreview.errors import CorruptFile, EncryptedFile
from scenarioreview.model import Document
from scenarioreview.parsers.pdf import parse_pdf
from scenarioreview.parsers.pdf.layout import (
    Layout,
    Para,
    build_paragraphs,
    heading_level,
    is_page_number,
    numbering_level,
    split_running,
)
from scenarioreview.parsers.pdf.lines import Line, build_lines, dedupe
from scenarioreview.textjoin import join_wrapped

FIX = Path(__file__).parent / "fixtures" / "pdf"
MANIFEST = json.loads((FIX / "manifest.json").read_text("utf-8"))


def _parse(name: str, **kw: str) -> Document:
    path = FIX / name
    data = path.read_bytes()
    return parse_pdf(path, data, hashlib.sha256(data).hexdigest(), **kw)


@functools.cache
def _parsed(name: str) -> Document:
    """Parsed once per session: Documents are frozen, and the form fixtures are read by many tests."""
    return _parse(name)


def _norm(text: str) -> str:
    """Whitespace-normalised: runs collapse to one space, and spaces next to a non-ASCII character go
    (they are layout, not content, in Chinese text)."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r" (?=[^\x00-\x7f])|(?<=[^\x00-\x7f]) ", "", text)


def _expected(name: str) -> list[dict]:
    return MANIFEST["files"][name]["blocks"]


def _view(blocks) -> list[tuple]:
    return [
        (b.kind, tuple(tuple(_norm(c) for c in r) for r in b.rows))
        if b.kind == "table"
        else (b.kind, _norm(b.text))
        for b in blocks
    ]


def _expected_view(name: str) -> list[tuple]:
    return [
        (b["kind"], tuple(tuple(_norm(c) for c in r) for r in b["rows"]))
        if b["kind"] == "table"
        else (b["kind"], _norm(b.get("text", "")))
        for b in _expected(name)
    ]


@pytest.mark.parametrize(
    "name", ["form_a.pdf", "form_b.pdf", "form_c.pdf", "form_d.pdf", "form_e.pdf", "form_f.pdf", "form_g.pdf"]
)
def test_blocks_equal_source(name: str) -> None:
    doc = _parsed(name)
    assert doc.status == "ok" and not doc.notices
    assert _view(doc.blocks) == _expected_view(name)


@pytest.mark.parametrize("name", ["form_a.pdf", "form_b.pdf", "form_c.pdf", "form_d.pdf", "form_e.pdf"])
def test_heading_levels_and_pages(name: str) -> None:
    doc = _parsed(name)
    expected = [b for b in _expected(name)]
    for got, exp in zip(doc.blocks, expected):
        if exp["kind"] == "heading":
            assert got.level == exp["level"], got.text
        if exp["kind"] not in ("table", "image"):
            assert got.page == exp["page"], got.text[:20]
    assert [b.index for b in doc.blocks] == list(range(len(doc.blocks)))
    assert all(b.page is not None for b in doc.blocks)
    assert doc.pages == max(b.get("end_page", 0) for b in expected)


def test_paragraphs_crossing_page_breaks_are_one_block() -> None:
    # The fixture must really contain such paragraphs, or this test proves nothing.
    crossing = [b for b in _expected("form_a.pdf") if b["kind"] == "paragraph" and b["end_page"] > b["page"]]
    assert len(crossing) >= 2
    doc = _parsed("form_a.pdf")
    texts = {_norm(b.text): b.page for b in doc.blocks if b.kind == "paragraph"}
    for b in crossing:
        assert texts[_norm(b["text"])] == b["page"]


def test_merged_description_cell_continued_as_a_lone_cell_overleaf() -> None:
    import pdfplumber

    settings = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
    with pdfplumber.open(str(FIX / "form_f.pdf")) as pdf:
        finders = [p.debug_tablefinder(settings) for p in pdf.pages]
    # the fixture really leaves one ruled cell, and no table, at the top of page 2
    assert len(finders[1].cells) == 1 and not finders[1].tables
    (table,) = [b for b in _parsed("form_f.pdf").blocks if b.kind == "table"]
    assert table.page == 1 and [len(r) for r in table.rows] == [2, 2, 1, 1]  # merged cells appear once
    rows = next(b["rows"] for b in _expected("form_f.pdf") if b["kind"] == "table")
    assert [_norm(p) for p in table.rows[3][0].split("\n")] == [_norm(p) for p in rows[3][0].split("\n")]


def test_running_header_drawn_as_a_table_is_a_header() -> None:
    import pdfplumber

    with pdfplumber.open(str(FIX / "form_g.pdf")) as pdf:
        assert all(len(p.find_tables()) == 1 for p in pdf.pages)  # the header really is a ruled table
    doc = _parsed("form_g.pdf")
    assert all(b.kind != "table" for b in doc.blocks)
    assert doc.headers == ("江淮新材料科技有限公司智能制造优秀场景申报书",)


def test_page_border_and_boxed_paragraph_are_not_tables() -> None:
    import pdfplumber

    with pdfplumber.open(str(FIX / "form_e.pdf")) as pdf:
        assert len(pdf.pages[0].lines) >= 8  # the fixture really draws a page border and a box
    doc = _parsed("form_e.pdf")
    assert all(b.kind != "table" for b in doc.blocks)
    assert doc.headers == ("智能制造优秀场景申报书（江淮新材料科技有限公司）",)


@pytest.mark.parametrize(
    ("name", "header", "footer_re"),
    [
        ("form_a.pdf", "华东精密机械股份有限公司智能制造优秀场景申报书", r"第\s*\d+\s*页\s*共\s*4\s*页"),
        ("form_b.pdf", "智能制造示范工厂揭榜任务申报书（江南汽车零部件有限公司）", r"-\s*\d+\s*-"),
    ],
)
def test_running_headers_and_footers_leave_the_body(name: str, header: str, footer_re: str) -> None:
    doc = _parsed(name)
    assert [_norm(h) for h in doc.headers] == [header]
    assert len(doc.footers) == 1 and re.fullmatch(footer_re, doc.footers[0])
    for b in doc.blocks:
        assert header not in _norm(b.text)
        assert not re.search(footer_re, b.text)


def test_table_across_page_break_is_merged_once() -> None:
    import pdfplumber

    # The source table really starts on one page and ends on the next.
    rows = next(b["rows"] for b in _expected("form_a.pdf") if b["kind"] == "table")
    with pdfplumber.open(str(FIX / "form_a.pdf")) as pdf:
        texts = [p.extract_text() for p in pdf.pages]
    first = next(i for i, t in enumerate(texts) if "工业机器人" in t and "KR-210" in t)
    assert "扫码枪" in texts[first + 1] and "扫码枪" not in texts[first]
    assert texts[first + 1].count("型号/规格") == 1  # the header row is repeated on the next page

    doc = _parsed("form_a.pdf")
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert len(tables) == 1
    assert tables[0].page == first + 1
    assert [tuple(_norm(c) for c in r) for r in tables[0].rows] == [tuple(_norm(c) for c in r) for r in rows]
    # a row that broke over the page boundary is rebuilt, and cell text is not repeated as paragraphs
    assert ("3", "AGV", "SLAM激光导航", "22台", "物料配送") in tables[0].rows
    body = "".join(b.text for b in doc.blocks if b.kind != "table")
    for cell in ("KR-210", "扫码枪", "多功能电表", "型号/规格"):
        assert cell not in body


def test_table_continuation_without_repeated_header() -> None:
    doc = _parsed("form_b.pdf")
    (table,) = [b for b in doc.blocks if b.kind == "table"]
    assert len(table.rows) == 27 and table.rows[0] == ("指标", "实施前", "实施后", "变化")
    assert table.rows[-1] == ("指标26：不良品率", "85.0", "95.5", "7.2%")
    assert sum(1 for r in table.rows if r[0] == "指标") == 1


def test_ascii_terms_survive() -> None:
    text = "\n".join(b.text for b in _parsed("form_a.pdf").blocks)
    for term in ("OPC UA", "5G+MEC", "12.5%", "GB/T 39116-2020", "1,250万元", "OEE"):
        assert term in text
    # no space is left between CJK characters or next to them
    assert not re.search(r"[\u4e00-\u9fff] | [\u4e00-\u9fff]", text)


def test_fake_bold_doubled_glyphs_are_removed() -> None:
    import pdfplumber

    with pdfplumber.open(str(FIX / "fakebold.pdf")) as fb, pdfplumber.open(str(FIX / "form_a.pdf")) as plain:
        n_fb = sum(len(p.chars) for p in fb.pages)
        n_plain = sum(len(p.chars) for p in plain.pages)
        raw = fb.pages[0].extract_text()
    assert n_fb == 2 * n_plain  # the fixture really draws every glyph twice
    assert "智智能能" in raw or "华华东东" in raw  # and a naive extraction doubles the text
    doubled, plain_doc = _parsed("fakebold.pdf"), _parsed("form_a.pdf")
    assert _view(doubled.blocks) == _view(plain_doc.blocks) == _expected_view("form_a.pdf")
    assert [b.page for b in doubled.blocks] == [b.page for b in plain_doc.blocks]
    assert doubled.headers == plain_doc.headers


def test_scanned_pdf_is_partial_with_a_notice_per_page() -> None:
    doc = _parse("scanned.pdf", ocr="never")
    assert doc.status == "partial" and doc.blocks == () and doc.pages == 2
    assert [(n.code, n.page, n.message) for n in doc.notices] == [
        ("no_text_layer", 1, "第 1 页没有可用的文字层（可能是扫描件），未能提取文字"),
        ("no_text_layer", 2, "第 2 页没有可用的文字层（可能是扫描件），未能提取文字"),
    ]


def test_scanned_pdf_without_ocr_module(monkeypatch: pytest.MonkeyPatch) -> None:
    from scenarioreview.parsers.pdf import reader as pdf_mod

    monkeypatch.setattr(pdf_mod, "_ocr_function", lambda: None)
    doc = _parse("scanned.pdf", ocr="auto")
    assert doc.status == "partial" and [n.page for n in doc.notices] == [1, 2]


def test_mixed_pdf_keeps_text_page_and_flags_scan() -> None:
    doc = _parse("mixed.pdf", ocr="never")
    assert doc.status == "partial" and doc.pages == 2
    assert [(n.code, n.page) for n in doc.notices] == [("no_text_layer", 2)]
    assert doc.blocks and all(b.page == 1 for b in doc.blocks)
    assert "一、企业基本情况" in [b.text for b in doc.blocks if b.kind == "heading"]


def test_needs_ocr_decision() -> None:
    import pdfplumber

    from scenarioreview.parsers.pdf.reader import _needs_ocr

    with pdfplumber.open(str(FIX / "mixed.pdf")) as pdf:
        assert [_needs_ocr(p) for p in pdf.pages] == [None, "no_text_layer"]


@pytest.mark.parametrize(
    ("name", "error", "needle"),
    [
        ("encrypted.pdf", EncryptedFile, "加密"),
        ("truncated.pdf", CorruptFile, "损坏"),
        ("garbage.pdf", CorruptFile, "损坏"),
        ("zero_pages.pdf", CorruptFile, "PDF 没有任何页面"),
    ],
)
def test_bad_pdfs_raise_input_errors(name: str, error: type, needle: str) -> None:
    with pytest.raises(error) as info:
        _parse(name)
    assert needle in info.value.message


def test_through_the_parser_entry_point() -> None:
    from scenarioreview.parsers import parse

    doc = parse(FIX / "form_b.pdf")
    assert doc.format == "pdf" and doc.sha256 == hashlib.sha256((FIX / "form_b.pdf").read_bytes()).hexdigest()
    with pytest.raises(EncryptedFile) as info:
        parse(FIX / "encrypted.pdf")
    assert info.value.path == str(FIX / "encrypted.pdf")


def test_ocr_hook_receives_flagged_pages_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hook's plumbing: which pages go to OCR and how its blocks are placed (the engine is a later task;
    here a recorder stands in for it and returns what a recogniser would)."""
    from scenarioreview.model import Block
    from scenarioreview.parsers.pdf import reader as pdf_mod

    calls: list[int] = []

    def fake_ocr_page(pdf_bytes: bytes, page_number: int) -> list[Block]:
        assert pdf_bytes.startswith(b"%PDF")
        calls.append(page_number)
        return [Block(kind="paragraph", text=f"识别结果{page_number}", confidence=0.9)]

    monkeypatch.setattr(pdf_mod, "_ocr_function", lambda: fake_ocr_page)
    doc = _parse("mixed.pdf")
    assert calls == [2]
    assert doc.status == "ok"  # an OCR'd page is read, not missing: only an informational notice
    assert [(n.code, n.page, n.message) for n in doc.notices] == [
        ("ocr", 2, "第 2 页为扫描页，已 OCR 识别（平均置信度 0.90）")
    ]
    last = doc.blocks[-1]
    assert (last.text, last.page, last.source, last.index) == ("识别结果2", 2, "ocr", len(doc.blocks) - 1)
    assert all(b.source == "text-layer" for b in doc.blocks[:-1])
    monkeypatch.setattr(pdf_mod, "_ocr_function", lambda: pytest.fail("OCR must not run with ocr='never'"))
    assert _parse("mixed.pdf", ocr="never").status == "partial"


# --- pure text and layout rules, on hand-made glyphs ------------------------------------------------------


def _chars(text: str, x: float = 90.0, top: float = 100.0, size: float = 12.0, font: str = "SimSun") -> list:
    """Glyph dicts as pdfplumber makes them: CJK one em wide, ASCII half an em."""
    out = []
    for ch in text:
        w = size if ord(ch) > 0x2E80 else size * 0.5
        out.append(
            {
                "text": ch,
                "x0": x,
                "x1": x + w,
                "top": top,
                "bottom": top + size,
                "size": size,
                "fontname": font,
                "upright": True,
            }
        )
        x += w
    return out


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("采用OPC", "UA协议", "采用OPC UA协议"),
        ("基于5G", "+MEC架构", "基于5G+MEC架构"),
        ("综合能耗下降12.5", "%，全员", "综合能耗下降12.5%，全员"),
        ("智能制造能力成", "熟度模型", "智能制造能力成熟度模型"),
        ("参照GB/T", "39116-2020", "参照GB/T 39116-2020"),
        ("APS/", "MES系统", "APS/MES系统"),
        ("", "第一行", "第一行"),
    ],
)
def test_join_wrapped(left: str, right: str, joined: str) -> None:
    assert join_wrapped(left, right) == joined


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("采 用 数 字 孪 生", "采用数字孪生"),  # spaces pdfplumber sees between CJK glyphs
        ("基于 OPC UA 的数据采集", "基于OPC UA的数据采集"),
        ("GB/T 39116-2020", "GB/T 39116-2020"),
        ("“十四五” 期间", "“十四五”期间"),
    ],
)
def test_line_text_spacing(text: str, expected: str) -> None:
    (line,) = build_lines(_chars(text), page=1)
    assert line.text == expected


def test_gap_without_space_glyph_between_ascii_words() -> None:
    chars = _chars("OPC") + _chars("UA", x=90 + 3 * 6 + 4)  # a 4 pt gap, no space glyph
    (line,) = build_lines(chars, page=1)
    assert line.text == "OPC UA"


def test_doubled_glyphs_dedupe_and_mixed_fonts_share_a_line() -> None:
    base = _chars("能耗下降")
    shifted = [dict(c, x0=c["x0"] + 0.3, x1=c["x1"] + 0.3) for c in base]
    assert [c["text"] for c in dedupe(sorted(base + shifted, key=lambda c: c["x0"]))] == list("能耗下降")
    # a Latin font sits 2 pt lower on the same baseline: still one line
    mixed = _chars("提升") + _chars("23.6%", x=114, top=102.0, font="DejaVuSerif")
    (line,) = build_lines(mixed, page=1)
    assert line.text == "提升23.6%"


@pytest.mark.parametrize(
    ("text", "page_number"),
    [
        ("第 3 页 共 15 页", True),
        ("- 3 -", True),
        ("3/15", True),
        ("12", True),
        ("第3页", True),
        ("— 7 —", True),
        ("共15页 第3页", True),
        ("3. 实施成效", False),
        ("2024年度", False),
    ],
)
def test_is_page_number(text: str, page_number: bool) -> None:
    assert is_page_number(text) is page_number


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("一、企业基本情况", 1),
        ("场景一：计划优化排产", 2),
        ("（三）实施成效", 3),
        ("(二)实施要素", 3),
        ("1. 数据采集", 4),
        ("（1）设备联网", 5),
        ("2.3 网络架构", 3),
        ("企业以数字化车间为载体", None),
    ],
)
def test_numbering_level(text: str, level: int | None) -> None:
    assert numbering_level(text) == level


LAY = Layout(left=90.0, right=510.0, body_size=12.0, pitch=18.0, heading_sizes=[16.0])


def _line(
    text: str,
    x0: float = 90.0,
    top: float = 100.0,
    page: int = 1,
    size: float = 12.0,
    bold: bool = False,
    full: bool = True,
) -> Line:
    x1 = 510.0 if full else x0 + len(text) * size
    return Line(page=page, x0=x0, x1=x1, top=top, bottom=top + size, size=size, bold=bold, text=text)


def test_heading_rules() -> None:
    assert heading_level(_line("一、企业基本情况", bold=True, size=16, full=False), LAY) == 1
    assert heading_level(_line("（二）实施要素", full=False), LAY) == 3  # numbered, short, not bold
    assert heading_level(_line("项目简介", x0=276, full=False), LAY) == 2  # centred
    assert heading_level(_line("（二）实施要素：采用了如下措施。", full=False), LAY) is None
    assert heading_level(_line("企业以数字化车间为载体，围绕三大工序开展智能化改造", full=True), LAY) is None
    bold_para = "本单位承诺：申报材料所填内容及提供的附件材料真实、准确、有效，不涉及国家秘密"
    assert heading_level(_line(bold_para, bold=True, full=True), LAY) is None
    assert heading_level(_line("场景名称", bold=True, full=False), LAY) == 4  # short bold line


def test_paragraph_rules_indent_short_line_gap_and_page_break() -> None:
    stream = [
        _line("企业以数字化车间为载体，围绕焊装、涂装和总装三大工序开展", x0=114, top=100),
        _line("智能化改造，采用OPC", top=118),
        _line("UA协议。", top=136, full=False),  # ends short: paragraph over
        _line("项目部署了边缘计算平台，", top=154, full=False),  # short, not indented: its own paragraph
        _line("设备数据实时采集，本行排满且首行缩进", x0=114, top=172),
        _line("下一段在空行之后开始，没有缩进但间距较大", top=220),  # vertical gap after a full line
        _line("并在本页最后一行仍未结束", top=238),
        _line("而在下一页顶部继续，没有缩进。", page=2, top=80, full=False),
        _line("新的一段有首行缩进。", x0=114, page=2, top=98, full=False),
    ]
    out = build_paragraphs(stream, LAY)
    assert all(isinstance(p, Para) for p in out)
    assert [(p.text, p.page) for p in out] == [
        ("企业以数字化车间为载体，围绕焊装、涂装和总装三大工序开展智能化改造，采用OPC UA协议。", 1),
        ("项目部署了边缘计算平台，", 1),
        ("设备数据实时采集，本行排满且首行缩进", 1),
        ("下一段在空行之后开始，没有缩进但间距较大并在本页最后一行仍未结束而在下一页顶部继续，没有缩进。", 1),
        ("新的一段有首行缩进。", 2),
    ]


def test_split_running_needs_repetition_or_a_page_number() -> None:
    pages = [
        [
            _line("某某公司申报书", top=40, size=9, full=False),
            _line(f"正文第{i}页", top=100),
            _line(f"{i}", top=800),
        ]
        for i in (1, 2, 3)
    ]
    body, headers, footers = split_running(pages, [842.0] * 3)
    assert headers == ["某某公司申报书"] and footers == ["1"]
    assert [[ln.text for ln in p] for p in body] == [["正文第1页"], ["正文第2页"], ["正文第3页"]]
    # a heading that opens several pages, right above the body text, is not a running header
    opening = [[_line("（一）实施方法", top=80, full=False), _line(f"正文{i}", top=98)] for i in (1, 2, 3)]
    body, headers, _ = split_running(opening, [842.0] * 3)
    assert headers == [] and [p[0].text for p in body] == ["（一）实施方法"] * 3
    # a single page: small print at the top goes, and so does a bare page number at the bottom ...
    body, headers, footers = split_running([pages[0]], [842.0])
    assert headers == ["某某公司申报书"] and footers == ["1"] and [ln.text for ln in body[0]] == ["正文第1页"]
    # ... but a title in body-size type stays
    title = [
        _line("智能制造优秀场景申报书", top=40, size=12, full=False),
        _line("正文", top=100),
        _line("1", top=800),
    ]
    body, headers, _ = split_running([title], [842.0])
    assert headers == [] and [ln.text for ln in body[0]] == ["智能制造优秀场景申报书", "正文"]


def test_cell_text_wraps_codes_and_keeps_cell_paragraphs() -> None:
    from scenarioreview.parsers.pdf.tables import cell_text

    bbox = (88.0, 90.0, 160.0, 200.0)  # a narrow cell: 12 ASCII characters per line
    code = _chars("913203031006", x=90) + _chars("33526K", x=90, top=114)
    assert cell_text(code, bbox, 1) == "91320303100633526K"  # a credit code broken by force
    words = _chars("采用OPC", x=90) + _chars("UA协议", x=90, top=114)
    assert cell_text(words, (88.0, 90.0, 142.0, 200.0), 1) == "采用OPC UA协议"
    two = _chars("设备联网", x=90) + _chars("数据采集", x=90, top=114)  # first line ends far from the edge
    assert cell_text(two, bbox, 1) == "设备联网\n数据采集"


def test_ragged_line_end_before_unbreakable_punctuation_is_not_a_paragraph_end() -> None:
    # Left-aligned text: "号、" cannot be split, so the line above stops 1.5 em short of the margin.
    stream = [
        Line(
            page=1,
            x0=90.0,
            x1=492.0,
            top=100.0,
            bottom=112.0,
            size=12.0,
            bold=False,
            text="按照统一的编码规则对每个设备和构件赋予唯一标识，并挂接设备型",
        ),
        _line("号、供应商和技术参数等属性信息。", top=118, full=False),
    ]
    (para,) = build_paragraphs(stream, LAY)
    assert para.text.endswith("挂接设备型号、供应商和技术参数等属性信息。")


def test_narrative_cell_running_over_a_page_break() -> None:
    """Table-style forms keep the whole description in one cell; Word lets the row break over pages."""
    import pdfplumber

    rows = next(b["rows"] for b in _expected("form_c.pdf") if b["kind"] == "table")
    narrative = rows[3][1]
    with pdfplumber.open(str(FIX / "form_c.pdf")) as pdf:
        texts = ["".join(p.extract_text().split()) for p in pdf.pages]
    flat = "".join(narrative.split())
    assert flat[:30] in texts[0] and flat[-30:] in texts[1]  # the fixture really splits the row

    doc = _parsed("form_c.pdf")
    (table,) = [b for b in doc.blocks if b.kind == "table"]
    assert table.page == 1 and len(table.rows) == len(rows) == 5
    assert table.rows[1] == ("统一社会信用代码", "91320505MA1XK7PQ3R")
    label, text = table.rows[3]
    assert label == "场景描述"
    assert [_norm(p) for p in text.split("\n")] == [_norm(p) for p in narrative.split("\n")]
    assert doc.headers == ("智能制造优秀场景申报表",) and doc.footers == ("1/2",)


# --- properties -------------------------------------------------------------------------------------------


_ALPHABET = st.sampled_from(
    list("智能制造场景数字孪生设备，。、（）“”") + list("OPCUA5Gm+-.%/,") + [" ", "  "]
)


def _canonical(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r" (?=[^\x00-\x7f])|(?<=[^\x00-\x7f]) ", "", text)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, min_size=1, max_size=40).map("".join), st.floats(0.0, 0.5))
def test_line_text_is_canonical_and_survives_doubling(text: str, offset: float) -> None:
    chars = [c for c in _chars(text)]
    lines = build_lines(chars, page=1)
    expected = _canonical(text)
    assert (lines[0].text if lines else "") == expected
    doubled = chars + [dict(c, x0=c["x0"] + offset, x1=c["x1"] + offset) for c in chars]
    assert [ln.text for ln in build_lines(doubled, page=1)] == [ln.text for ln in lines]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_ALPHABET, min_size=1, max_size=20).map("".join),
    st.lists(_ALPHABET, min_size=1, max_size=20).map("".join),
)
def test_join_wrapped_adds_at_most_one_space_between_ascii(left: str, right: str) -> None:
    left, right = left.strip(), right.strip()
    joined = join_wrapped(left, right)
    if (
        left
        and right
        and left[-1].isascii()
        and left[-1].isalnum()
        and right[0].isascii()
        and right[0].isalnum()
    ):
        assert joined == f"{left} {right}"
    else:
        assert joined == left + right


def test_undecodable_text_layer_is_reported() -> None:
    doc = _parse("garbled.pdf", ocr="never")
    assert doc.status == "partial" and doc.blocks == () and doc.pages == 1
    assert [(n.code, n.page, n.message) for n in doc.notices] == [
        ("garbled_text_layer", 1, "第 1 页的文字层无法解码（字体缺少编码映射），未能提取文字")
    ]


@pytest.mark.parametrize("seed", range(6))
def test_damaged_bytes_never_escape_as_raw_exceptions(seed: int) -> None:
    import random

    from scenarioreview.errors import InputError

    rng = random.Random(seed)
    data = bytearray((FIX / "form_b.pdf").read_bytes())
    for _ in range(rng.choice([3, 20])):
        pos = rng.randrange(len(data))
        data[pos : pos + 200] = bytes(rng.randrange(256) for _ in range(200))
    try:
        doc = parse_pdf(Path("damaged.pdf"), bytes(data), "0" * 64, ocr="never")
    except InputError as exc:
        assert exc.message  # a Chinese reason, not a traceback
    else:
        assert doc.format == "pdf" and doc.pages is not None


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("\u2f2f业互联\u2f79", "工业互联网"),  # Kangxi radicals ⼯ ⽹ standing in for 工 网
        ("\u2ed3度与\u2ed4户", "长度与门户"),  # simplified radicals ⻓ ⻔ (no NFKC mapping)
        ("\ufb01le", "file"),  # a Latin ligature
        (
            "全角ＡＢＣ１２３，“十四五”",
            "全角ＡＢＣ１２３，“十四五”",
        ),  # full-width forms stay: 字数 counts them
    ],
)
def test_lookalike_code_points_are_repaired(raw: str, fixed: str) -> None:
    (line,) = build_lines(_chars(raw), page=1)
    assert line.text == fixed


def test_a_failing_ocr_engine_costs_only_its_page(monkeypatch: pytest.MonkeyPatch) -> None:
    from scenarioreview.parsers.pdf import reader as pdf_mod

    def broken(pdf_bytes: bytes, page_number: int) -> list:
        raise RuntimeError("onnxruntime session failed")

    monkeypatch.setattr(pdf_mod, "_ocr_function", lambda: broken)
    doc = _parse("mixed.pdf")
    assert doc.status == "partial" and doc.blocks and all(b.page == 1 for b in doc.blocks)
    assert [(n.code, n.page) for n in doc.notices] == [("ocr_failed", 2), ("no_text_layer", 2)]


def test_mirrored_margins_use_each_pages_own_text_edges() -> None:
    """Odd and even pages shifted by a binding gutter: every page is measured on its own."""
    from scenarioreview.parsers.pdf.layout import measure

    def page(n: int, shift: float) -> list[Line]:
        rows = []
        top = 100.0
        for k in range(3):  # three paragraphs: indented first line, two full lines, a short last line
            for j, (dx, full) in enumerate(((24.0, True), (0.0, True), (0.0, False))):
                text = f"第{n}页第{k}段第{j}行" + ("内容" * 10 if full else "。")
                x0 = 90.0 + shift + dx
                x1 = 510.0 + shift if full else x0 + 120.0
                rows.append(
                    Line(page=n, x0=x0, x1=x1, top=top, bottom=top + 12, size=12.0, bold=False, text=text)
                )
                top += 18.0
        return rows

    pages = [page(1, 0.0), page(2, 30.0), page(3, 0.0)]
    lay = measure(pages)
    assert lay is not None
    assert (round(lay.left_of(2)), round(lay.right_of(2))) == (120, 540)
    out = build_paragraphs([ln for p in pages for ln in p], lay)
    assert [(p.page, p.lines) for p in out] == [(n, 3) for n in (1, 2, 3) for _ in range(3)]


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("号、供应商", 2),  # a closing mark travels with the character before it
        ("式，2021年因", 6),  # ... and an ASCII word right after it stays on the same line
        ("台、MES、WMS、设备", 10),
        ("2021年的", 4),
        ("“十四五”期间", 2),  # an opening quote never ends a line
        ("OPC UA协议", 3),
        ("", 0),
    ],
)
def test_unit_length(text: str, length: int) -> None:
    from scenarioreview.parsers.pdf.lines import unit_length

    assert unit_length(text) == length


def test_measured_lead_and_page_break_without_indents() -> None:
    (line,) = build_lines(_chars("式，2021年因主轴故障"), page=2)
    assert line.lead == pytest.approx(12 + 12 + 4 * 6)  # CJK glyphs one em, ASCII half an em in _chars
    flat = Layout(left=90.0, right=510.0, body_size=12.0, pitch=16.0, indents=False)
    end_of_page = _line("具有较好的推广条件。", top=760, full=True)
    next_page = _line("下一步，公司计划把AGV配送延伸到机加工车间。", page=2, top=80, full=False)
    assert len(build_paragraphs([end_of_page, next_page], flat)) == 2
    # with first-line indents, the missing indent says the paragraph goes on
    assert len(build_paragraphs([end_of_page, next_page], LAY)) == 1


def test_near_same_and_alternating_running_headers() -> None:
    odd, even = "华东精密机械股份有限公司智能制造优秀场景申报书", "二〇二二年度智能制造试点示范申报材料"
    pages = []
    for i in range(1, 7):
        head = odd if i % 2 else even
        if i == 5:
            head = odd + "（续）"  # a variant of the odd-page header
        pages.append([_line(head, top=40, size=9, full=False), _line(f"正文内容{i}", top=100)])
    body, headers, _ = split_running(pages, [842.0] * 6)
    assert headers == [odd, even]
    assert all(len(p) == 1 and p[0].text.startswith("正文") for p in body)


def test_superscripts_and_subscripts_stay_on_their_line() -> None:
    chars = _chars("厂房面积12000m") + _chars("2", x=90 + 4 * 12 + 6 * 6, top=97.0, size=7.0)
    chars += _chars("，减排CO", x=90 + 4 * 12 + 6 * 6 + 3.5, top=100.0)
    chars += _chars("2", x=90 + 4 * 12 + 6 * 6 + 3.5 + 3 * 12 + 2 * 6, top=106.0, size=7.0)
    chars += _chars("约10%。", x=300.0)
    chars += _chars("下一行", top=118.0)
    lines = build_lines(chars, page=1)
    assert [ln.text for ln in lines] == ["厂房面积12000m2，减排CO2约10%。", "下一行"]
