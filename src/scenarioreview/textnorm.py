"""Text normalisation with an offset map back to the original text.

Two views of a text are offered, both pure functions:

* ``fold(text)`` is *length-preserving*: full-width letters/digits/punctuation become half-width, ASCII is
  lower-cased, traditional characters become simplified (character by character) and star variants become
  "★". Offsets do not move, so any regex match on the folded text is also a span of the original.
* ``fold_for_matching(text)`` folds and then removes whitespace, zero-width characters and the stray symbols
  (·, *, _, -, …) that PDF extraction and hand formatting insert *inside* words. The result keeps a compact
  offset map so that every span found in the normalised text maps back to the original text.

Term matching (lexicons) runs on the normalised view; identifier validation (numbers with explicit
separators) runs on the folded view, where boundaries between separate numbers are still visible.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# Characters that carry no meaning inside a term. Whitespace (incl. line breaks) is the common PDF artefact;
# the symbols are what people put between characters to dodge naive filters or what layouts leave behind.
WHITESPACE = (
    " \t\n\r\f\v\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f"
)
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
STRAY_SYMBOLS = "·•・‧∙*_-‐‑‒–"
DEFAULT_REMOVABLE = WHITESPACE + ZERO_WIDTH + STRAY_SYMBOLS

# Outline and filled star shapes that people type instead of the official "★".
_STARS = "☆✭✮✯✩✪✫✬✰⭐⭑⋆🟊"


@cache
def _trad_to_simp() -> dict[int, str]:
    """Single-character traditional -> simplified pairs from OpenCC's table (first candidate only).

    Only one-to-one character pairs are used so that folding never changes the text length.
    """
    import opencc

    path = Path(opencc.__file__).resolve().parent / "dictionary" / "TSCharacters.txt"
    table: dict[int, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:  # a broken install degrades to no traditional folding rather than failing the run
        return table
    for line in lines:
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        src, targets = parts[0], parts[1].split(" ")
        if len(src) == 1 and targets and len(targets[0]) == 1 and targets[0] != src:
            table[ord(src)] = targets[0]
    return table


@cache
def fold_table() -> dict[int, str]:
    """The ``str.translate`` table used by :func:`fold` (every value is exactly one character)."""
    table: dict[int, str] = dict(_trad_to_simp())
    for cp in range(0xFF01, 0xFF5F):  # full-width ASCII block
        table[cp] = chr(cp - 0xFEE0).lower()
    table[0x3000] = " "  # ideographic space
    for cp in range(ord("A"), ord("Z") + 1):
        table[cp] = chr(cp).lower()
    for ch in _STARS:
        if len(ch) == 1:
            table[ord(ch)] = "★"
    table[ord("＄")] = "$"
    table[ord("￥")] = "¥"
    table[ord("﹢")] = "+"
    return table


def fold(text: str) -> str:
    """Length-preserving fold: half-width, lower-case ASCII, simplified characters, one star shape."""
    return text.translate(fold_table())


@cache
def _removable_re(removable: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(removable) + "]+")


@dataclass(frozen=True)
class Normalized:
    """A normalised text and the map back to the original.

    ``seg_norm[k]`` is where the k-th kept segment starts in ``text`` and ``seg_orig[k]`` where the same
    segment starts in ``original``; within a segment the offsets advance together.
    """

    original: str
    text: str
    seg_norm: tuple[int, ...] = (0,)
    seg_orig: tuple[int, ...] = (0,)
    folded: str = ""  # fold(original): same length as the original, kept so callers need not fold twice

    def to_original(self, i: int) -> int:
        """Original offset of the normalised character at ``i`` (``len(text)`` maps to ``len(original)``)."""
        if i >= len(self.text):
            return len(self.original)
        k = bisect_right(self.seg_norm, i) - 1
        return self.seg_orig[k] + (i - self.seg_norm[k])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original half-open span covering normalised ``[start, end)``; removed characters at the edges are
        left out, those inside the span are kept (they are part of the original passage)."""
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1


def fold_for_matching(text: str, removable: str = DEFAULT_REMOVABLE) -> Normalized:
    """Fold ``text`` and drop removable characters, keeping an offset map (see :class:`Normalized`)."""
    folded = fold(text)
    pattern = _removable_re(removable)
    if pattern.search(folded) is None:  # fast path: nothing to remove, identity map
        return Normalized(text, folded, folded=folded)
    pieces: list[str] = []
    seg_norm: list[int] = []
    seg_orig: list[int] = []
    pos = 0
    n = 0
    for m in pattern.finditer(folded):
        if m.start() > pos:
            seg_norm.append(n)
            seg_orig.append(pos)
            pieces.append(folded[pos : m.start()])
            n += m.start() - pos
        pos = m.end()
    if pos < len(folded):
        seg_norm.append(n)
        seg_orig.append(pos)
        pieces.append(folded[pos:])
    if not seg_norm:  # the text was nothing but removable characters
        return Normalized(text, "", (0,), (len(text),), folded)
    return Normalized(text, "".join(pieces), tuple(seg_norm), tuple(seg_orig), folded)


def normalize_term(term: str, removable: str = DEFAULT_REMOVABLE) -> str:
    """The normalised form of a lexicon term, so terms and texts meet in the same space."""
    return fold_for_matching(term, removable).text
