"""The fast PDF path (pdfium glyph boxes and paths, ``engine="fast"``) must give the same Document as the
previous pdfplumber path (``engine="pdfplumber"``) on every PDF we have: blocks, running headers/footers,
status, notices and the scenario texts segmentation reads from them; bad files must fail alike."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest

from scenarioreview.errors import InputError
from scenarioreview.model import Document
from scenarioreview.parsers.pdf import ENGINE_ENV, parse_pdf
from scenarioreview.parsers.pdf.quality import EXACT_ENGINE
from scenarioreview.segment import split_scenarios

FIXTURES = Path(__file__).parent / "fixtures"
FORMS_DEV = Path(__file__).resolve().parents[2] / "shared" / "reference" / "forms-dev"  # beside the clone
FIXTURE_PDFS = sorted(FIXTURES.rglob("*.pdf"))
DEV_PDFS = sorted(FORMS_DEV.glob("*.pdf")) if FORMS_DEV.is_dir() else []


def _outcome(path: Path, data: bytes, engine: str) -> tuple[object, ...]:
    """What a reader of the Document sees, or the error a user would get."""
    try:
        doc = parse_pdf(path, data, hashlib.sha256(data).hexdigest(), ocr="never", engine=engine)
    except InputError as exc:
        return ("error", type(exc).__name__, exc.message)
    notices = tuple(n for n in doc.notices if n.code != EXACT_ENGINE)
    scenarios = tuple(s.text for s in split_scenarios(doc)) if doc.blocks else ()
    return (doc.blocks, doc.headers, doc.footers, doc.pages, doc.status, notices, scenarios)


def _assert_same(path: Path) -> None:
    data = path.read_bytes()
    old, new = _outcome(path, data, "pdfplumber"), _outcome(path, data, "fast")
    if old[0] != "error" and new[0] != "error":
        for a, b in zip(old[0], new[0]):  # type: ignore[call-overload]
            assert a == b, f"{path.name}: first differing block"
    assert new == old


def test_fixture_set_is_not_empty() -> None:
    assert len(FIXTURE_PDFS) >= 30  # forms, province batch, PDF parser fixtures, scans, guides


@pytest.mark.parametrize("path", FIXTURE_PDFS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fast_path_equals_pdfplumber_path_on_fixtures(path: Path) -> None:
    _assert_same(path)


@pytest.mark.skipif(not DEV_PDFS, reason=f"development set not present at {FORMS_DEV} (not part of the repo)")
@pytest.mark.parametrize("path", DEV_PDFS, ids=lambda p: p.name)
def test_fast_path_equals_pdfplumber_path_on_forms_dev(path: Path) -> None:
    _assert_same(path)


def _rotated_copy(src: Path, page: int) -> bytes:
    """The file with /Rotate 90 on one page: pdfium and pdfplumber express such a page differently, so the
    fast path must hand it to pdfplumber."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(src.read_bytes())
    doc[page - 1].set_rotation(90)
    buf = io.BytesIO()
    doc.save(buf)
    doc.close()
    return buf.getvalue()


def _parse(data: bytes, engine: str | None = None) -> Document:
    return parse_pdf(Path("rotated.pdf"), data, hashlib.sha256(data).hexdigest(), ocr="never", engine=engine)


def test_page_the_fast_path_cannot_place_goes_to_pdfplumber_with_a_notice() -> None:
    data = _rotated_copy(FIXTURES / "pdf" / "form_d.pdf", 2)
    new, old = _parse(data, "fast"), _parse(data, "pdfplumber")
    engine_notices = [n for n in new.notices if n.code == EXACT_ENGINE]
    assert [n.page for n in engine_notices] == [2]
    assert "第 2 页" in engine_notices[0].message and "pdfplumber" in engine_notices[0].message
    assert new.status == "ok"  # a choice of reader, not a defect of the file
    assert new.blocks == old.blocks
    assert not [n for n in old.notices if n.code == EXACT_ENGINE]


def test_environment_variable_selects_the_previous_path(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _rotated_copy(FIXTURES / "pdf" / "form_d.pdf", 1)
    monkeypatch.setenv(ENGINE_ENV, "pdfplumber")
    assert not [n for n in _parse(data).notices if n.code == EXACT_ENGINE]
    monkeypatch.setenv(ENGINE_ENV, "fast")
    assert [n.page for n in _parse(data).notices if n.code == EXACT_ENGINE] == [1]


def test_a_page_failing_in_the_fast_path_is_read_by_pdfplumber(monkeypatch: pytest.MonkeyPatch) -> None:
    from scenarioreview.parsers.pdf import fast as pdf_fast

    path = FIXTURES / "pdf" / "form_b.pdf"
    data = path.read_bytes()
    old = _parse(data, "pdfplumber")
    real = pdf_fast.read_graphics

    def flaky(raw_page: object, page: pdf_fast.FastPage) -> str | None:
        if page.height and len(page.chars) > 800:  # only the fullest page of the file (page 3, 881 glyphs)
            raise ValueError("damaged path")
        return real(raw_page, page)

    monkeypatch.setattr(pdf_fast, "read_graphics", flaky)
    new = _parse(data, "fast")
    notes = [n for n in new.notices if n.code == EXACT_ENGINE]
    assert [n.page for n in notes] == [3] and "ValueError" in notes[0].message
    assert new.blocks == old.blocks and new.status == "ok"


_ZERO_METRICS = re.compile(
    rb"/FontName/(\S+)\n/Flags \d+\n/FontBBox\[[^\]]*\]/ItalicAngle -?\d+\n/Ascent 0\n/Descent 0\n/CapHeight (\d{4})"
)


def _with_declared_descents(data: bytes) -> bytes:
    """The file with the font descriptors Word and WPS write (non-zero /Ascent and /Descent; LibreOffice
    writes 0 for both), different per face, byte offsets unchanged. pdfminer then hangs every glyph box
    below the baseline by the descent; the fast path keeps it on the baseline, a shift by up to 0.3 em
    that differs between the faces of one line. The layout must not depend on it."""

    def declare(m: re.Match[bytes]) -> bytes:
        name, cap = m.group(1), m.group(2)
        descent = b"-236" if b"DejaVu" in name else b"-292" if b"Bold" in name else b"-141"
        old = b"/Ascent 0\n/Descent 0\n/CapHeight " + cap
        return m.group(0).replace(old, b"/Ascent 880/Descent " + descent + b"/CapHeight " + cap[:1])

    patched, n = _ZERO_METRICS.subn(declare, data)
    assert n and len(patched) == len(data)
    return patched


@pytest.mark.parametrize(
    "name", ["form_a.pdf", "form_b.pdf", "form_c.pdf", "form_d.pdf", "form_e.pdf", "form_f.pdf"]
)
def test_declared_font_descents_do_not_change_the_result(name: str) -> None:
    import pdfplumber

    data = _with_declared_descents((FIXTURES / "pdf" / name).read_bytes())
    with pdfplumber.open(io.BytesIO(data)) as pdf:  # the patch is real: pdfminer's boxes moved down
        plain = FIXTURES / "pdf" / name
        with pdfplumber.open(plain) as ref:
            assert pdf.pages[0].chars[0]["bottom"] > ref.pages[0].chars[0]["bottom"] + 1
    path = Path(name)
    assert _outcome(path, data, "fast") == _outcome(path, data, "pdfplumber")
