"""Offline OCR of scanned or damaged PDF pages (optional extra: rapidocr + onnxruntime).

A page is rendered with pypdfium2 (it ships with pdfplumber), red seal stamps are bleached away, rapidocr's
Chinese detector/recogniser (ONNX models inside its wheel, loaded from explicit local paths so nothing is
ever fetched) reads the text lines, and the lines go through the *same* layout code as a text layer
(``layout.measure`` / ``build_paragraphs`` / ``join_wrapped``) so paragraphs, headings and CJK-aware
joining behave identically. Every block carries ``source="ocr"`` and the mean score of its lines.

``ocr_page(pdf_bytes, page_number)`` is the hook ``reader.parse_pdf`` calls.
"""

from __future__ import annotations

import math
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ...errors import MissingExtra
from ...model import Block
from ...textjoin import join_wrapped
from .layout import BAND, Para, build_paragraphs, is_page_number, measure
from .lines import Line, fix_lookalikes, is_wide

DEFAULT_DPI = 200  # enough for 10.5–12 pt CJK text; higher costs time without better accuracy
MIN_SCORE = 0.5  # lines the recogniser is less sure of are mostly seal remnants, signatures or specks
INSTALL_HINT = (
    '未安装 OCR 组件（rapidocr、onnxruntime），无法识别扫描页；请运行 pip install "scenarioreview[ocr]"'
)


@dataclass(frozen=True)
class OcrLine:
    """One recognised text box, in pixels of the rendered page."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    score: float


def _dpi() -> int:
    try:
        return max(100, min(400, int(os.environ.get("SCENARIOREVIEW_OCR_DPI", DEFAULT_DPI))))
    except ValueError:
        return DEFAULT_DPI


@lru_cache(maxsize=1)
def _engine() -> Any:
    """One rapidocr engine per process (loading the models takes about a second)."""
    try:
        import onnxruntime  # noqa: F401 - checked here so a missing runtime gets the same clear message
        import rapidocr
    except ImportError as exc:
        raise MissingExtra(INSTALL_HINT) from exc
    models = Path(rapidocr.__file__).parent / "models"
    det, rec, cls = (
        models / "PP-OCRv6_det_small.onnx",
        models / "PP-OCRv6_rec_small.onnx",
        models / "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
    )
    if not all(p.is_file() for p in (det, rec, cls)):
        # Without the bundled models rapidocr would try to download them: refuse instead.
        raise MissingExtra(f'OCR 模型文件缺失（{models}），请重新安装：pip install "scenarioreview[ocr]"')
    # One onnxruntime thread: pdf.parse_pdf runs pages on parallel threads, which scales better.
    threads = int(os.environ.get("SCENARIOREVIEW_OCR_THREADS", "1") or 1)
    params = {
        "Global.log_level": "error",
        "Det.model_path": str(det),
        "Rec.model_path": str(rec),
        "Cls.model_path": str(cls),
        # Detection on a copy downscaled to 1280 px (A4: ~1.5 px per point, 10.5-pt text still 16 px tall)
        # costs half the CPU of 2000 px and finds the same lines; recognition still crops from the
        # full-resolution render.
        "Det.limit_type": "max",
        "Det.limit_side_len": 1280,
        "EngineConfig.onnxruntime.intra_op_num_threads": threads,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    }
    return rapidocr.RapidOCR(params=params)


# --- image preparation (pure numpy) ------------------------------------------------------------------------


def bleach_red(rgb: Any) -> Any:
    """Greyscale page with strongly red or blue pixels (seal stamps, signatures in ink) turned white.

    A pixel is "red" when its red channel clearly dominates both others; black text printed under a seal
    stays dark in every channel, so it survives. Returns a uint8 2-D array."""
    import numpy as np

    arr = np.asarray(rgb, dtype=np.int16)
    if arr.ndim == 2:
        return arr.astype(np.uint8)
    r, g, b = arr[..., 0], arr[..., 1], arr[..., 2]
    grey = (0.299 * r + 0.587 * g + 0.114 * b).astype(np.int16)
    red = (r > 110) & (r - np.maximum(g, b) > 50)
    # signatures and handwritten dates are usually in blue ink; printed text in a form is black
    blue = (b > 110) & (b - np.maximum(r, g) > 50)
    grey[red | blue] = 255
    return grey.clip(0, 255).astype(np.uint8)


_PDFIUM = threading.Lock()
_ENGINE_LOCK = threading.Lock()


# A4 at 300 dpi is 8.7 million pixels; a 14,400-pt page (the PDF maximum) at 200 dpi would be 1.6 billion
# (4.7 GB). Larger pages are rendered at a lower resolution so that the bitmap stays under this.
MAX_RENDER_PIXELS = 36_000_000


def render_page(pdf_bytes: bytes, page_number: int, dpi: int) -> Any:
    """The page as an RGB PIL image at ``dpi``, or lower for a huge page; ``image.info["dpi"]`` says which."""
    import pypdfium2 as pdfium

    with _PDFIUM:  # pdfium is not thread-safe; pages are OCRed on parallel threads
        pdf = pdfium.PdfDocument(pdf_bytes)
        try:
            page = pdf[page_number - 1]
            width, height = page.get_size()
            pixels = max(1.0, width * height) * (dpi / 72) ** 2
            scale = dpi / 72 * min(1.0, (MAX_RENDER_PIXELS / pixels) ** 0.5)
            image = page.render(scale=scale).to_pil().convert("RGB")
            image.info["dpi"] = (scale * 72, scale * 72)
            return image
        finally:
            pdf.close()


_FULL_WIDTH = {"(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}


def cjk_punctuation(text: str) -> str:
    """The recogniser often returns ASCII "(" "," ":" where the page has full-width （ ， ：; next to a
    CJK character the full-width form is what the applicant typed (and what 字数 counts)."""
    if not any(ch in _FULL_WIDTH for ch in text):
        return text
    out = list(text)
    for i, ch in enumerate(text):
        if ch not in _FULL_WIDTH:
            continue
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if (before and is_wide(before)) or (after and is_wide(after)):
            out[i] = _FULL_WIDTH[ch]
    return "".join(out)


_SPACES = re.compile(r"\s+")


def cjk_spaces(text: str) -> str:
    """Drop spaces next to a full-width character, keep one between two narrow ones ("OPC UA"): the same
    rule as for a text layer (lines.py), since the recogniser emits a space wherever it sees a gap."""

    def keep(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() > 0 else ""
        after = text[m.end()] if m.end() < len(text) else ""
        return "" if not before or not after or is_wide(before) or is_wide(after) else " "

    return _SPACES.sub(keep, text)


# --- lines -> reading order -> Line objects ------------------------------------------------------------------


def skew_angle(boxes: Sequence[Any]) -> float:
    """Median slope (radians) of the top edges of wide text boxes: the page's rotation."""
    slopes = []
    for box in boxes:
        (x0, y0), (x1, y1) = box[0], box[1]
        if x1 - x0 > 100:
            slopes.append(math.atan2(y1 - y0, x1 - x0))
    slopes.sort()
    return slopes[len(slopes) // 2] if slopes else 0.0


def to_lines(boxes: Sequence[Any], texts: Sequence[str], scores: Sequence[float]) -> list[OcrLine]:
    """Axis-aligned boxes in a de-rotated frame (so rows of a slightly rotated scan line up)."""
    angle = skew_angle(boxes)
    cos, sin = math.cos(-angle), math.sin(-angle)
    out: list[OcrLine] = []
    for box, text, score in zip(boxes, texts, scores):
        text = text.strip()
        if not text or score < MIN_SCORE:
            continue
        pts = [(x * cos - y * sin, x * sin + y * cos) for x, y in box]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        out.append(OcrLine(min(xs), min(ys), max(xs), max(ys), text, float(score)))
    return out


# A horizontal gap this many line heights wide separates two table cells on one row (ruled cells of scanned
# forms measured 0.33–3 heights apart; the detector gives a CJK body line as one box). Two such rows one after
# the other make a table; a lone one (a signature line, "申报单位：… 推荐单位：…") becomes one line per cell.
CELL_GAP = 0.3


def _rows_of(boxes: Sequence[OcrLine]) -> list[list[OcrLine]]:
    """Boxes on one visual row (overlapping vertically by half the smaller height), top to bottom, each row
    left to right."""
    rows: list[list[OcrLine]] = []
    for b in sorted(boxes, key=lambda b: ((b.top + b.bottom) / 2, b.x0)):
        if rows:
            last = rows[-1]
            top, bottom = min(x.top for x in last), max(x.bottom for x in last)
            overlap = min(bottom, b.bottom) - max(top, b.top)
            if overlap >= 0.5 * min(b.bottom - b.top, bottom - top):
                last.append(b)
                continue
        rows.append([b])
    for row in rows:
        row.sort(key=lambda b: b.x0)
    return rows


def _merge(boxes: Sequence[OcrLine]) -> OcrLine:
    text = ""
    for b in boxes:
        text = join_wrapped(text, b.text)
    n = sum(len(b.text) for b in boxes) or 1
    score = sum(b.score * len(b.text) for b in boxes) / n
    return OcrLine(
        boxes[0].x0,
        min(b.top for b in boxes),
        max(b.x1 for b in boxes),
        max(b.bottom for b in boxes),
        text,
        score,
    )


def _cells(row: Sequence[OcrLine]) -> list[OcrLine]:
    """A row's boxes grouped into cells: a gap wider than CELL_GAP line heights starts a new cell."""
    height = sorted(b.bottom - b.top for b in row)[len(row) // 2]
    groups: list[list[OcrLine]] = [[row[0]]]
    for b in row[1:]:
        if b.x0 - groups[-1][-1].x1 > CELL_GAP * height:
            groups.append([b])
        else:
            groups[-1].append(b)
    return [_merge(g) for g in groups]


def group_rows(boxes: Sequence[OcrLine]) -> list[OcrLine]:
    """Merge boxes on one visual row (the detector splits a row at wide gaps), top to bottom, left to
    right."""
    return [_merge(row) for row in _rows_of(boxes)]


@dataclass
class _Table:
    """A table rebuilt from box geometry. Its first row (cells split at wide gaps) places the columns; later
    boxes go to the column whose centre is nearest (cells are often centred, and a long label leaves only a
    narrow gap before its value). A row with boxes in fewer columns, right under the previous one, is the
    wrapped rest of those cells ("…供应链风" / "险预警与韧性管理")."""

    centres: list[float]
    rows: list[list[str]]
    bottom: float
    height: float
    scores: list[float] = field(default_factory=list)
    raw: list[list[OcrLine]] = field(default_factory=list)  # each visual row's boxes, to fall back to lines
    multi: int = 0  # rows with boxes in two or more columns

    @property
    def left(self) -> float:
        half = (self.centres[1] - self.centres[0]) / 2 if len(self.centres) > 1 else self.height
        return self.centres[0] - half - self.height

    def column(self, box: OcrLine) -> int:
        centre = (box.x0 + box.x1) / 2
        return min(range(len(self.centres)), key=lambda i: abs(self.centres[i] - centre))

    def accepts(self, row: list[OcrLine]) -> bool:
        gap = min(b.top for b in row) - self.bottom
        if gap > 2.0 * self.height or min(b.x0 for b in row) < self.left:
            return False
        cols = {self.column(b) for b in row}
        if len(cols) >= 2:
            return True
        text = "".join(b.text for b in row)
        return gap < 1.0 * self.height and not _NUMBERED.match(text)

    def add(self, row: list[OcrLine]) -> None:
        self.raw.append(row)
        by_col: dict[int, list[OcrLine]] = {}
        for b in row:
            by_col.setdefault(self.column(b), []).append(b)
        gap = min(b.top for b in row) - self.bottom
        # the rest of wrapped cells: no box in the first (label) column, or a few columns right underneath
        rest = 0 not in by_col or (len(by_col) < len(self.centres) and gap < 1.0 * self.height)
        if not self.rows or not rest:
            self.rows.append([""] * len(self.centres))
            self.multi += len(by_col) >= 2
        for col, boxes in by_col.items():
            self.rows[-1][col] = join_wrapped(self.rows[-1][col], _merge(boxes).text)
            self.scores += [b.score for b in boxes]
        self.bottom = max(b.bottom for b in row)


# A numbered heading ("二、场景基本信息", "（一）…", "1. …") never continues a table cell.
_NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．](?!\d))"
)


def page_rows(boxes: Sequence[OcrLine]) -> list[OcrLine | _Table]:
    """Rows of a page in reading order: text rows as lines, runs of multi-cell rows as tables (a table needs
    two rows with boxes in several columns; a lone one, such as a signature line, stays a line)."""
    out: list[OcrLine | _Table] = []
    table: _Table | None = None
    for row in _rows_of(boxes):
        if table is not None and table.accepts(row):
            table.add(row)
            continue
        if table is not None:
            out += _close(table)
            table = None
        cells = _cells(row)
        if len(cells) >= 2:
            height = sorted(c.bottom - c.top for c in cells)[len(cells) // 2]
            table = _Table(centres=[(c.x0 + c.x1) / 2 for c in cells], rows=[], bottom=0.0, height=height)
            table.add(row)
        else:
            out.append(cells[0])
    if table is not None:
        out += _close(table)
    return out


def _close(table: _Table) -> list[OcrLine | _Table]:
    """A table, or, with only one multi-cell row (a signature line), its rows back as plain lines."""
    return [table] if table.multi >= 2 else [cell for r in table.raw for cell in _cells(r)]


def as_layout_lines(
    rows: Sequence[OcrLine | _Table], page: int, dpi: float, page_height_px: float
) -> list[tuple[Line, float] | Block]:
    """Rows as ``Line`` objects in PDF points, with their scores, and tables as table blocks in their place.
    Box heights are noisy (±10 %), and the layout code splits paragraphs on a size change, so heights near
    the page's typical one snap to it; clearly bigger ones (titles) keep their own, rounded. Bare page numbers
    in the top/bottom band go."""
    lines = [r for r in rows if isinstance(r, OcrLine)]
    if not lines:
        return [_table_block(r, page) for r in rows if isinstance(r, _Table)]
    k = 72 / dpi
    heights = sorted(r.bottom - r.top for r in lines)
    typical = heights[len(heights) // 2]
    out: list[tuple[Line, float] | Block] = []
    for r in rows:
        if isinstance(r, _Table):
            out.append(_table_block(r, page))
            continue
        h = r.bottom - r.top
        in_band = r.bottom < BAND * page_height_px or r.top > (1 - BAND) * page_height_px
        if in_band and is_page_number(r.text):
            continue
        # a detector box is ~1.25 em tall; the layout rules work in font sizes
        size = typical if abs(h - typical) <= 0.2 * typical else h
        size = round(size * k / 1.25, 0)
        out.append(
            (
                Line(
                    page=page,
                    x0=r.x0 * k,
                    x1=r.x1 * k,
                    top=r.top * k,
                    bottom=r.bottom * k,
                    size=size,
                    bold=False,
                    text=_clean(r.text),
                ),
                r.score,
            )
        )
    return out


def _clean(text: str) -> str:
    return cjk_spaces(cjk_punctuation(fix_lookalikes(text)))


def _table_block(table: _Table, page: int) -> Block:
    conf = round(sum(table.scores) / len(table.scores), 3) if table.scores else None
    rows = tuple(tuple(_clean(c) for c in row) for row in table.rows)
    return Block(kind="table", rows=rows, page=page, source="ocr", confidence=conf)


def to_blocks(stream: Sequence[tuple[Line, float] | Block], page: int) -> list[Block]:
    """Paragraphs and headings by the text-layer rules, tables in their place; confidence = mean score of a
    block's lines."""
    lines = [x for x in stream if isinstance(x, tuple)]
    if not lines:
        return [x for x in stream if isinstance(x, Block)]
    only = [ln for ln, _ in lines]
    layout = measure([only])
    if layout is None:
        return []
    score = {id(ln): s for ln, s in lines}
    order = {id(ln): i for i, ln in enumerate(only)}
    blocks: list[Block] = []
    for item in build_paragraphs([x[0] if isinstance(x, tuple) else x for x in stream], layout):
        if isinstance(item, Block):
            blocks.append(item)
            continue
        if not isinstance(item, Para):
            continue
        span = only[order[id(item.first)] : order[id(item.last)] + 1]
        conf = round(sum(score[id(ln)] for ln in span) / len(span), 3)
        blocks.append(
            Block(kind=item.kind, text=item.text, level=item.level, page=page, source="ocr", confidence=conf)
        )
    return blocks


def recognise(image: Any) -> tuple[list[Any], list[str], list[float]]:
    """Run the engine on a greyscale page array: (boxes, texts, scores)."""
    import numpy as np

    result = _engine()(np.stack([image] * 3, axis=-1))
    if result.boxes is None or result.txts is None:
        return [], [], []
    return [b.tolist() for b in result.boxes], list(result.txts), [float(s) for s in result.scores]


def ocr_page(pdf_bytes: bytes, page_number: int, dpi: int | None = None) -> list[Block]:
    """Blocks read from page ``page_number`` (1-based) by OCR. Raises MissingExtra without the engine."""
    with _ENGINE_LOCK:  # fail fast, before rendering, when the extra is missing; load the models once
        _engine()
    rgb = render_page(pdf_bytes, page_number, dpi or _dpi())
    dpi = rgb.info["dpi"][0]  # lower than asked on a huge page
    image = bleach_red(rgb)
    boxes, texts, scores = recognise(image)
    rows = page_rows(to_lines(boxes, texts, scores))
    return to_blocks(as_layout_lines(rows, page_number, dpi, float(image.shape[0])), page_number)
