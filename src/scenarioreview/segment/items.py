"""Flatten a Document into a stream of items the segmenter walks: text lines and table-derived labels.

Body blocks become one item each (images are dropped: figures never count). Tables are read as forms:
a cell that is a label (场景名称, 对应典型场景, 所属环节, 场景描述…) makes its neighbour cell a value; a label row with
no value cell ("场景描述（3000字以内）" on its own) makes the next row the description; a header row of labels
makes a list table, one scenario per data row. Other cells become plain lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from ..model import Block, Document, TextSource
from ..textjoin import join_wrapped
from .patterns import (
    END_SECTION,
    HEADING_MAX_CHARS,
    LABEL_DESCRIPTION,
    LABEL_LINK,
    LABEL_TITLE,
    LABEL_TYPICAL,
    SENTENCE_END,
    SIGNATURE_LINE,
    split_enumerator,
)

Role = Literal["line", "title", "typical", "link", "desc", "desc_text", "row_end", "table_end"]
Field = Literal["title", "typical", "link", "desc"]

_FIELD_PATTERNS: tuple[tuple[Field, re.Pattern[str]], ...] = (
    ("title", LABEL_TITLE),
    ("typical", LABEL_TYPICAL),
    ("link", LABEL_LINK),
    ("desc", LABEL_DESCRIPTION),
)
_SERIAL_HEADER = re.compile(r"^(?:序号|编号|序)$")


@dataclass(frozen=True)
class Item:
    role: Role
    text: str  # the line as read (numbering label included); for labels, the value
    block_index: int
    page: int | None = None
    source: TextSource = "text-layer"
    level: int | None = None
    style: str = ""
    numbered: bool = False  # the block carries automatic numbering (Block.label)
    in_table: bool = False
    ordinal: int = 0  # 1-based body paragraph number (every text line and table cell line counts)
    labelled: bool = False  # a "label：value" line (the label itself is not description text)
    spills: bool = False  # table_end of a PDF table whose page ends with it: the last cell may go on overleaf


def heading_like(it: Item) -> bool:
    """Short enough and unpunctuated enough to be a heading (a styled heading may be a little longer)."""
    text = it.text
    if it.level is not None:
        return len(text) <= 2 * HEADING_MAX_CHARS
    return len(text) <= HEADING_MAX_CHARS and not SENTENCE_END.search(text) and "。" not in text


def label_field(text: str) -> tuple[Field, str, bool] | None:
    """("title", value, has_colon) when ``text`` is a scenario label such as "场景名称：X" or "对应典型场景"."""
    core = split_enumerator(text).core if text else text
    for field, pat in _FIELD_PATTERNS:
        m = pat.match(core)
        if m:
            value = (m.group("v") or "").strip()
            return field, value, m.group("none") is None
    return None


_NEXT_LABEL = re.compile(
    r"[；;，,\s　]*(?=(?:对应|所属|涉及)?(?:智能制造)?(?:典型场景|业务环节|制造环节|环节)(?:名称)?\s*[：:])"
)


def split_combined(value: str) -> tuple[str, list[tuple[Field, str]]]:
    """ "车间智能排产；所属环节：计划调度" -> ("车间智能排产", [("link", "计划调度")]): several labels on one line."""
    parts = _NEXT_LABEL.split(value)
    extra: list[tuple[Field, str]] = []
    for part in parts[1:]:
        hit = label_field(part)
        if hit is not None and hit[1]:
            extra.append((hit[0], hit[1]))
    return parts[0].strip(), extra


def _dedupe(row: tuple[str, ...]) -> list[str]:
    """Non-empty cells, with horizontally merged cells (repeated text) read once."""
    out: list[str] = []
    for cell in row:
        cell = cell.strip()
        if cell and (not out or out[-1] != cell):
            out.append(cell)
    return out


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def _joined(text: str) -> str:
    """A cell's wrapped lines as one value, joined like body text (no space between Chinese characters)."""
    out = ""
    for ln in _lines(text):
        out = join_wrapped(out, ln)
    return out


_LABEL_CELL_MAX = 24


def _cell_label(cell: str) -> tuple[Field, str, bool] | None:
    """The label a cell starts with; a short label cell that wraps in a narrow PDF column
    ("场景描述（3000" / "字以内）") is read as one label."""
    first, _, rest = cell.partition("\n")
    hit = label_field(first)
    if hit is not None:
        return hit
    joined = _joined(cell)
    if rest and len(joined) <= _LABEL_CELL_MAX:
        hit = label_field(joined)
        if hit is not None:
            return hit[0], hit[1], hit[2]
    return None


def _ends_description(cells: list[str]) -> bool:
    """A row after the description cell that is the form's own business (申报单位意见, 推荐单位意见, 盖章, 日期)."""
    label = _joined(cells[0])
    core = split_enumerator(label).core
    squashed = "".join(label.split())
    return len(label) <= _LABEL_CELL_MAX and bool(END_SECTION.match(core) or SIGNATURE_LINE.match(squashed))


_FIELD_LABEL = re.compile(r"^[^，,。；;：:\n]{1,20}$")


def _form_field_row(cells: list[str]) -> bool:
    """label | value (| label | value …) with short labels and no scenario label among them."""
    if len(cells) < 2 or len(cells) % 2:
        return False
    labels = cells[0::2]
    return all(_FIELD_LABEL.match(c) for c in labels) and all(label_field(c) is None for c in labels)


def _header_columns(cells: list[str]) -> dict[int, Field] | None:
    """Map column -> field when ``cells`` is the header row of a list table (labels only, 场景名称 among them)."""
    cols: dict[int, Field] = {}
    for i, cell in enumerate(cells):
        hit = label_field(cell)
        if hit and not hit[2] and not hit[1]:
            cols[i] = hit[0]
        elif not _SERIAL_HEADER.match(cell):
            return None
    return cols if "title" in cols.values() and len(cols) >= 2 else None


_FIELD_ORDER: tuple[Field, ...] = ("title", "typical", "link", "desc")


class _TableReader:
    """Reads one table as a form, row by row (see the module docstring); ``items`` is the result."""

    def __init__(self, block: Block) -> None:
        self.base = Item("line", "", block.index, block.page, block.source, in_table=True)
        self.items: list[Item] = []
        self.columns: dict[int, Field] | None = None  # set by the header row of a list table
        self.width = 0
        self.pending_desc = False  # a description label with no value cell: the next row is the text
        self.had_desc = False
        self.closed = (
            False  # the description row is over: later rows are the form's (opinions, stamps, dates)
        )
        self.has_labels = any(
            (hit := _cell_label(c)) is not None and hit[0] in ("title", "typical")
            for row in block.rows
            for c in row
            if c.strip()
        )

    def _text(self, texts: list[str], role: Role = "line") -> None:
        self.items += [replace(self.base, role=role, text=t) for t in texts]

    def _field(self, field: Field, value: str) -> None:
        if field != "desc":
            self.items.append(replace(self.base, role=field, text=_joined(value)))
        elif value:
            self._text(_lines(value), "desc_text")
            self.had_desc = True
        else:
            self.pending_desc = True

    def row(self, raw: tuple[str, ...]) -> None:
        cells = _dedupe(raw)
        if not cells:
            return
        if self.columns is not None and len([c for c in raw if c.strip()]) >= 2:
            self._list_row(raw, self.columns)
            return
        header = _header_columns(cells)
        if header is not None:
            self.columns, self.width = header, len(cells)
            return
        if self.pending_desc:
            self._text([t for c in cells for t in _lines(c)], "desc_text")
            self.pending_desc, self.had_desc = False, True
            return
        if self.had_desc and not self.closed and _ends_description(cells):
            self.items.append(replace(self.base, role="table_end"))
            self.closed = True
        if self.closed:
            self._text([t for c in cells for t in _lines(c)])
        elif not (self.has_labels and not self.had_desc and _form_field_row(cells)):
            # (联系人 | 王立新 beside 场景名称 in an info table is a form field, not description text)
            self._label_cells(cells)

    def _list_row(self, raw: tuple[str, ...], columns: dict[int, Field]) -> None:
        """A data row of a list table: aligned on the raw cells so that empty columns keep their place."""
        vals = [c.strip() for c in raw]
        vals = vals[len(vals) - self.width :] if len(vals) > self.width else vals
        for col, field in sorted(columns.items(), key=lambda kv: _FIELD_ORDER.index(kv[1])):
            if col >= len(vals) or not vals[col]:
                continue
            if field == "desc":
                self._text(_lines(vals[col]), "desc_text")
                self.had_desc = True
            else:
                self.items.append(replace(self.base, role=field, text=_joined(vals[col])))
        self.items.append(replace(self.base, role="row_end"))

    def _label_cells(self, cells: list[str]) -> None:
        """label | value pairs (or a label cell holding its own value); other cells are plain lines."""
        i = 0
        while i < len(cells):
            first, _, rest = cells[i].partition("\n")
            hit = _cell_label(cells[i])
            if hit is None:
                self._text(_lines(cells[i]))
                i += 1
                continue
            if label_field(first) is None:
                rest = ""  # a wrapped label cell: the label was all of it
            field, value, _colon = hit
            value = "\n".join(x for x in (value, rest.strip()) if x)  # "场景描述：\n正文…" in one cell
            if not value and i + 1 < len(cells) and _cell_label(cells[i + 1]) is None:
                value, i = cells[i + 1], i + 1
            i += 1
            self._field(field, value)

    def finish(self) -> list[Item]:
        if self.had_desc and not self.closed:
            self.items.append(replace(self.base, role="table_end"))
        return self.items


def _table_items(block: Block) -> list[Item]:
    reader = _TableReader(block)
    for raw in block.rows:
        reader.row(raw)
    return reader.finish()


def _next_page(table: Block, nxt: Block) -> bool:
    return table.page is not None and nxt.page is not None and nxt.page > table.page and nxt.kind != "table"


def document_items(doc: Document) -> list[Item]:
    """Every readable line of the body in order, numbered as body paragraphs (1-based)."""
    items: list[Item] = []
    blocks = [b for b in doc.blocks if b.kind != "image"]  # figures never count
    for i, b in enumerate(blocks):
        if b.kind == "table":
            table = _table_items(b)
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if table and table[-1].role == "table_end" and nxt is not None and _next_page(b, nxt):
                # a PDF gives no sign of a cell running over the page break; what follows may be its rest
                table[-1] = replace(table[-1], spills=True)
            items += table
            continue
        for t in _lines(b.display_text):
            items.append(Item("line", t, b.index, b.page, b.source, b.level, b.style, bool(b.label)))
    n = 0
    numbered: list[Item] = []
    for it in items:
        if it.role in ("line", "desc_text", "title", "typical", "link"):
            n += 1
        numbered.append(replace(it, ordinal=max(n, 1)))
    return numbered
