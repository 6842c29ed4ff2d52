"""report.xlsx, written with XlsxWriter (write-only, constant memory per row, fast on thousands of rows).

推荐汇总表（优秀场景）/（示范工厂） are laid out like the programme's 推荐汇总表 (附件5): a title row, the
推荐单位 and date block, the columns in the form's order, recommendation-priority order, and a print setup
(A4 landscape, one page wide, header row repeated, margins, page numbers) so they print as a form. The
other sheets are working lists with frozen headers and filters. Every visible cell is Chinese: codes from the
JSON contract appear only in hidden columns. Applicant text is neutralised against formula injection.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..atomic import atomic_target
from ..labels import FORMAT_ZH, KIND_ZH, SEVERITY_ZH, STATUS_ZH, category_zh, check_zh, error_zh, exclusion_zh
from ..model import Finding
from ..review.meeting import readable_keys
from ..review.types import APP_TYPES, Review, ScenarioResult, SubmissionResult

FONT = "等线"  # Office's default CJK UI font; WPS and LibreOffice substitute a CJK font when absent
EXCEL_CELL_LIMIT = 32_767  # characters in one cell
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe(value: Any) -> Any:
    """Neutralise spreadsheet formula injection in text cells and keep every value within Excel's cell
    limit, the quote prefix included; numbers and None pass through."""
    if isinstance(value, str):
        value = "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) != "Cc")
        if value.startswith(_DANGEROUS):
            value = "'" + value
        return value[:EXCEL_CELL_LIMIT]
    return value


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _row_height(row: Sequence[Any], widths: Sequence[float], max_lines: int = 12) -> float:
    """Points for a row whose wrapped cells all show: spreadsheet programs do not grow rows written by a
    library, so a wrapped cell would print cut to one line."""
    lines = 1
    for value, w in zip(row, widths):
        if value is not None and w:
            per_line = max(1, int(w) - 1)
            lines = max(lines, sum(max(1, -(-_width(part) // per_line)) for part in str(value).split("\n")))
    return 14.5 * min(lines, max_lines)


class _Book:
    """The workbook and its shared formats."""

    def __init__(self, path: Path) -> None:
        import xlsxwriter

        # Strings are written as strings, never turned into formulas, links or numbers.
        self.wb = xlsxwriter.Workbook(
            str(path), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
        )
        base = {"font_name": FONT, "font_size": 10.5, "valign": "top", "text_wrap": True}
        self.body = self.wb.add_format({**base, "border": 1})
        self.plain = self.wb.add_format(base)
        self.num = self.wb.add_format({**base, "border": 1, "num_format": "0.0", "align": "right"})
        self.int = self.wb.add_format({**base, "border": 1, "num_format": "0", "align": "center"})
        self.pct = self.wb.add_format({**base, "border": 1, "num_format": "0%", "align": "right"})
        self.red = self.wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006", "bold": True})
        self.green = self.wb.add_format({"bg_color": "#E2EFDA"})
        self.head = self.wb.add_format(
            {**base, "bold": True, "border": 1, "align": "center", "valign": "vcenter", "bg_color": "#D9E1F2"}
        )
        self.title = self.wb.add_format(
            {"font_name": FONT, "font_size": 16, "bold": True, "align": "center", "valign": "vcenter"}
        )
        self.block = self.wb.add_format({"font_name": FONT, "font_size": 11, "valign": "vcenter"})
        self.block_right = self.wb.add_format(
            {"font_name": FONT, "font_size": 11, "valign": "vcenter", "align": "right"}
        )

    def cell(self, ws: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
        fmt = fmt or self.body
        if value is None:
            ws.write_blank(row, col, None, fmt)
        elif isinstance(value, bool):
            ws.write_string(row, col, "是" if value else "否", fmt)
        elif isinstance(value, (int, float)):
            ws.write_number(row, col, value, fmt)
        else:
            ws.write_string(row, col, safe(str(value)), fmt)


Column = tuple[str, int, str]  # header, width (characters), kind: text|num|int|pct|hidden


def _formats(book: _Book, kind: str) -> Any:
    return {"num": book.num, "int": book.int, "pct": book.pct}.get(kind, book.body)


def _table(book: _Book, name: str, cols: Sequence[Column], rows: Sequence[Sequence[Any]]) -> Any:
    """A working list: header row, frozen, filtered, hidden code columns, widths from content."""
    ws = book.wb.add_worksheet(name)
    widths: list[float] = []
    for c, (head, width, kind) in enumerate(cols):
        longest = max([_width(head)] + [_width(str(r[c])) for r in rows[:200] if r[c] is not None])
        widths.append(0 if kind == "hidden" else width or min(60, max(8, longest + 2)))
        ws.set_column(c, c, widths[-1] or 8, None, {"hidden": kind == "hidden"})
        book.cell(ws, 0, c, head, book.head)
    ws.set_row(0, _row_height([h for h, _w, _k in cols], widths, 3))
    for r, row in enumerate(rows, start=1):
        ws.set_row(r, _row_height(row, widths, 6))
        for c, value in enumerate(row):
            book.cell(ws, r, c, value, _formats(book, cols[c][2]))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(1, len(rows)), len(cols) - 1)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    return ws


# --- 推荐汇总表 (附件5 style) ---------------------------------------------------------------------------


def _typical(sc: ScenarioResult) -> str:
    if sc.declared_typical:
        return sc.declared_typical
    top = sc.top_match
    return top.name + "（归类）" if top else ""


def _summary_rows(subs: Sequence[SubmissionResult], t: str) -> list[list[Any]]:
    picked = sorted((s for s in subs if s.project_type == t and s.recommended), key=lambda s: s.priority or 0)
    rows = []
    for s in picked:
        a = s.applicant
        common = [s.priority, s.name, a and a.credit_code, a and a.region, a and a.industry]
        if t == "优秀场景":
            rows.append(
                common
                + [
                    "\n".join(sc.title for sc in s.scenarios),
                    "\n".join(filter(None, (_typical(sc) for sc in s.scenarios))),
                    s.score.final,
                    s.reason,
                ]
            )
        else:
            level = a.maturity_level if a else None
            rows.append(
                common
                + [
                    f"{level} 级" if level else None,
                    len(s.scenarios),
                    "、".join(s.score.links_covered) or None,
                    s.score.final,
                    s.reason,
                ]
            )
    return rows


SUMMARY_COLS: dict[str, list[Column]] = {
    "优秀场景": [
        ("推荐顺序", 6, "int"),
        ("申报单位名称", 24, "text"),
        ("统一社会信用代码", 21, "text"),
        ("所在地市", 12, "text"),
        ("所属行业", 14, "text"),
        ("场景名称", 28, "text"),
        ("对应典型场景", 20, "text"),
        ("得分", 7, "num"),
        ("备注", 24, "text"),
    ],
    "示范工厂": [
        ("推荐顺序", 6, "int"),
        ("申报单位名称", 26, "text"),
        ("统一社会信用代码", 21, "text"),
        ("所在地市", 12, "text"),
        ("所属行业", 14, "text"),
        ("智能制造能力成熟度自评", 12, "text"),
        ("场景数", 7, "int"),
        ("覆盖环节", 26, "text"),
        ("得分", 7, "num"),
        ("备注", 22, "text"),
    ],
}


def _summary_sheet(book: _Book, review: Review, t: str) -> Any:
    cols = SUMMARY_COLS[t]
    rows = _summary_rows(review.submissions, t)
    ws = book.wb.add_worksheet(f"推荐汇总表（{t}）")
    last = len(cols) - 1
    ws.set_row(0, 32)
    ws.merge_range(0, 0, 0, last, f"智能制造{t}推荐汇总表", book.title)
    ws.set_row(1, 24)
    split = last // 2
    ws.merge_range(1, 0, 1, split, "推荐单位（盖章）：", book.block)
    ws.merge_range(1, split + 1, 1, last, "填报日期：　　　　年　　月　　日", book.block_right)
    for c, (head, width, _kind) in enumerate(cols):
        ws.set_column(c, c, width)
        book.cell(ws, 2, c, head, book.head)
    ws.set_row(2, _row_height([h for h, _w, _k in cols], [w for _h, w, _k in cols], 3))
    widths = [w for _h, w, _k in cols]
    for r, row in enumerate(rows, start=3):
        ws.set_row(r, _row_height(row, widths))
        for c, value in enumerate(row):
            book.cell(ws, r, c, value, _formats(book, cols[c][2]))
    if not rows:
        ws.merge_range(3, 0, 3, last, "（无推荐）", book.body)
    quota = review.settings.quotas.get(t)
    note = len(rows) + 4
    ws.merge_range(
        note,
        0,
        note,
        last,
        f"注：按推荐优先顺序排列；推荐名额 {quota if quota is not None else '—'} 个，"
        f"已推荐 {len(rows)} 个。得分为本工具按公开评分细则的自动评分（含专家评分时为合并分），仅供参考。",
        book.plain,
    )
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.center_horizontally()
    ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
    ws.repeat_rows(2)  # the header row on every printed page
    ws.set_footer("&C第 &P 页，共 &N 页")
    ws.freeze_panes(3, 0)
    ws.print_area(0, 0, note, last)
    return ws


# --- working lists --------------------------------------------------------------------------------------


def _all_rows(subs: Sequence[SubmissionResult]) -> tuple[list[Column], list[list[Any]]]:
    cols: list[Column] = [
        ("项目类别", 10, "text"),
        ("得分排名", 8, "int"),
        ("是否推荐", 8, "text"),
        ("推荐顺序", 8, "int"),
        ("申报单位", 24, "text"),
        ("所在地市", 10, "text"),
        ("所属行业", 16, "text"),
        ("场景名称", 36, "text"),
        ("总分", 8, "num"),
        ("不予推荐原因", 40, "text"),
        ("说明", 36, "text"),
        ("文件", 0, "text"),
        ("文件格式", 12, "text"),
        ("读取状态", 10, "text"),
        ("排除代码", 0, "hidden"),
    ]
    rows = []
    for t in APP_TYPES:
        group = sorted(
            (s for s in subs if s.project_type == t),
            key=lambda s: (not s.recommended, s.priority or 0, s.rank),
        )
        for s in group:
            a, ex = s.applicant, s.exclusions
            rows.append(
                [
                    t,
                    s.rank,
                    s.recommended,
                    s.priority,
                    s.name,
                    a and a.region,
                    a and a.industry,
                    "；".join(sc.title for sc in s.scenarios) or "（未找到场景）",
                    s.score.final,
                    "；".join(f"{exclusion_zh(e.code)}：{e.reason}" for e in ex) or None,
                    s.reason,
                    s.file_name,
                    FORMAT_ZH.get(s.format or "", "未知"),
                    STATUS_ZH.get(s.status, "未知"),
                    ",".join(e.code for e in ex),
                ]
            )
    return cols, rows


def _scenario_rows(subs: Sequence[SubmissionResult]) -> tuple[list[Column], list[list[Any]]]:
    cols: list[Column] = [
        ("申报单位", 22, "text"),
        ("项目类别", 10, "text"),
        ("场景序号", 8, "int"),
        ("场景名称", 36, "text"),
        ("申报典型场景", 20, "text"),
        ("归类典型场景", 20, "text"),
        ("归类置信度", 10, "pct"),
        ("申报是否相符", 10, "text"),
        ("字数", 8, "int"),
        ("字数上限", 8, "int"),
        ("超字数", 7, "text"),
        ("文字来源", 12, "text"),
        ("问题数", 7, "int"),
        ("文件", 0, "text"),
    ]
    rows = []
    for s in subs:
        for sc in s.scenarios:
            c = sc.classification
            top = c.top[0] if c and c.top else None
            rows.append(
                [
                    s.name,
                    s.project_type,
                    sc.index,
                    sc.title,
                    sc.declared_typical,
                    top.name if top else None,
                    top.score if top else None,
                    "—"
                    if c is None or c.declared_matches is None
                    else "相符"
                    if c.declared_matches
                    else "不符",
                    sc.counts.words,
                    sc.limit,
                    sc.over_limit,
                    "OCR 识别（近似）" if sc.from_ocr else "文字层",
                    len(sc.findings),
                    s.file_name,
                ]
            )
    return cols, rows


def _finding_rows(review: Review) -> tuple[list[Column], list[list[Any]]]:
    cols: list[Column] = [
        ("申报单位", 22, "text"),
        ("场景序号", 8, "int"),
        ("场景名称", 28, "text"),
        ("级别", 7, "text"),
        ("检查项", 12, "text"),
        ("类别", 18, "text"),
        ("说明", 60, "text"),
        ("原文", 50, "text"),
        ("文件", 0, "text"),
        ("检查代码", 0, "hidden"),
        ("类别代码", 0, "hidden"),
    ]
    rows = []
    for s in review.submissions:
        scoped: list[tuple[int | None, str | None, Finding]] = [(None, None, f) for f in s.findings]
        scoped += [(sc.index, sc.title, f) for sc in s.scenarios for f in sc.findings]
        for idx, title, f in scoped:
            rows.append(
                [
                    s.name,
                    idx,
                    title,
                    SEVERITY_ZH.get(f.severity, "提示"),
                    check_zh(f.check),
                    category_zh(f.category) or None,
                    f.message,
                    f.evidence or None,
                    s.file_name,
                    f.check,
                    f.category,
                ]
            )
        for n in s.notices:
            rows.append(
                [s.name, None, None, "提示", "文件读取", None, n.message, None, s.file_name, "notice", n.code]
            )
    return cols, rows


def _dup_rows(review: Review) -> tuple[list[Column], list[list[Any]]]:
    cols: list[Column] = [
        ("材料A", 26, "text"),
        ("材料B", 26, "text"),
        ("类型", 10, "text"),
        ("A 复制比", 9, "pct"),
        ("B 复制比", 9, "pct"),
        ("最长共同段落（字）", 10, "int"),
        ("共同段落数", 8, "int"),
        ("比对前扣除的通用表述（字）", 12, "int"),
        ("最长共同段落（A 原文）", 50, "text"),
        ("最长共同段落（B 原文）", 50, "text"),
    ]
    rows = []
    for d in review.duplicates:
        best = max(d.passages, key=lambda p: p.length) if d.passages else None
        rows.append(
            [
                d.a.label,
                d.b.label,
                KIND_ZH.get(d.kind, "其他"),
                d.ratio_a,
                d.ratio_b,
                d.longest,
                len(d.passages),
                d.subtracted,
                best and best.text,
                best and best.text_b,
            ]
        )
    return cols, rows


def _failed_rows(review: Review) -> tuple[list[Column], list[list[Any]]]:
    cols: list[Column] = [
        ("文件", 36, "text"),
        ("错误类型", 16, "text"),
        ("原因", 70, "text"),
        ("完整路径", 50, "text"),
        ("错误代码", 0, "hidden"),
    ]
    rows = [
        [Path(f.file).name, error_zh(f.error.code), f.error.message, f.file, f.error.code]
        for f in review.failed
    ]
    return cols, rows


def _score_rows(review: Review) -> tuple[list[Column], list[list[Any]]]:
    cols: list[Column] = [
        ("申报单位", 22, "text"),
        ("项目类别", 10, "text"),
        ("评分项", 18, "text"),
        ("权重", 7, "num"),
        ("得分", 8, "num"),
        ("依据", 70, "text"),
    ]
    rows = []
    labels = (
        review.pair_labels()
    )  # evidence names other scenarios by key (sha256#index): show file and scenario
    for s in review.submissions:
        t, name, sc = s.project_type, s.name, s.score
        rows += [
            [name, t, c.name, c.weight, c.score, readable_keys(labels, "；".join(c.evidence))]
            for c in sc.criteria
        ]
        rows.append([name, t, "自动总分", None, sc.auto, None])
        if sc.expert is not None:
            rows.append([name, t, "专家评分（截尾均值）", None, sc.expert, None])
        rows.append([name, t, "最终得分", None, sc.final, s.reason])
    return cols, rows


def _highlighted(
    book: _Book,
    name: str,
    table: tuple[list[Column], list[list[Any]]],
    first: int,
    last: int,
    rule: dict[str, Any],
) -> None:
    """A working list with one conditional format over columns ``first``..``last`` of its data rows."""
    cols, rows = table
    ws = _table(book, name, cols, rows)
    ws.conditional_format(1, first, max(1, len(rows)), len(cols) - 1 if last < 0 else last, rule)


def write_xlsx(review: Review, path: str | Path) -> None:
    """Write report.xlsx atomically."""
    subs = review.submissions
    with atomic_target(path, suffix=".xlsx") as tmp:
        book = _Book(tmp)
        for t in APP_TYPES:
            _summary_sheet(book, review, t)
        _highlighted(
            book,
            "全部申报",
            _all_rows(subs),
            0,
            -1,
            {"type": "formula", "criteria": '=$C2="是"', "format": book.green},
        )
        _highlighted(
            book,
            "场景明细",
            _scenario_rows(subs),
            8,
            8,
            {"type": "formula", "criteria": "=$I2>$J2", "format": book.red},
        )
        _highlighted(
            book,
            "问题清单",
            _finding_rows(review),
            3,
            3,
            {"type": "cell", "criteria": "==", "value": '"错误"', "format": book.red},
        )
        _table(book, "疑似重复", *_dup_rows(review))
        _table(book, "失败文件", *_failed_rows(review))
        _table(book, "评分细则", *_score_rows(review))
        book.wb.close()
