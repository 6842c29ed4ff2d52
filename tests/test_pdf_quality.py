"""Per-page text-layer quality gate (parsers/pdf/quality.py): the decision on counts, then real pages from
tests/fixtures/pdf (made by scripts/make_pdf_fixtures.py) and tests/fixtures/scanned (made by
scripts/make_scanned_fixtures.py). No OCR runs here."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pdfplumber
import pytest

from scenarioreview.parsers.pdf import parse_pdf
from scenarioreview.parsers.pdf import reader as pdf_mod
from scenarioreview.parsers.pdf.quality import (
    DOUBLED_GLYPHS,
    GARBLED_TEXT_LAYER,
    NO_TEXT_LAYER,
    SPARSE_TEXT_LAYER,
    assess,
    assess_page,
    count_doubled,
    is_bad_glyph,
    mean_confidence,
    ocr_message,
)

PDF = Path(__file__).parent / "fixtures" / "pdf"
SCANNED = Path(__file__).parent / "fixtures" / "scanned"


@pytest.mark.parametrize(
    ("glyphs", "bad", "doubled", "images", "expected", "kind", "reason"),
    [
        (0, 0, 0, True, 700.0, "image-only", NO_TEXT_LAYER),  # a scan
        (0, 0, 0, False, 650.0, "image-only", NO_TEXT_LAYER),  # text drawn as curves, no glyph at all
        (0, 0, 0, False, 2.0, "blank", None),  # an empty page
        (800, 500, 0, False, None, "damaged", GARBLED_TEXT_LAYER),  # ToUnicode points to private use
        (800, 200, 0, False, None, "text", None),  # a few symbols from a private-use font are fine
        (1000, 0, 500, False, None, "damaged", DOUBLED_GLYPHS),  # fake bold with a wide offset
        (12, 0, 0, True, 700.0, "image-only", SPARSE_TEXT_LAYER),  # scan with a typed page number
        (120, 0, 0, False, 800.0, "damaged", SPARSE_TEXT_LAYER),  # most text drawn as curves
        (300, 0, 0, True, 800.0, "text", None),  # a figure with a caption and some text
        (900, 0, 0, False, 700.0, "text", None),
    ],
)
def test_gate_decision(
    glyphs: int, bad: int, doubled: int, images: bool, expected: float | None, kind: str, reason: str | None
) -> None:
    q = assess(glyphs, bad, doubled, images, expected)
    assert (q.kind, q.reason) == (kind, reason)


@pytest.mark.parametrize(
    ("glyph", "bad"),
    [
        ("(cid:1234)", True),
        ("\ufffd", True),
        ("\ue012", True),
        ("\U000f0001", True),
        ("\x07", True),
        ("智", False),
        ("，", False),
        ("A", False),
        ("⼯", False),
    ],
)
def test_bad_glyphs(glyph: str, bad: bool) -> None:
    assert is_bad_glyph(glyph) is bad


def _glyph(text: str, x: float, top: float = 100.0, size: float = 12.0) -> dict:
    return {"text": text, "x0": x, "x1": x + size, "top": top, "bottom": top + size, "size": size}


def test_doubled_glyphs_beyond_dedupe_tolerance_are_counted() -> None:
    text = "智能制造优秀场景"
    plain = [_glyph(ch, 90 + 12 * i) for i, ch in enumerate(text)]
    wide = plain + [_glyph(ch, 90 + 12 * i + 1.5) for i, ch in enumerate(text)]  # second pass, 1.5 pt right
    tight = plain + [_glyph(ch, 90 + 12 * i + 0.4) for i, ch in enumerate(text)]  # dedupe handles this one
    assert count_doubled(plain) == 0
    assert count_doubled(wide) == len(text)
    assert count_doubled(tight) == 0
    # genuine repeated characters ("常常", "一一") sit a full em apart: not doubles
    assert count_doubled([_glyph("常", 90), _glyph("常", 102)]) == 0


def _kinds(path: Path) -> list[tuple[str, str | None]]:
    with pdfplumber.open(str(path)) as pdf:
        return [(q.kind, q.reason) for q in map(assess_page, pdf.pages)]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (PDF / "form_a.pdf", [("text", None)] * 4),
        (PDF / "fakebold.pdf", [("text", None)] * 4),  # glyph copies within 1 pt: dedupe removes them
        (PDF / "mixed.pdf", [("text", None), ("image-only", NO_TEXT_LAYER)]),
        (PDF / "garbled.pdf", [("damaged", GARBLED_TEXT_LAYER)]),
        (SCANNED / "a_clean200.pdf", [("image-only", NO_TEXT_LAYER)] * 2),
        (SCANNED / "b_seal300.pdf", [("image-only", NO_TEXT_LAYER)]),
        (SCANNED / "a_pua_tounicode.pdf", [("damaged", GARBLED_TEXT_LAYER)] * 2),
        (SCANNED / "a_fakebold_offset.pdf", [("damaged", DOUBLED_GLYPHS)] * 2),
    ],
    ids=lambda v: v.name if isinstance(v, Path) else "",
)
def test_gate_on_real_pages(path: Path, expected: list) -> None:
    assert _kinds(path) == expected


def _parse(path: Path, ocr: str) -> object:
    data = path.read_bytes()
    return parse_pdf(path, data, hashlib.sha256(data).hexdigest(), ocr=ocr)


def test_damaged_pages_without_ocr_say_why() -> None:
    doc = _parse(SCANNED / "a_pua_tounicode.pdf", "never")
    assert doc.status == "partial" and doc.blocks == ()
    assert [n.code for n in doc.notices] == [GARBLED_TEXT_LAYER] * 2
    # private-use code points never leak into the text
    doc = _parse(SCANNED / "a_fakebold_offset.pdf", "never")
    assert [(n.code, n.page) for n in doc.notices] == [(DOUBLED_GLYPHS, 1), (DOUBLED_GLYPHS, 2)]
    assert doc.status == "partial"
    assert "伪粗体" in doc.notices[0].message
    # the doubled text layer is kept as the fallback: better doubled text than none
    assert any("场景" in b.text for b in doc.blocks)


def test_missing_ocr_extra_is_a_notice_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    from scenarioreview.errors import MissingExtra
    from scenarioreview.parsers.pdf import ocr

    def missing(pdf_bytes: bytes, page_number: int) -> list:
        raise MissingExtra(ocr.INSTALL_HINT)

    monkeypatch.setattr(pdf_mod, "_ocr_function", lambda: missing)
    doc = _parse(SCANNED / "a_clean200.pdf", "auto")
    assert doc.status == "partial" and doc.blocks == ()
    codes = [n.code for n in doc.notices]
    assert codes == ["ocr_unavailable", NO_TEXT_LAYER, NO_TEXT_LAYER]  # the hint once, then each page
    assert 'pip install "scenarioreview[ocr]"' in doc.notices[0].message


def test_ocr_always_reads_text_pages_too(monkeypatch: pytest.MonkeyPatch) -> None:
    from scenarioreview.model import Block

    calls: list[int] = []

    def fake(pdf_bytes: bytes, page_number: int) -> list[Block]:
        calls.append(page_number)
        return [Block(kind="paragraph", text="识别文本", confidence=0.8)]

    monkeypatch.setattr(pdf_mod, "_ocr_function", lambda: fake)
    doc = _parse(PDF / "form_c.pdf", "always")
    assert calls == [1, 2]
    assert doc.status == "ok" and {b.source for b in doc.blocks} == {"ocr"}
    assert doc.notices[0].message == "第 1 页按要求（--ocr always），已 OCR 识别（平均置信度 0.80）"
    calls.clear()
    assert {b.source for b in _parse(PDF / "form_c.pdf", "auto").blocks} == {"text-layer"} and calls == []


def test_mean_confidence_is_character_weighted() -> None:
    from scenarioreview.model import Block

    blocks = [
        Block(kind="paragraph", text="一" * 30, confidence=1.0),
        Block(kind="heading", text="一" * 10, confidence=0.6),
        Block(kind="paragraph", text="文字层"),
    ]
    assert mean_confidence(blocks) == 0.9
    assert mean_confidence([]) is None
    assert (
        ocr_message(GARBLED_TEXT_LAYER, 3, 0.934) == "第 3 页的文字层已损坏，已 OCR 识别（平均置信度 0.93）"
    )
    assert ocr_message(NO_TEXT_LAYER, 1, 0.93) == "第 1 页为扫描页，已 OCR 识别（平均置信度 0.93）"
