""".docx pictures that are pasted pages of text (parsers/docx/images.py) on tests/fixtures/scanned, made by
scripts/make_scanned_fixtures.py: a form with a chart and a rendered page of form B (warned), the same
form with the chart and a photo-like picture (not warned). Pictures are never OCRed here."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from scenarioreview.parsers.docx.images import _grey, pasted_text_notices, text_like
from scenarioreview.pipeline import CheckOptions, check_file

FIX = Path(__file__).parent / "fixtures" / "scanned"


def _pictures(name: str) -> list[np.ndarray]:
    with zipfile.ZipFile(FIX / name) as zf:
        media = sorted(n for n in zf.namelist() if n.startswith("word/media/"))
        return [np.asarray(_grey(zf.read(n))) for n in media]


def test_page_of_text_is_told_apart_from_figures() -> None:
    chart, page = _pictures("docx_pasted_page.docx")
    chart2, photo = _pictures("docx_figures.docx")
    assert text_like(page)
    assert not text_like(chart) and not text_like(chart2) and not text_like(photo)


def test_synthetic_pictures() -> None:
    rng = np.random.default_rng(3)
    lines = np.full((1200, 900), 255, np.uint8)
    for k in range(20):  # twenty evenly spaced full-width "text lines" of speckled ink
        top = 100 + 50 * k
        lines[top : top + 18, 90:810] = np.where(rng.random((18, 720)) < 0.35, 0, 255)
    assert text_like(lines)
    assert not text_like(lines[:300])  # a strip with a few lines: a caption or a table snippet, not a page
    assert not text_like(np.full((1200, 900), 255, np.uint8))  # blank
    assert not text_like(255 - lines)  # inverted (dark screenshot)
    small = lines[::4, ::4]
    assert not text_like(small)  # too small to be a readable page


@pytest.mark.parametrize(
    ("name", "codes"), [("docx_pasted_page.docx", ["pasted_text_image"]), ("docx_figures.docx", [])]
)
def test_warning_reaches_the_file_report(name: str, codes: list[str]) -> None:
    assert [n.code for n in pasted_text_notices((FIX / name).read_bytes())] == codes
    report = check_file(str(FIX / name), CheckOptions(classify=False))
    assert report.status == "ok"  # a warning, not a parse failure
    assert [n.code for n in report.notices if n.code == "pasted_text_image"] == codes
    if codes:
        assert "不计入字数" in report.notices[-1].message
    assert len(report.scenarios) == 2  # the text itself is read as usual
