"""PDF backend: text layer -> Document, with paragraphs, headings and tables rebuilt from geometry.

One pass per page over the page's glyphs: tables are looked for only on pages with ruling lines, table
text is kept out of the paragraphs, running headers/footers are moved to ``Document.headers/footers``,
paragraphs and tables that run over a page break are merged. Pages without a usable text layer are
reported (``Notice``) and, if the optional OCR module is present, handed to it.

Glyphs and ruling lines come from pdfium (``fast``, ~5x faster than pdfplumber's Python interpreter of
the page) and go through the same line/table/paragraph code as pdfplumber's did; a page pdfium cannot place
with confidence is read by pdfplumber (a ``pdf_exact_engine`` notice names it). ``engine="pdfplumber"`` or
``SCENARIOREVIEW_PDF_ENGINE=pdfplumber`` selects the previous all-pdfplumber path (equivalence test, bench).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ...errors import CorruptFile, EncryptedFile, InputError, ReviewError
from ...model import Block, Document, Notice
from ..captions import mark_captions
from .layout import BAND, Layout, Para, build_paragraphs, measure, split_running
from .limits import document_budget, prescan_streams
from .lines import Line, build_lines
from .quality import (
    DOUBLED_GLYPHS,
    EXACT_ENGINE,
    OCR_ALWAYS,
    OCR_DONE,
    SPARSE_TEXT_LAYER,
    assess_page,
    engine_message,
    mean_confidence,
    ocr_message,
    reason_message,
)
from .tables import (
    CharIndex,
    PdfTable,
    find_tables,
    has_rulings,
    inside_bbox,
    merge_continuation,
    same_columns,
)


@dataclass
class _Image:
    """A picture in the body (a figure); kept as an "image" block so captions can be recognised."""

    page: int
    top: float


@dataclass
class _Page:
    number: int  # 1-based
    height: float
    lines: list[Line]
    tables: list[PdfTable]
    ocr_reason: str | None
    images: list[_Image]


def _figures(page: Any, number: int, tables: list[PdfTable]) -> list[_Image]:
    """Pictures big enough to be figures; icons, rules drawn as images, full-page backgrounds and pictures
    inside table cells are not."""
    area = float(page.width) * float(page.height)
    out: list[_Image] = []
    for img in page.images:
        w, h = img["x1"] - img["x0"], img["bottom"] - img["top"]
        if w < 36 or h < 36 or w * h > 0.8 * area:
            continue
        centre = {"x0": img["x0"], "x1": img["x1"], "top": img["top"], "bottom": img["bottom"]}
        if any(inside_bbox(centre, t.bbox) for t in tables):
            continue
        out.append(_Image(number, float(img["top"])))
    return out


def _needs_ocr(page: Any) -> str | None:
    """Why this page's text cannot come from its text layer, or None when the text layer is usable.

    No visible glyph while the page shows an image -> a scan. Mostly "(cid:N)" glyphs -> a font without a
    Unicode mapping: the text layer exists but cannot be decoded. A page with neither text nor images is
    simply blank. The full gate (private-use/U+FFFD glyphs, too little text for the ink, doubled glyphs)
    is ``quality.assess_page``."""
    return assess_page(page).reason


def _notice(reason: str, page: int) -> Notice:
    return Notice(code=reason, message=reason_message(reason, page), page=page)


def _open_error(exc: Exception) -> InputError:
    """Map pdfminer/pdfplumber failures to our errors; pdfplumber wraps pdfminer's in PdfminerException."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)):
        return EncryptedFile("PDF 已加密（设置了打开密码或使用了不支持的加密方式），请去除密码后再提交")
    if isinstance(inner, InputError):  # e.g. a stream over the inflation cap, wrapped by pdfplumber
        return inner
    detail = str(inner) if len(str(inner)) > 3 else f"{type(inner).__name__} {inner}".strip()
    return CorruptFile(f"PDF 文件已损坏或不完整，无法解析（{detail}）")


def _read_page(page: Any, number: int, carry: PdfTable | None = None) -> _Page:
    """One page's lines, tables and figures. ``carry``: the table that ended the previous page."""
    reason = _needs_ocr(page)
    chars = page.chars
    tables: list[PdfTable] = []
    if reason is None and has_rulings(page):
        tables = find_tables(page, chars, number, carry)
    if tables:
        index = CharIndex(chars)
        in_tables = {id(c) for t in tables for c in index.within(t.bbox)}
        chars = [c for c in chars if id(c) not in in_tables]
    # a thin or doubled text layer is still kept: it is the fallback when OCR is off or unavailable
    lines = build_lines(chars, number) if reason in (None, SPARSE_TEXT_LAYER, DOUBLED_GLYPHS) else []
    images = _figures(page, number, tables) if reason is None else []
    return _Page(number, float(page.height), lines, tables, reason, images)


def _trailing_table(page: _Page) -> PdfTable | None:
    """The page's last table when nothing but the footer follows it (so its last row may go on)."""
    if not page.tables:
        return None
    last = max(page.tables, key=lambda t: t.bbox[3])
    footer_band = page.height * (1 - BAND)
    if any(ln.top > last.bbox[3] and ln.top < footer_band for ln in page.lines):
        return None
    return last


def _ocr_function() -> Any:
    """``scenarioreview.parsers.ocr.ocr_page`` when the optional OCR module is there, else None."""
    try:
        from . import ocr
    except ImportError:
        return None
    return getattr(ocr, "ocr_page", None)


def _stream(pages: list[_Page], bodies: list[list[Line]], ocr_blocks: dict[int, list[Block]]) -> list[object]:
    """Lines, tables and OCR results of all pages in reading order. A table that ends page N and starts
    page N+1 with the same columns is merged into the first part."""
    stream: list[object] = []
    for page, lines in zip(pages, bodies):
        if page.number in ocr_blocks:
            stream.append(ocr_blocks[page.number])
            continue
        items: list[tuple[float, int, object]] = [(ln.top, 0, ln) for ln in lines]
        items += [(t.bbox[1], 1, t) for t in page.tables]
        items += [(im.top, 2, im) for im in page.images]
        items.sort(key=lambda it: (it[0], it[1]))
        for k, (_, _, item) in enumerate(items):
            prev = stream[-1] if stream else None
            if (
                k == 0
                and isinstance(item, PdfTable)
                and isinstance(prev, PdfTable)
                and prev.last_page == page.number - 1
                and (item.continuation or same_columns(prev, item))
            ):
                merge_continuation(prev, item)
                continue
            stream.append(item)
    return stream


def _blocks(items: list[object]) -> list[Block]:
    blocks: list[Block] = []
    for item in items:
        if isinstance(item, Para):
            blocks.append(
                Block(kind=item.kind, text=item.text, level=item.level, page=item.page, index=len(blocks))
            )
        elif isinstance(item, PdfTable):
            blocks.append(Block(kind="table", rows=tuple(item.rows), page=item.page, index=len(blocks)))
        elif isinstance(item, _Image):
            blocks.append(Block(kind="image", page=item.page, index=len(blocks)))
        elif isinstance(item, list):  # blocks from OCR
            for b in item:
                blocks.append(replace(b, index=len(blocks)))
    return blocks


# Set by the CLI while it checks files in this process: called with (pages OCR'd so far, pages to OCR).
page_progress: Callable[[int, int], None] | None = None


def _ocr_all(ocr_page: Any, data: bytes, numbers: list[int]) -> dict[int, Any]:
    """Blocks (or the exception raised) per page. Several pages run at once on threads: the OCR engine
    spends its time in onnxruntime, which releases the GIL, and one thread per page scales better than
    onnxruntime's own intra-op threads (bench/bench_ocr.py)."""

    import threading

    lock, done = threading.Lock(), [0]

    def one(n: int) -> Any:
        try:
            return ocr_page(data, n)
        except Exception as exc:  # noqa: BLE001 - sorted out by the caller, page by page
            return exc
        finally:
            if page_progress is not None:  # OCR is the slow part of a scan: tell the user page i / n
                with lock:
                    done[0] += 1
                    page_progress(done[0], len(numbers))

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    workers = min(len(numbers), cores, 4)
    if workers < 2:
        return {n: one(n) for n in numbers}
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(workers) as pool:
        return dict(zip(numbers, pool.map(one, numbers)))


def _run_ocr(pages: list[_Page], data: bytes, ocr: str) -> tuple[dict[int, list[Block]], list[Notice]]:
    """OCR the pages flagged by ``_needs_ocr`` when allowed and available; a notice for each page that
    stays without text. Returns the OCR blocks per page number and the notices."""
    notices: list[Notice] = []
    ocr_blocks: dict[int, list[Block]] = {}
    if ocr == "always":  # every page with something on it, good text layer or not
        pages = [
            p if p.ocr_reason or not (p.lines or p.tables or p.images) else replace(p, ocr_reason=OCR_ALWAYS)
            for p in pages
        ]
    ocr_page = _ocr_function() if ocr != "never" and any(p.ocr_reason for p in pages) else None
    results = _ocr_all(ocr_page, data, [p.number for p in pages if p.ocr_reason]) if ocr_page else {}
    unavailable = False
    for p in pages:
        if p.ocr_reason is None:
            continue
        found = results.get(p.number)
        if isinstance(found, ReviewError):  # e.g. MissingExtra: the OCR engine is not installed; say so once
            if not unavailable:
                notices.append(Notice("ocr_unavailable", found.message, p.number))
            unavailable, found = True, None
        elif isinstance(found, Exception):  # an OCR failure costs this page's text, not the file
            notices.append(
                Notice("ocr_failed", f"第 {p.number} 页文字识别（OCR）失败：{type(found).__name__}", p.number)
            )
            found = None
        if found:
            ocr_blocks[p.number] = [replace(b, page=b.page or p.number, source="ocr") for b in found]
            notices.append(
                Notice(OCR_DONE, ocr_message(p.ocr_reason, p.number, mean_confidence(found)), p.number)
            )
        elif p.ocr_reason != OCR_ALWAYS:
            notices.append(_notice(p.ocr_reason, p.number))
    return ocr_blocks, notices


ENGINE_ENV = "SCENARIOREVIEW_PDF_ENGINE"
ENGINES = ("fast", "pdfplumber")


def _engine(engine: str | None) -> str:
    """``engine`` argument, else ``$SCENARIOREVIEW_PDF_ENGINE``, else "fast". "pdfplumber" is the previous
    path, kept for the equivalence test and the benchmark."""
    chosen = engine or os.environ.get(ENGINE_ENV, "") or "fast"
    return chosen if chosen in ENGINES else "fast"


def _open_plumber(data: bytes) -> Any:
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        return pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        raise _open_error(exc) from exc
    except Exception as exc:  # pdfminer raises assorted errors on damaged files
        raise CorruptFile(f"PDF 文件已损坏或不完整，无法解析（{type(exc).__name__}）") from exc


def _plumber_pages(data: bytes) -> list[_Page]:
    """Every page read by pdfplumber (the previous path)."""

    pdf = _open_plumber(data)
    # The try is around the whole ``with``: pdfplumber's close() walks the page tree again and raises
    # PdfminerException on a damaged one, after the body's own error was already on its way.
    with _page_errors(), pdf:
        page_objs = list(pdf.pages)
        if not page_objs:
            raise CorruptFile("PDF 没有任何页面")
        pages: list[_Page] = []
        for i, p in enumerate(page_objs):
            pages.append(_read_page(p, i + 1, _trailing_table(pages[-1]) if pages else None))
    return pages


@contextmanager
def _page_errors() -> Iterator[None]:
    """pdfminer's and pdfplumber's failures while reading pages, as our errors (never ``internal``)."""
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        yield
    except InputError:
        raise
    except PdfminerException as exc:
        raise _open_error(exc) from exc
    except Exception as exc:
        raise CorruptFile(f"PDF 页面内容已损坏，无法解析（{type(exc).__name__}）") from exc


def _exact_page(plumber: Any, index: int, carry: PdfTable | None) -> _Page:
    """One page read by pdfplumber, its cached layout released at once (bounded memory on long files)."""
    with _page_errors():
        page_obj = plumber.pages[index]
        try:
            return _read_page(page_obj, index + 1, carry)
        finally:
            page_obj.close()


def _fast_pages(doc: Any, data: bytes) -> tuple[list[_Page], list[Notice]]:
    """Pages from pdfium one at a time (each closed before the next is opened); a page pdfium cannot place
    with confidence, or that fails there, is read by pdfplumber, opened only then, and a notice says so."""
    from .fast import close_page, fast_page

    pages: list[_Page] = []
    notices: list[Notice] = []
    plumber: Any = None
    try:
        for i in range(len(doc)):
            carry = _trailing_table(pages[-1]) if pages else None
            fast: Any = None
            try:
                got = fast_page(doc, i)
                if not isinstance(got, str):
                    fast = got
                    pages.append(_read_page(fast, i + 1, carry))
                    continue
                reason = got
            except Exception as exc:  # noqa: BLE001 - pdfplumber gets its chance at this page
                reason = f"error:{type(exc).__name__}"
            finally:
                if fast is not None:
                    close_page(fast)
            plumber = plumber or _open_plumber(data)
            pages.append(_exact_page(plumber, i, carry))
            notices.append(Notice(EXACT_ENGINE, engine_message(reason, i + 1), i + 1))
    finally:
        if plumber is not None:
            _close_quietly(plumber)
    return pages, notices


def _close_quietly(plumber: Any) -> None:
    """pdfplumber's close() walks a damaged page tree again and raises; the pages are read (or the error that
    matters is already on its way) by then."""
    with suppress(Exception):  # see the docstring
        plumber.close()


def parse_pdf(
    path: Path, data: bytes, sha256: str, *, ocr: str = "auto", engine: str | None = None
) -> Document:
    """Parse a PDF's text layer into a Document (see the module docstring).

    ``ocr``: "never" leaves pages without a usable text layer empty (with a notice); "auto" and "always"
    hand those pages to ``scenarioreview.parsers.ocr.ocr_page`` when that module is installed; "always"
    also OCRs pages with a good text layer. ``engine``: "fast" (pdfium glyphs, the default) or
    "pdfplumber" (see ``_engine``). Raises CorruptFile / EncryptedFile for unreadable files."""
    with document_budget():  # inflated streams are capped (a 1 MB file must not inflate to gigabytes)
        return _parse_pdf(path, data, sha256, ocr=ocr, engine=engine)


def _parse_pdf(path: Path, data: bytes, sha256: str, *, ocr: str, engine: str | None) -> Document:
    from .fast import open_document

    fast = _engine(engine) == "fast"
    if fast:
        prescan_streams(data)  # pdfium inflates streams itself, past the caps pdfminer's reading has
    doc = open_document(data) if fast else None
    if doc is not None and len(doc) > 0:
        try:
            pages, notices = _fast_pages(doc, data)
        finally:
            doc.close()
    else:
        if doc is not None:
            doc.close()
        pages, notices = _plumber_pages(data), []
    return _document(path, data, sha256, pages, notices, ocr)


def _document(
    path: Path, data: bytes, sha256: str, pages: list[_Page], notices: list[Notice], ocr: str
) -> Document:
    ocr_blocks, ocr_notices = _run_ocr(pages, data, ocr)
    notices = sorted(notices + ocr_notices, key=lambda n: n.page or 0)
    bodies, headers, footers = split_running([p.lines for p in pages], [p.height for p in pages])
    layout: Layout | None = measure(bodies)
    stream = _stream(pages, bodies, ocr_blocks)
    items = build_paragraphs(stream, layout) if layout is not None else stream
    return Document(
        path=str(path),
        format="pdf",
        sha256=sha256,
        blocks=tuple(mark_captions(_blocks(items))),
        headers=tuple(headers),
        footers=tuple(footers),
        pages=len(pages),
        status="partial" if any(n.code not in (OCR_DONE, EXACT_ENGINE) for n in notices) else "ok",
        notices=tuple(notices),
    )
