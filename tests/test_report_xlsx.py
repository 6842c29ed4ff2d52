"""report.xlsx as an office hands it in: the 推荐汇总表 prints one page wide with its header row on every page,
percentages are percentages, every visible cell is Chinese, failed files have their own sheet."""

import re
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_review import form

from scenarioreview.cli import main
from scenarioreview.labels import CATEGORY_ZH, CHECK_ZH, ERROR_ZH, EXCLUSION_ZH, NOTICE_ZH
from scenarioreview.reports.xlsx import EXCEL_CELL_LIMIT, safe
from scenarioreview.review.serialise import load_review_data as load_review  # the JSON as written

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

CITIES = ["苏州市", "无锡市", "常州市", "南通市", "徐州市"]
CODES = (
    set(CHECK_ZH)
    | set(CATEGORY_ZH)
    | set(ERROR_ZH)
    | set(EXCLUSION_ZH)
    | set(NOTICE_ZH)
    | {
        "error",
        "warning",
        "info",
        "cross",
        "within",
        "against",
        "ok",
        "partial",
        "failed",
        "text-layer",
        "ocr",
    }
)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """40 plain-text forms (cities named), one over the limit, one broken file; 40 scenario places."""
    d = tmp_path_factory.mktemp("in")
    for i in range(40):
        name = f"江苏{['华晟', '鼎力', '远航', '宏图', '北辰', '安泰', '恒信', '瑞丰'][i % 8]}第{i + 1}制造有限公司"
        text = form(i, name).replace("申报单位：", f"所在地市：{CITIES[i % 5]}\n申报单位：", 1)
        (d / f"{i:02d}-{name}.txt").write_text(text, encoding="utf-8")
    (d / "98-损坏.docx").write_bytes(b"PK\x03\x04 truncated")
    (d / "99-超长.txt").write_text(
        form(3, "超长科技", "补充。" + "数字化车间建设持续推进" * 300), encoding="utf-8"
    )
    out = tmp_path_factory.mktemp("ws")
    CliRunner().invoke(
        main,
        ["review", str(d), "--out", str(out), "--no-classify", "-q", "--quota-scenarios", "40"],
        catch_exceptions=False,
    )
    return out


def test_safe_cuts_every_value_to_the_cell_limit_prefix_included():
    assert len(safe("=" + "一" * 40_000)) == EXCEL_CELL_LIMIT and safe("=1+1").startswith("'=")
    assert len(safe("一" * 40_000)) == EXCEL_CELL_LIMIT
    assert safe("@SUM(A1)") == "'@SUM(A1)" and safe("华晟\x1b[31m") == "华晟[31m"


def _visible_cells(ws):
    hidden = {c for d in ws.column_dimensions.values() if d.hidden for c in range(d.min, d.max + 1)}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None and cell.column not in hidden:
                yield cell


def test_every_visible_cell_is_chinese_and_codes_are_hidden(workspace):
    from openpyxl import load_workbook

    wb = load_workbook(workspace / "report.xlsx")
    assert wb.sheetnames[:2] == ["推荐汇总表（优秀场景）", "推荐汇总表（示范工厂）"]
    for ws in wb.worksheets:
        for cell in _visible_cells(ws):
            if isinstance(cell.value, str):
                tokens = set(re.split(r"[\s,;；，、（）()：:]+", cell.value))
                assert not tokens & CODES, (ws.title, cell.coordinate, cell.value)
    evidence = " ".join(str(r[5]) for r in wb["评分细则"].iter_rows(min_row=2, values_only=True))
    assert "雷同" in evidence and not re.search(
        r"[0-9a-f]{64}", evidence
    )  # other scenarios by file, not hash
    failed = wb["失败文件"]
    assert [c.value for c in failed[2]][:2] == ["98-损坏.docx", "文件已损坏"]
    assert 5 not in {c.column for c in _visible_cells(failed)} and failed["E2"].value == "corrupt"
    issues = wb["问题清单"]
    heads = [c.value for c in issues[1]]
    col = heads.index("检查项") + 1
    assert {issues.cell(r, col).value for r in range(2, issues.max_row + 1)} <= set(CHECK_ZH.values())


def test_percentages_are_percent_formatted(workspace):
    from openpyxl import load_workbook

    wb = load_workbook(workspace / "report.xlsx")
    ws = wb["场景明细"]
    heads = [c.value for c in ws[1]]
    assert "归类置信度" in heads
    dups = wb["疑似重复"]
    if dups.max_row >= 2:
        assert dups["D2"].number_format == "0%" and 0 <= dups["D2"].value <= 1
    over = next(r for r in wb["全部申报"].iter_rows(min_row=2, values_only=True) if r[4] == "超长科技")
    assert over[2] == "否" and "超出字数上限" in over[9]


def test_summary_is_the_form_in_priority_order(workspace):
    from openpyxl import load_workbook

    ws = load_workbook(workspace / "report.xlsx")["推荐汇总表（优秀场景）"]
    assert ws["A1"].value == "智能制造优秀场景推荐汇总表" and ws["A2"].value.startswith("推荐单位")
    assert [c.value for c in ws[3]][:4] == ["推荐顺序", "申报单位名称", "统一社会信用代码", "所在地市"]
    order = [r[0] for r in ws.iter_rows(min_row=4, values_only=True) if isinstance(r[0], int)]
    assert order == list(range(1, len(order) + 1)) and len(order) == 40
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert (
        ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
    )  # absent = 1 (OOXML default)
    assert ws.print_title_rows == "$3:$3"


@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")),
    reason="LibreOffice 未安装：无法把 report.xlsx 打印为 PDF 来检查版式",
)
def test_summary_prints_one_page_wide_with_repeated_header(workspace, tmp_path):
    import pdfplumber
    from render_report_screens import xlsx_to_pdf

    pdf = xlsx_to_pdf(workspace / "report.xlsx", tmp_path)
    assert pdf is not None
    review = load_review(workspace)
    names = [
        (s.get("applicant") or {}).get("name")
        for s in review["submissions"]
        if s["recommended"] and s["project_type"] == "优秀场景"
    ]
    pages = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            text = (page.extract_text() or "").replace(" ", "")
            if "示范工厂推荐汇总表" in text:
                break
            pages.append((page.width, page.height, text))
    assert len(pages) >= 2  # 40 rows: the table runs over several pages
    for width, height, text in pages:
        assert width > height  # landscape
        assert "推荐顺序" in text and "备注" in text  # the header row on every page, all columns side by side
    whole = "".join(t for _w, _h, t in pages)
    assert all(n in whole for n in names)  # every row printed within the summary pages, none on a spill page
    assert "第1页，共" in pages[0][2]
