"""Automatic numbering of Word 97-2003 binary files: list definitions (PlfLst + LVLs) and list overrides
(PlfLfo), rendered into the visible labels ("场景一：", "（三）") that Word draws but does not store.

Like the .docx path, counters are kept per list definition (LSTF, identified by lsid); an override that
sets a start value (LFOLVL fStartAt) restarts that level the first time the override is used.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from ..numfmt import format_number
from .binary import Fib

_FC_PLFLST = 73
_FC_PLFLFO = 74

# nfc (MS-DOC number format code) -> ST_NumberFormat name understood by numfmt.format_number
_NFC = {
    0: "decimal",
    1: "upperRoman",
    2: "lowerRoman",
    3: "upperLetter",
    4: "lowerLetter",
    5: "ordinal",
    6: "cardinalText",
    7: "ordinalText",
    10: "ideographDigital",
    11: "japaneseCounting",
    14: "decimalFullWidth",
    15: "decimalHalfWidth",
    16: "japaneseLegal",
    18: "decimalEnclosedCircle",
    19: "decimalFullWidth2",
    22: "decimalZero",
    23: "bullet",
    26: "decimalEnclosedFullstop",
    27: "decimalEnclosedParen",
    28: "decimalEnclosedCircleChinese",
    29: "ideographEnclosedCircle",
    30: "ideographTraditional",
    31: "ideographZodiac",
    33: "taiwaneseCounting",
    35: "taiwaneseCountingThousand",
    36: "taiwaneseDigital",
    37: "chineseCounting",
    38: "chineseLegalSimplified",
    39: "chineseCountingThousand",
    255: "none",
}


@dataclass
class _Lvl:
    start: int
    fmt: str
    text: str  # with placeholders chr(0)..chr(8) for the counters of levels 0..8
    legal: bool
    no_restart: bool


@dataclass
class _Override:
    lsid: int
    starts: dict[int, int] = field(default_factory=dict)


class _Reader:
    def __init__(self, buf: bytes, pos: int) -> None:
        self.buf, self.pos = buf, pos

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.buf):
            raise ValueError("out of range")
        out = self.buf[self.pos : self.pos + n]
        self.pos += n
        return out

    def u(self, fmt: str) -> int:
        size = struct.calcsize(fmt)
        return int(struct.unpack("<" + fmt, self.take(size))[0])


def _read_lvl(r: _Reader) -> _Lvl:
    start = r.u("i")
    nfc = r.u("B")
    flags = r.u("B")
    r.take(9 + 1 + 4 + 4)  # rgbxchNums, ixchFollow, dxaIndentSav, unused
    cb_chpx, cb_papx = r.u("B"), r.u("B")
    r.take(2)  # ilvlRestartLim, grfhic
    r.take(cb_papx + cb_chpx)
    cch = r.u("H")
    text = r.take(2 * cch).decode("utf-16-le", errors="replace")
    return _Lvl(start, _NFC.get(nfc, "decimal"), text, bool(flags & 0x04), bool(flags & 0x08))


class DocLists:
    """List definitions of one .doc plus running counters; empty (no labels) when absent or unreadable."""

    def __init__(self, fib: Fib, table: bytes) -> None:
        self._lists: dict[int, list[_Lvl]] = {}
        self._lfos: list[_Override] = []
        self._counters: dict[int, dict[int, int]] = {}
        self._seen: set[int] = set()
        try:
            self._read_lists(fib, table)
            self._read_overrides(fib, table)
        except (ValueError, struct.error):
            pass  # a damaged list table only costs us the labels

    def _read_lists(self, fib: Fib, table: bytes) -> None:
        fc, lcb = fib.pair(_FC_PLFLST)
        if lcb < 2:
            return
        r = _Reader(table, fc)
        count = r.u("h")
        heads: list[tuple[int, bool]] = []
        for _ in range(max(0, count)):
            lsid = r.u("i")
            r.take(4 + 18)  # tplc, rgistdPara
            flags = r.u("B")
            r.take(1)
            heads.append((lsid, bool(flags & 0x01)))
        # the LVL records follow the PlfLst directly (they are not counted in lcbPlfLst)
        for lsid, simple in heads:
            self._lists[lsid] = [_read_lvl(r) for _ in range(1 if simple else 9)]

    def _read_overrides(self, fib: Fib, table: bytes) -> None:
        fc, lcb = fib.pair(_FC_PLFLFO)
        if lcb < 4:
            return
        r = _Reader(table, fc)
        count = r.u("i")
        heads: list[tuple[int, int]] = []
        for _ in range(max(0, count)):
            lsid = r.u("i")
            r.take(8)
            clfolvl = r.u("B")
            r.take(3)
            heads.append((lsid, clfolvl))
        for lsid, clfolvl in heads:
            ov = _Override(lsid)
            r.take(4)  # LFOData.cp
            for _ in range(clfolvl):
                start = r.u("i")
                flags = r.u("I")
                ilvl, start_at, formatting = flags & 0x0F, bool(flags & 0x10), bool(flags & 0x20)
                if formatting:
                    lvl = _read_lvl(r)
                    start = lvl.start if not start_at else start
                    start_at = True
                if start_at:
                    ov.starts[ilvl] = start
            self._lfos.append(ov)

    def next_label(self, ilfo: int | None, ilvl: int | None) -> str:
        """Advance the counters for a paragraph in list ``ilfo`` (1-based) at ``ilvl``; return its label."""
        if not ilfo or ilfo < 1 or ilfo > len(self._lfos):
            return ""
        ov = self._lfos[ilfo - 1]
        levels = self._lists.get(ov.lsid)
        lv_i = ilvl or 0
        if not levels or lv_i >= len(levels):
            return ""
        counters = self._counters.setdefault(ov.lsid, {})
        if ilfo not in self._seen:
            self._seen.add(ilfo)
            for lv, start in ov.starts.items():
                counters[lv] = start - 1
        level = levels[lv_i]
        counters[lv_i] = counters.get(lv_i, level.start - 1) + 1
        for deeper in [k for k in counters if k > lv_i]:
            if deeper < len(levels) and not levels[deeper].no_restart:
                del counters[deeper]
        if level.fmt == "bullet":
            return ""
        out = []
        for ch in level.text:
            code = ord(ch)
            if code < 9:
                ref = levels[code] if code < len(levels) else level
                fmt = "decimal" if (level.legal and code != lv_i) else ref.fmt
                out.append(format_number(counters.get(code, ref.start), fmt))
            else:
                out.append(ch)
        return "".join(out)
