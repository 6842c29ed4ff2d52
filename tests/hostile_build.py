"""Builders for the hostile inputs of issue 14, small enough to make at test time in a tmp dir.

Used by the tests (tests/test_hostile_*.py), the property tests and scripts/fuzz_long.py, which imports this
file; nothing here is copied from real applications: the text is an invented smart-factory form.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
import zlib
from xml.sax.saxutils import escape

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)

FORM_HEAD = [
    "2022年度智能制造优秀场景申报书",
    "项目类别：智能制造优秀场景",
    "申报单位（盖章）：常州瑞丰精密机械有限公司",
    "所属行业：通用设备制造业（C34）",
    "所在地市：常州市",
]
SCENARIO_TITLE = "场景名称：设备运行状态在线监测与预测性维护"
SCENARIO_BODY = [
    "公司机加工车间有数控机床一百二十台，过去依靠人工巡检和定期保养，突发停机每月十余次。",
    "项目在主轴和进给系统加装振动与温度传感器，数据每秒上传至设备管理平台，建立故障预测模型。",
    "实施后设备综合效率由百分之六十八提高到百分之八十一，非计划停机时间下降百分之四十五。",
]


def para(text: str, num: tuple[str, str] | None = None) -> str:
    """One w:p; ``num`` is (numId, ilvl) written verbatim, so hostile values can be put in."""
    ppr = ""
    if num is not None:
        ppr = (
            f'<w:pPr><w:numPr><w:ilvl w:val="{escape(num[1])}"/><w:numId w:val="{escape(num[0])}"/>'
            f"</w:numPr></w:pPr>"
        )
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def document_xml(paragraphs: list[str]) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W_NS}><w:body>'
        + "".join(paragraphs)
        + "</w:body></w:document>"
    )


def numbering_xml(
    fmt: str = "decimal",
    start: str = "1",
    ilvl: str = "0",
    lvl_text: str = "%1.",
    override: str | None = None,
) -> str:
    so = (
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{escape(override)}"/></w:lvlOverride>'
        if override is not None
        else ""
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {W_NS}>'
        f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="{escape(ilvl)}"><w:start w:val="{escape(start)}"/>'
        f'<w:numFmt w:val="{escape(fmt)}"/><w:lvlText w:val="{escape(lvl_text)}"/></w:lvl></w:abstractNum>'
        f'<w:num w:numId="1"><w:abstractNumId w:val="0"/>{so}</w:num></w:numbering>'
    )


def docx_bytes(
    paragraphs: list[str], numbering: str | None = None, extra: dict[str, tuple[bytes, int]] | None = None
) -> bytes:
    """A minimal .docx; ``extra`` adds parts as name -> (bytes, zipfile compression)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("word/document.xml", document_xml(paragraphs))
        if numbering is not None:
            z.writestr("word/numbering.xml", numbering)
        for name, (data, comp) in (extra or {}).items():
            z.writestr(zipfile.ZipInfo(name), data, compress_type=comp)
    return buf.getvalue()


def numbered_form(
    fmt: str = "decimal",
    start: str = "1",
    ilvl_attr: str = "0",
    para_ilvl: str = "0",
    override: str | None = None,
) -> bytes:
    """The invented form with its scenario heading numbered by a (possibly hostile) list definition."""
    paras = [para(t) for t in FORM_HEAD]
    paras.append(para(SCENARIO_TITLE, num=("1", para_ilvl)))
    paras += [para(t) for t in SCENARIO_BODY]
    return docx_bytes(paras, numbering_xml(fmt, start, ilvl_attr, override=override))


def heading_like_text(n_bytes: int) -> str:
    """A text in which every line looks like a heading: scenario-name lines (each one opens a scenario with
    no body), bare "场景名称：" labels and numbered headings. The quadratic case of segment._finish."""
    shapes = [
        "场景名称：智能排产与车间调度第{i}项",
        "场景名称：",
        "一、设备联网与数据采集第{i}项",
        "（{i}）质量追溯",
    ]
    lines, size, i = [], 0, 0
    while size < n_bytes:
        line = shapes[i % len(shapes)].format(i=i)
        lines.append(line)
        size += len(line.encode("utf-8")) + 1
        i += 1
    return "\n".join(lines)


def long_prose(n_chars: int) -> str:
    """Realistic-looking prose with many figures (metrics extraction works on these)."""
    sent = (
        "通过部署制造执行系统，生产效率提升23.5%，产品不良率由1.8%降低到0.6%，"
        "年节约能耗费用约320万元，设备综合效率达到85%。"
    )
    return (sent * (n_chars // len(sent) + 1))[:n_chars]


def pdf_bytes(pages: list[bytes], compress: bool = True, deflated: dict[int, bytes] | None = None) -> bytes:
    """A minimal valid PDF, one content stream per page (raw operators), Helvetica for ASCII text.
    ``deflated``: page index -> an already deflated content stream (used as is)."""
    objs: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    font_id = 3
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for k, content in enumerate(pages):
        data = (deflated or {}).get(k) or (zlib.compress(content, 9) if compress else content)
        filt = b" /Filter /FlateDecode" if compress or k in (deflated or {}) else b""
        objs.append(b"<< /Length %d%s >>\nstream\n" % (len(data), filt) + data + b"\nendstream")
        content_id = len(objs)
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (content_id, font_id)
        )
        kids.append(len(objs))
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


def inflating_pdf(inflated_mb: int) -> bytes:
    """One page whose content stream is a comment that inflates to ``inflated_mb`` MB (~1000:1)."""
    z = zlib.compressobj(9)
    parts = [z.compress(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n%")]
    block = b" " * (1024 * 1024)
    for _ in range(inflated_mb):  # deflated piecewise: building the test file must not take the memory
        parts.append(z.compress(block))
    parts.append(z.flush())
    return pdf_bytes([b""], deflated={0: b"".join(parts)})


# ------------------------------------------------------------------------------------------- mutators
# Used by tests/test_hostile_fuzz.py (hypothesis, fixed budget) and scripts/fuzz_long.py (long runs).
HOSTILE_VALUES = [
    "abc",
    "-1",
    "-2147483649",
    "4294967296",
    "9" * 40,
    "",
    " ",
    "1e9",
    "０",
    "0x10",
    "NaN",
    "100000000",
    "%1%2%3%4%5%6%7%8%9",
    "\x00",
    "[/bold]",
    "\u202e",
    "九",
]
HOSTILE_TEXT = [
    "\x1b[2J",
    "\x1b]0;标题\x07",
    "[/red]",
    "[bold]申报[/bold]",
    "\u202e",
    "\ud800",
    "\x9b31m",
    "一、场景名称：",
    "（三）",
    "第五章",
    "场景名称：",
    "\t\t",
    "。" * 50,
    "\uffff",
    "𠀀𠀁",
]


def mutate_bytes(data: bytes, rnd: random.Random, ops: int | None = None) -> bytes:
    """Flip, delete, insert and duplicate byte runs (what truncation and disk damage look like)."""
    d = bytearray(data)
    for _ in range(ops if ops is not None else rnd.randint(1, 12)):
        if not d:
            d += b"\x00"
        i = rnd.randrange(len(d))
        op = rnd.random()
        if op < 0.4:
            d[i] = rnd.randrange(256)
        elif op < 0.6:
            del d[i : i + rnd.randint(1, 256)]
        elif op < 0.8:
            d[i:i] = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 16)))
        else:
            j = rnd.randrange(len(d))
            d[i:i] = d[j : j + rnd.randint(1, 512)]
    return bytes(d)


_VAL = re.compile(rb'(w:(?:val|ilvl|numId|abstractNumId|gridSpan|outlineLvl)=")([^"]*)(")')
_T = re.compile(rb"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)")


def mutate_xml(xml: bytes, rnd: random.Random) -> bytes:
    """Hostile attribute values and run texts in well-formed WordprocessingML (so the parser gets past XML)."""

    def val(m: re.Match[bytes]) -> bytes:
        if rnd.random() > 0.15:
            return m.group(0)
        v = rnd.choice(HOSTILE_VALUES).replace("\x00", "").encode()
        return (
            m.group(1)
            + v.replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b'"', b"&quot;")
            + m.group(3)
        )

    def text(m: re.Match[bytes]) -> bytes:
        if rnd.random() > 0.1:
            return m.group(0)
        t = rnd.choice(HOSTILE_TEXT)
        t = "".join(
            ch
            for ch in t
            if ch in "\t\n"
            or (ord(ch) >= 0x20 and not 0xD800 <= ord(ch) <= 0xDFFF and ord(ch) not in (0xFFFE, 0xFFFF))
        )
        return m.group(1) + escape(t).encode() + m.group(3)

    out = _T.sub(text, _VAL.sub(val, xml))
    if rnd.random() < 0.2:  # and sometimes plain damage on top
        out = mutate_bytes(out, rnd, 2)
    return out


def mutate_docx(data: bytes, rnd: random.Random) -> bytes:
    """Rewrite one or more XML parts of a .docx with ``mutate_xml``; sometimes damage the archive itself."""
    if rnd.random() < 0.1:
        return mutate_bytes(data, rnd)
    try:
        zin = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return mutate_bytes(data, rnd)
    buf = io.BytesIO()
    with zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename.endswith(".xml") and rnd.random() < 0.6:
                body = mutate_xml(body, rnd)
            zout.writestr(info.filename, body)
    return buf.getvalue()


def hostile_lines(rnd: random.Random, n: int) -> str:
    """A text for the segmenter and counter: heading-like lines, labels, hostile characters, prose."""
    pool = [
        "一、企业基本情况",
        "二、场景情况",
        "场景名称：智能仓储物流",
        "（一）场景概述",
        "1. 实施方法",
        "对应典型场景：能耗数据监测",
        "所属环节：生产作业",
        "第三章 成效",
        "申报单位：南通海联纺织有限公司",
        "通过部署系统，效率提升23%，不良率由2.1%降至0.8%。",
        "……",
        "——",
        "（全文）",
        "附件1",
    ]
    lines = []
    for _ in range(n):
        r = rnd.random()
        if r < 0.6:
            lines.append(rnd.choice(pool))
        elif r < 0.85:
            lines.append(rnd.choice(pool) + rnd.choice(HOSTILE_TEXT) + rnd.choice(pool))
        else:
            lines.append(
                "".join(
                    chr(
                        rnd.choice(
                            [
                                rnd.randrange(0x20, 0x7F),
                                rnd.randrange(0x4E00, 0x9FFF),
                                rnd.randrange(0x3000, 0x3040),
                                rnd.randrange(0, 0x20),
                            ]
                        )
                    )
                    for _ in range(rnd.randint(0, 40))
                )
            )
    return "\n".join(lines)
