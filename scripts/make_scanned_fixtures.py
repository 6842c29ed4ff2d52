"""Build the scanned / damaged PDF fixtures in tests/fixtures/scanned/ (committed; tests never need LibreOffice).

Two application forms are written as .docx with python-docx (realistic 申报书 text, 场景一：… headings) and
converted to PDF by LibreOffice (private profile). From each text PDF we derive:

- ``<name>_clean200.pdf``: pages rendered at 200 dpi, greyscale, rebuilt as an image-only PDF;
- ``<name>_seal200.pdf``: 200 dpi, rotated ~1°, sensor noise and specks, a red company seal stamped over text;
- ``<name>_seal300.pdf`` / ``<name>_noisy150.pdf``: other resolutions and rotations;
- ``a_pua_tounicode.pdf``: form A with every ToUnicode map rewritten to private-use code points;
- ``a_fakebold_offset.pdf``: form A drawn twice, 1.5 pt apart (fake bold beyond glyph-dedupe tolerance);
- ``docx_pasted_page.docx``: a form with a bar chart and a pasted screenshot of a page of text (form B);
  ``docx_figures.docx``: the same form with the chart and a photo-like picture only.

``sources/<name>.json`` holds the exact paragraphs that went in; ``manifest.json`` describes each fixture.
Everything is seeded, so a re-run reproduces the same images.

Needs: python-docx, LibreOffice (soffice), fonts-noto-cjk, Pillow, numpy, pypdfium2, pypdf (fixture-only).
Run: python3 scripts/make_scanned_fixtures.py
"""

from __future__ import annotations

import io
import json
import math
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
from docx import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from PIL import Image, ImageDraw, ImageFilter, ImageFont

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "scanned"
FONT = "Noto Serif CJK SC"
SEAL_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"

# (kind, text); kind "title" | "h1" | "h2" | "h3" | "p". Our own wording, the programme's vocabulary.
FORMS: dict[str, dict] = {
    "a": {
        "company": "华东精密机械股份有限公司",
        "blocks": [
            ("title", "智能制造优秀场景申报书"),
            ("h1", "一、企业基本情况"),
            ("p", ("华东精密机械股份有限公司成立于2006年，主要从事数控机床关键功能部件的研发与制造，现有员工1,260人，"
                  "2023年营业收入18.6亿元。企业建有省级工程技术研究中心，拥有授权发明专利57项。")),
            ("h1", "二、场景描述"),
            ("h2", "场景一：基于机器视觉的焊缝质量在线检测"),
            ("h3", "（一）实施方法"),
            ("p", ("企业在焊装车间部署了12套工业相机和边缘计算终端，采用深度学习算法对焊缝图像进行实时分析，"
                  "识别气孔、咬边、漏焊等九类缺陷。检测结果通过MES系统回传工位，不合格品自动隔离并触发返修流程。")),
            ("p", "项目组建立了包含3.2万张标注图像的缺陷样本库，模型每季度迭代一次，误判率持续下降。"),
            ("h3", "（二）实施成效"),
            ("p", ("焊缝缺陷检出率由人工目检的91%提高到99.2%，质检人员由每班8人减少到2人，"
                  "年减少质量损失约420万元，客户投诉次数同比下降63%。")),
            ("h2", "场景二：基于数字孪生的产线仿真与优化"),
            ("h3", "（一）实施方法"),
            ("p", ("企业以三维工艺模型为基础，构建了覆盖加工、装配和物流的产线数字孪生体，实时接入设备状态、"
                  "在制品位置和节拍数据。新产品导入前，工艺人员在虚拟产线上验证布局和节拍方案，减少现场试错。")),
            ("p", "孪生系统与APS高级排产系统联动，插单和设备故障时可在十分钟内给出重排方案。"),
            ("h3", "（二）实施成效"),
            ("p", "新产品导入周期由45天缩短至28天，产线平衡率提高到88%，设备综合效率提升11.4个百分点。"),
        ],
    },
    "b": {
        "company": "江南新材料科技有限公司",
        "blocks": [
            ("title", "智能制造优秀场景申报书"),
            ("h1", "一、申报单位概况"),
            ("p", ("江南新材料科技有限公司是一家专注于高性能复合材料的高新技术企业，产品广泛应用于新能源汽车和"
                  "轨道交通领域。公司现有生产线六条，2023年产值9.8亿元，研发投入占营业收入的5.6%。")),
            ("h1", "二、典型场景"),
            ("h2", "场景一：能耗数据监测与能效优化"),
            ("p", ("公司对电、水、天然气和压缩空气实施分项计量，部署智能电表和流量计共计386台，"
                  "能源数据每分钟采集一次并汇入能源管理平台。平台按产线、班组和产品核算单位能耗，"
                  "对空压机群和冷却塔实施联动控制，异常能耗自动报警。")),
            ("p", "实施后，单位产品综合能耗下降14.3%，年节约标准煤约2,100吨，减少二氧化碳排放约5,400吨。"),
            ("h2", "场景二：设备故障诊断与预测性维护"),
            ("p", ("公司在密炼机、挤出机等关键设备上加装振动、温度和电流传感器，建立设备健康评估模型，"
                  "提前七至十天识别轴承磨损和电机过载等早期故障，维修工单由系统自动派发。")),
            ("p", "设备非计划停机时间减少47%，备件库存资金占用下降28%，维修成本年节约约310万元。"),
            ("h2", "场景三：原材料质量追溯"),
            ("p", ("公司为每批原材料赋予唯一编码，贯通采购、检验、投料和成品环节的数据，"
                  "出现质量问题时可在五分钟内追溯到供应商批次和生产工艺参数。")),
        ],
    },
}

# (fixture suffix, dpi, rotation degrees, noise sigma, seal?)
VARIANTS = {
    "a": [("clean200", 200, 0.0, 0.0, False), ("seal200", 200, 1.0, 10.0, True),
          ("rough150", 150, 1.5, 24.0, True)],  # old scanner: heavy noise, blur, strong JPEG compression
    "b": [("seal300", 300, -0.7, 8.0, True), ("noisy150", 150, 1.3, 12.0, False)],
}


def _write_docx(form: dict, path: Path) -> None:
    doc = DocxDocument()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.8)
    sec.top_margin = sec.bottom_margin = Cm(2.5)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    sizes = {"title": 18, "h1": 15, "h2": 14, "h3": 12, "p": 12}
    for kind, text in form["blocks"]:
        para = doc.add_paragraph()
        fmt = para.paragraph_format
        fmt.line_spacing = 1.5
        fmt.space_after = Pt(4)
        if kind == "title":
            para.alignment = 1
        if kind == "p":
            fmt.first_line_indent = Pt(24)
        run = para.add_run(text)
        run.font.size = Pt(sizes[kind])
        run.font.bold = kind != "p"
        run.font.name = FONT
        run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    doc.save(str(path))


def _to_pdf(docx: Path, outdir: Path) -> Path:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(outdir), str(docx)],
            check=True, capture_output=True, timeout=180,
        )
    return outdir / (docx.stem + ".pdf")


def _render(pdf: Path, dpi: int) -> list[Image.Image]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in doc]
    finally:
        doc.close()


def _seal(company: str, diameter: int) -> Image.Image:
    """A red round company seal: ring, star, the company name around the upper arc (RGBA)."""
    img = Image.new("RGBA", (diameter, diameter), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    red = (215, 30, 35, 235)
    w = max(4, diameter // 45)
    draw.ellipse([w, w, diameter - w, diameter - w], outline=red, width=w)
    c = diameter / 2
    r_star, r_in = diameter * 0.14, diameter * 0.055
    pts = []
    for k in range(10):
        ang = -math.pi / 2 + k * math.pi / 5
        rad = r_star if k % 2 == 0 else r_in
        pts.append((c + rad * math.cos(ang), c + rad * math.sin(ang)))
    draw.polygon(pts, fill=red)
    font = ImageFont.truetype(SEAL_FONT, int(diameter * 0.11))
    n = len(company)
    span = math.radians(250)
    for i, ch in enumerate(company):
        ang = -math.pi / 2 - span / 2 + span * (i + 0.5) / n
        tile = Image.new("RGBA", (int(diameter * 0.16), int(diameter * 0.16)), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((tile.width / 2, tile.height / 2), ch, font=font, fill=red, anchor="mm")
        tile = tile.rotate(-math.degrees(ang) - 90, resample=Image.BICUBIC, expand=True)
        rad = c - w - diameter * 0.1
        x, y = c + rad * math.cos(ang), c + rad * math.sin(ang)
        img.alpha_composite(tile, (int(x - tile.width / 2), int(y - tile.height / 2)))
    return img


def _stamp(page: Image.Image, seal: Image.Image, centre: tuple[float, float]) -> Image.Image:
    """Multiply the seal onto the page, as ink does: black text under it stays black."""
    x, y = int(centre[0] - seal.width / 2), int(centre[1] - seal.height / 2)
    layer = Image.new("RGB", page.size, (255, 255, 255))
    white = Image.new("RGB", seal.size, (255, 255, 255))
    layer.paste(Image.composite(seal.convert("RGB"), white, seal.getchannel("A")), (x, y))
    a = np.asarray(page, dtype=np.float32) * np.asarray(layer, dtype=np.float32) / 255.0
    return Image.fromarray(a.astype(np.uint8))


def _degrade(page: Image.Image, angle: float, sigma: float, rng: np.random.Generator) -> Image.Image:
    if angle:
        page = page.rotate(angle, resample=Image.BICUBIC, fillcolor=(255, 255, 255))
    if sigma:
        arr = np.asarray(page, dtype=np.float32)
        arr = arr + rng.normal(0, sigma, arr.shape[:2])[..., None]
        specks = rng.random(arr.shape[:2]) < 0.0004
        arr[specks] = 40
        page = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    if sigma >= 20:
        page = page.filter(ImageFilter.GaussianBlur(0.8))
    return page


def _scan(pdf: Path, out: Path, company: str, dpi: int, angle: float, sigma: float, seal: bool,
          seed: int) -> None:
    rng = np.random.default_rng(seed)
    pages = []
    for k, page in enumerate(_render(pdf, dpi)):
        if seal and k == 0:
            # over the body text in the upper right quarter, where it covers several lines of text
            page = _stamp(page, _seal(company, int(dpi * 1.65)), (page.width * 0.56, page.height * 0.27))
        page = _degrade(page, angle, sigma, rng)
        pages.append(page if seal and k == 0 else page.convert("L"))
    buf = io.BytesIO()
    fixed = time.gmtime(1709283600)  # fixed dates: a re-run writes the same bytes
    pages[0].save(buf, "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:],
                  quality=35 if sigma >= 20 else 60, creationDate=fixed, modDate=fixed)
    out.write_bytes(buf.getvalue())


def _pua_tounicode(src: Path, out: Path) -> None:
    """Rewrite every ToUnicode CMap so each glyph maps to a private-use code point (U+E000 upwards): the
    text layer is there, every glyph "decodes", and none of it means anything."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, StreamObject

    reader = PdfReader(str(src))
    writer = PdfWriter(clone_from=reader)
    counter = [0xE000]

    def pua(match: re.Match[str]) -> str:
        cp = counter[0]
        counter[0] += 1
        return f"{match.group(1)}<{cp:04X}>"

    seen: set[int] = set()
    for page in writer.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            tu = font.get("/ToUnicode")
            if tu is None or tu.idnum in seen:
                continue
            seen.add(tu.idnum)
            stream = tu.get_object()
            text = stream.get_data().decode("latin-1")
            # bfchar lines "<src> <dst>" and bfrange lines "<lo> <hi> <dst>": replace the destination
            text = re.sub(r"(<[0-9A-Fa-f]+>\s*(?:<[0-9A-Fa-f]+>\s*)?)<[0-9A-Fa-f]{4,}>", pua, text)
            new = StreamObject()
            new.set_data(text.encode("latin-1"))
            font[NameObject("/ToUnicode")] = writer._add_object(new)
    with out.open("wb") as fh:
        writer.write(fh)


def _offset_bold(src: Path, out: Path, dx: float = 1.5) -> None:
    """Draw every page twice, the copy shifted ``dx`` points right (WPS-style fake bold, wider than
    pdf_lines.dedupe's 1-point tolerance)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ContentStream

    reader = PdfReader(str(src))
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        data = page.get_contents().get_data()
        both = b"q\n" + data + b"\nQ\nq 1 0 0 1 " + f"{dx}".encode() + b" 0 cm\n" + data + b"\nQ\n"
        cs = ContentStream(None, writer)
        cs.set_data(both)
        page.replace_contents(cs)
    with out.open("wb") as fh:
        writer.write(fh)


def _chart(rng: np.random.Generator) -> Image.Image:
    """A bar chart with axes and a few labels: a legitimate figure."""
    img = Image.new("L", (900, 600), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(SEAL_FONT, 22)
    draw.line([(80, 520), (860, 520)], fill=0, width=3)
    draw.line([(80, 520), (80, 60)], fill=0, width=3)
    for k, label in enumerate(["2020", "2021", "2022", "2023"]):
        hgt = int(rng.integers(150, 420))
        draw.rectangle([140 + 180 * k, 520 - hgt, 240 + 180 * k, 520], fill=90)
        draw.text((160 + 180 * k, 535), label, font=font, fill=0)
    draw.text((300, 20), "单位产值能耗（吨标煤/万元）", font=font, fill=0)
    return img


def _photo(rng: np.random.Generator) -> Image.Image:
    """Smooth mid-grey shapes, like a photo of equipment: dark, no text lines."""
    small = rng.integers(40, 200, (12, 16)).astype(np.uint8)
    return Image.fromarray(small).resize((960, 720), Image.BICUBIC)


def _docx_with_pictures(form: dict, pictures: list[Image.Image], path: Path) -> None:
    tmp = Path(tempfile.mkdtemp())
    try:
        base = tmp / "base.docx"
        _write_docx(form, base)
        doc = DocxDocument(str(base))
        for k, pic in enumerate(pictures):
            buf = io.BytesIO()
            pic.convert("L").save(buf, "JPEG", quality=60)
            buf.seek(0)
            doc.add_paragraph().add_run().add_picture(buf, width=Cm(14))
            doc.add_paragraph(f"图{k + 1} 示意")
        doc.save(str(path))
    finally:
        shutil.rmtree(tmp)


def main() -> None:
    if shutil.which("soffice") is None:
        raise SystemExit("LibreOffice (soffice) is needed to build these fixtures")
    (OUT / "sources").mkdir(parents=True, exist_ok=True)
    manifest: dict = {"generator": "scripts/make_scanned_fixtures.py", "files": {}}
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        for seed, (name, form) in enumerate(sorted(FORMS.items())):
            src = {"company": form["company"], "blocks": [{"kind": k, "text": t} for k, t in form["blocks"]]}
            (OUT / "sources" / f"{name}.json").write_text(json.dumps(src, ensure_ascii=False, indent=1) + "\n", "utf-8")
            docx = tmpdir / f"form_{name}.docx"
            _write_docx(form, docx)
            pdf = _to_pdf(docx, tmpdir)
            for k, (suffix, dpi, angle, sigma, seal) in enumerate(VARIANTS[name]):
                fname = f"{name}_{suffix}.pdf"
                _scan(pdf, OUT / fname, form["company"], dpi, angle, sigma, seal, seed * 10 + k)
                manifest["files"][fname] = {"source": f"sources/{name}.json", "dpi": dpi, "rotation": angle,
                                            "noise": sigma, "seal": seal, "kind": "scan"}
            if name == "a":
                _pua_tounicode(pdf, OUT / "a_pua_tounicode.pdf")
                manifest["files"]["a_pua_tounicode.pdf"] = {"source": "sources/a.json", "kind": "pua_tounicode"}
                _offset_bold(pdf, OUT / "a_fakebold_offset.pdf")
                manifest["files"]["a_fakebold_offset.pdf"] = {"source": "sources/a.json", "kind": "fakebold"}
            if name == "b":
                rng = np.random.default_rng(7)
                page = _render(pdf, 110)[0]
                chart = _chart(rng)
                _docx_with_pictures(FORMS["a"], [chart, page], OUT / "docx_pasted_page.docx")
                _docx_with_pictures(FORMS["a"], [chart, _photo(rng)], OUT / "docx_figures.docx")
                manifest["files"]["docx_pasted_page.docx"] = {"kind": "docx", "pasted_text_images": 1}
                manifest["files"]["docx_figures.docx"] = {"kind": "docx", "pasted_text_images": 0}
    (OUT / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
