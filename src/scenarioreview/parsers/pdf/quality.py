"""Per-page quality gate for a PDF text layer: text, damaged or image-only, with the reason.

A page's text layer can be missing (a scan), undecodable (fonts whose ToUnicode map is missing or points
at private-use code points, "(cid:N)" glyphs, U+FFFD), far too thin for the ink on the page (text drawn as
curves, a scan with only a stamped page number as text), or doubled (fake bold drawn with an offset too
large for ``lines.dedupe``). Damaged and image-only pages are handed to OCR under ``--ocr auto``.

The decision itself (``assess``) is a pure function of a few counts, so it is tested on numbers; only
``assess_page`` touches pdfplumber, and it renders a low-resolution picture only when the counts leave the
question open (few glyphs, or pictures/vector paths on the page).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Literal

from ...model import Block

PageKind = Literal["text", "damaged", "image-only", "blank"]

NO_TEXT_LAYER = "no_text_layer"
GARBLED_TEXT_LAYER = "garbled_text_layer"
SPARSE_TEXT_LAYER = "sparse_text_layer"
DOUBLED_GLYPHS = "doubled_glyphs"
OCR_ALWAYS = "ocr_always"  # not a defect: --ocr always asked for this page to be read by OCR
OCR_DONE = "ocr"  # notice code for a page whose text came from OCR
EXACT_ENGINE = (
    "pdf_exact_engine"  # not a defect: this page was read by pdfplumber, not the fast pdfium source
)

INK_DPI = 36
DARK = 160  # grey level below which a pixel counts as ink
INK_PER_CHAR = 13.0  # dark pixels per CJK glyph at 36 dpi (10.5–12 pt body text, measured on forms)
BAD_SHARE = 0.3  # share of undecodable glyphs that makes the text layer useless
SPARSE_SHARE = 0.25  # text layer holds less than this share of the characters the ink suggests
DOUBLED_SHARE = 0.3
DEDUPE_TOLERANCE = 1.0  # lines.dedupe already merges copies closer than this (points)


@dataclass(frozen=True)
class PageQuality:
    kind: PageKind
    reason: str | None  # one of the codes above; None for a good text page or a blank one
    glyphs: int = 0  # visible glyphs in the text layer
    bad: int = 0  # private-use, U+FFFD, (cid:N), control characters
    doubled: int = 0  # glyphs drawn twice, offset beyond dedupe's tolerance
    expected: float | None = None  # characters the ink suggests (None when not rendered)


def is_bad_glyph(text: str) -> bool:
    """A glyph whose Unicode value carries no meaning: unmapped (cid:N), replacement, private use, control."""
    if len(text) != 1 and text.startswith("(cid:"):
        return True
    o = ord(text[0])
    return o == 0xFFFD or 0xE000 <= o <= 0xF8FF or o >= 0xF0000 or (o < 0x20 and text[0] not in "\t\n\r")


# is_bad_glyph's rule for a single code point: replacement, private use, plane 15/16, C0 controls but tab/LF/CR
_BAD_CHAR = re.compile("[\ufffd\ue000-\uf8ff\U000f0000-\U0010ffff\x00-\x08\x0b\x0c\x0e-\x1f]")


def count_doubled(chars: list[dict[str, Any]]) -> int:
    """Glyphs that repeat the previous glyph's text a little to the side: fake bold that ``dedupe`` (which
    only merges copies within ``DEDUPE_TOLERANCE``) leaves in place. The copies are usually drawn in a
    second pass over the page, so glyphs are put in reading order first."""
    keyed = sorted((round(float(c["top"]) / 2), float(c["x0"]), i) for i, c in enumerate(chars))
    ordered = [chars[i] for _, _, i in keyed]  # the index keeps ties in input order, as a stable sort would
    n = 0
    for prev, cur in pairwise(ordered):
        if prev["text"] != cur["text"]:
            continue
        size = float(cur.get("size", 10) or 10)
        dx, dy = abs(cur["x0"] - prev["x0"]), abs(cur["top"] - prev["top"])
        if DEDUPE_TOLERANCE < max(dx, dy) <= 0.35 * size and dy <= 0.35 * size:
            n += 1
    return n


def assess(glyphs: int, bad: int, doubled: int, has_images: bool, expected: float | None) -> PageQuality:
    """Classify a page from its counts (see the module docstring)."""
    if glyphs == 0:
        if has_images or (expected is not None and expected >= 20):
            return PageQuality("image-only", NO_TEXT_LAYER, 0, 0, 0, expected)
        return PageQuality("blank", None, 0, 0, 0, expected)
    if bad > BAD_SHARE * glyphs:
        return PageQuality("damaged", GARBLED_TEXT_LAYER, glyphs, bad, doubled, expected)
    if doubled > DOUBLED_SHARE * glyphs:
        return PageQuality("damaged", DOUBLED_GLYPHS, glyphs, bad, doubled, expected)
    if expected is not None and expected >= 100 and glyphs < SPARSE_SHARE * expected:
        kind: PageKind = "image-only" if has_images and glyphs < 40 else "damaged"
        return PageQuality(kind, SPARSE_TEXT_LAYER, glyphs, bad, doubled, expected)
    return PageQuality("text", None, glyphs, bad, doubled, expected)


def ink_chars(page: Any) -> float:
    """Characters the page's ink would hold: dark pixels of a 36-dpi greyscale render / ink per glyph."""
    import numpy as np

    image = page.to_image(resolution=INK_DPI).original.convert("L")
    return float((np.asarray(image) < DARK).sum()) / INK_PER_CHAR


def assess_page(page: Any) -> PageQuality:
    """Quality of one page (pdfplumber's, or fast.FastPage with the same attributes). Renders only when
    glyphs are few or pictures/paths could hide text."""
    visible = [c for c in page.chars if c["text"].strip()]
    area = float(page.width) * float(page.height) or 1.0
    big_images = any((i["x1"] - i["x0"]) * (i["bottom"] - i["top"]) >= 0.3 * area for i in page.images)
    texts = [c["text"] for c in visible]
    # one regex pass over the single-code-point glyphs (nearly all); the rest, e.g. "(cid:7)", one by one
    bad = len(_BAD_CHAR.findall("".join(t for t in texts if len(t) == 1)))
    bad += sum(1 for t in texts if len(t) != 1 and is_bad_glyph(t))
    doubled = count_doubled(visible)
    expected: float | None = None
    # Many glyphs on a page without big pictures or many paths is plainly a text page: skip the render.
    if len(visible) < 200 or big_images or len(page.curves) > 50:
        try:
            expected = ink_chars(page)
        except Exception:  # noqa: BLE001 - a render failure only loses the ink test, not the page
            expected = None
    return assess(len(visible), bad, doubled, bool(page.images) or big_images, expected)


def reason_message(reason: str, page: int) -> str:
    """Chinese notice text for a page whose text layer could not be used (and was not OCRed)."""
    return {
        NO_TEXT_LAYER: f"第 {page} 页没有可用的文字层（可能是扫描件），未能提取文字",
        GARBLED_TEXT_LAYER: f"第 {page} 页的文字层无法解码（字体缺少编码映射），未能提取文字",
        SPARSE_TEXT_LAYER: f"第 {page} 页的文字层远少于页面上的文字（文字可能以图形绘制），未能完整提取文字",
        DOUBLED_GLYPHS: f"第 {page} 页的文字层存在大量重复字符（伪粗体），未能可靠提取文字",
    }.get(reason, f"第 {page} 页的文字层不可用，未能提取文字")


def engine_message(reason: str, page: int) -> str:
    """Chinese notice text for a page the fast (pdfium) source left to pdfplumber; ``reason`` is one of
    ``fast``'s codes or "error:<exception name>"."""
    why = {
        "rotated": "设置了页面旋转",
        "shifted_box": "页面框（MediaBox/CropBox）不在原点",
        "nested_graphics": "表单对象中含线条或图片",
        "unplaced_glyphs": "部分字符无法定位",
    }.get(reason, f"快速解析出错（{reason.removeprefix('error:')}）")
    return f"第 {page} 页{why}，已改用逐字精确解析（pdfplumber）"


def ocr_message(reason: str | None, page: int, confidence: float | None) -> str:
    """Chinese notice text for a page read by OCR."""
    if reason == OCR_ALWAYS:
        what = "按要求（--ocr always）"
    elif reason in (NO_TEXT_LAYER, None):
        what = "为扫描页"
    else:
        what = "的文字层已损坏"
    conf = f"（平均置信度 {confidence:.2f}）" if confidence is not None else ""
    return f"第 {page} 页{what}，已 OCR 识别{conf}"


def mean_confidence(blocks: Sequence[Block]) -> float | None:
    """Character-weighted mean OCR confidence of blocks (None when none carries one)."""
    pairs = [(len(b.text), b.confidence) for b in blocks if b.confidence is not None and b.text]
    total = sum(n for n, _ in pairs)
    return round(sum(n * c for n, c in pairs) / total, 2) if total else None
