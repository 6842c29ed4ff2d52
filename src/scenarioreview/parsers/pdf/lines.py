"""PDF characters -> text lines, with CJK-aware spacing. Pure functions over pdfplumber char dicts.

pdfplumber gives one dict per glyph (``text``, ``x0``, ``x1``, ``top``, ``bottom``, ``size``, ``fontname``).
Everything here works on those dicts so it can be tested without a PDF and runs in one sort per page.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any

Char = dict[str, Any]

# Heading fonts: a real bold face, or a 黑体-style face that Chinese documents use instead of bold.
_BOLD_FONT = re.compile(r"bold|heavy|black|semibold|demibold|hei|黑体", re.IGNORECASE)


def is_wide(ch: str) -> bool:
    """True for characters typeset full-width in Chinese text (ideographs, CJK punctuation, full-width
    forms, curly quotes, ellipsis, dashes). No space is ever kept next to one of them."""
    if not ch:
        return False
    o = ord(ch[0])
    return o >= 0x2E80 or 0x2010 <= o <= 0x206F or o in (0x00B7, 0x2022)


def _is_lookalike(o: int) -> bool:
    # Kangxi radicals, CJK radicals supplement, CJK compatibility ideographs, Latin ligatures (ﬁ, ﬂ)
    return 0x2E80 <= o <= 0x2FDF or 0xF900 <= o <= 0xFAFF or 0xFB00 <= o <= 0xFB06


# Radicals in the supplement block that have no NFKC mapping but stand for a simplified character.
_SUPPLEMENT = str.maketrans(
    {
        "\u2e9f": "母",
        "\u2ea0": "民",
        "\u2ec4": "西",
        "\u2ec5": "见",
        "\u2ec6": "角",
        "\u2ecb": "车",
        "\u2ed3": "长",
        "\u2ed4": "门",
        "\u2ed9": "韦",
        "\u2eda": "页",
        "\u2edb": "风",
        "\u2edc": "飞",
        "\u2edd": "食",
        "\u2ee2": "马",
        "\u2ee4": "鬼",
        "\u2ee8": "麦",
        "\u2eec": "齐",
        "\u2eee": "齿",
        "\u2ef0": "龙",
        "\u2ef3": "龟",
    }
)


_LOOKALIKE = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\ufb00-\ufb06]")


def fix_lookalikes(text: str) -> str:
    """Some PDF producers map ideographs to look-alike code points (⼯ U+2F2F for 工, ⽹ for 网) or Latin
    ligatures; the text looks right but matches no keyword and counts oddly. Only those ranges are
    normalised (NFKC): full-width forms must stay as they are, the 字数 rules count them."""
    if not _LOOKALIKE.search(text):
        return text
    text = text.translate(_SUPPLEMENT)
    return "".join(unicodedata.normalize("NFKC", ch) if _is_lookalike(ord(ch)) else ch for ch in text)


# Characters that may not start a line (kinsoku): they travel with the character before them.
_NO_LINE_START = set("、，。．；：？！）］｝〕〉》」』】”’%‰℃,.;:?!)]}…—·")
_NO_LINE_END = set("（［｛〔〈《「『【“‘([{")


def unit_length(text: str) -> int:
    """How many leading characters of ``text`` a line breaker keeps together: an opening bracket with
    what follows, one CJK character or a whole ASCII word, the closing punctuation glued after it, and
    an ASCII word glued directly after that punctuation ("式，2021", "台、MES、WMS、" - LibreOffice keeps
    those together). If this piece would have fitted at the end of the previous line, that line did not
    wrap: it ended its paragraph."""
    i, n = 0, len(text)
    while i < n and text[i] in _NO_LINE_END:
        i += 1
    while i < n:
        if is_wide(text[i]):
            i += 1
        else:
            while i < n and not is_wide(text[i]) and not text[i].isspace():
                i += 1
        k = i
        while i < n and text[i] in _NO_LINE_START:
            i += 1
        if i == k or i >= n or is_wide(text[i]) or text[i].isspace():
            break
    return max(i, 1) if n else 0


def first_unit_width(text: str, size: float) -> float:
    """Estimated width of the first unbreakable piece (see ``unit_length``) when glyph widths are
    unknown: one em for CJK, a little over half an em for ASCII."""
    return sum(size if is_wide(ch) else 0.6 * size for ch in text[: unit_length(text)])


@dataclass
class Line:
    """One visual line of text on one page."""

    page: int  # 1-based
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # dominant font size
    bold: bool  # most glyphs in a bold/黑体 face
    text: str
    lead: float | None = None  # measured width of the first unbreakable piece (see unit_length)

    def lead_width(self) -> float:
        return self.lead if self.lead is not None else first_unit_width(self.text, self.size)

    @property
    def height(self) -> float:
        return self.bottom - self.top


def dedupe(chars: Sequence[Char], tolerance: float = 1.0) -> list[Char]:
    """Drop glyphs drawn twice at (almost) the same place: WPS and some printers fake bold that way.

    Works on chars already sorted by x within one line, so one linear pass suffices."""
    out: list[Char] = []
    for c in chars:
        # Compare with the last few kept glyphs: the copy may come right after or after a space.
        dup = False
        for prev in out[-3:]:
            if (
                prev["text"] == c["text"]
                and abs(prev["x0"] - c["x0"]) <= tolerance
                and abs(prev["top"] - c["top"]) <= tolerance
            ):
                dup = True
                break
        if not dup:
            out.append(c)
    return out


def _line_text(chars: Sequence[Char]) -> str:
    """Glue a line's glyphs. A space survives only between two narrow (non-CJK) characters, whether the PDF
    drew a space glyph or just left a gap; spaces next to CJK characters are layout artefacts."""
    parts: list[str] = []
    prev: Char | None = None
    pending_space = False
    for c in chars:
        t = c["text"]
        if not t.strip():
            pending_space = prev is not None
            continue
        if prev is not None:
            gap = c["x0"] - prev["x1"]
            spaced = pending_space or gap > 0.25 * min(prev["size"], c["size"])
            if spaced and not is_wide(prev["text"][-1]) and not is_wide(t[0]):
                parts.append(" ")
        parts.append(t)
        prev = c
        pending_space = False
    return "".join(parts)


_TOP_X0, _X0, _SIZE = itemgetter("top", "x0"), itemgetter("x0"), itemgetter("size")


@lru_cache(maxsize=256)
def _bold_font(name: str) -> bool:
    return bool(_BOLD_FONT.search(name))


def _dominant_size(visible: Sequence[Char]) -> float:
    raw: Counter[float] = Counter(map(_SIZE, visible))  # few distinct sizes: round each once
    counts: Counter[float] = Counter()
    for size, n in raw.items():
        counts[round(float(size), 1)] += n
    best = max(counts.values())
    return min(size for size, n in counts.items() if n == best)  # ties: the smaller size, deterministic


def build_lines(chars: Iterable[Char], page: int) -> list[Line]:
    """Group upright glyphs into lines (top to bottom, each left to right), removing doubled glyphs.

    Glyphs belong to the same line when they overlap it vertically by at least half the smaller height;
    mixed fonts (a CJK face and a Latin face) have different tops on one baseline, and super/subscripts
    sit higher or lower, so equality would not do."""
    upright = sorted((c for c in chars if c.get("upright", True)), key=_TOP_X0)
    groups: list[list[Char]] = []
    top = bottom = 0.0
    for c in upright:
        # (comparisons written out: this loop runs once per glyph and min()/max() calls dominate it)
        c_top, c_bottom = c["top"], c["bottom"]
        h = c_bottom - c_top
        if h < 0.1:  # noqa: PLR1730 - min()/max() calls cost more than the comparisons here
            h = 0.1
        # overlap with the line so far, relative to the smaller of the two: a superscript (m³, 10⁴) or
        # subscript overlaps its line by most of its own height, the next line not at all
        low = bottom if bottom < c_bottom else c_bottom  # noqa: FURB136
        high = top if top > c_top else c_top  # noqa: FURB136
        overlap = low - high
        line_h = bottom - top
        if groups and overlap >= 0.5 * (h if h < line_h else line_h):  # noqa: FURB136
            groups[-1].append(c)
            if c_bottom > bottom:  # noqa: PLR1730
                bottom = c_bottom
        else:
            groups.append([c])
            top, bottom = c_top, c_bottom
    lines: list[Line] = []
    for g in groups:
        g.sort(key=_X0)
        g = dedupe(g)
        visible = [c for c in g if c["text"].strip()]
        if not visible:
            continue
        text = fix_lookalikes(_line_text(g))
        raw = "".join(c["text"][:1] for c in visible[:40])  # the first unbreakable piece is short
        k = unit_length(raw)
        fonts = Counter(c.get("fontname", "") for c in visible)
        lines.append(
            Line(
                page=page,
                x0=visible[0]["x0"],
                x1=max(c["x1"] for c in visible),
                top=min(c["top"] for c in visible),
                bottom=max(c["bottom"] for c in visible),
                size=_dominant_size(visible),
                bold=sum(n for f, n in fonts.items() if _bold_font(f)) >= 0.8 * len(visible),
                text=text,
                lead=visible[k - 1]["x1"] - visible[0]["x0"] if k else 0.0,
            )
        )
    return lines
