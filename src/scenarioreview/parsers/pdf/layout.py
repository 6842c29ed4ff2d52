"""Lines -> paragraphs and headings, and running headers/footers. Pure functions over ``Line`` objects.

The PDF has no paragraph marks, so they are rebuilt from geometry: a first-line indent (~2 em in Chinese
text), a larger vertical gap, a line ending well before the right margin, a change of font size. Headings
are short lines in a bigger or bold face, numbered like 一、/（三）/场景一：, or centred.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

from ...textjoin import join_wrapped
from ..captions import _CAPTION_TEXT  # one definition of a caption line for every parser
from .lines import Line

# --- running headers and footers -------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"^(第#页(共#页)?|共#页第#页|第#页/共#页|[-—–]?#[-—–]?|#/#|page#(of#)?|#of#)$", re.IGNORECASE
)
BAND = 0.12  # top/bottom fraction of the page height where running headers/footers live


def _shape(text: str) -> str:
    """Text with whitespace removed and every digit run replaced by '#': page numbers stop mattering."""
    return re.sub(r"\d+", "#", "".join(text.split()))


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(_shape(text)))


def _near_same(shapes: Sequence[str]) -> dict[str, str]:
    """Map each shape to the first earlier shape it nearly equals (a header with "（续）" added, a
    chapter name that changes a word), so that variants of one running header are counted together."""
    from difflib import SequenceMatcher

    reps: list[str] = []
    key: dict[str, str] = {}
    for s in shapes:
        if s in key:
            continue
        for r in reps:
            if min(len(r), len(s)) >= 6 and SequenceMatcher(None, r, s, autojunk=False).ratio() >= 0.8:
                key[s] = r
                break
        else:
            reps.append(s)
            key[s] = s
    return key


def _top_margin_lines(lines: Sequence[Line], height: float) -> list[Line]:
    """The first one or two lines when they sit in the top band, set off from the body by a clear gap.

    Running text sits in the page margin; requiring that gap keeps a body heading that happens to open
    several pages (e.g. "（一）实施方法") in the body."""
    for j in range(min(2, len(lines))):
        ln = lines[j]
        if ln.bottom >= height * BAND:
            break
        nxt = lines[j + 1] if j + 1 < len(lines) else None
        if nxt is None or nxt.top - ln.bottom > 1.5 * ln.height:
            return list(lines[: j + 1])
    return []


def _bottom_margin_lines(lines: Sequence[Line], height: float) -> list[Line]:
    """The last one or two lines when they sit in the bottom band, set off from the body by a clear gap."""
    for j in range(len(lines) - 1, max(len(lines) - 3, -1), -1):
        ln = lines[j]
        if ln.top <= height * (1 - BAND):
            break
        prv = lines[j - 1] if j > 0 else None
        if prv is None or ln.top - prv.bottom > 1.5 * ln.height:
            return list(lines[j:])
    return []


def _recurrence(bands: Sequence[Sequence[Line]]) -> tuple[dict[str, str], Counter[str]]:
    """Each line shape's representative (near-equal shapes merged) and on how many pages it occurs."""
    key = _near_same([_shape(ln.text) for band in bands for ln in band])
    counts = Counter(k for band in bands for k in {key[_shape(ln.text)] for ln in band})
    return key, counts


def split_running(
    pages: Sequence[Sequence[Line]], heights: Sequence[float]
) -> tuple[list[list[Line]], list[str], list[str]]:
    """Remove running headers/footers from each page's lines.

    A line near the top (bottom) edge is a header (footer) when the same or nearly the same text, digits
    ignored, recurs in that band on at least two pages and a third of the pages with text, or when it is a
    bare page number ("第 3 页 共 15 页", "- 3 -", "3/15", "3"); at the top, also when it is set smaller
    than the body text. Returns the body lines per page and the distinct header and footer texts (first
    occurrence of each, in page order)."""
    tops = [_top_margin_lines(lines, h) for lines, h in zip(pages, heights)]
    bottoms = [_bottom_margin_lines(lines, h) for lines, h in zip(pages, heights)]
    with_text = sum(1 for lines in pages if lines)
    need = max(2, -(-with_text // 3))  # a third of the pages: odd/even pages may carry different headers
    top_key, top_counts = _recurrence(tops)
    bottom_key, bottom_counts = _recurrence(bottoms)
    sizes = Counter(ln.size for lines in pages for ln in lines)
    body_size = sizes.most_common(1)[0][0] if sizes else 0.0

    headers: dict[str, str] = {}
    footers: dict[str, str] = {}
    body: list[list[Line]] = []
    for lines, top, bottom in zip(pages, tops, bottoms):
        drop: set[int] = set()
        for ln in top:
            k = top_key[_shape(ln.text)]
            # small print in the top margin is a header even where nothing repeats (a one-page file)
            if top_counts[k] >= need or is_page_number(ln.text) or ln.size < body_size - 1:
                headers.setdefault(k, ln.text)
                drop.add(id(ln))
        for ln in bottom:
            k = bottom_key[_shape(ln.text)]
            if bottom_counts[k] >= need or is_page_number(ln.text):
                footers.setdefault(k, ln.text)
                drop.add(id(ln))
        body.append([ln for ln in lines if id(ln) not in drop])
    return body, list(headers.values()), list(footers.values())


# --- headings ---------------------------------------------------------------------------------------------

_CN_NUM = "一二三四五六七八九十百零〇"
_NUMBERING: list[tuple[re.Pattern[str], int]] = [
    (re.compile(rf"^第[{_CN_NUM}\d]+[章部篇]"), 1),
    (re.compile(rf"^[{_CN_NUM}]+[、.．]"), 1),
    (re.compile(rf"^(场景|第)[{_CN_NUM}\d]+[：:、．.\s]|^场景[{_CN_NUM}\d]+$"), 2),
    (re.compile(rf"^第[{_CN_NUM}\d]+节"), 2),
    (re.compile(rf"^[（(][{_CN_NUM}]+[)）]"), 3),
    (re.compile(r"^\d+(\.\d+)+\s*\S"), 3),
    (re.compile(r"^\d+[、.．]\s*\S"), 4),
    (re.compile(r"^[（(]\d+[)）]"), 5),
]
# A line ending like a sentence is body text, whatever its font; "：" is left out ("场景描述：" is a label).
_SENTENCE_END = tuple("。；;，,！？!?")


def numbering_level(text: str) -> int | None:
    for pattern, level in _NUMBERING:
        if pattern.match(text):
            return level
    return None


@dataclass
class Layout:
    """Page geometry and typography. Margins are per page when a page has enough body lines (mirrored
    margins shift odd and even pages; a landscape page is wider), else the document's."""

    left: float
    right: float
    body_size: float
    pitch: float  # usual distance between tops of consecutive body lines
    heading_sizes: list[float] = field(default_factory=list)  # larger than body, biggest first
    margins: dict[int, tuple[float, float]] = field(default_factory=dict)  # page -> (left, right)
    indents: bool = True  # paragraphs start with a first-line indent (most Chinese documents)

    def left_of(self, page: int) -> float:
        return self.margins.get(page, (self.left, self.right))[0]

    def right_of(self, page: int) -> float:
        return self.margins.get(page, (self.left, self.right))[1]


def _margins(body: Sequence[Line]) -> tuple[float, float]:
    """Left text edge: the smallest x0 shared by a good share of the lines (continuation lines; first
    lines are indented, centred lines vary). Right edge: where nearly all lines stop (justified text ends
    exactly there; ragged text a little before)."""
    counts = Counter(round(ln.x0) for ln in body)
    need = max(2, len(body) // 4) if len(body) >= 2 else 1
    common = sorted(x for x, n in counts.items() if n >= need) or [counts.most_common(1)[0][0]]
    left = min(ln.x0 for ln in body if round(ln.x0) == common[0])
    x1s = sorted(ln.x1 for ln in body)
    return left, x1s[int(0.95 * (len(x1s) - 1))]


def measure(pages: Sequence[Sequence[Line]]) -> Layout | None:
    lines = [ln for page in pages for ln in page]
    if not lines:
        return None
    body_size = Counter(ln.size for ln in lines).most_common(1)[0][0]
    body = [ln for ln in lines if abs(ln.size - body_size) < 0.6] or lines
    left, right = _margins(body)
    margins: dict[int, tuple[float, float]] = {}
    for page in pages:
        page_body = [ln for ln in page if abs(ln.size - body_size) < 0.6]
        if len(page_body) >= 6:
            pl, pr = _margins(page_body)
            if pr - pl >= 0.9 * (right - left):  # not just a page of short lines
                margins[page_body[0].page] = (pl, pr)
    steps = [
        b.top - a.top
        for page in pages
        for a, b in pairwise(page)
        if abs(a.size - body_size) < 0.6 and abs(b.size - body_size) < 0.6 and b.top > a.top
    ]
    pitch = sorted(steps)[len(steps) // 2] if steps else body_size * 1.5
    sizes = sorted({ln.size for ln in lines if ln.size > body_size + 0.9}, reverse=True)
    indented = sum(1 for ln in body if 1.5 * body_size <= ln.x0 - left <= 2.5 * body_size)
    return Layout(
        left=left,
        right=right,
        body_size=body_size,
        pitch=pitch,
        heading_sizes=sizes,
        margins=margins,
        indents=indented >= 0.05 * len(body),
    )


def heading_level(line: Line, lay: Layout) -> int | None:
    """The outline level if this line looks like a heading, else None."""
    text = line.text.strip()
    if not text or len(text) > 60 or _CAPTION_TEXT.match(text):
        return None  # "图1 …", "表 2-1：…" look like headings; captions.mark_captions decides on them
    ends_sentence = text.endswith(_SENTENCE_END)
    numbered = numbering_level(text)
    bigger = line.size > lay.body_size + 0.9
    styled = bigger or line.bold
    left, right = lay.left_of(line.page), lay.right_of(line.page)
    full = right - line.x1 < 1.5 * line.size
    centred = line.x0 - left > 2 * line.size and abs((line.x0 - left) - (right - line.x1)) < 1.5 * line.size
    if styled and not ends_sentence:
        if full and len(text) > 30 and numbered is None:
            return None  # the first line of a paragraph set in bold, not a title
        if numbered is not None:
            return numbered
        if bigger and line.size in lay.heading_sizes:
            return min(lay.heading_sizes.index(line.size) + 1, 9)
        return 3 if centred else 4
    if numbered is not None and numbered <= 3 and not ends_sentence and not full and len(text) <= 40:
        return numbered
    if centred and not ends_sentence and len(text) <= 30 and not full:
        return 2
    return None


# --- paragraphs -------------------------------------------------------------------------------------------


@dataclass
class Para:
    """A paragraph or heading under construction."""

    kind: Literal["paragraph", "heading"]
    page: int
    text: str
    level: int | None
    first: Line
    last: Line
    lines: int = 1

    def ended(self, lay: Layout) -> bool:
        """The last line stops well before the right margin: the paragraph is over."""
        return lay.right_of(self.last.page) - self.last.x1 > 1.5 * self.last.size


def starts_new(prev: Para, cur: Line, lay: Layout, same_page: bool) -> bool:
    """Does ``cur`` start a new paragraph after ``prev`` (a body paragraph)?"""
    last = prev.last
    em = cur.size
    if lay.right_of(last.page) - last.x1 > cur.lead_width() + 0.5 * last.size:
        return True  # the start of this line would have fitted on the previous one: that one ended
    if abs(cur.size - last.size) > 0.6:
        return True
    if cur.x0 - last.x0 >= 1.2 * em:  # first-line indent
        return True
    indented = cur.x0 - lay.left_of(cur.page) >= 1.2 * em
    if indented and prev.lines == 1 and abs(cur.x0 - last.x0) < 0.5 * em:
        # a one-line paragraph that happened to fill the line, then another indented paragraph
        return True
    if not same_page:
        # Over a page break there is no gap to see. Without first-line indents, a sentence that ends the
        # last line of a page is taken to end its paragraph (with indents, the indent decides).
        return not lay.indents and last.text.endswith(("。", "！", "？", "!", "?"))
    return cur.top - last.top > 1.45 * lay.pitch  # a vertical gap


def build_paragraphs(stream: Sequence[object], lay: Layout) -> list[object]:
    """Turn body lines (headers/footers and table text already removed) into paragraphs and headings.

    ``stream`` holds ``Line`` objects in reading order over all pages, with any other object (a table)
    in its place; such an object is passed through and ends the paragraph before it. A paragraph running
    off the bottom of one page and continuing, unindented, at the top of the next stays one paragraph,
    with the first page's number."""
    out: list[object] = []
    for ln in stream:
        if not isinstance(ln, Line):
            out.append(ln)
            continue
        level = heading_level(ln, lay)
        prev = out[-1] if out and isinstance(out[-1], Para) else None
        same_page = prev is not None and prev.last.page == ln.page
        if level is not None:
            if (
                prev is not None
                and prev.kind == "heading"
                and same_page
                and prev.last.size == ln.size
                and prev.last.bold == ln.bold
                and not prev.ended(lay)
                and numbering_level(ln.text) is None
            ):
                # a long heading wrapped onto a second line
                prev.text = join_wrapped(prev.text, ln.text)
                prev.last, prev.lines = ln, prev.lines + 1
                continue
            out.append(Para("heading", ln.page, ln.text, level, ln, ln))
            continue
        if prev is not None and prev.kind == "paragraph" and not starts_new(prev, ln, lay, same_page):
            prev.text = join_wrapped(prev.text, ln.text)
            prev.last, prev.lines = ln, prev.lines + 1
            continue
        out.append(Para("paragraph", ln.page, ln.text, None, ln, ln))
    return out
