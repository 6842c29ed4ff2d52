"""Validated identifiers in free text: ID numbers, credit codes, phones, e-mails, bank cards, IP addresses.

Everything here works on *folded* text (see ``textnorm.fold``): same length as the original, half-width
digits, lower-case letters, so the offsets found are offsets of the original. Each candidate is validated
(check digits, dates, prefixes) so that amounts, dates, patent and standard numbers are left alone.
"""

from __future__ import annotations

import ipaddress
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

# Kinds returned by find_identifiers; "personal" ones are masked in exported reports.
PERSONAL_KINDS = frozenset({"personal_id", "phone", "email", "bank_card"})

# Province-level prefixes of GB/T 2260 region codes (first two digits of an ID number).
_PROVINCES = frozenset(
    {
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
        "91",
    }
)


def _valid_date(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def id_card_valid(value: str) -> bool:
    """居民身份证号: 18 characters with the MOD 11-2 check digit (computed by python-stdnum) and a valid birth
    date, or the old 15-digit form (valid region + date). We check the province prefix ourselves rather than
    stdnum's full region table, which rejects numbers issued under since-renamed county codes."""
    from stdnum.cn import ric

    s = value.upper()
    if len(s) == 18:
        if not s[:17].isdigit() or s[:2] not in _PROVINCES:
            return False
        y, m, d = int(s[6:10]), int(s[10:12]), int(s[12:14])
        return 1900 <= y <= 2030 and _valid_date(y, m, d) and ric.calc_check_digit(s) == s[17]
    if len(s) == 15:
        if not s.isdigit() or s[:2] not in _PROVINCES:
            return False
        return _valid_date(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]))
    return False


_CC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015: no I, O, Z, S, V


def credit_code_valid(value: str) -> bool:
    """统一社会信用代码 (GB 32100-2015): 18 characters of the 31-symbol alphabet with the mod-31 check
    character computed by python-stdnum. Letters are allowed in every position, the first ones included
    (e.g. Y for 其他 registration bodies), which stdnum's own validate() refuses."""
    from stdnum.cn import uscc

    s = value.upper()
    return len(s) == 18 and all(c in _CC_ALPHABET for c in s) and uscc.calc_check_digit(s) == s[17]


def luhn_valid(digits: str) -> bool:
    """Bank card check digit (Luhn), by python-stdnum."""
    from stdnum import luhn

    return digits.isdigit() and bool(luhn.is_valid(digits))


@dataclass(frozen=True)
class IdHit:
    kind: str  # personal_id | credit_code | phone | email | bank_card | network
    start: int
    end: int
    label: str  # what it is, in Chinese (for messages)


# No letter/digit directly before or after: keeps numbers inside "ZL202110123456.7", "CN1131…A", "XK-5032".
# The look-behind sits after the first character so that the regex engine can skip ahead with its
# first-character scan instead of trying the look-behind at every position (about twice as fast).
_E = r"(?![0-9a-z])"
_ID18 = re.compile(r"\d(?<![0-9a-z]\d)\d{5} ?\d{8} ?\d{3}[0-9x]" + _E)
_ID15 = re.compile(r"\d(?<![0-9a-z]\d)\d{14}" + _E)
_CC = "[0-9a-hj-npqrtuwxy]"
_CREDIT = re.compile(_CC + r"(?<![0-9a-z]" + _CC + r")" + _CC + "{17}" + _E)
# Separators between the 3-4-4 groups include a line break: PDF extraction wraps long numbers there.
_MOBILE = re.compile(r"1[3-9]\d(?:[ -]|\r?\n)?\d{4}(?:[ -]|\r?\n)?\d{4}(?![0-9a-z]|\.\d)")
_COUNTRY = re.compile(r"(?:\+|00)?86[ -]?$")
_LANDLINE = re.compile(
    r"(?:\((?<![0-9a-z.]\()0\d{2,3}\) ?|0(?<![0-9a-z.]0)\d{2,3}[ -])"
    r"[2-9]\d{2,3}[ -]?\d{4}(?:-\d{1,5})?(?![0-9a-z]|\.\d)"
)
# URLs whose host is an address, carries a port or ends in a private suffix point into an internal network.
_URL = re.compile(r"(?:https?|ftp|opc\.tcp|mqtt|tcp|jdbc:\w+)://([a-z0-9.-]+)(:\d{2,5})?[^\s,;)\]\"'<>。、]*")
# Published vulnerability ids next to the plant's own systems tell an attacker where to start.
_VULN = re.compile(r"c(?<![0-9a-z]c)(?:ve-\d{4}-\d{4,7}|nvd-\d{4}-\d{4,6}|nnvd-\d{6}-\d{3,5})(?![0-9a-z])")
_INTERNAL_SUFFIX = (".local", ".lan", ".corp", ".internal", ".intra", ".intranet", ".home", ".localdomain")
_EMAIL = re.compile(r"[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,10}(?![a-z0-9])")
_CARD = re.compile(r"\d(?<![0-9a-z]\d)(?:\d{3}(?: \d{4}){3}(?: \d{1,3})?|\d{15,18})" + _E)
_CARD_CUE = re.compile(r"(卡号|银行卡|借记卡|信用卡|储蓄卡|账号|帐号|账户|帐户|开户)")
_IPV4 = re.compile(r"(\d(?<![0-9a-z.]\d)\d{0,2})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:/\d{1,2})?(?![0-9]|\.\d)")
# IPv6 candidates start at a colon (a literal the regex engine can jump to); validated with ipaddress.
_IPV6_SEED = re.compile(r":[0-9a-f]{0,4}:")
_HEXCOLON = frozenset("0123456789abcdef:")
_VERSION_CUE = re.compile(r"(版本|version|ver|v)[:：]?\s*$")
_ANY_DIGIT = re.compile(r"\d")
_LONG_RUN = re.compile(r"\d[\d x]{13,30}")
_AREA_CODE = re.compile(r"\(?(0\d{2,3})")
_UNIT_AFTER = re.compile(r"\s*(元|万|亿|件|台|套|吨|个|次|%|kg|t\b)")


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit() or c == "x")


def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


class _Taken:
    """Non-overlapping character ranges already claimed by a hit; O(log n) overlap test."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def claim(self, s: int, e: int) -> bool:
        """Claim [s, e) unless it overlaps a claimed range; return whether it was claimed."""
        i = bisect_left(self.starts, e)  # ranges at i.. start at or after e: no overlap
        if i > 0 and self.ends[i - 1] > s:
            return False
        self.starts.insert(i, s)
        self.ends.insert(i, e)
        return True


@dataclass(frozen=True)
class _Scan:
    """One text being scanned, with what every finder would otherwise work out again."""

    text: str
    has_digits: bool
    # ID and card numbers are long digit runs: one scan finds the few candidate regions, and the precise
    # patterns then run only there (each region is widened by one character so look-arounds still see the
    # real neighbours).
    regions: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, folded: str) -> _Scan:
        has_digits = _ANY_DIGIT.search(folded) is not None
        regions = (
            tuple((m.start(), min(len(folded), m.end() + 1)) for m in _LONG_RUN.finditer(folded))
            if has_digits
            else ()
        )
        return cls(folded, has_digits, regions)


def find_identifiers(folded: str) -> list[IdHit]:
    """All validated identifiers in ``folded`` text, sorted by position; one hit per character range.

    The finders run in order of precedence: where two candidates overlap, the earlier finder's hit stands
    (an ID number is not also read as a bank card, a credit code not as a phone number).
    """
    scan = _Scan.of(folded)
    finders: list[Callable[[_Scan], Iterator[IdHit]]] = [_personal_ids, _credit_codes, _internal_urls]
    if scan.has_digits or "@" in folded:
        finders += [_mobiles, _landlines, _bank_cards, _emails, _vulnerability_ids, _ipv4s, _ipv6s]
    taken = _Taken()
    hits = [hit for finder in finders for hit in finder(scan) if taken.claim(hit.start, hit.end)]
    hits.sort(key=lambda h: (h.start, h.end))
    return hits


def _personal_ids(scan: _Scan) -> Iterator[IdHit]:
    for lo, hi in scan.regions:
        for m in _ID18.finditer(scan.text, lo, hi):
            if id_card_valid(_digits(m.group())):
                yield IdHit("personal_id", m.start(), m.end(), "居民身份证号")
        for m in _ID15.finditer(scan.text, lo, hi):
            if id_card_valid(m.group()):
                yield IdHit("personal_id", m.start(), m.end(), "居民身份证号（15位旧号）")


def _credit_codes(scan: _Scan) -> Iterator[IdHit]:
    for m in _CREDIT.finditer(scan.text):
        if credit_code_valid(m.group()):
            yield IdHit("credit_code", m.start(), m.end(), "统一社会信用代码")


def _internal_urls(scan: _Scan) -> Iterator[IdHit]:
    if "://" not in scan.text:
        return
    for m in _URL.finditer(scan.text):
        host, port = m.group(1), m.group(2)
        if port or host.endswith(_INTERNAL_SUFFIX) or "." not in host or _IPV4.fullmatch(host):
            yield IdHit("network", m.start(), m.end(), "内部网络地址（URL）")


def _mobiles(scan: _Scan) -> Iterator[IdHit]:
    for m in _MOBILE.finditer(scan.text):
        start = _mobile_start(scan.text, m.start())
        if start is not None and not _UNIT_AFTER.match(scan.text, m.end()):
            yield IdHit("phone", start, m.end(), "手机号码")


def _mobile_start(folded: str, start: int) -> int | None:
    """Where a mobile number found at ``start`` begins, its +86 / 0086 / 86- prefix included; None when the
    number is glued to a preceding word or number (then it is part of something else)."""
    c = _COUNTRY.search(folded, max(0, start - 5), start)
    prefix_free = c is not None and (c.start() == 0 or not _ascii_alnum(folded[c.start() - 1]))
    if c is not None and prefix_free:
        return c.start()
    prev = folded[start - 1] if start else ""
    return None if prev and (_ascii_alnum(prev) or prev == ".") else start


def _landlines(scan: _Scan) -> Iterator[IdHit]:
    for m in _LANDLINE.finditer(scan.text):
        area = _AREA_CODE.match(m.group())
        # Two-digit area codes are 010 and 02x; any other prefix needs three digits after the 0.
        if area is None or len(area.group(1)) != (3 if area.group(1)[1] in "12" else 4):
            continue
        if not _UNIT_AFTER.match(scan.text, m.end()):
            yield IdHit("phone", m.start(), m.end(), "固定电话号码")


def _bank_cards(scan: _Scan) -> Iterator[IdHit]:
    for m in (c for lo, hi in scan.regions for c in _CARD.finditer(scan.text, lo, hi)):
        digits = _digits(m.group())
        if not luhn_valid(digits):
            continue
        before = scan.text[max(0, m.start() - 20) : m.start()]
        # UnionPay numbers start with 62; other 16-19 digit strings need a card/account word nearby.
        if digits.startswith("62") or _CARD_CUE.search(before):
            yield IdHit("bank_card", m.start(), m.end(), "银行卡号")


def _emails(scan: _Scan) -> Iterator[IdHit]:
    if "@" in scan.text:
        for m in _EMAIL.finditer(scan.text):
            yield IdHit("email", m.start(), m.end(), "电子邮箱地址")


def _vulnerability_ids(scan: _Scan) -> Iterator[IdHit]:
    if "cve" in scan.text or "cnvd" in scan.text or "cnnvd" in scan.text:
        for m in _VULN.finditer(scan.text):
            yield IdHit("network", m.start(), m.end(), "已知漏洞编号")


def _ipv4s(scan: _Scan) -> Iterator[IdHit]:
    for m in _IPV4.finditer(scan.text):
        octets = [int(g) for g in m.groups()]
        if any(o > 255 for o in octets) or octets[0] == 0:
            continue
        # Section numbers (3.2.1.4) and versions (V2.1.0.3) look like addresses; real ones rarely have
        # every octet below 10 and are not introduced by a version word.
        if max(octets) < 10 and "/" not in m.group():
            continue
        if not _VERSION_CUE.search(scan.text[max(0, m.start() - 10) : m.start()]):
            yield IdHit("network", m.start(), m.end(), "IP 地址")


def _ipv6s(scan: _Scan) -> Iterator[IdHit]:
    folded, pos = scan.text, 0
    if ":" not in folded:
        return
    for m in _IPV6_SEED.finditer(folded):
        if m.start() < pos:
            continue
        lo, hi = m.start(), m.end()
        while lo > 0 and folded[lo - 1] in _HEXCOLON:
            lo -= 1
        while hi < len(folded) and folded[hi] in _HEXCOLON:
            hi += 1
        pos = hi
        token = _ipv6_token(folded, lo, hi)
        if token is not None:
            start = lo + folded[lo:hi].index(token)
            yield IdHit("network", start, start + len(token), "IPv6 地址")


def _ipv6_token(folded: str, lo: int, hi: int) -> str | None:
    """The IPv6 address in the hex-and-colon run ``folded[lo:hi]``, or None when it is not one."""
    run = folded[lo:hi]
    token = run if run.startswith("::") else run.strip(":")
    if lo > 0 and _ascii_alnum(folded[lo - 1]):
        return None
    if token.count(":") < 2 or not (any(c in "abcdef" for c in token) or "::" in token):
        return None
    try:
        ipaddress.IPv6Address(token)
    except ValueError:
        return None
    return token


def find_split_ids(norm_text: str) -> list[tuple[int, int]]:
    """18-char ID numbers in a *normalised* text (spaces, line breaks and hyphens removed), as normalised
    spans: catches numbers that PDF extraction broke across lines. Check digit, date and region make a
    chance hit from glued-together numbers very unlikely."""
    return [(m.start(), m.end()) for m in _ID18_COMPACT.finditer(norm_text) if id_card_valid(m.group())]


_ID18_COMPACT = re.compile(r"\d(?<![0-9a-z]\d)\d{16}[0-9x]" + _E)


def mask_value(kind: str, value: str) -> str:
    """Masked form of one identifier: 110101********1234, 138****5678, 6222********1234, z***@example.com."""
    if kind == "email":
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    digits = "".join(c for c in value if c.isdigit() or c in "xX")
    if kind == "personal_id":
        return digits[:6] + "*" * (len(digits) - 10) + digits[-4:]
    if kind == "bank_card":
        return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]
    if kind == "phone":
        if digits.startswith("0"):  # landline: keep the area code and the last four digits
            area = 3 if digits[1] in "12" else 4
            return digits[:area] + "-" + "*" * (len(digits) - area - 4) + digits[-4:]
        if len(digits) > 11:  # +86 / 0086 prefix
            digits = digits[-11:]
        return digits[:3] + "****" + digits[-4:]
    return value
