"""Ruled tables: find them with pdfplumber's "lines" strategy, read cells with CJK-aware joining, and merge a
table that continues on the next page (same columns; a repeated header row dropped)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .pdf_lines import Char, build_lines, first_unit_width, join_wrapped

_LONG_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-_./:#]{7,}")
_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


@dataclass
class PdfTable:
    page: int  # 1-based page where the table starts
    bbox: tuple[float, float, float, float]  # on its (last) page
    columns: tuple[float, ...]  # x positions of the column edges, for matching continuations
    rows: list[tuple[str, ...]]
    last_page: int


def has_rulings(page: Any) -> bool:
    """Only pages with drawn lines or rectangles can hold a ruled table; skipping the rest saves the
    costly edge analysis on ordinary text pages."""
    return bool(page.lines or page.rects)


def _inside(c: Char, bbox: tuple[float, float, float, float]) -> bool:
    cx = (c["x0"] + c["x1"]) / 2
    cy = (c["top"] + c["bottom"]) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]


def cell_text(chars: Sequence[Char], bbox: tuple[float, float, float, float], page: int) -> str:
    """A cell's text: wrapped lines joined without separators; a line ending well short of the cell's
    right edge ends a paragraph inside the cell (kept as "\\n", as the document model asks)."""
    lines = build_lines([c for c in chars if _inside(c, bbox)], page)
    text = ""
    for i, ln in enumerate(lines):
        if i == 0:
            text = ln.text
            continue
        prev = lines[i - 1]
        # the cell's right edge has ~2 pt padding; a line that left room for the next word ended there
        short = bbox[2] - prev.x1 > first_unit_width(ln.text, ln.size) + 0.3 * prev.size + 2.0
        if short:
            text = f"{text}\n{ln.text}"
        elif _LONG_TOKEN.fullmatch(prev.text):
            # a code longer than the cell is width (credit code, part number) broken by force: no space
            text += ln.text
        else:
            text = join_wrapped(text, ln.text)
    return text


def find_tables(page: Any, chars: Sequence[Char], page_number: int) -> list[PdfTable]:
    """Ruled tables on one page, top to bottom. ``chars`` are the page's glyphs (for cell text)."""
    found = page.find_tables(table_settings=_SETTINGS)
    tables: list[PdfTable] = []
    for t in sorted(found, key=lambda t: (t.bbox[1], t.bbox[0])):
        inner = [c for c in chars if _inside(c, t.bbox)]  # narrow once, then per cell
        rows: list[tuple[str, ...]] = []
        for row in t.rows:
            rows.append(tuple("" if cell is None else cell_text(inner, cell, page_number) for cell in row.cells))
        if not rows or not any(any(cell for cell in r) for r in rows):
            continue  # a ruled box with nothing in it (a frame, a signature line)
        first = t.rows[0].cells
        edges = sorted({round(c[0], 0) for c in first if c} | {round(c[2], 0) for c in first if c})
        tables.append(PdfTable(page_number, tuple(t.bbox), tuple(edges), rows, page_number))
    return tables


def same_columns(a: PdfTable, b: PdfTable, tolerance: float = 2.0) -> bool:
    return len(a.columns) == len(b.columns) and all(abs(x - y) <= tolerance for x, y in zip(a.columns, b.columns))


def merge_continuation(a: PdfTable, b: PdfTable) -> None:
    """Append ``b`` (the part on the next page) to ``a``; a repeated header row is not added twice.

    A row allowed to break across pages leaves its tail as a first row with an empty first cell (the key
    column's text stayed on the previous page); those cells are joined onto the previous row."""
    rows = b.rows[1:] if b.rows and a.rows and b.rows[0] == a.rows[0] else list(b.rows)
    if rows and a.rows and len(rows[0]) == len(a.rows[-1]) and not rows[0][0] and a.rows[-1][0]:
        tail = rows.pop(0)
        a.rows[-1] = tuple(join_wrapped(x, y) for x, y in zip(a.rows[-1], tail))
    a.rows.extend(rows)
    a.bbox = b.bbox
    a.last_page = b.last_page
