"""report.xlsx: 推荐汇总表 (附件5-style), 场景明细, 问题清单, 疑似重复, 评分细则.

Frozen headers, filters, over-limit cells in red, CJK-friendly font and widths. Every cell that carries
applicant text is neutralised against formula injection (a leading = + - @ tab or CR gets a quote prefix).
"""

from __future__ import annotations

from copy import copy
import unicodedata
from pathlib import Path
from typing import Any

from .json_report import atomic_target
from .terminal import SEVERITY_ZH

FONT = "等线"  # Office's default CJK UI font; WPS and LibreOffice substitute a CJK font when absent
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe(value: Any) -> Any:
    """Neutralise spreadsheet formula injection in text cells; numbers and None pass through."""
    if isinstance(value, str):
        value = "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) != "Cc")
        if value.startswith(_DANGEROUS):
            return "'" + value
        return value[:32000]  # Excel's cell limit is 32,767 characters
    return value


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _sheet(wb: Any, title: str, header: list[str], rows: list[list[Any]], widths: dict[int, int] | None = None) -> Any:
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.create_sheet(title)
    ws.append(header)
    for row in rows:
        ws.append([safe(v) for v in row])
    bold = Font(name=FONT, bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="305496")
    body = Font(name=FONT)
    for cell in ws[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(vertical="center", horizontal="center", wrap_text=True)
    proto = None
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if proto is None:
                cell.font = body
                cell.alignment = Alignment(vertical="top", wrap_text=True)
                proto = cell._style
            else:
                # Copying the style array of the first body cell: per-cell Font/Alignment assignment made
                # openpyxl re-hash the style objects for every cell (16 s for 1,500 scenarios).
                cell._style = copy(proto)
    from openpyxl.utils import get_column_letter

    for i, name in enumerate(header, start=1):
        longest = max([_width(str(name))] + [_width(str(r[i - 1])) for r in rows[:200] if r[i - 1] is not None])
        ws.column_dimensions[get_column_letter(i)].width = (widths or {}).get(i, min(60, max(8, longest + 2)))
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = ws.dimensions
    return ws


def _name(sub: dict[str, Any]) -> str:
    a = sub.get("applicant") or {}
    return a.get("name") or Path(sub["file"]).name


def write_xlsx(review: dict[str, Any], path: str | Path) -> None:
    from openpyxl import Workbook
    from openpyxl.formatting.rule import CellIsRule, FormulaRule
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    wb.remove(wb.active)
    subs = review["submissions"]

    # 推荐汇总表: per 项目类别, in recommendation-priority order (附件5 style), then the rest.
    rows = []
    for t in ("优秀场景", "示范工厂"):
        group = [s for s in subs if s["project_type"] == t]
        group.sort(key=lambda s: (not s["recommended"], s["priority"] or 0, s["rank"]))
        for s in group:
            a = s.get("applicant") or {}
            titles = "；".join(sc["title"] for sc in s["scenarios"])
            typicals = "；".join(sc["classification"]["top"][0]["name"] for sc in s["scenarios"]
                                if sc.get("classification") and sc["classification"]["top"])
            rows.append([t, s["priority"] if s["recommended"] else None, "是" if s["recommended"] else "否",
                         _name(s), a.get("credit_code"), a.get("industry"), a.get("region"), titles, typicals,
                         s["score"]["final"], s["rank"], s["reason"], Path(s["file"]).name])
    ws = _sheet(wb, "推荐汇总表", ["项目类别", "推荐顺序", "是否推荐", "申报单位", "统一社会信用代码", "所属行业", "地市",
                                "场景名称", "典型场景（归类）", "总分", "得分排名", "说明", "文件"], rows,
                {8: 40, 9: 30, 12: 40})
    green = PatternFill("solid", fgColor="E2EFDA")
    ws.conditional_formatting.add(f"A2:M{max(2, len(rows) + 1)}",
                                  FormulaRule(formula=['$C2="是"'], fill=green))

    # 场景明细
    rows = []
    for s in subs:
        for sc in s["scenarios"]:
            c = sc.get("classification") or {}
            top = c.get("top") or []
            rows.append([_name(s), s["project_type"], sc["index"], sc["title"], sc["declared_typical"],
                         top[0]["name"] if top else None, round(top[0]["score"], 3) if top else None,
                         {True: "相符", False: "不符", None: "—"}[c.get("declared_matches")] if c else "—",
                         sc["counts"]["words"], sc["limit"], "是" if sc["over_limit"] else "否",
                         sc.get("text_source") == "ocr" and "OCR（近似）" or "文字层",
                         len(sc.get("findings", [])), Path(s["file"]).name])
    ws = _sheet(wb, "场景明细", ["申报单位", "项目类别", "场景序号", "场景名称", "申报典型场景", "归类典型场景", "置信度",
                              "申报是否相符", "字数", "字数上限", "超字数", "文字来源", "问题数", "文件"], rows, {4: 36})
    red = PatternFill("solid", fgColor="FFC7CE")
    ws.conditional_formatting.add(f"I2:I{max(2, len(rows) + 1)}",
                                  FormulaRule(formula=["I2>J2"], fill=red, font=Font(color="9C0006", bold=True)))

    # 问题清单
    rows = []
    for s in subs:
        for sc in s["scenarios"]:
            for f in sc.get("findings", []):
                rows.append([_name(s), sc["index"], sc["title"], SEVERITY_ZH[f["severity"]], f["check"], f.get("category"),
                             f["message"], f.get("evidence"), Path(s["file"]).name])
    for f in review.get("failed", []):
        rows.append([Path(f["file"]).name, None, None, "错误", "parse", f["error"]["code"], f["error"]["message"], None,
                     Path(f["file"]).name])
    ws = _sheet(wb, "问题清单", ["申报单位", "场景序号", "场景名称", "级别", "检查项", "类别", "说明", "原文", "文件"], rows,
                {7: 60, 8: 50})
    ws.conditional_formatting.add(f"D2:D{max(2, len(rows) + 1)}",
                                  CellIsRule(operator="equal", formula=['"错误"'], fill=red))

    # 疑似重复
    kind = {"cross": "跨申报", "within": "同一申报内", "against": "与往年材料"}
    rows = [[d["a"]["label"], d["b"]["label"], kind[d["kind"]], round(d["ratio_a"], 3), round(d["ratio_b"], 3),
             d["longest"], len(d["passages"]), d["subtracted"],
             max(d["passages"], key=lambda p: p["length"])["text"] if d["passages"] else None]
            for d in review["duplicates"]]
    ws = _sheet(wb, "疑似重复", ["材料A", "材料B", "类型", "A复制比", "B复制比", "最长共同段落(字)", "共同段落数",
                              "已扣除通用表述(字)", "最长共同段落"], rows, {9: 60})
    for col in ("D", "E"):
        for cell in ws[col][1:]:
            cell.number_format = "0%"

    # 评分细则
    rows = []
    for s in subs:
        for c in s["score"]["criteria"]:
            rows.append([_name(s), s["project_type"], c["name"], c["weight"], c["score"], "；".join(c["evidence"])])
        rows.append([_name(s), s["project_type"], "自动总分", None, s["score"]["auto"], ""])
        if s["score"]["expert"] is not None:
            rows.append([_name(s), s["project_type"], "专家评分（截尾均值）", None, s["score"]["expert"], ""])
        rows.append([_name(s), s["project_type"], "最终得分", None, s["score"]["final"], s["reason"]])
    _sheet(wb, "评分细则", ["申报单位", "项目类别", "评分项", "权重", "得分", "依据"], rows, {6: 70})

    with atomic_target(path, suffix=".xlsx") as tmp:
        wb.save(tmp)
