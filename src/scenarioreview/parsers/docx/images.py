"""Pictures inside a .docx that are really pasted pages of text.

Figures are allowed and do not count towards 字数, so an applicant can paste a screenshot of a page of
text and hide it from the count. Pictures are not OCRed by default; instead each one is looked at cheaply:
a page of text is a light picture whose ink sits in many evenly spaced, wide horizontal bands (text lines),
which photos, charts and diagrams rarely show. Such a picture becomes a warning notice.

``text_like(image)`` is the pure test on a greyscale array; ``pasted_text_notices(data)`` reads the parts.
"""

from __future__ import annotations

import io
from itertools import pairwise
from typing import Any

from ...model import Notice

MIN_SIDE = 400  # pixels: smaller pictures are icons, logos, signatures
MIN_BANDS = 8  # text lines needed before a picture reads as a page of text
_MEDIA_EXT = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff")


def text_bands(grey: Any) -> list[tuple[int, int]]:
    """Row ranges that hold ink (text lines), from a binarised horizontal projection profile."""
    import numpy as np

    dark = np.asarray(grey) < 128
    share = dark.mean(axis=1)
    inked = share > 0.01
    bands: list[tuple[int, int]] = []
    start = None
    for y, on in enumerate(inked):
        if on and start is None:
            start = y
        elif not on and start is not None:
            bands.append((start, y))
            start = None
    if start is not None:
        bands.append((start, len(inked)))
    return bands


def text_like(grey: Any) -> bool:
    """A light picture with many text-line bands of similar height and spacing, many of them spanning the
    text width (full lines of text), and ink covering a text-like share of the area."""
    import numpy as np

    arr = np.asarray(grey)
    h, w = arr.shape[:2]
    if min(h, w) < MIN_SIDE or np.median(arr) < 200:  # photos and dark screenshots are not pages of text
        return False
    ink = float((arr < 128).mean())
    if not 0.02 <= ink <= 0.3:
        return False
    bands = [(a, b) for a, b in text_bands(arr) if b - a >= 0.006 * h]
    if len(bands) < MIN_BANDS:
        return False
    heights = np.array([b - a for a, b in bands], dtype=float)
    gaps = np.array([n[0] - p[1] for p, n in pairwise(bands)], dtype=float)
    spans = []
    for a, b in bands:
        cols = np.nonzero((arr[a:b] < 128).any(axis=0))[0]
        spans.append(int(cols[-1] - cols[0]) if cols.size else 0)
    widest = max(spans)
    # body lines run the full text width; headings and paragraph ends are shorter
    wide = sum(1 for x in spans if x >= 0.5 * widest) if widest >= 0.5 * w else 0
    regular = np.median(np.abs(heights - np.median(heights))) <= 0.25 * np.median(heights)
    spaced = gaps.size > 0 and np.median(gaps) <= 2.5 * np.median(heights)
    return bool(regular and spaced and wide >= 0.4 * len(bands))


MAX_PIXELS = 60_000_000  # an A4 page at 600 dpi is 35 million pixels


def _grey(data: bytes) -> Any | None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as src:
            if src.width * src.height > MAX_PIXELS:  # beyond any page scan: not decoded (memory)
                return None
            src.draft("L", (1600, 1600))  # JPEG: decode at reduced size, much faster
            grey = src.convert("L")
        if max(grey.size) > 1600:
            grey.thumbnail((1600, 1600))
        return grey
    except Exception:  # noqa: BLE001 - an unreadable picture is simply not inspected
        return None


def pasted_text_notices(data: bytes) -> list[Notice]:
    """Warnings for pictures in the .docx bytes that look like pasted pages of text (in part-name order)."""
    from .safezip import SafeZip

    notices: list[Notice] = []
    with SafeZip(data) as zf:
        media = sorted(
            n for n in zf.names() if n.startswith("word/media/") and n.lower().endswith(_MEDIA_EXT)
        )
        for name in media:
            grey = _grey(zf.read_part(name))
            if grey is not None and text_like(grey):
                label = name.rsplit("/", 1)[-1]
                notices.append(
                    Notice(
                        "pasted_text_image",
                        f"文档中的图片 {label} 疑似整页文字的截图或扫描件：其中的文字不计入字数，请核实是否以图片规避字数限制",
                    )
                )
    return notices
