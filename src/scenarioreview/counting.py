"""Office-compatible 字数 (word count) and character counts.

Rule (see README, 字数规则): every East-Asian character counts 1; every maximal run of other non-space
characters counts 1 word; whitespace never counts. Two policies differ only on symbols that Chinese text
typesets full-width but Unicode files elsewhere:

* ``fullwidth`` (default): … — ― and circled/Roman numerals (①, Ⅰ) count 1 each, like curly quotes.
  So ``省略号……破折号——`` = 10 and ``①②③`` = 3.
* ``libreoffice``: what LibreOffice Writer reports: ``……`` is one word, a dash run is a separator (0),
  circled numbers count 1 each. So ``省略号……破折号——`` = 7.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Literal

from .model import Counts, LimitCrossing, Paragraph

Policy = Literal["fullwidth", "libreoffice"]
POLICIES: tuple[Policy, ...] = ("fullwidth", "libreoffice")

DEFAULT_LIMIT = 3000

# Code point ranges counted as East-Asian characters under both policies.
_EAST_ASIAN_RANGES: tuple[tuple[int, int], ...] = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK radicals, Kangxi radicals
    (0x2FF0, 0x2FFF),  # ideographic description
    (0x3001, 0x303F),  # CJK symbols and punctuation (not U+3000, the ideographic space)
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x31FF),  # Bopomofo, Hangul compatibility jamo, Kanbun, CJK strokes, Katakana ext.
    (0x3200, 0x33FF),  # enclosed CJK letters, CJK compatibility
    (0x3400, 0x4DBF),  # CJK ext. A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA960, 0xA97F),  # Hangul Jamo ext. A
    (0xAC00, 0xD7FF),  # Hangul syllables, Jamo ext. B
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFE50, 0xFE6F),  # small form variants
    (0xFF01, 0xFF60),  # full-width forms
    (0xFFE0, 0xFFE6),  # full-width signs
    (0x1B000, 0x1B16F),  # kana supplement / ext.
    (0x20000, 0x3FFFF),  # CJK ext. B…H, compatibility supplement
)
# General-punctuation quotes that Chinese text typesets full-width (agreed case: “十四五”期间 = 7).
_CURLY_QUOTES = frozenset("‘’“”")
# Symbols typeset full-width in Chinese text but outside the ranges above.
_FULLWIDTH_SYMBOLS = (
    frozenset("…—―‖※•·")
    | frozenset(chr(c) for c in range(0x2160, 0x2190))
    | frozenset(chr(c) for c in range(0x2460, 0x2500))
)
_LO_SEPARATORS = frozenset("—―")  # LibreOffice treats dash runs as word breaks, counted 0
_LO_SINGLES = frozenset(chr(c) for c in range(0x2460, 0x2500))  # LibreOffice counts ① ② each


def is_east_asian(ch: str) -> bool:
    """True for characters counted 1 each under both policies."""
    cp = ord(ch)
    if ch in _CURLY_QUOTES:
        return True
    return any(lo <= cp <= hi for lo, hi in _EAST_ASIAN_RANGES)


def _is_space(ch: str) -> bool:
    # str.isspace covers ASCII spaces, NBSP, U+3000 and the Unicode line/paragraph separators.
    return ch.isspace() or ch in "\u200b\ufeff"


def _classify(ch: str, policy: Policy) -> str:
    """'s' space, 'c' counted single (East-Asian), 'x' separator counted 0, 'w' part of a word run."""
    if _is_space(ch):
        return "s"
    if is_east_asian(ch):
        return "c"
    if policy == "fullwidth":
        if ch in _FULLWIDTH_SYMBOLS:
            return "c"
    else:
        if ch in _LO_SEPARATORS:
            return "x"
        if ch in _LO_SINGLES:
            return "c"
    return "w"


def iter_units(text: str, policy: Policy = "fullwidth") -> Iterator[tuple[int, int, bool]]:
    """Yield (start, end, is_cjk) for every counted unit (字) of ``text``, in order."""
    i, n = 0, len(text)
    while i < n:
        kind = _classify(text[i], policy)
        if kind == "c":
            yield i, i + 1, True
            i += 1
        elif kind == "w":
            j = i + 1
            while j < n and _classify(text[j], policy) == "w":
                j += 1
            yield i, j, False
            i = j
        else:
            i += 1


def count(text: str, policy: Policy = "fullwidth") -> Counts:
    """Office-compatible counts of ``text``."""
    if policy not in POLICIES:
        raise ValueError(f"unknown counting policy {policy!r}")
    cjk = words = 0
    for _s, _e, is_cjk in iter_units(text, policy):
        if is_cjk:
            cjk += 1
        else:
            words += 1
    no_spaces = sum(1 for ch in text if not _is_space(ch))
    with_spaces = sum(1 for ch in text if ch not in "\r\n\v\f\u2028\u2029")
    return Counts(
        words=cjk + words,
        chars_no_spaces=no_spaces,
        chars_with_spaces=with_spaces,
        cjk_chars=cjk,
        non_cjk_words=words,
    )


def locate_limit(
    paragraphs: Sequence[Paragraph], limit: int = DEFAULT_LIMIT, policy: Policy = "fullwidth"
) -> LimitCrossing | None:
    """Where the text goes over: the first 字 after the ``limit``-th, in paragraphs joined by "\\n"; None when
    the text fits. ``offset`` is that 字's start, so text[:offset] holds exactly ``limit`` 字.

    Paragraph breaks are whitespace, so no unit spans two paragraphs and counting per paragraph is exact.
    """
    seen = 0
    offset = 0  # start of the current paragraph in the joined text
    for number, para in enumerate(paragraphs, start=1):
        for start, _end, _cjk in iter_units(para.text, policy):
            seen += 1
            if seen == limit + 1:  # the first 字 beyond the limit
                excerpt = para.text[max(0, start - 20) : start] + "‖" + para.text[start : start + 20]
                return LimitCrossing(paragraph=number, page=para.page, offset=offset + start, excerpt=excerpt)
        offset += len(para.text) + 1
    return None


def format_margin(words: int, limit: int = DEFAULT_LIMIT) -> str:
    """`3,127 / 3,000 字，超出 127 字` or `2,480 / 3,000 字，余 520 字`."""
    head = f"{words:,} / {limit:,} 字"
    if words > limit:
        return f"{head}，超出 {words - limit:,} 字"
    return f"{head}，余 {limit - words:,} 字"
