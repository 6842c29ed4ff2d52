"""The .docx backend against fixtures whose exact content is recorded in tests/fixtures/parsers/manifest.json
(written by scripts/make_parser_fixtures.py from the source specification, not from parser output)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenarioreview import parsers
from scenarioreview.model import Block
from scenarioreview.parsers.docx import parse_docx
from scenarioreview.parsers.numfmt import chinese_counting, format_number

FIX = Path(__file__).parent / "fixtures" / "parsers"
MANIFEST = json.loads((FIX / "manifest.json").read_text(encoding="utf-8"))
DOCX_CASES = [m for m in MANIFEST if m["file"].endswith(".docx")]


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def as_record(b: Block) -> dict:
    rec = {"kind": b.kind, "text": norm(b.text), "label": b.label, "level": b.level}
    if b.kind == "table":
        rec["rows"] = [[norm(c) for c in row] for row in b.rows]
    return rec


def expected_record(e: dict) -> dict:
    rec = {"kind": e["kind"], "text": norm(e["text"]), "label": e["label"], "level": e["level"]}
    if "rows" in e:
        rec["rows"] = [[norm(c) for c in row] for row in e["rows"]]
    return rec


@pytest.mark.parametrize("case", DOCX_CASES, ids=lambda m: m["file"])
def test_blocks_match_source(case: dict) -> None:
    doc = parsers.parse(FIX / case["file"])
    assert doc.format == "docx"
    assert [as_record(b) for b in doc.blocks] == [expected_record(e) for e in case["blocks"]]
    assert [b.index for b in doc.blocks] == list(range(len(doc.blocks)))
    assert list(doc.headers) == case["headers"]
    assert list(doc.footers) == case["footers"]


@pytest.fixture(scope="module")
def word_app():
    return parsers.parse(FIX / "word_application.docx")


def test_soft_breaks_and_tabs_are_kept_verbatim(word_app) -> None:
    para = next(b for b in word_app.blocks if b.text.startswith("企业部署MES"))
    assert (
        para.text
        == "企业部署MES系统与APS高级排产系统，\n通过5G专网实时采集设备数据。\t排产周期由8小时缩短至30分钟。"
    )


def test_hidden_deleted_and_field_code_text_is_dropped(word_app) -> None:
    everything = "\n".join(
        [b.text for b in word_app.blocks]
        + [c for b in word_app.blocks for r in b.rows for c in r]
        + list(word_app.footers)
    )
    assert "内部备注" not in everything  # w:vanish
    assert "每小时一次" not in everything and "每秒一次" in everything  # w:del dropped, w:ins kept
    for code in ("REF", "_Ref1001", "SEQ", "PAGE", "ARABIC"):
        assert code not in everything


def test_text_box_appears_once_after_its_anchor(word_app) -> None:
    kinds = [b.kind for b in word_app.blocks]
    boxes = [b for b in word_app.blocks if b.kind == "textbox"]
    assert len(boxes) == 1  # the mc:Fallback copy is not read
    anchor = word_app.blocks[boxes[0].index - 1]
    assert anchor.text == "产线物流布局如右侧文本框所示。"
    assert kinds.count("image") == 1


def test_caption_from_style_and_from_adjacency(word_app) -> None:
    caps = [b for b in word_app.blocks if b.kind == "caption"]
    assert [c.text for c in caps] == ["图 1 数字孪生产线系统架构", "表2 改造前后关键指标对比"]
    assert word_app.blocks[caps[0].index - 1].kind == "image"
    assert word_app.blocks[caps[1].index + 1].kind == "table"


def test_label_is_not_part_of_text(word_app) -> None:
    scen = [b for b in word_app.blocks if b.label.startswith("场景")]
    assert [b.display_text for b in scen] == [
        "场景一：基于数字孪生的产线智能排产",
        "场景二：基于机器视觉的焊缝质量在线检测",
    ]
    assert all(not b.text.startswith("场景") for b in scen)


# A numbering-format table written by hand (Word's rendering), Chinese counting through 99 and beyond.
ZH_COUNTING = {
    1: "一",
    2: "二",
    9: "九",
    10: "十",
    11: "十一",
    15: "十五",
    19: "十九",
    20: "二十",
    21: "二十一",
    30: "三十",
    45: "四十五",
    56: "五十六",
    70: "七十",
    88: "八十八",
    99: "九十九",
    100: "一百",
    101: "一百零一",
    110: "一百一十",
    999: "九百九十九",
    1001: "一千零一",
}


@pytest.mark.parametrize(("n", "text"), sorted(ZH_COUNTING.items()))
def test_chinese_counting(n: int, text: str) -> None:
    assert chinese_counting(n) == text
    assert format_number(n, "chineseCounting") == text


@pytest.mark.parametrize(
    ("n", "fmt", "text"),
    [
        (3, "decimal", "3"),
        (7, "decimalZero", "07"),
        (4, "upperLetter", "D"),
        (27, "upperLetter", "AA"),
        (2, "lowerLetter", "b"),
        (14, "upperRoman", "XIV"),
        (9, "lowerRoman", "ix"),
        (3, "decimalEnclosedCircle", "③"),
        (20, "decimalEnclosedCircle", "⑳"),
        (21, "decimalEnclosedCircle", "21"),
        (3, "ideographTraditional", "丙"),
        (10, "chineseLegalSimplified", "壹拾"),
        (12, "decimalFullWidth", "１２"),
        (5, "bullet", ""),
        (2, "decimalEnclosedParen", "⑵"),
        (6, "someFutureFormat", "6"),
    ],
)
def test_format_table(n: int, fmt: str, text: str) -> None:
    assert format_number(n, fmt) == text


def test_numbering_99_items_in_document() -> None:
    doc = parsers.parse(FIX / "numbering_formats.docx")
    labels = [b.label for b in doc.blocks if b.text.startswith("典型场景条目")]
    assert len(labels) == 99
    for n, text in ZH_COUNTING.items():
        if n <= 99:
            assert labels[n - 1] == f"{text}、"


def _docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


_TEXT = st.text(
    alphabet=st.sampled_from(list("智能制造场景数字孪生实施方法要素，。；：（）%MESAPS5G0123456789 ")),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TEXT, min_size=1, max_size=6))
def test_paragraph_text_round_trips(paragraphs: list[str]) -> None:
    doc = parse_docx(Path("gen.docx"), _docx_bytes(paragraphs), "0" * 64)
    assert [b.text for b in doc.blocks] == paragraphs
    assert all(b.kind == "paragraph" for b in doc.blocks)


def test_tracked_changes_and_hidden_text_are_noticed(word_app) -> None:
    codes = {n.code for n in word_app.notices}
    assert codes == {"tracked_changes", "hidden_text"}
    assert all(n.message for n in word_app.notices)
    assert parsers.parse(FIX / "doc_source.docx").notices == ()


def test_strict_open_xml_namespaces(tmp_path: Path) -> None:
    """Word/WPS 'Strict Open XML' files use purl.oclc.org namespaces for the same vocabulary."""
    import zipfile

    src = FIX / "word_application.docx"
    dst = tmp_path / "strict.docx"
    pairs = (
        (
            b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
            b"http://purl.oclc.org/ooxml/wordprocessingml/main",
        ),
        (
            b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
            b"http://purl.oclc.org/ooxml/officeDocument/relationships",
        ),
    )
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.startswith("word/") and info.filename.endswith(".xml"):
                for old, new in pairs:
                    data = data.replace(old, new)
            zout.writestr(info.filename, data)
    strict, normal = parsers.parse(dst), parsers.parse(src)
    assert b"purl.oclc.org/ooxml/wordprocessingml" in zipfile.ZipFile(dst).read("word/document.xml")
    assert strict.blocks == normal.blocks
    assert strict.headers == normal.headers and strict.footers == normal.footers


def test_text_box_nested_in_a_text_box(tmp_path: Path) -> None:
    """A box inside a box: the inner text appears once, inside the outer box's text."""
    import zipfile

    w = (
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml"'
    )

    def box(inner: str) -> str:
        return f"<w:r><w:pict><v:shape><v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"

    inner = "<w:p><w:r><w:t>内层：边缘网关</w:t></w:r></w:p>"
    outer = f"<w:p><w:r><w:t>外层：数据采集</w:t></w:r>{box(inner)}</w:p>"
    xml = (
        f"<w:document {w}><w:body><w:p><w:r><w:t>网络架构如下。</w:t></w:r>{box(outer)}</w:p>"
        "</w:body></w:document>"
    )
    src, dst = FIX / "doc_source.docx", tmp_path / "nested_box.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = xml.encode() if info.filename == "word/document.xml" else zin.read(info.filename)
            zout.writestr(info.filename, data)
    doc = parsers.parse(dst)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "网络架构如下。"),
        ("textbox", "外层：数据采集\n内层：边缘网关"),
    ]
