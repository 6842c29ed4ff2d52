"""Render a list counter the way Word draws it for a given ``w:numFmt`` (pure functions).

Chinese applications number scenarios with 一、二、… (chineseCounting), （三） or 甲乙丙, so those formats
must match Word exactly; unknown formats fall back to decimal rather than dropping the label.
"""

from __future__ import annotations

from collections.abc import Callable

_DIGITS_ZH = "〇一二三四五六七八九"  # digit-by-digit styles
_COUNT_ZH = "零一二三四五六七八九"  # counting styles write 零 for a skipped place
_LEGAL_ZH = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = [chr(0x2460 + i) for i in range(20)]  # ①..⑳
_PAREN = [chr(0x2474 + i) for i in range(20)]  # ⑴..⒇
_FULLSTOP = [chr(0x2488 + i) for i in range(20)]  # ⒈..⒛


def chinese_counting(n: int, *, legal: bool = False) -> str:
    """一 … 十 十一 … 九十九 一百 一百零一 …

    Word's chineseCountingThousand; chineseCounting agrees with it below 100.
    """
    if n <= 0:
        return _COUNT_ZH[0] if not legal else _LEGAL_ZH[0]
    digits = _LEGAL_ZH if legal else _COUNT_ZH
    units = ("", "拾", "佰", "仟") if legal else ("", "十", "百", "千")
    if n >= 10000:
        high, low = divmod(n, 10000)
        rest = chinese_counting(low, legal=legal) if low else ""
        if low and low < 1000:
            rest = digits[0] + rest
        return chinese_counting(high, legal=legal) + ("万") + rest
    out: list[str] = []
    s = str(n)
    zero_pending = False
    for pos, ch in enumerate(s):
        d = int(ch)
        unit = units[len(s) - pos - 1]
        if d == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out.append(digits[0])
            zero_pending = False
        # 10..19 are written 十, 十一 … (not 一十) when they stand alone
        if not (d == 1 and unit in ("十", "拾") and not out and not legal):
            out.append(digits[d])
        out.append(unit)
    return "".join(out)


MAX_COUNTER = 2**31 - 1  # what a list counter can be (a hostile file writes 100,000,000 or 5,000 digits)
MAX_LETTER_REPEAT = 30  # Word repeats a letter this many times at most (ZZZ…, counter 780); beyond: decimal


def _letters(n: int, upper: bool) -> str:
    # Word repeats the letter: A..Z, AA..ZZ, AAA..
    if n <= 0:
        return ""
    repeat = (n - 1) // 26 + 1
    if repeat > MAX_LETTER_REPEAT:  # a label start/26 characters long would cost minutes and gigabytes
        return str(n)
    base = chr((n - 1) % 26 + (65 if upper else 97))
    return base * repeat


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for value, sym in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _from_table(table: list[str] | str, n: int) -> str:
    return table[n - 1] if 1 <= n <= len(table) else str(n)


def _ideograph_digits(n: int) -> str:
    return "".join(_DIGITS_ZH[int(c)] for c in str(n))


def _full_width_digits(n: int) -> str:
    return "".join(chr(0xFF10 + int(c)) for c in str(n))


def _table(table: list[str] | str) -> Callable[[int], str]:
    return lambda n: _from_table(table, n)


# One renderer per family of ST_NumberFormat values; a format not listed here is drawn in decimal.
_FAMILIES: tuple[tuple[tuple[str, ...], Callable[[int], str]], ...] = (
    (("decimalZero",), lambda n: f"{n:02d}"),
    (
        (
            "chineseCounting",
            "chineseCountingThousand",
            "japaneseCounting",
            "taiwaneseCounting",
            "taiwaneseCountingThousand",
            "koreanCounting",
        ),
        chinese_counting,
    ),
    (("chineseLegalSimplified", "japaneseLegal"), lambda n: chinese_counting(n, legal=True)),
    (("ideographDigital", "taiwaneseDigital", "koreanDigital"), _ideograph_digits),
    (("ideographTraditional",), _table(_TIANGAN)),
    (("ideographZodiac",), _table(_DIZHI)),
    (("upperLetter",), lambda n: _letters(n, True)),
    (("lowerLetter",), lambda n: _letters(n, False)),
    (("upperRoman",), _roman),
    (("lowerRoman",), lambda n: _roman(n).lower()),
    (("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"), _table(_CIRCLED)),
    (("decimalEnclosedParen",), _table(_PAREN)),
    (("decimalEnclosedFullstop",), _table(_FULLSTOP)),
    (("decimalFullWidth", "decimalFullWidth2"), _full_width_digits),
    (("none", "bullet"), lambda n: ""),
)
_RENDER: dict[str, Callable[[int], str]] = {fmt: render for fmts, render in _FAMILIES for fmt in fmts}


def format_number(n: int, fmt: str) -> str:
    """The visible form of counter ``n`` in numbering format ``fmt`` (an ST_NumberFormat value).

    Counters outside 0..MAX_COUNTER come only from damaged or hostile files; they are shown in decimal
    rather than spelled out digit by digit or letter by letter. Unknown formats (and decimal, ordinal,
    cardinalText …) are drawn in decimal too.
    """
    if n < 0 or n > MAX_COUNTER:
        return str(n)
    render = _RENDER.get(fmt)
    return render(n) if render is not None else str(n)
