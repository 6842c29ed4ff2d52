"""Ruled tables: find them with pdfplumber's "lines" strategy, read cells with CJK-aware joining, and merge a
table that continues on the next page (same columns; a repeated header row dropped)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from ...textjoin import join_wrapped
from .layout import BAND
from .lines import Char, build_lines

_LONG_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-_./:#]{7,}")
_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


@dataclass
class PdfTable:
    page: int  # 1-based page where the table starts
    bbox: tuple[float, float, float, float]  # on its (last) page
    columns: tuple[float, ...]  # x positions of the column edges, for matching continuations
    rows: list[tuple[str, ...]]
    last_page: int
    continuation: bool = False  # a lone cell at the top of a page: the tail of the previous table's last row


def has_rulings(page: Any) -> bool:
    """Only pages with drawn lines or rectangles can hold a ruled table; skipping the rest saves the
    costly edge analysis on ordinary text pages."""
    return bool(page.lines or page.rects)


def inside_bbox(c: Char, bbox: tuple[float, float, float, float]) -> bool:
    """The glyph's centre lies in the box (glyphs straddling a cell border belong where most of them is)."""
    cx: float = (c["x0"] + c["x1"]) / 2
    cy: float = (c["top"] + c["bottom"]) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]


class CharIndex:
    """Glyphs by vertical centre, so that the glyphs of a box are found with two bisections instead of a
    test of every glyph on the page for every cell. Same rule as ``inside_bbox``; the glyphs come back in
    their original order (line building breaks ties by it)."""

    def __init__(self, chars: Sequence[Char]) -> None:
        self.chars = chars
        keyed = sorted(((c["top"] + c["bottom"]) / 2, i) for i, c in enumerate(chars))
        self.cy = [k for k, _ in keyed]
        self.order = [i for _, i in keyed]

    def within(self, bbox: tuple[float, float, float, float]) -> list[Char]:
        lo, hi = bisect_left(self.cy, bbox[1]), bisect_right(self.cy, bbox[3])
        picked = sorted(
            i
            for i in self.order[lo:hi]
            if bbox[0] <= (self.chars[i]["x0"] + self.chars[i]["x1"]) / 2 <= bbox[2]
        )
        return [self.chars[i] for i in picked]


def cell_text(chars: Sequence[Char] | CharIndex, bbox: tuple[float, float, float, float], page: int) -> str:
    """A cell's text: wrapped lines joined without separators. A line ending where the next line's first
    word would still have fitted, or a next line with a first-line indent, starts a new paragraph inside
    the cell (kept as "\n", as the document model asks). Narrative boxes in table-style forms need this."""
    inside = (
        chars.within(bbox) if isinstance(chars, CharIndex) else [c for c in chars if inside_bbox(c, bbox)]
    )
    lines = build_lines(inside, page)
    if not lines:
        return ""
    left = min(ln.x0 for ln in lines)
    text = lines[0].text
    for prev, ln in pairwise(lines):
        # the cell's right edge has ~2 pt padding
        short = bbox[2] - prev.x1 > ln.lead_width() + 0.5 * prev.size + 2.0
        indented = ln.x0 - left >= 1.2 * ln.size and ln.x0 - prev.x0 >= 1.2 * ln.size
        if short or indented:
            text = f"{text}\n{ln.text}"
        elif _LONG_TOKEN.fullmatch(prev.text):
            # a code longer than the cell is wide (credit code, part number) broken by force: no space
            text += ln.text
        else:
            text = join_wrapped(text, ln.text)
    return text


def _row_texts(cells: Sequence[Any], xs: Sequence[float], inner: CharIndex, page: int) -> tuple[str, ...]:
    """One row's cell texts in the docx parser's convention: a cell merged across columns appears once;
    a cell merged down from the row above leaves "" (pdfplumber gives None for both)."""
    out: list[str] = []
    prev_x1 = -1.0
    for x, cell in zip(xs, cells):
        if cell is None:
            if prev_x1 > x + 1:
                continue  # covered by the cell to its left: a horizontal merge
            out.append("")
            continue
        out.append(cell_text(inner, cell, page))
        prev_x1 = cell[2]
    return tuple(out)


def _lone_cell_continuation(
    finder: Any, page: Any, chars: Sequence[Char], page_number: int, carry: PdfTable
) -> PdfTable | None:
    """A row broken over a page break leaves, at the top of the next page, a single ruled cell as wide as
    the table above; pdfplumber does not count one cell as a table, so it is picked up here."""
    in_tables = [t.bbox for t in finder.tables]
    singles = [
        c
        for c in finder.cells
        if not any(
            b[0] - 1 <= c[0] and c[2] <= b[2] + 1 and b[1] - 1 <= c[1] and c[3] <= b[3] + 1 for b in in_tables
        )
    ]
    for cell in sorted(singles, key=lambda c: c[1]):
        if abs(cell[0] - carry.bbox[0]) > 3 or abs(cell[2] - carry.bbox[2]) > 3:
            continue
        band = float(page.height) * 0.12  # running headers may sit above it
        if any(c["bottom"] <= cell[1] and c["top"] > band and c["text"].strip() for c in chars):
            return None  # body text comes first: not a continuation
        text = cell_text(chars, cell, page_number)
        return PdfTable(page_number, tuple(cell), carry.columns, [(text,)], page_number, continuation=True)
    return None


def find_tables(
    page: Any, chars: Sequence[Char], page_number: int, carry: PdfTable | None = None
) -> list[PdfTable]:
    """Ruled tables on one page, top to bottom. ``chars`` are the page's glyphs (for cell text); ``carry``
    is the table that ended the previous page, if any (its broken last row may continue here).

    pdfplumber keeps only groups of two or more cells, so a page border or a boxed paragraph (one cell)
    is not a table and its text stays body text (fixture form_e)."""
    finder = page.debug_tablefinder(_SETTINGS)
    index = CharIndex(chars)
    tables: list[PdfTable] = []
    if carry is not None:
        lone = _lone_cell_continuation(finder, page, chars, page_number, carry)
        if lone is not None:
            tables.append(lone)
    height = float(page.height)
    for t in sorted(finder.tables, key=lambda t: (t.bbox[1], t.bbox[0])):
        if t.bbox[3] < height * BAND or t.bbox[1] > height * (1 - BAND):
            continue  # a ruled running header/footer: its text is left to the header/footer detection
        inner = CharIndex(index.within(t.bbox))  # narrow once, then per cell
        xs = sorted({c[0] for c in t.cells})
        rows = [_row_texts(row.cells, xs, inner, page_number) for row in t.rows]
        if not rows or not any(any(cell for cell in r) for r in rows):
            continue  # a ruled box with nothing in it (a frame, a signature line)
        first = t.rows[0].cells
        edges = sorted({round(c[0], 0) for c in first if c} | {round(c[2], 0) for c in first if c})
        tables.append(PdfTable(page_number, tuple(t.bbox), tuple(edges), rows, page_number))
    return tables


def same_columns(a: PdfTable, b: PdfTable, tolerance: float = 2.0) -> bool:
    return len(a.columns) == len(b.columns) and all(
        abs(x - y) <= tolerance for x, y in zip(a.columns, b.columns)
    )


_TERMINAL = ("。", "！", "？", "；", "!", "?", ";")


def _join_cell(a: str, b: str) -> str:
    """The two halves of a cell split by a page break: a sentence cut in the middle is rejoined, a break
    that fell between paragraphs keeps them apart."""
    if not a or not b:
        return a + b
    return f"{a}\n{b}" if a.endswith(_TERMINAL) else join_wrapped(a, b)


def merge_continuation(a: PdfTable, b: PdfTable) -> None:
    """Append ``b`` (the part on the next page) to ``a``; a repeated header row is not added twice.

    Rows may break across pages (Word's default). The tail of such a row shows as a first row with an
    empty first cell, the key column's text having stayed on the previous page; in a one-column table (a
    narrative box) a first row continuing a sentence cut mid-way is the tail too. Tails are joined onto
    the previous row cell by cell."""
    if b.continuation and a.rows:
        last = a.rows[-1]
        if len(last) == 1:
            a.rows[-1] = (_join_cell(last[0], b.rows[0][0]),)
        else:
            a.rows.append(b.rows[0])
        a.bbox, a.last_page = b.bbox, b.last_page
        return
    rows = b.rows[1:] if b.rows and a.rows and b.rows[0] == a.rows[0] else list(b.rows)
    if rows and a.rows and len(rows[0]) == len(a.rows[-1]):
        head, last = rows[0], a.rows[-1]
        split_row = (not head[0] and last[0]) or (
            len(head) == 1 and last[0] and head[0] and not last[0].endswith(_TERMINAL)
        )
        if split_row:
            rows.pop(0)
            a.rows[-1] = tuple(_join_cell(x, y) for x, y in zip(last, head))
    a.rows.extend(rows)
    a.bbox = b.bbox
    a.last_page = b.last_page
