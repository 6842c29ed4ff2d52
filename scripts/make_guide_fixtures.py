#!/usr/bin/env python3
"""Generate official-looking guide attachments (附件2) for the `guide import` tests.

Writes tests/fixtures/guides/: guide_table.docx (a 环节|场景|描述 table with merged 环节 cells),
guide_list.docx (一、环节 / 1. 场景 numbered lists, description in the following paragraph) and, when
LibreOffice is installed, PDFs of both. Also expected.json: the list the importer must recover.
The items are the 2025 consultation-draft opening (verified names), described in our own words.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests/fixtures/guides"
ITEMS = [
    ("工厂建设", "工厂数字化规划设计", "搭建数字化设计与交付平台，完成工厂的三维规划、仿真和数字化交付，缩短新建或改造的工期。"),
    ("工厂建设", "数字基础设施建设", "建设算力、网络与安全基础设施，推动信息技术与运营技术融合，提升承载和防护能力。"),
    ("工厂建设", "数字孪生工厂构建", "对厂房、设备、管网等资产建模，构建多层级孪生模型并与实体工厂交互映射，提高管控效率。"),
    ("产品研发", "产品数字化设计", "部署设计与仿真工具并建立设计知识库，借助生成式设计自动产出方案，缩短上市周期。"),
    ("产品研发", "产品虚拟验证", "构建虚实融合的试验验证环境，以全虚拟或半实物方式验证产品，降低验证成本。"),
    ("工艺设计", "工艺数字化设计", "部署工艺设计与仿真工具，建设工艺知识库，缩短工艺设计周期、减少设计错误。"),
    ("工艺设计", "制造工程优化", "搭建中试环境或产线仿真系统，通过产能分析和虚拟测试优化节拍与资源配置。"),
    ("生产管理", "生产计划优化", "综合订单、产能与物料约束，编制并滚动优化生产计划，提高交付准时率。"),
]
CN = "一二三四五六七八九十"


def table_docx(path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("附件2")
    doc.add_heading("智能制造典型场景参考指引", level=1)
    t = doc.add_table(rows=1, cols=4)
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, ("序号", "环节", "场景名称", "场景描述")):
        cell.text = text
    start = {}
    for n, (link, name, desc) in enumerate(ITEMS, 1):
        row = t.add_row().cells
        row[0].text, row[2].text, row[3].text = str(n), name, desc
        if link not in start:
            start[link] = n
            row[1].text = link
    # merge the 环节 cells of each group vertically, as the official tables do
    for link, first in start.items():
        last = max(i for i, it in enumerate(ITEMS, 1) if it[0] == link)
        if last > first:
            t.cell(first, 1).merge(t.cell(last, 1))
    doc.save(str(path))


def list_docx(path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("附件2")
    doc.add_heading("智能制造典型场景参考指引", level=1)
    doc.add_paragraph("本指引按环节列出典型场景，供申报单位参考。")
    links: list[str] = []
    n = 0
    for link, name, desc in ITEMS:
        if link not in links:
            links.append(link)
            doc.add_heading(f"{CN[len(links) - 1]}、{link}", level=2)
        n += 1
        doc.add_paragraph(f"{n}. {name}")
        doc.add_paragraph(desc)
    doc.save(str(path))


def to_pdf(src: Path) -> None:
    soffice = shutil.which("soffice")
    if not soffice:
        return
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(src.parent), str(src)], check=True, capture_output=True, timeout=120,
                       env={**os.environ, "HOME": profile})


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    table_docx(OUT / "guide_table.docx")
    list_docx(OUT / "guide_list.docx")
    for name in ("guide_table.docx", "guide_list.docx"):
        to_pdf(OUT / name)
    expected = [{"link": link, "name": name, "description": desc} for link, name, desc in ITEMS]
    (OUT / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("written:", sorted(p.name for p in OUT.iterdir()))


if __name__ == "__main__":
    main()
