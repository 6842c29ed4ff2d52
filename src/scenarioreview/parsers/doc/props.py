"""Properties of a Word 97-2003 binary document: paragraph properties from the PAPX FKPs (table cell / row
marks, outline level, style index, list membership), invisible character runs from the CHPX FKPs (deleted
revisions, hidden text) and the style sheet (built-in heading identifiers, names, outline levels).
"""

from __future__ import annotations

import struct
from bisect import bisect_right
from dataclasses import dataclass

from ...errors import CorruptFile
from .binary import Fib, iter_sprms, u16, u32

_FC_STSHF = 1
_FC_PLCFBTECHPX = 12
_FC_PLCFBTEPAPX = 13
# sprms read from paragraph properties
SPRM_P_FINTABLE = 0x2416
SPRM_P_FTTP = 0x2417
SPRM_P_OUTLVL = 0x2640
SPRM_P_ITAP = 0x6649
SPRM_P_FINNERTABLECELL = 0x244B
SPRM_P_FINNERTTP = 0x244C
SPRM_P_ILFO = 0x460B  # list (LFO index, 1-based)
SPRM_P_ILVL = 0x260A  # list level
SPRM_C_FRMARKDEL = 0x0800  # deleted revision
SPRM_C_FVANISH = 0x083C  # hidden text


@dataclass(frozen=True)
class ParaProps:
    istd: int = 0
    in_table: bool = False
    row_end: bool = False
    itap: int = 0
    outline: int | None = None
    inner_cell: bool = False
    ilfo: int | None = None
    ilvl: int | None = None


def list_sprms(grpprl: bytes) -> tuple[int | None, int | None]:
    """(ilfo, ilvl) set by a paragraph or style grpprl."""
    ilfo = ilvl = None
    for sprm, op in iter_sprms(grpprl):
        if sprm == SPRM_P_ILFO and len(op) >= 2:
            ilfo = struct.unpack_from("<h", op)[0]
        elif sprm == SPRM_P_ILVL and op:
            ilvl = op[0]
    return ilfo, ilvl


def _props(istd: int, grpprl: bytes) -> ParaProps:
    in_table = row_end = inner_cell = False
    itap = 0
    outline: int | None = None
    ilfo, ilvl = list_sprms(grpprl)
    for sprm, op in iter_sprms(grpprl):
        if sprm == SPRM_P_FINTABLE and op:
            in_table = op[0] == 1
        elif sprm in (SPRM_P_FTTP, SPRM_P_FINNERTTP) and op:
            row_end = row_end or op[0] == 1
        elif sprm == SPRM_P_ITAP and len(op) >= 4:
            itap = struct.unpack_from("<i", op)[0]
        elif sprm == SPRM_P_OUTLVL and op:
            outline = op[0]
        elif sprm == SPRM_P_FINNERTABLECELL and op:
            inner_cell = op[0] == 1
    if itap > 0:
        in_table = True
    itap = max(itap, 1 if in_table else 0)
    return ParaProps(istd, in_table, row_end, itap, outline, inner_cell, ilfo, ilvl)


def _fkp_pages(fib: Fib, word: bytes, table: bytes, index: int) -> list[bytes]:
    fc, lcb = fib.pair(index)
    if lcb < 8 or fc + lcb > len(table):
        return []
    plc = table[fc : fc + lcb]
    n = (len(plc) - 4) // 8
    pages = []
    for i in range(n):
        pn = u32(plc, 4 * (n + 1) + 4 * i) & 0x3FFFFF
        page = word[pn * 512 : pn * 512 + 512]
        if len(page) == 512:
            pages.append(page)
    return pages


class PapxIndex:
    """Paragraph properties keyed by the byte position of a paragraph's last character."""

    def __init__(self, fib: Fib, word: bytes, table: bytes) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._props: list[ParaProps] = []
        entries: list[tuple[int, int, ParaProps]] = []
        for page in _fkp_pages(fib, word, table, _FC_PLCFBTEPAPX):
            crun = page[511]
            for j in range(crun):
                if 4 * (crun + 1) + 13 * j >= 511:  # a damaged count: stay inside the page
                    break
                start, end = u32(page, 4 * j), u32(page, 4 * (j + 1))
                bx = 4 * (crun + 1) + 13 * j
                b_off = page[bx] * 2
                props = ParaProps()
                if b_off:
                    cb = page[b_off]
                    if cb:
                        body = page[b_off + 1 : b_off + 1 + 2 * cb - 1]
                    else:
                        cb2 = page[b_off + 1] if b_off + 1 < 512 else 0
                        body = page[b_off + 2 : b_off + 2 + 2 * cb2]
                    if len(body) >= 2:
                        props = _props(struct.unpack_from("<H", body)[0], body[2:])
                entries.append((start, end, props))
        entries.sort(key=lambda e: e[0])
        self._starts = [e[0] for e in entries]
        self._ends = [e[1] for e in entries]
        self._props = [e[2] for e in entries]

    def __bool__(self) -> bool:
        return bool(self._starts)

    def at(self, fc: int) -> ParaProps:
        i = bisect_right(self._starts, fc) - 1
        if i >= 0 and fc < self._ends[i]:
            return self._props[i]
        return ParaProps()


class InvisibleRuns:
    """Byte ranges of deleted revisions and hidden text (from the CHPX FKPs): a reader does not see them."""

    def __init__(self, fib: Fib, word: bytes, table: bytes) -> None:
        ranges: list[tuple[int, int]] = []
        for page in _fkp_pages(fib, word, table, _FC_PLCFBTECHPX):
            crun = page[511]
            for j in range(crun):
                if 4 * (crun + 1) + j >= 511:
                    break
                b_off = page[4 * (crun + 1) + j] * 2
                if not b_off:
                    continue
                cb = page[b_off]
                for sprm, op in iter_sprms(page[b_off + 1 : b_off + 1 + cb]):
                    if sprm in (SPRM_C_FRMARKDEL, SPRM_C_FVANISH) and op and op[0] in (1, 0x81):
                        ranges.append((u32(page, 4 * j), u32(page, 4 * (j + 1))))
                        break
        ranges.sort()
        self._starts = [r[0] for r in ranges]
        self._ends = [r[1] for r in ranges]

    def __contains__(self, fc: int) -> bool:
        i = bisect_right(self._starts, fc) - 1
        return i >= 0 and fc < self._ends[i]


@dataclass(frozen=True)
class StyleInfo:
    name: str
    sti: int
    base: int
    outline: int | None
    ilfo: int | None = None
    ilvl: int | None = None


def read_styles(fib: Fib, table: bytes) -> dict[int, StyleInfo]:
    """istd -> style (name, built-in id, base style, outline level from its paragraph UPX)."""
    fc, lcb = fib.pair(_FC_STSHF)
    out: dict[int, StyleInfo] = {}
    if lcb < 4 or fc + lcb > len(table):
        return out
    stsh = table[fc : fc + lcb]
    try:
        cb_stshi = u16(stsh, 0)
        cstd = u16(stsh, 2)
        cb_base = u16(stsh, 4)
        pos = 2 + cb_stshi
        for istd in range(cstd):
            cb_std = u16(stsh, pos)
            std = stsh[pos + 2 : pos + 2 + cb_std]
            pos += 2 + cb_std
            if cb_std == 0 or len(std) < cb_base + 2:
                continue
            sti = u16(std, 0) & 0x0FFF
            w2 = u16(std, 2)
            stk, base = w2 & 0x000F, w2 >> 4
            cch = u16(std, cb_base)
            name = std[cb_base + 2 : cb_base + 2 + 2 * cch].decode("utf-16-le", errors="replace")
            outline = ilfo = ilvl = None
            upx = cb_base + 2 + 2 * cch + 2  # after the name and its terminating NUL
            if stk == 1:  # paragraph style: first UPX holds istd + paragraph sprms
                upx += upx % 2
                if upx + 2 <= len(std):
                    cb_upx = u16(std, upx)
                    papx = std[upx + 2 : upx + 2 + cb_upx]
                    for sprm, op in iter_sprms(papx[2:]):
                        if sprm == SPRM_P_OUTLVL and op:
                            outline = op[0]
                    ilfo, ilvl = list_sprms(papx[2:])
            out[istd] = StyleInfo(name, sti, base, outline, ilfo, ilvl)
    except CorruptFile:
        return out  # a damaged style sheet only costs us heading levels
    return out
