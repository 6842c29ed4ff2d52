"""Who applies and for what: applicant fields from the cover and the 申报主体基本情况 table, and the type.

Only the part of the form before the first scenario is read, so that a company named inside a scenario
description (a supplier, a customer) is never taken for the applicant. The first value found for a field wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Applicant, ApplicationType, Block, Document
from .patterns import (
    APPLICANT_LABELS,
    CREDIT_CODE,
    LABEL_VALUE_LINE,
    TYPE_FACTORY,
    TYPE_SCENARIO,
    clean_value,
    parse_maturity,
)

_COVER_LINES = 40  # the title of the form sits on its cover page


def _front_blocks(doc: Document, first_block: int | None) -> Iterator[Block]:
    for b in doc.blocks:
        if first_block is not None and (
            b.index > first_block or (b.index == first_block and b.kind != "table")
        ):
            break
        yield b  # the first scenario's own table is kept: one-table forms put 申报单位 above 场景名称


def _label_of(text: str) -> str | None:
    text = clean_value(text).replace(" ", "").replace("　", "")
    for name, pat in APPLICANT_LABELS:
        if pat.match(text):
            return name
    return None


def _pairs(doc: Document, first_block: int | None) -> Iterator[tuple[str, str]]:
    """(field, value) pairs from "label：value" lines and label | value table cells, in document order."""
    for b in _front_blocks(doc, first_block):
        if b.kind == "table":
            for row in b.rows:
                cells: list[str] = []
                for c in row:  # merged cells repeat their text: read them once
                    c = c.strip()
                    if c and (not cells or cells[-1] != c):
                        cells.append(c)
                for i, cell in enumerate(cells[:-1]):
                    name = _label_of(cell.split("\n")[0]) if len(cell) <= 30 else None
                    if name and _label_of(cells[i + 1]) is None:
                        yield name, clean_value(cells[i + 1])
                for cell in cells:  # "申报单位：XX" written inside one cell
                    yield from _line_pairs(cell)
        else:
            yield from _line_pairs(b.display_text)


# Where a second "label：" starts inside one line ("申报单位（盖章）：X 推荐单位：Y", two cover fields that a scan or
# a PDF joined into one paragraph).
_NEXT_FIELD = re.compile(
    r"(?<=\S)\s*(?=(?:申报单位|推荐单位|申报日期|填报日期|项目名称|项目类别|申报类别|企业名称|单位名称|统一社会信用代码|"
    r"所属行业|所在地市|所在地区|联系人|联系电话|法定代表人)\s*(?:[（(][^）)]{0,8}[)）])?\s*[：:])"
)


def _line_pairs(text: str) -> Iterator[tuple[str, str]]:
    for line in (part for ln in text.split("\n") for part in _NEXT_FIELD.split(ln)):
        m = LABEL_VALUE_LINE.match(line.strip())
        if m:
            name = _label_of(m.group("label"))
            value = clean_value(m.group("v"))
            if name and value:
                yield name, value


def read_applicant(doc: Document, first_block: int | None = None) -> Applicant:
    found: dict[str, str] = {}
    for name, value in _pairs(doc, first_block):
        found.setdefault(name, value)
    code = None
    m = CREDIT_CODE.search(re.sub(r"\s", "", found.get("credit_code", "")).upper())  # PDF cells wrap it
    if m:
        code = m.group(0)
    else:  # a code printed without its label
        for b in _front_blocks(doc, first_block):
            text = "\n".join("\n".join(r) for r in b.rows) if b.kind == "table" else b.text
            m = CREDIT_CODE.search(re.sub(r"[ \t]", "", text))
            if m:
                code = m.group(0)
                break
    maturity = parse_maturity(found["maturity"]) if "maturity" in found else None
    return Applicant(
        name=found.get("name"),
        credit_code=code,
        industry=found.get("industry"),
        region=found.get("region"),
        maturity_level=maturity,
    )


def read_application_type(doc: Document, first_block: int | None = None) -> ApplicationType:
    """优秀场景 or 示范工厂, from 项目类别 or the form's title; "unknown" when neither is stated."""
    category = next((v for n, v in _pairs(doc, first_block) if n == "category"), None)
    candidates = [category] if category else []
    candidates += [
        b.display_text for b in list(_front_blocks(doc, first_block))[:_COVER_LINES] if b.kind != "table"
    ]
    for text in candidates:
        if TYPE_FACTORY.search(text):
            return "示范工厂"
        if TYPE_SCENARIO.search(text):
            return "优秀场景"
    return "unknown"
