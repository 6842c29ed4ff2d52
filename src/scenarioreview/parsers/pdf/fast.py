"""Fast page source for the PDF backend: pdfium (pypdfium2) glyph boxes and vector paths, handed to the same
layout engine as pdfplumber's.

pdfplumber interprets every page in Python (pdfminer) and costs ~30 ms a page; pdfium does the same work in
C. Its own text output is not usable (curly quotes out of order, spaces around ASCII), so only its per-glyph
facts are taken - code point, origin, advance, font size, font name, orientation - and turned into the
char dicts ``lines.build_lines`` expects (pdfminer's conventions: ``top = baseline - size``,
``x1 = origin + advance``; pdfium's advance includes the character spacing of justified lines, ~0.4 pt,
which no layout threshold notices). Painted paths become pdfplumber-style lines/rects/curves and edges, so ruled
tables are found by pdfplumber's own ``TableFinder`` on our edges. ``FastPage`` quacks like the few parts of
``pdfplumber.Page`` that ``pdf.py`` uses.

A page the fast source cannot place with confidence (rotated, shifted media box, pictures or paths inside
form XObjects, glyphs pdfium cannot attribute to a text object) gets a reason instead of a page; ``pdf.py``
then reads that page with pdfplumber and records the decision in a notice.
"""

from __future__ import annotations

import ctypes
from contextlib import suppress
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as R

# Reasons the fast source declines a page (notice texts in quality.engine_message).
ROTATED = "rotated"
SHIFTED_BOX = "shifted_box"
NESTED_GRAPHICS = "nested_graphics"
UNPLACED_GLYPHS = "unplaced_glyphs"


def _private(name: str, restype: Any, argtypes: list[Any] | None) -> Any:
    """A private ctypes prototype of a pdfium function: returning a bare address (c_void_p) instead of a
    pointer object makes "same text object as the previous glyph" an integer comparison. ``lib[name]``
    creates a new function object, so pypdfium2's own prototypes are left untouched. ``argtypes`` None
    (the per-glyph calls) skips ctypes' argument conversion, ~40% of such a call: callers then pass the
    handle as a ``c_void_p``, the index as an int and out-parameters with ``byref``."""
    fn = pdfium_lib()[name]
    fn.restype, fn.argtypes = restype, argtypes
    return fn


def pdfium_lib() -> Any:
    from pypdfium2_raw import bindings

    return bindings._libs["pdfium"]


_VP = ctypes.c_void_p
_TEXT_OBJECT = _private("FPDFText_GetTextObject", _VP, None)
_LOOSE_BOX = _private("FPDFText_GetLooseCharBox", ctypes.c_int, None)
_ORIGIN = _private("FPDFText_GetCharOrigin", ctypes.c_int, None)
_MATRIX = _private("FPDFText_GetMatrix", ctypes.c_int, None)
_FONT_SIZE = _private("FPDFText_GetFontSize", ctypes.c_double, None)
_OBJ_FONT = _private("FPDFTextObj_GetFont", _VP, [_VP])
_FONT_NAME = _private("FPDFFont_GetBaseFontName", ctypes.c_size_t, [_VP, ctypes.c_char_p, ctypes.c_size_t])
_IS_GENERATED = _private("FPDFText_IsGenerated", ctypes.c_int, None)
_UNICODE = _private("FPDFText_GetUnicode", ctypes.c_uint, [_VP, ctypes.c_int])
_MAP_ERROR = _private("FPDFText_HasUnicodeMapError", ctypes.c_int, None)


# Facts shared by every glyph of one pdfium text object (one text-showing operation):
# (top, bottom, size, fontname, upright). A tuple: there are ~200 runs on a page.
_Run = tuple[float, float, float, str, bool]


@dataclass
class FastPage:
    """The parts of ``pdfplumber.Page`` that reader.py, quality.py and tables.py read, from pdfium."""

    width: float
    height: float
    chars: list[dict[str, Any]]
    lines: list[dict[str, Any]] = field(default_factory=list)
    rects: list[dict[str, Any]] = field(default_factory=list)
    curves: list[dict[str, Any]] = field(default_factory=list)
    images: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    source: Any = None  # the open pdfium page, for the ink render of the quality gate

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0.0, 0.0, self.width, self.height)

    def debug_tablefinder(self, settings: dict[str, Any]) -> Any:
        from pdfplumber.table import TableFinder

        return TableFinder(self, settings)  # type: ignore[arg-type]  # duck-typed page: edges, bbox

    def to_image(self, resolution: float) -> Any:
        """Same render as pdfplumber's ``to_image`` (pdfium, no anti-aliasing), without reopening the file."""
        image = (
            self.source.render(
                scale=resolution / 72,
                no_smoothtext=True,
                no_smoothpath=True,
                no_smoothimage=True,
                prefer_bgrx=True,
            )
            .to_pil()
            .convert("RGB")
        )
        return _Rendered(image)


@dataclass
class _Rendered:
    original: Any


def open_document(data: bytes) -> pdfium.PdfDocument | None:
    """The pdfium document, or None when pdfium cannot open it (damaged, encrypted): the pdfplumber path
    then runs alone and reports the error exactly as before."""
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return None
    with suppress(pdfium.PdfiumError):
        doc.init_forms()  # filled form fields are drawn in the ink render, as pdfplumber's render does
    return doc


class _RunReader:
    """Reads a run's facts with buffers allocated once per page (a ctypes struct per call costs more than
    the call itself)."""

    def __init__(self, tp: Any, height: float) -> None:
        self.tp, self.height = tp, height
        self.m = R.FS_MATRIX()
        self.ox, self.oy = ctypes.c_double(), ctypes.c_double()
        self.pm, self.pox, self.poy = ctypes.byref(self.m), ctypes.byref(self.ox), ctypes.byref(self.oy)
        self.fonts: dict[int, str] = {}

    def read(self, i: int, obj: int) -> _Run:
        tp, m = self.tp, self.m
        _MATRIX(tp, i, self.pm)
        _ORIGIN(tp, i, self.pox, self.poy)
        size = _FONT_SIZE(tp, i)
        font = _OBJ_FONT(obj) or 0
        name = self.fonts.get(font)
        if name is None:
            buf = ctypes.create_string_buffer(256)
            n = _FONT_NAME(font, buf, 256) if font else 0
            name = self.fonts[font] = buf.raw[: max(n - 1, 0)].decode("utf-8", "replace")
        baseline = self.height - self.oy.value
        # pdfminer's box spans [descent, descent + size] around the baseline, with the descent declared in
        # the font descriptor (0 in LibreOffice exports, about -0.14 to -0.3 em in Word/WPS ones); pdfium
        # does not tell the declared value apart from one it derives, so the box sits on the baseline. The
        # layout only compares lines with each other and with wide margins, which such a shift leaves
        # alone (tests/test_pdf_fast.py, declared descents).
        return (baseline - size, baseline, size, name, m.a * m.d > 0 and m.b * m.c <= 0)


def _page_text(tp: Any, n: int) -> str | None:
    """All glyph code points in one call; None when the text does not line up one-to-one with the glyphs
    (astral characters come back as surrogate pairs)."""
    buf = ctypes.create_string_buffer(2 * (n + 1))
    got = R.FPDFText_GetText(tp, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    text = buf.raw[: 2 * max(got - 1, 0)].decode("utf-16-le", "replace")
    return text if len(text) == n else None


def read_chars(textpage: Any, height: float) -> list[dict[str, Any]] | None:
    """pdfplumber-style char dicts of one page, in content order; None when a glyph has no text object
    (pdfium could not say where it sits)."""
    tp = ctypes.cast(textpage.raw, _VP)
    n = R.FPDFText_CountChars(textpage.raw)
    text = _page_text(textpage.raw, n) if n > 0 else ""
    if text is None:
        text = "".join(chr(_UNICODE(tp, i)) for i in range(n))
    box = R.FS_RECTF()
    pbox = ctypes.byref(box)
    reader = _RunReader(tp, height)
    runs: dict[int, _Run] = {}
    out: list[dict[str, Any]] = []
    last_obj, run = -1, None
    for i, ch in enumerate(text):
        if ch in " \r\n\ufffe\x02" and _IS_GENERATED(tp, i):
            continue  # pdfium's own spaces and line breaks
        obj = _TEXT_OBJECT(tp, i)
        if not obj:
            return None
        if obj != last_obj:
            run = runs.get(obj)
            if run is None:
                run = runs[obj] = reader.read(i, obj)
            last_obj = obj
        assert run is not None
        _LOOSE_BOX(tp, i, pbox)
        if _MAP_ERROR(tp, i) == 1:
            # no Unicode mapping: pdfium falls back to the raw code, pdfminer says "(cid:N)"; the quality
            # gate counts the latter as undecodable
            ch = f"(cid:{ord(ch)})"
        top, bottom, size, fontname, upright = run
        out.append(
            {
                "text": ch,
                "x0": box.left,
                "x1": box.right,
                "top": top,
                "bottom": bottom,
                "size": size,
                "fontname": fontname,
                "upright": upright,
            }
        )
    return out


# --- vector paths and pictures ----------------------------------------------------------------------------

_SEG_POINT = _private(
    "FPDFPathSegment_GetPoint",
    ctypes.c_int,
    [_VP, ctypes.POINTER(ctypes.c_float), ctypes.POINTER(ctypes.c_float)],
)
_SEG_TYPE = _private("FPDFPathSegment_GetType", ctypes.c_int, [_VP])
_SEG_CLOSE = _private("FPDFPathSegment_GetClose", ctypes.c_int, [_VP])
_PATH_SEGMENT = _private("FPDFPath_GetPathSegment", _VP, [_VP, ctypes.c_int])
_PATH_COUNT = _private("FPDFPath_CountSegments", ctypes.c_int, [_VP])
_OBJ_MATRIX = _private("FPDFPageObj_GetMatrix", ctypes.c_int, [_VP, ctypes.POINTER(R.FS_MATRIX)])
_OBJ_TYPE = _private("FPDFPageObj_GetType", ctypes.c_int, [_VP])
_OBJ_BOUNDS = _private("FPDFPageObj_GetBounds", ctypes.c_int, [_VP] + [ctypes.POINTER(ctypes.c_float)] * 4)
_DRAW_MODE = _private(
    "FPDFPath_GetDrawMode", ctypes.c_int, [_VP, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int)]
)
_PAGE_COUNT = _private("FPDFPage_CountObjects", ctypes.c_int, [_VP])
_PAGE_OBJECT = _private("FPDFPage_GetObject", _VP, [_VP, ctypes.c_int])
_FORM_COUNT = _private("FPDFFormObj_CountObjects", ctypes.c_int, [_VP])
_FORM_OBJECT = _private("FPDFFormObj_GetObject", _VP, [_VP, ctypes.c_ulong])

Point = tuple[float, float]


def _subpaths(obj: int) -> list[tuple[str, list[Point]]]:
    """The path's subpaths as pdfminer sees them: a shape string ("m", "l", "c", "h") and the end point of
    each operation in page space (y up). pdfium stores a Bézier as three points; only the last is kept."""
    m = R.FS_MATRIX()
    _OBJ_MATRIX(obj, ctypes.byref(m))
    x, y = ctypes.c_float(), ctypes.c_float()
    out: list[tuple[str, list[Point]]] = []
    shape = ""
    pts: list[Point] = []
    bezier = 0
    for k in range(_PATH_COUNT(obj)):
        seg = _PATH_SEGMENT(obj, k)
        kind = _SEG_TYPE(seg)
        _SEG_POINT(seg, ctypes.byref(x), ctypes.byref(y))
        pt = (m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f)
        if kind == R.FPDF_SEGMENT_MOVETO:
            if shape:
                out.append((shape, pts))
            shape, pts, bezier = "m", [pt], 0
        elif kind == R.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier % 3:
                continue
            shape, pts = shape + "c", pts + [pt]
        else:
            shape, pts = shape + "l", pts + [pt]
        if _SEG_CLOSE(seg) and pts:
            shape, pts = shape + "h", pts + [pts[0]]
    if shape:
        out.append((shape, pts))
    return out


def _classify(shape: str, pts: list[Point], height: float, page: FastPage) -> None:
    """pdfminer's rule (converter.paint_path): one segment is a line, an axis-aligned closed four-sided
    path is a rect, anything else a curve; pdfplumber then makes edges of all three."""
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape, pts = shape[:-2] + "h", pts[:-2] + pts[-1:]
    flipped = [(px, height - py) for px, py in pts]
    if shape in ("ml", "mlh"):
        (x0, t0), (x1, t1) = flipped[0], flipped[1]
        obj = {"object_type": "line", **_span(x0, t0, x1, t1), "pts": flipped[:2]}
        page.lines.append(obj)
        page.edges.append({**obj, "orientation": "h" if obj["top"] == obj["bottom"] else "v"})
        return
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if pts[0] == last and square:
            _rect(min(x0, x2), min(y0, y2), max(x0, x2), max(y0, y2), height, page)
            return
    if shape[:1] != "m":
        return
    page.curves.append({"object_type": "curve", "pts": flipped})
    for (ax, at), (bx, bt) in pairwise(flipped):
        page.edges.append(
            {
                "object_type": "curve_edge",
                **_span(ax, at, bx, bt),
                "orientation": "v" if ax == bx else ("h" if at == bt else None),
            }
        )


def _span(ax: float, at: float, bx: float, bt: float) -> dict[str, float]:
    """The box pdfplumber gives a segment between two points (page space, y down)."""
    return {
        "x0": min(ax, bx),
        "x1": max(ax, bx),
        "top": min(at, bt),
        "bottom": max(at, bt),
        "width": abs(bx - ax),
        "height": abs(bt - at),
    }


def _rect(x0: float, y0: float, x1: float, y1: float, height: float, page: FastPage) -> None:
    top, bottom, w, h = height - y1, height - y0, x1 - x0, y1 - y0
    page.rects.append({"object_type": "rect", "x0": x0, "x1": x1, "top": top, "bottom": bottom})
    base = {"object_type": "rect_edge", "x0": x0, "x1": x1, "width": w}
    page.edges += [
        {**base, "top": top, "bottom": top, "height": 0, "orientation": "h"},
        {**base, "top": bottom, "bottom": bottom, "height": 0, "orientation": "h"},
        {
            "object_type": "rect_edge",
            "x0": x0,
            "x1": x0,
            "width": 0,
            "top": top,
            "bottom": bottom,
            "height": h,
            "orientation": "v",
        },
        {
            "object_type": "rect_edge",
            "x0": x1,
            "x1": x1,
            "width": 0,
            "top": top,
            "bottom": bottom,
            "height": h,
            "orientation": "v",
        },
    ]


def _painted(obj: int) -> bool:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not _DRAW_MODE(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        return True
    return bool(fill.value or stroke.value)


def _image(obj: int, height: float) -> dict[str, Any]:
    b = [ctypes.c_float() for _ in range(4)]
    _OBJ_BOUNDS(obj, *(ctypes.byref(v) for v in b))
    left, bottom, right, top = (v.value for v in b)
    return {"x0": left, "x1": right, "top": height - top, "bottom": height - bottom}


def _form_has_graphics(obj: int, depth: int = 0) -> bool:
    """Paths or pictures inside a form XObject: pdfminer flattens them into the page with the form's
    matrix; the fast source does not, so such a page goes to pdfplumber."""
    for k in range(_FORM_COUNT(obj)):
        child = _FORM_OBJECT(obj, k)
        kind = _OBJ_TYPE(child)
        if kind in (R.FPDF_PAGEOBJ_PATH, R.FPDF_PAGEOBJ_IMAGE):
            return True
        if kind == R.FPDF_PAGEOBJ_FORM and (depth > 8 or _form_has_graphics(child, depth + 1)):
            return True
    return False


def read_graphics(raw_page: Any, page: FastPage) -> str | None:
    """Fill ``page`` with lines, rects, curves, edges and pictures; a reason string when a form XObject
    holds graphics the fast source does not place."""
    handle = ctypes.cast(raw_page, _VP)
    for k in range(_PAGE_COUNT(handle)):
        obj = _PAGE_OBJECT(handle, k)
        kind = _OBJ_TYPE(obj)
        if kind == R.FPDF_PAGEOBJ_PATH:
            if _painted(obj):
                for shape, pts in _subpaths(obj):
                    _classify(shape, pts, page.height, page)
        elif kind == R.FPDF_PAGEOBJ_IMAGE:
            page.images.append(_image(obj, page.height))
        elif kind == R.FPDF_PAGEOBJ_FORM and _form_has_graphics(obj):
            return NESTED_GRAPHICS
    return None


def fast_page(doc: pdfium.PdfDocument, index: int) -> FastPage | str:
    """One page from pdfium, or the reason it must be read by pdfplumber instead. The returned page keeps
    its pdfium page open (``source``) for the ink render; ``close_page`` releases it."""
    page = doc[index]
    try:
        reason = _placement_doubt(page)
        if reason is not None:
            page.close()
            return reason
        width, height = page.get_size()
        fp = FastPage(width=float(width), height=float(height), chars=[], source=page)
        textpage = page.get_textpage()
        try:
            chars = read_chars(textpage, fp.height)
        finally:
            textpage.close()
        if chars is None:
            page.close()
            return UNPLACED_GLYPHS
        fp.chars = chars
        reason = read_graphics(page.raw, fp)
        if reason is not None:
            page.close()
            return reason
        return fp
    except Exception:
        page.close()
        raise


def close_page(page: FastPage) -> None:
    if page.source is not None:
        page.source.close()
        page.source = None


def _placement_doubt(page: Any) -> str | None:
    """Pages whose coordinates pdfplumber and pdfium would not express alike: a /Rotate, or a media box
    not at the origin, or a crop box that differs from it."""
    if page.get_rotation() % 360:
        return ROTATED
    media = tuple(round(v, 3) for v in page.get_mediabox())
    if media[:2] != (0, 0) or tuple(round(v, 3) for v in page.get_cropbox()) != media:
        return SHIFTED_BOX
    return None
