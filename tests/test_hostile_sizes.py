"""Issue 14, items 8 and 10 (PDF): inflated PDF streams and rendered pages are capped; a damaged page tree
is a clear 'corrupt' error, not an internal one. Fixtures from tests/hostile_build.py."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import hostile_build as hb
import pytest

from scenarioreview.parsers.pdf import limits as pdf_limits
from scenarioreview.pipeline import CheckOptions, check_file

OPTS = CheckOptions(classify=False, ocr="never")


def _check(tmp_path: Path, data: bytes, name: str = "申报书.pdf"):  # type: ignore[no-untyped-def]
    p = tmp_path / name
    p.write_bytes(data)
    return check_file(str(p), OPTS)


def test_pdf_stream_inflating_to_a_gigabyte_is_refused(tmp_path: Path) -> None:
    data = hb.inflating_pdf(1000)
    assert len(data) < 1_100_000  # about 1 MB on disk
    rep = _check(tmp_path, data)
    assert rep.status == "failed" and rep.error.code == "too_large"
    assert "解压后超过 32 MB" in rep.error.message


def test_document_budget_adds_up_streams(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_limits, "MAX_DOCUMENT_BYTES", 3 * 1024 * 1024)
    pages = [b"BT /F1 12 Tf 72 720 Td (Page) Tj ET\n%" + b" " * (1024 * 1024)] * 4  # 1 MB each, 4 MB in all
    rep = _check(tmp_path, hb.pdf_bytes(pages))
    assert rep.status == "failed" and rep.error.code == "too_large" and "合计超过 3 MB" in rep.error.message


def test_ordinary_pdf_streams_still_read(tmp_path: Path) -> None:
    rep = _check(tmp_path, hb.inflating_pdf(2))  # 2 MB of page content is within every cap
    assert rep.status != "failed", rep.error
    assert "Hello" in "".join(b.text for b in rep.application.document.blocks)


def test_stream_with_a_bad_checksum_is_recovered_in_linear_time() -> None:
    body = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n" * 20000
    damaged = zlib.compress(body)[:-4] + b"\x00\x00\x00\x00"  # the Adler-32 trailer is wrong
    assert pdf_limits.lenient_inflate(damaged) == body
    with pytest.raises(zlib.error):  # damage before the checksum is still an error
        pdf_limits.lenient_inflate(b"\x78\x9c" + b"\xff" * 100)


def test_page_tree_with_one_bad_kid_keeps_the_good_page(tmp_path: Path) -> None:
    """pdfium (the default PDF path) skips the bad entry and reads the page that is there."""
    data = re.sub(
        rb"/Kids \[[^\]]*\]", b"/Kids [5 0 R 0]", hb.pdf_bytes([b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"])
    )
    rep = _check(tmp_path, data)
    assert rep.status != "failed" and rep.application is not None
    assert "Hello" in "".join(b.text for b in rep.application.document.blocks)


@pytest.mark.parametrize("kids", [b"/Kids [0]"])
def test_damaged_page_tree_is_corrupt_not_internal(tmp_path: Path, kids: bytes) -> None:
    data = re.sub(rb"/Kids \[[^\]]*\]", kids, hb.pdf_bytes([b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"]))
    rep = _check(tmp_path, data)
    assert rep.status == "failed" and rep.error.code == "corrupt", rep.error
    assert "PDF 文件已损坏" in rep.error.message and "PDFObjectNotFound" in rep.error.message


def test_huge_page_is_rendered_for_ocr_within_the_pixel_cap() -> None:
    from scenarioreview.parsers.pdf.ocr import MAX_RENDER_PIXELS, render_page

    page = b"BT /F1 400 Tf 100 7000 Td (Hello) Tj ET"
    data = hb.pdf_bytes([page]).replace(b"/MediaBox [0 0 595 842]", b"/MediaBox [0 0 14400 14400]")
    image = render_page(data, 1, 200)
    assert image.width * image.height <= MAX_RENDER_PIXELS
    assert image.width == pytest.approx(6000, abs=2)  # 14,400 pt at 30 dpi instead of 200
    assert image.info["dpi"][0] == pytest.approx(30, abs=0.1)
    normal = render_page(hb.pdf_bytes([page]), 1, 200)  # an A4 page keeps the asked resolution
    assert normal.info["dpi"][0] == 200 and normal.width == round(595 * 200 / 72)
