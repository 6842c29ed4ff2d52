"""Items -> roles that no layout rule should have to guess: the cover and form furniture.

- ``cover``: the form's title and filled-in cover fields before the first section ("2022年度智能制造优秀场景",
  "申 报 书", "项目名称：…", "申报单位（盖章）：…", "二〇二二年十月"). Read for the applicant and the type, never
  a scenario, and not body text.
- ``furniture``: signature, stamp and date lines, page numbers, and a running header that a scan or an export
  repeats on every page. Never description text.
- ``content``: everything else; the walker decides between section headings, scenario headings, labels and text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Literal

from .items import Item, heading_like, label_field
from .patterns import (
    COVER_TITLE,
    DATE_LINE,
    FORM_TITLE,
    LABEL_VALUE_LINE,
    PAGE_NUMBER,
    SCENARIO_ORDINAL,
    SIGNATURE_LINE,
    split_enumerator,
)

Role = Literal["cover", "furniture", "content"]
_SPACE = re.compile(r"\s+")
_COVER_FIELD = re.compile(
    r"(?:名称|单位|企业|日期|时间|联系人|电话|地址|类别|类型|编号)(?:[（(][^）)]*[)）])?$"
)
_RUNNING_MIN_PAGES = 2  # a line opening or closing this many pages (outside tables) is a running header


def _squash(text: str) -> str:
    return _SPACE.sub("", text)


def _cover_line(it: Item) -> bool:
    if it.in_table or it.role != "line" or not heading_like(it):
        return False
    s = _squash(it.text)
    if label_field(it.text) is not None:
        return False  # "场景名称：…" on the first page starts the scenario part
    m = LABEL_VALUE_LINE.match(it.text.strip())
    field = bool(m and _COVER_FIELD.search(_squash(m.group("label"))) and not SCENARIO_ORDINAL.match(s))
    return bool(COVER_TITLE.match(s) or (s and DATE_LINE.match(s)) or field or SIGNATURE_LINE.match(s))


def _form_title(s: str) -> bool:
    """The form's own title repeated after the cover (a running header a scan keeps): never a heading."""
    return bool(COVER_TITLE.match(s) and FORM_TITLE.search(s)) and len(s) <= 40


def _running_lines(items: list[Item]) -> set[str]:
    """Lines that open or close at least three pages with the same text: a running header or footer that the
    parser could not tell from the body (typical of OCR'd scans)."""
    edges: dict[int, list[Item]] = defaultdict(list)
    for it in items:
        if it.role == "line" and not it.in_table and it.page is not None:
            edges[it.page].append(it)
    pages: dict[str, set[int]] = defaultdict(set)
    for page, on_page in edges.items():
        for it in {id(x): x for x in (on_page[0], on_page[-1])}.values():
            if heading_like(it) and split_enumerator(it.text).kind is None:  # headers carry no numbering
                pages[_squash(it.text)].add(page)
    need = max(_RUNNING_MIN_PAGES, len(edges) // 2)
    return {text for text, seen in pages.items() if len(seen) >= need}


def assign_roles(items: list[Item]) -> list[Role]:
    """One role per item, in order."""
    roles: list[Role] = ["content"] * len(items)
    k = 0
    while k < len(items) and _cover_line(items[k]):
        roles[k] = "cover"
        k += 1
    running = _running_lines(items)
    for i, it in enumerate(items):
        if roles[i] == "cover" or it.role != "line":
            continue
        s = _squash(it.text)
        if SIGNATURE_LINE.match(s) or (
            not it.in_table and (PAGE_NUMBER.match(s) or s in running or _form_title(s))
        ):
            roles[i] = "furniture"
    return roles
